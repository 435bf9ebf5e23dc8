"""Routes of the cross-review workflow inside the Wagtail admin (/admin/peer-review/)."""

from django.urls import path

from peer_review import views

app_name = "peer_review_admin"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("case-files/<int:pk>/", views.case_detail, name="case_detail"),
    path("case-files/<int:pk>/upload/", views.document_upload, name="document_upload"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path("reviews/<int:pk>/", views.review_form, name="review_form"),
    path("rounds/", views.rounds, name="rounds"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_summary_view, name="round_summary"),
    path("arbitrations/<int:pk>/", views.arbitrate, name="arbitrate"),
    path("issues/", views.issues, name="issues"),
    path("issues/<int:pk>/evidence/", views.issue_evidence, name="issue_evidence"),
    path("issues/<int:pk>/respond/", views.issue_respond, name="issue_respond"),
    path("issues/<int:pk>/verify/", views.issue_verify, name="issue_verify"),
    path("drill-topics/", views.drill_topics, name="drill_topics"),
    path("drill-topics/assign/", views.drill_assign, name="drill_assign"),
    path("import/", views.import_case_files, name="import_case_files"),
    path("template.xlsx", views.import_template, name="import_template"),
]
