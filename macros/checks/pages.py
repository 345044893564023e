"""The one page renderer: what the build (macros/mkdocs/pages.py) and `dxplans check` render.

A page's way through it:

1. read_page(): the front matter is split off exactly as MkDocs does (so line numbers are the
   file's); its keys must be ones the site uses (title, description, hide, search, dx_search_page).
2. page_template.read_template(): the Markdown is read as a template in the sandbox and refused,
   with file:line, unless every {{ … }} is a call of a known macro with literal arguments whose ids
   exist in data/ (an unknown plan, term, figure, group, table, list or event is named, with the
   closest id). Nothing has run yet.
3. page_html.check_source(): the HTML and Markdown links the author wrote, against the allowlist.
4. render(): the checked template is compiled from its checked tree and rendered in the sandbox,
   with the macros bound to the page (language, address) as its only names. The HTML blocks the
   macros write are set aside for the Markdown pass (render/blocks.py); the caller puts them back.

PageSet reads every page of docs/ja and docs/en once and holds their problems (also a page
without its twin in the other language, a plan without its overview pages, a figure typed into a
page), and the index of which page shows which record (core/pages.py), which the renderers need
before any page is rendered. The build stops on any of these problems before it renders a page;
`dxplans check` reports them all, then renders every page in memory (checks/site_check.py).
"""

from __future__ import annotations

import datetime as dt
import difflib
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from macros.checks import page_html
from macros.checks import report as consistency_r
from macros.checks.lint import find_typed_numbers
from macros.checks.page_problem import PageProblem, shown
from macros.checks.page_template import PageTemplate, compile_template, read_template
from macros.core import formatting as f
from macros.core.load import PlanData, Site
from macros.core.pages import PageIndex, index_calls, page_url
from macros.core.untrusted import plain_files
from macros.publish import opendata_page
from macros.render import blocks
from macros.render import glossary as glossary_r
from macros.render import grades as grades_r
from macros.render import initiatives as initiatives_r
from macros.render import kpis as kpis_r
from macros.render import plan as plan_r
from macros.render import portal as portal_r
from macros.render import search as search_r
from macros.render import tables as tables_r
from macros.render.html import Ctx

LANGS = {"ja": ("日本語", "Japanese"), "en": ("英語", "English")}
FRONT_MATTER_KEYS = ("title", "description", "hide", "search", "dx_search_page")

# ------------------------------------------------------------------------------------------ macros

PLAN_RENDERERS = (plan_r.plan_header, plan_r.event_date, plan_r.timeline, plan_r.text_list, plan_r.figure,
                  plan_r.structure, plan_r.group_title, plan_r.heading, plan_r.group_summary, initiatives_r.roadmap,
                  initiatives_r.initiatives, kpis_r.kpi_table, tables_r.data_table, glossary_r.glossary,
                  glossary_r.term, grades_r.grade_summary)
SITE_RENDERERS = (plan_r.plan_list, portal_r.plan_overview, portal_r.period_timeline, portal_r.priority_matrix,
                  portal_r.national_versions, portal_r.all_glossary, portal_r.kpi_dashboard,
                  portal_r.kpis_by_priority, portal_r.status_counts, portal_r.grade_overview, opendata_page.open_data)

# id parameter -> (what it names in Japanese, in English, the plan file that lists them, the ids of a plan)
ID_KINDS: dict[str, tuple[str, str, str, Callable[[PlanData], list[str]]]] = {
    "event_id": ("年表の出来事", "timeline event", "plan.yml", lambda d: [e.id for e in d.plan.timeline]),
    "list_id": ("一覧", "list", "plan.yml", lambda d: [x.id for x in d.plan.lists]),
    "item_id": ("見出し（一覧の項目）", "heading (list item)", "plan.yml",
                lambda d: [i.id for x in d.plan.lists for i in x.items if i.id]),
    "figure_id": ("数値", "figure", "figures.yml", lambda d: [x.id for x in d.figures]),
    "group_id": ("取組のまとまり", "group", "initiatives.yml", lambda d: [x.id for x in d.groups]),
    "table_id": ("表", "table", "tables.yml", lambda d: [x.id for x in d.tables]),
    "term_id": ("用語", "term", "glossary.yml", lambda d: [x.id for x in d.terms]),
}


