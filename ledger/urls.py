"""Routes of the law-education ledger outside Wagtail's admin."""

from django.urls import path

from ledger import views

app_name = "ledger"
urlpatterns = [
    path("pufa/", views.pufa_latest, name="pufa_latest"),
    path("pufa/<int:year>/", views.pufa_list, name="pufa_list"),
    path("pufa/<int:year>/xlsx/", views.pufa_list_xlsx, name="pufa_list_xlsx"),
    path("my/", views.my_hub, name="my_hub"),
    path("my/study-hours/", views.my_study_hours, name="my_study_hours"),
]
