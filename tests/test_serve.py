"""`mkdocs serve` as staff use it (issue 16): a data edit reaches the browser by itself, a mistake is
shown in the browser while the server keeps running, and the page returns once it is fixed.

Each test starts a real `mkdocs serve --strict` (as `make serve` does) on 127.0.0.1 at a free port,
on a tiny copy of the site (tests/sites.py), and edits its files as a person would.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .sites import build, make_project

pytestmark = pytest.mark.build

PLAN = Path("data/plans/sample/plan.yml")
SUMMARY = "summary: {ja: 見本の計画です。"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, project: Path) -> None:
        self.project = project
        self.port = _free_port()
        self.log = project / "serve.log"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            stdout=self.log.open("w"), stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{self.port}/"

    def get(self, path: str) -> str:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return ""

    def wait_for(self, path: str, ok: Callable[[str], bool], what: str, timeout: float = 90) -> str:
        deadline = time.monotonic() + timeout
        text = ""
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"the server stopped:\n{self.log.read_text()[-3000:]}"
            text = self.get(path)
            if text and ok(text):
                return text
            time.sleep(0.5)
        raise AssertionError(f"{what}: not served within {timeout} s\n{self.log.read_text()[-3000:]}\n{text[-2000:]}")

    def edit(self, rel: Path | str, old: str, new: str) -> None:
        path = self.project / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = Server(make_project(tmp_path / "project"))
    try:
        running.wait_for("plans/sample/", lambda t: "見本の計画です。" in t, "the first build")
        yield running
    finally:
        running.stop()


def _article(html: str) -> str:
    return html.split("<article", 1)[1].split("</article>", 1)[0]


def test_data_edit_is_served_without_any_other_action(server: Server) -> None:
    server.edit(PLAN, SUMMARY, "summary: {ja: 今年度に改訂した見本の計画です。")
    server.wait_for("plans/sample/", lambda t: "今年度に改訂した見本の計画です。" in t, "the edited value")


def test_data_mistake_is_shown_in_the_browser_and_the_page_returns(server: Server) -> None:
    server.edit(PLAN, "published: {year: 2025, month: 6}", "published: {year: 2025, month: 13}")
    for path in ("plans/sample/", "en/plans/sample/", ""):
        shown = server.wait_for(path, lambda t: "dx-serve-problems" in t, f"the data problem on /{path}")
        article = _article(shown)
        assert "data/plans/sample/plan.yml:7" in article
        assert re.search(r"[ぁ-んァ-ン一-龥]", article) and "The data has problems" in article
        assert "見本の計画です。" not in article   # the problem, not a page built from broken data
    assert server.proc.poll() is None
    server.edit(PLAN, "month: 13}", "month: 6}")
    back = server.wait_for("plans/sample/", lambda t: "dx-serve-problems" not in t and "見本の計画です。" in t,
                           "the page after the fix")
    assert "plan.yml:7" not in back


def test_a_data_text_whose_numbers_differ_is_shown_as_dxplans_check_says_it(server: Server) -> None:
    server.edit(PLAN, SUMMARY, "summary: {ja: 令和７年度に改訂した見本の計画です。")
    shown = server.wait_for("plans/sample/", lambda t: "dx-serve-problems" in t, "the data text's problem")
    article = _article(shown)
    assert "data/plans/sample/plan.yml:" in article and "日本語の文と英語の文で数が違います" in article
    assert "the Japanese text and its English twin have different numbers" in article
    server.edit(PLAN, "summary: {ja: 令和７年度に改訂した見本の計画です。", SUMMARY)
    server.wait_for("plans/sample/", lambda t: "dx-serve-problems" not in t and "見本の計画です。" in t,
                    "the page after the fix")


def test_page_mistakes_are_shown_where_they_are(server: Server) -> None:
    page = Path("docs/ja/plans/sample/index.md")
    server.edit(page, '{{ plan_header("sample") }}', '{{ plan_heder("sample") }}')
    shown = server.wait_for("plans/sample/", lambda t: "dx-serve-problems" in t, "an unknown macro")
    assert "docs/ja/plans/sample/index.md:3" in shown and "plan_header" in shown   # line and the likely name
    server.edit(page, '{{ plan_heder("sample") }}', '{{ plan_header("sampel") }}')
    shown = server.wait_for("plans/sample/", lambda t: "sampel" in t, "a macro with a wrong id")
    assert "docs/ja/plans/sample/index.md:3" in _article(shown) and "closest: sample" in shown
    server.edit(page, '{{ plan_header("sampel") }}', '{{ plan_header("sample" }}')
    shown = server.wait_for("plans/sample/", lambda t: "dx-serve-problems" in t and "sampel" not in t,
                            "a macro left open")
    assert "docs/ja/plans/sample/index.md:3" in _article(shown)
    server.edit(page, '{{ plan_header("sample" }}', '{{ plan_header("sample") }}\n\n[next](nowhere.md)')
    shown = server.wait_for("plans/sample/", lambda t: "nowhere.md" in t and "見本の計画です。" in t,
                            "a broken link (a warning --strict stops on)")
    assert "dx-serve-problems" in shown
    server.edit(page, "\n\n[next](nowhere.md)", "")
    server.wait_for("plans/sample/", lambda t: "dx-serve-problems" not in t and "見本の計画です。" in t,
                    "the page after the fix")
    assert server.proc.poll() is None


def test_policy_is_the_published_one_and_live_reload_is_served_only(server: Server, tmp_path: Path) -> None:
    served = server.get("plans/sample/")
    script = server.get("assets/dx-livereload.js")
    assert "/livereload/" in script and "dx-livereload.js" in served
    built = build(server.project, site_dir=tmp_path / "built")
    assert built.returncode == 0, built.stderr[-3000:]
    published = (tmp_path / "built" / "plans" / "sample" / "index.html").read_text(encoding="utf-8")
    policy = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
    assert policy.search(served).group(1) == policy.search(published).group(1)
    assert "dx-livereload" not in published and not (tmp_path / "built" / "assets" / "dx-livereload.js").exists()
    assert "unsafe-inline" not in policy.search(served).group(1)


def _until(check: Callable[[], bool], what: str, timeout: float = 90) -> None:
    """Poll from Python: the page's policy refuses the eval that Playwright's wait_for_function needs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:  # noqa: BLE001 - the page may be reloading at this moment
            pass
        time.sleep(0.3)
    raise AssertionError(f"{what}: not within {timeout} s")


@pytest.mark.browser
def test_open_page_reloads_by_itself_after_a_data_edit(server: Server, browser) -> None:
    page = browser.new_page()
    page.goto(server.url + "plans/sample/")
    _until(lambda: page.get_attribute("html", "data-dx-livereload") == "on", "live reload started")
    page.evaluate("window.__stillTheSamePage = true")
    server.edit(PLAN, SUMMARY, "summary: {ja: ブラウザで見る改訂版の計画です。")
    _until(lambda: "ブラウザで見る改訂版の計画です。" in page.inner_text("article"), "the edit in the open page")
    assert page.evaluate("window.__stillTheSamePage === undefined")   # reloaded by itself, not by the test
    server.edit(PLAN, "published: {year: 2025, month: 6}", "published: {year: 2025, month: 13}")
    _until(lambda: "plan.yml:7" in page.inner_text("article"), "the data problem in the open page")
    page.screenshot(path=str(Path(__file__).resolve().parent.parent / "test-artifacts" / "serve-data-problem.png"))
    server.edit(PLAN, "month: 13}", "month: 6}")
    _until(lambda: page.query_selector(".dx-serve-problems") is None
           and "ブラウザで見る改訂版の計画です。" in page.inner_text("article"), "the page after the fix")
    page.close()
