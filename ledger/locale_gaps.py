"""Strings of Django's own admin and auth pages that Django's zh_Hans catalogue leaves in English (Django 5.2:
screen-reader labels, the user-creation hint, the password-length rule) or translates wrongly (a NUL in a field).
Named here so that makemessages keeps them in the ledger's catalogue, which Django reads before its own. The admin's JavaScript strings (the
permission chooser: "Choose all %s" …) are in ledger/locale/zh_Hans/LC_MESSAGES/djangojs.po, read through
LOCALE_PATHS; tests/test_translations.py checks both are translated.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

ADMIN_STRINGS = (
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Error:"),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("In case you’ve forgotten, you are:"),
    # Django's zh_Hans says 不允许是用空字符串 ("empty strings not allowed"): wrong, for a NUL in a field.
    gettext_noop("Null characters are not allowed."),
    # Django's and django-simple-history's zh_Hans write an ASCII colon or spaces into Chinese (查看历史记录: …,
    # 选择 单位 来修改): the titles of the history pages and of every list.
    gettext_noop("View history: %s"),
    gettext_noop("Change history: %s"),
    gettext_noop("Select %s to change"),
)
PASSWORD_TOO_SHORT = ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    "min_length",
)
