"""Who may edit what: one operator group per incubator, one bureau group.

Confinement uses Wagtail's own machinery only — page permissions on the
incubator's page (which cover its whole subtree) and collection permissions
on the incubator's image/document collection — so the admin, its explorer,
choosers and search all honour it without custom checks.
"""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from core import access
from core.access import BUREAU_GROUP_NAME
from incubators.models import IncubatorPage

# Page permission types granted on the incubator's own page.
OPERATOR_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")
BUREAU_PAGE_PERMISSIONS = ("add", "change", "publish", "bulk_delete", "lock", "unlock")

# Apps whose model permissions the bureau holds in full. Apps that add
# bureau-managed records append their label here.
BUREAU_APPS = ["home", "core", "incubators", "services", "events", "achievements", "search", "quotas"]
BUREAU_EXTRA_PERMISSIONS = (
    ("auth", "add_user"),
    ("auth", "change_user"),
    ("auth", "delete_user"),
    ("auth", "view_user"),
    ("auth", "view_group"),
    ("axes", "view_accessattempt"),
    ("axes", "delete_accessattempt"),
    ("wagtailcore", "add_workflow"),
    ("wagtailcore", "change_workflow"),
    ("wagtailcore", "add_task"),
    ("wagtailcore", "change_task"),
)


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def media_permissions():
    """Add, change and choose images and documents. Wagtail checks these on
    its own Image/Document models whatever the configured (custom) model."""
    return [
        _permission(app_label, codename)
        for app_label, codename in (
            ("wagtailimages", "add_image"),
            ("wagtailimages", "change_image"),
            ("wagtailimages", "choose_image"),
            ("wagtaildocs", "add_document"),
            ("wagtaildocs", "change_document"),
            ("wagtaildocs", "choose_document"),
        )
    ]


def _page_permission(permission_type):
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{permission_type}_page")


def _grant_collection(group, collection):
    for permission in media_permissions():
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )


@transaction.atomic
def ensure_operator_team(incubator):
    """Create (or repair) the operator group and media collection of an
    incubator. Safe to call any number of times."""
    changed = []
    if incubator.collection_id is None:
        root = Collection.get_first_root_node()
        collection = root.add_child(name=incubator.title)
        incubator.collection = collection
        changed.append("collection")
    if incubator.operator_group_id is None:
        name = _("Operators of %(incubator)s (%(slug)s)") % {
            "incubator": incubator.title,
            "slug": incubator.slug,
        }
        group, _created = Group.objects.get_or_create(name=name)
        incubator.operator_group = group
        changed.append("operator_group")
    if changed:
        # update() rather than save(): this is bookkeeping, not a new revision.
        type(incubator).objects.filter(pk=incubator.pk).update(
            **{f"{field}_id": getattr(incubator, f"{field}_id") for field in changed}
        )
    group = incubator.operator_group
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for permission_type in OPERATOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group, page=incubator.page_ptr, permission=_page_permission(permission_type)
        )
    _grant_collection(group, incubator.collection)
    return group


