"""One real strict build of the whole site, checked in both languages."""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import pytest

from macros.core import formatting as f
from macros.core.load import load_site

from .conftest import ROOT

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def built(real_site) -> tuple[Path, str]:
    return real_site


def pages(site: Path, lang: str) -> dict[str, str]:
    base = site / "en" if lang == "en" else site
    found = {}
    for path in base.rglob("index.html"):
        rel = path.relative_to(base).as_posix()
        if lang == "ja" and rel.startswith("en/"):
            continue
        found[rel] = path.read_text(encoding="utf-8")
    return found


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_build_has_no_warning(built) -> None:
    _, log = built
    assert "WARNING" not in log, log
    assert "end of life" not in log.lower()


def test_no_template_or_macro_residue(built) -> None:
    site, _ = built
    for lang in ("ja", "en"):
        for rel, html in pages(site, lang).items():
            body = html.split('<article', 1)[-1]
            for residue in ("{{", "{%", "Macro Rendering Error", "Traceback", "Undefined", "dx-stash",
                            "dx-block-->"):
                assert residue not in body, (lang, rel, residue)


def test_every_plan_page_exists_with_right_lang(built) -> None:
    site, _ = built
    for plan_id in load_site(ROOT).plans:
        ja = (site / "plans" / plan_id / "index.html").read_text(encoding="utf-8")
        en = (site / "en" / "plans" / plan_id / "index.html").read_text(encoding="utf-8")
        assert '<html lang="ja"' in ja and '<html lang="en"' in en


def test_kpi_figures_from_data_reach_both_languages(built) -> None:
    site, _ = built
    data = load_site(ROOT)
    for plan_id, plan in data.plans.items():
        for lang in ("ja", "en"):
            html = text_of(" ".join(html for rel, html in pages(site, lang).items()
                                    if rel.startswith(f"plans/{plan_id}/")))
            for kpi in plan.kpis:
                unit = data.unit(kpi.unit)
                # as printed on Japanese pages where data keeps the source's text (printed:)
                if kpi.baseline:
                    shown = f.as_printed(kpi.baseline.printed, lang, f.quantity(kpi.baseline.value, unit, lang))
                    assert shown in html, (lang, kpi.id, "baseline")
                if kpi.target.kind == "level":
                    shown = f.as_printed(kpi.target.printed, lang, f.quantity(kpi.target.value, unit, lang))
                    assert shown in html, (lang, kpi.id, "target")
            for fig in plan.figures:
                # every figure entered is shown somewhere on the plan's pages
                shown = f.as_printed(fig.printed, lang, f.quantity(fig.value, data.unit(fig.unit), lang))
                assert shown in html, (lang, fig.id)


def test_language_switch_points_to_same_page(built) -> None:
    site, _ = built
    html = (site / "en" / "plans" / "ishinomaki" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="[^"]*plans/ishinomaki/"[^>]*hreflang="ja"', html), "switcher must keep the page"


def _plan_text(site: Path, plan_id: str, lang: str) -> str:
    return text_of(" ".join(html for rel, html in pages(site, lang).items()
                            if rel.startswith(f"plans/{plan_id}/") and "/print/" not in rel))


def test_every_record_of_every_plan_is_published_in_both_languages(built) -> None:
    """Every initiative, table row, KPI and glossary term in data appears on its plan's pages."""
    import html as html_lib

    site, _ = built
    data = load_site(ROOT)
    for plan_id, plan in data.plans.items():
        for lang in ("ja", "en"):
            shown = html_lib.unescape(_plan_text(site, plan_id, lang))
            missing = []
            missing += [f"initiative {i.id}" for i in plan.initiatives if getattr(i.title, lang) not in shown]
            missing += [f"KPI {k.id}" for k in plan.kpis if getattr(k.name, lang) not in shown]
            missing += [f"term {t.id}" for t in plan.terms if getattr(t.term, lang) not in shown]
            for table in plan.tables:
                first = table.columns[0]
                for number, row in enumerate(table.rows, start=1):
                    cell = row.get(first.id)
                    if isinstance(cell, dict) and cell[lang] not in shown:
                        missing.append(f"table {table.id} row {number}")
                if getattr(table.title, lang) not in shown:
                    missing.append(f"table {table.id}")
            assert missing == [], (plan_id, lang, missing[:10])


