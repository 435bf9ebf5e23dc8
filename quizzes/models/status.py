"""The attempt's status, apart so that the quiz page can read it without importing
the attempt models (which import the page)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AttemptStatus(models.TextChoices):
    OPEN = "open", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
