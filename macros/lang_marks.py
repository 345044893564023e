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


def mark_japanese(html: str) -> str:
    """Wrap each run of Japanese in text nodes with <span lang="ja">; tags and attributes are left alone."""
    out = []
    raw_until: str | None = None
    inside_ja = 0
    for part in _TAG_OR_TEXT.split(html):
        if part.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", part)
            tag_name = name.group(1).lower() if name else ""
            if raw_until and part.lower().startswith(f"</{raw_until}"):
                raw_until = None
            elif tag_name in _RAW and not part.startswith("</"):
                raw_until = tag_name
            if 'lang="ja"' in part and not part.startswith("</"):
                inside_ja += 1
            elif part.startswith("</") and inside_ja and tag_name == "span":
                inside_ja -= 1
            out.append(part)
        elif raw_until or inside_ja:
            out.append(part)
        else:
            out.append(_JAPANESE.sub(lambda m: f'<span lang="ja">{m.group(0)}</span>', part))
    return "".join(out)
