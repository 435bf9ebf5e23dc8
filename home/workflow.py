"""Workflow actions that cannot half-happen.

Wagtail's edit view and its workflow-action view each read "is this page still under
review?" and then act. A coordinator who presses 批准 twice (or two coordinators at
once) can get both requests past that check: the second then saves a stray draft over
the approved page, or fails with a 500 half-way through. These wrappers serialise
workflow actions on one page with a row lock, re-check inside the lock, and answer a
repeat with a message instead of acting again. The publish and the workflow state are
committed in the same transaction, so neither can exist without the other.

``config/urls.py`` mounts them in front of Wagtail's own routes for the same paths.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.auth import require_admin_access
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.admin.urls import pages as wagtail_page_urls
from wagtail.models import Page

ALREADY_HANDLED = (
    "This review has already been handled; the page's state is shown here."
)


def _wagtail_view(name: str):
    for pattern in wagtail_page_urls.urlpatterns:
        if getattr(pattern, "name", None) == name:
            return pattern.callback
    raise LookupError(name)


def _lock_page(page_id: int) -> Page | None:
    return Page.objects.select_for_update().filter(pk=page_id).first()


def _already_handled(request, page_id: int):
    messages.info(request, _(ALREADY_HANDLED))
    edit_url = reverse("wagtailadmin_pages:edit", args=(page_id,))
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        return render_modal_workflow(
            request, "", None, {}, json_data={"step": "success", "redirect": edit_url}
        )
    return redirect(edit_url)


def _guard(view, *, is_workflow_post, still_open):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "POST" or not is_workflow_post(request):
            return view(request, *args, **kwargs)
        page_id = kwargs["page_id"]
        with transaction.atomic():
            page = _lock_page(page_id)
            if page is not None and not still_open(page, **kwargs):
                return _already_handled(request, page_id)
            return view(request, *args, **kwargs)

    return require_admin_access(wrapper)


def _edit_is_workflow_post(request) -> bool:
    return bool(request.POST.get("action-workflow-action"))


def _page_under_review(page: Page, **kwargs) -> bool:
    return page.current_workflow_task is not None


def _task_state_open(page: Page, *, task_state_id: int, **kwargs) -> bool:
    current = page.current_workflow_task_state
    return current is not None and current.pk == task_state_id


edit_page = _guard(
    _wagtail_view("edit"),
    is_workflow_post=_edit_is_workflow_post,
    still_open=_page_under_review,
)
workflow_action = _guard(
    _wagtail_view("workflow_action"),
    is_workflow_post=lambda request: True,
    still_open=_task_state_open,
)
