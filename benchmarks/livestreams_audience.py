"""Audience benchmark: N viewers join one live class over WebSockets.

Production profile on loopback: PostgreSQL (database ``hl`` unless BENCH_DATABASE_URL),
Redis (db 14 unless BENCH_REDIS_URL), two uvicorn processes (ports 8101 and 8102)
running the project's ASGI application and consumer. Viewers join at ``--rate`` per
second, alternate between the two workers, heartbeat every 15 s, and 5 % of them
leave and are replaced (churn). Printed: viewers held, failed handshakes, p50/p99
from join to the first count, messages received, whether every client's last count
equals the number really connected, and the servers' CPU and memory.

    .venv/bin/python benchmarks/livestreams_audience.py --viewers 2000 --compare
    .venv/bin/python benchmarks/livestreams_audience.py --viewers 10000
    .venv/bin/python benchmarks/livestreams_audience.py --viewers 1000 --kill

The load comes from ``--clients`` forked processes (default 4; one Python process
cannot drive 10,000 sockets and their count messages without becoming the
bottleneck itself). uvicorn runs without permessage-deflate unless ``--deflate``.
``--compare`` runs the naive consumer (a group broadcast per join) at the same size
afterwards and prints the ratios. ``--kill`` kill -9s the second worker after the
hold and measures how long its viewers take to drop out of the count the others see.
Not a test: it takes about a minute per run and its figures depend on the machine.

``--restart`` (issue 18): the workers run with the project's lifespan (the SIGTERM
drain) and DJANGO_LIVE_HANDSHAKE_LOG=1; N viewers join, each a client that behaves
like static/js/livestreams.js (token in the first message, the visit given back on
reconnect, full-jitter back-off 0.5 s + up to 2^n s, at most 30 s, on 4503 and on a
lost connection; a connection goes to either worker, as behind the load balancer,
and to the other at once when its TCP connect is refused or the connection closes
before any HTTP response — what nginx's default ``proxy_next_upstream error
timeout`` does for the upgrade GET; the README's proxy is set up so). Then a rolling restart:
SIGTERM worker 1 (its shutdown time printed), start it again, wait until every
client is back and shows the exact count; the same for worker 2. Then a reconnect
storm: every socket drops and comes back at a random moment within ``--storm`` s.
Printed: shutdown times, failed handshakes, time from the last reconnect to the
exact count on every client, handshake p50/p99 per phase (TCP connect → accepted and
authenticated, i.e. the first count), the handshake steps timed inside the workers
(their log lines), and afterwards, from the database, unique viewers, visits (one per
viewer: a reconnect continues its visit) and each viewer's stored watch time against
what its client saw. The real measurement (the issue's target: 10,000 viewers, the
storm under 500 ms p99) needs a quiet machine with 4+ cores and ulimit -n 65536:

    .venv/bin/python benchmarks/livestreams_audience.py --restart --viewers 2000
    .venv/bin/python benchmarks/livestreams_audience.py --restart --viewers 10000 \
        --rate 200 --clients 4 --settle 180

``--port`` moves both workers (``--port`` and the next one); BENCH_DATABASE_URL and
BENCH_REDIS_URL move the database and the store.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import resource
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import _load as machine_load  # noqa: E402 (after the path is set)

ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "benchmark-only-secret-key-not-for-production-use-0123456789",
    "DATABASE_URL": os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hl"
    ),
    "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DJANGO_BASE_URL": "http://127.0.0.1:8101",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_DB_POOL_MAX": "8",
}


def out(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


# --- setup (Django in this process, production settings) -------------------------


def prepare(viewers: int) -> tuple[int, list[str]]:
    """Create the database if missing, migrate, make a live class and ``viewers``
    guests; return their tokens."""
    from benchmarks import ensure_database

    os.environ.update(ENV)
    ensure_database(ENV["DATABASE_URL"])
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        check=True,
        env={**os.environ},
    )
    import django

    django.setup()
    from django.utils import timezone

    from accounts.models import PostCategory
    from home.models import HomePage
    from livestreams import tokens
    from livestreams.models import (
        ClassStatus,
        LiveClassIndexPage,
        LiveClassPage,
        Viewer,
        ViewerSource,
    )
    from livestreams.presence import get_store

    live_class = LiveClassPage.objects.filter(slug="benchmark-class").first()
    if live_class is None:
        live_class = LiveClassPage(
            title="压测直播课",
            slug="benchmark-class",
            speaker="压测",
            scheduled_start=timezone.now(),
            scheduled_end=timezone.now() + timezone.timedelta(hours=1),
        )
        index = LiveClassIndexPage.objects.first() or HomePage.objects.get().add_child(
            instance=LiveClassIndexPage(title="惠企安全空中课堂", slug="live")
        )
        index.add_child(instance=live_class)
    live_class.status = ClassStatus.LIVE
    live_class.save()
    live_class.viewing_sessions.all().delete()
    existing = live_class.viewers.count()
    if existing < viewers:
        Viewer.objects.bulk_create(
            [
                Viewer(
                    live_class=live_class,
                    source=ViewerSource.GUEST,
                    name=f"压测观众{i}",
                    enterprise_name=f"压测企业{i % 50}",
                    post_category=PostCategory.FRONT_LINE,
                )
                for i in range(existing, viewers)
            ],
            batch_size=2000,
        )
    get_store().reset(live_class.pk)
    get_store().sync.delete(f"naive-live:{live_class.pk}:current")
    ids = list(live_class.viewers.order_by("pk").values_list("pk", flat=True))[:viewers]
    return live_class.pk, [
        tokens.sign(viewer_id=v, class_id=live_class.pk) for v in ids
    ]


# --- servers ------------------------------------------------------------------------


def start_server(
    app: str, port: int, deflate: bool = False, lifespan: bool = False, log=None
) -> subprocess.Popen:
    """One uvicorn worker. ``lifespan``: with the project's lifespan (the SIGTERM
    drain, livestreams.hub); ``log``: a file for its stderr."""
    return subprocess.Popen(
        [
            # The venv of the interpreter running this (a worktree has none of its own).
            str(Path(sys.executable).parent / "uvicorn"),
            app,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--backlog",
            "4096",
            "--lifespan",
            "on" if lifespan else "off",
            # Audience messages are ~60 bytes: permessage-deflate saves
            # nothing and costs ~40 KB of zlib state per socket.
            "--ws-per-message-deflate",
            "true" if deflate else "false",
        ],
        cwd=ROOT,
        env={**os.environ},
        stderr=log,
    )


def start_servers(
    app: str, ports: list[int], deflate: bool = False
) -> list[subprocess.Popen]:
    return [start_server(app, port, deflate) for port in ports]


def wait_for_ports(ports: list[int], timeout: float = 30) -> None:
    import socket

    deadline = time.monotonic() + timeout
    for port in ports:
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"server on {port} did not start") from None
                time.sleep(0.2)


def proc_stats(pid: int) -> tuple[float, float]:
    """(CPU seconds, resident MB) of a process."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12])) / ticks
    rss = 0.0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024
    return cpu, rss


