"""Quoted to the letter (issue 14), for 登米市 (tome) and 伊達市 (date): every item the data quotes from
the source reaches its page exactly as written in data, in both languages, and every value the data marks
as inferred or reconstructed (basis) is shown with a mark of its kind that carries its reason.

"Its page" is the page whose Markdown calls the macro that shows the record (initiatives(plan, group),
text_list(plan, list), heading(plan, item), group_title(plan, group), data_table(plan, table),
glossary(plan)), found by reading docs/, so that moving a record to another page needs no test change.
"""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

import pytest

from macros.core.load import PlanData, load_site
from macros.render import initiatives as initiatives_r

from .conftest import ROOT

PLANS = ("tome", "date")
LANGS = ("ja", "en")


@pytest.fixture(scope="module")
def built(real_site) -> Path:
    return real_site[0]


@pytest.fixture(scope="module")
def site():
    return load_site(ROOT)


def squeeze(text: str) -> str:
    """The same white space rule for data and page: runs of spaces (also 　) become one space."""
    return re.sub(r"\s+", " ", text).strip()


def page_text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    article = raw.split("<article", 1)[1].split("</article>", 1)[0]
    article = re.sub(r"<(script|style)\b.*?</\1>", " ", article, flags=re.S)
    return squeeze(html.unescape(re.sub(r"<[^>]+>", " ", article)))


def calls(plan: str, lang: str) -> dict[str, list[str]]:
    """page name (file stem) -> the macro calls written in it, as 'macro:arg' strings."""
    found: dict[str, list[str]] = {}
    for md in sorted((ROOT / "docs" / lang / "plans" / plan).glob("*.md")):
        text = md.read_text(encoding="utf-8")
        found[md.stem] = [f"{name}:{arg}" for name, arg in re.findall(
            r"""\{\{\s*(\w+)\(\s*["'][\w-]+["']\s*(?:,\s*["']([\w-]+)["'])?""", text)]
    return found


def built_page(out: Path, plan: str, lang: str, stem: str) -> Path:
    base = out / "en" if lang == "en" else out
    return base / "plans" / plan / ("index.html" if stem == "index" else f"{stem}/index.html")


def quoted_items(data: PlanData, lang: str) -> list[tuple[tuple[str, ...], str, str]]:
    """(macro calls that may show it, where in data, quoted text) for every quoted item of the plan."""
    items = []
    for lst in data.plan.lists:
        for n, item in enumerate(lst.items):
            where = f"plan.yml lists[{lst.id}].items[{n}]"
            shows = (f"text_list:{lst.id}",) + ((f"heading:{item.id}",) if item.id else ())
            items.append((shows, where, getattr(item.text, lang)))
            if item.code:
                items.append(((f"text_list:{lst.id}",), where + ".code", item.code))
    for group in data.groups:
        if group.heading:
            items.append(((f"group_title:{group.id}",), f"initiatives.yml groups[{group.id}].heading",
                          getattr(group.heading, lang)))
    for ini in data.initiatives:
        shows = (f"initiatives:{ini.group}",)
        where = f"initiatives.yml initiatives[{ini.id}]"
        items.append((shows, where + ".title", getattr(ini.title, lang)))
        for n, step in enumerate(ini.roadmap):
            items.append((shows, f"{where}.roadmap[{n}].text", getattr(step.text, lang)))
        for n, ms in enumerate(ini.milestones):
            items.append((shows, f"{where}.milestones[{n}].text", getattr(ms.text, lang)))
    for term in data.terms:
        items.append((("glossary:",), f"glossary.yml terms[{term.id}].term", getattr(term.term, lang)))
    for table in data.tables:
        for r, row in enumerate(table.rows):
            for column in table.columns:
                cell = row.get(column.id)
                if column.type == "text" and cell is not None:
                    text = cell[lang] if isinstance(cell, dict) else getattr(cell, lang, str(cell))
                    items.append(((f"data_table:{table.id}",), f"tables.yml {table.id} row {r + 1} {column.id}",
                                  text))
    return items


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("plan", PLANS)
def test_every_quoted_item_is_on_its_page_as_in_data(built, site, plan: str, lang: str) -> None:
    data = site.plan(plan)
    pages = calls(plan, lang)
    texts = {stem: page_text(built_page(built, plan, lang, stem)) for stem in pages}
    missing, unshown = [], []
    items = quoted_items(data, lang)
    assert len(items) > 50, "the plan quotes far more than this: the collection above is broken"
    for shows, where, text in items:
        shown_on = [stem for stem, made in pages.items()
                    if any(c in made or (c == "glossary:" and any(x.startswith("glossary:") for x in made))
                           for c in shows)]
        if not shown_on:
            unshown.append(f"{where}: no page calls {' or '.join(shows)}")
            continue
        if not any(squeeze(text) in texts[stem] for stem in shown_on):
            missing.append(f"{where}: {text!r} not on {shown_on}")
    assert not unshown, "\n".join(unshown)
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("plan", PLANS)
def test_no_value_the_source_does_not_state_is_shown_without_its_mark(built, site, plan: str, lang: str) -> None:
    """Every inferred or reconstructed value of the plan (basis in data) is shown on one of the plan's
    pages with a mark of its kind that carries its reason (macros/render/basis.py)."""
    from macros.core.basis import plan_entries

    data = site.plan(plan)
    # unescaped: an English page with lang marks is the parser's serialisation (' and " written plainly)
    raws = {stem: html.unescape(built_page(built, plan, lang, stem).read_text(encoding="utf-8"))
            for stem in calls(plan, lang)}
    entries = list(plan_entries(data))
    assert entries, f"{plan} has inferred values (baseline years, placements, as-of years): none found"
    missing = []
    for entry in entries:
        reason = getattr(entry.basis.reason, lang)
        mark = re.compile(r'class="dx-basis dx-basis-' + entry.basis.kind + r'[^"]*">(?:(?!</details>).){0,400}?'
                          + re.escape(reason), re.S)
        if not any(mark.search(raw) for raw in raws.values()):
            missing.append(f"{entry.file} {entry.path} {entry.field}: no {entry.basis.kind} mark with its reason")
    assert not missing, "\n".join(missing)


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+(?:\.\d+)?", unicodedata.normalize("NFKC", text)))


