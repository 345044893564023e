"""Bad input never publishes: a corpus of broken data and pages, each with the exact report.

One case = a few small edits to a copy of tests/fixtures/mini (plus the two overview pages of
its plan) and every line `dxplans check` must print for it: file, line, field and what to write,
all problems in one run, exit 1. Cases marked build=True also run a real `mkdocs build --strict`
of a tiny project and expect it to fail with the same data lines.

tests/test_loader.py holds the first cases of each kind; this corpus adds the rest. To add a
case, copy one below, change the edit, run it, and read the message as a member of staff would:
if it does not say what to write, improve the message in macros/ rather than the expectation.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from macros.cli.main import main
from macros.core.messages import UNKNOWN

from .conftest import MINI
from .sites import PLAN_PAGE, build, make_project

PLAN = "data/plans/sample/plan.yml"
KPIS = "data/plans/sample/kpis.yml"
INI = "data/plans/sample/initiatives.yml"
INITIATIVE_FIELDS = ("id, group, code, title, current_state, direction, content, purpose, departments, status, "
                     "completed_fy, completed_by_fy, completion_planned_fy, grade, new_in_plan, roadmap, milestones, years, "
                     "note")
TABLES = "data/plans/sample/tables.yml"
FIGS = "data/plans/sample/figures.yml"
TERMS = "data/plans/sample/glossary.yml"
DEPTS = "data/plans/sample/departments.yml"
UNITS = "data/units.yml"
JA_PAGE = "docs/ja/plans/sample/index.md"
EN_PAGE = "docs/en/plans/sample/index.md"
SUMMARY = "{ja: 見本の計画です。, en: A sample plan.}"
SAY_NUMBER = "digits only, without commas, units or full-width characters"
HOW_NUMBER = f"(write {SAY_NUMBER}, e.g. 16401)"


# --------------------------------------------------------------------------------------------
# Edits
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Replace:
    """Replace the first occurrence of old (which must be there) in a file."""

    rel: str
    old: str
    new: str

    def apply(self, root: Path) -> None:
        path = root / self.rel
        text = path.read_text(encoding="utf-8")
        assert self.old in text, f"{self.rel}: fixture text not found: {self.old!r}"
        path.write_text(text.replace(self.old, self.new, 1), encoding="utf-8")


@dataclass(frozen=True)
class Write:
    """Write a whole file (text as UTF-8, or exact bytes)."""

    rel: str
    content: str | bytes

    def apply(self, root: Path) -> None:
        path = root / self.rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(self.content, bytes):
            path.write_bytes(self.content)
        else:
            path.write_text(self.content, encoding="utf-8")


@dataclass(frozen=True)
class Delete:
    rel: str

    def apply(self, root: Path) -> None:
        path = root / self.rel
        shutil.rmtree(path) if path.is_dir() else path.unlink()


@dataclass(frozen=True)
class AddOtherPlan:
    """A second, valid plan 'other' with its own initiative ids (other-*) and department (it)."""

    def apply(self, root: Path) -> None:
        src, dest = root / "data/plans/sample", root / "data/plans/other"
        shutil.copytree(src, dest)
        for name, old, new in [("plan.yml", "id: sample", "id: other"),
                               ("initiatives.yml", "id: line-account", "id: other-line"),
                               ("initiatives.yml", "id: seal-abolition", "id: other-seal"),
                               ("departments.yml", "id: dx", "id: it"),
                               ("initiatives.yml", "departments: [dx]", "departments: [it]")]:
            Replace(f"data/plans/other/{name}", old, new).apply(root)
        kpis = dest / "kpis.yml"
        kpis.write_text(kpis.read_text(encoding="utf-8").replace("initiative: line-account", "initiative: other-line"),
                        encoding="utf-8")
        for lang in ("ja", "en"):
            Write(f"docs/{lang}/plans/other/index.md", PLAN_PAGE[lang].replace("sample", "other")).apply(root)


HUGE = "figures: []\n" + ("# " + "x" * 1022 + "\n") * 2100  # 2.1 MB: a paste gone wrong


def lol(levels: int = 9, width: int = 9) -> str:
    """The billion laughs: each anchor is a list of nine aliases of the one before."""
    text = "figures:\n  - &a0 [" + ", ".join(["lol"] * width) + "]\n"
    for level in range(1, levels):
        text += f"  - &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]\n"
    return text


# --------------------------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    edits: tuple
    expected: tuple[str, ...]
    build: bool = False  # also a strict build of a tiny project must fail


def case(name: str, edits: object, *expected: str, build: bool = False) -> Case:
    return Case(name, tuple(edits) if isinstance(edits, list) else (edits,), expected, build)


CASES = [
    # ---- YAML that cannot be read ------------------------------------------------------
    case("syntax-unclosed-quote",
         Replace(PLAN, "title: {ja: 見本市DX推進計画, en:", 'title: {ja: "見本市DX推進計画, en:'),
         f"{PLAN}:33: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar); "
         "check indentation, colons and quotes on this line and the one above"),
    case("syntax-missing-colon", Replace(KPIS, "    unit: count\n", "    unit count\n"),
         f"{KPIS}:6: YAML syntax error: could not find expected ':' (while scanning a simple key); "
         "check indentation, colons and quotes on this line and the one above"),
    case("syntax-bad-indentation", Replace(KPIS, "    unit: count\n", "      unit: count\n"),
         f"{KPIS}:5: YAML syntax error: did not find expected key (while parsing a block mapping); "
         "check indentation, colons and quotes on this line and the one above"),
    case("syntax-colon-inside-flow-text",
         Replace(PLAN, f"summary: {SUMMARY}", "summary: {ja: 見本の計画です。, en: Note: a sample plan.}"),
         f"{PLAN}:14: YAML syntax error: did not find expected ',' or '}}' (while parsing a flow mapping); "
         "check indentation, colons and quotes on this line and the one above"),
    case("tab-after-list-dash-and-no-cascade",
         Replace(INI, "      - {start_fy: 2023, end_fy: 2023, text: {ja: リニューアル",
                 "      -\t{start_fy: 2023, end_fy: 2023, text: {ja: リニューアル"),
         f"{INI}:17: a tab character is used for indentation; indent with spaces only", build=True),
    case("tab-in-plan-file", Replace(PLAN, "  file: sample.txt", "\tfile: sample.txt"),
         f"{PLAN}:11: a tab character is used for indentation; indent with spaces only"),
    case("prefecture-not-a-prefecture",
         Replace(PLAN, "prefecture: {ja: 宮城県, en: Miyagi Prefecture}", "prefecture: {ja: 宮城, en: Miyagi Prefecture}"),
         f"{PLAN}:3: prefecture.ja: '宮城' is not one of the 47 prefectures; write the full name, "
         "as in 宮城県, 北海道, 東京都 or 大阪府"),
    case("prefecture-english-name-differs",
         Replace(PLAN, "en: Miyagi Prefecture}", "en: Miyagi-ken}"),
         f"{PLAN}:3: prefecture.en: the English name of 宮城県 is written 'Miyagi Prefecture' on this site; "
         "write en: Miyagi Prefecture"),
    case("second-yaml-document", Replace(FIGS, "figures:\n", "---\nfigures: []\n---\nfigures:\n"),
         f"{FIGS}:3: a second YAML document starts here (a line '---'); a data file holds one document: "
         "delete the line"),
    # ---- what YAML reads but the data may not contain --------------------------------------
    case("duplicate-top-level-key", Replace(PLAN, "summary:", "kind: plan\nsummary:"),
         f"{PLAN}:14: kind: the key 'kind' appears twice in this mapping (first on line 5); "
         "keep one and delete the other"),
    case("duplicate-key-in-flow-mapping", Replace(PLAN, "summary: {ja: 見本の計画です。", "summary: {ja: x, ja: 見本の計画です。"),
         f"{PLAN}:14: summary.ja: the key 'ja' appears twice in this mapping (first on line 14); "
         "keep one and delete the other"),
    case("python-object-tag", Replace(FIGS, "value: 1104", 'value: !!python/object/apply:os.system ["echo pwned"]'),
         f"{FIGS}:4: figures[0].value: YAML tags such as !!python/object/apply:os.system are not allowed; "
         "write plain values"),
    case("custom-tag-on-mapping", Replace(FIGS, "source: {page: 4}", "source: !include {page: 4}"),
         f"{FIGS}:7: figures[0].source: YAML tags such as !include are not allowed; write plain values"),
    case("merge-key", Replace(FIGS, "figures:\n  - id: respondents",
                              "figures:\n  - &f {id: base, label: {ja: あ, en: a}, value: 1, unit: people, "
                              "as_of: {fiscal_year: 2024}, source: {page: 1}}\n  - <<: *f\n    id: respondents"),
         f"{FIGS}:3: figures[1]: merge keys (<<) are not allowed; write the fields out"),
    case("list-as-key", Replace(FIGS, "    value: 1104\n", "    ? [a, b]\n    : 1\n    value: 1104\n"),
         f"{FIGS}:4: figures[0]: a key must be a plain word such as title"),
    # a 300-byte file that PyYAML would expand to 9**9 strings: each anchor is reported once, on
    # the line where it is defined, under the path of its first alias
    case("billion-laughs", Write(FIGS, lol()),
         f"{FIGS}:2: figures[0]: expected a mapping of fields (key: value lines), got a list",
         *[f"{FIGS}:{n + 2}: figures[{n + 1}][0]: this value is anchored (&) here and reused with an alias (*); "
           "anchors and aliases are not allowed: write the value out each time" for n in range(8)],
         build=True),
    case("nested-100000-deep", Write(FIGS, "figures: " + "[" * 100_000 + "]" * 100_000 + "\n"),
         f"{FIGS}:1: the data is nested more than 50 levels deep here; plan data needs about 8: "
         "check the brackets and indentation", build=True),
    # ---- encodings and sizes ----------------------------------------------------------------
    case("shift-jis-plan-file", Write(PLAN, "# 見本市\nid: sample\n".encode("cp932")),
         f"{PLAN}:1: the file is not UTF-8 text (saved as Shift_JIS?); save it as UTF-8", build=True),
    case("utf-16-file", Write(KPIS, "kpis: []\n".encode("utf-16")),
         f"{KPIS}:1: the file is UTF-16 text (Excel's \"Unicode text\"); save it as UTF-8 without BOM"),
    case("bom-in-units-file-and-no-cascade", Write(UNITS, b"\xef\xbb\xbf" + (MINI / UNITS).read_bytes()),
         f"{UNITS}:1: the file starts with a byte-order mark (BOM); save it as UTF-8 without BOM"),
    case("file-of-comments-only", Write(FIGS, "# yaml-language-server: $schema=../../schema/figures.schema.json\n"),
         f"{FIGS}:1: the file is empty; it needs at least its top-level key"),
    case("file-is-null", Write(KPIS, "~\n"),
         f"{KPIS}:1: the file must start with its key, a line 'kpis:' (allowed keys: kpis), got nothing"),
    case("file-is-a-list", Write(KPIS, "- id: line-friends\n"),
         f"{KPIS}:1: the file must start with its key, a line 'kpis:' (allowed keys: kpis), got a list"),
    case("huge-file", Write(FIGS, HUGE),
         f"{FIGS}:1: the file is {len(HUGE):,} bytes; data files must be under 2,097,152 bytes "
         "(was something pasted by mistake?)"),
    # ---- wrong types and forms ----------------------------------------------------------------
    case("fiscal-year-in-quotes", Replace(KPIS, "target: {fiscal_year: 2027, value: 27000",
                                          'target: {fiscal_year: "2027", value: 27000'),
         f'{KPIS}:10: kpis[0].target.fiscal_year: expected a fiscal year such as 2027, got "2027" '
         "(write 2027, digits only, without quotes)"),
    case("fiscal-year-with-decimals", Replace(KPIS, "target: {fiscal_year: 2027,", "target: {fiscal_year: 2027.0,"),
         f"{KPIS}:10: kpis[0].target.fiscal_year: expected a fiscal year such as 2027, got 2027.0 (write 2027)"),
    case("fiscal-year-as-reiwa", Replace(KPIS, "target: {fiscal_year: 2027,", "target: {fiscal_year: 令和9年度,"),
         f'{KPIS}:10: kpis[0].target.fiscal_year: expected a fiscal year such as 2027, got "令和9年度" '
         "(write 2027; the site shows it as 令和9年度)"),
    case("fiscal-year-as-reiwa-gannen", Replace(INI, "{start_fy: 2023, end_fy: 2023, text: {ja: 見直し",
                                                "{start_fy: 令和元年度, end_fy: 2023, text: {ja: 見直し"),
         f'{INI}:30: initiatives[1].roadmap[0].start_fy: expected a fiscal year such as 2027, got "令和元年度" '
         "(write 2019; the site shows it as 令和元年度)"),
    case("fiscal-year-as-heisei-in-full-width", Replace(TABLES, "as_of: {fiscal_year: 2022}",
                                                        "as_of: {fiscal_year: 平成３０年度}"),
         f'{TABLES}:4: tables[0].as_of.fiscal_year: expected a fiscal year such as 2027, got "平成３０年度" '
         "(write 2018; the site shows it as 平成３０年度)"),
    case("fiscal-year-out-of-range", Replace(KPIS, "target: {fiscal_year: 2027,", "target: {fiscal_year: 1900,"),
         f"{KPIS}:10: kpis[0].target.fiscal_year: expected a fiscal year between 1989 and 2100 such as 2027, "
         "got 1900"),
    case("number-as-yes", Replace(FIGS, "value: 1104", "value: yes"),
         f'{FIGS}:4: figures[0].value: expected a number such as 16401 or 18.8, got "yes" {HOW_NUMBER}'),
    case("number-approximate", Replace(FIGS, "value: 1104", "value: 約1100"),
         f'{FIGS}:4: figures[0].value: expected a number such as 16401 or 18.8, got "約1100" {HOW_NUMBER}'),
    case("number-full-width-with-separator", Replace(FIGS, "value: 1104", "value: １，１０４"),
         f'{FIGS}:4: figures[0].value: expected a number such as 16401 or 18.8, got "１，１０４" '
         f"(write 1104: {SAY_NUMBER})"),
    case("number-with-unit", Replace(KPIS, "value: 27000", "value: 27000件"),
         f'{KPIS}:10: kpis[0].target.value: expected a number such as 16401 or 18.8, got "27000件" {HOW_NUMBER}'),
    case("number-with-separator-in-table-cell", Replace(TABLES, "total: 8,", 'total: "16,401",'),
         f'{TABLES}:16: tables[0].rows[0].total: expected a number such as 16401, got "16,401" '
         f"(write 16401: {SAY_NUMBER})"),
    case("number-as-time", Replace(FIGS, "value: 1104", "value: 11:04"),
         f'{FIGS}:4: figures[0].value: expected a number such as 16401 or 18.8, got "11:04" {HOW_NUMBER}'),
    case("number-with-underscore", Replace(FIGS, "value: 1104", "value: 1_104"),
         f'{FIGS}:4: figures[0].value: expected a number such as 16401 or 18.8, got "1_104" {HOW_NUMBER}'),
    case("number-with-leading-zero", Replace(FIGS, "value: 1104", "value: 01104"),
         f'{FIGS}:4: figures[0].value: expected a number such as 16401 or 18.8, got "01104" '
         f"(write 1104: {SAY_NUMBER})"),
    case("number-in-hex", Replace(FIGS, "value: 1104", "value: 0x450"),
         f'{FIGS}:4: figures[0].value: expected a number such as 16401 or 18.8, got "0x450" {HOW_NUMBER}'),
    case("text-given-a-number", Replace(PLAN, f"summary: {SUMMARY}", "summary: 12"),
         f"{PLAN}:14: summary: expected text in both languages, {{ja: …, en: …}}, got 12"),
    case("text-given-true", Replace(PLAN, "en: A sample plan.", "en: true"),
         f'{PLAN}:14: summary.en: expected text, got true (put the text in quotes: "…")'),
    case("list-given-for-mapping", Replace(PLAN, "period: {start_fy: 2025, end_fy: 2027}", "period: [2025, 2027]"),
         f"{PLAN}:8: period: expected a mapping of fields (key: value lines), got a list"),
    case("mapping-given-for-list-and-no-cascade", Replace(DEPTS, "  - id: dx\n    name", "  id: dx\n  name"),
         f"{DEPTS}:1: departments: expected a list (lines starting with '- '), got a mapping"),
    case("id-in-japanese", Replace(KPIS, "id: line-friends", "id: LINE友だち"),
         f'{KPIS}:2: kpis[0].id: expected an id of lowercase ASCII letters, digits and hyphens such as '
         'line-friends, got "LINE友だち"'),
    case("page-number-zero", Replace(FIGS, "source: {page: 4}", "source: {page: 0}"),
         f"{FIGS}:7: figures[0].source.page: expected 1 or more, got 0"),
    case("month-13", Replace(PLAN, "published: {year: 2025, month: 6}", "published: {year: 2025, month: 13}"),
         f"{PLAN}:7: published.month: expected 12 or less, got 13"),
    case("grade-not-in-scale-and-no-cascade", Replace(INI, "grade: A", "grade: E"),
         f"{INI}:22: initiatives[0].grade: expected one of 'A', 'B', 'C' or 'D', got \"E\""),
    case("reading-in-katakana", Replace(TERMS, "reading: おーぷんでーた", "reading: オープンデータ"),
         f'{TERMS}:10: terms[1].reading: expected the reading in hiragana (よみ), got "オープンデータ"'),
    # ---- missing fields, missing Japanese -------------------------------------------------------
    case("missing-period", Replace(PLAN, "period: {start_fy: 2025, end_fy: 2027}\n", ""),
         f"{PLAN}:1: period: required field 'period' is missing; add a line 'period: …'"),
    case("missing-target", Replace(KPIS, "    target: {fiscal_year: 2027, value: 83, source: {page: 9}}\n", ""),
         f"{KPIS}:18: kpis[2].target: required field 'target' is missing; add a line 'target: …'"),
    case("missing-plan-file", Delete(PLAN),
         f"{PLAN}: missing: every plan folder needs plan.yml"),
    case("missing-japanese-empty", Replace(PLAN, "summary: {ja: 見本の計画です。", 'summary: {ja: ""'),
         f"{PLAN}:14: summary.ja: expected some text, got an empty string"),
    case("missing-japanese-blank", Replace(PLAN, "summary: {ja: 見本の計画です。", "summary: {ja: "),
         f"{PLAN}:14: summary.ja: expected text, got nothing (an empty value)"),
    case("missing-japanese-in-table-cell", Replace(TABLES, "kind: {ja: 申請, en: Applications}", "kind: {en: Applications}"),
         f"{TABLES}:16: tables[0].rows[0].kind.ja: required field 'ja' is missing; add a line 'ja: …'"),
    case("completed-without-year", Replace(INI, "    completed_fy: 2023\n", ""),
         f"{INI}:23: initiatives[1]: a completed initiative needs completed_fy: the fiscal year it was completed "
         "(or completed_by_fy when the source only says by when)"),
    # ---- basis: a value the source does not print as given --------------------------------------
    case("basis-for-unknown-field",
         Replace(INI, "    completed_fy: 2023\n", "    completed_fy: 2023\n    basis:\n      complete_fy:\n"
                 "        kind: inferred\n        reason: {ja: 完了年度は記載なし, en: No year is given}\n"),
         f"{INI}:29: initiatives[1].basis.complete_fy: 「complete_fy」はこの記録の項目ではありません — "
         f"根拠を付ける項目名を書いてください（{INITIATIVE_FIELDS}）\n"
         f"    English: 'complete_fy' is not a field of this record — write the name of the field the basis is for, "
         f"one of: {INITIATIVE_FIELDS}"),
    case("basis-for-empty-field",
         Replace(INI, "    grade: B\n", "    grade: B\n    basis: {completion_planned_fy: {kind: inferred, "
                 "reason: {ja: 推定, en: Inferred}}}\n"),
         f"{INI}:29: initiatives[1].basis.completion_planned_fy: 「completion_planned_fy」には値がありません — "
         "値を書くか、この根拠を削除してください\n"
         "    English: 'completion_planned_fy' has no value in this record — give the value or remove this basis"),
    case("basis-without-reason",
         Replace(INI, "    grade: B\n", "    grade: B\n    basis: {completed_fy: {kind: inferred}}\n"),
         f"{INI}:29: initiatives[1].basis.completed_fy: 推定（inferred）の値には理由が必要です — "
         "reason: {ja: …, en: …} を書いてください\n"
         "    English: an inferred value needs its reason — add reason: {ja: …, en: …}"),
    case("basis-kind-misspelt",
         Replace(INI, "    grade: B\n", "    grade: B\n    basis: {completed_fy: {kind: guessed, reason: {ja: 推定, en: I}}}\n"),
         f"{INI}:29: initiatives[1].basis.completed_fy.kind: expected one of 'stated', 'reconstructed' or "
         "'inferred', got \"guessed\""),
    case("basis-for-unknown-column",
         Replace(TABLES, "printed: {rate: 87.5}}", "printed: {rate: 87.5},\n         basis: {totl: {kind: inferred, "
                 "reason: {ja: 推定, en: Inferred}}}}"),
         f"{TABLES}:17: tables[0].rows[0].basis.totl: 「totl」はこの表の列ではありません — "
         "根拠を付ける列名を書いてください（kind, total, abolished, rate）\n"
         "    English: 'totl' is not a column of this table — write the id of the column the basis is for, "
         "one of: kind, total, abolished, rate"),
    # ---- misspelt keys and files ---------------------------------------------------------------
    case("misspelt-top-level-key", Replace(PLAN, "summary:", "sumary:"),
         f"{PLAN}:14: sumary: unknown field 'sumary' (did you mean 'summary'?); the allowed fields here are: "
         "id, pages, municipality, prefecture, title, kind, version, published, period, roadmap_years, goal_label, "
         "source, summary, lists, timeline, units, source_sections, basis", build=True),
    case("misspelt-language-key", Replace(PLAN, "en: A sample plan.", "eN: A sample plan."),
         f"{PLAN}:14: summary.eN: unknown field 'eN' (did you mean 'en'?); the allowed fields here are: ja, en"),
    case("misspelt-file-name", Write("data/plans/sample/kpi.yml", "kpis: []\n"),
         "data/plans/sample/kpi.yml: unexpected file in a plan folder (did you mean kpis.yml?); the allowed "
         "files are plan.yml, departments.yml, initiatives.yml, kpis.yml, tables.yml, figures.yml, glossary.yml, "
         "priorities.yml"),
    # ---- ids and references ------------------------------------------------------------------------
    case("unknown-group", Replace(INI, "group: a-1", "group: a-2"),
         f"{INI}:12: initiatives[0].group: no group with id 'a-2'; known ids: a, a-1"),
    case("unknown-department", Replace(INI, "departments: [dx]", "departments: [it]"),
         f"{INI}:15: initiatives[0].departments[0]: no department (in departments.yml) with id 'it'; known ids: dx"),
    case("unknown-unit", Replace(KPIS, "unit: count", "unit: counts"),
         f"{KPIS}:5: kpis[0].unit: no unit (in data/units.yml) with id 'counts'; known ids: cards, count, documents, "
         "items, kinds, people, percent, percentage-points, procedures, systems, times, years"),
    case("duplicate-initiative-id", Replace(INI, "id: seal-abolition", "id: line-account"),
         f"{INI}:23: initiatives[1].id: the id 'line-account' is used twice (also initiatives[0]); ids must be unique"),
    case("duplicate-term-id", Replace(TERMS, "id: open-data", "id: rpa"),
         f"{TERMS}:8: terms[1].id: the id 'rpa' is used twice (also terms[0]); ids must be unique"),
    case("duplicate-unit-id", Replace(UNITS, "  - id: people\n", "  - id: count\n"),
         f"{FIGS}:5: figures[0].unit: no unit (in data/units.yml) with id 'people'; known ids: cards, count, "
         "documents, items, kinds, percent, percentage-points, procedures, systems, times, years",
         f"{UNITS}:19: units[3].id: the id 'count' is used twice (also units[0]); ids must be unique"),
    case("group-inside-itself", Replace(INI, "    code: A\n", "    code: A\n    parent: a-1\n"),
         f"{INI}:4: groups[0].parent: group 'a' is inside itself through its parents; fix the parent chain",
         f"{INI}:8: groups[1].parent: group 'a-1' is inside itself through its parents; fix the parent chain"),
    case("initiative-of-another-plan", [AddOtherPlan(), Replace(KPIS, "initiative: line-account", "initiative: other-line")],
         f"{KPIS}:3: kpis[0].initiative: no initiative with id 'other-line' in this plan ('other-line' is in plan "
         "'other'; a plan may refer only to its own records); known ids: line-account, seal-abolition"),
    case("department-of-another-plan", [AddOtherPlan(), Replace(INI, "departments: [dx]", "departments: [it]")],
         f"{INI}:15: initiatives[0].departments[0]: no department (in departments.yml) with id 'it' in this plan "
         "('it' is in plan 'other'; a plan may refer only to its own records); known ids: dx"),
    # ---- fiscal years against the plan ---------------------------------------------------------------
    case("target-after-plan-period", Replace(KPIS, "target: {fiscal_year: 2027, value: 27000",
                                             "target: {fiscal_year: 2030, value: 27000"),
         f"{KPIS}:10: kpis[0].target.fiscal_year: the target year 2030 is after the plan period (2023–2027); if the "
         "source sets it for that year, write beyond_period: true in target:, otherwise correct the year"),
    case("completed-before-roadmap", Replace(INI, "completed_fy: 2023", "completed_fy: 2020"),
         f"{INI}:27: initiatives[1].completed_fy: fiscal year 2020 is outside the roadmap years "
         "(plan.yml roadmap_years), 2023–2027"),
    case("roadmap-step-ends-before-it-starts",
         Replace(INI, "{start_fy: 2024, end_fy: 2027, text: {ja: 機能追加", "{start_fy: 2027, end_fy: 2024, text: {ja: 機能追加"),
         f"{INI}:18: initiatives[0].roadmap[1]: start_fy (2027) is after end_fy (2024)"),
    case("period-ends-before-it-starts", Replace(PLAN, "period: {start_fy: 2025, end_fy: 2027}",
                                                 "period: {start_fy: 2027, end_fy: 2025}"),
         f"{PLAN}:8: period: start_fy (2027) is after end_fy (2025)"),
    case("target-before-baseline", Replace(KPIS, "target: {fiscal_year: 2027, value: 83", "target: {fiscal_year: 2022, value: 83"),
         f"{KPIS}:24: kpis[2].target.fiscal_year: fiscal year 2022 is outside the plan's years, 2023–2027",
         f"{KPIS}:24: kpis[2].target.fiscal_year: the target year 2022 is before the baseline year 2023"),
    # ---- impossible values ---------------------------------------------------------------------------------
    case("negative-table-cell", Replace(TABLES, "total: 8,", "total: -8,"),
         f"{TABLES}:16: tables[0].rows[0].total: expected zero or a positive number, got -8"),
    case("negative-figure", Replace(FIGS, "value: 1104", "value: -1104"),
         f"{FIGS}:4: figures[0].value: expected zero or a positive number, got -1104"),
    case("negative-target", Replace(KPIS, "value: 27000", "value: -27000"),
         f"{KPIS}:10: kpis[0].target.value: expected zero or a positive number, got -27000"),
    case("percentage-target-over-100", Replace(KPIS, "target: {fiscal_year: 2027, value: 15.0",
                                               "target: {fiscal_year: 2027, value: 150"),
         f"{KPIS}:17: kpis[1].target.value: a percentage cannot be over 100, got 150", build=True),
    case("percentage-actual-over-100",
         Replace(KPIS, "    target: {fiscal_year: 2027, value: 15.0",
                 "    actuals: [{fiscal_year: 2025, value: 100.5, source: {page: 18}}]\n"
                 "    target: {fiscal_year: 2027, value: 15.0"),
         f"{KPIS}:17: kpis[1].actuals[0].value: a percentage cannot be over 100, got 100.5"),
    case("percentage-figure-over-100", Replace(FIGS, "value: 1104\n    unit: people", "value: 110.4\n    unit: percent"),
         f"{FIGS}:4: figures[0].value: a percentage cannot be over 100, got 110.4"),
    case("fraction-of-a-count", Replace(KPIS, "value: 16401", "value: 16401.5"),
         f"{KPIS}:7: kpis[0].baseline.value: expected a whole number of 件, got 16401.5"),
    case("nan-figure", Replace(FIGS, "value: 1104", "value: .NaN"),
         f"{FIGS}:4: figures[0].value: expected a finite number, got nan"),
    case("infinite-target", Replace(KPIS, "value: 27000", "value: .inf"),
         f"{KPIS}:10: kpis[0].target.value: expected a finite number, got inf"),
    case("nan-table-cell", Replace(TABLES, "total: 8,", "total: .nan,"),
         f"{TABLES}:16: tables[0].rows[0].total: expected a finite number, got nan"),
    case("minus-infinity-table-cell", Replace(TABLES, "abolished: 1,", "abolished: -.inf,"),
         f"{TABLES}:17: tables[0].rows[1].abolished: expected a finite number, got -inf"),
    case("number-pasted-in-scientific-notation", Replace(FIGS, "value: 1104\n    unit: people",
                                                         "value: 1.5e+28\n    unit: percentage-points"),
         f"{FIGS}:4: figures[0].value: expected a number below 1,000,000,000,000,000, got 1.5e+28 "
         "(a typing or paste error?)"),
    case("number-too-large-in-table-cell", Replace(TABLES, "total: 8,", "total: 10000000000000000,"),
         f"{TABLES}:16: tables[0].rows[0].total: expected a number below 1,000,000,000,000,000, "
         "got 10000000000000000 (a typing or paste error?)"),
    case("derived-figure-too-large-to-compute",
         [Replace(TABLES, "total: 8, abolished: 7", "total: 0.000001, abolished: 900000000000000"),
          Replace(TABLES, "precision: 1", "precision: 6"),
          Replace(TABLES, "type: number, unit: procedures}\n      - {id: abolished",
                  "type: number, unit: percentage-points}\n      - {id: abolished"),
          Replace(TABLES, "en: Abolished}, type: number, unit: procedures}", "en: Abolished}, type: number, "
                  "unit: percentage-points}")],
         f"{TABLES}:16: tables[0].rows[0]: the column 'rate' cannot be computed from this row (abolished, total): "
         "the result is too large to show"),
    # ---- dates ----------------------------------------------------------------------------------------------
    case("date-29-february-2025", Replace(KPIS, "{fiscal_year: 2024, value: 21700,",
                                          "{fiscal_year: 2024, value: 21700, as_of: 2025-02-29,"),
         f'{KPIS}:9: kpis[0].actuals[0].as_of: "2025-02-29" is not a real date; write an existing date as YYYY-MM-DD'),
    case("date-month-13", Replace(FIGS, "as_of: {fiscal_year: 2024}", "as_of: {date: 2024-13-01}"),
         f'{FIGS}:6: figures[0].as_of.date: "2024-13-01" is not a real date; write an existing date as YYYY-MM-DD'),
    case("date-with-slashes", Replace(KPIS, "{fiscal_year: 2024, value: 21700,",
                                      "{fiscal_year: 2024, value: 21700, as_of: 2025/04/01,"),
         f'{KPIS}:9: kpis[0].actuals[0].as_of: expected a date such as 2025-04-01, got "2025/04/01"'),
    case("date-in-reiwa", Replace(KPIS, "{fiscal_year: 2024, value: 21700,",
                                  "{fiscal_year: 2024, value: 21700, as_of: 令和7年4月1日,"),
         f'{KPIS}:9: kpis[0].actuals[0].as_of: expected a date such as 2025-04-01, got "令和7年4月1日"'),
    # pages: tests/test_pages.py (the page renderer's own corpus)
    # ---- everything at once ----------------------------------------------------------------------------------
    case("all-problems-in-one-run",
         [Replace(KPIS, "direction: increase", "direction: up"),
          Replace(KPIS, "target: {fiscal_year: 2027, value: 15.0", "target: {fiscal_year: 2027, value: 150"),
          Replace(KPIS, "initiative: line-account\n    name: {ja: オンライン", "initiative: line-acount\n    name: {ja: オンライン"),
          Replace(PLAN, "kind: plan", "kind: plann"),
          Delete(EN_PAGE)],
         f"{KPIS}:6: kpis[0].direction: expected one of 'increase' or 'decrease', got \"up\"",
         f"{KPIS}:17: kpis[1].target.value: a percentage cannot be over 100, got 150",
         f"{KPIS}:19: kpis[2].initiative: no initiative with id 'line-acount'; known ids: line-account, seal-abolition",
         f"{PLAN}:5: kind: expected one of 'plan' or 'policy', got \"plann\"",
         f"{JA_PAGE}:1: this Japanese page has no English twin "
         f"{EN_PAGE} — create it at the same path (every page exists in both languages)"),
]


# --------------------------------------------------------------------------------------------
# Running the corpus
# --------------------------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The mini data with the overview pages of its plan: `dxplans check` passes on it."""
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    # the fixture keeps one printed figure that disagrees (for the renderer tests); here it agrees
    Replace(TABLES, "printed: {rate: 30.0}", "printed: {rate: 33.3}").apply(root)
    for lang in ("ja", "en"):
        Write(f"docs/{lang}/plans/sample/index.md", PLAN_PAGE[lang]).apply(root)
    return root


