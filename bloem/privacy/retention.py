"""What a family's file consists of, and when its retention period ends.

The legal basis, checked for this code (issue 3, item 8; domain-rules.md section 2):

- Jeugdwet art. 7.3.8 (youth-care file) and BW 7:454 lid 3 (WGBO, medical file): since
  1 January 2020 the file is kept 20 years (before: 15), "te rekenen vanaf het tijdstip van
  de laatste wijziging in het dossier" — counted from the LAST CHANGE IN THE FILE, for the
  whole file at once (before 2020 every document had its own term, from its creation).
  Sources read (stored copies, via the search tool; the statute text itself was not among
  them): I. Smeding, "Het medisch dossier (en het jeugdhulpdossier); enkele
  bewaarkwesties", lexdigitalis.nl / PONT Data & Privacyweb, 6 August 2024 (the youth-care
  and medical-file rules are "vrijwel gelijkluidend"); Dirkzwager, "Wijzigingen van de
  WGBO per 1 januari 2020 (2): verlenging bewaartermijn en aanpassing aanvangsdatum";
  VHIC FAQ "Bewaartermijnen jeugdzorg" ("inmiddels 20 jaar na laatste wijziging");
  rijksoverheid.nl "Wat is de bewaartermijn voor een dossier jeugdhulp" ("minimaal 20 jaar
  na afloop van de zorg").
- Both readings are honoured, the later date wins (the conservative choice): a file's
  "end of care" here is the latest of the end of its last stay, its last help-form end,
  its last journal entry, AND the last recorded change anywhere in the file (every
  timestamp and end date of the parts below). A file with an open stay or an open form of
  help is still in care and never past retention.
- "Longer where reasonably necessary" (7.3.8 / 7:454 lid 3) is the legal hold
  (models.LegalHold); destruction on request (Jeugdwet 7.3.9, BW 7:455) is not automated.

The period is the setting RETENTION_YEARS (environment BLOEM_RETENTION_YEARS), default 20.
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Exists, F, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils import timezone

DEFAULT_RETENTION_YEARS = 20
FAR_PAST = datetime.date(1, 1, 1)


@dataclass(frozen=True)
class FilePart:
    """A model whose rows belong to one family's file."""

    model: str  # app_label.model_name
    family_path: str  # the lookup from a row to its family's id
    changed: tuple[str, ...]  # date/datetime fields whose latest value counts as a change
    open_when_null: str = ""  # a NULL here means: care still running


# Every model that belongs to a family file, leaves first (the purge deletes in this
# order). bloem/privacy/tests/test_every_file_model_is_declared.py fails for a model with
# a foreign key into a family file that is in neither FILE_PARTS nor NOT_FILE_PARTS.
FILE_PARTS: tuple[FilePart, ...] = (
    FilePart("outflow.handoverconsent", "family", ("updated_at",)),
    FilePart("outflow.handover", "family", ("updated_at", "picked_up_on")),
    FilePart("outflow.continuinghelp", "family", ("updated_at", "handed_over_on")),
    FilePart("outflow.outflow", "family", ("updated_at", "left_on")),
    FilePart("network.networkreferral", "family", ("updated_at", "chosen_on")),
    FilePart("planning.goalreview", "goal__family", ("reviewed_on",)),
    FilePart("planning.planagreement", "plan__family", ("recorded_at", "agreed_on")),
    FilePart("planning.childworkplan", "family", ("updated_at",)),
    FilePart("planning.goal", "family", ("updated_at",)),
    FilePart("planning.actionplan", "family", ("updated_at",)),
    FilePart("planning.chosenpetal", "analysis__family", ("chosen_at",)),
    FilePart("planning.jointanalysis", "family", ("updated_at", "held_on")),
    FilePart("planning.referralstep", "referral__family", ("at",)),
    FilePart("planning.referral", "family", ("updated_at",)),
    FilePart("planning.caseitem", "family", ("updated_at",)),
    FilePart("programmes.attendance", "enrolment__family", ("recorded_at",)),
    FilePart("programmes.enrolment", "family", ("updated_at",)),
    FilePart("programmes.nikajudgement", "trajectory__family", ("judged_on",)),
    FilePart("programmes.nikasession", "trajectory__family", ("held_on",)),
    FilePart("programmes.nikatrajectory", "family", ("updated_at",)),
    FilePart("programmes.traumasession", "episode__family", ("held_on",)),
    FilePart("programmes.traumaepisode", "family", ("updated_at",)),
    FilePart("programmes.teacheradvice", "school__family", ("given_on",)),
    FilePart("programmes.schoolcontact", "family", ("updated_at",)),
    FilePart("programmes.supervisedcontact", "family", ("updated_at", "starts_at")),
    FilePart("screening.response", "family", ("recorded_at", "administered_on")),
    FilePart("screening.petalsuggestiondecision", "family", ("decided_at",)),
    FilePart("safety.childsignal", "family", ("created_at",)),
    FilePart("safety.assessmentdetail", "family", ("created_at",)),
    FilePart("safety.planagreement", "family", ("agreed_on", "ended_on")),
    FilePart("safety.plancontact", "family", ("created_at",)),
    FilePart("safety.planreview", "family", ("reviewed_on",)),
    FilePart("safety.safetyplan", "family", ("created_at", "next_review_on")),
    FilePart("safety.protectivemeasure", "family", ("starts_on", "ends_on", "followed_up_on")),
    FilePart("safety.meldcodeconsultation", "family", ("consulted_on",)),
    FilePart("safety.meldcodeweighing", "family", ("weighed_on",)),
    FilePart("safety.meldcodecase", "family",
             ("created_at", "talked_on", "decided_on", "reported_on"), "decided_on"),
    FilePart("interop.handoverimport", "family", ("uploaded_at", "imported_at")),
    FilePart("families.correction", "family", ("changed_at",)),
    FilePart("families.journalentry", "family", ("written_at",)),
    FilePart("catalogue.helpform", "family", ("updated_at", "ended_on"), "ended_on"),
    FilePart("consent.consent", "family", ("updated_at",)),
    FilePart("consent.consentdecision", "family", ("updated_at",)),
    FilePart("consent.contactagreement", "family", ("updated_at",)),
    FilePart("consent.stabilityjudgement", "family", ("updated_at",)),
    FilePart("consent.informationshared", "family", ("updated_at",)),
    FilePart("families.phasedecision", "stay__family", ("recorded_at", "decided_on")),
    FilePart("families.safetyassessment", "stay__family", ("recorded_at", "assessed_on")),
    FilePart("families.assignment", "family", ("updated_at", "ended_on")),
    FilePart("families.parentchildrelation", "child__family", ("updated_at",)),
    FilePart("families.stay", "family", ("updated_at", "ended_on"), "ended_on"),
    FilePart("families.person", "family", ("updated_at",)),
)
# Models with a foreign key into a family file that are not part of the file, and why.
NOT_FILE_PARTS: dict[str, str] = {
    "safety.alertseen": "a worker's acknowledgement of a red alert, not part of the file; "
    "it goes with its safety assessment (CASCADE)",
    "privacy.legalhold": "the privacy officer's hold on the file; lifted holds go with the "
    "file, an active one stops the purge",
    "access.emergencyaccess": "a record of access, like the audit log; it keeps the file "
    "number and its family becomes empty when the file is purged (SET_NULL)",
    **dict.fromkeys(
        ("finance.registration", "finance.payeroverride", "finance.commission"),
        "the financial figures of the file (amounts, product codes, who pays): no care "
        "content, so they do not extend its retention; they go with the family (CASCADE)"),
}


