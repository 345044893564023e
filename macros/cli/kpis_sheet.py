"""`dxplans kpis export|import`: the yearly update of KPI results through a spreadsheet.

    dxplans kpis export <plan> [--xlsx] [-o FILE]
                                                a CSV that Excel opens (UTF-8 with BOM), or with --xlsx an
                                                Excel workbook (macros/cli/xlsx.py): one row per KPI,
                                                headers in Japanese and English, the unit, baseline and
                                                target for reference, and a column per fiscal year of results
    dxplans kpis import <plan> FILE --source …  (FILE .csv or .xlsx) writes the results typed in those columns into the plan's
                                                kpis.yml: only the lines of changed or new results change;
                                                comments, order and layout stay as they are

Import checks every cell first and writes nothing when any is wrong: each refusal names the file, the
row and the column (as the spreadsheet shows them: row 2 is the first KPI, column C is the third) and
says what to write. After writing, the plan's data is loaded again; if it does not pass, the file is
put back as it was and the problems are printed.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from macros.cli import xlsx
from macros.core import formatting as fmt
from macros.core import models as m
from macros.core.load import DataError, load_site, plan_years
from macros.core.messages import staff_text
from macros.core.yamlread import read_yaml

FIXED = ("id", "指標 / KPI", "単位 / Unit", "基準値 / Baseline", "目標 / Target")
YEAR_HEADER = re.compile(r"^(\d{4})年度")


class SheetError(Exception):
    """Cells that cannot be imported, each as `file: row N, column X (header): what — what to write`."""


def year_header(year: int) -> str:
    return f"{year}年度 実績（{fmt.fiscal_year(year, 'ja')}） / FY{year} result"


_column_letter = xlsx.column_letter   # as the spreadsheet names its columns: 0 -> A, 26 -> AA


def sheet_years(data: Any, today_fy: int | None = None) -> list[int]:
    """The fiscal years the sheet has a column for: the plan's years and every year with a result."""
    span = plan_years(data.plan)
    years = set(range(span.start_fy, span.end_fy + 1))
    for kpi in data.kpis:
        years |= {a.fiscal_year for a in kpi.actuals}
        if kpi.baseline:
            years.add(kpi.baseline.fiscal_year + 1)
    return sorted(y for y in years if m.FIRST_FISCAL_YEAR <= y <= m.LAST_FISCAL_YEAR)


def export_rows(site: Any, plan_id: str) -> list[list[str]]:
    data = site.plan(plan_id)
    years = sheet_years(data)
    rows = [[*FIXED, *(year_header(y) for y in years)]]
    for kpi in data.kpis:
        unit = site.unit(kpi.unit)
        results = {a.fiscal_year: a.value for a in kpi.actuals}
        baseline = "" if kpi.baseline is None else \
            f"{fmt.quantity(kpi.baseline.value, unit, 'ja')}（{fmt.fiscal_year(kpi.baseline.fiscal_year, 'ja')}）"
        target = f"{fmt.quantity(kpi.target.value, unit, 'ja')}（{fmt.fiscal_year(kpi.target.fiscal_year, 'ja')}）"
        rows.append([kpi.id, f"{kpi.name.ja} / {kpi.name.en}", f"{unit.ja or '—'} / {unit.en or '(number)'}", baseline, target,
                     *(_plain(results[y]) if y in results else "" for y in years)])
    return rows


def _plain(value: float | int) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def export_xlsx(site: Any, plan_id: str) -> bytes:
    """The same sheet as a workbook: the result cells are numbers, the rest text."""
    rows: list[list[Any]] = [list(r) for r in export_rows(site, plan_id)]
    for row in rows[1:]:
        for col in range(len(FIXED), len(row)):
            if row[col]:
                row[col] = parse_cell(row[col])
    return xlsx.write(rows)


def export_csv(site: Any, plan_id: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(export_rows(site, plan_id))
    return "\ufeff" + out.getvalue()


# ------------------------------------------------------------------ reading the sheet back


@dataclass(frozen=True)
class Result:
    kpi: str
    fiscal_year: int
    value: float | int


_GROUPED = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?")
_PLAIN = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)")


