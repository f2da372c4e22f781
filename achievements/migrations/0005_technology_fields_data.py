"""Issue 15: one TechnologyField per distinct technical field text, and every
achievement — its row and every stored revision — pointed at it.

Values are trimmed (inner runs of spaces become one space); an empty value
stays empty (no entry, a null reference). The texts of every revision count
too, so a draft or an old revision written before the list still loads in the
admin: its content's ``field`` becomes the entry's id, as Wagtail stores a
foreign key. Known texts get an English name; the bureau completes the rest.

``convert`` is shared with matchmaking's migration for DemandPage (entries
are found by their Chinese name, so both point at the same ones).
"""

from django.db import migrations

# English names for the fields the network is known to use (the bureau may
# change them in the admin); other texts start without one.
KNOWN_ENGLISH = {
    "海洋生物": "Marine biology",
    "智能装备": "Smart equipment",
    "海洋装备": "Marine equipment",
    "新能源": "New energy",
    "新材料": "New materials",
    "食品加工": "Food processing",
    "信息技术": "Information technology",
    "生物医药": "Biomedicine",
    "现代农业": "Modern agriculture",
    "节能环保": "Energy saving and environmental protection",
    "文化旅游": "Culture and tourism",
    "先进制造": "Advanced manufacturing",
    "电子信息": "Electronic information",
}
BATCH = 500


def tidy(value):
    return " ".join(str(value or "").split())


def _entry_finder(apps):
    TechnologyField = apps.get_model("achievements", "TechnologyField")
    known = {entry.name_zh: entry.pk for entry in TechnologyField.objects.all()}
    used_english = {entry.name_en.lower() for entry in TechnologyField.objects.exclude(name_en="")}

    def entry_id(value):
        name = tidy(value)[:64]
        if not name:
            return None
        if name not in known:
            english = KNOWN_ENGLISH.get(name, "")
            if english.lower() in used_english:
                english = ""
            entry = TechnologyField.objects.create(name_zh=name, name_en=english, sort_order=len(known) * 10)
            used_english.add(english.lower())
            known[name] = entry.pk
        return known[name]

    return entry_id


def _content_type_id(apps, app_label, model_name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.filter(app_label=app_label, model=model_name).first()
    return content_type.pk if content_type else None


def convert(apps, app_label, model_name, text_field, ref_field):
    """Point every ``model_name`` page and revision at the entry of its text.

    All distinct texts (rows and revisions) are collected first, in sorted
    order, so the list's initial order does not depend on the pages' ids.
    """
    model = apps.get_model(app_label, model_name)
    Revision = apps.get_model("wagtailcore", "Revision")
    content_type_id = _content_type_id(apps, app_label, model_name)
    revisions = Revision.objects.filter(content_type_id=content_type_id) if content_type_id else Revision.objects.none()

    texts = set(model.objects.values_list(text_field, flat=True))
    for content in revisions.values_list("content", flat=True).iterator(chunk_size=BATCH):
        value = (content or {}).get("field")
        if isinstance(value, str):
            texts.add(value)
    entry_id = _entry_finder(apps)
    ids = {text: entry_id(text) for text in sorted(texts, key=tidy)}

    pages = []
    for page in model.objects.only("pk", text_field).iterator(chunk_size=BATCH):
        setattr(page, f"{ref_field}_id", ids.get(getattr(page, text_field)))
        pages.append(page)
        if len(pages) >= BATCH:
            model.objects.bulk_update(pages, [ref_field])
            pages = []
    model.objects.bulk_update(pages, [ref_field])

    changed = []
    for revision in revisions.only("pk", "content").iterator(chunk_size=BATCH):
        content = revision.content or {}
        value = content.get("field")
        if not isinstance(value, str):
            continue  # already an id (or null): written after the list existed
        content["field"] = ids.get(value, entry_id(value))
        revision.content = content
        changed.append(revision)
        if len(changed) >= BATCH:
            Revision.objects.bulk_update(changed, ["content"])
            changed = []
    Revision.objects.bulk_update(changed, ["content"])


def restore(apps, app_label, model_name, text_field, ref_field):
    """Backwards: the entry's Chinese name back into the text, in rows and revisions."""
    TechnologyField = apps.get_model("achievements", "TechnologyField")
    names = dict(TechnologyField.objects.values_list("pk", "name_zh"))
    model = apps.get_model(app_label, model_name)
    for page in model.objects.only("pk", f"{ref_field}_id").iterator(chunk_size=BATCH):
        model.objects.filter(pk=page.pk).update(**{text_field: names.get(getattr(page, f"{ref_field}_id"), "")})
    content_type_id = _content_type_id(apps, app_label, model_name)
    if content_type_id is None:
        return
    Revision = apps.get_model("wagtailcore", "Revision")
    for revision in Revision.objects.filter(content_type_id=content_type_id).iterator(chunk_size=BATCH):
        value = (revision.content or {}).get("field")
        if value is None or isinstance(value, int):
            revision.content["field"] = names.get(value, "")
            revision.save(update_fields=["content"])


def grant_to_the_bureau(apps):
    """The bureau edits the list (its group holds every permission of this
    app once incubators.teams.ensure_bureau_group runs; a site made before
    then gets them here). Operators get none: they only choose."""
    Group = apps.get_model("auth", "Group")
    bureau = Group.objects.filter(name="bureau").first()
    if bureau is None:
        return
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _created = ContentType.objects.get_or_create(app_label="achievements", model="technologyfield")
    for action in ("add", "change", "delete", "view"):
        permission, _created = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_technologyfield",
            defaults={"name": f"Can {action} technology field"},
        )
        bureau.permissions.add(permission)


def forward(apps, schema_editor):
    convert(apps, "achievements", "achievementpage", "field", "field_ref")
    grant_to_the_bureau(apps)


def backward(apps, schema_editor):
    restore(apps, "achievements", "achievementpage", "field", "field_ref")


class Migration(migrations.Migration):
    dependencies = [
        ("achievements", "0004_technology_fields"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forward, backward)]
