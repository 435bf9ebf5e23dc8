"""Benchmark (not a test): 2,000 staff submit a 50-question exam within one minute.

Against PostgreSQL through the real HTTP stack (gunicorn, sync workers, production
settings), it reports throughput, p50/p99 submit latency and checks that every
attempt was graded exactly once — a share of the people double-submit on purpose.
It then times an import of 10,000 questions from an .xlsx file.

    .venv/bin/python benchmarks/quizzes_submit.py [--users 2000] [--seconds 60]
        [--port 8210] [--workers 2] [--database hq] [--import-rows 10000]

Needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 (production settings
keep sessions there; database --redis-db). Data it makes is prefixed "bench" and
replaced on each run; the gunicorn it starts is stopped at the end.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--questions", type=int, default=50)
    parser.add_argument("--port", type=int, default=8210)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", default="hq")
    parser.add_argument("--redis-db", type=int, default=12)
    parser.add_argument("--double-submit-share", type=float, default=0.05)
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument("--client-threads", type=int, default=32)
    return parser.parse_args()


def configure(args) -> dict:
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "benchmark-only-secret-key-not-for-production-use-0123456789",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{args.database}",
        "REDIS_URL": f"redis://127.0.0.1:6379/{args.redis_db}",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_BASE_URL": f"http://127.0.0.1:{args.port}",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_HSTS_SECONDS": "0",
    }
    os.environ.update(env)
    from benchmarks import ensure_database

    ensure_database(env["DATABASE_URL"])
    import logging

    import django

    django.setup()
    for noisy in ("httpx", "httpcore", "django"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return env


def log(message: str) -> None:
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


# --- data ---------------------------------------------------------------------------


def prepare(args):
    """Bench quiz with ``args.questions`` questions, ``args.users`` staff each with an
    open attempt whose answers were already autosaved, and a session per person."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.utils.module_loading import import_string

    from accounts import roles
    from accounts.models import User
    from quizzes import services
    from quizzes.factories import make_question, quiz_index
    from quizzes.models import AttemptAnswer, Question, QuizPage, QuizQuestion

    call_command("migrate", verbosity=0)
    call_command("seed_demo", only=["law"], verbosity=0, stdout=open(os.devnull, "w"))
    QuizPage.objects.filter(slug="bench-exam").delete()
    User.objects.filter(username__startswith="bench").delete()
    Question.objects.filter(stem__startswith="【基准】").delete()

    kinds = ["single", "multiple", "judge", "blank", "case"]
    questions = [
        make_question(kinds[i % len(kinds)], stem=f"【基准】第{i + 1}题：____")
        for i in range(args.questions)
    ]
    quiz = QuizPage(
        title="基准测试考试",
        slug="bench-exam",
        audience_everyone=True,
        time_limit_minutes=60,
        attempts_allowed=1,
        shuffle_questions=True,
        shuffle_options=True,
    )
    for question in questions:
        quiz.fixed_questions.add(QuizQuestion(question=question, points=2))
    quiz_index().add_child(instance=quiz)
    quiz.save_revision().publish()
    quiz = QuizPage.objects.get(pk=quiz.pk)

    officers = Group.objects.get(name=roles.ENFORCEMENT_OFFICER)
    users = User.objects.bulk_create(
        [
            User(username=f"bench{i:05d}", name=f"基准考生{i}", password="!")
            for i in range(args.users)
        ]
    )
    officers.user_set.add(*users)

    started = time.perf_counter()
    attempts = [services.attempt_start(quiz=quiz, user=u) for u in users]
    log(f"  {len(attempts)} attempts started in {time.perf_counter() - started:.1f} s")
    for question in questions:  # every person autosaved the right answer
        response = question.answer
        if question.qtype == "blank":
            response = [accepted[0] for accepted in response]
        AttemptAnswer.objects.filter(attempt__quiz=quiz, question=question).update(
            response=response
        )

    store_class = import_string(
        "django.contrib.sessions.backends.cached_db.SessionStore"
    )
    sessions = []
    for user in users:
        store = store_class()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        sessions.append(store.session_key)
    return quiz, attempts, sessions


# --- server ---------------------------------------------------------------------------


