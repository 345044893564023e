"""Sections of the source named on English pages: in English (the plan's source_sections), with the
source's own Japanese title quoted beside it and marked lang="ja"; never Japanese alone in English text."""

from __future__ import annotations

import re

import pytest
from pydantic import BaseModel

from macros.core import models as m
from macros.core.load import load_site
from macros.publish.built_html import parse
from macros.render.html import Ctx
from macros.render.plan import section_name, source_ref

from .conftest import ROOT

JAPANESE = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff01-\uff60]+")


@pytest.fixture(scope="module")
def site():
    return load_site(ROOT)


def cited_sections(value, out: list[str]) -> list[str]:
    if isinstance(value, m.SourceRef):
        if value.section:
            out.append(value.section)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            cited_sections(getattr(value, name), out)
    elif isinstance(value, (list, tuple)):
        for item in value:
            cited_sections(item, out)
    elif isinstance(value, dict):
        for item in value.values():
            cited_sections(item, out)
    return out


def test_every_cited_section_has_its_english_name(site) -> None:
    missing = []
    for plan_id, data in site.plans.items():
        ctx = Ctx(site=site, lang="en", page_url=f"plans/{plan_id}/")
        records = [data.plan, data.groups, data.initiatives, data.departments, data.kpis, data.tables,
                   data.figures, data.terms, data.priority_links]
        cited = cited_sections(records, [])
        assert plan_id == "ishinomaki" or cited, f"{plan_id}: no section cited: the walk above is broken"
        missing += [f"{plan_id}: {s}" for s in sorted(set(cited)) if section_name(s, ctx) is None]
    assert not missing, "add to source_sections in plan.yml:\n" + "\n".join(missing)


def test_source_line_names_a_section_in_english_with_the_japanese_quoted(site) -> None:
    ref = m.SourceRef(page=6, section="04 課題 将来人口の見通し（グラフ）")
    en = source_ref(ref, Ctx(site=site, lang="en", page_url="plans/shirakawa/current-issues/"))
    ja = source_ref(ref, Ctx(site=site, lang="ja", page_url="plans/shirakawa/current-issues/"))
    assert en == "p. 6, section “04 Issues: outlook for the future population (graph)” (「04 課題 将来人口の見通し（グラフ）」)"
    assert ja == "p.6 「04 課題 将来人口の見通し（グラフ）」"
    unknown = source_ref(m.SourceRef(section="第９章 どこにもない節"), Ctx(site=site, lang="en"))
    assert unknown == "section 「第９章 どこにもない節」"   # quoted as the source's own title, never bare


def test_english_pages_name_sections_in_english_and_mark_the_japanese(real_site) -> None:
    """On every built English plan page, each source line that names a section gives its English name,
    and the Japanese title beside it is marked lang="ja" (the build's lang marks)."""
    out, _ = real_site
    seen = 0
    for path in sorted((out / "en" / "plans").glob("*/**/index.html")):
        if "/print/" in path.as_posix():
            continue
        page = parse(path.read_text(encoding="utf-8"))
        for node in page.css(".dx-source, .dx-basis"):
            text = node.text()
            for found in re.finditer(r"section (.)", text):
                seen += 1
                assert found.group(1) == "“", f"{path}: a section without its English name: {text[:200]!r}"
            for marked in node.css('[lang="ja"]'):
                marked.decompose()
            unmarked = JAPANESE.findall(node.text())
            assert not unmarked, f"{path}: Japanese not marked lang=ja in {text[:200]!r}: {unmarked}"
    assert seen > 10, f"only {seen} section names found on English pages"
