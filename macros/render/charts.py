"""KPI course charts: inline SVG drawn at build time from the data (no script, no outside request).

A chart a person can read on a phone: a value axis with its numbers and its unit, the fiscal years
along the bottom, the target as a labelled line, text at least 12 px at 360 px (13 units in a
viewBox 340 wide, drawn at most 420 px wide and at least ~330 px on a phone), one sentence saying
what it shows, and a table of the same numbers beside it. Points differ by shape and label, not by
colour alone. A KPI with no published result gets no chart: its baseline and target, and a plain
sentence that no result is published yet.
"""

from __future__ import annotations

from decimal import Decimal

from macros.core import formatting as f
from macros.core import models as m
from macros.core.compute import planned_path, to_decimal
from macros.render.html import Ctx, esc, tag
from macros.render.labels import label

WIDTH, HEIGHT = 340, 236
RIGHT, TOP, BOTTOM = 14, 30, 34
FONT = 13  # viewBox units; the chart is drawn 330–420 px wide, so 12.6–16 px on screen


def _points(kpi: m.Kpi) -> list[tuple[str, int, Decimal]]:
    """(kind, fiscal year, value) for every measured value, in year order."""
    out: list[tuple[str, int, Decimal]] = []
    if kpi.baseline:
        out.append(("baseline", kpi.baseline.fiscal_year, to_decimal(kpi.baseline.value)))
    out += [("actual", o.fiscal_year, to_decimal(o.value)) for o in sorted(kpi.actuals, key=lambda o: o.fiscal_year)]
    return out


def chartable(kpi: m.Kpi) -> bool:
    """A level target with at least one published result can be drawn as a course."""
    return kpi.target.kind == "level" and bool(kpi.actuals)


def no_result(kpi: m.Kpi) -> bool:
    """A level target with no published result: shown as baseline → target in words, not as a chart."""
    return kpi.target.kind == "level" and not kpi.actuals


def _text_width(text: str) -> float:
    """Rough width in viewBox units: a full-width character is one em, others about 0.6 em."""
    return sum(FONT if ord(ch) > 0x2E7F else FONT * 0.6 for ch in text)


def _nice_step(span: Decimal) -> Decimal:
    """1, 2, 2.5 or 5 × 10^n: about four gridlines over the span."""
    raw = span / 4 if span > 0 else Decimal(1)
    power = Decimal(10) ** (raw.adjusted())
    for factor in (1, 2, Decimal("2.5"), 5, 10):
        if raw <= power * factor:
            return power * factor
    return power * 10


def _ticks(low: Decimal, high: Decimal) -> list[Decimal]:
    step = _nice_step(high - low)
    start = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    ticks = []
    value = start
    while value < high + step:
        ticks.append(value)
        if value >= high:
            break
        value += step
    return ticks


def _unit_title(unit: m.Unit, lang: f.Lang) -> str:
    if lang == "ja":
        return f"単位：{unit.ja}"
    return f"Unit: {unit.en}" if unit.en else "Unit: number"