def check_output(root: Path, capsys) -> tuple[int, list[str]]:
    """The exit code and the report, each problem as one English line `file:line: field: message`.

    dxplans check prints every problem in Japanese, then in English on the next line
    (macros/core/messages.py); each Japanese line must be a real explanation, not the fallback."""
    code = main(["--root", str(root), "check"])
    return code, english_lines(capsys.readouterr().err)


def one_line(expected: str) -> str:
    """An expectation written in both languages (file:line: path: 日本語, then "    English: …") as
    the one English line english_lines() makes of the report."""
    if "\n    English: " not in expected:
        return expected
    first, english = expected.split("\n    English: ", 1)
    where, rest = first.split(": ", 1)
    path = re.match(r"[\w\[\].-]+: ", rest)
    return f"{where}: {path[0] if path else ''}{english}"


def english_lines(err: str) -> list[str]:
    lines, out = err.splitlines(), []
    for index, line in enumerate(lines):
        if line.startswith("    English: "):
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if following.startswith("    English: "):
            assert UNKNOWN.ja not in line, f"no Japanese wording for: {following}"
            assert re.search(r"[ぁ-んァ-ン一-龥]", line.split(": ", 1)[1]), line
            out.append(line.split(": ", 1)[0] + ": " + following.removeprefix("    English: "))
        else:
            out.append(line)
    return out


