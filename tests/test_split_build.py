"""`make build` (one process per language, then the join) writes the site a plain `mkdocs build` writes.

Both are built from the same tiny project (tests/sites.py) on the same day; every file is compared.
The one difference, asserted: 404.html's language links. A plain build writes 404.html at the end of
its English build, whose language switcher static-i18n seeded from the last Japanese page rendered
(a static-i18n quirk); in make build's English process no Japanese page is rendered before, so the
404 page links to the two home pages, / and /en/, which is what a 404 page should link to.
"""

from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT
from .sites import PLAN_PAGE, build, make_project

pytestmark = pytest.mark.build

SCRIPT = ROOT / "tools" / "build_atomic.py"
DAY = {"DXPLANS_TODAY": "2026-04-01"}


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def changed_lines(a: bytes, b: bytes) -> list[tuple[str, str]]:
    old, new = a.decode().splitlines(), b.decode().splitlines()
    pairs = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op != "equal":
            pairs.append(("\n".join(old[i1:i2]).strip(), "\n".join(new[j1:j2]).strip()))
    return pairs


@pytest.fixture(scope="module")
def both(tmp_path_factory) -> tuple[dict[str, bytes], dict[str, bytes]]:
    import os

    tmp = tmp_path_factory.mktemp("split")
    pages = {f"{lang}/plans/sample/index.md": PLAN_PAGE[lang] + '\n{{ kpi_table("sample") }}\n' for lang in ("ja", "en")}
    pages["ja/plans/sample/glossary.md"] = '# 用語\n\n{{ glossary("sample") }}\n'
    pages["en/plans/sample/glossary.md"] = '# Glossary\n\n{{ glossary("sample") }}\n'
    project = make_project(tmp / "project", pages=pages)
    plain = build(project, tmp / "plain", env=DAY)
    assert plain.returncode == 0, plain.stderr[-3000:]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **DAY}
    split = subprocess.run([sys.executable, str(SCRIPT), "--config-file", str(project / "mkdocs.yml"),
                            "--site-dir", str(tmp / "split")], cwd=project, env=env, capture_output=True,
                           text=True, timeout=300)
    assert split.returncode == 0, split.stderr[-3000:]
    assert "DXPLANS_BUILD_LANGUAGE" not in plain.stderr
    return files(tmp / "plain"), files(tmp / "split")


def test_the_same_files(both) -> None:
    plain, split = both
    assert sorted(plain) == sorted(split)
    assert "en/plans/sample/print/index.html" in split and "plans/sample/print/index.html" in split
    assert "en/dx-search/meta.json" in split and "opendata/plans.csv" in split


def test_the_same_bytes_but_the_404_language_links(both) -> None:
    plain, split = both
    differ = sorted(name for name in plain if plain[name] != split[name])
    assert differ in ([], ["404.html"]), differ
    for old, new in changed_lines(plain["404.html"], split["404.html"]):
        assert 'hreflang="ja"' in old and 'hreflang="ja"' in new or 'hreflang="en"' in old and 'hreflang="en"' in new
        assert new.count('href="/"') + new.count('href="/en/"') == 1, new   # make build: the home pages


def test_the_stand_in_page_is_never_published(both) -> None:
    from macros.mkdocs.split import STAND_IN

    _, split = both
    marker = STAND_IN.strip("# \n")
    for name, data in split.items():
        if name.endswith(".html"):
            assert f">{marker}</h1>" not in data.decode(), name
