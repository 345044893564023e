"""Initiatives: the roadmap grid (initiatives × fiscal years) and each initiative in full."""

from __future__ import annotations

from macros.core import formatting as f
from macros.core import models as m
from macros.core.load import PlanData, plan_years
from macros.render.basis import field_mark, marks, reason_text, record_marks
from macros.render.html import Ctx, block, cards, col_headers, esc, md_heading, table_parts, tag, td, ul, wrap_table
from macros.render.kpis import kpi_rows_table
from macros.render.labels import label


def roadmap_years(data: PlanData) -> list[int]:
    span = plan_years(data.plan)
    if data.plan.roadmap_years is None:
        # an open-ended period: show only the years the roadmap steps use
        used = [y for i in data.initiatives for s in i.roadmap for y in (s.start_fy, s.end_fy)]
        if used:
            return list(range(min(used), max(used) + 1))
    return list(range(span.start_fy, span.end_fy + 1))


def descendants(data: PlanData, group_id: str) -> list[m.Initiative]:
    """Initiatives of a group and of all groups under it, in data order."""
    ids = {group_id}
    changed = True
    while changed:
        changed = False
        for group in data.groups:
            if group.parent in ids and group.id not in ids:
                ids.add(group.id)
                changed = True
    return [i for i in data.initiatives if i.group in ids]


def status_text(ini: m.Initiative, ctx: Ctx) -> str:
    lang = ctx.lang
    if ini.status == "completed" and ini.completed_fy:
        return f"{label('completed_in', lang)}（{f.fiscal_year(ini.completed_fy, lang)}）" if lang == "ja" \
            else f"{label('completed_in', lang)} ({f.fiscal_year(ini.completed_fy, lang)})"
    if ini.status == "completed" and ini.completed_by_fy:
        # The source says only by when (e.g. 令和６年度末までに完了): no completion year is shown.
        return f"{label('completed_in', lang)}（{f.fiscal_year(ini.completed_by_fy, lang)}{label('completed_by', lang)}）" \
            if lang == "ja" else f"{label('completed_in', lang)} ({label('completed_by', lang)} {f.fiscal_year(ini.completed_by_fy, lang)})"
    if ini.completion_planned_fy:
        return f"{label('completion_planned', lang)}（{f.fiscal_year(ini.completion_planned_fy, lang)}）" \
            if lang == "ja" else f"{label('completion_planned', lang)} ({f.fiscal_year(ini.completion_planned_fy, lang)})"
    return label(f"status.{ini.status}", lang) if ini.status else ""


STATUS_FIELDS = ("status", "completed_fy", "completed_by_fy", "completion_planned_fy")


def placement_uncertain(step: m.RoadmapStep) -> bool:
    """Whether the bar's fiscal years are reconstructed or inferred rather than printed."""
    return step.basis_of("start_fy") is not None or step.basis_of("end_fy") is not None


def _step_cell(step: m.RoadmapStep, span: int, ctx: Ctx) -> str:
    content = esc(f.text(step.text, ctx.lang)) + marks(step, ("start_fy", "end_fy", "text"), ctx)
    end = step.start_fy + span - 1
    when = f.fiscal_year_range(step.start_fy, end, ctx.lang) if span > 1 else f.fiscal_year(step.start_fy, ctx.lang)
    return td(when, content, colspan=span if span > 1 else None,
              class_="dx-step dx-step-uncertain" if placement_uncertain(step) else "dx-step")


def _lanes(steps: list[m.RoadmapStep]) -> list[list[m.RoadmapStep]]:
    """Steps that follow one another share a row, as in a source table's single 取組 row;
    a step that overlaps an earlier one opens a new row. Data order is kept within each row."""
    lanes: list[list[m.RoadmapStep]] = []
    for step in steps:
        for lane in lanes:
            if all(step.end_fy < other.start_fy or step.start_fy > other.end_fy for other in lane):
                lane.append(step)
                break
        else:
            lanes.append([step])
    return lanes


