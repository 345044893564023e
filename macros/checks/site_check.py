"""`dxplans check` for the pages: the build minus writing.

Every page of both languages is read and checked as the build reads it (checks/pages.py: template,
HTML, links, front matter, twins, typed figures), then rendered in memory by the same renderer,
its Markdown converted by Python-Markdown with the extensions of mkdocs.yml, and the result held to
the rules the build applies after Markdown: the HTML allowlist (page_html.check_rendered) and the
same numbers on a Japanese page and its English twin (checks/consistency.page_numbers, as
steps.compare_languages compares built pages). No MkDocs, nothing written.

One mistake, one message: a page with problems of its own is not rendered, so it cannot also be
reported as missing from the number comparison; a difference of numbers is one message per pair
of pages, at the line of the Japanese page (and of its twin) where the first differing number is
shown, or at the line of data/ whose text differs, when the number comes from a macro.
"""

from __future__ import annotations

import html as html_lib
from collections.abc import Iterator
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown as python_markdown
import yaml
from pydantic import BaseModel

from macros.checks import page_html
from macros.checks.consistency import numbers_in, page_numbers
from macros.checks.data_text import number_difference
from macros.checks.page_problem import PageProblem
from macros.checks.pages import Page, PageSet, Rendered
from macros.core import models as m
from macros.core.load import Site
from macros.core.yamlread import YamlError, format_path, read_yaml
from macros.render import blocks

MKDOCS_BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")   # MkDocs adds these to every site


def markdown_settings(root: Path) -> tuple[list[str], dict[str, dict]]:
    """(extensions, their settings) of mkdocs.yml's markdown_extensions, with those MkDocs always adds."""
    class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        pass

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)   # !ENV, !!python/name: …
    config_file = root / "mkdocs.yml"
    config = yaml.load(config_file.read_text(encoding="utf-8"), _Loader) if config_file.is_file() else {}
    config = config if isinstance(config, dict) else {}
    names, settings = list(MKDOCS_BUILTIN_EXTENSIONS), {}
    for item in config.get("markdown_extensions") or []:
        name, options = (next(iter(item.items())) if isinstance(item, dict) else (item, None))
        if name not in names:
            names.append(name)
        if options:
            settings[name] = options
    return names, settings


def rendered_problems(pages: PageSet, site: Site) -> list[PageProblem]:
    """Render every page without problems of its own, in both languages: what the build checks after
    Markdown, and the numbers of each Japanese page against its English twin."""
    names, settings = markdown_settings(pages.renderer.root)
    converter = python_markdown.Markdown(extensions=names, extension_configs=settings)
    out: list[PageProblem] = []
    read: dict[str, tuple[frozenset[str], list[tuple[int, str, bool]]]] = {}
    for file, page in sorted(pages.pages.items()):
        if page.problems:
            continue
        rendered = pages.renderer.render(page)
        converter.reset()
        body = converter.convert(rendered.markdown)
        problems = page_html.check_rendered(body, file, _first_line(rendered))
        pieces = [(line, blocks.inline(text, rendered.key), by_macro) for line, text, by_macro in rendered.pieces]
        whole = blocks.put_back(body, rendered.key)
        if problems:
            out += problems[:1]   # the net found an assembled tag: one message for the page
            continue
        read[file] = (page_numbers(f"<article>{whole}</article>"), pieces)
    for file, page in sorted(pages.pages.items()):
        if page.lang != "ja" or file not in read:
            continue
        twin = pages.page("en", page.rel)
        if twin is None or twin.file not in read:
            continue
        ja_numbers, ja_pieces = read[file]
        en_numbers, en_pieces = read[twin.file]
        if ja_numbers != en_numbers:
            problem = _number_problem(page, twin, ja_numbers, en_numbers, ja_pieces, en_pieces, site,
                                      pages.renderer.root)
            out += [problem] if problem else []
    return out


def _first_line(rendered: Rendered) -> int:
    return rendered.pieces[0][0] if rendered.pieces else 1


Pieces = list[tuple[int, str, bool]]


