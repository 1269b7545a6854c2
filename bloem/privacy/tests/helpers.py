"""Shared helpers of the privacy tests: files that ended long ago, and the rows of a file."""

import datetime

from django.apps import apps
from django.db import models

from bloem.audit.models import Action
from bloem.audit.services import record as audit
from bloem.catalogue.models import HelpForm, Petal
from bloem.consent.models import (
    Consent,
    ConsentDecision,
    ConsentForm,
    ContactAgreement,
    DecisionKind,
    InformationShared,
    StabilityJudgement,
)
from bloem.families.models import FamilyRole, JournalEntry
from bloem.outflow.models import ContinuingHelp, Destination, Handover, HandoverConsent, Outflow
from bloem.privacy.retention import FILE_PARTS

SHELTER_PETAL = "safety-stabilisation"


def fill_team_file(family, worker) -> None:
    """The team's work (bloem/planning): referral, analysis, plan, case discussion."""
    from bloem.planning.tests.helpers import fill_team_file as fill

    fill(family, worker)


def fill_file(family, worker, *, notes: int = 3) -> None:
    """Notes about the family and about a child, and a form of help for the child."""
    child = family.members.filter(family_role=FamilyRole.CHILD).first()
    for i in range(notes):
        JournalEntry.objects.create(
            family=family, person=child if i % 2 else None, author=worker,
            text=f"Notitie {i}: gesprek in de Geheime Gracht.",
            written_at=datetime.datetime(2026, 10, 1, 10, i % 60, tzinfo=datetime.UTC),
        )
    HelpForm.objects.create(family=family, person=child, petal=Petal.objects.get(
        code=SHELTER_PETAL), responsible=worker, started_on=datetime.date(2026, 10, 1),
        goal="Rust en veiligheid.")
    _fill_screening(family, child, worker)
    fill_consent(family, child, worker)
    _fill_safety(family, child, worker)
    fill_team_file(family, worker)
    _fill_programmes(family, child, worker)
    _fill_outflow(family, child, worker)
    _fill_interop(family, worker)
    _fill_network(family, child, worker)


def _fill_outflow(family, child, worker) -> None:
    """An outflow with help that must continue, and a handover with a consent to it."""
    stay = family.stays.order_by("-started_on").first()
    outflow = Outflow.objects.create(
        family=family, stay=stay, left_on=stay.started_on, destination=Destination.UNKNOWN,
        new_municipality_code="GM0344", summary="Naar de Geheime Gracht.", recorded_by=worker)
    ContinuingHelp.objects.create(family=family, outflow=outflow, person=child,
                                  petal_id=SHELTER_PETAL, reason="Moet doorlopen.",
                                  recorded_by=worker)
    handover = Handover.objects.create(family=family, outflow=outflow,
                                       receiving_party="Jeugdteam", chosen={
                                           str(child.pk): ["summary"]}, prepared_by=worker)
    HandoverConsent.objects.create(
        family=family, handover=handover, subject=child,
        given_by=family.members.get(family_role=FamilyRole.PARENT), given_on=stay.started_on,
        form="written", recorded_by=worker)


def _fill_interop(family, worker) -> None:
    """The handover Bundle the family was imported from (bloem/interop)."""
    from bloem.interop.models import HandoverImport, ImportStatus

    HandoverImport.objects.create(
        uploaded_by=worker, location=family.stays.get(ended_on__isnull=True).location,
        bundle='{"resourceType": "Bundle"}', status=ImportStatus.IMPORTED, family=family,
        uploaded_at=datetime.datetime(2026, 10, 1, 9, tzinfo=datetime.UTC),
        imported_at=datetime.datetime(2026, 10, 1, 9, 5, tzinfo=datetime.UTC))


