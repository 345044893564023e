"""Open data: every dataset as flat rows, built from the same Site the pages show.

Pure: Site -> rows. The build step macros/mkdocs/opendata_files.py only writes them
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

from macros.core import models as m
from macros.core.basis import site_entries
from macros.core.compute import computed_row
from macros.core.load import Site, row_basis


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
PRINTED_JA = _c("printed_ja", "原文の表記（全角数字・％・増などを含め原文どおり。空欄は値の表記と同じ）",
                "the value exactly as the source prints it (blank when it reads as the value)")
BASIS_COLUMNS = (
    _c("basis", "値の根拠（空欄=原文に記載。reconstructed=原文の配置から再構成、inferred=推定。"
       "複数の値は「項目=種類」を;で区切る）",
       "basis of the values (blank = printed in the source; reconstructed = rebuilt from the source's layout; "
       "inferred = concluded, not stated outright; several values as field=kind separated by ;)"),
    _c("basis_reason_ja", "根拠の理由", "reason for the basis (Japanese)"),
    _c("basis_reason_en", "根拠の理由（英語）", "reason for the basis (English)"),
)


def _basis(*pairs: tuple[str, m.Basis | None]) -> dict[str, str]:
    """basis columns for a row: one value (field "") or several (field=kind; …); stated values left out."""
    found = [(name, b) for name, b in pairs if b is not None and b.kind != "stated"]
    if not found:
        return {"basis": "", "basis_reason_ja": "", "basis_reason_en": ""}
    if len(found) == 1 and not found[0][0]:
        b = found[0][1]
        return {"basis": b.kind, "basis_reason_ja": b.reason.ja if b.reason else "",
                "basis_reason_en": b.reason.en if b.reason else ""}

    def join(lang: str) -> str:
        return " ; ".join(f"{name}: {getattr(b.reason, lang)}" if name else getattr(b.reason, lang)
                          for name, b in found if b.reason)
    return {"basis": ";".join(f"{name}={b.kind}" if name else b.kind for name, b in found),
            "basis_reason_ja": join("ja"), "basis_reason_en": join("en")}


def _all_basis(record: Any, prefix: str = "") -> list[tuple[str, m.Basis | None]]:
    return [(prefix + key, b) for key, b in getattr(record, "basis", {}).items()]


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
               "source_url": p.source.url or "",
               **_basis(*_all_basis(p), *_all_basis(p.published, "published."), *_all_basis(p.period, "period."))}


def _initiatives(site: Site):
    for data in site.plans.values():
        groups = {g.id: g for g in data.groups}
        for ini in data.initiatives:
            group = groups.get(ini.group)
            yield {"plan_id": data.id, "initiative_id": ini.id, "group_id": ini.group,
                   "group_code": group.code if group else "", "title_ja": ini.title.ja, "title_en": ini.title.en,
                   "status": ini.status or "", "completed_fy": ini.completed_fy,
                   "completed_by_fy": ini.completed_by_fy,
                   "completion_planned_fy": ini.completion_planned_fy, "grade": ini.grade or "",
                   "departments": ";".join(ini.departments), **_basis(*_all_basis(ini))}


def _kpi_values(site: Site):
    for data in site.plans.values():
        for kpi in data.kpis:
            observations = ([("baseline", kpi.baseline)] if kpi.baseline else []) + \
                [("actual", o) for o in kpi.actuals]
            base = {"plan_id": data.id, "kpi_id": kpi.id, "initiative_id": kpi.initiative,
                    "name_ja": kpi.name.ja, "name_en": kpi.name.en, "unit": kpi.unit, "direction": kpi.direction}
            for index, (kind, obs) in enumerate(observations):
                prefix = "baseline" if kind == "baseline" else "actuals"
                own = _all_basis(obs) + [(k, b) for k, b in _all_basis(kpi) if k.startswith(prefix)
                                         and (kind == "baseline" or index == len(observations) - 1)]
                yield {**base, "value_kind": kind, "fiscal_year": obs.fiscal_year, "value": obs.value,
                       "printed_ja": obs.printed.ja if obs.printed else "",
                       "target_kind": "", "bound": "", "source_page": obs.source.page, **_basis(*own)}
            for planned in kpi.planned:
                yield {**base, "value_kind": "planned", "fiscal_year": planned.fiscal_year, "value": planned.value,
                       "printed_ja": planned.printed.ja if planned.printed else "", "target_kind": "", "bound": "",
                       "source_page": planned.source.page if planned.source else "", **_basis(*_all_basis(planned))}
            t = kpi.target
            own = _all_basis(t) + [(k.removeprefix("target."), b) for k, b in _all_basis(kpi) if k.startswith("target")]
            yield {**base, "value_kind": "target", "fiscal_year": t.fiscal_year, "value": t.value,
                   "printed_ja": t.printed.ja if t.printed else "", "target_kind": t.kind, "bound": t.bound, "source_page": t.source.page, **_basis(*own)}


def _roadmaps(site: Site):
    for data in site.plans.values():
        for ini in data.initiatives:
            for index, step in enumerate(ini.roadmap):
                yield {"plan_id": data.id, "initiative_id": ini.id, "step": index + 1,
                       "start_fy": step.start_fy, "end_fy": step.end_fy, "text_ja": step.text.ja,
                       "text_en": step.text.en, "goal_ja": "", "goal_en": "",
                       "timing_uncertain": step.basis_of("start_fy") is not None or step.basis_of("end_fy") is not None,
                       **_basis(*_all_basis(step))}
            for ms in ini.milestones:
                # the 目標 row or column (登米市「目 標」; 石巻市's 目標事項), in the goal columns
                yield {"plan_id": data.id, "initiative_id": ini.id, "step": "",
                       "start_fy": ms.fiscal_year, "end_fy": ms.fiscal_year, "text_ja": "", "text_en": "",
                       "goal_ja": ms.text.ja, "goal_en": ms.text.en, "goal_timing": ms.timing if ms.fiscal_year else "",
                       "timing_uncertain": ms.basis_of("fiscal_year") is not None, **_basis(*_all_basis(ms))}
            for row in ini.years:
                yield {"plan_id": data.id, "initiative_id": ini.id, "step": "",
                       "start_fy": row.fiscal_year, "end_fy": row.fiscal_year,
                       "text_ja": row.actions.ja if row.actions else "", "text_en": row.actions.en if row.actions else "",
                       "goal_ja": row.goal.ja if row.goal else "", "goal_en": row.goal.en if row.goal else "",
                       "timing_uncertain": row.basis_of("fiscal_year") is not None, **_basis(*_all_basis(row))}


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
                           "printed": _printed_cell((raw.get("printed") or {}).get(col.id, "")),
                           **_basis(("", row_basis(raw, col.id)))}


def _printed_cell(printed: Any) -> Any:
    """A row's printed: entry for one column: a derived column's figure as printed (a number), or a
    number column's text as printed ({ja: ２０％} -> ２０％)."""
    return printed.get("ja", "") if isinstance(printed, dict) else printed


