# ruff: noqa: S603, S607, S608 - fixed local commands; SQL of this module's own constants
"""Load test of the documented set-up on loopback: a PostgreSQL primary and a streaming
read replica, gunicorn with BLOEM_REPLICA_URL, and concurrent load on the family page and
the report pages. Shows from the servers' own statistics which server answered the
reports' reads. Writes bench/results/<date>-replica.json and .md.

    python bench/replica.py [--families 2000] [--duration 10] [--connections 8]

Everything lives in a temporary directory (data directories, sockets, logs, the var
directory of Bloem) and is stopped and removed at the end, also on failure. See
bench/README.md and docs/deployment.md."""

from __future__ import annotations

import argparse
import base64
import contextlib
import datetime
import hashlib
import hmac
import json
import os
import platform
import pwd
import re
import shutil
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg
import requests

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
BIN = Path(sys.executable).parent  # the virtualenv's bin/
PG_BIN = Path(os.environ.get("BLOEM_PG_BIN", "/usr/lib/postgresql/15/bin"))
DATABASE = "bloem"
# The demo logins' public password and second factor (README), refused outside demo mode.
DEMO_PASSWORD = "bloem-demo-2026"  # noqa: S105
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # noqa: S105

# The tables whose statements tell which page's reads a server answered.
TABLES = {
    "screening_response": "questionnaire responses (cohort dashboard, report, export)",
    "finance_registration": "care registrations (finance reports)",
    "families_person": "persons (family page)",
    "audit_accessevent": "access log",
}
WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non200 = 0 end
function response(status, headers, body) if status ~= 200 then non200 = non200 + 1 end end
function done(summary, latency, requests)
  local non = 0
  for _, t in ipairs(threads) do non = non + t:get("non200") end
  local e = summary.errors
  io.write(string.format(
    'WRK {"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p90_ms": %.2f, "p99_ms": %.2f,'
    .. ' "errors": %d, "non_200": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(90) / 1e3, latency:percentile(99) / 1e3,
    e.connect + e.read + e.write + e.timeout, non))