# --- clients ------------------------------------------------------------------------


@dataclass
class Client:
    index: int
    url: str
    origin: str
    connected: bool = False
    failed: bool = False
    dead: bool = False
    first_count_ms: float | None = None
    last_current: int | None = None
    last_change: float = 0.0
    messages: int = 0
    ws: object = None
    tasks: list = field(default_factory=list)


def _token_of(url: str) -> str:
    return url.partition("?token=")[2]


async def run_client(client: Client, heartbeat: float, counts: dict) -> None:
    import websockets

    started = time.perf_counter()
    try:
        ws = await websockets.connect(
            client.url,
            origin=client.origin,
            open_timeout=60,
            ping_interval=None,
            close_timeout=2,
            max_queue=None,
        )
    except Exception:  # noqa: BLE001 — every failure counts as a failed handshake
        client.failed = True
        return
    client.ws = ws
    client.connected = True
    # The platform's consumer takes the token as the first message (the URL's
    # ?token= is only for benchmarks/naive_consumer.py).
    await ws.send(json.dumps({"type": "auth", "token": _token_of(client.url)}))
    if client.dead:
        await ws.close()
        client.connected = False
        return

    async def beat():
        await asyncio.sleep(random.uniform(0, heartbeat))
        while True:
            await ws.send('{"type":"heartbeat"}')
            await asyncio.sleep(heartbeat)

    beater = asyncio.create_task(beat())
    try:
        async for raw in ws:
            client.messages += 1
            counts["messages"] += 1
            message = json.loads(raw)
            if message.get("type") != "audience":
                continue
            if client.first_count_ms is None:
                client.first_count_ms = (time.perf_counter() - started) * 1000
            client.last_current = message["current"]
            client.last_change = time.monotonic()
            counts["last_change"] = client.last_change
    except Exception:  # noqa: BLE001 — a dropped socket ends the client
        pass
    finally:
        beater.cancel()
        client.connected = False


