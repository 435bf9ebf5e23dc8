"""Live classes (惠企安全空中课堂): pages, viewers, viewing sessions, check-ins, polls."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from accounts.models import Enterprise, PostCategory
from courses.models.search_mixin import SegmentedSearchMixin
from home.files import mask_phone


class ClassStatus(models.TextChoices):
    SCHEDULED = "scheduled", pgettext_lazy("live class status", "Not started")
    LIVE = "live", pgettext_lazy("live class status", "Live")
    ENDED = "ended", pgettext_lazy("live class status", "Ended")


class LiveClassIndexPage(Page):
    """The list of live classes, newest first."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["livestreams.LiveClassPage"]
    max_count = 1

    class Meta:
        verbose_name = _("Live class index")

    def get_context(self, request, *args, **kwargs):
        """The published classes, the live ones first."""
        context = super().get_context(request, *args, **kwargs)
        context["classes"] = (
            LiveClassPage.objects.child_of(self).live().order_by("-scheduled_start")
        )
        return context


class LiveClassPage(SegmentedSearchMixin, Page):
    """One live class: the stream, its audience and, afterwards, the replay."""

    series = models.CharField(_("series"), max_length=64, default="惠企安全空中课堂")
    period = models.PositiveSmallIntegerField(_("period"), default=1)
    speaker = models.CharField(_("speaker"), max_length=128)
    summary = RichTextField(_("summary"), blank=True, features=["bold", "ul", "link"])
    scheduled_start = models.DateTimeField(_("scheduled start"))
    scheduled_end = models.DateTimeField(_("scheduled end"))
    stream_url = models.URLField(
        _("HLS stream URL"),
        blank=True,
        help_text=_("An .m3u8 address, played in the page."),
    )
    embed_url = models.URLField(
        _("external player URL"),
        blank=True,
        help_text=_(
            "Used instead of the HLS stream when the class is on another platform."
        ),
    )
    replay_url = models.URLField(_("replay URL"), blank=True)
    attendance_threshold_percent = models.PositiveSmallIntegerField(
        _("attendance threshold (percent of the length)"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    related_course = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("related course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ClassStatus.choices,
        default=ClassStatus.SCHEDULED,
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    peak = models.PositiveIntegerField(_("peak viewers"), default=0)
    peak_at = models.DateTimeField(_("peak at"), null=True, blank=True)
    # Visits to the page of the ended class with its replay: counted apart, never
    # as live viewers.
    replay_views = models.PositiveIntegerField(_("replay views"), default=0)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("series"), FieldPanel("period"), FieldPanel("speaker")],
            heading=_("Class"),
        ),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("scheduled_start"), FieldPanel("scheduled_end")],
            heading=_("Schedule"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("stream_url"),
                FieldPanel("embed_url"),
                FieldPanel("replay_url"),
            ],
            heading=_("Stream"),
        ),
        FieldPanel("attendance_threshold_percent"),
        FieldPanel("related_course"),
        InlinePanel(
            "related_articles", heading=_("Related articles"), label=_("article")
        ),
    ]
    promote_panels = Page.promote_panels

    search_fields = [
        *Page.search_fields,
        index.SearchField("search_text"),
    ]

    parent_page_types = ["livestreams.LiveClassIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("Live class")
        permissions = [("host_liveclass", "Can host live classes")]

    def clean(self):
        super().clean()
        if (
            self.scheduled_start
            and self.scheduled_end
            and self.scheduled_end <= self.scheduled_start
        ):
            raise ValidationError(
                {"scheduled_end": _("The end must be after the start.")}
            )

    @classmethod
    def now_and_next(cls, now=None) -> tuple["LiveClassPage | None", ...]:
        """The class live now (the latest started) and the next one to start (a
        scheduled class whose start is less than its length ago counts as next)."""
        now = now or timezone.now()
        published = cls.objects.live().public()
        current = (
            published.filter(status=ClassStatus.LIVE).order_by("-started_at").first()
        )
        upcoming = (
            published.filter(status=ClassStatus.SCHEDULED, scheduled_end__gt=now)
            .order_by("scheduled_start")
            .first()
        )
        return current, upcoming

    def get_search_source(self) -> str:
        from django.utils.html import strip_tags

        parts = [self.title, self.series, self.speaker, strip_tags(self.summary)]
        return "\n".join(p for p in parts if p)

    def search_meta(self) -> str:
        start = timezone.localtime(self.scheduled_start)
        return f"{start:%Y-%m-%d %H:%M} · {self.get_status_display()}"

    @property
    def window(self) -> tuple[dt.datetime, dt.datetime]:
        """The class as it happened (host start/end), else as scheduled."""
        start = self.started_at or self.scheduled_start
        end = self.ended_at or self.scheduled_end
        if self.status == ClassStatus.LIVE and not self.ended_at:
            end = max(end, timezone.now())
        return start, max(start, end)

    @property
    def threshold_seconds(self) -> float:
        start, end = self.window
        return (end - start).total_seconds() * self.attendance_threshold_percent / 100

    @property
    def ws_path(self) -> str:
        return f"/ws/live/{self.pk}/"

    def get_context(self, request, *args, **kwargs):
        """The phone page needs to know where to connect and how to sign up.

        It only reads: a logged-in enterprise worker joins by the Django session,
        and the socket writes their viewer record; a guest signs up through the
        join API, which writes theirs.
        """
        context = super().get_context(request, *args, **kwargs)
        if self.status == ClassStatus.ENDED and self.replay_url:
            LiveClassPage.objects.filter(pk=self.pk).update(
                replay_views=models.F("replay_views") + 1
            )
        user = request.user
        context["session_join"] = bool(user.is_authenticated and user.enterprise_id)
        context["enterprises_url"] = reverse("livestreams:enterprise_names")
        context["state_url"] = reverse("livestreams:viewer_state", args=[self.pk])
        if self.status == ClassStatus.ENDED:
            # The final figures, frozen: what the server recorded for the class.
            context["final_unique"] = (
                self.viewers.filter(sessions__isnull=False).distinct().count()
            )
        context["signup_url"] = reverse("livestreams:viewer_signup", args=[self.pk])
        context["heartbeat_interval"] = settings.LIVESTREAMS_HEARTBEAT_INTERVAL
        context["related"] = [
            link.article for link in self.related_articles.select_related("article")
        ]
        return context


class LiveClassArticle(Orderable):
    """A regulation article discussed in the class."""

    page = ParentalKey(
        LiveClassPage, on_delete=models.CASCADE, related_name="related_articles"
    )
    article = models.ForeignKey(
        "courses.Article", verbose_name=_("article"), on_delete=models.CASCADE
    )

    panels = [FieldPanel("article")]

    class Meta(Orderable.Meta):
        verbose_name = _("related article")


class ViewerSource(models.TextChoices):
    USER = "user", _("Platform user")
    GUEST = "guest", _("Guest")
    IMPORT = "import", _("Imported")


class ViewerQuerySet(models.QuerySet):
    def for_class(self, live_class):
        """The viewers of one class, with their enterprise."""
        return self.filter(live_class=live_class).select_related("enterprise")

    def history_of(self, user):
        """The classes ``user`` joined, newest first, with the check-ins opened in
        each and how many of them they answered."""
        return (
            self.filter(user=user)
            .select_related("live_class")
            .annotate(
                checkins_answered=models.Count("checkinanswer", distinct=True),
                checkins_opened=models.Count("live_class__checkins", distinct=True),
            )
            .order_by("-live_class__scheduled_start")
        )


class Viewer(models.Model):
    """Someone watching one class: a platform user or a guest who signed up.

    A guest is the device that signed up (a secret in the phone's signed, HttpOnly
    cookie): coming back from that phone is the same viewer. The phone number is a
    contact detail only and never identifies anyone.
    """

    live_class = models.ForeignKey(
        LiveClassPage, on_delete=models.CASCADE, related_name="viewers"
    )
    source = models.CharField(_("source"), max_length=8, choices=ViewerSource.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="live_viewers",
    )
    device_id = models.CharField(_("device"), max_length=64, blank=True)
    name = models.CharField(_("full name"), max_length=64)
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    enterprise_name = models.CharField(_("enterprise name"), max_length=128)
    post_category = models.CharField(
        _("post category"), max_length=16, choices=PostCategory.choices
    )
    phone = models.CharField(_("mobile phone"), max_length=11, blank=True)
    created_at = models.DateTimeField(_("signed up at"), auto_now_add=True)

    objects = ViewerQuerySet.as_manager()

    class Meta:
        verbose_name = _("viewer")
        verbose_name_plural = _("viewers")
        constraints = [
            models.UniqueConstraint(
                fields=["live_class", "user"],
                condition=models.Q(user__isnull=False),
                name="live_viewer_one_per_user",
            ),
            models.UniqueConstraint(
                fields=["live_class", "device_id"],
                condition=~models.Q(device_id=""),
                name="live_viewer_one_per_device",
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.enterprise_name}）"

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class ViewingSession(models.Model):
    """One connection's present interval. ``key`` makes every write idempotent:
    a flush run twice, or again after a crash, updates the same row."""

    key = models.CharField(max_length=64, unique=True)
    # One visit of a viewer may span several sessions: a socket that rejoins after
    # a presence loss, or a page that reconnects after a server restart, continues
    # its visit (the key of its first session). The gap between them is not
    # counted; the visit is counted once.
    visit = models.CharField(max_length=64, blank=True, db_index=True)
    live_class = models.ForeignKey(
        LiveClassPage, on_delete=models.CASCADE, related_name="viewing_sessions"
    )
    viewer = models.ForeignKey(
        Viewer, on_delete=models.CASCADE, related_name="sessions"
    )
    started_at = models.DateTimeField(_("entered at"))
    ended_at = models.DateTimeField(_("left at"), null=True, blank=True)
    # When the server last heard from the connection, written by its worker in
    # batches (LIVESTREAMS_SESSION_SEEN_INTERVAL): a session whose presence was lost
    # with the store (Redis restart) is closed here, never later.
    last_seen_at = models.DateTimeField(_("last seen at"), null=True, blank=True)
    imported = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("viewing session")
        verbose_name_plural = _("viewing sessions")
        indexes = [models.Index(fields=["live_class", "viewer"])]

    def __str__(self):
        return f"{self.viewer} {self.started_at:%H:%M:%S}"


class CheckIn(models.Model):
    """签到 opened by the host; each viewer answers once."""

    live_class = models.ForeignKey(
        LiveClassPage, on_delete=models.CASCADE, related_name="checkins"
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("check-in")
        ordering = ["opened_at"]

    def __str__(self):
        return f"{self.live_class} {self.opened_at:%H:%M}"


class CheckInAnswer(models.Model):
    checkin = models.ForeignKey(
        CheckIn, on_delete=models.CASCADE, related_name="answers"
    )
    viewer = models.ForeignKey(Viewer, on_delete=models.CASCADE)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["checkin", "viewer"], name="live_checkin_once"
            )
        ]


class Poll(models.Model):
    """A multiple-choice question put to the audience by the host."""

    live_class = models.ForeignKey(
        LiveClassPage, on_delete=models.CASCADE, related_name="polls"
    )
    question = models.CharField(_("question"), max_length=255)
    choices = models.JSONField(_("choices"), default=list)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    results_shared = models.BooleanField(_("results shown to viewers"), default=False)

    class Meta:
        verbose_name = _("poll")
        ordering = ["opened_at"]

    def __str__(self):
        return self.question

    @property
    def tally(self) -> list[tuple[str, int]]:
        return list(zip(self.choices, self.counts(), strict=True))

    def counts(self) -> list[int]:
        tally = dict(
            self.answers.values_list("choice")
            .annotate(n=models.Count("id"))
            .values_list("choice", "n")
        )
        return [tally.get(i, 0) for i in range(len(self.choices))]


class PollAnswer(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="answers")
    viewer = models.ForeignKey(Viewer, on_delete=models.CASCADE)
    choice = models.PositiveSmallIntegerField()
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "viewer"], name="live_poll_once")
        ]
