"""Basis (stated / reconstructed / inferred): every marked value shows its mark where it appears,
is exported with its basis, and is listed by `dxplans provenance` with its place."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
from pathlib import Path

import pytest
import yaml

from macros.checks.pages import PageRenderer, read_pages
from macros.cli import provenance
from macros.core.basis import plan_entries, site_entries
from macros.core.load import load_site
from macros.publish import opendata
from macros.render import glossary, initiatives, kpis, plan, tables
from macros.render.html import Ctx, esc
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def site():
    return load_site(ROOT)


def _rendered_calls(site, root: Path):
    """(docs/ja/… file:line, html in ja, html in en) of every macro call of every Japanese page and its twin."""
    renderer = PageRenderer(site, root, dt.date(2026, 12, 1))
    pages = read_pages(renderer)
    out = {}
    for file, page in pages.pages.items():
        if page.lang != "ja":
            continue
        for call in page.template.calls:
            macro = renderer.macros[call.name]
            html = {}
            for lang in ("ja", "en"):
                ctx = Ctx(site=site, lang=lang, page_url=page.url, pages=renderer.index, today=renderer.today)
                html[lang] = macro.run(ctx, *call.args, **dict(call.kwargs))
            place = out.setdefault(f"{file}:{call.line}", {"ja": "", "en": ""})   # several calls on a line
            for lang in ("ja", "en"):
                place[lang] += html[lang]
    return out


def test_no_reconstructed_or_inferred_value_is_shown_without_its_mark(site) -> None:
    """Walks the data for every basis entry and checks the page that shows its record: the mark word
    and the reason are there, in both languages."""
    entries = list(site_entries(site))
    assert entries, "the data has values marked reconstructed or inferred"
    calls = _rendered_calls(site, ROOT)
    index = provenance.page_index(site, ROOT)
    checked = 0
    for entry in entries:
        places = index.get((entry.plan_id, provenance.record_key(entry)), [])
        assert places, f"{entry.plan_id} {entry.path} {entry.field}: the record is shown on no page"
        for place in places:
            html = calls[place]
            word_ja = {"reconstructed": "再構成", "inferred": "推定"}[entry.basis.kind]
            assert f'<summary class="dx-basis-word">{word_ja}</summary>' in html["ja"] \
                or f"［{word_ja}：" in html["ja"], (place, entry.field)
            assert esc(entry.basis.reason.ja) in html["ja"], (place, entry.field)
            assert esc(entry.basis.reason.en) in html["en"], (place, entry.field)
            checked += 1
    assert checked >= len(entries)


MARKED = {
    # file: (text to find, text to put after it) — one value of each kind of record, marked inferred
    "plan.yml": ("prefecture:", None),
    "initiatives.yml": ("    completed_fy: 2023\n", "    basis: {completed_fy: {kind: inferred, reason: "
                        "{ja: 完了年度は推定, en: completion year inferred}}}\n"),
    "kpis.yml": ("    target: {fiscal_year: 2027, value: 27000, source: {page: 17}}\n",
                 "    basis: {target.fiscal_year: {kind: inferred, reason: {ja: 目標年度は推定, en: target year inferred}}}\n"),
    "glossary.yml": ("    definition: {ja: 誰でも使えるデータ, en: Data anyone may use}\n",
                     "    basis: {definition: {kind: reconstructed, reason: {ja: 定義は本文から再構成, "
                     "en: definition rebuilt from the text}}}\n"),
    "tables.yml": ("printed: {rate: 87.5}}", None),
}


def test_marks_on_every_kind_of_record(mini) -> None:
    """Marks where a single field is marked: a completion year, a KPI target year, a glossary
    definition, a table cell, the plan's prefecture."""
    base = mini / "data" / "plans" / "sample"
    for name, (find, add) in MARKED.items():
        path = base / name
        text = path.read_text(encoding="utf-8")
        assert find in text, name
        if name == "plan.yml":
            text = text.replace("prefecture:", "basis: {prefecture: {kind: inferred, reason: {ja: 県名は推定, "
                                "en: prefecture inferred}}}\nprefecture:", 1)
        elif name == "tables.yml":
            text = text.replace(find, "printed: {rate: 87.5},\n         basis: {total: {kind: inferred, reason: "
                                "{ja: 件数は推定, en: count inferred}}}}", 1)
        else:
            text = text.replace(find, find + add, 1)
        path.write_text(text, encoding="utf-8")
    site = load_site(mini)
    data = site.plan("sample")
    assert len(list(plan_entries(data))) == 6  # and the roadmap bar the fixture already marks

    def html(lang: str) -> str:
        ctx = Ctx(site=site, lang=lang, page_url="plans/sample/")
        return "".join([plan.plan_header(data, ctx), initiatives.initiatives(data, "a-1", ctx),
                        kpis.kpi_table(data, ctx), glossary.glossary(data, ctx),
                        tables.data_table(data, "seal-review", ctx)])

    ja, en = html("ja"), html("en")
    for reason_ja, reason_en in (("県名は推定", "prefecture inferred"), ("完了年度は推定", "completion year inferred"),
                                 ("目標年度は推定", "target year inferred"), ("定義は本文から再構成", "definition rebuilt"),
                                 ("件数は推定", "count inferred")):
        assert reason_ja in ja and reason_en in en
    assert ja.count('<summary class="dx-basis-word">推定</summary>') >= 4
    assert ja.count('<summary class="dx-basis-word">再構成</summary>') >= 2  # the definition and the roadmap bar
    # a mark is a keyboard-operable <details>, never a hover-only title
    assert 'title="' not in "".join(re.findall(r"<details class=\"dx-basis[^>]*>.*?</details>", ja))

    rows = {d.id: opendata.dataset_rows(d, site) for d in opendata.DATASETS}
    plan_row = rows["plans"][0]
    assert plan_row["basis"] == "prefecture=inferred" and "県名は推定" in plan_row["basis_reason_ja"]
    seal = next(r for r in rows["initiatives"] if r["initiative_id"] == "seal-abolition")
    assert seal["basis"] == "completed_fy=inferred" and seal["basis_reason_en"] == "completed_fy: completion year inferred"
    target = next(r for r in rows["kpi-values"] if r["kpi_id"] == "line-friends" and r["value_kind"] == "target")
    assert target["basis"] == "fiscal_year=inferred"
    cell = next(r for r in rows["table-cells"] if r["row"] == 1 and r["column"] == "total")
    assert cell["basis"] == "inferred" and cell["basis_reason_ja"] == "件数は推定"
    assert len(rows["value-basis"]) == 6  # the five above and the roadmap bar's start year


