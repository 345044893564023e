"""`dxplans provenance <plan>`: every value of a plan that the source does not print as shown
(reconstructed or inferred), with its reason, its place in data/ (file:line) and the page that
shows it, as one table a city can confirm in one sitting.

    # | 記録 record | 項目 field | 値 value | 種類 basis | 理由 reason | データの場所 file:line | 表示ページ page | 確認

The values come from macros/core/basis.py (the same walk that open data and the tests use); the
pages from the macro calls of docs/ja (macros/checks/pages.py), so a page added or moved is found.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from macros.checks.pages import PageRenderer, read_pages
from macros.core import models as m
from macros.core.basis import BasisEntry, plan_entries
from macros.core.load import DataError, PlanData, Site, load_site
from macros.core.yamlread import read_yaml

KIND_JA = {"reconstructed": "再構成", "inferred": "推定"}


@dataclass(frozen=True)
class Row:
    entry: BasisEntry
    record: str      # what the record is, in Japanese as the plan names it
    value: str
    place: str       # data/plans/x/initiatives.yml:123
    pages: tuple[str, ...]


# --------------------------------------------------------------------------- which page shows what

def record_key(entry: BasisEntry) -> tuple:
    """What a page must show for the value to appear: ("initiative", id), ("kpi", id), ("plan",)…"""
    head = entry.path[0] if entry.path else None
    if entry.file == "plan.yml":
        if head == "timeline":
            part = "date" if entry.field.split(".")[0] in ("year", "month", "day") else "label"
            return ("event", _nth_id(entry), part)
        if head == "lists":
            return ("list", _nth_id(entry))
        return ("plan",)
    if head == "initiatives":
        return ("initiative", entry.top_id, _initiative_part(entry))
    kinds = {"kpis": "kpi", "tables": "table", "figures": "figure",
             "terms": "term", "groups": "group", "links": "link", "departments": "department"}
    return (kinds.get(head, head), entry.top_id)


def _initiative_part(entry: BasisEntry) -> str:
    """Which part of an initiative a value belongs to: the pages show them in different places."""
    if "roadmap" in entry.path:
        return "roadmap"          # a bar of the roadmap: roadmap() and initiatives()
    if len(entry.path) > 2:
        return "detail"           # milestones, rows by year: initiatives() only
    if entry.field.split(".")[0] in ("status", "completed_fy", "completion_planned_fy"):
        return "status"           # beside the name in the roadmap, and in the detail
    if entry.field == "title":
        return "title"            # the structure tree too
    if entry.field == "group":
        return "group"            # the structure tree and the detail
    return "detail"


INITIATIVE_PARTS = {"initiatives": ("roadmap", "detail", "status", "title", "group"),
                    "roadmap": ("roadmap", "status", "title"), "structure": ("title", "group"), "grade_summary": ()}


def _initiative_keys(ids, macro: str) -> set[tuple]:
    return {("initiative", i, part) for i in ids for part in INITIATIVE_PARTS[macro]}


def _nth_id(entry: BasisEntry) -> str:
    return str(entry.path[1]) if len(entry.path) > 1 else ""


def shown_keys(data: PlanData, name: str, args: tuple) -> set[tuple]:
    """The records one macro call of a plan's page shows."""
    rest = args[1:]
    out: set[tuple] = set()
    if name == "plan_header":
        out.add(("plan",))
    elif name == "timeline":
        out |= {("event", str(i), part) for i, _ in enumerate(data.plan.timeline) for part in ("date", "label")}
    elif name == "event_date" and rest:
        out |= {("event", str(i), "date") for i, e in enumerate(data.plan.timeline) if e.id == rest[0]}
    elif name == "text_list" and rest:
        out |= {("list", str(i)) for i, x in enumerate(data.plan.lists) if x.id == rest[0]}
    elif name == "figure" and rest:
        out.add(("figure", rest[0]))
    elif name in ("group_title", "group_summary") and rest:
        out.add(("group", rest[0]))
    elif name == "structure":
        out |= {("group", g.id) for g in data.groups} | _initiative_keys([i.id for i in data.initiatives], name)
    elif name == "initiatives" and rest:
        shown = [i for i in data.initiatives if i.group == rest[0]]
        out |= _initiative_keys([i.id for i in shown], name)
        out |= {("kpi", k.id) for i in shown for k in data.kpis_of(i.id)}
    elif name == "roadmap" and rest:
        from macros.render.initiatives import descendants
        out |= _initiative_keys([i.id for i in descendants(data, rest[0])], name)
    elif name == "kpi_table":
        out |= {("kpi", k.id) for k in data.kpis}
    elif name == "data_table" and rest:
        out.add(("table", rest[0]))
    elif name == "glossary":
        out |= {("term", t.id) for t in data.terms}
    return out


