"""The smallest .xlsx that Excel and LibreOffice open, written and read with the standard library.

`dxplans kpis export --xlsx` writes one sheet of text and number cells (inline strings, no styles);
`dxplans kpis import` reads the first sheet of a workbook back as rows of text, as Excel saves it
(shared strings, numbers, inline strings, booleans). Nothing else of the format is needed: no
formulas are read (a formula cell gives its cached value), no macros, no other sheets.
A workbook is a zip of XML; what is read is limited in size, so a hostile file cannot exhaust memory.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
MAX_PART_BYTES = 20 * 1024 * 1024

_FILES = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{PKG_REL}">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{PKG_REL}">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
}


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    out, index = "", index + 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def write(rows: list[list[str | int | float]], sheet_name: str = "KPIs") -> bytes:
    """An .xlsx of one sheet: numbers as numbers, everything else as text."""
    xml_rows = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{column_letter(c)}{r}"
            if isinstance(value, bool) or value is None or value == "":
                continue
            if isinstance(value, (int, float)):
                cells.append(f'<c r="{ref}"><v>{value!r}</v></c>')
            else:
                text = escape(str(value))
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>')
        xml_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             f'<worksheet xmlns="{MAIN}"><sheetData>{"".join(xml_rows)}</sheetData></worksheet>')
    workbook = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
                f'<sheet name="{escape(sheet_name)}" sheetId="1" r:id="rId1"/></sheets></workbook>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in {**_FILES, "xl/workbook.xml": workbook, "xl/worksheets/sheet1.xml": sheet}.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))   # the same bytes for the same rows
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))
    return out.getvalue()


class XlsxError(ValueError):
    pass


def _part(z: zipfile.ZipFile, name: str) -> ET.Element | None:
    try:
        info = z.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART_BYTES:
        raise XlsxError(f"the workbook part {name} is too large")
    return ET.fromstring(z.read(info))


def read(data: bytes) -> list[list[str]]:
    """The first sheet as rows of cell text (numbers as Python writes them: 12345, 18.8)."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise XlsxError("not an .xlsx workbook") from None
    with z:
        workbook = _part(z, "xl/workbook.xml")
        if workbook is None:
            raise XlsxError("not an .xlsx workbook (no xl/workbook.xml)")
        first = workbook.find(f"{{{MAIN}}}sheets/{{{MAIN}}}sheet")
        if first is None:
            raise XlsxError("the workbook has no sheet")
        rel_id = first.get(f"{{{REL}}}id")
        rels = _part(z, "xl/_rels/workbook.xml.rels")
        target = next((r.get("Target") for r in (rels if rels is not None else [])
                       if r.get("Id") == rel_id), "worksheets/sheet1.xml")
        path = target.lstrip("/") if target.startswith("/") else "xl/" + target
        sheet = _part(z, path)
        if sheet is None:
            raise XlsxError(f"the workbook's first sheet ({path}) is missing")
        shared_root = _part(z, "xl/sharedStrings.xml")
        shared = ["".join(t.text or "" for t in si.iter(f"{{{MAIN}}}t")) for si in
                  (shared_root.findall(f"{{{MAIN}}}si") if shared_root is not None else [])]
    rows: dict[int, dict[int, str]] = {}
    for row in sheet.iter(f"{{{MAIN}}}row"):
        for cell in row.findall(f"{{{MAIN}}}c"):
            ref = re.fullmatch(r"([A-Z]+)(\d+)", cell.get("r", ""))
            if not ref:
                continue
            kind, value = cell.get("t", "n"), cell.find(f"{{{MAIN}}}v")
            if kind == "inlineStr":
                text = "".join(t.text or "" for t in cell.iter(f"{{{MAIN}}}t"))
            elif value is None or value.text is None:
                continue
            elif kind == "s":
                text = shared[int(value.text)] if value.text.isdigit() and int(value.text) < len(shared) else ""
            elif kind == "b":
                text = "TRUE" if value.text == "1" else "FALSE"
            elif kind in ("str", "e"):
                text = value.text
            else:
                number = float(value.text)
                text = str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)
            rows.setdefault(int(ref[2]), {})[column_index(ref[1])] = text
    if not rows:
        return []
    width = max(max(cols) for cols in rows.values()) + 1
    return [[rows.get(r, {}).get(c, "") for c in range(width)] for r in range(1, max(rows) + 1)]
