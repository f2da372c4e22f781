"""What Open Referral HSDS needs beside an incubator's or a service's own
fields: opening hours, the languages spoken, the date an operator last
checked the details, a service's status. Abstract pieces here; the concrete
rows live with IncubatorPage and ServicePage."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

# The network's place: what an empty structured address falls back to.
NETWORK_PROVINCE = "山东省"
NETWORK_CITY = "荣成市"
NETWORK_POSTAL_CODE = "264300"


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")
    SATURDAY = 6, _("Saturday")
    SUNDAY = 7, _("Sunday")


class Language(models.TextChoices):
    """Languages a desk can serve in (ISO 639-1); Rongcheng trades with
    Korea and Japan."""

    CHINESE = "zh", _("Chinese")
    ENGLISH = "en", _("English")
    KOREAN = "ko", _("Korean")
    JAPANESE = "ja", _("Japanese")
    RUSSIAN = "ru", _("Russian")


def validate_language_codes(value):
    unknown = [code for code in split_codes(value) if code not in Language.values]
    if unknown:
        raise ValidationError(
            _("Unknown language code: %(codes)s. Known: %(known)s")
            % {"codes": ", ".join(unknown), "known": ", ".join(Language.values)}
        )


def split_codes(value):
    return [code.strip() for code in (value or "").replace("，", ",").split(",") if code.strip()]


def languages_field():
    return models.CharField(
        _("languages"),
        max_length=64,
        blank=True,
        default="zh",
        validators=[validate_language_codes],
        help_text=_("ISO 639-1 codes separated by commas: zh, en, ko, ja, ru."),
    )


def last_verified_field():
    return models.DateField(
        _("details last verified"),
        null=True,
        blank=True,
        help_text=_("The day an operator last confirmed that these details are right."),
    )


class LanguagesMixin:
    @property
    def language_codes(self):
        return split_codes(self.languages)

    @property
    def language_labels(self):
        labels = dict(Language.choices)
        return [labels.get(code, code) for code in self.language_codes]


class OpeningHours(Orderable):
    """Open from ``opens`` to ``closes`` on one weekday (several rows for
    several days or a lunch break)."""

    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    panels = [FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")])]

    class Meta(Orderable.Meta):
        abstract = True
        ordering = ["weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")

    def clean(self):
        super().clean()
        if self.opens and self.closes and self.closes <= self.opens:
            raise ValidationError({"closes": _("Closing time must be after opening time.")})


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("service status", "Active")
    TEMPORARILY_CLOSED = "temporarily_closed", _("Temporarily closed")
    INACTIVE = "inactive", pgettext_lazy("service status", "Inactive")
