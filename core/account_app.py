from wagtail.users.apps import WagtailUsersAppConfig


class UsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app with the account views of ``core.accounts``: user
    forms without the superuser switch for non-superusers, and the bureau's
    list of locked sign-ins."""

    user_viewset = "core.accounts.UserViewSet"

    def ready(self):
        super().ready()
        from wagtail import hooks

        from core.accounts import LockoutViewSet
        from core.media_access import register_scoped_media_endpoints

        hooks.register("register_admin_viewset", lambda: LockoutViewSet("locked_sign_ins"))
        hooks.register("construct_admin_api", register_scoped_media_endpoints, order=100)
