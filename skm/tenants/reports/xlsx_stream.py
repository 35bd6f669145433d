"""A minimal streaming XLSX writer: rows go straight into the zip as SpreadsheetML.

Why not XlsxWriter: even in constant-memory mode it spends about 10 µs per cell in Python
(measured: 27 s for 100,000 responses × 27 cells, against a 5 s budget). Writing the rows as
pre-built XML strings, with the few possible answer cells cached, is an order of magnitude
faster and keeps memory flat. Only what the reports need: inline strings, numbers, four cell
styles, column widths and a frozen header row. Strings are written as text, never as formulas.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: cell styles (indices into cellXfs below)
PLAIN, HEADER, BOLD, DECIMAL3 = 0, 1, 2, 3
_STYLE_ATTR = {PLAIN: "", HEADER: ' s="1"', BOLD: ' s="2"', DECIMAL3: ' s="3"'}

STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="164" formatCode="0.000"/></numFmts>
<fonts count="3"><font><sz val="11"/><name val="Calibri"/></font>
<font><b/><sz val="11"/><color rgb="FFFFFFFF"/><name val="Calibri"/></font>
<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>
<fill><patternFill patternType="solid"><fgColor rgb="FF1F3A5F"/><bgColor indexed="64"/></patternFill></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>
<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="164" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def text_cell(value: str, style: int = PLAIN) -> str:
    return (f'<c t="inlineStr"{_STYLE_ATTR[style]}><is><t xml:space="preserve">'
            f'{escape(ILLEGAL.sub("", value))}</t></is></c>')


def cell(value, style: int = PLAIN) -> str:
    if value is None or value == "":
        return "<c/>"
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, int | float):
        return f"<c{_STYLE_ATTR[style]}><v>{value!r}</v></c>"
    return text_cell(str(value), style)


#: the cells answers can be (scores 1–4 or none), built once
ANSWER_CELLS = {None: "<c/>", **{score: f"<c><v>{score}</v></c>" for score in range(1, 5)}}


def row(cells: Iterable[str]) -> str:
    return "<row>" + "".join(cells) + "</row>"


class Sheet:
    """An open worksheet entry of the zip; rows are written as they come."""

    def __init__(self, handle, widths: dict[int, float] | None, freeze_header: bool):
        self.handle = handle
        head = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{MAIN}">'
        if freeze_header:
            head += ('<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane='
                     '"bottomLeft" state="frozen"/></sheetView></sheetViews>')
        if widths:
            head += "<cols>" + "".join(f'<col min="{c + 1}" max="{c + 1}" width="{w}" customWidth="1"/>'
                                       for c, w in sorted(widths.items())) + "</cols>"
        self.buffer: list[str] = [head + "<sheetData>"]

    def write(self, xml_row: str) -> None:
        self.buffer.append(xml_row)
        if len(self.buffer) >= 2000:
            self.flush()

    def values(self, values: Iterable, style: int = PLAIN) -> None:
        self.write(row(cell(v, style) for v in values))

    def blank(self) -> None:
        self.write("<row/>")

    def flush(self) -> None:
        self.handle.write("".join(self.buffer).encode())
        self.buffer.clear()

    def close(self) -> None:
        self.buffer.append("</sheetData></worksheet>")
        self.flush()
        self.handle.close()


class StreamingWorkbook:
    """Sheets are written one after the other (each streamed into the zip), then the workbook parts."""

    def __init__(self, target: Path):
        self.zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        self.names: list[str] = []

    def sheet(self, name: str, widths: dict[int, float] | None = None, freeze_header: bool = False) -> Sheet:
        self.names.append(name)
        handle = self.zip.open(f"xl/worksheets/sheet{len(self.names)}.xml", "w", force_zip64=True)
        return Sheet(handle, widths, freeze_header)

    def close(self) -> None:
        count = len(self.names)
        sheets = "".join(f'<sheet name="{escape(name[:31])}" sheetId="{i}" r:id="rId{i}"/>'
                         for i, name in enumerate(self.names, 1))
        rels = "".join(f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                       for i in range(1, count + 1))
        overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                            for i in range(1, count + 1))
        decl = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        self.zip.writestr("[Content_Types].xml", (
            f'{decl}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/'
            f'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>{overrides}</Types>'))
        self.zip.writestr("_rels/.rels", (
            f'{decl}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        self.zip.writestr("xl/workbook.xml", (
            f'{decl}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{sheets}</sheets></workbook>'))
        self.zip.writestr("xl/_rels/workbook.xml.rels", (
            f'{decl}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}'
            f'<Relationship Id="rId{count + 1}" Type="{REL}/styles" Target="styles.xml"/></Relationships>'))
        self.zip.writestr("xl/styles.xml", STYLES)
        self.zip.close()
