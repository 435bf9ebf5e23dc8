"""Synthetic year of the bureau's work at its real scale (or any multiple of it).

``generate(year=2025, scale=1.0)`` writes, with ``bulk_create`` and a fixed random
seed: 1,500 enterprises, 60 staff in 6 groups, 12 live classes of about 2,000 peak
viewers (over 50,000 viewers in all), 42 exams including monthly drills, 44 penalty case
files with a realistic share of defects, quarterly cross-review rounds with issues
and rectification, 7 送法进企 events and warning letters. ``scale`` multiplies the
population and volumes (the benchmark uses 10).

``modules`` picks the parts (livestreams, quizzes, peer_review, ledger). Rows are
bulk-created through the apps' models rather than their services: at 10× a year that
is millions of rows, which the per-object services (validation, revisions, audit
entries) would take hours to write. Everything generated is marked (usernames
``gen-…``, enterprise codes from a reserved range, case numbers ``…-GEN-…``,
classes and quizzes under their own index pages) and replaced on the next run, so
running it twice leaves the same data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts import roles
from accounts.models import EnforcementGroup, Enterprise, Industry, RiskTier, User
from courses.models import Article, PenaltyProvision, Regulation
from demo.accounts import GROUPS, demo_credit_code
from demo.content import law_spine
from home.models import HomePage
from ledger.models import (
    Activity,
    ActivityType,
    ResponsibilityItem,
    ResponsibilityList,
    TrainingSession,
    WarningLetter,
)
from livestreams.models import (
    ClassStatus,
    LiveClassIndexPage,
    LiveClassPage,
    Viewer,
    ViewerSource,
    ViewingSession,
)
from peer_review.models import (
    Arbitration,
    Assignment,
    CaseFile,
    CaseOfficer,
    Issue,
    Review,
    ReviewMark,
    ReviewRound,
    Rubric,
)
from quizzes.models import (
    Attempt,
    AttemptAnswer,
    Drill,
    KnowledgePoint,
    Question,
    QuestionVersion,
    QuizIndexPage,
    QuizPage,
    QuizQuestion,
    WrongAnswer,
)

CODE_BASE = 500_000  # demo_credit_code(index) range reserved for generated firms
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀兰霞平刚桂英华建国红梅玉珍志文斌宇浩鹏"
FIRM_WORDS = [
    "津东",
    "东丽",
    "海河",
    "渤海",
    "金桥",
    "华明",
    "新立",
    "军粮城",
    "无瑕",
    "张贵庄",
]
FIRM_KINDS = [
    "化工",
    "机械",
    "冶金",
    "建材",
    "物流",
    "仓储",
    "纺织",
    "食品",
    "制冷",
    "电子",
]
KNOWLEDGE_POINTS = [
    "主体责任", "安全生产责任制", "教育培训", "安全投入", "重大危险源", "隐患排查",
    "有限空间", "应急预案", "行政处罚程序", "自由裁量", "听证告知", "证据收集",
    "送达", "法律适用", "执法文书", "现场检查", "危险化学品", "粉尘防爆",
    "特种作业", "事故报告",
]  # fmt: skip
MODULES = frozenset({"livestreams", "quizzes", "peer_review", "ledger"})
EXAMS = 42  # 12 monthly drills and 30 other exams: ~100,000 answers a year
ARTICLE_NUMBERS = [20, 21, 22, 23, 24, 25, 27, 28, 35, 36, 40, 41, 97, 99, 102]
ISSUE_WEIGHTS = {
    "nonstandard_file": 0.34,
    "video_incomplete": 0.26,
    "document_defect": 0.12,
    "insufficient_evidence": 0.08,
    "wrong_law": 0.08,
    "improper_discretion": 0.06,
    "unlawful_procedure": 0.04,
    "other": 0.02,
}


@dataclass
class Result:
    """What was generated, for the log and the benchmark."""

    counts: dict[str, int] = field(default_factory=dict)
    # Called after each unit of work (see :func:`steps`), for a progress bar.
    on_step: Callable[[], None] = lambda: None

    def add(self, name: str, n: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + n


def steps(*, scale: float = 1.0, modules: set[str] | None = None) -> int:
    """How many times :func:`generate` reports progress with these arguments: the
    people, each class, each exam, each quarter's review round and the ledger."""
    wanted = MODULES if modules is None else set(modules)
    return (
        1
        + (_class_count(scale) if "livestreams" in wanted else 0)
        + (EXAMS if "quizzes" in wanted else 0)
        + (4 if "peer_review" in wanted else 0)
        + (1 if "ledger" in wanted else 0)
    )


