"""Open data: every dataset as flat rows, built from the same Site the pages show.

Pure: Site -> rows. The MkDocs hook (macros/mkdocs/hooks_opendata.py) only writes them
as CSV (UTF-8 with BOM, so Excel on Japanese Windows opens it correctly) and JSON.

A CSV opened in a spreadsheet runs a cell that starts with = + - @ (or a tab or CR before
them) as a formula: a KPI name =HYPERLINK("https://…","詳細") would become a live link.
Every text cell that starts with one of those characters is written with a single quote
in front ('=HYPERLINK(…)), as OWASP's "CSV Injection" advises; numbers are written as
numbers (-5 stays -5), and the JSON files keep every value exactly as in the data.
Columns are declared once here with their meaning in both languages; the open
data page documents them from this same list.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from macros.core.compute import computed_row
from macros.core.load import Site


@dataclass(frozen=True)
class Column:
    name: str
    ja: str
    en: str


@dataclass(frozen=True)
class Dataset:
    id: str
    title_ja: str
    title_en: str
    columns: tuple[Column, ...]
    rows: Callable[[Site], Iterable[dict[str, Any]]]


def _c(name: str, ja: str, en: str) -> Column:
    return Column(name, ja, en)


OPEN_DATA_DIR = "opendata"   # at the site root, shared by both languages
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"

PLAN_ID = _c("plan_id", "計画のID", "plan id")


def _plans(site: Site):
    for data in site.plans.values():
        p = data.plan
        yield {"plan_id": p.id, "municipality_ja": p.municipality.ja, "municipality_en": p.municipality.en,
               "prefecture_ja": p.prefecture.ja, "prefecture_en": p.prefecture.en,
               "title_ja": p.title.ja, "title_en": p.title.en, "kind": p.kind,
               "version_ja": p.version.ja if p.version else "", "version_en": p.version.en if p.version else "",
               "published_year": p.published.year, "published_month": p.published.month,
               "start_fy": p.period.start_fy, "end_fy": p.period.end_fy,
               "initiatives": len(data.initiatives), "kpis": len(data.kpis), "terms": len(data.terms),
               "source_file": p.source.file}


def _initiatives(site: Site):
    for data in site.plans.values():
        groups = {g.id: g for g in data.groups}
        for ini in data.initiatives:
            group = groups.get(ini.group)
            yield {"plan_id": data.id, "initiative_id": ini.id, "group_id": ini.group,
                   "group_code": group.code if group else "", "title_ja": ini.title.ja, "title_en": ini.title.en,
                   "status": ini.status or "", "completed_fy": ini.completed_fy,
                   "completion_planned_fy": ini.completion_planned_fy, "grade": ini.grade or "",
                   "departments": ";".join(ini.departments)}


def _kpi_values(site: Site):
    for data in site.plans.values():
        for kpi in data.kpis:
            observations = ([("baseline", kpi.baseline)] if kpi.baseline else []) + \
                [("actual", o) for o in kpi.actuals]
            base = {"plan_id": data.id, "kpi_id": kpi.id, "initiative_id": kpi.initiative,
                    "name_ja": kpi.name.ja, "name_en": kpi.name.en, "unit": kpi.unit, "direction": kpi.direction}
            for kind, obs in observations:
                yield {**base, "value_kind": kind, "fiscal_year": obs.fiscal_year, "value": obs.value,
                       "target_kind": "", "bound": "", "source_page": obs.source.page}
            t = kpi.target
            yield {**base, "value_kind": "target", "fiscal_year": t.fiscal_year, "value": t.value,
                   "target_kind": t.kind, "bound": t.bound, "source_page": t.source.page}


def _roadmaps(site: Site):
    for data in site.plans.values():
        for ini in data.initiatives:
            for index, step in enumerate(ini.roadmap):
                yield {"plan_id": data.id, "initiative_id": ini.id, "step": index + 1,
                       "start_fy": step.start_fy, "end_fy": step.end_fy, "text_ja": step.text.ja,
                       "text_en": step.text.en, "timing_uncertain": bool(step.uncertain)}
            for row in ini.years:
                yield {"plan_id": data.id, "initiative_id": ini.id, "step": "",
                       "start_fy": row.fiscal_year, "end_fy": row.fiscal_year,
                       "text_ja": row.actions.ja if row.actions else "", "text_en": row.actions.en if row.actions else "",
                       "timing_uncertain": False}


def _table_cells(site: Site):
    for data in site.plans.values():
        for table in data.tables:
            for row_no, raw in enumerate(table.rows, start=1):
                row = computed_row(table.columns, raw)
                for col in table.columns:
                    value = row.get(col.id)
                    ja = en = ""
                    if isinstance(value, dict):
                        ja, en, value = value.get("ja", ""), value.get("en", ""), ""
                    elif isinstance(value, Decimal) and col.derived is not None:
                        value = round(value, col.derived.precision)  # a number: the CSV writes it as one
                    yield {"plan_id": data.id, "table_id": table.id, "row": row_no, "column": col.id,
                           "column_type": col.type, "unit": col.unit or "",
                           "value": "" if value is None else value, "text_ja": ja, "text_en": en,
                           "printed": (raw.get("printed") or {}).get(col.id, "")}


def _glossary(site: Site):
    for data in site.plans.values():
        for term in data.terms:
            yield {"plan_id": data.id, "term_id": term.id, "term_ja": term.term.ja, "term_en": term.term.en,
                   "reading": term.reading, "abbreviation": term.abbreviation or "",
                   "definition_ja": term.definition.ja, "definition_en": term.definition.en}


def _priority_links(site: Site):
    priorities = site.priorities()
    for data in site.plans.values():
        for link in data.priority_links:
            priority = priorities.get(link.priority)
            yield {"plan_id": data.id, "initiative_id": link.initiative, "priority_id": link.priority,
                   "priority_ja": priority.title.ja if priority else "",
                   "priority_en": priority.title.en if priority else "",
                   "basis_ja": link.basis.ja, "basis_en": link.basis.en}


DATASETS: tuple[Dataset, ...] = (
    Dataset("plans", "計画", "Plans", (
        PLAN_ID, _c("municipality_ja", "自治体名", "municipality (Japanese)"),
        _c("municipality_en", "自治体名（英語）", "municipality (English)"),
        _c("prefecture_ja", "都道府県", "prefecture (Japanese)"), _c("prefecture_en", "都道府県（英語）", "prefecture"),
        _c("title_ja", "計画名", "title (Japanese)"), _c("title_en", "計画名（英語）", "title (English)"),
        _c("kind", "種別（plan=計画, policy=方針）", "kind (plan or policy)"),
        _c("version_ja", "版", "version (Japanese)"), _c("version_en", "版（英語）", "version (English)"),
        _c("published_year", "策定年", "year published"), _c("published_month", "策定月（不明は空欄）", "month published (blank if unknown)"),
        _c("start_fy", "計画期間の始期（年度、西暦）", "first fiscal year of the period"),
        _c("end_fy", "計画期間の終期（年度、西暦）", "last fiscal year of the period"),
        _c("initiatives", "取組の数", "number of initiatives"), _c("kpis", "KPIの数", "number of KPIs"),
        _c("terms", "用語の数", "number of glossary terms"), _c("source_file", "原文テキストのファイル名", "source text file"),
    ), _plans),
    Dataset("initiatives", "取組", "Initiatives", (
        PLAN_ID, _c("initiative_id", "取組のID", "initiative id"), _c("group_id", "分類のID", "group id"),
        _c("group_code", "分類の番号", "group code as printed"), _c("title_ja", "取組名", "title (Japanese)"),
        _c("title_en", "取組名（英語）", "title (English)"), _c("status", "状況（原文に記載がある場合）", "status, where the source gives one"),
        _c("completed_fy", "完了年度", "fiscal year completed"), _c("completion_planned_fy", "完了予定年度", "fiscal year completion is planned"),
        _c("grade", "達成度（A〜D）", "grade (A–D)"), _c("departments", "担当課のID（;区切り）", "responsible division ids (; separated)"),
    ), _initiatives),
    Dataset("kpi-values", "KPIの値（基準値・実績値・目標値）", "KPI values (baseline, actuals, target)", (
        PLAN_ID, _c("kpi_id", "KPIのID", "KPI id"), _c("initiative_id", "取組のID", "initiative id"),
        _c("name_ja", "指標名", "name (Japanese)"), _c("name_en", "指標名（英語）", "name (English)"),
        _c("unit", "単位のID", "unit id"), _c("direction", "望ましい方向（increase/decrease）", "desired direction"),
        _c("value_kind", "値の種類（baseline/actual/target）", "kind of value"),
        _c("fiscal_year", "年度（西暦）", "fiscal year"), _c("value", "値", "value"),
        _c("target_kind", "目標の種類", "kind of target"), _c("bound", "以上・以下", "bound (at_least, at_most, exact)"),
        _c("source_page", "原文のページ", "page in the source"),
    ), _kpi_values),
    Dataset("roadmaps", "スケジュール", "Roadmaps", (
        PLAN_ID, _c("initiative_id", "取組のID", "initiative id"), _c("step", "段階の番号", "step number"),
        _c("start_fy", "開始年度", "first fiscal year"), _c("end_fy", "終了年度", "last fiscal year"),
        _c("text_ja", "内容", "text (Japanese)"), _c("text_en", "内容（英語）", "text (English)"),
        _c("timing_uncertain", "年度の位置が原文から確定できない", "placement by fiscal year is uncertain"),
    ), _roadmaps),
    Dataset("table-cells", "表（1セル1行）", "Tables (1 cell per row)", (
        PLAN_ID, _c("table_id", "表のID", "table id"), _c("row", "行番号", "row number"), _c("column", "列のID", "column id"),
        _c("column_type", "列の型", "column type"), _c("unit", "単位のID", "unit id"),
        _c("value", "値（計算列は算出値）", "value (computed for derived columns)"),
        _c("text_ja", "文字（日本語）", "text (Japanese)"), _c("text_en", "文字（英語）", "text (English)"),
        _c("printed", "出典の表記（計算列）", "figure as printed in the source"),
    ), _table_cells),
    Dataset("glossary", "用語", "Glossary", (
        PLAN_ID, _c("term_id", "用語のID", "term id"), _c("term_ja", "用語", "term (Japanese)"),
        _c("term_en", "用語（英語）", "term (English)"), _c("reading", "よみ", "reading (hiragana)"),
        _c("abbreviation", "略語", "abbreviation"), _c("definition_ja", "説明", "definition (Japanese)"),
        _c("definition_en", "説明（英語）", "definition (English)"),
    ), _glossary),
    Dataset("priority-links", "国の重点取組事項との対応", "Links to national priorities", (
        PLAN_ID, _c("initiative_id", "取組のID", "initiative id"), _c("priority_id", "重点取組事項のID", "priority id"),
        _c("priority_ja", "重点取組事項", "priority (Japanese)"), _c("priority_en", "重点取組事項（英語）", "priority (English)"),
        _c("basis_ja", "対応の根拠", "basis (Japanese)"), _c("basis_en", "対応の根拠（英語）", "basis (English)"),
    ), _priority_links),
)


def dataset_rows(dataset: Dataset, site: Site) -> list[dict[str, Any]]:
    names = [c.name for c in dataset.columns]
    return [{name: row.get(name) for name in names} for row in dataset.rows(site)]


def to_csv(dataset: Dataset, rows: list[dict[str, Any]]) -> bytes:
    """UTF-8 with BOM and CRLF, as Excel on Japanese Windows expects; no cell is a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.name for c in dataset.columns])
    for row in rows:
        writer.writerow([csv_cell(row[c.name]) for c in dataset.columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection"): = + - @, and a tab or
# carriage return, after which Excel still reads the rest as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A value as the CSV writes it: numbers as numbers, true/false, and text that cannot run.

    Only text is neutralised, so a negative number (-5, Decimal('-0.5')) stays a number a
    spreadsheet can add up; text such as "-5" or "=1+1" gets a leading ' and shows as written."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, Decimal)):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_json(rows: list[dict[str, Any]]) -> bytes:
    return json.dumps(rows, ensure_ascii=False, indent=1, default=str).encode("utf-8")

