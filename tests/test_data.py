"""The real data: valid, schema committed and current, every file points editors at its schema."""

from __future__ import annotations

from pathlib import Path

from macros.checks.lint import lint_docs
from macros.cli.main import main
from macros.core.load import load_site
from macros.core.schema import SCHEMAS, render_schema

from .conftest import ROOT


def test_real_data_is_valid() -> None:
    site = load_site(ROOT)
    assert "ishinomaki" in site.plans


def test_dxplans_check_passes_on_real_data(capsys) -> None:
    assert main(["--root", str(ROOT), "check"]) == 0
    assert "data OK" in capsys.readouterr().out


def test_dxplans_check_fails_with_file_and_line(mini: Path, capsys) -> None:
    kpis = mini / "data/plans/sample/kpis.yml"
    kpis.write_text(kpis.read_text(encoding="utf-8").replace("value: 27000", 'value: "27,000件"'), encoding="utf-8")
    assert main(["--root", str(mini), "check"]) == 1
    err = capsys.readouterr().err
    assert "data/plans/sample/kpis.yml:10: kpis 1つ目 › target › value: 数が必要です" in err
    assert "\n    English: kpis[0].target.value: expected a number" in err


def test_committed_schema_matches_models() -> None:
    for name, model in SCHEMAS.items():
        committed = (ROOT / "data" / "schema" / name).read_text(encoding="utf-8")
        assert committed == render_schema(model), f"data/schema/{name} is stale: run '.venv/bin/dxplans schema'"


def test_every_data_file_has_a_schema_hint() -> None:
    for path in (ROOT / "data").rglob("*.yml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        schema = "national.schema.json" if path.parent.name == "national" else path.name.replace(".yml", ".schema.json")
        assert first.startswith("# yaml-language-server: $schema=") and first.endswith(schema), path


def test_no_figure_is_typed_into_pages() -> None:
    assert [str(t) for t in lint_docs(ROOT)] == []


def test_every_plan_has_pages_in_both_languages() -> None:
    site = load_site(ROOT)
    for plan_id in site.plans:
        for lang in ("ja", "en"):
            assert (ROOT / "docs" / lang / "plans" / plan_id / "index.md").exists(), (lang, plan_id)


def test_page_pairs_match() -> None:
    ja = {p.relative_to(ROOT / "docs/ja") for p in (ROOT / "docs/ja").rglob("*.md")}
    en = {p.relative_to(ROOT / "docs/en") for p in (ROOT / "docs/en").rglob("*.md")}
    assert ja == en
