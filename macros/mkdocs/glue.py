"""Load once per build: the Site from data/ and the pages of docs/, read and checked.

Every build (static-i18n's English one, a `mkdocs serve` rebuild) asks again; the Site is cached
by the state of data/ and the pages by the state of data/ and docs/, and loaded again only when a
file changed. Pages are rendered by macros/checks/pages.py (macros/mkdocs/pages.py says why
not by mkdocs-macros).
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
from pathlib import Path

from macros.checks.files import tree_problems
from macros.checks.pages import PageRenderer, PageSet, read_pages
from macros.core.load import DataError, Site, load_site
from macros.core.messages import staff_text
from macros.mkdocs import serve

_CACHE: dict[Path, tuple[tuple, Site]] = {}
_LAST_GOOD: dict[Path, Site] = {}   # serve mode: what the navigation is made from while the data is broken
_PAGES: dict[Path, tuple[tuple, PageSet]] = {}
# Roots whose cached Site and pages were found current since this language's build started. Every page
# asks for them; walking data/ and docs/ for each page made the build quadratic in the number of plans
# (N pages × N files: 23 s of a 63 s profile at N = 100). Files do not change while a build runs; a
# `mkdocs serve` rebuild starts a new build and looks again.
_CURRENT: set[tuple[Path, str]] = set()


def build_started() -> None:
    """A language's build starts (or ends): look at the files again before trusting a cache."""
    _CURRENT.clear()


build_ended = build_started


def _signature(root: Path, folder: str = "data", pattern: str = "*.yml") -> tuple:
    files = sorted((root / folder).rglob(pattern))
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)


def refuse_untrusted_files(root: Path) -> None:
    """Stop the build before MkDocs lists, reads or copies a file: a link, a file docs/ may not
    publish, a refused character in a page (macros/checks/files.py). Called first in on_pre_build,
    before MkDocs walks docs/, so a link to /etc or /proc is never followed."""
    problems = tree_problems(root)
    if problems:
        raise SystemExit("\nThe site was not built: these files cannot be published.\n"
                         + "\n".join(map(str, problems)) + "\n")


def cached_site(root: Path) -> Site:
    hit = _CACHE.get(root)
    if hit and (root, "site") in _CURRENT:
        return hit[1]
    signature = _signature(root)
    if hit and hit[0] == signature:
        _CURRENT.add((root, "site"))
        serve.STATE.data_problems = []
        return hit[1]
    try:
        site = load_site(root)
    except DataError as exc:
        if serve.serving():
            # The preview keeps running: every page shows the problems until they are fixed.
            serve.STATE.data_problems = [staff_text(p) for p in exc.problems]
            print(f"\nThe data has problems; the preview shows them on every page.\n{exc}\n", file=sys.stderr)
            return _LAST_GOOD.get(root) or Site(units={}, plans={})
        # Raised from a hook, this stops the build and prints every problem.
        raise SystemExit(f"\nThe site was not built: the data has problems.\n{exc}\n") from None
    serve.STATE.data_problems = []
    _CACHE[root] = (signature, site)
    _CURRENT.add((root, "site"))
    _LAST_GOOD[root] = site
    # The loaded data lives for the whole build and holds no cycles to collect: move it out of the
    # collector's sight, or every full collection during the build walks its millions of objects again.
    gc.freeze()
    return site


def today() -> dt.date:
    """The day the build checks against; DXPLANS_TODAY=YYYY-MM-DD repeats a build as of a day."""
    fixed = os.environ.get("DXPLANS_TODAY")
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


def cached_pages(root: Path) -> PageSet:
    """Every page of docs/ja and docs/en read and checked against the Site (nothing rendered)."""
    site = cached_site(root)
    hit = _PAGES.get(root)
    if hit and (root, "pages") in _CURRENT and hit[1].renderer.site is site:
        return hit[1]
    signature = (_signature(root), _signature(root, "docs", "*.md"), today())
    if not (hit and hit[0] == signature):
        hit = (signature, read_pages(PageRenderer(site, root, today())))
        _PAGES[root] = hit
    _CURRENT.add((root, "pages"))
    return hit[1]
