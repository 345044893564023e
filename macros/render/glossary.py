"""A plan's glossary, and links from the text to its entries."""

from __future__ import annotations

from macros.core import formatting as f
from macros.core import models as m
from macros.core.load import PlanData
from macros.render.basis import record_marks
from macros.render.html import Ctx, block, esc, tag

GLOSSARY_PAGE = "plans/{plan}/glossary/"


def term_anchor(term: m.Term) -> str:
    return f"term-{term.id}"


def _find_term(data: PlanData, term_id: str) -> m.Term:
    for term in data.terms:
        if term.id == term_id:
            return term
    raise KeyError(f"no glossary term with id '{term_id}' in plan {data.id}")


def term(data: PlanData, term_id: str, ctx: Ctx, text: str | None = None) -> str:
    """The term as written in the page's language, linked to its glossary entry."""
    entry = _find_term(data, term_id)
    shown = text if text is not None else f.text(entry.term, ctx.lang)
    href = ctx.link(GLOSSARY_PAGE.format(plan=data.id), term_anchor(entry))
    return tag("a", esc(shown), href=href, class_="dx-term")


def sort_key(entry: m.Term, lang: f.Lang) -> str:
    """五十音順 by reading in Japanese, A–Z (case-insensitive) in English."""
    return entry.reading if lang == "ja" else f.text(entry.term, lang).casefold()


def glossary(data: PlanData, ctx: Ctx) -> str:
    """The plan's glossary, in the reading order of the page's language."""
    lang = ctx.lang
    entries = []
    for entry in sorted(data.terms, key=lambda t: sort_key(t, lang)):
        head = esc(f.text(entry.term, lang))
        if lang == "ja":
            head += tag("span", esc(f"（{entry.reading}）"), class_="dx-reading", lang="ja")
        else:
            head += tag("span", esc(f" ({entry.term.ja})"), class_="dx-original", lang="ja")
        body = tag("p", esc(f.text(entry.definition, lang))) + record_marks(entry, ctx)
        if entry.full_name:
            body = tag("p", esc(f"{entry.abbreviation or ''}：{f.text(entry.full_name, lang)}" if lang == "ja"
                                 else f"{entry.abbreviation or ''}: {f.text(entry.full_name, lang)}"),
                       class_="dx-full-name") + body
        entries.append(tag("dt", head, id=term_anchor(entry)) + tag("dd", body))
    return block(tag("dl", "".join(entries), class_="dx-glossary"))
