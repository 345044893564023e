"""`dxplans diff <rev>`: the figures a change makes, compared with a git revision.

Each test builds a small git repository from tests/fixtures/mini, commits it, edits the working
tree the way a pull request would, and reads the before/after table.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from macros.cli import main as cli
from macros.cli.diff import Change, compare, diff_revision, flatten, to_markdown
from macros.core.load import load_site

from .conftest import MINI

KPIS = "data/plans/sample/kpis.yml"
FIGURES = "data/plans/sample/figures.yml"
TABLES = "data/plans/sample/tables.yml"


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false",
         "-c", "init.defaultBranch=main", *args],
        cwd=repo, capture_output=True, text=True, check=True)
    return result.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose one commit holds the mini fixture."""
    root = tmp_path / "repo"
    shutil.copytree(MINI, root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "mini fixture")
    return root


def edit(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def by_field(changes: list[Change]) -> dict[tuple[str, str], Change]:
    return {(c.record, c.field): c for c in changes}


def test_no_edit_no_change(repo: Path) -> None:
    assert diff_revision(repo, "HEAD") == []
    out = io.StringIO()
    assert cli.diff.cmd_diff(cli.argparse.Namespace(rev="HEAD", format="markdown"), repo, out) == 0
    assert "No figure in data/ differs from `HEAD`" in out.getvalue()
    assert "| plan |" not in out.getvalue()


def test_changed_target(repo: Path) -> None:
    edit(repo, KPIS, "target: {fiscal_year: 2027, value: 27000", "target: {fiscal_year: 2027, value: 30000")
    changes = diff_revision(repo, "HEAD")
    assert changes == [Change("sample", "kpis.yml", "line-friends", "target.value", 27000, 30000)]
    assert changes[0].kind == "changed"


def test_added_fiscal_year_actual(repo: Path) -> None:
    actual_2024 = ("      - {fiscal_year: 2024, value: 21700, "
                   "source: {department: {ja: ＤＸ推進課, en: DX Promotion Division}}}\n")
    actual_2025 = "      - {fiscal_year: 2025, value: 24100, as_of: 2026-03-31, source: {page: 3}}\n"
    edit(repo, KPIS, actual_2024, actual_2024 + actual_2025)
    changes = by_field(diff_revision(repo, "HEAD"))
    assert set(changes) == {("line-friends", "actuals[FY2025].value"), ("line-friends", "actuals[FY2025].as_of")}
    added = changes[("line-friends", "actuals[FY2025].value")]
    assert (added.plan, added.file, added.before, added.after, added.kind) == \
        ("sample", "kpis.yml", None, 24100, "added")
    assert changes[("line-friends", "actuals[FY2025].as_of")].after == "2026-03-31"


def test_removed_record(repo: Path) -> None:
    text = (repo / KPIS).read_text(encoding="utf-8")
    (repo / KPIS).write_text(text[:text.index("  - id: procedures-online")], encoding="utf-8")
    changes = diff_revision(repo, "HEAD")
    assert {c.record for c in changes} == {"procedures-online"}
    assert all(c.kind == "removed" and c.after is None for c in changes)
    assert {c.field: c.before for c in changes} == {
        "baseline.fiscal_year": 2023, "baseline.value": 43, "target.fiscal_year": 2027, "target.value": 83,
        "step_per_year": 10}


def test_table_rows_named_and_derived_figures_follow_their_inputs(repo: Path) -> None:
    edit(repo, TABLES, "total: 8, abolished: 7", "total: 8, abolished: 6")
    changes = by_field(diff_revision(repo, "HEAD"))
    assert set(changes) == {("seal-review", "rows[申請].abolished"), ("seal-review", "rows[申請].rate")}
    assert (changes[("seal-review", "rows[申請].rate")].before, changes[("seal-review", "rows[申請].rate")].after) \
        == (87.5, 75.0)


def test_committed_changes_compare_against_an_older_revision(repo: Path) -> None:
    edit(repo, FIGURES, "value: 1104", "value: 1110")
    git(repo, "commit", "-q", "-am", "more respondents")
    assert diff_revision(repo, "HEAD") == []
    assert diff_revision(repo, "HEAD~1") == [Change("sample", "figures.yml", "respondents", "value", 1104, 1110)]


def test_markdown_table_through_the_command_line(repo: Path, capsys) -> None:
    edit(repo, KPIS, "target: {fiscal_year: 2027, value: 27000", "target: {fiscal_year: 2027, value: 30000")
    edit(repo, FIGURES, "value: 1104", "value: 1110")
    assert cli.main(["--root", str(repo), "diff", "HEAD"]) == 0
    out = capsys.readouterr().out
    assert "| plan | file | record | field | before | after |" in out
    assert "| sample | kpis.yml | line-friends | target.value | 27000 | 30000 |" in out
    assert "| sample | figures.yml | respondents | value | 1104 | 1110 |" in out
    assert "2 figure(s): 2 changed, 0 added, 0 removed." in out

    assert cli.main(["--root", str(repo), "diff", "HEAD", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {"plan": "sample", "file": "kpis.yml", "record": "line-friends", "field": "target.value",
            "before": 27000, "after": 30000, "kind": "changed"} in rows


def test_unknown_revision_and_broken_working_tree_are_explained(repo: Path, capsys) -> None:
    assert cli.main(["--root", str(repo), "diff", "origin/nowhere"]) == 2
    assert "unknown git revision 'origin/nowhere'" in capsys.readouterr().err
    edit(repo, KPIS, "value: 27000", 'value: "27,000"')
    assert cli.main(["--root", str(repo), "diff", "HEAD"]) == 2
    assert "run 'dxplans check'" in capsys.readouterr().err


def test_revision_without_plans_shows_everything_added(repo: Path) -> None:
    empty = repo.parent / "empty"
    empty.mkdir()
    git(empty, "init", "-q")
    (empty / "README").write_text("no data yet\n", encoding="utf-8")
    git(empty, "add", "-A")
    git(empty, "commit", "-q", "-m", "start")
    shutil.copytree(repo / "data", empty / "data")
    changes = diff_revision(empty, "HEAD")
    assert changes and all(c.kind == "added" for c in changes)
    assert len(changes) == len(flatten(load_site(empty)))


# ------------------------------------------------------------------ pure comparison


def test_compare_keeps_file_order_and_places_removed_figures_where_they_were() -> None:
    before = {("p", "kpis.yml", "a", "target.value"): 1, ("p", "kpis.yml", "b", "target.value"): 2,
              ("p", "kpis.yml", "c", "target.value"): 3}
    after = {("p", "kpis.yml", "a", "target.value"): 1.0, ("p", "kpis.yml", "c", "target.value"): 4,
             ("p", "kpis.yml", "d", "target.value"): 5}
    assert [(c.record, c.kind) for c in compare(before, after)] == [("b", "removed"), ("c", "changed"),
                                                                    ("d", "added")]


def test_markdown_escapes_pipes() -> None:
    out = to_markdown([Change("p", "tables.yml", "t", "rows[a|b].x", None, 1)], "origin/main")
    assert "rows[a\\|b].x" in out and "| — | 1 |" in out


def test_flatten_mini_fixture_reads_every_kind_of_figure() -> None:
    flat = flatten(load_site(MINI))
    assert flat[("sample", "kpis.yml", "line-friends", "baseline.value")] == 16401
    assert flat[("sample", "kpis.yml", "line-friends", "actuals[FY2024].value")] == 21700
    assert flat[("sample", "kpis.yml", "inconvenient-share", "target.value")] == 15.0
    assert flat[("sample", "figures.yml", "respondents", "value")] == 1104
    assert flat[("sample", "tables.yml", "seal-review", "rows[届出].rate")] == 33.3
    assert flat[("sample", "tables.yml", "seal-review", "rows[届出].printed.rate")] == 30.0
    assert flat[("sample", "plan.yml", "sample", "period.end_fy")] == 2027
    assert flat[("sample", "initiatives.yml", "seal-abolition", "completed_fy")] == 2023
    assert not any(field.endswith("page") for (_, _, _, field) in flat)
