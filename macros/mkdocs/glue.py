"""The only module that knows about mkdocs-macros: load once, register macros.

define_env runs once per language build (static-i18n rebuilds for /en/), so the
Site is cached by the state of data/ and loaded again only when a file changed
(which `mkdocs serve` needs).
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from macros.checks import report as consistency_r
from macros.core import formatting as f
from macros.core.load import DataError, PlanData, Site, load_site
from macros.core.pages import index_pages
from macros.publish import opendata_page
from macros.render import blocks
from macros.render import glossary as glossary_r
from macros.render import grades as grades_r
from macros.render import initiatives as initiatives_r
from macros.render import kpis as kpis_r
from macros.render import plan as plan_r
from macros.render import portal as portal_r
from macros.render import tables as tables_r
from macros.render.html import Ctx

_CACHE: dict[Path, tuple[tuple, Site]] = {}


def _signature(root: Path) -> tuple:
    files = sorted((root / "data").rglob("*.yml"))
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)


def cached_site(root: Path) -> Site:
    signature = _signature(root)
    hit = _CACHE.get(root)
    if hit and hit[0] == signature:
        return hit[1]
    try:
        site = load_site(root)
    except DataError as exc:
        # Raised from define_env, this stops the build and prints every problem.
        raise SystemExit(f"\nThe site was not built: the data has problems.\n{exc}\n") from None
    _CACHE[root] = (signature, site)
    # The loaded data lives for the whole build and holds no cycles to collect: move it out of the
    # collector's sight, or every full collection during the build walks its millions of objects again.
    gc.freeze()
    return site


def today() -> dt.date:
    """The day the build checks against; DXPLANS_TODAY=YYYY-MM-DD repeats a build as of a day."""
    fixed = os.environ.get("DXPLANS_TODAY")
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


def page_lang(env: Any) -> f.Lang:
    """The language of the page being rendered: static-i18n sets file.locale on each file."""
    page = getattr(env, "page", None)
    locale = getattr(getattr(page, "file", None), "locale", None)
    if locale in f.LANGS:
        return locale
    theme_lang = env.conf["theme"].get("language", "ja") if hasattr(env.conf["theme"], "get") else "ja"
    return theme_lang if theme_lang in f.LANGS else "ja"


def define_env(env: Any) -> None:
    root = Path(env.conf["config_file_path"]).resolve().parent
    site = cached_site(root)
    pages = index_pages(root / "docs" / "ja")

    def ctx() -> Ctx:
        page = getattr(env, "page", None)
        lang = page_lang(env)
        url = getattr(page, "url", "") or ""
        # static-i18n puts the English build under en/; links are made within one language.
        if lang != "ja" and url.startswith(f"{lang}/"):
            url = url[len(lang) + 1:]
        return Ctx(site=site, lang=lang, page_url=url, pages=pages, today=today())

    def plan_macro(render: Callable[..., str]) -> Callable[..., str]:
        """Adapt render(data: PlanData, *args, ctx) to a macro taking the plan id first."""

        def macro(plan_id: str, *args: Any, **kwargs: Any) -> str:
            data: PlanData = site.plan(plan_id)
            return render(data, *args, ctx=ctx(), **kwargs)

        macro.__name__ = render.__name__
        macro.__doc__ = render.__doc__
        return macro

    for render in (plan_r.plan_header, plan_r.event_date, plan_r.timeline, plan_r.text_list,
                   plan_r.figure, plan_r.structure, plan_r.group_title, plan_r.group_summary,
                   initiatives_r.roadmap, initiatives_r.initiatives, kpis_r.kpi_table,
                   tables_r.data_table, glossary_r.glossary, glossary_r.term, grades_r.grade_summary):
        env.macro(plan_macro(render))

    def site_macro(render: Callable[..., str]) -> Callable[..., str]:
        """Adapt render(site, ctx) to a macro without arguments."""

        def macro() -> str:
            return render(site, ctx())

        macro.__name__ = render.__name__
        macro.__doc__ = render.__doc__
        return macro

    for render in (plan_r.plan_list, portal_r.plan_overview, portal_r.period_timeline, portal_r.priority_matrix,
                   portal_r.national_versions, portal_r.all_glossary, portal_r.kpi_dashboard, portal_r.kpis_by_priority,
                   portal_r.status_counts, portal_r.grade_overview, opendata_page.open_data):
        env.macro(site_macro(render))

    @env.macro
    def consistency_report() -> str:
        return consistency_r.consistency_report(site, ctx(), root, today())

    @env.macro
    def period(plan_id: str) -> str:
        return plan_r.period(site.plan(plan_id).plan, ctx())

    @env.macro
    def plan_title(plan_id: str) -> str:
        return plan_r.esc(f.text(site.plan(plan_id).plan.title, ctx().lang))

    @env.macro
    def fy(year: int) -> str:
        return f.fiscal_year(year, ctx().lang)

    @env.macro
    def fy_range(start: int, end: int) -> str:
        return f.fiscal_year_range(start, end, ctx().lang)

    _keep_blocks_out_of_markdown(env)


def _keep_blocks_out_of_markdown(env: Any) -> None:
    """Every macro's HTML blocks wait outside Markdown; hooks_blocks puts them back (blocks.py says why)."""

    def wrap(macro: Callable[..., Any]) -> Callable[..., Any]:
        def set_aside(*args: Any, **kwargs: Any) -> Any:
            out = macro(*args, **kwargs)
            page = getattr(env, "page", None)
            if not isinstance(out, str) or page is None:
                return out
            return blocks.set_aside(out, page.file.src_uri)

        set_aside.__name__, set_aside.__doc__ = macro.__name__, macro.__doc__
        return set_aside

    for name, macro in list(env.macros.items()):
        if callable(macro):
            env.macros[name] = wrap(macro)
