from wagtail import hooks

from courses.viewsets import LawViewSetGroup


@hooks.register("register_admin_viewset")
def register_law_library():
    return LawViewSetGroup()


@hooks.register("register_admin_viewset")
def register_law_education_ledger():
    from courses.ledger_viewsets import LedgerViewSetGroup, enterprise_chooser_viewset

    return [LedgerViewSetGroup(), enterprise_chooser_viewset]
