"""Routes of the courses module outside Wagtail's page tree."""

from django.urls import path

from courses import ledger_views, views

app_name = "courses"
urlpatterns = [
    path("law/<slug:key>/", views.regulation_detail, name="regulation_detail"),
    path("law/article/<slug:key>/", views.article_detail, name="article_detail"),
    # The law-education ledger (普法台账)
    path("pufa/", ledger_views.pufa_latest, name="pufa_latest"),
    path("pufa/<int:year>/", ledger_views.pufa_list, name="pufa_list"),
    path("pufa/<int:year>/xlsx/", ledger_views.pufa_list_xlsx, name="pufa_list_xlsx"),
    path("my/study-hours/", ledger_views.my_study_hours, name="my_study_hours"),
]
