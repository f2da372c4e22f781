"""Rebuild the embedded index tables with facet-carrying row ids (see
search.backends.embedded). The index is derived data: run
``manage.py search_reindex`` after migrating an existing database."""

from django.db import migrations


def recreate(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from search.backends.embedded import DROP, schema_statements

    for statement in [*DROP, *schema_statements()]:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_embedded_index_tables")]

    operations = [migrations.RunPython(recreate, migrations.RunPython.noop)]
