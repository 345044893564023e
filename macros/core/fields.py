"""Every field of the data models, described for people: the source of the templates `dxplans new-plan`
writes (an example of each field, in comments) and of the contributors' reference (REFERENCE.md).

Both are made from the models, so a field added to macros/core/models.py appears in the next
template and (after `dxplans reference`) in the reference without anyone remembering to add it.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from macros.core import models as m


@dataclass(frozen=True)
class FieldDoc:
    path: str            # e.g. kpis[].target.fiscal_year
    name: str
    type_en: str
    type_ja: str
    required: bool
    description: str
    default: str         # "" when required or None


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """(inner annotation, optional) for X | None and Annotated[X, …]."""
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            if len(args) != 1:
                return annotation, optional
            annotation = args[0]
        else:
            return annotation, optional


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _list_item(annotation: Any) -> Any | None:
    if typing.get_origin(annotation) is list:
        args = typing.get_args(annotation)
        return _unwrap(args[0])[0] if args else Any
    return None


_NAMED = {
    "Text": ("text in both languages {ja: …, en: …}", "日英の文字 {ja: …, en: …}"),
    "SourceRef": ("where in the source: {page: 12} (page, section or department)",
                  "原典の場所 {page: 12}（ページ・章・課のどれか）"),
    "AsOf": ("as of: {fiscal_year: 2024} or {date: 2024-04-01}", "時点 {fiscal_year: 2024} か {date: 2024-04-01}"),
    "Printed": ("the value as printed, in Japanese: {ja: ４３手続}", "原典の表記（日本語） {ja: ４３手続}"),
}


def type_words(annotation: Any, metadata: list | None = None) -> tuple[str, str]:
    """(English, Japanese) words for a field's type, as staff write it. metadata: pydantic keeps a
    field's own Annotated parts (validators, patterns) there rather than in its annotation."""
    inner, _ = _unwrap(annotation)
    text = repr(annotation) + repr(metadata or [])
    if _list_item(inner) is None and not (_is_model(inner) or typing.get_origin(inner) is Literal):
        if "_fiscal_year" in text:
            return "fiscal year, e.g. 2027 (令和9年度)", "年度（西暦の数、例 2027）"
        if "_number" in text and "_non_negative" in text:
            return "number, zero or more, e.g. 16401", "0 以上の数（例 16401）"
        if "_number" in text:
            return "number, e.g. 16401 or 18.8", "数（例 16401、18.8）"
        if "pattern='^[a-z0-9]+" in text or "^[a-z0-9]+(-[a-z0-9]+)*$" in text:
            return "id: lowercase letters, digits, hyphens", "id（半角小文字・数字・ハイフン）"
        if "_text" in text:
            return "text", "文字"
    if _list_item(inner) is not None:
        en, ja = type_words(typing.get_args(inner)[0]) if typing.get_args(inner) else ("value", "値")
        return f"list of: {en}", f"並び（- で始まる行）：{ja}"
    if typing.get_origin(inner) is Literal:
        options = " | ".join(str(o) for o in typing.get_args(inner))
        return f"one of: {options}", f"次のどれか：{options}"
    if _is_model(inner):
        return _NAMED.get(inner.__name__, (f"fields of {inner.__name__} (below)", f"{inner.__name__} の項目（下記）"))
    if inner is bool:
        return "true or false", "true か false"
    if inner is int:
        return "whole number", "整数"
    if inner is str:
        return "text", "文字"
    if inner is dt.date:
        return "date, e.g. 2025-04-01", "日付（例 2025-04-01）"
    if typing.get_origin(inner) is dict:
        return "column id: value, one per column", "列の id: 値（列ごと）"
    if inner is Any:
        return "value", "値"
    return "value", "値"


def _model_of(annotation: Any) -> type[BaseModel] | None:
    inner, _ = _unwrap(annotation)
    item = _list_item(inner)
    if item is not None:
        return item if _is_model(item) else None
    return inner if _is_model(inner) and inner.__name__ not in ("Text", "Printed") else None