end
"""


# -- processes -------------------------------------------------------------------------------


def as_postgres(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run a PostgreSQL program; as root through the `postgres` OS user (initdb and the
    server refuse to run as root)."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *args], check=True, capture_output=True, text=True,
                          **kwargs)


def free_port(preferred: int) -> int:
    for port in [preferred, *range(preferred + 10, preferred + 200)]:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port near {preferred}")


class Cluster:
    """One PostgreSQL server on loopback, its socket and log in `root`."""

    def __init__(self, root: Path, name: str, port: int):
        self.data, self.port, self.name = root / name, port, name
        self.log = root / f"{name}.log"
        self.socket_dir = root

    def url(self, database: str = DATABASE) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
                     "-o", f"-p {self.port}", "-w", "-t", "60", "start"])

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(subprocess.CalledProcessError):
                as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast",
                             "-w", "stop"])

    def connect(self, database: str = DATABASE) -> psycopg.Connection:
        return psycopg.connect(self.url(database), autocommit=True)


PRIMARY_CONF = """
listen_addresses = '127.0.0.1'
unix_socket_directories = '{socket_dir}'
wal_level = replica
max_wal_senders = 4
wal_keep_size = '512MB'
hot_standby = on
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = all
fsync = off
synchronous_commit = off
"""


def start_primary_and_replica(root: Path, ports: tuple[int, int]) -> tuple[Cluster, Cluster]:
    primary, replica = Cluster(root, "primary", ports[0]), Cluster(root, "replica", ports[1])
    as_postgres([str(PG_BIN / "initdb"), "-D", str(primary.data), "-U", "postgres",
                 "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"])
    with (primary.data / "postgresql.conf").open("a") as conf:
        conf.write(PRIMARY_CONF.format(socket_dir=root))
    primary.start()
    with primary.connect("postgres") as con:
        con.execute(f"CREATE DATABASE {DATABASE}")
    with primary.connect() as con:
        con.execute("CREATE EXTENSION pg_stat_statements")
    # The streaming replica: a base backup that writes standby.signal and the
    # primary_conninfo (-R), then streams every later change.
    as_postgres([str(PG_BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary.port),
                 "-U", "postgres", "-D", str(replica.data), "-R", "-X", "stream",
                 "-c", "fast"])
    replica.start()
    with replica.connect() as con:
        assert con.execute("SELECT pg_is_in_recovery()").fetchone()[0], "not a standby"
    return primary, replica


def wait_for_replica(primary: Cluster, replica: Cluster, timeout: float = 300) -> dict:
    """Until the replica has replayed everything the primary wrote so far."""
    with primary.connect() as p:
        target = p.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
    started = time.perf_counter()
    with replica.connect() as r:
        while True:
            behind = r.execute("SELECT pg_wal_lsn_diff(%s, pg_last_wal_replay_lsn())",
                               (target,)).fetchone()[0]
            if behind <= 0:
                return {"caught_up_after_seconds": round(time.perf_counter() - started, 2),
                        "lsn": str(target)}
            if time.perf_counter() - started > timeout:
                raise RuntimeError(f"the replica is still {behind} bytes behind")
            time.sleep(0.2)


def lag(primary: Cluster, replica: Cluster) -> dict:
    with primary.connect() as p, replica.connect() as r:
        current = p.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
        behind, seconds = r.execute(
            "SELECT pg_wal_lsn_diff(%s, pg_last_wal_replay_lsn()),"
            " extract(epoch FROM now() - pg_last_xact_replay_timestamp())",
            (current,)).fetchone()
    return {"bytes_behind": int(max(behind, 0)),
            "seconds_since_last_replayed_commit": round(float(seconds or 0), 2)}


def counters(cluster: Cluster) -> dict:
    """The server's own statistics: transactions and rows read in the database, and the
    calls of the statements that touch each table of TABLES."""
    with cluster.connect() as con:
        xact, returned, fetched = con.execute(
            "SELECT xact_commit, tup_returned, tup_fetched FROM pg_stat_database"
            " WHERE datname = %s", (DATABASE,)).fetchone()
        calls = {}
        for table in TABLES:
            calls[table] = int(con.execute(
                "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements s"
                " JOIN pg_database d ON d.oid = s.dbid AND d.datname = %s"
                " WHERE s.query LIKE %s", (DATABASE, f'%"{table}"%')).fetchone()[0])
    return {"xact_commit": int(xact), "tup_returned": int(returned),
            "tup_fetched": int(fetched), "statements": calls}


def difference(after: dict, before: dict) -> dict:
    return {key: (difference(value, before[key]) if isinstance(value, dict)
                  else value - before[key]) for key, value in after.items()}


# -- Bloem -----------------------------------------------------------------------------------


def bloem_env(root: Path, primary: Cluster, replica: Cluster) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BLOEM_", "DATABASE_"))}
    return env | {
        "DJANGO_SETTINGS_MODULE": "bloem.settings.dev",
        "BLOEM_VAR_DIR": str(root / "var"),
        "DATABASE_URL": primary.url(),
        "BLOEM_REPLICA_URL": replica.url(),
        # One worker's own load would hit the API throttle (600/minute) within seconds.
        "BLOEM_API_RATE": "1000000/minute",
        "BLOEM_LOG_LEVEL": "WARNING",
    }


def bloem(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run([str(BIN / "bloem"), *args], env=env, check=True,
                          capture_output=True, text=True, cwd=PROJECT_DIR)
    return done.stdout


def approved_export(env: dict[str, str]) -> int:
    """An approved research export of the demo's team manager (set up directly: the
    request and the four-eyes approval are not what is measured)."""
    code = (
        "from django.utils import timezone\n"
        "from bloem.accounts.models import Worker\n"
        "from bloem.outcomes.models import ExportStatus, ResearchExport\n"
        "e = ResearchExport.objects.create(project='bench-replica', purpose='Load test of"
        " the read replica.', selection={}, status=ExportStatus.APPROVED,"
        " requested_by=Worker.objects.get(username='teammanager'),"
        " decided_by=Worker.objects.get(username='privacyfunctionaris'),"
        " decided_at=timezone.now())\n"
        "print('EXPORT', e.pk)\n"
    )
    return int(re.search(r"EXPORT (\d+)", bloem("shell", "-c", code, env=env)).group(1))


def totp(secret: str, at: float | None = None) -> str:
    """RFC 6238: what an authenticator app with `secret` shows now."""
    key = base64.b32decode(secret, casefold=True)
    digest = hmac.new(key, struct.pack(">Q", int(at or time.time()) // 30),
                      hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 10**6:06d}"


def log_in(base: str, username: str) -> requests.Session:
    """The whole login over HTTP: password, then the authenticator code."""
    session = requests.Session()

    def post(path: str, data: dict) -> requests.Response:
        page = session.get(base + path, timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        return session.post(base + path, data={**data, "csrfmiddlewaretoken": token},
                            headers={"Referer": base + path}, timeout=30,
                            allow_redirects=False)

    post("/account/login/", {"login": username, "password": DEMO_PASSWORD})
    for _attempt in range(3):
        # A code is valid in its own 30 seconds only: not one about to expire.
        if time.time() % 30 > 25:
            time.sleep(30 - time.time() % 30 + 0.5)
        answer = post("/account/2fa/authenticate/", {"code": totp(DEMO_TOTP_SECRET)})
        if answer.status_code == 302:
            return session
    raise RuntimeError(f"{username} could not log in ({answer.status_code})")


def wait_for_http(base: str, process: subprocess.Popen, timeout: float = 120) -> None:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped")
        with contextlib.suppress(requests.RequestException):
            requests.get(base + "/account/login/", timeout=30)
            return
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer")


# -- load ------------------------------------------------------------------------------------


def wrk_load(url: str, cookie: str, seconds: int, connections: int, root: Path) -> dict:
    script = root / "count.lua"
    script.write_text(WRK_SCRIPT)
    done = subprocess.run(
        ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "30s",
         "-s", str(script), "-H", f"Cookie: {cookie}", url],
        check=True, capture_output=True, text=True)
    found = re.search(r"^WRK (.*)$", done.stdout, re.M)
    return {"tool": "wrk", **json.loads(found.group(1))}


def python_load(url: str, cookie: str, seconds: int, connections: int) -> dict:
    """A small concurrent client for machines without wrk: `connections` threads, each
    with its own keep-alive session, for `seconds`."""
    deadline = time.perf_counter() + seconds
    latencies: list[float] = []
    problems = {"errors": 0, "non_200": 0}
    lock = threading.Lock()

    def client() -> None:
        session = requests.Session()
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                status = session.get(url, headers={"Cookie": cookie}, timeout=30,
                                     allow_redirects=False).status_code
            except requests.RequestException:
                status = None
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)
                if status is None:
                    problems["errors"] += 1
                elif status != 200:
                    problems["non_200"] += 1

    threads = [threading.Thread(target=client) for _ in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cut = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {"tool": "python", "requests": len(latencies),
            "seconds": round(time.perf_counter() - started, 3), "p50_ms": round(cut[49], 2),
            "p90_ms": round(cut[89], 2), "p99_ms": round(cut[98], 2), **problems}


def measure(page: dict, base: str, session: requests.Session, options, root: Path,
            primary: Cluster, replica: Cluster) -> dict:
    url = base + page["path"]
    first = session.get(url, timeout=60, allow_redirects=False)
    if first.status_code != 200:
        raise RuntimeError(f"{page['name']}: {first.status_code} before the load")
    cookie = "; ".join(f"{k}={v}" for k, v in session.cookies.items())
    time.sleep(1)
    before = {"primary": counters(primary), "replica": counters(replica)}
    if shutil.which("wrk"):
        load = wrk_load(url, cookie, options.duration, options.connections, root)
    else:
        load = python_load(url, cookie, options.duration, options.connections)
    time.sleep(1.5)  # a backend reports its statistics when it ends or within a second
    after = {"primary": counters(primary), "replica": counters(replica)}
    load["requests_per_second"] = round(load["requests"] / load["seconds"], 1)
    return {**page, "load": load, "lag_after": lag(primary, replica),
            "primary": difference(after["primary"], before["primary"]),
            "replica": difference(after["replica"], before["replica"])}


def pages(base: str, sessions: dict[str, requests.Session], export_id: int) -> list[dict]:
    listing = sessions["gezinshulpverlener"].get(base + "/gezinnen/", timeout=60).text
    family = re.search(r'href="/gezinnen/(\d+)/"', listing).group(1)
    return [
        {"name": "family page", "user": "gezinshulpverlener", "path": f"/gezinnen/{family}/",
         "expected": "primary"},
        {"name": "cohort dashboard", "user": "teammanager", "path": "/uitkomsten/effecten/",
         "expected": "replica"},
        {"name": "effect report", "user": "teammanager",
         "path": "/uitkomsten/effecten/rapport/", "expected": "replica"},
        {"name": "cohort API", "user": "teammanager", "path": "/api/v1/outcomes/cohort/",
         "expected": "replica"},
        {"name": "research export (zip)", "user": "teammanager",
         "path": f"/uitkomsten/onderzoeksexports/download/?export={export_id}",
         "expected": "replica"},
        {"name": "finance production report", "user": "financien", "path": "/financien/",
         "expected": "replica"},
        {"name": "finance production API", "user": "financien",
         "path": "/api/v1/finance/production/", "expected": "replica"},
    ]


def verdict(row: dict) -> bool:
    """The reads of a report ran on the replica and not on the primary; the family
    page's the other way round; both wrote their access-log entries on the primary."""
    table = "families_person" if row["expected"] == "primary" else (
        "finance_registration" if "finance" in row["name"] else "screening_response")
    served, idle = (("primary", "replica") if row["expected"] == "primary"
                    else ("replica", "primary"))
    return (row[served]["statements"][table] >= row["load"]["requests"]
            and row[idle]["statements"][table] == 0
            and row["primary"]["statements"]["audit_accessevent"] >= row["load"]["requests"]
            and row["replica"]["statements"]["audit_accessevent"] == 0
            and row["load"]["errors"] == 0 and row["load"]["non_200"] == 0)


