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


NUMERALS = {ch: i for i, ch in enumerate("〇一二三四五六七八九", start=0)}


def natural_key(name: str) -> tuple:
    """执法二组 before 执法十组 before 执法十一组: Chinese (and Arabic) numbers in a
    name compare by value, not by character code (一 三 二 would)."""
    key, number = [], None
    for ch in f"{name}\0":
        if ch in NUMERALS or ch == "十" or ch.isdigit():
            if ch == "十":
                number = (number or 1) * 10
            elif ch.isdigit() and ch not in NUMERALS:
                number = (number or 0) * 10 + int(ch)
            elif number is not None and number % 10 == 0 and number >= 10:
                number += NUMERALS[ch]
            else:
                number = (number or 0) * 10 + NUMERALS[ch]
            continue
        if number is not None:
            key.append((0, number))
            number = None
        if ch != "\0":
            key.append((1, ch))
    return tuple(key)


def groups() -> pd.DataFrame:
    """Every enforcement group (name, group_id, sort_order) in its order: the
    configured sort order, then its number (一组, 二组, 三组 …)."""
    frame = load_frame(
        EnforcementGroup.objects.all(),
        ["name", "sort_order", "pk"],
        ["name", "sort_order", "group_id"],
        {"sort_order": "Int64", "group_id": "Int64"},
    )
    if frame.empty:
        return frame
    keys = [
        (s, natural_key(n))
        for s, n in zip(frame["sort_order"], frame["name"], strict=True)
    ]
    order = sorted(range(len(frame)), key=keys.__getitem__)
    return frame.iloc[order].reset_index(drop=True)


def order_groups(frame: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """``frame`` with its ``group`` column an ordered categorical in ``order`` (names
    not in it after, "—" last), so every groupby, pivot and chart lists the groups
    in their order instead of by character code."""
    if "group" not in frame or not len(order):
        return frame
    values = frame["group"].dropna().astype(str)
    extra = sorted(set(values) - set(order) - {"—"}, key=natural_key)
    categories = [*order, *extra, "—"]
    dtype = pd.CategoricalDtype(categories=categories, ordered=True)
    return frame.assign(group=frame["group"].astype(str).astype(dtype))
