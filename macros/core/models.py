"""Typed records for everything under data/.

These models are the contract between the staff who edit YAML and the pages
that show it. They are strict on purpose: a misspelt key, a number written as
"16,401" or a fiscal year written as "R9" must stop the build with a message,
never be silently ignored or coerced.

Conventions:
- ids are kebab-case ASCII slugs;
- text shown to readers is bilingual: ``{ja: ..., en: ...}``, both required;
- numbers are raw numbers with a ``unit`` id from data/units.yml;
- fiscal years are integers (2027); eras are the formatter's job;
- dates are ISO 8601 (2025-06-01).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from macros.core.printed import disagreement
from macros.core.untrusted import quoted

# --------------------------------------------------------------------------
# Scalar types with messages a non-programmer can act on
# --------------------------------------------------------------------------

FIRST_FISCAL_YEAR = 1989  # 平成元年度: nothing in a DX plan is older
LAST_FISCAL_YEAR = 2100


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return quoted(value)
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return repr(value)


_ERA_START = {"令和": 2019, "平成": 1989}
_ERA_YEAR = re.compile(r"(令和|平成)(元|\d{1,2})年度?")
_WESTERN_YEAR = re.compile(r"(\d{4})(?:\.0+|年度?)?")


def fiscal_year_hint(value: Any) -> str:
    """What to write instead: '令和9年度' -> ' (write 2027; the site shows it as 令和9年度)'."""
    if isinstance(value, float) and value.is_integer():
        return f" (write {int(value)})"
    if not isinstance(value, str):
        return ""
    text = unicodedata.normalize("NFKC", value).strip()
    if era := _ERA_YEAR.fullmatch(text):
        year = _ERA_START[era[1]] + (1 if era[2] == "元" else int(era[2])) - 1
        return f" (write {year}; the site shows it as {value})"
    if western := _WESTERN_YEAR.fullmatch(text):
        return f" (write {western[1]}, digits only, without quotes)"
    return ""


_PLAIN_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)")


def number_hint(value: Any) -> str:
    """What to write instead of a number typed as text: '１６，４０１' -> ' (write 16401: …)'."""
    if isinstance(value, bool):
        return " (write the number itself)"
    if not isinstance(value, str):
        return ""
    text = re.sub(r"[,\s]", "", unicodedata.normalize("NFKC", value))
    if _PLAIN_NUMBER.fullmatch(text):
        text = re.sub(r"^([-+]?)0+(?=\d)", r"\1", text)  # 0110 is not octal here: 110
        return f" (write {text}: digits only, without commas, units or full-width characters)"
    return " (write digits only, without commas, units or full-width characters, e.g. 16401)"


def _fiscal_year(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PydanticCustomError(
            "fiscal_year",
            "expected a fiscal year such as 2027, got {got}{hint}",
            {"got": _describe(value), "hint": fiscal_year_hint(value)},
        )
    if not FIRST_FISCAL_YEAR <= value <= LAST_FISCAL_YEAR:
        raise PydanticCustomError(
            "fiscal_year_range",
            "expected a fiscal year between {low} and {high} such as 2027, got {got}",
            {"low": FIRST_FISCAL_YEAR, "high": LAST_FISCAL_YEAR, "got": value},
        )
    return value


FiscalYear = Annotated[int, BeforeValidator(_fiscal_year)]


def _number(value: Any) -> float | int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PydanticCustomError(
            "number", "expected a number such as 16401 or 18.8, got {got}{hint}",
            {"got": _describe(value), "hint": number_hint(value)},
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise PydanticCustomError(
            "finite_number", "expected a finite number, got {got}", {"got": repr(value)}
        )
    if abs(value) >= MAX_NUMBER:
        raise PydanticCustomError("number_too_large", TOO_LARGE, {"got": repr(value)})
    return value


MAX_NUMBER = 10**15  # more than any count or yen amount in a plan; the site computes with 28 digits
TOO_LARGE = "expected a number below 1,000,000,000,000,000, got {got} (a typing or paste error?)"


Number = Annotated[int | float, BeforeValidator(_number)]


def _non_negative(value: float | int) -> float | int:
    if value < 0:
        raise PydanticCustomError(
            "non_negative", "expected zero or a positive number, got {got}", {"got": value}
        )
    return value


Count = Annotated[Number, AfterValidator(_non_negative)]

Slug = Annotated[
    str,
    Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", min_length=1, max_length=80),
]


def _text(value: Any) -> str:
    if not isinstance(value, str):
        hint = ' (put the text in quotes: "…")' if isinstance(value, (bool, int, float, dt.date)) else ""
        raise PydanticCustomError(
            "text", "expected text, got {got}{hint}", {"got": _describe(value), "hint": hint}
        )
    if not value.strip():
        raise PydanticCustomError("empty_text", "expected some text, got an empty string", {})
    return value


NonEmptyStr = Annotated[str, BeforeValidator(_text)]


class Record(BaseModel):
    """Base for every record: unknown keys are errors, nothing is coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Text(Record):
    """Reader-facing text in both languages."""

    ja: NonEmptyStr
    en: NonEmptyStr