def test_tome_kpi_targets_agree_with_the_printed_cells(site) -> None:
    """A figure lives once, in kpis.yml; the quoted 目標 cell that prints it must say the same number."""
    data = site.plan("tome")
    assert data.kpis
    for kpi in data.kpis:
        ini = data.initiative(kpi.initiative)
        printed = " ".join(ms.text.ja for ms in ini.milestones) + " " + " ".join(s.text.ja for s in ini.roadmap)
        value = kpi.target.value
        shown = str(int(value)) if float(value).is_integer() else str(value)
        assert shown in _numbers(printed), f"{kpi.id}: target {shown} is not in the printed cells {printed!r}"
        if kpi.step_per_year is not None and any(_numbers(s.text.ja) for s in ini.roadmap):
            step = str(int(kpi.step_per_year))
            assert all(step in _numbers(s.text.ja) for s in ini.roadmap), f"{kpi.id}: step {step} per year"


def test_consecutive_steps_share_one_row_like_the_source_table(site) -> None:
    """The source prints a 取組 row as one row of cells; steps that do not overlap stay in one <tr>."""
    from macros.render.html import Ctx

    data = site.plan("tome")
    ini = data.initiative("e-application-procedures")
    years = initiatives_r.roadmap_years(data)
    rows = initiatives_r.roadmap_rows(ini, years, Ctx(site=site, lang="ja"), None)
    assert rows.count("<tr") == 1 and rows.count("10手続追加") == len(ini.roadmap) == len(years)


ALL_PLANS = ("ishinomaki", "shirakawa", "tome", "date", "shiroishi")


def printed_values(data: PlanData) -> list[tuple[tuple[str, ...], str, str]]:
    """(macro calls that show it, where in data, text as printed) for every value kept as printed."""
    items = []
    for fig in data.figures:
        if fig.printed:
            items.append(((f"figure:{fig.id}",), f"figures.yml {fig.id}.printed", fig.printed.ja))
    for kpi in data.kpis:
        values = [("baseline", kpi.baseline), ("target", kpi.target)] + \
            [(f"actuals[{n}]", o) for n, o in enumerate(kpi.actuals)] + \
            [(f"planned[{n}]", p) for n, p in enumerate(kpi.planned)]
        for name, value in values:
            if value is not None and value.printed is not None:
                items.append((("kpi_table:",), f"kpis.yml {kpi.id}.{name}.printed", value.printed.ja))
    for table in data.tables:
        for r, row in enumerate(table.rows):
            for column, entry in (row.get("printed") or {}).items():
                if isinstance(entry, dict):
                    items.append(((f"data_table:{table.id}",), f"tables.yml {table.id} row {r + 1} printed.{column}",
                                  entry["ja"]))
    return items


def test_every_printed_value_is_on_its_japanese_page_exactly_and_not_on_the_english_one(built, site) -> None:
    """A value the data keeps as printed (printed: {ja: ７％増}) reaches its Japanese page exactly as
    printed, full-width digits and all; its English twin writes the number in English instead."""
    missing, unshown, leaked, count = [], [], [], 0
    for plan in ALL_PLANS:
        data = site.plan(plan)
        for lang in LANGS:
            pages = calls(plan, lang)
            texts = {stem: page_text(built_page(built, plan, lang, stem)) for stem in pages}
            for shows, where, text in printed_values(data):
                count += lang == "ja"
                shown_on = [stem for stem, made in pages.items() if any(c in made for c in shows)]
                if not shown_on:
                    unshown.append(f"{plan} {lang} {where}: no page calls {' or '.join(shows)}")
                elif lang == "ja" and not any(squeeze(text) in texts[stem] for stem in shown_on):
                    missing.append(f"{plan} {where}: {text!r} not on {shown_on}")
                elif lang == "en" and not text.isascii() and any(text in texts[stem] for stem in shown_on):
                    leaked.append(f"{plan} {where}: {text!r} on the English page {shown_on}")
    assert count >= 40, f"only {count} printed values found in data: the collection above is broken"
    assert not unshown, "\n".join(unshown)
    assert not missing, "\n".join(missing)
    assert not leaked, "\n".join(leaked)
