"""The consistency guard: does every published number agree with what it comes from?

Pure functions over a loaded Site (and, for the page pairs, the built HTML).
`dxplans check` prints the report; the page 数値の整合性 renders the same
findings. Kinds of finding:

- derived: a figure the source printed differs from the one recomputed from
  its inputs (a rate in a table, a count or share of graded actions);
- stale: a KPI whose latest value is older than its update frequency allows;
- typed: a figure typed into a page instead of coming from data (see lint.py);
- language: the numbers on a Japanese page and its English twin differ.
Missing sources and missing translations cannot reach this report: the models
reject a value without a source and a text without both languages.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from macros.core import models as m
from macros.core.compute import agrees, computed_row, current_fiscal_year, decimals, round_to, to_decimal
from macros.core.load import PlanData, Site
from macros.publish.built_html import RAW_TEXT_TAGS, TEXT, BuiltPage, classes, is_element


@dataclass(frozen=True)
class Finding:
    kind: str  # derived | stale | typed | language
    severity: str  # error | warning
    where: str  # plan / record, or file:line, or page
    printed: str
    expected: str
    note: str = ""
    # what the finding is about, for readers (the page names it, never by its internal id):
    # ("kpi", plan, kpi id) | ("table", plan, table id, row index from 0, column id) | ("figure", plan, figure id)
    about: tuple = ()

    def __str__(self) -> str:
        text = f"[{self.severity}] {self.kind}: {self.where}: {self.note or ''}"
        if self.printed or self.expected:
            text += f" (printed {self.printed}, recomputed {self.expected})" if self.kind == "derived" else \
                f" ({self.printed} / {self.expected})"
        return text


# --------------------------------------------------------------------------- derived figures


def table_disagreements(data: PlanData) -> list[Finding]:
    out = []
    for table in data.tables:
        for number, raw in enumerate(table.rows, start=1):
            printed = raw.get("printed") or {}
            row = computed_row(table.columns, raw)
            for column in table.columns:
                if column.derived is None or column.id not in printed or row.get(column.id) is None:
                    continue
                value = printed[column.id]
                exact = row[column.id]
                if not agrees(value, exact, column.derived.precision):
                    digits = max(column.derived.precision, decimals(value))
                    # a disagreement the source itself contains is explained in the row and reported;
                    # an unexplained one is an error (a mistyped input or printed figure)
                    known = raw.get("disagreement")
                    out.append(Finding("derived", "reported" if known else "error",
                                       f"{data.id} / {table.id} / row {number} / {column.id}",
                                       str(value), str(round_to(exact, digits)),
                                       known["en"] if known else "a printed figure differs from the one computed "
                                       "from its inputs; if the source itself disagrees, explain it in the row's "
                                       "disagreement: {ja, en}",
                                       about=("table", data.id, table.id, number - 1, column.id)))
    return out


def figure_disagreements(data: PlanData) -> list[Finding]:
    """Figures the source prints about the plan itself (28 actions, 20 graded A or B, 71.4%)."""
    out = []
    for fig in data.figures:
        if fig.check is None:
            continue
        computed = figure_value(fig.check, data)
        digits = max(fig.check.precision, decimals(fig.value))
        if round_to(to_decimal(fig.value), digits) != round_to(computed, digits):
            out.append(Finding("derived", "error", f"{data.id} / figure {fig.id}", str(fig.value),
                               str(round_to(computed, digits)), "a printed figure differs from the one counted "
                               "from the records", about=("figure", data.id, fig.id)))
    return out


def figure_value(check: m.FigureCheck, data: PlanData) -> Decimal:
    pool = [i for i in data.initiatives if check.group is None or _under(data, i.group, check.group)]
    if check.rule == "count_initiatives":
        return Decimal(len(pool))
    graded = [i for i in pool if i.grade is not None]
    hits = sum(1 for i in graded if i.grade in check.grades)
    if check.rule == "count_graded":
        return Decimal(hits)
    return Decimal(hits) / Decimal(len(graded)) * 100 if graded else Decimal(0)


def _under(data: PlanData, group_id: str, ancestor: str) -> bool:
    parents = {g.id: g.parent for g in data.groups}
    current: str | None = group_id
    while current is not None:
        if current == ancestor:
            return True
        current = parents.get(current)
    return False


# --------------------------------------------------------------------------- staleness


def stale_kpis(data: PlanData, today: dt.date) -> list[Finding]:
    """A yearly KPI's result for a fiscal year is due during the next one: older than that is stale."""
    out = []
    now = current_fiscal_year(today)
    for kpi in data.kpis:
        if kpi.update_frequency == "once":
            continue
        observations = ([kpi.baseline] if kpi.baseline else []) + list(kpi.actuals)
        if not observations:
            continue
        latest = max(o.fiscal_year for o in observations)
        due = now - 1 if kpi.update_frequency == "yearly" else now
        if latest < due and latest < kpi.target.fiscal_year:
            out.append(Finding("stale", "notice", f"{data.id} / KPI {kpi.id}", str(latest), str(due),
                               "the latest value is older than the yearly update allows",
                               about=("kpi", data.id, kpi.id)))
    return out