def kpi_chart(kpi: m.Kpi, ctx: Ctx) -> str:
    lang = ctx.lang
    unit = ctx.site.unit(kpi.unit)
    measured = _points(kpi)
    target = ("target", kpi.target.fiscal_year, to_decimal(kpi.target.value))
    path = [("path", y, v) for y, v in planned_path(kpi)]
    everything = measured + [target] + path
    years = [y for _, y, _ in everything]
    values = [v for _, _, v in everything]
    y0, y1 = min(years), max(years)
    ticks = _ticks(min(Decimal(0), min(values)), max(values))
    low, high = ticks[0], ticks[-1]
    tick_labels = [f.number(t.normalize() if t == t.to_integral_value() else t, lang) for t in ticks]
    left = max(_text_width(t) for t in tick_labels) + 10

    def x(year: int) -> float:
        span = max(y1 - y0, 1)
        pad = 16
        return left + pad + (WIDTH - left - RIGHT - 2 * pad) * (year - y0) / span

    def y(value: Decimal) -> float:
        return TOP + float((high - value) / ((high - low) or 1)) * (HEIGHT - TOP - BOTTOM)

    title = f.text(kpi.name, lang)
    sentence = describe(kpi, ctx)
    ident = f"chart-{kpi.id}"
    svg = [f'<title id="{ident}-title">{esc(title)}</title>', f'<desc id="{ident}-desc">{esc(sentence)}</desc>']
    svg.append(f'<text x="4" y="{FONT + 2}" class="dx-unit">{esc(_unit_title(unit, lang))}</text>')
    for value, text in zip(ticks, tick_labels):
        yy = y(value)
        svg.append(f'<line x1="{left:.1f}" y1="{yy:.1f}" x2="{WIDTH - RIGHT}" y2="{yy:.1f}" class="dx-grid"/>')
        svg.append(f'<text x="{left - 6:.1f}" y="{yy + FONT * 0.35:.1f}" text-anchor="end" class="dx-tick">'
                   f'{esc(text)}</text>')
    base_y = HEIGHT - BOTTOM
    svg.append(f'<line x1="{left:.1f}" y1="{TOP}" x2="{left:.1f}" y2="{base_y}" class="dx-axis"/>')
    svg.append(f'<line x1="{left:.1f}" y1="{base_y}" x2="{WIDTH - RIGHT}" y2="{base_y}" class="dx-axis"/>')
    # the fiscal years: a tick for each, a label where one fits (first, last, and the points between)
    marked = sorted({y0, y1} | {yy for _, yy, _ in measured + [target]})
    placed: list[tuple[float, float]] = []
    for year in range(y0, y1 + 1):
        xx = x(year)
        svg.append(f'<line x1="{xx:.1f}" y1="{base_y}" x2="{xx:.1f}" y2="{base_y + 5}" class="dx-axis"/>')
    for year in sorted(marked, key=lambda yy: (yy not in (y0, y1), yy)):
        text = f.fiscal_year(year, lang)
        half = _text_width(text) / 2
        xx = min(max(x(year), half + 2), WIDTH - half - 2)
        if any(abs(xx - other) < half + other_half + 4 for other, other_half in placed):
            continue
        placed.append((xx, half))
        svg.append(f'<text x="{xx:.1f}" y="{base_y + FONT + 7}" text-anchor="middle" class="dx-tick">'
                   f'{esc(text)}</text>')
    # the target: a dashed line across at its value, labelled, and a square at its year
    ty = y(target[2])
    target_text = f"{label('target', lang)} {f.quantity(target[2], unit, lang)}"
    svg.append(f'<line x1="{left:.1f}" y1="{ty:.1f}" x2="{WIDTH - RIGHT}" y2="{ty:.1f}" class="dx-target-line"/>')
    above = ty - 6 if ty - FONT - 6 > TOP - 4 else ty + FONT + 4
    tx = x(target[1])
    # written left of the target's square, where it fits; else from the value axis on
    end = tx - 10
    anchor, at = ("end", end) if end - _text_width(target_text) > left + 4 else ("start", left + 4)
    svg.append(f'<text x="{at:.1f}" y="{above:.1f}" text-anchor="{anchor}" class="dx-value">'
               f'{esc(target_text)}</text>')
    svg.append(f'<rect x="{tx - 6:.1f}" y="{ty - 6:.1f}" width="12" height="12" class="dx-mark-target"/>')
    if path:
        line = " ".join(f"{x(yy):.1f},{y(v):.1f}" for _, yy, v in [measured[0]] + path)
        svg.append(f'<polyline points="{line}" class="dx-path-line"/>')
    line = " ".join(f"{x(yy):.1f},{y(v):.1f}" for _, yy, v in measured)
    svg.append(f'<polyline points="{line}" class="dx-actual-line"/>')
    for kind, year, value in measured:
        svg.append(f'<circle cx="{x(year):.1f}" cy="{y(value):.1f}" r="5" class="dx-mark-{kind}"/>')
    latest = measured[-1]
    text = f.quantity(latest[2], unit, lang)
    lx, ly = x(latest[1]), y(latest[2])
    anchor = "start" if lx + _text_width(text) + 8 < WIDTH - RIGHT else "end"
    ly_text = ly + FONT + 6 if abs(ly - ty) < FONT + 8 and ly >= ty else ly - 9
    svg.append(f'<text x="{lx + (8 if anchor == "start" else -8):.1f}" y="{ly_text:.1f}" text-anchor="{anchor}" '
               f'class="dx-value">{esc(text)}</text>')
    picture = (f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" class="dx-chart" '
               f'aria-labelledby="{ident}-title {ident}-desc">{"".join(svg)}</svg>')
    return tag("figure", tag("figcaption", esc(sentence)) + picture + _chart_table(kpi, ctx), class_="dx-chart-figure")


