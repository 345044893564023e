"""data/ -> a validated Site, or every problem found, each with file:line.

Three passes, each reporting all it finds before stopping:
1. read every YAML file (syntax, duplicate keys, encoding);
2. validate each file against its model (types, required and unknown fields);
3. check references across records (ids exist, are unique, years fit the plan).
"""

from __future__ import annotations

import contextlib
import difflib
import gc
import math
import os
import re
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from macros.core import models as m
from macros.core import prefectures
from macros.core.compute import derive
from macros.core.messages import staff_text
from macros.core.printed import disagreement
from macros.core.untrusted import quoted, symlink_message
from macros.core.yamlread import Problem, YamlDoc, YamlError, format_path, read_yaml

SCHEMA_HINT = "# yaml-language-server: $schema="


@dataclass
class PlanData:
    plan: m.Plan
    groups: list[m.Group] = field(default_factory=list)
    initiatives: list[m.Initiative] = field(default_factory=list)
    departments: list[m.Department] = field(default_factory=list)
    kpis: list[m.Kpi] = field(default_factory=list)
    tables: list[m.Table] = field(default_factory=list)
    figures: list[m.Figure] = field(default_factory=list)
    terms: list[m.Term] = field(default_factory=list)
    priority_links: list[m.PriorityLink] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.plan.id

    def group(self, group_id: str) -> m.Group:
        return _find(self.groups, group_id, f"group of plan {self.id}")

    def initiative(self, initiative_id: str) -> m.Initiative:
        return _find(self.initiatives, initiative_id, f"initiative of plan {self.id}")

    def kpi(self, kpi_id: str) -> m.Kpi:
        return _find(self.kpis, kpi_id, f"KPI of plan {self.id}")

    def table(self, table_id: str) -> m.Table:
        return _find(self.tables, table_id, f"table of plan {self.id}")

    def figure(self, figure_id: str) -> m.Figure:
        return _find(self.figures, figure_id, f"figure of plan {self.id}")

    def text_list(self, list_id: str) -> m.TextList:
        return _find(self.plan.lists, list_id, f"list of plan {self.id}")

    def department(self, department_id: str) -> m.Department:
        return _find(self.departments, department_id, f"department of plan {self.id}")

    def children(self, group_id: str | None) -> list[m.Group]:
        return [g for g in self.groups if g.parent == group_id]

    def initiatives_of(self, group_id: str) -> list[m.Initiative]:
        return [i for i in self.initiatives if i.group == group_id]

    def kpis_of(self, initiative_id: str) -> list[m.Kpi]:
        return [k for k in self.kpis if k.initiative == initiative_id]

    def reviewed_edition(self, ini: m.Initiative) -> m.Text | None:
        """The earlier edition an initiative belongs to, where the plan only reviews it (else None)."""
        seen: set[str] = set()
        group_id: str | None = ini.group
        while group_id is not None and group_id not in seen:
            seen.add(group_id)
            group = next((g for g in self.groups if g.id == group_id), None)
            if group is None:
                return None
            if group.reviewed_edition is not None:
                return group.reviewed_edition
            group_id = group.parent
        return None

    def current_initiatives(self) -> list[m.Initiative]:
        """The plan's own initiatives, without the earlier edition's actions it reviews."""
        return [i for i in self.initiatives if self.reviewed_edition(i) is None]


@dataclass
class Site:
    units: dict[str, m.Unit]
    plans: dict[str, PlanData]
    national: list[m.NationalVersion] = field(default_factory=list)

    def priorities(self) -> dict[str, m.NationalPriority]:
        """Every national priority by id, worded as in the newest version that has it."""
        out: dict[str, m.NationalPriority] = {}
        for version in sorted(self.national, key=lambda v: (v.published.year, v.published.month or 0)):
            for priority in version.priorities:
                out[priority.id] = priority
        return out

    def plan(self, plan_id: str) -> PlanData:
        if plan_id not in self.plans:
            raise KeyError(f"no plan with id '{plan_id}'; known plans: {', '.join(sorted(self.plans))}")
        return self.plans[plan_id]

    def unit(self, unit_id: str) -> m.Unit:
        return self.units[unit_id]


