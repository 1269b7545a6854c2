"""The load phase: gunicorn with the recommended worker count (2 × cores + 1) on loopback,
wrk from a second process for a bounded time, first on the family pages (cycling through
families spread over the data), then on the trivial view; a request counts as an error
unless it answers 200. Peak memory per worker (VmHWM) is read from /proc after each run."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent

# wrk's Lua: cycle through the paths, send the session cookie, count non-200 answers.
SCRIPT = """
local paths = {%(paths)s}
local cookie = "%(cookie)s"
local threads = {}
local i = 0
bad = 0  -- a global: done() reads it from every thread
function setup(thread) table.insert(threads, thread) end
function request()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1], {["Cookie"] = cookie})
end
function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("bad") end
  io.write(string.format("NON200 %%d\\n", total))
end
"""


def workers() -> int:
    return 2 * (os.cpu_count() or 1) + 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def peak_memory_mb(master: int) -> list[float]:
    """VmHWM of each worker process of the gunicorn `master`, in MiB."""
    peaks = []
    for pid in _children(master):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        found = re.search(r"VmHWM:\s+(\d+) kB", status)
        if found:
            peaks.append(round(int(found.group(1)) / 1024, 1))
    return peaks


def _wait_until_up(port: int, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/account/login/", timeout=5)  # noqa: S310
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer on 127.0.0.1:{port} within {seconds:.0f} s")


def parse_wrk(output: str) -> dict:
    def number(pattern: str, default: float = 0.0) -> float:
        found = re.search(pattern, output)
        return float(found.group(1)) if found else default

    def ms(value: str, unit: str) -> float:
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]

    latency = {f"p{p}": round(ms(v, u), 2) for p, v, u in
               re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)}
    errors = sum(int(n) for n in re.findall(
        r"(?:connect|read|write|timeout) (\d+)", output))
    return {"requests_per_second": number(r"Requests/sec:\s+([\d.]+)"),
            "requests": int(number(r"(\d+) requests in")),
            "latency_ms": latency, "non_200": int(number(r"NON200 (\d+)")),
            "socket_errors": errors}


def run_wrk(port: int, paths: list[str], cookie: str, seconds: int, connections: int) -> dict:
    quoted = ", ".join(f'"{p}"' for p in paths)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(SCRIPT % {"paths": quoted, "cookie": cookie})
    try:
        output = subprocess.run(  # noqa: S603
            [shutil.which("wrk") or "wrk", "-t2", f"-c{connections}", f"-d{seconds}s",
             "--latency", "--timeout", "10s", "-s", script.name, f"http://127.0.0.1:{port}"],
            check=False, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout
    finally:
        os.unlink(script.name)
    if "Requests/sec" not in output:
        raise SystemExit(f"wrk failed: {output}")
    return parse_wrk(output)


def load(env: dict, *, family_paths: list[str], trivial_path: str, cookie: str,
         seconds: int, connections: int) -> dict:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (make bench installs it: apt-get install wrk)")
    port, count = free_port(), workers()
    server = subprocess.Popen(  # noqa: S603
        [str(BIN / "gunicorn"), "bloem.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(count), "--timeout", "60"],
        env=env | {"DJANGO_SETTINGS_MODULE": "bloem.settings.bench"},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        _wait_until_up(port)
        result = {"workers": count, "connections": connections, "seconds": seconds}
        result["family_page"] = run_wrk(port, family_paths, cookie, seconds, connections)
        result["family_page"]["worker_peak_mb"] = peak_memory_mb(server.pid)
        result["trivial_view"] = run_wrk(port, [trivial_path], cookie, seconds, connections)
        result["worker_peak_mb"] = peak_memory_mb(server.pid)
        trivial = result["trivial_view"]["requests_per_second"]
        result["family_to_trivial_throughput"] = round(
            result["family_page"]["requests_per_second"] / trivial, 3) if trivial else None
        return result
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
