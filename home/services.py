from django.db import transaction
from wagtail.models import Page

from home.models import HomePage


@transaction.atomic
def home_section_ensure(
    *,
    title: str,
    summary: str = "",
    page: Page | None = None,
    url: str = "",
    staff_only: bool = False,
    first: bool = False,
) -> HomePage:
    """Add or update the home page card titled ``title`` and publish the change;
    ``first`` puts it before the other cards (what most visitors come for).

    Modules call this from their demo seeders so that the home page links to them.
    """
    home = HomePage.objects.get().specific
    value = {
        "title": title,
        "summary": summary,
        "page": page,
        "url": url,
        "staff_only": staff_only,
    }
    sections = [(block.block_type, block.value) for block in home.sections]
    for index, (_type, existing) in enumerate(sections):
        if existing["title"] == title:
            if _key(existing) == _key(value) and (index == 0 or not first):
                return home
            del sections[index]
            sections.insert(0 if first else index, ("section", value))
            break
    else:
        sections.insert(0 if first else len(sections), ("section", value))
    home.sections = sections
    home.save_revision().publish()
    return home


def _key(value) -> tuple:
    page = value.get("page")
    return (
        value["title"],
        value.get("summary") or "",
        page.pk if page else None,
        value.get("url") or "",
        bool(value.get("staff_only")),
    )
