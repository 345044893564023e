"""Derived figures: computed from the data they come from, with an explicit rounding rule.

Decimal arithmetic so that 12.25 rounds to 12.3 (half up, as printed tables do)
and not to 12.2 as binary floats would.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

from macros.core.models import Derivation, Kpi, Observation

_ROUNDING = {"half_up": ROUND_HALF_UP, "down": ROUND_DOWN}


def to_decimal(value: float | int) -> Decimal:
    # str() keeps what the YAML said (18.8), not the binary approximation.
    return Decimal(str(value))


def round_to(value: Decimal, precision: int, rounding: str = "half_up") -> Decimal:
    return value.quantize(Decimal(1).scaleb(-precision), rounding=_ROUNDING[rounding])


def derive(rule: Derivation, row: Mapping[str, Any]) -> Decimal | None:
    """The value of a derived cell, rounded by its rule; None when an input is blank or zero-divided."""
    exact = derive_exact(rule, row)
    return None if exact is None else round_to(exact, rule.precision, rule.rounding)


def computed_row(columns: list[Any], row: Mapping[str, Any]) -> dict[str, Any]:
    """The row with every derived column filled in (exact values), in column order,
    so a derived column may use another (a share of a computed total)."""
    full = dict(row)
    for column in columns:
        if column.derived is not None:
            full[column.id] = derive_exact(column.derived, full)
    return full


def derive_exact(rule: Derivation, row: Mapping[str, Any]) -> Decimal | None:
    """The derived value before rounding."""
    values = [row.get(name) for name in rule.inputs]
    if any(v is None for v in values):
        return None
    numbers = [to_decimal(v) for v in values]
    if rule.rule == "ratio":
        numerator, denominator = numbers[0], numbers[1]
        if denominator == 0:
            return None
        result = numerator / denominator * to_decimal(rule.scale)
    elif rule.rule == "sum":
        result = sum(numbers, Decimal(0)) * to_decimal(rule.scale)
    else:  # difference
        result = (numbers[0] - sum(numbers[1:], Decimal(0))) * to_decimal(rule.scale)
    return result


def decimals(value: float | int) -> int:
    """Digits after the decimal point as written: 0.01 -> 2, 7.9 -> 1, 12 -> 0."""
    exponent = to_decimal(value).as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def agrees(printed: float | int, computed: Decimal, precision: int) -> bool:
    """Whether a printed figure matches the exact computed value, at the finer of the column's
    precision and the printed figure's own (0.01% printed is checked to two decimals)."""
    digits = max(precision, decimals(printed))
    return round_to(to_decimal(printed), digits) == round_to(computed, digits)


def cumulative(start: float | int, steps: list[float | int]) -> list[Decimal]:
    """Running totals: start, start+step1, start+step1+step2, …"""
    total = to_decimal(start)
    out = []
    for step in steps:
        total += to_decimal(step)
        out.append(total)
    return out


def latest_actual(kpi: Kpi) -> Observation | None:
    """The most recent actual value, or None when nothing has been recorded after the baseline."""
    return max(kpi.actuals, key=lambda o: o.fiscal_year) if kpi.actuals else None


def progress(kpi: Kpi) -> Decimal | None:
    """Share of the way from baseline to target, in percent (0 at baseline, 100 at target).

    Direction-honest: for a KPI that should fall, a fall counts as progress.
    None when the target is a rate of change (no level to reach) or there is no
    baseline or no actual after it. Rounded half up to whole percent.
    """
    latest = latest_actual(kpi)
    if kpi.target.kind != "level" or kpi.baseline is None or latest is None:
        return None
    start, goal, now = (to_decimal(v) for v in (kpi.baseline.value, kpi.target.value, latest.value))
    if goal == start:
        return Decimal(100) if now == goal else Decimal(0)
    share = (now - start) / (goal - start) * 100
    return round_to(share, 0)


def meets_target(kpi: Kpi, value: float) -> bool:
    """Whether a value reaches the target level in the KPI's direction (at least for a rise, at most for a fall)."""
    goal, now = to_decimal(kpi.target.value), to_decimal(value)
    return now >= goal if kpi.direction == "increase" else now <= goal


def planned_path(kpi: Kpi) -> list[tuple[int, Decimal]]:
    """Yearly targets from baseline + step_per_year, up to the target year (cumulative, computed)."""
    if kpi.step_per_year is None or kpi.baseline is None:
        return []
    years = list(range(kpi.baseline.fiscal_year + 1, kpi.target.fiscal_year + 1))
    values = cumulative(kpi.baseline.value, [kpi.step_per_year] * len(years))  # signed: -5 for a fall
    return list(zip(years, values))


def current_fiscal_year(today: dt.date) -> int:
    return today.year if today.month >= 4 else today.year - 1


def is_stale(kpi: Kpi, today: dt.date) -> bool:
    observations = ([kpi.baseline] if kpi.baseline else []) + list(kpi.actuals)
    if kpi.update_frequency == "once" or not observations:
        return False
    latest = max(o.fiscal_year for o in observations)
    now = current_fiscal_year(today)
    due = now - 1 if kpi.update_frequency == "yearly" else now
    return latest < due and latest < kpi.target.fiscal_year
