"""Admin form of an activity: the checks that span its fields and relations."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

MSG_ITEM_YEAR = _(
    "Item %(item)s belongs to the %(year)s list; the activity is in %(date)s."
)


class ActivityForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        date, items = cleaned.get("date"), cleaned.get("items")
        if date and items:
            for item in items:
                year = item.responsibility_list.year
                if year != date.year:
                    self.add_error(
                        "items",
                        MSG_ITEM_YEAR
                        % {"item": item.number, "year": year, "date": date.year},
                    )
        return cleaned