class Printed(Record):
    """A number exactly as the source prints it, full-width digits, ％ and words (増, 程度) and all.
    Japanese pages show this text; computation, charts and English pages use the record's value."""

    ja: NonEmptyStr = Field(description="the value exactly as printed in the source, e.g. ７％増 or １６，４０１件; "
                            "it must say the same number as value:")


PRINTED_DESCRIPTION = (
    "the value exactly as the source prints it, where that differs from how the site writes the number "
    "(full-width digits, ％, 増, 程度): printed: {ja: １６，４０１件}. Japanese pages show it; English pages and "
    "computation use value:. dxplans check holds that it says the same number as value:")


def _printed_agrees(printed: Printed | None, info: ValidationInfo) -> Printed | None:
    """printed: {ja: …} must say its record's value (checked where it is written, with both languages)."""
    value = info.data.get("value")
    if printed is not None and value is not None:
        problem = disagreement(printed.ja, value)
        if problem:
            raise PydanticCustomError("printed_disagrees", problem, {})
    return printed


class SourceRef(Record):
    """Where in the source document a fact comes from."""

    page: int | None = Field(default=None, ge=1, description="page number printed in the source")
    section: str | None = Field(default=None, description="section heading in the source, in Japanese")
    department: Text | None = Field(default=None, description="department that supplied a value")
    url: str | None = Field(default=None, pattern=r"^https://",
                            description="address of the page or document the fact is published in (https://…)")

    @model_validator(mode="after")
    def _needs_something(self) -> SourceRef:
        if self.page is None and self.section is None and self.department is None and self.url is None:
            raise PydanticCustomError(
                "empty_source", "a source needs at least a page, a section, a department or a url", {}
            )
        return self


class AsOf(Record):
    """The date or fiscal year a figure is as of: exactly one of the two."""

    fiscal_year: FiscalYear | None = None
    date: dt.date | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> AsOf:
        if (self.fiscal_year is None) == (self.date is None):
            raise PydanticCustomError(
                "as_of", "write either fiscal_year: 2024 or date: 2024-04-01 (one of the two)", {}
            )
        return self


# --------------------------------------------------------------------------
# Basis: how a value is known (stated / reconstructed / inferred, and why)
# --------------------------------------------------------------------------

BasisKind = Literal["stated", "reconstructed", "inferred"]
BASIS_KINDS: tuple[str, ...] = ("stated", "reconstructed", "inferred")


class Basis(Record):
    """How one value of a record is known. Every value without an entry is stated: the source
    prints it. reconstructed = the source gives it, but its layout was lost and we rebuilt it
    (a roadmap bar read from cell widths); inferred = the source does not state it outright and
    we concluded it (a completion year, a baseline year, a grouping, an attribution)."""

    kind: BasisKind = Field(description="stated = printed in the source; reconstructed = rebuilt from the "
                            "source's layout; inferred = concluded, not stated outright")
    reason: Text | None = Field(default=None, description="why the value is what it is (required unless stated)")
    source: SourceRef | None = Field(default=None, description="where in the source the evidence is")

    @model_validator(mode="after")
    def _reason_needed(self) -> Basis:
        if self.kind != "stated" and self.reason is None:
            raise PydanticCustomError(
                "basis_reason",
                "{word}（{kind}）の値には理由が必要です — reason: {ja: …, en: …} を書いてください\n"
                "    English: an {kind} value needs its reason — add reason: {ja: …, en: …}",
                {"kind": self.kind, "word": {"inferred": "推定", "reconstructed": "再構成"}[self.kind]},
            )
        return self


