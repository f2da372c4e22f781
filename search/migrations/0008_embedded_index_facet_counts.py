"""The embedded index counts the documents of each facet-value combination
(``search_fts_fkey.n``), so that facets need not count the documents a
query's category part matches one by one, and reads its term statistics
(``search_fts_vocab``) to keep ranking affordable (search.backends.embedded).
The column is added and filled from the documents already indexed: no rebuild.
On PostgreSQL this does nothing: the embedded index then lives in its own
file, upgraded after ``migrate`` by search.signals. (Since search.0009 it brings the
index to the current layout: search.backends.embedded.upgrade_index.)"""

from django.db import migrations


def add_counts(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from search.backends.embedded import upgrade_in_database

    upgrade_in_database(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0007_search_analytics")]

    operations = [migrations.RunPython(add_counts, migrations.RunPython.noop)]
