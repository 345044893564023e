"""A number exactly as the source prints it (printed: {ja: …}): read, checked against its value,
shown on Japanese pages, written in English on English pages, and exported beside the value."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from macros.core.load import load_site
from macros.core.messages import staff_text
from macros.core.printed import disagreement, printed_numbers
from macros.publish import opendata
from macros.render import kpis, plan, tables
from macros.render.html import Ctx
from tests.sites import load_problems
from tests.sites import replace_in as replace

FIGURES = "data/plans/sample/figures.yml"
KPIS = "data/plans/sample/kpis.yml"
TABLES = "data/plans/sample/tables.yml"






@pytest.mark.parametrize(("text", "numbers"), [
    ("１６，４０１件", ["16401"]), ("16,401件", ["16401"]), ("16、401件", ["16401"]), ("７％増", ["7"]),
    ("１８．８％", ["18.8"]), ("４割程度", ["40"]), ("約２万人", ["20000"]), ("３分野２０項目", ["3", "20"]),
    ("毎月各２回程度", ["2"]), ("約 20％", ["20"]), ("新規", []),
])
def test_printed_numbers_read_as_a_reader_does(text: str, numbers: list[str]) -> None:
    assert printed_numbers(text) == [Decimal(n) for n in numbers]


def test_disagreement_only_when_the_printed_text_says_another_number() -> None:
    assert disagreement("１６，４０１件", 16401) == ""
    assert disagreement("１５．０％", 15) == ""          # 15.0 and 15 are the same number
    assert disagreement("５０％削減", 50) == ""
    wrong = disagreement("１６，４１０件", 16401)
    assert "16410" in wrong and "16401" in wrong and "\n    English: " in wrong
    assert "2" in disagreement("３分野２０項目", 3).split("\n")[0]     # two numbers: one value each
    assert "no number" in disagreement("新規", 1)


def test_check_reports_each_disagreement_with_file_line_in_both_languages(mini: Path) -> None:
    replace(mini, FIGURES, "    value: 1104\n", '    value: 1104\n    printed: {ja: "1,105人"}\n')
    replace(mini, KPIS, "target: {fiscal_year: 2027, value: 15.0,", 'target: {fiscal_year: 2027, value: 15.0, '
            'printed: {ja: "１５．５％"},')
    replace(mini, TABLES, "total: 8, abolished: 7, printed: {rate: 87.5}",
            "total: 8, abolished: 7, printed: {rate: 87.5, total: {ja: ９件}}")
    found = problems(mini)
    assert len(found) == 3, found
    figure, kpi, table = sorted(found)
    assert figure.startswith("data/plans/sample/figures.yml:5: figures 1つ目 › printed: printed の「1,105人」")
    assert "\n    English: figures[0].printed: the printed text '1,105人' says 1105, but value: is 1104" in figure
    assert kpi.startswith("data/plans/sample/kpis.yml:17: ") and "15.5" in kpi and "value: is 15" in kpi
    assert table.startswith("data/plans/sample/tables.yml:16: ") and "'９件' says 9, but value: is 8" in table


def test_table_printed_entries_keep_their_shape(mini: Path) -> None:
    replace(mini, TABLES, "total: 8, abolished: 7, printed: {rate: 87.5}",
            "total: 8, abolished: 7, printed: {rate: {ja: ８７．５％}, total: ８, kind: {ja: 申請}}")
    found = problems(mini)
    assert len(found) == 3, found
    text = "\n".join(found)
    assert "printed.rate: a derived column's printed value is the figure the source prints" in text
    assert "printed.total: a number column's printed value is its text as printed" in text
    assert "printed.kind: 'kind' is not a number or derived column" in text


@pytest.fixture
def printed_site(mini: Path):
    replace(mini, FIGURES, "    value: 1104\n", '    value: 1104\n    printed: {ja: "１，１０４人"}\n')
    replace(mini, KPIS, "baseline: {fiscal_year: 2023, value: 16401,",
            "baseline: {fiscal_year: 2023, value: 16401, printed: {ja: １６，４０１件},")
    replace(mini, KPIS, "target: {fiscal_year: 2027, value: 15.0,", "target: {fiscal_year: 2027, value: 15.0, "
            "printed: {ja: １５．０％},")
    replace(mini, TABLES, "total: 8, abolished: 7, printed: {rate: 87.5}",
            "total: 8, abolished: 7, printed: {rate: 87.5, total: {ja: ８件}}")
    return load_site(mini)


def ctx(site, lang: str) -> Ctx:
    return Ctx(site=site, lang=lang, page_url="plans/sample/")


def test_japanese_pages_show_the_printed_text_english_pages_the_number(printed_site) -> None:
    data = printed_site.plan("sample")
    assert plan.figure(data, "respondents", ctx(printed_site, "ja")) == "１，１０４人"
    assert plan.figure(data, "respondents", ctx(printed_site, "en")) == "1,104 people"
    # the KPI table (the charts after it are the site's drawing of the numbers, in the site's format)
    ja = kpis.kpi_table(data, ctx(printed_site, "ja")).split('class="dx-charts"')[0]
    en = kpis.kpi_table(data, ctx(printed_site, "en")).split('class="dx-charts"')[0]
    assert "１６，４０１件" in ja and "16,401件" not in ja and "１５．０％" in ja
    assert "16,401" in en and "１６，４０１" not in en and "15.0%" in en and "１５．０" not in en
    # the figure computed from the printed baseline is still computed from the number (progress)
    assert kpis.status(data.kpi("line-friends"), "ja") == kpis.status(
        load_site(Path(__file__).parent / "fixtures" / "mini").plan("sample").kpi("line-friends"), "ja")
    table_ja = tables.data_table(data, data.tables[0].id, ctx(printed_site, "ja"))
    table_en = tables.data_table(data, data.tables[0].id, ctx(printed_site, "en"))
    assert "８件" in table_ja and "８件" not in table_en


def test_a_printed_target_keeps_the_sites_words_for_its_kind(mini: Path) -> None:
    replace(mini, KPIS, "    target: {fiscal_year: 2027, value: 83, source: {page: 9}}",
            "    target: {fiscal_year: 2027, value: 7, kind: change_per_year, printed: {ja: ７％増}, source: {page: 9}}")
    site = load_site(mini)
    kpi = site.plan("sample").kpi("procedures-online")
    unit = site.unit(kpi.unit)
    ja = kpis.target_text(kpi, unit, ctx(site, "ja"))
    en = kpis.target_text(kpi, unit, ctx(site, "en"))
    assert ja.startswith('前年度比 <span class="dx-printed">７％増</span><span')
    assert en.startswith("year on year +7 procedures<span")


def test_open_data_exports_the_printed_text_beside_the_value(printed_site) -> None:
    rows = {d.id: opendata.dataset_rows(d, printed_site) for d in opendata.DATASETS}
    baseline = next(r for r in rows["kpi-values"] if r["kpi_id"] == "line-friends" and r["value_kind"] == "baseline")
    assert (baseline["value"], baseline["printed_ja"]) == (16401, "１６，４０１件")
    actual = next(r for r in rows["kpi-values"] if r["kpi_id"] == "line-friends" and r["value_kind"] == "actual")
    assert actual["printed_ja"] == ""
    figure = next(r for r in rows["figures"] if r["figure_id"] == "respondents")
    assert (figure["value"], figure["printed_ja"]) == (1104, "１，１０４人")
    cell = next(r for r in rows["table-cells"] if r["column"] == "total" and r["row"] == 1)
    assert (cell["value"], cell["printed"]) == (8, "８件")
    rate = next(r for r in rows["table-cells"] if r["column"] == "rate" and r["row"] == 1)
    assert rate["printed"] == 87.5


def test_the_goal_row_keeps_the_label_the_source_prints() -> None:
    """登米市 prints its 目標 row as 「目 標」: that label, not the site's 目標事項, heads each initiative's
    goals; a plan whose source prints no label keeps the site's own word. Open data keeps the column names
    goal_ja / goal_en and gives every goal a row."""
    from macros.render import initiatives

    from .conftest import ROOT

    site = load_site(ROOT)
    tome, ishinomaki = site.plan("tome"), site.plan("ishinomaki")
    assert tome.plan.goal_label is not None and ishinomaki.plan.goal_label is None
    group = next(i.group for i in tome.initiatives if i.milestones)
    ja = initiatives.initiatives(tome, group, ctx(site, "ja"))
    en = initiatives.initiatives(tome, group, ctx(site, "en"))
    assert "<strong>目 標</strong>" in ja and "目標事項" not in ja
    assert "<strong>Goal</strong>" in en and "Target milestones" not in en
    group = next(i.group for i in ishinomaki.initiatives if i.milestones)
    assert "<strong>目標事項</strong>" in initiatives.initiatives(ishinomaki, group, ctx(site, "ja"))
    roadmaps = next(d for d in opendata.DATASETS if d.id == "roadmaps")
    names = [c.name for c in roadmaps.columns]
    assert {"goal_ja", "goal_en", "goal_timing"} <= set(names)
    rows = opendata.dataset_rows(roadmaps, site)
    goals = [(r["plan_id"], r["initiative_id"], r["goal_ja"]) for r in rows if r["goal_ja"]]
    expected = [(d.id, i.id, ms.text.ja) for d in site.plans.values() for i in d.initiatives for ms in i.milestones]
    assert expected and all(goal in goals for goal in expected)


def problems(root: Path) -> list[str]:
    return load_problems(root, staff_text)
