"""Courses and lessons (pages), enrollment, lesson completion and required study."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from accounts import roles
from courses.models.law import Article, Regulation
from courses.models.search_mixin import SegmentedSearchMixin
from courses.progress import Progress

_TEXT = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link", "image"]


class CourseIndexPage(Page):
    """课程学习: the list of courses."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("course index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = CoursePage.objects.live().public().child_of(self)
        return context


class CoursePage(SegmentedSearchMixin, Page):
    """A course (课程): an introduction and its lessons as child pages."""

    intro = RichTextField(_("introduction"), blank=True, features=_TEXT)
    regulation = models.ForeignKey(
        Regulation,
        verbose_name=_("regulation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="courses",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("regulation"),
        FieldPanel("intro"),
    ]

    search_fields = [*Page.search_fields, index.SearchField("search_text")]

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def get_search_source(self) -> str:
        from django.utils.html import strip_tags

        return f"{self.title}\n{strip_tags(self.intro)}"

    def lessons(self):
        """The course's live lessons in the page tree's order."""
        return LessonPage.objects.live().child_of(self).order_by("path")

    def progress_for(self, user, *, due_on=None) -> Progress:
        """How far ``user`` is through this course."""
        lessons = self.lessons()
        done = LessonCompletion.objects.filter(user=user, lesson__in=lessons)
        summary = done.aggregate(n=Count("id"), last=Max("completed_at"))
        total = lessons.count()
        finished = summary["last"] if total and summary["n"] >= total else None
        return Progress(summary["n"], total, finished, due_on)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        lessons = list(self.lessons())
        context["lessons"] = lessons
        if request.user.is_authenticated:
            done = set(
                LessonCompletion.objects.filter(
                    user=request.user, lesson__in=lessons
                ).values_list("lesson_id", flat=True)
            )
            context["done_ids"] = done
            context["progress"] = self.progress_for(request.user)
            context["enrolled"] = self.enrollments.filter(user=request.user).exists()
        return context


class LessonPage(SegmentedSearchMixin, Page):
    """A lesson (课时): rich text, an optional video, attachments and articles."""

    body = RichTextField(_("body"), features=_TEXT)
    video_url = models.URLField(
        _("video URL"),
        blank=True,
        help_text=_("An MP4 file address (e.g. a document uploaded to the platform)"),
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=20
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("body"),
        FieldPanel("video_url"),
        FieldPanel("duration_minutes"),
        InlinePanel("attachments", heading=_("Attachments"), label=_("attachment")),
        InlinePanel(
            "linked_articles", heading=_("Linked articles"), label=_("article")
        ),
    ]

    search_fields = [*Page.search_fields, index.SearchField("search_text")]

    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def get_search_source(self) -> str:
        from django.utils.html import strip_tags

        return f"{self.title}\n{strip_tags(self.body)}"

    @property
    def course(self) -> "CoursePage":
        return CoursePage.objects.get(pk=self.get_parent().pk)

    def articles(self):
        return [link.article for link in self.linked_articles.all()]

    def serve(self, request, *args, **kwargs):
        """Note when the reader first opened the lesson: completing it needs time on
        the page by the server's clock (see courses.viewing)."""
        from courses.viewing import lesson_opened

        if request.user.is_authenticated and request.method == "GET":
            lesson_opened(request.session, self.pk)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from courses.viewing import lesson_remaining

        context = super().get_context(request, *args, **kwargs)
        course = self.course
        lessons = list(course.lessons())
        index_ = next((i for i, x in enumerate(lessons) if x.pk == self.pk), None)
        context["course"] = course
        context["next_lesson"] = (
            lessons[index_ + 1]
            if index_ is not None and index_ + 1 < len(lessons)
            else None
        )
        context["completed"] = (
            request.user.is_authenticated
            and LessonCompletion.objects.filter(user=request.user, lesson=self).exists()
        )
        if request.user.is_authenticated:
            context["remaining_seconds"] = lesson_remaining(request.session, self.pk)
        return context


class LessonAttachment(Orderable):
    lesson = ParentalKey(
        LessonPage, on_delete=models.CASCADE, related_name="attachments"
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=120, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    def __str__(self):
        return self.title or self.document.title


class LessonArticle(Orderable):
    lesson = ParentalKey(
        LessonPage, on_delete=models.CASCADE, related_name="linked_articles"
    )
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="lesson_links",
    )

    panels = [FieldPanel("article")]

    def __str__(self):
        return str(self.article)


class Enrollment(models.Model):
    """A person has started (or been enrolled in) a course."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="enrollments",
    )
    course = models.ForeignKey(
        CoursePage,
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="enrollments",
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), default=timezone.now)

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="unique_enrollment")
        ]

    def __str__(self):
        return f"{self.user} · {self.course}"


class LessonCompletion(models.Model):
    """A person finished a lesson: the study record analytics and the ledger read."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="lesson_completions",
    )
    lesson = models.ForeignKey(
        LessonPage,
        verbose_name=_("lesson"),
        on_delete=models.CASCADE,
        related_name="completions",
    )
    completed_at = models.DateTimeField(_("completed at"), default=timezone.now)

    class Meta:
        ordering = ["-completed_at"]
        verbose_name = _("lesson completion")
        verbose_name_plural = _("lesson completions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson"], name="unique_lesson_completion"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.lesson}"


