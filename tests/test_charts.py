"""KPI charts draw every value a KPI has (results, planned values, computed yearly targets, a level
target or a target for each fiscal year), the table beside the chart lists exactly what is drawn, and a
value the source does not state as shown carries its mark in the chart's sentence, labels and table."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from macros.core import models as m
from macros.render import charts, kpis, portal
from macros.render.html import Ctx

INFERRED = m.Basis(kind="inferred", reason=m.Text(ja="年度は原文にない", en="The source names no year"))
RECONSTRUCTED = m.Basis(kind="reconstructed", reason=m.Text(ja="表の幅から再構成", en="Rebuilt from the table"))
WORD = {"ja": {"inferred": "推定", "reconstructed": "再構成"}, "en": {"inferred": "inferred", "reconstructed": "reconstructed"}}


def ctx(site, lang: str) -> Ctx:
    return Ctx(site=site, lang=lang, page_url="plans/sample/kpis/")


def kpi(site, **update) -> m.Kpi:
    """The fixture's LINE friends (baseline FY2023 16,401, result FY2024 21,700, target FY2027 27,000), changed."""
    return site.plan("sample").kpis[0].model_copy(update=update)


def planned_kpi(site) -> m.Kpi:
    base = kpi(site)
    return kpi(site, planned=[m.Planned(fiscal_year=2025, value=23000), m.Planned(fiscal_year=2026, value=25000),
                              m.Planned(fiscal_year=2027, value=27000, basis={"value": RECONSTRUCTED})],
               baseline=base.baseline.model_copy(update={"basis": {"fiscal_year": INFERRED}}))


def each_year_kpi(site) -> m.Kpi:
    base = kpi(site)
    return kpi(site, target=base.target.model_copy(update={"kind": "each_year", "value": 20000}))


