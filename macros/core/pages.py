"""Which page shows which record: read from the macro calls in docs/, not kept by hand.

The comparison matrix and the dashboard link to the page where an initiative
or a glossary entry is shown; that page is wherever an author wrote
{{ initiatives("plan", "group") }} or {{ glossary("plan") }}.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_INITIATIVES = re.compile(r"""\{\{\s*initiatives\(\s*["']([\w-]+)["']\s*,\s*["']([\w-]+)["']""")
_GLOSSARY = re.compile(r"""\{\{\s*glossary\(\s*["']([\w-]+)["']""")
_KPIS = re.compile(r"""\{\{\s*kpi_table\(\s*["']([\w-]+)["']""")


@dataclass
class PageIndex:
    group_pages: dict[tuple[str, str], str] = field(default_factory=dict)  # (plan, group) -> page url
    glossary_pages: dict[str, str] = field(default_factory=dict)  # plan -> page url
    kpi_pages: dict[str, str] = field(default_factory=dict)  # plan -> page url


def page_url(rel_md: str) -> str:
    """plans/ishinomaki/initiatives-a.md -> plans/ishinomaki/initiatives-a/ (directory URLs)."""
    stem = rel_md.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def index_pages(docs_lang_dir: Path) -> PageIndex:
    """Scan one language's pages (the other language has the same paths)."""
    found = PageIndex()
    for path in sorted(docs_lang_dir.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        url = page_url(path.relative_to(docs_lang_dir).as_posix())
        for plan, group in _INITIATIVES.findall(text):
            found.group_pages.setdefault((plan, group), url)
        for plan in _GLOSSARY.findall(text):
            found.glossary_pages.setdefault(plan, url)
        for plan in _KPIS.findall(text):
            found.kpi_pages.setdefault(plan, url)
    return found
