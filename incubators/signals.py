from django.db.models.signals import post_save
from django.dispatch import receiver

from incubators.models import IncubatorPage
from incubators.teams import ensure_operator_team


@receiver(post_save, sender=IncubatorPage)
def give_new_incubator_its_team(sender, instance, created, raw=False, **kwargs):
    """Every incubator gets its operator group and collection when it is first
    saved, whichever way it was created (admin, import, shell)."""
    if created and not raw:
        ensure_operator_team(instance)
