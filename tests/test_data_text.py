"""Each text of data/ on its own: the same numbers in Japanese and English, no figure typed into our prose."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from macros.checks.data_text import check_data_texts, number_difference, problems_of, typed_figures
from macros.cli.main import main
from macros.core.yamlread import read_yaml
from tests.conftest import ROOT


@pytest.mark.parametrize(("ja", "en"), [
    ("令和７年度までに１６，４０１件", "16,401 cases by FY2025"),      # era, full width, grouping
    ("１年度分の狭いセル", "a narrow one-year cell"),                    # a small number as a word
    ("毎月各２回程度", "about twice a month"),
    ("サービス設計12箇条", "the twelve service design principles"),
    ("各年４月時点の人口", "the population each April"),               # 4月 is April
    ("１件当たりの事務処理", "processing time per case"),               # １件当たり is "per case"
    ("令和６・７・８年度の申請", "applications for FY2024, FY2025 and FY2026"),   # the era named once
    ("原文は「R6年度実績」", 'the source says "FY2024 actual"'),       # R6 is 令和6
    ("（※2：R4～）", "(*2 from FY2022)"),
])
def test_the_same_numbers_written_differently_agree(ja: str, en: str) -> None:
    assert number_difference(ja, en) == ([], [])


def test_a_number_missing_or_added_in_english_is_found() -> None:
    assert number_difference("令和７年度に27,000件", "27,000 cases in FY2026") == (["2025"], ["2026"])
    assert number_difference("開始年度", "First fiscal year") == ([], ["1"])   # a capitalised ordinal is read
    assert number_difference("４割程度", "about four in ten") == (["40"], [])   # 4割 is 40 per cent
    assert number_difference("13手続", "thirteen procedures") == (["13"], [])   # words only up to twelve


def test_figures_in_our_prose_are_found_unless_quoted() -> None:
    assert typed_figures("職員を222人削減する") == ["222人"]
    assert typed_figures("職員を「222人」削減する") == []                  # quoted as printed
    assert typed_figures("同じグラフには59,611という値") == ["59,611"]
    assert typed_figures("③1件当たりの事務処理") == []                    # ③ then 1件当たり, not 31件
    assert typed_figures("令和7年度までに（令和３年法律第４０号）") == []     # years and law numbers are not figures


def _doc(text: str):
    return read_yaml(text.encode("utf-8"), "data/plans/x/figures.yml")


def test_each_problem_names_the_line_and_says_what_to_write() -> None:
    doc = _doc("figures:\n"
               "  - id: a\n"
               "    note:\n"
               "      ja: 職員を222人削減する\n"
               "      en: cut 222 staff\n"
               "    label: {ja: 令和７年度の件数, en: Cases in FY2026}\n")
    problems = problems_of(doc, "data/plans/x/figures.yml")
    assert [(p.line, p.path) for p in problems] == [(4, "figures[0].note.ja"), (6, "figures[0].label.en")]
    typed, numbers = (p.message for p in problems)
    assert "「222人」" in typed and "「」で囲んで" in typed and "English:" in typed
    assert "日本語だけにある数：2025" in numbers and "英語だけにある数：2026" in numbers
    assert "only in the Japanese: 2025" in numbers and "only in the English: 2026" in numbers


def test_a_quoted_field_of_the_source_may_carry_its_figures() -> None:
    doc = _doc("lists:\n  - items:\n      - text: {ja: ５項目追加, en: 5 items added}\n")
    assert problems_of(doc, "data/plans/x/plan.yml") == []   # a list item is the source's printing


def test_the_real_data_passes() -> None:
    assert check_data_texts(ROOT) == []


def test_dxplans_check_reports_a_data_text_with_file_and_line(mini: Path, capsys) -> None:
    plan = mini / "data" / "plans" / "sample" / "plan.yml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "summary: {ja: 見本の計画です。, en: A sample plan.}",
        "summary: {ja: 令和７年度までの見本の計画です。, en: A sample plan up to FY2026.}"), encoding="utf-8")
    assert main(["--root", str(mini), "check"]) == 1
    err = capsys.readouterr().err
    assert re.search(r"data/plans/sample/plan\.yml:\d+: .*日本語の文と英語の文で数が違います", err)
    assert "English: summary.en: the Japanese text and its English twin have different numbers" in err
    assert "Traceback" not in err
