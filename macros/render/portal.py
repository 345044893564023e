"""Pages across plans: home overview, period timeline, priority matrix, one glossary, dashboard, open data."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict

from macros.core import formatting as f
from macros.core import models as m
from macros.core.compute import is_stale
from macros.core.load import PlanData, Site
from macros.render.basis import marks, record_marks
from macros.render.glossary import GLOSSARY_PAGE, term_anchor
from macros.render.grades import GRADES, SHARE_PRECISION, grade_counts, grade_share
from macros.render.html import Ctx, block, cards, col_headers, esc, table_parts, tag, td, ul, wrap_table
from macros.render.kpis import baseline_cell, observation, site_notice, status, target_text
from macros.render.labels import label
from macros.render.plan import period


def plans_in_order(site: Site) -> list[PlanData]:
    """Prefecture, then municipality reading order is not in data: keep prefecture, then id."""
    return sorted(site.plans.values(), key=lambda d: (d.plan.prefecture.ja, d.plan.id))


def _initiative_link(data: PlanData, ini: m.Initiative, ctx: Ctx) -> str:
    page = ctx.pages.group_pages.get((data.id, ini.group))
    text = esc(f.text(ini.title, ctx.lang))
    if (edition := data.reviewed_edition(ini)) is not None:
        mark = label("reviewed_edition", ctx.lang).format(f.text(edition, ctx.lang))
        text += esc(f"（{mark}）" if ctx.lang == "ja" else f" ({mark})")
    if page is None:
        return text
    return tag("a", text, href=ctx.link(page, f"initiative-{ini.id}"))


def initiative_count(data: PlanData, lang: f.Lang) -> str:
    """The plan's own initiatives, counted; the earlier edition's actions it reviews said apart (伊達市:
    0 of its own, 28 of Version 1.1), so that no page counts them as the plan's own and none hides them."""
    out = esc(f.number(len(data.current_initiatives()), lang))
    reviewed = [i for i in data.initiatives if data.reviewed_edition(i) is not None]
    if reviewed:
        edition = f.text(data.reviewed_edition(reviewed[0]), lang)
        out += tag("span", esc(label("count.reviewed", lang).format(edition, f.number(len(reviewed), lang))),
                   class_="dx-note")
    return out


# --------------------------------------------------------------------------- home


def plan_overview(site: Site, ctx: Ctx) -> str:
    """Every plan with its identity and its counts of initiatives, KPIs and terms, from data."""
    lang = ctx.lang
    keys = ("municipality", "prefecture", "plan_title", "kind", "version", "period",
            "count.initiatives", "count.kpis", "count.terms")
    head = "".join(tag("th", esc(label(k, lang)), scope="col") for k in keys)
    rows = []
    for data in plans_in_order(site):
        plan = data.plan
        link = tag("a", esc(f.text(plan.title, lang)), href=ctx.link(f"plans/{plan.id}/"))
        values = [esc(f.text(plan.prefecture, lang)), link, esc(label(f"kind.{plan.kind}", lang)),
                  esc(f.text(plan.version, lang)) if plan.version else "—", period(plan, ctx)]
        cells = [tag("th", esc(f.text(plan.municipality, lang)), scope="row")]
        cells += [td(label(k, lang), v) for k, v in zip(keys[1:6], values)]
        counts = [initiative_count(data, lang)] + [esc(f.number(n, lang)) for n in (len(data.kpis), len(data.terms))]
        cells += [td(label(k, lang), n, class_="dx-num") for k, n in zip(keys[6:], counts)]
        rows.append(tag("tr", "".join(cells)))
    caption = label("plans", lang)
    inner = table_parts(caption, head, "".join(rows))
    return wrap_table(tag("table", inner, class_=cards("dx-plan-list")), caption)


