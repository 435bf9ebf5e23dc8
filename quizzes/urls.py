"""Routes of the quizzes module outside Wagtail's page tree."""

from django.urls import path

from quizzes import views

app_name = "quizzes"
urlpatterns = [
    path("quizzes/<int:page_id>/start/", views.quiz_start, name="quiz_start"),
    path(
        "quizzes/attempts/<uuid:public_id>/",
        views.attempt_take,
        name="attempt_take",
    ),
    path(
        "quizzes/attempts/<uuid:public_id>/answers/",
        views.attempt_answer,
        name="attempt_answer",
    ),
    path(
        "quizzes/attempts/<uuid:public_id>/submit/",
        views.attempt_submit,
        name="attempt_submit",
    ),
    path(
        "quizzes/attempts/<uuid:public_id>/result/",
        views.attempt_result,
        name="attempt_result",
    ),
    path("quizzes/session/", views.session_state, name="session_state"),
    path(
        "quizzes/practice/article/<int:article_pk>/",
        views.drill_for_article,
        name="drill_for_article",
    ),
    path("my/drills/", views.my_drills, name="my_drills"),
    path("my/wrong-book/", views.wrong_book, name="wrong_book"),
]
