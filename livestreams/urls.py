"""Routes of the livestreams module outside Wagtail's page tree."""

app_name = "livestreams"
urlpatterns: list = []