def period_timeline(site: Site, ctx: Ctx) -> str:
    """The plan periods on one fiscal-year axis: a table that reads as a chart, and as text."""
    lang = ctx.lang
    known = [y for d in site.plans.values() for y in (d.plan.period.start_fy, d.plan.period.end_fy) if y]
    years = list(range(min(known), max(known) + 1))
    head = tag("th", esc(label("municipality", lang)), scope="col") + "".join(
        tag("th", esc(f.fiscal_year(y, lang)), scope="col") for y in years)
    rows = []
    for data in plans_in_order(site):
        p = data.plan.period
        cells = tag("th", esc(f.text(data.plan.municipality, lang)), scope="row")
        if p.start_fy is None and p.end_fy is None:
            cells += td(label("period", lang), esc(label("period.unknown", lang)), colspan=len(years), class_="dx-open")
        else:
            start = p.start_fy or years[0]
            end = p.end_fy or years[-1]
            cells += "".join(td("", "") for _ in range(start - years[0]))
            text = period(data.plan, ctx)
            if p.start_fy is None:
                text = esc(label("period.start_unknown", lang)) + " " + text
            cells += td(label("period", lang), text, colspan=end - start + 1, class_="dx-step")
            cells += "".join(td("", "") for _ in range(years[-1] - end))
        rows.append(tag("tr", cells))
    caption = label("period_timeline", lang)
    inner = table_parts(caption, head, "".join(rows))
    return wrap_table(tag("table", inner, class_=cards("dx-roadmap dx-periods")), caption)


# --------------------------------------------------------------------------- national priorities


def priority_matrix(site: Site, ctx: Ctx) -> str:
    """Priorities × municipalities; each cell lists and links the initiatives mapped in data."""
    lang = ctx.lang
    plans = plans_in_order(site)
    priorities = site.priorities()
    head = tag("th", esc(label("priority", lang)), scope="col") + "".join(
        tag("th", esc(f.text(d.plan.municipality, lang)), scope="col") for d in plans)
    rows = []
    for priority_id, priority in priorities.items():
        cells = tag("th", esc(f.text(priority.title, lang)), scope="row", id=f"priority-{priority_id}")
        for data in plans:
            # each initiative with the marks of what the source does not state as shown: the link to
            # the priority (an inferred attribution) and the initiative's own title
            linked = [_initiative_link(data, data.initiative(link.initiative), ctx)
                      + marks(link, ("initiative", "priority", "reason"), ctx)
                      + marks(data.initiative(link.initiative), ("title", "code"), ctx)
                      for link in data.priority_links if link.priority == priority_id]
            cells += td(f.text(data.plan.municipality, lang), ul(linked) if linked else
                        esc(label("none", lang)), class_=None if linked else "dx-none")
        rows.append(tag("tr", cells))
    caption = label("priority_matrix", lang)
    inner = table_parts(caption, head, "".join(rows))
    return wrap_table(tag("table", inner, class_=cards("dx-matrix dx-wide")), caption)


def national_versions(site: Site, ctx: Ctx) -> str:
    """The editions of the national plan and their priorities, as cited by the plans."""
    lang = ctx.lang
    parts = []
    for version in sorted(site.national, key=lambda v: (v.published.year, v.published.month or 0)):
        when = f.year_month(version.published.year, version.published.month, lang)
        title = f"{f.text(version.title, lang)}（{f.text(version.edition, lang)}、{when}）" if lang == "ja" else \
            f"{f.text(version.title, lang)} ({f.text(version.edition, lang)}, {when})"
        items = [tag("a", esc(f.text(p.title, lang)), href=f"#priority-{p.id}") for p in version.priorities]
        parts.append(tag("p", tag("strong", esc(title))) + ul(items) +
                     tag("p", esc(f.text(version.source, lang)), class_="dx-source"))
    return block(tag("div", "".join(parts), class_="dx-national"))


# --------------------------------------------------------------------------- one glossary

_ROWS = "あかさたなはまやらわ"
_ROW_OF: dict[str, str] = {}
for _row, _chars in zip(_ROWS, ("あいうえおぁぃぅぇぉゔ", "かきくけこがぎぐげごゕゖ", "さしすせそざじずぜぞ",
                               "たちつてとだぢづでどっ", "なにぬねの", "はひふへほばびぶべぼぱぴぷぺぽ",
                               "まみむめも", "やゆよゃゅょ", "らりるれろ", "わゐゑをんゎ")):
    for _ch in _chars:
        _ROW_OF[_ch] = _row
_VOWEL = {}
for _vowel, _chars in zip("あいうえお", ("あかさたなはまやらわがざだばぱぁゃゎ", "いきしちにひみりぎじぢびぴぃゐ",
                                        "うくすつぬふむゆるぐずづぶぷぅゅゔっ", "えけせてねへめれげぜでべぺぇゑ",
                                        "おこそとのほもよろをごぞどぼぽぉょ")):
    for _ch in _chars:
        _VOWEL[_ch] = _vowel


