"""The embedded default (`make run`: dev settings, a SQLite file, Django's threaded
server) takes a class-sized burst: 50 people autosaving at once, then submitting at
once, get no 500 "database is locked" and lose nothing (issue 15 item 2).

A real server in a subprocess on a real file: the test database of the rest of the
suite is in memory, where locking never shows."""

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PORT = 8112
PEOPLE = 50
QUESTIONS = 4
CSRF = "burstburstburstburstburstburst12"  # a 32-character secret: cookie = header

SETUP = """
import json
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from quizzes import services
from quizzes.factories import make_question, make_quiz

quiz = make_quiz([make_question("judge", answer=True) for _ in range({q})],
                 attempts_allowed=0)
people = []
for n in range({n}):
    user = get_user_model().objects.create_user(f"burst{{n}}", password="x-123456")
    attempt = services.attempt_start(quiz=quiz, user=user)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    people.append([str(attempt.public_id), session.session_key])
print("PEOPLE=" + json.dumps(people))
"""


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
        **kwargs,
    )


def post(url, session_key, body, accept="application/json"):
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Accept": accept,
            "X-CSRFToken": CSRF,
            "Cookie": f"sessionid={session_key}; csrftoken={CSRF}",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError as error:  # a timeout: the server stalled on the lock
        return None, repr(error).encode()


def all_at_once(jobs):
    """Run each job in its own thread, released together; their (status, body)."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(i, job):
        barrier.wait()
        results[i] = job()

    threads = [
        threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


def test_fifty_autosaves_and_submits_at_once_on_sqlite_get_no_500(tmp_path):
    db = tmp_path / "db.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_SECRET_KEY": "burst-test-only-" + "k" * 40,
    }
    manage(env, "migrate", "-v0")
    output = manage(env, "shell", "-c", SETUP.format(q=QUESTIONS, n=PEOPLE)).stdout
    people = json.loads(output.split("PEOPLE=", 1)[1])
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{PORT}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{PORT}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/quizzes/session/", timeout=5)
                break
            except OSError:
                assert time.monotonic() < deadline, "runserver did not start"
                time.sleep(0.5)

        def saves(public_id, key):
            url = f"{base}/quizzes/attempts/{public_id}/answers/"
            return [
                post(url, key, {"position": p, "response": True})
                for p in range(1, QUESTIONS + 1)
            ]

        saved = all_at_once([lambda p=p: saves(*p) for p in people])
        statuses = [status for person in saved for status, _body in person]
        assert statuses == [200] * (PEOPLE * QUESTIONS), [
            (s, b[:120]) for person in saved for s, b in person if s != 200
        ]

        def submit(public_id, key):
            return post(f"{base}/quizzes/attempts/{public_id}/submit/", key, {})

        submitted = all_at_once([lambda p=p: submit(*p) for p in people])
        assert [s for s, _b in submitted] == [200] * PEOPLE, submitted
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(10)

    with sqlite3.connect(db) as check:
        answered = check.execute(
            "SELECT COUNT(*) FROM quizzes_attemptanswer WHERE response = 'true'"
        ).fetchone()[0]
        graded = check.execute(
            "SELECT COUNT(*), SUM(grading_count), MIN(score) FROM quizzes_attempt"
            " WHERE status = 'submitted'"
        ).fetchone()
    assert answered == PEOPLE * QUESTIONS
    assert graded[0] == PEOPLE and graded[1] == PEOPLE
    assert graded[2] == QUESTIONS * 2  # every saved answer was graded right
