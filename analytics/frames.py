"""The only analytics module that queries: each frame is built from a handful of
``values()`` queries straight into a DataFrame, never a per-row ORM loop.

The other modules arrive on their own schedule, so every frame of a module asks
:func:`model` first; when that module's models are not installed it returns an
empty frame with the documented columns and :data:`Frames.missing` names the module,
so the dashboards and the report say "not recorded" instead of a false zero.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
from django.apps import apps
from django.db.models import Case, CharField, F, FloatField, Q, Value, When
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from accounts import roles
from accounts.models import EnforcementGroup, Enterprise, Industry, RiskTier, User

COLUMNS = {
    "enterprises": ["enterprise_id", "name", "industry", "risk_tier"],
    "staff": ["user_id", "name", "phone", "group", "role", "group_id"],
    "assignments": ["user_id", "group", "role", "due_on", "completed_on"],
    "attempts": ["attempt_id", "user_id", "group", "percent", "passed", "submitted_at"],
    "answers": ["attempt_id", "user_id", "question_id", "score", "points", "correct"],
    "question_points": ["question_id", "tag"],
    "question_articles": ["question_id", "tag"],
    "drills": ["drill_id", "title", "deadline"],
    "classes": ["class_id", "label", "start", "end", "threshold_seconds", "peak_live"],
    "viewers": ["viewer_id", "class_id", "person", "enterprise_id", "post_category"],
    "sessions": ["class_id", "viewer_id", "started_at", "ended_at"],
    "reviews": ["review_id", "round_id", "case_id", "group", "quarter", "total"],
    "issues": [
        "issue_id", "case_id", "category", "category_label", "article", "status",
        "deadline", "group", "quarter",
    ],
    "cases": ["case_id", "group", "provision", "tier", "fine", "tier_min", "tier_max"],
    "activities": ["activity_id", "kind", "enterprise_id", "date"],
    "letters": ["letter_id", "enterprise_id", "issued_on"],
}  # fmt: skip

MODULES = {
    "courses": ("courses", "CourseAssignment"),
    "ledger": ("ledger", "Activity"),
    "quizzes": ("quizzes", "Attempt"),
    "livestreams": ("livestreams", "ViewingSession"),
    "peer_review": ("peer_review", "Review"),
}


def model(app_label: str, name: str):
    """The model, or None while its module has not landed."""
    if not apps.is_installed(app_label):
        return None
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def empty(name: str) -> pd.DataFrame:
    return pd.DataFrame(columns=COLUMNS[name])


def _frame(name: str, rows, rename: dict | None = None) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(list(rows))
    if frame.empty:
        return empty(name)
    return frame.rename(columns=rename or {})[COLUMNS[name]]


def _quarter_range(year: int, quarter: int | None) -> tuple[dt.date, dt.date]:
    if not quarter:
        return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return start, end


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


@dataclass
class Scope:
    """What the dashboards filter on: a year, optionally a quarter, a group, a class."""

    year: int
    quarter: int | None = None
    group_id: int | None = None
    class_id: int | None = None

    @property
    def dates(self) -> tuple[dt.date, dt.date]:
        return _quarter_range(self.year, self.quarter)

    @property
    def instants(self) -> tuple[dt.datetime, dt.datetime]:
        start, end = self.dates
        return _aware(start), _aware(end)


@dataclass
class Frames:
    scope: Scope
    data: dict[str, pd.DataFrame] = field(default_factory=dict)
    missing: set[str] = field(default_factory=set)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.data[name]


# --- people and organisations -----------------------------------------------------


def enterprises() -> pd.DataFrame:
    """Every registered enterprise with its industry and risk tier labels."""
    frame = _frame(
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
    frame = _frame_with_role(rows)
    return frame[COLUMNS["staff"]] if not frame.empty else empty("staff")


def _frame_with_role(rows) -> pd.DataFrame:
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


# --- courses: required study ------------------------------------------------------


def assignments(scope: Scope, people: pd.DataFrame) -> pd.DataFrame:
    """One row per (required-study assignment due in the scope, person it reaches),
    with the date the person finished the course's live lessons (NaT: not yet).

    An assignment reaches named people, a role's members and a group's members
    (courses.CourseAssignment.assignees); here those three are expanded with merges
    instead of a query per assignment. ``people`` is :func:`staff`.
    """
    Assignment = model("courses", "CourseAssignment")
    if Assignment is None:
        return empty("assignments")
    Lesson = model("courses", "LessonPage")
    Completion = model("courses", "LessonCompletion")
    start, end = scope.dates
    heads = _records(
        Assignment.objects.filter(due_on__gte=start, due_on__lt=end),
        [
            "pk",
            "course_id",
            "course__path",
            "role_id",
            "enforcement_group_id",
            "due_on",
        ],
        ["assignment_id", "course_id", "course_path", "role_id", "group_id", "due_on"],
    )
    if heads.empty:
        return empty("assignments")
    named = _records(
        Assignment.users.through.objects.filter(
            courseassignment_id__in=heads["assignment_id"]
        ),
        ["courseassignment_id", "user_id"],
        ["assignment_id", "user_id"],
    )
    members = _records(User.groups.through.objects.all(), ["group_id", "user_id"],
                       ["role_id", "user_id"])  # fmt: skip
    in_group = people[["user_id", "group_id"]]
    # An assignment to a role has no group (and the other way round): the all-None
    # column is object-typed, and pandas refuses to merge it with integer ids.
    heads[["role_id", "group_id"]] = heads[["role_id", "group_id"]].astype("Int64")
    members = members.astype({"role_id": "Int64"})
    in_group = in_group.astype({"group_id": "Int64"})
    reached = pd.concat(
        [
            named,
            heads.merge(members, on="role_id")[["assignment_id", "user_id"]],
            heads.merge(in_group, on="group_id")[["assignment_id", "user_id"]],
        ]
    ).drop_duplicates()
    lessons = _records(Lesson.objects.live(), ["pk", "path"], ["lesson_id", "path"])
    lessons["course_path"] = lessons["path"].str[:-4]  # treebeard: 4 chars a level
    done = _records(Completion.objects.all(), ["user_id", "lesson_id", "completed_at"],
                    ["user_id", "lesson_id", "completed_at"])  # fmt: skip
    done = done.merge(lessons, on="lesson_id")
    per_course = done.groupby(["user_id", "course_path"]).agg(
        n=("lesson_id", "nunique"), last=("completed_at", "max")
    )
    totals = lessons.groupby("course_path").size().rename("total")
    per_course = per_course.join(totals, on="course_path")
    finished = per_course[per_course["n"] >= per_course["total"]]["last"]
    frame = reached.merge(heads, on="assignment_id").merge(
        people[["user_id", "group", "role"]], on="user_id", how="left"
    )
    frame = frame.join(finished.rename("completed_on"), on=["user_id", "course_path"])
    frame["due_on"] = pd.to_datetime(frame["due_on"])
    frame["completed_on"] = pd.to_datetime(
        frame["completed_on"], utc=True
    ).dt.tz_localize(None)
    frame[["group", "role"]] = frame[["group", "role"]].fillna("—")
    return frame[COLUMNS["assignments"]]


def _records(qs, fields: list[str], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame.from_records(list(qs.values_list(*fields)), columns=columns)


# --- quizzes -----------------------------------------------------------------------


def attempts(scope: Scope) -> pd.DataFrame:
    """Submitted exam attempts of logged-in people in the scope."""
    Attempt = model("quizzes", "Attempt")
    if Attempt is None:
        return empty("attempts")
    start, end = scope.instants
    qs = Attempt.objects.filter(
        mode="exam",
        status="submitted",
        user__isnull=False,
        submitted_at__gte=start,
        submitted_at__lt=end,
    )
    if scope.group_id:
        qs = qs.filter(user__enforcement_group_id=scope.group_id)
    frame = pd.DataFrame.from_records(
        list(
            qs.values_list(
                "pk", "user_id", "user__enforcement_group__name", "score",
                "max_score", "passed", "submitted_at",
            )
        ),
        columns=[
            "attempt_id", "user_id", "group", "score", "max_score", "passed",
            "submitted_at",
        ],
    )  # fmt: skip
    maximum = frame["max_score"].astype(float)
    frame["percent"] = (frame["score"].astype(float) / maximum.where(maximum > 0)) * 100
    frame["passed"] = frame["passed"].fillna(False).astype(bool)
    frame["group"] = frame["group"].fillna("—")
    return frame[COLUMNS["attempts"]]


def answers(scope: Scope) -> pd.DataFrame:
    """Graded answers of the scope's exam attempts."""
    Answer = model("quizzes", "AttemptAnswer")
    if Answer is None:
        return empty("answers")
    start, end = scope.instants
    qs = Answer.objects.filter(
        attempt__mode="exam",
        attempt__status="submitted",
        attempt__user__isnull=False,
        attempt__submitted_at__gte=start,
        attempt__submitted_at__lt=end,
        score__isnull=False,
    )
    if scope.group_id:
        qs = qs.filter(attempt__user__enforcement_group_id=scope.group_id)
    # Decimals cast to float in SQL: a million Decimal objects cost far more memory.
    qs = qs.annotate(
        _score=Cast("score", FloatField()), _points=Cast("points", FloatField())
    )
    frame = pd.DataFrame.from_records(
        list(
            qs.values_list(
                "attempt_id", "attempt__user_id", "question_id", "_score", "_points",
                "correct",
            ).iterator(chunk_size=20_000)
        ),
        columns=COLUMNS["answers"],
    )  # fmt: skip
    frame["score"] = frame["score"].astype(float)
    frame["points"] = frame["points"].astype(float)
    frame["correct"] = frame["correct"].fillna(False).astype(bool)
    return frame