def _fill_network(family, child, worker) -> None:
    """The practitioner chosen for the child after the stay (issue 9)."""
    from bloem.network.models import NetworkReferral
    from bloem.network.tests.factories import practitioner

    chosen = practitioner(f"Behandelaar {family.pk}")
    NetworkReferral.objects.create(
        family=family, person=child, practitioner=chosen, practitioner_name=chosen.name,
        method="emdr", municipality_code="GM0363", reasons="biedt EMDR", chosen_by=worker,
        chosen_on=datetime.date(2026, 10, 1))


def _fill_safety(family, child, worker) -> None:
    """One row of every part of safety first (bloem/safety)."""
    from bloem.safety import models as s

    day = datetime.date(2026, 10, 1)
    assessment = family.stays.get(ended_on__isnull=True).safety_assessments.first()
    detail = s.AssessmentDetail.objects.create(
        family=family, assessment=assessment, threat_other_parent="yes", stalking="no",
        digital_tracking="no", weapons="no", police_involvement="no", protective_order="no")
    s.ChildSignal.objects.create(family=family, detail=detail, person=child, concern="some")
    plan = s.SafetyPlan.objects.create(family=family, next_review_on=day)
    s.PlanReview.objects.create(family=family, plan=plan, reviewed_on=day, reviewed_by=worker)
    s.PlanAgreement.objects.create(family=family, plan=plan, kind="code_word", text="Zon.",
                                   agreed_on=day, recorded_by=worker)
    s.PlanContact.objects.create(family=family, plan=plan, name="Wijkagent", role="Politie")
    s.ProtectiveMeasure.objects.create(family=family, kind="house_ban", issued_by="mayor",
                                       starts_on=day, recorded_by=worker)
    case = s.MeldcodeCase.objects.create(family=family, opened_by=worker, signals_on=day,
                                         signals="Signaal.")
    s.MeldcodeConsultation.objects.create(family=family, case=case, kind="colleague",
                                          consulted_on=day, consulted="Collega",
                                          advice="Advies.", recorded_by=worker)
    s.MeldcodeWeighing.objects.create(family=family, case=case, weighed_on=day,
                                      weighed_by=worker, suspicion="no", reasoning="Geen.",
                                      outcome="no_suspicion")


def _fill_programmes(family, child, worker) -> None:
    """A group with attendance, NIKA, trauma treatment, contact and school (issue 7)."""
    from bloem.consent.models import StabilityJudgement
    from bloem.programmes import models as p

    day = datetime.date(2026, 10, 1)
    moment = datetime.datetime(2026, 10, 1, 15, tzinfo=datetime.UTC)
    mother = family.members.get(family_role=FamilyRole.PARENT)
    father = family.members.get(family_role=FamilyRole.OTHER_PARENT)
    run = p.GroupRun.objects.create(programme_id="tijd-voor-toontje",
                                    location=family.stays.first().location, name="Toontje",
                                    starts_on=day, ends_on=day)
    session = p.GroupSession.objects.create(run=run, number=1, starts_at=moment)
    enrolment = p.Enrolment.objects.create(run=run, family=family, person=child,
                                           enrolled_on=day, recorded_by=worker)
    p.Attendance.objects.create(session=session, enrolment=enrolment, present=True,
                                recorded_by=worker)
    nika = p.NikaTrajectory.objects.create(family=family, child=child, parent=mother,
                                           practitioner=worker, started_on=day)
    p.NikaSession.objects.create(trajectory=nika, kind="diagnostics", held_on=day,
                                 disorganised_signs="Bevriest.", recorded_by=worker)
    stability = StabilityJudgement.objects.create(family=family, child=child, judged_on=day,
                                                  sufficient=True, basis="NIKA.",
                                                  judged_by=worker, recorded_by=worker)
    p.NikaJudgement.objects.create(trajectory=nika, judged_on=day, parent_can_change=True,
                                   stability=stability)
    episode = p.TraumaEpisode.objects.create(family=family, person=child, method="emdr",
                                             practitioner=worker, started_on=day,
                                             recorded_by=worker)
    p.TraumaSession.objects.create(episode=episode, held_on=day, recorded_by=worker)
    p.SupervisedContact.objects.create(family=family, child=child, other_parent=father,
                                       starts_at=moment, place="Omgangshuis",
                                       supervisor=worker, recorded_by=worker)
    school = p.SchoolContact.objects.create(family=family, child=child, kind="school",
                                            name="De Regenboog", contact_person="Juf Anja",
                                            recorded_by=worker)
    p.TeacherAdvice.objects.create(school=school, given_on=day, advice="Rust.",
                                   given_by=worker)