async def load(
    args,
    class_id: int,
    tokens: list[str],
    ports: list[int],
    procs,
    share: tuple[int, int] = (0, 1),
    measured=None,
):
    """Drive this process's share ``(k, of)`` of the viewers: indices ≡ k mod ``of``,
    each at its place in the global schedule, so that several client processes
    together join at ``--rate``. ``measured`` (if any) is awaited with the figures
    before the sockets close, so that no process closes while another measures."""
    k, of = share
    counts = {"messages": 0, "last_change": time.monotonic()}
    clients: dict[int, Client] = {}
    tasks = []
    churn = int(args.viewers * args.churn)
    initial = args.viewers

    def make(i: int) -> Client:
        port = ports[i % len(ports)]
        url = f"ws://127.0.0.1:{port}/ws/live/{class_id}/?token={tokens[i]}"
        return Client(i, url, f"http://127.0.0.1:{port}")

    async def spawn(i: int):
        client = clients[i] = make(i)
        tasks.append(asyncio.create_task(run_client(client, args.heartbeat, counts)))

    t0 = time.monotonic()
    for i in range(k, initial, of):
        delay = t0 + i / args.rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        await spawn(i)
    ramp = time.monotonic() - t0
    if k == 0:
        out(f"  ramp: {initial} joins in {ramp:.1f} s ({of} client processes)")
    await asyncio.sleep(3)

    # Churn: 5 % leave cleanly, as many new viewers join, at the same rate.
    connected = [c.index for c in clients.values() if c.connected]
    mine = len(range(k, churn, of))
    leaving = random.Random(1 + k).sample(connected, min(mine, len(connected)))
    for n, i in enumerate(leaving):
        client = clients[i]
        client.dead = True
        if client.ws is not None:
            await client.ws.close()
        await spawn(initial + n * of + k)
        await asyncio.sleep(of / args.rate)

    # Hold until counts have been still for 2 s (bounded by --hold).
    deadline = time.monotonic() + args.hold
    while time.monotonic() < deadline:
        await asyncio.sleep(0.5)
        if time.monotonic() - counts["last_change"] > 2.5:
            break
    await asyncio.sleep(max(0.0, 2.0 - (time.monotonic() - counts["last_change"])))
    everyone = list(clients.values())
    live = [c for c in everyone if c.connected and not c.dead]
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    result = {
        "held": len(live),
        "failed": sum(1 for c in everyone if c.failed),
        "latencies": [c.first_count_ms for c in everyone if c.first_count_ms],
        "messages": counts["messages"],
        "last_counts": [c.last_current for c in live],
        "no_count": sum(1 for c in live if c.first_count_ms is None),
        "dropped": sum(1 for c in everyone if c.ws and not c.connected and not c.dead),
        "client_cpu": cpu.ru_utime + cpu.ru_stime,
    }
    if measured is not None:
        await measured(result)

    if args.kill and len(procs) > 1:
        victim = procs[1]
        on_victim = [c for c in live if c.index % len(ports) == 1]
        survivors = [c for c in live if c.index % len(ports) == 0]
        for c in on_victim:
            c.dead = True
        out(f"  kill -9 worker pid {victim.pid} holding {len(on_victim)} viewers")
        killed_at = time.monotonic()
        os.kill(victim.pid, signal.SIGKILL)
        target = len(survivors)
        limit = args.timeout + 10
        while time.monotonic() - killed_at < limit:
            await asyncio.sleep(0.5)
            if all(c.last_current == target for c in survivors if c.connected):
                break
        took = time.monotonic() - killed_at
        ok = all(c.last_current == target for c in survivors if c.connected)
        result["kill"] = (len(on_victim), target, took, ok)

    for c in everyone:
        if c.ws is not None and c.connected:
            c.dead = True
    await asyncio.gather(
        *(c.ws.close() for c in everyone if c.ws is not None and c.connected),
        return_exceptions=True,
    )
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return result


def merge(parts: list[dict]) -> dict:
    """One result from the shares of every client process."""
    held = sum(p["held"] for p in parts)
    last = [n for p in parts for n in p["last_counts"]]
    latencies = sorted(ms for p in parts for ms in p["latencies"])
    result = {
        "held": held,
        "failed": sum(p["failed"] for p in parts),
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p99": latencies[int(len(latencies) * 0.99) - 1] if latencies else float("nan"),
        "messages": sum(p["messages"] for p in parts),
        "wrong": sum(1 for n in last if n != held),
        "final_counts": sorted(set(last), key=lambda n: n or -1)[:5],
        "no_count": sum(p["no_count"] for p in parts),
        "dropped": sum(p["dropped"] for p in parts),
        "client_cpu": sum(p["client_cpu"] for p in parts),
    }
    for p in parts:
        if "kill" in p:
            result["kill"] = p["kill"]
    return result


def client_process(args, class_id, tokens, ports, share, results, release) -> None:
    """A forked load client: drives its share, reports, waits for the others."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)

    async def measured(result):
        result["client_cpu"] -= cpu0.ru_utime + cpu0.ru_stime
        results.put(result)
        while not release.is_set():  # close only once every process measured
            await asyncio.sleep(0.2)

    asyncio.run(load(args, class_id, tokens, ports, [], share, measured))


async def load_in_processes(args, class_id, tokens, ports) -> dict:
    """Run the load from ``--clients`` processes (one Python process cannot drive
    10,000 sockets and their count messages without becoming the bottleneck)."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    results, release = context.Queue(), context.Event()
    children = [
        context.Process(
            target=client_process,
            args=(args, class_id, tokens, ports, (k, args.clients), results, release),
        )
        for k in range(args.clients)
    ]
    for child in children:
        child.start()
    loop = asyncio.get_running_loop()
    try:
        limit = args.viewers / args.rate * 1.5 + args.hold + 120
        parts = [
            await loop.run_in_executor(None, results.get, True, limit) for _ in children
        ]
    finally:
        release.set()
        for child in children:
            await loop.run_in_executor(None, child.join, 60)
            if child.is_alive():
                child.kill()
    return merge(parts)


