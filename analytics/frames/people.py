"""People and organisations: enterprises, enforcement staff, groups."""

from __future__ import annotations

import pandas as pd

from accounts import roles
from accounts.models import EnforcementGroup, Enterprise, Industry, RiskTier, User
from analytics.frames.base import COLUMNS, load_frame


def enterprises() -> pd.DataFrame:
    """Every registered enterprise with its industry and risk tier labels (category)."""
    frame = load_frame(
        Enterprise.objects.all(),
        ["pk", "name", "industry", "risk_tier"],
        COLUMNS["enterprises"],
        {"enterprise_id": "Int64"},
    )
    frame["industry"] = frame["industry"].map(dict(Industry.choices))
    frame["risk_tier"] = frame["risk_tier"].map(dict(RiskTier.choices))
    # Labels are lazy translations: str() them once per category, not per row.
    for column in ("industry", "risk_tier"):
        frame[column] = frame[column].astype(str).astype("category")
    return frame


def staff() -> pd.DataFrame:
    """Enforcement staff (members of a group) with their group and main role."""
    frame = load_frame(
        User.objects.filter(enforcement_group__isnull=False, is_active=True),
        ["pk", "name", "phone", "enforcement_group__name", "enforcement_group_id"],
        ["user_id", "name", "phone", "group", "group_id"],
        {"user_id": "Int64", "group_id": "Int64"},
    )
    memberships = load_frame(
        User.groups.through.objects.filter(group__name__in=roles.ROLES),
        ["user_id", "group__name"],
        ["user_id", "role"],
        {"user_id": "Int64"},
    )
    rank = {name: i for i, name in enumerate(roles.ROLES)}
    memberships["_rank"] = memberships["role"].map(rank)
    main = memberships.sort_values("_rank", kind="stable").drop_duplicates("user_id")
    frame = frame.merge(main[["user_id", "role"]], on="user_id", how="left")
    frame["role"] = frame["role"].fillna("—")
    return frame[COLUMNS["staff"]]


def groups() -> pd.DataFrame:
    """Every enforcement group (name, group_id)."""
    return load_frame(
        EnforcementGroup.objects.all(),
        ["name", "pk"],
        ["name", "group_id"],
        {"group_id": "Int64"},
    )