def roadmap_rows(ini: m.Initiative, years: list[int], ctx: Ctx, anchor: str | None) -> str:
    """One <tr> per row of steps that do not overlap; the initiative's name spans them as the row header."""
    lanes = _lanes(list(ini.roadmap)) or [[]]
    name = esc(f.text(ini.title, ctx.lang))
    if anchor:
        name = tag("a", name, href=f"#{anchor}")
    if status_text(ini, ctx):
        name += tag("span", esc(status_text(ini, ctx)), class_="dx-status") + marks(ini, STATUS_FIELDS, ctx)
    rows = []
    for index, lane in enumerate(lanes):
        cells = ""
        if index == 0:
            cells += tag("th", name, scope="rowgroup" if len(lanes) > 1 else "row",
                         rowspan=len(lanes) if len(lanes) > 1 else None)
        starts = {step.start_fy: step for step in lane}
        year = years[0]
        while year <= years[-1]:
            step = starts.get(year)
            if step is not None:
                span = step.end_fy - step.start_fy + 1
                cells += _step_cell(step, span, ctx)
                year += span
            else:
                cells += td("", "")
                year += 1
        rows.append(tag("tr", cells))
    # one <tbody> per initiative: a phone shows it as one card with each fiscal year and its step
    return tag("tbody", "".join(rows))


def roadmap(data: PlanData, group_id: str, ctx: Ctx, *, link_details: bool = True) -> str:
    """The roadmap table of a group's initiatives: one bar per step, by fiscal year."""
    initiatives = descendants(data, group_id)
    years = roadmap_years(data)
    group = data.group(group_id)
    caption = f"{label('roadmap_of', ctx.lang)}{f.text(group.title, ctx.lang)}"
    head = tag("th", esc(label("initiative", ctx.lang)), scope="col") + "".join(
        tag("th", esc(f.fiscal_year(y, ctx.lang)), scope="col") for y in years)
    body = "".join(roadmap_rows(i, years, ctx, f"initiative-{i.id}" if link_details else None)
                   for i in initiatives)
    inner = tag("caption", esc(caption)) + tag("thead", tag("tr", head)) + body
    notes = _uncertainty_notes(initiatives, ctx)
    return wrap_table(tag("table", inner, class_=cards("dx-roadmap dx-roadmap-group")), caption, notes)


def _uncertainty_notes(initiatives: list[m.Initiative], ctx: Ctx) -> str:
    """Below a roadmap, every bar whose fiscal years are not printed as shown, with the reason."""
    notes = []
    for ini in initiatives:
        for step in ini.roadmap:
            basis = step.basis_of("start_fy") or step.basis_of("end_fy")
            if basis is None:
                continue
            word = label(f"basis.{basis.kind}", ctx.lang)
            notes.append(esc(f"{f.text(ini.title, ctx.lang)}「{f.text(step.text, ctx.lang)}」［{word}］："
                             f"{reason_text(basis, ctx)}" if ctx.lang == "ja" else
                             f"{f.text(ini.title, ctx.lang)}, “{f.text(step.text, ctx.lang)}” [{word}]: "
                             f"{reason_text(basis, ctx)}"))
    if not notes:
        return ""
    title = tag("p", tag("strong", esc(label("uncertain", ctx.lang))), class_="dx-list-title")
    return tag("div", title + ul(notes), class_="dx-uncertain-notes")


def milestone_text(ms: m.Milestone, ctx: Ctx) -> str:
    lang = ctx.lang
    when = ""
    if ms.fiscal_year is not None:
        year = f.fiscal_year(ms.fiscal_year, lang)
        when = f"{year}{label(f'timing.{ms.timing}', lang)}" if lang == "ja" else \
            f"{label(f'timing.{ms.timing}', lang)} {year}"
    if ms.timing_note:
        when += ("（" + f.text(ms.timing_note, lang) + "）") if lang == "ja" else f" ({f.text(ms.timing_note, lang)})"
    body = f.text(ms.text, lang)
    if not when:
        return esc(body)
    return esc(f"{when}：{body}" if lang == "ja" else f"{when[0].upper()}{when[1:]}: {body}")


def _year_rows(ini: m.Initiative, ctx: Ctx) -> str:
    lang = ctx.lang
    caption = f"{f.text(ini.title, lang)}：{label('years', lang)}" if lang == "ja" else \
        f"{f.text(ini.title, lang)}: {label('years', lang)}"
    head = col_headers(label(k, lang) for k in ("fiscal_year", "actions", "goal"))
    body = "".join(tag("tr", tag("th", esc(f.fiscal_year(r.fiscal_year, lang)) + field_mark(r, "fiscal_year", ctx),
                               scope="row")
                       + td(label("actions", lang), esc(f.text(r.actions, lang)) + field_mark(r, "actions", ctx))
                       + td(label("goal", lang), esc(f.text(r.goal, lang)) + field_mark(r, "goal", ctx)))
                   for r in ini.years)
    inner = table_parts(caption, head, body)
    return wrap_table(tag("table", inner, class_=cards("dx-years")), caption)


