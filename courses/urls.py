"""Routes of the courses module outside Wagtail's page tree."""

from django.urls import path

from courses import views

app_name = "courses"
urlpatterns = [
    path("law/<slug:key>/", views.regulation_detail, name="regulation_detail"),
    path("law/article/<slug:key>/", views.article_detail, name="article_detail"),
    path("my/learning/", views.my_learning, name="my_learning"),
    path("courses/<int:pk>/enroll/", views.course_enroll_view, name="course_enroll"),
    path(
        "courses/lesson/<int:pk>/complete/",
        views.lesson_complete_view,
        name="lesson_complete",
    ),
    path(
        "courses/lesson/<int:pk>/end/",
        views.lesson_end_view,
        name="lesson_end",
    ),
    path("search/", views.search, name="search"),
]
