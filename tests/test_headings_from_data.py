"""Headings the source prints reach pages from data (plan.yml lists' items with an id, shown by
heading(); a group's printed heading, shown by group_title()), with their numbering exactly as printed
in Japanese and translated in English; a heading typed into a page carries no printed number."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from macros.core.load import load_site
from macros.publish.built_html import parse

from .conftest import ROOT

PLANS = ("ishinomaki", "shirakawa", "tome", "date", "shiroishi")
MACRO = re.compile(r"\{\{.*?\}\}")
# a printed number: digits (also full-width), circled numbers, 第…, （１）/ (1)
VERSION = re.compile(r"第\d+(?:\.\d+)?版|Version \d+(?:\.\d+)?")  # an edition is part of the plan's name
NUMBERED = re.compile(r"[0-9０-９]|[①-⑳]|第[一二三四五六七八九十〇]")


def heading_lines(plan: str, lang: str):
    for md in sorted((ROOT / "docs" / lang / "plans" / plan).glob("*.md")):
        for n, line in enumerate(md.read_text(encoding="utf-8").split("\n"), 1):
            if re.match(r"#{1,6} ", line):
                yield md, n, line


@pytest.mark.parametrize("lang", ("ja", "en"))
@pytest.mark.parametrize("plan", PLANS)
def test_no_page_types_a_numbered_heading(plan: str, lang: str) -> None:
    typed = [f"{md.relative_to(ROOT)}:{n}: {line}" for md, n, line in heading_lines(plan, lang)
             if NUMBERED.search(VERSION.sub("", MACRO.sub("", line)))]
    assert not typed, "a heading with the source's number comes from data (heading() / group_title()):\n" + \
        "\n".join(typed)


def _built(out: Path, plan: str, lang: str, stem: str) -> Path:
    base = out / "en" if lang == "en" else out
    return base / "plans" / plan / ("index.html" if stem == "index" else f"{stem}/index.html")


@pytest.mark.parametrize("plan", PLANS)
def test_every_heading_called_is_a_heading_of_its_page_as_in_data(real_site, plan: str) -> None:
    """Each heading(plan, id) and group_title(plan, id) written in a heading line of a page is a heading
    element of the built page with the data's text exactly (number included), in both languages."""
    out, _ = real_site
    data = load_site(ROOT).plan(plan)
    items = {i.id: i.text for lst in data.plan.lists for i in lst.items if i.id}
    groups = {g.id: g.heading or g.title for g in data.groups}
    checked, missing = 0, []
    for lang in ("ja", "en"):
        for md, n, line in heading_lines(plan, lang):
            calls = re.findall(r'\{\{\s*(heading|group_title)\("[\w-]+",\s*"([\w-]+)"\)\s*\}\}', line)
            if not calls:
                continue
            page = parse(_built(out, plan, lang, md.stem).read_text(encoding="utf-8"))
            shown = [" ".join(h.text().split()) for h in page.css("article h1, article h2, article h3, article h4")]
            for macro, ident in calls:
                text = getattr((items if macro == "heading" else groups)[ident], lang)
                checked += 1
                if not any(" ".join(text.split()) in h for h in shown):
                    missing.append(f"{md.relative_to(ROOT)}:{n}: {text!r} not among the headings {shown}")
    assert checked >= 3, f"{plan}: only {checked} headings from data"
    assert not missing, "\n".join(missing)