def parse_cell(text: str) -> float | int | None:
    """A result as typed in a spreadsheet: 27000, 27,000 or ２７０００; None for an empty cell.
    Raises ValueError with what to write for anything else (27,000件, 約2万, 18.8%)."""
    raw = unicodedata.normalize("NFKC", text).strip()
    if not raw:
        return None
    number = raw.replace(",", "") if _GROUPED.fullmatch(raw) else raw
    if not _PLAIN.fullmatch(number):
        digits = re.sub(r"[^\d.]", "", raw)
        ok = bool(digits) and bool(_PLAIN.fullmatch(digits))
        ja = f"{digits} と書いてください" if ok else "数だけを書いてください（例 16401）"
        en = f"write {digits}" if ok else "write the number only, e.g. 16401"
        raise ValueError(f"「{text}」は数ではありません — {ja}（数字だけ。単位は「単位 / Unit」の列にあります）\n"
                         f'    English: "{text}" is not a number — {en} (digits only: the unit is in the Unit column)')
    value = float(number)
    return int(value) if value.is_integer() and "." not in number else value


def read_results(path: Path, data: Any) -> list[Result]:
    """Every filled result cell of the sheet; SheetError listing every bad cell (nothing is imported then)."""
    raw = path.read_bytes()
    if raw.startswith(b"PK"):   # a zip: an .xlsx workbook
        try:
            rows = xlsx.read(raw)
        except xlsx.XlsxError as exc:
            raise SheetError(f"{path.name}: Excel のブック（.xlsx）として読めません — dxplans kpis export --xlsx で"
                             f"書き出したブックに入力してください\n    English: cannot read it as an .xlsx workbook ({exc}) — "
                             "type the results into the workbook 'dxplans kpis export --xlsx' wrote") from None
        return _results(path, rows, data)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SheetError(f"{path.name}: UTF-8 のファイルではありません — Excel で「CSV UTF-8（コンマ区切り）」で保存してください"
                         "\n    English: the file is not UTF-8 text — in Excel save it as 'CSV UTF-8 (comma delimited)'") \
            from None
    return _results(path, list(csv.reader(io.StringIO(text))), data)


def _results(path: Path, rows: list[list[str]], data: Any) -> list[Result]:
    if not rows or rows[0][:1] != ["id"]:
        raise SheetError(f"{path.name}: 1行目: 見出しの行（id で始まる）がありません — dxplans kpis export で書き出した表に"
                         "入力してください\n    English: row 1: the first row must be the header row written by "
                         "'dxplans kpis export' (starting with id) — export the sheet again and type the results in it")
    header, errors, out = rows[0], [], []
    kpis = {k.id: k for k in data.kpis}
    year_columns = {}
    for col, name in enumerate(header):
        found = YEAR_HEADER.match(name.strip())
        if found:
            year_columns[col] = int(found[1])
    seen: set[str] = set()
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        kpi_id = row[0].strip() if row else ""
        where = f"{path.name}: {number}行目・A列（id） / row {number}, column A (id)"
        if kpi_id not in kpis:
            known = ", ".join(kpis)
            errors.append(f"{where}: 計画 {data.id} に KPI「{kpi_id}」はありません — id の列は書き出したままにしてください"
                          f"（{known}）\n    English: no KPI '{kpi_id}' in plan {data.id} — keep the id column as "
                          "exported")
            continue
        if kpi_id in seen:
            errors.append(f"{where}: KPI「{kpi_id}」の行が2つあります — 1つの KPI は1行にしてください\n"
                          f"    English: the KPI '{kpi_id}' has a second row — keep one row per KPI")
            continue
        seen.add(kpi_id)
        for col, year in year_columns.items():
            cell = row[col] if col < len(row) else ""
            try:
                value = parse_cell(cell)
            except ValueError as exc:
                letter = _column_letter(col)
                errors.append(f"{path.name}: {number}行目・{letter}列 / row {number}, column {letter} "
                              f"({header[col]}): {exc}")
                continue
            if value is not None:
                out.append(Result(kpi_id, year, value))
    if errors:
        raise SheetError("\n".join(errors))
    return out