def _class_count(scale: float) -> int:
    return max(2, round(12 * scale))


def _aware(day: dt.date, hour: int = 0, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _names(rng: np.random.Generator, n: int) -> list[str]:
    s = rng.choice(list(SURNAMES), n)
    g1 = rng.choice(list(GIVEN), n)
    g2 = rng.choice([*GIVEN, ""], n)
    return [a + b + c for a, b, c in zip(s, g1, g2, strict=True)]


def _phones(rng: np.random.Generator, n: int) -> list[str]:
    prefix = rng.choice(["138", "139", "150", "186", "177", "132"], n)
    tail = rng.integers(0, 10**8, n)
    return [f"{p}{t:08d}" for p, t in zip(prefix, tail, strict=True)]


@transaction.atomic
def generate(
    *,
    year: int = 2025,
    scale: float = 1.0,
    case_files: int | None = None,
    seed: int = 2025,
    existing_enterprises: bool = False,
    modules: set[str] | None = None,
    unheld_classes: int = 0,
    review_quarters: tuple[int, ...] = (1, 2, 3, 4),
    log=lambda message: None,
    on_step=lambda: None,
) -> Result:
    """Replace the generated data of ``year`` with a fresh, deterministic copy.

    ``existing_enterprises`` uses the enterprises already registered instead of
    adding generated ones (the demo: other seeders pick enterprises by query, and
    extra ones would change what they pick on a second run). ``modules`` limits
    the parts generated (livestreams, quizzes, peer_review, ledger; default all).
    ``on_step`` is called :func:`steps` times as the work proceeds.
    ``unheld_classes`` adds classes scheduled in December that never started
    (未开始); ``review_quarters`` are the quarters that hold a review round (a
    file decided in another quarter is not reviewed).
    """
    wanted = MODULES if modules is None else set(modules)
    rng = np.random.default_rng(seed)
    result = Result(on_step=on_step)
    clear(year=year)
    groups = _groups()
    if existing_enterprises:
        firms = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True))
    else:
        firms = _enterprises(rng, max(30, int(1500 * scale)), result)
    staff = _staff(rng, groups, max(12, int(60 * scale)), result)
    log(f"企业{len(firms)}家，执法人员{len(staff)}人")
    result.on_step()
    articles = _articles()
    if "livestreams" in wanted:
        _live(rng, year, firms, _class_count(scale), scale, result)
        _unheld(year, _class_count(scale), unheld_classes, result)
        log(
            f"直播课{result.counts.get('classes', 0)}期，观看记录{result.counts['sessions']}条"
        )
    if "quizzes" in wanted:
        _quizzes(rng, year, staff, groups, articles, result)
        log(f"答卷{result.counts['attempts']}份，作答{result.counts['answers']}条")
    if "peer_review" in wanted:
        n = case_files if case_files is not None else round(44 * scale)
        _peer_review(
            rng, year, groups, staff, firms, articles, n, result, review_quarters
        )
        log(f"案卷{result.counts['case_files']}卷，评查问题{result.counts['issues']}项")
    if "ledger" in wanted:
        _ledger(rng, year, firms, staff, scale, result)
    return result


def clear(*, year: int) -> None:
    """Delete what a previous run generated (for ``year`` where data is dated)."""
    for index in LiveClassIndexPage.objects.filter(slug__startswith=f"gen-{year}"):
        index.delete()
    for index in QuizIndexPage.objects.filter(slug__startswith=f"gen-{year}"):
        _delete_quizzes(index)
    _clear_peer_review(year)
    Activity.objects.filter(title__startswith="【生成】", date__year=year).delete()
    TrainingSession.objects.filter(
        title__startswith="【生成】", date__year=year
    ).delete()
    ResponsibilityList.objects.filter(title__startswith="【生成】", year=year).delete()
    WarningLetter.objects.filter(reference__startswith=f"GEN-{year}").delete()


