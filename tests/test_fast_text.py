"""The fast readers of built pages read them as the plain ones they replaced (issue 8).

At 1,741 municipalities every built page is read by the search index (sections), the language
check (numbers) and, on English pages, the lang="ja" marks. Each of them was rewritten to be a few
times faster; the plain versions are kept here as the reference, and both must agree on pages
made of the pieces that trip readers up (unclosed tags, entities, scripts, self-closing tags,
numbers next to the cuts between a page's pieces).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from decimal import Decimal
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from macros.checks import consistency as c
from macros.publish import lang_marks
from macros.publish import search_index as si

# ---------------------------------------------------------------- references (the plain versions)


class _Sections(HTMLParser):
    """search_index's section cutter as it was, on html.parser."""

    def __init__(self, page_title: str) -> None:
        super().__init__(convert_charrefs=True)
        self.sections = [si.Section("", page_title)]
        self.tags = [""]
        self.stack: list[tuple[str, bool]] = []
        self.skip = 0
        self.title_tag: str | None = None
        self.title_depth = 0
        self.title_parts: list[str] = []
        self.reading_depth = 0
        self.body: list[str] = []

    def _flush_body(self) -> None:
        text = " ".join("".join(self.body).split())
        if text:
            current = self.sections[-1]
            current.text = f"{current.text} {text}".strip()
        self.body = []

    def handle_starttag(self, tag, attrs) -> None:
        attr = dict(attrs)
        classes = set((attr.get("class") or "").split())
        skipped = tag in si.SKIP_TAGS or bool(classes & si.SKIP_CLASSES)
        if tag not in si.VOID_TAGS:
            self.stack.append((tag, skipped))
        if skipped:
            self.skip += 1
            return
        if self.skip:
            return
        if tag in si.BLOCK_TAGS:
            self.body.append("\n")
        if "dx-reading" in classes and tag not in si.VOID_TAGS:
            self.reading_depth = len(self.stack)
        if self.title_tag is None and attr.get("id") and (tag in si.HEADINGS or tag == "dt"):
            self._flush_body()
            self.title_tag, self.title_depth, self.title_parts = tag, len(self.stack), []
            self.sections.append(si.Section(attr["id"] or "", ""))
            self.tags.append(tag)

    def handle_endtag(self, tag) -> None:
        if tag in si.VOID_TAGS or not any(t == tag for t, _ in self.stack):
            return
        while self.stack:
            depth = len(self.stack)
            open_tag, skipped = self.stack.pop()
            if skipped:
                self.skip -= 1
            if self.reading_depth == depth:
                self.reading_depth = 0
            if self.title_tag and depth == self.title_depth:
                self.sections[-1].title = " ".join("".join(self.title_parts).split())
                self.title_tag = None
            if open_tag == tag:
                break
        if not self.skip and tag in si.BLOCK_TAGS:
            self.body.append("\n")

    def handle_data(self, data) -> None:
        if self.skip:
            return
        if self.title_tag is not None:
            if not self.reading_depth:
                self.title_parts.append(data)
            if self.title_tag == "dt" and self.reading_depth:
                self.body.append(data)
            return
        self.body.append(data)


def _reference_sections(article: str, title: str) -> list[tuple[str, str, str]]:
    parser = _Sections(title)
    parser.feed(article)
    parser.close()
    parser._flush_body()
    sections = parser.sections
    if len(sections) > 1 and not sections[0].text and parser.tags[1] == "h1":
        top = sections.pop(1)
        sections[0].text = top.text
        sections[0].title = top.title or title
    return [(s.anchor, s.title, s.text) for s in sections if s.text or s.title]


def _reference_numbers(text: str) -> Counter:
    """consistency.numbers_in as it was: the same patterns, each run over the whole text."""
    for circled, plain in c._CIRCLED.items():
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


