"""MkDocs hook: put the macros' HTML blocks back into the page once Markdown is done.

Runs first among the content hooks (priority 100), so every other hook sees the whole page.
macros/blocks.py explains why the blocks wait outside Markdown.
"""

from __future__ import annotations

from mkdocs.plugins import event_priority

from macros.render import blocks


@event_priority(100)
def on_page_content(html, page, config, files):
    return blocks.put_back(html, page.file.src_uri)