def run(args, app: str, label: str) -> dict:
    ports = [args.port, args.port + 1]
    total = int(args.viewers * (1 + args.churn)) + 1
    class_id, tokens = prepare(total)
    procs = start_servers(app, ports, deflate=args.deflate)
    try:
        wait_for_ports(ports)
        time.sleep(1)
        before = [proc_stats(p.pid) for p in procs]
        peak_rss = [0.0 for _ in procs]
        wall0 = time.monotonic()

        async def sample():
            while True:
                for n, p in enumerate(procs):
                    try:
                        peak_rss[n] = max(peak_rss[n], proc_stats(p.pid)[1])
                    except FileNotFoundError:
                        pass
                await asyncio.sleep(0.5)

        async def warm_up():
            """One connection per worker first: Django loads lazily."""
            import websockets

            for port in ports:
                url = f"ws://127.0.0.1:{port}/ws/live/{class_id}/?token={tokens[-1]}"
                async with websockets.connect(
                    url, origin=f"http://127.0.0.1:{port}"
                ) as ws:
                    await ws.send(json.dumps({"type": "auth", "token": _token_of(url)}))
                    await ws.recv()
            await asyncio.sleep(1.5)

        async def main():
            await warm_up()
            sampler = asyncio.create_task(sample())
            try:
                if args.clients > 1:
                    return await load_in_processes(args, class_id, tokens, ports)
                cpu0 = resource.getrusage(resource.RUSAGE_SELF)
                result = merge([await load(args, class_id, tokens, ports, procs)])
                result["client_cpu"] -= cpu0.ru_utime + cpu0.ru_stime
                return result
            finally:
                sampler.cancel()

        out(f"{label}: {args.viewers} viewers, {args.rate}/s, 2 workers")
        result = asyncio.run(main())
        wall = time.monotonic() - wall0
        cpu = 0.0
        for n, p in enumerate(procs):
            try:
                cpu += proc_stats(p.pid)[0] - before[n][0]
            except FileNotFoundError:
                pass
        result["cpu_cores"] = cpu / wall
        result["rss_mb"] = sum(peak_rss)
        result["wall"] = wall
        report(label, result)
        return result
    finally:
        for p in procs:
            if p.poll() is None:
                p.terminate()
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()


# --- --restart: a rolling restart of both workers, then a reconnect storm ----------


@dataclass
class Phone:
    """A viewer's page as static/js/livestreams.js runs it: token in the first
    message, the visit given back on reconnect, full-jitter back-off (0.5 s + up to
    2^n s, at most 30 s) on 4503 and on a lost connection."""

    index: int
    token: str
    rng: random.Random
    visit: str = ""
    attempts: int = 0
    ws: object = None
    port: int = 0
    joined: bool = False  # got its first count on the current socket
    joined_at: float = 0.0  # time.time() of that count
    last_current: int | None = None
    last_change: float = 0.0  # time.time() when last_current last changed
    # Seconds joined over closed sockets, at least (first count → close begun)
    # and at most (auth sent → close noticed): the server's times lie between.
    online: tuple = (0.0, 0.0)
    auth_sent: float = 0.0
    closing_at: float = 0.0  # when this client began closing its socket
    handshakes: list = field(default_factory=list)  # (phase, ms)
    failed: int = 0  # handshakes that failed (not a refused TCP connect)
    reasons: dict = field(default_factory=dict)  # why they failed
    refused: int = 0  # TCP connect refused: that worker is down
    reset: int = 0  # closed before the HTTP response (passed on, as the proxy does)
    redirected: int = 0  # 4503 from a draining worker before the first count
    storm: int = 0  # 1: a storm close is due, 2: closed, not back yet
    storm_close: bool = False
    stop: bool = False

    def backoff(self) -> float:
        ceiling = min(30.0, 2.0**self.attempts)
        self.attempts += 1
        return 0.5 + self.rng.random() * ceiling


