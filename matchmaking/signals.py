"""Recompute the matches when either side changes: a demand, an achievement,
a service or an incubated project published, unpublished or deleted."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from achievements.models import AchievementPage, ProjectPage
from matchmaking.models import DemandPage
from matchmaking.tasks import schedule_recompute
from services.models import ServicePage

MATCHED_MODELS = (DemandPage, AchievementPage, ServicePage, ProjectPage)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_delete)
def page_changed(sender, **kwargs):
    if sender in MATCHED_MODELS:
        schedule_recompute()
