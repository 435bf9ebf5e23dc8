"""Routes of the courses module outside Wagtail's page tree."""

from django.urls import path

from courses import ledger_views, views

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
    path("search/", views.search, name="search"),
    # The law-education ledger (普法台账)
    path("pufa/", ledger_views.pufa_latest, name="pufa_latest"),
    path("pufa/<int:year>/", ledger_views.pufa_list, name="pufa_list"),
    path("pufa/<int:year>/xlsx/", ledger_views.pufa_list_xlsx, name="pufa_list_xlsx"),
    path("my/study-hours/", ledger_views.my_study_hours, name="my_study_hours"),
]
