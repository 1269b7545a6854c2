"""Writes of group programmes and specialist treatment. Every write is atomic, validated
and audited, and asks the rule engine (bloem.rules) before it happens: the programme's
ages, consent (bloem.consent.checks), qualifications (AssignWork), the order of trauma
treatment (StartTraumaTreatment) and contact with the other parent (ContactExPartner). A
refusal is a RulesRefusedError carrying the reasons."""

import datetime
import hashlib
import secrets
from collections import Counter
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from bloem.accounts.models import OrganisationKind, Qualification, Worker
from bloem.audit.models import Action
from bloem.audit.services import record as audit
from bloem.audit.services import record_each as audit_each
from bloem.catalogue.models import HelpForm, Petal
from bloem.consent.checks import (
    RulesRefusedError,
    consent_findings,
    consent_statuses,
    contact_agreement_periods,
)
from bloem.consent.models import StabilityJudgement
from bloem.consent.services import stability_judgement_record
from bloem.families.changes import tracked_update
from bloem.families.models import Family, FamilyRole, Person, Stay
from bloem.rules import Verdict, evaluate
from bloem.rules import facts as f

from .models import (
    CHILD_METHODS,
    METHOD_WORK,
    PLACE_STATUSES,
    Attendance,
    CalendarToken,
    ContactStatus,
    Enrolment,
    EnrolmentStatus,
    Facilitator,
    GroupKind,
    GroupRun,
    GroupSession,
    NikaJudgement,
    NikaSession,
    NikaStatus,
    NikaStepKind,
    NikaTrajectory,
    Programme,
    SchoolContact,
    SupervisedContact,
    TeacherAdvice,
    TraumaEpisode,
    TraumaMethod,
    TraumaSession,
    TraumaStatus,
)

TRAUMA_PETAL = "child-trauma-treatment"
CONTACT_PETAL = "supervised-contact"
SCHOOL_PETAL = "school-guidance"


def _refuse_if_blocked(findings: Iterable) -> Verdict:
    verdict = Verdict(findings=tuple(findings))
    if verdict.blocked:
        raise RulesRefusedError(verdict)
    return verdict


def rule_worker(worker: Worker | None) -> f.Worker | None:
    """The rule engine's view of a worker: organisation kind and qualifications."""
    if worker is None:
        return None
    return f.Worker(
        id=worker.pk, name=str(worker),
        organisation_kind=getattr(worker.organisation, "kind", None),
        qualifications=tuple(f.Qualification(q.kind, q.in_training)
                             for q in Qualification.objects.filter(worker=worker)),
    )


def consent_check(*, family: Family, person: Person, petal: Petal | str,
                  day: datetime.date) -> list:
    """The consent findings for help from `petal` to a minor `person` on `day`: who must
    consent (the rule engine decides) and who is still missing. None for an adult."""
    petal_id = petal if isinstance(petal, str) else petal.pk
    proposal = HelpForm(family=family, person=person, petal_id=petal_id, started_on=day)
    [(_, status)] = consent_statuses([proposal], today=day)
    return consent_findings(status) if status is not None else []


def _save(request: HttpRequest, record, person_id: int | None) -> None:
    record.full_clean()
    record.save()
    audit(request=request, action=Action.CREATE, record=record, person_id=person_id)


# -- group runs ---------------------------------------------------------------------------


