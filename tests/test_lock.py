"""The lock files install what pyproject.toml asks for.

`make run`/`make test` install only from requirements/*.txt (hash-checked); a range
changed in pyproject.toml without `make lock` would silently not apply.
"""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
PINNED = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)", re.MULTILINE)


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _locked(path: Path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8")
    return {_canonical(name): version for name, version in PINNED.findall(text)}


def _project():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"
    ]


@pytest.mark.parametrize(
    ("lock", "groups"),
    [("base.txt", ["runtime"]), ("dev.txt", ["runtime", "dev"])],
)
def test_every_dependency_is_locked_within_its_range(lock, groups):
    project = _project()
    wanted = {
        "runtime": project["dependencies"],
        "dev": project["optional-dependencies"]["dev"],
    }
    locked = _locked(ROOT / "requirements" / lock)
    problems = []
    for group in groups:
        for line in wanted[group]:
            requirement = Requirement(line)
            version = locked.get(_canonical(requirement.name))
            if version is None:
                problems.append(f"{requirement.name}: not in {lock}")
            elif not requirement.specifier.contains(version, prereleases=True):
                problems.append(
                    f"{requirement.name}: {version} ∉ {requirement.specifier}"
                )
    assert problems == []


def test_every_locked_line_carries_a_hash():
    for lock in ("base.txt", "dev.txt"):
        text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
        assert text.count("--hash=sha256:") >= len(PINNED.findall(text))


def test_runtime_and_dev_locks_agree_on_shared_packages():
    base = _locked(ROOT / "requirements" / "base.txt")
    dev = _locked(ROOT / "requirements" / "dev.txt")
    assert {name: dev.get(name) for name in base} == base
