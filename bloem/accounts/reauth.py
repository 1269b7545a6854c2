"""Re-authentication before sensitive actions (issue 3, item 1): exports, revealing a
protected address, and the like. Changing a second factor is guarded by allauth itself.

    from bloem.accounts.reauth import reauthentication_required

    @reauthentication_required
    def export(request, pk): ...

    @reauthentication_required(allow_get=True)   # only the POST needs a fresh login
    def reveal_address(request, pk): ...

A worker who has not confirmed their password or second factor in the last
ACCOUNT_REAUTHENTICATION_TIMEOUT seconds (5 minutes) is sent to allauth's confirmation
page and comes back to the same request afterwards (a POST is replayed by allauth). An
anonymous visitor is sent there too, and from there to the login page.
"""

from collections.abc import Callable
from typing import TypeVar, overload

from allauth.account.decorators import reauthentication_required as _allauth_reauth

V = TypeVar("V", bound=Callable)

# allauth's `app`: which app's *_REAUTHENTICATION_REQUIRED setting switches the check.
# An empty app means "always required": no flag can switch this check off.
_APP = ""


@overload
def reauthentication_required(view: V, /) -> V: ...
@overload
def reauthentication_required(*, allow_get: bool = False) -> Callable[[V], V]: ...


def reauthentication_required(view=None, /, *, allow_get: bool = False):
    decorator = _allauth_reauth(allow_get=allow_get, app=_APP)
    if view is not None:
        return decorator(view)
    return decorator
