"""The stable vocabulary of the service exchange.

Codes are part of the public contract (imports, the search API, URLs); only
the labels are translated. See DESIGN.md, "Vocabulary".
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


class Fee(models.TextChoices):
    FREE = "free", _("Free")
    SUBSIDIZED = "subsidized", _("Subsidized / innovation voucher")
    PAID = "paid", _("Paid")


class DeliveryMode(models.TextChoices):
    ONSITE = "onsite", _("On site")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("On site or online")


STRENGTH_MIN = 0
STRENGTH_MAX = 5