class DataError(Exception):
    """The data cannot be used; .problems says why, each located."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(f"{len(self.problems)} problem(s) in data/:\n"
                         + "\n".join(staff_text(p) for p in self.problems))


def _find(items: Iterable[Any], item_id: str, what: str) -> Any:
    for item in items:
        if item.id == item_id:
            return item
    raise KeyError(f"no {what} with id '{item_id}'")


# --------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------


def load_site(root: Path) -> Site:
    """Load and check everything under root/data; raise DataError listing every problem."""
    with _no_cycle_collection():
        return _load_site(Path(root))


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while the data is read.

    Why: reading 1,741 plans makes millions of dicts, lists and models, none of them in a cycle,
    and the collector walks all of them again each time enough new ones have been made: about
    half of load_site's time. Nothing is lost; cycles made meanwhile are collected afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load_site(root: Path) -> Site:
    problems: list[Problem] = []
    docs: dict[str, YamlDoc] = {}
    units_file = root / "data" / "units.yml"
    broken_units: dict[str, set[str]] = {}
    units = _load_model(root, units_file, m.UnitsFile, problems, docs, broken_units)
    plans: dict[str, PlanData] = {}
    checked: list[PlanData] = []  # every plan folder, also those whose plan.yml has problems
    plans_dir = root / "data" / "plans"
    for plan_dir in sorted(p for p in plans_dir.iterdir() if p.is_dir()) if _readable(root, plans_dir, problems) else []:
        if not _readable(root, plan_dir, problems):
            continue
        plan_data = _load_plan(root, plan_dir, problems, docs)
        checked.append(plan_data)
        if plan_data.plan is not None:
            plans[plan_dir.name] = plan_data
    if not plans and not problems:
        problems.append(Problem("data/plans", 0, "", "no plan folders found; each plan needs data/plans/<id>/plan.yml"))
    unit_map = {u.id: u for u in units.units} if units else {}
    national_file = root / "data" / "national" / "plans.yml"
    national = _load_model(root, national_file, m.NationalFile, problems, docs) \
        if os.path.lexists(national_file) else None
    priority_ids = {p.id for v in national.versions for p in v.priorities} if national else set()
    if units:
        rel = _rel(root, units_file)
        problems += _unique(_Locator({"units": rel}, docs), "units", "units", units.units)
    # Every plan's ids, to say "it is in plan X" when a plan refers to another plan's record.
    # check_plan skips the plan's own entry (copying the index without it per plan is quadratic).
    index = {p._folder: _record_ids(p) for p in checked}  # type: ignore[attr-defined]
    local_units: dict[str, m.Unit] = {}   # units plans add (plan.yml units:), also shown by the renderers
    for plan_data in checked:
        own = _plan_units(plan_data, unit_map, local_units, docs, problems)
        problems += check_plan(plan_data, {**unit_map, **own}, docs, other_plans=index,
                               broken_units=broken_units.get("units", set()))
    unit_map = {**unit_map, **local_units}
    for plan_data in plans.values():
        problems += _check_priority_links(plan_data, priority_ids, docs)
    if problems:
        raise DataError(problems)
    return Site(units=unit_map, plans=plans, national=list(national.versions) if national else [])


def _plan_units(data: PlanData, shared: dict[str, m.Unit], others: dict[str, m.Unit],
                docs: dict[str, YamlDoc], problems: list[Problem]) -> dict[str, m.Unit]:
    """The units a plan adds in plan.yml (units:), added to others; an id of data/units.yml, or one another
    plan defines differently, is refused (a unit id means one thing across the site)."""
    if data.plan is None or not data.plan.units:
        return {}
    at = _Locator(getattr(data, "_files", {n: n for n in m.PLAN_FILES}), docs)
    own: dict[str, m.Unit] = {}
    for index, unit in enumerate(data.plan.units):
        if unit.id in shared:
            problems.append(at("plan.yml", ("units", index, "id"),
                               f"the unit '{unit.id}' is already in data/units.yml; use it as it is, or give this "
                               "unit another id"))
        elif unit.id in others and others[unit.id] != unit:
            problems.append(at("plan.yml", ("units", index, "id"),
                               f"another plan defines the unit '{unit.id}' differently; give this unit another id"))
        elif unit.id in own:
            problems.append(at("plan.yml", ("units", index, "id"),
                               f"the id '{unit.id}' is used twice (also units[{list(own).index(unit.id)}]); "
                               "ids must be unique"))
        else:
            own[unit.id] = unit
    others.update(own)
    return own


def _readable(root: Path, path: Path, problems: list[Problem]) -> bool:
    """False for a path that is, or lies inside, a symbolic link: reported (as the link's own path,
    as macros/checks/files.py reports it) and never followed, so no byte of its target is read."""
    for step in [*reversed(path.relative_to(root).parents), path.relative_to(root)]:
        if step != Path(".") and (root / step).is_symlink():
            problems.append(Problem(step.as_posix(), 0, "", symlink_message()))
            return False
    return path.exists()


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _load_plan(root: Path, plan_dir: Path, problems: list[Problem], docs: dict[str, YamlDoc]) -> PlanData:
    """The plan's records; .plan is None when plan.yml cannot be used (its problems are reported)."""
    loaded: dict[str, Any] = {}
    broken: dict[str, set[str]] = {}
    for name, model in m.PLAN_FILES.items():
        path = plan_dir / name
        if not os.path.lexists(path):
            if name in m.REQUIRED_PLAN_FILES:
                problems.append(Problem(_rel(root, path), 0, "", f"missing: every plan folder needs {name}"))
            continue
        loaded[name] = _load_model(root, path, model, problems, docs, broken)
    for extra in sorted(plan_dir.glob("*")):
        if extra.name not in m.PLAN_FILES:
            guess = _guess(extra.name, list(m.PLAN_FILES))
            problems.append(Problem(_rel(root, extra), 0, "", "unexpected file in a plan folder"
                                    + (f" (did you mean {guess}?)" if guess else "")
                                    + f"; the allowed files are {', '.join(m.PLAN_FILES)}"))
    plan = loaded.get("plan.yml")
    rel_plan = _rel(root, plan_dir / "plan.yml")
    if plan is not None and plan.id != plan_dir.name:
        problems.append(Problem(rel_plan, docs[rel_plan].line_of(("id",)), "id",
                                f"the plan id must equal its folder name '{plan_dir.name}', got \"{plan.id}\""))
    data = PlanData(plan=plan)
    data._files = {name: _rel(root, plan_dir / name) for name in m.PLAN_FILES}  # type: ignore[attr-defined]
    data._folder = plan_dir.name  # type: ignore[attr-defined]
    data._broken = broken  # type: ignore[attr-defined]
    if (ini := loaded.get("initiatives.yml")) is not None:
        data.groups, data.initiatives = list(ini.groups), list(ini.initiatives)
    if (d := loaded.get("departments.yml")) is not None:
        data.departments = list(d.departments)
    if (k := loaded.get("kpis.yml")) is not None:
        data.kpis = list(k.kpis)
    if (t := loaded.get("tables.yml")) is not None:
        data.tables = list(t.tables)
    if (f := loaded.get("figures.yml")) is not None:
        data.figures = list(f.figures)
    if (g := loaded.get("glossary.yml")) is not None:
        data.terms = list(g.terms)
    if (pr := loaded.get("priorities.yml")) is not None:
        data.priority_links = list(pr.links)
    return data


