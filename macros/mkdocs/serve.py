"""`mkdocs serve` for staff: what the preview must show instead of stopping.

The hook file (hooks.py) is loaded again for every rebuild, so the state of the preview lives
here, in a module imported once: whether this process is serving, and the problems of the current
build (data that cannot be loaded, macro calls that cannot be shown, warnings), each already worded
for staff as `file:line: 日本語 — 日本語` / `English: … — …`. During `mkdocs build` nothing here is
used: every problem stops the build as before.
"""

from __future__ import annotations

import html
import logging
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

LIVERELOAD_JS = "assets/dx-livereload.js"   # written into the served site only (preview.add_livereload_script)


@dataclass
class ServeState:
    serving: bool = False
    data_problems: list[str] = field(default_factory=list)   # the data cannot be loaded: every page shows these


STATE = ServeState()


class PageWarnings(logging.Handler):
    """The warnings MkDocs logs while a page is made, kept by page (serve mode only). One handler for
    the life of the process: the hook files are loaded again for every rebuild, this module is not."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.current: str | None = None
        self.by_page: dict[str, list[str]] = {}
        self.installed = False

    def install(self) -> None:
        if not self.installed:
            logging.getLogger("mkdocs").addHandler(self)
            self.installed = True

    def page_started(self, src_uri: str | None) -> None:
        self.current = src_uri
        if src_uri is not None:
            self.by_page[src_uri] = []

    def of(self, src_uri: str) -> list[str]:
        return self.by_page.get(src_uri, [])

    def emit(self, record: logging.LogRecord) -> None:
        if self.current is not None:
            self.by_page.setdefault(self.current, []).append(warning_message(self.current, record.getMessage()))


WARNINGS = PageWarnings()


def serving() -> bool:
    """True inside `mkdocs serve` (set by preview.note_command at startup; argv for a process started otherwise)."""
    return STATE.serving or sys.argv[1:2] == ["serve"]


def problem_box(title_ja: str, title_en: str, messages: list[str]) -> str:
    """HTML shown in the preview in place of a page (or a macro): the messages as they are, escaped.

    Braces are written as character references so that the box passes through the macro step as
    text (it is never a template)."""
    items = "".join(f"<li><pre>{_esc(message)}</pre></li>" for message in messages)
    return ('<div class="dx-serve-problems" role="alert">'
            f'<p><strong>{_esc(title_ja)}</strong><br><span lang="en">{_esc(title_en)}</span></p>'
            f"<ul>{items}</ul></div>")


def _esc(text: str) -> str:
    return html.escape(text).replace("{", "&#123;").replace("}", "&#125;")


# ------------------------------------------------------------------ page problems (serve mode)

PAGE_BOX = ("このページはまだ表示できません。次を直して保存すると、ページが戻ります。",
            "This page cannot be shown yet. Fix the following and save; the page comes back.")
DATA_BOX = ("データに誤りがあるため、このページを表示できません。次を直して保存すると、ページが戻ります。",
            "The data has problems, so this page cannot be shown. Fix them and save; the page comes back.")


def data_box() -> str:
    return problem_box(*DATA_BOX, STATE.data_problems)


def page_box(problems: list) -> str:
    return problem_box(*PAGE_BOX, [str(p) for p in problems])


def warning_message(src_uri: str, text: str) -> str:
    return (f"docs/{src_uri}: 公開のビルドを止める警告です（{text}） — リンク先のファイル名・見出しを確かめてください\n"
            f"    English: a warning that stops the published build ({text}) — check the link's file name or heading")


def show_on_built_pages(site_dir: Path, problems: dict[str, list[str]]) -> None:
    """Problems found after the pages were written (the ja/en number check): put them at the top of
    the written pages, both languages, so that the preview shows them instead of stopping."""
    for where, messages in problems.items():
        rel = where.strip("/")
        pages = [p for p in (site_dir / rel / "index.html", site_dir / "en" / rel / "index.html") if p.is_file()]
        texts = {p: p.read_text(encoding="utf-8") for p in pages}
        if any('class="dx-serve-problems"' in t for t in texts.values()):
            continue   # a page that shows a problem instead of its content has other numbers than its twin
        for page, text in texts.items():
            box = problem_box("日本語と英語のページで数字が違います（公開のビルドでは止まります）。",
                              "The Japanese and English pages show different numbers (the published build stops).",
                              messages)
            at = re.search(r"<article[^>]*>", text)
            if at:
                page.write_text(text[:at.end()] + box + text[at.end():], encoding="utf-8")
