"""Routes of the courses module outside Wagtail's page tree."""

app_name = "courses"
urlpatterns: list = []