# ------------------------------------------------------------------ writing kpis.yml line by line


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _flow(source: dict[str, Any]) -> str:
    def value(v: Any) -> str:
        if isinstance(v, dict):
            return "{" + ", ".join(f"{k}: {value(x)}" for k, x in v.items()) + "}"
        if isinstance(v, str) and not re.fullmatch(r"[^\s{}\[\],:#&*!|>'\"%@`][^{}\[\],:#]*", v):
            return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return str(v)
    return value(source)


def apply_results(text: str, results: list[Result], source: dict[str, Any], rel: str) -> tuple[str, list[str]]:
    """kpis.yml's text with the results written in: a changed value is replaced in its own line, a new
    result is a new line `- {fiscal_year: …, value: …, source: …}` in year order. Returns (text, changes)."""
    changes: list[str] = []
    for result in sorted(results, key=lambda r: (r.kpi, r.fiscal_year)):
        doc = read_yaml(text.encode("utf-8"), rel)
        kpis = doc.data["kpis"]
        index = next(i for i, k in enumerate(kpis) if k.get("id") == result.kpi)
        kpi = kpis[index]
        actuals = kpi.get("actuals") or []
        lines = text.split("\n")
        existing = next((j for j, a in enumerate(actuals) if a.get("fiscal_year") == result.fiscal_year), None)
        if existing is not None:
            if actuals[existing].get("value") == result.value:
                continue
            at = doc.line_of(("kpis", index, "actuals", existing, "value")) - 1
            new = _plain(result.value)
            lines[at] = re.sub(r"(\bvalue:\s*)[^,}\s#]+", lambda mt, new=new: mt[1] + new, lines[at], count=1)
            changes.append(f"{result.kpi}: FY{result.fiscal_year} {actuals[existing].get('value')} → "
                           f"{_plain(result.value)}")
        else:
            item = _flow({"fiscal_year": result.fiscal_year, "value": result.value, "source": source})
            item = item.replace(f"value: {result.value}", f"value: {_plain(result.value)}")
            lines = _insert_actual(lines, doc, index, actuals, result.fiscal_year, item)
            changes.append(f"{result.kpi}: FY{result.fiscal_year} {_plain(result.value)} (new)")
        text = "\n".join(lines)
    return text, changes


def _insert_actual(lines: list[str], doc: Any, index: int, actuals: list, year: int, item: str) -> list[str]:
    kpi_line = doc.line_of(("kpis", index, "id")) - 1
    key_indent = _indent(lines[kpi_line].replace("- ", "  ", 1))
    if actuals:
        first = doc.line_of(("kpis", index, "actuals", 0)) - 1
        dash = " " * _indent(lines[first])
        later = next((j for j, a in enumerate(actuals) if a.get("fiscal_year", 0) > year), None)
        if later is not None:
            at = doc.line_of(("kpis", index, "actuals", later)) - 1
        else:
            key = doc.line_of(("kpis", index, "actuals")) - 1
            at = key + 1
            while at < len(lines) and (not lines[at].strip() or _indent(lines[at]) > key_indent
                                       or (_indent(lines[at]) == key_indent and lines[at].lstrip().startswith("- "))):
                at += 1
            while at - 1 > key and not lines[at - 1].strip():
                at -= 1
        return lines[:at] + [f"{dash}- {item}"] + lines[at:]
    key = " " * key_indent
    if "actuals" in (doc.data["kpis"][index] or {}):   # actuals: [] on its own line
        at = doc.line_of(("kpis", index, "actuals")) - 1
        return lines[:at] + [f"{key}actuals:", f"{key}  - {item}"] + lines[at + 1:]
    target = doc.line_of(("kpis", index, "target")) - 1
    return lines[:target] + [f"{key}actuals:", f"{key}  - {item}"] + lines[target:]


def import_sheet(root: Path, plan_id: str, sheet: Path, source: dict[str, Any]) -> list[str]:
    """Write the sheet's results into the plan's kpis.yml; SheetError or DataError, leaving the file as it was."""
    site = load_site(root)
    data = site.plan(plan_id)
    results = read_results(sheet, data)
    path = root / "data" / "plans" / plan_id / "kpis.yml"
    rel = path.relative_to(root).as_posix()
    before = path.read_text(encoding="utf-8")
    after, changes = apply_results(before, results, source, rel)
    if after == before:
        return []
    path.write_text(after, encoding="utf-8")
    try:
        load_site(root)
    except DataError:
        path.write_text(before, encoding="utf-8")
        raise
    return changes


