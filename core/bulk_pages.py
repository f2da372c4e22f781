"""Create and publish many new pages in batches: import_directory's fast path.

Wagtail's own path — ``add_child``, ``save_revision``, ``publish`` — costs a
few dozen queries per page (three saves, a revision, log entries, Wagtail's
search index and reference index, signals), about 17 pages a second here.
This module writes the same rows for many new pages at once:

* the ``wagtailcore_page`` rows with treebeard paths computed here (after the
  parent's last child), ``url_path``, ``live`` and publication times, by
  ``bulk_create``; then each page type's own table rows;
* one ``Revision`` per page holding ``serializable_data()`` (what
  ``save_revision`` stores), set as the page's latest and live revision;
* the ``wagtail.create`` and ``wagtail.publish`` log entries of each page,
  as the admin's create-and-publish writes them;
* the pages' child-relation rows (inline panels) and Wagtail's reference
  index;
* Wagtail's own search index (the admin's page search), after the
  transaction commits, in batches;
* then ``pages_bulk_published`` (sender: the page class, ``pages``: the new
  pages), the bulk counterpart of ``page_published``: the site's search
  index listens to it.

Afterwards Wagtail sees ordinary pages: editing one in the admin loads its
revision, publishing it adds the next one, ``fixtree`` finds nothing
(tests/incubators/test_bulk_import.py). Only *new* pages go this way; a page
that exists is updated through Wagtail's path. Page types with more than
one concrete parent table, aliases or scheduled publishing are not handled
here.
"""

import uuid
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    F,
    Field,
    ForeignKey,
    TextField,
)
from django.dispatch import Signal
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from modelcluster.models import (
    get_all_child_m2m_relations,
    get_all_child_relations,
    get_field_value,
    get_serializable_data_for_fields,
)
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.utils import get_content_type_pk
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page, PageLogEntry, ReferenceIndex, Revision

from core.richtext import text_for_indexing

pages_bulk_published = Signal()

BATCH = 1000


@dataclass
class NewPage:
    """A page to create under ``parent``; ``key`` identifies it in errors
    (the import passes its row)."""

    parent: Page
    page: Page
    key: object = None


@dataclass
class BulkResult:
    pages: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # [(key, message)]


def can_bulk_create(model):
    """Pages of ``model`` can go this way: one concrete parent table (Page)."""
    return [parent for parent in model._meta.get_parent_list()] == [Page]


def _children_by_parent(parents):
    """For each parent id: its children's paths and slugs."""
    found = {parent.pk: ([], set()) for parent in parents}
    for parent in parents:
        rows = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).values_list(
            "path", "slug"
        )
        for path, slug in rows:
            found[parent.pk][0].append(path)
            found[parent.pk][1].add(slug)
    return found


def _check(items, siblings):
    """Per-page problems Wagtail's save() would have raised: the slug's form,
    a sibling with the same slug, a missing title."""
    slug_field = Page._meta.get_field("slug")
    title_field = Page._meta.get_field("title")
    errors = []
    taken = {pk: set(slugs) for pk, (_paths, slugs) in siblings.items()}
    for item in items:
        page = item.page
        try:
            slug_field.clean(page.slug, page)
            title_field.clean(page.title, page)
        except ValidationError as error:
            errors.extend((item.key, message) for message in error.messages)
            continue
        if page.slug in taken[item.parent.pk]:
            errors.append(
                (
                    item.key,
                    _("the slug “%(slug)s” is already in use by another page under “%(parent)s”")
                    % {"slug": page.slug, "parent": item.parent.title},
                )
            )
        taken[item.parent.pk].add(page.slug)
    return errors


