"""KPI tables: baseline, latest actual, target, computed progress and a status in words."""

from __future__ import annotations

from macros.core import formatting as f
from macros.core import models as m
from macros.core.compute import is_stale, latest_actual, meets_target, planned_path, progress
from macros.core.load import PlanData
from macros.render.basis import marks, record_marks
from macros.render.html import Ctx, block, cards, esc, printed_value, table_parts, tag, td, wrap_table
from macros.render.labels import label


def observation(obs: m.Observation | None, unit: m.Unit, ctx: Ctx, extra: str = "") -> str:
    """A value with its fiscal year, and the marks of either when the source does not state them
    (extra: marks kept on the KPI for this observation, e.g. basis: {baseline.fiscal_year: …})."""
    if obs is None:
        return "—"
    value = printed_value(obs.printed, ctx.lang, f.quantity(obs.value, unit, ctx.lang))
    when = esc(f.fiscal_year(obs.fiscal_year, ctx.lang))
    return f"{value}{tag('span', '（' + when + '）' if ctx.lang == 'ja' else ' (' + when + ')', class_='dx-when')}" \
        + record_marks(obs, ctx) + extra


def baseline_cell(kpi: m.Kpi, unit: m.Unit, ctx: Ctx, extra: str = "") -> str:
    """The baseline: its number, or the words the source prints where it gives none (未実施), or —."""
    if kpi.baseline is None and kpi.baseline_text is not None:
        return esc(f.text(kpi.baseline_text, ctx.lang)) + extra
    return observation(kpi.baseline, unit, ctx, extra)


def target_text(kpi: m.Kpi, unit: m.Unit, ctx: Ctx) -> str:
    lang, t = ctx.lang, kpi.target
    amount = f.quantity(t.value, unit, lang)
    if t.kind == "each_year":
        amount = f"{label('each_year', lang)} {amount}" if lang == "ja" else f"{amount} {label('each_year', lang)}"
    elif t.kind == "change_per_year":
        amount = f"{label('change_per_year', lang)} {_signed(t.value, kpi, unit, lang)}"
    elif t.kind == "change_from_baseline":
        amount = f"{label('change_from_baseline', lang)} {_signed(t.value, kpi, unit, lang)}"
    if t.bound != "exact":
        amount = f"{amount}{label('bound.' + t.bound, lang)}" if lang == "ja" else f"{label('bound.' + t.bound, lang)} {amount}"
    shown = esc(amount)
    if t.printed is not None and lang == "ja":
        # the amount as printed (７％増, ８０％以上): sign and bound are the source's words; the kind's
        # words (前年度比, 毎年度) are the site's and stay in front
        kind = label(t.kind, lang) if t.kind != "level" else ""
        shown = (esc(kind) + " " if kind else "") + printed_value(t.printed, lang, amount)
    when = f.fiscal_year(t.fiscal_year, lang)
    text = shown + tag("span", esc(f"（{when}）" if lang == "ja" else f" ({when})"), class_="dx-when")
    text += record_marks(t, ctx) + record_marks(kpi, ctx, prefix="target")
    if t.beyond_period:
        text += tag("span", esc(label("beyond_period", lang)), class_="dx-note")
    if t.note:
        text += tag("span", esc(f.text(t.note, lang)), class_="dx-note")
    return text


def _signed(value: float, kpi: m.Kpi, unit: m.Unit, lang: f.Lang) -> str:
    """A change is written with the sign of its direction: +7% for a rise, −50% for a fall."""
    sign = "+" if kpi.direction == "increase" else "−"
    return sign + f.quantity(abs(value), unit, lang)


def status(kpi: m.Kpi, lang: f.Lang, today=None) -> tuple[str, str]:
    """(progress column, status in words). Words, never colour alone. Whether an update is overdue is
    the site's own notice, not the plan's: site_notice() shows it apart."""
    return _progress_status(kpi, lang)


