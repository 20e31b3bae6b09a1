"""A small PDF 1.4 writer for plain text documents: A4 pages, Helvetica in WinAnsiEncoding,
correct cross-reference table. Enough for a readable beschikking without a PDF dependency."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

PAGE_W, PAGE_H = 595, 842  # A4 in points
MARGIN = 56
LINE_CHARS = 88


@dataclass(frozen=True)
class Line:
    text: str
    size: int = 10
    bold: bool = False


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _wrap(lines: Sequence[Line]) -> list[Line]:
    out: list[Line] = []
    for line in lines:
        width = int(LINE_CHARS * 10 / line.size)
        parts = textwrap.wrap(line.text, width) or [""]
        out += [Line(p, line.size, line.bold) for p in parts]
    return out


def _pages(lines: Sequence[Line]) -> list[list[Line]]:
    pages: list[list[Line]] = [[]]
    y = PAGE_H - MARGIN
    for line in _wrap(lines):
        step = line.size + 4
        if y - step < MARGIN:
            pages.append([])
            y = PAGE_H - MARGIN
        pages[-1].append(line)
        y -= step
    return pages


def _content(page: Sequence[Line]) -> bytes:
    parts = [b"BT"]
    y = PAGE_H - MARGIN
    for line in page:
        y -= line.size + 4
        font = b"/F2" if line.bold else b"/F1"
        parts.append(font + b" %d Tf 1 0 0 1 %d %d Tm (" % (line.size, MARGIN, y)
                     + _escape(line.text) + b") Tj")
    parts.append(b"ET")
    return b"\n".join(parts)


def render_pdf(lines: Sequence[Line], title: str = "") -> bytes:
    pages = _pages(lines)
    objects: list[bytes] = []  # object n is objects[n - 1]

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below
    pages_obj = add(b"")
    f1 = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
             b"/Encoding /WinAnsiEncoding >>")
    f2 = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold "
             b"/Encoding /WinAnsiEncoding >>")
    kids = []
    for page in pages:
        stream = _content(page)
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> >>"
            % (pages_obj, PAGE_W, PAGE_H, content, f1, f2)))
    info = add(b"<< /Title (" + _escape(title) + b") /Producer (Wmo indicatie) >>")
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objects[pages_obj - 1] = (b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids)
                              + b"] /Count %d >>" % len(kids))

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += (b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objects) + 1, catalog, info, xref))
    return bytes(out)