def test_corpus_is_large_and_names_are_unique() -> None:
    names = [c.name for c in CASES]
    assert len(names) == len(set(names))
    assert len(CASES) >= 35


def test_the_unbroken_project_passes(project: Path, capsys) -> None:
    assert main(["--root", str(project), "check"]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_dxplans_check_reports_exactly(case: Case, project: Path, capsys) -> None:
    for edit in case.edits:
        edit.apply(project)
    code, err = check_output(project, capsys)
    assert code == 1
    assert err[-1] == f"{len(case.expected)} problem(s) found. Fix each line above, then run 'dxplans check' again."
    assert err[:-2] == [one_line(e) for e in case.expected]   # each problem: its English line (ja checked)


def test_the_command_itself_exits_non_zero(project: Path) -> None:
    Replace(KPIS, "value: 16401", "value: -1").apply(project)
    result = subprocess.run([sys.executable, "-m", "macros.cli.main", "--root", str(project), "check"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert f"{KPIS}:7: kpis[0].baseline.value: expected zero or a positive number, got -1" in \
        english_lines(result.stderr)


@pytest.mark.build
@pytest.mark.parametrize("case", [c for c in CASES if c.build], ids=lambda c: c.name)
def test_strict_build_fails_too(case: Case, tmp_path: Path) -> None:
    project = make_project(tmp_path / "site-project")
    for edit in case.edits:
        edit.apply(project)
    result = build(project)
    assert result.returncode != 0
    assert "The site was not built: the data has problems." in result.stderr
    reported = english_lines(result.stderr)
    for line in map(one_line, case.expected):
        assert line in reported, line
    assert not (project / "site" / "index.html").exists()


@pytest.mark.build
@pytest.mark.parametrize("how", ["plain", "make build"])
def test_a_warning_in_the_english_build_alone_fails_the_build(tmp_path: Path, how: str) -> None:
    """English builds inside the Japanese build (plain) or in its own process (make build): either way it counts."""
    import subprocess
    import sys

    from .conftest import ROOT

    project = make_project(tmp_path / "site-project", pages={
        "en/plans/sample/index.md": "# Sample City DX Promotion Plan\n\n[the plan](no-such-page.md)\n"})
    if how == "plain":
        result = build(project)
    else:
        result = subprocess.run([sys.executable, str(ROOT / "tools" / "build_atomic.py"), "--config-file",
                                 str(project / "mkdocs.yml")], cwd=project, capture_output=True, text=True,
                                timeout=300)
    assert result.returncode != 0
    assert "'no-such-page.md'" in result.stderr and "en/plans/sample/index.md" in result.stderr
    if how == "make build":
        assert "The build failed" in result.stderr and not (project / "site").exists()


@pytest.mark.build
def test_the_tiny_project_builds_when_nothing_is_broken(tmp_path: Path) -> None:
    project = make_project(tmp_path / "site-project")
    result = build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (project / "site" / "en" / "plans" / "sample" / "index.html").exists()
