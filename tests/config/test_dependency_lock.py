"""requirements/lock.txt pins every dependency pyproject.toml names, with hashes."""

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.config.readme_checkout import LOCK, ROOT


def test_the_lock_pins_every_dependency_of_pyproject_within_its_range():
    """What `make lock` compiles from; a dependency added without `make lock` fails here."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = [
        Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]
    ]
    pinned = {
        canonicalize_name(name): version
        for name, version in re.findall(r"^([\w.-]+)==(\S+) \\$", LOCK.read_text(), re.MULTILINE)
    }

    missing = [str(r) for r in wanted if canonicalize_name(r.name) not in pinned]
    outside = [
        f"{r} (locked: {pinned[canonicalize_name(r.name)]})"
        for r in wanted
        if canonicalize_name(r.name) in pinned
        and not r.specifier.contains(pinned[canonicalize_name(r.name)], prereleases=True)
    ]
    assert (missing, outside) == ([], []), "run `make lock`"
    assert "--hash=sha256:" in LOCK.read_text()
    assert "djangorestframework-api-key" not in pinned  # the bench's peer stays out
