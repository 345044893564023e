"""Every step of a build, in the order it runs: the one list the MkDocs hooks are registered from.

mkdocs.yml names one hook file, macros/mkdocs/hooks.py, which registers each of our steps below
for its MkDocs event at its priority (MkDocs' own CombinedEvent, so one event can have several
handlers at different priorities). The steps of the plugin static-i18n are listed too, where they run, so the whole flow reads top to bottom; they are registered by
the plugin itself (tests/test_steps.py checks their priorities against the installed plugin).

All state passes through one BuildContext (macros/mkdocs/context.py), the first argument of every
step. static-i18n runs the English build inside the Japanese build's post_build (priority -100),
so the steps from config to post_build run once for Japanese and, nested, once for English; the
steps marked "outer build" act only at the end of the Japanese one, when both languages are written.
ARCHITECTURE.md shows this list as a table (tests/test_steps.py keeps the two the same).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority

from macros.checks.consistency import Finding, page_numbers, page_pair_findings
from macros.core.formatting import LANGS
from macros.mkdocs import glue, nav, opendata_files, page_info, pages, preview, print_pages, search_pages, serve, split
from macros.mkdocs.context import BuildContext
from macros.publish.built_html import BuiltPage
from macros.publish.lang_marks import mark_japanese
from macros.render import blocks

# MkDocs' events in the order a build fires them (the page events once per page, in turn)
EVENTS = ("startup", "config", "pre_build", "files", "nav", "env", "pre_page", "page_read_source", "page_markdown",
          "page_content", "page_context", "post_page", "post_build", "build_error")


@dataclass(frozen=True)
class Step:
    event: str                        # MkDocs event, without on_
    priority: int                     # higher runs first within the event (MkDocs' event_priority)
    name: str                         # the function (ours: module.function; a plugin's: plugin: method)
    what: str
    why_here: str
    function: Callable | None = None  # ours; None for a plugin's step (registered by the plugin)


# ------------------------------------------------------------------ the small steps (the others live in
# the module named in their Step)

def configure(ctx: BuildContext, config) -> None:
    new_outer = not ctx.builds
    ctx.configure(config)
    if new_outer:
        page_info.read_git_dates(ctx, config)


def start_language_build(ctx: BuildContext, config) -> None:
    lang = config["theme"]["language"] if "language" in config["theme"] else "ja"
    ctx.start(lang if lang in LANGS else "ja", Path(config["site_dir"]))
    glue.build_started()


def list_other_html(ctx: BuildContext, files, config) -> None:
    """The HTML files MkDocs copies as they are (not pages): checked for the CSP once written."""
    ctx.current.other_html = [file.dest_uri for file in files
                              if not file.is_documentation_page() and file.dest_uri.endswith((".html", ".htm"))]


def check_csp_of_other_html(ctx: BuildContext, config) -> None:
    """404.html (a theme template) and any HTML file copied as it is carry the CSP too."""
    site_dir = Path(config["site_dir"])
    for rel in ["404.html", *ctx.current.other_html]:
        path = site_dir / rel
        if path.is_file() and not BuiltPage(path.read_text(encoding="utf-8", errors="replace")).head_has_csp():
            raise PluginError(f"{rel}: this HTML file would be published without the Content-Security-Policy "
                              "in its <head>; publish pages as Markdown under docs/ (or remove the file)")


def put_blocks_back(ctx: BuildContext, html, page, config, files):
    return blocks.put_back(html, page.file.src_uri)


def mark_japanese_on_english_pages(ctx: BuildContext, html, page, config, files):
    if getattr(page.file, "locale", None) == "en":
        return mark_japanese(html)
    return html


def read_built_page(ctx: BuildContext, output: str, page, config) -> None:
    """Parse the page once; the next steps read the parsed page."""
    ctx.current.page = BuiltPage(output) if output and not output.isspace() else None


def check_csp(ctx: BuildContext, output: str, page, config) -> None:
    built = ctx.current.page
    if built is not None and not built.head_has_csp():
        raise PluginError(f"{page.file.dest_uri}: the page has no Content-Security-Policy in its <head> "
                          "(overrides/partials/csp.html must be included by every template)")


def collect_search_sections(ctx: BuildContext, output: str, page, config) -> None:
    if ctx.current.page is not None and ctx.current.wanted:
        search_pages.collect_sections(ctx, ctx.current.page, page, config)


def record_page_numbers(ctx: BuildContext, output: str, page, config) -> None:
    built = ctx.current.page
    if built is not None and ctx.current.wanted:   # MkDocs writes no file for an empty page
        ctx.numbers[page.file.dest_uri] = page_numbers(built, ctx.number_cache)
    ctx.current.page = None


def write_search_index(ctx: BuildContext, config) -> None:
    if ctx.current.wanted:
        search_pages.write_search_index(ctx, config)


def language_error(findings: list[Finding]) -> str:
    lines = "\n".join(f"  {f.where}: only in Japanese: {f.printed}; only in English: {f.expected}" for f in findings)
    return ("The Japanese and English pages show different numbers. Write the same figures "
            f"in both (or show them through the same macro):\n{lines}")


def compare_languages(ctx: BuildContext, config) -> None:
    site_dir = Path(config["site_dir"])
    if not ctx.outer or ctx.only_language or not (site_dir / "en").is_dir():
        return   # the English build, a one-language process (the join compares) or a Japanese-only site
    findings = page_pair_findings(site_dir, known=ctx.numbers, cache=ctx.number_cache)
    if findings and serve.serving():   # the preview shows them on the pages instead of stopping
        serve.show_on_built_pages(site_dir, {f.where: [
            f"{f.where}: 日本語だけの数字 {f.printed}、英語だけの数字 {f.expected} — 両方に同じ数字を（同じマクロで）書いてください\n"
            f"    English: only in Japanese: {f.printed}; only in English: {f.expected} — write the same figures in both "
            "(or show them through the same macro)"] for f in findings})
        return
    if findings:
        raise PluginError(language_error(findings))


def record_numbers_for_the_join(ctx: BuildContext, config) -> None:
    if ctx.outer and ctx.only_language:
        split.record_numbers(ctx, config)


def end_language_build(ctx: BuildContext, config) -> None:
    ctx.end()
    glue.build_ended()


def abandon_build(ctx: BuildContext, error) -> None:
    ctx.end()
    glue.build_ended()


# ------------------------------------------------------------------ the list

STEPS: tuple[Step, ...] = (
    Step("startup", 0, "preview.note_command",
         "notes whether this is `mkdocs serve` (the preview) or a build", "startup is fired once per command",
         preview.note_command),
    Step("config", 0, "steps.configure",
         "reads where the project is and whether this process builds one language only (make build); "
         "once per outer build, the date of the last commit of every file under docs/ and data/",
         "config is the first event; one `git log` for the whole tree, not one per page", configure),
    Step("config", 0, "preview.keep_serving_on_warnings",
         "`mkdocs serve` only: a strict warning is shown on its page instead of stopping the preview",
         "before any page is built; the published build stays strict", preview.keep_serving_on_warnings),
    Step("config", -100, "static-i18n: on_config",
         "sets the language being built (ja first) and its site name, theme language and language switcher",
         "after the other plugins' config"),
    Step("pre_build", 110, "steps.start_language_build",
         "opens this language's build (ja, or en inside it) in the build context", "before anything is built",
         start_language_build),
    Step("pre_build", 100, "pages.check_every_page",
         "loads and validates data/ (core/load.py, through glue.cached_site) and reads and checks every page of "
         "docs/ja and docs/en (checks/pages.py: sandboxed template, HTML allowlist, twins, typed figures); any "
         "problem stops the build with all of them, as file:line", "before any page is rendered",
         pages.check_every_page),
    Step("files", -100, "static-i18n: on_files",
         "keeps the pages of the language being built (docs/ja or docs/en) and links each to its twin",
         "static-i18n's own order"),
    Step("files", -110, "split.stand_in_for_other_language",
         "in a one-language process of make build, the other language's build keeps only its home page, "
         "as a one-line stand-in", "after static-i18n chose the language's pages", split.stand_in_for_other_language),
    Step("files", -120, "steps.list_other_html",
         "lists the HTML files MkDocs would copy as they are, not as pages", "once the files are final",
         list_other_html),
    Step("files", -200, "preview.add_livereload_script",
         "`mkdocs serve` only: adds assets/dx-livereload.js, the reload script the CSP allows",
         "after static-i18n sorted the files by language", preview.add_livereload_script),
    Step("nav", -100, "static-i18n: on_nav", "drops the language folders from the navigation",
         "static-i18n's own order"),
    Step("nav", -150, "nav.name_sections",
         "names the plans section and each plan from data, groups plans by prefecture, orders the pages "
         "as plan.yml's pages: lists them", "after static-i18n, which sorts sections by folder name",
         nav.name_sections),
    Step("nav", -160, "search_pages.hide_search_page",
         "keeps the search page out of the sidebar and the previous/next links", "after the navigation is final",
         search_pages.hide_search_page),
    Step("page_markdown", 120, "preview.start_page_warnings",
         "`mkdocs serve` only: warnings logged from here on belong to this page", "before the page is rendered",
         preview.start_page_warnings),
    Step("page_markdown", 100, "pages.render_page",
         "renders the page's macro calls in the sandbox (checks/pages.py, renderers in render/); their HTML "
         "blocks wait outside Markdown (render/blocks.py)", "before Markdown",
         pages.render_page),
    Step("page_content", 110, "pages.check_rendered_html",
         "holds the page's HTML after Markdown to the same allowlist (checks/page_html.py)",
         "before the macros' blocks are put back: only what the page's author wrote is checked",
         pages.check_rendered_html),
    Step("page_content", 100, "steps.put_blocks_back", "puts the macros' HTML blocks back into the page's HTML",
         "first after Markdown, so every later step sees the whole page", put_blocks_back),
    Step("page_content", 0, "steps.mark_japanese_on_english_pages",
         "on English pages, wraps Japanese text in <span lang=\"ja\"> (publish/lang_marks.py, parsed by "
         "publish/built_html.py)", "on the page's content, before the theme adds its own parts",
         mark_japanese_on_english_pages),
    Step("page_content", -10, "preview.show_page_warnings",
         "`mkdocs serve` only: the page's warnings in a box at its top", "once the page's content is complete",
         preview.show_page_warnings),
    Step("page_context", 0, "page_info.add_page_info",
         "the page's last-updated date, source file, edit link and print-view link, for the templates",
         "before the theme renders the page", page_info.add_page_info),
    Step("post_page", 0, "preview.end_page_warnings",
         "`mkdocs serve` only: a warning logged after this belongs to no page", "once the page is written",
         preview.end_page_warnings),
    Step("post_page", -200, "steps.read_built_page",
         "parses the finished page once (publish/built_html.py, selectolax)",
         "after every plugin changed the page: what is parsed is what is written", read_built_page),
    Step("post_page", -210, "steps.check_csp", "stops the build when the page's <head> has no "
         "Content-Security-Policy", "on the page as written", check_csp),
    Step("post_page", -220, "steps.collect_search_sections",
         "cuts the page's article into search sections (publish/search_index.py)", "on the parsed page",
         collect_search_sections),
    Step("post_page", -230, "steps.record_page_numbers",
         "records the numbers the page shows (checks/consistency.py), for the ja/en check",
         "on the parsed page; read once, not again from disk", record_page_numbers),
    Step("post_build", 0, "steps.write_search_index",
         "writes this language's search index (dx-search/, en/dx-search/)", "once all its pages are read",
         write_search_index),
    Step("post_build", -10, "opendata_files.write_open_data",
         "writes the open-data CSV and JSON files and their schemas (opendata/), once, in the Japanese build",
         "language-neutral files, written once", opendata_files.write_open_data),
    Step("post_build", -100, "static-i18n: on_post_build",
         "builds English: every step above runs again, nested, for docs/en into en/",
         "static-i18n's own order"),
    Step("post_build", -150, "print_pages.write_print_views",
         "writes plans/<plan>/print/ of this language from its built pages (publish/print_view.py) and records "
         "their numbers", "after this language's pages are written", print_pages.write_print_views),
    Step("post_build", -160, "steps.check_csp_of_other_html",
         "stops the build when 404.html or an HTML file copied as it is has no Content-Security-Policy",
         "after every file of this language is written", check_csp_of_other_html),
    Step("post_build", -200, "steps.compare_languages",
         "outer build: stops the build when a Japanese page and its English twin show different numbers",
         "after static-i18n built English and after the print views", compare_languages),
    Step("post_build", -210, "steps.record_numbers_for_the_join",
         "outer build of a one-language process: writes its pages' numbers for make build's join",
         "at the end, when every page of the process is written", record_numbers_for_the_join),
    Step("post_build", -1000, "steps.end_language_build", "closes this language's build in the build context",
         "last", end_language_build),
    Step("build_error", 0, "steps.abandon_build", "closes the failed build in the build context",
         "on any failure, so the next build (mkdocs serve) starts clean", abandon_build),
)

# After the build, outside MkDocs: make build (tools/build_atomic.py) joins its two one-language
# processes with split.join_language_builds (English pages, 404.html, sitemap.xml, ja/en numbers).
JOIN = Step("(after both processes)", 0, "split.join_language_builds",
            "make build: puts the English process's en/ and 404.html into the Japanese process's site, joins "
            "sitemap.xml, compares the numbers of each Japanese page and its English twin",
            "only when both language processes succeeded", split.join_language_builds)


def ours() -> list[Step]:
    return [step for step in STEPS if step.function is not None]


def handlers(ctx: BuildContext) -> dict[str, Callable | CombinedEvent]:
    """on_<event> → the handler(s) of our steps, each called with the build context first."""
    by_event: dict[str, list[Callable]] = {}
    for step in ours():
        by_event.setdefault(step.event, []).append(_bind(step, ctx))
    return {f"on_{event}": fns[0] if len(fns) == 1 else CombinedEvent(*fns) for event, fns in by_event.items()}


def _bind(step: Step, ctx: BuildContext) -> Callable:
    function = step.function

    def handler(*args, **kwargs):
        return function(ctx, *args, **kwargs)

    handler.__name__ = handler.__qualname__ = step.name.rsplit(".", 1)[-1]
    handler.__doc__ = step.what
    return event_priority(step.priority)(handler)


def table() -> str:
    """The steps as a Markdown table (ARCHITECTURE.md)."""
    rows = ["| # | event | priority | step | what it does | why there |", "|---|---|---|---|---|---|"]
    for number, step in enumerate((*STEPS, JOIN), start=1):
        name = f"`{step.name}`" if step.function is not None else f"*{step.name}*"
        what, why = (text.replace("<", "&lt;").replace(">", "&gt;") for text in (step.what, step.why_here))
        rows.append(f"| {number} | {step.event} | {step.priority} | {name} | {what} | {why} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":   # the table for ARCHITECTURE.md
    print(table(), end="")
