"""The machine a run was on, and bench/RESULTS.md rendered from one run's results."""

import os
import platform
import subprocess
from datetime import UTC, datetime

from bench.common import ADMIN_URL, ROOT

NOISE = (
    "Numbers from a shared machine are noisy (other processes ran beside the benchmark). "
    "That is why every ratio is to a baseline measured in the same run, in rounds "
    "interleaved with what it is compared to: compare ratios, not absolute figures, "
    "across runs or machines."
)


def _first(path: str, prefix: str) -> str:
    try:
        with open(path) as lines:
            return next(
                (line.split(":", 1)[1].strip() for line in lines if line.startswith(prefix)), "?"
            )
    except OSError:
        return "?"


def _command(*command: str) -> str:
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=20)
        return done.stdout.strip() or "?"
    except OSError:
        return "?"


def _postgres_version() -> str:
    import psycopg

    with psycopg.connect(ADMIN_URL) as connection:
        return connection.execute("SHOW server_version").fetchone()[0]


def machine() -> dict:
    import django

    commit = _command("git", "rev-parse", "--short=12", "HEAD")
    if _command("git", "status", "--porcelain", "--untracked-files=no") not in ("", "?"):
        commit += " (with uncommitted changes)"
    memory_kb = int(_first("/proc/meminfo", "MemTotal").split()[0] or 0)
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit,
        "cpu": _first("/proc/cpuinfo", "model name"),
        "cores": os.cpu_count(),
        "memory": f"{memory_kb / 1024 / 1024:.1f} GiB",
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": _postgres_version(),
        "redis": _command("redis-server", "--version").split(" v=")[-1].split()[0],
        "wrk": _command("wrk", "-v").split(" Copyright")[0]
        if _command("wrk", "-v") != "?"
        else "?",
    }


def _throughput(rows: dict, label: str) -> list[str]:
    lines = []
    for endpoint, row in rows.items():
        rounds = ", ".join(f"{value:.0f}" for value in row["rounds"])
        lines.append(f"| {label} | {endpoint} | {rounds} | **{row['median']:.0f}** | "
                     f"**{row['ratio']:.2f}** |")  # fmt: skip
    return lines


def throughput(ours: dict, peer: dict) -> list[str]:
    lines = ["| backend | endpoint | req/s per round | median req/s | vs /healthz |",
             "|---|---|---|---|---|"]  # fmt: skip
    for backend, rows in ours.items():
        lines += _throughput(rows, f"ours, {backend}")
    for backend in ("SQLite", "PostgreSQL"):
        if backend in peer:
            lines += _throughput(peer[backend], f"drf-api-key {peer['version']}, {backend}")
    return lines


def per_request(results: dict) -> list[str]:
    lines = [
        "Median of 200 requests after one warm-up, not interleaved with a baseline: "
        "the in-process times are the noisiest figures here; the counts are exact.",
        "",
"| request | SQL statements | Redis round trips | Redis commands | in-process ms |",
             "|---|---|---|---|---|"]  # fmt: skip
    for name, row in results.items():
        lines.append(
            f"| {name} | {row['sql_per_request']:.2f} | {row['redis_round_trips_per_request']:.2f}"
            f" | {row['redis_commands_per_request']:.2f} | {row['median_ms']:.2f} |"
        )
    return lines


def _timed(row: dict) -> str:
    return f"{row['median_ms']:.1f} / {row['p90_ms']:.1f} | {row['per_second_per_core']:.1f}"


def oauth(results: dict) -> list[str]:
    lines = [
        f"{results['rounds']} interleaved rounds per hasher, in process (one core).",
        "",
        "| client secret hasher | exchange ms (median / p90) | exchanges/s/core "
        "| refresh ms (median / p90) | refreshes/s/core |",
        "|---|---|---|---|---|",
    ]
    for label, row in results["hashers"].items():
        lines.append(f"| {label} | {_timed(row['exchange'])} | {_timed(row['refresh'])} |")
    return lines


def log_pages(results: dict) -> list[str]:
    lines = [f"{results['rows']:,} rows in one workspace from `generate_request_logs` "
             f"({results['generate_s']:.0f} s to generate), median of {results['loads']} loads "
             "as the owner; database time is the sum of the page's statements.", "",
             "| page | wall ms | database ms | statements |", "|---|---|---|---|"]  # fmt: skip
    for name, row in results["pages"].items():
        lines.append(
            f"| {name} | {row['wall_ms']:.1f} | {row['db_ms']:.1f} | {row['statements']} |"
        )
    deletes = results.get("deletes")
    if deletes:
        lines += [
            "",
            f"Deleting the workspace that holds all {results['rows']:,} rows (its owner, "
            f"through the service): **{deletes['workspace_s']:.2f} s**; then deleting the "
            f"owner: **{deletes['user_s']:.2f} s**.",
        ]
    lines += [
        "",
        "`python -m bench.logs_explain` on the same data:",
        "",
        "```",
        results["explain"].rstrip(),
        "```",
    ]
    return lines


def log_integrity(results: dict) -> list[str]:
    return [
        f"`python -m bench.log_integrity`: {results['sent']:,} requests at "
        f"{results['concurrency']} in flight against gunicorn with 2 workers on PostgreSQL + "
        "Redis, in {0:.0f} s; one worker got SIGTERM halfway (gunicorn started another), "
        "the server got SIGTERM at the end.".format(results["seconds"]),
        "",
        "| answered 200 | other status | no answer | log rows | rollup requests | lost |",
        "|---|---|---|---|---|---|",
        f"| {results['answered_200']:,} | {results['other_status']} | {results['no_answer']} "
        f"| {results['log_rows']:,} | {results['rollup_requests']:,} | {results['lost']} |",
    ]


SECTIONS = {
    "api_requests": ("Throughput: gunicorn, 1 sync worker, wrk -t1 -c4 on loopback", throughput),
    "per_request": ("Per request, in process, PostgreSQL + Redis", per_request),
    "oauth_token": ("`/oauth/token` per client-secret hasher", oauth),
    "log_pages": ("Usage and Logs pages on PostgreSQL", log_pages),
    "log_integrity": ("Every answered request logged once, under load", log_integrity),
}


def render(info: dict, results: dict) -> str:
    lines = ["# Benchmark results", "",
             f"Written by `make bench` from one run on {info['date']}, commit {info['commit']}, "
             f"in {info['duration_s'] / 60:.1f} minutes. {NOISE}", "",
             "| machine | |", "|---|---|"]  # fmt: skip
    for name in ("cpu", "cores", "memory", "python", "django", "postgresql", "redis", "wrk"):
        lines.append(f"| {name} | {info[name]} |")
    for name, (title, section) in SECTIONS.items():
        lines += ["", f"## {title}", ""]
        result = results.get(name, {})
        if "error" in result:
            lines.append(f"**Failed:** {result['error']}")
        elif name == "api_requests":
            peer = results.get("peer_api", {})
            lines += section(result, {} if "error" in peer else peer)
            if "error" in peer:
                lines += ["", f"**drf-api-key peer failed:** {peer['error']}"]
        else:
            lines += section(result)
    return "\n".join(lines) + "\n"