def _figures(site: Site):
    for data in site.plans.values():
        for fig in data.figures:
            yield {"plan_id": data.id, "figure_id": fig.id, "label_ja": fig.label.ja, "label_en": fig.label.en,
                   "value": fig.value, "unit": fig.unit, "printed_ja": fig.printed.ja if fig.printed else "",
                   "as_of_fiscal_year": fig.as_of.fiscal_year, "as_of_date": fig.as_of.date.isoformat()
                   if fig.as_of.date else "", "source_page": fig.source.page,
                   **_basis(*_all_basis(fig), *_all_basis(fig.as_of, "as_of."))}


def _glossary(site: Site):
    for data in site.plans.values():
        for term in data.terms:
            yield {"plan_id": data.id, "term_id": term.id, "term_ja": term.term.ja, "term_en": term.term.en,
                   "reading": term.reading, "abbreviation": term.abbreviation or "",
                   "definition_ja": term.definition.ja, "definition_en": term.definition.en,
                   **_basis(*_all_basis(term))}


def _priority_links(site: Site):
    priorities = site.priorities()
    for data in site.plans.values():
        for link in data.priority_links:
            priority = priorities.get(link.priority)
            yield {"plan_id": data.id, "initiative_id": link.initiative, "priority_id": link.priority,
                   "priority_ja": priority.title.ja if priority else "",
                   "priority_en": priority.title.en if priority else "",
                   "reason_ja": link.reason.ja, "reason_en": link.reason.en, **_basis(*_all_basis(link))}