def _role_groups():
    return {"name__in": roles.ROLES}


class CourseAssignmentQuerySet(models.QuerySet):
    def for_user(self, user):
        """Assignments that reach ``user``: by role, by enforcement group or by name."""
        if not user.is_authenticated:
            return self.none()
        condition = Q(users=user) | Q(role__in=user.groups.all())
        if user.enforcement_group_id:
            condition |= Q(enforcement_group_id=user.enforcement_group_id)
        return self.filter(condition).distinct().select_related("course")

    def with_assignee_statuses(self, *, today=None) -> list[dict]:
        """One row per (course, assigned user) with progress and status.

        A person reached by several of these assignments of one course (their
        group's and their role's, say) is counted once (应学 1, not 2), against the
        earliest due date among them. Each row: ``assignment``, ``user``,
        ``progress`` (:class:`Progress`), ``status`` (StudyStatus value) and
        ``overdue`` (bool) — what the trainer's progress view, analytics and the
        activity ledger read.
        """
        today = today or timezone.localdate()
        rows: dict[tuple[int, int], dict] = {}
        for assignment in self.select_related("course").order_by("due_on", "pk"):
            for user in assignment.assignees():
                key = (assignment.course_id, user.pk)
                if key in rows:
                    continue
                progress = assignment.progress_of(user)
                rows[key] = {
                    "assignment": assignment,
                    "user": user,
                    "progress": progress,
                    "status": progress.status.value,
                    "overdue": progress.is_overdue(today),
                }
        return list(rows.values())


class CourseAssignment(models.Model):
    """Required study (必学任务): a course assigned to a role, a group or named people
    with a due date."""

    course = models.ForeignKey(
        CoursePage,
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    role = models.ForeignKey(
        Group,
        verbose_name=_("role"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to=_role_groups,
    )
    enforcement_group = models.ForeignKey(
        "accounts.EnforcementGroup",
        verbose_name=_("enforcement group"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="course_assignments",
    )
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("named people"),
        blank=True,
        related_name="course_assignments",
    )
    due_on = models.DateField(_("due on"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = CourseAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-due_on", "-created_at"]
        verbose_name = _("required study assignment")
        verbose_name_plural = _("required study assignments")

    def __str__(self):
        return f"{self.course.title} · {self.audience_label}"

    @property
    def audience_label(self) -> str:
        parts = []
        if self.role_id:
            parts.append(self.role.name)
        if self.enforcement_group_id:
            parts.append(self.enforcement_group.name)
        if self.pk:
            names = [u.name or u.username for u in self.users.all()[:3]]
            parts += names
        return "、".join(parts) or "—"

    def assignees(self):
        """Active users this assignment reaches, annotated with ``lessons_done``
        (completed live lessons of the course) and ``last_completed_at``."""
        User = get_user_model()
        condition = Q(pk__in=self.users.values("pk"))
        if self.role_id:
            condition |= Q(pk__in=User.objects.filter(groups=self.role_id).values("pk"))
        if self.enforcement_group_id:
            condition |= Q(enforcement_group_id=self.enforcement_group_id)
        lessons = self.course.lessons().values("pk")
        in_course = Q(lesson_completions__lesson__in=lessons)
        return (
            User.objects.filter(condition, is_active=True)
            .select_related("enforcement_group", "enterprise")
            .annotate(
                lessons_done=Count("lesson_completions", filter=in_course),
                last_completed_at=Max(
                    "lesson_completions__completed_at", filter=in_course
                ),
            )
            .order_by("enforcement_group__sort_order", "name", "username")
        )

    def progress_of(self, user) -> Progress:
        """``user``'s progress on the course, measured against this due date."""
        done = getattr(user, "lessons_done", None)
        if done is None:
            return self.course.progress_for(user, due_on=self.due_on)
        total = self._lesson_total()
        finished = user.last_completed_at if total and done >= total else None
        return Progress(done, total, finished, self.due_on)

    def _lesson_total(self) -> int:
        if not hasattr(self, "_lessons_total"):
            self._lessons_total = self.course.lessons().count()
        return self._lessons_total
