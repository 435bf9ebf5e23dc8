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

    def setUp(self):
        from django.core.cache import cache

        cache.clear()  # the sign-up limits count in the cache

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
        self.assertEqual(
            data["ws_url"], f"ws://testserver/ws/live/{self.live_class.pk}/"
        )
        self.assertNotIn(data["token"], data["ws_url"])  # it goes in the first message
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
        """The device cookie the first sign-up set brings the same viewer back."""
        first = self.post(self.valid())
        self.assertTrue(first.cookies["live_device"]["httponly"])
        self.assertEqual(first.cookies["live_device"]["samesite"], "Strict")
        second = self.post(self.valid(name="李四（改）", phone=""))
        self.assertEqual(Viewer.objects.count(), 1)
        self.assertEqual(Viewer.objects.get().name, "李四（改）")
        self.assertEqual(
            tokens.viewer_for(second.json()["token"], class_id=self.live_class.pk),
            Viewer.objects.get().pk,
        )

    def test_someone_elses_phone_on_another_device_is_a_new_viewer(self):
        """A phone number never renames, merges or hands over an existing viewer."""
        self.post(self.valid())
        victim = Viewer.objects.get()
        self.client.cookies.clear()  # another phone
        response = self.post(
            self.valid(name="冒名者", enterprise="别家公司", device=victim.device_id)
        )
        self.assertEqual(response.status_code, 201)
        self.assertEqual(Viewer.objects.count(), 2)
        victim.refresh_from_db()
        self.assertEqual(
            (victim.name, victim.enterprise_name), ("李四", self.enterprise.name)
        )
        intruder = Viewer.objects.exclude(pk=victim.pk).get()
        self.assertEqual(intruder.phone, victim.phone)
        token_viewer = tokens.viewer_for(
            response.json()["token"], class_id=self.live_class.pk
        )
        self.assertEqual(token_viewer, intruder.pk)

    def test_a_forged_device_cookie_is_a_new_device(self):
        self.post(self.valid())
        victim = Viewer.objects.get()
        self.client.cookies.clear()
        self.client.cookies["live_device"] = victim.device_id  # unsigned: forged
        self.post(self.valid(name="冒名者"))
        victim.refresh_from_db()
        self.assertEqual(victim.name, "李四")
        self.assertEqual(Viewer.objects.count(), 2)

    def test_different_devices_are_different_viewers(self):
        self.post(self.valid(phone=""))
        self.client.cookies.clear()
        self.post(self.valid(phone=""))
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

    def test_three_hundred_people_behind_one_address_join_within_a_minute(self):
        """A canteen on one factory Wi-Fi (one address, a phone each) all get in
        under the default limits; a flood from that address is then stopped."""
        from unittest import mock

        # Within one minute, however slowly this machine runs the requests.
        minute = mock.patch("livestreams.ratelimit.time.time", return_value=6e8)
        minute.start()
        self.addCleanup(minute.stop)
        for n in range(300):
            self.client.cookies.clear()  # each its own phone
            response = self.post(self.valid(name=f"工人{n}", phone=""))
            self.assertEqual(response.status_code, 201, n)
        self.assertEqual(Viewer.objects.count(), 300)
        codes = []
        for _ in range(120):
            self.client.cookies.clear()
            codes.append(self.post(self.valid(phone="")).status_code)
        self.assertEqual(codes.count(201), 100)  # the burst is 400 a minute
        self.assertEqual(codes[-1], 429)
        self.assertIn(
            "该网络登记次数过多", self.post(self.valid()).json()["errors"]["__all__"][0]
        )

    @override_settings(LIVESTREAMS_SIGNUP_PER_DEVICE=3)
    def test_one_phone_is_limited_on_its_own(self):
        from django.core.cache import cache

        cache.clear()
        codes = [self.post(self.valid()).status_code for _ in range(4)]
        self.assertEqual(codes, [201, 201, 201, 429])
        response = self.post(self.valid())
        self.assertEqual(response["Retry-After"], "60")
        self.assertIn("本机登记次数过多", response.json()["errors"]["__all__"][0])
        self.client.cookies.clear()  # another phone on the same address
        self.assertEqual(self.post(self.valid()).status_code, 201)

    @override_settings(LIVESTREAMS_SIGNUP_CLASS_BUDGET=3)
    def test_a_class_has_a_budget_a_minute_whatever_the_addresses(self):
        from django.core.cache import cache

        cache.clear()
        codes = []
        for n in range(4):
            self.client.cookies.clear()
            codes.append(self.post(self.valid(), REMOTE_ADDR=f"10.1.0.{n}").status_code)
        self.assertEqual(codes, [201, 201, 201, 429])

    @override_settings(LIVESTREAMS_SIGNUP_RATE=2)
    def test_rate_limited_per_client_address(self):
        from django.core.cache import cache

        cache.clear()
        codes = []
        for _ in range(3):
            self.client.cookies.clear()
            codes.append(self.post(self.valid()).status_code)
        self.assertEqual(codes, [201, 201, 429])
        other = self.post(self.valid(), REMOTE_ADDR="10.0.0.9")
        self.assertEqual(other.status_code, 201)

    @override_settings(LIVESTREAMS_SIGNUP_RATE=1, TRUSTED_PROXY="10.0.0.1")
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


class EndedClassTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        from livestreams import services

        cls.live_class = make_class(replay_url="https://example.com/replay.m3u8")
        services.class_end(live_class=cls.live_class)

    def test_an_ended_class_refuses_sign_ups_in_chinese(self):
        response = self.client.post(
            f"/api/live/{self.live_class.pk}/viewers",
            data=json.dumps(
                {"name": "王五", "enterprise": "某公司", "role": "一线员工"}
            ),
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 410)
        self.assertIn("已结束", response.json()["errors"]["__all__"][0])
        self.assertFalse(Viewer.objects.exists())

    def test_replay_views_are_counted_apart_from_live_viewers(self):
        for _ in range(2):
            self.assertEqual(self.client.get(self.live_class.url).status_code, 200)
        self.live_class.refresh_from_db()
        self.assertEqual(self.live_class.replay_views, 2)
        self.assertFalse(Viewer.objects.exists())


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
