"""The one object a build's steps share (macros/mkdocs/steps.py lists the steps).

static-i18n builds English inside the Japanese build (its on_post_build calls MkDocs' build()
again), so the steps of one `mkdocs build` see two language builds, the second nested in the first.
What belongs to one language build (its language, the pages for its search index) lives in a
LanguageBuild on a stack; what spans both (the numbers of every page, for the ja/en check) lives
in the BuildContext itself, from the start of the outer build to its end.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from macros.checks.consistency import NumberCache
from macros.publish.built_html import BuiltPage
from macros.publish.search_index import PageText

# `make build` (tools/build_atomic.py) builds each language in its own process and sets this to the
# language that process is for; unset, one process builds every language (plain `mkdocs build`, serve).
ONLY_LANGUAGE_ENV = "DXPLANS_BUILD_LANGUAGE"
# where a one-language process writes the numbers of its pages, for the cross-language step
NUMBERS_FILE_ENV = "DXPLANS_NUMBERS_FILE"


@dataclass
class LanguageBuild:
    """One language's build (MkDocs' build() once)."""

    lang: str
    site_dir: Path
    wanted: bool = True                    # False: a stand-in build of one page (see split.py)
    search_pages: list[PageText] = field(default_factory=list)
    page: BuiltPage | None = None          # the page being written, parsed once (on_post_page)
    other_html: list[str] = field(default_factory=list)   # HTML files copied as they are (not pages)


@dataclass
class BuildContext:
    root: Path | None = None               # the project (folder of mkdocs.yml)
    only_language: str | None = None       # set by make build for each of its processes
    numbers_file: Path | None = None
    builds: list[LanguageBuild] = field(default_factory=list)   # outer first; two while English builds
    git_dates: dict[str, dt.date] = field(default_factory=dict)   # docs/… or data/… → last commit
    numbers: dict[str, frozenset[str]] = field(default_factory=dict)   # built page path → its numbers
    number_cache: NumberCache = field(default_factory=NumberCache)

    def configure(self, config) -> None:
        self.root = Path(config["config_file_path"]).resolve().parent
        self.only_language = os.environ.get(ONLY_LANGUAGE_ENV) or None
        numbers_file = os.environ.get(NUMBERS_FILE_ENV)
        self.numbers_file = Path(numbers_file) if numbers_file else None

    @property
    def current(self) -> LanguageBuild:
        return self.builds[-1]

    @property
    def outer(self) -> bool:
        """The build running is the outer one (the Japanese build, or the only one)."""
        return len(self.builds) == 1

    def start(self, lang: str, site_dir: Path) -> LanguageBuild:
        if not self.builds:   # a new outer build: forget the last one's pages
            self.numbers.clear()
            self.number_cache.clear()
        build = LanguageBuild(lang, site_dir, wanted=self.only_language in (None, lang))
        self.builds.append(build)
        return build

    def end(self) -> None:
        if self.builds:
            self.builds.pop()
