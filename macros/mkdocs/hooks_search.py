"""MkDocs hook: collect each built page's sections and write the search index per language.

The index itself (tokens, shards, encoding) is pure Python in macros/publish/search_index.py.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from mkdocs.plugins import event_priority

from macros.publish.search_index import INDEX_DIR, PageText, article_html, build_index, page_sections, write_index

_PAGES: list[PageText] = []
_LOCALES: set[str] = set()


def _excluded(page) -> bool:
    search = (page.meta or {}).get("search")
    return isinstance(search, dict) and bool(search.get("exclude"))


def _crumbs(page) -> list[str]:
    locale = getattr(page.file, "locale", None)
    names = [a.title for a in reversed(page.ancestors) if a.title]
    # static-i18n's folder structure puts a section named after the language folder on top
    if names and locale and names[0].lower() == str(locale).lower():
        names = names[1:]
    return names


def _is_search_page(item) -> bool:
    """The search page (front matter ``dx_search_page: true``); nav runs before pages are read."""
    path = getattr(getattr(item, "file", None), "abs_src_path", None)
    if not path or not str(path).endswith(".md"):
        return False
    head = Path(path).read_text(encoding="utf-8")[:1000]
    return head.startswith("---") and re.search(r"^dx_search_page:\s*true\s*$", head, re.M) is not None


def _without(items: list, drop: set[int]) -> list:
    kept = []
    for item in items:
        if id(item) in drop:
            continue
        if getattr(item, "children", None):
            item.children = _without(item.children, drop)
        kept.append(item)
    return kept


@event_priority(-150)   # after static-i18n reshaped the navigation for the language being built
def on_nav(nav, config, files):
    """Keep the search page out of the sidebar and the previous/next links: the form under the
    header links to it (overrides/partials/dx-search-form.html)."""
    dropped = [page for page in nav.pages if _is_search_page(page)]
    if not dropped:
        return nav
    drop = {id(page) for page in dropped}
    nav.items = _without(nav.items, drop)
    nav.pages = [page for page in nav.pages if id(page) not in drop]
    for i, page in enumerate(nav.pages):
        page.previous_page = nav.pages[i - 1] if i else None
        page.next_page = nav.pages[i + 1] if i + 1 < len(nav.pages) else None
    for page in dropped:
        page.previous_page = page.next_page = None
    return nav


def on_pre_build(config) -> None:
    _PAGES.clear()
    _LOCALES.clear()


@event_priority(-200)   # after every other plugin changed the page
def on_post_page(output: str, page, config) -> str:
    if not _excluded(page):
        title = html.unescape(page.title or "")
        text = PageText(page.url, title, _crumbs(page))
        text.sections = page_sections(article_html(output), title)
        _PAGES.append(text)
        _LOCALES.add(str(getattr(page.file, "locale", "") or ""))
    return output


def on_post_build(config) -> None:
    """Write this build's index. static-i18n builds each language in turn, with its pages under en/."""
    if not _PAGES:
        return
    # the default language is at the root; another one (static-i18n) has every page under <locale>/
    locale = next(iter(_LOCALES)) if len(_LOCALES) == 1 else ""
    prefix = f"{locale}/" if locale and all(p.url.startswith(f"{locale}/") for p in _PAGES) else ""
    pages = [PageText(p.url[len(prefix):], p.title, p.crumbs, p.sections) for p in _PAGES]
    pages.sort(key=lambda p: p.url)
    write_index(build_index(pages), Path(config["site_dir"]) / prefix / INDEX_DIR)
    _PAGES.clear()
    _LOCALES.clear()