def test_open_data_exports_roadmap_placement_goal_and_basis(site) -> None:
    rows = opendata.dataset_rows(next(d for d in opendata.DATASETS if d.id == "roadmaps"), site)
    columns = [c.name for c in next(d for d in opendata.DATASETS if d.id == "roadmaps").columns]
    assert {"goal_ja", "goal_en", "timing_uncertain", "basis", "basis_reason_ja", "basis_reason_en"} <= set(columns)
    uncertain = [r for r in rows if r["timing_uncertain"]]
    marked = [s for d in site.plans.values() for i in d.initiatives for s in i.roadmap
              if s.basis_of("start_fy") or s.basis_of("end_fy")] + \
        [ms for d in site.plans.values() for i in d.initiatives for ms in i.milestones if ms.basis_of("fiscal_year")]
    assert len(uncertain) == len(marked) > 0
    assert all(r["basis"] and r["basis_reason_ja"] for r in uncertain)
    goals = [r for r in rows if r["goal_ja"]]
    # every goal cell: a row by fiscal year's goal, and every milestone (the source's 目標 row or column)
    assert len(goals) == sum(1 for d in site.plans.values() for i in d.initiatives for y in i.years if y.goal) \
        + sum(len(i.milestones) for d in site.plans.values() for i in d.initiatives)
    everything = opendata.dataset_rows(next(d for d in opendata.DATASETS if d.id == "value-basis"), site)
    assert len(everything) == len(list(site_entries(site)))
    # the internal source-text file is never exported
    for dataset in opendata.DATASETS:
        for row in opendata.dataset_rows(dataset, site):
            assert not any(isinstance(v, str) and re.fullmatch(r"\d{3}_[0-9a-f]{16}\.txt", v) for v in row.values())


def test_provenance_lists_every_marked_value_of_every_plan_with_its_place(site) -> None:
    for plan_id, data in site.plans.items():
        out = io.StringIO()
        assert provenance.cmd_provenance(argparse.Namespace(plans=[plan_id]), ROOT, out) == 0
        table = out.getvalue()
        entries = list(plan_entries(data))
        assert table.startswith(f"# {data.plan.title.ja}")
        assert f"{len(entries)} 件" in table
        lines = [line for line in table.splitlines() if re.match(r"\| \d+ \|", line)]
        assert len(lines) == len(entries)
        for line, entry in zip(lines, entries):
            assert esc(entry.basis.reason.ja).replace("&#95;", "_") in line or entry.basis.reason.ja in line
            place = re.search(r"(data/plans/[\w-]+/[\w.]+):(\d+)", line)
            assert place, line
            text = (ROOT / place[1]).read_text(encoding="utf-8").splitlines()[int(place[2]) - 1]
            assert text.strip().startswith(entry.field.split(".")[0] + ":") or entry.field in text, (line, text)
            assert "docs/ja/" in line  # the page that shows it


def test_provenance_of_an_unknown_plan_says_which_exist(capsys) -> None:
    assert provenance.cmd_provenance(argparse.Namespace(plans=["nope"]), ROOT, io.StringIO()) == 2
    err = capsys.readouterr().err
    assert "計画「nope」はありません" in err and "English: no plan 'nope'" in err


def test_basis_how_to_in_contributing_parses() -> None:
    """The example staff copy from CONTRIBUTING is valid YAML with the fields the model takes."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(  - id: seal-abolition\n.*?)```", text, re.S)[1]
    record = yaml.safe_load(block)[0]
    from macros.core import models as m
    assert m.Basis.model_validate(record["basis"]["completed_fy"]).kind == "inferred"