def initiative_detail(data: PlanData, ini: m.Initiative, ctx: Ctx, level: int = 3) -> str:
    lang = ctx.lang
    anchor = f"initiative-{ini.id}"
    title = f.text(ini.title, lang)
    if ini.code:
        title = f"{f.code(ini.code, lang)} {title}"
    out = [md_heading(level, title, anchor)]
    facts = []
    if status_text(ini, ctx):
        facts.append(tag("span", esc(f"{label('status', lang)}：{status_text(ini, ctx)}" if lang == "ja"
                                     else f"{label('status', lang)}: {status_text(ini, ctx)}"), class_="dx-status")
                     + marks(ini, STATUS_FIELDS, ctx))
    if ini.new_in_plan:
        facts.append(tag("span", esc(label("new_in_plan", lang)), class_="dx-badge") + field_mark(ini, "new_in_plan", ctx))
    if (edition := data.reviewed_edition(ini)) is not None:
        facts.append(tag("span", esc(label("reviewed_edition", lang).format(f.text(edition, lang))),
                         class_="dx-badge dx-reviewed"))
    if ini.grade:
        facts.append(tag("span", esc(f"{label('grade', lang)}：{ini.grade}" if lang == "ja"
                                     else f"{label('grade', lang)}: {ini.grade}"), class_="dx-grade")
                     + field_mark(ini, "grade", ctx))
    if ini.departments:
        names = "、".join(f.text(data.department(d).name, lang) for d in ini.departments) if lang == "ja" else \
            ", ".join(f.text(data.department(d).name, lang) for d in ini.departments)
        facts.append(tag("span", esc(f"{label('departments', lang)}：{names}" if lang == "ja"
                                     else f"{label('departments', lang)}: {names}"), class_="dx-departments")
                     + field_mark(ini, "departments", ctx))
    # what the heading and the page's place show (title, code, group): marked here, next to the facts
    facts.append(marks(ini, ("title", "code", "group", "id"), ctx))
    facts = [fact for fact in facts if fact]
    parts = [tag("div", " ".join(facts), class_="dx-initiative-facts")] if facts else []
    for key in ("current_state", "purpose", "content", "direction", "note"):
        value = getattr(ini, key)
        if value is not None:
            # A completed initiative's ● line says what was done, not what the city will do.
            shown = "direction_done" if key == "direction" and ini.status == "completed" else key
            parts.append(tag("div", tag("p", tag("strong", esc(label(shown, lang))))
                             + tag("p", esc(f.text(value, lang))) + field_mark(ini, key, ctx),
                             class_=f"dx-{key.replace('_', '-')}"))
    if ini.milestones:
        # the source's own label for its 目標 row where it prints one (登米市「目 標」), else the site's word
        head = f.text(data.plan.goal_label, lang) if data.plan.goal_label else label("milestones", lang)
        parts.append(tag("div", tag("p", tag("strong", esc(head)))
                         + ul(milestone_text(ms, ctx) + record_marks(ms, ctx) for ms in ini.milestones),
                         class_="dx-milestones"))
    out.append(block(tag("div", "".join(parts), class_="dx-initiative")))
    if ini.roadmap:
        years = roadmap_years(data)
        caption = f"{label('roadmap_of', lang)}{f.text(ini.title, lang)}"
        head = tag("th", esc(label("initiative", lang)), scope="col") + "".join(
            tag("th", esc(f.fiscal_year(y, lang)), scope="col") for y in years)
        inner = tag("caption", esc(caption)) + tag("thead", tag("tr", head)) + roadmap_rows(ini, years, ctx, None)
        out.append(wrap_table(tag("table", inner, class_=cards("dx-roadmap dx-roadmap-one")), caption,
                              _uncertainty_notes([ini], ctx)))
    if ini.years:
        out.append(_year_rows(ini, ctx))
    kpis = data.kpis_of(ini.id)
    if kpis:
        out.append(kpi_rows_table(kpis, ctx, caption=f"{label('kpis', lang)}：{f.text(ini.title, lang)}"
                                  if lang == "ja" else f"{label('kpis', lang)}: {f.text(ini.title, lang)}"))
    return "".join(out)


def initiatives(data: PlanData, group_id: str, ctx: Ctx, level: int = 3) -> str:
    """Every initiative under a group in detail: state, direction, milestones, per-year rows, roadmap."""
    data.group(group_id)  # fail loudly on an unknown group id
    items = data.initiatives_of(group_id)
    if not items:
        return block(tag("p", esc(label("no_initiatives", ctx.lang))))
    return "".join(initiative_detail(data, i, ctx, level) for i in items)