def _chart_table(kpi: m.Kpi, ctx: Ctx) -> str:
    """The chart's numbers as a table beside it: fiscal year, what the value is, the value."""
    lang = ctx.lang
    unit = ctx.site.unit(kpi.unit)
    rows = _points(kpi) + [("target", kpi.target.fiscal_year, to_decimal(kpi.target.value))]
    head = "".join(tag("th", esc(label(k, lang)), scope="col") for k in ("fiscal_year", "kind_of_value", "value"))
    body = "".join(tag("tr", tag("th", esc(f.fiscal_year(yy, lang)), scope="row") + tag("td", esc(label(kind, lang)))
                       + tag("td", esc(f.quantity(v, unit, lang)), class_="dx-num")) for kind, yy, v in rows)
    caption = f"{label('chart_values', lang)}：{f.text(kpi.name, lang)}" if lang == "ja" else \
        f"{label('chart_values', lang)}: {f.text(kpi.name, lang)}"
    return tag("table", tag("caption", esc(caption)) + tag("thead", tag("tr", head)) + tag("tbody", body),
               class_="dx-chart-data")


def describe(kpi: m.Kpi, ctx: Ctx) -> str:
    """What the chart shows, in one sentence with every value and its fiscal year."""
    lang = ctx.lang
    unit = ctx.site.unit(kpi.unit)
    name = f.text(kpi.name, lang)
    target = f"{f.quantity(kpi.target.value, unit, lang)}"
    when = f.fiscal_year(kpi.target.fiscal_year, lang)
    parts = _points(kpi)
    if lang == "ja":
        course = "、".join(f"{f.fiscal_year(yy, lang)}の{label(kind, lang)}{f.quantity(v, unit, lang)}"
                          for kind, yy, v in parts)
        return f"「{name}」の推移：{course}。目標は{when}に{target}です。"
    course = ", ".join(f"{label(kind, lang).lower()} {f.quantity(v, unit, lang)} in {f.fiscal_year(yy, lang)}"
                       for kind, yy, v in parts)
    return f"{name} over time: {course}; the target is {target} in {when}."


def no_result_summary(kpi: m.Kpi, ctx: Ctx) -> str:
    """Instead of an empty chart: the baseline and the target, and that no result is published yet."""
    lang = ctx.lang
    unit = ctx.site.unit(kpi.unit)
    name = f.text(kpi.name, lang)
    if kpi.baseline:
        base = f.quantity(kpi.baseline.value, unit, lang)
        base_when = f.fiscal_year(kpi.baseline.fiscal_year, lang)
        start = f"{label('baseline', lang)} {base}（{base_when}）" if lang == "ja" else \
            f"{label('baseline', lang)} {base} ({base_when})"
    else:
        start = label("no_baseline", lang)
    goal = f.quantity(kpi.target.value, unit, lang)
    goal_when = f.fiscal_year(kpi.target.fiscal_year, lang)
    end = f"{label('target', lang)} {goal}（{goal_when}）" if lang == "ja" else \
        f"{label('target', lang)} {goal} ({goal_when})"
    facts = tag("p", tag("strong", esc(name))) + tag("p", esc(f"{start}、{end}" if lang == "ja" else f"{start}; {end}"), class_="dx-course") + \
        tag("p", esc(label("no_result_yet", lang)), class_="dx-no-result-words")
    return tag("div", facts, class_="dx-kpi-no-result")
