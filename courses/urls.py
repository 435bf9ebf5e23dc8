"""Routes of the courses module outside Wagtail's page tree."""

from django.urls import path

from courses import views

app_name = "courses"
urlpatterns = [
    path("law/<slug:key>/", views.regulation_detail, name="regulation_detail"),
    path("law/article/<slug:key>/", views.article_detail, name="article_detail"),
]
