"""Spike benchmark: N visitors open a link at the same moment (the QR code on the projector), and
how long each waits for a finished first view.

    python -m benchmarks.spike --users 100                  # the dashboard, its own server, demo database
    python -m benchmarks.spike --users 100 --url http://127.0.0.1:8501
    python -m benchmarks.spike --users 1000 --target phone  # the phone page (/m) over plain HTTP
    python -m benchmarks.spike --users 300 --target phone --distinct   # every visitor another filter
    python -m benchmarks.spike --users 300 --target api     # /api/v1/ringkasan.json

`--target page` (the default) visits the dashboard over Streamlit's own protocol:

a visitor is what a phone's browser does: open the websocket `/_stcore/stream`, send a
`rerun_script` BackMsg with the link's page and query, and read ForwardMsgs until the server says
`script_finished` for that session. Its time runs from the common start to that message. A
failure is a connection that does not open, a page other than the one asked for, an exception on
the page, a closed socket or no finished view within `--timeout`. Connections stay open until every visitor
has finished, as phones do. `--target phone` and `api` are one HTTP GET each (gzip accepted, as a
phone does), timed to the last byte; a failure is a status other than 200 or a broken connection.
Only servers on this machine are measured (loopback addresses).
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from prakerja_dash import config
from prakerja_dash.domain.filters import Filters
from prakerja_dash.domain.regions import region_index
from prakerja_dash.domain.vocabulary import GENDERS, WAVES

MAX_USERS = 2000
MAX_TIMEOUT = 900.0
DEFAULT_PATH = "ringkasan"  # the page the QR code opens
SERVER_START_SECONDS = 180.0


@dataclass
class Visit:
    seconds: float | None = None
    problem: str = ""
    messages: int = 0
    bytes: int = 0
    page: str | None = None  # the address of the page the server ran (its last navigation message)
    not_found_notices: int = 0  # "Page not found" messages, even when the page itself was then found
    retries: int = 0  # times the server said "busy, come back" (503 with Retry-After) and was asked again


@dataclass
class Result:
    users: int
    visits: list[Visit] = field(default_factory=list)
    wall_seconds: float = 0.0
    server_cpu_seconds: float | None = None  # known when the spike started the server itself

    @property
    def times(self) -> list[float]:
        return sorted(v.seconds for v in self.visits if v.seconds is not None and not v.problem)

    @property
    def failures(self) -> list[Visit]:
        return [v for v in self.visits if v.problem]

    def percentile(self, share: float) -> float:
        """Nearest-rank percentile of the finished visits (failures are counted separately)."""
        times = self.times
        if not times:
            return float("nan")
        rank = max(1, -(-int(share * 100) * len(times) // 100))  # ceil(share * n)
        return times[min(rank, len(times)) - 1]

    @property
    def stray_notices(self) -> int:
        """Visits that got the page they asked for, and yet a "Page not found" message on the way."""
        return sum(1 for v in self.visits if v.not_found_notices and not v.problem)

    def summary(self) -> str:
        times = self.times
        median = statistics.median(times) if times else float("nan")
        lines = [f"visitors {self.users}: finished {len(times)}, failures {len(self.failures)}; "
                 f"first view p50 {median:.2f} s, p95 {self.percentile(0.95):.2f} s, "
                 f"max {max(times, default=float('nan')):.2f} s (wall {self.wall_seconds:.1f} s)"]
        if self.server_cpu_seconds is not None:
            lines.append(f"  server CPU {self.server_cpu_seconds:.1f} s, "
                         f"{1000 * self.server_cpu_seconds / self.users:.0f} ms per visitor")
        problems: dict[str, int] = {}
        for visit in self.failures:
            problems[visit.problem] = problems.get(visit.problem, 0) + 1
        lines += [f"  {count} x {problem}" for problem, count in sorted(problems.items())]
        retried = sum(1 for v in self.visits if v.retries)
        if retried:
            lines.append(f"  {retried} were told the server was busy and came back "
                         f"({sum(v.retries for v in self.visits)} retries in all)")
        if self.stray_notices:
            lines.append(f"  {self.stray_notices} got their page after a stray \"Page not found\" message "
                         "(the first run after a server start; app.py closes that notice in the browser)")
        return "\n".join(lines)


JAMBI = tuple(sorted(r.kemendagri_code for r in region_index().kabupaten_kota("15")))


def loopback_only(url: str) -> str:
    """The URL if its host is this machine (every address it resolves to is loopback); else ValueError."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 80, proto=socket.IPPROTO_TCP)
    except socket.gaierror as error:
        raise ValueError(f"cannot resolve {parts.hostname!r}: {error}") from error
    addresses = {info[4][0] for info in infos}
    if not addresses or not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses):
        raise ValueError(f"{parts.hostname} is not this machine ({', '.join(sorted(addresses))}): "
                         "the spike only measures a server on 127.0.0.1 / localhost")
    return url.rstrip("/")