def _load_model(root: Path, path: Path, model: type[BaseModel], problems: list[Problem],
                docs: dict[str, YamlDoc], broken: dict[str, set[str]] | None = None) -> Any:
    """The file's model; when some records have problems, the others (so that the cross-reference
    checks still run on them), with the ids of the failed records added to broken."""
    rel = _rel(root, path)
    if not _readable(root, path, problems) and os.path.lexists(path):
        _unreadable(model, broken)
        return None
    try:
        doc = read_yaml(path.read_bytes(), rel)
    except FileNotFoundError:
        problems.append(Problem(rel, 0, "", "missing file"))
        return None
    except YamlError as exc:
        problems.extend(exc.problems)
        _unreadable(model, broken)
        return None
    docs[rel] = doc
    problems.extend(doc.problems)
    if not isinstance(doc.data, dict):
        _unreadable(model, broken)
        got = "nothing" if doc.data is None else "a list" if isinstance(doc.data, list) else \
            f"a single value ({_describe(doc.data)})"
        first = next(iter(model.model_fields))
        problems.append(Problem(rel, 1, "", f"the file must start with its key, a line '{first}:' "
                                f"(allowed keys: {', '.join(model.model_fields)}), got {got}"))
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(_translate(exc, doc, rel, model))
        return _salvage(model, doc, broken if broken is not None else {})


def _salvage(model: type[BaseModel], doc: YamlDoc, broken: dict[str, set[str]]) -> Any:
    """For a file that is a set of lists of records (kpis.yml, tables.yml…): the records that are
    valid on their own. None for other files (plan.yml). Never shown: the build stops anyway."""
    kept: dict[str, list] = {}
    data = doc.data
    for name, info in model.model_fields.items():
        args = typing.get_args(info.annotation)
        if typing.get_origin(info.annotation) is not list or not args or not isinstance(args[0], type) \
                or not issubclass(args[0], BaseModel):
            return None
        kept[name] = []
        items = data.get(name)
        if items is not None and not isinstance(items, list):
            broken[name] = ANY
        positions = doc.positions.setdefault(name, [])
        for index, item in enumerate(items if isinstance(items, list) else []):
            try:
                kept[name].append(args[0].model_validate(item))
                positions.append(index)
            except ValidationError:
                if isinstance(item, dict) and isinstance(item.get("id"), str) and broken.get(name) is not ANY:
                    broken.setdefault(name, set()).add(item["id"])
    return model.model_construct(**kept)


class _AnyId(frozenset):
    """The ids of a file that could not be read: every reference into it is let through."""

    def __contains__(self, item: object) -> bool:
        return True


ANY = _AnyId()


def _unreadable(model: type[BaseModel], broken: dict[str, set[str]] | None) -> None:
    if broken is not None:
        for name in model.model_fields:
            broken[name] = ANY


def _ids(records: list, broken: set[str] | None) -> set[str]:
    if broken is ANY:
        return ANY
    return {r.id for r in records} | (broken or set())


def _record_ids(data: PlanData) -> dict[str, set[str]]:
    """Ids of a plan's records by kind, including records whose own checks failed."""
    broken = getattr(data, "_broken", {})
    return {
        "groups": _ids(data.groups, broken.get("groups")),
        "initiatives": _ids(data.initiatives, broken.get("initiatives")),
        "departments": _ids(data.departments, broken.get("departments")),
    }


def _guess(name: Any, allowed: list[str]) -> str | None:
    """The allowed name a misspelt one was probably meant to be."""
    lowered = {a.lower(): a for a in allowed}
    close = difflib.get_close_matches(str(name).lower(), list(lowered), n=1, cutoff=0.75)
    return lowered[close[0]] if close else None


# --------------------------------------------------------------------------
# Pydantic errors -> plain words
# --------------------------------------------------------------------------


def _translate(exc: ValidationError, doc: YamlDoc, rel: str, model: type[BaseModel]) -> list[Problem]:
    errors = exc.errors(include_url=False)
    # A misspelt key is both unknown ('sumary') and missing ('summary'): say it once, as a misspelling.
    misspelt = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            loc = tuple(err["loc"])
            guess = _guess(loc[-1], _allowed_fields(model, loc[:-1]))
            if guess:
                misspelt.add(loc[:-1] + (guess,))
    # A value the YAML reader refused (a tag, an alias, an impossible date) is reported there already.
    refused = {p.path for p in doc.problems}
    merged = {p.path for p in doc.problems if p.message.startswith("merge keys")}
    out = []
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] == "basis_field":  # point at the basis entry, not at the whole record
            loc = loc + ("basis", err["ctx"]["field"])
        path = format_path(loc)
        if err["type"] == "missing" and (loc in misspelt or format_path(loc[:-1]) in merged):
            continue
        if err["type"] not in ("missing", "extra_forbidden") and \
                any(r == path or r.startswith((path + ".", path + "[")) for r in refused):
            continue  # e.g. as_of needs a date, and the date was refused
        if err["type"] == "extra_forbidden" and (split := _comma_split(doc.data, loc)):
            # {value: 27,000件} is read as value: 27 and a field '000件': one mistake, one message
            out.append(Problem(rel, doc.line_of(loc), format_path(loc[:-1] + (split[0],)), split[1]))
            continue
        out.append(Problem(rel, doc.line_of(loc), format_path(loc), _message(err, loc, model)))
    return out