def _delete_quizzes(index) -> None:
    """Remove a generated quiz index with its quizzes, attempts and questions."""
    quiz_ids = list(index.get_descendants().values_list("pk", flat=True))
    WrongAnswer.objects.filter(last_answer__attempt__quiz_id__in=quiz_ids).delete()
    AttemptAnswer.objects.filter(attempt__quiz_id__in=quiz_ids).delete()
    Attempt.objects.filter(quiz_id__in=quiz_ids).delete()
    Drill.objects.filter(quiz_id__in=quiz_ids).delete()
    gen_questions = Question.objects.filter(stem__startswith=f"【生成{index.slug}】")
    QuizQuestion.objects.filter(page_id__in=quiz_ids).delete()
    QuestionVersion.objects.filter(question__in=gen_questions).delete()
    gen_questions.delete()
    index.delete()


def _clear_peer_review(year: int) -> None:
    cases = CaseFile.objects.filter(number__contains=f"-GEN-{year}-")
    rounds = ReviewRound.objects.filter(name__startswith=f"【生成】{year}")
    Issue.objects.filter(case__in=cases).delete()
    ReviewMark.objects.filter(review__assignment__case__in=cases).delete()
    Review.objects.filter(assignment__case__in=cases).delete()
    Assignment.objects.filter(case__in=cases).delete()
    Arbitration.objects.filter(round__in=rounds).delete()
    rounds.delete()
    CaseOfficer.objects.filter(case__in=cases).delete()
    cases.delete()
    Rubric.objects.filter(
        name="【生成】案卷评查标准", reviewround__isnull=True
    ).delete()


# --- people ------------------------------------------------------------------------


def _groups() -> list[EnforcementGroup]:
    return [
        EnforcementGroup.objects.update_or_create(
            name=name, defaults={"sort_order": i + 1}
        )[0]
        for i, name in enumerate(GROUPS)
    ]


def _enterprises(rng, n: int, result: Result) -> list[int]:
    """Generated firms are kept between runs (same codes, same names)."""
    existing = set(
        Enterprise.objects.filter(
            credit_code__in=[demo_credit_code(CODE_BASE + i) for i in range(n)]
        ).values_list("credit_code", flat=True)
    )
    industries = [c for c, _ in Industry.choices]
    chosen = rng.choice(industries, n)
    high = rng.random(n) < 0.22
    words = rng.choice(FIRM_WORDS, n)
    kinds = rng.choice(FIRM_KINDS, n)
    new = [
        Enterprise(
            name=f"天津{w}{k}{i:04d}有限公司",
            credit_code=demo_credit_code(CODE_BASE + i),
            industry=chosen[i],
            risk_tier=RiskTier.HIGH if high[i] else RiskTier.GENERAL,
            has_major_hazard_source=bool(
                high[i] and chosen[i] == "hazardous_chemicals"
            ),
            address="天津市东丽区",
        )
        for i, (w, k) in enumerate(zip(words, kinds, strict=True))
        if demo_credit_code(CODE_BASE + i) not in existing
    ]
    Enterprise.objects.bulk_create(new, batch_size=2000)
    result.add("enterprises", n)
    codes = [demo_credit_code(CODE_BASE + i) for i in range(n)]
    return list(
        Enterprise.objects.filter(credit_code__in=codes).values_list("pk", flat=True)
    )


def _staff(rng, groups, n: int, result: Result) -> list[User]:
    """``n`` officers spread evenly over the groups (kept between runs)."""
    password = make_password(None)
    names = _names(rng, n)
    phones = _phones(rng, n)
    wanted = {f"gen-officer{i:04d}" for i in range(n)}
    have = set(
        User.objects.filter(username__in=wanted).values_list("username", flat=True)
    )
    User.objects.bulk_create(
        [
            User(
                username=f"gen-officer{i:04d}",
                name=names[i],
                phone=phones[i],
                password=password,
                enforcement_group=groups[i % len(groups)],
                certificate_number=f"12{i:08d}",
                post_category="management",
            )
            for i in range(n)
            if f"gen-officer{i:04d}" not in have
        ],
        batch_size=2000,
    )
    users = list(User.objects.filter(username__in=wanted).order_by("username"))
    officer = Group.objects.get(name=roles.ENFORCEMENT_OFFICER)
    Through = User.groups.through
    Through.objects.filter(user__in=users, group=officer).delete()
    Through.objects.bulk_create(
        [Through(user_id=u.pk, group_id=officer.pk) for u in users]
    )
    result.add("staff", len(users))
    return users


