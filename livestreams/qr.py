"""QR codes and printable posters of class links (segno, Pillow, WeasyPrint).

The link is built from the configured site address (``DJANGO_BASE_URL``, read by
the settings into ``WAGTAILADMIN_BASE_URL``), never from the request's Host header:
a code printed from a request that came in under another name (an internal
address, a proxy, a forged header) must still send people to the public site.
Codes keep the 4-module quiet zone the QR standard asks for, so phone cameras in a
WeChat group or on a printed poster find them.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

if TYPE_CHECKING:
    import segno

QUIET_ZONE = 4  # modules (ISO/IEC 18004)
WEEKDAYS = "一二三四五六日"
CAPTION = "微信扫一扫，进入直播间"
# A face with Simplified Chinese forms for the PNG poster: the SC face of the
# Noto collection (face 0 is the Japanese one), then WenQuanYi.
POSTER_FONTS = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", "Noto Sans CJK SC"),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", None),
)


class PosterFontMissing(RuntimeError):
    """No Chinese font for the PNG poster: it would print boxes."""


def class_url(live_class) -> str:
    """The class page's public address on the configured site."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    parts = live_class.get_url_parts()
    path = parts[2] if parts else f"/{live_class.url_path.strip('/')}/"
    return f"{base}{path}"


def make(url: str) -> segno.QRCode:
    # Imported here: the live-class sockets (ASGI workers) never draw a code.
    import segno

    return segno.make(url, error="m", micro=False)


def render(url: str, fmt: str, *, scale: int = 10) -> tuple[bytes, str]:
    """The code as SVG or PNG bytes with its content type (4-module quiet zone)."""
    code = make(url)
    buffer = io.BytesIO()
    if fmt == "svg":
        code.save(buffer, kind="svg", scale=8, border=QUIET_ZONE, xmldecl=False)
        return buffer.getvalue(), "image/svg+xml"
    code.save(buffer, kind="png", scale=scale, border=QUIET_ZONE)
    return buffer.getvalue(), "image/png"


# --- the poster ----------------------------------------------------------------------


@dataclass
class Poster:
    series: str
    title: str
    when: str
    speaker: str
    url: str
    caption: str = CAPTION

    @property
    def qr_png(self) -> bytes:
        return render(self.url, "png", scale=12)[0]

    @property
    def qr_data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.qr_png).decode()


def class_time(start: dt.datetime, end: dt.datetime) -> str:
    """2025年3月15日（星期六）14:30—16:00, in local time, no zero-padded dates."""
    start, end = timezone.localtime(start), timezone.localtime(end)
    day = (
        f"{start.year}年{start.month}月{start.day}日（星期{WEEKDAYS[start.weekday()]}）"
    )
    if start.date() == end.date():
        return f"{day}{start:%H:%M}—{end:%H:%M}"
    return f"{day}{start:%H:%M}—{end.month}月{end.day}日{end:%H:%M}"


def poster_of(live_class) -> Poster:
    return Poster(
        series=f"{live_class.series}·第{live_class.period}期",
        title=live_class.title,
        when=class_time(live_class.scheduled_start, live_class.scheduled_end),
        speaker=live_class.speaker,
        url=class_url(live_class),
    )


def poster_pdf(poster: Poster) -> bytes:
    """An A4 poster to print and pin up (WeasyPrint)."""
    from weasyprint import HTML

    html = render_to_string("livestreams/poster.html", {"poster": poster})
    return HTML(string=html).write_pdf()


@lru_cache(maxsize=4)
def _font_file() -> tuple[str, int]:
    """(path, face index) of the poster font, the SC face of a collection."""
    from PIL import ImageFont

    for path, wanted in POSTER_FONTS:
        if not Path(path).is_file():
            continue
        for index in range(12):
            try:
                face = ImageFont.truetype(path, 12, index=index)
            except OSError:
                break
            if wanted is None or face.getname()[0] == wanted:
                return path, index
    raise PosterFontMissing(
        "No Chinese font for the poster: install the Debian package fonts-noto-cjk."
    )


def _font(size: int):
    from PIL import ImageFont

    path, index = _font_file()
    return ImageFont.truetype(path, size, index=index)


def _wrap(draw, text: str, font, width: int) -> list[str]:
    """Chinese text broken into lines of at most ``width`` pixels (by character)."""
    lines, line = [], ""
    for ch in text:
        if draw.textlength(line + ch, font=font) > width and line:
            lines.append(line)
            line = ch
        else:
            line += ch
    return [*lines, line] if line else lines


def poster_png(poster: Poster, *, width: int = 1240, height: int = 1754) -> bytes:
    """The same poster as a PNG (A4 at 150 dpi) to send to an enterprise group."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    red = (179, 38, 30)
    draw.rectangle([0, 0, width, 150], fill=red)
    margin = 90
    y = 48
    draw.text((width // 2, y), poster.series, font=_font(48), fill="white", anchor="ma")
    y = 220
    for line in _wrap(draw, poster.title, _font(72), width - 2 * margin):
        draw.text((width // 2, y), line, font=_font(72), fill="black", anchor="ma")
        y += 96
    y += 24
    for text in (f"时间：{poster.when}", f"主讲：{poster.speaker}"):
        for line in _wrap(draw, text, _font(40), width - 2 * margin):
            draw.text((margin, y), line, font=_font(40), fill=(40, 40, 40))
            y += 60
    room = min(width - 2 * margin, height - y - 260, 760)
    modules = make(poster.url).symbol_size(border=QUIET_ZONE)[0]
    # Whole pixels a module: a resized code gets uneven modules that scan badly.
    code = Image.open(
        io.BytesIO(render(poster.url, "png", scale=max(1, room // modules))[0])
    ).convert("RGB")
    side = code.width
    image.paste(code, ((width - side) // 2, y + 30))
    y += side + 60
    draw.text((width // 2, y), poster.caption, font=_font(44), fill=red, anchor="ma")
    y += 80
    for line in _wrap(draw, poster.url, _font(28), width - 2 * margin):
        draw.text((width // 2, y), line, font=_font(28), fill=(90, 90, 90), anchor="ma")
        y += 40
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(150, 150))
    return buffer.getvalue()
