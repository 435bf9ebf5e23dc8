from wagtail import hooks

from courses.viewsets import LawViewSetGroup


@hooks.register("register_admin_viewset")
def register_law_library():
    return LawViewSetGroup()