def _articles() -> list:
    """The 安全生产法 articles the questions, cases and issues cite (created, with
    their text, when the courses seeder has not loaded them)."""
    regulation, _ = Regulation.objects.get_or_create(
        key="aqsc-fa-2021",
        defaults={
            "title": "中华人民共和国安全生产法",
            "short_title": "安全生产法",
            "level": "law",
            "issuing_body": "全国人民代表大会常务委员会",
            "promulgated_on": dt.date(2021, 6, 10),
            "effective_on": dt.date(2021, 9, 1),
        },
    )
    found = {
        a.number: a
        for a in regulation.articles.filter(number__in=ARTICLE_NUMBERS, suffix=0)
    }
    spine = {n: (chapter, text) for chapter, n, text in law_spine.AQSC_ARTICLES}
    missing = [
        Article(
            regulation=regulation,
            number=n,
            suffix=0,
            chapter_number=spine[n][0],
            chapter_title=law_spine.AQSC_CHAPTERS[spine[n][0]],
            text=spine[n][1],
            key=f"aqsc-fa-2021-{n}",
        )
        for n in ARTICLE_NUMBERS
        if n not in found
    ]
    Article.objects.bulk_create(missing)
    return list(
        regulation.articles.filter(number__in=ARTICLE_NUMBERS, suffix=0).order_by(
            "number"
        )
    )


def _index(Index, app: str, year: int, title: str):
    """A generated index page under the home page, slug gen-<year>-<app>."""
    page = Index(title=title, slug=f"gen-{year}-{app}")
    HomePage.objects.first().add_child(instance=page)
    return page


# --- livestreams ---------------------------------------------------------------------


def _live(rng, year, firms, classes: int, scale: float, result: Result) -> None:
    """``classes`` monthly classes of 90 minutes; each about 4,300 viewers of whom
    some 2,000 are present at the peak; a share come back to later classes."""
    index = _index(LiveClassIndexPage, "livestreams", year, f"{year}年惠企安全空中课堂")
    per_class = 4300 if scale >= 1 else max(60, int(4300 * scale))
    # A pool of people: returning viewers are drawn from it (phone identifies them).
    pool = max(per_class + 1, int(per_class * classes * 0.8))
    pool_names = _names(rng, pool)
    pool_phones = _phones(rng, pool)
    pool_firm = rng.choice(firms, pool)
    pool_front = rng.random(pool) < 0.72
    # A few viewers type an enterprise that is not in the register (own generator,
    # so the draws above stay what they were).
    pool_unlisted = np.random.default_rng(year).random(pool) < 0.02
    firm_names = dict(Enterprise.objects.filter(pk__in=firms).values_list("pk", "name"))
    for c in range(classes):
        month = c % 12 + 1
        start = _aware(dt.date(year, month, 15), 14, 30)
        end = start + dt.timedelta(minutes=90)
        page = LiveClassPage(
            title=f"惠企安全空中课堂第{c + 1}期",
            slug=f"gen-{year}-class-{c + 1}",
            period=c + 1,
            speaker="区应急局执法支队",
            scheduled_start=start,
            scheduled_end=end,
            started_at=start,
            ended_at=end,
            status=ClassStatus.ENDED,
        )
        index.add_child(instance=page)
        who = rng.choice(pool, per_class, replace=False)
        viewers = Viewer.objects.bulk_create(
            [
                Viewer(
                    live_class_id=page.pk,
                    source=ViewerSource.GUEST,
                    name=pool_names[p],
                    enterprise_id=None if pool_unlisted[p] else int(pool_firm[p]),
                    enterprise_name=(
                        f"{FIRM_WORDS[p % len(FIRM_WORDS)]}个体加工点{p % 4 + 1}"
                        if pool_unlisted[p]
                        else firm_names[int(pool_firm[p])]
                    ),
                    post_category="front_line" if pool_front[p] else "management",
                    phone=pool_phones[p],
                )
                for p in who
            ],
            batch_size=5000,
        )
        _sessions(rng, f"gen-{year}-{c + 1}", page.pk, start, viewers, result)
        result.add("classes", 1)
        result.add("viewers", len(viewers))
        result.on_step()


