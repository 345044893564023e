"""Numbers, units, fiscal years, eras and dates, written the way each language writes them.

Pure functions of (value, lang). Japanese fiscal years use the era of the year
the fiscal year starts in: FY2019 (April 2019 – March 2020) is 令和元年度, since
Reiwa began on 1 May 2019 and municipal documents count that fiscal year as 令和元年度.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from typing import Literal

from macros.core.models import Printed, Text, Unit

Lang = Literal["ja", "en"]
LANGS: tuple[Lang, ...] = ("ja", "en")

# (first Gregorian year of the era's fiscal-year naming, era name, romanised)
ERAS = (
    (2019, "令和", "Reiwa"),
    (1989, "平成", "Heisei"),
)

EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July",
             "August", "September", "October", "November", "December")


def check_lang(lang: str) -> Lang:
    if lang not in LANGS:
        raise ValueError(f"unknown language '{lang}'; expected ja or en")
    return lang  # type: ignore[return-value]


def text(value: Text | None, lang: Lang) -> str:
    """Pick one language from bilingual text."""
    if value is None:
        return ""
    return getattr(value, check_lang(lang))


def era_year(year: int) -> tuple[str, str, int]:
    """2025 -> ("令和", "Reiwa", 7)"""
    for first, name, roman in ERAS:
        if year >= first:
            return name, roman, year - first + 1
    raise ValueError(f"year {year} is before the Heisei era")


def _era_number(n: int) -> str:
    return "元" if n == 1 else str(n)


def fiscal_year(year: int, lang: Lang, *, long: bool = False) -> str:
    """2025 -> 令和7年度 / FY2025 (long: FY2025 (April 2025 – March 2026), 令和7年度（2025年度）)"""
    if check_lang(lang) == "ja":
        name, _, n = era_year(year)
        short = f"{name}{_era_number(n)}年度"
        return f"{short}（{year}年度）" if long else short
    return f"FY{year} (April {year} – March {year + 1})" if long else f"FY{year}"


def fiscal_year_range(start: int | None, end: int | None, lang: Lang) -> str:
    """2025, 2027 -> 令和7年度～令和9年度 / FY2025–FY2027; an open end -> 令和8年度～ / from FY2026"""
    if end is None:
        if start is None:
            return "（定めなし）" if lang == "ja" else "(not stated)"
        return f"{fiscal_year(start, lang)}～" if lang == "ja" else f"from {fiscal_year(start, lang)}"
    if start is None:
        return f"～{fiscal_year(end, lang)}" if lang == "ja" else f"until {fiscal_year(end, lang)}"
    if start == end:
        return fiscal_year(start, lang)
    sep = "～" if lang == "ja" else "–"
    return f"{fiscal_year(start, lang)}{sep}{fiscal_year(end, lang)}"


def calendar_year(year: int, lang: Lang) -> str:
    """2025 -> 令和7年 / 2025"""
    if check_lang(lang) == "ja":
        name, _, n = era_year(year)
        return f"{name}{_era_number(n)}年"
    return str(year)


REIWA_START = dt.date(2019, 5, 1)


def _era_for_date(value: dt.date) -> str:
    """Calendar dates change era on the day: 2019-04-30 is 平成31年, 2019-05-01 is 令和元年."""
    if value < REIWA_START:
        return f"平成{_era_number(value.year - 1988)}年"
    return f"令和{_era_number(value.year - 2018)}年"


def year_month(year: int, month: int | None, lang: Lang) -> str:
    """(2025, 6) -> 令和7年6月 / June 2025; a missing month is left out."""
    if check_lang(lang) == "ja":
        if month:
            return f"{_era_for_date(dt.date(year, month, 1))}{month}月"
        return calendar_year(year, lang)
    return f"{EN_MONTHS[month - 1]} {year}" if month else str(year)


def date(value: dt.date, lang: Lang) -> str:
    """2025-06-01 -> 令和7年6月1日 / 1 June 2025"""
    if check_lang(lang) == "ja":
        return f"{_era_for_date(value)}{value.month}月{value.day}日"
    return f"{value.day} {EN_MONTHS[value.month - 1]} {value.year}"


def number(value: float | int | Decimal, lang: Lang, precision: int | None = None) -> str:
    """16401 -> 16,401; 18.8 -> 18.8; with precision, a fixed number of decimals (half up)."""
    check_lang(lang)
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    dec = value if isinstance(value, Decimal) else Decimal(str(value))
    if precision is not None:
        from macros.core.compute import round_to
        dec = round_to(dec, precision)
        return f"{dec:,.{precision}f}"
    if isinstance(value, int) or dec.as_tuple().exponent >= 0:
        return f"{int(dec):,}"
    # as written in the data: 15.0 stays 15.0 (the source printed 15.0%), 18.8 stays 18.8
    return f"{dec:,f}"


def quantity(value: float | int | Decimal, unit: Unit, lang: Lang, precision: int | None = None) -> str:
    """16401 件 -> 16,401件 / 16,401; 18.8 % -> 18.8% / 18.8%; 93 procedures -> 93手続 / 93 procedures"""
    digits = number(value, lang, precision)
    if lang == "ja":
        return f"{digits}{unit.ja}"
    if not unit.en:
        return digits
    word = unit.en_one if unit.en_one and Decimal(str(value)) == 1 else unit.en
    return f"{digits}{' ' if unit.en_space else ''}{word}"


def as_printed(printed: Printed | str | None, lang: Lang, written: str) -> str:
    """A value on a Japanese page exactly as the source prints it (printed: {ja: １６，４０１件}) where the
    data keeps that text; otherwise, and on English pages, the number as this site writes it (written)."""
    if check_lang(lang) == "ja" and printed is not None:
        return printed if isinstance(printed, str) else printed.ja
    return written


def parse_number(formatted: str) -> Decimal:
    """Inverse of number(): '16,401' -> Decimal('16401')."""
    return Decimal(formatted.replace(",", ""))


_CODE_EN = ((re.compile(r"^第(\d+)条$"), r"Article \1"), (re.compile(r"^第(\d+)章$"), r"Chapter \1"),
            (re.compile(r"^基本方針(\d+)$"), r"Basic Policy \1"), (re.compile(r"^(.+)・(.+)$"), r"\1/\2"))


def code(value: str, lang: Lang) -> str:
    """A printed label such as 第１条 or 基本方針１, as the page's language writes it: as printed in
    Japanese; in English the same label in English words (Article 1, Basic Policy 1), never Japanese
    left in front of English text."""
    if lang == "ja":
        return value
    text = unicodedata.normalize("NFKC", value)
    for pattern, english in _CODE_EN:
        if pattern.match(text):
            return pattern.sub(english, text)
    return value