def basis_target(record: BaseModel, key: str) -> tuple[str, Any]:
    """What a basis key points at in record: ("", value) or (problem, None).

    A key is a field name of the record ("completed_fy") or a dotted path into a nested record
    ("target.fiscal_year"); never into a list, never to "basis" itself."""
    current: Any = record
    for part in key.split("."):
        fields = [n for n in type(current).model_fields if n != "basis"] if isinstance(current, BaseModel) else []
        if part not in fields:
            return (f"unknown:{part}:{','.join(fields)}", None)
        current = getattr(current, part)
    if current is None or current == [] or current == {}:
        return ("empty", None)
    return ("", current)


class Based(Record):
    """A record whose values may each carry a basis: basis: {field: {kind, reason}}."""

    basis: dict[str, Basis] = Field(
        default={},
        description="how a value of this record is known, by field name: "
        "{completed_fy: {kind: inferred, reason: {ja: …, en: …}}}; leave out for values the source prints",
    )

    @model_validator(mode="after")
    def _basis_fields(self) -> Based:
        for key in self.basis:
            problem, _ = basis_target(self, key)
            if problem.startswith("unknown:"):
                _, part, fields = problem.split(":", 2)
                raise PydanticCustomError(
                    "basis_field",
                    "「{field}」はこの記録の項目ではありません — 根拠を付ける項目名を書いてください（{allowed}）\n"
                    "    English: '{field}' is not a field of this record — write the name of the field "
                    "the basis is for, one of: {allowed}",
                    {"field": key, "part": part, "allowed": fields.replace(",", ", ") or "(none)"},
                )
            if problem == "empty":
                raise PydanticCustomError(
                    "basis_field",
                    "「{field}」には値がありません — 値を書くか、この根拠を削除してください\n"
                    "    English: '{field}' has no value in this record — give the value or remove this basis",
                    {"field": key, "allowed": ""},
                )
        return self

    def basis_of(self, key: str) -> Basis | None:
        """The basis of a value, None when the source states it (no entry or kind stated)."""
        entry = self.basis.get(key)
        return entry if entry is not None and entry.kind != "stated" else None


# --------------------------------------------------------------------------
# Units (data/units.yml)
# --------------------------------------------------------------------------


class Unit(Record):
    id: Slug
    ja: str = Field(description="suffix written after the number in Japanese, e.g. 件")
    en: str = Field(description="word written after the number in English (plural), e.g. procedures")
    en_one: str | None = Field(default=None, description="English singular, when it differs")
    en_space: bool = Field(default=True, description="whether English puts a space before the word")
    percent: bool = Field(default=False, description="true for percentages (0–100)")
    integer: bool = Field(default=False, description="true for counts that must be whole numbers")


class UnitsFile(Record):
    units: list[Unit]


# --------------------------------------------------------------------------
# Plan identity (data/plans/<plan>/plan.yml)
# --------------------------------------------------------------------------


class Published(Based):
    year: int = Field(ge=FIRST_FISCAL_YEAR, le=LAST_FISCAL_YEAR)
    month: int | None = Field(default=None, ge=1, le=12)
    note: Text | None = Field(default=None, description="why the month or year is uncertain")