def reading_key(reading: str) -> str:
    """五十音順 key: voiced and small kana sort with their plain kana, ー as the vowel before it."""
    out = []
    for ch in reading:
        if ch == "ー" and out:
            ch = _VOWEL.get(out[-1], out[-1])
        base = unicodedata.normalize("NFD", ch)[0]
        out.append({"ぁ": "あ", "ぃ": "い", "ぅ": "う", "ぇ": "え", "ぉ": "お", "っ": "つ", "ゃ": "や", "ゅ": "ゆ",
                    "ょ": "よ", "ゎ": "わ"}.get(base, base))
    return "".join(out) + "\0" + reading


def kana_row(reading: str) -> str:
    first = reading[:1]
    return _ROW_OF.get(first, "英" if first.isascii() else "他")


_SPELT_OUT = re.compile(r"^(.+?)\s*[（(]([^（）()]+)[）)]$")


def headword(text: str) -> tuple[str, str]:
    """(headword, what it stands for): 「ＳＤＧｓ（持続可能な開発目標）」 -> ("SDGs", "持続可能な開発目標")."""
    text = unicodedata.normalize("NFKC", text).strip()
    match = _SPELT_OUT.match(text)
    return (match[1], match[2]) if match else (text, "")


def _merged_terms(site: Site) -> list[tuple[str, list[tuple[PlanData, m.Term]]]]:
    """One headword for one term across plans: the same Japanese term after NFKC and without a
    spelt-out part in brackets (SDGs, ＳＤＧｓ and ＳＤＧｓ（持続可能な開発目標） are one entry),
    with each plan's definition under it."""
    merged: dict[str, list[tuple[PlanData, m.Term]]] = defaultdict(list)
    for data in plans_in_order(site):
        for term in data.terms:
            merged[headword(term.term.ja)[0].casefold()].append((data, term))
    return list(merged.items())


def all_glossary(site: Site, ctx: Ctx) -> str:
    """Every plan's terms in one glossary: one headword per term, each plan's definition under it."""
    lang = ctx.lang
    entries = _merged_terms(site)
    if lang == "ja":
        entries.sort(key=lambda e: reading_key(e[1][0][1].reading))
        group_of = lambda e: kana_row(e[1][0][1].reading)  # noqa: E731
    else:
        # "(Generative) AI" sorts and is indexed under G, as it reads: brackets and quotes are skipped
        def english(e) -> str:
            return unicodedata.normalize("NFKC", e[1][0][1].term.en).lstrip("(\"'“‘[").casefold()
        entries.sort(key=english)
        group_of = lambda e: english(e)[:1].upper() if english(e)[:1].isalpha() else "#"  # noqa: E731
    groups: dict[str, list] = {}
    for entry in entries:
        groups.setdefault(group_of(entry), []).append(entry)
    anchors: dict[str, int] = {}  # two different terms may share an id in two plans: keep ids unique
    index = tag("nav", ul(tag("a", esc(g), href=f"#index-{_anchor(g)}") for g in groups),
                class_="dx-kana-index", aria_label=label("glossary_index", lang))
    sections = []
    for group, items in groups.items():
        body = "".join(_glossary_entry(key, uses, ctx, anchors) for key, uses in items)
        sections.append(tag("h2", esc(group), id=f"index-{_anchor(group)}") + tag("dl", body, class_="dx-glossary"))
    return block(index + "".join(sections))


def _anchor(group: str) -> str:
    return "".join(f"{ord(c):x}" for c in group) if not group.isascii() else group.lower()


