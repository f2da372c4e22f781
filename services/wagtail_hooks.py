from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from core import access
from services import referrals
from services.admin_views import NewReferralsPanel, ReferralPermissionPolicy, ReferralViewSet
from services.models.referral import Referral, ReferralStatus

register_permission_policy(Referral, ReferralPermissionPolicy(Referral), exact_class=True)


@hooks.register("register_admin_viewset")
def register_referral_viewset():
    return ReferralViewSet()


@hooks.register("construct_homepage_panels")
def add_new_referrals_panel(request, panels):
    if bool(access.scope(request.user)):
        url = reverse("referrals:index") + f"?status={ReferralStatus.NEW}&direction=received"
        panels.append(NewReferralsPanel(referrals.new_requests_count(request.user), url))


class BureauMenuItem(MenuItem):
    def is_shown(self, request):
        return access.is_bureau(request.user)


@hooks.register("register_reports_menu_item")
def register_referral_measures_report():
    return BureauMenuItem(_("Referral measures"), reverse("referrals:measures"), icon_name="table", order=900)
