"""`dxplans`: the command-line tool for staff and CI.

    dxplans check            validate all data and render every page in memory (no build); exit 1 on any problem
    dxplans schema [--check] write (or verify) the JSON Schema files under data/schema/
    dxplans diff <git-rev>   every figure in data/ that differs from a git revision (Markdown table)
    dxplans new-plan <id> …  create a new plan's plan.yml and its two overview pages
    dxplans kpis export|import <plan>   the yearly update of KPI results through a spreadsheet
    dxplans reference        regenerate the contributors' reference and CONTRIBUTING's list of messages
    dxplans provenance [plan…] every reconstructed or inferred value, with reason, file:line and page
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from macros.checks import consistency, terms
from macros.checks.data_text import check_data_texts
from macros.checks.files import tree_problems
from macros.checks.pages import PageRenderer, read_pages
from macros.checks.site_check import rendered_problems
from macros.cli import diff, kpis_sheet, provenance, reference, scaffold
from macros.core.load import DataError, load_site
from macros.core.messages import staff_text
from macros.core.schema import write_schemas
from macros.core.untrusted import printable
from macros.core.yamlread import Problem


def _project_root(start: Path) -> Path:
    for folder in [start, *start.parents]:
        if (folder / "data").is_dir() and (folder / "mkdocs.yml").exists():
            return folder
    return start


def _today():
    """Today, or the date in DXPLANS_TODAY (YYYY-MM-DD) so a check can be repeated as of a day."""
    import datetime as dt
    import os

    fixed = os.environ.get("DXPLANS_TODAY")
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


def _root(args: argparse.Namespace) -> Path:
    return Path(args.root).resolve() if args.root else _project_root(Path.cwd())


def cmd_check(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve() if args.root else _project_root(Path.cwd())
    problems: list[object] = tree_problems(root)  # links and files that cannot be published: never read
    site = None
    try:
        site = load_site(root)
    except DataError as exc:
        problems += exc.problems
    # the pages, as the build reads and renders them (checks/pages.py, checks/site_check.py), in memory
    pages = read_pages(PageRenderer(site, root, _today()))
    problems += pages.problems
    if site is not None:
        problems += rendered_problems(pages, site)
    problems += terms.check_terms(root)   # English in one voice (data/terms.yml)
    problems += check_data_texts(root)    # each data text: ja/en numbers, no figure typed into our prose
    problems = list(dict.fromkeys(problems))  # a link in data/ is found by both walks: said once
    if problems or site is None:
        for problem in problems:
            text = staff_text(problem) if isinstance(problem, Problem) else str(problem)
            print(printable(text), file=sys.stderr)  # no control character reaches the terminal
        print(f"\n{len(problems)} problem(s) found. Fix each line above, then run 'dxplans check' again.",
              file=sys.stderr)
        return 1
    findings = consistency.data_findings(site, _today())
    if args.site:
        findings += consistency.page_pair_findings(Path(args.site))
    for line in consistency.report_lines(findings):
        print(line)
    if any(f.severity == "error" for f in findings):
        print("\nThe numbers disagree (errors above). Fix the data or the page, then check again.", file=sys.stderr)
        return 1
    counts = ", ".join(
        f"{p.id} ({len(p.initiatives)} initiatives, {len(p.kpis)} KPIs, {len(p.tables)} tables, "
        f"{len(p.terms)} terms)" for p in site.plans.values())
    print(f"data OK: {len(site.plans)} plan(s): {counts}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve() if args.root else _project_root(Path.cwd())
    stale = write_schemas(root / "data" / "schema", check_only=args.check)
    if args.check and stale:
        print("data/schema/ is out of date with macros/models.py: run 'dxplans schema' and commit:\n  "
              + "\n  ".join(stale), file=sys.stderr)
        return 1
    print("schemas " + ("checked" if args.check else "written") + " in data/schema/")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dxplans", description="Tools for the dx-plans site data.")
    parser.add_argument("--root", help="project folder (default: found from the current folder)")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate every file under data/ and the pages, without building")
    check.add_argument("--site", help="also compare the numbers of each ja page and its en twin in this built site")
    check.set_defaults(func=cmd_check)
    schema = sub.add_parser("schema", help="write the JSON Schema files under data/schema/")
    schema.add_argument("--check", action="store_true", help="fail if the committed schema is stale")
    schema.set_defaults(func=cmd_schema)
    diff.register(sub, _root)
    scaffold.register(sub, _root)
    reference.register(sub, _root, reference.reference_markdown)
    kpis_sheet.register(sub, _root)
    provenance.register(sub, _root)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