async def run_phone(phone: Phone, ports, class_id, heartbeat, phase, stats) -> None:
    import websockets

    async def beat(ws):
        await asyncio.sleep(phone.rng.uniform(0, heartbeat))
        while True:
            await ws.send('{"type":"heartbeat"}')
            await asyncio.sleep(heartbeat)

    tried_other = False
    while not phone.stop:
        # The load balancer in front: a new connection goes to either worker, and
        # to the other one at once when this one refuses TCP (it is down).
        port = phone.rng.choice(ports)
        if tried_other:
            port = ports[1 - ports.index(phone.port)]
        phone.port = port
        path = f"/ws/live/{class_id}/" + (
            f"?visit={phone.visit}" if phone.visit else ""
        )
        started = time.perf_counter()
        try:
            ws = await websockets.connect(
                f"ws://127.0.0.1:{port}{path}",
                origin=f"http://127.0.0.1:{port}",
                open_timeout=30,
                ping_interval=None,
                close_timeout=2,
                max_queue=None,
            )
        except (OSError, websockets.InvalidMessage) as error:
            # Refused TCP (the worker is down), or a connection closed before any
            # HTTP response (a stopping worker exiting with it in its backlog):
            # nginx's default ``proxy_next_upstream error timeout`` passes such a
            # GET to the other upstream at once, so the phone never sees it.
            if isinstance(error, OSError):
                phone.refused += 1
            else:
                phone.reset += 1
            if not tried_other:
                tried_other = True
                continue
            tried_other = False
            phone.failed += 1
            reason = type(error).__name__ + " on both workers"
            phone.reasons[reason] = phone.reasons.get(reason, 0) + 1
            await asyncio.sleep(phone.backoff())
            continue
        except Exception as error:  # noqa: BLE001 — a timeout or an HTTP refusal
            phone.failed += 1
            reason = type(error).__name__
            phone.reasons[reason] = phone.reasons.get(reason, 0) + 1
            tried_other = False
            await asyncio.sleep(phone.backoff())
            continue
        tried_other = False
        phone.ws = ws
        beater = None
        try:
            phone.auth_sent, phone.closing_at = time.time(), 0.0
            await ws.send(json.dumps({"type": "auth", "token": phone.token}))
            async for raw in ws:
                message = json.loads(raw)
                if message.get("type") != "audience":
                    continue
                now = time.time()
                if not phone.joined:
                    phone.joined, phone.joined_at = True, now
                    phone.handshakes.append(
                        (phase.value, (time.perf_counter() - started) * 1000)
                    )
                    phone.visit = message.get("visit") or phone.visit
                    phone.attempts = 0
                    phone.storm = 0 if phone.storm == 2 else phone.storm
                    stats["last_join"] = max(stats["last_join"], now)
                    beater = asyncio.create_task(beat(ws))
                if message["current"] != phone.last_current:
                    phone.last_current, phone.last_change = message["current"], now
        except Exception:  # noqa: BLE001 — a lost connection: reconnect below
            pass
        finally:
            if beater is not None:
                beater.cancel()
            code = ws.close_code
            if phone.joined:
                now = time.time()
                phone.online = (
                    phone.online[0] + (phone.closing_at or now) - phone.joined_at,
                    phone.online[1] + now - phone.auth_sent,
                )
            elif code == 4503:
                phone.redirected += 1
            elif not (phone.stop or phone.storm_close):
                phone.failed += 1
                reason = f"closed {code} before the first count"
                phone.reasons[reason] = phone.reasons.get(reason, 0) + 1
            phone.joined, phone.ws, phone.last_current = False, None, None
        if phone.storm_close:  # the storm: back at once
            phone.storm_close = False
            continue
        if not phone.stop:
            await asyncio.sleep(phone.backoff())


