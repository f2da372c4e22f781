"""Edit forms accept only images and documents the operator may choose: a
crafted edit naming another incubator's image (logo) or document by id is
refused, as the chooser would never offer it; so is a rich-text field
embedding another incubator's image or linking its document."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from core.page_forms import _refused_references
from incubators.models import IncubatorPage
from tests.achievements.factories import form_data, make_achievement
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


def _rich_text(kind, object_id):
    """The Draftail (contentstate) value the admin posts for a paragraph
    with an embedded image or a document link."""
    if kind == "image":
        block = {"key": "b1", "type": "atomic", "text": " ", "depth": 0, "inlineStyleRanges": []}
        block["entityRanges"] = [{"offset": 0, "length": 1, "key": 0}]
        entity = {"type": "IMAGE", "mutability": "IMMUTABLE", "data": {"id": object_id, "format": "left"}}
        entity["data"]["alt"] = "图"
    else:
        block = {"key": "b1", "type": "unstyled", "text": "说明书", "depth": 0, "inlineStyleRanges": []}
        block["entityRanges"] = [{"offset": 0, "length": 3, "key": 0}]
        entity = {"type": "DOCUMENT", "mutability": "MUTABLE", "data": {"id": object_id}}
    return json.dumps({"blocks": [block], "entityMap": {"0": entity}})


@pytest.mark.parametrize("kind", ["image", "document"])
def test_rich_text_refuses_another_incubators_image_or_document(client, login, demo, kind):
    huigu, lihai = demo.incubator("huigu"), demo.incubator("lihai")
    make = _image if kind == "image" else _document
    own, other = make(huigu, f"own-{kind}"), make(lihai, f"other-{kind}")
    service = demo.service("huigu-bookkeeping")
    before = service.get_latest_revision().pk
    login("op-huigu")
    url = f"/admin/pages/{service.pk}/edit/"
    data = form_data(client.get(url).content.decode())
    data["description"] = _rich_text(kind, other.pk)
    response = client.post(url, data)
    assert response.status_code == 200
    assert f"“详细介绍”嵌入了您无权使用的图片或文档（编号 {other.pk}）" in response.content.decode()
    service.refresh_from_db()
    assert service.get_latest_revision().pk == before
    data["description"] = _rich_text(kind, own.pk)
    assert client.post(url, data).status_code == 302
    service.refresh_from_db()
    saved = service.get_latest_revision().as_object().description
    assert f'id="{own.pk}"' in saved and ("embedtype" if kind == "image" else "linktype") in saved


def test_the_bureau_may_embed_any_image_in_rich_text(demo):
    other = _image(demo.incubator("lihai"), "other-photo")
    html = f'<embed alt="" embedtype="image" format="left" id="{other.pk}"/>'
    page = demo.service("huigu-bookkeeping")
    operator_form, bureau_form = _form(page, "op-huigu"), _form(page, "bureau")
    assert _refused_references(html, operator_form.allowed_by_model) == [str(other.pk)]
    assert _refused_references(html, bureau_form.allowed_by_model) == []


def test_every_incubator_page_type_uses_the_scoped_form():
    from achievements.models import AchievementPage, ProjectPage
    from core.page_forms import ScopedMediaPageForm
    from events.models import EventPage
    from services.models import ServicePage

    for model in (IncubatorPage, ServicePage, EventPage, AchievementPage, ProjectPage):
        assert issubclass(model.base_form_class, ScopedMediaPageForm), model