# --------------------------------------------------------------------------- language pairs

_EN_MONTHS = {name: n for n, name in enumerate(
    "january february march april may june july august september october november december".split(), start=1)}
_EN_ORDINALS = {w: n for n, w in enumerate(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth".split())}
CIRCLED = {chr(0x2460 + i): f" {i + 1} " for i in range(20)}  # ①..⑳ as separate numbers
# Names with digits are not figures: COVID-19, UTF-8, Society 5.0, M365. (Japanese letters count as
# word characters, so the boundaries are spelt out instead of \b.)
_LATIN_NAME = re.compile(r"(?<![A-Za-z0-9])(?:Society\s?5\.0|Microsoft\s?365|[A-Za-z]+[-‐]?\d+(?:\.\d+)?)(?![0-9])")

# The same patterns as numbers_in() applies, written so that each starts with the characters it
# looks for (the regular expression engine then skips quickly to them), and the words each needs
# to be present before it runs at all: the result is the same, several times faster on long pages.
_ANYCIRCLED = re.compile("[\u2460-\u2473]")
_FY = re.compile(r"FY(?<![A-Za-z]FY)\s?(\d{4})")
_LATIN_NAME_FAST = re.compile(r"[A-Za-z](?<![A-Za-z0-9][A-Za-z])"
                              r"(?:(?<=S)ociety\s?5\.0|(?<=M)icrosoft\s?365|[A-Za-z]*[-‐]?\d+(?:\.\d+)?)(?![0-9])")
_ERA_FIRST = re.compile(r"(令和|平成)元")
# R6年度, R4～: the era's initial, as tables print it (before names with digits are taken out)
_R_ERA = re.compile(r"R(?<![A-Za-z0-9]R)(\d{1,2})(?=\s*(?:年|～|~|〜))")
# 令和６・７・８年度 names the era once for three years
_ERA_LIST = re.compile(r"(令和|平成)(\d+)((?:[・、]\d+)+)(?=\s*年)")
_DAI = re.compile(r"第([一二三四五六七八九十]+)(?=[次条版回期])")
_ERA_RANGE = re.compile(r"(令和|平成)(\d+)\s*[～~〜\-–]\s*(\d+)(?=\s*年)")
_REIWA = re.compile(r"令和\s*(\d+)")
_HEISEI = re.compile(r"平成\s*(\d+)")
_REIWA_EN = re.compile(r"Reiwa\s+(\d+)")
_HEISEI_EN = re.compile(r"Heisei\s+(\d+)")
_WARI = re.compile(r"(\d+(?:\.\d+)?)\s*割")
_ORDINAL_SUFFIX = re.compile(r"(\d+)(?:st|nd|rd|th)\b")
_ORDINAL_WORDS = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth")
_ORDINAL = re.compile(r"\b(First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth)\b")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")
_MONTH = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|November|December)"
                    r"(?=\s+\d{4})")
