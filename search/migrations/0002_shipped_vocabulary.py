"""Load the vocabulary shipped in search/data/vocabulary.json into the
admin-editable snippets (found-or-created, so entries the bureau already
edited are left alone)."""

from django.db import migrations


def load(apps, schema_editor):
    from search.analyzer import load_shipped

    Synonym = apps.get_model("search", "Synonym")
    DictionaryWord = apps.get_model("search", "DictionaryWord")
    data = load_shipped()
    for word in data.get("words", []):
        DictionaryWord.objects.get_or_create(word=word, defaults={"note": "shipped"})
    for entry in data.get("synonyms", []):
        Synonym.objects.get_or_create(
            term=entry["term"],
            defaults={
                "equivalents": "、".join(entry["equivalents"]),
                "two_way": entry.get("two_way", True),
                "note": "shipped",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