@dataclass(frozen=True)
class Macro:
    signature: inspect.Signature   # as a page calls it: plan_id first for a plan's macros, no ctx
    run: Callable[..., str]        # run(ctx, *args, **kwargs)


def _public(render: Callable[..., Any], plan: bool) -> inspect.Signature:
    params = [p for p in inspect.signature(render).parameters.values() if p.name != "ctx"]
    if plan:
        params = [params[0].replace(name="plan_id", annotation="str"), *params[1:]]
    else:
        params = [p for p in params if p.name != "site"]
    return inspect.Signature(params)


def macro_table(site: Site, root: Path, today: dt.date) -> dict[str, Macro]:
    """Every macro a page may call, by name."""
    table: dict[str, Macro] = {}
    for render in PLAN_RENDERERS:
        def run(ctx: Ctx, plan_id: str, *args: Any, _render=render, **kwargs: Any) -> str:
            return _render(site.plan(plan_id), *args, ctx=ctx, **kwargs)
        table[render.__name__] = Macro(_public(render, plan=True), run)
    for render in SITE_RENDERERS:
        table[render.__name__] = Macro(_public(render, plan=False), lambda ctx, _render=render: _render(site, ctx))

    def consistency_report(ctx: Ctx) -> str:
        return consistency_r.consistency_report(site, ctx, root, today)

    def period(ctx: Ctx, plan_id: str) -> str:
        return plan_r.period(site.plan(plan_id).plan, ctx)

    def plan_title(ctx: Ctx, plan_id: str) -> str:
        return plan_r.esc(f.text(site.plan(plan_id).plan.title, ctx.lang))

    def fy(ctx: Ctx, year: int) -> str:
        return f.fiscal_year(year, ctx.lang)

    def fy_range(ctx: Ctx, start: int, end: int) -> str:
        return f.fiscal_year_range(start, end, ctx.lang)

    def search_page(ctx: Ctx) -> str:
        return search_r.search_page(ctx)

    for run in (consistency_report, period, plan_title, fy, fy_range, search_page):
        params = list(inspect.signature(run).parameters.values())[1:]
        table[run.__name__] = Macro(inspect.Signature(params), run)
    return table


def id_checker(site: Site) -> Callable[[str, inspect.BoundArguments], tuple[str, str] | None]:
    """What is wrong with the ids of a macro call (an unknown plan, or a record the plan does not have)."""

    def check(name: str, bound: inspect.BoundArguments) -> tuple[str, str] | None:
        plan_id = bound.arguments.get("plan_id")
        if plan_id is None:
            return None
        if plan_id not in site.plans:
            return _unknown_id("計画", "plan", plan_id, list(site.plans), "data/plans/")
        data = site.plans[plan_id]
        for key, value in bound.arguments.items():
            kind = ID_KINDS.get(key)
            if kind is None:
                continue
            ja, en, file, ids = kind
            known = ids(data)
            if value not in known:
                return _unknown_id(ja, en, value, known, f"data/plans/{plan_id}/{file}")
        return None

    return check


def _unknown_id(ja: str, en: str, value: str, known: list[str], where: str) -> tuple[str, str]:
    close = difflib.get_close_matches(str(value), known, n=1, cutoff=0.6)
    hint_ja = f"（近いもの: {close[0]}）" if close else ""
    hint_en = f" (closest: {close[0]})" if close else ""
    return (f"{ja}の id「{shown(str(value), 40)}」は {where} にありません — {where} にある id を書いてください{hint_ja}",
            f"there is no {en} \"{shown(str(value), 40)}\" in {where} — write an id from {where}{hint_en}")


