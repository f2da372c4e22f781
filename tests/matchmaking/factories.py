"""Data for matchmaking tests: a valid public demand form."""

import datetime

from django.utils import timezone

from achievements.models import TechnologyField


def demand_form_data(**overrides):
    """A valid demand form (a firm outside the network), ``overrides`` applied."""
    data = {
        "title": "扇贝养殖自动采收",
        "need": "扇贝采收依赖人工，需要自动化采收设备。",
        "field": str(TechnologyField.objects.get(name_zh="智能装备").pk),
        "maturity_min": "5",
        "maturity_max": "8",
        "transfer_modes": ["license", "joint"],
        "budget": "50万元",
        "deadline": (timezone.localdate() + datetime.timedelta(days=90)).isoformat(),
        "company": "荣成扇贝养殖有限公司",
        "incubator": "",
        "requester_name": "赵经理",
        "phone": "138 0000 1234",
        "email": "",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data