def table_rows(html: str) -> list[tuple[str, str, str]]:
    """(year, kind, value) of the chart's table, as a reader sees them (marks' words left out)."""
    table = html.split('<table class="dx-chart-data">', 1)[1].split("</table>", 1)[0]
    out = []
    for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1]):
        cells = [re.sub(r"<details.*?</details>", "", c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
        out.append(tuple(re.sub(r"<[^>]+>", "", c) for c in cells))
    return out


def svg_marks(html: str) -> list[tuple[str, float]]:
    """(kind, vertical position of its centre) of every point drawn."""
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    out = [(k, float(cy)) for cy, k in re.findall(r'<circle cx="[\d.]+" cy="([\d.]+)" r="5" class="dx-mark-(\w+)"', svg)]
    out += [("planned", float(top) + 7) for top in re.findall(r'<polygon points="[\d.]+,([\d.]+) ', svg)]
    out += [("target", float(top) + 6) for top in re.findall(r'<rect x="[\d.]+" y="([\d.]+)"', svg)]
    return out


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_planned_values_are_drawn_and_listed_beside_the_chart(mini_site, lang: str) -> None:
    item = planned_kpi(mini_site)
    assert charts.chartable(item)
    html = charts.kpi_chart(item, ctx(mini_site, lang))
    rows = table_rows(html)
    planned_word = "計画値" if lang == "ja" else "Planned"
    assert [r[0] for r in rows if r[1] == planned_word] == (["令和7年度", "令和8年度", "令和9年度"] if lang == "ja"
                                                           else ["FY2025", "FY2026", "FY2027"])
    drawn = svg_marks(html)
    # one mark drawn for every row of the table, of the same kind
    kinds = {"基準値": "baseline", "実績値": "actual", "計画値": "planned", "目標値": "target",
             "Baseline": "baseline", "Actual": "actual", "Planned": "planned", "Target": "target"}
    assert sorted(k for k, _ in drawn) == sorted(kinds[r[1]] for r in rows)
    # and at the height of its value: a larger value is drawn higher (smaller y), an equal one level
    values = {k: [] for k in kinds.values()}
    for _, kind, value in rows:
        values[kinds[kind]].append(Decimal(re.sub(r"[^\d.]", "", value)))
    heights = {k: sorted(y for kk, y in drawn if kk == k) for k in values}
    pairs = [(v, y) for k in values for v, y in zip(sorted(values[k], reverse=True), heights[k])]
    for (v1, y1) in pairs:
        for (v2, y2) in pairs:
            if v1 > v2:
                assert y1 < y2, (v1, y1, v2, y2)
            elif v1 == v2:
                assert abs(y1 - y2) < 0.2
    assert "dx-planned-line" in html
    assert f'dx-key-planned" aria-hidden="true">◆</span>{planned_word}' in html


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_target_for_each_year_is_a_labelled_line_over_its_years(mini_site, lang: str) -> None:
    item = each_year_kpi(mini_site)
    assert charts.chartable(item)
    html = charts.kpi_chart(item, ctx(mini_site, lang))
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    label = "目標値 毎年度 20,000件" if lang == "ja" else "Target 20,000 each fiscal year"
    assert f">{label}</text>" in svg
    assert 'class="dx-target-line dx-each-year"' in svg and "<rect" not in svg   # a line, not a year's square
    line = re.search(r'<line x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="[\d.]+" class="dx-target-line', svg)
    ticks = [float(t) for t in re.findall(r'<line x1="([\d.]+)" y1="202" x2="[\d.]+" y2="207"', svg)]
    assert ticks, "a tick for each fiscal year"
    # from the first year after the baseline (FY2024) to the target's year (FY2027)
    assert (float(line[1]), float(line[3])) == (ticks[1], ticks[-1])
    assert table_rows(html)[-1] == (("令和9年度まで", "目標値（毎年度）", "20,000件") if lang == "ja"
                                    else ("up to FY2027", "Target (each fiscal year)", "20,000"))
    sentence = re.search(r"<figcaption>(.*?)</figcaption>", html)[1]
    assert ("目標は令和9年度まで毎年度20,000件です" if lang == "ja" else
            "the target is 20,000 each fiscal year up to FY2027") in sentence


def test_each_year_target_without_a_result_is_said_in_words(mini_site) -> None:
    base = kpi(mini_site, actuals=[])
    item = base.model_copy(update={"target": base.target.model_copy(update={"kind": "each_year"})})
    assert charts.no_result(item) and not charts.chartable(item)
    html = charts.no_result_summary(item, ctx(mini_site, "ja"))
    assert "目標値 毎年度 27,000件" in html and "実績はまだ公表されていません" in html


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_marked_values_carry_their_marks_in_the_chart_its_table_and_its_sentence(mini_site, lang: str) -> None:
    item = planned_kpi(mini_site)
    html = charts.kpi_chart(item, ctx(mini_site, lang))
    words = WORD[lang]
    table = html.split('<table class="dx-chart-data">', 1)[1]
    baseline_row = next(r for r in re.findall(r"<tr>(.*?)</tr>", table) if "16,401" in r)
    year_cell = re.match(r"<th[^>]*>(.*?)</th>", baseline_row)[1]
    assert f'<summary class="dx-basis-word">{words["inferred"]}</summary>' in year_cell   # the year is inferred
    assert (INFERRED.reason.ja if lang == "ja" else INFERRED.reason.en) in year_cell
    planned_row = next(r for r in re.findall(r"<tr>(.*?)</tr>", table) if "27,000" in r and ("計画値" in r or "Planned" in r))
    value_cell = re.findall(r"<td[^>]*>(.*?)</td>", planned_row)[-1]
    assert f'<summary class="dx-basis-word">{words["reconstructed"]}</summary>' in value_cell
    # the stated values have none
    assert table.count("<details") == 2
    sentence = re.search(r"<figcaption>(.*?)</figcaption>", html)[1]
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", html)[1]
    expected = ("令和5年度（推定）の基準値16,401件", "計画値27,000件（再構成）") if lang == "ja" else \
        ("baseline 16,401 in FY2023 (inferred)", "planned 27,000 (reconstructed) in FY2027")
    for text in (sentence, desc):
        assert all(e in text for e in expected), text
    # the inferred baseline year is labelled so on the chart's axis
    svg = html.split("<svg", 1)[1]
    assert (">令和5年度（推定）</text>" if lang == "ja" else ">FY2023 (inferred)</text>") in svg


def test_marked_values_carry_their_marks_where_no_result_is_published(mini_site) -> None:
    base = mini_site.plan("sample").kpis[2]
    item = base.model_copy(update={
        "baseline": base.baseline.model_copy(update={"basis": {"fiscal_year": INFERRED}}),
        "basis": {"target.value": RECONSTRUCTED}})
    html = charts.no_result_summary(item, ctx(mini_site, "ja"))
    assert "令和5年度<details class=\"dx-basis dx-basis-inferred\">" in html
    assert "83手続<details class=\"dx-basis dx-basis-reconstructed\">" in html
    assert "<p" not in html.split('class="dx-course"', 1)[1].split("</div>", 1)[0]   # no <details> in a <p>


def test_planned_values_table_carries_marks(mini_site) -> None:
    item = planned_kpi(mini_site)
    html = kpis.kpi_rows_table([item], ctx(mini_site, "ja"), "KPI")
    table = html.split('class="dx-path"', 1)[1].split("</table>", 1)[0]
    assert '27,000件<details class="dx-basis dx-basis-reconstructed">' in table


def test_priority_matrix_marks_an_inferred_link_and_a_reconstructed_title() -> None:
    import dataclasses

    from macros.core.load import load_site

    from .conftest import ROOT

    site = load_site(ROOT)
    data = next(d for d in site.plans.values() if d.priority_links)
    link = data.priority_links[0]
    ini = data.initiative(link.initiative)
    data2 = dataclasses.replace(
        data, priority_links=[link.model_copy(update={"basis": {"initiative": INFERRED}})] + data.priority_links[1:],
        initiatives=[i.model_copy(update={"basis": {"title": RECONSTRUCTED}}) if i.id == ini.id else i
                     for i in data.initiatives])
    site2 = dataclasses.replace(site, plans={**site.plans, data.id: data2})
    for lang in ("ja", "en"):
        html = portal.priority_matrix(site2, Ctx(site=site2, lang=lang, page_url="priorities/"))
        cell = html.split(f'id="priority-{link.priority}"', 1)[1].split("</tr>", 1)[0]
        assert f'<summary class="dx-basis-word">{WORD[lang]["inferred"]}</summary>' in cell
        assert f'<summary class="dx-basis-word">{WORD[lang]["reconstructed"]}</summary>' in cell
        assert (INFERRED.reason.ja if lang == "ja" else INFERRED.reason.en) in cell
    plain = portal.priority_matrix(site, Ctx(site=site, lang="ja", page_url="priorities/"))
    assert plain.count("<details") == sum(1 for d in site.plans.values() for lk in d.priority_links
                                          if lk.basis_of("initiative") or lk.basis_of("priority")
                                          or lk.basis_of("reason") or d.initiative(lk.initiative).basis_of("title")
                                          or d.initiative(lk.initiative).basis_of("code"))


def test_a_bounded_target_keeps_its_bound_in_the_chart_its_table_and_its_sentence(mini_site) -> None:
    base = kpi(mini_site)
    item = kpi(mini_site, target=base.target.model_copy(update={"kind": "each_year", "value": 20000, "bound": "at_least"}))
    ja = charts.kpi_chart(item, ctx(mini_site, "ja"))
    en = charts.kpi_chart(item, ctx(mini_site, "en"))
    assert table_rows(ja)[-1] == ("令和9年度まで", "目標値（毎年度）", "20,000件以上")
    assert table_rows(en)[-1] == ("up to FY2027", "Target (each fiscal year)", "at least 20,000")
    assert ">目標値 毎年度 20,000件以上</text>" in ja and ">Target at least 20,000 each fiscal year</text>" in en
    assert "目標は令和9年度まで毎年度20,000件以上です" in ja
    assert "the target is at least 20,000 each fiscal year up to FY2027" in en


def test_a_value_kept_as_printed_is_shown_so_on_japanese_pages(mini_site) -> None:
    """printed: {ja: …} reaches the chart's table, sentence and labels in Japanese; English writes the number."""
    base = kpi(mini_site)
    item = kpi(mini_site, baseline=base.baseline.model_copy(update={"printed": m.Printed(ja="１６，４０１件")}),
               target=base.target.model_copy(update={"printed": m.Printed(ja="２７，０００件以上"), "bound": "at_least"}))
    ja = charts.kpi_chart(item, ctx(mini_site, "ja"))
    en = charts.kpi_chart(item, ctx(mini_site, "en"))
    assert table_rows(ja)[0] == ("令和5年度", "基準値", "１６，４０１件")
    assert table_rows(ja)[-1] == ("令和9年度", "目標値", "２７，０００件以上")
    assert "令和5年度の基準値１６，４０１件" in ja and ">目標値 ２７，０００件以上</text>" in ja
    assert table_rows(en)[0] == ("FY2023", "Baseline", "16,401") and ">Target at least 27,000</text>" in en
    summary = charts.no_result_summary(kpi(mini_site, actuals=[], baseline=item.baseline, target=item.target),
                                       ctx(mini_site, "ja"))
    assert "基準値 <span class=\"dx-printed\">１６，４０１件</span>" in summary
    assert "目標値 <span class=\"dx-printed\">２７，０００件以上</span>" in summary
