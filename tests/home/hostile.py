"""Hostile spreadsheets, built by hand (zipfile + XML text) so that building them
costs far less than a careless reader would spend on them."""

from __future__ import annotations

import io
import random
import struct
import zlib
from xml.sax.saxutils import escape

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "<sheetData>"
)
SHEET_END = "</sheetData></worksheet>"


def _header_row(headers) -> str:
    cells = "".join(
        f'<c t="inlineStr"><is><t>{escape(h)}</t></is></c>' for h in headers
    )
    return f'<row r="1">{cells}</row>'


def _repeated_workbook(
    start: bytes, block: bytes, repeat: int, end: bytes, workbook: str = WORKBOOK
) -> bytes:
    """A workbook whose sheet is ``start + block * repeat + end``, deflated once per
    part: after a full flush the compressor starts afresh, so every copy of
    ``block`` deflates to the same bytes, repeated (cheap to build at any size)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(start) + compressor.flush(zlib.Z_FULL_FLUSH)
    packed = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.compress(end) + compressor.flush(zlib.Z_FINISH)
    crc = zlib.crc32(start)
    for _ in range(repeat):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(end, crc)
    size = len(start) + repeat * len(block) + len(end)
    members = []
    for name, text in (
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
    ):
        data = text.encode()
        deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
        members.append(
            (
                name,
                deflate.compress(data) + deflate.flush(),
                zlib.crc32(data),
                len(data),
            )
        )
    members.append(
        ("xl/worksheets/sheet1.xml", head + packed * repeat + tail, crc, size)
    )
    return _raw_zip(members)


def zip_bomb(headers, unpacked_mb: int = 400) -> bytes:
    """About 0.4 MB that unpacks to ``unpacked_mb`` MB (one sheet of blanks)."""
    start = (SHEET_START + _header_row(headers)).encode()
    return _repeated_workbook(start, b" " * 2**20, unpacked_mb, SHEET_END.encode())


def big_unpacked(headers, unpacked_mb: int = 100) -> bytes:
    """About 6 MB holding ~``unpacked_mb`` MB of plausible rows: a compression
    ratio near 17, far below any bomb threshold, like a big real register."""
    rng = random.Random(13)
    rows = []
    for number in range(2, 3000):
        cells = "".join(
            f'<c t="inlineStr"><is><t>说明{rng.randrange(100)}</t></is></c>'
            for _ in headers
        )
        rows.append(f'<row r="{number}">{cells}</row>')
    block = "".join(rows).encode()
    start = (SHEET_START + _header_row(headers)).encode()
    repeat = max(1, unpacked_mb * 2**20 // len(block))
    return _repeated_workbook(start, block, repeat, SHEET_END.encode())


def _raw_zip(members) -> bytes:
    """A zip of already deflated members: (name, deflated, crc32, size)."""
    out, directory = io.BytesIO(), []
    for name, deflated, crc, size in members:
        encoded = name.encode()
        offset = out.tell()
        fields = (20, 0, 8, 0, 0, crc, len(deflated), size, len(encoded), 0)
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields))
        out.write(encoded + deflated)
        directory.append(
            struct.pack("<IH", 0x02014B50, 20)
            + struct.pack("<HHHHHIIIHHHHHII", *fields[:9], 0, 0, 0, 0, 0, offset)
            + encoded
        )
    start = out.tell()
    for entry in directory:
        out.write(entry)
    length = out.tell() - start
    count = len(directory)
    out.write(
        struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, length, start, 0)
    )
    return out.getvalue()


def many_rows(headers, count: int = 100_000) -> bytes:
    """``count`` data rows of numbers under ``headers`` (rows carry no ``r``
    attribute, as some writers do, so one block of rows can be repeated)."""
    rng = random.Random(14)
    per_block = 5000
    rows = []
    for _ in range(per_block):
        cells = "".join(f"<c><v>{rng.randrange(10**6)}</v></c>" for _ in headers)
        rows.append(f"<row>{cells}</row>")
    start = (SHEET_START + _header_row(headers)).encode()
    return _repeated_workbook(
        start, "".join(rows).encode(), count // per_block, SHEET_END.encode()
    )


def entity_bomb(headers) -> bytes:
    """A small workbook whose workbook.xml declares nested entities (a billion
    laughs if expanded)."""
    declarations = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
    )
    workbook = WORKBOOK.replace(
        "<workbook ", f"<!DOCTYPE workbook [{declarations}]><workbook ", 1
    ).replace('name="Sheet1"', 'name="&i;"')
    start = (SHEET_START + _header_row(headers)).encode()
    return _repeated_workbook(start, b"", 0, SHEET_END.encode(), workbook)


def encrypted() -> bytes:
    """What Excel writes for a password-protected .xlsx: an OLE compound file
    (header sector, then the EncryptionInfo and EncryptedPackage streams)."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[24:26] = (0x3E).to_bytes(2, "little")  # minor version
    header[26:28] = (3).to_bytes(2, "little")  # major version 3
    header[28:30] = (0xFFFE).to_bytes(2, "little")  # little-endian
    header[30:32] = (9).to_bytes(2, "little")  # 512-byte sectors
    body = "EncryptionInfo EncryptedPackage".encode("utf-16-le")
    return bytes(header) + body + bytes(random.Random(1).randbytes(4096))


def garbage() -> bytes:
    return random.Random(2).randbytes(20_000)