def _unheld(year: int, held: int, n: int, result: Result) -> None:
    """``n`` classes scheduled in December that never started: no viewers."""
    if not n:
        return
    index = LiveClassIndexPage.objects.get(slug=f"gen-{year}-livestreams")
    for k in range(n):
        start = _aware(dt.date(year, 12, 20 + k % 8), 14, 30)
        index.add_child(
            instance=LiveClassPage(
                title=f"惠企安全空中课堂第{held + k + 1}期",
                slug=f"gen-{year}-class-{held + k + 1}",
                period=held + k + 1,
                speaker="区应急局执法支队",
                scheduled_start=start,
                scheduled_end=start + dt.timedelta(minutes=90),
                status=ClassStatus.SCHEDULED,
            )
        )
        result.add("unheld_classes", 1)


def _sessions(rng, prefix, class_id, start, viewers, result) -> None:
    """Sessions keyed by class and viewer position, so a rerun writes the same keys."""
    n = len(viewers)
    arrive = np.clip(rng.gamma(2.0, 9.0, n) - 5, -10, 85)  # minutes from the start
    stay = np.clip(rng.normal(38, 22, n), 2, 120)
    rows = []
    for i, viewer in enumerate(viewers):
        a, s = float(arrive[i]), float(stay[i])
        spans = [(a, a + s)]
        if s > 30 and rng.random() < 0.2:  # dropped and came back: two sessions
            cut = a + s * 0.4
            spans = [(a, cut), (cut + 1.5, a + s)]
        for k, (b, e) in enumerate(spans):
            rows.append(
                ViewingSession(
                    key=f"{prefix}-{i}-{k}",
                    live_class_id=class_id,
                    viewer_id=viewer.pk,
                    started_at=start + dt.timedelta(minutes=b),
                    ended_at=start + dt.timedelta(minutes=e),
                )
            )
    ViewingSession.objects.bulk_create(rows, batch_size=5000)
    result.add("sessions", len(rows))


# --- quizzes -------------------------------------------------------------------------


