"""The readers of built pages (macros/publish/built_html.py, selectolax) against an independent one.

Every built page is read by the search index (sections), the language check (numbers), on English
pages the lang="ja" marks, and by the print views. Each reads the tree selectolax's HTML5 parser
builds. The references here read html5lib's tree instead (another HTML5 parser, in pure Python) and
work differently: a piece of text is placed by the list of elements around it, not by a walk that
keeps state. Both must agree on pages made of the pieces that trip readers up: unclosed tags,
entities, scripts, self-closing tags, duplicate attributes, numbers next to the cuts between a
page's pieces, and lang / hreflang attributes anywhere.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from decimal import Decimal

import html5lib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from macros.checks import consistency as c
from macros.publish import lang_marks
from macros.publish import search_index as si
from macros.publish.print_view import join_pages

# ---------------------------------------------------------------- references (html5lib's tree)


def _doc(html: str):
    return html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False)


def _body_of(html: str):
    """A part of a page parsed into a <body>, as built_html.fragment() does."""
    return _doc("<body>" + html).find("body")


def _name(element) -> str:
    """An element's local name (html5lib names SVG and MathML elements with their namespace)."""
    return element.tag.rsplit("}", 1)[-1]


def _pieces(element, ancestors=()):
    """(text, or None for a line break, the elements around it, innermost last) in document order.

    html5lib's etree keeps text in .text and .tail; comments are elements with a function as tag."""
    if not isinstance(element.tag, str):
        return
    inside = (*ancestors, element)
    block = _name(element) in si.BLOCK_TAGS
    if block:
        yield None, inside   # a line break
    if element.text:
        yield element.text, inside
    for child in element:
        yield from _pieces(child, inside)
        if child.tail:
            yield child.tail, inside
    if block:
        yield None, inside


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _opens(element) -> bool:
    return (_name(element) in si.HEADINGS or _name(element) == "dt") and bool(element.get("id"))


def _reference_sections(article: str, title: str) -> list[tuple[str, str, str]]:
    """Sections read from html5lib's tree, each piece of text placed by its ancestors: skipped when
    one is skipped; title text of the outermost heading or glossary term with an id around it (or, in
    a reading, that glossary entry's text, or nothing); else text of the last section opened."""
    body = _body_of(article)
    sections = [["", title, []]]
    kinds = [""]
    seen: set[int] = set()
    for text, around in _pieces(body):
        around = around[1:]   # below <body>
        if any(_name(e) in si.SKIP_TAGS or _classes(e) & si.SKIP_CLASSES for e in around):
            continue
        opener = next((e for e in around if _opens(e)), None)
        if opener is not None and id(opener) not in seen:
            seen.add(id(opener))
            sections.append([opener.get("id"), [], []])
            kinds.append(_name(opener))
        current = sections[-1]
        if opener is None or text is None:
            current[2].append("\n" if text is None else text)
        elif not any("dx-reading" in _classes(e) for e in around):
            current[1].append(text)
        elif _name(opener) == "dt":
            current[2].append(text)
    out = []
    for anchor, head, texts in sections:
        head = head if isinstance(head, str) else " ".join("".join(head).split())
        out.append([anchor, head, " ".join("".join(texts).split())])
    if len(out) > 1 and not out[0][2] and kinds[1] == "h1":
        top = out.pop(1)
        out[0][2] = top[2]
        out[0][1] = top[1] or title
    return [tuple(s) for s in out if s[1] or s[2]]


def _reference_numbers(text: str) -> Counter:
    """consistency.numbers_in as it was: the same patterns, each run over the whole text."""
    for circled, plain in c.CIRCLED.items():
        text = text.replace(circled, plain)
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"(?<![A-Za-z])FY\s?(\d{4})", r" \1 ", text)
    text = c._LATIN_NAME.sub(" ", text)
    text = re.sub(r"(令和|平成)元", r"\g<1>1", text)
    text = re.sub(r"第([一二三四五六七八九十]+)(?=[次条版回期])", lambda mt: f"第{c._kanji_number(mt.group(1))}", text)
    text = re.sub(r"(令和|平成)(\d+)\s*[～~〜\-–]\s*(\d+)(?=\s*年)", r"\1\2～\1\3", text)
    text = re.sub(r"令和\s*(\d+)", lambda mt: f" {2018 + int(mt.group(1))} ", text)
    text = re.sub(r"平成\s*(\d+)", lambda mt: f" {1988 + int(mt.group(1))} ", text)
    text = re.sub(r"Reiwa\s+(\d+)", lambda mt: f" {2018 + int(mt.group(1))} ", text)
    text = re.sub(r"Heisei\s+(\d+)", lambda mt: f" {1988 + int(mt.group(1))} ", text)
    text = re.sub(r"(\d+(?:\.\d+)?)\s*割", lambda mt: f" {Decimal(mt.group(1)) * 10:f} ", text)
    text = re.sub(r"(\d+)(?:st|nd|rd|th)\b", r"\1", text)
    text = re.sub(r"\b(First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth)\b",
                  lambda mt: f" {c._EN_ORDINALS[mt.group(1).lower()]} ", text)
    text = re.sub(r"\b(January|February|March|April|May|June|July|August|September|October|November|December)"
                  r"(?=\s+\d{4})", lambda mt: f" {c._EN_MONTHS[mt.group(1).lower()]} ", text)
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    found = Counter()
    for value in re.findall(r"\d+(?:\.\d+)?", text):
        found[str(Decimal(value).normalize()) if "." in value else str(int(value))] += 1
    return found


