"""Raw HTML blocks from the macros skip the Markdown pass.

Why: most of a plan page is HTML written by the renderers (tables, roadmaps, glossaries).
Python-Markdown re-parses raw HTML character by character (md_in_html), which was the largest
single cost of a build (37 s of 94 s, profiled at 100 municipalities). The HTML is final already,
so it is set aside while Markdown runs and put back into the page's HTML afterwards.

How: ``render.html.block`` marks a block with START … END comments (the pure renderers stay
pure: their output is valid HTML and Markdown as it was). The macro glue replaces each outermost
marked block with a one-line placeholder comment and keeps the block in a per-page store; the
build step ``put_blocks_back`` (macros/mkdocs/steps.py) puts the blocks back in ``on_page_content``
before any other step reads the page. A placeholder on its own lines is an HTML comment block to Markdown, passed through as is.
"""

from __future__ import annotations

import re

START = "<!--dx-block-->"
END = "<!--/dx-block-->"
_PLACEHOLDER = "<!--dx-stash {key} {index}-->"
_PLACEHOLDER_RE = re.compile(r"<!--dx-stash (\S+) (\d+)-->")

_STORE: dict[str, list[str]] = {}   # page key -> blocks set aside while its Markdown is converted


def mark(html: str) -> str:
    return f"{START}{html}{END}"


def _outermost(text: str):
    """(start, end) of every outermost START … END region; nested blocks travel with their parent."""
    pos = 0
    while True:
        begin = text.find(START, pos)
        if begin < 0:
            return
        depth, cursor = 1, begin + len(START)
        while depth:
            next_start, next_end = text.find(START, cursor), text.find(END, cursor)
            if next_end < 0:
                raise ValueError("a marked HTML block has no end marker")
            if 0 <= next_start < next_end:
                depth, cursor = depth + 1, next_start + len(START)
            else:
                depth, cursor = depth - 1, next_end + len(END)
        yield begin, cursor
        pos = cursor


def unmark(html: str) -> str:
    """The block as the reader gets it: without the markers (also those of nested blocks)."""
    return html.replace(START, "").replace(END, "")


def set_aside(text: str, key: str) -> str:
    """Replace the marked blocks in a macro's output by placeholders kept for page ``key``."""
    if START not in text:
        return text
    store = _STORE.setdefault(key, [])
    parts, last = [], 0
    for begin, end in _outermost(text):
        parts.append(text[last:begin])
        parts.append(_PLACEHOLDER.format(key=key, index=len(store)))
        store.append(unmark(text[begin + len(START):end - len(END)]))
        last = end
    parts.append(text[last:])
    return "".join(parts)


def put_back(html: str, key: str) -> str:
    """The page's HTML with its blocks in place; the store of the page is emptied."""
    store = _STORE.pop(key, [])

    def block(match: re.Match) -> str:
        # A placeholder of another page (typed into a page by hand) is left as the comment it is
        if match.group(1) != key or int(match.group(2)) >= len(store):
            return match.group(0)
        return store[int(match.group(2))]

    return _PLACEHOLDER_RE.sub(block, html) if store else html


def forget(key: str) -> None:
    _STORE.pop(key, None)


def inline(text: str, key: str) -> str:
    """The Markdown with page ``key``'s blocks written back in place, the store kept (for tools/bench.py:
    the baseline gets the same pages, blocks and all, as plain Markdown)."""
    store = _STORE.get(key, [])
    return _PLACEHOLDER_RE.sub(lambda m: store[int(m.group(2))] if m.group(1) == key else m.group(0), text)
