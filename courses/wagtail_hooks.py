from wagtail import hooks

from courses.choosers import article_chooser_viewset, penalty_provision_chooser_viewset
from courses.viewsets import LawViewSetGroup, StudyViewSetGroup


@hooks.register("register_admin_viewset")
def register_law_library():
    return LawViewSetGroup()


@hooks.register("register_admin_viewset")
def register_choosers():
    return [article_chooser_viewset, penalty_provision_chooser_viewset]


@hooks.register("register_admin_viewset")
def register_study():
    return StudyViewSetGroup()
