"""The typed-number lint: figures in pages must come from macros."""

from __future__ import annotations

import pytest

from macros.checks.lint import find_typed_numbers


@pytest.mark.parametrize("line, found", [
    ("LINE友だちは16,401件です", "16,401件"),
    ("令和7年度に28手続をオンライン化", "28手続"),
    ("１６，４０１件", "16,401件"),
    ("R3年度 28.1%", "28.1%"),
    ("93 procedures online", "93 procedures"),
    ("about 16,401 friends", "16,401"),
])
def test_typed_figures_are_found(line: str, found: str) -> None:
    assert [t.text for t in find_typed_numbers(line, "x.md")] == [found]


@pytest.mark.parametrize("line", [
    "第２次石巻市総合計画", "行財政改革推進プラン２０２５", "平成２８年法律第１０３号", "第3.0版", "第1条",
    "A-①", "令和7年4月", "COVID-19", "{{ figure(\"ishinomaki\", \"line-friends\") }}件",
])
def test_legitimate_literals_pass(line: str) -> None:
    assert find_typed_numbers(line, "x.md") == []


def test_line_numbers_survive_multiline_macros() -> None:
    text = "{{ data_table(\n  \"a\", \"b\") }}\n\n12件"
    [hit] = find_typed_numbers(text, "x.md")
    assert hit.line == 4 and str(hit).startswith('x.md:4: the figure "12件" is typed into the page')
