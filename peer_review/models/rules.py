"""Procedural rules (程序规则) as versioned data: each period and threshold the checks
apply, with its source article and the dates it is in force, applied by the case's
dates (行政处罚法 art. 60: 法律、法规、规章另有规定的，从其规定): a *special* rule (the
办法's own decision period) applies in place of the law's for the dates it covers.

法制审核 staff edit them in the admin (every change is logged); a value nobody has
confirmed against the official text is 待核实, and a finding resting on it says so."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from peer_review.catalogue import RuleKey


class ProceduralRule(models.Model):
    key = models.CharField(_("rule"), max_length=40, choices=RuleKey.choices)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    source = models.CharField(
        _("source"), max_length=200, help_text=_("e.g. 《行政处罚法》第六十条")
    )
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(_("in force until"), null=True, blank=True)
    confirmed = models.BooleanField(
        _("confirmed against the official text"),
        default=False,
        help_text=_(
            "Unconfirmed values are shown as 待核实 in every finding using them."
        ),
    )
    special = models.BooleanField(
        _("special rule (另有规定)"),
        default=False,
        help_text=_(
            "A 规章's own figure where the law lets it prevail (e.g. 行政处罚法 art. 60: "
            "法律、法规、规章另有规定的，从其规定): it applies in place of the law's."
        ),
    )
    note = models.TextField(_("note"), blank=True)

    panels = [
        FieldPanel("key"),
        FieldPanel("value"),
        FieldPanel("source"),
        FieldPanel("effective_from"),
        FieldPanel("effective_to"),
        FieldPanel("confirmed"),
        FieldPanel("special"),
        FieldPanel("note"),
    ]

    class Meta:
        ordering = ["key", "-effective_from"]
        verbose_name = _("procedural rule")
        verbose_name_plural = _("procedural rules")

    def __str__(self):
        status = "" if self.confirmed else "（待核实）"
        return f"{self.get_key_display()}：{self.value.normalize():f}{status}"
