"""The network's shared vocabulary: the seven specialties, the kinds of
incubator and the 0–5 strength scale.

Codes are part of the public contract (imports, the search API, URLs); only
the labels are translated. See docs/interfaces.md, "Vocabulary".
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """The seven specialties named in item 5 of the 2022 action plan."""

    FINANCE_TAX = "finance_tax", _("Finance & tax")
    LEGAL = "legal", _("Legal")
    INFORMATION = "information", _("Information")
    FINANCING = "financing", _("Financing")
    TRAINING = "training", _("Training")
    MARKETING = "marketing", _("Marketing")
    TECH_INNOVATION = "tech_innovation", _("Technology innovation")


class IncubatorKind(models.TextChoices):
    INCUBATOR = "incubator", _("Incubator")
    MAKER_SPACE = "maker_space", _("Maker space")
    INNOVATION_CENTER = "innovation_center", _("Innovation center")


STRENGTH_MIN = 0
STRENGTH_MAX = 5