_AFTER_COMMA = re.compile(r"\d{3}(?:,\d{3})*(?:\.\d+)?\D*")


def _comma_split(data: Any, loc: tuple) -> tuple[str, str] | None:
    """(field, message) when the unknown key loc is the rest of a number typed with a comma inside a
    one-line {…} mapping: `value: 27,000件` there is read as `value: 27` and a field `000件`."""
    parent: Any = data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return None
    key = loc[-1]
    if not isinstance(parent, dict) or not isinstance(key, (str, int)) or parent.get(key) is not None:
        return None
    keys = list(parent)
    at = keys.index(key) if key in keys else -1
    if at < 1 or not _AFTER_COMMA.fullmatch(str(key)):
        return None
    before, number = keys[at - 1], parent[keys[at - 1]]
    if isinstance(number, bool) or not isinstance(number, int):
        return None
    typed = f"{number},{key}"
    digits = re.sub(r"[^\d.]", "", typed)
    return str(before), (f'"{before}: {typed}" in a one-line {{…}} mapping is read as two fields ({before}: {number} '
                         f"and '{key}'); write {before}: {digits} (digits only: no comma, no unit)")


_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "date_type": "a date such as 2025-04-01",
    "model_type": "a mapping of fields (key: value lines)",
    "dict_type": "a mapping of fields (key: value lines)",
    "list_type": "a list (lines starting with '- ')",
}


def _message(err: dict, loc: tuple, model: type[BaseModel]) -> str:
    kind, got = err["type"], err.get("input")
    if kind == "missing":
        return f"required field '{loc[-1]}' is missing; add a line '{loc[-1]}: …'"
    if kind == "extra_forbidden":
        allowed = _allowed_fields(model, loc[:-1])
        hint = f"; the allowed fields here are: {', '.join(allowed)}" if allowed else ""
        guess = _guess(loc[-1], allowed)
        return f"unknown field '{loc[-1]}' " + (f"(did you mean '{guess}'?)" if guess else "(is it misspelt?)") + hint
    if kind == "model_type" and _allowed_fields(model, loc) == ["ja", "en"]:
        return f"expected text in both languages, {{ja: …, en: …}}, got {_describe(got)}"
    if kind in _TYPE_WORDS:
        return f"expected {_TYPE_WORDS[kind]}, got {_describe(got)}"
    bounds = {"greater_than_equal": ("ge", "{} or more"), "less_than_equal": ("le", "{} or less"),
              "greater_than": ("gt", "more than {}"), "less_than": ("lt", "less than {}")}
    if kind in bounds and bounds[kind][0] in err.get("ctx", {}):
        key, words = bounds[kind]
        return f"expected {words.format(err['ctx'][key])}, got {_describe(got)}"
    if kind == "string_too_long":
        return f"expected at most {err.get('ctx', {}).get('max_length')} characters, got {len(str(got))}"
    if kind == "literal_error":
        options = err.get("ctx", {}).get("expected", "")
        return f"expected one of {options}, got {_describe(got)}"
    if kind == "string_pattern_mismatch" and loc and loc[-1] in ("id", "group", "parent", "unit", "initiative") \
            or kind == "string_pattern_mismatch" and isinstance(loc[-1], int):
        return (f"expected an id of lowercase ASCII letters, digits and hyphens such as line-friends, "
                f"got {_describe(got)}")
    if kind == "string_pattern_mismatch" and loc[-1] == "reading":
        return f"expected the reading in hiragana (よみ), got {_describe(got)}"
    if kind == "too_short":
        return "this list must not be empty"
    return err["msg"][0].lower() + err["msg"][1:] if err["msg"] else kind


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _allowed_fields(model: Any, loc: tuple) -> list[str]:
    """Field names of the model reached by following loc through the annotations."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel) and part in current.model_fields:
            current = current.model_fields[part].annotation
        else:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        names = list(current.model_fields)  # basis (models.Based) is inherited, so first: say it last
        return [n for n in names if n != "basis"] + (["basis"] if "basis" in names else [])
    return []


def _unwrap(annotation: Any) -> Any:
    """Optional[X] / Annotated[X, ...] -> X (lists are kept)."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


# --------------------------------------------------------------------------
# Cross-reference checks
# --------------------------------------------------------------------------


def plan_years(plan: m.Plan) -> m.YearSpan:
    """The fiscal years a plan's roadmaps and targets may use."""
    if plan.roadmap_years:
        return plan.roadmap_years
    start = plan.period.start_fy or plan.period.end_fy or m.FIRST_FISCAL_YEAR
    end = plan.period.end_fy or m.LAST_FISCAL_YEAR
    return m.YearSpan(start_fy=start, end_fy=end)


