"""Routes of the livestreams module outside Wagtail's page tree."""

from django.urls import path, re_path

from livestreams import views

app_name = "livestreams"
urlpatterns = [
    path(
        "api/live/enterprises",
        views.enterprise_names,
        name="enterprise_names",
    ),
    path(
        "api/live/<int:class_id>/me",
        views.viewer_state,
        name="viewer_state",
    ),
    path(
        "api/live/<int:class_id>/viewers",
        views.viewer_signup,
        name="viewer_signup",
    ),
    re_path(
        r"^live/(?P<class_id>[0-9]+)/qr\.(?P<fmt>svg|png)$",
        views.class_qr,
        name="class_qr",
    ),
]
