"""Fiscal years, eras, numbers, units and dates, per language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from macros.core import formatting as f
from macros.core.compute import agrees, cumulative, derive, round_to
from macros.core.models import Derivation, Unit

COUNT = Unit(id="count", ja="件", en="", integer=True)
PERCENT = Unit(id="percent", ja="%", en="%", en_space=False, percent=True)
PROCEDURES = Unit(id="procedures", ja="手続", en="procedures", en_one="procedure")


@pytest.mark.parametrize("year, ja, en", [
    (2025, "令和7年度", "FY2025"),
    (2019, "令和元年度", "FY2019"),
    (2018, "平成30年度", "FY2018"),
    (2028, "令和10年度", "FY2028"),
])
def test_fiscal_year(year: int, ja: str, en: str) -> None:
    assert f.fiscal_year(year, "ja") == ja
    assert f.fiscal_year(year, "en") == en


def test_fiscal_year_long_says_april_to_march() -> None:
    assert f.fiscal_year(2025, "en", long=True) == "FY2025 (April 2025 – March 2026)"
    assert f.fiscal_year(2025, "ja", long=True) == "令和7年度（2025年度）"


def test_fiscal_year_range() -> None:
    assert f.fiscal_year_range(2025, 2027, "ja") == "令和7年度～令和9年度"
    assert f.fiscal_year_range(2025, 2027, "en") == "FY2025–FY2027"
    assert f.fiscal_year_range(None, 2025, "en") == "until FY2025"


def test_numbers_with_units() -> None:
    assert f.quantity(27000, COUNT, "ja") == "27,000件"
    assert f.quantity(27000, COUNT, "en") == "27,000"
    assert f.quantity(18.8, PERCENT, "ja") == "18.8%"
    assert f.quantity(15.0, PERCENT, "en") == "15.0%"  # as the source printed it
    assert f.quantity(15.0, PERCENT, "en", precision=1) == "15.0%"
    assert f.quantity(93, PROCEDURES, "en") == "93 procedures"
    assert f.quantity(1, PROCEDURES, "en") == "1 procedure"
    assert f.quantity(93, PROCEDURES, "ja") == "93手続"


def test_dates_and_months() -> None:
    assert f.date(dt.date(2025, 4, 1), "ja") == "令和7年4月1日"
    assert f.date(dt.date(2025, 4, 1), "en") == "1 April 2025"
    assert f.year_month(2021, 12, "ja") == "令和3年12月"
    assert f.year_month(2021, 12, "en") == "December 2021"
    assert f.year_month(2025, None, "en") == "2025"


def test_number_round_trips() -> None:
    for value in (0, 7, 16401, 1234567, 18.8, 0.25):
        assert f.parse_number(f.number(value, "en")) == Decimal(str(value))


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError):
        f.fiscal_year(2025, "fr")  # type: ignore[arg-type]


def test_rounding_is_half_up_in_decimal() -> None:
    assert round_to(Decimal("12.25"), 1) == Decimal("12.3")
    assert round_to(Decimal("2.675"), 2) == Decimal("2.68")  # a float would give 2.67


def test_derive_ratio_and_agreement() -> None:
    rule = Derivation(rule="ratio", inputs=["a", "b"], scale=100, precision=1)
    assert derive(rule, {"a": 7, "b": 8}) == Decimal("87.5")
    assert derive(rule, {"a": 1, "b": 0}) is None
    assert derive(rule, {"a": None, "b": 3}) is None
    assert agrees(87.5, Decimal("87.5"), 1)
    assert not agrees(30.0, Decimal("33.3"), 1)


def test_cumulative_steps() -> None:
    assert cumulative(43, [10, 10, 10]) == [Decimal(53), Decimal(63), Decimal(73)]


def test_dates_change_era_on_the_day() -> None:
    assert f.date(dt.date(2019, 4, 30), "ja") == "平成31年4月30日"
    assert f.date(dt.date(2019, 5, 1), "ja") == "令和元年5月1日"
    assert f.year_month(2019, 4, "ja") == "平成31年4月"


def test_printed_figure_is_checked_at_its_own_precision() -> None:
    rule = Derivation(rule="ratio", inputs=["a", "b"], scale=100, precision=1)
    from macros.core.compute import derive_exact
    exact = derive_exact(rule, {"a": 12, "b": 63186})  # 0.0189…%
    assert not agrees(0.01, exact, 1)  # printed 0.01 is checked to two decimals: 0.02
    assert agrees(0.02, exact, 1)


def test_printed_labels_in_english_carry_no_japanese() -> None:
    from macros.core import formatting as f

    assert f.code("基本方針１", "en") == "Basic Policy 1" and f.code("基本方針１", "ja") == "基本方針１"
    assert f.code("第１２条", "en") == "Article 12" and f.code("UI・UX", "en") == "UI/UX"
    assert f.code("A-①", "en") == "A-①"  # not Japanese: as printed