class Period(Based):
    """Plan period in fiscal years (April–March), inclusive."""

    start_fy: FiscalYear | None = None
    end_fy: FiscalYear | None = Field(default=None, description="leave out when the source states no end")
    start_month: str | None = Field(
        default=None, pattern=r"^\d{4}-\d{2}$", description="when the source gives months, e.g. 2026-04"
    )
    end_month: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}$")
    note: Text | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.start_fy is None and self.end_fy is None and self.note is None:
            raise PydanticCustomError(
                "period_unknown", "give start_fy or end_fy, or a note saying the source states no period", {}
            )
        if self.start_fy is not None and self.end_fy is not None and self.start_fy > self.end_fy:
            raise PydanticCustomError(
                "period_order", "start_fy ({start}) is after end_fy ({end})",
                {"start": self.start_fy, "end": self.end_fy},
            )
        return self


class YearSpan(Record):
    start_fy: FiscalYear
    end_fy: FiscalYear


class Source(Based):
    file: str = Field(description="internal: the seed text file the data was read from; never shown to readers "
                      "nor published in open data")
    title: Text
    publisher: Text
    url: str | None = Field(default=None, pattern=r"^https://",
                            description="the address where the city publishes the original, found on its own site")
    where: Text | None = Field(default=None, description="where the original is published, in words, "
                               "when no address on the city's own site is known")


class Department(Based):
    id: Slug
    name: Text


class DepartmentsFile(Record):
    departments: list[Department] = []


class ListItem(Based):
    id: Slug | None = Field(
        default=None, description="needed only to show the item alone, e.g. a printed heading: {{ heading(plan, id) }}"
    )
    code: str | None = Field(default=None, description="label printed before the item, e.g. 第1条 or ①")
    text: Text
    detail: Text | None = None


class TextList(Based):
    """An enumeration printed in the source: 12 principles, priorities as cited, roles…"""

    id: Slug
    title: Text
    intro: Text | None = None
    ordered: bool = True
    items: list[ListItem] = Field(min_length=1)
    source: SourceRef | None = None


class Event(Based):
    """A dated event the plan cites: a law, a national plan, the city's own earlier policy."""

    id: Slug
    year: int = Field(ge=1945, le=LAST_FISCAL_YEAR)
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)
    label: Text
    printed: str | None = Field(
        default=None,
        description="the date exactly as the source prints it, e.g. 2021年（令和3年） or 令和３年１２月; "
        "Japanese pages show it instead of the date written from year/month",
    )
    source: SourceRef | None = None

    @model_validator(mode="after")
    def _printed_names_the_year(self) -> Event:
        if self.printed is not None:
            western = re.findall(r"\d{4}", unicodedata.normalize("NFKC", self.printed))
            if western and str(self.year) not in western:
                raise PydanticCustomError(
                    "printed_year", "printed {printed!r} names another year than year: {year}",
                    {"printed": self.printed, "year": self.year},
                )
        return self


class Plan(Based):
    id: Slug
    pages: list[Slug] = Field(
        default=[], description="order of the plan's pages in the navigation (file names without .md)"
    )
    municipality: Text
    prefecture: Text
    title: Text
    kind: Literal["plan", "policy"] = Field(description="plan = 計画, policy = 方針")
    version: Text | None = None
    published: Published
    period: Period
    roadmap_years: YearSpan | None = Field(
        default=None, description="the fiscal years the roadmap tables show (may reach before the period)"
    )
    goal_label: Text | None = Field(
        default=None,
        description="the label the source prints for its 目標 row or column (milestones:), exactly as printed "
        "(目 標); pages show it above each initiative's milestones. Leave out where the source prints none: "
        "the site then writes its own 目標事項 / Target milestones",
    )
    source: Source
    summary: Text
    lists: list[TextList] = []
    timeline: list[Event] = Field(default=[], description="dated events cited by the plan, oldest first")
    units: list[Unit] = Field(
        default=[], description="units this plan adds to data/units.yml (ids must not be in units.yml)")
    source_sections: list[Text] = Field(
        default=[],
        description="the English name of each section of the source that this plan's records cite as "
        "source: {section: …}: ja exactly as cited, en our translation. English pages show the English name "
        "with the source's own Japanese title beside it, quoted",
    )


# --------------------------------------------------------------------------
# Initiatives and roadmaps (initiatives.yml)
# --------------------------------------------------------------------------


