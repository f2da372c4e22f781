"""An image with more pixels than WAGTAILIMAGES_MAX_IMAGE_PIXELS is refused at
upload with a clear Chinese message (its first thumbnail would cost seconds
and hundreds of MB); an ordinary photo is accepted."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.images import get_image_model

pytestmark = pytest.mark.django_db


def _png(width, height):
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, "PNG")
    return SimpleUploadedFile(f"{width}x{height}.png", buffer.getvalue(), content_type="image/png")


def _upload(client, demo, upload):
    collection = demo.incubator("huigu").collection
    return client.post(
        "/admin/images/add/", {"title": upload.name, "file": upload, "collection": collection.pk}
    )


def test_a_huge_image_is_refused_with_a_clear_message(client, login, demo, settings):
    login("op-huigu")
    response = _upload(client, demo, _png(7000, 6000))  # 42 megapixels
    html = response.content.decode()
    assert response.status_code == 200
    assert "文件包含像素过多" in html
    assert "40000000" in html
    assert not get_image_model().objects.filter(title="7000x6000.png").exists()


def test_an_ordinary_photo_is_accepted(client, login, demo):
    login("op-huigu")
    response = _upload(client, demo, _png(4000, 3000))
    assert response.status_code == 302
    assert get_image_model().objects.filter(title="4000x3000.png").exists()
