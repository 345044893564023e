"""KPI course charts: inline SVG drawn at build time from the data (no script, no outside request).

A chart a person can read on a phone: a value axis with its numbers and its unit, the fiscal years
along the bottom, the target as a labelled line, text at least 12 px at 360 px (13 units in a
viewBox 340 wide, drawn at most 420 px wide and at least ~330 px on a phone), one sentence saying
what it shows, and a table of the same numbers beside it. Points differ by shape and label, not by
colour alone, and a key under the chart names each shape.

What is drawn: the baseline and the results (a line of circles); the values the plan sets for each
fiscal year (planned:, a dotted line of diamonds); the yearly targets computed from a baseline and a
step (step_per_year, a dotted line); the target: a level target as a square at its year with a dashed
line across at its value, a target for each fiscal year (each_year) as a dashed line over the years it
holds for. Every one of them is a row of the table beside the chart, and a value the source does not
state as shown carries its mark (推定 / 再構成) in the table (opening to the reason), in the
sentence and in the chart's labels.

A KPI with no published result and no planned values gets no chart: its baseline and target, and a
plain sentence that no result is published yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from macros.core import formatting as f
from macros.core import models as m
from macros.core.compute import planned_path, to_decimal
from macros.render.basis import mark
from macros.render.html import Ctx, esc, printed_value, tag
from macros.render.labels import label

WIDTH, HEIGHT = 340, 236
RIGHT, TOP, BOTTOM = 14, 30, 34
FONT = 13  # viewBox units; the chart is drawn 330–420 px wide, so 12.6–16 px on screen
KINDS = ("baseline", "actual", "planned", "path", "target")  # order of the rows of one fiscal year
_TARGET_KINDS = ("level", "each_year")


@dataclass(frozen=True)
class Point:
    """One value the chart shows: what it is, its fiscal year and value, and how each is known."""

    kind: str  # baseline | actual | planned | path | target
    year: int
    value: Decimal
    bases: dict[str, m.Basis] = field(default_factory=dict)  # field (fiscal_year, value, …) -> basis
    printed: m.Printed | None = None  # the value exactly as the source prints it (shown on Japanese pages)

    def year_basis(self) -> m.Basis | None:
        return self.bases.get("fiscal_year")

    def value_bases(self) -> list[m.Basis]:
        """Every other basis of the value (its value, date, source, kind …), each once."""
        out: list[m.Basis] = []
        for key, basis in self.bases.items():
            if key != "fiscal_year" and basis not in out and basis != self.year_basis():
                out.append(basis)
        return out


def _bases(kpi: m.Kpi, record: m.Based | None, prefix: str) -> dict[str, m.Basis]:
    """The bases of a value the KPI shows, by field: the record's own (baseline: {basis: …}) and the
    KPI's dotted ones (basis: {baseline.fiscal_year: …}); a basis on the whole record is the value's."""
    out: dict[str, m.Basis] = {}
    if prefix:
        for key in kpi.basis:
            if key == prefix or key.startswith(prefix + "."):
                basis = kpi.basis_of(key)
                if basis is not None:
                    out.setdefault(key[len(prefix) + 1:].split(".")[0] or "value", basis)
    if record is not None:
        for key in record.basis:
            basis = record.basis_of(key)
            if basis is not None:
                out.setdefault(key.split(".")[0], basis)
    return out


def _measured(kpi: m.Kpi) -> list[Point]:
    """The baseline and every published result, in year order."""
    out: list[Point] = []
    if kpi.baseline:
        out.append(Point("baseline", kpi.baseline.fiscal_year, to_decimal(kpi.baseline.value),
                         _bases(kpi, kpi.baseline, "baseline"), kpi.baseline.printed))
    out += [Point("actual", o.fiscal_year, to_decimal(o.value), _bases(kpi, o, ""), o.printed)
            for o in sorted(kpi.actuals, key=lambda o: o.fiscal_year)]
    return out


def _planned(kpi: m.Kpi) -> list[Point]:
    """The values the plan sets for each fiscal year (planned:), in year order."""
    return [Point("planned", p.fiscal_year, to_decimal(p.value), _bases(kpi, p, ""), p.printed)
            for p in sorted(kpi.planned, key=lambda p: p.fiscal_year)]


def _path(kpi: m.Kpi) -> list[Point]:
    """Yearly targets computed from the baseline and step_per_year (shown only without planned:)."""
    if kpi.planned:
        return []
    step = kpi.basis_of("step_per_year")
    bases = {"value": step} if step is not None else {}
    return [Point("path", year, value, bases) for year, value in planned_path(kpi)]


def _target(kpi: m.Kpi) -> Point:
    return Point("target", kpi.target.fiscal_year, to_decimal(kpi.target.value), _bases(kpi, kpi.target, "target"),
                 kpi.target.printed)


def points(kpi: m.Kpi) -> list[Point]:
    """Every value the chart draws, as the table beside it lists them: by fiscal year, then kind."""
    every = _measured(kpi) + _planned(kpi) + _path(kpi) + [_target(kpi)]
    return sorted(every, key=lambda p: (p.year, KINDS.index(p.kind)))


def chartable(kpi: m.Kpi) -> bool:
    """A level or yearly target with a published result, or with values planned for each year, can be
    drawn as a course."""
    return kpi.target.kind in _TARGET_KINDS and bool(kpi.actuals or kpi.planned)


def no_result(kpi: m.Kpi) -> bool:
    """A level or yearly target with nothing to draw: shown as baseline → target in words, not as a chart."""
    return kpi.target.kind in _TARGET_KINDS and not kpi.actuals and not kpi.planned


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


def _kind_label(point: Point, kpi: m.Kpi, lang: f.Lang) -> str:
    if point.kind == "target":
        return label("target_each_year" if kpi.target.kind == "each_year" else "target", lang)
    return label({"planned": "planned_values", "path": "path_value"}.get(point.kind, point.kind), lang)


def _word(basis: m.Basis | None, lang: f.Lang) -> str:
    """（推定） / (inferred) after a value the source does not state as shown; "" otherwise."""
    if basis is None:
        return ""
    word = label(f"basis.{basis.kind}", lang)
    return f"（{word}）" if lang == "ja" else f" ({word})"


def _year_words(point: Point, lang: f.Lang) -> str:
    return f.fiscal_year(point.year, lang) + _word(point.year_basis(), lang)


def _written(point: Point, kpi: m.Kpi, unit: m.Unit, lang: f.Lang) -> str:
    """A value as this site writes it; a target with its bound (15.0%以下 / at most 15.0%)."""
    amount = f.quantity(point.value, unit, lang)
    bound = kpi.target.bound
    if point.kind != "target" or bound == "exact":
        return amount
    return f"{amount}{label('bound.' + bound, lang)}" if lang == "ja" else f"{label('bound.' + bound, lang)} {amount}"


def _amount(point: Point, kpi: m.Kpi, unit: m.Unit, lang: f.Lang) -> str:
    """A value as the reader sees it: on Japanese pages exactly as the source prints it where data keeps
    that text (１６，４０１件, ８０％以上: a printed target carries its own bound), else as written."""
    return f.as_printed(point.printed, lang, _written(point, kpi, unit, lang))


def _value_words(point: Point, kpi: m.Kpi, unit: m.Unit, lang: f.Lang) -> str:
    return _amount(point, kpi, unit, lang) + "".join(_word(b, lang) for b in point.value_bases())


def _each_year(kpi: m.Kpi, amount: str, lang: f.Lang) -> str:
    """毎年度 1,000人 / 1,000 people each fiscal year, for a target for each fiscal year."""
    if kpi.target.kind != "each_year":
        return amount
    return f"{label('each_year', lang)} {amount}" if lang == "ja" else f"{amount} {label('each_year', lang)}"


def _target_words(kpi: m.Kpi, point: Point, unit: m.Unit, lang: f.Lang) -> str:
    """目標値 27,000件 / 目標値 毎年度 15.0%以下 (the chart's label of the target)."""
    return f"{label('target', lang)} {_each_year(kpi, _value_words(point, kpi, unit, lang), lang)}"


def kpi_chart(kpi: m.Kpi, ctx: Ctx) -> str:
    lang = ctx.lang
    unit = ctx.site.unit(kpi.unit)
    every = points(kpi)
    measured = [p for p in every if p.kind in ("baseline", "actual")]
    planned = [p for p in every if p.kind == "planned"]
    path = [p for p in every if p.kind == "path"]
    target = next(p for p in every if p.kind == "target")
    years = [p.year for p in every]
    values = [p.value for p in every]
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
    # the fiscal years: a tick for each, a label where one fits (first, last, and the points between);
    # a year the source does not state carries its mark word
    year_words = {p.year: _year_words(p, lang) for p in every if p.year_basis() is not None}
    marked = sorted({y0, y1} | {p.year for p in measured + [target]})
    placed: list[tuple[float, float]] = []
    for year in range(y0, y1 + 1):
        xx = x(year)
        svg.append(f'<line x1="{xx:.1f}" y1="{base_y}" x2="{xx:.1f}" y2="{base_y + 5}" class="dx-axis"/>')
    for year in sorted(marked, key=lambda yy: (yy not in (y0, y1), yy)):
        text = year_words.get(year, f.fiscal_year(year, lang))
        half = _text_width(text) / 2
        xx = min(max(x(year), half + 2), WIDTH - half - 2)
        if any(abs(xx - other) < half + other_half + 4 for other, other_half in placed):
            continue
        placed.append((xx, half))
        svg.append(f'<text x="{xx:.1f}" y="{base_y + FONT + 7}" text-anchor="middle" class="dx-tick">'
                   f'{esc(text)}</text>')
    # the target: a dashed line at its value, labelled; a level target has a square at its year, a
    # target for each fiscal year spans the years it holds for
    ty = y(target.value)
    target_text = _target_words(kpi, target, unit, lang)
    each_year = kpi.target.kind == "each_year"
    first = measured[0].year + 1 if measured and measured[0].kind == "baseline" else y0
    start_x = x(min(first, target.year)) if each_year else left
    end_x = x(target.year) if each_year else WIDTH - RIGHT
    svg.append(f'<line x1="{start_x:.1f}" y1="{ty:.1f}" x2="{end_x:.1f}" y2="{ty:.1f}" '
               f'class="dx-target-line{" dx-each-year" if each_year else ""}"/>')
    tx = x(target.year)
    width = _text_width(target_text)
    if each_year:
        # written at the line's right end, where the results (which begin on the left) rarely are
        anchor, at = ("end", end_x) if end_x - width > left + 4 else ("start", left + 4)
    else:
        # written left of the target's square, where it fits; else from the value axis on
        end = tx - 10
        anchor, at = ("end", end) if end - width > left + 4 else ("start", left + 4)
    # above the line, unless the values drawn under the label's span are there (or there is no room)
    lo, hi = (at - width, at) if anchor == "end" else (at, at + width)
    near = [y(p.value) for p in measured + planned + path if lo - 8 <= x(p.year) <= hi + 8]
    hits_above = sum(1 for yy in near if ty - FONT - 10 <= yy <= ty + 2)
    hits_below = sum(1 for yy in near if ty - 2 <= yy <= ty + FONT + 10)
    fits_above, fits_below = ty - FONT - 6 > TOP - 4, ty + FONT + 4 < base_y - 2
    above = fits_above and (hits_above <= hits_below or not fits_below)
    ly_target = ty - 6 if above else ty + FONT + 4
    svg.append(f'<text x="{at:.1f}" y="{ly_target:.1f}" text-anchor="{anchor}" class="dx-value">'
               f'{esc(target_text)}</text>')
    if not each_year:
        svg.append(f'<rect x="{tx - 6:.1f}" y="{ty - 6:.1f}" width="12" height="12" class="dx-mark-target"/>')
    if path:
        line = " ".join(f"{x(p.year):.1f},{y(p.value):.1f}" for p in measured[:1] + path)
        svg.append(f'<polyline points="{line}" class="dx-path-line"/>')
    if planned:
        line = " ".join(f"{x(p.year):.1f},{y(p.value):.1f}" for p in planned)
        svg.append(f'<polyline points="{line}" class="dx-planned-line"/>')
        for p in planned:
            px, py = x(p.year), y(p.value)
            svg.append(f'<polygon points="{px:.1f},{py - 7:.1f} {px + 7:.1f},{py:.1f} {px:.1f},{py + 7:.1f} '
                       f'{px - 7:.1f},{py:.1f}" class="dx-mark-planned"/>')
    if measured:
        line = " ".join(f"{x(p.year):.1f},{y(p.value):.1f}" for p in measured)
        svg.append(f'<polyline points="{line}" class="dx-actual-line"/>')
        for p in measured:
            svg.append(f'<circle cx="{x(p.year):.1f}" cy="{y(p.value):.1f}" r="5" class="dx-mark-{p.kind}"/>')
        latest = measured[-1]
        text = _value_words(latest, kpi, unit, lang)
        lx, ly = x(latest.year), y(latest.value)
        # right of the point, unless it does not fit or a planned value is drawn there
        room = lx + _text_width(text) + 8
        crowded = any(lx < x(p.year) <= room + 8 for p in planned + path)
        anchor = "start" if room < WIDTH - RIGHT and not crowded else "end"
        ly_text = ly + FONT + 6 if abs(ly - ty) < FONT + 8 and ly >= ty else ly - 9
        svg.append(f'<text x="{lx + (8 if anchor == "start" else -8):.1f}" y="{ly_text:.1f}" '
                   f'text-anchor="{anchor}" class="dx-value">{esc(text)}</text>')
    picture = (f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" class="dx-chart" '
               f'aria-labelledby="{ident}-title {ident}-desc">{"".join(svg)}</svg>')
    return tag("figure", tag("figcaption", esc(sentence)) + picture + _legend(kpi, every, lang)
               + _chart_table(kpi, every, ctx), class_="dx-chart-figure")


_SHAPES = {"baseline": "○", "actual": "●", "planned": "◆", "path": "┄", "target": "□"}


def _legend(kpi: m.Kpi, every: list[Point], lang: f.Lang) -> str:
    """The key under the chart: each shape drawn and what it stands for (the sentence and the table say
    the same to a screen reader, so the shapes themselves are hidden from it)."""
    kinds = [k for k in KINDS if any(p.kind == k for p in every)]
    items = []
    for kind in kinds:
        shape = "╌" if kind == "target" and kpi.target.kind == "each_year" else _SHAPES[kind]
        point = next(p for p in every if p.kind == kind)
        items.append(tag("li", tag("span", esc(shape), class_=f"dx-key dx-key-{kind}", aria_hidden="true")
                         + esc(_kind_label(point, kpi, lang))))
    return tag("ul", "".join(items), class_="dx-chart-legend", aria_label=label("chart.legend", lang))


def _chart_table(kpi: m.Kpi, every: list[Point], ctx: Ctx) -> str:
    """The chart's numbers as a table beside it: fiscal year, what the value is, the value; each with
    the mark of a value the source does not state as shown."""
    lang = ctx.lang
    unit = ctx.site.unit(kpi.unit)
    head = "".join(tag("th", esc(label(k, lang)), scope="col") for k in ("fiscal_year", "kind_of_value", "value"))
    body = "".join(tag("tr", tag("th", esc(_table_year(p, kpi, lang)) + mark(p.year_basis(), ctx), scope="row")
                       + tag("td", esc(_kind_label(p, kpi, lang)))
                       + tag("td", printed_value(p.printed, lang, _written(p, kpi, unit, lang))
                             + "".join(mark(b, ctx) for b in p.value_bases()),
                             class_="dx-num")) for p in every)
    caption = f"{label('chart_values', lang)}：{f.text(kpi.name, lang)}" if lang == "ja" else \
        f"{label('chart_values', lang)}: {f.text(kpi.name, lang)}"
    return tag("table", tag("caption", esc(caption)) + tag("thead", tag("tr", head)) + tag("tbody", body),
               class_="dx-chart-data")


def _table_year(point: Point, kpi: m.Kpi, lang: f.Lang) -> str:
    """The fiscal year of a row; a target for each fiscal year holds up to its year (令和9年度まで)."""
    year = f.fiscal_year(point.year, lang)
    if point.kind == "target" and kpi.target.kind == "each_year":
        return f"{year}まで" if lang == "ja" else f"up to {year}"
    return year


def describe(kpi: m.Kpi, ctx: Ctx) -> str:
    """What the chart shows, in one sentence with every value and its fiscal year."""
    lang = ctx.lang
    unit = ctx.site.unit(kpi.unit)
    name = f.text(kpi.name, lang)
    every = points(kpi)
    target = next(p for p in every if p.kind == "target")
    each_year = kpi.target.kind == "each_year"
    when = _year_words(target, lang)
    amount = _value_words(target, kpi, unit, lang)
    courses = [[p for p in every if p.kind in kinds] for kinds in (("baseline", "actual"), ("planned",), ("path",))]
    if lang == "ja":
        parts = ["、".join(f"{_year_words(p, lang)}の{_kind_label(p, kpi, lang)}{_value_words(p, kpi, unit, lang)}"
                          for p in course) for course in courses if course]
        goal = f"目標は{when}まで{label('each_year', lang)}{amount}です。" if each_year else f"目標は{when}に{amount}です。"
        text = f"「{name}」の推移：{'。'.join(parts)}。{goal}" if parts else f"「{name}」：{goal}"
        return text + (label("chart.no_result", lang) if not kpi.actuals else "")
    parts = [", ".join(f"{_kind_label(p, kpi, lang).lower()} {_value_words(p, kpi, unit, lang)} in {_year_words(p, lang)}"
                       for p in course) for course in courses if course]
    goal = f"the target is {amount} {label('each_year', lang)} up to {when}" if each_year else \
        f"the target is {amount} in {when}"
    text = f"{name} over time: {'; '.join(parts)}; {goal}." if parts else f"{name}: {goal[0].upper()}{goal[1:]}."
    return text + (" " + label("chart.no_result", lang) if not kpi.actuals else "")


def no_result_summary(kpi: m.Kpi, ctx: Ctx) -> str:
    """Instead of an empty chart: the baseline and the target, each with the mark of a value the
    source does not state as shown, and that no result is published yet."""
    lang = ctx.lang
    unit = ctx.site.unit(kpi.unit)
    name = f.text(kpi.name, lang)
    measured = _measured(kpi)

    def value_and_year(head: str, point: Point, amount: str) -> str:
        value = amount + "".join(mark(b, ctx) for b in point.value_bases())
        value = esc(f"{head} ") + (_each_year(kpi, value, lang) if point.kind == "target" else value)
        when = esc(f.fiscal_year(point.year, lang)) + mark(point.year_basis(), ctx)
        return value + (esc("（") + when + esc("）") if lang == "ja" else esc(" (") + when + esc(")"))

    if measured:
        start = value_and_year(label("baseline", lang), measured[0],
                               printed_value(measured[0].printed, lang, _written(measured[0], kpi, unit, lang)))
    else:
        start = esc(label("no_baseline", lang))
    target = _target(kpi)
    end = value_and_year(label("target", lang), target,
                         printed_value(target.printed, lang, _written(target, kpi, unit, lang)))
    # a <div>, not a <p>: a mark is a <details>, which a paragraph cannot hold
    facts = tag("p", tag("strong", esc(name))) + tag("div", start + esc("、" if lang == "ja" else "; ") + end,
                                                     class_="dx-course") + \
        tag("p", esc(label("no_result_yet", lang)), class_="dx-no-result-words")
    return tag("div", facts, class_="dx-kpi-no-result")