def _fill_screening(family, child, worker) -> None:
    """A questionnaire response and a decision on a suggested petal (bloem/screening)."""
    from bloem.screening.models import PetalSuggestionDecision, Response

    Response.objects.create(family=family, person=child, instrument="early-life-stress",
                            version="1.0", informant="worker", moment="t0",
                            administered_on=datetime.date(2026, 10, 1), answers="{}",
                            complete=False, entered_by=worker)
    PetalSuggestionDecision.objects.create(family=family, person=child,
                                           petal_id="toontje-veerkracht",
                                           decision="accepted", decided_by=worker)


def fill_consent(family, child, worker) -> None:
    """A consent, a consent judgement, a stability judgement and a contact agreement."""
    mother = family.members.get(family_role=FamilyRole.PARENT)
    day = datetime.date(2026, 9, 30)
    Consent.objects.create(family=family, child=child, petal_id=SHELTER_PETAL, given_by=mother,
                           scope="Opvang.", given_on=day, form=ConsentForm.WRITTEN,
                           recorded_by=worker)
    ConsentDecision.objects.create(family=family, child=child, petal_id=SHELTER_PETAL,
                                   kind=DecisionKind.NOT_COMPETENT, decided_on=day,
                                   judged_by=worker, reasoning="Afweging.", recorded_by=worker)
    StabilityJudgement.objects.create(family=family, child=child, judged_on=day,
                                      sufficient=True, basis="NIKA.", judged_by=worker,
                                      recorded_by=worker)
    ContactAgreement.objects.create(family=family, client=mother, agrees=False, decided_on=day,
                                    recorded_by=worker)
    father = family.members.get(family_role=FamilyRole.OTHER_PARENT)
    InformationShared.objects.create(family=family, child=child, parent=father, shared_on=day,
                                     what="Schoolrapport.", recorded_by=worker)


def age_file(family, end_of_care: datetime.date) -> None:
    """Make every date of the file lie at or before `end_of_care`: the stays and forms of
    help ended then, nothing changed since (queryset updates skip auto_now)."""
    moment = datetime.datetime.combine(end_of_care, datetime.time(12), tzinfo=datetime.UTC)
    start = end_of_care - datetime.timedelta(days=60)
    type(family).objects.filter(pk=family.pk).update(created_at=moment, updated_at=moment)
    for part in FILE_PARTS:
        model = apps.get_model(part.model)
        values = {}
        for name in part.changed:
            field = model._meta.get_field(name)
            values[name] = moment if isinstance(field, models.DateTimeField) else end_of_care
        if (part.open_when_null or "ended_on" in part.changed) and any(
                f.name == "started_on" for f in model._meta.get_fields()):
            values["started_on"] = start
        for stamp in ("created_at",):
            if any(f.name == stamp for f in model._meta.get_fields()):
                values[stamp] = moment
        model._base_manager.filter(**{part.family_path: family.pk}).update(**values)


def rows_of_file(family_id: int) -> dict[str, int]:
    """How many rows each part of the file still has."""
    return {
        part.model: apps.get_model(part.model)._base_manager.filter(
            **{part.family_path: family_id}).count()
        for part in FILE_PARTS
    }


def look_at(family, worker) -> None:
    """An access event about the family, as a page view would write."""
    audit(request=None, actor=worker, action=Action.VIEW, record=family)


def run(*args) -> str:
    """Run a command in English and return what it printed."""
    from io import StringIO

    from django.core.management import call_command
    from django.utils import translation

    out = StringIO()
    with translation.override("en"):
        call_command(*args, stdout=out)
    return out.getvalue()
