"""load_demo: the five incubators of the plan, 40+ services in all seven
categories, pictures, accounts — and a second run changes nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from PIL import ImageChops
from wagtail.images import get_image_model
from wagtail.models import PageLogEntry, Revision

from core.taxonomy import Category
from home.demo import cjk_font, draw_logo
from incubators.models import IncubatorPage
from services.models import ServicePage

pytestmark = pytest.mark.django_db

PLAN_INCUBATORS = {"慧谷孵化器", "科创中心", "利海创客", "逐浪者创客", "慧谷创客"}


def state():
    User = get_user_model()
    return {
        "pages": sorted(IncubatorPage.objects.values_list("pk", "title", "live", "logo_id"))
        + sorted(ServicePage.objects.values_list("pk", "title", "live", "latest_revision_id")),
        "revisions": Revision.objects.count(),
        "log": PageLogEntry.objects.count(),
        "images": get_image_model().objects.count(),
        "users": sorted(User.objects.values_list("username", "password", "is_active")),
        "groups": Group.objects.count(),
    }


def test_demo_holds_the_plan_network(demo):
    assert set(IncubatorPage.objects.live().values_list("title", flat=True)) == PLAN_INCUBATORS
    services = ServicePage.objects.live()
    assert services.count() >= 40
    assert set(services.values_list("category", flat=True)) == set(Category.values)
    for incubator in IncubatorPage.objects.all():
        assert incubator.logo is not None
        assert incubator.gallery_images.count() == 2
        assert incubator.specialties.count() == 7


def test_demo_accounts(demo):
    User = get_user_model()
    assert User.objects.get(username="bureau").check_password("bureau-demo-2026")
    for incubator in IncubatorPage.objects.all():
        operator = User.objects.get(username=f"op-{incubator.slug}")
        assert operator.check_password(f"{incubator.slug}-demo-2026")
        assert incubator.operator_group in operator.groups.all()


def test_second_run_changes_nothing(demo):
    before = state()
    out = io.StringIO()
    call_command("load_demo", force=True, stdout=out)
    assert state() == before
    assert "新建 0" in out.getvalue()


def test_refuses_without_debug_unless_forced(demo, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo", stdout=io.StringIO())


def test_logo_is_drawn_with_chinese_glyphs():
    """Two names with the same characters in another order draw differently:
    real glyphs, not the identical empty boxes of a font without Chinese."""
    assert cjk_font(12) is not None, "fonts-noto-cjk is missing (make setup installs it)"
    logo = draw_logo("慧谷孵化器", "huigu")
    swapped = draw_logo("谷慧孵化器", "huigu")
    assert logo.size == (256, 256)
    assert ImageChops.difference(logo, swapped).getbbox() is not None
    assert logo.getpixel((128, 20)) != (255, 255, 255)  # the coloured disc


def test_import_summary_names_each_section_in_chinese():
    from core.importer import ImportReport

    report = ImportReport()
    report.count("incubators", "created", "孵化器")
    assert report.summary_lines() == ["孵化器：新建 1，更新 0，未变 0"]
