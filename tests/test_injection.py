"""Inert text: template syntax, HTML and javascript: links from data or pages never run.

A tiny project (tests/sites.py) whose data carries the payloads below in names, titles, summaries,
table cells and glossary definitions is built and opened in Debian's chromium. Every payload must
show as the literal text it is, nothing may run (window.__pwned stays undefined, also after
searching), and {{ 7*7 }} must never become 49. Payloads written into pages (a javascript: link,
a script, a template that reaches Python) are refused before anything is built: tests/test_pages.py.

The pages are built with the repository's own overrides: overrides/main.html includes the
Content-Security-Policy (overrides/partials/csp.html) before <title> and escapes the <title>.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import material
import pytest

from .conftest import ROOT, serve
from .sites import build, make_project

MATERIAL = Path(material.__file__).parent / "templates"

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
TEMPLATE = "{{ 7*7 }}"
RAW = "{% raw %}"
TITLE_BREAKOUT = "</title>" + SCRIPT
FORMULA = '=HYPERLINK("https://example.invalid/x","詳細")'  # a live link once a spreadsheet opens the CSV

PLAN_PAGE = """# {{ plan_title("sample") }}

{{ plan_header("sample") }}

{{ kpi_table("sample") }}

{{ roadmap("sample", "a") }}

{{ initiatives("sample", "a-1") }}

{{ data_table("sample", "seal-review") }}

{{ glossary("sample") }}
"""


def _yaml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _text(ja: str, en: str) -> str:
    return "{ja: " + _yaml(ja) + ", en: " + _yaml(en) + "}"


# (file, fixture text, replacement): every kind of reader-facing text gets a payload
PAYLOADS = [
    ("plan.yml", "municipality: {ja: 見本市, en: Sample City}",
     "municipality: " + _text(SCRIPT + "見本市", SCRIPT + "Sample City")),
    ("plan.yml", "title: {ja: 見本市DX推進計画, en: Sample City DX Promotion Plan}\nkind",
     "title: " + _text(TEMPLATE + "見本市" + TITLE_BREAKOUT, TEMPLATE + " Sample City " + TITLE_BREAKOUT) + "\nkind"),
    ("plan.yml", "summary: {ja: 見本の計画です。, en: A sample plan.}",
     "summary: " + _text(RAW + "見本 " + TEMPLATE, RAW + " sample " + TEMPLATE)),
    ("kpis.yml", "name: {ja: LINE友だち件数, en: LINE friends}", "name: " + _text(IMG + "友だち", IMG + " friends")),
    ("initiatives.yml", "title: {ja: LINE公式アカウントの活用, en: Using the LINE official account}",
     "title: " + _text(TEMPLATE + IMG, TEMPLATE + " " + IMG)),
    ("glossary.yml", "definition: {ja: 誰でも使えるデータ, en: Data anyone may use}",
     "definition: " + _text(SCRIPT + RAW, SCRIPT + " " + RAW)),
    ("tables.yml", "kind: {ja: 申請, en: Applications}", "kind: " + _text(TEMPLATE + IMG, TEMPLATE + IMG)),
    ("kpis.yml", "name: {ja: 不便だと感じる市民の割合, en: Residents who find it inconvenient}",
     "name: " + _text(FORMULA, "@SUM(1+1)*cmd|' /C calc'!A0")),
]
SHOWN = [TEMPLATE, RAW, SCRIPT, IMG, TITLE_BREAKOUT]


def payload_project(dest: Path) -> Path:
    project = make_project(dest, pages={"ja/plans/sample/index.md": PLAN_PAGE, "en/plans/sample/index.md": PLAN_PAGE})
    for name, old, new in PAYLOADS:
        path = project / "data" / "plans" / "sample" / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def proposed_site(tmp_path_factory) -> Path:
    project = payload_project(tmp_path_factory.mktemp("inject") / "project")
    result = build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site"


@pytest.fixture(scope="module")
def repo_site(proposed_site: Path) -> Path:
    """The repository's overrides as they are (they now carry the policy and the escaped title)."""
    return proposed_site


