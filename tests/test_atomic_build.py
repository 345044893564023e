"""Atomic builds: a build broken on purpose leaves the previously built site/ untouched.

tools/build_atomic.py (what `make build` runs) builds a tiny project (tests/sites.py) into a
folder beside site/ and swaps it in only when the build succeeds.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT
from .sites import PLAN_PAGE, make_project

pytestmark = pytest.mark.build

SCRIPT = ROOT / "tools" / "build_atomic.py"
KPIS = "data/plans/sample/kpis.yml"


def run_build(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), "--config-file", str(project / "mkdocs.yml")],
                          cwd=project, capture_output=True, text=True, timeout=300)


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site-tmp"))


def edit(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_failed_builds_leave_the_previous_site_untouched(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project",
                           pages={f"{lang}/plans/sample/index.md": PLAN_PAGE[lang] + '\n{{ kpi_table("sample") }}\n'
                                  for lang in ("ja", "en")})
    site = project / "site"

    first = run_build(project)
    assert first.returncode == 0, first.stderr[-3000:]
    assert (site / "plans" / "sample" / "index.html").is_file()
    (site / "served-marker.txt").write_text("the site a server is showing right now", encoding="utf-8")
    before = snapshot(site)
    assert "16,401" in before["plans/sample/index.html"].decode("utf-8")

    # data broken on purpose: a percentage over 100
    edit(project, KPIS, "value: 18.8", "value: 188")
    broken = run_build(project)
    assert broken.returncode != 0
    assert "a percentage cannot be over 100, got 188" in broken.stderr
    assert "The build failed: " in broken.stderr and "was left as it was" in broken.stderr
    assert snapshot(site) == before
    assert leftovers(project) == []

    # a page broken on purpose: a macro that does not exist
    edit(project, KPIS, "value: 188", "value: 18.8")
    edit(project, "docs/en/plans/sample/index.md", "{{ plan_header(", "{{ plan_headr(")
    broken = run_build(project)
    assert broken.returncode != 0
    assert snapshot(site) == before
    assert leftovers(project) == []

    # fixed, and a figure changed: the new site replaces the old one as a whole
    edit(project, "docs/en/plans/sample/index.md", "{{ plan_headr(", "{{ plan_header(")
    edit(project, KPIS, "{fiscal_year: 2023, value: 16401", "{fiscal_year: 2023, value: 16402")
    fixed = run_build(project)
    assert fixed.returncode == 0, fixed.stderr[-3000:]
    after = snapshot(site)
    assert "served-marker.txt" not in after
    assert "16,402" in after["plans/sample/index.html"].decode("utf-8")
    assert leftovers(project) == []
    umask = os.umask(0)
    os.umask(umask)
    assert site.stat().st_mode & 0o777 == 0o777 & ~umask  # not mkdtemp's 0700: a web server reads it


def test_make_build_uses_the_atomic_build() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nbuild:", 1)[1].split("\n\n", 1)[0]
    assert "tools/build_atomic.py" in recipe and "mkdocs build" not in recipe