_THOUSANDS = re.compile(r",(?<=\d,)(?=\d{3})")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def numbers_in(text: str) -> Counter:
    """The numbers a reader sees, normalised so that 令和7年度 and FY2025, 16,401 and １６，４０１,
    12月 and December, 9割 and 90 percent, ① and (1) compare equal. Numbers written as English
    words (three, first) are not read: a translation should write the figure the source printed."""
    if _ANYCIRCLED.search(text):
        for circled, plain in CIRCLED.items():
            text = text.replace(circled, plain)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    if "FY" in text:
        text = _FY.sub(r" \1 ", text)
    if "R" in text:
        text = _R_ERA.sub(r"令和\1", text)
    text = _LATIN_NAME_FAST.sub(" ", text)
    if "元" in text:
        text = _ERA_FIRST.sub(r"\g<1>1", text)
    if "第" in text:
        text = _DAI.sub(lambda mt: f"第{_kanji_number(mt.group(1))}", text)
    # 令和3～6年度 names the era once for both years, 令和６・７・８年度 once for three
    if "令和" in text or "平成" in text:
        text = _ERA_RANGE.sub(r"\1\2～\1\3", text)
        text = _ERA_LIST.sub(lambda mt: "・".join(mt.group(1) + n for n in
                                                  [mt.group(2), *re.split("[・、]", mt.group(3))[1:]]), text)
    if "令和" in text:
        text = _REIWA.sub(lambda mt: f" {2018 + int(mt.group(1))} ", text)
    if "平成" in text:
        text = _HEISEI.sub(lambda mt: f" {1988 + int(mt.group(1))} ", text)
    if "Reiwa" in text:
        text = _REIWA_EN.sub(lambda mt: f" {2018 + int(mt.group(1))} ", text)
    if "Heisei" in text:
        text = _HEISEI_EN.sub(lambda mt: f" {1988 + int(mt.group(1))} ", text)
    if "割" in text:
        text = _WARI.sub(lambda mt: f" {Decimal(mt.group(1)) * 10:f} ", text)
    if "st" in text or "nd" in text or "rd" in text or "th" in text:
        text = _ORDINAL_SUFFIX.sub(r"\1", text)
    # a capitalised ordinal is part of a name (the Third Date City Comprehensive Plan = 第3次総合計画,
    # the First and Second Reports = 第1次・第2次報告)
    if any(word in text for word in _ORDINAL_WORDS):
        text = _ORDINAL.sub(lambda mt: f" {_EN_ORDINALS[mt.group(1).lower()]} ", text)
    # a month counts only in a date (April 2025, 1 April 2025): "may" is mostly a verb
    if any(month in text for month in _MONTH_NAMES):
        text = _MONTH.sub(lambda mt: f" {_EN_MONTHS[mt.group(1).lower()]} ", text)
    if "," in text:
        text = _THOUSANDS.sub("", text)
    found = Counter()
    for value, count in Counter(_NUMBER.findall(text)).items():
        found[str(Decimal(value).normalize()) if "." in value else str(int(value))] += count
    return found


def _kanji_number(kanji: str) -> int:
    """一 … 九十九, as in 第六次 or 第十二条."""
    digits = {c: n for n, c in enumerate("〇一二三四五六七八九")}
    if "十" not in kanji:
        return digits.get(kanji, 0)
    tens, _, ones = kanji.partition("十")
    return (digits.get(tens, 1) if tens else 1) * 10 + (digits.get(ones, 0) if ones else 0)


def article_text(page_html: str | BuiltPage) -> str:
    """The visible text of the page's article (the whole page without one), without scripts, styles
    and the page-info aside (the date a page's file last changed is the site's, not a figure of the
    plan; a Japanese page and its English twin may change on different days): its text nodes, each
    followed by a space (an element's edge separates words)."""
    return "".join(_article_pieces(page_html))


