"""The loader names file, line, field and what to write, for every kind of mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.core.load import load_site
from tests.sites import load_problems as problems
from tests.sites import replace_in as replace

KPIS = "data/plans/sample/kpis.yml"
PLAN = "data/plans/sample/plan.yml"






def test_valid_fixture_loads(mini: Path) -> None:
    site = load_site(mini)
    assert [k.id for k in site.plan("sample").kpis] == ["line-friends", "inconvenient-share", "procedures-online"]


def test_fiscal_year_written_as_era(mini: Path) -> None:
    replace(mini, KPIS, "target: {fiscal_year: 2027, value: 27000", 'target: {fiscal_year: "R9", value: 27000')
    assert problems(mini) == [
        f'{KPIS}:10: kpis[0].target.fiscal_year: expected a fiscal year such as 2027, got "R9"']


def test_number_with_thousands_separator(mini: Path) -> None:
    replace(mini, KPIS, "value: 16401", 'value: "16,401"')
    [message] = problems(mini)
    assert message.startswith(f'{KPIS}:7: kpis[0].baseline.value: expected a number such as 16401')
    assert 'got "16,401"' in message and "without commas" in message


def test_full_width_digits(mini: Path) -> None:
    replace(mini, KPIS, "value: 16401", "value: １６４０１")
    [message] = problems(mini)
    assert f"{KPIS}:7: kpis[0].baseline.value: expected a number" in message


def test_duplicate_key_is_an_error_with_both_lines(mini: Path) -> None:
    replace(mini, KPIS, "    unit: count\n", "    unit: count\n    unit: percent\n")
    assert problems(mini) == [
        f"{KPIS}:6: kpis[0].unit: the key 'unit' appears twice in this mapping (first on line 5); "
        "keep one and delete the other"]


def test_unknown_field_lists_allowed_fields(mini: Path) -> None:
    replace(mini, KPIS, "    direction: increase\n", "    direction: increase\n    colour: red\n", )
    [message] = problems(mini)
    assert message.startswith(f"{KPIS}:7: kpis[0].colour: unknown field 'colour' (is it misspelt?)")
    assert "direction" in message and "baseline" in message


def test_missing_required_field(mini: Path) -> None:
    replace(mini, KPIS, "    name: {ja: LINE友だち件数, en: LINE friends}\n", "")
    assert problems(mini) == [f"{KPIS}:2: kpis[0].name: required field 'name' is missing; add a line 'name: …'"]


def test_missing_japanese_text(mini: Path) -> None:
    replace(mini, KPIS, "name: {ja: LINE友だち件数, en: LINE friends}", "name: {en: LINE friends}")
    assert problems(mini) == [f"{KPIS}:4: kpis[0].name.ja: required field 'ja' is missing; add a line 'ja: …'"]


def test_wrong_choice(mini: Path) -> None:
    replace(mini, KPIS, "direction: increase", "direction: up")
    assert problems(mini) == [f"{KPIS}:6: kpis[0].direction: expected one of 'increase' or 'decrease', got \"up\""]


def test_unknown_reference(mini: Path) -> None:
    replace(mini, KPIS, "initiative: line-account", "initiative: line-acount")
    [message] = problems(mini)
    assert message.startswith(f"{KPIS}:3: kpis[0].initiative: no initiative with id 'line-acount'; known ids:")


def test_duplicate_id(mini: Path) -> None:
    replace(mini, KPIS, "id: inconvenient-share", "id: line-friends")
    [message] = problems(mini)
    assert message.startswith(f"{KPIS}:11: kpis[1].id: the id 'line-friends' is used twice")


def test_year_outside_roadmap(mini: Path) -> None:
    replace(mini, "data/plans/sample/initiatives.yml", "{start_fy: 2023, end_fy: 2023, text: {ja: リニューアル",
            "{start_fy: 2020, end_fy: 2023, text: {ja: リニューアル")
    [message] = problems(mini)
    assert message == ("data/plans/sample/initiatives.yml:17: initiatives[0].roadmap[0].start_fy: "
                       "fiscal year 2020 is outside the roadmap years (plan.yml roadmap_years), 2023–2027")


def test_percentage_over_100(mini: Path) -> None:
    replace(mini, KPIS, "value: 18.8", "value: 188")
    assert problems(mini) == [f"{KPIS}:16: kpis[1].baseline.value: a percentage cannot be over 100, got 188"]


def test_negative_count(mini: Path) -> None:
    replace(mini, KPIS, "value: 16401", "value: -5")
    assert problems(mini) == [f"{KPIS}:7: kpis[0].baseline.value: expected zero or a positive number, got -5"]


def test_nan_is_rejected(mini: Path) -> None:
    replace(mini, KPIS, "value: 16401", "value: .nan")
    assert problems(mini) == [f"{KPIS}:7: kpis[0].baseline.value: expected a finite number, got nan"]


def test_impossible_date(mini: Path) -> None:
    replace(mini, KPIS, "{fiscal_year: 2024, value: 21700,", "{fiscal_year: 2024, value: 21700, as_of: 2025-02-30,")
    assert problems(mini) == [
        f'{KPIS}:9: kpis[0].actuals[0].as_of: "2025-02-30" is not a real date; write an existing date as YYYY-MM-DD']


def test_tab_indentation(mini: Path) -> None:
    replace(mini, KPIS, "    unit: count\n", "\tunit: count\n")
    [message] = problems(mini)
    assert message == f"{KPIS}:5: a tab character is used for indentation; indent with spaces only"


def test_broken_syntax(mini: Path) -> None:
    replace(mini, KPIS, "    unit: count\n", "    unit: [count\n")
    [message] = problems(mini)
    assert message.startswith(f"{KPIS}:") and "YAML syntax error" in message


def test_empty_file(mini: Path) -> None:
    (mini / KPIS).write_text("", encoding="utf-8")
    assert problems(mini) == [f"{KPIS}:1: the file is empty; it needs at least its top-level key"]


def test_not_utf8(mini: Path) -> None:
    (mini / KPIS).write_bytes("kpis: []\n# 見本\n".encode("shift_jis"))
    assert problems(mini) == [f"{KPIS}:2: the file is not UTF-8 text (saved as Shift_JIS?); save it as UTF-8"]


def test_byte_order_mark(mini: Path) -> None:
    (mini / KPIS).write_bytes(b"\xef\xbb\xbfkpis: []\n")
    [message] = problems(mini)
    assert message.startswith(f"{KPIS}:1: the file starts with a byte-order mark")


def test_aliases_are_refused(mini: Path) -> None:
    (mini / "data/plans/sample/figures.yml").write_text(
        "figures:\n  - &f {id: a, label: {ja: あ, en: a}, value: 1, unit: count, as_of: {fiscal_year: 2024},"
        " source: {page: 1}}\n  - *f\n", encoding="utf-8")
    found = problems(mini)
    # The composer resolves an alias to its anchored node, so the anchor's line is named.
    assert "data/plans/sample/figures.yml:2: figures[1]: this value is anchored (&) here and reused with an " \
        "alias (*); anchors and aliases are not allowed: write the value out each time" in found


def test_all_problems_in_one_run(mini: Path) -> None:
    replace(mini, KPIS, "direction: increase", "direction: up")
    replace(mini, PLAN, "kind: plan", "kind: plann")
    found = problems(mini)
    assert len(found) == 2
    assert found[0].startswith(f"{KPIS}:6:") and found[1].startswith(f"{PLAN}:5:")


def test_plan_id_must_match_folder(mini: Path) -> None:
    replace(mini, PLAN, "id: sample", "id: other")
    assert problems(mini) == [f"{PLAN}:1: id: the plan id must equal its folder name 'sample', got \"other\""]


def test_unknown_table_column(mini: Path) -> None:
    replace(mini, "data/plans/sample/tables.yml", "total: 8,", "totl: 8,")
    found = problems(mini)
    assert any("rows[0].totl: unknown column 'totl'" in p for p in found)
    assert any("rows[0]: this row has no value for column 'total'" in p for p in found)


@pytest.mark.parametrize("text", ["=", "<<"])
def test_equals_and_merge_marks_as_values_are_text(text: str) -> None:
    """YAML 1.1 gives = and << tags that PyYAML cannot construct; as a value a staff member meant text."""
    from macros.core.yamlread import read_yaml

    doc = read_yaml(f"note: {text}\nother: [{text}]\n".encode(), "x.yml")
    assert doc.data == {"note": text, "other": [text]} and not doc.problems