def html_of(site: Path, rel: str) -> str:
    return (site / rel / "index.html").read_text(encoding="utf-8")


def policy_of(html: str) -> str:
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert match, "no Content-Security-Policy meta element"
    return match.group(1)


def sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def inline_scripts(html: str) -> list[str]:
    return [body for attrs, body in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", html, re.S)
            if "application/json" not in attrs]


# --------------------------------------------------------------------------------------------
# Without a browser: the HTML itself
# --------------------------------------------------------------------------------------------


@pytest.mark.build
@pytest.mark.parametrize("rel", ["plans/sample", "en/plans/sample"])
def test_page_content_escapes_every_payload(repo_site: Path, rel: str) -> None:
    """The renderers (macros/render/html.py esc) already make data inert inside the article.

    ({{ 7*7 }} may stay as braces in a heading: macro output is never rendered again.)"""
    article = html_of(repo_site, rel).split("<article", 1)[1].split("</article>", 1)[0]
    for raw in ("<script", "<img"):  # no such tag at all: onerror=… is only text
        assert raw not in article, raw
    assert "49" not in re.sub(r"<[^>]+>", " ", article)  # in the text (charts have 49 in coordinates)
    # An English page with Japanese in it is the HTML parser's serialisation after the lang marks
    # (macros/publish/lang_marks.py): the same text, with characters that need no entity written as such.
    assert "&lt;script&gt;window.&#95;&#95;pwned=1&lt;/script&gt;" in article or \
        (rel.startswith("en/") and "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in article)
    assert "&#123;&#123; 7&#42;7 &#125;&#125;" in article or (rel.startswith("en/") and "{{ 7*7 }}" in article)


@pytest.mark.build
def test_policy_comes_first_and_allows_only_material_inline_scripts(proposed_site: Path) -> None:
    """Every page: the policy precedes <title> and every script; each inline script of Material is
    allowed by its hash, and the data's own <script> is not."""
    pages = sorted(proposed_site.rglob("*.html"))
    assert len(pages) >= 5
    for path in pages:
        html = path.read_text(encoding="utf-8")
        policy = policy_of(html)
        head = html.split("</head>", 1)[0]
        assert head.index("Content-Security-Policy") < head.index("<title>") < head.index("<script")
        for body in inline_scripts(html):
            if "__pwned" in body:
                assert sha256(body) not in policy
            else:
                assert sha256(body) in policy, (
                    f"{path.relative_to(proposed_site)}: the inline script {body[:60]!r}… is not allowed by "
                    f"overrides/partials/csp.html; add '{sha256(body)}' after checking where it comes from")


def test_policy_covers_material_inline_scripts_at_every_depth() -> None:
    """From Material's own templates: a Material upgrade that changes them fails here first."""
    policy = policy_of((ROOT / "overrides" / "partials" / "csp.html").read_text(encoding="utf-8"))
    base = re.search(r"<script>(.*)</script>", (MATERIAL / "partials/javascripts/base.html").read_text(), re.S)
    content = re.findall(r"<script>(.*?)</script>", (MATERIAL / "partials/javascripts/content.html").read_text())
    assert base and content
    scopes = ["/", "."] + ["/".join([".."] * depth) for depth in range(1, 7)]
    for scope in scopes:
        script = base.group(1).replace("{{ config.extra.scope | d(base_url) }}", scope)
        assert sha256(script) in policy, f"base_url {scope!r}: add '{sha256(script)}'"
    assert sha256(content[-1]) in policy  # the one not behind a feature flag (content.tabs.link is off)
    for directive in ("default-src 'self'", "style-src 'self'", "img-src 'self' data:", "object-src 'none'",
                      "base-uri 'self'", "form-action 'self'"):
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


@pytest.mark.build
def test_repository_pages_carry_the_policy(repo_site: Path) -> None:
    policy_of(html_of(repo_site, "plans/sample"))


@pytest.mark.build
def test_repository_title_keeps_data_as_text(repo_site: Path) -> None:
    head = html_of(repo_site, "plans/sample").split("</head>", 1)[0]
    assert head.count("</title>") == 1 and SCRIPT not in head


@pytest.mark.build
def test_headings_show_data_without_stray_backslash(repo_site: Path) -> None:
    article = html_of(repo_site, "en/plans/sample").split("<article", 1)[1]
    assert "\\&lt;img" not in article


@pytest.mark.build
def test_repository_navigation_keeps_data_as_text(repo_site: Path) -> None:
    nav = html_of(repo_site, "plans/sample").split('<nav class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    assert SCRIPT not in nav


@pytest.mark.build
def test_open_data_carries_no_live_formula(proposed_site: Path) -> None:
    """OWASP CSV injection: every CSV cell a spreadsheet would run starts with ' ; JSON keeps the data exact."""
    import csv
    import io
    import json

    cells = []
    for path in sorted((proposed_site / "opendata").glob("*.csv")):
        for row in csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))):
            cells += row
    assert "'" + FORMULA in cells and "'@SUM(1+1)*cmd|' /C calc'!A0" in cells
    for cell in cells:
        assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
        if cell.startswith("-"):
            float(cell)  # only a negative number may start with a minus
    kpis = json.loads((proposed_site / "opendata" / "kpi-values.json").read_text(encoding="utf-8"))
    assert FORMULA in {k["name_ja"] for k in kpis}