# -- report ----------------------------------------------------------------------------------


def markdown(result: dict) -> str:
    lines = [
        f"# Read replica under load — {result['date']}", "",
        f"A PostgreSQL {result['postgresql']} primary and a streaming replica on loopback, "
        f"{result['families']:,} demo families, gunicorn with {result['workers']} workers "
        f"and `BLOEM_REPLICA_URL`; {result['tool']} with {result['connections']} connections "
        f"for {result['duration']} s per page, one page at a time, on {result['cpus']} "
        f"cores (load average {result['load_average_before_after'][0]:.1f} before, "
        f"{result['load_average_before_after'][1]:.1f} after: other work shared the "
        f"machine). Command: `{result['command']}`.", "",
        f"Demo load {result['demo_seconds']:.1f} s; the replica had replayed it "
        f"{result['catch_up']['caught_up_after_seconds']} s later.", "",
        "Statement calls are pg_stat_statements on each server for statements naming the "
        "table (responses for the outcomes reports, registrations for finance, persons for "
        "the family page); Δ rows is pg_stat_database.tup_returned + tup_fetched, which "
        "includes the benchmark's own statistics queries (a few thousand rows on each "
        "server).", "",
        "| page | req/s | p50 ms | p99 ms | errors | reads on replica: calls (Δ rows) "
        "| reads on primary: calls (Δ rows) | access log INSERTs primary / replica "
        "| as designed |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in result["pages"]:
        load = row["load"]
        table = ("families_person" if row["expected"] == "primary" else
                 "finance_registration" if "finance" in row["name"] else "screening_response")

        def side(name, table=table, row=row):
            data = row[name]
            return (f"{data['statements'][table]:,} "
                    f"({data['tup_returned'] + data['tup_fetched']:,})")

        lines.append(
            f"| {row['name']} | {load['requests_per_second']:,} | {load['p50_ms']:.1f} "
            f"| {load['p99_ms']:.1f} | {load['errors'] + load['non_200']} "
            f"| {side('replica')} | {side('primary')} "
            f"| {row['primary']['statements']['audit_accessevent']:,} / "
            f"{row['replica']['statements']['audit_accessevent']:,} "
            f"| {'yes' if row['as_designed'] else '**no**'} |")
    lines += ["", f"Replication lag after the load: {result['pages'][-1]['lag_after']}.",
              "", f"The effect report said (Dutch): \"{result['report_says']}\"",
              "", f"All as designed: **{'yes' if result['all_as_designed'] else 'no'}**.", ""]
    return "\n".join(lines)


def run(options, root: Path) -> dict:
    if os.geteuid() == 0:
        shutil.chown(root, user="postgres")
        root.chmod(0o755)
    load_before = os.getloadavg()[0]  # other work on the machine skews the timings
    ports = (free_port(options.port), free_port(options.port + 1))
    primary, replica = start_primary_and_replica(root, ports)
    try:
        env = bloem_env(root, primary, replica)
        bloem("migrate", "--no-input", env=env)
        started = time.perf_counter()
        bloem("demo", "--families", str(options.families), "--seed", "1", env=env)
        demo_seconds = time.perf_counter() - started
        export_id = approved_export(env)
        bloem("collectstatic", "--no-input", env=env)
        catch_up = wait_for_replica(primary, replica)
        http_port = free_port(58000)
        base = f"http://127.0.0.1:{http_port}"
        gunicorn = subprocess.Popen(
            [str(BIN / "gunicorn"), "bloem.wsgi:application", "--bind",
             f"127.0.0.1:{http_port}", "--workers", str(options.workers), "--timeout", "60",
             "--error-logfile", str(root / "gunicorn.log")],
            env=env, cwd=PROJECT_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for_http(base, gunicorn)
            sessions = {user: log_in(base, user)
                        for user in ("gezinshulpverlener", "teammanager", "financien")}
            rows = []
            for page in pages(base, sessions, export_id):
                row = measure(page, base, sessions[page["user"]], options, root, primary,
                              replica)
                row["as_designed"] = verdict(row)
                rows.append(row)
                print(f"{row['name']:<28} {row['load']['requests_per_second']:>7} req/s  "
                      f"errors {row['load']['errors'] + row['load']['non_200']}  "
                      f"as designed: {row['as_designed']}", flush=True)
            report = sessions["teammanager"].get(base + "/uitkomsten/effecten/rapport/",
                                                 timeout=60).text
            shown = re.search(r"<p[^>]*data-replica-freshness[^>]*>(.*?)</p>", report, re.S)
        finally:
            gunicorn.terminate()
            gunicorn.wait(30)
        with primary.connect() as con:
            version = con.execute("SHOW server_version").fetchone()[0]
        return {
            "date": f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
            "command": "make bench-replica" if options.families == 2000 else
                       f"python bench/replica.py --families {options.families}",
            "families": options.families, "demo_seconds": round(demo_seconds, 1),
            "catch_up": catch_up, "postgresql": version, "workers": options.workers,
            "connections": options.connections, "duration": options.duration,
            "tool": "wrk" if shutil.which("wrk") else "python client",
            "cpus": os.cpu_count(), "python": platform.python_version(),
            "load_average_before_after": [load_before, os.getloadavg()[0]],
            "pages": rows, "all_as_designed": all(r["as_designed"] for r in rows),
            "report_says": shown.group(1).strip() if shown else None,
        }
    finally:
        replica.stop()
        primary.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=2000)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1,
                        help="gunicorn workers (default: 2 × cores + 1)")
    parser.add_argument("--port", type=int, default=55432, help="the primary's port; the "
                        "replica takes the next free one")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    options = parser.parse_args()
    if os.geteuid() == 0:
        pwd.getpwnam("postgres")  # fails clearly when there is no postgres OS user
    root = Path(tempfile.mkdtemp(prefix="bloem-replica-"))
    try:
        result = run(options, root)
    except Exception as error:  # report what the servers logged, then fail
        detail = getattr(error, "stderr", "") or ""
        print(f"bench/replica.py failed: {error}\n{detail}", file=sys.stderr)
        for log in sorted(root.glob("*.log")):
            print(f"--- {log.name} (last lines)\n" + "\n".join(
                log.read_text(errors="replace").splitlines()[-15:]), file=sys.stderr)
        return 1
    finally:
        if options.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    RESULTS_DIR.mkdir(exist_ok=True)
    stem = RESULTS_DIR / f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d}-replica"
    stem.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n")
    stem.with_suffix(".md").write_text(markdown(result))
    print(markdown(result))
    return 0 if result["all_as_designed"] else 1


if __name__ == "__main__":
    sys.exit(main())
