"""Every value in a plan's data that carries a basis (stated / reconstructed / inferred), found by
walking the records: one list used by the pages' tests, open data and `dxplans provenance`.

A record's basis lives next to its values: ``basis: {completed_fy: {kind: inferred, reason: …}}``
(models.Based); a table row's in the row: ``basis: {column-id: {kind, reason}}``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from macros.core import models as m
from macros.core.load import PlanData, Site

# which list of which file holds which records, in the order the files are read
_LISTS: tuple[tuple[str, str, str], ...] = (
    ("initiatives.yml", "groups", "groups"),
    ("initiatives.yml", "initiatives", "initiatives"),
    ("departments.yml", "departments", "departments"),
    ("kpis.yml", "kpis", "kpis"),
    ("tables.yml", "tables", "tables"),
    ("figures.yml", "figures", "figures"),
    ("glossary.yml", "terms", "terms"),
    ("priorities.yml", "links", "priority_links"),
)


@dataclass(frozen=True)
class BasisEntry:
    plan_id: str
    file: str             # file name inside the plan folder, e.g. initiatives.yml
    path: tuple            # path of the record in the file, e.g. ("initiatives", 3, "roadmap", 0)
    field: str             # the basis key: a field name, a dotted path, or a table's column id
    basis: m.Basis
    value: Any             # the value the basis is about
    top_id: str            # id of the top-level record (initiative, KPI, table…) or "" for plan.yml
    kind_of_record: str    # "initiative", "roadmap step", "table row"…

    @property
    def basis_path(self) -> tuple:
        """Path of the basis entry itself in the file (for its line)."""
        return self.path + ("basis", self.field)

    @property
    def value_path(self) -> tuple:
        return self.path + tuple(self.field.split("."))


_KIND_OF = {
    "Plan": "plan", "Published": "publication date", "Period": "period", "Source": "source",
    "TextList": "list", "ListItem": "list item", "Event": "timeline event", "Group": "group",
    "Initiative": "initiative", "RoadmapStep": "roadmap step", "Milestone": "milestone",
    "YearRow": "row by fiscal year", "Kpi": "KPI", "Observation": "KPI value", "Target": "KPI target",
    "Table": "table", "Figure": "figure", "Term": "glossary term", "PriorityLink": "priority link",
    "Department": "department",
}


def _walk(record: BaseModel, path: tuple) -> Iterator[tuple[tuple, BaseModel]]:
    """record and every record nested in it, with their paths."""
    yield path, record
    for name in type(record).model_fields:
        if name == "basis":
            continue
        value = getattr(record, name)
        if isinstance(value, BaseModel):
            yield from _walk(value, path + (name,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _walk(item, path + (name, index))


def _entries(plan_id: str, file: str, top: BaseModel, path: tuple, top_id: str,
             include_stated: bool) -> Iterator[BasisEntry]:
    for sub_path, record in _walk(top, path):
        for key, basis in getattr(record, "basis", {}).items():
            if basis.kind == "stated" and not include_stated:
                continue
            _, value = m.basis_target(record, key)
            yield BasisEntry(plan_id, file, sub_path, key, basis, value, top_id,
                             _KIND_OF.get(type(record).__name__, type(record).__name__))


def plan_entries(data: PlanData, *, include_stated: bool = False) -> Iterator[BasisEntry]:
    """Every value of one plan with a basis other than stated (or all entries, include_stated)."""
    yield from _entries(data.id, "plan.yml", data.plan, (), "", include_stated)
    for file, key, attr in _LISTS:
        for index, record in enumerate(getattr(data, attr)):
            top_id = getattr(record, "id", None) or getattr(record, "initiative", "")
            yield from _entries(data.id, file, record, (key, index), top_id, include_stated)
    for ti, table in enumerate(data.tables):
        for ri, row in enumerate(table.rows):
            for column, raw in (row.get("basis") or {}).items():
                basis = m.Basis.model_validate(raw)
                if basis.kind == "stated" and not include_stated:
                    continue
                yield BasisEntry(data.id, "tables.yml", ("tables", ti, "rows", ri), column, basis,
                                 row.get(column), table.id, "table row")


def site_entries(site: Site, *, include_stated: bool = False) -> Iterator[BasisEntry]:
    for data in site.plans.values():
        yield from plan_entries(data, include_stated=include_stated)