SITE_WIDE = {"all_glossary": "term", "kpi_dashboard": "kpi", "priority_matrix": "link"}


def page_index(site: Site, root: Path) -> dict[tuple[str, tuple], list[str]]:
    """(plan id, record key) -> Japanese pages (docs/ja/…) that show it, in page order."""
    pages = read_pages(PageRenderer(site, root, dt.date.today()))
    found: dict[tuple[str, tuple], list[str]] = {}
    for file, page in sorted(pages.pages.items()):
        if page.lang != "ja":
            continue
        for call in page.template.calls:
            keys: set[tuple[str, tuple]] = set()
            if call.name in SITE_WIDE:
                kind = SITE_WIDE[call.name]
                for plan_id, data in site.plans.items():
                    records = {"term": data.terms, "kpi": data.kpis}.get(kind)
                    ids = [r.id for r in records] if records is not None else \
                        [link.initiative for link in data.priority_links]
                    keys |= {(plan_id, (kind, i)) for i in ids}
            elif call.args and isinstance(call.args[0], str) and call.args[0] in site.plans:
                data = site.plans[call.args[0]]
                keys = {(data.id, key) for key in shown_keys(data, call.name, call.args)}
            for key in keys:
                where = f"{file}:{call.line}"
                if where not in found.setdefault(key, []):
                    found[key].append(where)
    return found


# --------------------------------------------------------------------------- the rows

def _describe(data: PlanData, entry: BasisEntry) -> str:
    head = entry.path[0] if entry.path else None
    if entry.file == "plan.yml" and head not in ("timeline", "lists"):
        return f"計画「{data.plan.title.ja}」"
    if head == "initiatives":
        ini = data.initiative(entry.top_id)
        text = f"取組「{ini.title.ja}」"
        if "roadmap" in entry.path:
            step = ini.roadmap[entry.path[entry.path.index("roadmap") + 1]]
            text += f" スケジュール「{step.text.ja}」"
        elif "milestones" in entry.path:
            text += f" 目標事項「{ini.milestones[entry.path[entry.path.index('milestones') + 1]].text.ja}」"
        elif "years" in entry.path:
            text += f" {ini.years[entry.path[entry.path.index('years') + 1]].fiscal_year}年度の行"
        return text
    if head == "kpis":
        return f"指標「{data.kpi(entry.top_id).name.ja}」"
    if head == "tables":
        table = data.table(entry.top_id)
        if "rows" in entry.path:
            row = table.rows[entry.path[entry.path.index("rows") + 1]]
            first = row.get(table.columns[0].id)
            return f"表「{table.title.ja}」の行「{_text(first)}」"
        return f"表「{table.title.ja}」"
    if head == "figures":
        return f"数値「{data.figure(entry.top_id).label.ja}」"
    if head == "terms":
        return f"用語「{next(t.term.ja for t in data.terms if t.id == entry.top_id)}」"
    if head == "groups":
        return f"まとまり「{data.group(entry.top_id).title.ja}」"
    if head == "timeline":
        return f"年表の出来事「{data.plan.timeline[entry.path[1]].label.ja}」"
    if head == "lists":
        return f"一覧「{data.plan.lists[entry.path[1]].title.ja}」"
    return f"{entry.kind_of_record} {entry.top_id}"


