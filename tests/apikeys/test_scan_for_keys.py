"""`manage.py scan_for_keys PATH...`: keys found before they are committed."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from apikeys import keys

LIVE = keys.generate(livemode=True)
TEST = keys.generate(livemode=False)


def scan(*paths, **options) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of one scan."""
    out, err = StringIO(), StringIO()
    try:
        call_command("scan_for_keys", *map(str, paths), stdout=out, stderr=err, **options)
    except SystemExit as exit_:
        return exit_.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def lookalike() -> str:
    """A key with its last checksum character changed: well-shaped, not a key."""
    last = "A" if LIVE[-1] != "A" else "B"
    return LIVE[:-1] + last


def test_a_clean_tree_exits_0_and_prints_nothing(tmp_path):
    (tmp_path / "settings.py").write_text("API_KEY = os.environ['COHERENCE_API_KEY']\n")

    assert scan(tmp_path) == (0, "", "")


def test_it_reports_file_line_and_the_masked_key_and_exits_1(tmp_path):
    source = tmp_path / "sync.py"
    source.write_text(f"import os\n\nclient = Coherence('{LIVE}')\n")

    status, out, err = scan(tmp_path)

    assert status == 1
    assert out == f"{source}:3: ck_live_…{LIVE[-6:]}\n"
    assert "1 Coherence API key(s) found" in err


def test_the_secret_part_is_never_printed(tmp_path):
    (tmp_path / "a.env").write_text(f"KEY={LIVE}\n")

    _status, out, err = scan(tmp_path)

    assert LIVE[8:-6] not in out + err


def test_it_finds_every_key_in_nested_directories_and_both_modes(tmp_path):
    (tmp_path / "deploy" / "prod").mkdir(parents=True)
    (tmp_path / "deploy" / "prod" / "env").write_text(f"A={LIVE} B={TEST}\n")
    (tmp_path / "README.md").write_text(f"curl -H 'Authorization: Bearer {TEST}'\n")

    status, out, _err = scan(tmp_path)

    assert status == 1
    assert out.count("ck_live_…") == 1 and out.count("ck_test_…") == 2


def test_lookalikes_whose_checksum_fails_are_not_reported(tmp_path):
    (tmp_path / "docs.md").write_text(f"A key looks like {lookalike()}.\n")

    assert scan(tmp_path)[0] == 0


def test_a_key_glued_to_more_characters_is_not_a_key(tmp_path):
    (tmp_path / "blob.txt").write_text(f"x{LIVE}y\n{LIVE}9\n")

    assert scan(tmp_path)[0] == 0


def test_it_skips_git_binary_and_oversized_files(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "COMMIT_EDITMSG").write_text(LIVE)
    (tmp_path / "image.png").write_bytes(b"\x89PNG\x00\x00" + LIVE.encode())
    (tmp_path / "dump.sql").write_text("-- " + "x" * 2000 + LIVE)

    assert scan(tmp_path, max_bytes=1000)[0] == 0


def test_files_can_be_named_one_by_one_as_pre_commit_does(tmp_path):
    staged = tmp_path / "staged.py"
    staged.write_text(f"KEY = '{LIVE}'\n")
    other = tmp_path / "other.py"
    other.write_text("print('hi')\n")

    status, out, _err = scan(other, staged)

    assert status == 1
    assert out.startswith(f"{staged}:1:")


def test_a_missing_path_is_an_error_not_a_clean_result(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("scan_for_keys", str(tmp_path / "nope"))