def start_gunicorn(args, env) -> subprocess.Popen:
    command = [
        str(ROOT / ".venv/bin/gunicorn"),
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        "sync",
        "--backlog",
        "2048",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(
        command, cwd=ROOT, env={**os.environ, **env}, start_new_session=True
    )
    import httpx

    for _ in range(100):
        try:
            # A page that renders no template (production has no collected static).
            httpx.get(f"http://127.0.0.1:{args.port}/my/drills/", timeout=1)
            return server
        except httpx.HTTPError:
            time.sleep(0.2)
    stop(server)
    raise SystemExit("gunicorn did not start")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


# --- load -------------------------------------------------------------------------------


def submit_all(args, attempts, sessions):
    """Open-loop load: request i is due at i × (seconds / users); client threads
    (plain http.client, one keep-alive-free connection per request, as a phone
    would) send each when due. Latency is measured from sending to the response."""
    import http.client
    import queue
    import threading

    csrf = "b" * 32
    rng = random.Random(2025)
    interval = args.seconds / len(attempts)
    jobs: queue.Queue = queue.Queue()
    for i, (attempt, session) in enumerate(zip(attempts, sessions, strict=True)):
        repeat = 2 if rng.random() < args.double_submit_share else 1
        jobs.put((i * interval, str(attempt.public_id), session, repeat))
    latencies: list[float] = []
    lags: list[float] = []
    statuses: dict[int, int] = {}
    failures: list[str] = []
    lock = threading.Lock()
    began = time.perf_counter()

    def post(public_id, session):
        conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
        try:
            conn.request(
                "POST",
                f"/quizzes/attempts/{public_id}/submit/",
                body=b"",
                headers={
                    "Cookie": f"sessionid={session}; csrftoken={csrf}",
                    "X-CSRFToken": csrf,
                    "Content-Length": "0",
                },
            )
            response = conn.getresponse()
            response.read()
            return response.status
        finally:
            conn.close()

    def worker():
        while True:
            try:
                due, public_id, session, repeat = jobs.get_nowait()
            except queue.Empty:
                return
            wait = began + due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            for _ in range(repeat):
                sent = time.perf_counter()
                try:
                    status = post(public_id, session)
                except OSError as exc:
                    with lock:
                        failures.append(repr(exc))
                    continue
                done = time.perf_counter()
                with lock:
                    latencies.append(done - sent)
                    lags.append(max(0.0, sent - (began + due)))
                    statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=worker) for _ in range(args.client_threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    return latencies, lags, statuses, failures, elapsed


def check_graded_once(quiz) -> dict:
    from django.db.models import Count

    from quizzes.models import Attempt

    rows = Attempt.objects.filter(quiz=quiz)
    by_count = dict(
        rows.values_list("grading_count").annotate(n=Count("pk")).order_by()
    )
    wrong_scores = rows.exclude(score=models_f("max_score")).count()
    return {
        "attempts": rows.count(),
        "submitted": rows.filter(status="submitted").count(),
        "graded_counts": by_count,
        "scores_not_full": wrong_scores,
    }


def models_f(name):
    from django.db.models import F

    return F(name)


def percentile(values, p):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
    return ordered[index]


# --- import ---------------------------------------------------------------------------


def time_import(rows: int) -> None:
    from quizzes import importing, services
    from quizzes.models import Question

    Question.objects.filter(stem__startswith="【导入基准】").delete()
    citations = [
        "《安全生产法》第二十八条",
        "《中华人民共和国安全生产法》第三十五条",
        "《安全生产法》第三十六条；《安全生产法》第九十九条",
        "《行政处罚法》第四十四条",
    ]
    records = []
    for i in range(rows):
        kind = i % 3
        record = {
            "题型": ["单选", "判断", "填空"][kind],
            "题干": f"【导入基准】第{i}题：生产经营单位应当____？",
            "解析": "依据相关条款。",
            "知识点": "教育培训、安全设备",
            "法规条款": citations[i % len(citations)],
            "难度": str(i % 5 + 1),
        }
        if kind == 0:
            record.update(选项A="甲", 选项B="乙", 选项C="丙", 选项D="丁", 答案="C")
        elif kind == 1:
            record.update(答案="对")
        else:
            record.update(答案="定期|按时")
        records.append(record)
    began = time.perf_counter()
    data = importing.write_xlsx(records)
    written = time.perf_counter() - began
    began = time.perf_counter()
    checked = services.questions_file_import(data=data, dry_run=True)
    dry = time.perf_counter() - began
    began = time.perf_counter()
    result = services.questions_file_import(data=data)
    real = time.perf_counter() - began
    imported = Question.objects.filter(stem__startswith="【导入基准】").count()
    log(
        f"import: {rows} rows ({len(data) / 2**20:.1f} MB xlsx written in {written:.1f} s); "
        f"dry run {dry:.1f} s; full import {real:.1f} s "
        f"({rows / real:.0f} questions/s); valid={checked.ok and result.ok}; "
        f"in bank={imported}"
    )
    Question.objects.filter(stem__startswith="【导入基准】").delete()


def main():
    args = parse_args()
    env = configure(args)
    log(f"preparing {args.users} people and a {args.questions}-question exam…")
    quiz, attempts, sessions = prepare(args)
    server = start_gunicorn(args, env)
    try:
        log(
            f"submitting {args.users} papers over {args.seconds:.0f} s to gunicorn "
            f"({args.workers} sync workers) on port {args.port}…"
        )
        latencies, lags, statuses, failures, elapsed = submit_all(
            args, attempts, sessions
        )
    finally:
        stop(server)
    check = check_graded_once(quiz)
    ms = [1000 * x for x in latencies]
    log(
        f"submit: {len(latencies)} requests in {elapsed:.1f} s = "
        f"{len(latencies) / elapsed:.1f} req/s; "
        f"p50 {statistics.median(ms):.0f} ms, p99 {percentile(ms, 99):.0f} ms, "
        f"max {max(ms):.0f} ms; statuses {statuses}; transport errors {len(failures)}; "
        f"client send lag p99 {percentile([1000 * x for x in lags], 99):.0f} ms"
    )
    once = (
        check["graded_counts"] == {1: args.users} and check["submitted"] == args.users
    )
    log(
        f"check: {check['submitted']}/{check['attempts']} submitted; grading counts "
        f"{check['graded_counts']}; not full marks {check['scores_not_full']}; "
        f"every submission graded exactly once: {'YES' if once else 'NO'}"
    )
    if args.import_rows:
        time_import(args.import_rows)
    return 0 if once and not failures else 1


if __name__ == "__main__":
    raise SystemExit(main())
