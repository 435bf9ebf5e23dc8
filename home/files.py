"""File checks every app shares: what an upload really is, and the phone mask.

The type comes from the file's content through the ``filetype`` library (kept
signatures for PDF, images and Office formats), never from its name alone.
"""

from __future__ import annotations

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