# ---- the numbers of a page, piece by piece
#
# A plan's print view (macros/mkdocs/print_pages.py) is its pages' articles joined, each without its page-info aside.
# To read it without reading every figure twice, an article's text is cut into pieces at that aside
# and at the print view's parts, the numbers of each piece are kept by a digest of its text, and a
# page's numbers are those of its pieces: the print view finds the pieces of its pages already read.
# The union of the pieces' numbers is the set numbers_in() finds in the whole text whenever no
# pattern of numbers_in() can reach across a cut: tags become spaces, and numbers_in() looks across
# white space only from a few words, a digit, an era name or a range sign (FY 2025, 令和 7, 3 ～ 6,
# April 2025, 9 割) on the left to a digit, range sign, 年 or 割 on the right (which a word such as
# FY2025, First or COVID-19 may become). A cut where that could happen is not made.

_RANGE_SIGNS = frozenset("～~〜-–‐")
_NOT_AFTER_A_CUT = frozenset("令平第年割元") | _RANGE_SIGNS   # may begin or continue a match


def _plain(char: str) -> str:
    """A character as numbers_in() sees it (after ①..⑳ and NFKC)."""
    return CIRCLED.get(char) or unicodedata.normalize("NFKC", char)


# words numbers_in() reads or removes (FY 2025, Reiwa 7, First, April 2025, Society 5.0)
_WORDS_READ = ("FY", "Society", "Microsoft", "Reiwa", "Heisei") + _ORDINAL_WORDS + _MONTH_NAMES
_LATIN_WORD = re.compile(r"[A-Za-z]+")


def _inert_word(word: str) -> bool:
    """A word of Latin letters only that numbers_in() neither reads nor changes (plan, Initiatives)."""
    word = unicodedata.normalize("NFKC", word)
    return _LATIN_WORD.fullmatch(word) is not None and not any(read in word for read in _WORDS_READ)


def _ends_nothing(text: str) -> bool:
    """No pattern can go on from the last visible character of text across white space."""
    words = text.rsplit(None, 1)
    if words and _inert_word(words[-1]):
        return True
    tail = text.rstrip()[-1:]
    if not tail or unicodedata.category(tail)[0] == "M":
        return False
    plain = _plain(tail)
    return bool(plain) and not any(c.isalnum() or c in _RANGE_SIGNS or c.isspace()
                                   or unicodedata.category(c)[0] == "M" for c in plain)


def _starts_nothing(text: str) -> bool:
    """No pattern can begin at, or reach from white space to, the first visible character of text."""
    words = text.split(None, 1)
    if words and _inert_word(words[0]):
        return True
    head = text.lstrip()[:1]
    if not head or unicodedata.category(head)[0] == "M":
        return False
    plain = _plain(head)
    first = plain[:1]
    return bool(first) and not (first.isspace() or first.isdigit() or first.isdecimal() or first.isnumeric()
                                or ("A" <= first <= "Z") or ("a" <= first <= "z") or first in _NOT_AFTER_A_CUT
                                or any(unicodedata.category(c)[0] == "M" for c in plain))


def _article_pieces(page_html: str | BuiltPage) -> list[str]:
    """article_text(page_html) cut into pieces that join up to it exactly: a piece ends before and
    after a page-info aside and before each part of a print view."""
    page = page_html if isinstance(page_html, BuiltPage) else BuiltPage(page_html)
    root = page.article or page.tree.root
    pieces: list[str] = []
    current: list[str] = []
    # (next node, the element being left is a page-info aside) frames, walked in document order
    stack: list = [(root.child, False)]
    while stack:
        node, aside = stack.pop()
        if node is None:
            if aside and current:
                pieces.append("".join(current))
                current = []
            continue
        stack.append((node.next, aside))
        tag = node.tag
        if tag == TEXT:
            current += (node.text_content, " ")
            continue
        if not is_element(tag) or tag in RAW_TEXT_TAGS:
            continue
        names = classes(node) if tag in ("aside", "section") else ()
        cut = (tag == "aside" and "dx-page-info" in names) or (tag == "section" and "dx-print-part" in names)
        if cut and current:
            pieces.append("".join(current))
            current = []
        if tag == "aside" and "dx-page-info" in names:
            continue   # its last-changed date is the site's, not the plan's: not read at all
        stack.append((node.child, False))
    if current:
        pieces.append("".join(current))
    return pieces


