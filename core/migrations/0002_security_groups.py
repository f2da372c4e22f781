"""Issue 9: who holds which admin rights.

- Wagtail's default "Editors" and "Moderators" groups hold add/edit/publish
  on the root page: anyone put in them would escape an incubator's subtree.
  They are deleted when nobody is in them, else stripped of every permission.
- The bureau group manages operator accounts, not group permissions: it
  loses ``auth.change_group`` and gains the locked sign-ins list (view and
  delete django-axes' access attempts, i.e. unlock).
"""

from django.db import migrations

DEFAULT_GROUPS = ["Editors", "Moderators"]


def _permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def forward(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    for group in Group.objects.filter(name__in=DEFAULT_GROUPS):
        GroupPagePermission.objects.filter(group=group).delete()
        GroupCollectionPermission.objects.filter(group=group).delete()
        group.permissions.clear()
        if not group.user_set.exists():
            group.delete()
    bureau = Group.objects.filter(name="bureau").first()
    if bureau is not None:
        bureau.permissions.remove(
            *bureau.permissions.filter(codename__in=["change_group", "add_group", "delete_group"])
        )
        bureau.permissions.add(
            _permission(apps, "axes", "accessattempt", "view_accessattempt", "Can view access attempt"),
            _permission(apps, "axes", "accessattempt", "delete_accessattempt", "Can delete access attempt"),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("axes", "0010_accessattemptexpiration"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
