"""The site-wide image model (Wagtail's WAGTAILIMAGES_IMAGE_MODEL): every
app's pages use it, so it lives in the bottom layer. It was first created
in the incubators app; migration core.0001 took it over without touching the
tables, which keep their first names."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class CustomImage(AbstractImage):
    """The project's image model, in place before the first migration so later
    fields need no data migration."""

    admin_form_fields = Image.admin_form_fields

    class Meta(AbstractImage.Meta):
        db_table = "incubators_customimage"  # its table since before it moved to core
        verbose_name = _("image")
        verbose_name_plural = _("images")


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        db_table = "incubators_customrendition"
        unique_together = (("image", "filter_spec", "focal_point_key"),)
