"""File checks every app shares: what an upload really is, and the phone mask.

The type comes from the file's content through the ``filetype`` library (kept
signatures for PDF, images and Office formats), never from its name alone.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

import filetype

# filetype reads at most this many bytes (Office zips are recognised further in).
HEAD_BYTES = 8192

OFFICE_EXTENSIONS = frozenset({"doc", "docx", "xls", "xlsx", "ppt", "pptx"})
# Names people give the same kind of file.
_SAME_KIND = {"jpg": {"jpg", "jpeg"}, "tif": {"tif", "tiff"}}


@dataclass(frozen=True)
class FileKind:
    extension: str  # filetype's canonical extension: "pdf", "jpg", "png", "docx"…
    mime: str


def read_head(upload) -> bytes:
    """The first bytes of an uploaded file, its position left where it was."""
    if isinstance(upload, bytes | bytearray):
        return bytes(upload[:HEAD_BYTES])
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(position)
    return head


def file_kind(upload_or_bytes) -> FileKind | None:
    """The file's type judged by its content, or None when it is not recognised."""
    kind = filetype.guess(read_head(upload_or_bytes))
    if kind is None:
        return None
    return FileKind(kind.extension, kind.mime)


def name_matches(kind: FileKind, filename: str) -> bool:
    """Whether the file's name claims the type its content has (a PDF named
    ``x.svg`` does not)."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return extension in _SAME_KIND.get(kind.extension, {kind.extension})


def check_file(upload, *, allowed: set[str] | frozenset[str]) -> FileKind | None:
    """The upload's kind when its content is one of ``allowed`` (canonical
    extensions) and its name agrees; None otherwise."""
    kind = file_kind(upload)
    if kind is None or kind.extension not in allowed:
        return None
    name = getattr(upload, "name", None)
    if name is not None and not name_matches(kind, name):
        return None
    return kind


def safe_name(filename: str, kind: FileKind) -> str:
    """The name a stored file gets: its own stem with the extension its content
    has. A PDF named ``x.svg`` or ``x.html`` is stored as ``x.pdf``, so no server
    or browser ever treats it as markup."""
    stem = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    if "." in stem:
        stem = stem.rsplit(".", 1)[0]
    return f"{stem or 'file'}.{kind.extension}"


# --- PDFs that run code ----------------------------------------------------------
PDF_ACTIVE_CONTENT = (
    "PDF 文件含有 JavaScript 脚本或自动执行的动作，已拒绝上传。"
    "请用“打印为 PDF”重新生成不含脚本的文件后再上传。"
)
# Names that make a PDF run something: JavaScript (/JS, /JavaScript, also as the
# action of /OpenAction or /AA) and /Launch (start a program).
_ACTIVE_NAMES = frozenset({b"JS", b"JavaScript", b"Launch"})
_NAME = re.compile(rb"/([A-Za-z0-9#]+)")
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)
# Compressed streams are unpacked up to this much in all, to look inside object
# streams; a file that unpacks to more is refused rather than left unchecked.
PDF_SCAN_LIMIT = 64 * 1024 * 1024


def _names(data: bytes):
    for match in _NAME.finditer(data):
        yield _HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(1))


def pdf_has_active_content(upload_or_bytes) -> bool:
    """Whether a PDF carries JavaScript or a launch action anywhere: in its plain
    objects, or inside compressed (Flate) streams such as object streams. Names
    written with #-escapes (``/J#61vaScript``) are decoded first. A file whose
    streams unpack past ``PDF_SCAN_LIMIT`` counts as active (not checkable)."""
    if isinstance(upload_or_bytes, bytes | bytearray):
        data = bytes(upload_or_bytes)
    else:
        position = upload_or_bytes.tell()
        upload_or_bytes.seek(0)
        data = upload_or_bytes.read()
        upload_or_bytes.seek(position)
    if any(name in _ACTIVE_NAMES for name in _names(data)):
        return True
    budget = PDF_SCAN_LIMIT
    for match in _STREAM.finditer(data):
        inflater = zlib.decompressobj()
        try:
            unpacked = inflater.decompress(match.group(1), budget + 1)
        except zlib.error:
            continue  # not Flate (images, fonts, other filters): no object names
        budget -= len(unpacked)
        if budget < 0:
            return True
        if any(name in _ACTIVE_NAMES for name in _names(unpacked)):
            return True
    return False


def mask_phone(value) -> str:
    """138****8000: the only form in which a phone number leaves the database.
    Empty (None, NaN, blanks) gives ""; a short value is all stars."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = str(value).strip()
    if not text:
        return ""
    if len(text) < 7:
        return "*" * len(text)
    return f"{text[:3]}****{text[-4:]}"