def site_notice(kpi: m.Kpi, ctx: Ctx) -> str:
    """The site's notice that a KPI's latest value is overdue for an update, set apart from the plan's
    content in words (「サイトからのお知らせ」, "this is not part of the plan") and in style."""
    if ctx.today is None or not is_stale(kpi, ctx.today):
        return ""
    head = tag("span", esc(label("site_notice", ctx.lang)), class_="dx-site-notice-label")
    return tag("span", head + esc(label("stale_notice", ctx.lang)), class_="dx-site-notice", role="note")


def _progress_status(kpi: m.Kpi, lang: f.Lang) -> tuple[str, str]:
    latest = latest_actual(kpi)
    if kpi.target.kind == "each_year" or (kpi.target.kind == "level" and kpi.baseline is None):
        # no way from a baseline to measure: the latest result against the target, in words
        if latest is None:
            return "—", label("progress.no_result" if kpi.baseline is None else "progress.no_update", lang)
        met = meets_target(kpi, latest.value)
        key = ("progress.met_that_year" if met else "progress.below_that_year") if kpi.target.kind == "each_year" \
            else ("progress.achieved" if met else "progress.not_yet")
        return "—", label(key, lang)
    if kpi.target.kind != "level":
        return "—", label("progress.not_measurable", lang)
    share = progress(kpi)
    if share is None:
        return "—", label("progress.no_update", lang)
    shown = f"{f.number(share, lang)}%"
    if share >= 100:
        return shown, label("progress.achieved", lang)
    if share > 0:
        return shown, label("progress.improving", lang)
    return shown, label("progress.worse" if share < 0 else "progress.flat", lang)


def kpi_rows_table(kpis: list[m.Kpi], ctx: Ctx, caption: str) -> str:
    lang = ctx.lang
    headers = ["kpi", "baseline", "latest", "target", "progress", "status"]
    head = "".join(tag("th", esc(label(h, lang)), scope="col") for h in headers)
    rows = []
    for kpi in kpis:
        unit = ctx.site.unit(kpi.unit)
        shown, words = status(kpi, lang, ctx.today)
        name = esc(f.text(kpi.name, lang)) + tag(
            "span", esc(f"（{label('direction.' + kpi.direction, lang)}）" if lang == "ja"
                        else f" ({label('direction.' + kpi.direction, lang)})"), class_="dx-direction")
        if kpi.note:
            # What the source does and does not state about this KPI is shown where its values are.
            name += tag("span", esc(f.text(kpi.note, lang)), class_="dx-note")
        name += marks(kpi, ("name", "direction", "unit", "initiative", "update_frequency", "note"), ctx)
        latest = latest_actual(kpi)
        latest_marks = record_marks(kpi, ctx, prefix="actuals") if latest is not None else ""
        values = (baseline_cell(kpi, unit, ctx, record_marks(kpi, ctx, prefix="baseline")),
                  observation(latest, unit, ctx, latest_marks),
                  target_text(kpi, unit, ctx), esc(shown), esc(words) + site_notice(kpi, ctx))
        cells = tag("th", name, scope="row", id=f"kpi-{kpi.id}") + "".join(
            td(label(h, lang), v) for h, v in zip(headers[1:], values))
        rows.append(tag("tr", cells))
    inner = table_parts(caption, head, "".join(rows))
    footer = _paths(kpis, ctx) + _sources(kpis, ctx) + _charts(kpis, ctx)
    return wrap_table(tag("table", inner, class_=cards("dx-kpis")), caption, footer)


def _charts(kpis: list[m.Kpi], ctx: Ctx) -> str:
    from macros.render.charts import chartable, kpi_chart, no_result, no_result_summary
    charts = [kpi_chart(k, ctx) if chartable(k) else no_result_summary(k, ctx) for k in kpis
              if chartable(k) or no_result(k)]
    return tag("div", "".join(charts), class_="dx-charts") if charts else ""


