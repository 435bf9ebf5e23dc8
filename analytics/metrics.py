"""The platform's metrics: pure, vectorised pandas over the frames of
:mod:`analytics.frames`. No ORM, no request, no row loops.

Each function documents the columns it reads (its schema); tests build those frames
by hand and count the answers themselves.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# --- training coverage -------------------------------------------------------------


def training_coverage(
    assignments: pd.DataFrame, *, by: list[str], today
) -> pd.DataFrame:
    """Required-study coverage per ``by`` (e.g. ``["group"]`` or ``["role"]``).

    Schema (frames.assignments): ``user_id``, ``group`` str, ``role`` str,
    ``due_on`` datetime64 (NaT: no deadline), ``completed_on`` datetime64 (NaT: not
    done). Returns ``by`` + ``assigned``, ``completed``, ``overdue`` (not completed
    and due before ``today``), ``completion_rate`` (0..1).
    """
    if assignments.empty:
        return pd.DataFrame(
            columns=[*by, "assigned", "completed", "overdue", "completion_rate"]
        )
    today = pd.Timestamp(today)
    done = assignments["completed_on"].notna()
    frame = assignments.assign(
        _done=done,
        _overdue=~done & (assignments["due_on"] < today),
    )
    out = (
        frame.groupby(by, dropna=False)
        .agg(
            assigned=("user_id", "size"),
            completed=("_done", "sum"),
            overdue=("_overdue", "sum"),
        )
        .reset_index()
    )
    out["completion_rate"] = out["completed"] / out["assigned"]
    return out


# --- exams ---------------------------------------------------------------------------


def exam_results(attempts: pd.DataFrame, *, by: list[str] | None = None):
    """Pass rate and scores of graded exam attempts, per ``by`` or overall.

    Schema (frames.attempts): ``attempt_id``, ``user_id``, ``group`` str,
    ``percent`` float 0..100, ``passed`` bool. Returns ``by`` + ``attempts``,
    ``people``, ``passed``, ``pass_rate``, ``mean_percent``, ``median_percent``.
    """
    by = by or []
    columns = ["attempts", "people", "passed", "pass_rate"]
    columns += ["mean_percent", "median_percent"]
    if attempts.empty:
        return pd.DataFrame(columns=[*by, *columns])
    grouped = attempts.assign(_one=1).groupby(by or "_one", dropna=False)
    out = grouped.agg(
        attempts=("attempt_id", "size"),
        people=("user_id", "nunique"),
        passed=("passed", "sum"),
        mean_percent=("percent", "mean"),
        median_percent=("percent", "median"),
    ).reset_index()
    out["passed"] = out["passed"].astype(int)
    out["pass_rate"] = out["passed"] / out["attempts"]
    return out[[*by, *columns]]


def score_distribution(attempts: pd.DataFrame, *, width: int = 10) -> pd.DataFrame:
    """How many attempts scored in each band of ``width`` percent (0–9, 10–19 … 90–100).

    Schema: ``percent`` float 0..100. Returns ``band`` str, ``count`` int, every
    band present (zero when empty).
    """
    edges = list(range(0, 100, width)) + [100.0001]
    labels = [
        f"{lo}–{min(lo + width - 1, 100) if lo + width < 100 else 100}"
        for lo in edges[:-1]
    ]
    bands = pd.cut(
        attempts["percent"].astype(float), bins=edges, right=False, labels=labels
    )
    counts = bands.value_counts(sort=False).reindex(labels, fill_value=0)
    return pd.DataFrame({"band": labels, "count": counts.to_numpy(dtype=int)})


def mastery(
    answers: pd.DataFrame, tags: pd.DataFrame, *, tag: str = "tag"
) -> pd.DataFrame:
    """Share of answers correct per tag (knowledge point or article).

    Schema: ``answers``: ``question_id``, ``user_id``, ``correct`` bool.
    ``tags``: ``question_id``, ``tag`` str (a question may have several tags; each
    counts the answer once). Returns ``tag``, ``answers``, ``wrong``, ``people``,
    ``mastery`` (0..1), weakest first.
    """
    if answers.empty or tags.empty:
        return pd.DataFrame(columns=[tag, "answers", "wrong", "people", "mastery"])
    joined = answers[["question_id", "user_id", "correct"]].merge(
        tags[["question_id", "tag"]], on="question_id"
    )
    joined["_wrong"] = ~joined["correct"].astype(bool)
    out = (
        joined.groupby("tag")
        .agg(
            answers=("correct", "size"),
            wrong=("_wrong", "sum"),
            people=("user_id", "nunique"),
        )
        .reset_index()
        .rename(columns={"tag": tag})
    )
    out["wrong"] = out["wrong"].astype(int)
    out["mastery"] = 1 - out["wrong"] / out["answers"]
    return out.sort_values(["mastery", tag]).reset_index(drop=True)


def item_analysis(answers: pd.DataFrame, *, share: float = 0.27) -> pd.DataFrame:
    """Facility and discrimination index per question (classical test theory).

    Schema (frames.answers): ``attempt_id``, ``question_id``, ``score`` float,
    ``points`` float (the question's maximum). Facility = mean score / points.
    Discrimination D = facility in the top ``share`` of attempts by total score minus
    facility in the bottom ``share`` (at least one attempt each; ties broken by
    attempt id so the groups have exactly that size). Returns ``question_id``,
    ``answers``, ``facility``, ``discrimination``, ``flag`` ("too easy" ≥ 0.9,
    "too hard" ≤ 0.2, "poor discrimination" D < 0.2, else "").
    """
    cols = ["question_id", "answers", "facility", "discrimination", "flag"]
    if answers.empty:
        return pd.DataFrame(columns=cols)
    frame = answers.assign(
        _ratio=answers["score"].astype(float) / answers["points"].astype(float)
    )
    totals = frame.groupby("attempt_id")["score"].sum().astype(float).sort_index()
    n = len(totals)
    k = max(1, int(np.floor(n * share + 0.5)))
    order = totals.reset_index().sort_values(
        ["score", "attempt_id"], ascending=[False, True]
    )["attempt_id"]
    upper, lower = set(order.iloc[:k]), set(order.iloc[-k:])
    frame["_upper"] = frame["attempt_id"].isin(upper)
    frame["_lower"] = frame["attempt_id"].isin(lower)
    grouped = frame.groupby("question_id")
    out = pd.DataFrame(
        {
            "answers": grouped.size(),
            "facility": grouped["_ratio"].mean(),
            "p_upper": frame[frame["_upper"]].groupby("question_id")["_ratio"].mean(),
            "p_lower": frame[frame["_lower"]].groupby("question_id")["_ratio"].mean(),
        }
    )
    out["discrimination"] = out["p_upper"] - out["p_lower"]
    out["flag"] = np.select(
        [
            out["facility"] >= 0.9,
            out["facility"] <= 0.2,
            out["discrimination"] < 0.2,
        ],
        ["too easy", "too hard", "poor discrimination"],
        default="",
    )
    return out.reset_index()[cols]


# --- live classes --------------------------------------------------------------------


def _merged_intervals(sessions: pd.DataFrame, classes: pd.DataFrame) -> pd.DataFrame:
    """Each viewer's sessions clipped to the class window and merged into disjoint
    intervals (several tabs count once). Vectorised: a running maximum of the end
    per viewer marks where a new block starts."""
    window = classes.set_index("class_id")[["start", "end"]]
    frame = sessions.join(window, on="class_id")
    start = frame[["started_at", "start"]].max(axis=1)
    end = frame["ended_at"].fillna(frame["end"])
    end = pd.concat([end, frame["end"]], axis=1).min(axis=1)
    frame = pd.DataFrame(
        {
            "class_id": frame["class_id"],
            "viewer_id": frame["viewer_id"],
            "s": start,
            "e": end,
        }
    )
    frame = frame[frame["e"] > frame["s"]].sort_values(["class_id", "viewer_id", "s"])
    if frame.empty:
        return frame
    key = ["class_id", "viewer_id"]
    prev_end = (
        frame.groupby(key)["e"]
        .cummax()
        .groupby([frame["class_id"], frame["viewer_id"]])
        .shift()
    )
    frame["_block"] = (prev_end.isna() | (frame["s"] > prev_end)).cumsum()
    return (
        frame.groupby([*key, "_block"])
        .agg(s=("s", "min"), e=("e", "max"))
        .reset_index()
        .drop(columns="_block")
    )


def _peaks(merged: pd.DataFrame) -> pd.DataFrame:
    """Highest number of viewers present at once per class, and its first time.
    A departure at the same instant as an arrival is counted first."""
    events = pd.concat(
        [
            pd.DataFrame({"class_id": merged["class_id"], "t": merged["s"], "d": 1}),
            pd.DataFrame({"class_id": merged["class_id"], "t": merged["e"], "d": -1}),
        ],
        ignore_index=True,
    ).sort_values(["class_id", "t", "d"], kind="mergesort")
    events["current"] = events.groupby("class_id")["d"].cumsum()
    idx = events.groupby("class_id")["current"].idxmax()
    peaks = events.loc[idx, ["class_id", "current", "t"]]
    return peaks.rename(columns={"current": "peak", "t": "peak_at"}).set_index(
        "class_id"
    )


AUDIENCE_COLUMNS = [
    "class_id", "label", "start", "peak", "peak_at", "viewers", "attended",
    "median_watch_minutes", "enterprises", "front_line_share",
]  # fmt: skip


def class_audience(
    classes: pd.DataFrame,
    viewers: pd.DataFrame,
    sessions: pd.DataFrame,
    *,
    watch: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Audience of each live class, by the platform's definitions (DESIGN.md).

    Schema: ``classes``: ``class_id``, ``label`` str, ``start``/``end`` datetime64
    (the class window), ``threshold_seconds`` float.
    ``viewers``: ``viewer_id``, ``class_id``, ``person`` str (same person across
    classes), ``enterprise_id`` (NaN: none), ``post_category`` 'front_line'|
    'management'. ``sessions``: ``class_id``, ``viewer_id``, ``started_at``,
    ``ended_at`` (NaT: still open → class end).
    Returns one row per class: ``peak``, ``peak_at``, ``viewers`` (unique viewers ever
    present), ``attended`` (watch ≥ threshold), ``median_watch_minutes``,
    ``enterprises`` (distinct enterprises of present viewers), ``front_line_share``.
    ``watch``: the :func:`watch_times` of the same frames when already computed.
    """
    if classes.empty:
        return pd.DataFrame(columns=AUDIENCE_COLUMNS)
    if watch is None:
        watch = watch_times(classes, viewers, sessions)
    base = classes.set_index("class_id")[["label", "start", "threshold_seconds"]]
    grouped = watch.groupby("class_id")
    out = base.join(
        pd.DataFrame(
            {
                "viewers": grouped.size(),
                "attended": grouped["attended"].sum(),
                "median_watch_minutes": grouped["minutes"].median(),
                "enterprises": grouped["enterprise_id"].nunique(),
                "front_line_share": grouped["front_line"].mean(),
            }
        )
    )
    merged = _merged_intervals(sessions, classes)
    peaks = (
        _peaks(merged)
        if not merged.empty
        else pd.DataFrame(
            columns=["peak", "peak_at"], index=pd.Index([], name="class_id")
        )
    )
    out = out.join(peaks)
    out = out.reindex(columns=[c for c in AUDIENCE_COLUMNS if c != "class_id"])
    for column in ("peak", "viewers", "attended", "enterprises"):
        out[column] = out[column].fillna(0).astype(int)
    return out.reset_index().sort_values("start").reset_index(drop=True)


def watch_times(
    classes: pd.DataFrame, viewers: pd.DataFrame, sessions: pd.DataFrame
) -> pd.DataFrame:
    """Watch time per viewer present at least once: length of the union of their
    intervals clipped to the class. Schemas as :func:`class_audience`. Returns
    ``class_id``, ``viewer_id``, ``person``, ``enterprise_id``, ``front_line`` bool,
    ``minutes`` float, ``attended`` bool."""
    cols = ["class_id", "viewer_id", "person", "enterprise_id", "front_line"]
    cols += ["minutes", "attended", "enterprise_name"]
    merged = _merged_intervals(sessions, classes)
    if merged.empty:
        return pd.DataFrame(columns=cols)
    merged["seconds"] = (merged["e"] - merged["s"]).dt.total_seconds()
    watch = merged.groupby(["class_id", "viewer_id"])["seconds"].sum().reset_index()
    if "enterprise_name" not in viewers:
        viewers = viewers.assign(enterprise_name="")
    watch = watch.merge(
        viewers[
            ["viewer_id", "person", "enterprise_id", "post_category", "enterprise_name"]
        ],
        on="viewer_id",
        how="left",
    ).join(classes.set_index("class_id")["threshold_seconds"], on="class_id")
    watch["minutes"] = watch["seconds"] / 60
    watch["attended"] = watch["seconds"] >= watch["threshold_seconds"]
    watch["front_line"] = watch["post_category"].eq("front_line")
    return watch[cols]


def year_audience(
    watch: pd.DataFrame, enterprises: pd.DataFrame
) -> tuple[dict, pd.DataFrame]:
    """The year's audience over :func:`watch_times` rows of its classes.

    ``enterprises``: ``enterprise_id``, ``industry`` str, ``risk_tier`` str.
    Returns (totals, reach) where totals has ``classes``, ``total_audience`` (sum of
    each class's unique viewers), ``unique_people``, ``repeat_viewers`` (people in
    two classes or more), ``enterprises_reached``, ``front_line_people``,
    ``enterprises_never_reached``; reach has per ``industry`` × ``risk_tier``:
    ``registered``, ``reached``, ``never_reached``.
    """
    pairs = watch[["person", "class_id"]].drop_duplicates()
    classes_per_person = pairs["person"].value_counts()
    # Reached = an enterprise of the register (a viewer's enterprise id that is in
    # it); a name typed at sign-up that matches no registered enterprise is not.
    reached_ids = watch["enterprise_id"].dropna().unique()
    reach = enterprises.assign(_reached=enterprises["enterprise_id"].isin(reached_ids))
    by_kind = (
        reach.groupby(["industry", "risk_tier"])
        .agg(registered=("enterprise_id", "size"), reached=("_reached", "sum"))
        .reset_index()
    )
    by_kind["reached"] = by_kind["reached"].astype(int)
    by_kind["never_reached"] = by_kind["registered"] - by_kind["reached"]
    totals = {
        "classes": int(watch["class_id"].nunique()),
        "total_audience": int(len(watch)),
        "unique_people": len(classes_per_person),
        "repeat_viewers": int((classes_per_person > 1).sum()),
        "enterprises_reached": int(reach["_reached"].sum()),
        "front_line_people": len(watch.loc[watch["front_line"], "person"].unique()),
        "management_people": len(
            watch.loc[~watch["front_line"].astype(bool), "person"].unique()
        ),
        "enterprises_never_reached": int((~reach["_reached"]).sum()),
        "registered_enterprises": len(enterprises),
        "unmatched_enterprises": unmatched_names(watch, enterprises),
    }
    return totals, by_kind


def unmatched_names(watch: pd.DataFrame, enterprises: pd.DataFrame) -> list[str]:
    """Enterprise names viewers gave that match no registered enterprise, sorted
    (surrounding spaces ignored; a viewer linked to the register never counts).

    Schema: ``watch``: ``enterprise_id`` (NaN: not linked), ``enterprise_name`` str;
    ``enterprises``: ``enterprise_id``, ``name``.
    """
    if watch.empty or "enterprise_name" not in watch:
        return []
    known = set(enterprises["enterprise_id"].dropna())
    loose = watch[~watch["enterprise_id"].isin(known)]
    names = loose["enterprise_name"].fillna("").astype(str).str.strip()
    registered = (
        set(enterprises["name"].astype(str).str.strip())
        if "name" in enterprises
        else set()
    )
    names = names[(names != "") & ~names.isin(registered)]
    return sorted(names.unique().tolist())


# --- peer review ---------------------------------------------------------------------


def scores_by_group_quarter(reviews: pd.DataFrame) -> pd.DataFrame:
    """Mean review score of each group's files per quarter (a pivot: groups ×
    quarters). Schema (frames.reviews): ``group`` str, ``quarter`` int, ``total``
    float."""
    if reviews.empty:
        return pd.DataFrame()
    return reviews.pivot_table(
        index="group", columns="quarter", values="total", aggfunc="mean"
    ).rename(columns=lambda q: f"Q{q}")


def issue_pareto(issues: pd.DataFrame) -> pd.DataFrame:
    """Issues per category, largest first, with the cumulative share.

    Schema (frames.issues): ``category_label`` str. Returns ``label``, ``count``,
    ``share``, ``cumulative_share``.
    """
    if issues.empty:
        return pd.DataFrame(columns=["label", "count", "share", "cumulative_share"])
    counts = issues["category_label"].value_counts()
    counts = counts.sort_index().sort_values(ascending=False, kind="mergesort")
    out = pd.DataFrame({"label": counts.index, "count": counts.to_numpy()})
    out["share"] = out["count"] / out["count"].sum()
    out["cumulative_share"] = out["share"].cumsum()
    return out


def rectification(issues: pd.DataFrame, *, today, by: list[str] | None = None):
    """Rectification per ``by`` (e.g. responsible group) or overall.

    Schema: ``issue_id``, ``status`` 'open'|'responded'|'verified', ``deadline``
    datetime64, ``group`` str. Returns ``by`` + ``issues``, ``rectified`` (verified),
    ``overdue`` (not verified, deadline before today), ``rate``.
    """
    by = by or []
    if issues.empty:
        return pd.DataFrame(columns=[*by, "issues", "rectified", "overdue", "rate"])
    verified = issues["status"].eq("verified")
    frame = issues.assign(
        _v=verified,
        _o=~verified & (issues["deadline"] < pd.Timestamp(today)),
        _one=1,
    )
    out = (
        frame.groupby(by or "_one")
        .agg(
            issues=("issue_id", "size"), rectified=("_v", "sum"), overdue=("_o", "sum")
        )
        .reset_index()
    )
    out["rate"] = out["rectified"] / out["issues"]
    return out[[*by, "issues", "rectified", "overdue", "rate"]]


def reviewer_agreement(reviews: pd.DataFrame) -> float | None:
    """Krippendorff's alpha (interval metric) of the scores reviewers gave the same
    files in the same round; None when fewer than two files have two scores.

    Computed in closed form from per-file sums — Σ_{i≠j}(x_i−x_j)² = 2(m·Σx² − (Σx)²)
    — because the ``krippendorff`` package builds a files × values × values array
    (14 GB for 5,000 files with 600 distinct scores).

    Schema: ``round_id``, ``case_id``, ``total`` float.
    """
    if reviews.empty:
        return None
    x = reviews["total"].astype(float)
    units = (
        reviews.assign(_x=x, _x2=x * x)
        .groupby(["round_id", "case_id"])
        .agg(m=("_x", "size"), s=("_x", "sum"), s2=("_x2", "sum"))
    )
    units = units[units["m"] >= 2]
    if len(units) < 2:
        return None
    n = units["m"].sum()
    within = 2 * (units["m"] * units["s2"] - units["s"] ** 2) / (units["m"] - 1)
    observed = within.sum() / n
    total, total2 = units["s"].sum(), units["s2"].sum()
    expected = 2 * (n * total2 - total**2) / (n * (n - 1))
    if expected == 0:
        return 1.0
    return float(1 - observed / expected)


def discretion_spread(cases: pd.DataFrame) -> pd.DataFrame:
    """Fines per penalty provision and discretion tier: how consistent they are.

    Schema (frames.cases): ``provision`` str, ``tier`` str, ``fine`` float (NaN:
    none), ``tier_min``/``tier_max`` float. Returns ``provision``, ``tier``,
    ``cases``, ``min``, ``median``, ``max``, ``iqr``, ``cv`` (std/mean),
    ``outside_tier`` (fines outside the tier's range).
    """
    cols = ["provision", "tier", "cases", "min", "median", "max", "iqr", "cv"]
    cols.append("outside_tier")
    frame = cases.dropna(subset=["fine"])
    if frame.empty:
        return pd.DataFrame(columns=cols)
    frame = frame.assign(
        _outside=(frame["fine"] < frame["tier_min"])
        | (frame["fine"] > frame["tier_max"])
    )
    grouped = frame.groupby(["provision", "tier"])
    out = grouped["fine"].agg(["size", "min", "median", "max", "mean", "std"])
    out["iqr"] = grouped["fine"].quantile(0.75) - grouped["fine"].quantile(0.25)
    out["cv"] = (out["std"] / out["mean"]).fillna(0.0)
    out["outside_tier"] = grouped["_outside"].sum().astype(int)
    out = out.rename(columns={"size": "cases"}).reset_index()
    return out[cols]


def article_cross_view(
    exam_articles: pd.DataFrame, issues: pd.DataFrame, *, top: int = 10
) -> pd.DataFrame:
    """The articles people get wrong in exams beside the articles misapplied in
    reviewed case files — the loop the bureau asked to close.

    Schema: ``exam_articles`` = :func:`mastery` by article (``article``,
    ``answers``, ``wrong``). ``issues``: ``article`` str (NaN: none). Returns
    ``article``, ``exam_wrong``, ``exam_error_rate``, ``review_issues``, ranked by
    review issues then exam errors, the ``top`` rows.
    """
    cols = ["article", "exam_wrong", "exam_error_rate", "review_issues"]
    exam = (
        exam_articles.set_index("article")[["answers", "wrong"]]
        if len(exam_articles)
        else pd.DataFrame(columns=["answers", "wrong"])
    )
    review = issues.dropna(subset=["article"]).groupby("article").size()
    out = exam.join(review.rename("review_issues"), how="outer")
    if out.empty:
        return pd.DataFrame(columns=cols)
    out = out.fillna(0)
    out["exam_wrong"] = out["wrong"].astype(int)
    out["review_issues"] = out["review_issues"].astype(int)
    rate = out["wrong"] / out["answers"].where(out["answers"] > 0)
    out["exam_error_rate"] = rate.fillna(0.0)
    out = out.rename_axis("article").reset_index()
    out = out.sort_values(
        ["review_issues", "exam_error_rate", "article"], ascending=[False, False, True]
    )
    return out[cols].head(top).reset_index(drop=True)


# --- ledger ------------------------------------------------------------------------


def ledger_counts(activities: pd.DataFrame, letters: pd.DataFrame) -> dict:
    """送法进企 events, enterprises visited and warning letters of a period.

    Schema: ``activities``: ``activity_id``, ``kind`` str ('outreach' = 送法进企),
    ``enterprise_id`` (one row per enterprise visited; NaN: none).
    ``letters``: ``letter_id``.
    """
    outreach = activities[activities["kind"].eq("outreach")]
    return {
        "outreach_events": int(outreach["activity_id"].nunique()),
        "enterprises_visited": int(outreach["enterprise_id"].dropna().nunique()),
        "warning_letters": int(letters["letter_id"].nunique()),
    }


def year_on_year(this: dict, last: dict) -> dict:
    """Relative change of every numeric key (None when last year was 0 or absent)."""
    change = {}
    for key, value in this.items():
        before = last.get(key)
        if isinstance(value, int | float) and before:
            change[key] = (value - before) / before
        else:
            change[key] = None
    return change


# --- the annual report's year figures ------------------------------------------------

HELD = ("live", "ended")


def class_statuses(classes: pd.DataFrame) -> dict:
    """Classes scheduled in a period by status: ``scheduled`` (未开始, never counted
    as held), ``live``, ``ended``, and ``held`` = live + ended.

    Schema (frames.classes): ``status`` str.
    """
    counts = classes["status"].value_counts()
    out = {s: int(counts.get(s, 0)) for s in ("scheduled", "live", "ended")}
    out["held"] = out["live"] + out["ended"]
    out["planned"] = len(classes)
    return out


def activity_summary(activities: pd.DataFrame) -> pd.DataFrame:
    """Per activity type: ``events``, ``enterprises`` (distinct reached),
    ``participants`` (each activity's participant count once).

    Schema (frames.activities): ``activity_id``, ``activity_type`` str,
    ``enterprise_id`` (NaN: none), ``participants`` int.
    """
    cols = ["activity_type", "events", "enterprises", "participants"]
    if activities.empty:
        return pd.DataFrame(columns=cols)
    heads = activities.drop_duplicates("activity_id")
    out = pd.DataFrame(
        {
            "events": heads.groupby("activity_type")["activity_id"].size(),
            "participants": heads.groupby("activity_type")["participants"].sum(),
            "enterprises": activities.groupby("activity_type")[
                "enterprise_id"
            ].nunique(),
        }
    )
    out = out.astype(int).reset_index()
    return out.sort_values(["events", "activity_type"], ascending=[False, True])[
        cols
    ].reset_index(drop=True)


def item_summary(items: pd.DataFrame) -> dict:
    """The responsibility list's execution: ``items`` and how many are ``done``,
    ``in_progress``, ``not_started``. Schema (frames.items): ``status`` str."""
    counts = items["status"].value_counts()
    out = {s: int(counts.get(s, 0)) for s in ("done", "in_progress", "not_started")}
    out["items"] = len(items)
    return out


def training_summary(training: pd.DataFrame) -> dict:
    """Offline training: ``sessions``, ``hours`` (each session's length once),
    ``attendances`` (person-times) and ``people`` (distinct attendees).

    Schema (frames.training): ``session_id``, ``hours`` float, ``user_id`` (NaN:
    no attendee recorded).
    """
    heads = training.drop_duplicates("session_id")
    return {
        "sessions": len(heads),
        "hours": float(heads["hours"].astype(float).sum()),
        "attendances": int(training["user_id"].notna().sum()),
        "people": int(training["user_id"].dropna().nunique()),
    }


def hours_summary(hours: pd.DataFrame) -> dict:
    """学时 against the requirement: ``staff``, ``required`` (hours), ``met``,
    ``below``, ``mean`` (hours), ``met_rate``.

    Schema (frames.study_hours): ``total`` float, ``required`` float, ``below`` bool.
    """
    staff = len(hours)
    below = int(hours["below"].astype(bool).sum())
    return {
        "staff": staff,
        "required": float(hours["required"].max()) if staff else 0.0,
        "met": staff - below,
        "below": below,
        "mean": float(hours["total"].mean()) if staff else 0.0,
        "met_rate": (staff - below) / staff if staff else None,
    }


def exam_summary(attempts: pd.DataFrame) -> dict:
    """Exams counted two ways, each labelled in the report: per person (a person
    passed when every exam they sat has a passing paper) and per paper.

    Schema (frames.attempts): ``attempt_id``, ``user_id``, ``quiz_id``, ``passed``.
    """
    papers = len(attempts)
    passed_papers = int(attempts["passed"].astype(bool).sum())
    per_exam = (
        attempts.assign(_p=attempts["passed"].astype(bool))
        .groupby(["user_id", "quiz_id"])["_p"]
        .any()
    )
    per_person = per_exam.groupby(level="user_id").all()
    people = len(per_person)
    people_passed = int(per_person.sum())
    return {
        "exams": int(attempts["quiz_id"].nunique()),
        "people": people,
        "people_passed": people_passed,
        "people_pass_rate": people_passed / people if people else None,
        "papers": papers,
        "papers_passed": passed_papers,
        "paper_pass_rate": passed_papers / papers if papers else None,
    }