def _place(items, siblings, now, locale, user):
    """Tree position, URL path and publication fields of each new page."""
    next_step = {}
    for parent_pk, (paths, _slugs) in siblings.items():
        last = max(paths) if paths else None
        next_step[parent_pk] = Page._str2int(last[-Page.steplen :]) + 1 if last else 1
    for item in items:
        page, parent = item.page, item.parent
        step = next_step[parent.pk]
        next_step[parent.pk] = step + 1
        page.path = Page._get_path(parent.path, parent.depth + 1, step)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.first_published_at or now
        page.last_published_at = now
        page.latest_revision_created_at = now
        page.locale_id = page.locale_id or locale.pk
        page.translation_key = uuid.uuid4()
        page.content_type = ContentType.objects.get_for_model(type(page))
        if user is not None and page.owner_id is None:
            page.owner = user
        for relation in get_all_child_relations(type(page)):
            name = relation.get_accessor_name()
            if name not in getattr(page, "_cluster_related_objects", {}):
                setattr(page, name, [])


class _Columns:
    """The column values of many rows of one table, as ``bulk_create``'s
    compiler computes them (each field's ``pre_save`` and
    ``get_db_prep_save``), with what depends only on the field decided once:
    a text column given a str or None, a boolean column given a bool or None
    and a foreign key given None pass as they are (those methods return them
    unchanged); anything else goes through the field."""

    TEXT, BOOLEAN, FOREIGN, OTHER = range(4)

    def __init__(self, fields):
        self.fields = [
            (field, self._kind(field), type(field).pre_save is not Field.pre_save) for field in fields
        ]

    @classmethod
    def _kind(cls, field):
        kind = type(field)
        if isinstance(field, ForeignKey):
            return cls.FOREIGN
        if (
            kind.get_db_prep_save is not Field.get_db_prep_save
            or kind.get_db_prep_value is not Field.get_db_prep_value
        ):
            return cls.OTHER
        if kind.get_prep_value in (CharField.get_prep_value, TextField.get_prep_value):
            return cls.TEXT
        if kind.get_prep_value is BooleanField.get_prep_value:
            return cls.BOOLEAN
        return cls.OTHER

    def row(self, obj):
        values = []
        for model_field, kind, pre_save in self.fields:
            value = model_field.pre_save(obj, True) if pre_save else getattr(obj, model_field.attname)
            if value is None and kind != self.OTHER:
                pass
            elif not (
                (kind == self.TEXT and type(value) is str) or (kind == self.BOOLEAN and type(value) is bool)
            ):
                value = model_field.get_db_prep_save(value, connection)
            values.append(value)
        return values


