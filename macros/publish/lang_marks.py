"""Mark Japanese text inside English pages with lang="ja" (WCAG 3.1.2), so a screen reader
switches voice for 石巻市 or a quoted 令和7年_月 instead of spelling it out in English."""

from __future__ import annotations

import re

_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
# kana, CJK ideographs and Japanese punctuation; full-width forms count when next to them
_JAPANESE = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff9f]"
                       r"(?:[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff9f0-9０-９_＿・ー]*"
                       r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff9f])?")
_RAW = ("script", "style", "title", "textarea")


# a tag, or a run of Japanese in the text between tags (both found in one pass)
_TAG_OR_JAPANESE = re.compile(r"(<[^>]*>)|" + _JAPANESE.pattern)
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z0-9]+)")
_TAGS: dict[str, tuple[bool, str, bool]] = {}   # tag → (is an end tag, its name, opens lang="ja")


def _tag(part: str) -> tuple[bool, str, bool]:
    name = _TAG_NAME.match(part)
    closing = part.startswith("</")
    return closing, name.group(1).lower() if name else "", 'lang="ja"' in part and not closing


def mark_japanese(html: str) -> str:
    """Wrap each run of Japanese in text nodes with <span lang="ja">; tags and attributes are left alone."""
    out = []
    last = 0
    raw_until: str | None = None
    inside_ja = 0
    tags = _TAGS
    if len(tags) > 50_000:
        tags.clear()
    # a "<" never closed is text, but the rest of the page from it counts as one more tag when it
    # comes right after a tag: nothing in it is marked
    unclosed = html.find("<", html.rfind(">") + 1)
    tag_end = 0
    for match in _TAG_OR_JAPANESE.finditer(html):
        part = match.group(1)
        if part is not None:
            tag_end = match.end()
            info = tags.get(part)
            if info is None:
                info = tags[part] = _tag(part)
            closing, tag_name, opens_ja = info
            if raw_until and part.lower().startswith(f"</{raw_until}"):
                raw_until = None
            elif tag_name in _RAW and not closing:
                raw_until = tag_name
            if opens_ja:
                inside_ja += 1
            elif closing and inside_ja and tag_name == "span":
                inside_ja -= 1
        elif unclosed == tag_end and match.start() > unclosed:
            break
        elif not raw_until and not inside_ja:
            out.append(html[last:match.start()])
            out.append(f'<span lang="ja">{match.group(0)}</span>')
            last = match.end()
    if not out:
        return html
    out.append(html[last:])
    return "".join(out)
