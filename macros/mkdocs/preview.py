"""Steps: `mkdocs serve` as a preview staff can work in (issue 16).

- Live reload under the site's Content-Security-Policy: the policy refuses MkDocs' inline reload
  script, so in serve mode only, the served site gets assets/dx-livereload.js (a script of the site
  itself, allowed by 'self'), which does what MkDocs' script would (macros/mkdocs/livereload.js says
  how). Published pages are built without it and keep their policy unchanged.
- A mistake never stops the server; the browser shows it until it is fixed, then the page returns:
  * data that cannot be loaded (glue.cached_site records the problems in serve mode): every page
    shows the problems instead of its content (pages.render_page);
  * a page's problems found by the page renderer (macro syntax, unknown macros or ids, HTML, links):
    that page shows them instead of its content (pages.render_page, serve mode only);
  * a ja/en number difference found after the pages are written: shown at the top of both pages
    (steps.compare_languages);
  * a warning that --strict would stop the build for (a broken link…): shown at the top of its page.
  Every problem is still printed in the terminal, and `dxplans check` / `make build` refuse them.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs import utils
from mkdocs.structure.files import File

from macros.mkdocs import serve
from macros.mkdocs.serve import STATE, problem_box


def note_command(ctx, command: str, dirty: bool) -> None:
    STATE.serving = command == "serve"


def keep_serving_on_warnings(ctx, config):
    if not serve.serving():
        return config
    # A warning is shown on its page (below) instead of aborting the rebuild at its end: MkDocs
    # counts warnings for --strict with a handler it added before this event; it is taken off.
    config.strict = False
    logger = logging.getLogger("mkdocs")
    for handler in [h for h in logger.handlers if isinstance(h, utils.CountHandler)]:
        logger.removeHandler(handler)
    config.extra["dx_serve"] = True
    serve.WARNINGS.install()
    return config


def add_livereload_script(ctx, files, config):
    if serve.serving():
        js = (Path(__file__).parent / "livereload.js").read_text(encoding="utf-8")
        files.append(File.generated(config, serve.LIVERELOAD_JS, content=js))
    return files


def start_page_warnings(ctx, markdown: str, page, config, files) -> str:
    if serve.serving():
        serve.WARNINGS.page_started(page.file.src_uri)
    return markdown


def show_page_warnings(ctx, html: str, page, config, files) -> str:
    if not serve.serving():
        return html
    warnings = serve.WARNINGS.of(page.file.src_uri)
    if not warnings:
        return html
    return problem_box("このページに警告があります（公開のビルドでは止まります）。",
                       "This page has warnings (the published build stops on them).", warnings) + html


def end_page_warnings(ctx, output: str, page, config) -> str:
    serve.WARNINGS.page_started(None)   # a warning logged from here on belongs to no page
    return output