def _text(value: Any) -> str:
    if isinstance(value, m.Text):
        return value.ja
    if isinstance(value, dict) and "ja" in value:
        return str(value["ja"])
    if isinstance(value, list):
        return "、".join(_text(v) for v in value)
    if isinstance(value, m.Record):
        return ", ".join(f"{k}: {_text(v)}" for k, v in value.model_dump(exclude={"basis"}).items() if v is not None)
    return "" if value is None else str(value)


def plan_rows(site: Site, data: PlanData, root: Path,
              index: dict[tuple[str, tuple], list[str]] | None = None) -> list[Row]:
    index = page_index(site, root) if index is None else index
    docs: dict[str, Any] = {}
    rows = []
    for entry in plan_entries(data):
        rel = f"data/plans/{data.id}/{entry.file}"
        if rel not in docs:
            docs[rel] = read_yaml((root / rel).read_bytes(), rel)
        line = docs[rel].line_of(entry.basis_path)
        pages = tuple(index.get((data.id, record_key(entry)), []))
        rows.append(Row(entry, _describe(data, entry), _text(entry.value), f"{rel}:{line}", pages))
    return rows


# --------------------------------------------------------------------------- output

def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def to_markdown(data: PlanData, rows: Iterable[Row]) -> str:
    rows = list(rows)
    out = [f"# {data.plan.title.ja}（{data.plan.municipality.ja}）: 原文に明記されていない値 / "
           f"values the source does not state as shown", "",
           f"{len(rows)} 件。各行を原本と照らし、正しければ「確認」に ✓ を、誤りなら正しい値を書いてください。"
           " / Check each row against the original; tick 確認 or write the correct value.", "",
           "| # | 記録 / record | 項目 / field | 値 / value | 種類 / basis | 理由 / reason | "
           "データの場所 / data | 表示ページ / page | 確認 |",
           "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for number, row in enumerate(rows, start=1):
        basis = row.entry.basis
        reason = f"{basis.reason.ja}<br>{_cell(basis.reason.en)}" if basis.reason else ""
        if basis.source is not None and basis.source.page is not None:
            reason += f"（原文 p.{basis.source.page}）"
        pages = "<br>".join(row.pages) or "（ページに表示なし / not shown on a page）"
        out.append("| " + " | ".join(_cell(c) for c in (
            str(number), row.record, row.entry.field, row.value,
            f"{KIND_JA.get(basis.kind, basis.kind)} / {basis.kind}")) + f" | {reason} | {row.place} | {pages} |  |")
    if not rows:
        out.append("| — | （該当なし / none） |  |  |  |  |  |  |  |")
    return "\n".join(out) + "\n"


def register(sub: Any, project_root: Callable[[argparse.Namespace], Path]) -> None:
    parser = sub.add_parser(
        "provenance", help="list every reconstructed or inferred value of a plan, with reason and place",
        description="One table per plan of every value the source does not print as shown: its reason, "
                    "file:line in data/ and the page that shows it, for the city to confirm.")
    parser.add_argument("plans", nargs="*", metavar="plan",
                        help="plan id(s), e.g. ishinomaki; none: every plan")
    parser.set_defaults(func=lambda args: cmd_provenance(args, project_root(args)))


def cmd_provenance(args: argparse.Namespace, root: Path, out: Any = None) -> int:
    out = out or sys.stdout
    try:
        site = load_site(root)
    except DataError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print("\nThe data has problems: run 'dxplans check' and fix them first.", file=sys.stderr)
        return 1
    unknown = [p for p in args.plans if p not in site.plans]
    if unknown:
        print(f"計画「{unknown[0]}」はありません — 次のどれかを書いてください: {', '.join(site.plans)}\n"
              f"    English: no plan '{unknown[0]}' — write one of: {', '.join(site.plans)}", file=sys.stderr)
        return 2
    index = page_index(site, root)
    chosen = args.plans or list(site.plans)
    out.write("\n".join(to_markdown(site.plans[p], plan_rows(site, site.plans[p], root, index)) for p in chosen))
    return 0
