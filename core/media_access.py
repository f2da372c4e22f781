"""Images and documents an admin user may see or pick: only those of
collections where the user may choose or change them (an operator: its
incubator's collection; the bureau: all). Wagtail's own admin API endpoints
list every image and document of every unrestricted collection."""

from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.permissions import policy_registry


def _scoped(queryset, user):
    policy = policy_registry.get_by_type(queryset.model)
    allowed = policy.instances_user_has_any_permission_for(user, ["choose", "change"])
    return queryset.filter(pk__in=allowed.values("pk"))


class ScopedDocumentsAPIViewSet(DocumentsAdminAPIViewSet):
    def get_queryset(self):
        return _scoped(super().get_queryset(), self.request.user)


class ScopedImagesAPIViewSet(ImagesAdminAPIViewSet):
    def get_queryset(self):
        return _scoped(super().get_queryset(), self.request.user)


def register_scoped_media_endpoints(router):
    """A ``construct_admin_api`` hook, run after Wagtail's (``order``)."""
    router.register_endpoint("documents", ScopedDocumentsAPIViewSet)
    router.register_endpoint("images", ScopedImagesAPIViewSet)
