"""Pages in a real headless browser: Debian's chromium driven by Playwright (never `playwright install`).

Checks what a reader meets, on every page of both languages at a 360×740 phone and a 1280×800
desktop: the page is no wider than the screen and no table wider than its box, no request leaves
the site or fails, no console error, links outside sentences are at least 24px tall, and axe-core
finds no WCAG 2.x A/AA violation; charts read on a phone; the language switch keeps the reader's
place (page, print view, search query). Screenshots of every kind of page at both widths and in
both languages are written to test-artifacts/.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

import pytest

from .conftest import ROOT, serve

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def site_dir(real_site) -> Path:
    return real_site[0]


@pytest.fixture(scope="module")
def base_url(site_dir: Path):
    with serve(site_dir) as url:
        yield url






def all_pages(site_dir: Path) -> list[str]:
    return sorted(p.parent.relative_to(site_dir).as_posix() + "/" if p.parent != site_dir else ""
                  for p in site_dir.rglob("index.html"))


def test_language_switch_keeps_the_page(browser, base_url: str) -> None:
    page = browser.new_page()
    page.goto(base_url + "plans/ishinomaki/")
    assert page.locator("html").get_attribute("lang") == "ja"
    page.locator('a[hreflang="en"]').first.dispatch_event("click")
    page.wait_for_url("**/en/plans/ishinomaki/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.close()


def test_language_switch_keeps_the_print_view_and_the_search_query(browser, base_url: str) -> None:
    page = browser.new_page()
    page.goto(base_url + "plans/ishinomaki/print/")
    page.locator('a[hreflang="en"]').first.dispatch_event("click")
    page.wait_for_url("**/en/plans/ishinomaki/print/")
    page.goto(base_url + "search/?q=" + quote("窓口"))
    page.wait_for_selector("form[data-searched]")
    page.locator('a[hreflang="en"]').first.dispatch_event("click")
    page.wait_for_url("**/en/search/?q=*")
    assert parse_qs(urlparse(page.url).query)["q"] == ["窓口"]
    page.close()


def test_search_count_reads_consistently(browser, base_url: str) -> None:
    """One count throughout: 「…を含むページ: 8件、一部を含むページ: 4件（12件のうち10件を表示）」."""
    page = browser.new_page()
    page.goto(base_url + "search/?q=" + quote("マイナンバーカード"))
    page.wait_for_selector("form[data-searched]")
    listed = page.locator("li.dx-search-result").count()
    status = page.locator("#dx-search-status").text_content()
    shown = re.search(r"(\d+)件のうち(\d+)件を表示", status)
    parts = [int(n) for n in re.findall(r"(\d+)件", status[:shown.start()] if shown else status)]
    total, visible = (int(shown.group(1)), int(shown.group(2))) if shown else (listed, listed)
    assert visible == listed and sum(parts) == total, f"{status!r} with {listed} listed"
    hrefs = page.eval_on_selector_all("li.dx-search-result h2 a", "els => els.map(e => e.href.split('#')[0])")
    assert len(hrefs) == len(set(hrefs)), f"a page listed twice: {hrefs}"
    page.close()


# --------------------------------------------------------------------------- every page fits its screen

SCREENS = {"phone": (360, 740), "desktop": (1280, 800)}
# one page of every kind, screenshotted at both widths in both languages (written to test-artifacts/)
KINDS = {"home": "", "plan": "plans/ishinomaki/", "kpis": "plans/ishinomaki/kpis/",
         "initiatives": "plans/ishinomaki/initiatives-a/", "kpis-path": "plans/tome/kpis/",
         "data-table": "plans/shirakawa/current-issues/", "text": "plans/ishinomaki/background/",
         "plan-glossary": "plans/ishinomaki/glossary/", "glossary": "glossary/", "dashboard": "dashboard/",
         "priorities": "priorities/", "open-data": "open-data/", "consistency": "consistency/",
         "print": "plans/ishinomaki/print/", "search": "search/"}

MEASURE = """() => {
  const doc = document.documentElement;
  const tables = [];
  for (const table of document.querySelectorAll('table')) {
    if (!table.getClientRects().length) continue;  // not shown at this width
    const box = table.parentElement;
    const over = Math.max(table.scrollWidth - box.clientWidth, table.getBoundingClientRect().right - doc.clientWidth);
    if (over > 1) tables.push([(table.querySelector('caption') || table).textContent.trim().slice(0, 40), Math.round(over)]);
  }
  // WCAG 2.5.8: a link outside a sentence is at least 24px tall (links inside running text are exempt)
  const small = [...document.querySelectorAll('a[href]')].filter(a => {
    const r = a.getBoundingClientRect();
    if (!r.width || !r.height || a.closest('p, dd, figcaption')) return false;
    return r.height < 24;
  }).map(a => a.textContent.trim().slice(0, 30)).slice(0, 5);
  // a basis mark (推定, reconstructed) on one line, never laid over the value before it
  const marks = [...document.querySelectorAll('details.dx-basis > summary')].filter(s => {
    const rects = s.getClientRects();
    if (!rects.length) return false;
    return rects.length > 1 || rects[0].left < s.parentElement.getBoundingClientRect().left - 0.5;
  }).map(s => s.textContent.trim()).slice(0, 5);
  return {page: doc.scrollWidth - doc.clientWidth, tables, small, marks};
}"""

SHOT_TOP = """() => {
  const first = document.querySelector('.dx-block table, figure.dx-chart-figure, .dx-kpi-no-result');
  if (!first) return 0;
  const top = first.getBoundingClientRect().top + window.scrollY;
  return top > 500 ? Math.round(top - 150) : 0;
}"""


def axe_options(rel: str) -> dict:
    """WCAG rules; a print view repeats its plan's pages (checked in full on their own), so its
    colour contrast, the slowest rule (20 s on a print view), is left to them."""
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    if rel.endswith("/print/"):
        options["rules"] = {"color-contrast": {"enabled": False}}
    return options


def test_every_page_fits_both_screens_and_passes_axe(browser, base_url: str, site_dir: Path) -> None:
    """Every page of both languages at 360×740 and 1280×800: no sideways scroll of the page, no table
    wider than its box, no request outside the site, no failed request or console error, no axe violation; one screenshot of every kind
    of page. One browser, one tab per width. Axe runs in full on every page at the phone's width (where
    tables become cards) and on one page of every kind at the desktop's."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    pages = all_pages(site_dir)
    assert len(pages) >= 4
    shots = {rel: kind for kind, rel in KINDS.items()} | {"en/" + rel: "en-" + kind for kind, rel in KINDS.items()}
    ARTIFACTS.mkdir(exist_ok=True)
    too_wide, failures, outside, broken = {}, {}, [], []
    for name, (width, height) in SCREENS.items():
        context = browser.new_context(viewport={"width": width, "height": height})
        context.on("request", lambda r: outside.append(r.url) if urlparse(r.url).hostname not in ("127.0.0.1", None)
                   and not r.url.startswith("data:") else None)
        context.on("response", lambda r: broken.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page = context.new_page()
        page.on("console", lambda m: broken.append(f"console: {m.text}") if m.type == "error" else None)
        for rel in pages:
            response = page.goto(base_url + rel)
            assert response is not None and response.ok, rel
            measured = page.evaluate(MEASURE)
            if measured["page"] > 0 or measured["tables"] or measured["marks"] or (name == "phone" and measured["small"]):
                too_wide[f"{name} /{rel}"] = measured
            if name == "phone" or rel in shots:
                violations = axe.run(page, options=axe_options(rel)).response["violations"]
            else:
                violations = []
            if violations:
                failures[f"{name} /{rel}"] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
            if rel in shots:
                top = page.evaluate(SHOT_TOP)
                tall = page.evaluate("document.documentElement.scrollHeight")
                shot_height = min(1600 if name == "phone" else 1400, tall - top)
                page.screenshot(path=str(ARTIFACTS / f"{shots[rel]}-{name}.png"), full_page=True,
                                clip={"x": 0, "y": top, "width": width, "height": shot_height})
        context.close()
    missing = [kind for kind, rel in KINDS.items() if rel not in pages]
    assert missing == [], f"kinds of page not built: {missing}"
    assert outside == [], f"requests outside the site: {outside[:5]}"
    assert broken == [], f"failed requests or console errors (e.g. sitemap.xml 404s): {broken[:5]}"
    assert too_wide == {}, ("wider than the screen, a table wider than its box, links under 24px, or a basis mark "
                            f"broken or over its value: {too_wide}")
    assert failures == {}, failures


def test_kpi_chart_reads_on_a_phone(browser, tmp_path: Path) -> None:
    """A KPI with a published result is drawn with a value axis and unit, a labelled target and text of
    at least 12px at 360px, beside a table of its numbers; one without is said in words, not drawn.
    (The real plans publish no result yet, so the fixture plan, which has one, is built here.)"""
    from .sites import build, make_project

    kpi_page = {"ja": "# 数値目標\n\n{{ kpi_table(\"sample\") }}\n", "en": "# KPIs\n\n{{ kpi_table(\"sample\") }}\n"}
    project = make_project(tmp_path / "project", pages={f"{lang}/plans/sample/kpis.md": text
                                                        for lang, text in kpi_page.items()})
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    ARTIFACTS.mkdir(exist_ok=True)
    with serve(tmp_path / "site") as url:
        for name, (width, height) in SCREENS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for lang, prefix in (("ja", ""), ("en", "en/")):
                page.goto(url + prefix + "plans/sample/kpis/")
                chart = page.locator("figure.dx-chart-figure")
                assert chart.count() == 1  # LINE friends has a result; the others have none
                smallest = page.evaluate("""() => Math.min(...[...document.querySelectorAll('svg.dx-chart text')]
                    .map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a))""")
                assert smallest >= 12, f"{lang} {name}: chart text {smallest:.1f}px"
                svg_text = chart.locator("svg").text_content()
                assert ("単位：件" if lang == "ja" else "Unit: number") in svg_text
                assert ("目標値 27,000件" if lang == "ja" else "Target 27,000") in svg_text
                assert chart.locator("table.dx-chart-data tbody tr").count() == 3  # baseline, actual, target
                assert page.locator(".dx-kpi-no-result").count() == 2
                assert ("実績はまだ公表されていません" if lang == "ja" else "No result has been published yet") \
                    in page.locator(".dx-kpi-no-result").first.text_content()
                overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
                assert overflow <= 0, f"{lang} {name}: the page is {overflow}px wider than the screen"
                chart.scroll_into_view_if_needed()
                chart.screenshot(path=str(ARTIFACTS / f"{'en-' if lang == 'en' else ''}chart-{name}.png"))
            page.close()


def test_planned_values_and_yearly_targets_are_drawn_and_tabled(browser, tmp_path: Path) -> None:
    """A KPI with values planned for each year (planned:) and one with a target for each fiscal year
    (each_year) are drawn, labelled and listed in the table beside their chart, which agrees with what
    is drawn; a value marked inferred carries its mark there and opens to its reason; text stays at
    least 12px on a phone. Screenshots: chart-planned-{phone,desktop}.png (and en-)."""
    from .sites import build, make_project

    kpi_page = {"ja": "# 数値目標\n\n{{ kpi_table(\"sample\") }}\n", "en": "# KPIs\n\n{{ kpi_table(\"sample\") }}\n"}
    project = make_project(tmp_path / "project", pages={f"{lang}/plans/sample/kpis.md": text
                                                        for lang, text in kpi_page.items()})
    kpis_yml = project / "data" / "plans" / "sample" / "kpis.yml"
    text = kpis_yml.read_text(encoding="utf-8")
    # LINE friends: planned values, the first one's year inferred; residents: a target for each year
    text = text.replace(
        "    target: {fiscal_year: 2027, value: 27000, source: {page: 17}}\n",
        "    planned:\n"
        "      - {fiscal_year: 2025, value: 23000, basis: {fiscal_year: {kind: inferred, reason: "
        "{ja: 年度は原文の列の位置から推定, en: The year is inferred from the column}}}}\n"
        "      - {fiscal_year: 2026, value: 25000}\n"
        "    target: {fiscal_year: 2027, value: 27000, source: {page: 17}}\n", 1)
    text = text.replace(
        "    baseline: {fiscal_year: 2024, value: 18.8, source: {page: 18}}\n"
        "    target: {fiscal_year: 2027, value: 15.0, source: {page: 18}}\n",
        "    baseline: {fiscal_year: 2024, value: 18.8, source: {page: 18}}\n"
        "    actuals:\n      - {fiscal_year: 2025, value: 17.1, source: {page: 18}}\n"
        "    target: {fiscal_year: 2027, value: 15.0, kind: each_year, bound: at_most, source: {page: 18}}\n", 1)
    kpis_yml.write_text(text, encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    ARTIFACTS.mkdir(exist_ok=True)
    with serve(tmp_path / "site") as url:
        for name, (width, height) in SCREENS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for lang, prefix in (("ja", ""), ("en", "en/")):
                page.goto(url + prefix + "plans/sample/kpis/")
                charts = page.locator("figure.dx-chart-figure")
                assert charts.count() == 2
                smallest = page.evaluate("""() => Math.min(...[...document.querySelectorAll('svg.dx-chart text')]
                    .map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a))""")
                assert smallest >= 12, f"{lang} {name}: chart text {smallest:.1f}px"
                planned, yearly = charts.nth(0), charts.nth(1)
                # what is drawn is what the table lists, kind by kind
                for chart in (planned, yearly):
                    drawn = chart.evaluate("""f => ({
                        baseline: f.querySelectorAll('svg .dx-mark-baseline').length,
                        actual: f.querySelectorAll('svg .dx-mark-actual').length,
                        planned: f.querySelectorAll('svg .dx-mark-planned').length,
                        target: f.querySelectorAll('svg .dx-mark-target, svg .dx-target-line.dx-each-year').length})""")
                    kinds = chart.locator("table.dx-chart-data tbody tr td:first-of-type").all_text_contents()
                    words = {"baseline": ("基準値", "Baseline"), "actual": ("実績値", "Actual"),
                             "planned": ("計画値", "Planned"), "target": ("目標値", "Target")}
                    listed = {k: sum(1 for t in kinds if t.startswith(w[0 if lang == "ja" else 1]))
                              for k, w in words.items()}
                    assert drawn == listed, f"{lang} {name}: drawn {drawn}, listed {listed}"
                assert planned.locator("svg .dx-planned-line").count() == 1
                legend = planned.locator("ul.dx-chart-legend").text_content()
                assert ("計画値" if lang == "ja" else "Planned") in legend
                svg_text = yearly.locator("svg").text_content()
                assert ("目標値 毎年度 15.0%以下" if lang == "ja" else "Target at most 15.0% each fiscal year") in svg_text
                # the inferred year: marked in the table, opening to its reason, and said in the sentence
                mark = planned.locator("table.dx-chart-data details.dx-basis")
                assert mark.count() == 1
                mark.locator("summary").click()
                assert ("年度は原文の列の位置から推定" if lang == "ja" else "The year is inferred from the column") \
                    in mark.locator(".dx-basis-reason").inner_text()
                assert ("令和7年度（推定）" if lang == "ja" else "FY2025 (inferred)") in \
                    planned.locator("figcaption").text_content()
                overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
                assert overflow <= 0, f"{lang} {name}: the page is {overflow}px wider than the screen"
                box = page.locator(".dx-charts")
                box.scroll_into_view_if_needed()
                # the sticky header would cover the top of a tall element's screenshot
                page.evaluate("document.querySelector('.md-header').style.visibility = 'hidden'")
                box.screenshot(path=str(ARTIFACTS / f"{'en-' if lang == 'en' else ''}chart-planned-{name}.png"))
            page.close()