def walk(model: type[BaseModel], prefix: str = "") -> list[FieldDoc]:
    """Every field of model and of the models inside it, depth first, each model once per path."""
    out = []
    for name, info in model.model_fields.items():
        path = f"{prefix}.{name}" if prefix else name
        inner, _ = _unwrap(info.annotation)
        en, ja = type_words(info.annotation, info.metadata)
        default = "" if info.is_required() or info.default in (None, PydanticUndefined) else _yaml(info.default)
        out.append(FieldDoc(path, name, en, ja, info.is_required(), info.description or "", default))
        sub = _model_of(info.annotation)
        if sub is not None and sub.__name__ not in ("SourceRef", "AsOf"):
            out += walk(sub, path + ("[]" if _list_item(inner) is not None else ""))
    return out


def _yaml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_yaml(v) for v in value) + "]"
    return str(value)


# ------------------------------------------------------------------ commented examples for templates

# Example values by field name, as a plan would have them (what a city prints, e.g. 登米市's KPIs).
_EXAMPLES: dict[str, str] = {
    "id": "online-procedures", "group": "resident-convenience", "parent": "pillar-1", "initiative": "online-procedures",
    "unit": "procedures", "beyond_period": "false", "ja": "回", "en": "sessions", "priority": "front-yard-reform", "code": "A-①", "page": "12", "year": "2025", "month": "4",
    "day": "1", "fiscal_year": "2027", "start_fy": "2025", "end_fy": "2027", "completed_fy": "2024",
    "completion_planned_fy": "2026", "completed_by_fy": "2024", "value": "43", "step_per_year": "10", "date": "2025-04-01",
    "as_of": "{fiscal_year: 2024}", "source": "{page: 12}", "department": "{ja: ＤＸ推進課, en: DX Promotion Division}",
    "departments": "[dx-promotion]", "section": "第3章", "reading": "でじたるとらんすふぉーめーしょん",
    "abbreviation": "DX", "marker": "※", "url": "https://www.city.example.lg.jp/dx-plan.html",
    "file": "example.txt", "start_month": "2025-04", "end_month": "2028-03", "pages": "[initiatives, kpis, glossary]",
    "status": "completed", "type": "derived", "precision": "1", "scale": "100", "inputs": "[applied, total]", "grades": "[A, B]",
}
_TEXT_EXAMPLES: dict[str, tuple[str, str]] = {
    "title": ("行政手続のオンライン化", "Putting administrative procedures online"),
    "name": ("オンライン化した手続の数", "Procedures available online"),
    "label": ("計画の取組の数", "Actions of the plan"),
    "term": ("デジタル・トランスフォーメーション", "digital transformation"),
    "definition": ("デジタル技術で業務や暮らしをよりよく変えること。", "Changing work and life for the better with digital technology."),
    "summary": ("原典の要旨を自分の言葉でまとめた文。", "A summary of the source in our own words."),
    "header": ("手続数", "Procedures"),
}


def _example_value(name: str, annotation: Any, metadata: list | None = None) -> str:
    inner, _ = _unwrap(annotation)
    if inner is dt.date:
        return "2025-04-01"
    if typing.get_origin(inner) is Literal and name not in _EXAMPLES:
        return str(typing.get_args(inner)[0])
    if _is_model(inner) and inner.__name__ == "Text":
        ja, en = _TEXT_EXAMPLES.get(name, ("日本語の文", "English text"))
        return f"{{ja: {ja}, en: {en}}}"
    if name in _EXAMPLES:
        return _EXAMPLES[name]
    if inner is bool:
        return "true"
    if inner is dt.date:
        return "2025-04-01"
    en, _ = type_words(annotation, metadata)
    if en.startswith("fiscal year"):
        return "2027"
    if en.startswith("number"):
        return "100"
    if en.startswith("id"):
        return "example-id"
    return "…"


# Fields written instead of another one (never both): their example is a comment in the example.
ALTERNATIVE_TO = {"completed_by_fy": "completed_fy"}


