"""Small HTML building blocks. Every string from data goes through esc()."""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from macros.core.formatting import Lang, as_printed
from macros.core.load import Site
from macros.core.pages import PageIndex
from macros.render import blocks


def esc(value: object) -> str:
    """Escape text for HTML *and* for the template engine and Markdown around it.

    Data never passes through Jinja (macro output is not re-rendered), but the
    Markdown step would still turn `*` or `_` or a pasted `<script>` into markup.
    """
    text = html.escape(str(value), quote=True)
    return text.replace("{", "&#123;").replace("}", "&#125;").replace("*", "&#42;").replace("_", "&#95;")


def attrs(**values: object) -> str:
    parts = []
    for key, value in values.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        parts.append(name if value is True else f'{name}="{esc(value)}"')
    return (" " + " ".join(parts)) if parts else ""


def tag(name: str, content: str = "", **values: object) -> str:
    return f"<{name}{attrs(**values)}>{content}</{name}>"


@dataclass(frozen=True)
class Ctx:
    """What a renderer may know: the data, the language, and where the page is."""

    site: Site
    lang: Lang
    page_url: str = ""  # e.g. "plans/ishinomaki/" (no language prefix, as MkDocs gives it)
    pages: PageIndex = field(default_factory=PageIndex)  # where records are shown
    today: dt.date | None = None  # for "overdue for an update"; None leaves staleness out

    def link(self, target_url: str, anchor: str | None = None) -> str:
        """Relative link from the current page to another page of the same language."""
        here = self.page_url.rstrip("/") or "."
        there = target_url.rstrip("/") or "."
        rel = posixpath.relpath(there, here)
        rel = "./" if rel == "." else rel + "/"
        return rel + (f"#{anchor}" if anchor else "")


def table(caption: str, headers: Sequence[str], rows: Iterable[Sequence[str]], *, row_headers: bool = True,
          cls: str = "", footer: str = "") -> str:
    """An accessible table: caption, column headers, optional row headers, scrolls on a phone.

    Cells are HTML already (callers escape data); headers and caption are escaped here.
    """
    head = col_headers(headers)
    body = []
    for row in rows:
        cells = []
        for index, cell in enumerate(row):
            cells.append(tag("th", cell, scope="row") if row_headers and index == 0 else td(headers[index], cell))
        body.append(tag("tr", "".join(cells)))
    return wrap_table(tag("table", table_parts(caption, head, "".join(body)), class_=cards(cls)), caption, footer)


def cards(cls: str = "") -> str:
    """Class of a table that a phone shows as one card per row (docs/assets/site.css)."""
    return (cls + " dx-cards").strip()


def td(column: str, content: str, **values: object) -> str:
    """A data cell that names its column in visible text, so a row read as a card on a phone says
    「目標値 27,000件」, not a bare number. The name is hidden where the table shows its header row."""
    if not content:
        return tag("td", "", class_=" ".join(filter(None, [str(values.pop("class_", "") or ""), "dx-empty"])),
                   **values)
    return tag("td", tag("div", esc(column), class_="dx-cell-label") + tag("div", content, class_="dx-cell-value"),
               **values)


def table_parts(caption: str, head: str, body: str) -> str:
    """caption, one header row and the body of a table; head and body are HTML already."""
    return tag("caption", esc(caption)) + tag("thead", tag("tr", head)) + tag("tbody", body)


def col_headers(names) -> str:
    return "".join(tag("th", esc(name), scope="col") for name in names)


def wrap_table(table_html: str, label: str, footer: str = "") -> str:
    """Scroll container: keyboard-focusable and named, so a phone user can scroll wide tables."""
    box = tag("div", table_html, class_="dx-table-scroll", tabindex="0", role="region", aria_label=label)
    return block(box + footer)


def block(content: str) -> str:
    """A raw-HTML block for Markdown: own lines, blank lines around, no blank line inside."""
    one_line = re.sub(r"\n\s*\n", "\n", content)
    div = f"<div class=\"dx-block\" markdown=\"0\">{one_line}</div>"
    # marked so the glue can keep it out of the Markdown pass (macros/blocks.py)
    return f"\n\n{blocks.mark(div)}\n\n"


def ul(items: Iterable[str], ordered: bool = False, cls: str | None = None) -> str:
    name = "ol" if ordered else "ul"
    return tag(name, "".join(tag("li", item) for item in items), class_=cls)


def dl(pairs: Iterable[tuple[str, str]], cls: str | None = None) -> str:
    return tag("dl", "".join(tag("dt", esc(k)) + tag("dd", v) for k, v in pairs), class_=cls)


def md_heading(level: int, text: str, anchor: str) -> str:
    """A Markdown heading (so it reaches the table of contents) with a stable id."""
    # < > & as entities (Markdown does not know \<); Markdown's own marks with a backslash
    safe = html.escape(text, quote=False)
    safe = re.sub(r"([\\`*_{}\[\]()#+!|])", r"\\\1", safe)
    return f"\n\n{'#' * level} {safe} {{#{anchor}}}\n\n"


def printed_value(printed: object, lang: str, written: str) -> str:
    """A value in a table cell: on Japanese pages exactly as the source prints it where data keeps that
    text (one unbroken run, so that １６，４０１件 never breaks inside the number), else as written."""
    shown = as_printed(printed, lang, written)  # type: ignore[arg-type]
    return tag("span", esc(shown), class_="dx-printed") if shown != written else esc(shown)
