"""Token authentication that remembers a token's user for a few seconds.

DRF's TokenAuthentication reads the token and its user from the database on every request: on a list page that
one query (and its SQL compilation) is a tenth of the request. Here a token that was valid is remembered, with
its user, for ``LEDGER_TOKEN_CACHE_SECONDS`` (5 by default; 0 turns the memory off) in the process that read
it. Revoking still works:

- deleting a token, or saving its user (deactivating them, say), forgets the token at once in the process where
  it happens (signals below);
- the other worker processes read the token again once their few seconds are over, so a revocation reaches
  every process within ``LEDGER_TOKEN_CACHE_SECONDS``; an update that sends no signal (``QuerySet.update``) too.

Each request gets its own copy of the user, without the permissions Django caches on a user object, so
permissions are read as before, request by request. Only tokens that were valid are remembered: a wrong token
costs its query every time and fills nothing.
"""

from __future__ import annotations

import copy
from time import monotonic

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from rest_framework.authentication import TokenAuthentication

# The permission caches django.contrib.auth's ModelBackend keeps on a user object.
_PERMISSION_CACHES = ("_perm_cache", "_user_perm_cache", "_group_perm_cache")
# At most this many tokens remembered per process (the memory is emptied when full).
MAX_TOKENS = 1024

_remembered: dict[str, tuple[float, object, object]] = {}  # key -> (until, user, token)


def _seconds() -> float:
    return float(getattr(settings, "LEDGER_TOKEN_CACHE_SECONDS", 5))


class CachedTokenAuthentication(TokenAuthentication):
    """TokenAuthentication, with a valid token's user remembered for a few seconds (see the module)."""

    def authenticate_credentials(self, key):
        seconds = _seconds()
        if seconds <= 0:
            return super().authenticate_credentials(key)
        now = monotonic()
        found = _remembered.get(key)
        if found is None or found[0] <= now:
            user, token = super().authenticate_credentials(key)  # a wrong key or an inactive user raises here
            if len(_remembered) >= MAX_TOKENS:
                _remembered.clear()
            _remembered[key] = found = (now + seconds, user, token)
        return _fresh(found[1]), found[2]


def _fresh(user):
    user = copy.copy(user)
    for name in _PERMISSION_CACHES:
        user.__dict__.pop(name, None)
    return user


def forget_tokens(**kwargs) -> None:
    """Forget every remembered token (a token or a user changed: which of them is not worth working out)."""
    _remembered.clear()


post_delete.connect(forget_tokens, sender="authtoken.Token", dispatch_uid="ledger.api.authentication.token_deleted")
post_save.connect(forget_tokens, sender="authtoken.Token", dispatch_uid="ledger.api.authentication.token_saved")
post_save.connect(forget_tokens, sender=settings.AUTH_USER_MODEL, dispatch_uid="ledger.api.authentication.user_saved")
post_delete.connect(forget_tokens, sender=settings.AUTH_USER_MODEL, dispatch_uid="ledger.api.authentication.user_deleted")