def _reference_marks(page: str) -> str:
    """lang_marks.mark_japanese as it was: the page split at tags, each text part marked."""
    out = []
    raw_until = None
    inside_ja = 0
    for part in re.split(r"(<[^>]*>)", page):
        if part.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", part)
            tag_name = name.group(1).lower() if name else ""
            if raw_until and part.lower().startswith(f"</{raw_until}"):
                raw_until = None
            elif tag_name in ("script", "style", "title", "textarea") and not part.startswith("</"):
                raw_until = tag_name
            if 'lang="ja"' in part and not part.startswith("</"):
                inside_ja += 1
            elif part.startswith("</") and inside_ja and tag_name == "span":
                inside_ja -= 1
            out.append(part)
        elif raw_until or inside_ja:
            out.append(part)
        else:
            out.append(lang_marks._JAPANESE.sub(lambda m: f'<span lang="ja">{m.group(0)}</span>', part))
    return "".join(out)


# ---------------------------------------------------------------- pages made of awkward pieces

MARKUP = ["<p>", "</p>", "<h1>", "<h1 id=\"top\">", "</h1>", "<h2 id='a&amp;b'>", "</h2>", "<h3 ID=x>", "</h3>",
          '<dt id="t1">', "</dt>", "<dd>", "</dd>", '<span class="dx-reading">', "</span>", "<span lang=\"ja\">",
          '<a class="headerlink" href="#x">', "</a>", '<div class="dx-page-info">', "</div>", "<br>", "<br/>",
          "<img src=x>", '<input class="md-tags">', "<svg><path d='M0 0'/>", "</svg>", "<script>if (a<b) x='</p>'",
          "</script>", "<style>p>a{}</style>", "<!-- <h2 id=c> -->", "<!doctype html>", "<?pi?>", "<td>", "</td>",
          "<table>", "</table>", "</ul>", "<li>", "< p>", "</ p>", "<", ">", "<a title=\"x>y\">", "<b class>",
          '<aside class="dx-page-info">', "</aside>", '<section class="dx-print-part">', "</section>"]
TEXT = ["用語", "ＤＸ", "令和", "7", "年", "年度", "割", "9", "1.5", "～", "-", "FY", "2025", "April", "First", "page",
        "COVID-19", "Society 5.0", "16,401", "①", "&amp;", "&lt;", "&#65;", "&nbsp;", " ", "\n", "  ", "Initiatives",
        "（", "）", "。", "計画", "Reiwa", "3rd", "元", "第", "三", "次", "´", "㍻"]
PAGE = st.lists(st.one_of(st.sampled_from(MARKUP), st.sampled_from(TEXT)), max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(PAGE)
def test_sections_read_as_html_parser_reads_them(article: str) -> None:
    assert [(s.anchor, s.title, s.text) for s in si.page_sections(article, "題")] == \
        _reference_sections(article, "題")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TEXT + ["FY 2025", "April 2025", "3～6年", "9 割", "x1", "Microsoft 365", "、", ","]),
                max_size=30).map("".join))
def test_numbers_as_before(text: str) -> None:
    assert c.numbers_in(text) == _reference_numbers(text)


@settings(max_examples=400, deadline=None)
@given(PAGE)
def test_page_numbers_piece_by_piece_are_the_numbers_of_the_whole_article(body: str) -> None:
    page = f'<html><nav>9</nav><article class="md-content__inner md-typeset">{body}</article></html>'
    whole = set(_reference_numbers(c.article_text(page)))
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
    inner = [page.split(">", 1)[1].split("</article>")[0] for page in pages]
    without_info = [re.sub(r'<aside class="dx-page-info".*?</aside>', "", part) for part in inner]
    parts = "".join(f'<section class="dx-print-part">{part}</section>' for part in without_info)
    heading = '<p class="dx-print-heading">Plan (as of 1 April 2025)</p>'
    view = f'<article class="md-content__inner md-typeset">{heading}{parts}</article>'
    assert c.page_numbers(view, cache) == set(_reference_numbers(c.article_text(view)))
    assert len(cache) == read + 1   # only the heading was new


@settings(max_examples=400, deadline=None)
@given(PAGE)
def test_lang_marks_as_before(page: str) -> None:
    assert lang_marks.mark_japanese(page) == _reference_marks(page)


def test_entities_in_attributes_and_text() -> None:
    article = '<h2 id="a&amp;b">A &amp; B</h2><p>x &lt; y</p>'
    expected = [("", "t", ""), ("a&b", "A & B", "x < y")]
    assert [(s.anchor, s.title, s.text) for s in si.page_sections(article, "t")] == expected
    assert _reference_sections(article, "t") == expected