class Group(Based):
    """A node of the plan's structure: a pillar, a policy, an area, a 項目."""

    id: Slug
    code: str | None = Field(default=None, description="label as printed, e.g. A or A-①")
    parent: Slug | None = None
    title: Text
    heading: Text | None = Field(
        default=None,
        description="the group's heading exactly as the source prints it, with its number "
        "(＜基本方針１－（１）＞行政窓口のデジタル化); shown by group_title() instead of the title",
    )
    summary: Text | None = Field(default=None, description="aims or background of the group")
    reviewed_edition: Text | None = Field(
        default=None,
        description="set where the plan reviews the actions of an earlier edition (前版（第1.1版）): the "
        "initiatives under this group are that edition's results, not initiatives of this plan",
    )


class RoadmapStep(Based):
    """One bar of a roadmap: work done or planned over one or more fiscal years."""

    start_fy: FiscalYear
    end_fy: FiscalYear
    text: Text

    @model_validator(mode="after")
    def _ordered(self) -> RoadmapStep:
        if self.start_fy > self.end_fy:
            raise PydanticCustomError(
                "step_order", "start_fy ({start}) is after end_fy ({end})",
                {"start": self.start_fy, "end": self.end_fy},
            )
        return self


class Milestone(Based):
    """目標事項 / 目標: what is to be reached, and by when."""

    fiscal_year: FiscalYear | None = None
    timing: Literal["by", "in", "from"] = Field(
        default="by", description="by = までに / まで, in = 年度中, from = から"
    )
    timing_note: Text | None = Field(default=None, description="e.g. from the second half of the year")
    text: Text


class YearRow(Based):
    """A per-fiscal-year row: what is done (取組) and what is aimed at (目標) that year."""

    fiscal_year: FiscalYear
    actions: Text | None = None
    goal: Text | None = None


class Initiative(Based):
    id: Slug
    group: Slug
    code: str | None = None
    title: Text
    current_state: Text | None = Field(default=None, description="現状・課題 paragraph")
    direction: Text | None = Field(default=None, description="the ● line: what the city will do")
    content: Text | None = Field(default=None, description="取組内容 where the source gives one")
    purpose: Text | None = Field(default=None, description="目的")
    departments: list[Slug] = []
    status: Literal["planned", "ongoing", "completed"] | None = Field(
        default=None,
        description="leave out when the source does not say; completed needs completed_fy or completed_by_fy",
    )
    completed_fy: FiscalYear | None = Field(default=None, description="the fiscal year the source says it was completed")
    completed_by_fy: FiscalYear | None = Field(
        default=None,
        description="completed by the end of this fiscal year, where the source gives no exact year "
        "(e.g. 令和６年度末までに完了した取組事項)",
    )
    completion_planned_fy: FiscalYear | None = None
    grade: Literal["A", "B", "C", "D"] | None = Field(
        default=None, description="self-assessed achievement grade, where the plan reviews its actions"
    )
    new_in_plan: bool = Field(default=False, description="新規: added when the plan replaced the policy")
    roadmap: list[RoadmapStep] = []
    milestones: list[Milestone] = []
    years: list[YearRow] = []
    note: Text | None = None

    @model_validator(mode="after")
    def _completion_consistent(self) -> Initiative:
        if self.status == "completed" and self.completed_fy is None and self.completed_by_fy is None:
            raise PydanticCustomError(
                "completed_fy", "a completed initiative needs completed_fy: the fiscal year it was completed "
                "(or completed_by_fy when the source only says by when)", {}
            )
        if self.status != "completed" and (self.completed_fy is not None or self.completed_by_fy is not None):
            key = "completed_fy" if self.completed_fy is not None else "completed_by_fy"
            raise PydanticCustomError(
                "completed_status", f"{key} is set, so status must be completed", {}
            )
        if self.completed_fy is not None and self.completed_by_fy is not None:
            raise PydanticCustomError(
                "completed_both", "write completed_fy (the year it was completed) or completed_by_fy "
                "(completed by the end of that year), not both", {}
            )
        return self


class InitiativesFile(Record):
    groups: list[Group] = []
    initiatives: list[Initiative] = []


