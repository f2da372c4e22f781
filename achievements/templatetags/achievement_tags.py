from django import template

from achievements.interest import InterestForm

register = template.Library()


@register.simple_tag
def interest_form(form=None):
    """The form an achievement page shows: the bound one when the interest
    view re-renders the page with errors, else an empty one."""
    return form or InterestForm()