def example_lines(model: type[BaseModel], indent: int = 0, depth: int = 0) -> list[str]:
    """YAML lines (not yet commented) with every field of model, an example value and what it is."""
    pad = " " * indent
    out = []
    for name, info in model.model_fields.items():
        inner, _ = _unwrap(info.annotation)
        need = "必須 required" if info.is_required() else "任意 optional"
        if name in ALTERNATIVE_TO:   # one or the other: shown as a comment inside the example
            other = ALTERNATIVE_TO[name]
            out.append(f"{pad}# {name}: {_example_value(name, info.annotation, info.metadata)}  # {other} の代わりに "
                       f"/ instead of {other}" + (f" — {info.description}" if info.description else ""))
            continue
        if name == "basis" and typing.get_origin(inner) is dict:   # {field: {kind, reason}}: a field of this record
            first = next(n for n in model.model_fields if n != "basis")
            out.append(f"{pad}{name}: {{{first}: {{kind: inferred, reason: {{ja: 原典に明記がない, en: not stated in "
                       f"the source}}}}}}  # {need}; 値の根拠（stated / reconstructed / inferred と理由） / how a value "
                       "is known (kind and reason)")
            continue
        words_en, words_ja = type_words(info.annotation, info.metadata)
        note = f"  # {need}; {words_ja} / {words_en}" + (f" — {info.description}" if info.description else "")
        sub = _model_of(info.annotation)
        item = _list_item(inner)
        if _is_model(inner) and inner.__name__ == "Printed":   # one line; says the example value (43)
            out.append(f"{pad}{name}: {{ja: ４３手続}}{note}")
        elif sub is not None and sub.__name__ not in ("SourceRef", "AsOf") and depth < 4:
            if item is not None:
                out.append(f"{pad}{name}:{note}")
                lines = example_lines(sub, indent + 4, depth + 1)
                out.append(f"{pad}  - {lines[0].lstrip()}")
                out += lines[1:]
            else:
                out.append(f"{pad}{name}:{note}")
                out += example_lines(sub, indent + 2, depth + 1)
        elif item is not None and typing.get_origin(item) is dict:
            out.append(f"{pad}{name}:{note}")
            out.append(f"{pad}  - {{applied: 43, total: 120}}  # one row: column id: value")
        elif item is not None and name not in _EXAMPLES:
            out.append(f"{pad}{name}: [{_example_value(name, item)}]{note}")
        else:
            out.append(f"{pad}{name}: {_example_value(name, info.annotation, info.metadata)}{note}")
    return out


def commented_example(model: type[BaseModel], key: str) -> str:
    """The example record of list `key` of a file model, as YAML comment lines."""
    item = _list_item(_unwrap(model.model_fields[key].annotation)[0])
    lines = example_lines(item, 4)
    lines[0] = "  - " + lines[0].lstrip()
    return "\n".join(f"#{(' ' + line) if line else ''}" for line in [f"{key}:", *lines])


ALL_FILE_MODELS = {**m.PLAN_FILES}


