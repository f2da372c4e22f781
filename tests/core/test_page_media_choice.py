"""Edit forms accept only images and documents the operator may choose: a
crafted edit naming another incubator's image (logo) or document by id is
refused, as the chooser would never offer it."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from incubators.models import IncubatorPage
from tests.achievements.factories import make_achievement
from tests.core.test_media_access import _document, _image

pytestmark = pytest.mark.django_db


def _form(page, username):
    user = get_user_model().objects.get(username=username)
    form_class = type(page).get_edit_handler().get_form_class()
    return form_class(instance=page, for_user=user)


def test_the_logo_field_refuses_another_incubators_image(demo):
    huigu, lihai = demo.incubator("huigu"), demo.incubator("lihai")
    own, other = _image(huigu, "own-logo"), _image(lihai, "other-logo")
    field = _form(huigu, "op-huigu").fields["logo"]
    assert field.clean(own.pk) == own
    with pytest.raises(ValidationError):
        field.clean(other.pk)


def test_the_bureau_may_choose_any_image(demo):
    other = _image(demo.incubator("lihai"), "other-logo")
    assert _form(demo.incubator("huigu"), "bureau").fields["logo"].clean(other.pk) == other


def test_inline_images_and_attachments_refuse_another_incubators_files(demo):
    huigu, lihai = demo.incubator("huigu"), demo.incubator("lihai")
    page = make_achievement(huigu)
    form = _form(page, "op-huigu")
    image_field = form.formsets["images"].empty_form.fields["image"]
    document_field = form.formsets["attachments"].empty_form.fields["document"]
    with pytest.raises(ValidationError):
        image_field.clean(_image(lihai, "other-photo").pk)
    with pytest.raises(ValidationError):
        document_field.clean(_document(lihai, "other-brochure").pk)
    assert document_field.clean(_document(huigu, "own-brochure").pk).title == "own-brochure"


def test_every_incubator_page_type_uses_the_scoped_form():
    from achievements.models import AchievementPage, ProjectPage
    from core.page_forms import ScopedMediaPageForm
    from events.models import EventPage
    from services.models import ServicePage

    for model in (IncubatorPage, ServicePage, EventPage, AchievementPage, ProjectPage):
        assert issubclass(model.base_form_class, ScopedMediaPageForm), model
