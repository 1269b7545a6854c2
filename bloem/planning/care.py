"""Reads of the team's care logistics, each in a fixed number of queries: a family's
referrals (with their waiting times), analyses, plan and case items; the monitoring of a
family ("not too fast for the mother, not too slow for the child", M-25); and the worklist
items of issue 6 for the families on a worklist page."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, Min, OuterRef, Prefetch, Q, Subquery
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bloem.access import policy
from bloem.catalogue.models import GIVEN_STATUSES, HelpForm
from bloem.core.links import link
from bloem.families.models import Family, FamilyRole, Person, Stay

from .models import (
    OPEN_GOAL_STATUSES,
    ActionPlan,
    CaseItem,
    ChosenPetal,
    Goal,
    GoalReview,
    JointAnalysis,
    Progress,
    Receiver,
    Referral,
    ReferralStatus,
    ReferralStep,
    Urgency,
)

# A review is "due" this many days ahead; a child without help this long after intake,
# while its mother's help runs or not, is "waiting" (M-25).
REVIEW_SOON_DAYS = 7
CHILD_WAIT_DAYS = 14


def _first_help(person_ref: str) -> Subquery:
    return Subquery(
        HelpForm.objects.filter(person_id=OuterRef(person_ref), status__in=GIVEN_STATUSES)
        .order_by().values("person_id").annotate(first=Min("started_on")).values("first")[:1])


def referrals(family: Family):
    """The family's referrals with their steps, the date of the first joint analysis and
    the first start of help after the referral (three queries)."""
    first_analysis = (JointAnalysis.objects.filter(referral=OuterRef("pk"))
                      .order_by("planned_on").values("planned_on")[:1])
    help_after = HelpForm.objects.filter(
        family_id=OuterRef("family_id"), status__in=GIVEN_STATUSES,
        started_on__gte=OuterRef("referred_on"), petal__provider_kind=OuterRef("receiver"),
    ).order_by("started_on")
    rows = list(
        Referral.objects.filter(family=family)
        .select_related("person", "referred_by")
        .prefetch_related(Prefetch("steps", ReferralStep.objects.select_related("by")))
        .annotate(analysis_on=Subquery(first_analysis),
                  help_family=Subquery(help_after.values("started_on")[:1]),
                  help_person=Subquery(help_after.filter(person_id=OuterRef("person_id"))
                                       .values("started_on")[:1]))
    )
    for referral in rows:
        referral.help_on = referral.help_person if referral.person_id else referral.help_family
        referral.days_to_analysis = ((referral.analysis_on - referral.referred_on).days
                                     if referral.analysis_on else None)
        referral.days_to_help = ((referral.help_on - referral.referred_on).days
                                 if referral.help_on else None)
    return rows


def analyses(family: Family):
    return list(
        JointAnalysis.objects.filter(family=family).select_related("referral")
        .prefetch_related("workers__organisation", "members",
                          Prefetch("chosen_petals", ChosenPetal.objects.select_related(
                              "person", "petal", "help_form")))
    )


@dataclass
class ChildMonitor:
    child: Person
    days_since_intake: int | None
    help_started_on: datetime.date | None
    waiting: bool


@dataclass
class PlanView:
    plan: ActionPlan | None
    goals: list = field(default_factory=list)
    child_plans: dict = field(default_factory=dict)  # child pk → ChildWorkPlan
    agreements: list = field(default_factory=list)
    children: list[ChildMonitor] = field(default_factory=list)
    overdue: list = field(default_factory=list)
    due: list = field(default_factory=list)
    no_progress: list = field(default_factory=list)


def plan_view(family: Family, today: datetime.date) -> PlanView:
    """The plan with its goals (and their latest progress), child work plans and versions,
    and the family's monitoring. A fixed number of queries."""
    plan = ActionPlan.objects.filter(family=family).first()
    view = PlanView(plan=plan)
    if plan is not None:
        view.goals = list(
            plan.goals.select_related("person", "petal", "responsible", "organisation")
            .annotate(last_progress=Subquery(
                GoalReview.objects.filter(goal=OuterRef("pk")).order_by("-reviewed_on", "-pk")
                .values("progress")[:1]))
        )
        view.child_plans = {c.child_id: c for c in plan.child_plans.all()}
        view.agreements = list(plan.agreements.select_related("parent", "recorded_by"))
    for goal in view.goals:
        if goal.status in OPEN_GOAL_STATUSES:
            if goal.review_on < today:
                view.overdue.append(goal)
            elif goal.review_on <= today + datetime.timedelta(days=REVIEW_SOON_DAYS):
                view.due.append(goal)
            if goal.last_progress == Progress.NONE:
                view.no_progress.append(goal)
    view.children = child_monitor(family, today)
    return view