# --------------------------------------------------------------------------
# KPIs (kpis.yml)
# --------------------------------------------------------------------------


class Observation(Based):
    fiscal_year: FiscalYear
    value: Number
    printed: Printed | None = Field(default=None, description=PRINTED_DESCRIPTION)
    as_of: dt.date | None = Field(default=None, description="date the value was measured, if known")
    source: SourceRef

    _printed = field_validator("printed")(_printed_agrees)


class Target(Based):
    fiscal_year: FiscalYear
    value: Number
    printed: Printed | None = Field(
        default=None, description=PRINTED_DESCRIPTION + ". For a change or a bound, the whole amount as "
        "printed (７％増, ８０％以上); the site keeps its words for the kind (前年度比, 毎年度) in front of it")
    kind: Literal["level", "each_year", "change_per_year", "change_from_baseline"] = Field(
        default="level",
        description="level = reach this value; each_year = this value in every fiscal year (1,000人/年); "
        "change_per_year = change by this much each year; "
        "change_from_baseline = change by this much (in the unit) against the baseline",
    )
    bound: Literal["exact", "at_least", "at_most"] = "exact"
    beyond_period: bool = Field(
        default=False, description="true when the source sets the target for a year after the plan period")
    source: SourceRef
    note: Text | None = None

    _printed = field_validator("printed")(_printed_agrees)


class Planned(Based):
    """A value the plan sets for one fiscal year (年度別の計画値), kept apart from the results."""

    fiscal_year: FiscalYear
    value: Number
    printed: Printed | None = Field(default=None, description=PRINTED_DESCRIPTION)
    source: SourceRef | None = None

    _printed = field_validator("printed")(_printed_agrees)


class Kpi(Based):
    id: Slug
    initiative: Slug
    name: Text
    unit: Slug
    direction: Literal["increase", "decrease"]
    baseline: Observation | None = Field(default=None, description="leave out when the source gives no number")
    baseline_text: Text | None = Field(
        default=None, description="the baseline as printed when it is not a number (e.g. 未実施, 新規)")
    actuals: list[Observation] = Field(default=[], description="results after the baseline, one per fiscal year")
    planned: list[Planned] = Field(
        default=[], description="values the plan sets for each fiscal year, as printed (results go in actuals)")
    target: Target
    step_per_year: Number | None = Field(
        default=None,
        description="planned change each fiscal year, signed (10 = up ten a year, -5 = down five a year)",
    )
    update_frequency: Literal["yearly", "monthly", "once"] = "yearly"
    note: Text | None = None


class KpisFile(Record):
    kpis: list[Kpi] = []


# --------------------------------------------------------------------------
# Tables (tables.yml)
# --------------------------------------------------------------------------


class Derivation(Record):
    """How a derived column is computed from other columns of the same row."""

    rule: Literal["ratio", "sum", "difference"]
    inputs: list[Slug] = Field(min_length=2, description="for ratio: [numerator, denominator]")
    scale: Number = Field(default=1, description="100 for a percentage")
    precision: int = Field(default=0, ge=0, le=6, description="digits after the decimal point")
    rounding: Literal["half_up", "down"] = "half_up"


class Column(Record):
    id: Slug
    header: Text
    type: Literal["text", "code", "number", "fiscal_year", "date", "department", "derived"]
    unit: Slug | None = None
    derived: Derivation | None = None

    @model_validator(mode="after")
    def _derived_has_rule(self) -> Column:
        if (self.type == "derived") != (self.derived is not None):
            raise PydanticCustomError(
                "derived", "a column of type derived needs derived: {{rule, inputs}}, and only it", {}
            )
        return self


Cell = Text | Number | str | dt.date | None


class Table(Based):
    id: Slug
    title: Text
    caption: Text | None = None
    note: Text | None = None
    group: Slug | None = Field(default=None, description="group or initiative the table belongs to")
    as_of: AsOf
    source: SourceRef
    columns: list[Column] = Field(min_length=1)
    rows: list[dict[str, Any]] = Field(min_length=1)


class TablesFile(Record):
    tables: list[Table] = []


