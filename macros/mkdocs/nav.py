"""Step: name the navigation sections from data, in the page language (macros/mkdocs/steps.py).

Without it MkDocs names sections after folders ("Plans", "Ishinomaki") in both
languages. A new plan folder appears in the navigation with its municipality's
name and no edit to mkdocs.yml.
"""

from __future__ import annotations

import html

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from macros.core import prefectures
from macros.core.formatting import LANGS
from macros.mkdocs.glue import cached_site

PLANS_TITLE = {"ja": "各自治体の計画", "en": "Plans by municipality"}
# Top-level order: the home page, the plans, then the pages across plans.
TOP_ORDER = ("index", "plans", "priorities", "dashboard", "glossary", "open-data", "consistency", "search")


def _pages(section: Section):
    for child in section.children:
        if isinstance(child, Page):
            yield child
        elif isinstance(child, Section):
            yield from _pages(child)


def _lang(section: Section, config) -> str:
    """static-i18n (folder structure) filters the nav after this hook: read the locale from src paths."""
    for page in _pages(section):
        first = page.file.src_uri.split("/")[0]
        if first in LANGS:
            return first
    lang = config["theme"]["language"]
    return lang if lang in LANGS else "ja"


def _section_plan_id(section: Section) -> str | None:
    for page in _pages(section):
        parts = page.file.src_uri.split("/")
        if "plans" in parts and len(parts) > parts.index("plans") + 2:
            return parts[parts.index("plans") + 1]
    return None


def _page_order(item, order: list[str]) -> tuple:
    """The overview first, then the order plan.yml `pages:` gives, then the rest by file name."""
    if not isinstance(item, Page):
        return (2, len(order), "")
    if item.is_index:
        return (0, 0, "")
    slug = item.file.src_uri.rsplit("/", 1)[-1].removesuffix(".md")
    return (1, order.index(slug) if slug in order else len(order), slug)


def _retitle(items: list, site, config) -> None:
    for item in items:
        if not isinstance(item, Section):
            continue
        if item.title.lower() == "plans":
            lang = _lang(item, config)
            item.title = PLANS_TITLE[lang]
            for plan_section in item.children:
                plan_id = _section_plan_id(plan_section) if isinstance(plan_section, Section) else None
                if plan_id in site.plans:
                    plan = site.plans[plan_id].plan
                    # Material prints navigation titles as HTML: data must arrive escaped
                    plan_section.title = html.escape(getattr(plan.municipality, lang))
                    plan_section.children.sort(key=lambda c: _page_order(c, plan.pages))
            _group_by_prefecture(item, site, lang)
        else:
            _retitle(item.children, site, config)


def _group_by_prefecture(plans: Section, site, lang: str) -> None:
    """Plans → prefecture → municipality, prefectures in code order.

    Why: Material writes the navigation into every page. Flat, the plans section lists every
    municipality on every page (1,741 links per page for all of Japan, so build time and output
    grow with the square of the number of plans). Grouped, a page lists the 47 prefectures and the
    municipalities of its own prefecture; navigation.prune leaves the other prefectures closed.
    """
    groups: dict[str, Section] = {}
    others: list = []
    for child in plans.children:
        plan_id = _section_plan_id(child) if isinstance(child, Section) else None
        if plan_id not in site.plans:
            others.append(child)
            continue
        prefecture = site.plans[plan_id].plan.prefecture
        group = groups.get(prefecture.ja)
        if group is None:
            group = groups[prefecture.ja] = Section(html.escape(getattr(prefecture, lang)), [])
            group.parent = plans
        group.children.append(child)
        child.parent = group
    ordered = sorted(groups.items(), key=lambda item: (prefectures.order(item[0]), item[0]))
    plans.children = others + [group for _, group in ordered]


def _top_key(item) -> int:
    if isinstance(item, Page):
        slug = item.file.src_uri.rsplit("/", 1)[-1].removesuffix(".md")
    else:
        slug = "plans" if item.title in PLANS_TITLE.values() or item.title.lower() == "plans" else item.title.lower()
    return TOP_ORDER.index(slug) if slug in TOP_ORDER else len(TOP_ORDER)


def name_sections(ctx, nav: Navigation, config, files) -> Navigation:
    """After static-i18n's on_nav, which drops the language sections and sorts by title."""
    site = cached_site(ctx.root)
    _retitle(nav.items, site, config)
    nav.items.sort(key=_top_key)
    return nav
