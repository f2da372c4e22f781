"""An incubator's children in the explorer, one listing per kind (issue 15)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.models import Page

from services.models import ServicePage

pytestmark = pytest.mark.django_db


def test_incubator_explorer_offers_a_listing_per_kind_that_lists_only_that_kind(client, login, demo):
    login("op-huigu")
    incubator = demo.incubator("huigu")
    explore = reverse("wagtailadmin_explore", args=[incubator.pk])
    html = client.get(explore).content.decode()
    for label in ("只看服务", "只看活动", "只看科技成果", "只看孵化项目"):
        assert label in html
    services = ContentType.objects.get_for_model(ServicePage)
    assert f"{explore}?content_type={services.pk}" in html
    listing = client.get(explore, {"content_type": services.pk}).content.decode()
    children = Page.objects.child_of(incubator)
    for child in children:
        shown = f"/admin/pages/{child.pk}/edit/" in listing
        assert shown == (child.content_type_id == services.pk), child.title
