import datetime as dt

from django.utils import timezone

from accounts.models import PostCategory
from home.models import HomePage
from livestreams.models import (
    ClassStatus,
    LiveClassIndexPage,
    LiveClassPage,
    Viewer,
    ViewerSource,
)


def class_index() -> LiveClassIndexPage:
    index = LiveClassIndexPage.objects.first()
    if index is None:
        index = LiveClassIndexPage(title="空中课堂", slug="live")
        HomePage.objects.get().add_child(instance=index)
    return index


def make_class(*, period: int = 1, live: bool = True, **fields) -> LiveClassPage:
    """A published class under the index; live (直播中) unless told otherwise."""
    start = fields.pop("scheduled_start", timezone.now() - dt.timedelta(minutes=5))
    page = LiveClassPage(
        title=fields.pop("title", f"惠企安全空中课堂 第{period}期"),
        slug=f"class-{period}-{LiveClassPage.objects.count()}",
        period=period,
        speaker="王讲师",
        scheduled_start=start,
        scheduled_end=fields.pop("scheduled_end", start + dt.timedelta(hours=1)),
        status=ClassStatus.LIVE if live else ClassStatus.SCHEDULED,
        started_at=start if live else None,
        **fields,
    )
    class_index().add_child(instance=page)
    return page


def make_viewer(live_class, *, name="张三", enterprise_name="测试企业有限公司", **kw):
    kw.setdefault("source", ViewerSource.GUEST)
    kw.setdefault("post_category", PostCategory.FRONT_LINE)
    return Viewer.objects.create(
        live_class=live_class, name=name, enterprise_name=enterprise_name, **kw
    )