_NOT_MARKED = {"script", "style", "template", "textarea", "title", "svg", "math"}


def _japanese_by_lang(around) -> bool:
    for element in reversed(around):
        lang = element.get("lang")
        if lang is not None:
            return lang.strip().lower() == "ja" or lang.strip().lower().startswith("ja-")
    return False


def _text_runs(body) -> list[tuple[str, bool, bool]]:
    """(text, Japanese by its nearest lang attribute, inside an element whose text is not marked)."""
    out = []
    for text, around in _pieces(body):
        if text is not None:
            out.append((text, _japanese_by_lang(around), any(_name(e) in _NOT_MARKED for e in around)))
    return out


def _reference_marks(page: str) -> tuple[str, int]:
    """What a marked page must be, read by html5lib: the same text, and how many runs of Japanese
    outside Japanese elements need a new <span lang="ja">."""
    runs = _text_runs(_body_of(page))
    needed = sum(len(lang_marks._JAPANESE.findall(text)) for text, ja, raw in runs if not ja and not raw)
    return "".join(text for text, _, _ in runs), needed


def _spans(body) -> int:
    return sum(1 for e in body.iter("span") if e.get("lang") == "ja")


# ---------------------------------------------------------------- pages made of awkward pieces

LANG = ['<a hreflang="ja" href="/">', '<link rel="alternate" hreflang="ja" href="/">', '<div lang="ja">',
        '<div lang="JA-jp">', '<p lang="en">', '<span lang="ja-JP">', '<i lang="">', '<b data-lang="ja">',
        '<span title=\'lang="ja"\'>', "<title>", "</title>", "<textarea>", "</textarea>", "<math>", "</math>",
        '<svg><text>', "</text>"]
MARKUP = ["<p>", "</p>", "<h1>", "<h1 id=\"top\">", "</h1>", "<h2 id='a&amp;b'>", "</h2>", "<h3 ID=x>", "</h3>",
          '<dt id="t1">', "</dt>", "<dd>", "</dd>", '<span class="dx-reading">', "</span>", "<span lang=\"ja\">",
          '<a class="headerlink" href="#x">', "</a>", '<div class="dx-page-info">', "</div>", "<br>", "<br/>",
          "<img src=x>", '<input class="md-tags">', "<svg><path d='M0 0'/>", "</svg>", "<script>if (a<b) x='</p>'",
          "</script>", "<style>p>a{}</style>", "<!-- <h2 id=c> -->", "<!doctype html>", "<?pi?>", "<td>", "</td>",
          "<table>", "</table>", "</ul>", "<li>", "< p>", "</ p>", "<", ">", "<a title=\"x>y\">", "<b class>",
          '<aside class="dx-page-info">', "</aside>", '<section class="dx-print-part">', "</section>",
          '<h2 id="x" id="y">', '<h2 class="a" class="dx-reading" id=z>', *LANG]
TEXT = ["用語", "ＤＸ", "令和", "7", "年", "年度", "割", "9", "1.5", "～", "-", "FY", "2025", "April", "First", "page",
        "COVID-19", "Society 5.0", "16,401", "①", "&amp;", "&lt;", "&#65;", "&nbsp;", " ", "\n", "  ", "Initiatives",
        "（", "）", "。", "計画", "Reiwa", "3rd", "元", "第", "三", "次", "´", "㍻", "&#95;", "石巻市"]
PAGE = st.lists(st.one_of(st.sampled_from(MARKUP), st.sampled_from(TEXT)), max_size=40).map("".join)


# the latent bug of issue 13, written first: an element with lang="ja" or hreflang="ja" earlier in an
# English page stopped the Japanese marking for the rest of the page

@pytest.mark.parametrize("earlier", ['<a hreflang="ja" href="/">日本語</a>', '<div lang="ja">日本語</div>',
                                     '<link rel="alternate" hreflang="ja" href="/">', '<p lang="ja-JP">日本語</p>'])
def test_an_earlier_japanese_element_does_not_stop_the_marking(earlier: str) -> None:
    out = lang_marks.mark_japanese(f"<p>{earlier}</p><p>Ishinomaki City (石巻市)</p>")
    assert '(<span lang="ja">石巻市</span>)' in out