# ------------------------------------------------------------------ command line


def register(sub: Any, project_root: Callable[[argparse.Namespace], Path]) -> None:
    kpis = sub.add_parser("kpis", help="the yearly update of KPI results through a spreadsheet (CSV)")
    what = kpis.add_subparsers(dest="kpis_command", required=True)
    export = what.add_parser("export", help="write a plan's KPIs as a sheet: one row per KPI, a column per year")
    export.add_argument("plan", help="the plan's id, e.g. tome")
    export.add_argument("-o", "--output", help="the file to write (default: <plan>-kpis.csv, or .xlsx)")
    export.add_argument("--xlsx", action="store_true", help="write an Excel workbook instead of a CSV file")
    export.set_defaults(func=lambda args: _export(args, project_root(args)))
    imp = what.add_parser("import", help="write the results typed into the sheet into the plan's kpis.yml")
    imp.add_argument("plan", help="the plan's id, e.g. tome")
    imp.add_argument("file", help="the sheet: the .xlsx workbook, or a CSV saved as 'CSV UTF-8'")
    imp.add_argument("--source-page", type=int, help="page of the published report the results come from")
    imp.add_argument("--source-url", help="address (https://…) where the results are published")
    imp.add_argument("--department-ja", help="the department that reported them, in Japanese, e.g. ＤＸ推進課")
    imp.add_argument("--department-en", help="the same in English, e.g. DX Promotion Division")
    imp.set_defaults(func=lambda args: _import(args, project_root(args)))


def _export(args: argparse.Namespace, root: Path) -> int:
    try:
        site = load_site(root)
        site.plan(args.plan)
    except DataError as exc:
        print("\n".join(staff_text(p) for p in exc.problems), file=sys.stderr)
        return 1
    except KeyError as exc:
        print(f"dxplans kpis export: {exc.args[0]}", file=sys.stderr)
        return 1
    out = Path(args.output or f"{args.plan}-kpis.{'xlsx' if args.xlsx else 'csv'}")
    if args.xlsx:
        out.write_bytes(export_xlsx(site, args.plan))
    else:
        out.write_text(export_csv(site, args.plan), encoding="utf-8", newline="")
    saved = "save it" if args.xlsx else "save as 'CSV UTF-8'"
    print(f"written: {out} — open it in Excel, type the year's results into its column, {saved}, then: "
          f"dxplans kpis import {args.plan} {out} --department-ja … --department-en …")
    return 0


def _import(args: argparse.Namespace, root: Path) -> int:
    source: dict[str, Any] = {}
    if args.source_page:
        source["page"] = args.source_page
    if bool(args.department_ja) != bool(args.department_en):
        print("dxplans kpis import: give both --department-ja and --department-en", file=sys.stderr)
        return 1
    if args.department_ja:
        source["department"] = {"ja": args.department_ja, "en": args.department_en}
    if args.source_url:
        if not args.source_url.startswith("https://"):
            print("dxplans kpis import: --source-url must start with https://", file=sys.stderr)
            return 1
        source["url"] = args.source_url
    if not source:
        print("dxplans kpis import: say where the results come from: --department-ja … --department-en … "
              "(the department that reported them), --source-url https://… or --source-page N", file=sys.stderr)
        return 1
    try:
        changes = import_sheet(root, args.plan, Path(args.file), source)
    except SheetError as exc:
        print(f"{exc}\n\nNothing was imported. Fix the cells above in the sheet, save it, and import again.",
              file=sys.stderr)
        return 1
    except DataError as exc:
        print("\n".join(staff_text(p) for p in exc.problems) + "\n\nNothing was imported (kpis.yml is as it was).",
              file=sys.stderr)
        return 1
    except KeyError as exc:
        print(f"dxplans kpis import: {exc.args[0]}", file=sys.stderr)
        return 1
    print("imported:\n  " + "\n  ".join(changes) if changes else "nothing to import: every result is already there")
    return 0
