"""`mkdocs serve` for staff: what the preview must show instead of stopping.

The hook file (hooks_serve.py) is loaded again for every rebuild, so the state of the preview lives
here, in a module imported once: whether this process is serving, and the problems of the current
build (data that cannot be loaded, macro calls that cannot be shown, warnings), each already worded
for staff as `file:line: 日本語 — 日本語` / `English: … — …`. During `mkdocs build` nothing here is
used: every problem stops the build as before.
"""

from __future__ import annotations

import difflib
import html
import logging
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import jinja2.meta

LIVERELOAD_JS = "assets/dx-livereload.js"   # written into the served site only (hooks_serve.on_files)


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
    """True inside `mkdocs serve` (set by hooks_serve.on_startup; argv for a process started otherwise)."""
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

_TEMPLATE_HINT = ("マクロは {{ 名前(\"引数\") }} の形で書きます（括弧と引用符を閉じる）",
                  "write a macro as {{ name(\"argument\") }}, with its brackets and quotes closed")


def front_matter_lines(page) -> int:
    """How many lines of the page's file come before the Markdown MkDocs hands to plugins."""
    try:
        source = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig")
    except (OSError, TypeError, UnicodeDecodeError):
        return 0
    markdown = page.markdown or ""
    if markdown and source.endswith(markdown):
        return source[:len(source) - len(markdown)].count("\n")
    return 0


def page_template_problems(markdown: str, page, config) -> list[str]:
    """A page's macro syntax and unknown macro names, worded for staff, before the macro step runs."""
    plugin = config.plugins.get("macros")
    env = getattr(plugin, "env", None)
    if env is None:
        return []
    where = f"docs/{page.file.src_uri}"
    offset = front_matter_lines(page)
    try:
        ast = env.parse(markdown)
    except jinja2.TemplateSyntaxError as exc:
        line = (exc.lineno or 1) + offset
        return [f"{where}:{line}: マクロの書き方が正しくありません（{exc.message}） — {_TEMPLATE_HINT[0]}\n"
                f"    English: the macro is not written correctly ({exc.message}) — {_TEMPLATE_HINT[1]}"]
    known = set(env.globals) | set(getattr(plugin, "variables", {}) or {}) | {"page"} | set(page.meta or {})
    messages = []
    lines = markdown.splitlines()
    for name in sorted(jinja2.meta.find_undeclared_variables(ast) - known):
        line = next((n for n, text in enumerate(lines, 1) if re.search(rf"\b{re.escape(name)}\b", text)), 1)
        macros = sorted(n for n in env.globals if callable(env.globals[n]) and not n.startswith("_"))
        guess = difflib.get_close_matches(name, macros, n=1)
        write_ja = f"「{guess[0]}」のことなら、そう書いてください" if guess else "使えるマクロは CONTRIBUTING.md の一覧にあります"
        write_en = f"if you meant '{guess[0]}', write that" if guess else "the macros you can use are listed in CONTRIBUTING.md"
        messages.append(f"{where}:{line + offset}: 「{name}」というマクロはありません — {write_ja}\n"
                        f"    English: there is no macro '{name}' — {write_en}")
    return messages


def macro_call_problem(name: str, args: tuple, error: Exception, page) -> str:
    """A macro that failed while the page was rendered: where its call is, and what to change."""
    line = 0
    frame = sys._getframe(1)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            line = template.get_corresponding_lineno(frame.f_lineno)
            break
        frame = frame.f_back
    where = f"docs/{page.file.src_uri}" if page is not None else "docs/"
    if line and page is not None:
        where += f":{line + front_matter_lines(page)}"
    call = f"{name}({', '.join(repr(a) for a in args)})"
    detail = str(error.args[0]) if isinstance(error, KeyError) and error.args else str(error)
    return (f"{where}: {call} を表示できません（{detail}） — 引数を data/ にある id と同じ綴りにしてください\n"
            f"    English: {call} cannot be shown ({detail}) — spell its arguments as the ids in data/")


def warning_message(src_uri: str, text: str) -> str:
    return (f"docs/{src_uri}: 公開のビルドを止める警告です（{text}） — リンク先のファイル名・見出しを確かめてください\n"
            f"    English: a warning that stops the published build ({text}) — check the link's file name or heading")


def macro_step_failure(markdown: str, src_uri: str) -> str | None:
    """The error text mkdocs-macros writes into a page instead of failing (on_error_fail off in serve mode)."""
    head = markdown.lstrip()
    if not head.startswith(("# _Macro Rendering Error_", "# _Macro Syntax Error_")):
        return None
    detail = next((line.strip("_* ") for line in head.splitlines()[1:] if line.strip().startswith(("_", "**"))
                   and "File_" not in line), "")
    return (f"docs/{src_uri}: このページのマクロを表示できません（{detail}） — マクロの名前と引数を確かめてください\n"
            f"    English: a macro of this page cannot be shown ({detail}) — check the macro's name and arguments")


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
