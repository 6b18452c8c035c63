"""`manage.py scan_for_keys PATH...`: find Coherence API keys before they are committed.

Prints `file:line: ck_live_…Ab12Cd` (the prefix and the checksum, never the
secret) for every well-formed key, and exits 1 when it finds one, 0 on a clean
tree, so it works as a pre-commit hook (README: "Don't commit keys to source
control"). A lookalike whose checksum fails (a made-up example, a truncated
paste) is not a key and is not reported: the checksum exists so that scanners
can tell. Directories are walked without following links, skipping version
control and tool caches; binary files (a NUL byte near the start) and files
over --max-bytes are skipped, as pre-commit's own `check-added-large-files`
would flag those anyway.
"""

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apikeys import keys

SKIPPED_DIRECTORIES = frozenset(
    {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox"}
    | {".mypy_cache", ".pytest_cache", ".ruff_cache"}
)
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
SNIFF_BYTES = 8192
# A candidate: a key prefix and the right number of base62 characters, not
# glued to more of them. keys.parse then checks the checksum.
CANDIDATE = re.compile(
    rf"(?<![0-9A-Za-z_])ck_(?:live|test)_[0-9A-Za-z]{{{keys.KEY_LENGTH - len(keys.LIVE_PREFIX)}}}"
    r"(?![0-9A-Za-z])"
)


def masked(raw: str) -> str:
    """`ck_live_…Ab12Cd`: which key it is, by its checksum, and nothing of its secret."""
    return f"{raw[: len(keys.LIVE_PREFIX)]}…{raw[-keys.CHECKSUM_LENGTH :]}"


def files_under(path: Path) -> Iterator[Path]:
    if not path.is_dir():
        yield path
        return
    for directory, subdirectories, names in os.walk(path):
        subdirectories[:] = sorted(d for d in subdirectories if d not in SKIPPED_DIRECTORIES)
        for name in sorted(names):
            yield Path(directory) / name


def readable_text(path: Path, max_bytes: int) -> str | None:
    """The file's text, or None for what is not worth scanning (binary, too big, gone)."""
    try:
        if not path.is_file() or path.stat().st_size > max_bytes:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    if b"\x00" in data[:SNIFF_BYTES]:
        return None
    return data.decode("utf-8", errors="replace")


def keys_in(text: str) -> Iterator[tuple[int, str]]:
    """(line number, key) for each well-formed key in `text`."""
    for number, line in enumerate(text.splitlines(), start=1):
        for match in CANDIDATE.finditer(line):
            if keys.parse(match.group()) is not None:
                yield number, match.group()


class Command(BaseCommand):
    help = "Report Coherence API keys in files or directories; exit 1 when any is found."
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--max-bytes",
            type=int,
            default=DEFAULT_MAX_BYTES,
            help=f"Skip files larger than this (default {DEFAULT_MAX_BYTES}).",
        )

    def handle(self, *args: Any, paths: list[str], max_bytes: int, **options: Any) -> None:
        missing = [path for path in paths if not Path(path).exists()]
        if missing:
            raise CommandError(f"No such file or directory: {', '.join(missing)}", returncode=2)
        found = 0
        for path in paths:
            for file in files_under(Path(path)):
                text = readable_text(file, max_bytes)
                for line, raw in keys_in(text or ""):
                    self.stdout.write(f"{file}:{line}: {masked(raw)}")
                    found += 1
        if found:
            self.stderr.write(
                f"{found} Coherence API key(s) found. Remove them, revoke them in "
                "Settings > API keys, and read them from the environment instead."
            )
            raise SystemExit(1)
