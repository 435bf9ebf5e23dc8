"""The CSP breaks nothing (issue 13): the public pages and the Wagtail admin load
without a single Content-Security-Policy violation in the browser."""

import pytest

from demo.accounts import DEMO_PASSWORD
from tests.home.csp import parse_csp

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def watch_violations(page) -> list[str]:
    seen: list[str] = []
    page.on(
        "console",
        lambda msg: (
            seen.append(msg.text) if "Content Security Policy" in msg.text else None
        ),
    )
    return seen


def test_public_pages_and_the_admin_run_under_the_csp(
    live_server, demo_data, page, screenshot
):
    from courses.models import ExplainerPage
    from livestreams.models import LiveClassPage

    violations = watch_violations(page)
    public = ["/", "/pufa/2025/", "/search/?q=有限空间"]
    for model in (ExplainerPage, LiveClassPage):
        first = model.objects.live().first()
        if first is not None:
            public.append(first.url)
    for path in public:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    header = page.request.get(live_server.url + "/").headers
    assert parse_csp(header["content-security-policy"])["script-src"] == ["'self'"]

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "trainer")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    for path in ("/admin/", "/admin/live/"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    explainer = ExplainerPage.objects.first()
    page.goto(f"{live_server.url}/admin/pages/{explainer.pk}/edit/")
    page.wait_for_load_state("networkidle")
    # The editor is scripted: its panels and the rich-text field come up.
    page.wait_for_selector(
        "[data-draftail-input], .Draftail-Editor, [data-streamfield-stream-container]"
    )
    screenshot(page, "security-admin-under-csp")
    # Leave the editor before the database is emptied: its autosave would write on.
    page.goto("about:blank")
    assert violations == []