class _Locator:
    """Turn a (file, path) into a Problem with the right line."""

    def __init__(self, files: dict[str, str], docs: dict[str, YamlDoc]):
        self.files, self.docs = files, docs

    def __call__(self, name: str, path: tuple, message: str) -> Problem:
        rel = self.files[name]
        doc = self.docs.get(rel)
        if len(path) > 1 and isinstance(path[1], int):
            path = (path[0], self.position(name, path[0], path[1])) + tuple(path[2:])
        return Problem(rel, doc.line_of(path) if doc else 0, format_path(path), message)

    def position(self, name: str, key: str, index: int) -> int:
        """Index in the file of record index of list key (records with problems may have been left out)."""
        doc = self.docs.get(self.files[name])
        kept = doc.positions.get(key) if doc else None
        return kept[index] if kept else index


def check_plan(data: PlanData, units: dict[str, m.Unit], docs: dict[str, YamlDoc], *,
               other_plans: dict[str, dict[str, set[str]]] | None = None,
               broken_units: set[str] | frozenset[str] = frozenset()) -> list[Problem]:
    """Checks across the records of one plan. Runs also when some of its files have problems:
    data.plan may then be None (no year checks) and references to records that failed their own
    validation (data._broken, already reported) are not reported again.
    other_plans: ids by plan folder, to name the plan an unknown id belongs to (this plan's own
    entry, if there, is skipped)."""
    at = _Locator(getattr(data, "_files", {n: n for n in m.PLAN_FILES}), docs)
    plan = data.plan
    problems: list[Problem] = []
    problems += _unique(at, "departments.yml", "departments", data.departments)
    if plan is not None:
        problems += _check_prefecture(at, plan.prefecture)
        problems += _unique(at, "plan.yml", "lists", plan.lists)
    problems += _unique(at, "initiatives.yml", "groups", data.groups)
    problems += _unique(at, "initiatives.yml", "initiatives", data.initiatives)
    problems += _unique(at, "kpis.yml", "kpis", data.kpis)
    problems += _unique(at, "tables.yml", "tables", data.tables)
    problems += _unique(at, "figures.yml", "figures", data.figures)
    problems += _unique(at, "glossary.yml", "terms", data.terms)

    ids = _record_ids(data)
    group_ids, initiative_ids, department_ids = ids["groups"], ids["initiatives"], ids["departments"]
    years = plan_years(plan) if plan is not None else None
    unit_ids = ANY if broken_units is ANY else set(units) | set(broken_units)
    owner_ids = ANY if ANY in (group_ids, initiative_ids) else group_ids | initiative_ids
    own = getattr(data, "_folder", None)

    def elsewhere(kind: str, value: str) -> str:
        """Where else an unknown id is. Looks through every plan: call it only for an unknown id."""
        found = [plan_id for plan_id, known in sorted((other_plans or {}).items())
                 if plan_id != own and value in known.get(kind, ())]
        return f" in this plan ('{value}' is in plan '{found[0]}'; a plan may refer only to its own records)" \
            if found else ""

    for gi, group in enumerate(data.groups):
        if group.parent is not None and group.parent not in group_ids:
            problems.append(at("initiatives.yml", ("groups", gi, "parent"),
                               _unknown("group", group.parent, group_ids, elsewhere("groups", group.parent))))
    problems += _check_cycles(at, data.groups)

    for ii, ini in enumerate(data.initiatives):
        base = ("initiatives", ii)
        if ini.group not in group_ids:
            problems.append(at("initiatives.yml", base + ("group",),
                               _unknown("group", ini.group, group_ids, elsewhere("groups", ini.group))))
        for di, dep in enumerate(ini.departments):
            if dep not in department_ids:
                problems.append(at("initiatives.yml", base + ("departments", di),
                                   _unknown("department (in departments.yml)", dep, department_ids,
                                            elsewhere("departments", dep))))
        if years is None:
            continue
        for si, step in enumerate(ini.roadmap):
            for key in ("start_fy", "end_fy"):
                year = getattr(step, key)
                if not years.start_fy <= year <= years.end_fy:
                    problems.append(at("initiatives.yml", base + ("roadmap", si, key),
                                       _outside(year, years, "the roadmap years (plan.yml roadmap_years)")))
        for key in ("completed_fy", "completed_by_fy", "completion_planned_fy"):
            year = getattr(ini, key)
            if year is not None and not years.start_fy <= year <= years.end_fy:
                problems.append(at("initiatives.yml", base + (key,),
                                   _outside(year, years, "the roadmap years (plan.yml roadmap_years)")))

    for ki, kpi in enumerate(data.kpis):
        problems += _check_kpi(at, ki, kpi, initiative_ids, units, years, unit_ids,
                               elsewhere("initiatives", kpi.initiative) if kpi.initiative not in initiative_ids
                               else "")

    for fi, fig in enumerate(data.figures):
        if fig.unit not in unit_ids:
            problems.append(at("figures.yml", ("figures", fi, "unit"),
                               _unknown("unit (in data/units.yml)", fig.unit, unit_ids)))
        elif fig.unit in units:
            problems += _check_value(at, "figures.yml", ("figures", fi, "value"), units[fig.unit], fig.value)

    for ti, table in enumerate(data.tables):
        owner = table.group or ""
        unknown = table.group is not None and table.group not in owner_ids
        problems += _check_table(at, ti, table, units, owner_ids, department_ids, unit_ids,
                                 (elsewhere("groups", owner) or elsewhere("initiatives", owner)) if unknown else "")
    return problems