@transaction.atomic
def run_plan(*, request: HttpRequest, programme: Programme, location, kind: str, name: str,
             starts_on: datetime.date, first_session_time: datetime.time, sessions: int,
             minutes: int, room: str, capacity: int, parallel_to: GroupRun | None,
             facilitators: Iterable[tuple[Worker, str]]) -> GroupRun:
    """Plan a group run with a weekly session from `starts_on`; the programme's themes
    follow each other over the sessions."""
    ends_on = starts_on + datetime.timedelta(weeks=sessions - 1)
    run = GroupRun(programme=programme, location=location, kind=kind, name=name,
                   starts_on=starts_on, ends_on=ends_on, capacity=capacity,
                   parallel_to=parallel_to)
    run.full_clean()
    run.save()
    themes = list(programme.themes.all())
    zone = timezone.get_current_timezone()
    GroupSession.objects.bulk_create([
        GroupSession(
            run=run, number=n + 1, minutes=minutes, room=room,
            starts_at=datetime.datetime.combine(starts_on + datetime.timedelta(weeks=n),
                                                first_session_time, tzinfo=zone),
            theme=themes[n * len(themes) // sessions] if themes else None,
        )
        for n in range(sessions)
    ])
    seen = set()
    rows = []
    for worker, role in facilitators:
        if worker.pk not in seen:
            seen.add(worker.pk)
            rows.append(Facilitator(run=run, worker=worker, role=role))
    Facilitator.objects.bulk_create(rows)
    audit(request=request, action=Action.CREATE, record=run)
    return run


def _eligibility(run: GroupRun, person: Person, day: datetime.date,
                 age_exception: str) -> list:
    """What the rules say about this person in this group (consent and age for a child)."""
    if run.kind == GroupKind.PARENTS:
        if person.family_role != FamilyRole.PARENT:
            raise ValidationError({"person": _("A parents' group is for the parent in the "
                                               "shelter.")})
        return []
    if person.family_role != FamilyRole.CHILD:
        if run.kind == GroupKind.MOTHER_CHILD and person.family_role == FamilyRole.PARENT:
            return []
        raise ValidationError({"person": _("This group is for children.")})
    findings = list(evaluate(f.EnrolProgramme(
        programme=run.programme_id, child_name=person.full_name,
        date_of_birth=person.date_of_birth, starts_on=run.starts_on,
        exception_reason=age_exception)).findings)
    findings += consent_check(family=person.family, person=person, petal=run.programme.petal_id,
                              day=max(run.starts_on, day))
    return findings


@transaction.atomic
def enrol(*, request: HttpRequest, run: GroupRun, person: Person, enrolled_on: datetime.date,
          age_exception: str = "") -> Enrolment:
    """Enrol a child (or its parent in the parallel group) when the rules allow it: the
    age on the programme's start date (an exception needs a reason) and consent. A full
    group puts the participant on the waiting list."""
    run = GroupRun.objects.select_for_update().select_related("programme").get(pk=run.pk)
    if run.enrolments.filter(person=person).exists():
        raise ValidationError({"person": _("This person is already in this group or on its "
                                           "waiting list.")})
    _refuse_if_blocked(_eligibility(run, person, enrolled_on, age_exception))
    taken = run.enrolments.filter(status__in=PLACE_STATUSES).count()
    enrolment = Enrolment(
        run=run, family_id=person.family_id, person=person, enrolled_on=enrolled_on,
        age_exception=age_exception.strip(), recorded_by=request.user,
        status=EnrolmentStatus.ENROLLED if taken < run.capacity else EnrolmentStatus.WAITING,
    )
    _save(request, enrolment, person.pk)
    return enrolment


@transaction.atomic
def enrolment_end(*, request: HttpRequest, enrolment: Enrolment, version: int, status: str,
                  ended_on: datetime.date, reason: str = "") -> Enrolment:
    """Record completion or dropping out (with the reason). A place that comes free goes
    to the longest-waiting participant whom the rules still allow."""
    if status not in (EnrolmentStatus.COMPLETED, EnrolmentStatus.DROPPED_OUT):
        raise ValidationError({"status": _("Choose completed or dropped out.")})
    freed = enrolment.status == EnrolmentStatus.ENROLLED and status == EnrolmentStatus.DROPPED_OUT
    enrolment = tracked_update(
        request=request, instance=enrolment, version=version,
        changes={"status": status, "ended_on": ended_on,
                 "drop_out_reason": reason.strip() if status == EnrolmentStatus.DROPPED_OUT
                 else ""},
        family_id=enrolment.family_id, person_id=enrolment.person_id)
    if freed:
        _promote_waiting(request, enrolment.run, timezone.localdate())
    return enrolment


def _promote_waiting(request: HttpRequest, run: GroupRun, day: datetime.date) -> None:
    waiting = run.enrolments.filter(status=EnrolmentStatus.WAITING).select_related(
        "person__family").order_by("enrolled_on", "pk")
    for candidate in waiting:
        if Verdict(tuple(_eligibility(run, candidate.person, day,
                                      candidate.age_exception))).blocked:
            continue
        Enrolment.objects.filter(pk=candidate.pk).update(status=EnrolmentStatus.ENROLLED,
                                                         version=F("version") + 1)
        audit(request=request, action=Action.UPDATE, record=candidate,
              reason="waiting list → enrolled")
        return


@transaction.atomic
def attendance_record(*, request: HttpRequest, session: GroupSession,
                      rows: Iterable[tuple[Enrolment, bool, str]]) -> int:
    """Record presence and a short note per participant for one session (insert or
    replace). The enrolments must be participants of the session's group."""
    rows = list(rows)
    for enrolment, _present, _note in rows:
        if enrolment.run_id != session.run_id:
            raise ValidationError(_("This participant is not in this group."))
    Attendance.objects.bulk_create(
        [Attendance(session=session, enrolment=e, present=present, note=note.strip(),
                    recorded_by=request.user) for e, present, note in rows],
        update_conflicts=True, unique_fields=["session", "enrolment"],
        update_fields=["present", "note", "recorded_by", "recorded_at"],
    )
    audit_each(request=request, action=Action.UPDATE, record_type="programmes.attendance",
               family_counts=Counter(e.family_id for e, _p, _n in rows))
    return len(rows)


# -- the facilitator's calendar -----------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_token_new(*, request: HttpRequest, worker: Worker) -> str:
    """A new secret for the worker's calendar feed (the old one stops working). Only its
    hash is kept: the token is shown once."""
    token = secrets.token_urlsafe(32)
    CalendarToken.objects.update_or_create(worker=worker,
                                           defaults={"token_hash": token_hash(token)})
    audit(request=request, action=Action.UPDATE, record_type="programmes.calendartoken")
    return token


@transaction.atomic
def calendar_token_revoke(*, request: HttpRequest, worker: Worker) -> None:
    CalendarToken.objects.filter(worker=worker).delete()
    audit(request=request, action=Action.DELETE, record_type="programmes.calendartoken")


# -- NIKA (M-33) ----------------------------------------------------------------------------


def _assign(work: str, worker: Worker | None, supervisor: Worker | None = None) -> None:
    _refuse_if_blocked(evaluate(f.AssignWork(work=work, worker=rule_worker(worker),
                                             supervisor=rule_worker(supervisor))).findings
                       if worker is not None else ())


@transaction.atomic
def nika_start(*, request: HttpRequest, family: Family, child: Person, parent: Person,
               practitioner: Worker, supervisor: Worker | None,
               started_on: datetime.date) -> NikaTrajectory:
    """Start a NIKA trajectory: a NIKA practitioner (or one in training under a qualified
    supervisor) and the consent for NIKA of the child."""
    findings = list(evaluate(f.AssignWork(work="nika", worker=rule_worker(practitioner),
                                          supervisor=rule_worker(supervisor))).findings)
    if child.family_id == family.pk:
        findings += consent_check(family=family, person=child, petal="nika", day=started_on)
    _refuse_if_blocked(findings)
    trajectory = NikaTrajectory(family=family, child=child, parent=parent,
                                practitioner=practitioner, supervisor=supervisor,
                                started_on=started_on)
    _save(request, trajectory, child.pk)
    return trajectory


@transaction.atomic
def nika_session_record(*, request: HttpRequest, trajectory: NikaTrajectory, kind: str,
                        held_on: datetime.date, disorganised_signs: str = "",
                        disruptive_behaviour: str = "", supportive_behaviour: str = "",
                        video_recorded_on: datetime.date | None = None,
                        feedback: str = "") -> NikaSession:
    """A session of the trajectory; parent counselling by a trained NIKA counsellor."""
    if kind == NikaStepKind.COUNSELLING:
        _assign("nika-parent-counselling", request.user)
    session = NikaSession(trajectory=trajectory, kind=kind, held_on=held_on,
                          disorganised_signs=disorganised_signs,
                          disruptive_behaviour=disruptive_behaviour,
                          supportive_behaviour=supportive_behaviour,
                          video_recorded_on=video_recorded_on, feedback=feedback,
                          recorded_by=request.user)
    session.full_clean()
    session.save()
    status = {NikaStepKind.DIAGNOSTICS: NikaStatus.DIAGNOSTICS,
              NikaStepKind.UNLEARN: NikaStatus.TREATMENT, NikaStepKind.LEARN: NikaStatus.TREATMENT,
              NikaStepKind.COUNSELLING: NikaStatus.COUNSELLING}[kind]
    NikaTrajectory.objects.filter(pk=trajectory.pk).update(status=status)
    audit(request=request, action=Action.CREATE, record=session,
          family_id=trajectory.family_id, person_id=trajectory.child_id)
    return session


@transaction.atomic
def nika_judge(*, request: HttpRequest, trajectory: NikaTrajectory, judged_on: datetime.date,
               parent_can_change: bool, relationship_stable: bool, basis: str,
               attachment_figure: str = "") -> NikaJudgement:
    """The judgement of the trajectory. The judgement of the parent–child relationship is
    recorded as the one StabilityJudgement the trauma-treatment rule reads (M-32), judged by
    the worker who records it."""
    if not parent_can_change and not attachment_figure.strip():
        raise ValidationError({"attachment_figure": _(
            "When the parent cannot change, record the decision about the child's safe "
            "attachment figure.")})
    stability = stability_judgement_record(
        request=request, family=trajectory.family, child=trajectory.child, judged_on=judged_on,
        sufficient=relationship_stable, basis=basis, judged_by=request.user)
    judgement = NikaJudgement(trajectory=trajectory, judged_on=judged_on,
                              parent_can_change=parent_can_change,
                              attachment_figure=attachment_figure.strip(), stability=stability)
    judgement.full_clean()
    judgement.save()
    audit(request=request, action=Action.CREATE, record=judgement,
          family_id=trajectory.family_id, person_id=trajectory.child_id)
    return judgement


# -- trauma treatment (M-32, M-34, M-35) --------------------------------------------------


def stability_facts(child: Person) -> tuple[f.StabilityJudgement, ...]:
    # Oldest first, so that of two judgements on one day the one recorded last counts
    # (the rule takes the latest by date and keeps this order within a day).
    judgements = list(StabilityJudgement.objects.filter(child=child).select_related(
        "judged_by__organisation").defer("basis").order_by("judged_on", "pk"))
    quals: dict[int, list] = {}
    for q in Qualification.objects.filter(worker_id__in={j.judged_by_id for j in judgements}):
        quals.setdefault(q.worker_id, []).append(f.Qualification(q.kind, q.in_training))
    return tuple(
        f.StabilityJudgement(j.judged_on, j.sufficient, f.Worker(
            id=j.judged_by_id, name=str(j.judged_by),
            organisation_kind=getattr(j.judged_by.organisation, "kind", None),
            qualifications=tuple(quals.get(j.judged_by_id, ()))))
        for j in judgements)


@transaction.atomic
def trauma_start(*, request: HttpRequest, family: Family, person: Person, method: str,
                 practitioner: Worker | None, started_on: datetime.date,
                 referral_note: str = "") -> TraumaEpisode:
    """Start a child's trauma treatment (after a stable parent–child relationship, by a
    qualified practitioner, with consent), or a parent's treatment by the GGZ partner —
    referred from here when no GGZ practitioner is named yet."""
    if method in CHILD_METHODS:
        if person.family_role != FamilyRole.CHILD:
            raise ValidationError({"method": _("EMDR, TF-CBT and NET on location are for the "
                                               "children; a parent is treated by the GGZ "
                                               "partner.")})
        findings = list(evaluate(f.StartTraumaTreatment(
            day=started_on, stability_judgements=stability_facts(person))).findings)
        if practitioner is None:
            raise ValidationError({"practitioner": _("Name the practitioner.")})
        findings += evaluate(f.AssignWork(work=METHOD_WORK[method],
                                          worker=rule_worker(practitioner))).findings
        findings += consent_check(family=family, person=person, petal=TRAUMA_PETAL,
                                  day=started_on)
        _refuse_if_blocked(findings)
        status = TraumaStatus.ACTIVE
    elif method == TraumaMethod.GGZ:
        if person.family_role not in (FamilyRole.PARENT, FamilyRole.OTHER_PARENT):
            raise ValidationError({"person": _("Treatment by the GGZ partner is for a "
                                               "parent.")})
        if practitioner is not None and getattr(practitioner.organisation, "kind",
                                                None) != OrganisationKind.GGZ:
            raise ValidationError({"practitioner": _("A parent's trauma treatment is given by "
                                                     "a practitioner of the GGZ partner.")})
        if practitioner is None and not referral_note.strip():
            raise ValidationError({"referral_note": _("Without a GGZ practitioner this is a "
                                                      "referral: write the referral.")})
        status = TraumaStatus.ACTIVE if practitioner else TraumaStatus.REFERRED
    else:
        raise ValidationError({"method": _("Choose a method.")})
    episode = TraumaEpisode(family=family, person=person, method=method,
                            practitioner=practitioner, started_on=started_on, status=status,
                            referral_note=referral_note.strip(), recorded_by=request.user)
    _save(request, episode, person.pk)
    return episode


@transaction.atomic
def trauma_session_record(*, request: HttpRequest, episode: TraumaEpisode,
                          held_on: datetime.date, note: str = "",
                          measurements: Iterable = ()) -> TraumaSession:
    """A treatment session, and the outcome measurements (screening responses of the
    treated person) linked to the treatment."""
    if episode.status == TraumaStatus.REFERRED:
        raise ValidationError(_("A referral has no sessions here: the GGZ partner records "
                                "its own."))
    if held_on < episode.started_on:
        raise ValidationError({"held_on": _("The session lies before the treatment started.")})
    measurements = list(measurements)
    if any(m.person_id != episode.person_id for m in measurements):
        raise ValidationError({"measurements": _("Only measurements of the treated person.")})
    session = TraumaSession(episode=episode, held_on=held_on, note=note.strip(),
                            recorded_by=request.user)
    session.full_clean()
    session.save()
    if measurements:
        episode.measurements.add(*measurements)
    audit(request=request, action=Action.CREATE, record=session, family_id=episode.family_id,
          person_id=episode.person_id)
    return session


# -- supervised contact (M-31, M-02) ------------------------------------------------------


def contact_findings(family: Family, child: Person, day: datetime.date) -> list:
    stay = Stay.objects.filter(family=family, ended_on__isnull=True).first()
    findings = list(evaluate(f.ContactExPartner(
        day=day, safety_level=stay.safety_level if stay else None,
        agreements=contact_agreement_periods(family.pk))).findings)
    findings += consent_check(family=family, person=child, petal=CONTACT_PETAL, day=day)
    return findings


@transaction.atomic
def contact_plan(*, request: HttpRequest, family: Family, child: Person, other_parent: Person,
                 starts_at: datetime.datetime, place: str,
                 supervisor: Worker) -> SupervisedContact:
    """Plan supervised contact only when the contact rule allows it (the client's
    agreement, a safety level that is not red) and the consent for it is complete."""
    if other_parent.family_role != FamilyRole.OTHER_PARENT:
        raise ValidationError({"other_parent": _("Choose the other parent.")})
    if child.family_role != FamilyRole.CHILD:
        raise ValidationError({"child": _("Choose a child of the family.")})
    _refuse_if_blocked(contact_findings(family, child, timezone.localtime(starts_at).date()))
    contact = SupervisedContact(family=family, child=child, other_parent=other_parent,
                                starts_at=starts_at, place=place.strip(), supervisor=supervisor,
                                recorded_by=request.user)
    _save(request, contact, child.pk)
    return contact


@transaction.atomic
def contact_report(*, request: HttpRequest, contact: SupervisedContact, version: int,
                   status: str, course: str, child_reaction: str, parent_behaviour: str,
                   safety: str, agreements: str) -> SupervisedContact:
    if status == ContactStatus.HELD and not course.strip():
        raise ValidationError({"course": _("Describe how the contact went.")})
    return tracked_update(
        request=request, instance=contact, version=version,
        changes={"status": status, "course": course, "child_reaction": child_reaction,
                 "parent_behaviour": parent_behaviour, "safety": safety,
                 "agreements": agreements},
        family_id=contact.family_id, person_id=contact.child_id)


# -- schools and day care (M-36) ----------------------------------------------------------


@transaction.atomic
def school_record(*, request: HttpRequest, family: Family, child: Person, kind: str,
                  name: str, contact_person: str, contact_details: str = "") -> SchoolContact:
    school = SchoolContact(family=family, child=child, kind=kind, name=name.strip(),
                           contact_person=contact_person.strip(),
                           contact_details=contact_details.strip(), recorded_by=request.user)
    if child.family_role != FamilyRole.CHILD or child.family_id != family.pk:
        raise ValidationError({"child": _("Choose a child of the family.")})
    _save(request, school, child.pk)
    return school


@transaction.atomic
def advice_record(*, request: HttpRequest, school: SchoolContact, given_on: datetime.date,
                  advice: str) -> TeacherAdvice:
    """Advice to the teachers is shared only with the consent recorded for the guidance of
    teachers (the parents', by the child's age)."""
    _refuse_if_blocked(consent_check(family=school.family, person=school.child,
                                     petal=SCHOOL_PETAL, day=given_on))
    entry = TeacherAdvice(school=school, given_on=given_on, advice=advice.strip(),
                          given_by=request.user)
    entry.full_clean()
    entry.save()
    audit(request=request, action=Action.CREATE, record=entry, family_id=school.family_id,
          person_id=school.child_id)
    return entry
