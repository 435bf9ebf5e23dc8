"""People and organisations: enterprises, enforcement staff, groups."""

from __future__ import annotations

import pandas as pd
from django.db.models import F

from accounts import roles
from accounts.models import EnforcementGroup, Enterprise, Industry, RiskTier, User
from tests.analytics.frames_before.base import COLUMNS, empty, from_values


def enterprises() -> pd.DataFrame:
    """Every registered enterprise with its industry and risk tier labels."""
    frame = from_values(
        "enterprises",
        Enterprise.objects.values(
            "name", "industry", "risk_tier", enterprise_id=F("pk")
        ),
    )
    frame["industry"] = frame["industry"].map(dict(Industry.choices)).astype(str)
    frame["risk_tier"] = frame["risk_tier"].map(dict(RiskTier.choices)).astype(str)
    return frame


def staff() -> pd.DataFrame:
    """Enforcement staff (members of a group) with their group and main role."""
    rows = User.objects.filter(enforcement_group__isnull=False, is_active=True).values(
        "name",
        "phone",
        user_id=F("pk"),
        group=F("enforcement_group__name"),
        group_id=F("enforcement_group_id"),
    )
    frame = _with_role(rows)
    return frame[COLUMNS["staff"]] if not frame.empty else empty("staff")


def groups() -> pd.DataFrame:
    """Every enforcement group (name, group_id)."""
    return pd.DataFrame.from_records(
        list(EnforcementGroup.objects.values("name", group_id=F("pk")))
    )


def _with_role(rows) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(list(rows))
    if frame.empty:
        return frame
    memberships = pd.DataFrame.from_records(
        list(
            User.groups.through.objects.filter(group__name__in=roles.ROLES).values(
                "user_id", role=F("group__name")
            )
        ),
        columns=["user_id", "role"],
    )
    rank = {name: i for i, name in enumerate(roles.ROLES)}
    memberships["_rank"] = memberships["role"].map(rank)
    main = memberships.sort_values("_rank").drop_duplicates("user_id")
    frame = frame.merge(main[["user_id", "role"]], on="user_id", how="left")
    frame["role"] = frame["role"].fillna("—")
    return frame