# --------------------------------------------------------------------------
# Figures quoted in prose (figures.yml)
# --------------------------------------------------------------------------


class FigureCheck(Record):
    """How the site recounts a figure the source prints about the plan itself."""

    rule: Literal["count_initiatives", "count_graded", "share_graded"]
    grades: list[Literal["A", "B", "C", "D"]] = Field(default=[], description="for count_graded / share_graded")
    group: Slug | None = Field(default=None, description="count only initiatives under this group")
    precision: int = Field(default=0, ge=0, le=3, description="decimals the source prints")


class Figure(Based):
    id: Slug
    label: Text
    value: Number
    printed: Printed | None = Field(default=None, description=PRINTED_DESCRIPTION)
    unit: Slug
    as_of: AsOf
    source: SourceRef
    note: Text | None = None
    check: FigureCheck | None = Field(
        default=None, description="recount the printed figure from the records (grades, initiatives)"
    )

    _printed = field_validator("printed")(_printed_agrees)


class FiguresFile(Record):
    figures: list[Figure] = []


# --------------------------------------------------------------------------
# Glossary (glossary.yml)
# --------------------------------------------------------------------------


class Term(Based):
    id: Slug
    term: Text
    reading: str = Field(pattern=r"^[ぁ-ゖー・ 　a-zA-Z0-9]+$", description="よみ in hiragana, for 五十音順")
    abbreviation: str | None = None
    full_name: Text | None = Field(default=None, description="what an abbreviation stands for")
    definition: Text
    marker: str | None = Field(default=None, description="the mark the source puts after the term: ※ or *")
    page: int | None = Field(default=None, ge=1, description="page of the source glossary")


class GlossaryFile(Record):
    terms: list[Term] = []


# --------------------------------------------------------------------------
# National reference (data/national/plans.yml) and each plan's mapping to it
# --------------------------------------------------------------------------


class NationalPriority(Record):
    """One 重点取組事項 as worded in one version; the id is shared across versions."""

    id: Slug
    title: Text


class NationalVersion(Record):
    id: Slug
    title: Text
    edition: Text = Field(description="初版 / 第3.0版 / 第5.0版")
    published: Published
    priorities: list[NationalPriority] = Field(min_length=1)
    source: Text = Field(description="which plan(s) cite this version, and where")


class NationalFile(Record):
    versions: list[NationalVersion] = Field(min_length=1)


class PriorityLink(Based):
    """An initiative serves a national priority, and why we say so."""

    initiative: Slug
    priority: Slug
    reason: Text = Field(description="why the link holds: the plan's own words or the shared subject")


class PrioritiesFile(Record):
    links: list[PriorityLink] = []


# --------------------------------------------------------------------------
# English renderings of recurring terms (data/terms.yml; checked by checks/terms.py)
# --------------------------------------------------------------------------


class TermRule(Record):
    """One recurring term of data/terms.yml: its Japanese spellings and its one English rendering."""

    ja: list[str] = Field(min_length=1, description="the term as Japanese texts write it, every spelling")
    en: str = Field(min_length=1, description="the English rendering")
    accept: list[str] = Field(default=[], description="other English forms that count as the rendering")
    avoid: list[str] = Field(default=[], description="English forms not to use for this term")
    check: bool = Field(default=True, description="false: guidance only (avoid: is still checked)")
    unless: list[str] = Field(default=[], description="Japanese phrases that contain the term but mean "
                              "something else (自治体DX推進計画ポータル, the site's own name)")


class TermsFile(Record):
    terms: list[TermRule]


# --------------------------------------------------------------------------
# Which file holds which model
# --------------------------------------------------------------------------

PLAN_FILES: dict[str, type[Record]] = {
    "plan.yml": Plan,
    "departments.yml": DepartmentsFile,
    "initiatives.yml": InitiativesFile,
    "kpis.yml": KpisFile,
    "tables.yml": TablesFile,
    "figures.yml": FiguresFile,
    "glossary.yml": GlossaryFile,
    "priorities.yml": PrioritiesFile,
}
REQUIRED_PLAN_FILES = ("plan.yml",)
