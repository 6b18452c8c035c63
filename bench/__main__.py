"""`make bench`: every benchmark in one run, then bench/RESULTS.md from that run.

Each benchmark runs in its own interpreter (they configure Django differently)
and hands its results over as JSON; a benchmark that fails is reported as such
in RESULTS.md and makes the run exit 1, after the others have run. Sizes come
from the environment: BENCH_SECONDS (per wrk round, 5), BENCH_ROUNDS (3),
BENCH_OAUTH_ROUNDS (10), BENCH_LOG_ROWS (1,000,000; 10,000,000 is the full size),
BENCH_LOG_REQUESTS (10,000 at 50 in flight).
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT
from bench.report import machine, render

SECONDS = os.environ.get("BENCH_SECONDS", "5")
ROUNDS = os.environ.get("BENCH_ROUNDS", "3")
BENCHMARKS = {
    "api_requests": ["--seconds", SECONDS, "--rounds", ROUNDS],
    "peer_api": ["--seconds", SECONDS, "--rounds", ROUNDS],
    "per_request": ["--requests", "200"],
    "oauth_token": ["--rounds", os.environ.get("BENCH_OAUTH_ROUNDS", "10")],
    "log_pages": ["--rows", os.environ.get("BENCH_LOG_ROWS", "1000000")],
    "log_integrity": ["--requests", os.environ.get("BENCH_LOG_REQUESTS", "10000")],
}
TIMEOUT_S = 1800  # per benchmark; the full 10 M-row log takes the longest


def run_one(name: str, arguments: list[str], directory: Path) -> dict:
    output = directory / f"{name}.json"
    command = [sys.executable, "-m", f"bench.{name}", *arguments, "--json", str(output)]
    print(f"== bench.{name}", flush=True)
    started = time.monotonic()
    try:
        subprocess.run(command, cwd=ROOT, check=True, timeout=TIMEOUT_S)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        return {"error": str(error)}
    print(f"   {time.monotonic() - started:.0f} s", flush=True)
    return json.loads(output.read_text())


def main() -> int:
    started = time.monotonic()
    info = machine()
    with tempfile.TemporaryDirectory(prefix="bench-results-") as directory:
        results = {name: run_one(name, args, Path(directory)) for name, args in BENCHMARKS.items()}
    info["duration_s"] = time.monotonic() - started
    target = ROOT / "bench" / "RESULTS.md"
    target.write_text(render(info, results))
    print(f"wrote {target.relative_to(ROOT)} in {info['duration_s']:.0f} s")
    return 1 if any("error" in result for result in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
