"""The embedded backend's FTS5 tables, inside the main database when it is
SQLite (search.backends.embedded explains why). On PostgreSQL this does
nothing: the embedded index then lives in its own file."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from search.backends.embedded import schema_statements

    for statement in schema_statements():
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from search.backends.embedded import DROP

    for statement in DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_shipped_vocabulary")]

    operations = [migrations.RunPython(create, drop)]