def test_print_view_holds_every_page_of_the_plan(built) -> None:
    site, _ = built
    for plan_id, plan in load_site(ROOT).plans.items():
        for base in (site, site / "en"):
            printed = (base / "plans" / plan_id / "print" / "index.html").read_text(encoding="utf-8")
            assert printed.count('class="dx-print-part"') == 1 + len(plan.plan.pages), plan_id


def test_open_data_files_round_trip(built) -> None:
    import csv
    import io
    import json

    from macros.publish.opendata import DATASETS, dataset_rows

    site, _ = built
    data = load_site(ROOT)
    for ds in DATASETS:
        raw = (site / "opendata" / f"{ds.id}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), ds.id  # Excel on Japanese Windows needs the BOM
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        expected = dataset_rows(ds, data)
        assert len(rows) == len(expected), ds.id
        as_json = json.loads((site / "opendata" / f"{ds.id}.json").read_text(encoding="utf-8"))
        assert as_json == json.loads(json.dumps(expected, ensure_ascii=False, default=str)), ds.id
        for got, want in zip(rows, expected):
            for key, value in want.items():
                shown = "" if value is None else ("true" if value is True else "false" if value is False else str(value))
                if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
                    shown = "'" + shown  # text that a spreadsheet would run as a formula is neutralised
                assert got[key] == shown, (ds.id, key)


def test_every_plan_on_home_and_every_term_in_the_glossary(built) -> None:
    import html as html_lib
    import unicodedata

    site, _ = built
    data = load_site(ROOT)
    for base, lang in ((site, "ja"), (site / "en", "en")):
        home = html_lib.unescape((base / "index.html").read_text(encoding="utf-8"))
        glossary = html_lib.unescape(text_of((base / "glossary" / "index.html").read_text(encoding="utf-8")))
        matrix = html_lib.unescape((base / "priorities" / "index.html").read_text(encoding="utf-8"))
        dashboard = html_lib.unescape((base / "dashboard" / "index.html").read_text(encoding="utf-8"))
        for plan in data.plans.values():
            assert getattr(plan.plan.title, lang) in home
            for term in plan.terms:
                # entries written ＲＰＡ and RPA in two plans are one entry (merged after NFKC)
                assert unicodedata.normalize("NFKC", getattr(term.term, lang)) in \
                    unicodedata.normalize("NFKC", glossary), term.id
            for link in plan.priority_links:
                assert f"#initiative-{link.initiative}" in matrix, link.initiative
            for kpi in plan.kpis:
                assert getattr(kpi.name, lang) in dashboard, kpi.id


def test_glossary_is_in_gojuon_order() -> None:
    from macros.render.portal import kana_row, reading_key

    readings = ["あーるぴーえー", "あなろぐ", "いんたーねっと", "がばめんとくらうど", "かんり", "さーびす", "わーく"]
    assert sorted(readings, key=reading_key)[:2] == ["あーるぴーえー", "あなろぐ"]  # ー reads as あ
    assert reading_key("がばめんと") < reading_key("かんり")  # が sorts with か
    assert [kana_row(r) for r in ("あなろぐ", "がばめんと", "さーびす", "わーく")] == ["あ", "か", "さ", "わ"]


def nav_sections(html: str) -> list[str]:
    """Titles of the navigation's section labels, in order."""
    nav = html.split('md-nav--primary', 1)[1].split('md-sidebar--secondary', 1)[0]
    return [re.sub(r"\s+", " ", m).strip() for m in re.findall(r'md-nav__link[^"]*"[^>]*>\s*<span class="md-ellipsis">([^<]+)<', nav)]


def test_navigation_groups_plans_by_prefecture_in_code_order(built) -> None:
    """宮城県 (code 4) before 福島県 (7); a page lists its own prefecture's municipalities only."""
    site, _ = built
    data = load_site(ROOT)
    by_prefecture = {}
    for plan in data.plans.values():
        by_prefecture.setdefault(plan.plan.prefecture.ja, []).append(plan.plan.municipality.ja)
    html = (site / "plans" / "date" / "index.html").read_text(encoding="utf-8")
    titles = nav_sections(html)
    assert titles.index("宮城県") < titles.index("福島県")
    for name in by_prefecture["福島県"]:
        assert name in titles
    for name in by_prefecture["宮城県"]:
        assert name not in titles, f"{name} belongs under the closed 宮城県"
    en = (site / "en" / "plans" / "date" / "index.html").read_text(encoding="utf-8")
    assert "Fukushima Prefecture" in nav_sections(en)


def test_every_title_is_unique_in_its_language_and_names_the_plan(built) -> None:
    """A browser tab or a screen reader tells pages apart by their title: 「用語解説｜石巻市ＤＸ推進計画」."""
    site, _ = built
    plans = load_site(ROOT).plans
    for lang in ("ja", "en"):
        titles: dict[str, list[str]] = {}
        for rel, page in pages(site, lang).items():
            found = re.findall(r"<title>(.*?)</title>", page, re.S)
            assert len(found) == 1, f"{lang} {rel}: {len(found)} titles"
            title = htmllib.unescape(found[0]).strip()
            titles.setdefault(title, []).append(rel)
            parts = rel.split("/")
            if parts[0] == "plans" and len(parts) > 2:
                city = getattr(plans[parts[1]].plan.municipality, lang)
                assert city in title, f"{lang} {rel}: the title {title!r} does not name {city}"
        shared = {t: r for t, r in titles.items() if len(r) > 1}
        assert shared == {}, f"{lang}: titles shared by several pages: {shared}"


def test_no_internal_id_is_shown_as_text(built) -> None:
    """Ids such as my-number-card name records in data; a reader sees the names, never the ids."""
    site, _ = built
    data = load_site(ROOT)
    ids = {pid for pid in data.priorities() if "-" in pid}
    ids |= {i.id for d in data.plans.values() for i in d.initiatives if i.id.count("-") >= 2}
    ids |= {k.id for d in data.plans.values() for k in d.kpis if k.id.count("-") >= 2}
    assert "my-number-card" in ids
    # the consistency report names KPIs, tables and their columns: none of their ids may show there
    reported = ids | {k.id for d in data.plans.values() for k in d.kpis if "-" in k.id}
    reported |= {t.id for d in data.plans.values() for t in d.tables if "-" in t.id}
    reported |= {c.id for d in data.plans.values() for t in d.tables for c in t.columns if "-" in c.id}
    shown = {}
    for lang in ("ja", "en"):
        for rel, page in pages(site, lang).items():
            body = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", page, flags=re.S)
            words = set(re.findall(r"(?<![\w/.#-])[a-z0-9]+(?:-[a-z0-9]+)+(?![\w/.-])", text_of(body)))
            found = words & (reported if rel.startswith("consistency/") else ids)
            if found:
                shown[f"{lang} {rel}"] = sorted(found)
    assert shown == {}, shown


def test_print_view_contents_list_every_page_and_section(built) -> None:
    """The print view's table of contents lists every page and every section it holds (not the
    overview's four), both in the sidebar and at the top of the printout, with working anchors."""
    site, _ = built
    for lang in ("ja", "en"):
        for plan_id, data in load_site(ROOT).plans.items():
            page = (site / ("en" if lang == "en" else "") / "plans" / plan_id / "print" / "index.html").read_text(
                encoding="utf-8")
            article = page.split('<article', 1)[1]
            ids = re.findall(r'<h[12] id="([^"]+)"', article.split('class="dx-print-toc"', 1)[1])
            toc = page.split('class="dx-print-toc"', 1)[1].split("</nav>", 1)[0]
            sidebar = page.split('data-md-component="toc"', 1)[1].split("</nav>\n", 1)[0]
            assert toc.count('class="md-nav__item"') == 0 and len(ids) > 1
            for anchor in ids:
                assert f'href="#{anchor}"' in toc and f'href="#{anchor}"' in sidebar, (lang, plan_id, anchor)
            assert len(re.findall(r"<h1 ", article)) == 1 + len([p for p in data.plan.pages
                                                                if (site / "plans" / plan_id / p).exists()])


def test_no_script_holds_the_first_paint(built) -> None:
    """Every script of every page is deferred (Material's bundle.js too, overrides/main.html) or is one of
    Material's two small inline scripts: a phone on a slow network paints the page before running them;
    the site search's script is downloaded by the search page only."""
    site, _ = built
    for lang in ("ja", "en"):
        for rel, page in pages(site, lang).items():
            for attrs in re.findall(r"<script\b([^>]*)>", page):
                if "src=" not in attrs or 'type="application/json"' in attrs:
                    continue
                assert re.search(r"\bdefer\b", attrs), f"{lang} {rel}: <script{attrs}> blocks the first paint"
            assert re.search(r'<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js" defer(="")?>', page), rel
            # the search script only where it works: the search page
            assert ("assets/search.js" in page) == (rel == "search/index.html"), f"{lang} {rel}: search.js"