def child_monitor(family: Family, today: datetime.date) -> list[ChildMonitor]:
    """Per child: days since the intake (start of the open stay) and the first day help
    actually started; a child without help CHILD_WAIT_DAYS after intake is waiting."""
    stay = family.stays.filter(ended_on__isnull=True).order_by("-started_on").first()
    children = family.members.filter(family_role=FamilyRole.CHILD).annotate(
        help_started_on=_first_help("pk"))
    result = []
    for child in children:
        days = (today - stay.started_on).days if stay else None
        waiting = (child.help_started_on is None and days is not None
                   and days >= CHILD_WAIT_DAYS)
        result.append(ChildMonitor(child, days, child.help_started_on, waiting))
    return result


def case_items(family: Family):
    return list(CaseItem.objects.filter(family=family)
                .select_related("discussion", "follow_up_by", "added_by"))


# -- the worklist -----------------------------------------------------------------------------


class Kind:
    REFERRAL = "referral"
    REVIEW_OVERDUE = "review_overdue"
    REVIEW_DUE = "review_due"
    NO_PROGRESS = "no_progress"
    PLAN_AGREEMENT = "plan_agreement"
    CHILD_WAITING = "child_waiting"
    FOLLOW_UP = "follow_up"


KIND_LABELS = {
    Kind.REFERRAL: _("Referral to handle"),
    Kind.REVIEW_OVERDUE: _("Review overdue"),
    Kind.REVIEW_DUE: _("Review due"),
    Kind.NO_PROGRESS: _("Goal without progress"),
    Kind.PLAN_AGREEMENT: _("Plan to agree with the parent"),
    Kind.CHILD_WAITING: _("Child waiting for help"),
    Kind.FOLLOW_UP: _("Follow-up of the case discussion"),
}


@dataclass
class Item:
    family: Family
    kind: str
    subject: str
    message: str
    url: str
    person: str = ""
    unblock: str = ""

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


