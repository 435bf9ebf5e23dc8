"""Benchmark (not a test): 2,000 staff submit a 50-question exam within one minute.

Against PostgreSQL through the real HTTP stack (gunicorn, sync workers, production
settings), it reports throughput, p50/p99 submit latency and checks that every
attempt was graded exactly once — a share of the people double-submit on purpose.
It then times an import of 10,000 questions from an .xlsx file.

    .venv/bin/python benchmarks/quizzes_submit.py [--users 2000] [--seconds 60]
        [--port 8210] [--workers 2] [--database hq] [--import-rows 10000]
        [--starts] [--profile] [--peak 1000] [--quiet-load 1.0]

In the same run, on the same gunicorn (``benchmarks/stock_wsgi.py``: the project's
application plus a stock minimal submit view that production cannot reach), it first
drives both submits as fast as they go (``--peak`` submits each, ``--peak-clients``
back-to-back clients, the two alternating in halves) and prints each one's
throughput and the ratio project / stock. ``--starts``: afterwards, ``--users``
people start a third exam through HTTP within ``--seconds`` (p50/p99, refusals,
one open attempt each). ``--profile``: before the server starts, one submit and one
start in this process through the whole middleware stack (Django's test client,
production settings): SQL statements and their time, middleware versus view time,
CPU time, and the top cProfile entries (``--profile-top``).

Each phase has its own logged-in sessions, last seen two minutes before they were
made: every person's first request refreshes its session (one session write), the
dearer case of an exam's end (after a recent autosave a submit writes none).

Every run prints the load average at its start and end and marks the figures BUSY
when the 1-minute load was above ``--quiet-load``: run it alone.

Needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 (production settings
keep sessions there; database --redis-db). Data it makes is prefixed "bench" and
replaced on each run; the gunicorn it starts is stopped at the end.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import io
import math
import os
import pstats
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks import _load as load  # noqa: E402 (after the path is set)

CSRF = "b" * 32
# People who only take part in --profile (their submit and their start).
PROFILE_PEOPLE = 3


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
    parser.add_argument(
        "--peak",
        type=int,
        default=1000,
        help="submits each for the project / stock comparison (0: skip it)",
    )
    parser.add_argument("--peak-clients", type=int, default=8)
    parser.add_argument(
        "--starts", action="store_true", help="also run the exam-start surge"
    )
    parser.add_argument(
        "--profile", action="store_true", help="profile one submit and one start"
    )
    parser.add_argument("--profile-top", type=int, default=25)
    parser.add_argument(
        "--quiet-load",
        type=float,
        default=load.QUIET_LOAD,
        help="1-minute load average above which the run is marked BUSY",
    )
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
    # Production logs at INFO: the preparation's page and role messages are noise.
    logging.disable(logging.INFO)
    return env


def log(message: str) -> None:
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


# --- data ---------------------------------------------------------------------------


@dataclass
class Bench:
    """What :func:`prepare` made. Requests are (path, session key)."""

    quizzes: dict
    main: list[tuple[str, str]]  # each person's submit of the main exam
    peak: list[tuple[str, str]]  # project submits for the comparison
    stock: list[tuple[str, str]]  # stock submits for the comparison (no session)
    starts: list[tuple[str, str]]  # each person's start of the start exam
    profile_submits: list[tuple[str, str]] = field(default_factory=list)
    profile_starts: list[tuple[str, str]] = field(default_factory=list)


def prepare(args) -> Bench:
    """Four copies of a ``args.questions``-question exam (the surge, the comparison's
    project and stock halves, the start surge); ``args.users`` staff with an open
    attempt at the first three, answers already autosaved, and a logged-in session
    for each phase; and ``PROFILE_PEOPLE`` more for ``--profile``."""
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from accounts import roles
    from accounts.models import User
    from quizzes import services
    from quizzes.factories import make_question
    from quizzes.models import AttemptAnswer, Question, QuizPage

    call_command("migrate", verbosity=0)
    call_command("seed_demo", only=["law"], verbosity=0, stdout=open(os.devnull, "w"))
    QuizPage.objects.filter(slug__startswith="bench-exam").delete()
    User.objects.filter(username__startswith="bench").delete()
    Question.objects.filter(stem__startswith="【基准】").delete()

    kinds = ["single", "multiple", "judge", "blank", "case"]
    questions = [
        make_question(kinds[i % len(kinds)], stem=f"【基准】第{i + 1}题：____")
        for i in range(args.questions)
    ]
    quizzes = {
        name: _exam(questions, slug, title)
        for name, slug, title in (
            ("main", "bench-exam", "基准测试考试"),
            ("peak", "bench-exam-peak", "基准测试考试（峰值）"),
            ("stock", "bench-exam-stock", "基准测试考试（对照）"),
            ("start", "bench-exam-start", "基准测试考试（开考）"),
        )
    }
    officers = Group.objects.get(name=roles.ENFORCEMENT_OFFICER)
    people = User.objects.bulk_create(
        [
            User(username=f"bench{i:05d}", name=f"基准考生{i}", password="!")
            for i in range(args.users)
        ]
        + [
            User(username=f"bench-prof{i}", name=f"基准剖析{i}", password="!")
            for i in range(PROFILE_PEOPLE if args.profile else 0)
        ]
    )
    officers.user_set.add(*people)
    users, profiled = people[: args.users], people[args.users :]
    n_peak = min(args.peak, args.users)

    started = time.perf_counter()
    main = [services.attempt_start(quiz=quizzes["main"], user=u) for u in users]
    peak = [
        services.attempt_start(quiz=quizzes["peak"], user=u) for u in users[:n_peak]
    ]
    stock = [
        services.attempt_start(quiz=quizzes["stock"], user=u) for u in users[:n_peak]
    ]
    mine = [services.attempt_start(quiz=quizzes["peak"], user=u) for u in profiled]
    count = len(main) + len(peak) + len(stock) + len(mine)
    spent = time.perf_counter() - started
    log(
        f"  {count} attempts started in {spent:.1f} s "
        f"({1000 * spent / count:.1f} ms each, services in this process)"
    )
    for question in questions:  # every person autosaved the right answer
        response = question.answer
        if question.qtype == "blank":
            response = [accepted[0] for accepted in response]
        AttemptAnswer.objects.filter(
            attempt__quiz__in=[quizzes["main"], quizzes["peak"], quizzes["stock"]],
            question=question,
        ).update(response=response)

    # A session of its own for each phase (a person may have two devices): each
    # phase's first request per person finds it last seen two minutes ago.
    started = time.perf_counter()

    def sessions(of):
        return [_logged_in_session(user) for user in of]

    main_sessions, peak_sessions = sessions(users), sessions(users[:n_peak])
    start_sessions = sessions(users) if args.starts else []
    profile_submit_sessions, profile_start_sessions = (
        sessions(profiled),
        sessions(profiled),
    )
    log(f"  sessions made in {time.perf_counter() - started:.1f} s")
    start_path = f"/quizzes/{quizzes['start'].pk}/start/"
    return Bench(
        quizzes=quizzes,
        main=[(_submit_path(a), s) for a, s in zip(main, main_sessions, strict=True)],
        peak=[(_submit_path(a), s) for a, s in zip(peak, peak_sessions, strict=True)],
        stock=[(f"/_stock/submit/{a.pk}/", "") for a in stock],
        starts=[(start_path, s) for s in start_sessions],
        profile_submits=[
            (_submit_path(a), s)
            for a, s in zip(mine, profile_submit_sessions, strict=True)
        ],
        profile_starts=[(start_path, s) for s in profile_start_sessions],
    )


def _exam(questions, slug: str, title: str):
    from quizzes.factories import quiz_index
    from quizzes.models import QuizPage, QuizQuestion

    quiz = QuizPage(
        title=title,
        slug=slug,
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
    return QuizPage.objects.get(pk=quiz.pk)


def _submit_path(attempt) -> str:
    return f"/quizzes/attempts/{attempt.public_id}/submit/"


def _logged_in_session(user, *, idle: float = 120.0) -> str:
    """A session as logging in makes it (production's cached_db store), last seen
    ``idle`` seconds ago: its first request refreshes the last-seen time (one
    session write), as it would for someone whose last autosave was over a minute
    before — the dearer case, the same for every request of a phase."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore

    from accounts.session_timeout import LAST_SEEN, LOGGED_IN_AT

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[LAST_SEEN] = time.time() - idle
    store[LOGGED_IN_AT] = store[LAST_SEEN] - 600
    store.create()
    return store.session_key


# --- server ---------------------------------------------------------------------------


def start_gunicorn(args, env) -> subprocess.Popen:
    command = [
        # The gunicorn of the virtualenv running this script.
        str(Path(sys.executable).parent / "gunicorn"),
        # The project's application, plus the stock view under /_stock/.
        "benchmarks.stock_wsgi:application",
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


def warm_up(args) -> None:
    """A few requests to every worker: the first ones pay imports and caches."""
    for _ in range(8 * args.workers):
        _request(args.port, "GET", "/quizzes/session/", "")
        _request(args.port, "POST", "/_stock/submit/0/", "")


# --- load -------------------------------------------------------------------------------


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    lags: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    refused: int = 0
    elapsed: float = 0.0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def summary(self) -> str:
        ms = [1000 * x for x in self.latencies] or [0.0]
        return (
            f"{len(self.latencies)} requests in {self.elapsed:.1f} s = "
            f"{self.rate:.1f} req/s; p50 {statistics.median(ms):.0f} ms, "
            f"p99 {percentile(ms, 99):.0f} ms, max {max(ms):.0f} ms; "
            f"statuses {self.statuses}; refused {self.refused}; "
            f"transport errors {len(self.failures)}"
        )


def _request(port: int, method: str, path: str, session: str) -> tuple[int, str]:
    """One request on its own connection (no keep-alive, as a phone would):
    (status, Location)."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Length": "0"}
    if session:
        headers["Cookie"] = f"sessionid={session}; csrftoken={CSRF}"
        headers["X-CSRFToken"] = CSRF
    try:
        conn.request(
            method, path, body=b"" if method == "POST" else None, headers=headers
        )
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("Location", "")
    finally:
        conn.close()


def drive(
    args, requests, *, ok, paced: bool, threads: int, double_share: float = 0.0
) -> Run:
    """POST every request. Paced (open loop): request i is due at i × (seconds /
    requests) and sent when due, latency measured from sending; unpaced (closed
    loop): ``threads`` clients send back to back, as fast as the server answers.
    ``ok(status, location)`` tells a refusal; a ``double_share`` of the people
    send theirs twice (a double click)."""
    import queue

    rng = random.Random(2025)
    interval = args.seconds / len(requests) if paced else 0.0
    jobs: queue.Queue = queue.Queue()
    for i, (path, session) in enumerate(requests):
        repeat = 2 if rng.random() < double_share else 1
        jobs.put((i * interval, path, session, repeat))
    run = Run()
    lock = threading.Lock()
    began = time.perf_counter()

    def worker():
        while True:
            try:
                due, path, session, repeat = jobs.get_nowait()
            except queue.Empty:
                return
            wait = began + due - time.perf_counter()
            if paced and wait > 0:
                time.sleep(wait)
            for _ in range(repeat):
                sent = time.perf_counter()
                try:
                    status, location = _request(args.port, "POST", path, session)
                except OSError as exc:
                    with lock:
                        run.failures.append(repr(exc))
                    continue
                done = time.perf_counter()
                with lock:
                    run.latencies.append(done - sent)
                    run.lags.append(max(0.0, sent - (began + due)) if paced else 0.0)
                    run.statuses[status] = run.statuses.get(status, 0) + 1
                    run.refused += not ok(status, location)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    run.elapsed = time.perf_counter() - began
    return run


def _submitted(status: int, location: str) -> bool:
    return status == 302 and location.endswith("/result/")


def _stock_submitted(status: int, location: str) -> bool:
    return status == 200


def _started(status: int, location: str) -> bool:
    return status == 302 and "/quizzes/attempts/" in location


def compare(args, bench: Bench) -> bool:
    """The project's submit and the stock one, each driven as fast as it goes by
    the same clients on the same server, alternating in halves so that a change
    in the machine's load hits both alike. Prints both and the ratio."""
    half = len(bench.stock) // 2
    totals = {"stock": Run(), "project": Run()}
    for part in (slice(0, half), slice(half, None)):
        for name, requests, ok in (
            ("stock", bench.stock[part], _stock_submitted),
            ("project", bench.peak[part], _submitted),
        ):
            run = drive(args, requests, ok=ok, paced=False, threads=args.peak_clients)
            total = totals[name]
            total.latencies += run.latencies
            total.failures += run.failures
            total.refused += run.refused
            total.elapsed += run.elapsed
            for status, n in run.statuses.items():
                total.statuses[status] = total.statuses.get(status, 0) + n
    for name, run in totals.items():
        log(f"peak {name:7s}: {run.summary()}")
    stock, project = totals["stock"], totals["project"]
    ratio = project.rate / stock.rate if stock.rate else 0.0
    log(
        f"project / stock submit throughput: {ratio:.2f} "
        f"({project.rate:.0f} / {stock.rate:.0f} submits/s, {args.peak_clients} "
        f"back-to-back clients, {args.workers} sync workers; target ≥ 0.50)"
    )
    return not (stock.failures or project.failures or stock.refused or project.refused)


def check_graded_once(quiz, expected: int) -> tuple[bool, str]:
    from django.db.models import Count, F

    from quizzes.models import Attempt

    rows = Attempt.objects.filter(quiz=quiz)
    by_count = dict(
        rows.values_list("grading_count").annotate(n=Count("pk")).order_by()
    )
    submitted = rows.filter(status="submitted").count()
    not_full = rows.exclude(score=F("max_score")).count()
    once = by_count == {1: expected} and submitted == expected
    return once, (
        f"{submitted}/{rows.count()} submitted; grading counts {by_count}; "
        f"not full marks {not_full}; every submission graded exactly once: "
        f"{'YES' if once else 'NO'}"
    )


def check_started_once(quiz, people: int, questions: int) -> tuple[bool, str]:
    from collections import Counter

    from quizzes.models import Attempt, AttemptAnswer

    rows = Attempt.objects.filter(quiz=quiz, user__username__regex=r"^bench\d")
    per_person = Counter(rows.values_list("user_id", flat=True))
    by_count = dict(Counter(per_person.values()))
    answers = AttemptAnswer.objects.filter(attempt__in=rows).count()
    once = by_count == {1: people} and answers == people * questions
    return once, (
        f"people by attempts started {by_count}; {answers} answers "
        f"({questions} each expected); one attempt each: {'YES' if once else 'NO'}"
    )


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


# --- profile ----------------------------------------------------------------------


def profile(args, bench: Bench) -> None:
    """One submit and one start in this process through the whole stack (Django's
    test client with CSRF checks on, production settings, PostgreSQL, the Redis
    session cache): the first of each warms up, the second is measured, the third
    runs under cProfile."""
    from django.test import Client

    client = Client(
        enforce_csrf_checks=True, HTTP_HOST="127.0.0.1", HTTP_X_CSRFTOKEN=CSRF
    )
    spent = _time_views(client)
    for label, requests in (
        ("submit", bench.profile_submits),
        ("start", bench.profile_starts),
    ):
        warm, measured, profiled = requests
        _client_post(client, *warm)
        _print_breakdown(label, _breakdown(client, spent, *measured))
        if args.profile_top > 0:
            profiler = cProfile.Profile()
            profiler.enable()
            _client_post(client, *profiled)
            profiler.disable()
            for order, restriction, what in (
                ("tottime", (), "own time"),
                ("cumulative", (_PROJECT_CODE,), "cumulative time, project code"),
            ):
                buffer = io.StringIO()
                stats = pstats.Stats(profiler, stream=buffer).sort_stats(order)
                stats.print_stats(*restriction, args.profile_top)
                log(
                    f"  cProfile of one more {label}, top {args.profile_top} by {what}:"
                )
                log(_trim_stats(buffer.getvalue()))


# The project's own modules in a cProfile listing (not Django's, not the venv's).
_PROJECT_CODE = r"/(quizzes|accounts|home|config)/"


def _trim_stats(text: str) -> str:
    """pstats' table without its preamble, paths shortened to the package."""
    lines = text.strip().splitlines()
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    out = []
    for line in lines[start:]:
        for marker in ("site-packages/", "/lib/python3", str(ROOT) + "/"):
            if marker in line:
                head, _sep, tail = line.partition(marker)
                line = head[: head.rfind(" ") + 1] + tail
        out.append("    " + line)
    return "\n".join(out)


def _client_post(client, path: str, session: str) -> int:
    client.cookies["sessionid"] = session
    client.cookies["csrftoken"] = CSRF
    return client.post(path).status_code


def _time_views(client) -> dict:
    """Make the client's handler time each view apart from the whole request (what
    is left is the middleware's and the handler's) and flag the view's SQL."""
    spent = {"seconds": 0.0, "in_view": False}
    original = client.handler.make_view_atomic

    def make_view_atomic(callback):
        view = original(callback)

        @functools.wraps(view)
        def timed(request, *args, **kwargs):
            spent["in_view"] = True
            started = time.perf_counter()
            try:
                return view(request, *args, **kwargs)
            finally:
                spent["seconds"] += time.perf_counter() - started
                spent["in_view"] = False

        return timed

    client.handler.make_view_atomic = make_view_atomic
    return spent


def _breakdown(client, spent: dict, path: str, session: str) -> dict:
    """One request: wall, CPU and view time, and every statement with its time
    (an execute wrapper; COMMIT timed around the connection's commit)."""
    from django.db import DEFAULT_DB_ALIAS, connections

    db = connections[DEFAULT_DB_ALIAS]
    statements: list[tuple[bool, float, str]] = []

    def record(sql: str, started: float) -> None:
        statements.append((spent["in_view"], time.perf_counter() - started, sql))

    def wrapper(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            record(sql, started)

    original_commit = db.commit

    def commit():
        started = time.perf_counter()
        try:
            return original_commit()
        finally:
            record("COMMIT", started)

    spent["seconds"] = 0.0
    db.commit = commit
    try:
        cpu, started = time.process_time(), time.perf_counter()
        with db.execute_wrapper(wrapper):
            status = _client_post(client, path, session)
        wall = time.perf_counter() - started
    finally:
        del db.commit
    return {
        "status": status,
        "wall": wall,
        "cpu": time.process_time() - cpu,
        "view": spent["seconds"],
        "statements": statements,
    }


def _print_breakdown(label: str, b: dict) -> None:
    statements = b["statements"]
    in_view = [s for s in statements if s[0]]
    total = 1000 * sum(s[1] for s in statements)
    view = 1000 * sum(s[1] for s in in_view)
    log(f"profile: one {label} in this process, the whole middleware stack:")
    log(
        f"  status {b['status']}; wall {1000 * b['wall']:.1f} ms = middleware and "
        f"handler {1000 * (b['wall'] - b['view']):.1f} ms + view "
        f"{1000 * b['view']:.1f} ms; CPU of this process {1000 * b['cpu']:.1f} ms"
    )
    log(
        f"  SQL: {len(statements)} statements (COMMIT included), {total:.1f} ms "
        f"(view {len(in_view)}, {view:.1f} ms; middleware "
        f"{len(statements) - len(in_view)}, {total - view:.1f} ms)"
    )
    for is_view, seconds, sql in statements:
        where = "view" if is_view else "mw  "
        log(f"    {where} {1000 * seconds:6.2f} ms  {' '.join(sql.split())[:100]}")


# --- the run --------------------------------------------------------------------------


def main():
    args = parse_args()
    load_start = load.load_average()
    log(load.load_line("start", load_start))
    env = configure(args)
    log(f"preparing {args.users} people and a {args.questions}-question exam…")
    bench = prepare(args)
    if args.profile:
        profile(args, bench)
    server = start_gunicorn(args, env)
    ok = True
    try:
        warm_up(args)
        if bench.stock:
            log(
                f"comparison: {len(bench.stock)} stock and {len(bench.peak)} project "
                f"submits, as fast as they go…"
            )
            ok &= compare(args, bench)
        log(
            f"submitting {args.users} papers over {args.seconds:.0f} s to gunicorn "
            f"({args.workers} sync workers) on port {args.port}…"
        )
        run = drive(
            args,
            bench.main,
            ok=_submitted,
            paced=True,
            threads=args.client_threads,
            double_share=args.double_submit_share,
        )
        log(
            f"submit: {run.summary()}; client send lag p99 "
            f"{percentile([1000 * x for x in run.lags], 99):.0f} ms"
        )
        ok &= not run.failures and not run.refused
        if args.starts:
            log(
                f"starting: {args.users} people start one exam over {args.seconds:.0f} s…"
            )
            starts = drive(
                args, bench.starts, ok=_started, paced=True, threads=args.client_threads
            )
            log(
                f"start: {starts.summary()}; client send lag p99 "
                f"{percentile([1000 * x for x in starts.lags], 99):.0f} ms"
            )
            ok &= not starts.failures and not starts.refused
    finally:
        stop(server)
    checks = [
        ("check", check_graded_once(bench.quizzes["main"], args.users)),
    ]
    # The profile's submits are on the comparison's exam too.
    peak = len(bench.peak) + len(bench.profile_submits)
    if bench.stock:
        checks += [
            ("check peak project", check_graded_once(bench.quizzes["peak"], peak)),
            (
                "check peak stock",
                check_graded_once(bench.quizzes["stock"], len(bench.stock)),
            ),
        ]
    if args.starts:
        checks.append(
            (
                "check starts",
                check_started_once(bench.quizzes["start"], args.users, args.questions),
            )
        )
    for label, (passed, line) in checks:
        log(f"{label}: {line}")
        ok &= passed
    if args.import_rows:
        time_import(args.import_rows)
    # The surge fills both cores itself (gunicorn, PostgreSQL, the client threads):
    # only the start says whether other work was running.
    log(load.end_line(load_start, load.load_average(), args.quiet_load, own=math.inf))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