# --------------------------------------------------------------------------------------------
# In the browser
# --------------------------------------------------------------------------------------------




@pytest.fixture(scope="module")
def base_url(proposed_site: Path):
    with serve(proposed_site) as url:
        yield url




def open_page(browser, url: str):
    page = browser.new_page()
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text))
    page.on("dialog", lambda d: (messages.append(f"dialog: {d.message}"), d.dismiss()))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page, messages


def pwned(page) -> str:
    return page.evaluate("typeof window.__pwned")


@pytest.mark.browser
@pytest.mark.parametrize("rel", ["plans/sample/", "en/plans/sample/", "", "en/"])
def test_payloads_show_as_text_and_nothing_runs(browser, base_url: str, rel: str) -> None:
    page, messages = open_page(browser, base_url + rel)
    assert pwned(page) == "undefined", messages
    text = page.inner_text("body")
    assert "49" not in text
    if rel.endswith("plans/sample/"):
        article = page.inner_text("article")
        for shown in SHOWN:
            assert shown in article, shown
        assert page.locator('article img[src="x"]').count() == 0
        assert page.locator("article script").count() == 0
        assert TEMPLATE in page.title() and "</title>" in page.title()
    assert not any(m.startswith("dialog") for m in messages)
    page.close()


@pytest.mark.browser
def test_search_results_show_payloads_as_text(browser, base_url: str) -> None:
    """The site's search page shows data from its index as text, never as markup."""
    page, messages = open_page(browser, base_url + "en/search/?q=friends")
    page.locator("#dx-search-results li").first.wait_for(timeout=10_000)
    results = page.inner_text("#dx-search-results")
    assert "49" not in results
    assert page.locator("#dx-search-results img, #dx-search-results script").count() == 0
    assert pwned(page) == "undefined"
    page.close()


@pytest.mark.browser
def test_site_pages_raise_no_policy_violation_of_their_own(browser, base_url: str) -> None:
    """Only the injected payloads are refused: Material's scripts, styles and icons all load."""
    page, messages = open_page(browser, base_url + "en/")
    assert page.evaluate("typeof __md_get") == "function"  # Material's head script ran
    page.close()
    page, messages = open_page(browser, base_url + "plans/sample/")
    refused = [m for m in messages if "Content Security Policy" in m]
    injected = sha256("window.__pwned=1")
    # with the data escaped everywhere nothing injected reaches the page; whatever the policy does refuse
    # must be the payload, never Material's own scripts or styles
    assert all(injected in m for m in refused), refused
    page.close()
