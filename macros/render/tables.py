"""Source tables, with derived columns computed and printed figures kept beside them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from macros.core import formatting as f
from macros.core import models as m
from macros.core.compute import agrees, computed_row, decimals, derive, derive_exact, round_to, to_decimal
from macros.core.load import PlanData, row_basis, row_printed
from macros.render.basis import mark, record_marks
from macros.render.html import Ctx, cards, esc, printed_value, table_parts, tag, td, wrap_table
from macros.render.labels import label
from macros.render.plan import as_of, source_ref


def cell(col: m.Column, row: dict[str, Any], data: PlanData, ctx: Ctx) -> str:
    lang = ctx.lang
    if col.type == "derived":
        return derived_cell(col, row, ctx)
    value = row.get(col.id)
    if value is None:
        return "—"
    if col.type == "text":
        return esc(value[lang])
    if col.type == "number":
        unit = ctx.site.unit(col.unit) if col.unit else None
        written = f.quantity(value, unit, lang) if unit else f.number(value, lang)
        return printed_value(row_printed(row, col.id), lang, written)
    if col.type == "fiscal_year":
        return esc(f.fiscal_year(value, lang))
    if col.type == "date":
        return esc(f.date(value, lang))
    if col.type == "department":
        return esc(f.text(data.department(value).name, lang))
    return esc(value)


def derived_cell(col: m.Column, row: dict[str, Any], ctx: Ctx) -> str:
    """The computed value; where the source printed another figure, both, with a note in words."""
    assert col.derived is not None
    unit = ctx.site.unit(col.unit) if col.unit else None
    computed = derive(col.derived, row)
    if computed is None:
        return "—"

    def show(value: Any) -> str:
        return f.quantity(value, unit, ctx.lang, col.derived.precision) if unit else \
            f.number(value, ctx.lang, col.derived.precision)

    printed = (row.get("printed") or {}).get(col.id)
    exact = derive_exact(col.derived, row)
    if printed is None or agrees(printed, exact, col.derived.precision):
        return esc(show(computed))
    lang = ctx.lang
    shown_printed, shown_computed = printed_and_recomputed(printed, exact, col.derived.precision)

    def with_unit(value: Decimal, digits: int) -> str:
        return f.quantity(value, unit, lang, digits) if unit else f.number(value, lang, digits)

    printed_text = with_unit(*shown_printed)
    computed_text = with_unit(*shown_computed)
    return (esc(printed_text) + tag("span", esc(
        f"（{label('printed', lang)}。{label('recomputed', lang)}：{computed_text}）" if lang == "ja"
        else f" ({label('printed', lang)}; {label('recomputed', lang).lower()}: {computed_text})"),
        class_="dx-disagreement"))


def printed_and_recomputed(printed: Any, exact: Decimal, precision: int) -> tuple[tuple[Decimal, int], tuple[Decimal, int]]:
    """(value, digits) of a printed figure exactly as printed, and of the recomputed one with the fewest
    digits (at least the printed ones and the column's) at which the two visibly differ: 0.01% printed
    against 0.019…% computed is shown as 0.01% and 0.02%, never as 0.0% and 0.0%."""
    printed_value = to_decimal(printed) if not isinstance(printed, str) else Decimal(printed)
    printed_digits = decimals(printed)
    digits = max(printed_digits, precision)
    while digits < 6 and round_to(exact, digits) == round_to(printed_value, digits):
        digits += 1
    return (printed_value, printed_digits), (round_to(exact, digits), digits)


WIDE = 8  # columns from which a desktop gives the table the table of contents' room (docs/assets/site.css)


def data_table(data: PlanData, table_id: str, ctx: Ctx) -> str:
    """One of the plan's tables (tables.yml), cells as printed, derived columns computed."""
    tbl = data.table(table_id)
    lang = ctx.lang
    caption = f.text(tbl.title, lang)
    head = "".join(tag("th", esc(f.text(c.header, lang)), scope="col") for c in tbl.columns)
    body = []
    for raw in tbl.rows:
        row = computed_row(tbl.columns, raw)
        cells = []
        for index, col in enumerate(tbl.columns):
            content = cell(col, row, data, ctx) + mark(row_basis(raw, col.id), ctx)
            if index == 0:
                content += _row_notes(row, lang)
            cells.append(tag("th", content, scope="row") if index == 0 else td(f.text(col.header, lang), content))
        body.append(tag("tr", "".join(cells)))
    inner = table_parts(caption, head, "".join(body))
    return wrap_table(tag("table", inner, class_=cards("dx-data-table" + (" dx-wide" if len(tbl.columns) >= WIDE else "")), id=f"table-{tbl.id}"), caption, _footer(tbl, ctx))


def _row_notes(row: dict[str, Any], lang: f.Lang) -> str:
    """A row's note, and why its values are uncertain, in words next to the row."""
    out = ""
    if row.get("uncertain"):
        head = label("uncertain", lang)
        body = f.text(m.Text.model_validate(row["uncertain"]), lang)
        out += tag("span", esc(f"［{head}］{body}" if lang == "ja" else f"[{head}] {body}"), class_="dx-note")
    for key in ("disagreement", "note"):
        if row.get(key):
            out += tag("span", esc(f.text(m.Text.model_validate(row[key]), lang)), class_="dx-note")
    return out


def _footer(tbl: m.Table, ctx: Ctx) -> str:
    lang = ctx.lang
    parts = [record_marks(tbl, ctx)] if tbl.basis else []
    if tbl.caption:
        parts.append(tag("p", esc(f.text(tbl.caption, lang))))
    if tbl.note:
        parts.append(tag("p", esc(f.text(tbl.note, lang)), class_="dx-note"))
    if any(c.type == "derived" for c in tbl.columns):
        parts.append(tag("p", esc(label("computed_note", lang)), class_="dx-note"))
    src = f"{label('source', lang)}：{source_ref(tbl.source, ctx)}（{as_of(tbl.as_of, ctx)}{label('as_of', lang)}）" \
        if lang == "ja" else f"{label('source', lang)}: {source_ref(tbl.source, ctx)} ({label('as_of', lang)} {as_of(tbl.as_of, ctx)})"
    parts.append(tag("p", esc(src), class_="dx-source"))
    return "".join(parts)
