"""Step: write plans/<plan>/print/ in each language, the whole plan on one page.

Each language's build writes its own print views once its pages are written (static-i18n builds
English inside the Japanese build, so the English ones are written there). Their numbers join the
pages' for the ja/en check, which runs after both languages.
"""

from __future__ import annotations

import html
from pathlib import Path

from macros.checks.consistency import page_numbers
from macros.core import formatting as f
from macros.mkdocs.glue import cached_site, today
from macros.publish.print_view import join_pages

PRINT_DIR = "print"


def write_print_views(ctx, config) -> None:
    build = ctx.current
    if not build.wanted:
        return
    lang = build.lang if build.lang in f.LANGS else "ja"
    site_dir = Path(config["site_dir"])
    prefix = "" if lang == "ja" else f"{lang}/"
    base = site_dir / prefix
    site = cached_site(ctx.root)
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
        name = f"計画の全体（印刷用）｜{title}" if lang == "ja" else f"The whole plan (for printing) | {title}"
        joined = join_pages(pages[0][0], pages, heading, title=name, plan_id=data.id)
        out.write_text(joined, encoding="utf-8")
        ctx.numbers[f"{prefix}plans/{data.id}/{PRINT_DIR}/index.html"] = page_numbers(joined, ctx.number_cache)
