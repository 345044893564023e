"""The page 数値の整合性: the consistency report, rendered for readers from the same findings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from macros.checks import consistency as c
from macros.checks.lint import lint_docs
from macros.core import formatting as f
from macros.core.load import Site
from macros.render.html import Ctx, block, esc, table_parts, tag, wrap_table
from macros.render.labels import label
from macros.render.tables import cell


def consistency_report(site: Site, ctx: Ctx, root: Path, today: dt.date) -> str:
    lang = ctx.lang
    findings = c.data_findings(site, today)
    derived = [x for x in findings if x.kind == "derived"]
    stale = [x for x in findings if x.kind == "stale"]
    typed = lint_docs(root)
    summary = [
        (label("check.derived", lang), len(derived)),
        (label("check.stale", lang), len(stale)),
        (label("check.typed", lang), len(typed)),
        (label("check.language", lang), 0),  # the build stops on any gap: a published site has none
        (label("check.sources", lang), 0),  # the models reject a value without a source
    ]
    head = "".join(tag("th", esc(label(k, lang)), scope="col") for k in ("check.kind", "count"))
    body = "".join(tag("tr", tag("th", esc(name), scope="row") + tag("td", esc(f.number(n, lang))))
                   for name, n in summary)
    caption = label("check.summary", lang)
    out = wrap_table(tag("table", table_parts(caption, head, body), class_="dx-check-summary"), caption)
    out += _findings_table(derived, label("check.derived", lang), site, ctx,
                           (label("check.where", lang), label("printed", lang), label("recomputed", lang)))
    out += _findings_table(stale, label("check.stale", lang), site, ctx,
                           (label("check.where", lang), label("check.latest_fy", lang), label("check.due_fy", lang)))
    as_of = tag("p", esc(f"{label('check.as_of', lang)}{f.date(today, lang)}"), class_="dx-source")
    return out + block(as_of)


def _findings_table(findings: list[c.Finding], caption: str, site: Site, ctx: Ctx,
                    headers: tuple[str, str, str]) -> str:
    if not findings:
        return block(tag("p", esc(f"{caption}：{label('check.none', ctx.lang)}" if ctx.lang == "ja"
                                   else f"{caption}: {label('check.none', ctx.lang)}")))
    # the source's own explanation of a disagreement is shown with the table the row links to
    head = "".join(tag("th", esc(h), scope="col") for h in headers)
    rows = "".join(tag("tr", tag("th", where(x, site, ctx), scope="row")
                       + tag("td", esc(_shown(x.printed, x, site, ctx)))
                       + tag("td", esc(_shown(x.expected, x, site, ctx))))
                   for x in findings)
    return wrap_table(tag("table", table_parts(caption, head, rows), class_="dx-findings"), caption)


def where(finding: c.Finding, site: Site, ctx: Ctx) -> str:
    """What a finding is about, as a resident reads it: the municipality and the KPI's, table's or
    figure's name (with the row and column of a table), linked to
    the page that shows it; never the internal ids of the data (my-number-card)."""
    lang = ctx.lang
    kind, plan_id, record_id, *rest = finding.about
    data = site.plan(plan_id)
    city = esc(f.text(data.plan.municipality, lang))
    sep = esc("：" if lang == "ja" else ": ")
    if kind == "kpi":
        kpi = next(k for k in data.kpis if k.id == record_id)
        name = esc(f.text(kpi.name, lang))
        page = ctx.pages.kpi_pages.get(plan_id)
        what = tag("a", name, href=ctx.link(page, f"kpi-{kpi.id}")) if page else name
    elif kind == "table":
        tbl = data.table(record_id)
        row_index, column_id = rest
        first = tbl.columns[0]
        column = next(col for col in tbl.columns if col.id == column_id)
        name = esc(f.text(tbl.title, lang))
        page = ctx.pages.table_pages.get((plan_id, record_id))
        what = tag("a", name, href=ctx.link(page, f"table-{tbl.id}")) if page else name
        row = cell(first, tbl.rows[row_index], data, ctx)
        what += esc("、" if lang == "ja" else ", ") + row + esc("、" if lang == "ja" else ", ") + \
            esc(f.text(column.header, lang))
    else:
        fig = data.figure(record_id)
        name = esc(f.text(fig.label, lang))
        page = ctx.pages.figure_pages.get((plan_id, record_id))
        what = tag("a", name, href=ctx.link(page)) if page else name
    return city + sep + what


def _shown(value: str, finding: c.Finding, site: Site, ctx: Ctx) -> str:
    """A fiscal year as the site writes it (令和7年度 / FY2025); a figure with its unit, with exactly
    the digits the finding gives (0.01% printed, 0.02% recomputed)."""
    if finding.kind == "stale":
        return f.fiscal_year(int(value), ctx.lang)
    kind, plan_id, record_id, *rest = finding.about or ("", "", "")
    data = site.plans.get(plan_id)
    unit_id = None
    if data is not None and kind == "table":
        unit_id = next((col.unit for col in data.table(record_id).columns if col.id == rest[1]), None)
    elif data is not None and kind == "figure":
        unit_id = data.figure(record_id).unit
    digits = len(value.partition(".")[2])
    number = Decimal(value)
    return f.quantity(number, site.unit(unit_id), ctx.lang, digits) if unit_id else f.number(number, ctx.lang, digits)
