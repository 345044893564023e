"""Open-data CSV cells never run as spreadsheet formulas; numbers stay numbers; JSON stays exact.

OWASP "CSV Injection": a cell starting with = + - @, a tab or a carriage return is read by Excel
and LibreOffice as a formula. Text cells so starting get a leading single quote; numbers do not.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from macros.core.load import load_site
from macros.publish.opendata import DATASETS, csv_cell, dataset_rows, to_csv, to_json

from .conftest import MINI
from .sites import build, make_project

HYPERLINK = '=HYPERLINK("https://example.invalid/x","詳細")'
KPI_NAME = "name: {ja: LINE友だち件数, en: LINE friends}"


@pytest.mark.parametrize("text", [HYPERLINK, "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0",
                                  "-5", "="])
def test_text_that_a_spreadsheet_would_run_gets_a_quote(text: str) -> None:
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["LINE友だち件数", "A = B", " =1", "（=1）", "", "1-2", "'quoted"])
def test_other_text_is_written_as_it_is(text: str) -> None:
    assert csv_cell(text) == text


@pytest.mark.parametrize("number", [-5, -0.5, Decimal("-33.3"), 0, 16401, 18.8])
def test_numbers_stay_numbers_even_when_negative(number) -> None:
    assert csv_cell(number) == number
    dataset = DATASETS[0]
    row = {c.name: None for c in dataset.columns} | {"start_fy": number}
    cells = next(csv.DictReader(io.StringIO(to_csv(dataset, [row]).decode("utf-8-sig"))))
    assert cells["start_fy"] == str(number)  # no quote: a spreadsheet reads it as the number


def test_true_false_and_missing() -> None:
    assert (csv_cell(True), csv_cell(False), csv_cell(None)) == ("true", "false", "")


def _with_kpi_name(root: Path, name: str) -> None:
    kpis = root / "data" / "plans" / "sample" / "kpis.yml"
    text = kpis.read_text(encoding="utf-8")
    assert KPI_NAME in text
    quoted = json.dumps(name, ensure_ascii=False)  # a JSON string is a YAML double-quoted string
    kpis.write_text(text.replace(KPI_NAME, f"name: {{ja: {quoted}, en: {quoted}}}", 1), encoding="utf-8")


def test_kpi_name_formula_is_inert_in_csv_and_exact_in_json(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    _with_kpi_name(root, HYPERLINK)
    site = load_site(root)  # the text is allowed: it is shown as text on the pages
    dataset = next(d for d in DATASETS if d.id == "kpi-values")
    rows = dataset_rows(dataset, site)
    cells = list(csv.DictReader(io.StringIO(to_csv(dataset, rows).decode("utf-8-sig"))))
    names = {c["name_ja"] for c in cells if c["kpi_id"] == "line-friends"}
    assert names == {"'" + HYPERLINK}
    assert not any(v.startswith(("=", "+", "@")) for c in cells for v in c.values())
    assert {r["name_ja"] for r in json.loads(to_json(rows)) if r["kpi_id"] == "line-friends"} == {HYPERLINK}


@pytest.mark.build
def test_built_open_data_carries_no_live_formula(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    _with_kpi_name(project, HYPERLINK)
    result = build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    raw = (project / "site" / "opendata" / "kpi-values.csv").read_bytes().decode("utf-8-sig")
    assert "'" + HYPERLINK.replace('"', '""') in raw
    for row in csv.reader(io.StringIO(raw)):
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
            assert not cell.startswith("-") or _is_number(cell), cell
    as_json = json.loads((project / "site" / "opendata" / "kpi-values.json").read_text(encoding="utf-8"))
    assert HYPERLINK in {r["name_ja"] for r in as_json}


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True