def _insert_sql(model, fields):
    quote = connection.ops.quote_name
    return (
        f"INSERT INTO {quote(model._meta.db_table)} "  # noqa: S608
        f"({', '.join(quote(field.column) for field in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )


def _execute_rows(sql, rows):
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


def insert_rows(model, objects, fields=None):
    """INSERT ``objects`` into ``model``'s table (the columns of ``fields``,
    by default every column of the model's own table but an automatic key),
    one prepared statement for all rows: what ``bulk_create`` writes, without
    building a multi-row statement every few dozen rows. New ids are not set:
    a caller that needs them reads them back by a unique column."""
    if not objects:
        return
    fields = _columns(model) if fields is None else fields
    columns = _Columns(fields)
    _execute_rows(_insert_sql(model, fields), [columns.row(obj) for obj in objects])
    for obj in objects:
        obj._state.adding, obj._state.db = False, connection.alias


def _columns(model):
    """The columns an INSERT gives (all but an automatic primary key)."""
    return [f for f in model._meta.local_concrete_fields if not f.primary_key]


def _ids_by(model, key, values, **filters):
    """{value of the unique column ``key``: id} of the ``model`` rows just
    inserted with ``values`` (``filters`` narrow ``key`` to where it is
    unique), read back 500 at a time."""
    values = list(values)
    found = {}
    for start in range(0, len(values), 500):
        rows = model._base_manager.filter(**filters, **{f"{key}__in": values[start : start + 500]})
        found.update(rows.values_list(key, "pk"))
    return found


def _insert_specific_rows(pages):
    """Each page type's own table (bulk_create refuses multi-table models;
    this is the insert Model.save() does for the child table)."""
    by_model = {}
    for page in pages:
        page.page_ptr_id = page.id
        by_model.setdefault(type(page), []).append(page)
    for model, objects in by_model.items():
        insert_rows(model, objects, list(model._meta.local_concrete_fields))


def _insert_child_relations(pages):
    rows = {}
    for page in pages:
        for relation in get_all_child_relations(type(page)):
            manager = getattr(page, relation.get_accessor_name())
            for child in manager.all():
                setattr(child, relation.field.attname, page.pk)
                rows.setdefault(relation.related_model, []).append(child)
    for model, objects in rows.items():
        model.objects.bulk_create(objects, batch_size=BATCH)


class _Serializer:
    """``serializable_data()`` — modelcluster's, which ``save_revision``
    stores — for many pages of one model: the same dict, with what depends
    only on the field decided once per model rather than once per page and
    field (modelcluster's ``get_field_value`` for each of some forty fields
    cost more than the rest of the revision)."""

    FOREIGN, PLAIN, PROTECTED, OTHER = range(4)

    def __init__(self, model):
        pk_field = model._meta.pk
        while pk_field.remote_field and pk_field.remote_field.parent_link:
            pk_field = pk_field.remote_field.model._meta.pk
        self.fields = [("pk", pk_field, self._kind(pk_field))]
        self.fields += [(f.name, f, self._kind(f)) for f in model._meta.fields if f.serialize]
        self.relations = [
            (relation.get_accessor_name(), hasattr(relation.related_model, "serializable_data"))
            for relation in get_all_child_relations(model)
        ]
        self.m2m = [f.name for f in get_all_child_m2m_relations(model) if f.serialize]

    @classmethod
    def _kind(cls, field):
        if field.remote_field is not None:
            return cls.FOREIGN  # get_field_value reads the attribute
        pre_save = type(field).pre_save is Field.pre_save or (
            type(field).pre_save in (DateField.pre_save, DateTimeField.pre_save)
            and not field.auto_now
            and not field.auto_now_add
        )
        if not pre_save:
            return cls.OTHER
        # A plain pre_save returns the attribute: a protected type (None, a
        # number) is kept as is; else value_to_string — str() of it when
        # not overridden, so a str stays itself.
        return cls.PLAIN if type(field).value_to_string is Field.value_to_string else cls.PROTECTED

    def __call__(self, obj):
        data = {}
        for name, model_field, kind in self.fields:
            value = getattr(obj, model_field.attname)
            if kind == self.FOREIGN:
                pass
            elif kind == self.OTHER or not (
                value is None or type(value) in (int, bool) or (kind == self.PLAIN and type(value) is str)
            ):
                value = get_field_value(model_field, obj)
            data[name] = value
        for name, has_own in self.relations:
            children = getattr(obj, name).all()
            data[name] = [
                child.serializable_data() if has_own else get_serializable_data_for_fields(child)
                for child in children
            ]
        for name in self.m2m:
            data[name] = [child.pk for child in getattr(obj, name).all()]
        return data


def _insert_revisions(pages, now, user):
    """One revision per page holding its serializable_data() (what
    save_revision stores), set as its latest and live revision. The columns
    all the revisions share are prepared once; per page only its content
    type, id, title and content."""
    base_type = ContentType.objects.get_for_model(Page)
    serializers = {model: _Serializer(model) for model in {type(page) for page in pages}}
    fields = _columns(Revision)
    position = {field.attname: index for index, field in enumerate(fields)}
    shared = Revision(base_content_type=base_type, created_at=now, user=user, object_id="", object_str="")
    template = _Columns(fields).row(shared)
    content_field, type_field = Revision._meta.get_field("content"), Revision._meta.get_field("content_type")
    type_ids = {}
    rows = []
    for page in pages:
        row = list(template)
        if page.content_type_id not in type_ids:
            type_ids[page.content_type_id] = type_field.get_db_prep_save(page.content_type_id, connection)
        row[position["content_type_id"]] = type_ids[page.content_type_id]
        row[position["object_id"]] = str(page.pk)
        row[position["object_str"]] = str(page)
        content = serializers[type(page)](page)
        row[position["content"]] = content_field.get_db_prep_save(content, connection)
        rows.append(row)
    _execute_rows(_insert_sql(Revision, fields), rows)
    object_ids = [str(page.pk) for page in pages]
    revision_ids = _ids_by(Revision, "object_id", object_ids, base_content_type=base_type)
    for page, object_id in zip(pages, object_ids, strict=True):  # a new page has this one revision
        page.latest_revision_id = page.live_revision_id = revision_ids[object_id]
    # One plain statement per page (bulk_update's CASE expressions cost more
    # to build than to run).
    quote = connection.ops.quote_name
    sql = (
        f"UPDATE {quote(Page._meta.db_table)} SET {quote('latest_revision_id')} = %s, "  # noqa: S608
        f"{quote('live_revision_id')} = %s WHERE {quote('id')} = %s"
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            sql, [(page.latest_revision_id, page.latest_revision_id, page.pk) for page in pages]
        )


def _insert_log_entries(pages, now, user):
    """Plain INSERTs: building a model instance per entry costs more than
    writing it."""
    quote = connection.ops.quote_name
    columns = ("content_type_id", "label", "action", "timestamp", "user_id", "page_id", "revision_id")
    columns += ("content_changed", "deleted", "data")
    fields = {name: PageLogEntry._meta.get_field(name) for name in ("timestamp", "data")}
    stamp = fields["timestamp"].get_db_prep_save(now, connection)
    data = fields["data"].get_db_prep_save({}, connection)
    rows = [
        (
            page.content_type_id,
            page.draft_title,
            action,
            stamp,
            user.pk if user else None,
            page.pk,
            page.latest_revision_id,
            True,
            False,
            data,
        )
        for page in pages
        for action in ("wagtail.create", "wagtail.publish")
    ]
    sql = (
        f"INSERT INTO {quote(PageLogEntry._meta.db_table)} "  # noqa: S608
        f"({', '.join(quote(column) for column in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _insert_references(pages):
    base_type = ContentType.objects.get_for_model(Page)
    rows = []
    for page in pages:
        if not ReferenceIndex.is_indexed(type(page)):
            continue
        for to_type, to_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(page)
        ):
            rows.append(
                ReferenceIndex(
                    content_type=page.content_type,
                    base_content_type=base_type,
                    object_id=str(page.pk),
                    to_content_type_id=to_type,
                    to_object_id=to_id,
                    model_path=model_path,
                    content_path=content_path,
                    content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                )
            )
    insert_rows(ReferenceIndex, rows)


def update_wagtail_search_index(pages):
    """Wagtail's own search index (the admin's page search) for new pages, in
    batches, from the pages as written (not read again).

    On SQLite (modelsearch's ``SQLiteIndex``) the entries are written here:
    each page's title, body and autocomplete texts extracted in one pass over
    its search fields, the rows inserted in one statement a batch, and the
    title norms refreshed once at the end — ``add_bulk`` extracts every field
    three times and rescans the whole index after each batch, which grows
    with the index. Other backends get ``add_bulk`` per batch."""
    from wagtail.search.backends import get_search_backends
    from wagtail.search.index import class_is_indexed

    # modelsearch's SQLite module exists only on SQLite (its FTS model does).
    sqlite = None
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite import sqlite

    by_model = {}
    for page in pages:
        if class_is_indexed(type(page)):
            by_model.setdefault(type(page), []).append(page)
    for backend in get_search_backends(with_auto_update=True):
        refresh = None
        for model, objects in by_model.items():
            index = backend.get_index_for_model(model)
            for start in range(0, len(objects), BATCH):
                batch = objects[start : start + BATCH]
                with transaction.atomic():
                    if sqlite is not None and isinstance(index, sqlite.SQLiteIndex):
                        _add_sqlite_index_entries(index, model, batch, sqlite.ObjectIndexer)
                        refresh = index
                    else:
                        backend.add_bulk(model, batch)
        if refresh is not None:
            with transaction.atomic():
                refresh._refresh_title_norms()


def _rich_text_fields(model, search_fields):
    """The search fields of ``model`` that are plain RichTextFields: their
    text is core.richtext's (the same as the field's own, faster)."""
    found = {}
    for top in search_fields:
        if isinstance(top, SearchField):
            try:
                model_field = top.get_field(model)
            except FieldDoesNotExist:
                continue
            own = getattr(type(model_field), "get_searchable_content", None)
            if own is RichTextField.get_searchable_content:
                found[top] = model_field
    return found


def _index_texts(indexer, obj, search_fields, rich_text_fields):
    """(title, autocomplete, body) as modelsearch's ObjectIndexer builds
    them, in one pass over the fields instead of three."""
    title, autocomplete, body = [], [], []
    for top in search_fields:
        model_field = rich_text_fields.get(top)
        if model_field is not None:
            text = text_for_indexing(force_str(model_field.value_from_object(obj)))
            parts = [(top, indexer.prepare_value([text]))]
        else:
            parts = indexer.prepare_field(obj, top)
        for part, value in parts:
            if isinstance(part, SearchField):
                (title if part.field_name == "title" else body).append(value)
            elif isinstance(part, AutocompleteField):
                autocomplete.append(value)
    return " ".join(title), " ".join(autocomplete), " ".join(body)


def _add_sqlite_index_entries(index, model, objects, indexer_class):
    search_fields = model.get_search_fields()
    if not search_fields or not objects:
        return
    indexer = indexer_class(objects[0], index.backend)
    content_type_pk = get_content_type_pk(model)
    rich_text_fields = _rich_text_fields(model, search_fields)
    texts = {str(obj.pk): _index_texts(indexer, obj, search_fields, rich_text_fields) for obj in objects}
    entries = index.entries.filter(content_type_id=content_type_pk)
    present = set(entries.filter(object_id__in=list(texts)).values_list("object_id", flat=True))
    for object_id in present:  # none for new pages; kept for safety
        title, autocomplete, body = texts.pop(object_id)
        entries.filter(object_id=object_id).update(title=title, autocomplete=autocomplete, body=body)
    table = connection.ops.quote_name(index.entries.model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (content_type_id, object_id, title_norm, title, autocomplete, body) "  # noqa: S608
            "VALUES (%s, %s, 1.0, %s, %s, %s)",
            [(content_type_pk, object_id, *values) for object_id, values in texts.items()],
        )


def publish_new_pages(items, user=None, prepare=None):
    """Create and publish the pages of ``items`` (NewPage), all or none.

    Must run inside a transaction (the import's). ``prepare(pages)`` runs once
    their rows exist, before the revisions record them (what a post_save
    receiver would have done). Returns a BulkResult; when its ``errors`` are
    not empty nothing was written."""
    items = list(items)
    result = BulkResult()
    if not items:
        return result
    parents = {}
    for item in items:
        parents.setdefault(item.parent.pk, item.parent)
    fresh = Page.objects.in_bulk(list(parents))
    for parent in parents.values():
        parent.path, parent.depth = fresh[parent.pk].path, fresh[parent.pk].depth
        parent.url_path = fresh[parent.pk].url_path
    siblings = _children_by_parent(parents.values())
    result.errors = _check(items, siblings)
    if result.errors:
        return result
    now = timezone.now()
    _place(items, siblings, now, Locale.get_default(), user)
    pages = [item.page for item in items]
    insert_rows(Page, pages)
    page_ids = _ids_by(Page, "path", (page.path for page in pages))
    for page in pages:
        page.id = page_ids[page.path]  # Page's id, not a subclass's page_ptr_id
    _insert_specific_rows(pages)
    added = {}
    for item in items:
        added[item.parent.pk] = added.get(item.parent.pk, 0) + 1
    for parent_pk, count in added.items():
        Page.objects.filter(pk=parent_pk).update(numchild=F("numchild") + count)
        parents[parent_pk].numchild = fresh[parent_pk].numchild + count
    _insert_child_relations(pages)
    if prepare is not None:
        prepare(pages)
    _insert_revisions(pages, now, user)
    _insert_log_entries(pages, now, user)
    _insert_references(pages)
    by_model = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
    for model, group in by_model.items():
        pages_bulk_published.send(sender=model, pages=group)
    transaction.on_commit(lambda: update_wagtail_search_index(pages))
    result.pages = pages
    return result
