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
