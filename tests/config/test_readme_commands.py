"""Every shell command in README.md runs as written, after `make run` has run once.

The commands are the README's ```sh and ```bash blocks; every other fenced block must
say what it holds (yaml, text, crontab...), so no command slips past unlabelled. Each
block runs in one bash with `set -eo pipefail` (variables carry from line to line, as
in the key rotation walk-through; the first failing command fails the block) in a copy
of the working tree: its own `.env`, SQLite database and git repository, never the
developer's. `make run` is its first-run steps, taken from `make -n run`, minus the
server; a `runserver` of the copy on a free loopback port answers the curl examples
(the README's 127.0.0.1:8000 is rewritten to that port). What runs forever or needs
more than loopback is skipped by design, each command with its reason in SKIPPED.
"""

import re

import pytest

from tests.config.readme_checkout import (
    COMMAND_LANGUAGES,
    EXPECTED,
    OTHER_LANGUAGES,
    README_PORT,
    command_blocks,
    readme_blocks,
    run,
    skip_reason,
)


def test_every_fenced_block_says_what_it_holds():
    unlabelled = [
        f"README.md:{block.line}: ```{block.language}"
        for block in readme_blocks()
        if block.language not in COMMAND_LANGUAGES | OTHER_LANGUAGES
    ]

    assert unlabelled == [], "label each block sh/bash (commands, run here) or " + ", ".join(
        sorted(OTHER_LANGUAGES)
    )


@pytest.mark.parametrize("block", command_blocks(), ids=lambda block: f"README.md:{block.line}")
def test_the_readme_command_runs_as_written(checkout, block):
    runnable = [command for command in block.commands() if skip_reason(command) is None]
    script = "\n".join(runnable).replace(README_PORT, f"127.0.0.1:{checkout.port}")
    log_start = checkout.server_log.stat().st_size

    done = run(checkout.path, checkout.env, script)

    output, status = done.stdout + done.stderr, done.returncode
    assert status == 0, f"README.md:{block.line} failed:\n{script}\n{output[-3000:]}"
    served = checkout.server_log.read_text()[log_start:]
    assert not re.search(r'" 5\d\d ', served), served[-3000:]
    for command_part, text in EXPECTED.items():
        if any(command_part in command for command in runnable):
            assert text in output, f"{command_part!r} printed no {text!r}:\n{output[-3000:]}"
