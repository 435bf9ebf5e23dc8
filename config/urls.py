from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import workflow

urlpatterns = [
    # Approvals that cannot half-happen: in front of Wagtail's views for these paths.
    path("admin/pages/<int:page_id>/edit/", workflow.edit_page),
    path(
        "admin/pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/",
        workflow.workflow_action,
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="accounts/login.html"),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Each module's own routes (APIs, downloads, personal pages); pages are Wagtail's.
    path("", include("courses.urls")),
    path("", include("ledger.urls")),
    path("", include("quizzes.urls")),
    path("", include("livestreams.urls")),
    path("", include("peer_review.urls")),
    path("", include("analytics.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving catches everything else, so it comes last.
urlpatterns += [path("", include(wagtail_urls))]