def _quizzes(rng, year, staff, groups, articles, result: Result) -> None:
    """A bank of 300 questions, 42 exams of 40 questions taken by every officer (12
    of them monthly drills). A person's ability and a question's difficulty set the
    chance of a right answer, so item analysis has something to find."""
    index = _index(QuizIndexPage, "quizzes", year, f"{year}年岗位大练兵")
    points = [
        KnowledgePoint.objects.get_or_create(name=name)[0] for name in KNOWLEDGE_POINTS
    ]
    bank = 300
    tag = f"【生成{index.slug}】"
    questions = Question.objects.bulk_create(
        [
            Question(
                qtype="single",
                stem=f"{tag}第{i + 1}题",
                options=["甲", "乙", "丙", "丁"],
                answer=[int(rng.integers(0, 4))],
                difficulty=int(rng.integers(1, 6)),
                stem_key=f"{tag}{i}",
                current_version=1,
                # Synthetic questions carry the year's figures but must never be
                # drawn into a real paper: retired questions are graded, not drawn.
                status="retired",
            )
            for i in range(bank)
        ]
    )
    versions = QuestionVersion.objects.bulk_create(
        [
            QuestionVersion(question=q, number=1, qtype=q.qtype, stem=q.stem, options=q.options,
                    answer=q.answer)
            for q in questions
        ]
    )  # fmt: skip
    KP, QA = Question.knowledge_points.through, Question.articles.through
    KP.objects.bulk_create(
        [KP(question_id=q.pk, knowledgepoint_id=points[i % len(points)].pk)
         for i, q in enumerate(questions)]
    )  # fmt: skip
    QA.objects.bulk_create(
        [QA(question_id=q.pk, article_id=articles[(i * 7) % len(articles)].pk)
         for i, q in enumerate(questions)]
    )  # fmt: skip
    difficulty = (
        rng.normal(0, 1, bank) + np.array([q.difficulty for q in questions]) * 0.3 - 0.9
    )
    # Weak articles: questions on 第九十九条 and 第二十八条 are harder.
    weak = {a.pk for a in articles if a.number in (28, 99)}
    difficulty += np.array([0.8 if articles[(i * 7) % len(articles)].pk in weak else 0
                            for i in range(bank)])  # fmt: skip
    ability = rng.normal(0.8, 0.9, len(staff))
    # The monthly drills reach everyone in the groups: the people other seeders
    # put there (the demo's logins) take them too, so nobody sees a year of
    # drills 已逾期 without a score. Their own random stream leaves the generated
    # staff's figures as they were.
    generated = {u.pk for u in staff}
    others = [
        u
        for u in User.objects.filter(
            is_active=True, enforcement_group__in=groups
        ).order_by("pk")
        if u.pk not in generated
    ]
    others_rng = np.random.default_rng(year)
    others_ability = others_rng.normal(1.0, 0.6, len(others))
    today = timezone.localdate()
    for e in range(EXAMS):
        month = e % 12 + 1
        deadline = _aware(dt.date(year, month, 25), 18)
        chosen = rng.choice(bank, 40, replace=False)
        if deadline.date() > today:
            # Not yet due (the current year): no exam, drill or answers from the
            # future.
            result.on_step()
            continue
        quiz = QuizPage(title=f"{year}年第{e + 1}次考试", slug=f"gen-{year}-exam-{e + 1}",
                        mode="exam", pass_mark=60)  # fmt: skip
        index.add_child(instance=quiz)
        _exam_answers(rng, quiz, deadline, staff, ability,
                      difficulty, chosen, questions, versions, result)  # fmt: skip
        if e < 12:
            drill = Drill.objects.create(
                title=f"{year}年{month}月岗位大练兵", quiz=quiz, deadline=deadline
            )
            drill.groups.set(groups)
            result.add("drills", 1)
            if others:
                _exam_answers(others_rng, quiz, deadline, others, others_ability,
                              difficulty, chosen, questions, versions, result)  # fmt: skip
        result.on_step()


def _exam_answers(rng, quiz, deadline, staff, ability, difficulty,
                  chosen, questions, versions, result) -> None:  # fmt: skip
    n = len(staff)
    logits = ability[:, None] - difficulty[chosen][None, :]
    right = rng.random((n, len(chosen))) < 1 / (1 + np.exp(-logits))
    scores = right.sum(axis=1) * 2.5  # 40 questions × 2.5 = 100
    submitted = deadline - dt.timedelta(days=3)
    attempts = Attempt.objects.bulk_create(
        [
            Attempt(quiz=quiz, title=quiz.title, user=u, number=1, mode="exam",
                    pass_mark=60, started_at=submitted - dt.timedelta(minutes=40),
                    status="submitted", submitted_at=submitted, finalised_by="person",
                    score=Decimal(str(scores[i])), max_score=Decimal(100),
                    passed=bool(scores[i] >= 60))
            for i, u in enumerate(staff)
        ],
        batch_size=2000,
    )  # fmt: skip
    rows = [
        AttemptAnswer(attempt_id=a.pk, position=j, question_id=questions[q].pk,
               version_id=versions[q].pk, points=Decimal("2.5"),
               response=[0], score=Decimal("2.5") if right[i, j] else Decimal(0),
               correct=bool(right[i, j]))
        for i, a in enumerate(attempts)
        for j, q in enumerate(chosen)
    ]  # fmt: skip
    AttemptAnswer.objects.bulk_create(rows, batch_size=10000)
    result.add("attempts", len(attempts))
    result.add("answers", len(rows))


# --- peer review ---------------------------------------------------------------------


