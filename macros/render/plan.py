"""Plan identity, timeline, lists, figures and the structure tree."""

from __future__ import annotations

from macros.core import formatting as f
from macros.core import models as m
from macros.core.load import PlanData, Site
from macros.render.basis import field_mark, marks, record_marks
from macros.render.html import Ctx, block, dl, esc, table, tag, ul
from macros.render.labels import label


def source_ref(ref: m.SourceRef | None, ctx: Ctx) -> str:
    """p.17「取組事項」 / p. 17, section "Initiatives" (取組事項). On English pages a section is named in
    English where the plan's source_sections give it, with the source's own Japanese title quoted beside it
    (the build marks it lang="ja"); without an English name, only the quoted title."""
    if ref is None:
        return ""
    parts = []
    if ref.page is not None:
        parts.append(f"p.{ref.page}" if ctx.lang == "ja" else f"p. {ref.page}")
    if ref.section:
        parts.append(f"「{ref.section}」" if ctx.lang == "ja" else _section_en(ref.section, ctx))
    if ref.department:
        parts.append(f.text(ref.department, ctx.lang))
    if ref.url:
        parts.append(ref.url)
    return (" " if ctx.lang == "ja" else ", ").join(parts)


def section_name(section: str, ctx: Ctx) -> str | None:
    """The English name of a section of the source, from source_sections of the plan whose page this is
    (else of any plan that cites it); None where data gives none."""
    plain = " ".join(section.split())
    parts = ctx.page_url.strip("/").split("/")
    here = ctx.site.plans.get(parts[1]) if len(parts) > 1 and parts[0] == "plans" else None
    plans = ([here] if here is not None else []) + [d for d in ctx.site.plans.values() if d is not here]
    for data in plans:
        for entry in data.plan.source_sections:
            if " ".join(entry.ja.split()) == plain:
                return entry.en
    return None


def _section_en(section: str, ctx: Ctx) -> str:
    english = section_name(section, ctx)
    return f"section “{english}” (「{section}」)" if english else f"section 「{section}」"


def as_of(value: m.AsOf, ctx: Ctx) -> str:
    if value.fiscal_year is not None:
        return f.fiscal_year(value.fiscal_year, ctx.lang)
    assert value.date is not None
    return f.date(value.date, ctx.lang)


def period(plan: m.Plan, ctx: Ctx) -> str:
    p = plan.period
    text = f.fiscal_year_range(p.start_fy, p.end_fy, ctx.lang)
    if p.start_month and p.end_month:
        start_y, start_m = (int(x) for x in p.start_month.split("-"))
        end_y, end_m = (int(x) for x in p.end_month.split("-"))
        months = f"{f.year_month(start_y, start_m, ctx.lang)}～{f.year_month(end_y, end_m, ctx.lang)}" \
            if ctx.lang == "ja" else f"{f.year_month(start_y, start_m, 'en')} – {f.year_month(end_y, end_m, 'en')}"
        text = f"{months}（{text}）" if ctx.lang == "ja" else f"{months} ({text})"
    return esc(text) + field_mark(plan, "period", ctx) + record_marks(p, ctx) + record_marks(plan, ctx, prefix="period.")


def published(plan: m.Plan, ctx: Ctx) -> str:
    pub = plan.published
    text = esc(f.year_month(pub.year, pub.month, ctx.lang))
    text += field_mark(plan, "published", ctx) + record_marks(pub, ctx) + record_marks(plan, ctx, prefix="published.")
    if pub.note:
        text += tag("span", esc(f.text(pub.note, ctx.lang)), class_="dx-note")
    return text


