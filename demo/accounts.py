"""Demo people and organisations. Every password here is for local use only."""

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
from accounts.validators import CHARSET, credit_code_check_char

DEMO_PASSWORD = "demo2025"

GROUPS = ["执法一组", "执法二组", "执法三组", "执法四组", "执法五组", "执法六组"]

# (name, industry, risk tier, major hazard source)
ENTERPRISES = [
    ("津东化工储运有限公司", Industry.HAZARDOUS_CHEMICALS, RiskTier.HIGH, True),
    ("东丽精细化学品有限公司", Industry.HAZARDOUS_CHEMICALS, RiskTier.HIGH, True),
    ("新立燃气供应站有限公司", Industry.HAZARDOUS_CHEMICALS, RiskTier.HIGH, False),
    ("华明涂料科技有限公司", Industry.HAZARDOUS_CHEMICALS, RiskTier.HIGH, False),
    ("金桥钢铁制品有限公司", Industry.METALLURGY, RiskTier.HIGH, False),
    ("滨河铝业加工有限公司", Industry.NONFERROUS, RiskTier.HIGH, False),
    ("军粮城建材有限公司", Industry.BUILDING_MATERIALS, RiskTier.GENERAL, False),
    ("东丽重型机械有限公司", Industry.MACHINERY, RiskTier.GENERAL, False),
    ("津华木业家具有限公司", Industry.COMBUSTIBLE_DUST, RiskTier.HIGH, False),
    ("金钟面粉加工有限公司", Industry.COMBUSTIBLE_DUST, RiskTier.HIGH, False),
    ("海河冷链物流有限公司", Industry.AMMONIA_REFRIGERATION, RiskTier.HIGH, False),
    ("万新食品冷藏有限公司", Industry.AMMONIA_REFRIGERATION, RiskTier.HIGH, False),
    ("东丽污水处理运营有限公司", Industry.CONFINED_SPACE, RiskTier.HIGH, False),
    ("张贵庄仓储服务有限公司", Industry.WAREHOUSING, RiskTier.GENERAL, False),
    ("华新纺织印染有限公司", Industry.TEXTILES, RiskTier.GENERAL, False),
    ("津港轻工包装有限公司", Industry.LIGHT_INDUSTRY, RiskTier.GENERAL, False),
    ("东丽商贸综合体管理有限公司", Industry.TRADE, RiskTier.GENERAL, False),
    ("无瑕街机械配件有限公司", Industry.MACHINERY, RiskTier.GENERAL, False),
]

# (username, name, role, group index or None, enterprise index or None, post category)
PEOPLE = [
    ("trainer", "王晓培", roles.TRAINER, None, None, ""),
    ("coordinator", "李法审", roles.REVIEW_COORDINATOR, None, None, ""),
    ("sysadmin", "赵系统", roles.SYSTEM_ADMIN, None, None, ""),
    ("officer1", "张执法", roles.ENFORCEMENT_OFFICER, 0, None, ""),
    ("officer2", "刘安全", roles.ENFORCEMENT_OFFICER, 0, None, ""),
    ("officer3", "陈检查", roles.ENFORCEMENT_OFFICER, 1, None, ""),
    ("officer4", "杨监察", roles.ENFORCEMENT_OFFICER, 1, None, ""),
    ("officer5", "黄督导", roles.ENFORCEMENT_OFFICER, 2, None, ""),
    ("officer6", "周稽查", roles.ENFORCEMENT_OFFICER, 2, None, ""),
    ("worker", "孙一线", roles.ENTERPRISE_WORKER, None, 0, PostCategory.FRONT_LINE),
    ("manager", "吴主管", roles.ENTERPRISE_WORKER, None, 0, PostCategory.MANAGEMENT),
]


def demo_credit_code(index: int) -> str:
    """A valid, clearly fictitious code: 91 + 东丽区 120110 + a serial + check."""
    serial = ""
    n = index + 1
    for _ in range(9):
        n, r = divmod(n, 31)
        serial = CHARSET[r] + serial
    first17 = "91120110" + serial
    return first17 + credit_code_check_char(first17)


def seed(*, log, **options):
    groups = [
        EnforcementGroup.objects.update_or_create(
            name=name, defaults={"sort_order": i + 1}
        )[0]
        for i, name in enumerate(GROUPS)
    ]
    enterprises = []
    for i, (name, industry, tier, hazard) in enumerate(ENTERPRISES):
        enterprise, _ = Enterprise.objects.update_or_create(
            credit_code=demo_credit_code(i),
            defaults={
                "name": name,
                "industry": industry,
                "risk_tier": tier,
                "has_major_hazard_source": hazard,
                "address": "天津市东丽区",
            },
        )
        enterprises.append(enterprise)

    role_groups = {g.name: g for g in Group.objects.filter(name__in=roles.ROLES)}
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser(
            "admin", password=DEMO_PASSWORD, name="平台管理员"
        )
    for username, name, role, group_i, enterprise_i, post in PEOPLE:
        user, created = User.objects.get_or_create(username=username)
        user.name = name
        user.enforcement_group = groups[group_i] if group_i is not None else None
        user.enterprise = (
            enterprises[enterprise_i] if enterprise_i is not None else None
        )
        user.post_category = post
        if role == roles.ENFORCEMENT_OFFICER:
            user.certificate_number = f"12011000{int(username[-1]):04d}"
        if created:
            user.set_password(DEMO_PASSWORD)
        user.full_clean()
        user.save()
        user.groups.set([role_groups[role]])
    log(
        f"人员与组织：{len(groups)} 个执法小组，{len(enterprises)} 家企业，{len(PEOPLE) + 1} 个账号"
    )
