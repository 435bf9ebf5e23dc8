"""Autosave across session boundaries: JSON 401 when the session is gone, JSON 403
``csrf`` when the page's token is stale (never mistaken for "paper closed"), and a
JSON 400 with a Chinese message for every malformed answer, never a 500. Run on
SQLite and, with DATABASE_URL, on PostgreSQL (whose text columns refuse NUL)."""

import json
import re

from django.test import Client, TestCase
from django.urls import reverse

from quizzes import services
from quizzes.factories import make_question, make_quiz
from tests.accounts.factories import OfficerFactory

CHINESE = re.compile(r"[\u4e00-\u9fff]")


class SessionBoundaryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.officer = OfficerFactory()
        cls.officer.set_password("pw-123456")
        cls.officer.save()
        cls.quiz = make_quiz(
            [
                make_question("single"),
                make_question("multiple"),
                make_question("judge"),
                make_question("blank", answer=[["不得"], ["三"]]),
                make_question("case"),
            ]
        )

    def setUp(self):
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.officer)
        self.attempt = services.attempt_start(quiz=self.quiz, user=self.officer)
        take = self.browser.get(self.url("attempt_take"))
        self.assertEqual(take.status_code, 200)
        self.token = str(take.context["csrf_token"])

    def url(self, name):
        return reverse(f"quizzes:{name}", args=[self.attempt.public_id])

    def save(self, body, token=None):
        return self.browser.post(
            self.url("attempt_answer"),
            data=body if isinstance(body, (str, bytes)) else json.dumps(body),
            content_type="application/json",
            headers={"X-CSRFToken": token or self.token},
        )

    def submit(self, token=None):
        return self.browser.post(
            self.url("attempt_submit"),
            headers={"X-CSRFToken": token or self.token, "Accept": "application/json"},
        )

    def assertJsonError(self, response, status, code):
        self.assertEqual(response.status_code, status, response.content[:200])
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertEqual(response.json()["code"], code)
        self.assertRegex(response.json()["error"], CHINESE)

    def test_a_saved_answer_with_the_pages_token(self):
        response = self.save({"position": 1, "response": "B"})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.json()["saved"])

    def test_expired_session_answers_json_401_on_save_and_submit(self):
        self.browser.logout()
        self.assertJsonError(
            self.save({"position": 1, "response": "B"}), 401, "session_expired"
        )
        self.assertJsonError(self.submit(), 401, "session_expired")
        self.attempt.refresh_from_db()
        self.assertTrue(self.attempt.is_open)

    def test_stale_token_after_logging_in_again_is_403_csrf_then_a_fresh_one_works(
        self,
    ):
        self.browser.logout()
        # Logging in again (in another tab) rotates the CSRF token.
        self.assertTrue(
            self.browser.login(username=self.officer.username, password="pw-123456")
        )
        stale = self.save({"position": 1, "response": "B"})
        self.assertJsonError(stale, 403, "csrf")
        self.assertNotEqual(stale.json()["code"], "closed")
        state = self.browser.get(reverse("quizzes:session_state"))
        self.assertEqual(state["Content-Type"], "application/json")
        self.assertIn("no-store", state["Cache-Control"])
        self.assertTrue(state.json()["authenticated"])
        fresh = state.json()["csrf"]
        retried = self.save({"position": 1, "response": "B"}, token=fresh)
        self.assertEqual(retried.status_code, 200)
        self.assertEqual(self.attempt.answers.get(position=1).response, "B")

    def test_session_state_says_when_logged_out(self):
        self.browser.logout()
        state = self.browser.get(reverse("quizzes:session_state"))
        self.assertFalse(state.json()["authenticated"])
        self.assertTrue(state.json()["csrf"])

    def test_closed_paper_is_409_closed_not_a_csrf_refusal(self):
        services.attempt_submit(attempt=self.attempt)
        self.assertJsonError(self.save({"position": 1, "response": "B"}), 409, "closed")

    def test_submit_with_json_accept_gives_the_result_url(self):
        response = self.submit()
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["result_url"], self.url("attempt_result"))

    def test_another_persons_paper_is_json_404(self):
        self.browser.force_login(OfficerFactory())
        token = self.browser.get(reverse("quizzes:session_state")).json()["csrf"]
        self.assertJsonError(
            self.save({"position": 1, "response": "B"}, token=token), 404, "not_found"
        )

    def test_every_malformed_answer_is_a_json_400_with_a_chinese_message(self):
        self.assertEqual(
            self.save({"position": 4, "response": ["不得"]}).status_code, 200
        )
        deep = "[" * 100_000 + "]" * 100_000
        bodies = {
            "list inside single": {"position": 1, "response": ["B"]},
            "dict for single": {"position": 1, "response": {"B": True}},
            "list inside multiple": {"position": 2, "response": [["A"], "C"]},
            "dict inside multiple": {"position": 2, "response": [{"A": 1}]},
            "number inside multiple": {"position": 2, "response": [1, 2]},
            "dict for judge": {"position": 3, "response": {"x": 1}},
            "deep list for judge": {"position": 3, "response": [[[[["对"]]]]]},
            "NUL in a blank": {"position": 4, "response": ["不\u0000得"]},
            "lone surrogate in a blank": {"position": 4, "response": ["\ud800"]},
            "huge blank": {"position": 4, "response": ["安" * 10_000]},
            "too many blanks": {"position": 4, "response": ["a", "b", "c"]},
            "number in a blank": {"position": 4, "response": [3]},
            "list inside case": {"position": 5, "response": {"violated": ["A"]}},
            "unknown case part": {"position": 5, "response": {"other": "A"}},
            "unknown position": {"position": 999, "response": "A"},
            "position zero": {"position": 0, "response": "A"},
            "huge position": {"position": 10**30, "response": "A"},
            "float position": {"position": 1.5, "response": "A"},
            "boolean position": {"position": True, "response": "A"},
            "text position": {"position": "一", "response": "A"},
            "list position": {"position": [1], "response": "A"},
            "no position": {"response": "A"},
            "deep JSON": deep,
            "not JSON": "position=1&response=A",
            "a JSON list": [1, "A"],
            "a JSON string": '"A"',
            "NUL outside JSON": b'{"position": 1, "response": "A"}\x00',
            "invalid UTF-8": b'{"position": 1, "response": "\xff"}',
            "body too big": json.dumps({"position": 4, "response": ["x" * 200_000]}),
        }
        for name, body in bodies.items():
            with self.subTest(name):
                response = self.save(body)
                self.assertEqual(response.status_code, 400, response.content[:200])
                self.assertEqual(response["Content-Type"], "application/json")
                self.assertRegex(response.json()["error"], CHINESE)
        self.assertEqual(self.attempt.answers.get(position=4).response, ["不得"])
        self.assertIsNone(self.attempt.answers.get(position=2).response)