def plan_header(data: PlanData, ctx: Ctx) -> str:
    """The plan's header: municipality, prefecture, edition, period, publication and source, with the summary."""
    plan, lang = data.plan, ctx.lang
    rows = [
        (label("municipality", lang), esc(f.text(plan.municipality, lang)) + field_mark(plan, "municipality", ctx)),
        (label("prefecture", lang), esc(f.text(plan.prefecture, lang)) + field_mark(plan, "prefecture", ctx)),
        (label("kind", lang), esc(label(f"kind.{plan.kind}", lang)) + field_mark(plan, "kind", ctx)),
    ]
    if plan.version:
        rows.append((label("version", lang), esc(f.text(plan.version, lang)) + field_mark(plan, "version", ctx)))
    rows += [
        (label("published", lang), published(plan, ctx)),
        (label("period", lang), period(plan, ctx) + (
            tag("span", esc(f.text(plan.period.note, lang)), class_="dx-note") if plan.period.note else "")),
        (label("source", lang), _source(plan, ctx)),
    ]
    summary = tag("p", esc(f.text(plan.summary, lang))) + marks(plan, ("title", "summary"), ctx) \
        + faithful_note(plan, ctx)
    box = tag("section", tag("h2", esc(label("plan_identity", lang)), id=f"{plan.id}-identity") + summary
              + dl(rows, cls="dx-facts"), class_="dx-plan-header", aria_labelledby=f"{plan.id}-identity")
    return block(box)


def _source(plan: m.Plan, ctx: Ctx) -> str:
    """The source document, linked where the city publishes it; else where it is published, in words.
    (The internal text file the data was read from is never shown.)"""
    lang = ctx.lang
    title = esc(_paren(f.text(plan.source.title, lang), f.text(plan.source.publisher, lang), lang))
    out = tag("a", title, href=plan.source.url) if plan.source.url else title
    if plan.source.where:
        out += " " + tag("span", esc(f.text(plan.source.where, lang)), class_="dx-note")
    return out


def faithful_note(plan: m.Plan, ctx: Ctx) -> str:
    """What is quoted and what is ours, said on every plan's overview, with the original linked."""
    lang = ctx.lang
    lead = label("faithful", lang)
    head = tag("strong", esc(label("original", lang)))
    return tag("p", esc(lead) + " " + head + _source(plan, ctx), class_="dx-faithful")


def _paren(main: str, aside: str, lang: f.Lang) -> str:
    return f"{main}（{aside}）" if lang == "ja" else f"{main} ({aside})"


def event_when(event: m.Event, ctx: Ctx) -> str:
    if event.printed and ctx.lang == "ja":
        return event.printed  # as printed: both calendars, full-width digits and all
    if event.day and event.month:
        import datetime as dt
        return f.date(dt.date(event.year, event.month, event.day), ctx.lang)
    return f.year_month(event.year, event.month, ctx.lang)


def event_date(data: PlanData, event_id: str, ctx: Ctx) -> str:
    """The date of one of the plan's timeline events, as precise as the source gives it."""
    return esc(event_when(_event(data, event_id), ctx))


def _event(data: PlanData, event_id: str) -> m.Event:
    for event in data.plan.timeline:
        if event.id == event_id:
            return event
    raise KeyError(f"no timeline event with id '{event_id}' in plan {data.id}")


def timeline(data: PlanData, ctx: Ctx) -> str:
    """The dated events the plan cites (timeline:), oldest first."""
    lang = ctx.lang
    events = sorted(data.plan.timeline, key=lambda e: (e.year, e.month or 0, e.day or 0))
    rows = [(esc(event_when(e, ctx)) + marks(e, ("year", "month", "day"), ctx),
             esc(f.text(e.label, lang)) + field_mark(e, "label", ctx)) for e in events]
    caption = f"{f.text(data.plan.municipality, lang)} {label('timeline', lang)}" if lang == "ja" else \
        f"{label('timeline', lang)}: {f.text(data.plan.municipality, lang)}"
    return table(caption, [label("when", lang), label("event", lang)], rows, cls="dx-timeline")


def text_list(data: PlanData, list_id: str, ctx: Ctx) -> str:
    """One of the plan's printed enumerations (lists:), with its title, codes and items as printed."""
    lst = data.text_list(list_id)
    lang = ctx.lang
    items = []
    for item in lst.items:
        head = (tag("span", esc(f.code(item.code, lang)), class_="dx-code") + " ") if item.code else ""
        body = head + esc(f.text(item.text, lang)) + record_marks(item, ctx)
        if item.detail:
            body += tag("p", esc(f.text(item.detail, lang)), class_="dx-detail")
        items.append(body)
    intro = tag("p", esc(f.text(lst.intro, lang))) if lst.intro else ""
    title = tag("p", tag("strong", esc(f.text(lst.title, lang))), class_="dx-list-title") + record_marks(lst, ctx)
    # Items carry their own printed labels (第1条, ①), so an <ol> would number them twice.
    has_codes = any(i.code for i in lst.items)
    return block(tag("div", title + intro + ul(items, ordered=lst.ordered and not has_codes,
                                                 cls="dx-list dx-coded" if has_codes else "dx-list"),
                     class_="dx-text-list", id=f"list-{lst.id}"))


