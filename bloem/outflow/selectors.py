"""Reads of the outflow: the family's outflow page, what still blocks closing the stay,
who must consent to a handover (asking the rule engine), and the follow-ups due on the
worklist. Each in a fixed number of queries whatever the family's size."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.utils.translation import gettext as _

from bloem.access import policy
from bloem.accounts.models import Municipality
from bloem.catalogue.models import OPEN_STATUSES, HelpForm
from bloem.core.links import link
from bloem.families.models import Family, FamilyRole, ParentChildRelation, Person, RelationKind
from bloem.planning.care import Item
from bloem.rules import evaluate
from bloem.rules.facts import Consent as ConsentFact
from bloem.rules.facts import ConsentFacts, Parent, ShareSubject, ShareWithThirdParty

from .models import ContinuingHelp, Handover, HandoverConsent, HelpStatus, Outflow


def family_for(user, pk: int, permission: str | None = None) -> Family:
    """The family when the worker sees it (404 otherwise). With a permission — recording
    the outflow or a handover, which show where the family goes — also only when the
    worker may see its protected fields (404), then the role check (403)."""
    family = policy.get_visible_or_404(Family.objects, user, pk=pk)
    if permission:
        if not policy.can_see_protected(user, family):
            raise Http404
        policy.require(user, permission, family)
    return family


def stay_of(family: Family):
    """The open stay, or else the latest one (an outflow may be looked at after it
    closed)."""
    return (family.stays.select_related("location", "unit", "family_worker")
            .order_by("ended_on", "-started_on").first())


def close_blockers(family_id: int) -> list[HelpForm]:
    """The family's open forms of help (proposed, active, paused) not recorded as handed
    over: while any remains, the stay may not close."""
    handed_over = ContinuingHelp.objects.filter(help_form_id=OuterRef("pk"),
                                                status=HelpStatus.HANDED_OVER)
    return list(HelpForm.objects.filter(family_id=family_id, status__in=OPEN_STATUSES)
                .exclude(Exists(handed_over)).select_related("person", "petal")
                .order_by("person__first_name", "petal__name"))


def close_refusal(blockers: list[HelpForm]) -> list[str]:
    """The reasons, in plain words, one per open form of help."""
    return [_("“%(help)s” for %(person)s is still %(status)s: end it or record it as "
              "handed over.") % {"help": h.petal.label, "person": h.person.first_name,
                                 "status": h.get_status_display().lower()}
            for h in blockers]


@dataclass
class OutflowPage:
    stay: object
    outflow: Outflow | None
    sees_protected: bool
    municipality: Municipality | None = None
    continuing: list = field(default_factory=list)
    blockers: list = field(default_factory=list)
    handovers: list = field(default_factory=list)


def outflow_page(user, family: Family) -> OutflowPage:
    """Everything the outflow page shows, in six queries; the new municipality and the
    handovers (whose receiving party says where the family lives) only to a worker who
    may see protected fields."""
    sees = policy.can_see_protected(user, family)
    stay = stay_of(family)
    outflow = Outflow.objects.filter(stay=stay).select_related("recorded_by").first() \
        if stay else None
    page = OutflowPage(stay=stay, outflow=outflow, sees_protected=sees,
                       blockers=close_blockers(family.pk) if stay and stay.is_open else [])
    if outflow is None:
        return page
    page.continuing = list(outflow.continuing_help.select_related("person", "petal",
                                                                  "help_form"))
    if sees:
        page.municipality = Municipality.objects.filter(
            code=outflow.new_municipality_code).first()
        page.handovers = list(outflow.handovers.select_related("prepared_by", "shared_by"))
    return page


def handover_members(handover: Handover) -> list[Person]:
    return list(Person.objects.filter(family_id=handover.family_id,
                                      pk__in=[int(k) for k in handover.chosen]))


def share_facts(handover: Handover, day: datetime.date) -> ShareWithThirdParty:
    """The facts the rule engine judges: per chosen member, who consented to sharing
    their information; for a child also its parents and their authority (3 queries)."""
    members = handover_members(handover)
    consents = list(HandoverConsent.objects.filter(handover=handover))
    children = [m.pk for m in members if m.family_role == FamilyRole.CHILD]
    relations = list(ParentChildRelation.objects.filter(child_id__in=children)
                     .select_related("parent"))
    subjects = []
    for member in members:
        mine = [c for c in consents if c.subject_id == member.pk]
        if member.family_role != FamilyRole.CHILD:
            subjects.append(ShareSubject(member.pk, member.full_name,
                                         consented_by=tuple(c.given_by_id for c in mine)))
            continue
        parents = tuple(Parent(r.parent_id, r.parent.full_name, r.has_authority,
                               is_guardian=r.kind == RelationKind.GUARDIAN)
                        for r in relations if r.child_id == member.pk)
        subjects.append(ShareSubject(member.pk, member.full_name, consent=ConsentFacts(
            child_id=member.pk, child_name=member.full_name,
            date_of_birth=member.date_of_birth, day=day, parents=parents,
            consents=tuple(ConsentFact(given_by=c.given_by_id, given_on=c.given_on)
                           for c in mine))))
    return ShareWithThirdParty(receiving_party=handover.receiving_party, day=day,
                               subjects=tuple(subjects))


def share_verdict(handover: Handover, day: datetime.date):
    return evaluate(share_facts(handover, day))


def handover_for(user, pk: int, permission: str | None = None) -> Handover:
    """A handover with its consents, when the worker sees the family AND may see its
    protected fields — the receiving party says where the family lives — (404 otherwise),
    then the role check for a permission (403)."""
    handover = policy.get_visible_or_404(
        Handover.objects.select_related("family", "outflow", "prepared_by", "shared_by")
        .prefetch_related(Prefetch("consents", queryset=HandoverConsent.objects
                                   .select_related("subject", "given_by"))),
        user, pk=pk)
    if not policy.can_see_protected(user, handover.family):
        raise Http404
    if permission:
        policy.require(user, permission, handover.family)
    return handover


class FollowUpItem(Item):
    @property
    def kind_label(self) -> str:
        return _("Follow-up of the warm handover")


def follow_up_items(families: dict, today: datetime.date) -> list[Item]:
    """Shared handovers of `families` (id → family) whose follow-up is due and not yet
    answered (one query)."""
    due = (Handover.objects.filter(family_id__in=list(families), shared_at__isnull=False,
                                   follow_up="", follow_up_on__lte=today)
           .order_by("follow_up_on", "pk"))
    return [FollowUpItem(
        family=families[h.family_id], kind="handover_follow_up",
        subject=_("Did the receiving party pick it up?"),
        message=_("Shared on %(date)s") % {"date": h.shared_at.strftime("%d-%m-%Y")},
        url=link("outflow:follow_up", h.pk),
        unblock=_("Record the answer")) for h in due]