def _rerun_message(path: str, query: str, url: str) -> bytes:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = query
    state.page_name = path
    state.page_script_hash = ""
    info = state.context_info
    info.timezone, info.timezone_offset, info.locale = "Asia/Jakarta", -420, "id-ID"
    info.url = f"{url}/{path}" + (f"?{query}" if query else "")
    info.color_scheme = "light"
    return msg.SerializeToString()


async def _visit(url: str, path: str, query: str, start: asyncio.Event, began: list[float], deadline: float,
                 done: asyncio.Event, visit: Visit) -> None:
    """One visitor: connect at the start signal, ask for the first run, wait for its end; stay
    connected until `done` (every visitor finished) so the server carries every session at once."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.asyncio.client import connect

    stream = url.replace("http", "ws", 1) + "/_stcore/stream"
    await start.wait()
    try:
        async with asyncio.timeout(max(0.1, deadline - time.monotonic())):
            # Each visitor carries its own `prakerja_node` cookie, as a browser does after its first
            # request through deploy/'s nginx, which keeps a visitor on one process by that cookie.
            async with connect(stream, subprotocols=["streamlit"], max_size=None, open_timeout=None,
                               ping_interval=None, close_timeout=2,
                               additional_headers={"Cookie": f"prakerja_node={secrets.token_hex(8)}"}) as ws:
                await ws.send(_rerun_message(path, query, url))
                while True:
                    data = await ws.recv()
                    visit.messages += 1
                    visit.bytes += len(data)
                    msg = ForwardMsg()
                    msg.ParseFromString(data)
                    kind = msg.WhichOneof("type")
                    if kind == "page_not_found":
                        visit.not_found_notices += 1
                    elif kind == "navigation":
                        current = msg.navigation.page_script_hash
                        visit.page = next((p.url_pathname for p in msg.navigation.app_pages
                                           if p.page_script_hash == current), None)
                    elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element" \
                            and msg.delta.new_element.WhichOneof("type") == "exception":
                        visit.problem = "exception on the page: " + msg.delta.new_element.exception.type
                    elif kind == "script_finished":
                        status = msg.script_finished
                        if status == ForwardMsg.FINISHED_SUCCESSFULLY:
                            visit.seconds = time.monotonic() - began[0]
                            if visit.page != path:
                                visit.problem = visit.problem or f"page not found: /{path} ran /{visit.page}"
                            break
                        if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                            visit.problem = "script did not compile"
                            break
                await done.wait()
    except TimeoutError:
        if visit.seconds is None:
            visit.problem = visit.problem or "no finished view before the timeout"
    except OSError as error:
        visit.problem = visit.problem or f"connection failed: {type(error).__name__}"
    except Exception as error:  # noqa: BLE001 - websockets' ConnectionClosed and protocol errors
        if visit.seconds is None:
            visit.problem = visit.problem or f"connection lost: {type(error).__name__}"


async def _spike(url: str, users: int, path: str, query: str, timeout: float) -> Result:
    result = Result(users, [Visit() for _ in range(users)])
    start, done = asyncio.Event(), asyncio.Event()
    began = [0.0]
    deadline = time.monotonic() + timeout
    tasks = [asyncio.create_task(_visit(url, path, query, start, began, deadline, done, visit))
             for visit in result.visits]
    await asyncio.sleep(0)  # every visitor is waiting on the start signal
    began[0] = time.monotonic()
    start.set()

    async def all_finished() -> None:
        while any(v.seconds is None and not v.problem for v in result.visits) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        done.set()

    await all_finished()
    result.wall_seconds = time.monotonic() - began[0]
    await asyncio.wait(tasks, timeout=30)
    for task in tasks:
        task.cancel()
    return result


# --- plain HTTP: the phone page and the API -------------------------------------------------
TARGETS = {"page": "", "phone": "/m", "api": "/api/v1/ringkasan.json"}


def distinct_queries(users: int) -> list[str]:
    """A different filter for each visitor: a regency, a first wave and, past that, a gender."""
    queries = []
    for index in range(users):
        regency = JAMBI[index % len(JAMBI)]
        first_wave = WAVES[0] + (index // len(JAMBI)) % (WAVES[1] - WAVES[0])
        gender_round = index // (len(JAMBI) * (WAVES[1] - WAVES[0]))
        gender = (None, *GENDERS)[gender_round % 3]
        filters = Filters(regencies=(regency,), waves=(first_wave, WAVES[1]), gender=gender)
        queries.append(urlencode(filters.to_query()))
    return queries


async def _http_visit(host: str, port: int, target: str, start: asyncio.Event, began: list[float],
                      deadline: float, visit: Visit) -> None:
    """One GET, timed to the last byte. A 503 with Retry-After ("busy: come back in a few seconds",
    which the phone page also tells the browser) is followed as a phone does: wait, then ask again."""
    await start.wait()
    try:
        async with asyncio.timeout(max(0.1, deadline - time.monotonic())):
            while True:
                reader, writer = await asyncio.open_connection(host, port)
                writer.write(f"GET {target} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept-Encoding: gzip\r\n"
                             "Connection: close\r\n\r\n".encode("ascii"))
                await writer.drain()
                answer = await reader.read()
                writer.close()
                head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1")
                retry = re.search(r"(?im)^retry-after:\s*(\d+)", head)
                if " 503 " in head.split("\r\n", 1)[0] and retry:
                    visit.retries += 1
                    await asyncio.sleep(int(retry.group(1)))
                    continue
                break
        visit.seconds = time.monotonic() - began[0]
        visit.bytes = len(answer)
        status = head.split("\r\n", 1)[0]
        if " 200 " not in status + " ":
            visit.problem = f"answered {status[:40]!r}"
    except TimeoutError:
        visit.problem = "no answer before the timeout"
    except OSError as error:
        visit.problem = f"connection failed: {type(error).__name__}"


async def _http_spike(url: str, targets: list[str], timeout: float) -> Result:
    parts = urlsplit(url)
    result = Result(len(targets), [Visit() for _ in targets])
    start, began = asyncio.Event(), [0.0]
    deadline = time.monotonic() + timeout
    tasks = [asyncio.create_task(_http_visit(parts.hostname, parts.port or 80, target, start, began, deadline, v))
             for target, v in zip(targets, result.visits, strict=True)]
    await asyncio.sleep(0)
    began[0] = time.monotonic()
    start.set()
    await asyncio.gather(*tasks)
    result.wall_seconds = time.monotonic() - began[0]
    return result


def run_http_spike(url: str, users: int, target: str, query: str = "", distinct: bool = False,
                   timeout: float = 300.0) -> Result:
    """`users` visitors GET the phone page or the API at the same moment (each its own filter when
    `distinct`); a Result with their times and bytes."""
    url = loopback_only(url)
    if not 1 <= users <= MAX_USERS:
        raise ValueError(f"--users must be between 1 and {MAX_USERS}")
    queries = distinct_queries(users) if distinct else [query] * users
    targets = [TARGETS[target] + (f"?{q}" if q else "") for q in queries]
    return asyncio.run(_http_spike(url, targets, min(timeout, MAX_TIMEOUT)))


def run_spike(url: str, users: int, path: str = DEFAULT_PATH, query: str = "", timeout: float = 300.0) -> Result:
    """`users` visitors open `url`/`path`?`query` at the same moment; a Result with their times."""
    url = loopback_only(url)
    if not 1 <= users <= MAX_USERS:
        raise ValueError(f"--users must be between 1 and {MAX_USERS}")
    return asyncio.run(_spike(url, users, path, query, min(timeout, MAX_TIMEOUT)))


# --- a server of its own ------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


class OwnServer:
    """`streamlit run serve.py` (the dashboard, the phone page, the API) on a free loopback port with
    the given database, stopped on exit."""

    def __init__(self, db: Path, extra_env: dict[str, str] | None = None) -> None:
        self.db = db
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.extra_env = extra_env or {}
        self.process: subprocess.Popen | None = None
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - a file, so a full pipe never blocks the server

    def __enter__(self) -> OwnServer:
        env = os.environ | {"PRAKERJA_DB": str(self.db)} | self.extra_env
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=config.REPO_ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + SERVER_START_SECONDS
        while not _healthy(self.url):
            try:
                self.process.wait(timeout=0.3)  # between attempts, watch for the server exiting
            except subprocess.TimeoutExpired:
                if time.monotonic() < deadline:
                    continue
            self.__exit__()
            raise RuntimeError("the server did not start: " + self.output()[-2000:])
        return self

    def cpu_seconds(self) -> float | None:
        """CPU time the server process has used so far (Linux), or None."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, AttributeError, IndexError):
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def __exit__(self, *exc: object) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _demo_database(path: Path | None) -> Path:
    """The database to serve: the given file, else the live one; the demo is built if it is missing."""
    path = path or config.db_path()
    if not path.exists():
        from prakerja_dash.data import demo

        print(f"building the demo database {path} ...", file=sys.stderr)
        demo.build_demo(path)
    return path


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The spike's options, on its own parser or on the command line's `spike` subcommand."""
    parser.add_argument("--users", type=int, required=True, help=f"visitors at once (1-{MAX_USERS})")
    parser.add_argument("--url", default=None,
                        help="a running dashboard on this machine (default: start one on a free port)")
    parser.add_argument("--path", default=DEFAULT_PATH, help="page path the link opens (default %(default)s)")
    parser.add_argument("--query", default="", help="the link's query, e.g. 'regency=1571&lang=en'")
    parser.add_argument("--timeout", type=float, default=300.0,
                        help=f"seconds the whole spike may take (at most {MAX_TIMEOUT:.0f}; default %(default)s)")
    parser.add_argument("--warmup", type=int, default=1, choices=range(0, 11), metavar="0-10",
                        help="visits before the spike, as the presenter's own (default %(default)s)")
    parser.add_argument("--db", type=Path, default=None,
                        help="database of the server it starts (default: $PRAKERJA_DB or data/prakerja.duckdb)")
    parser.add_argument("--target", choices=tuple(TARGETS), default="page",
                        help="the dashboard page (Streamlit's protocol), the phone page /m or the API "
                             "(plain HTTP); default %(default)s")
    parser.add_argument("--distinct", action="store_true",
                        help="with --target phone or api: every visitor opens a different filter")
    return parser


def build_parser() -> argparse.ArgumentParser:
    return add_arguments(argparse.ArgumentParser(prog="python -m benchmarks.spike", description=__doc__,
                                                 formatter_class=argparse.RawDescriptionHelpFormatter))


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Run the spike the parsed `args` describe: 0 when every visitor got a finished first view,
    1 when some failed; bad use exits through `parser` with 2."""
    if not 1 <= args.users <= MAX_USERS:
        parser.exit(2, f"error: --users must be between 1 and {MAX_USERS}\n")
    try:
        if args.url:
            loopback_only(args.url)
    except ValueError as error:
        parser.exit(2, f"error: {error}\n")

    def visit(url: str, users: int) -> Result:
        if args.target == "page":
            return run_spike(url, users, args.path, args.query, args.timeout)
        return run_http_spike(url, users, args.target, args.query, args.distinct, args.timeout)

    def measure(url: str, server: OwnServer | None = None) -> Result:
        for _ in range(args.warmup):
            warm = visit(url, 1)
            if warm.failures:
                return warm
        before = server.cpu_seconds() if server else None
        result = visit(url, args.users)
        after = server.cpu_seconds() if server else None
        if before is not None and after is not None:
            result.server_cpu_seconds = after - before
        return result

    if args.url:
        result = measure(args.url)
        where = args.url
    else:
        with OwnServer(_demo_database(args.db)) as server:
            result = measure(server.url, server)
        where = f"own server {server.url} ({args.db or config.db_path()})"
    asked = f"/{args.path}" if args.target == "page" else TARGETS[args.target]
    asked += " (a different filter per visitor)" if args.distinct and args.target != "page" else \
        (f"?{args.query}" if args.query else "")
    print(f"spike against {where}, {asked}")
    print(result.summary())
    if result.times:
        sizes = sorted(v.bytes for v in result.visits if not v.problem)
        print(f"  bytes per visitor (as received{', gzip' if args.target != 'page' else ''}): "
              f"median {statistics.median(sizes):,.0f}, max {max(sizes):,}")
    return 1 if result.failures or not result.times else 0


def main(argv: list[str] | None = None) -> int:
    """`python -m benchmarks.spike ...`: 0 when every visitor got a finished first view, 1 when
    some failed, 2 on bad use."""
    parser = build_parser()
    return run(parser.parse_args(argv), parser)


if __name__ == "__main__":
    sys.exit(main())
