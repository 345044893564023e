"""MkDocs hook: on English pages, Japanese words carry lang="ja" (see macros/lang_marks.py)."""

from __future__ import annotations

from macros.publish.lang_marks import mark_japanese


def on_page_content(html, page, config, files):
    if getattr(page.file, "locale", None) == "en":
        return mark_japanese(html)
    return html
