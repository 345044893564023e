"""Which page shows which record: found from the macro calls of the pages, not kept by hand.

The comparison matrix and the dashboard link to the page where an initiative
or a glossary entry is shown; that page is wherever an author wrote
{{ initiatives("plan", "group") }} or {{ glossary("plan") }}. The calls are those the page
check read from each page's template (macros/checks/pages.py): this module reads no file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class PageIndex:
    group_pages: dict[tuple[str, str], str] = field(default_factory=dict)  # (plan, group) -> page url
    glossary_pages: dict[str, str] = field(default_factory=dict)  # plan -> page url
    kpi_pages: dict[str, str] = field(default_factory=dict)  # plan -> page url
    table_pages: dict[tuple[str, str], str] = field(default_factory=dict)  # (plan, table) -> page url
    figure_pages: dict[tuple[str, str], str] = field(default_factory=dict)  # (plan, figure) -> page url


def page_url(rel_md: str) -> str:
    """plans/ishinomaki/initiatives-a.md -> plans/ishinomaki/initiatives-a/ (directory URLs)."""
    stem, dot, suffix = rel_md.rpartition(".")
    stem = stem if dot and suffix.lower() in ("md", "markdown", "mdown", "mkdn", "mkd") else rel_md
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def index_calls(calls: Iterable[tuple[str, str, tuple]]) -> PageIndex:
    """The index from (page source path under its language folder, macro name, positional arguments),
    in page order; the first page that shows a record is its page."""
    found = PageIndex()
    for rel_md, name, args in calls:
        url = page_url(rel_md)
        if name == "initiatives" and len(args) >= 2:
            found.group_pages.setdefault((args[0], args[1]), url)
        elif name == "glossary" and args:
            found.glossary_pages.setdefault(args[0], url)
        elif name == "kpi_table" and args:
            found.kpi_pages.setdefault(args[0], url)
        elif name == "data_table" and len(args) >= 2:
            found.table_pages.setdefault((args[0], args[1]), url)
        elif name == "figure" and len(args) >= 2:
            found.figure_pages.setdefault((args[0], args[1]), url)
    return found