def _check_priority_links(data: PlanData, priority_ids: set[str], docs: dict[str, YamlDoc]) -> list[Problem]:
    at = _Locator(getattr(data, "_files", {n: n for n in m.PLAN_FILES}), docs)
    initiative_ids = _record_ids(data)["initiatives"]   # ANY when initiatives.yml could not be read
    out, seen = [], set()
    for index, link in enumerate(data.priority_links):
        base = ("links", index)
        if link.initiative not in initiative_ids:
            out.append(at("priorities.yml", base + ("initiative",),
                          _unknown(f"initiative of plan {data.id}", link.initiative, initiative_ids)))
        if link.priority not in priority_ids:
            out.append(at("priorities.yml", base + ("priority",),
                          _unknown("national priority (in data/national/plans.yml)", link.priority, priority_ids)))
        if (link.initiative, link.priority) in seen:
            out.append(at("priorities.yml", base, f"the link {link.initiative} → {link.priority} is listed twice"))
        seen.add((link.initiative, link.priority))
    return out


def _unique(at: _Locator, name: str, key: str, items: list) -> list[Problem]:
    seen: dict[str, int] = {}
    out = []
    for index, item in enumerate(items):
        if item.id in seen:
            out.append(at(name, (key, index, "id"),
                          f"the id '{item.id}' is used twice (also {key}[{at.position(name, key, seen[item.id])}]); "
                          "ids must be unique"))
        else:
            seen[item.id] = index
    return out


def _check_cycles(at: _Locator, groups: list[m.Group]) -> list[Problem]:
    parents = {g.id: g.parent for g in groups}
    out = []
    for index, group in enumerate(groups):
        seen, current = set(), group.id
        while current is not None and current in parents:
            if current in seen:
                out.append(at("initiatives.yml", ("groups", index, "parent"),
                              f"group '{group.id}' is inside itself through its parents; fix the parent chain"))
                break
            seen.add(current)
            current = parents[current]
    return out


def _check_prefecture(at: _Locator, prefecture: m.Text) -> list[Problem]:
    """The navigation groups plans by prefecture in code order: the name must be one of the 47."""
    if prefecture.ja not in prefectures.CODE_BY_JA:
        return [at("plan.yml", ("prefecture", "ja"),
                   f"'{prefecture.ja}' is not one of the 47 prefectures; write the full name, "
                   "as in 宮城県, 北海道, 東京都 or 大阪府")]
    expected = prefectures.EN_BY_JA[prefecture.ja]
    if prefecture.en != expected:
        return [at("plan.yml", ("prefecture", "en"),
                   f"the English name of {prefecture.ja} is written '{expected}' on this site; "
                   f"write en: {expected}")]
    return []


def _unknown(what: str, value: str, known: set[str], elsewhere: str = "") -> str:
    known_list = ", ".join(sorted(known)[:12]) + (" …" if len(known) > 12 else "")
    return f"no {what} with id '{value}'{elsewhere}; known ids: {known_list or '(none)'}"


def _outside(year: int, span: m.YearSpan, what: str) -> str:
    return f"fiscal year {year} is outside {what}, {span.start_fy}–{span.end_fy}"


def _check_kpi(at: _Locator, ki: int, kpi: m.Kpi, initiative_ids: set[str],
               units: dict[str, m.Unit], years: m.YearSpan | None, unit_ids: set[str] | None = None,
               elsewhere: str = "") -> list[Problem]:
    base = ("kpis", ki)
    out = []
    unit_ids = set(units) if unit_ids is None else unit_ids
    if kpi.initiative not in initiative_ids:
        out.append(at("kpis.yml", base + ("initiative",),
                      _unknown("initiative", kpi.initiative, initiative_ids, elsewhere)))
    if kpi.unit not in units:
        if kpi.unit not in unit_ids:
            out.append(at("kpis.yml", base + ("unit",), _unknown("unit (in data/units.yml)", kpi.unit, unit_ids)))
        return out
    if kpi.baseline is not None and kpi.baseline_text is not None:
        out.append(at("kpis.yml", base + ("baseline_text",),
                      "baseline_text is for a baseline the source gives without a number; this KPI has a numeric "
                      "baseline: keep one of the two"))
    observations = ([("baseline", kpi.baseline)] if kpi.baseline else []) + \
        [(("actuals", i), o) for i, o in enumerate(kpi.actuals)] + \
        [(("planned", i), o) for i, o in enumerate(kpi.planned)]
    for where, obs in observations:
        path = base + (where if isinstance(where, tuple) else (where,))
        out += _check_value(at, "kpis.yml", path + ("value",), units[kpi.unit], obs.value)
    if kpi.target.kind in ("level", "each_year"):
        out += _check_value(at, "kpis.yml", base + ("target", "value"), units[kpi.unit], kpi.target.value)
    planned_years: dict[int, int] = {}
    for i, planned in enumerate(kpi.planned):
        if planned.fiscal_year in planned_years:
            out.append(at("kpis.yml", base + ("planned", i, "fiscal_year"),
                          f"fiscal year {planned.fiscal_year} has two planned values; keep one per year"))
        planned_years[planned.fiscal_year] = i
    seen_years: dict[int, int] = {}
    for i, obs in enumerate(kpi.actuals):
        if obs.fiscal_year in seen_years:
            out.append(at("kpis.yml", base + ("actuals", i, "fiscal_year"),
                          f"fiscal year {obs.fiscal_year} has two actual values; keep one per year"))
        seen_years[obs.fiscal_year] = i
        if kpi.baseline and obs.fiscal_year <= kpi.baseline.fiscal_year:
            out.append(at("kpis.yml", base + ("actuals", i, "fiscal_year"),
                          f"an actual value must come after the baseline year {kpi.baseline.fiscal_year}, "
                          f"got {obs.fiscal_year}"))
    if kpi.baseline and kpi.target.fiscal_year < kpi.baseline.fiscal_year:
        out.append(at("kpis.yml", base + ("target", "fiscal_year"),
                      f"the target year {kpi.target.fiscal_year} is before the baseline year "
                      f"{kpi.baseline.fiscal_year}"))
    out += _check_target_year(at, base, kpi, years)
    return out


