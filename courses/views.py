from django.shortcuts import get_object_or_404, render

from courses.models import Article, Regulation


def regulation_detail(request, key):
    regulation = get_object_or_404(Regulation, key=key)
    articles = regulation.articles.in_order()
    return render(
        request,
        "courses/regulation_detail.html",
        {"regulation": regulation, "articles": articles},
    )


def article_detail(request, key):
    article = get_object_or_404(
        Article.objects.select_related("regulation").prefetch_related(
            "penalty_provisions__tiers"
        ),
        key=key,
    )
    return render(request, "courses/article_detail.html", {"article": article})
