"""The services app's models, re-exported by name: the service page
(services.models.pages) and the referral exchange's records
(services.models.referral)."""

from services.models.pages import ServiceOpeningHours, ServicePage
from services.models.referral import (
    RATING_MAX,
    RATING_MIN,
    Referral,
    ReferralEvent,
    ReferralQuerySet,
    ReferralSource,
    ReferralStatus,
)

__all__ = [
    "ServicePage",
    "ServiceOpeningHours",
    "RATING_MAX",
    "RATING_MIN",
    "Referral",
    "ReferralEvent",
    "ReferralQuerySet",
    "ReferralSource",
    "ReferralStatus",
]
