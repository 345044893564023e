"""The print view's table of contents: every joined page and its sections, not the overview's four.

The print view is its plan's overview page with the article replaced by all the plan's pages
(print_view.join_pages); the table of contents beside it would still list the overview's headings,
with links that no longer match the prefixed ids (p1-…). These build it from the joined parts:
each page's title (h1) with its sections (h2) nested under it, in Material's own markup for the
sidebar; and the same list at the top of the article, which is what a printout (and a screen too
narrow for the sidebar, or a page whose wide tables take the sidebar's room) shows.
Read from the parsed parts (publish/built_html.py), never with patterns over markup.
"""

from __future__ import annotations

import html

from macros.publish.built_html import LexborNode

Entry = tuple[str, str, list[tuple[str, str]]]   # (anchor, page title, [(anchor, section title)])
_TITLE = {"ja": "目次", "en": "Contents"}


def part_headings(content: LexborNode) -> Entry | None:
    """The page title (its first h1 with an id) and its sections (h2 with an id) of one joined part."""
    title: tuple[str, str] | None = None
    sections: list[tuple[str, str]] = []
    for node in content.css("h1[id], h2[id]"):
        text = html.escape(node.text(deep=True).strip(), quote=False)
        if node.tag == "h1" and title is None:
            title = (node.attributes.get("id") or "", text)
        elif node.tag == "h2":
            sections.append((node.attributes.get("id") or "", text))
    return (title[0], title[1], sections) if title is not None else None


def _item(anchor: str, text: str, children: str = "") -> str:
    nested = (f'<nav class="md-nav" aria-label="{text}"><ul class="md-nav__list">{children}</ul></nav>'
              if children else "")
    return (f'<li class="md-nav__item"><a href="#{html.escape(anchor)}" class="md-nav__link">'
            f'<span class="md-ellipsis">{text}</span></a>{nested}</li>')


def sidebar_items(found: list[Entry]) -> str:
    """The items of Material's table of contents (ul.md-nav__list[data-md-component=toc])."""
    return "".join(_item(anchor, title, "".join(_item(a, t) for a, t in sections))
                   for anchor, title, sections in found)


def in_article(found: list[Entry], lang: str) -> str:
    """The contents list at the top of the printout."""
    def link(anchor: str, text: str) -> str:
        return f'<a href="#{html.escape(anchor)}">{text}</a>'
    items = "".join(f"<li>{link(a, t)}" + (f"<ol>{''.join(f'<li>{link(x, y)}</li>' for x, y in sections)}</ol>"
                                           if sections else "") + "</li>" for a, t, sections in found)
    return (f'<nav class="dx-print-toc" aria-labelledby="dx-print-toc-title">'
            f'<p id="dx-print-toc-title" class="dx-print-toc-title"><strong>{_TITLE[lang]}</strong></p>'
            f"<ol>{items}</ol></nav>")