def test_marks_follow_the_nearest_lang_attribute() -> None:
    out = lang_marks.mark_japanese('<div lang="ja">日本語 <span lang="en">English 石巻</span></div> 白河')
    assert out.count('<span lang="ja">') == 2   # 石巻 inside lang="en" and 白河 outside; 日本語 is Japanese already
    assert '<span lang="ja">石巻</span>' in out and '<span lang="ja">白河</span>' in out


@settings(max_examples=400, deadline=None)
@given(PAGE)
def test_sections_read_as_html5lib_reads_them(article: str) -> None:
    assert [(s.anchor, s.title, s.text) for s in si.page_sections(article, "題")] == \
        _reference_sections(article, "題")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TEXT + ["FY 2025", "April 2025", "3～6年", "9 割", "x1", "Microsoft 365", "、", ","]),
                max_size=30).map("".join))
def test_numbers_as_before(text: str) -> None:
    assert c.numbers_in(text) == _reference_numbers(text)


def _reference_article_text(page: str) -> str:
    document = _doc(page)
    article = next((e for e in document.iter("article") if "md-content__inner" in _classes(e)), document)
    skipped = {"script", "style", "template", "textarea", "title"}
    # the page-info aside (a page's last-changed date) is the site's, not the plan's: not read
    return " ".join(text for text, around in _pieces(article) if text is not None
                    and not any(_name(e) in skipped or (_name(e) == "aside" and "dx-page-info" in _classes(e))
                                for e in around))


@settings(max_examples=400, deadline=None)
@given(PAGE)
def test_page_numbers_are_the_numbers_of_the_article_text(body: str) -> None:
    page = f'<html><nav>9</nav><article class="md-content__inner md-typeset">{body}</article></html>'
    whole = set(_reference_numbers(_reference_article_text(page)))
    cache = c.NumberCache()
    assert c.page_numbers(page, cache) == whole
    assert c.page_numbers(page, cache) == whole   # again, from the cache


def test_a_print_view_finds_its_parts_in_the_cache() -> None:
    pages = [f'<article class="md-content__inner md-typeset"><h1>{title}</h1><p>{text}</p>'
             f'<p class="dx-print-link"><a href="print/">Show and print this whole plan on one page</a></p>'
             f'<aside class="dx-page-info"><p>Last updated: 1 April 2025</p></aside></article>'
             for title, text in (("Overview", "FY2025: 16,401 users"), ("Initiatives", "Reiwa 7 (2025), 9 in 10"))]
    cache = c.NumberCache()
    for page in pages:
        c.page_numbers(page, cache)
    read = len(cache)
    heading = '<p class="dx-print-heading">Plan (as of 1 April 2025)</p>'
    view = join_pages(f"<html><head></head><body>{pages[0]}</body></html>", [(p, False) for p in pages], heading)
    assert view.count('class="dx-print-part"') == 2 and "Last updated" not in view
    assert c.page_numbers(view, cache) == set(_reference_numbers(_reference_article_text(view)))
    assert len(cache) == read + 1   # only the heading was new


@settings(max_examples=400, deadline=None)
@given(PAGE)
def test_lang_marks_keep_the_text_and_mark_every_japanese_run_outside_japanese(page: str) -> None:
    out = lang_marks.mark_japanese(page)
    text, needed = _reference_marks(page)
    marked = _body_of(out)
    assert "".join(t for t, _, _ in _text_runs(marked)) == text
    assert _spans(marked) == _spans(_body_of(page)) + needed
    for piece, japanese, raw in _text_runs(marked):   # nothing Japanese is left unmarked
        assert japanese or raw or lang_marks._JAPANESE.search(piece) is None, (piece, out)


def test_entities_in_attributes_and_text() -> None:
    article = '<h2 id="a&amp;b">A &amp; B</h2><p>x &lt; y</p>'
    expected = [("", "t", ""), ("a&b", "A & B", "x < y")]
    assert [(s.anchor, s.title, s.text) for s in si.page_sections(article, "t")] == expected
    assert _reference_sections(article, "t") == expected


def test_no_regular_expression_reads_built_html() -> None:
    """The readers of built pages hold no pattern of markup (a "<" in a regular expression)."""
    import ast

    from .conftest import ROOT

    for rel in ("macros/publish/search_index.py", "macros/publish/lang_marks.py", "macros/publish/print_view.py",
                "macros/checks/consistency.py", "macros/publish/built_html.py", "macros/publish/print_toc.py",
                "macros/mkdocs/print_pages.py"):
        tree = ast.parse((ROOT / rel).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(getattr(node.func, "value", None), "id", "") == "re":
                for arg in node.args[:1]:
                    pattern = arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else ""
                    markup = pattern.replace("(?<=", "").replace("(?<!", "").replace("(?P<", "")   # not markup
                    assert "<" not in markup, f"{rel}:{node.lineno}: {pattern}"