def _peer_review(rng, year, groups, staff, firms, articles, n, result: Result,
                 quarters=(1, 2, 3, 4)) -> None:  # fmt: skip
    """``n`` penalty case files decided through the year, reviewed each quarter by
    two officers of other groups; about 0.43 issues a file (the bureau's 19 in 44),
    most rectified."""
    rubric, _ = Rubric.objects.get_or_create(
        name="【生成】案卷评查标准", defaults={"kind": "case_file"}
    )
    provisions = list(PenaltyProvision.objects.prefetch_related("tiers"))
    tiers = [(p, t) for p in provisions for t in p.tiers.all()]
    days = np.sort(rng.integers(0, 360, n))
    fines = rng.lognormal(10, 0.6, n)
    firm_names = dict(Enterprise.objects.filter(pk__in=firms).values_list("pk", "name"))
    cases = []
    for i in range(n):
        decided = dt.date(year, 1, 3) + dt.timedelta(days=int(days[i]))
        provision, tier = tiers[i % len(tiers)] if tiers else (None, None)
        fine = fines[i]
        if tier is not None and tier.fine_max:
            low, high = float(tier.fine_min), float(tier.fine_max)
            fine = rng.uniform(low, high) if rng.random() > 0.08 else high * 1.3
        firm = int(firms[i % len(firms)])
        cases.append(
            CaseFile(number=f"津东应急罚-GEN-{year}-{i + 1:04d}", group=groups[i % len(groups)],
                     party_id=firm, party_name=firm_names[firm], violation="未按规定开展安全生产教育和培训",
                     violated_article=articles[i % len(articles)], provision=provision,
                     tier=tier, fine=Decimal(str(round(fine, -2))),
                     filed_on=decided - dt.timedelta(days=40), decided_on=decided,
                     closed_on=decided + dt.timedelta(days=20))
        )  # fmt: skip
    cases = CaseFile.objects.bulk_create(cases, batch_size=2000)
    result.add("case_files", len(cases))
    by_group: dict[int, list] = {}
    for u in staff:
        by_group.setdefault(u.enforcement_group_id, []).append(u)
    assignments, scores, issues = [], [], []
    for q in range(1, 5):
        if q not in quarters:
            result.on_step()
            continue
        rnd = ReviewRound.objects.create(
            name=f"【生成】{year}年第{q}季度交叉评查", year=year, quarter=q, rubric=rubric,
            deadline=_aware(dt.date(year, 3 * q, 28), 18),
        )  # fmt: skip
        quarter_cases = [c for c in cases if (c.decided_on.month - 1) // 3 + 1 == q]
        for c in quarter_cases:
            others = [g for g in by_group if g != c.group_id]
            picks = rng.choice(len(others), 2, replace=False)
            quality = rng.normal(86, 6)
            for k in picks:
                pool = by_group[others[k]]
                reviewer = pool[int(rng.integers(0, len(pool)))]
                assignments.append(Assignment(round=rnd, case=c, reviewer=reviewer))
                scores.append(float(np.clip(quality + rng.normal(0, 3), 40, 100)))
            issues += _issues(rng, rnd, c, articles)
        result.on_step()
    assignments = Assignment.objects.bulk_create(assignments, batch_size=5000)
    Review.objects.bulk_create(
        [Review(assignment=a, total=Decimal(f"{s:.1f}"), grade="优秀" if s >= 90 else "合格")
         for a, s in zip(assignments, scores, strict=True)],
        batch_size=5000,
    )  # fmt: skip
    Issue.objects.bulk_create(issues, batch_size=5000)
    result.add("reviews", len(assignments))
    result.add("issues", len(issues))


def _issues(rng, rnd, case, articles) -> list:
    count = rng.poisson(0.43)
    categories = rng.choice(list(ISSUE_WEIGHTS), count, p=list(ISSUE_WEIGHTS.values()))
    out = []
    for category in categories:
        status = rng.choice(["verified", "responded", "open"], p=[0.84, 0.08, 0.08])
        cites = category in {"wrong_law", "improper_discretion"}
        article = articles[int(rng.integers(0, len(articles)))] if cites else None
        out.append(
            Issue(round=rnd, case=case, category=category, article=article,
                  description="评查发现的问题（生成数据）", responsible_group_id=case.group_id,
                  deadline=rnd.deadline.date() + dt.timedelta(days=30), status=status)
        )  # fmt: skip
    return out


# --- ledger (courses) ------------------------------------------------------------------


def _ledger(rng, year, firms, staff, scale, result: Result) -> None:
    """7 送法进企 events (each reaching ~30 firms) plus visits, and ~110 warning
    letters, scaled."""
    events = max(1, round(7 * scale))
    Through = Activity.enterprises.through
    links = []
    for e in range(events):
        activity = Activity.objects.create(
            title=f"【生成】送法进企第{e + 1}场", activity_type=ActivityType.LAW_TO_ENTERPRISES,
            date=dt.date(year, 2 + (e * 10) // max(events, 1) % 10, 18),
            organiser="区应急局", participant_count=int(rng.integers(40, 200)),
        )  # fmt: skip
        picks = rng.choice(firms, min(len(firms), 30), replace=False)
        links += [Through(activity_id=activity.pk, enterprise_id=int(f)) for f in picks]
    Through.objects.bulk_create(links, ignore_conflicts=True)
    letters = max(1, round(110 * scale))
    days = rng.integers(0, 360, letters)
    WarningLetter.objects.bulk_create(
        [WarningLetter(enterprise_id=int(firms[i % len(firms)]), reference=f"GEN-{year}-{i + 1:04d}",
                subject="安全生产提示警示函", issued_on=dt.date(year, 1, 3) + dt.timedelta(days=int(d)))
         for i, d in enumerate(days)]
    )  # fmt: skip
    result.add("outreach_events", events)
    result.add("warning_letters", letters)
    _ledger_rest(year, firms, staff, scale, result)
    result.on_step()


# Other activity types of a year at the bureau's scale: (type, count, firms each).
OTHER_ACTIVITIES = (
    (ActivityType.VISIT, 120, 1),
    (ActivityType.LECTURE, 4, 0),
    (ActivityType.SKILLS_DRILL, 4, 0),
    (ActivityType.EXPERT_SHADOWING, 6, 2),
    (ActivityType.SAFETY_MONTH, 1, 10),
    (ActivityType.DISASTER_DAY, 1, 0),
)


def _ledger_rest(year, firms, staff, scale, result: Result) -> None:
    """Visits, lectures and campaigns; the year's 普法责任清单 with activities
    recorded against its items; offline training sessions with their attendees.
    Drawn from their own generator so the events and letters above stay put."""
    rng = np.random.default_rng(year + 7)
    Through = Activity.enterprises.through
    made, links = [], []
    for kind, count, reach in OTHER_ACTIVITIES:
        for i in range(max(1, round(count * scale))):
            activity = Activity.objects.create(
                title=f"【生成】{kind.label}第{i + 1}次", activity_type=kind,
                date=dt.date(year, 1, 10) + dt.timedelta(days=int(rng.integers(0, 340))),
                organiser="区应急局", participant_count=int(rng.integers(0, 80)),
            )  # fmt: skip
            picks = rng.choice(firms, min(len(firms), reach), replace=False)
            links += [
                Through(activity_id=activity.pk, enterprise_id=int(f)) for f in picks
            ]
            made.append(activity)
    Through.objects.bulk_create(links, ignore_conflicts=True)
    result.add("other_activities", len(made))
    if not ResponsibilityList.objects.filter(year=year).exists():
        plan = ResponsibilityList.objects.create(
            year=year, title=f"【生成】{year}年度普法责任清单"
        )
        for n in range(1, 7):
            item = ResponsibilityItem.objects.create(
                responsibility_list=plan, number=n, responsible_unit="执法支队",
                laws="《安全生产法》", audience="辖区企业", method="送法进企、走访宣讲",
                timing=f"{2 * n}月", planned_count=3,
            )  # fmt: skip
            # Items 1–2 done, 3–4 in progress, 5–6 not started.
            done = 3 if n <= 2 else (1 if n <= 4 else 0)
            item.activities.add(*made[(n - 1) * 3 : (n - 1) * 3 + done])
        result.add("responsibility_items", 6)
    sessions = max(2, round(6 * scale))
    for i in range(sessions):
        session = TrainingSession.objects.create(
            title=f"【生成】集中宣贯培训第{i + 1}期",
            date=dt.date(year, 2 + i % 10, 8),
            hours=Decimal(str(float(rng.choice([2, 3, 4, 6])))),
            speaker="法制科",
        )
        who = rng.choice(len(staff), max(1, int(len(staff) * 0.7)), replace=False)
        session.attendees.add(*[staff[int(k)] for k in who])
    result.add("training_sessions", sessions)