def retention_years() -> int:
    years = getattr(settings, "RETENTION_YEARS", DEFAULT_RETENTION_YEARS)
    if not isinstance(years, int) or isinstance(years, bool) or years < 1:
        raise ImproperlyConfigured(
            f"RETENTION_YEARS must be a whole number of years of at least 1, not {years!r}"
        )
    return years


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later (or earlier); 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _is_moment(model, name: str) -> bool:
    return isinstance(model._meta.get_field(name), models.DateTimeField)


def _rows_of_family(model, part: FilePart):
    return model._base_manager.filter(**{part.family_path: OuterRef("pk")})


def _changed_since(part: FilePart, day: datetime.date, moment: datetime.datetime) -> Exists:
    """Does this part of the file hold a change (or an end date) on or after `day`?"""
    model = apps.get_model(part.model)
    since = Q()
    for name in part.changed:
        since |= Q(**{f"{name}__gte": moment if _is_moment(model, name) else day})
    return Exists(_rows_of_family(model, part).filter(since))


def _in_care(part: FilePart) -> Exists:
    model = apps.get_model(part.model)
    return Exists(_rows_of_family(model, part).filter(**{f"{part.open_when_null}__isnull": True}))


def _latest(part: FilePart, name: str, fallback):
    """The latest value of one date or datetime field of one part of the file, per family
    (`fallback` when the family has none)."""
    model = apps.get_model(part.model)
    field = models.DateTimeField() if _is_moment(model, name) else models.DateField()
    latest = Subquery(
        _rows_of_family(model, part).order_by().values(part.family_path)
        .annotate(latest=Max(name)).values("latest"),
        output_field=field,
    )
    return Coalesce(latest, fallback, output_field=field)


def _end_of_care():
    """The latest date anywhere in the file: the latest timestamp (turned into a local
    date once) or the latest date field, whichever is later."""
    moments, days = [F("updated_at")], [Value(FAR_PAST)]
    for part in FILE_PARTS:
        model = apps.get_model(part.model)
        for name in part.changed:
            if _is_moment(model, name):
                moments.append(_latest(part, name, F("updated_at")))
            else:
                days.append(_latest(part, name, Value(FAR_PAST)))
    last_moment = Greatest(*moments, output_field=models.DateTimeField())
    return Greatest(TruncDate(last_moment), Greatest(*days, output_field=models.DateField()),
                    output_field=models.DateField())


def past_retention(*, today: datetime.date, years: int):
    """The families whose retention period ended before `today` (held ones too): not in
    care, and nothing in their file changed since the cutoff. Index-friendly NOT EXISTS
    tests only; build it once and reuse it (a purge checks each file again with it)."""
    Family = apps.get_model("families", "Family")
    cutoff = add_years(today, -years)
    moment = timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time.min))
    files = Family.objects.filter(updated_at__lt=moment)
    for part in FILE_PARTS:
        files = files.filter(~_changed_since(part, cutoff, moment))
        if part.open_when_null:
            files = files.filter(~_in_care(part))
    return files


def files_past_retention(*, today: datetime.date, years: int):
    """The files whose retention period ended before `today`, held ones included (they
    are listed, never purged): dicts of pk, reference, end_of_care, held, oldest first.
    One query; the end of care is computed for the selected files only."""
    LegalHold = apps.get_model("privacy", "LegalHold")
    return (
        past_retention(today=today, years=years).annotate(
            end_of_care=_end_of_care(),
            held=Exists(LegalHold.objects.active().filter(family=OuterRef("pk"))),
        )
        .order_by("end_of_care", "reference")
        .values("pk", "reference", "end_of_care", "held")
    )
