from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from api.views import hsds_download
from core.access import is_bureau


@hooks.register("register_admin_urls")
def register_open_data_urls():
    return [path("open-data/hsds.zip", hsds_download, name="hsds_download")]


class BureauMenuItem(MenuItem):
    def is_shown(self, request):
        return is_bureau(request.user)


@hooks.register("register_reports_menu_item")
def register_hsds_download():
    return BureauMenuItem(
        _("Open data export (HSDS)"), reverse("hsds_download"), icon_name="download", order=950
    )
