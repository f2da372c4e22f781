"""The PostgreSQL full-text backend's table and GIN index, when the main
database is PostgreSQL (search.backends.postgres). On SQLite this does
nothing: the embedded backend's tables (0003/0004) serve there."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from search.backends.postgres import SCHEMA

    for statement in SCHEMA:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from search.backends.postgres import DROP

    for statement in DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_intent_words_and_index_synonyms")]

    operations = [migrations.RunPython(create, drop)]