class NumberCache(dict):
    """Digest of a piece of text → the set of numbers in it."""

    def numbers(self, text: str) -> frozenset[str]:
        text = text.strip()
        key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        found = self.get(key)
        if found is None:
            found = self[key] = frozenset(numbers_in(text))
        return found


def page_numbers(page_html: str | BuiltPage, cache: NumberCache | None = None) -> frozenset[str]:
    """set(numbers_in(article_text(page_html))), read piece by piece through the cache."""
    cache = NumberCache() if cache is None else cache
    groups: list[str] = []
    current: list[str] = []
    gap = ""                        # white space between the last piece and the next one
    for piece in _article_pieces(page_html):
        if not piece.strip():
            gap += piece
            continue
        if current and (gap or current[-1][-1:].isspace() or piece[:1].isspace()) \
                and (_ends_nothing(current[-1]) or _starts_nothing(piece)):
            groups.append("".join(current))
            current = [piece]
        else:
            current += [gap, piece] if current else [piece]
        gap = ""
    if current:
        groups.append("".join(current))
    found: frozenset[str] = frozenset()
    for text in groups:
        found |= cache.numbers(text)
    return found


def page_pair_findings(site_dir: Path, other_lang: str = "en", known: dict[str, frozenset[str]] | None = None,
                       cache: NumberCache | None = None) -> list[Finding]:
    """Compare the set of numbers on every ja page with its English twin in a built site.

    known: numbers of pages already read while they were built (page_numbers() of each page's
    output, by path under site_dir, e.g. en/plans/x/index.html); any other page is read from disk."""
    known = known or {}
    cache = NumberCache() if cache is None else cache

    def numbers(path: Path, rel: str) -> frozenset[str]:
        found = known.get(rel)
        return found if found is not None else page_numbers(path.read_text(encoding="utf-8"), cache)

    out = []
    for ja_page in sorted(site_dir.rglob("index.html")):
        rel = ja_page.relative_to(site_dir)
        if rel.parts[0] in (other_lang, "opendata", "assets", "search"):
            continue
        en_page = site_dir / other_lang / rel
        en_rel = f"{other_lang}/{rel.as_posix()}"
        if en_rel not in known and not en_page.exists():
            out.append(Finding("language", "error", rel.parent.as_posix() + "/", "", "",
                               "the page has no English twin"))
            continue
        ja_numbers = numbers(ja_page, rel.as_posix())
        en_numbers = numbers(en_page, en_rel)
        if ja_numbers != en_numbers:
            only_ja = ", ".join(sorted(ja_numbers - en_numbers, key=_num_key)) or "—"
            only_en = ", ".join(sorted(en_numbers - ja_numbers, key=_num_key)) or "—"
            out.append(Finding("language", "error", (rel.parent.as_posix() + "/").lstrip("./") or "/",
                               only_ja, only_en, "numbers shown only in Japanese / only in English"))
    return out


def _num_key(value: str) -> Decimal:
    return Decimal(value)


# --------------------------------------------------------------------------- the report


def data_findings(site: Site, today: dt.date) -> list[Finding]:
    out: list[Finding] = []
    for data in site.plans.values():
        out += table_disagreements(data)
        out += figure_disagreements(data)
        out += stale_kpis(data, today)
    return out


def report_lines(findings: list[Finding]) -> list[str]:
    if not findings:
        return ["consistency: no disagreement found"]
    counts = Counter(f.kind for f in findings)
    head = "consistency: " + ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
    return [head] + [f"  {finding}" for finding in findings]
