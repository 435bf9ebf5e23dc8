"""Routes of the quizzes module outside Wagtail's page tree."""

app_name = "quizzes"
urlpatterns: list = []
