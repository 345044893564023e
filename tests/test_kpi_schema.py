"""KPIs as cities publish them (issue 16): a target per year (1,000人/年), values planned per year kept
apart from results, a KPI whose baseline is no number, a source address per fact, units a plan adds
itself, and a clear rule for a target after the plan period. Each on a copy of the mini fixture."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from macros.core.load import load_site
from macros.render import kpis as kpis_r
from macros.render import portal as portal_r
from macros.render.html import Ctx
from tests.sites import load_problems as problems

KPIS = "data/plans/sample/kpis.yml"
PLAN = "data/plans/sample/plan.yml"

CLASSES_KPI = """  - id: smartphone-classes
    initiative: line-account
    name: {ja: スマートフォン教室の参加者数, en: Smartphone class participants}
    unit: sessions-people
    direction: increase
    baseline_text: {ja: 未実施, en: not held}
    planned:
      - {fiscal_year: 2025, value: 800}
      - {fiscal_year: 2026, value: 1000}
    actuals:
      - {fiscal_year: 2025, value: 950, source: {url: "https://www.city.example.lg.jp/kouhou/2026-05.html"}}
    target: {fiscal_year: 2027, value: 1000, kind: each_year, source: {page: 21}}
"""
PLAN_UNITS = """units:
  - {id: sessions-people, ja: 人, en: participants, en_one: participant, integer: true}
"""


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + text, encoding="utf-8")




def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def city(mini: Path) -> Path:
    """The mini plan with a KPI as 登米市-like plans print them, and the unit it needs in plan.yml."""
    add(mini, KPIS, CLASSES_KPI)
    add(mini, PLAN, PLAN_UNITS)
    return mini


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_kpi_as_cities_publish_it_is_shown_as_printed(city: Path, lang: str) -> None:
    site = load_site(city)
    data = site.plan("sample")
    html = kpis_r.kpi_table(data, Ctx(site=site, lang=lang, page_url="plans/sample/kpis/"))
    shown = text_of(html)
    row = shown.split("スマートフォン教室の参加者数" if lang == "ja" else "Smartphone class participants", 1)[1]
    if lang == "ja":
        assert "未実施" in row and "毎年度 1,000人" in row and "最新の年度は目標に届かず" in row
        assert "年度別の計画値と実績" in shown and "計画値" in shown and "実績" in shown
        assert "基準値以降の実績は未登録" not in row
    else:
        assert "not held" in row and "1,000 participants each fiscal year" in row and "Below the target in the latest year" in row
        assert "No result recorded since the baseline" not in row
    # planned values and results are two rows: 800 planned and 950 achieved in FY2025 both appear
    assert "800" in shown and "950" in shown
    assert "https://www.city.example.lg.jp/kouhou/2026-05.html" in shown


def test_dashboard_does_not_say_no_result_since_the_baseline_without_a_baseline(city: Path) -> None:
    edit(city, KPIS, "      - {fiscal_year: 2025, value: 950, source: {url: \"https://www.city.example.lg.jp/kouhou/2026-05.html\"}}\n", "")
    edit(city, KPIS, "    actuals:\n    target: {fiscal_year: 2027, value: 1000, kind: each_year",
         "    target: {fiscal_year: 2027, value: 1000, kind: each_year")
    site = load_site(city)
    for lang, wrong, right in (("ja", "基準値以降の実績は未登録", "実績は未登録（数値の基準値なし）"),
                               ("en", "No result recorded since the baseline", "No result recorded yet (no numeric baseline)")):
        html = portal_r.kpi_dashboard(site, Ctx(site=site, lang=lang, page_url="dashboard/"))
        row = [r for r in html.split("<tr") if "smartphone" in r.lower() or "スマートフォン" in r][0]
        assert right in row and wrong not in row


def test_a_plan_local_unit_needs_no_edit_of_units_yml_and_means_one_thing(city: Path) -> None:
    site = load_site(city)
    assert site.unit("sessions-people").ja == "人"
    assert "sessions-people" not in (city / "data" / "units.yml").read_text(encoding="utf-8")
    edit(city, PLAN, "{id: sessions-people, ja: 人", "{id: count, ja: 人")
    found = problems(city)
    assert len(found) == 2, found
    assert re.fullmatch(rf"{PLAN}:\d+: units\[0\]\.id: the unit 'count' is already in data/units.yml; use it as it "
                        "is, or give this unit another id", found[1]), found
    assert re.match(rf"{KPIS}:\d+: kpis\[3\]\.unit: no unit .* with id 'sessions-people'", found[0]), found


def test_a_target_after_the_period_says_what_to_write(mini: Path) -> None:
    edit(mini, KPIS, "target: {fiscal_year: 2027, value: 27000, source: {page: 17}}",
         "target: {fiscal_year: 2030, value: 27000, source: {page: 17}}")
    (message,) = problems(mini)
    assert message == (f"{KPIS}:10: kpis[0].target.fiscal_year: the target year 2030 is after the plan period "
                       "(2023–2027); if the source sets it for that year, write beyond_period: true in target:, "
                       "otherwise correct the year")
    edit(mini, KPIS, "value: 27000, source: {page: 17}}", "value: 27000, beyond_period: true, source: {page: 17}}")
    site = load_site(mini)
    html = kpis_r.kpi_table(site.plan("sample"), Ctx(site=site, lang="ja", page_url="plans/sample/"))
    assert "計画期間後の目標" in text_of(html)
    edit(mini, KPIS, "fiscal_year: 2030, value: 27000, beyond_period: true",
         "fiscal_year: 2027, value: 27000, beyond_period: true")
    (message,) = problems(mini)
    assert "kpis[0].target.beyond_period: beyond_period is true but the target year 2027 is within" in message


def test_two_planned_values_for_one_year_and_two_baselines_are_refused(city: Path) -> None:
    edit(city, KPIS, "      - {fiscal_year: 2026, value: 1000}", "      - {fiscal_year: 2025, value: 1000}")
    edit(city, KPIS, "    baseline_text: {ja: 未実施, en: not held}",
         "    baseline_text: {ja: 未実施, en: not held}\n    baseline: {fiscal_year: 2024, value: 0, source: {page: 21}}")
    found = problems(city)
    assert any("kpis[3].planned[1].fiscal_year: fiscal year 2025 has two planned values" in p for p in found), found
    assert any("kpis[3].baseline_text: baseline_text is for a baseline the source gives without a number" in p
               for p in found), found