def _check_target_year(at: _Locator, base: tuple, kpi: m.Kpi, years: m.YearSpan | None) -> list[Problem]:
    """A target inside the plan's years; one after them only when the source says so (beyond_period)."""
    if years is None:
        return []
    year, path = kpi.target.fiscal_year, base + ("target", "fiscal_year")
    if year < years.start_fy:
        return [at("kpis.yml", path, _outside(year, years, "the plan's years"))]
    if year > years.end_fy and not kpi.target.beyond_period:
        return [at("kpis.yml", path, f"the target year {year} is after the plan period ({years.start_fy}–"
                   f"{years.end_fy}); if the source sets it for that year, write beyond_period: true in target:, "
                   "otherwise correct the year")]
    if year <= years.end_fy and kpi.target.beyond_period:
        return [at("kpis.yml", base + ("target", "beyond_period"),
                   f"beyond_period is true but the target year {year} is within the plan period "
                   f"({years.start_fy}–{years.end_fy}); delete the line beyond_period: true")]
    return []


def _check_value(at: _Locator, name: str, value_path: tuple, unit: m.Unit, value: float) -> list[Problem]:
    """Rules that depend on the unit: no negative counts, no percentage over 100, whole counts."""
    if value < 0:
        return [at(name, value_path, f"expected zero or a positive number, got {value}")]
    if unit.percent and value > 100:
        return [at(name, value_path, f"a percentage cannot be over 100, got {value}")]
    if unit.integer and isinstance(value, float) and not value.is_integer():
        return [at(name, value_path, f"expected a whole number of {unit.en or unit.ja}, got {value}")]
    return []


_CELL_CHECKS = {
    "text": (lambda v: isinstance(v, dict), "text in both languages: {ja: …, en: …}"),
    "code": (lambda v: isinstance(v, (str, int)) and not isinstance(v, bool), "a short code or label"),
    "number": (lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v),
               "a number such as 16401"),
    "fiscal_year": (lambda v: isinstance(v, int) and not isinstance(v, bool) and 1989 <= v <= 2100,
                    "a fiscal year such as 2027"),
    "date": (lambda v: hasattr(v, "isoformat"), "a date such as 2025-04-01"),
    "department": (lambda v: isinstance(v, str), "a department id from departments.yml"),
}
ROW_META_KEYS = ("printed", "note", "uncertain", "disagreement", "basis")


def _check_table(at: _Locator, ti: int, table: m.Table, units: dict[str, m.Unit],
                 owner_ids: set[str], department_ids: set[str], unit_ids: set[str] | None = None,
                 elsewhere: str = "") -> list[Problem]:
    base = ("tables", ti)
    out = []
    unit_ids = set(units) if unit_ids is None else unit_ids
    if table.group is not None and table.group not in owner_ids:
        out.append(at("tables.yml", base + ("group",),
                      _unknown("group or initiative", table.group, owner_ids, elsewhere)))
    columns = {c.id: c for c in table.columns}
    for ci, col in enumerate(table.columns):
        if col.unit is not None and col.unit not in unit_ids:
            out.append(at("tables.yml", base + ("columns", ci, "unit"),
                          _unknown("unit (in data/units.yml)", col.unit, unit_ids)))
        if col.derived:
            for inp in col.derived.inputs:
                if inp not in columns or columns[inp].type not in ("number", "derived"):
                    out.append(at("tables.yml", base + ("columns", ci, "derived", "inputs"),
                                  f"'{inp}' is not a number column of this table"))
    for ri, row in enumerate(table.rows):
        out += _check_row(at, base + ("rows", ri), row, columns, units, department_ids)
    return out


def _check_row_basis(at: _Locator, path: tuple, row: dict, columns: dict[str, m.Column]) -> list[Problem]:
    """A row's basis: {column id: {kind, reason}}, for cells the source does not print as given."""
    basis = row.get("basis")
    if basis is None:
        return []
    if not isinstance(basis, dict):
        return [at("tables.yml", path + ("basis",), "根拠は「列名: {kind, reason}」の形で書いてください — "
                   "例：basis: {count: {kind: inferred, reason: {ja: …, en: …}}}\n"
                   "    English: expected a mapping of column: {kind, reason} — "
                   "e.g. basis: {count: {kind: inferred, reason: {ja: …, en: …}}}")]
    out = []
    for key, entry in basis.items():
        if key not in columns:
            allowed = ", ".join(columns)
            out.append(at("tables.yml", path + ("basis", key),
                          f"「{key}」はこの表の列ではありません — 根拠を付ける列名を書いてください（{allowed}）\n"
                          f"    English: '{key}' is not a column of this table — write the id of the column "
                          f"the basis is for, one of: {allowed}"))
            continue
        if row.get(key) is None and columns[key].type != "derived":
            out.append(at("tables.yml", path + ("basis", key),
                          f"「{key}」には値がありません — 値を書くか、この根拠を削除してください\n"
                          f"    English: '{key}' has no value in this row — give the value or remove this basis"))
        try:
            m.Basis.model_validate(entry)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                sub = tuple(err["loc"])
                out.append(at("tables.yml", path + ("basis", key) + sub, _message(err, sub, m.Basis)))
    return out


