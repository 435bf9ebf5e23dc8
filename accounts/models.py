from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.validators import validate_credit_code


class Industry(models.TextChoices):
    HAZARDOUS_CHEMICALS = "hazardous_chemicals", _("Hazardous chemicals")
    METALLURGY = "metallurgy", _("Metallurgy")
    NONFERROUS = "nonferrous", _("Non-ferrous metals")
    BUILDING_MATERIALS = "building_materials", _("Building materials")
    MACHINERY = "machinery", _("Machinery")
    LIGHT_INDUSTRY = "light_industry", _("Light industry")
    TEXTILES = "textiles", _("Textiles")
    TRADE = "trade", _("Commerce and trade")
    COMBUSTIBLE_DUST = "combustible_dust", _("Combustible dust")
    AMMONIA_REFRIGERATION = "ammonia_refrigeration", _("Ammonia refrigeration")
    CONFINED_SPACE = "confined_space", _("Confined spaces")
    WAREHOUSING = "warehousing", _("Warehousing")
    OTHER = "other", _("Other")


class RiskTier(models.TextChoices):
    HIGH = "high", _("High risk")
    GENERAL = "general", _("General")


class PostCategory(models.TextChoices):
    FRONT_LINE = "front_line", _("Front-line worker")
    MANAGEMENT = "management", _("Manager")


class EnforcementGroup(models.Model):
    """执法小组: the unit that handles cases and cross-reviews other groups' files."""

    name = models.CharField(_("name"), max_length=64, unique=True)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("enforcement group")
        verbose_name_plural = _("enforcement group")

    def __str__(self):
        return self.name


class EnterpriseQuerySet(models.QuerySet):
    def high_risk_first(self):
        """Hazardous-chemical and high-risk enterprises first, then by name."""
        return self.annotate(
            _hazchem=models.Case(
                models.When(industry=Industry.HAZARDOUS_CHEMICALS, then=0), default=1
            ),
            _risk=models.Case(models.When(risk_tier=RiskTier.HIGH, then=0), default=1),
        ).order_by("_hazchem", "_risk", "name")


class Enterprise(models.Model):
    """A registered enterprise under the bureau's supervision."""

    name = models.CharField(_("enterprise name"), max_length=128)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
    )
    industry = models.CharField(_("industry"), max_length=32, choices=Industry.choices)
    risk_tier = models.CharField(
        _("risk tier"),
        max_length=16,
        choices=RiskTier.choices,
        default=RiskTier.GENERAL,
    )
    has_major_hazard_source = models.BooleanField(
        _("has a major hazard source"), default=False
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=64, blank=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprise")
        indexes = [models.Index(fields=["industry", "risk_tier"])]

    def __str__(self):
        return self.name

    def clean(self):
        self.credit_code = (self.credit_code or "").strip().upper()


class User(AbstractUser):
    """A person on the platform: bureau staff (in an enforcement group) or an
    enterprise worker (in an enterprise, front line or management)."""

    name = models.CharField(_("full name"), max_length=64, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    enforcement_group = models.ForeignKey(
        EnforcementGroup,
        verbose_name=_("enforcement group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    certificate_number = models.CharField(
        _("enforcement certificate number"), max_length=32, blank=True
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workers",
    )
    post_category = models.CharField(
        _("post category"), max_length=16, choices=PostCategory.choices, blank=True
    )

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("user")

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        return self.name or f"{self.last_name}{self.first_name}".strip()

    def get_short_name(self):
        return self.get_full_name() or self.username

    def clean(self):
        super().clean()
        if self.enforcement_group_id and self.enterprise_id:
            raise ValidationError(
                _(
                    "A user cannot belong to both an enforcement group and an enterprise."
                )
            )
        if self.enterprise_id and not self.post_category:
            raise ValidationError(
                {"post_category": _("Enterprise workers must have a post category.")}
            )

    def has_role(self, role: str) -> bool:
        """Whether the user is in the role's group (superusers hold every role)."""
        if self.is_superuser:
            return True
        return role in self.role_names

    @property
    def role_names(self) -> frozenset[str]:
        cached = getattr(self, "_role_names", None)
        if cached is None:
            cached = frozenset(self.groups.values_list("name", flat=True))
            self._role_names = cached
        return cached

    @property
    def is_enforcement_staff(self) -> bool:
        return self.has_role(roles.ENFORCEMENT_OFFICER)

    @property
    def is_enterprise_worker(self) -> bool:
        return roles.ENTERPRISE_WORKER in self.role_names
