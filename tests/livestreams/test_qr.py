"""QR codes from the configured site address (never the Host header), with the
4-module quiet zone, and the printable class poster from the host console."""

import datetime as dt
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from livestreams import qr
from tests.accounts.factories import TrainerFactory, WorkerFactory
from tests.conftest import require_service
from tests.livestreams.factories import make_class

BASE = "https://aqpx.example.gov.cn"


def modules(png: bytes, scale: int) -> np.ndarray:
    """The code's modules (True = dark) read back from its PNG."""
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    return pixels[scale // 2 :: scale, scale // 2 :: scale] < 128


@override_settings(WAGTAILADMIN_BASE_URL=BASE)
class QrCodeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.live_class = make_class()

    def expected_url(self) -> str:
        return BASE + self.live_class.get_url_parts()[2]

    def test_a_request_under_another_host_still_encodes_the_base_url(self):
        response = self.client.get(
            f"/live/{self.live_class.pk}/qr.png", HTTP_HOST="evil.example.com"
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(self.expected_url().startswith(f"{BASE}/"))
        expected, _type = qr.render(self.expected_url(), "png")
        self.assertEqual(response.content, expected)
        forged, _type = qr.render(
            "http://evil.example.com" + self.live_class.get_url_parts()[2], "png"
        )
        self.assertNotEqual(response.content, forged)

    def test_the_code_decodes_to_the_base_url(self):
        code = qr.make(qr.class_url(self.live_class))
        self.assertEqual(qr.class_url(self.live_class), self.expected_url())
        # segno's matrix is the data; compare it with a fresh encoding of the URL.
        self.assertEqual(code.matrix, qr.make(self.expected_url()).matrix)

    def test_the_quiet_zone_is_four_modules_on_every_side(self):
        png, _type = qr.render(self.expected_url(), "png", scale=10)
        grid = modules(png, 10)
        n = qr.make(self.expected_url()).symbol_size(border=0)[0]
        self.assertEqual(grid.shape, (n + 8, n + 8))
        for edge in (grid[:4], grid[-4:], grid[:, :4], grid[:, -4:]):
            self.assertFalse(edge.any())
        self.assertTrue(grid[4, 4:11].all())  # the finder pattern starts right after
        svg, _type = qr.render(self.expected_url(), "svg")
        size = (n + 8) * 8
        self.assertIn(f'width="{size}" height="{size}"'.encode(), svg)


@override_settings(WAGTAILADMIN_BASE_URL=BASE, TIME_ZONE="Asia/Shanghai")
class PosterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        start = timezone.make_aware(dt.datetime(2025, 3, 15, 14, 30))
        cls.live_class = make_class(
            period=3,
            title="有限空间作业安全与《安全生产法》第二十八条",
            scheduled_start=start,
            scheduled_end=start + dt.timedelta(minutes=90),
            live=False,
        )
        cls.trainer = TrainerFactory()

    def test_the_poster_states_title_time_speaker_and_the_caption(self):
        poster = qr.poster_of(self.live_class)
        self.assertEqual(poster.when, "2025年3月15日（星期六）14:30—16:00")
        self.assertEqual(poster.speaker, "王讲师")
        self.assertEqual(poster.series, "惠企安全空中课堂·第3期")
        self.assertTrue(poster.url.startswith(BASE))

    def test_trainer_downloads_png_and_pdf_from_the_console(self):
        self.client.force_login(self.trainer)
        console = self.client.get(
            reverse("livestreams_console", args=[self.live_class.pk])
        )
        png_url = reverse("livestreams_poster_png", args=[self.live_class.pk])
        pdf_url = reverse("livestreams_poster_pdf", args=[self.live_class.pk])
        self.assertContains(console, png_url)
        self.assertContains(console, pdf_url)
        png = self.client.get(png_url, HTTP_HOST="evil.example.com")
        self.assertEqual(png["Content-Type"], "image/png")
        self.assertIn("filename*=utf-8''", png["Content-Disposition"])
        image = Image.open(io.BytesIO(png.content))
        self.assertEqual(image.size, (1240, 1754))
        pdf = self.client.get(pdf_url)
        self.assertEqual(pdf["Content-Type"], "application/pdf")
        self.assertTrue(pdf.content.startswith(b"%PDF"))
        self.check_pdf_text(pdf.content)

    def check_pdf_text(self, body: bytes) -> None:
        require_service(bool(shutil.which("pdftotext")), "pdftotext (poppler-utils)")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "p.pdf"
            path.write_bytes(body)
            text = subprocess.run(
                ["pdftotext", str(path), "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        flat = text.replace("\n", "").replace(" ", "")
        for part in ("有限空间作业安全", "2025年3月15日（星期六）14:30—16:00",
                     "主讲：王讲师", qr.CAPTION, BASE):  # fmt: skip
            self.assertIn(part, flat)

    def test_the_png_poster_carries_the_whole_code_with_its_quiet_zone(self):
        poster = qr.poster_of(self.live_class)
        page = np.asarray(Image.open(io.BytesIO(qr.poster_png(poster))).convert("L"))
        n = qr.make(poster.url).symbol_size(border=qr.QUIET_ZONE)[0]
        found = False
        for scale in range(4, 40):
            code = np.asarray(
                Image.open(
                    io.BytesIO(qr.render(poster.url, "png", scale=scale)[0])
                ).convert("L")
            )
            side = code.shape[0]
            x = (page.shape[1] - side) // 2
            if side != n * scale or x < 0:
                continue
            # Rows where the top of the first finder pattern could start.
            finder = page[:, x + 4 * scale : x + 11 * scale] < 128
            for top in np.where(finder.all(axis=1))[0]:
                y = top - 4 * scale
                block = page[y : y + side, x : x + side]
                if y >= 0 and block.shape == code.shape and (block == code).all():
                    found = True
                    break
            if found:
                break
        self.assertTrue(found, "the poster holds the code at whole-pixel modules")

    def test_someone_without_the_host_permission_gets_no_poster(self):
        self.client.force_login(WorkerFactory())
        response = self.client.get(
            reverse("livestreams_poster_png", args=[self.live_class.pk])
        )
        self.assertNotEqual(response.status_code, 200)