def row_basis(row: dict, column: str) -> m.Basis | None:
    """The basis of one cell of a table row, None when the source prints it as given."""
    entry = (row.get("basis") or {}).get(column)
    if entry is None:
        return None
    basis = m.Basis.model_validate(entry)
    return basis if basis.kind != "stated" else None


def _check_printed_cell(at: _Locator, path: tuple, key: str, shown: Any, row: dict,
                        columns: dict[str, m.Column]) -> list[Problem]:
    """printed: in a row: a derived column's figure as the source prints it (a number, checked against
    the recomputed one by the consistency check), or a number column's text as printed ({ja: ２０％},
    which must say the cell's number)."""
    column = columns.get(key)
    if column is None or column.type not in ("number", "derived"):
        return [at("tables.yml", path, f"'{key}' is not a number or derived column; printed: holds how the "
                   "source prints a number column ({ja: ２０％}) or the figure it prints for a derived one")]
    if column.type == "derived":
        if isinstance(shown, bool) or not isinstance(shown, (int, float)):
            return [at("tables.yml", path, "a derived column's printed value is the figure the source prints, "
                       "as a number (printed: {rate: 71.4})")]
        return []
    try:
        text = m.Printed.model_validate(shown)
    except ValidationError:
        return [at("tables.yml", path, "a number column's printed value is its text as printed: "
                   "{ja: ２０％} (quoted exactly, full-width digits and all)")]
    value = row.get(key)
    problem = disagreement(text.ja, value) if isinstance(value, (int, float)) else ""
    return [at("tables.yml", path + ("ja",), problem)] if problem else []


def row_printed(row: dict, column: str) -> str | None:
    """A number cell's text as the source prints it (row printed: {column: {ja: …}}), None if not kept."""
    shown = (row.get("printed") or {}).get(column)
    return shown.get("ja") if isinstance(shown, dict) else None


def _check_row(at: _Locator, path: tuple, row: dict, columns: dict[str, m.Column],
               units: dict[str, m.Unit], department_ids: set[str]) -> list[Problem]:
    out = []
    for key in row:
        if key not in columns and key not in ROW_META_KEYS:
            out.append(at("tables.yml", path + (key,), f"unknown column '{key}'; this table's columns are: "
                          f"{', '.join(columns)} (and optionally {', '.join(ROW_META_KEYS)})"))
    for col in columns.values():
        if col.type == "derived":
            continue
        if col.id not in row:
            out.append(at("tables.yml", path, f"this row has no value for column '{col.id}' "
                          "(write null if the source leaves the cell empty)"))
            continue
        value = row[col.id]
        if value is None:
            continue
        ok, expected = _CELL_CHECKS[col.type]
        if col.type == "number" and isinstance(value, float) and not math.isfinite(value):
            out.append(at("tables.yml", path + (col.id,), f"expected a finite number, got {value}"))
        elif col.type == "number" and ok(value) and abs(value) >= m.MAX_NUMBER:
            out.append(at("tables.yml", path + (col.id,), m.TOO_LARGE.format(got=repr(value))))
        elif not ok(value):
            hint = m.number_hint(value) if col.type == "number" else \
                m.fiscal_year_hint(value) if col.type == "fiscal_year" else ""
            out.append(at("tables.yml", path + (col.id,), f"expected {expected}, got {_describe(value)}{hint}"))
        elif col.type == "text":
            try:
                m.Text.model_validate(value)
            except ValidationError as exc:
                for err in exc.errors(include_url=False):
                    sub = tuple(err["loc"])
                    out.append(at("tables.yml", path + (col.id,) + sub, _message(err, sub, m.Text)))
        elif col.type == "department" and value not in department_ids:
            out.append(at("tables.yml", path + (col.id,), _unknown("department", value, department_ids)))
        elif col.type == "number" and col.unit in units:
            out += _check_value(at, "tables.yml", path + (col.id,), units[col.unit], value)
    out += _check_row_basis(at, path, row, columns)
    printed = row.get("printed")
    if printed is not None:
        if not isinstance(printed, dict):
            out.append(at("tables.yml", path + ("printed",), "expected a mapping of column: value as printed"))
        else:
            for key, shown in printed.items():
                out += _check_printed_cell(at, path + ("printed", key), key, shown, row, columns)
    for col in columns.values():
        if col.type == "derived" and not out:  # with the input cells reported above, nothing to add
            try:
                derive(col.derived, row)
            except (TypeError, KeyError, ArithmeticError, ValueError):
                out.append(at("tables.yml", path, f"the column '{col.id}' cannot be computed from this row "
                              f"({', '.join(col.derived.inputs)}): the result is too large to show"))
    return out
