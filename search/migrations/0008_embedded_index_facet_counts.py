"""The embedded index counts the documents of each facet-value combination
(``search_fts_fkey.n``), so that facets need not count the documents a
query's category part matches one by one, and reads its term statistics
(``search_fts_vocab``) to keep ranking affordable (search.backends.embedded).
The column is added and filled from the documents already indexed: no rebuild.
On PostgreSQL this does nothing: the embedded index then lives in its own
file, which gains the column on first use."""

from django.db import migrations


def add_counts(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from search.backends.embedded import upgrade_statements

    with schema_editor.connection.cursor() as cursor:

        def fetchall(sql):
            cursor.execute(sql)
            return cursor.fetchall()

        for statement in upgrade_statements(fetchall):
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0007_search_analytics")]

    operations = [migrations.RunPython(add_counts, migrations.RunPython.noop)]
