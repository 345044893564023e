"""Self-assessed grades (A–D): the distribution is counted from the graded actions, never typed."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from macros.core import formatting as f
from macros.core.compute import round_to
from macros.core.load import PlanData
from macros.render.html import Ctx, esc, table_parts, tag, wrap_table
from macros.render.labels import label

GRADES = ("A", "B", "C", "D")
GRADE_SCALE_LIST = "grade-scale"
SHARE_PRECISION = 1  # percent with one decimal, rounded half up


def grade_counts(data: PlanData) -> Counter:
    return Counter(i.grade for i in data.initiatives if i.grade is not None)


def grade_share(count: int, total: int) -> Decimal:
    return round_to(Decimal(count) / Decimal(total) * 100, SHARE_PRECISION) if total else Decimal(0)


def grade_summary(data: PlanData, ctx: Ctx) -> str:
    """How many of the plan's actions got each grade (A–D), counted from the data."""
    lang = ctx.lang
    counts = grade_counts(data)
    total = sum(counts.values())
    # the scale's words come from the plan's own list with id grade-scale, when it has one
    scale = {item.code: f.text(item.text, lang) for lst in data.plan.lists if lst.id == GRADE_SCALE_LIST
             for item in lst.items if item.code in GRADES}
    rows = []
    for grade in GRADES:
        name = grade + (f"：{scale[grade]}" if lang == "ja" and grade in scale else
                        f": {scale[grade]}" if grade in scale else "")
        rows.append(tag("tr", tag("th", esc(name), scope="row") + tag("td", esc(f.number(counts[grade], lang)))
                        + tag("td", esc(f"{f.number(grade_share(counts[grade], total), lang, SHARE_PRECISION)}%"))))
    rows.append(tag("tr", tag("th", esc(label("total", lang)), scope="row") + tag("td", esc(f.number(total, lang)))
                    + tag("td", esc(f"{f.number(100, lang, SHARE_PRECISION)}%"))))
    caption = label("grade_summary", lang)
    head = "".join(tag("th", esc(label(k, lang)), scope="col") for k in ("grade", "count", "share"))
    inner = table_parts(caption, head, "".join(rows))
    note = tag("p", esc(label("computed_note", lang)), class_="dx-note")
    return wrap_table(tag("table", inner, class_="dx-grades"), caption, note)
