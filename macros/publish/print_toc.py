"""The print view's table of contents: every joined page and its sections, not the overview's four.

The print view is its plan's overview page with the article replaced by all the plan's pages
(print_view.join_pages); the table of contents beside it still listed the overview's headings, with
links that no longer matched the prefixed ids (p1-…). This rewrites it from the joined article:
each page's title (h1) with its sections (h2) nested under it, in Material's own markup; and the
same list at the top of the article, which is what a printout (and a screen too narrow for the
sidebar, or a page whose wide tables take the sidebar's room) shows.
"""

from __future__ import annotations

import html
import re

_PART = re.compile(r'<section class="dx-print-part">(.*?)</section>(?=<section class="dx-print-part">|</article>)',
                   re.S)
_HEADING = re.compile(r'<h([12]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TOC = re.compile(r'(<ul class="md-nav__list" data-md-component="toc"[^>]*>)(.*?)(</ul>\s*</nav>)', re.S)


def _text(fragment: str) -> str:
    return html.escape(html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip(), quote=False)


def _item(anchor: str, text: str, children: str = "") -> str:
    nested = (f'<nav class="md-nav" aria-label="{text}"><ul class="md-nav__list">{children}</ul></nav>'
              if children else "")
    return (f'<li class="md-nav__item"><a href="#{html.escape(anchor)}" class="md-nav__link">'
            f'<span class="md-ellipsis">{text}</span></a>{nested}</li>')


def headings(page: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(anchor, title, [(anchor, section title)]) for each joined page, in order."""
    out: list[tuple[str, str, list[tuple[str, str]]]] = []
    for part in _PART.finditer(page):
        title: tuple[str, str] | None = None
        sections: list[tuple[str, str]] = []
        for level, anchor, content in _HEADING.findall(part.group(1)):
            if level == "1" and title is None:
                title = (anchor, _text(content))
            elif level == "2":
                sections.append((anchor, _text(content)))
        if title is not None:
            out.append((title[0], title[1], sections))
    return out


_HEADING_NOTE = re.compile(r'(<p class="dx-print-heading">.*?</p>)', re.S)
_TITLE = {"ja": "目次", "en": "Contents"}


def _in_article(found: list[tuple[str, str, list[tuple[str, str]]]], lang: str) -> str:
    def link(anchor: str, text: str) -> str:
        return f'<a href="#{html.escape(anchor)}">{text}</a>'
    items = "".join(f"<li>{link(a, t)}" + (f"<ol>{''.join(f'<li>{link(x, y)}</li>' for x, y in sections)}</ol>"
                                           if sections else "") + "</li>" for a, t, sections in found)
    return (f'<nav class="dx-print-toc" aria-labelledby="dx-print-toc-title">'
            f'<p id="dx-print-toc-title" class="dx-print-toc-title"><strong>{_TITLE[lang]}</strong></p>'
            f"<ol>{items}</ol></nav>")


def with_full_toc(page: str) -> str:
    """The print view with a table of contents of every page and section it holds."""
    found = headings(page)
    if not found:
        return page
    items = "".join(_item(anchor, title, "".join(_item(a, t) for a, t in sections))
                    for anchor, title, sections in found)
    page = _TOC.sub(lambda m: m.group(1) + items + m.group(3), page, count=1)
    lang = "en" if re.search(r'<html lang="en"', page) else "ja"
    return _HEADING_NOTE.sub(lambda m: m.group(1) + _in_article(found, lang), page, count=1)