def article_labels() -> dict[int, str]:
    """《安全生产法》第九十七条 for every article: one query, a few hundred rows."""
    from courses.models import Article

    return {a.pk: a.label for a in Article.objects.select_related("regulation")}


def question_tags() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(knowledge points, articles) of every question, one row per tag."""
    Question = model("quizzes", "Question")
    if Question is None:
        return empty("question_points"), empty("question_articles")
    points = pd.DataFrame.from_records(
        list(
            Question.knowledge_points.through.objects.values_list(
                "question_id", "knowledgepoint__name"
            )
        ),
        columns=COLUMNS["question_points"],
    )
    arts = pd.DataFrame.from_records(
        list(
            Question.articles.through.objects.values_list("question_id", "article_id")
        ),
        columns=["question_id", "article_id"],
    )
    arts["tag"] = arts["article_id"].map(article_labels())
    return points, arts[COLUMNS["question_articles"]]


def drills(scope: Scope) -> pd.DataFrame:
    """Drills (岗位大练兵) whose deadline falls in the scope."""
    Drill = model("quizzes", "Drill")
    if Drill is None:
        return empty("drills")
    start, end = scope.instants
    qs = Drill.objects.filter(deadline__gte=start, deadline__lt=end)
    if scope.group_id:
        qs = qs.filter(groups=scope.group_id)
    return _frame("drills", qs.values("title", "deadline", drill_id=F("pk")))


# --- livestreams ---------------------------------------------------------------------


def live(scope: Scope) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(classes, viewers, sessions) of the live classes scheduled in the scope.

    ``person`` identifies one human across classes: the platform user, else the
    phone number, else name + enterprise as written at sign-up.
    """
    Session = model("livestreams", "ViewingSession")
    if Session is None:
        return empty("classes"), empty("viewers"), empty("sessions")
    LiveClass = model("livestreams", "LiveClassPage")
    Viewer = model("livestreams", "Viewer")
    start, end = scope.instants
    qs = LiveClass.objects.filter(scheduled_start__gte=start, scheduled_start__lt=end)
    if scope.class_id:
        qs = qs.filter(pk=scope.class_id)
    classes = _live_classes(qs)
    ids = classes["class_id"].tolist()
    # The person key is built in SQL: one string a row instead of four fields.
    person = Case(
        When(
            user_id__isnull=False,
            then=Concat(Value("u:"), Cast("user_id", CharField())),
        ),
        When(~Q(phone=""), then=Concat(Value("p:"), "phone")),
        default=Concat(Value("n:"), "name", Value("|"), "enterprise_name"),
        output_field=CharField(),
    )
    viewers = pd.DataFrame.from_records(
        list(
            Viewer.objects.filter(live_class_id__in=ids)
            .annotate(_person=person)
            .values_list(
                "pk", "live_class_id", "_person", "enterprise_id", "post_category"
            )
            .iterator(chunk_size=20_000)
        ),
        columns=COLUMNS["viewers"],
    )
    sessions = pd.DataFrame.from_records(
        list(
            Session.objects.filter(live_class_id__in=ids).values_list(
                "live_class_id", "viewer_id", "started_at", "ended_at"
            )
        ),
        columns=COLUMNS["sessions"],
    )
    for column in ("started_at", "ended_at"):
        sessions[column] = pd.to_datetime(sessions[column], utc=True)
    return classes, viewers, sessions


