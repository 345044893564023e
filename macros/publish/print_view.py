"""The whole plan on one page, for printing: the plan's built pages joined in navigation order.

Pure string work on built HTML, so the print view shows exactly what the pages
show. Each joined page keeps its own anchors under a prefix (p2-roadmap), so ids
stay unique and in-page links still work.
"""

from __future__ import annotations

import re

_ARTICLE = re.compile(r'(<article class="md-content__inner md-typeset">)(.*?)(</article>)', re.S)
_ID = re.compile(r'\bid="([^"]+)"')
_FRAGMENT = re.compile(r'\bhref="#([^"]*)"')
_REL_HREF = re.compile(r'\b(href|src)="(?!#|/|[a-z]+:)([^"]*)"')
_LABELLEDBY = re.compile(r'\baria-labelledby="([^"]+)"')


def article(html: str) -> str:
    found = _ARTICLE.search(html)
    return found.group(2) if found else ""


def _prefix_ids(content: str, prefix: str) -> str:
    content = _ID.sub(lambda m: f'id="{prefix}{m.group(1)}"', content)
    content = _FRAGMENT.sub(lambda m: f'href="#{prefix}{m.group(1)}"', content)
    return _LABELLEDBY.sub(lambda m: 'aria-labelledby="' + " ".join(prefix + i for i in m.group(1).split()) + '"',
                           content)


def _deeper(content: str) -> str:
    """Relative links of a page one folder up (the plan's overview), seen from print/."""
    return _REL_HREF.sub(lambda m: f'{m.group(1)}="../{m.group(2)}"', content)


def join_pages(shell_html: str, pages: list[tuple[str, bool]], heading: str) -> str:
    """pages: (built HTML, is the overview one folder up). Returns the shell with one long article."""
    parts = [heading]
    for number, (html, shallower) in enumerate(pages, start=1):
        content = _prefix_ids(article(html), f"p{number}-")
        content = re.sub(r'<aside class="dx-page-info".*?</aside>', "", content, flags=re.S)
        if shallower:
            content = _deeper(content)
        parts.append(f'<section class="dx-print-part">{content}</section>')
    # the shell is the overview page, one folder up from print/: its own links go one level deeper
    shell = _deeper(shell_html)
    # Material's inline config names the site root relatively too ("base": "../.."), for search
    shell = re.sub(r'("base":\s*")([^"]*)(")', lambda m: f"{m.group(1)}../{m.group(2)}{m.group(3)}", shell, count=1)
    return _replace_article(shell, "".join(parts))


def _replace_article(shell: str, joined: str) -> str:
    found = _ARTICLE.search(shell)
    if not found:
        return shell
    return shell[:found.start(2)] + joined + shell[found.end(2):]
