"""Admin hooks of the bottom layer: the bureau's locked sign-ins, and the
admin API's image and document endpoints narrowed to what the user may
choose (issue 9)."""

from wagtail import hooks

from core.accounts import LockoutViewSet
from core.media_access import register_scoped_media_endpoints


@hooks.register("register_admin_viewset")
def register_lockout_viewset():
    return LockoutViewSet("locked_sign_ins")


# After Wagtail's own registrations of "documents" and "images" (order).
hooks.register("construct_admin_api", register_scoped_media_endpoints, order=100)