# ------------------------------------------------------------------------------------------ one page

_YAML_FRONT = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_META = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_META_MORE = re.compile(r"^([ ]{4}|\t)(\s*)(?P<value>.*)")


def split_front_matter(source: str) -> tuple[str, dict[str, Any], int]:
    """(Markdown, front matter, lines before the Markdown), as MkDocs 1.6 splits a page (mkdocs.utils.meta:
    YAML between --- lines, or MultiMarkdown-style key: value lines at the top)."""
    data: dict[str, Any] = {}
    doc = source
    if match := _YAML_FRONT.match(source):
        try:
            loaded = yaml.load(match.group(1), getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except Exception:   # noqa: BLE001 - MkDocs keeps the page as it is when its front matter is not YAML
            loaded = None
        if isinstance(loaded, dict):
            data, doc = loaded, source[match.end():].lstrip("\n")
    else:
        lines = source.split("\n")
        key = None
        while lines:
            line = lines.pop(0)
            if line.strip() == "":
                break
            if m1 := _META.match(line):
                key = m1.group("key").lower().strip()
                value = m1.group("value").strip()
                data[key] = f"{data[key]} {value}" if key in data else value
            elif (m2 := _META_MORE.match(line)) and key:
                data[key] += " " + m2.group("value").strip()
            else:
                lines.insert(0, line)
                break
        doc = "\n".join(lines).lstrip("\n")
    offset = source[:len(source) - len(doc)].count("\n") if source.endswith(doc) else 0
    return doc, data, offset


@dataclass
class Page:
    """One page of docs/, read and checked (not rendered)."""

    file: str                 # docs/ja/plans/x/index.md
    lang: str                 # ja | en
    rel: str                  # plans/x/index.md (the same in both languages)
    template: PageTemplate
    problems: list[PageProblem] = field(default_factory=list)

    @property
    def url(self) -> str:
        return page_url(self.rel)


@dataclass
class Rendered:
    markdown: str                      # macro blocks set aside under key
    key: str
    pieces: list[tuple[int, str, bool]]   # (line in the file, text, written by a macro) in order; joined: markdown


class PageRenderer:
    """Reads and renders pages against one loaded Site."""

    def __init__(self, site: Site | None, root: Path, today: dt.date):
        """site None: the data could not be loaded (its problems are reported); pages are then read
        and checked without checking their ids, and not rendered."""
        self.site, self.root, self.today = site, Path(root), today
        self.macros = macro_table(site, self.root, today)   # type: ignore[arg-type]
        self.signatures = {name: m.signature for name, m in self.macros.items()}
        self.check_ids = id_checker(site) if site is not None else None
        self.index = PageIndex()

    def read(self, file: str, source: str, lang: str, rel: str, *, body: str | None = None) -> Page:
        """Check one page's source; body, when given, is the Markdown MkDocs split off the front matter."""
        markdown, meta, offset = split_front_matter(source)
        if body is not None and body != markdown:
            markdown = body
            offset = source[:len(source) - len(body)].count("\n") if source.endswith(body) else 0
        template = read_template(markdown, file, offset, self.signatures, self.check_ids)
        page = Page(file, lang, rel, template)
        page.problems += _front_matter_problems(meta, file)
        page.problems += template.problems
        page.problems += page_html.check_source(markdown, file, offset, template.spans)
        page.problems += _typed_figures(markdown, file, offset, template)
        return page

    def render(self, page: Page, key: str | None = None) -> Rendered:
        """The page's Markdown with its macros run (blocks set aside under key); only for a page without
        problems. Raises nothing the page could cause: its calls and ids were checked when it was read."""
        assert not page.problems and self.site is not None, "a page with problems is not rendered"
        key = key or page.file
        ctx = Ctx(site=self.site, lang=page.lang, page_url=page.url, pages=self.index, today=self.today)
        outputs: list[str] = []

        def bind(macro: Macro) -> Callable[..., str]:
            def call(*args: Any, **kwargs: Any) -> str:
                out = blocks.set_aside(macro.run(ctx, *args, **kwargs), key)
                outputs.append(out)
                return out
            return call

        template = compile_template(page.template)
        markdown = template.render({name: bind(m) for name, m in self.macros.items()})
        pieces = _pieces(page.template, outputs)
        if "".join(text for _, text, _ in pieces) != markdown:   # pragma: no cover - the tree was checked
            raise AssertionError(f"{page.file}: the rendered page is not its text and its macro calls")
        return Rendered(markdown, key, pieces)


def _pieces(template: PageTemplate, outputs: list[str]) -> list[tuple[int, str, bool]]:
    """The rendered page as (line, text) pieces: the author's text and each macro call's output."""
    from jinja2 import nodes

    pieces, calls = [], iter(outputs)
    line = 1 + template.offset
    for output in template.tree.body if template.tree else []:
        for node in output.nodes:
            if isinstance(node, nodes.TemplateData):
                pieces.append((line, node.data, False))
                line += node.data.count("\n")
            else:
                pieces.append((node.lineno + template.offset, next(calls), True))
    return pieces


def _front_matter_problems(meta: dict[str, Any], file: str) -> list[PageProblem]:
    out = []
    for key in meta:
        if key not in FRONT_MATTER_KEYS:
            out.append(PageProblem(
                file, 1,
                f"ページの先頭の設定（front matter）に「{shown(str(key), 30)}」は書けません — 使えるのは "
                f"{', '.join(FRONT_MATTER_KEYS)} です。消すか、本文に書いてください",
                f"the front matter key \"{shown(str(key), 30)}\" is not allowed — allowed keys: "
                f"{', '.join(FRONT_MATTER_KEYS)}; remove it or write it in the text"))
    return out


def _typed_figures(markdown: str, file: str, offset: int, template: PageTemplate) -> list[PageProblem]:
    """A figure typed into the page's text (checks/lint.py), also in a macro's text= argument."""
    out = []
    for hit in find_typed_numbers(markdown, file):
        out.append(PageProblem(
            file, hit.line + offset,
            f"数値「{shown(hit.text, 30)}」がページに直接書かれています — data/ に入れてマクロ（{{{{ figure(...) }}}} など）で示してください",
            f"the figure \"{shown(hit.text, 30)}\" is typed into the page — put it in data/ and show it with a "
            "macro such as {{ figure(...) }}"))
    for call in template.calls:
        for _, value in call.kwargs:
            if isinstance(value, str):
                for hit in find_typed_numbers(value, file):
                    out.append(PageProblem(
                        file, call.line,
                        f"数値「{shown(hit.text, 30)}」がマクロ {call.name} の引数に直接書かれています — data/ に入れてマクロで示してください",
                        f"the figure \"{shown(hit.text, 30)}\" is typed into an argument of {call.name} — put it "
                        "in data/ and show it with a macro"))
    return out


# ------------------------------------------------------------------------------------------ every page


@dataclass
class PageSet:
    """Every page of docs/ja and docs/en, read and checked, with the problems of the whole set."""

    renderer: PageRenderer
    pages: dict[str, Page]                         # docs/ja/x.md -> page
    problems: list[PageProblem]                    # every problem, pages' own included, in file order

    def page(self, lang: str, rel: str) -> Page | None:
        return self.pages.get(f"docs/{lang}/{rel}")


MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")   # what MkDocs reads as a page


def page_files(root: Path) -> list[tuple[str, str, Path]]:
    """(lang, path under the language folder, file) of every page of docs/ja and docs/en."""
    out = []
    for lang in LANGS:
        folder = root / "docs" / lang
        for path in plain_files(folder, "*"):  # no link, no pipe (checks/files.py reports them)
            if path.suffix.lower() in MARKDOWN_SUFFIXES:
                out.append((lang, path.relative_to(folder).as_posix(), path))
    return out


def stray_pages(root: Path) -> list[PageProblem]:
    """A page outside docs/ja and docs/en: MkDocs would publish it, in no language and unchecked."""
    docs, out = root / "docs", []
    for path in sorted(docs.rglob("*")) if docs.is_dir() else []:
        rel = path.relative_to(docs)
        if path.suffix.lower() in MARKDOWN_SUFFIXES and rel.parts[0] not in LANGS:
            file = f"docs/{rel.as_posix()}"
            out.append(PageProblem(
                file, 1,
                f"ページは docs/ja/ か docs/en/ の下に置きます（{file} はどちらの言語でもありません）— 日本語版を docs/ja/ に、"
                "英語版を同じパスで docs/en/ に移してください",
                f"pages live under docs/ja/ or docs/en/ ({file} is in neither language) — move the Japanese page to "
                "docs/ja/ and its English twin to the same path under docs/en/"))
    return out


def read_pages(renderer: PageRenderer) -> PageSet:
    """Read and check every page (nothing rendered): the pages' problems, the missing twins and
    overview pages, and the index of which page shows which record."""
    root = renderer.root
    pages: dict[str, Page] = {}
    problems: list[PageProblem] = []
    for lang, rel, path in page_files(root):
        file = f"docs/{lang}/{rel}"
        try:
            source = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            problems.append(PageProblem(file, 1, "ページが UTF-8 の文字になっていません — UTF-8 で保存し直してください",
                                        "the page is not UTF-8 text — save it as UTF-8"))
            continue
        source = source.replace("\r\n", "\n").replace("\r", "\n")
        page = renderer.read(file, source, lang, rel)
        pages[file] = page
        problems += page.problems
    problems += twin_problems(root, {(p.lang, p.rel) for p in pages.values()} |
                              {(lang, rel) for lang, rel, _ in page_files(root)})
    problems += stray_pages(root)
    calls = [(p.rel, c.name, c.args) for p in pages.values() if p.lang == "ja" for c in p.template.calls]
    renderer.index = index_calls(calls)
    return PageSet(renderer, pages, sorted(problems))


def twin_problems(root: Path, present: set[tuple[str, str]]) -> list[PageProblem]:
    """A page without its twin in the other language, and a plan without its overview pages."""
    out = []
    for lang, rel in sorted(present):
        for other in LANGS:
            if other != lang and (other, rel) not in present:
                out.append(PageProblem(
                    f"docs/{lang}/{rel}", 1,
                    f"この{LANGS[lang][0]}のページには{LANGS[other][0]}版 docs/{other}/{rel} がありません — "
                    f"同じパスに{LANGS[other][0]}版を作ってください（両方の言語で同じページが要ります）",
                    f"this {LANGS[lang][1]} page has no {LANGS[other][1]} twin docs/{other}/{rel} — create it at "
                    "the same path (every page exists in both languages)"))
    plans_dir = root / "data" / "plans"
    for plan_dir in sorted(p for p in plans_dir.iterdir() if p.is_dir() and not p.is_symlink()) \
            if plans_dir.is_dir() and not plans_dir.is_symlink() else []:
        rel = f"plans/{plan_dir.name}/index.md"
        if not any((lang, rel) in present for lang in LANGS):
            out.append(PageProblem(
                f"data/plans/{plan_dir.name}", 0,
                f"計画「{plan_dir.name}」の概要ページ docs/ja/{rel} と docs/en/{rel} がありません — "
                f"'dxplans new-plan' で作るか、ほかの計画の index.md をもとに作ってください",
                f"the plan '{plan_dir.name}' has no overview pages docs/ja/{rel} and docs/en/{rel} — create "
                "them with 'dxplans new-plan' or from another plan's index.md"))
    return out