def _value_basis(site: Site):
    for entry in site_entries(site):
        yield {"plan_id": entry.plan_id, "file": entry.file, "record_id": entry.top_id,
               "record_kind": entry.kind_of_record, "path": _dotted(entry.path), "field": entry.field,
               "value": _cell(entry.value), "basis": entry.basis.kind,
               "basis_reason_ja": entry.basis.reason.ja if entry.basis.reason else "",
               "basis_reason_en": entry.basis.reason.en if entry.basis.reason else "",
               "source_page": entry.basis.source.page if entry.basis.source else ""}


def _dotted(path: tuple) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else ("." if i else "") + str(p) for i, p in enumerate(path))


def _cell(value: Any) -> Any:
    if isinstance(value, m.Text):
        return value.ja
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, m.Record):
        return json.dumps(value.model_dump(mode="json", exclude={"basis"}), ensure_ascii=False)
    return value


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
        _c("terms", "用語の数", "number of glossary terms"),
        _c("source_url", "原文の公開アドレス（分かる場合）", "address where the city publishes the original (if known)"),
        *BASIS_COLUMNS,
    ), _plans),
    Dataset("initiatives", "取組", "Initiatives", (
        PLAN_ID, _c("initiative_id", "取組のID", "initiative id"), _c("group_id", "分類のID", "group id"),
        _c("group_code", "分類の番号", "group code as printed"), _c("title_ja", "取組名", "title (Japanese)"),
        _c("title_en", "取組名（英語）", "title (English)"), _c("status", "状況（原文に記載がある場合）", "status, where the source gives one"),
        _c("completed_fy", "完了年度", "fiscal year completed"),
        _c("completed_by_fy", "この年度末までに完了", "completed by the end of this fiscal year"), _c("completion_planned_fy", "完了予定年度", "fiscal year completion is planned"),
        _c("grade", "達成度（A〜D）", "grade (A–D)"), _c("departments", "担当課のID（;区切り）", "responsible division ids (; separated)"),
        *BASIS_COLUMNS,
    ), _initiatives),
    Dataset("kpi-values", "KPIの値（基準値・実績値・目標値）", "KPI values (baseline, actuals, target)", (
        PLAN_ID, _c("kpi_id", "KPIのID", "KPI id"), _c("initiative_id", "取組のID", "initiative id"),
        _c("name_ja", "指標名", "name (Japanese)"), _c("name_en", "指標名（英語）", "name (English)"),
        _c("unit", "単位のID", "unit id"), _c("direction", "望ましい方向（increase/decrease）", "desired direction"),
        _c("value_kind", "値の種類（baseline/actual/planned/target）", "kind of value"),
        _c("fiscal_year", "年度（西暦）", "fiscal year"), _c("value", "値", "value"),
        PRINTED_JA,
        _c("target_kind", "目標の種類", "kind of target"), _c("bound", "以上・以下", "bound (at_least, at_most, exact)"),
        _c("source_page", "原文のページ", "page in the source"),
        *BASIS_COLUMNS,
    ), _kpi_values),
    Dataset("roadmaps", "スケジュール", "Roadmaps", (
        PLAN_ID, _c("initiative_id", "取組のID", "initiative id"), _c("step", "段階の番号", "step number"),
        _c("start_fy", "開始年度", "first fiscal year"), _c("end_fy", "終了年度", "last fiscal year"),
        _c("text_ja", "内容（取組）", "text: the actions (Japanese)"),
        _c("text_en", "内容（取組、英語）", "text: the actions (English)"),
        _c("goal_ja", "目標（原文の目標欄・目標事項。登米市は「目 標」の欄、年度別の表は目標欄。行の年度はその目標の年度）",
           "goal: the source's goal row or column (登米市's 「目 標」, the goal column of a table by fiscal year, "
           "石巻市's target milestones), Japanese; the row's fiscal year is the goal's"),
        _c("goal_en", "目標（英語）", "goal (English)"),
        _c("goal_timing", "目標の時期（by=までに、in=年度中、from=から）", "when the goal is due: by, in or from the fiscal year"),
        _c("timing_uncertain", "年度の位置が原文に明記されていない（再構成・推定）",
           "placement by fiscal year is not printed as shown (reconstructed or inferred)"),
        *BASIS_COLUMNS,
    ), _roadmaps),
    Dataset("table-cells", "表（1セル1行）", "Tables (1 cell per row)", (
        PLAN_ID, _c("table_id", "表のID", "table id"), _c("row", "行番号", "row number"), _c("column", "列のID", "column id"),
        _c("column_type", "列の型", "column type"), _c("unit", "単位のID", "unit id"),
        _c("value", "値（計算列は算出値）", "value (computed for derived columns)"),
        _c("text_ja", "文字（日本語）", "text (Japanese)"), _c("text_en", "文字（英語）", "text (English)"),
        _c("printed", "出典の表記（数の列：原文の文字どおり、空欄は値の表記と同じ。計算列：原文に印刷された数）",
           "as printed in the source (number column: the text exactly as printed, blank when it reads as the value; "
           "derived column: the figure the source prints)"),
        *BASIS_COLUMNS,
    ), _table_cells),
    Dataset("figures", "本文中の数値", "Figures quoted in the text", (
        PLAN_ID, _c("figure_id", "数値のID", "figure id"), _c("label_ja", "内容", "what it counts (Japanese)"),
        _c("label_en", "内容（英語）", "what it counts (English)"), _c("value", "値", "value"),
        _c("unit", "単位のID", "unit id"), PRINTED_JA,
        _c("as_of_fiscal_year", "時点（年度、西暦）", "as of fiscal year"), _c("as_of_date", "時点（日付）", "as of date"),
        _c("source_page", "原文のページ", "page in the source"),
        *BASIS_COLUMNS,
    ), _figures),
    Dataset("glossary", "用語", "Glossary", (
        PLAN_ID, _c("term_id", "用語のID", "term id"), _c("term_ja", "用語", "term (Japanese)"),
        _c("term_en", "用語（英語）", "term (English)"), _c("reading", "よみ", "reading (hiragana)"),
        _c("abbreviation", "略語", "abbreviation"), _c("definition_ja", "説明", "definition (Japanese)"),
        _c("definition_en", "説明（英語）", "definition (English)"),
        *BASIS_COLUMNS,
    ), _glossary),
    Dataset("priority-links", "国の重点取組事項との対応", "Links to national priorities", (
        PLAN_ID, _c("initiative_id", "取組のID", "initiative id"), _c("priority_id", "重点取組事項のID", "priority id"),
        _c("priority_ja", "重点取組事項", "priority (Japanese)"), _c("priority_en", "重点取組事項（英語）", "priority (English)"),
        _c("reason_ja", "対応の理由", "why the link holds (Japanese)"),
        _c("reason_en", "対応の理由（英語）", "why the link holds (English)"),
        *BASIS_COLUMNS,
    ), _priority_links),
    Dataset("value-basis", "原文に明記されていない値（再構成・推定）と根拠",
            "Values the source does not state as shown (reconstructed or inferred), with their basis", (
        PLAN_ID, _c("file", "データファイル", "data file"), _c("record_id", "記録のID", "record id"),
        _c("record_kind", "記録の種類", "kind of record"), _c("path", "ファイル内の位置", "place in the file"),
        _c("field", "項目", "field"), _c("value", "値", "value"),
        _c("basis", "根拠の種類（reconstructed=再構成、inferred=推定）", "basis (reconstructed or inferred)"),
        _c("basis_reason_ja", "根拠の理由", "reason (Japanese)"), _c("basis_reason_en", "根拠の理由（英語）", "reason (English)"),
        _c("source_page", "根拠となる原文のページ", "page of the source with the evidence"),
    ), _value_basis),
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

