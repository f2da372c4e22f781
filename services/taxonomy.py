"""The service catalogue's own vocabulary: fees and delivery modes.

Codes are part of the public contract (imports, the search API, URLs); only
the labels are translated. The seven categories are ``core.taxonomy.Category``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Fee(models.TextChoices):
    FREE = "free", _("Free")
    SUBSIDIZED = "subsidized", _("Subsidized / innovation voucher")
    PAID = "paid", _("Paid")


class DeliveryMode(models.TextChoices):
    ONSITE = "onsite", _("On site")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("On site or online")
