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
"""

from __future__ import annotations

import argparse
import asyncio
import json
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
    """Migrate, make a live class and ``viewers`` guests; return their tokens."""
    os.environ.update(ENV)
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


def start_servers(
    app: str, ports: list[int], deflate: bool = False
) -> list[subprocess.Popen]:
    procs = []
    for port in ports:
        procs.append(
            subprocess.Popen(
                [
                    str(ROOT / ".venv/bin/uvicorn"),
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
                    "off",
                    # Audience messages are ~60 bytes: permessage-deflate saves
                    # nothing and costs ~40 KB of zlib state per socket.
                    "--ws-per-message-deflate",
                    "true" if deflate else "false",
                ],
                cwd=ROOT,
                env={**os.environ},
            )
        )
    return procs


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
