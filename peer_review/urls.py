"""Routes of the peer_review module outside Wagtail's page tree."""

app_name = "peer_review"
urlpatterns: list = []
