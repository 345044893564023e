"""KPI course charts: inline SVG drawn at build time from the data (no script, no outside request).

Each chart is a <figure> whose SVG has a title and a description in words, and
whose caption is followed by a table of the same numbers, so the chart never
carries information that only the eye can get. Points are told apart by shape
and label as well as colour.
"""

from __future__ import annotations

from decimal import Decimal

from macros.core import formatting as f
from macros.core import models as m
from macros.core.compute import planned_path, to_decimal
from macros.render.html import Ctx, esc, tag
from macros.render.labels import label

WIDTH, HEIGHT = 560, 220
LEFT, RIGHT, TOP, BOTTOM = 60, 60, 24, 40


def _points(kpi: m.Kpi) -> list[tuple[str, int, Decimal]]:
    """(kind, fiscal year, value) for every value the chart shows, in year order."""
    out: list[tuple[str, int, Decimal]] = []
    if kpi.baseline:
        out.append(("baseline", kpi.baseline.fiscal_year, to_decimal(kpi.baseline.value)))
    out += [("actual", o.fiscal_year, to_decimal(o.value)) for o in sorted(kpi.actuals, key=lambda o: o.fiscal_year)]
    return out


def chartable(kpi: m.Kpi) -> bool:
    """A level target with at least one measured value can be drawn as a course."""
    return kpi.target.kind == "level" and bool(_points(kpi))


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
    low = min(Decimal(0), min(values))
    high = max(values) * Decimal("1.1") or Decimal(1)

    def x(year: int) -> float:
        span = max(y1 - y0, 1)
        return LEFT + (WIDTH - LEFT - RIGHT) * (year - y0) / span

    def y(value: Decimal) -> float:
        return TOP + float((high - value) / (high - low)) * (HEIGHT - TOP - BOTTOM)

    title = f.text(kpi.name, lang)
    svg = [f'<title id="chart-{kpi.id}-title">{esc(title)}</title>',
           f'<desc id="chart-{kpi.id}-desc">{esc(describe(kpi, ctx))}</desc>']
    base_y = HEIGHT - BOTTOM
    svg.append(f'<line x1="{LEFT}" y1="{base_y}" x2="{WIDTH - RIGHT}" y2="{base_y}" class="dx-axis"/>')
    for year in range(y0, y1 + 1):
        svg.append(f'<text x="{x(year):.1f}" y="{base_y + 18}" text-anchor="middle" class="dx-tick">'
                   f'{esc(f.fiscal_year(year, lang))}</text>')
    if path:
        start = measured[0] if measured else target
        line = " ".join(f"{x(yy):.1f},{y(v):.1f}" for _, yy, v in [start] + path)
        svg.append(f'<polyline points="{line}" class="dx-path-line"/>')
    if measured:
        line = " ".join(f"{x(yy):.1f},{y(v):.1f}" for _, yy, v in measured)
        svg.append(f'<polyline points="{line}" class="dx-actual-line"/>')
        last = measured[-1]
        svg.append(f'<line x1="{x(last[1]):.1f}" y1="{y(last[2]):.1f}" x2="{x(target[1]):.1f}" '
                   f'y2="{y(target[2]):.1f}" class="dx-target-line"/>')
    for kind, year, value in measured + [target]:
        cx, cy = x(year), y(value)
        shape = (f'<rect x="{cx - 5:.1f}" y="{cy - 5:.1f}" width="10" height="10" class="dx-mark-{kind}"/>'
                 if kind == "target" else f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="5" class="dx-mark-{kind}"/>')
        svg.append(shape)
        anchor = "end" if year == y1 and y1 != y0 else "start" if year == y0 else "middle"
        svg.append(f'<text x="{cx:.1f}" y="{cy - 9:.1f}" text-anchor="{anchor}" class="dx-value">'
                   f'{esc(label(kind, lang))} {esc(f.quantity(value, unit, lang))}</text>')
    picture = (f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" class="dx-chart" '
               f'aria-labelledby="chart-{kpi.id}-title chart-{kpi.id}-desc">{"".join(svg)}</svg>')
    return tag("figure", tag("figcaption", esc(describe(kpi, ctx))) + picture, class_="dx-chart-figure")


def describe(kpi: m.Kpi, ctx: Ctx) -> str:
    """The chart in words: every value it shows, with its fiscal year."""
    lang = ctx.lang
    unit = ctx.site.unit(kpi.unit)
    parts = [f"{label(kind, lang)} {f.quantity(v, unit, lang)}（{f.fiscal_year(yy, lang)}）" if lang == "ja"
             else f"{label(kind, lang).lower()} {f.quantity(v, unit, lang)} ({f.fiscal_year(yy, lang)})"
             for kind, yy, v in _points(kpi) + [("target", kpi.target.fiscal_year, to_decimal(kpi.target.value))]]
    name = f.text(kpi.name, lang)
    return f"{name}：" + "、".join(parts) if lang == "ja" else f"{name}: " + ", ".join(parts)
