"""Guest sign-up API, QR codes and the class page."""

import json

from django.test import TestCase, override_settings

from accounts.models import PostCategory
from livestreams import tokens
from livestreams.models import Viewer
from livestreams.phones import INVALID_PHONE
from tests.accounts.factories import EnterpriseFactory, WorkerFactory
from tests.livestreams.factories import make_class


class SignupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.live_class = make_class()
        cls.enterprise = EnterpriseFactory(name="津东化工储运有限公司")
        cls.url = f"/api/live/{cls.live_class.pk}/viewers"

    def post(self, body, **extra):
        return self.client.post(
            self.url,
            data=json.dumps(body),
            content_type="application/json",
            **extra,
        )

    def valid(self, **changes):
        return {
            "name": "李四",
            "enterprise": "津东化工储运有限公司",
            "role": "一线员工",
            "phone": "138 0013 8000",
            "device": "device-abcdef12",
            **changes,
        }

    def test_signup_returns_201_with_a_token_bound_to_viewer_and_class(self):
        response = self.post(self.valid())
        self.assertEqual(response.status_code, 201)
        data = response.json()
        viewer = Viewer.objects.get()
        self.assertEqual(
            tokens.viewer_for(data["token"], class_id=self.live_class.pk), viewer.pk
        )
        self.assertIsNone(tokens.viewer_for(data["token"], class_id=999))
        self.assertTrue(
            data["ws_url"].startswith(f"ws://testserver/ws/live/{self.live_class.pk}/")
        )
        self.assertEqual(viewer.enterprise, self.enterprise)
        self.assertEqual(viewer.post_category, PostCategory.FRONT_LINE)
        self.assertEqual(viewer.phone, "13800138000")
        self.assertEqual(viewer.masked_phone, "138****8000")

    def test_typed_enterprise_is_kept_as_text(self):
        self.post(self.valid(enterprise="未登记的小作坊"))
        viewer = Viewer.objects.get()
        self.assertIsNone(viewer.enterprise)
        self.assertEqual(viewer.enterprise_name, "未登记的小作坊")

    def test_same_device_is_the_same_viewer(self):
        self.post(self.valid())
        self.post(self.valid(name="李四（改）", phone=""))
        self.assertEqual(Viewer.objects.count(), 1)
        self.assertEqual(Viewer.objects.get().name, "李四（改）")

    def test_same_phone_on_a_new_device_is_the_same_viewer(self):
        self.post(self.valid())
        self.post(self.valid(device="another-device-1"))
        self.assertEqual(Viewer.objects.count(), 1)

    def test_different_devices_without_phone_are_different_viewers(self):
        self.post(self.valid(phone=""))
        self.post(self.valid(phone="", device="another-device-1"))
        self.assertEqual(Viewer.objects.count(), 2)

    def test_bad_fields_get_400_with_a_message_each(self):
        response = self.post(
            {"name": "", "enterprise": "", "role": "老板", "phone": "123"}
        )
        self.assertEqual(response.status_code, 400)
        errors = response.json()["errors"]
        self.assertEqual(set(errors), {"name", "enterprise", "role", "phone"})
        self.assertEqual(errors["phone"], [str(INVALID_PHONE)])
        self.assertFalse(Viewer.objects.exists())

    def test_phone_message_reads_in_chinese(self):
        response = self.post(self.valid(phone="12345"))
        self.assertIn("手机号", response.json()["errors"]["phone"][0])

    def test_non_object_body_is_400(self):
        response = self.client.post(
            self.url, data="[1]", content_type="application/json"
        )
        self.assertEqual(response.status_code, 400)

    def test_needs_no_csrf_token(self):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        response = client.post(
            self.url, data=json.dumps(self.valid()), content_type="application/json"
        )
        self.assertEqual(response.status_code, 201)
        self.assertNotIn("sessionid", response.cookies)

    @override_settings(LIVESTREAMS_SIGNUP_RATE=2)
    def test_rate_limited_per_client_address(self):
        from django.core.cache import cache

        cache.clear()
        codes = [self.post(self.valid()).status_code for _ in range(3)]
        self.assertEqual(codes, [201, 201, 429])
        other = self.post(self.valid(), REMOTE_ADDR="10.0.0.9")
        self.assertEqual(other.status_code, 201)

    @override_settings(LIVESTREAMS_SIGNUP_RATE=1, LIVESTREAMS_TRUSTED_PROXY="10.0.0.1")
    def test_forwarded_for_is_trusted_only_from_the_proxy(self):
        from django.core.cache import cache

        cache.clear()
        via_proxy = {"REMOTE_ADDR": "10.0.0.1"}
        a = self.post(self.valid(), HTTP_X_FORWARDED_FOR="1.1.1.1", **via_proxy)
        b = self.post(self.valid(), HTTP_X_FORWARDED_FOR="2.2.2.2", **via_proxy)
        self.assertEqual((a.status_code, b.status_code), (201, 201))
        # A client that is not the proxy cannot dodge the limit with the header.
        direct = {"REMOTE_ADDR": "3.3.3.3"}
        c = self.post(self.valid(), HTTP_X_FORWARDED_FOR="4.4.4.4", **direct)
        d = self.post(self.valid(), HTTP_X_FORWARDED_FOR="5.5.5.5", **direct)
        self.assertEqual((c.status_code, d.status_code), (201, 429))


class ClassPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.live_class = make_class(stream_url="https://example.com/live/a.m3u8")

    def test_guest_sees_the_signup_form_and_the_player(self):
        response = self.client.get(self.live_class.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-session-join=""')
        self.assertContains(response, "hls.min.js")
        self.assertContains(response, "一线员工")

    def test_page_only_reads_a_logged_in_worker_joins_by_session(self):
        """GET writes no viewer: the socket (or the join API) does."""
        worker = WorkerFactory()
        self.client.force_login(worker)
        for _ in range(2):
            response = self.client.get(self.live_class.url)
            self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["session_join"])
        self.assertContains(response, 'data-session-join="1"')
        self.assertFalse(Viewer.objects.filter(user=worker).exists())

    def test_qr_codes_encode_the_class_link(self):
        svg = self.client.get(f"/live/{self.live_class.pk}/qr.svg")
        self.assertEqual(svg["Content-Type"], "image/svg+xml")
        self.assertIn(b"<svg", svg.content)
        png = self.client.get(f"/live/{self.live_class.pk}/qr.png")
        self.assertEqual(png.content[:8], b"\x89PNG\r\n\x1a\n")
