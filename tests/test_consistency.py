"""The consistency guard: each rule with a passing and a failing case."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from macros.checks import consistency as c
from macros.core.load import load_site

from .test_loader import replace

FIGURES = "data/plans/sample/figures.yml"


def test_printed_rate_that_disagrees_is_reported(mini_site) -> None:
    [finding] = c.table_disagreements(mini_site.plan("sample"))
    assert (finding.where, finding.printed, finding.expected) == ("sample / seal-review / row 2 / rate", "30.0", "33.3")


def test_printed_rate_that_agrees_is_not_reported(mini: Path) -> None:
    replace(mini, "data/plans/sample/tables.yml", "printed: {rate: 30.0}", "printed: {rate: 33.3}")
    assert c.table_disagreements(load_site(mini).plan("sample")) == []


def test_counted_figure_agrees(mini_site) -> None:
    assert c.figure_disagreements(mini_site.plan("sample")) == []


def test_counted_figure_that_disagrees(mini: Path) -> None:
    replace(mini, FIGURES, "    value: 2\n", "    value: 3\n")
    [finding] = c.figure_disagreements(load_site(mini).plan("sample"))
    assert (finding.printed, finding.expected) == ("3", "2")


def test_share_of_grades(mini: Path) -> None:
    replace(mini, FIGURES, "    value: 2\n    unit: count", "    value: 50.0\n    unit: percent")
    replace(mini, FIGURES, "check: {rule: count_graded, grades: [A, B]}", "check: {rule: share_graded, grades: [A], precision: 1}")
    assert c.figure_disagreements(load_site(mini).plan("sample")) == []


def test_stale_kpi_is_a_notice(mini_site) -> None:
    found = c.stale_kpis(mini_site.plan("sample"), dt.date(2026, 11, 22))
    assert {f.where for f in found} == {"sample / KPI line-friends", "sample / KPI inconvenient-share",
                                        "sample / KPI procedures-online"}
    assert all(f.severity == "notice" for f in found)  # reported, never a build failure


def test_fresh_kpi_is_not_stale(mini_site) -> None:
    # in FY2025 the FY2024 result is the newest that can exist
    found = c.stale_kpis(mini_site.plan("sample"), dt.date(2025, 6, 1))
    assert "sample / KPI line-friends" not in {f.where for f in found}


def test_numbers_compare_across_languages() -> None:
    ja = c.numbers_in("令和7年度に16,401件、第３次総合計画、①と②、9割、令和3～6年度、令和元年12月、COVID-19")
    en = c.numbers_in("in FY2025, 16401, the Third Comprehensive Plan, (1) and (2), 90%, FY2021–FY2024, "
                      "December 2019, COVID-19")
    assert set(ja) == set(en)


def test_numbers_in_ignores_may_and_names() -> None:
    assert set(c.numbers_in("residents may apply online with Microsoft 365 and UTF-8")) == set()


def _page(folder: Path, body: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(f"<html><body><article>{body}</article></body></html>", encoding="utf-8")


def test_page_pairs(tmp_path: Path) -> None:
    _page(tmp_path / "plans/a", "LINE友だち 16,401件（令和5年度）")
    _page(tmp_path / "en/plans/a", "LINE friends 16,401 (FY2023)")
    _page(tmp_path / "plans/b", "手続 43件")
    _page(tmp_path / "en/plans/b", "procedures: 34")
    _page(tmp_path / "plans/c", "ページ")
    [gap, missing] = c.page_pair_findings(tmp_path)
    assert (gap.where, gap.printed, gap.expected) == ("plans/b/", "43", "34")
    assert missing.where == "plans/c/" and "no English twin" in missing.note


def test_report_lines() -> None:
    assert c.report_lines([]) == ["consistency: no disagreement found"]


def test_disagreement_the_source_contains_is_reported_not_an_error(mini: Path) -> None:
    replace(mini, "data/plans/sample/tables.yml", "printed: {rate: 30.0}}",
            "printed: {rate: 30.0}, disagreement: {ja: 原文の表記のまま, en: kept as printed in the source}}")
    [finding] = c.table_disagreements(load_site(mini).plan("sample"))
    assert finding.severity == "reported" and finding.note == "kept as printed in the source"


def test_report_page_names_what_it_reports_never_an_internal_id() -> None:
    """Residents read the KPI's, table's and column's names (石巻市：LINE友だち件数), linked to their page;
    the ids of the data (line-friends, my-number-card-issuance) never appear as text, in either language."""
    import re

    from macros.checks.report import consistency_report
    from macros.core.pages import PageIndex
    from macros.render.html import Ctx, esc

    from .conftest import ROOT

    site = load_site(ROOT)
    today = dt.date(2026, 12, 3)
    findings = c.data_findings(site, today)
    assert {f.about[0] for f in findings} >= {"kpi", "table"}, "the real data has stale KPIs and a printed rate"
    ids = set(site.plans)
    for data in site.plans.values():
        ids |= {k.id for k in data.kpis} | {t.id for t in data.tables} | {f.id for f in data.figures}
        ids |= {col.id for t in data.tables for col in t.columns}
    pages = PageIndex(kpi_pages={p: f"plans/{p}/kpis/" for p in site.plans},
                      table_pages={(p, t.id): f"plans/{p}/t/" for p, d in site.plans.items() for t in d.tables})
    for lang in ("ja", "en"):
        html = consistency_report(site, Ctx(site=site, lang=lang, page_url="consistency/", pages=pages), ROOT, today)
        text = re.sub(r"<[^>]+>", " ", html)
        # English prose may use a one-word id as a word ("rate"); a hyphenated id is never prose
        shown = [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)
                 and (lang == "ja" or "-" in i)]
        assert shown == [], f"{lang}: internal ids shown as text: {shown}"
        for finding in findings:
            data = site.plan(finding.about[1])
            city = data.plan.municipality.ja if lang == "ja" else data.plan.municipality.en
            if finding.about[0] == "kpi":
                kpi = next(k for k in data.kpis if k.id == finding.about[2])
                name = kpi.name.ja if lang == "ja" else kpi.name.en
                assert f'{city}{"：" if lang == "ja" else ": "}<a href="../plans/{data.id}/kpis/#kpi-{kpi.id}">' \
                    f'{esc(name)}</a>' in html, (lang, kpi.id)
        if lang == "ja":
            assert "白河市：" in text and "交付率" in text and "0.01%" in text and "0.02%" in text
