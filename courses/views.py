from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from courses import viewing
from courses.models import Article, CoursePage, LessonPage, Regulation
from courses.services import course_enroll, lesson_complete, study_tasks_for
from courses.site_search import site_search

SEARCH_LIMIT = 50


def regulation_detail(request, key):
    regulation = get_object_or_404(Regulation, key=key)
    articles = regulation.articles.published().in_order()
    return render(
        request,
        "courses/regulation_detail.html",
        {"regulation": regulation, "articles": articles},
    )


def article_detail(request, key):
    article = get_object_or_404(
        Article.objects.published()
        .select_related("regulation")
        .prefetch_related("penalty_provisions__tiers"),
        key=key,
    )
    explainers = article.explainers.live().public().order_by("title")
    lessons = (
        LessonPage.objects.live().public().filter(linked_articles__article=article)
    )
    return render(
        request,
        "courses/article_detail.html",
        {"article": article, "explainers": explainers, "lessons": lessons.distinct()},
    )


@login_required
def my_learning(request):
    """我的学习任务."""
    tasks = study_tasks_for(request.user)
    return render(request, "courses/my_learning.html", {"tasks": tasks})


@require_POST
@login_required
def course_enroll_view(request, pk):
    """开始学习: enroll and go to the first lesson."""
    course = get_object_or_404(CoursePage.objects.live(), pk=pk)
    course_enroll(user=request.user, course=course)
    first = course.lessons().first()
    return redirect(first.url if first else course.url)


MSG_NOT_VIEWED = _(
    "Study the lesson first: %(seconds)s more seconds on the page, or watch the "
    "video or read the text to the end."
)


@require_POST
@login_required
def lesson_complete_view(request, pk):
    """完成本课时学习, accepted only once the lesson was viewed long enough."""
    lesson = get_object_or_404(LessonPage.objects.live(), pk=pk)
    remaining = viewing.lesson_remaining(request.session, lesson.pk)
    if remaining:
        messages.error(request, MSG_NOT_VIEWED % {"seconds": remaining})
    else:
        lesson_complete(user=request.user, lesson=lesson)
    return redirect(lesson.url)


@require_POST
@login_required
def lesson_end_view(request, pk):
    """The lesson page reports that its video played out or its text was read to
    the bottom."""
    lesson = get_object_or_404(LessonPage.objects.live(), pk=pk)
    noted = viewing.lesson_end_reached(request.session, lesson.pk)
    return JsonResponse({"counted": noted}, status=200 if noted else 409)


def search(request):
    """Chinese search over articles, explainers, courses, lessons, live classes and
    open quizzes (jieba-segmented, with the domain's synonyms)."""
    query = request.GET.get("q", "").strip()[:100]
    results = site_search(query, limit=SEARCH_LIMIT) if query else []
    return render(request, "courses/search.html", {"query": query, "results": results})
