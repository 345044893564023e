"""Messages staff can act on (issue 16): Japanese and English, one mistake one message, every kind listed.

The corpus of broken inputs in tests/test_bad_input.py and tests/test_loader.py checks that each
problem it provokes has its Japanese wording; here: the list in CONTRIBUTING is the code's, the
one-line slips staff make in the real data give exactly one message, and nothing unsafe is echoed.
"""

from __future__ import annotations

import re
import shutil
import string
from pathlib import Path

import pytest

from macros.cli import reference
from macros.cli.main import main
from macros.core import messages
from macros.core.yamlread import Problem

from .conftest import ROOT


def test_every_kind_has_a_unique_code_and_a_japanese_wording_that_formats() -> None:
    codes = [k.code for k in messages.KINDS]
    assert len(codes) == len(set(codes))
    for kind in messages.KINDS:
        names = set(re.compile(kind.pattern).groupindex)
        fields = {f for _, f, _, _ in string.Formatter().parse(kind.ja) if f}
        values = messages._values(kind, {n: "X" for n in names})
        assert fields <= set(values), (kind.code, fields - set(values))
        assert re.search(r"[ぁ-んァ-ン一-龥]", kind.ja) and " — " in kind.ja, kind.code


def test_contributing_lists_every_message_as_the_code_says() -> None:
    """Regenerate CONTRIBUTING's list (dxplans reference) and compare: a new kind fails until listed."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert reference.with_messages(text) == text, "run '.venv/bin/dxplans reference' and commit CONTRIBUTING.md"
    listed = text.split(reference.START, 1)[1].split(reference.END, 1)[0]
    for kind in messages.KINDS:
        assert f"`{kind.code}`" in listed
    for severity, kind in messages.FINDINGS:
        assert f"`[{severity}] {kind}`" in listed


def test_every_line_of_the_consistency_report_is_explained() -> None:
    """Each Finding(kind, severity) the checks can make has its entry (and so its CONTRIBUTING line)."""
    made = set()
    for path in (ROOT / "macros").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for kind, severity, alternative in re.findall(
                r'Finding\(\s*"(\w+)",\s*"(\w+)"(?:\s+if\s+\w+\s+else\s+"(\w+)")?', source):
            made.add((severity, kind))
            if alternative:
                made.add((alternative, kind))
    assert made, "no Finding found in macros/"
    assert made <= set(messages.FINDINGS), made - set(messages.FINDINGS)


def test_japanese_lines_count_records_from_one() -> None:
    assert messages.japanese_path("kpis[2].actuals[0].value") == "kpis 3つ目 › actuals 1つ目 › value"
    assert messages.japanese_path("tables[0].rows[4].rate") == "tables 1つ目 › rows 5つ目 › rate"
    assert messages.japanese_path("figures[14].note") == "figures 15番目 › note"   # つ counts only to nine
    assert messages.japanese_path("summary") == "summary"


def test_no_control_character_is_echoed() -> None:
    problem = Problem("data/plans/x/kpis.yml", 3, "kpis[0].name.ja", 'unknown field \'a\x1b[31mb\u202e\' (is it misspelt?)')
    text = messages.staff_text(problem)
    assert "\x1b" not in text and "\u202e" not in text
    assert text.startswith("data/plans/x/kpis.yml:3: kpis 1つ目 › name › ja: 「")
    assert "\n    English: kpis[0].name.ja: unknown field" in text


@pytest.fixture
def real_copy(tmp_path: Path) -> Path:
    """The repository's data and pages, to make the slips staff make in a real plan."""
    root = tmp_path / "real"
    for name in ("data", "docs"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copyfile(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def _first_plan(root: Path, pattern: str = ".") -> Path:
    """The first plan whose initiatives.yml has a line matching pattern."""
    return next(p for p in sorted((root / "data" / "plans").iterdir()) if (p / "initiatives.yml").is_file()
                and re.search(pattern, (p / "initiatives.yml").read_text(encoding="utf-8"), re.M))


def _report(root: Path, capsys) -> list[str]:
    assert main(["--root", str(root), "check"]) == 1
    err = capsys.readouterr().err
    return [line for line in err.splitlines() if line and not line.startswith(("    English: ", "\n"))
            and "problem(s) found" not in line]


def _break_first(path: Path, pattern: str, replace) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    for number, line in enumerate(lines, start=1):
        if re.search(pattern, line):
            lines[number - 1] = replace(line)
            path.write_text("\n".join(lines), encoding="utf-8")
            return number
    raise AssertionError(f"{path}: nothing matches {pattern}")


def test_an_unquoted_colon_in_initiatives_is_one_message(real_copy: Path, capsys) -> None:
    """Was: the right first line, then one false 'no initiative' per link in priorities.yml."""
    one_line_title = r"title: \{ja: [^,{}]+, en: [^{}]+\}"
    plan = _first_plan(real_copy, one_line_title)
    rel = plan.relative_to(real_copy).as_posix()
    line = _break_first(plan / "initiatives.yml", one_line_title,
                        lambda text: re.sub(r"\{ja: ([^,{}]+), en: ([^{}]+)\}", r"\1: \2", text, count=1))
    report = _report(real_copy, capsys)
    assert len(report) == 1, report
    assert report[0].startswith(f"{rel}/initiatives.yml:{line}: ") and "\"…\" で囲んで" in report[0]


def test_a_tab_is_one_message(real_copy: Path, capsys) -> None:
    plan = _first_plan(real_copy)
    line = _break_first(plan / "initiatives.yml", r"^    \S", lambda text: "\t" + text[4:])
    report = _report(real_copy, capsys)
    assert report == [f"{plan.relative_to(real_copy).as_posix()}/initiatives.yml:{line}: "
                      "字下げにタブ文字が使われています — 字下げは半角スペースだけで書いてください"]


def test_a_grouped_number_with_its_unit_says_what_to_write(real_copy: Path, capsys) -> None:
    """`value: 27,000件` inside {…} was 'unknown field 000件'."""
    kpis = next(p / "kpis.yml" for p in sorted((real_copy / "data" / "plans").iterdir())
                if (p / "kpis.yml").is_file() and re.search(r"target: \{.*value: \d+", (p / "kpis.yml").read_text()))
    line = _break_first(kpis, r"target: \{.*value: \d+", lambda text: re.sub(r"value: (\d+)", r"value: \1,000件",
                                                                              text, count=1))
    report = _report(real_copy, capsys)
    assert len(report) == 1, report
    assert report[0].startswith(f"{kpis.relative_to(real_copy).as_posix()}:{line}: ")
    assert re.search(r"value: \d+000 と書いてください", report[0]), report[0]
    assert "000件'" not in report[0]
