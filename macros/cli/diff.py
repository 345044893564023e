"""`dxplans diff <git-rev>`: every figure in data/ that differs between a git revision and the working tree.

Reviewers of a pull request see, in one table, each number the pull request changes: a KPI target
raised, a fiscal year's actual added, a table row or a whole record removed.

    plan | file | record | field | before | after

The comparison is pure (``flatten`` and ``compare`` take loaded Sites); the git plumbing is one
function (``site_at``) that copies the revision's data/ into a temporary folder with ``git archive``
and loads it with the project loader, so both sides are read by the same rules.

What counts as a figure: every number in the data (values, targets, fiscal years, years of events,
table cells, table cells the site computes), and the dates figures are measured on. Page numbers of
the source are references, not figures, and are left out. List items are named by their id, a
KPI's actuals by their fiscal year (``actuals[FY2024].value``) and table rows by their first
column when it names each row once (``rows[申請].total``), so that inserting an item does not
show every later item as changed.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from macros.core import models as m
from macros.core.compute import derive
from macros.core.load import DataError, Site, load_site

Key = tuple[str, str, str, str]  # plan, file, record, field
Value = int | float | str  # numbers as written; dates as ISO text
Flat = dict[Key, Value]

SKIPPED_FIELDS = {"page"}  # references into the source document, not figures
ABSENT = "—"


@dataclass(frozen=True)
class Change:
    plan: str
    file: str
    record: str
    field: str
    before: Value | None  # None: not there before (added)
    after: Value | None  # None: not there any more (removed)

    @property
    def kind(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "changed"


class DiffError(Exception):
    """The comparison cannot be made; the message says why and what to do."""


# --------------------------------------------------------------------------
# Site -> {(plan, file, record, field): value}
# --------------------------------------------------------------------------


# Where each part of a loaded plan comes from; a part added to PlanData later is named after itself.
PLAN_PART_FILES = {"plan": "plan.yml", "groups": "initiatives.yml", "initiatives": "initiatives.yml",
                   "departments": "departments.yml", "kpis": "kpis.yml", "tables": "tables.yml",
                   "figures": "figures.yml", "terms": "glossary.yml", "priority_links": "priorities.yml"}
SITE_PART_FILES = {"national": ("(national)", "national/plans.yml")}


def flatten(site: Site) -> Flat:
    """Every figure of every plan (and of the national reference data), keyed by plan, file, record id
    and field path."""
    flat: Flat = {}
    for plan_id, data in site.plans.items():
        for part in dataclasses.fields(data):
            file = PLAN_PART_FILES.get(part.name, part.name)
            for record, field, value in _records(getattr(data, part.name)):
                flat[(plan_id, file, record, field)] = value
    for part in dataclasses.fields(site):
        if part.name in ("units", "plans"):  # units hold no figures; plans are above
            continue
        plan, file = SITE_PART_FILES.get(part.name, (f"({part.name})", part.name))
        for record, field, value in _records(getattr(site, part.name)):
            flat[(plan, file, record, field)] = value
    return flat


def _records(part: Any) -> Iterator[tuple[str, str, Value]]:
    """(record id, field path, figure) for one record or a list of records."""
    for index, record in enumerate(part if isinstance(part, list) else [part]):
        name = getattr(record, "id", None)
        name = name if isinstance(name, str) else str(index)
        walk = _table_figures(record) if isinstance(record, m.Table) else _walk(record, "")
        for field, value in walk:
            yield name, field, value


def _walk(value: Any, path: str, named_by_year: bool = False) -> Iterator[tuple[str, Value]]:
    """(field path, figure) for every number and date inside a record, in file order."""
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, (int, float)):
        yield path, value
    elif isinstance(value, dt.date):
        yield path, value.isoformat()
    elif isinstance(value, BaseModel):
        skip = {"fiscal_year"} if named_by_year else set()  # already in the path: actuals[FY2024]
        for name in type(value).model_fields:
            if name in SKIPPED_FIELDS or name in skip:
                continue
            yield from _walk(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from _walk(item, f"{path}.{name}" if path else str(name))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{_item_name(item, index)}]", _keyed_by_year(item))


def _keyed_by_year(item: Any) -> bool:
    return isinstance(item, (m.Observation, m.YearRow))


def _item_name(item: Any, index: int) -> str:
    if _keyed_by_year(item):
        return f"FY{item.fiscal_year}"
    item_id = getattr(item, "id", None)
    return item_id if isinstance(item_id, str) else str(index)


def _table_figures(table: m.Table) -> Iterator[tuple[str, Value]]:
    for field, value in _walk(table.model_copy(update={"rows": []}), ""):
        yield field, value
    names = _row_names(table)
    for row, name in zip(table.rows, names):
        for column in table.columns:
            if column.type == "derived":
                try:
                    computed = derive(column.derived, row)
                except (TypeError, KeyError):  # pragma: no cover - the loader reports bad inputs
                    computed = None
                value: Any = _number(computed) if computed is not None else None
            elif column.type in ("number", "fiscal_year", "date"):
                value = row.get(column.id)
            else:
                continue
            yield from _walk(value, f"rows[{name}].{column.id}")
        printed = row.get("printed")
        if isinstance(printed, dict):
            yield from _walk(printed, f"rows[{name}].printed")


def _row_names(table: m.Table) -> list[str]:
    """Each row's first cell when that names every row once, else its position."""
    first = table.columns[0]
    labels = []
    for row in table.rows:
        cell = row.get(first.id)
        if isinstance(cell, dict):
            cell = cell.get("ja")
        labels.append(str(cell) if isinstance(cell, (str, int)) and not isinstance(cell, bool) else None)
    if None in labels or len(set(labels)) != len(labels) or any(set(label) & set("[]|") for label in labels):
        return [str(i) for i in range(len(table.rows))]
    return labels  # type: ignore[return-value]


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() and value.as_tuple().exponent >= 0 else float(value)


