"""Routes of the analytics module outside Wagtail's page tree."""

app_name = "analytics"
urlpatterns: list = []
