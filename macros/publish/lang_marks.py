"""Mark Japanese text inside English pages with lang="ja" (WCAG 3.1.2), so a screen reader
switches voice for 石巻市 or a quoted 令和7年_月 instead of spelling it out in English.

The page's content is read by the one HTML parser (built_html.py): a run of Japanese in a text node
is wrapped in <span lang="ja"> unless the text is already Japanese by its nearest ancestor with a
lang attribute (lang="ja", lang="ja-JP"); an hreflang, or any other attribute that merely contains
"ja", changes nothing. Text of scripts, styles, titles, text areas and of SVG or MathML is left alone.
A content with nothing to mark is returned as it came; one with marks is the parser's serialisation
of the same tree (entities such as &#95; or &quot; come out as the characters they stand for).
"""

from __future__ import annotations

import re

from macros.publish.built_html import FOREIGN_TAGS, RAW_TEXT_TAGS, TEXT, fragment, is_element

# kana, CJK ideographs and Japanese punctuation; full-width forms count when next to them.
# (This reads text that the parser took out of the page, never the page's markup.)
_JAPANESE = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff9f]"
                       r"(?:[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff9f0-9０-９_＿・ー]*"
                       r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff9f])?")
_NOT_READ = RAW_TEXT_TAGS | FOREIGN_TAGS


def is_japanese(lang: str | None) -> bool:
    """A lang attribute's value names Japanese (ja, JA, ja-JP, ja-Latn …)."""
    value = (lang or "").strip().lower()
    return value == "ja" or value.startswith("ja-")


def mark_japanese(html: str) -> str:
    """Wrap each run of Japanese in text nodes with <span lang="ja">; markup and attributes are left alone."""
    body = fragment(html)
    parser = body.parser
    to_mark = []
    # frames: (next node, inside Japanese by the nearest lang attribute)
    stack: list = [(body.child, False)]
    while stack:
        node, japanese = stack.pop()
        if node is None:
            continue
        stack.append((node.next, japanese))
        tag = node.tag
        if tag == TEXT:
            if not japanese and _JAPANESE.search(node.text_content) is not None:
                to_mark.append(node)
        elif is_element(tag) and tag not in _NOT_READ:
            lang = node.attributes.get("lang") if node.attributes else None
            stack.append((node.child, japanese if lang is None else is_japanese(lang)))
    if not to_mark:
        return html
    for node in to_mark:
        text = node.text_content
        last = 0
        for run in _JAPANESE.finditer(text):
            if run.start() > last:
                node.insert_before(text[last:run.start()])
            span = parser.create_node("span")
            span.attrs["lang"] = "ja"
            span.insert_child(run.group(0))
            node.insert_before(span)
            last = run.end()
        if last < len(text):
            node.insert_before(text[last:])
        node.decompose()
    return body.inner_html