def _glossary_entry(key: str, uses: list[tuple[PlanData, m.Term]], ctx: Ctx, anchors: dict[str, int]) -> str:
    lang = ctx.lang
    first = uses[0][1]
    # plans may render the same Japanese term differently in English: every rendering stays findable
    names = list(dict.fromkeys(f.text(t.term, lang) for _, t in uses))   # each plan's term as written
    head = esc(" / ".join(names))
    extra = []
    if lang == "ja":
        extra.append(first.reading)
    else:
        head += " " + tag("span", esc(first.term.ja), lang="ja", class_="dx-original")
    abbreviations = {t.abbreviation for _, t in uses if t.abbreviation}
    full_names = {f.text(t.full_name, lang) for _, t in uses if t.full_name} | \
        {headword(f.text(t.term, lang))[1] for _, t in uses if headword(f.text(t.term, lang))[1]}
    shown = {unicodedata.normalize("NFKC", n).casefold() for n in names}
    abbreviations = {a for a in abbreviations if unicodedata.normalize("NFKC", a).casefold() not in shown}
    full_names = {n for n in full_names if not any(n != other and n in other for other in full_names)}
    extra += sorted(abbreviations) + sorted(full_names)
    if extra:
        head += tag("span", esc("（" + "、".join(extra) + "）" if lang == "ja" else " (" + "; ".join(extra) + ")"),
                    class_="dx-reading")
    body = ""
    for data, term in uses:
        page = ctx.pages.glossary_pages.get(data.id, GLOSSARY_PAGE.format(plan=data.id))
        link = tag("a", esc(f.text(data.plan.municipality, lang)), href=ctx.link(page, term_anchor(term)))
        body += tag("div", link + esc("：" if lang == "ja" else ": ") + esc(f.text(term.definition, lang))
                    + record_marks(term, ctx), class_="dx-definition")
    anchor = "glossary-" + uses[0][1].id
    anchors[anchor] = anchors.get(anchor, 0) + 1
    if anchors[anchor] > 1:
        anchor += f"-{anchors[anchor]}"
    return tag("dt", head, id=anchor) + tag("dd", body)


# --------------------------------------------------------------------------- dashboard


def kpi_dashboard(site: Site, ctx: Ctx) -> str:
    """Every KPI of every plan, grouped by plan, with the national priorities it serves."""
    lang = ctx.lang
    priorities = site.priorities()
    keys = ("kpi", "priority", "baseline", "latest", "target", "progress", "status")
    head = "".join(tag("th", esc(label(k, lang)), scope="col") for k in keys)
    out = []
    for data in plans_in_order(site):
        if not data.kpis:
            continue
        rows = []
        for kpi in data.kpis:
            unit = site.unit(kpi.unit)
            shown, words = status(kpi, lang, ctx.today)
            served = [priorities[link.priority] for link in data.priority_links
                      if link.initiative == kpi.initiative and link.priority in priorities]
            name = esc(f.text(kpi.name, lang))
            page = ctx.pages.kpi_pages.get(data.id)
            if page:
                name = tag("a", name, href=ctx.link(page, f"kpi-{kpi.id}"))
            name += marks(kpi, ("name", "direction", "unit", "initiative"), ctx)
            values = (esc("、".join(f.text(p.title, lang) for p in served) if lang == "ja"
                          else "; ".join(f.text(p.title, lang) for p in served)) or "—",
                      baseline_cell(kpi, unit, ctx, record_marks(kpi, ctx, prefix="baseline")),
                      observation(max(kpi.actuals, key=lambda o: o.fiscal_year) if kpi.actuals else None, unit, ctx,
                                  record_marks(kpi, ctx, prefix="actuals") if kpi.actuals else ""),
                      target_text(kpi, unit, ctx), esc(shown), esc(words) + site_notice(kpi, ctx))
            cells = tag("th", name, scope="row") + "".join(td(label(k, lang), v) for k, v in zip(keys[1:], values))
            rows.append(tag("tr", cells))
        caption = f"{f.text(data.plan.municipality, lang)}：{f.text(data.plan.title, lang)}" if lang == "ja" else \
            f"{f.text(data.plan.municipality, lang)}: {f.text(data.plan.title, lang)}"
        inner = table_parts(caption, head, "".join(rows))
        out.append(wrap_table(tag("table", inner, class_=cards("dx-kpis dx-wide"), id=f"dashboard-{data.id}"), caption))
    return "".join(out)


