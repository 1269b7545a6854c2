"""The explicit tables of allowed status changes (like the phase table of bloem.families):
the referral's flow, the phases of Handelingsgerichte Diagnostiek, and a goal's status.
A change outside a table raises TransitionError, which the API answers with 409 and the
reason."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from .models import GoalStatus, HgdPhase, ReferralStatus

REFERRAL_TRANSITIONS: dict[str, frozenset[str]] = {
    ReferralStatus.REFERRED: frozenset({ReferralStatus.ACCEPTED, ReferralStatus.DECLINED,
                                        ReferralStatus.REDIRECTED}),
    ReferralStatus.ACCEPTED: frozenset({ReferralStatus.ANALYSIS_PLANNED,
                                        ReferralStatus.DECLINED, ReferralStatus.REDIRECTED}),
    ReferralStatus.ANALYSIS_PLANNED: frozenset({ReferralStatus.PLAN_AGREED,
                                                ReferralStatus.REDIRECTED}),
    ReferralStatus.PLAN_AGREED: frozenset(),
    ReferralStatus.DECLINED: frozenset(),
    ReferralStatus.REDIRECTED: frozenset(),
}
# A referral that is declined or sent elsewhere says why.
REASON_REQUIRED = frozenset({ReferralStatus.DECLINED, ReferralStatus.REDIRECTED})

# Intake → strategy → (investigation, when needed) → indication → advice (M-51).
HGD_TRANSITIONS: dict[str, frozenset[str]] = {
    HgdPhase.INTAKE: frozenset({HgdPhase.STRATEGY}),
    HgdPhase.STRATEGY: frozenset({HgdPhase.INVESTIGATION, HgdPhase.INDICATION}),
    HgdPhase.INVESTIGATION: frozenset({HgdPhase.INDICATION}),
    HgdPhase.INDICATION: frozenset({HgdPhase.ADVICE}),
    HgdPhase.ADVICE: frozenset(),
}

GOAL_TRANSITIONS: dict[str, frozenset[str]] = {
    GoalStatus.PLANNED: frozenset({GoalStatus.IN_PROGRESS, GoalStatus.STOPPED}),
    GoalStatus.IN_PROGRESS: frozenset({GoalStatus.ACHIEVED, GoalStatus.STOPPED}),
    GoalStatus.ACHIEVED: frozenset({GoalStatus.IN_PROGRESS}),  # reopened at a review
    GoalStatus.STOPPED: frozenset(),
}


class TransitionError(ValidationError):
    """A status change the table does not allow; the message says what is allowed."""

    def __init__(self, message: str, field: str = "status"):
        super().__init__({field: message}, code="transition")
        self.reason = message


def check(table: dict[str, frozenset[str]], choices: type[models.TextChoices], current: str,
          wanted: str, *, field: str = "status", stay_allowed: bool = False) -> None:
    """Refuse `current` → `wanted` when the table does not list it."""
    if stay_allowed and wanted == current and table[current]:
        return
    allowed = table[current]
    if wanted in allowed:
        return
    label = choices(current).label
    if not allowed:
        raise TransitionError(_("“%(current)s” is final: it cannot change any more.")
                              % {"current": label}, field)
    raise TransitionError(_("From “%(current)s” the only next steps are: %(allowed)s.") % {
        "current": label,
        "allowed": ", ".join(f"“{choices(s).label}”" for s in sorted(allowed)),
    }, field)


def next_steps(table: dict[str, frozenset[str]], choices: type[models.TextChoices],
               current: str) -> list[tuple[str, str]]:
    return [(value, label) for value, label in choices.choices if value in table[current]]
