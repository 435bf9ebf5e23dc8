"""Builders of the courses page tree for tests (home → index → pages)."""

from datetime import timedelta

from django.utils import timezone
from wagtail.rich_text import RichText

from courses.models import (
    Article,
    CourseIndexPage,
    CoursePage,
    ExplainerPage,
    LessonPage,
    RegulationIndexPage,
)
from home.models import HomePage


def publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def regulation_index(slug="fagui"):
    return publish_child(
        HomePage.objects.get(), RegulationIndexPage(title="法规解读", slug=slug)
    )


def explainer(index, *, slug, title, article_key=None, points="", tags=()):
    body = []
    if article_key:
        body.append(("article", {"article": Article.objects.get(key=article_key)}))
    if points:
        body.append(("key_points", {"heading": "要点", "body": RichText(points)}))
    page = ExplainerPage(title=title, slug=slug, body=body)
    page.tags.add(*tags)
    return publish_child(index, page)


def course_with_lessons(n=3, *, slug="course"):
    index = publish_child(
        HomePage.objects.get(), CourseIndexPage(title="课程学习", slug=f"{slug}-index")
    )
    course = publish_child(index, CoursePage(title="宣贯课程", slug=slug))
    lessons = [
        publish_child(
            course,
            LessonPage(title=f"第{i + 1}课", slug=f"lesson-{i + 1}", body="<p>x</p>"),
        )
        for i in range(n)
    ]
    return course, lessons


def days_from_today(days: int):
    return timezone.localdate() + timedelta(days=days)
