"""Choosing files for a review round and assigning them to reviewers (pure).

A file is never reviewed by its own group or by one of its handling officers; each
file gets ``k`` distinct reviewers and the reviewers' loads differ by as little as the
constraints allow. When no valid assignment exists the error says which file fails.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileSlot:
    id: Hashable
    group: Hashable
    label: str = ""
    officer_ids: frozenset = field(default_factory=frozenset)


@dataclass(frozen=True)
class Reviewer:
    id: Hashable
    group: Hashable | None


class AssignmentImpossible(ValueError):
    """No assignment satisfies the rules; the message says why, in the user's language."""


def sample_files(
    files: Sequence[FileSlot], per_group: int | None, seed: int | None = None
) -> list[FileSlot]:
    """All files (``per_group`` None) or a random sample of ``per_group`` per group."""
    if per_group is None:
        return list(files)
    rng = random.Random(seed)
    by_group: dict = {}
    for f in files:
        by_group.setdefault(f.group, []).append(f)
    chosen = []
    for group_files in by_group.values():
        chosen.extend(rng.sample(group_files, min(per_group, len(group_files))))
    return chosen


def eligible(file: FileSlot, reviewer: Reviewer) -> bool:
    return reviewer.group != file.group and reviewer.id not in file.officer_ids


def assign_reviewers(
    files: Sequence[FileSlot],
    reviewers: Sequence[Reviewer],
    k: int,
    seed: int | None = None,
) -> dict[Hashable, list[Hashable]]:
    """Each file → ``k`` reviewer ids, never its own group or officers, load balanced.

    Most constrained files go first; each takes the least loaded eligible reviewers
    (ties broken at random with ``seed``). Raises ``AssignmentImpossible``.
    """
    if k < 1:
        raise AssignmentImpossible(_("Each file needs at least one reviewer."))
    rng = random.Random(seed)
    options = {f.id: [r for r in reviewers if eligible(f, r)] for f in files}
    for f in files:
        if len(options[f.id]) < k:
            raise AssignmentImpossible(
                _(
                    "File %(file)s needs %(k)s reviewers from other groups who did not "
                    "handle it, but only %(n)s are available."
                )
                % {"file": f.label or f.id, "k": k, "n": len(options[f.id])}
            )
    load = {r.id: 0 for r in reviewers}
    tie = {r.id: rng.random() for r in reviewers}
    result: dict = {}
    # Ties keep the caller's order (the sort is stable), never the ids' values: the
    # same files in the same order get the same plan whatever their database ids.
    for f in sorted(files, key=lambda f: len(options[f.id])):
        chosen = sorted(options[f.id], key=lambda r: (load[r.id], tie[r.id]))[:k]
        for r in chosen:
            load[r.id] += 1
        result[f.id] = [r.id for r in chosen]
    return result
