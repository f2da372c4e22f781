"""The embedded index also holds each text column's adjacent atoms as single
tokens, so that a phrase is matched by its pairs' few postings rather than
by every position of its atoms (search.backends.embedded, BIGRAM_JOINER).
The pairs are computed from the atom strings each document row keeps and
indexed by FTS5's own rebuild: no reindex from the pages. On PostgreSQL this
does nothing: the embedded index then lives in its own file, which is
upgraded after every ``migrate`` by search.signals.upgrade_index_file."""

from django.db import migrations


def add_pairs(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from search.backends.embedded import upgrade_in_database

    upgrade_in_database(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0008_embedded_index_facet_counts")]

    operations = [migrations.RunPython(add_pairs, migrations.RunPython.noop)]
