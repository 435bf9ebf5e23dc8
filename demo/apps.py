from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo content and synthetic years (``seed_demo``, ``generate_year``).

    No product app imports this one: it writes their data through their models
    and services, the way a trainer's upload or the admin would.
    """

    name = "demo"
    verbose_name = _("Demo data")
