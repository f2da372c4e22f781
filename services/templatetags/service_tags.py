from django import template

from services import referrals
from services.hints import strongest_incubators

register = template.Library()


@register.simple_tag
def cross_referral_hints(service, incubator=None):
    """Other incubators strongest in the service's category (services.hints)."""
    return strongest_incubators(service.category, exclude=incubator)


@register.simple_tag
def service_record(service):
    """Its completed referrals and their rating (services.referrals)."""
    return referrals.service_record(service)
