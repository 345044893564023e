"""Builds leave nothing behind (issue 17, item 6), and every published HTML file carries the CSP.

- a failing build (plain `mkdocs build` or `make build`) leaves no process running, writes nothing
  once it has failed, and leaves no temporary folder;
- an interrupted `make build` (Ctrl-C, SIGTERM) stops both of its language processes and removes its
  folders; one killed outright has its processes stopped by the kernel, and the next run removes the
  folders it left;
- every HTML file of a built site has the Content-Security-Policy in its <head> (read with html5lib,
  not with the parser the build uses), and a theme without it stops the build.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import html5lib
import pytest

from .conftest import ROOT
from .sites import PLAN_PAGE, build, make_project

pytestmark = pytest.mark.build

SCRIPT = ROOT / "tools" / "build_atomic.py"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def processes_of(project: Path) -> list[str]:
    """Processes whose command line names the project (its mkdocs builds, build_atomic)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = (proc / "stat").read_text().split(") ", 1)[1][:1]
        except OSError:
            continue
        if str(project) in cmdline and state != "Z":
            found.append(f"{proc.name}: {cmdline}")
    return found


def tree(project: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(project).as_posix(): (p.stat().st_mtime_ns, p.stat().st_size)
            for p in project.rglob("*") if p.is_file() and "macros" not in p.relative_to(project).parts}


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site-tmp"))


def atomic(project: Path, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(SCRIPT), "--config-file", str(project / "mkdocs.yml")],
                            cwd=project, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def gone(project: Path, seconds: float = 10) -> list[str]:
    deadline = time.monotonic() + seconds
    while (left := processes_of(project)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


BROKEN_EN = {"en/plans/sample/index.md": PLAN_PAGE["en"] + '\n{{ kpi_tabel("sample") }}\n'}


@pytest.mark.parametrize("how", ["plain", "make build"])
def test_a_failing_build_leaves_no_process_and_writes_nothing_after(tmp_path: Path, how: str) -> None:
    project = make_project(tmp_path / "project", pages=BROKEN_EN)
    if how == "plain":
        result = build(project)
        out, err, code = result.stdout, result.stderr, result.returncode
    else:
        process = atomic(project)
        out, err = process.communicate(timeout=300)
        code = process.returncode
    assert code != 0
    assert "kpi_tabel" in err
    assert gone(project, 0) == []
    before = tree(project)
    time.sleep(2)
    assert tree(project) == before, "something went on writing after the build failed"
    assert leftovers(project) == []
    if how == "make build":
        assert not (project / "site").exists()


def _wait_for_the_language_processes(project: Path, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        builds = [p for p in processes_of(project) if " mkdocs build" in p]
        if len(builds) >= 2 and leftovers(project):
            return
        time.sleep(0.05)
    pytest.fail("make build did not start its two language processes")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_make_build_leaves_nothing(tmp_path: Path, sig: signal.Signals) -> None:
    project = make_project(tmp_path / "project")
    process = atomic(project)
    _wait_for_the_language_processes(project, process)
    process.send_signal(sig)
    _, err = process.communicate(timeout=60)
    assert process.returncode != 0
    assert "interrupted" in err
    assert gone(project) == []
    assert leftovers(project) == []
    assert not (project / "site").exists()


def test_a_killed_make_build_leaves_no_process_and_the_next_run_cleans_up(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    process = atomic(project)
    _wait_for_the_language_processes(project, process)
    process.kill()
    process.communicate(timeout=60)
    assert gone(project) == [], "the language processes outlived make build"
    assert leftovers(project)   # killed outright: nothing could remove them then
    again = atomic(project)
    _, err = again.communicate(timeout=300)
    assert again.returncode == 0, err[-3000:]
    assert leftovers(project) == []
    assert (project / "site" / "en" / "index.html").is_file()


def _has_csp(path: Path) -> bool:
    document = html5lib.parse(path.read_bytes(), treebuilder="etree", namespaceHTMLElements=False)
    head = document.find("head")
    return head is not None and any(
        (meta.get("http-equiv") or "").lower() == "content-security-policy" and meta.get("content")
        for meta in head.iter("meta"))


def test_every_published_html_file_carries_the_csp(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    process = atomic(project)
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err[-3000:]
    pages = sorted((project / "site").rglob("*.html"))
    assert len(pages) > 8 and any(p.name == "404.html" for p in pages)
    assert [p.relative_to(project).as_posix() for p in pages if not _has_csp(p)] == []


def test_a_theme_without_the_csp_stops_the_build(tmp_path: Path) -> None:
    """A page's template cannot be chosen by a page (front matter is checked); the theme can lose the
    policy in a change to overrides/: the build stops on the first page written without it."""
    project = make_project(tmp_path / "project")
    main = project / "overrides" / "main.html"
    text = main.read_text(encoding="utf-8")
    assert '{% include "partials/csp.html" %}' in text
    main.write_text(text.replace('{% include "partials/csp.html" %}', ""), encoding="utf-8")
    result = build(project)
    assert result.returncode != 0
    assert "index.html: the page has no Content-Security-Policy in its <head>" in result.stderr