def kpis_by_priority(site: Site, ctx: Ctx) -> str:
    """The same KPIs grouped by the national priority their initiative serves (from the mapping)."""
    lang = ctx.lang
    head = col_headers(label(k, lang) for k in ("municipality", "kpi", "progress", "status"))
    out = []
    for priority_id, priority in site.priorities().items():
        rows = []
        for data in plans_in_order(site):
            served = {link.initiative for link in data.priority_links if link.priority == priority_id}
            for kpi in (k for k in data.kpis if k.initiative in served):
                shown, words = status(kpi, lang, ctx.today)
                name = esc(f.text(kpi.name, lang))
                page = ctx.pages.kpi_pages.get(data.id)
                if page:
                    name = tag("a", name, href=ctx.link(page, f"kpi-{kpi.id}"))
                name += marks(kpi, ("name", "initiative"), ctx)
                rows.append(tag("tr", tag("th", esc(f.text(data.plan.municipality, lang)), scope="row")
                                + td(label("kpi", lang), name) + td(label("progress", lang), esc(shown))
                                + td(label("status", lang), esc(words) + site_notice(kpi, ctx))))
        if rows:
            caption = f.text(priority.title, lang)
            out.append(wrap_table(tag("table", table_parts(caption, head, "".join(rows)), class_=cards("dx-kpis"),
                                      id=f"dashboard-priority-{priority_id}"), caption))
    return "".join(out) or block(tag("p", esc(label("none", lang))))


def at_a_glance(site: Site, ctx: Ctx) -> str:
    """What each plan publishes, counted from the data: initiatives, schedules, KPIs, baselines, results."""
    lang = ctx.lang
    keys = ("municipality", "count.initiatives", "glance.scheduled", "count.kpis", "glance.baselines",
            "glance.results", "glance.targets")
    rows = []
    for data in plans_in_order(site):
        own = data.current_initiatives()
        counts = [initiative_count(data, lang)] + [esc(f.number(n, lang)) for n in (
            sum(1 for i in own if i.roadmap), len(data.kpis), sum(1 for k in data.kpis if k.baseline),
            sum(1 for k in data.kpis if k.actuals), sum(1 for k in data.kpis if k.target))]
        link = tag("a", esc(f.text(data.plan.municipality, lang)), href=ctx.link(f"plans/{data.id}/"))
        rows.append(tag("tr", tag("th", link, scope="row") + "".join(
            td(label(k, lang), n, class_="dx-num") for k, n in zip(keys[1:], counts))))
    caption = label("glance", lang)
    inner = table_parts(caption, col_headers(label(k, lang) for k in keys), "".join(rows))
    return wrap_table(tag("table", inner, class_=cards("dx-glance")), caption)


def status_counts(site: Site, ctx: Ctx) -> str:
    """What exists at a glance, then how many KPIs stand where: counted from the data, in words."""
    return at_a_glance(site, ctx) + _status_counts(site, ctx)


def _status_counts(site: Site, ctx: Ctx) -> str:
    lang = ctx.lang
    counts: Counter = Counter(status(k, lang)[1] for d in site.plans.values() for k in d.kpis)
    overdue = sum(1 for d in site.plans.values() for k in d.kpis if ctx.today and is_stale(k, ctx.today))
    rows = [(esc(words), esc(f.number(n, lang))) for words, n in counts.most_common()]
    rows.append((esc(label("overdue", lang)), esc(f.number(overdue, lang))))
    caption = label("status_counts", lang)
    head = "".join(tag("th", esc(label(k, lang)), scope="col") for k in ("status", "count"))
    body = "".join(tag("tr", tag("th", a, scope="row") + tag("td", b)) for a, b in rows)
    inner = table_parts(caption, head, body)
    return wrap_table(tag("table", inner, class_="dx-status-counts"), caption)


def grade_overview(site: Site, ctx: Ctx) -> str:
    """The grade distribution of every plan that grades its actions."""
    lang = ctx.lang
    head = tag("th", esc(label("municipality", lang)), scope="col") + "".join(
        tag("th", esc(g), scope="col") for g in GRADES) + tag("th", esc(label("total", lang)), scope="col")
    rows = []
    for data in plans_in_order(site):
        counts = grade_counts(data)
        total = sum(counts.values())
        if not total:
            continue
        cells = tag("th", esc(f.text(data.plan.municipality, lang)), scope="row")
        for grade in GRADES:
            share = f.number(grade_share(counts[grade], total), lang, SHARE_PRECISION)
            cells += td(grade, esc(f"{f.number(counts[grade], lang)}（{share}%）" if lang == "ja"
                                   else f"{f.number(counts[grade], lang)} ({share}%)"))
        cells += td(label("total", lang), esc(f.number(total, lang)))
        rows.append(tag("tr", cells))
    caption = label("grade_overview", lang)
    inner = table_parts(caption, head, "".join(rows))
    return wrap_table(tag("table", inner, class_=cards("dx-grades")), caption)
