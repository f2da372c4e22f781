from django import template

from events.forms import RegistrationForm

register = template.Library()


@register.simple_tag
def registration_form(form=None):
    """The form the event page shows: the bound one when the registration
    view re-renders the page with errors, else an empty one."""
    return form or RegistrationForm()