def default_year(today: dt.date) -> int:
    """The year a dashboard opens on: this year once it has a live class or a
    law-education activity (what the annual report counts); before that, the last."""
    start, end = Scope(year=today.year).instants
    probes = [
        ("livestreams", "LiveClassPage", {"scheduled_start__gte": start}),
        ("ledger", "Activity", {"date__gte": start.date()}),
    ]
    for app_label, name, lookup in probes:
        Model = model(app_label, name)
        if Model is not None and Model.objects.filter(**lookup).exists():
            return today.year
    return today.year - 1


def class_choices(year: int) -> list[tuple[int, str]]:
    """(id, "第N期") of the year's live classes, for the dashboard filter."""
    LiveClass = model("livestreams", "LiveClassPage")
    if LiveClass is None:
        return []
    start, end = Scope(year=year).instants
    rows = LiveClass.objects.filter(
        scheduled_start__gte=start, scheduled_start__lt=end
    ).order_by("scheduled_start")
    return [(pk, f"第{period}期") for pk, period in rows.values_list("pk", "period")]


def _live_classes(qs) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(
        list(
            qs.values_list(
                "pk", "period", "title", "scheduled_start", "scheduled_end",
                "started_at", "ended_at", "attendance_threshold_percent", "peak",
            )
        ),
        columns=[
            "class_id", "period", "title", "scheduled_start", "scheduled_end",
            "started_at", "ended_at", "percent", "peak_live",
        ],
    )  # fmt: skip
    if frame.empty:
        return empty("classes")
    for column in ("scheduled_start", "scheduled_end", "started_at", "ended_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    frame["start"] = frame["started_at"].fillna(frame["scheduled_start"])
    frame["end"] = frame["ended_at"].fillna(frame["scheduled_end"])
    length = (frame["end"] - frame["start"]).dt.total_seconds().clip(lower=0)
    frame["threshold_seconds"] = length * frame["percent"] / 100
    frame["label"] = "第" + frame["period"].astype(str) + "期"
    # Two series may both have a 第1期 in a year: tell them apart by date.
    twins = frame["label"].duplicated(keep=False)
    local = frame["start"].dt.tz_convert(timezone.get_current_timezone())
    frame.loc[twins, "label"] += "（" + local[twins].dt.strftime("%m-%d") + "）"
    return frame.sort_values("start")[COLUMNS["classes"]].reset_index(drop=True)


# --- peer review ---------------------------------------------------------------------


def reviews(scope: Scope) -> pd.DataFrame:
    """Submitted peer reviews of the scope's rounds, with the reviewed file's group."""
    Review = model("peer_review", "Review")
    if Review is None:
        return empty("reviews")
    qs = Review.objects.filter(
        assignment__round__year=scope.year, assignment__kind="peer"
    )
    if scope.quarter:
        qs = qs.filter(assignment__round__quarter=scope.quarter)
    if scope.group_id:
        qs = qs.filter(assignment__case__group_id=scope.group_id)
    frame = _frame(
        "reviews",
        qs.values(
            "total",
            review_id=F("pk"),
            round_id=F("assignment__round_id"),
            case_id=F("assignment__case_id"),
            group=F("assignment__case__group__name"),
            quarter=F("assignment__round__quarter"),
        ),
    )
    frame["total"] = frame["total"].astype(float)
    return frame


def issues(scope: Scope) -> pd.DataFrame:
    """Issues found in the scope's review rounds, with their article label."""
    Issue = model("peer_review", "Issue")
    if Issue is None:
        return empty("issues")
    qs = Issue.objects.filter(round__year=scope.year)
    if scope.quarter:
        qs = qs.filter(round__quarter=scope.quarter)
    if scope.group_id:
        qs = qs.filter(responsible_group_id=scope.group_id)
    frame = pd.DataFrame.from_records(
        list(
            qs.values_list(
                "pk", "case_id", "category", "article_id", "status", "deadline",
                "responsible_group__name", "round__quarter",
            )
        ),
        columns=[
            "issue_id", "case_id", "category", "article", "status", "deadline",
            "group", "quarter",
        ],
    )  # fmt: skip
    labels = dict(Issue._meta.get_field("category").choices)
    frame["category_label"] = frame["category"].map(labels).astype(str)
    frame["article"] = frame["article"].map(article_labels())
    frame["deadline"] = pd.to_datetime(frame["deadline"])
    return frame[COLUMNS["issues"]]


def cases(scope: Scope) -> pd.DataFrame:
    """Penalty case files decided in the scope, with provision and tier."""
    CaseFile = model("peer_review", "CaseFile")
    if CaseFile is None:
        return empty("cases")
    start, end = scope.dates
    qs = CaseFile.objects.filter(decided_on__gte=start, decided_on__lt=end)
    if scope.group_id:
        qs = qs.filter(group_id=scope.group_id)
    frame = pd.DataFrame.from_records(
        list(
            qs.values_list(
                "pk", "group__name", "provision__article_id", "provision__item",
                "tier__name", "fine", "tier__fine_min", "tier__fine_max",
            )
        ),
        columns=[
            "case_id", "group", "article_id", "item", "tier", "fine", "tier_min",
            "tier_max",
        ],
    )  # fmt: skip
    frame["provision"] = frame["article_id"].map(article_labels()).fillna("—") + frame[
        "item"
    ].fillna("")
    for column in ("fine", "tier_min", "tier_max"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    frame["tier"] = frame["tier"].fillna("—")
    return frame[COLUMNS["cases"]]


# --- ledger (courses) ------------------------------------------------------------------


def ledger(scope: Scope) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(activities, letters) of the scope: one activity row per enterprise reached."""
    Activity = model("ledger", "Activity")
    Letter = model("ledger", "WarningLetter")
    if Activity is None or Letter is None:
        return empty("activities"), empty("letters")
    start, end = scope.dates
    qs = Activity.objects.filter(date__gte=start, date__lt=end)
    heads = pd.DataFrame.from_records(
        list(qs.values_list("pk", "activity_type", "date")),
        columns=["activity_id", "activity_type", "date"],
    )
    links = pd.DataFrame.from_records(
        list(
            Activity.enterprises.through.objects.filter(activity__in=qs).values_list(
                "activity_id", "enterprise_id"
            )
        ),
        columns=["activity_id", "enterprise_id"],
    )
    activities = heads.merge(links, on="activity_id", how="left")
    activities["kind"] = (
        activities["activity_type"]
        .map({"law_to_enterprises": "outreach"})
        .fillna(activities["activity_type"])
    )
    letters = pd.DataFrame.from_records(
        list(
            Letter.objects.filter(issued_on__gte=start, issued_on__lt=end).values_list(
                "pk", "enterprise_id", "issued_on"
            )
        ),
        columns=COLUMNS["letters"],
    )
    return activities[COLUMNS["activities"]], letters


# --- everything for a scope ------------------------------------------------------------


def missing_modules() -> set[str]:
    """Modules whose models are not installed yet."""
    return {name for name, (app, m) in MODULES.items() if model(app, m) is None}


def load(scope: Scope) -> Frames:
    """Every frame the dashboards and the report read, for one scope."""
    frames = Frames(scope=scope, missing=missing_modules())
    data = frames.data
    data["enterprises"] = enterprises()
    data["staff"] = staff()
    data["groups"] = pd.DataFrame.from_records(
        list(EnforcementGroup.objects.values("name", group_id=F("pk")))
    )
    data["attempts"] = attempts(scope)
    data["answers"] = answers(scope)
    data["question_points"], data["question_articles"] = question_tags()
    data["drills"] = drills(scope)
    data["classes"], data["viewers"], data["sessions"] = live(scope)
    data["reviews"] = reviews(scope)
    data["issues"] = issues(scope)
    data["cases"] = cases(scope)
    data["activities"], data["letters"] = ledger(scope)
    data["assignments"] = assignments(scope, data["staff"])
    return frames