# What each field means, in Japanese (by field name; the English is the model's description where it
# has one, else the second text here). A field without an entry shows its model description only.
MEANINGS: dict[str, tuple[str, str]] = {
    "id": ("この記録の id。ほかの記録やページから参照します", "the record's id; other records and pages refer to it"),
    "pages": ("計画のページの並び順（ファイル名から .md を除いたもの）", "order of the plan's pages"),
    "municipality": ("自治体名", "the municipality's name"),
    "prefecture": ("都道府県名（47のどれか。英語名はサイトの表記）", "the prefecture: one of the 47, English as the site writes it"),
    "title": ("題名（原典どおり）", "title, as printed"),
    "kind": ("plan＝計画、policy＝方針", "plan or policy"),
    "version": ("版（第2.0版 など、原典どおり）", "edition as printed"),
    "published": ("原典の発行年月", "when the source was published"),
    "period": ("計画期間（年度）", "the plan period in fiscal years"),
    "roadmap_years": ("工程表が示す年度の範囲", "the fiscal years the roadmaps show"),
    "source": ("原典（資料名・発行者・アドレス）、または事実ごとの出典の場所", "the source document, or where in it a fact is"),
    "summary": ("要約（自分の言葉で。原典の文の写しではない）", "summary in our own words"),
    "lists": ("原典の列挙（原則・重点事項など）", "enumerations printed in the source"),
    "timeline": ("原典が挙げる日付つきの出来事", "dated events the plan cites"),
    "year": ("年（西暦）", "year"), "month": ("月", "month"), "day": ("日", "day"),
    "label": ("見出し・名前（原典どおり）", "label, as printed"),
    "items": ("列挙の項目", "the items of the list"), "code": ("番号・記号（原典どおり、例 A-①・第1条）", "label as printed"),
    "text": ("文", "text"), "detail": ("補足の文", "further text"), "intro": ("前書きの文", "introductory text"),
    "ordered": ("番号つきの列挙なら true", "true for a numbered list"),
    "file": ("原典のテキストファイル名（内部用。読者には表示しません）", "internal source text file, never shown"),
    "publisher": ("発行者", "publisher"), "url": ("原典を公開しているページのアドレス（https://）", "address of the published source"),
    "page": ("原典のページ番号", "page number in the source"), "section": ("原典の章・節の見出し", "section heading"),
    "department": ("値を提供した課", "department that supplied a value"),
    "departments": ("担当課（departments.yml の id）", "responsible departments (ids in departments.yml)"),
    "name": ("名前（原典どおり）", "name, as printed"),
    "groups": ("計画の構成（柱・方針・施策など）", "the plan's structure: pillars, policies…"),
    "parent": ("上位のグループの id", "id of the parent group"),
    "initiatives": ("取組", "initiatives"), "group": ("属するグループの id", "id of the group it belongs to"),
    "current_state": ("現状と課題（原典の段落の要約）", "current state and issues"),
    "direction": ("方向性（KPI では increase＝増やす・decrease＝減らす）", "direction (for a KPI: increase or decrease)"),
    "content": ("取組の内容", "what is done"), "purpose": ("目的", "purpose"),
    "status": ("状況（原典が述べる場合だけ）", "status, only where the source states it"),
    "completed_fy": ("完了した年度（原典が示す場合）", "fiscal year of completion"),
    "completion_planned_fy": ("完了予定の年度", "planned completion year"),
    "grade": ("達成度（A〜D、原典の自己評価）", "self-assessed grade"),
    "new_in_plan": ("この計画で新しく加わった取組なら true", "true for an initiative new in this plan"),
    "roadmap": ("工程表の棒（年度の範囲と内容）", "roadmap bars"),
    "start_fy": ("開始年度", "first fiscal year"), "end_fy": ("終了年度", "last fiscal year"),
    "start_month": ("開始の年月（原典が月まで示す場合）", "start month"), "end_month": ("終了の年月", "end month"),
    "uncertain": ("年度の位置が原典からは確かでない理由", "why the placement is uncertain"),
    "milestones": ("目標事項（いつまでに何を）", "milestones: what, by when"),
    "timing": ("by＝までに、in＝年度中、from＝から", "by, in or from"), "timing_note": ("時期の補足", "timing note"),
    "years": ("年度ごとの取組と目標", "per-year actions and goals"), "actions": ("その年度の取組", "the year's actions"),
    "goal": ("その年度の目標", "the year's goal"), "note": ("注記（自分の言葉で）", "note, in our words"),
    "kpis": ("数値目標（KPI）", "KPIs"), "initiative": ("属する取組の id", "id of the initiative"),
    "unit": ("単位の id（data/units.yml、または plan.yml の units:）", "unit id (data/units.yml or the plan's units:)"),
    "baseline": ("基準値（数値がない場合は省き、文で note: に）", "baseline value"),
    "actuals": ("実績（年度ごとに1つ）", "results, one per fiscal year"),
    "fiscal_year": ("年度（西暦の数）", "fiscal year"), "value": ("値（数字だけ。単位は unit:）", "the value, digits only"),
    "as_of": ("時点", "as of"), "target": ("目標", "target"),
    "bound": ("exact＝ちょうど、at_least＝以上、at_most＝以下", "exact, at least or at most"),
    "step_per_year": ("毎年度の計画の増減（符号つき）", "planned change each year, signed"),
    "update_frequency": ("更新の頻度（yearly＝年1回）", "how often the value is updated"),
    "tables": ("原典の表", "the source's tables"), "caption": ("表の説明", "caption"),
    "columns": ("列", "columns"), "header": ("列の見出し（原典どおり）", "column header as printed"),
    "type": ("列の種類（derived＝計算する列）", "column type"),
    "derived": ("計算する列の規則", "how a derived column is computed"), "rule": ("計算・集計の規則", "rule"),
    "inputs": ("計算に使う列の id", "input columns"), "scale": ("倍率（百分率なら 100）", "scale"),
    "precision": ("小数点以下の桁数", "decimals"), "rounding": ("丸め方（half_up＝四捨五入）", "rounding"),
    "rows": ("表の行（列の id: 値）", "rows: column id: value"),
    "figures": ("本文中の数値", "figures quoted in the text"), "check": ("記録から数え直す規則", "recount rule"),
    "grades": ("数える達成度", "grades counted"),
    "terms": ("用語", "terms"), "term": ("用語（原典どおり）", "the term as printed"),
    "reading": ("読み（ひらがな、五十音順に使う）", "reading in hiragana"),
    "abbreviation": ("略語", "abbreviation"), "full_name": ("略語の正式名", "what an abbreviation stands for"),
    "definition": ("説明（原典の説明の要約）", "definition"), "marker": ("原典が用語の後に付ける印（※ など）", "the source's mark"),
    "links": ("取組と国の重点取組事項の対応", "links to national priorities"),
    "priority": ("国の重点取組事項の id（data/national/plans.yml）", "national priority id"),
    "baseline_text": ("数値のない基準値の原典の表記（未実施・新規 など）", "the baseline as printed when it is no number"),
    "planned": ("年度ごとの計画値（原典どおり。実績は actuals: に）", "values planned for each fiscal year"),
    "beyond_period": ("目標年度が計画期間の後なら true（原典がそう定める場合）", "true for a target after the period"),
    "units": ("この計画だけで使う単位（data/units.yml にないもの）", "units only this plan uses"),
    "ja": ("日本語（単位なら数の後に書く字、例 件）", "Japanese (for a unit: what follows the number, e.g. 件)"),
    "en": ("英語（単位なら複数形、例 procedures）", "English (for a unit: the plural word)"),
    "en_one": ("英語の単数形（違う場合）", "English singular, when it differs"),
    "en_space": ("英語で数と単位の間に空白を入れるか", "whether English puts a space before the word"),
    "percent": ("百分率なら true（0〜100）", "true for percentages"),
    "integer": ("整数だけの数えられる単位なら true", "true for whole-number counts"),
    "printed": ("原典に印刷されたとおりの表記（日付は 2021年（令和3年）、数値は {ja: ７％増} など。日本語のページはこれを表示し、計算と英語は値を使います）",
                "exactly as the source prints it"),
    "source_sections": ("出典の節の名前の英訳（ja は source: {section: …} と同じ文字、en は訳）。英語のページは英訳と原文の題を並べて表示",
                        "English names of the source's sections cited as source: {section: …}"),
    "goal_label": ("原典が目標の行・列に印刷している欄の名前（原典どおり、例 目 標）。ないときはサイトの言葉「目標事項」",
                   "the label the source prints for its goal row or column"),
    "completed_by_fy": ("この年度までに完了（原典が「〜年度までに完了」とだけ述べる場合）",
                        "completed by this fiscal year, where the source says only that"),
    "where": ("原典が公開されている場所（自治体のサイトにアドレスがないとき、文で）",
              "where the original is published, in words"),
    "reason": ("理由", "the reason"),
    "heading": ("原典の見出し（番号つき、原典どおり）", "the source's heading, number included, as printed"),
    "reviewed_edition": ("振り返りの対象の版（前版など）。本版の取組としては数えません",
                         "the earlier edition whose actions this group reviews; not counted as this edition's initiatives"),
    "basis": ("根拠（原典の言葉、または推定の理由）", "basis: the source's words or the reason for an inference"),
}


def meaning(field: FieldDoc) -> tuple[str, str]:
    """(日本語, English) meaning of a field: the model's description first for English."""
    ja, en = MEANINGS.get(field.name, ("", ""))
    return ja, field.description or en
