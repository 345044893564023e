"""The one HTML parser that reads built pages: selectolax (lexbor, an HTML5 parser).

Everything that reads a page after MkDocs and Material made it reads it through here: the search
index's sections (search_index.py), the numbers of the ja/en check (checks/consistency.py), the
lang="ja" marks on English pages (lang_marks.py) and the print views (print_view.py). No regular
expression reads built HTML: a page is parsed as a browser parses it (unclosed tags, entities,
scripts, attributes in any order or quoting), and each reader walks the tree.

Why selectolax and not lxml: on the 103 built pages of the real site, parsing and walking the
article took 0.65 ms a page with selectolax, 1.6 ms with lxml, 3.7 ms with html.parser and 17 ms
with html5lib (ARCHITECTURE.md, "One HTML parser"); lxml's HTML parser is libxml2's, not HTML5, so
it builds a different tree from a browser's on broken markup. selectolax was in the lock already.
"""

from __future__ import annotations

from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["BuiltPage", "LexborNode", "fragment", "parse", "text_nodes", "classes", "is_element", "TEXT", "RAW_TEXT_TAGS"]

TEXT = "-text"                 # lexbor's name for a text node
RAW_TEXT_TAGS = frozenset("script style template textarea title".split())   # their text is not read as text
FOREIGN_TAGS = frozenset("svg math".split())


def parse(html: str) -> LexborHTMLParser:
    """A whole page (or anything: the parser never fails, as a browser's never does)."""
    return LexborHTMLParser(html)


def fragment(html: str) -> LexborNode:
    """A part of a page (a page's content, an article's inside) parsed into a <body>, returned.

    The leading <body> keeps elements that would otherwise go to <head> (style, meta, title) where
    they stand, as they are in the middle of a page."""
    return LexborHTMLParser("<body>" + html).body


def classes(node: LexborNode) -> frozenset[str]:
    value = node.attributes.get("class")
    return frozenset(value.split()) if value else frozenset()


def text_nodes(root: LexborNode, skip: frozenset[str] = RAW_TEXT_TAGS) -> Iterator[LexborNode]:
    """The text nodes inside root in document order, without those inside elements named in skip."""
    stack: list[LexborNode | None] = [root.child]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        stack.append(node.next)
        tag = node.tag
        if tag == TEXT:
            yield node
        elif is_element(tag) and tag not in skip:
            stack.append(node.child)


def is_element(tag: str | None) -> bool:
    """A node's tag names an element (not a text node, comment, doctype or processing instruction)."""
    return bool(tag) and tag[0] not in "-_#!"


class BuiltPage:
    """A page as MkDocs writes it, parsed once, for every step that reads it (on_post_page)."""

    def __init__(self, html: str) -> None:
        self.html = html
        self._tree: LexborHTMLParser | None = None

    @property
    def tree(self) -> LexborHTMLParser:
        if self._tree is None:
            self._tree = parse(self.html)
        return self._tree

    @property
    def article(self) -> LexborNode | None:
        """Material's main content, article.md-content__inner (None on a page without it)."""
        return self.tree.css_first("article.md-content__inner")

    def head_has_csp(self) -> bool:
        """The page's <head> carries the Content-Security-Policy meta element (overrides/partials/csp.html)."""
        head = self.tree.head
        if head is None:
            return False
        for meta in head.css("meta[http-equiv]"):
            if (meta.attributes.get("http-equiv") or "").lower() == "content-security-policy" \
                    and meta.attributes.get("content"):
                return True
        return False