def figure(data: PlanData, figure_id: str, ctx: Ctx) -> str:
    """A figure from figures.yml: on Japanese pages as the source prints it where data keeps that text
    (printed:), else written with its unit in the page's language."""
    fig = data.figure(figure_id)
    # shown inside running prose: the reason is written out (a <details> would end the paragraph)
    written = f.quantity(fig.value, ctx.site.unit(fig.unit), ctx.lang)
    return esc(f.as_printed(fig.printed, ctx.lang, written)) + record_marks(fig, ctx, inline=True)


def group_title(data: PlanData, group_id: str, ctx: Ctx) -> str:
    """The group's printed heading (with its number) where data gives one, else its title."""
    group = data.group(group_id)
    return esc(f.text(group.heading or group.title, ctx.lang))


def heading(data: PlanData, item_id: str, ctx: Ctx) -> str:
    """A heading the source prints, kept as a list item with an id in plan.yml.

    The item's text is the whole heading as printed, number included (第１章 計画策定の趣旨),
    so that the English twin carries its own rendering of the number (Chapter 1 …).
    """
    found = [item for lst in data.plan.lists for item in lst.items if item.id == item_id]
    if len(found) != 1:
        raise KeyError(f"plan {data.id} has {len(found)} list items with id '{item_id}' (expected exactly one)")
    return esc(f.text(found[0].text, ctx.lang))


def group_summary(data: PlanData, group_id: str, ctx: Ctx) -> str:
    """A group's summary paragraph (summary:)."""
    group = data.group(group_id)
    if not group.summary and not group.basis:
        return ""
    summary = tag("p", esc(f.text(group.summary, ctx.lang))) if group.summary else ""
    return block(tag("div", summary + record_marks(group, ctx), class_="dx-group-summary"))


def structure(data: PlanData, ctx: Ctx) -> str:
    """The plan's tree: groups with their initiatives, as nested lists.

    A group that reviews an earlier edition's actions is not part of this plan's structure: those
    actions are shown where the plan reviews them, marked as the earlier edition's.
    """

    def branch(parent: str | None) -> str:
        items = []
        for group in data.children(parent):
            if group.reviewed_edition is not None:
                continue
            code = (tag("span", esc(f.code(group.code, ctx.lang)), class_="dx-code") + " ") if group.code else ""
            inner = code + tag("strong", esc(f.text(group.title, ctx.lang))) + marks(group, ("title", "code", "parent"), ctx)
            leaves = [esc(f.text(i.title, ctx.lang)) + field_mark(i, "group", ctx) for i in data.initiatives_of(group.id)]
            if leaves:
                inner += ul(leaves, cls="dx-tree-initiatives")
            inner += branch(group.id)
            items.append(inner)
        return ul(items, cls="dx-tree") if items else ""

    heading = tag("p", tag("strong", esc(label("structure", ctx.lang))), class_="dx-list-title")
    return block(tag("div", heading + branch(None), class_="dx-structure"))


def plan_list(site: Site, ctx: Ctx) -> str:
    """Every plan: municipality, prefecture, title, kind, version, period; linked."""
    lang = ctx.lang
    headers = [label(k, lang) for k in ("municipality", "prefecture", "plan_title", "kind", "version", "period")]
    rows = []
    for data in site.plans.values():
        plan = data.plan
        link = tag("a", esc(f.text(plan.title, lang)), href=ctx.link(f"plans/{plan.id}/"))
        rows.append((esc(f.text(plan.municipality, lang)), esc(f.text(plan.prefecture, lang)), link,
                     esc(label(f"kind.{plan.kind}", lang)), esc(f.text(plan.version, lang)) or "—",
                     period(plan, ctx)))
    return table(label("plans", lang), headers, rows, cls="dx-plan-list")
