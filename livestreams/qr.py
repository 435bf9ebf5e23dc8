"""QR codes of class links (segno)."""

import io

import segno


def render(url: str, fmt: str) -> tuple[bytes, str]:
    code = segno.make(url, error="m")
    buffer = io.BytesIO()
    if fmt == "svg":
        code.save(buffer, kind="svg", scale=8, border=2, xmldecl=False)
        return buffer.getvalue(), "image/svg+xml"
    code.save(buffer, kind="png", scale=10, border=2)
    return buffer.getvalue(), "image/png"
