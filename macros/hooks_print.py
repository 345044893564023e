"""MkDocs hook: write plans/<plan>/print/ in each language, the whole plan on one page.

Runs after static-i18n has built both languages (priority -150), before the
Japanese/English consistency check (-200), which therefore covers it too.
"""

from __future__ import annotations

import html
from pathlib import Path

from mkdocs.plugins import event_priority

from macros import formatting as f
from macros.build_depth import BuildDepth
from macros.glue import cached_site, today
from macros.print_view import join_pages

PRINT_DIR = "print"


_BUILDS = BuildDepth()


def on_pre_build(config) -> None:
    _BUILDS.started()


def on_build_error(error) -> None:
    _BUILDS.failed()


@event_priority(-150)
def on_post_build(config) -> None:
    site_dir = Path(config["site_dir"])
    if not _BUILDS.ended() or not (site_dir / "en").is_dir():
        return  # the inner (English) build: the outer one writes both languages once, when both exist
    site = cached_site(Path(config["config_file_path"]).resolve().parent)
    for lang, base in (("ja", site_dir), ("en", site_dir / "en")):
        for data in site.plans.values():
            plan_dir = base / "plans" / data.id
            overview = plan_dir / "index.html"
            if not overview.exists():
                continue
            pages = [(overview.read_text(encoding="utf-8"), True)]
            for slug in data.plan.pages:
                page = plan_dir / slug / "index.html"
                if page.exists():
                    pages.append((page.read_text(encoding="utf-8"), False))
            title = f.text(data.plan.title, lang)
            as_of = f.date(today(), lang)
            note = f"{title}（{as_of}時点）" if lang == "ja" else f"{title} (as of {as_of})"
            heading = f'<p class="dx-print-heading">{html.escape(note)}</p>'
            out = plan_dir / PRINT_DIR / "index.html"
            out.parent.mkdir(exist_ok=True)
            out.write_text(join_pages(pages[0][0], pages, heading), encoding="utf-8")
