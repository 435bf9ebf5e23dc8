"""Demo content for the home page."""

from home.models import HomePage
from home.services import home_section_ensure

INTRO = (
    "<p>面向执法人员和辖区企业的安全生产法治学习平台：逐条学习法规解读，"
    "参加在线考试与岗位练兵，收看惠企安全空中课堂直播，开展执法案卷交叉评查。</p>"
)


def seed(*, log, **options):
    home = HomePage.objects.get()
    if not home.intro:
        home.intro = INTRO
        home.save_revision().publish()
    home_section_ensure(
        title="管理后台",
        summary="内容发布、题库管理、直播控制台、案卷评查与统计分析。",
        url="/admin/",
        staff_only=True,
    )
    log("首页：导语与栏目")
