import factory
from django.contrib.auth.models import Group

from accounts import roles
from accounts.models import (
    EnforcementGroup,
    Enterprise,
    Industry,
    PostCategory,
    RiskTier,
    User,
)
from demo.accounts import demo_credit_code


class EnforcementGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnforcementGroup
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试执法{n}组")


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    credit_code = factory.Sequence(lambda n: demo_credit_code(10_000 + n))
    industry = Industry.MACHINERY
    risk_tier = RiskTier.GENERAL


def _join(user, create, role_name):
    if create and role_name:
        user.groups.add(Group.objects.get(name=role_name))


def _role(default: str) -> factory.PostGeneration:
    """A post-generation hook putting the user in ``role`` (or the default role)."""
    return factory.PostGeneration(
        lambda user, create, extracted, **kw: _join(user, create, extracted or default)
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"测试用户{n}")
    password = factory.django.Password("pw-for-tests")

    role = factory.PostGeneration(
        lambda user, create, extracted, **kw: _join(user, create, extracted)
    )


class OfficerFactory(UserFactory):
    enforcement_group = factory.SubFactory(EnforcementGroupFactory)
    certificate_number = factory.Sequence(lambda n: f"1201100{n:05d}")
    role = _role(roles.ENFORCEMENT_OFFICER)


class WorkerFactory(UserFactory):
    enterprise = factory.SubFactory(EnterpriseFactory)
    post_category = PostCategory.FRONT_LINE
    role = _role(roles.ENTERPRISE_WORKER)


class TrainerFactory(UserFactory):
    role = _role(roles.TRAINER)


class CoordinatorFactory(UserFactory):
    role = _role(roles.REVIEW_COORDINATOR)
