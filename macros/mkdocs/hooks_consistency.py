"""MkDocs hook: stop the build when a Japanese page and its English twin show different numbers.

Each page's numbers are read once, from its output as it is written (on_post_page, after every
other plugin changed it), so it sees exactly what a reader sees. static-i18n builds the English
pages in a second build run inside the first one's on_post_build, with this same hook: the numbers
of both languages are kept here, by the path of the built page, from the start of the outer build
to its end. The comparison runs after static-i18n has written both languages (its on_post_build is
at priority -100) and after the print views (hooks_print.py, -150), which are not MkDocs pages and
are read from disk; their parts are the pages' own text, found in the cache of numbers.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from macros.checks.consistency import NumberCache, page_numbers, page_pair_findings
from macros.mkdocs import serve
from macros.mkdocs.build_depth import BuildDepth

_NUMBERS: dict[str, frozenset[str]] = {}   # built page, e.g. en/plans/x/index.html → its numbers
_CACHE = NumberCache()
_BUILDS = BuildDepth()


def on_pre_build(config) -> None:
    if _BUILDS.started():   # a new outer build: forget the last one's pages
        _NUMBERS.clear()
        _CACHE.clear()


def on_build_error(error) -> None:
    _BUILDS.failed()


@event_priority(-200)
def on_post_page(output: str, page, config) -> str:
    if output and not output.isspace():   # MkDocs writes no file for an empty page
        _NUMBERS[page.file.dest_uri] = page_numbers(output, _CACHE)
    return output


@event_priority(-200)
def on_post_build(config) -> None:
    site_dir = Path(config["site_dir"])
    if not _BUILDS.ended() or not (site_dir / "en").is_dir():
        return  # the inner (English) build, or a Japanese-only one: the outer build compares once, at its end
    findings = page_pair_findings(site_dir, known=_NUMBERS, cache=_CACHE)
    if findings and serve.serving():   # the preview shows them on the pages instead of stopping
        serve.show_on_built_pages(site_dir, {f.where: [
            f"{f.where}: 日本語だけの数字 {f.printed}、英語だけの数字 {f.expected} — 両方に同じ数字を（同じマクロで）書いてください\n"
            f"    English: only in Japanese: {f.printed}; only in English: {f.expected} — write the same figures in both "
            "(or show them through the same macro)"] for f in findings})
        return
    if findings:
        lines = "\n".join(f"  {f.where}: only in Japanese: {f.printed}; only in English: {f.expected}"
                          for f in findings)
        raise PluginError("The Japanese and English pages show different numbers. Write the same figures "
                          f"in both (or show them through the same macro):\n{lines}")