@transaction.atomic
def ensure_operator_teams(incubators):
    """ensure_operator_team for many new incubators (import_directory's bulk
    path): the same collections, groups and permissions, written in batches."""
    incubators = [incubator for incubator in incubators]
    if not incubators:
        return
    root = Collection.get_first_root_node()
    # In name order (Collection's node_order_by, as Python sorts: SQLite's
    # default collation), so that fix_tree below has little or nothing to move.
    new_collections = sorted(
        (incubator for incubator in incubators if incubator.collection_id is None),
        key=lambda incubator: incubator.title,
    )
    if new_collections:
        root.refresh_from_db()
        last = root.get_last_child()
        step = Collection._str2int(last.path[-Collection.steplen :]) + 1 if last else 1
        collections = []
        for offset, incubator in enumerate(new_collections):
            collections.append(
                Collection(
                    name=incubator.title,
                    path=Collection._get_path(root.path, root.depth + 1, step + offset),
                    depth=root.depth + 1,
                    numchild=0,
                )
            )
        Collection.objects.bulk_create(collections)
        Collection.objects.filter(pk=root.pk).update(numchild=root.numchild + len(collections))
        # Collections keep their siblings in name order (node_order_by), which
        # treebeard's later inserts rely on: put the new ones in their places.
        Collection.fix_tree(fix_paths=True)
        for incubator, collection in zip(new_collections, collections, strict=True):
            incubator.collection = collection
    names = {
        incubator.pk: _("Operators of %(incubator)s (%(slug)s)")
        % {"incubator": incubator.title, "slug": incubator.slug}
        for incubator in incubators
        if incubator.operator_group_id is None
    }
    if names:
        groups = {group.name: group for group in Group.objects.filter(name__in=names.values())}
        missing = [Group(name=name) for name in set(names.values()) - set(groups)]
        Group.objects.bulk_create(missing)
        groups.update({group.name: group for group in missing})
        for incubator in incubators:
            if incubator.pk in names:
                incubator.operator_group = groups[names[incubator.pk]]
    type(incubators[0]).objects.bulk_update(incubators, ["collection", "operator_group"], batch_size=500)
    access_admin = Permission.objects.get(codename="access_admin")
    Group.permissions.through.objects.bulk_create(
        [
            Group.permissions.through(group_id=incubator.operator_group_id, permission_id=access_admin.pk)
            for incubator in incubators
        ],
        ignore_conflicts=True,
    )
    page_permissions = [_page_permission(permission_type) for permission_type in OPERATOR_PAGE_PERMISSIONS]
    GroupPagePermission.objects.bulk_create(
        [
            GroupPagePermission(
                group_id=incubator.operator_group_id, page_id=incubator.pk, permission=permission
            )
            for incubator in incubators
            for permission in page_permissions
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    media = media_permissions()
    GroupCollectionPermission.objects.bulk_create(
        [
            GroupCollectionPermission(
                group_id=incubator.operator_group_id,
                collection_id=incubator.collection_id,
                permission=permission,
            )
            for incubator in incubators
            for permission in media
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )


@transaction.atomic
def ensure_bureau_group():
    """The science & technology bureau: every page, every record, users."""
    group, _created = Group.objects.get_or_create(name=BUREAU_GROUP_NAME)
    permissions = Permission.objects.filter(content_type__app_label__in=BUREAU_APPS)
    group.permissions.add(*permissions)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for app_label, codename in BUREAU_EXTRA_PERMISSIONS:
        group.permissions.add(_permission(app_label, codename))
    root = Page.get_first_root_node()
    for permission_type in BUREAU_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group, page=root, permission=_page_permission(permission_type)
        )
    _grant_collection(group, Collection.get_first_root_node())
    return group


def incubators_of(user):
    """The incubators a user may act for (all of them for the bureau), as
    IncubatorPage rows; the rule itself is core.access.scope."""
    return access.scope(user).filter(IncubatorPage.objects.all())


def operator_emails(incubator):
    """Where mail for an incubator goes: its active operators' addresses, or
    the incubator's public contact address when it has no operator with one."""
    emails = []
    if incubator.operator_group_id is not None:
        emails = list(
            get_user_model()
            .objects.filter(groups=incubator.operator_group_id, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    return sorted(set(emails or [incubator.contact_email]) - {""})


@transaction.atomic
def create_operator(username, incubator, *, email="", password=None):
    """Create or update an operator account for ``incubator`` and return
    (user, password) — the password only when one was set now."""
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults={"email": email})
    if email and user.email != email:
        user.email = email
    new_password = None
    if created or password:
        new_password = password or secrets.token_urlsafe(12)
        user.set_password(new_password)
    user.is_staff = False
    user.save()
    user.groups.add(ensure_operator_team(incubator))
    return user, new_password