def _number_problem(page: Page, twin: Page, ja: frozenset[str], en: frozenset[str], ja_pieces: Pieces,
                    en_pieces: Pieces, site: Site, root: Path) -> PageProblem | None:
    only_ja = sorted(ja - en, key=_num_key)
    only_en = sorted(en - ja, key=_num_key)
    ja_at = _line_showing(only_ja, ja_pieces)
    en_at = _line_showing(only_en, en_pieces)
    ja_listed, en_listed = "、".join(only_ja) or "なし", "、".join(only_en) or "なし"
    ja_listed_en, en_listed_en = ", ".join(only_ja) or "none", ", ".join(only_en) or "none"
    data_at = _data_text(only_ja, only_en, site, root, [ja_at, en_at])
    if data_at == REPORTED:
        return None
    if data_at:
        file, line, path = data_at
        return PageProblem(
            file, line,
            f"{path} の日本語と英語で数字が違います（{page.file} と {twin.file} に出ます。日本語だけ: {ja_listed}、"
            f"英語だけ: {en_listed}）— 両方に同じ数字を書いてください（英語でも数は数字で書きます）",
            f"the Japanese and the English of {path} show different numbers (on {page.file} and {twin.file}; only "
            f"in Japanese: {ja_listed_en}; only in English: {en_listed_en}) — write the same figures in both "
            "(in English too, as digits)")
    line = ja_at[0] if ja_at else (page.template.offset + 1)
    twin_line = f"{twin.file}:{en_at[0]}" if en_at else twin.file
    return PageProblem(
        page.file, line,
        f"日本語のページと英語版（{twin_line}）で数字が違います（日本語だけ: {ja_listed}、英語だけ: {en_listed}）— "
        "両方に同じ数字を書くか、同じマクロで示してください（英語でも数は数字で書きます）",
        f"this Japanese page and its English twin ({twin_line}) show different numbers (only in Japanese: "
        f"{ja_listed_en}; only in English: {en_listed_en}) — write the same figures in both, or show them through "
        "the same macro (in English too, as digits)")


def _num_key(value: str) -> Decimal:
    return Decimal(value)


def _line_showing(numbers: list[str], pieces: Pieces) -> tuple[int, str, bool] | None:
    """(line, text, written by a macro) of the first piece of the page that shows one of numbers: the
    author's own text first (a macro shows the same data in both languages), then the macros' output."""
    wanted = set(numbers)
    for line, text, by_macro in pieces:
        if not by_macro:
            for index, part in enumerate(text.split("\n")):
                if wanted & set(numbers_in(_text_of(part))):
                    return line + index, part, False
    for piece in pieces:
        if piece[2] and wanted & set(numbers_in(_text_of(piece[1]))):
            return piece
    return None


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag, attrs) -> None:
        self.parts.append(" ")

    def handle_endtag(self, tag) -> None:
        self.parts.append(" ")


def _text_of(fragment: str) -> str:
    reader = _Text()
    reader.feed(fragment)
    reader.close()
    return html_lib.unescape("".join(reader.parts))


# ------------------------------------------------------------------------------ numbers from data


def texts(site: Site) -> Iterator[tuple[str, tuple, m.Text]]:
    """(plan file under data/, path in it, text) of every text in both languages of every plan."""
    files = {"plan": "plan.yml", "groups": "initiatives.yml", "initiatives": "initiatives.yml",
             "departments": "departments.yml", "kpis": "kpis.yml", "tables": "tables.yml", "figures": "figures.yml",
             "terms": "glossary.yml", "priority_links": "priorities.yml"}
    for plan_id, data in site.plans.items():
        for attr, name in files.items():
            value = getattr(data, attr)
            start = () if attr == "plan" else ("links",) if attr == "priority_links" else (attr,)
            for path, text in _walk(value, start):
                yield f"data/plans/{plan_id}/{name}", path, text


def _walk(obj: Any, path: tuple) -> Iterator[tuple[tuple, m.Text]]:
    if isinstance(obj, m.Text):
        yield path, obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from _walk(getattr(obj, name), path + (name,))
    elif isinstance(obj, (list, tuple)):
        for index, item in enumerate(obj):
            yield from _walk(item, path + (index,))
    elif isinstance(obj, dict):
        for key, item in obj.items():
            yield from _walk(item, path + (key,))


REPORTED = ("", 0, "")


def _data_text(only_ja: list[str], only_en: list[str], site: Site, root: Path,
               found: list[tuple[int, str, bool] | None]) -> tuple[str, int, str] | None:
    """(file, line, path) of the text in data/ whose Japanese and English differ by the numbers that differ
    on the pages, when a macro shows them; None when the page's own text does."""
    for at, numbers_here in zip(found, (only_ja, only_en)):
        if at is None or not at[2]:
            continue
        wanted, plain = set(numbers_here), _text_of(at[1])
        for file, path, text in texts(site):
            ja_n, en_n = set(numbers_in(text.ja)), set(numbers_in(text.en))
            if ja_n != en_n and wanted & (ja_n ^ en_n) and (text.ja in plain or text.en in plain):
                if number_difference(text.ja, text.en) != ([], []):
                    return REPORTED   # checks/data_text.py says it at the text's line: one mistake, one message
                return file, _line(root, file, path), format_path(path)
    return None


def _line(root: Path, file: str, path: tuple) -> int:
    try:
        doc = read_yaml((root / file).read_bytes(), file)
    except (OSError, YamlError):
        return 1
    return doc.line_of(path)
