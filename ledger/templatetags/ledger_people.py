"""People in templates as the pages name them: the name on the account, else the user name (messages.person_name)."""

from django import template

from ..messages import person_name

register = template.Library()


@register.filter
def person(user) -> str:
    """A user as pages name them; "" for no one (a template's default follows)."""
    return person_name(user)