def restart_client(args, class_id, tokens, ports, share, reports, flags) -> None:
    """A forked load client of --restart: holds its share of the phones, reports
    every 0.5 s, storms when told, and sends its figures when told to stop."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    storm, stop, phase = flags
    k, of = share

    async def drive():
        stats = {"last_join": 0.0}
        phones = [
            Phone(i, tokens[i], random.Random(i)) for i in range(k, args.viewers, of)
        ]
        tasks = []
        t0 = time.monotonic()
        for phone in phones:
            delay = t0 + phone.index / args.rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(
                asyncio.create_task(
                    run_phone(phone, ports, class_id, args.heartbeat, phase, stats)
                )
            )

        async def storm_one(phone, delay):
            await asyncio.sleep(delay)
            phone.storm = 2  # its next join ends its part of the storm
            if phone.ws is not None and phone.joined:
                phone.storm_close, phone.closing_at = True, time.time()
                await phone.ws.close()  # lost, and back at once (same visit)

        stormed = False
        while not stop.is_set():
            if storm.is_set() and not stormed:
                stormed = True
                for phone in phones:
                    phone.storm = 1
                    asyncio.create_task(
                        storm_one(phone, phone.rng.uniform(0, args.storm))
                    )
            joined = [p for p in phones if p.joined]
            counts: dict = {}
            for p in joined:
                counts[p.last_current] = counts.get(p.last_current, 0) + 1
            per_port: dict = {}
            for p in joined:
                per_port[p.port] = per_port.get(p.port, 0) + 1
            reports.put(
                {
                    "k": k,
                    "joined": len(joined),
                    "counts": counts,
                    "per_port": per_port,
                    "last_change": max((p.last_change for p in joined), default=0.0),
                    "last_join": stats["last_join"],
                    "storm_pending": sum(p.storm != 0 for p in phones),
                }
            )
            await asyncio.sleep(0.5)
        for phone in phones:
            phone.stop, phone.closing_at = True, time.time()
        await asyncio.gather(
            *(p.ws.close() for p in phones if p.ws is not None), return_exceptions=True
        )
        await asyncio.wait(tasks, timeout=10)
        reports.put(
            {
                "k": k,
                "final": True,
                "handshakes": [h for p in phones for h in p.handshakes],
                "online": {p.index: p.online for p in phones},
                "reconnects": {p.index: len(p.handshakes) - 1 for p in phones},
                "failed": sum(p.failed for p in phones),
                "reasons": [r for p in phones for r in p.reasons.items()],
                "refused": sum(p.refused for p in phones),
                "reset": sum(p.reset for p in phones),
                "redirected": sum(p.redirected for p in phones),
            }
        )

    asyncio.run(drive())


def percentile(values: list[float], share: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    return values[max(0, min(len(values) - 1, int(len(values) * share + 0.5) - 1))]


PHASES = {0: "first join", 1: "restart of worker 1", 2: "restart of worker 2"}
PHASES[3] = "reconnect storm"


def run_restart(args) -> None:
    import multiprocessing
    import queue
    import tempfile

    os.environ["DJANGO_LIVE_HANDSHAKE_LOG"] = "1"
    os.environ["DJANGO_LIVE_SHUTDOWN_TIMEOUT"] = str(args.shutdown_timeout)
    ports = [args.port, args.port + 1]
    ENV["DJANGO_BASE_URL"] = f"http://127.0.0.1:{ports[0]}"
    class_id, tokens = prepare(args.viewers)
    from django.db import connections

    connections.close_all()  # nothing of the parent's connection in the children
    logdir = Path(tempfile.mkdtemp(prefix="live-restart-"))
    logs = [open(logdir / f"worker{n + 1}.log", "ab") for n in range(2)]
    app = "config.asgi:application"
    procs = [
        start_server(app, p, lifespan=True, log=logs[n]) for n, p in enumerate(ports)
    ]
    n = args.viewers
    out(
        f"--restart: {n} viewers on 2 workers (ports {ports[0]}, {ports[1]}), "
        f"{args.clients} client processes, storm within {args.storm:.0f} s"
    )
    context = multiprocessing.get_context("fork")
    reports = context.Queue()
    flags = (context.Event(), context.Event(), context.Value("i", 0))
    storm, stop, phase = flags
    children = []
    status: dict[int, dict] = {}
    finals: dict[int, dict] = {}

    def poll(seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while True:
            try:
                report = reports.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                return
            (finals if report.get("final") else status)[report["k"]] = report
            if time.monotonic() > deadline:
                return

    def settled() -> bool:
        if len(status) < args.clients:
            return False
        joined = sum(s["joined"] for s in status.values())
        exact = sum(s["counts"].get(n, 0) for s in status.values())
        pending = sum(s["storm_pending"] for s in status.values())
        return joined == n and exact == n and pending == 0

    def wait_exact(limit: float) -> tuple[bool, float, float]:
        """Until every phone is back and shows exactly n (two reports running):
        (settled, seconds from the last join to the last exact count, waited)."""
        began = time.monotonic()
        streak = 0
        while time.monotonic() - began < limit:
            poll(0.6)
            streak = streak + 1 if settled() else 0
            if streak >= 2:
                last_join = max(s["last_join"] for s in status.values())
                exact_at = max(s["last_change"] for s in status.values())
                return True, max(0.0, exact_at - last_join), time.monotonic() - began
        counts: dict = {}
        for s in status.values():
            for value, count in s["counts"].items():
                counts[value] = counts.get(value, 0) + count
        out(
            f"    not settled: {sum(s['joined'] for s in status.values())} joined, "
            f"{sum(s['storm_pending'] for s in status.values())} storm pending, "
            f"counts seen {dict(sorted(counts.items(), key=str))}"
        )
        return False, float("nan"), time.monotonic() - began

    def held() -> str:
        per_port: dict = {}
        for s in status.values():
            for port, count in s["per_port"].items():
                per_port[port] = per_port.get(port, 0) + count
        return ", ".join(f"{port}: {per_port.get(port, 0)}" for port in ports)

    try:
        wait_for_ports(ports, timeout=120)  # a loaded machine starts Django slowly
        for k in range(args.clients):
            child = context.Process(
                target=restart_client,
                args=(args, class_id, tokens, ports, (k, args.clients), reports, flags),
            )
            child.start()
            children.append(child)
        ok, took, waited = wait_exact(n / args.rate + args.settle)
        out(f"  all joined, counts exact: {'yes' if ok else 'NO'} ({waited:.1f} s)")
        for w in range(2):
            phase.value = 1 + w
            out(f"  worker {w + 1} (port {ports[w]}) — sockets held: {held()}")
            t = time.monotonic()
            procs[w].send_signal(signal.SIGTERM)
            try:
                code = procs[w].wait(timeout=args.shutdown_timeout + 20)
            except subprocess.TimeoutExpired:
                procs[w].kill()
                code = "killed"
            down = time.monotonic() - t
            out(f"    shutdown after SIGTERM:    {down:.2f} s (exit {code})")
            procs[w] = start_server(app, ports[w], lifespan=True, log=logs[w])
            wait_for_ports([ports[w]], timeout=120)
            out(f"    back up after:             {time.monotonic() - t:.1f} s")
            ok, took, waited = wait_exact(args.settle)
            out(
                f"    viewers back, count exact: {'yes' if ok else 'NO'} "
                f"({waited:.1f} s after restart; last reconnect → exact count "
                f"on every client {took:.2f} s)"
            )
        phase.value = 3
        out(
            f"  reconnect storm: {n} sockets within {args.storm:.0f} s — held: {held()}"
        )
        storm.set()
        ok, took, waited = wait_exact(args.storm + args.settle)
        out(
            f"    all back, count exact:     {'yes' if ok else 'NO'} ({waited:.1f} s; "
            f"last reconnect → exact count on every client {took:.2f} s)"
        )
        stop.set()
        while len(finals) < args.clients:
            poll(1.0)
            if not any(c.is_alive() for c in children) and len(finals) < args.clients:
                poll(1.0)
                break
        for child in children:
            child.join(30)
        time.sleep(1.5)  # the last leaves' session batch
    finally:
        stop.set()
        for child in children:
            if child.is_alive():
                child.kill()
        for p in procs:
            if p.poll() is None:
                p.terminate()
        for p in procs:
            try:
                p.wait(timeout=args.shutdown_timeout + 5)
            except subprocess.TimeoutExpired:
                p.kill()
        for log in logs:
            log.close()
    report_restart(args, class_id, finals, logdir)


def report_restart(args, class_id: int, finals: dict, logdir: Path) -> None:
    import re

    n = args.viewers
    handshakes = [h for f in finals.values() for h in f["handshakes"]]
    out(
        f"  failed handshakes:           {sum(f['failed'] for f in finals.values())} "
        f"(passed to the other worker at once, as the proxy does — refused TCP "
        f"while a worker was down: {sum(f['refused'] for f in finals.values())}, "
        f"closed before any response by a worker exiting: "
        f"{sum(f['reset'] for f in finals.values())}; sent away with 4503 by a "
        f"draining worker: {sum(f['redirected'] for f in finals.values())})"
    )
    reasons: dict = {}
    for f in finals.values():
        for reason, count in f["reasons"]:
            reasons[reason] = reasons.get(reason, 0) + count
    if reasons:
        out(f"    failures: {reasons}")
    out(
        "  handshake, TCP connect → accepted + authenticated (first count), client side:"
    )
    for number, name in PHASES.items():
        times = [ms for p, ms in handshakes if p == number]
        out(
            f"    {name + ':':24} {len(times):6d} handshakes, "
            f"p50 {percentile(times, 0.5):7.1f} ms, p99 {percentile(times, 0.99):7.1f} ms"
        )
    fields: dict[str, list[float]] = {}
    line = re.compile(r"handshake class=\d+ (.*)")
    for log in sorted(logdir.glob("worker*.log")):
        for text in log.read_text(errors="replace").splitlines():
            found = line.search(text)
            if found:
                for part in found.group(1).split():
                    name, _, value = part.partition("=")
                    fields.setdefault(name, []).append(float(value))
    out(f"  handshake steps inside the workers ({len(fields.get('total', []))} lines):")
    for name in ["accept", "wait", "token", "join", "count", "state", "total"]:
        values = fields.get(name, [])
        out(
            f"    {name:7} p50 {percentile(values, 0.5):8.2f} ms, "
            f"p99 {percentile(values, 0.99):8.2f} ms, max {max(values or [0]):8.2f} ms"
        )
    out(f"  worker logs: {logdir}")

    # The database afterwards: one visit per viewer, watch time as the clients saw it.
    from livestreams.models import LiveClassPage, ViewingSession
    from livestreams.reports import class_report

    live_class = LiveClassPage.objects.get(pk=class_id)
    result = class_report(live_class)
    ids = list(live_class.viewers.order_by("pk").values_list("pk", flat=True))[:n]
    online = {ids[i]: s for f in finals.values() for i, s in f["online"].items()}
    reconnects = {
        ids[i]: r for f in finals.values() for i, r in f["reconnects"].items()
    }
    still_open = ViewingSession.objects.filter(
        live_class=live_class, ended_at__isnull=True
    ).count()
    sessions = ViewingSession.objects.filter(live_class=live_class).count()
    off = []
    for viewer, (least, most) in online.items():
        # The server's times lie between what the client saw (see Phone.online);
        # allow half a second, plus a tenth per reconnect, for the clocks' reads.
        tolerance = 0.5 + 0.1 * reconnects[viewer]
        server = result.watch_seconds.get(viewer, 0.0)
        if not least - tolerance <= server <= most + tolerance:
            off.append((viewer, round(server, 1), round(least, 1), round(most, 1)))
    out("  database afterwards (livestreams.reports.class_report):")
    out(
        f"    unique viewers: {result.unique} (expected {n}: "
        f"{'right' if result.unique == n else 'WRONG'}); visits: {result.visits} "
        f"(expected {n}, one per viewer, continued across reconnects: "
        f"{'right' if result.visits == n else 'WRONG'})"
    )
    out(f"    sessions stored: {sessions}; left open: {still_open}")
    out(
        f"    watch time within what each client saw (±0.5 s + 0.1 s a reconnect): "
        f"{'yes' if not off else 'NO'} ({len(off)} viewers off{'; e.g. ' if off else ''}"
        + ", ".join(
            f"viewer {v}: {s} s stored, {a}–{b} s seen" for v, s, a, b in off[:3]
        )
        + ")"
    )
    if off:
        # A stopping worker ends its sessions when SIGTERM arrives (issue 18), and
        # its phones notice the close later, by as long as telling them took: the
        # stored time is then shorter than seen. Longer than seen is never right.
        short = [a - s for _v, s, a, _b in off if s < a]
        long = [s - b for _v, s, _a, b in off if s > b]
        out(
            f"      stored shorter than seen: {len(short)} viewers, by at most "
            f"{max(short, default=0):.1f} s (median {percentile(short, 0.5):.1f} s); "
            f"stored longer than seen: {len(long)} viewers, by at most "
            f"{max(long, default=0):.1f} s"
        )
    drains = re.findall(
        r"drained (\d+) sockets: store left and sessions written in ([\d.]+) s, "
        r"sockets told in ([\d.]+) s",
        "\n".join(log.read_text(errors="replace") for log in logdir.glob("*.log")),
    )
    for count, written, told in drains:
        if int(count):
            out(
                f"  drain of {count} sockets: store and sessions {written} s, "
                f"sockets told {told} s"
            )
    out(f"  machine load average:        {os.getloadavg()[0]:.1f} (2 cores, shared)")


def report(label: str, r: dict) -> None:
    out(f"  viewers held:           {r['held']}")
    out(f"  failed handshakes:      {r['failed']}")
    out(f"  join→first count p50:   {r['p50']:.0f} ms")
    out(f"  join→first count p99:   {r['p99']:.0f} ms")
    out(f"  never got a count:      {r['no_count']}")
    out(f"  dropped by the server:  {r['dropped']}")
    out(f"  messages received:      {r['messages']}")
    out(
        f"  final counts exact:     {'yes' if r['wrong'] == 0 else 'NO'}"
        f" ({r['wrong']} clients wrong; counts seen {r['final_counts']})"
    )
    out(f"  server CPU (2 workers): {r['cpu_cores']:.2f} cores over {r['wall']:.0f} s")
    out(f"  server RSS (2 workers): {r['rss_mb']:.0f} MB peak")
    out(f"  load client CPU:        {r['client_cpu'] / r['wall']:.2f} cores")
    out(f"  machine load average:   {os.getloadavg()[0]:.1f} (2 cores, shared)")
    if "kill" in r:
        lost, target, took, ok = r["kill"]
        out(
            f"  kill -9: {lost} viewers gone; survivors saw {target} after "
            f"{took:.1f} s ({'within' if ok else 'NOT within'} the timeout)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--viewers", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--heartbeat", type=float, default=15)
    parser.add_argument("--churn", type=float, default=0.05)
    parser.add_argument("--hold", type=float, default=30)
    parser.add_argument("--port", type=int, default=8101)
    parser.add_argument("--timeout", type=float, default=45)
    parser.add_argument("--kill", action="store_true")
    parser.add_argument(
        "--restart",
        action="store_true",
        help="rolling restart of both workers, then a reconnect storm",
    )
    parser.add_argument(
        "--storm", type=float, default=10, help="--restart: storm window (s)"
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=90,
        help="--restart: longest wait for every client to be back and exact (s)",
    )
    parser.add_argument(
        "--shutdown-timeout",
        type=float,
        default=10,
        help="--restart: DJANGO_LIVE_SHUTDOWN_TIMEOUT of the workers (s)",
    )
    parser.add_argument("--compare", action="store_true")
    parser.add_argument(
        "--clients",
        type=int,
        default=4,
        help="load-client processes (1 = in this process; --kill needs 1)",
    )
    parser.add_argument(
        "--deflate",
        action="store_true",
        help="let uvicorn negotiate permessage-deflate (its default; off here)",
    )
    args = parser.parse_args()
    if args.kill:
        args.clients = 1
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    os.environ["DJANGO_LIVE_HEARTBEAT_TIMEOUT"] = str(int(args.timeout))
    started = machine_load.load_average()
    out(machine_load.load_line("start", started))
    try:
        run_all(args)
    finally:
        # The run fills both cores itself (workers, Redis, load clients): only the
        # start says whether other work was running.
        out(machine_load.end_line(started, machine_load.load_average(), own=math.inf))


def run_all(args) -> None:
    if args.restart:
        run_restart(args)
        return
    real = run(args, "config.asgi:application", "project consumer")
    if args.compare:
        args.kill = False
        naive = run(args, "benchmarks.naive_asgi:application", "naive consumer")
        out("ratio naive / project:")
        out(f"  p50 join→first count: {naive['p50'] / max(real['p50'], 0.001):.1f}×")
        out(f"  p99 join→first count: {naive['p99'] / max(real['p99'], 0.001):.1f}×")
        out(
            f"  messages received:    {naive['messages'] / max(real['messages'], 1):.1f}×"
        )
        out(
            f"  server CPU:           {naive['cpu_cores'] / max(real['cpu_cores'], 0.001):.1f}×"
        )


if __name__ == "__main__":
    main()
