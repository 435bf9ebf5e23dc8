from wagtail import hooks

from ledger.viewsets import LedgerViewSetGroup, enterprise_chooser_viewset


@hooks.register("register_admin_viewset")
def register_law_education_ledger():
    return [LedgerViewSetGroup(), enterprise_chooser_viewset]