def worklist_items(user, families: dict[int, Family], today: datetime.date) -> list[Item]:
    """What waits for this worker in the families of the page, in five queries whatever
    their number: referrals for the worker's organisation, reviews due or overdue and goals
    without progress (their own, or every one for a team manager), plans changed since the
    parent's last agreement, children waiting for help, and follow-ups of case
    discussions. `families`: id → family, of the worklist's page (the items take their
    family from it, no query joins the families again). Each query reads the few values
    its items show, not whole rows: no model objects, timestamps or contact details."""
    family_ids = list(families)
    manager = policy.covers_whole_locations(user)
    kind = getattr(getattr(user, "organisation", None), "kind", None)
    items: list[Item] = []
    # 1. Referrals to take on (or to plan the analysis of) for the receiving organisation.
    open_referrals = Referral.objects.filter(
        family_id__in=family_ids,
        status__in=[ReferralStatus.REFERRED, ReferralStatus.ACCEPTED])
    if not manager:
        open_referrals = open_referrals.filter(receiver=kind or "-")
    for pk, family_id, status, receiver, urgency, referred_on, first_name in (
            open_referrals.values_list("pk", "family_id", "status", "receiver", "urgency",
                                       "referred_on", "person__first_name")):
        items.append(Item(
            family=families[family_id], kind=Kind.REFERRAL,
            subject=str(ReferralStatus(status).label),
            person=Referral.subject_of(first_name),
            message=gettext("%(receiver)s, urgency %(urgency)s, %(days)s days since the "
                            "referral")
            % {"receiver": Receiver(receiver).label,
               "urgency": str(Urgency(urgency).label).lower(),
               "days": (today - referred_on).days},
            url=link("planning:referral", pk),
            unblock=(gettext("Take it on") if status == ReferralStatus.REFERRED
                     else gettext("Plan the joint analysis"))))
    # 2. Reviews and progress of goals.
    goals = Goal.objects.filter(family_id__in=family_ids, status__in=OPEN_GOAL_STATUSES)
    if not manager:
        goals = goals.filter(responsible=user)
    last_progress = Subquery(GoalReview.objects.filter(goal=OuterRef("pk"))
                             .order_by("-reviewed_on", "-pk").values("progress")[:1])
    soon = today + datetime.timedelta(days=REVIEW_SOON_DAYS)
    review, no_progress = gettext("Review the goal"), gettext("The last review saw no progress.")
    for pk, family_id, description, review_on, first_name, progress in (
            goals.annotate(last_progress=last_progress)
            .filter(Q(review_on__lte=soon) | Q(last_progress=Progress.NONE))
            .values_list("pk", "family_id", "description", "review_on", "person__first_name",
                         "last_progress")):
        url = link("planning:goal_review", pk)
        if review_on <= soon:
            items.append(Item(
                family=families[family_id],
                kind=Kind.REVIEW_OVERDUE if review_on < today else Kind.REVIEW_DUE,
                subject=description[:80], person=first_name,
                message=gettext("Review date %(date)s") % {
                    "date": review_on.strftime("%d-%m-%Y")},
                url=url, unblock=review))
        if progress == Progress.NONE:
            items.append(Item(family=families[family_id], kind=Kind.NO_PROGRESS,
                              subject=description[:80], person=first_name,
                              message=no_progress, url=url, unblock=review))
    # 3. Plans to agree with the parent (the family worker of the stay, or the manager).
    plans = ActionPlan.objects.filter(family_id__in=family_ids, changed_since_agreement=True)
    plans = plans.filter(Exists(Goal.objects.filter(plan=OuterRef("pk"))))
    if not manager:
        plans = plans.filter(family__stays__ended_on__isnull=True,
                             family__stays__family_worker=user)
    items.extend(Item(family=families[family_id], kind=Kind.PLAN_AGREEMENT,
                      subject=gettext("Family action plan"),
                      message=gettext("Changed since the parent last agreed."),
                      url=link("planning:plan_agree", family_id),
                      unblock=gettext("Record the agreement"))
                 for family_id in plans.values_list("family_id", flat=True))
    # 4. Children waiting for help (M-25).
    since = today - datetime.timedelta(days=CHILD_WAIT_DAYS)
    children = (Person.objects.filter(family_id__in=family_ids, family_role=FamilyRole.CHILD)
                .filter(Exists(Stay.objects.filter(family_id=OuterRef("family_id"),
                                                   ended_on__isnull=True,
                                                   started_on__lte=since)))
                .exclude(Exists(HelpForm.objects.filter(person_id=OuterRef("pk"),
                                                        status__in=GIVEN_STATUSES)))
                .annotate(intake=Subquery(Stay.objects.filter(
                    family_id=OuterRef("family_id"), ended_on__isnull=True)
                    .order_by("-started_on").values("started_on")[:1])))
    items.extend(Item(family=families[family_id], kind=Kind.CHILD_WAITING,
                      subject=gettext("No help started yet"), person=first_name,
                      message=gettext("%(days)s days since the intake")
                      % {"days": (today - intake).days},
                      url=link("planning:family", family_id),
                      unblock=gettext("Open the plan"))
                 for family_id, first_name, intake in children.values_list(
                     "family_id", "first_name", "intake"))
    # 5. Follow-ups of case discussions for this worker.
    follow_ups = (CaseItem.objects.filter(family_id__in=family_ids, follow_up_by=user)
                  .exclude(follow_up="").filter(follow_up_due__lte=soon))
    items.extend(Item(family=families[family_id], kind=Kind.FOLLOW_UP,
                      subject=follow_up[:80],
                      message=gettext("Due %(date)s") % {"date": due.strftime("%d-%m-%Y")},
                      url=link("planning:case_item", pk),
                      unblock=gettext("Open"))
                 for pk, family_id, follow_up, due in follow_ups.values_list(
                     "pk", "family_id", "follow_up", "follow_up_due"))
    return items
