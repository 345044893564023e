"""The page 数値の整合性: the consistency report, rendered for readers from the same findings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from macros.checks import consistency as c
from macros.checks.lint import lint_docs
from macros.core import formatting as f
from macros.core.load import Site
from macros.render.html import Ctx, block, esc, table_parts, tag, wrap_table
from macros.render.labels import label


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
    out += _findings_table(derived, label("check.derived", lang), ctx,
                           (label("check.where", lang), label("printed", lang), label("recomputed", lang)))
    out += _findings_table(stale, label("check.stale", lang), ctx,
                           (label("check.where", lang), label("check.latest_fy", lang), label("check.due_fy", lang)))
    as_of = tag("p", esc(f"{label('check.as_of', lang)}{f.date(today, lang)}"), class_="dx-source")
    return out + block(as_of)


def _findings_table(findings: list[c.Finding], caption: str, ctx: Ctx, headers: tuple[str, str, str]) -> str:
    if not findings:
        return block(tag("p", esc(f"{caption}：{label('check.none', ctx.lang)}" if ctx.lang == "ja"
                                   else f"{caption}: {label('check.none', ctx.lang)}")))
    head = "".join(tag("th", esc(h), scope="col") for h in headers)
    rows = "".join(tag("tr", tag("th", esc(x.where), scope="row") + tag("td", esc(_year_or_value(x.printed, x, ctx)))
                       + tag("td", esc(_year_or_value(x.expected, x, ctx)))) for x in findings)
    return wrap_table(tag("table", table_parts(caption, head, rows), class_="dx-findings"), caption)


def _year_or_value(value: str, finding: c.Finding, ctx: Ctx) -> str:
    return f.fiscal_year(int(value), ctx.lang) if finding.kind == "stale" else value
