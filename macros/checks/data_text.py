"""The texts of data/, one {ja, en} pair at a time: the numbers of a Japanese text and its English twin,
and figures typed into our own prose.

Two rules, each reported as file:line in Japanese and English by `dxplans check`:

- **Same numbers in both languages.** The numbers a reader finds in a Japanese text (令和7年度 read
  as 2025, １６，４０１ as 16401, ９割 as 90: consistency.numbers_in) are the numbers of its English
  twin. English may spell a small number as a word ("a one-year cell", "twice a month", "the
  twelve principles"): a Japanese number up to twelve is found in its word. The page check compares
  whole pages, where a number missing from one text hides behind the same number elsewhere on the
  page; here every text is compared on its own.
- **No figure typed into our prose.** A field that holds our own words (a summary, a note, a reason:
  PROSE_FIELDS) may mention a figure of the source only as a quotation, 「…」 exactly as printed, so
  a reader and a reviewer see it is the source's. A figure the site uses is a record of its own
  (figures.yml, kpis.yml, tables.yml), shown by macros and recomputed by the consistency guard;
  a number retyped into prose would not follow when the record changes. Fields that quote the source
  (list items, table cells, titles, targets) are the source's printing and are not looked at here;
  the Japanese is looked at, the first rule holds the English to it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from macros.checks.consistency import CIRCLED, numbers_in
from macros.checks.lint import COUNTED
from macros.core.untrusted import refused_in
from macros.core.yamlread import Problem, YamlDoc, YamlError, format_path, read_yaml

# fields whose text is our own words (see CONTRIBUTING, "原文に忠実に")
PROSE_FIELDS = frozenset({"summary", "note", "reason", "current_state", "direction", "detail", "definition",
                          "disagreement", "timing_note", "intro", "purpose", "where"})

_WORDS = {
    1: ("one", "once", "single", "first"), 2: ("two", "twice", "second", "double"), 3: ("three", "third"),
    4: ("four", "fourth"), 5: ("five", "fifth"), 6: ("six", "sixth"), 7: ("seven", "seventh"),
    8: ("eight", "eighth"), 9: ("nine", "ninth"), 10: ("ten", "tenth"), 11: ("eleven", "eleventh"),
    12: ("twelve", "twelfth"),
}
# 4月 is April; １件当たり is "per case"
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_WORDS = {n: words + (_MONTHS[n - 1],) + (("per", "each") if n == 1 else ()) for n, words in _WORDS.items()}
_WORD = re.compile(r"[A-Za-z]+")
# 「…」 and 『…』 quote the source; in English "…" and “…”
_QUOTED = re.compile(r"「[^」]*」|『[^』]*』")
_PER_ONE = re.compile(r"1\s*\S{1,3}?(?:当たり|あたり)")   # １件当たり (per case) is not a figure


def text_pairs(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, str, str]]:
    """Every {ja, en} pair in a YAML document, with its path."""
    if isinstance(value, dict):
        ja, en = value.get("ja"), value.get("en")
        if isinstance(ja, str) and isinstance(en, str):
            yield path, ja, en
        for key, item in value.items():
            yield from text_pairs(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from text_pairs(item, path + (index,))


def number_difference(ja: str, en: str) -> tuple[list[str], list[str]]:
    """(numbers only in the Japanese, numbers only in the English); both empty when they agree."""
    ja_numbers, en_numbers = set(numbers_in(ja)), set(numbers_in(en))
    words = {w.lower() for w in _WORD.findall(en)}
    only_ja = [n for n in ja_numbers - en_numbers
               if not (n.isdigit() and int(n) in _WORDS and words.intersection(_WORDS[int(n)]))]
    only_en = sorted(en_numbers - ja_numbers, key=_order)
    return sorted(only_ja, key=_order), only_en


def _order(number: str) -> tuple[float, str]:
    return float(number), number


def typed_figures(ja: str) -> list[str]:
    """The counted figures (件, 人, %, 手続 …; 16,401) of a Japanese text outside its quotations."""
    text = _QUOTED.sub(" ", ja)
    for circled, plain in CIRCLED.items():   # ③1件 is item 3, then 1件: not 31件
        text = text.replace(circled, plain)
    text = unicodedata.normalize("NFKC", text)
    return [m.group(0).strip() for m in COUNTED.finditer(text) if not _PER_ONE.match(text, m.start())]


def _numbers_message(only_ja: list[str], only_en: list[str]) -> str:
    ja_part = f"日本語だけにある数：{'、'.join(only_ja)}" if only_ja else ""
    en_part = f"英語だけにある数：{'、'.join(only_en)}" if only_en else ""
    en_ja = f"only in the Japanese: {', '.join(only_ja)}" if only_ja else ""
    en_en = f"only in the English: {', '.join(only_en)}" if only_en else ""
    return (f"日本語の文と英語の文で数が違います（{'／'.join(p for p in (ja_part, en_part) if p)}） — "
            "両方に同じ数を書いてください（年度は令和でも西暦でも同じ年として数えます。英語では12までの数を"
            "語で書いてもかまいません）\n"
            f"    English: the Japanese text and its English twin have different numbers "
            f"({'; '.join(p for p in (en_ja, en_en) if p)}) — write the same numbers in both (a fiscal year counts "
            "the same in 令和 or FY form; English may spell a number up to twelve as a word)")


def _typed_message(figures: list[str]) -> str:
    shown = "」「".join(figures)
    return (f"説明の文章（私たちの要約）に数値「{shown}」が書かれています — 原文の数値なら原文どおりに「」で囲んで"
            "引用してください。サイトが使う数値なら figures.yml などに記録し、文章からは数を除いてください\n"
            f"    English: our own prose (a summary or note) types the figure \"{shown}\" — quote the source's figure "
            "exactly as printed, in 「」, or record it in figures.yml (or kpis.yml, tables.yml) and leave the number "
            "out of the sentence")


def problems_of(doc: YamlDoc, file: str) -> list[Problem]:
    out: list[Problem] = []
    for where, ja, en in text_pairs(doc.data):
        if refused_in(ja) or refused_in(en):
            continue   # a control or hidden character: the data check says so, once
        only_ja, only_en = number_difference(ja, en)
        if only_ja or only_en:
            out.append(Problem(file, doc.line_of(where + ("en",)), format_path(where + ("en",)),
                               _numbers_message(only_ja, only_en)))
        field = next((k for k in reversed(where) if isinstance(k, str)), "")
        figures = typed_figures(ja) if field in PROSE_FIELDS else []
        if figures:
            out.append(Problem(file, doc.line_of(where + ("ja",)), format_path(where + ("ja",)),
                               _typed_message(figures)))
    return sorted(out, key=lambda p: p.line)   # in the order an editor shows them


def data_documents(root: Path) -> Iterator[tuple[str, YamlDoc]]:
    """(path under the project, document) of every readable YAML file of data/plans and data/national;
    a file that cannot be read is left to the data check, which reports it."""
    root = Path(root)
    for path in sorted((root / "data" / "plans").glob("*/*.yml")) + sorted((root / "data" / "national").glob("*.yml")):
        rel = path.relative_to(root).as_posix()
        try:
            yield rel, read_yaml(path.read_bytes(), rel)
        except YamlError:
            continue


def check_data_texts(root: Path) -> list[Problem]:
    """Every problem of the rules above in data/plans and data/national."""
    return [problem for rel, doc in data_documents(root) for problem in problems_of(doc, rel)]
