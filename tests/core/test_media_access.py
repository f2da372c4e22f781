"""Documents and images: a restricted document is never downloadable
anonymously (not through /media/, not through Wagtail's view), and the admin
API lists an operator only its own incubator's files."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction

from tests.core.test_image_limits import _png

pytestmark = pytest.mark.django_db
Document = get_document_model()
Image = get_image_model()


def _document(incubator, title):
    document = Document(title=title, collection=incubator.collection)
    document.file.save(f"{title}.txt", ContentFile(b"confidential business plan"), save=False)
    document.save()
    return document


def _image(incubator, title):
    upload = _png(20, 20)
    return Image.objects.create(title=title, file=upload, collection=incubator.collection)


@pytest.fixture
def restricted_document(demo):
    incubator = demo.incubator("huigu")
    document = _document(incubator, "huigu-plan")
    CollectionViewRestriction.objects.create(
        collection=incubator.collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return document


def test_a_restricted_document_is_not_served_to_visitors(client, restricted_document):
    assert client.get(restricted_document.url).status_code in (302, 403)
    media_path = f"/media/{restricted_document.file.name}"
    assert client.get(media_path).status_code == 404
    for trick in (
        f"/media/./{restricted_document.file.name}",
        f"/media/images/../{restricted_document.file.name}",
        f"/media//{restricted_document.file.name}",
    ):
        response = client.get(trick)
        assert response.status_code == 404, trick
        assert b"confidential" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_images_are_still_served_from_media(client, demo):
    image = _image(demo.incubator("huigu"), "huigu-logo-test")
    assert client.get(f"/media/{image.file.name}").status_code == 200


@pytest.mark.parametrize("endpoint", ["documents", "images"])
def test_the_admin_api_lists_an_operator_only_its_own_files(client, login, demo, endpoint):
    make = _document if endpoint == "documents" else _image
    own = make(demo.incubator("huigu"), f"huigu-{endpoint}-own")
    other = make(demo.incubator("lihai"), f"lihai-{endpoint}-other")
    login("op-huigu")
    url = f"/admin/api/main/{endpoint}/"
    assert client.get(url, {"title": own.title}).json()["meta"]["total_count"] == 1
    assert client.get(url, {"title": other.title}).json()["meta"]["total_count"] == 0
    assert client.get(f"{url}{own.pk}/").status_code == 200
    assert client.get(f"{url}{other.pk}/").status_code == 404


def test_the_bureau_sees_every_incubators_files(client, login, demo):
    other = _document(demo.incubator("lihai"), "lihai-doc-bureau")
    login("bureau")
    listing = client.get("/admin/api/main/documents/", {"title": other.title}).json()
    assert listing["meta"]["total_count"] == 1
