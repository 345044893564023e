"""The yearly update from a spreadsheet (issue 16): export → edit the file as a spreadsheet saves it →
import, on a copy of the real data. Only the lines of changed or new results change in kpis.yml."""

from __future__ import annotations

import csv
import difflib
import shutil
from pathlib import Path

import pytest

from macros.cli.main import main
from macros.core.load import load_site

from .conftest import ROOT

DEPT = ["--department-ja", "ＤＸ推進課", "--department-en", "DX Promotion Division"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for name in ("data", "docs"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copyfile(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def _plan_with_kpis(root: Path) -> str:
    site = load_site(root)
    return next(p for p, data in sorted(site.plans.items()) if len(data.kpis) >= 2)


def _export(root: Path, plan: str, out: Path, capsys) -> list[list[str]]:
    assert main(["--root", str(root), "kpis", "export", plan, "-o", str(out)]) == 0, capsys.readouterr().err
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw   # what Excel opens as UTF-8
    return list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))


def _save(rows: list[list[str]], path: Path) -> None:
    """As Excel's 'CSV UTF-8' saves a sheet."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)


def _column(header: list[str], year: int) -> int:
    return next(i for i, name in enumerate(header) if name.startswith(f"{year}年度"))


def test_export_edit_import_round_trips_a_years_results(project: Path, tmp_path: Path, capsys) -> None:
    plan = _plan_with_kpis(project)
    data = load_site(project).plan(plan)
    rows = _export(project, plan, tmp_path / "sheet.csv", capsys)
    header = rows[0]
    assert header[:5] == ["id", "指標 / KPI", "単位 / Unit", "基準値 / Baseline", "目標 / Target"]
    assert [r[0] for r in rows[1:]] == [k.id for k in data.kpis]   # one row per KPI, in the file's order
    assert all("/ FY" in h for h in header[5:])                     # a column per fiscal year, both languages
    year = max(int(h[:4]) for h in header[5:])
    first, second = data.kpis[0], data.kpis[1]
    rows[1][_column(header, year)] = "12,345"       # typed with a thousands separator, as Excel may show it
    rows[2][_column(header, year)] = "６７"          # full-width digits
    _save(rows, tmp_path / "edited.csv")
    kpis_file = project / "data" / "plans" / plan / "kpis.yml"
    before = kpis_file.read_text(encoding="utf-8")
    assert main(["--root", str(project), "kpis", "import", plan, str(tmp_path / "edited.csv"), *DEPT]) == 0, \
        capsys.readouterr().err
    after = kpis_file.read_text(encoding="utf-8")
    changed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]
    assert all(line.startswith("+ ") for line in changed), changed    # nothing removed or rewritten
    assert [line for line in before.splitlines() if line.lstrip().startswith("#")] == \
        [line for line in after.splitlines() if line.lstrip().startswith("#")]   # comments kept
    reloaded = load_site(project).plan(plan)
    values = {k.id: {a.fiscal_year: a.value for a in k.actuals} for k in reloaded.kpis}
    assert values[first.id][year] == 12345 and values[second.id][year] == 67
    assert [k.id for k in reloaded.kpis] == [k.id for k in data.kpis]
    # export again: the sheet shows what was imported; importing it once more changes nothing
    again = _export(project, plan, tmp_path / "again.csv", capsys)
    assert again[1][_column(again[0], year)] == "12345"
    assert main(["--root", str(project), "kpis", "import", plan, str(tmp_path / "again.csv"), *DEPT]) == 0
    assert kpis_file.read_text(encoding="utf-8") == after
    # a corrected value replaces the number in its own line only
    again[1][_column(again[0], year)] = "12346"
    _save(again, tmp_path / "corrected.csv")
    assert main(["--root", str(project), "kpis", "import", plan, str(tmp_path / "corrected.csv"), *DEPT]) == 0
    diff = [line for line in difflib.ndiff(after.splitlines(), kpis_file.read_text(encoding="utf-8").splitlines())
            if line[:1] in "+-"]
    assert len(diff) == 2 and "12345" in diff[0] and "12346" in diff[1], diff


def test_bad_cells_are_refused_with_file_row_and_column_and_nothing_is_written(project: Path, tmp_path: Path,
                                                                                capsys) -> None:
    plan = _plan_with_kpis(project)
    rows = _export(project, plan, tmp_path / "sheet.csv", capsys)
    header = rows[0]
    year = max(int(h[:4]) for h in header[5:])
    col = _column(header, year)
    rows[1][col] = "27,000件"
    rows[2][col] = "約2万"
    rows.append(["no-such-kpi", "", "", "", ""] + [""] * (len(header) - 5))
    _save(rows, tmp_path / "bad.csv")
    kpis_file = project / "data" / "plans" / plan / "kpis.yml"
    before = kpis_file.read_text(encoding="utf-8")
    assert main(["--root", str(project), "kpis", "import", plan, str(tmp_path / "bad.csv"), *DEPT]) == 1
    err = capsys.readouterr().err
    letter = chr(ord("A") + col)
    assert f"bad.csv: 2行目・{letter}列 / row 2, column {letter} ({header[col]}): 「27,000件」は数ではありません — " \
           "27000 と書いてください" in err
    assert 'English: "27,000件" is not a number — write 27000' in err
    assert f"bad.csv: 3行目・{letter}列 / row 3, column {letter}" in err and "「約2万」は数ではありません" in err
    assert f"bad.csv: {len(rows)}行目・A列（id） / row {len(rows)}, column A (id)" in err and "no-such-kpi" in err
    assert "Nothing was imported" in err
    assert kpis_file.read_text(encoding="utf-8") == before


def test_import_says_where_the_results_come_from(project: Path, tmp_path: Path, capsys) -> None:
    plan = _plan_with_kpis(project)
    _export(project, plan, tmp_path / "sheet.csv", capsys)
    assert main(["--root", str(project), "kpis", "import", plan, str(tmp_path / "sheet.csv")]) == 1
    assert "--department-ja" in capsys.readouterr().err


def _excel_style_workbook(rows: list[list[str]], numbers: dict[tuple[int, int], str]) -> bytes:
    """A workbook as Excel saves one: text in sharedStrings.xml (t="s"), typed numbers as <v> (with
    Excel's binary float digits), a formula cell with its cached value, and no inline strings."""
    import io
    import zipfile
    from xml.sax.saxutils import escape

    from macros.cli import xlsx

    strings: list[str] = []
    body = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{xlsx.column_letter(c)}{r}"
            if (r, c) in numbers:
                cells.append(f'<c r="{ref}" s="1"><f>SUM(1,1)</f><v>{numbers[(r, c)]}</v></c>' if c == 0 else
                             f'<c r="{ref}" s="1"><v>{numbers[(r, c)]}</v></c>')
            elif value:
                strings.append(value)
                cells.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
        body.append(f'<row r="{r}" spans="1:{len(row)}">{"".join(cells)}</row>')
    main = xlsx.MAIN
    parts = {
        "[Content_Types].xml": xlsx._FILES["[Content_Types].xml"],
        "_rels/.rels": xlsx._FILES["_rels/.rels"],
        "xl/_rels/workbook.xml.rels": xlsx._FILES["xl/_rels/workbook.xml.rels"],
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{xlsx.REL}"><sheets>'
                           '<sheet name="KPIs" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData>{"".join(body)}</sheetData></worksheet>',
        "xl/sharedStrings.xml": f'<sst xmlns="{main}" count="{len(strings)}">'
                                + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return out.getvalue()


def test_xlsx_round_trip_as_excel_saves_it(project: Path, tmp_path: Path, capsys) -> None:
    from macros.cli import xlsx

    plan = _plan_with_kpis(project)
    data = load_site(project).plan(plan)
    book = tmp_path / "sheet.xlsx"
    assert main(["--root", str(project), "kpis", "export", plan, "--xlsx", "-o", str(book)]) == 0
    rows = xlsx.read(book.read_bytes())
    assert rows[0][:5] == ["id", "指標 / KPI", "単位 / Unit", "基準値 / Baseline", "目標 / Target"]
    assert [r[0] for r in rows[1:]] == [k.id for k in data.kpis]
    year = max(int(h[:4]) for h in rows[0][5:])
    col = _column(rows[0], year)
    site = load_site(project)
    # a KPI that may take a decimal (a percentage), if the plan has one, gets Excel's digits for 18.8
    decimal = next((i for i, k in enumerate(data.kpis) if not site.unit(k.unit).integer and i > 0), None)
    numbers = {(2, col): "12345"}
    if decimal is not None:
        numbers[(decimal + 2, col)] = "18.800000000000001"
    edited = tmp_path / "edited.xlsx"
    edited.write_bytes(_excel_style_workbook(rows, numbers))
    assert main(["--root", str(project), "kpis", "import", plan, str(edited), *DEPT]) == 0, capsys.readouterr().err
    values = {k.id: {a.fiscal_year: a.value for a in k.actuals} for k in load_site(project).plan(plan).kpis}
    assert values[data.kpis[0].id][year] == 12345
    if decimal is not None:
        assert values[data.kpis[decimal].id][year] == 18.8
    rows[3][col] = "27,000件"   # typed as text: a shared string
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(_excel_style_workbook(rows, {}))
    assert main(["--root", str(project), "kpis", "import", plan, str(bad), *DEPT]) == 1
    letter = xlsx.column_letter(col)
    assert f"bad.xlsx: 4行目・{letter}列 / row 4, column {letter}" in capsys.readouterr().err