# --------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------


def compare(before: Flat, after: Flat) -> list[Change]:
    """Changed, added and removed figures, in the order of the files (removed ones where they were)."""
    changes = []
    for key in _merged_order(list(before), list(after)):
        old, new = before.get(key), after.get(key)
        if key in before and key in after and _same(old, new):
            continue
        changes.append(Change(*key, before=old, after=new))
    return changes


def _same(old: Any, new: Any) -> bool:
    # 15 and 15.0 are the same figure; "2025-04-01" and 2025 are not.
    if isinstance(old, (int, float)) and isinstance(new, (int, float)):
        return old == new
    return type(old) is type(new) and old == new


def _merged_order(before: list[Key], after: list[Key]) -> list[Key]:
    """The keys of `after` in order, with keys found only in `before` placed after their predecessor there."""
    present = set(after)
    inserts: dict[Key | None, list[Key]] = {}
    previous: Key | None = None
    for key in before:
        if key in present:
            previous = key
        else:
            inserts.setdefault(previous, []).append(key)
    merged = list(inserts.get(None, []))
    for key in after:
        merged.append(key)
        merged += inserts.get(key, [])
    return merged


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------


def _cell(value: Value | None) -> str:
    if value is None:
        return ABSENT
    text = value if isinstance(value, str) else repr(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def summary_counts(changes: Iterable[Change]) -> dict[str, int]:
    counts = {"changed": 0, "added": 0, "removed": 0}
    for change in changes:
        counts[change.kind] += 1
    return counts


def to_markdown(changes: list[Change], against: str) -> str:
    """A Markdown section with one table row per changed figure (for the job summary of a pull request)."""
    lines = [f"### 数値の変更 / Figures changed (`{against}` → this change)", ""]
    if not changes:
        lines.append(f"No figure in data/ differs from `{against}`. / 数値の変更はありません。")
        return "\n".join(lines) + "\n"
    counts = summary_counts(changes)
    lines.append(f"{len(changes)} figure(s): {counts['changed']} changed, {counts['added']} added, "
                 f"{counts['removed']} removed. {ABSENT} = not there.")
    lines += ["", "| plan | file | record | field | before | after |", "| --- | --- | --- | --- | ---: | ---: |"]
    for c in changes:
        lines.append(f"| {_cell(c.plan)} | {_cell(c.file)} | {_cell(c.record)} | {_cell(c.field)} | "
                     f"{_cell(c.before)} | {_cell(c.after)} |")
    return "\n".join(lines) + "\n"


def to_json(changes: list[Change]) -> str:
    return json.dumps([{**asdict(c), "kind": c.kind} for c in changes], ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------
# Git plumbing: the data/ of a revision, loaded like the working tree
# --------------------------------------------------------------------------


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise DiffError("git is not installed; dxplans diff reads the older data from git") from None


def site_at(root: Path, rev: str) -> Site | None:
    """The Site as data/ was at `rev`; None when it had no plan then."""
    if _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").returncode != 0:
        raise DiffError(f"unknown git revision '{rev}'. Give a branch, tag or commit, e.g. 'origin/main' "
                        "(in a shallow clone, fetch it first: git fetch origin main)")
    prefix = _git(root, "rev-parse", "--show-prefix").stdout.decode().strip()
    tree = f"{rev}:{prefix}data"
    if _git(root, "cat-file", "-e", f"{tree}/plans").returncode != 0:
        return None
    archive = _git(root, "archive", "--format=tar", tree)
    if archive.returncode != 0:
        raise DiffError(f"git archive {tree} failed: {archive.stderr.decode(errors='replace').strip()}")
    with tempfile.TemporaryDirectory(prefix="dxplans-diff-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(Path(tmp) / "data", filter="data")
        try:
            return load_site(Path(tmp))
        except DataError as exc:
            shown = "\n".join(f"  {p}" for p in exc.problems[:20])
            more = f"\n  … and {len(exc.problems) - 20} more" if len(exc.problems) > 20 else ""
            raise DiffError(f"the data at {rev} does not load with the current models "
                            f"({len(exc.problems)} problem(s)), so it cannot be compared:\n{shown}{more}") from None


def diff_revision(root: Path, rev: str) -> list[Change]:
    """Figures that differ between `rev` and the working tree of the project at `root`."""
    before = site_at(root, rev)
    try:
        after = load_site(root)
    except DataError as exc:
        raise DiffError(f"the data in the working tree has {len(exc.problems)} problem(s); "
                        "run 'dxplans check' and fix them first") from None
    return compare(flatten(before) if before else {}, flatten(after))


# --------------------------------------------------------------------------
# Command line (registered by macros/cli.py)
# --------------------------------------------------------------------------


def register(sub: Any, project_root: Callable[[argparse.Namespace], Path]) -> None:
    parser = sub.add_parser("diff", help="list every figure in data/ that differs from a git revision",
                            description="Compare every figure in data/ at a git revision with the working tree.")
    parser.add_argument("rev", help="git revision to compare against, e.g. origin/main or HEAD~1")
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown",
                        help="markdown: a table for a pull request's job summary (default); json: for tools")
    parser.set_defaults(func=lambda args: cmd_diff(args, project_root(args)))


def cmd_diff(args: argparse.Namespace, root: Path, out: Any = None) -> int:
    out = out or sys.stdout
    try:
        changes = diff_revision(root, args.rev)
    except DiffError as exc:
        print(f"dxplans diff: {exc}", file=sys.stderr)
        return 2
    out.write(to_json(changes) if args.format == "json" else to_markdown(changes, args.rev))
    return 0
