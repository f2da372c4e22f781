"""Demo step: the bureau's list of technology fields (技术领域).

Achievements and demands choose their field from this list (see
achievements.models.fields); the demo's achievements, demands and incubated
projects use the first ten entries, the last two are on the list for fields
the network expects. Found by Chinese name, so a second run changes nothing
and the bureau's later edits of an entry's English name or order are kept.
"""

from django.utils.translation import gettext as _

from achievements.models import TechnologyField

FIELDS = [
    ("海洋生物", "Marine biology"),
    ("智能装备", "Smart equipment"),
    ("新能源", "New energy"),
    ("新材料", "New materials"),
    ("食品加工", "Food processing"),
    ("信息技术", "Information technology"),
    ("生物医药", "Biomedicine"),
    ("现代农业", "Modern agriculture"),
    ("节能环保", "Energy saving and environmental protection"),
    ("文化旅游", "Culture and tourism"),
    ("海洋化工", "Marine chemicals"),
    ("现代物流", "Modern logistics"),
]


def load(stdout):
    created = 0
    for position, (name_zh, name_en) in enumerate(FIELDS):
        _field, was_created = TechnologyField.objects.get_or_create(
            name_zh=name_zh, defaults={"name_en": name_en, "sort_order": (position + 1) * 10}
        )
        created += was_created
    stdout.write(_("technology fields: %(count)d created") % {"count": created})