def _sources(kpis: list[m.Kpi], ctx: Ctx) -> str:
    from macros.render.plan import source_ref
    items = []
    for kpi in kpis:
        refs = {source_ref(o.source, ctx) for o in ([kpi.baseline] if kpi.baseline else []) + kpi.actuals
                + [p for p in kpi.planned if p.source is not None]}
        refs.add(source_ref(kpi.target.source, ctx))
        items.append(f"{f.text(kpi.name, ctx.lang)}：{'、'.join(sorted(refs))}" if ctx.lang == "ja" else
                     f"{f.text(kpi.name, ctx.lang)}: {'; '.join(sorted(refs))}")
    head = label("source", ctx.lang)
    return tag("p", esc(f"{head}：" if ctx.lang == "ja" else f"{head}: ") + esc(" ／ ".join(items)), class_="dx-source")


def _paths(kpis: list[m.Kpi], ctx: Ctx) -> str:
    """For KPIs with a planned yearly step, the yearly targets computed from baseline + steps; for KPIs
    whose plan prints a value per year (planned:), those values and the results, in two rows."""
    out = ""
    for kpi in kpis:
        if kpi.planned:
            out += _planned_and_results(kpi, ctx)
            continue
        path = planned_path(kpi)
        if not path:
            continue
        unit = ctx.site.unit(kpi.unit)
        caption = f"{f.text(kpi.name, ctx.lang)}：{label('planned_path', ctx.lang)}" if ctx.lang == "ja" else \
            f"{f.text(kpi.name, ctx.lang)}: {label('planned_path', ctx.lang)}"
        head = "".join(tag("th", esc(f.fiscal_year(y, ctx.lang)), scope="col") for y, _ in path)
        body = "".join(td(f.fiscal_year(y, ctx.lang), esc(f.quantity(v, unit, ctx.lang))) for y, v in path)
        out += tag("table", table_parts(caption, head, tag("tr", body)), class_=cards("dx-path")) \
            + marks(kpi, ("step_per_year",), ctx)
    return out


def _planned_and_results(kpi: m.Kpi, ctx: Ctx) -> str:
    """年度別の計画値と実績 / plan and result by fiscal year: the two never mixed in one row."""
    lang, unit = ctx.lang, ctx.site.unit(kpi.unit)
    years = sorted({p.fiscal_year for p in kpi.planned} | {a.fiscal_year for a in kpi.actuals})
    planned = {p.fiscal_year: p for p in kpi.planned}
    results = {a.fiscal_year: a for a in kpi.actuals}
    caption = f"{f.text(kpi.name, lang)}：{label('planned_and_results', lang)}" if lang == "ja" else \
        f"{f.text(kpi.name, lang)}: {label('planned_and_results', lang)}"
    head = tag("td", "") + "".join(tag("th", esc(f.fiscal_year(y, lang)), scope="col") for y in years)
    rows = ""
    for key, values in (("planned_values", planned), ("results", results)):
        # each value as printed where data keeps the source's text, with the mark of one it does not state
        cells = "".join(tag("td", printed_value(values[y].printed, lang, f.quantity(values[y].value, unit, lang))
                            + record_marks(values[y], ctx) if y in values else "—") for y in years)
        rows += tag("tr", tag("th", esc(label(key, lang)), scope="row") + cells)
    return tag("table", table_parts(caption, head, rows), class_="dx-path")


def kpi_table(data: PlanData, ctx: Ctx) -> str:
    """The plan's KPIs: baseline, results by year, target and progress, with charts and sources."""
    if not data.kpis:
        return block(tag("p", esc(label("no_kpis", ctx.lang))))
    caption = f"{f.text(data.plan.municipality, ctx.lang)} {label('kpis', ctx.lang)}" if ctx.lang == "ja" else \
        f"{label('kpis', ctx.lang)}: {f.text(data.plan.municipality, ctx.lang)}"
    return kpi_rows_table(data.kpis, ctx, caption)
