"""Steps: collect each built page's sections and write the search index per language.

The index itself (tokens, shards, encoding) is pure Python in macros/publish/search_index.py.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from macros.publish.built_html import BuiltPage
from macros.publish.search_index import INDEX_DIR, PageText, build_index, page_sections, write_index


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


def hide_search_page(ctx, nav, config, files):
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


def collect_sections(ctx, built: BuiltPage, page, config) -> None:
    if _excluded(page):
        return
    title = html.unescape(page.title or "")
    text = PageText(page.url, title, _crumbs(page))
    text.sections = page_sections(built.article, title)
    ctx.current.search_pages.append(text)


def write_search_index(ctx, config) -> None:
    """Write this build's index. static-i18n builds each language in turn, with its pages under en/."""
    build = ctx.current
    if not build.search_pages:
        return
    # the default language is at the root; another one (static-i18n) has every page under <locale>/
    locale = build.lang
    prefix = f"{locale}/" if all(p.url.startswith(f"{locale}/") for p in build.search_pages) else ""
    pages = [PageText(p.url[len(prefix):], p.title, p.crumbs, p.sections) for p in build.search_pages]
    pages.sort(key=lambda p: p.url)
    write_index(build_index(pages), Path(config["site_dir"]) / prefix / INDEX_DIR)
    build.search_pages.clear()
