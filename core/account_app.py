from wagtail.users.apps import WagtailUsersAppConfig


class UsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app with the account views of ``core.accounts``: user
    forms without the superuser switch for non-superusers."""

    user_viewset = "core.accounts.UserViewSet"
