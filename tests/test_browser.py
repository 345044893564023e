"""Pages in a real headless browser: Debian's chromium driven by Playwright (never `playwright install`).

Checks what a reader meets: every page loads, stays on this site (no outside
request), has no accessibility violation that axe-core finds (WCAG 2.x A/AA),
and the language switch keeps the reader on the same page.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

from .conftest import ROOT, serve

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser-site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def base_url(site_dir: Path):
    with serve(site_dir) as url:
        yield url






def all_pages(site_dir: Path) -> list[str]:
    return sorted(p.parent.relative_to(site_dir).as_posix() + "/" if p.parent != site_dir else ""
                  for p in site_dir.rglob("index.html"))


def test_every_page_stays_on_site_and_passes_axe(browser, base_url: str, site_dir: Path) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context()
    outside: list[str] = []
    context.on("request", lambda r: outside.append(r.url)
               if urlparse(r.url).hostname not in ("127.0.0.1", None) and not r.url.startswith("data:") else None)
    failures = {}
    pages = all_pages(site_dir)
    assert len(pages) >= 4
    page = context.new_page()
    for rel in pages:
        response = page.goto(base_url + rel)
        assert response is not None and response.ok, rel
        result = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        violations = result.response["violations"]
        if violations:
            failures[rel] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    context.close()
    assert outside == [], f"requests outside the site: {outside[:5]}"
    assert failures == {}, failures


def test_language_switch_keeps_the_page(browser, base_url: str) -> None:
    page = browser.new_page()
    page.goto(base_url + "plans/ishinomaki/")
    assert page.locator("html").get_attribute("lang") == "ja"
    page.locator('a[hreflang="en"]').first.dispatch_event("click")
    page.wait_for_url("**/en/plans/ishinomaki/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.close()


@pytest.mark.parametrize("width, name", [(1280, "desktop"), (360, "phone")])
@pytest.mark.parametrize("path", ["", "en/", "plans/ishinomaki/", "en/plans/ishinomaki/"])
def test_screenshots_and_no_horizontal_overflow(browser, base_url: str, width: int, name: str, path: str) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(base_url + path)
    ARTIFACTS.mkdir(exist_ok=True)
    slug = (path.strip("/").replace("/", "-") or "home")
    page.screenshot(path=str(ARTIFACTS / f"{slug}-{name}.png"), full_page=False)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.close()
    assert overflow <= 0, f"{path} overflows by {overflow}px at {width}px: wide content must scroll in its box"
