"""Input fuzzing (issue 3, item 10): property-based tests over every form-handling view and
every API write endpoint. Whatever arrives — arbitrary text, numbers, dates, choices, ids of
another family's records, missing fields, repeated fields, malformed JSON — the answer is
never a server error, invalid input saves nothing, and no write links records of two
families. Every write route declared in bloem/access/matrix.yaml must have a case here.

Each example runs in a savepoint that is rolled back, so every example starts from the same
world (and a valid example that writes does not change what the next one sees)."""

import datetime
import json
import os
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django import forms
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rest_framework import serializers

from bloem.access.forms import EmergencyAccessForm
from bloem.accounts.forms import LoginForm
from bloem.audit.forms import AuditSearchForm, PersonSearchForm
from bloem.catalogue.api import HelpFormEndSerializer, HelpFormSerializer, HelpFormStartSerializer
from bloem.catalogue.forms import HelpFormActivateForm, HelpFormEndForm, HelpFormStartForm
from bloem.catalogue.models import HelpForm
from bloem.consent import forms as consent_forms
from bloem.consent.models import (
    Consent,
    ConsentDecision,
    ContactAgreement,
    InformationShared,
    StabilityJudgement,
)
from bloem.families import forms as family_forms
from bloem.families.api import (
    FamilyCreateSerializer,
    FamilyUpdateSerializer,
    PersonSerializer,
    PersonUpdateSerializer,
    PhaseDecisionSerializer,
    SafetyAssessmentSerializer,
)
from bloem.families.models import Assignment, JournalEntry, ParentChildRelation
from bloem.finance import forms as finance_forms
from bloem.interop.api import HandoverImportSerializer
from bloem.interop.fhir import bundle_to_json, package_to_bundle
from bloem.interop.forms import UploadForm
from bloem.interop.tests.packages import full_package
from bloem.network import api as network_api
from bloem.network import forms as network_forms
from bloem.network import selectors as network_selectors
from bloem.network.models import NetworkReferral
from bloem.outcomes.forms import ExportDecisionForm, ExportRequestForm
from bloem.outflow import forms as outflow_forms
from bloem.outflow.api import OutflowSerializer
from bloem.outflow.models import ContinuingHelp, HandoverConsent
from bloem.planning import api as planning_api
from bloem.planning import forms as planning_forms
from bloem.planning.models import Goal, JointAnalysis, Referral
from bloem.privacy.forms import LegalHoldForm, LegalHoldLiftForm
from bloem.programmes import forms as programme_forms
from bloem.programmes.models import Enrolment
from bloem.safety import forms as safety_forms
from bloem.screening import engine
from bloem.screening.api import ScoreRequestSerializer
from bloem.screening.forms import ClientModeStartForm, QuestionnaireForm, SuggestionDecisionForm

from .helpers import objects_of, prepare_world
from .routes import load_matrix

# Generated examples per endpoint, plus the boundary examples. A deeper hunt:
#   BLOEM_FUZZ_EXAMPLES=500 BLOEM_FUZZ_RANDOM=1 pytest tests/test_input_fuzzing.py
EXAMPLES = int(os.environ.get("BLOEM_FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    # The same examples on every run and machine, so that CI stays stable.
    derandomize=not os.environ.get("BLOEM_FUZZ_RANDOM"),
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
MISSING = object()
NASTY = [
    "", " ", "\x00", "a\x00b", "0", "-1", "1e309", "NaN", "null", "None", "true", "9" * 40,
    "2026-02-30", "31-12-2026", "0000-00-00", "<script>alert(1)</script>", "' OR 1=1 --",
    "../../etc/passwd", "\u202egnp.exe", "e\u0301", "😀" * 50, "x" * 10_001, "%00", "{{ 7*7 }}",
]
# The records that invalid input must leave alone: the family file, the catalogue, and
# (where installed) emergency accesses and legal holds. Not the audit log: showing a form
# again is a view of client data and is logged.
SNAPSHOT_APPS = ("families", "catalogue", "consent", "access", "privacy", "screening",
                 "safety", "planning", "programmes", "outflow", "network")
MODELS = [model for config in apps.get_app_configs() if config.label in SNAPSHOT_APPS
          for model in config.get_models()]


# -- strategies ---------------------------------------------------------------------------


def garbage() -> st.SearchStrategy:
    """A form value of the wrong kind: any text, numbers out of range, nasty strings, or the
    same field sent twice."""
    return st.one_of(
        st.text(max_size=300),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.sampled_from(NASTY),
        st.lists(st.text(max_size=20), min_size=2, max_size=3),
    )


def any_date() -> st.SearchStrategy:
    """Mostly plausible dates (the last decades), sometimes any date at all or another
    format."""
    recent = st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2026, 11, 1))
    return st.one_of(
        recent.map(datetime.date.isoformat),
        recent.map(datetime.date.isoformat),
        st.dates().map(datetime.date.isoformat),
        st.dates().map(lambda d: d.strftime("%d-%m-%Y")),
        st.sampled_from(["0001-01-01", "9999-12-31", "2024-02-29"]),
    )


def pks_of(model, offered) -> st.SearchStrategy[str]:
    """Ids for a reference field: mostly those it offers, sometimes any other row of the
    model (e.g. another family's members) or an id that does not exist."""
    offered = [str(pk) for pk in offered]
    others = [str(pk) for pk in model._default_manager.values_list("pk", flat=True)[:200]]
    choices = []
    if offered:
        choices += [st.sampled_from(offered)] * 3
    if others:
        choices.append(st.sampled_from(others))
    choices.append(st.sampled_from(["0", "-1", "2000000000", "99999999999999999999999"]))
    return st.one_of(choices)


def hinted(name: str, hints: dict[str, list]) -> st.SearchStrategy | None:
    """Values that a field must have to get anywhere and that no generic strategy finds:
    the version of the record being edited (optimistic locking), a real file number."""
    if name in hints:
        return st.one_of(st.sampled_from(hints[name]), st.sampled_from(hints[name]),
                         st.text(max_size=20))
    if name == "version":
        return st.one_of(st.just(1), st.just(1), st.integers(min_value=-1, max_value=3))
    return None


def form_field_values(field: forms.Field) -> st.SearchStrategy:
    """A value of the right kind for one form field (which may still be invalid)."""
    if isinstance(field, forms.FileField):  # bytes: sent as an uploaded file
        return st.one_of(st.binary(max_size=200),
                         json_values.map(lambda value: json.dumps(value).encode()))
    if isinstance(field, forms.ModelChoiceField):
        return pks_of(field.queryset.model, field.queryset.values_list("pk", flat=True)[:200])
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["on", "true", "false", "1", "0", ""])
    if isinstance(field, forms.ChoiceField):
        keys = [str(key) for key, _ in field.choices if key != ""]
        return st.sampled_from(keys) if keys else st.text(max_size=20)
    if isinstance(field, forms.DateField):
        return any_date()
    if isinstance(field, forms.IntegerField):
        return st.one_of(st.integers(min_value=-5, max_value=100),
                         st.integers(min_value=-(2**64), max_value=2**64)).map(str)
    limit = getattr(field, "max_length", None) or 200
    return st.one_of(st.text(min_size=1, max_size=40), st.text(max_size=limit + 5))


def broken(values: dict[str, st.SearchStrategy], wrong: st.SearchStrategy,
           extra_keys: list[str]) -> st.SearchStrategy[dict]:
    """A payload with every field of the right kind, then up to three fields dropped or
    replaced by something of the wrong kind, plus keys the endpoint does not take (mass
    assignment: family, author, id, ...). Shrinks towards the well-formed payload."""
    names = list(values)
    mutations = (
        st.lists(st.tuples(st.sampled_from(names), st.one_of(st.just(MISSING), wrong)),
                 max_size=3)
        if names else st.just([])
    )
    extras = st.dictionaries(st.sampled_from(extra_keys), wrong, max_size=2)

    def apply(base: dict, changes: list, extra: dict) -> dict:
        data = {**extra, **base}
        data.update(changes)
        return {k: v for k, v in data.items() if v is not MISSING}

    return st.builds(apply, st.fixed_dictionaries(values), mutations, extras)


EXTRA_KEYS = ["family", "family_id", "id", "pk", "author", "worker", "reference", "version",
              "person", "stay", "created_at", "csrfmiddlewaretoken"]


def form_data(fields: dict[str, forms.Field], hints: dict[str, list]) -> st.SearchStrategy:
    return broken({name: _or(hinted(name, hints), form_field_values, field)
                   for name, field in fields.items()},
                  garbage(), EXTRA_KEYS)


def _or(strategy: st.SearchStrategy | None, make, field) -> st.SearchStrategy:
    return strategy if strategy is not None else make(field)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats() | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                                max_size=4),
    max_leaves=10,
)


def serializer_field_values(field: serializers.Field) -> st.SearchStrategy:
    """A JSON value of the right kind for one serializer field (which may still be
    invalid)."""
    if isinstance(field, serializers.PrimaryKeyRelatedField) and field.queryset is None:
        return st.integers(min_value=-1, max_value=1000)  # read-only: must be ignored
    if isinstance(field, serializers.PrimaryKeyRelatedField):
        model = field.queryset.model
        return pks_of(model, model._default_manager.values_list("pk", flat=True)[:200]).map(
            lambda pk: int(pk) if pk.lstrip("-").isdigit() else pk)
    if isinstance(field, serializers.BooleanField):
        return st.booleans()
    if isinstance(field, serializers.ChoiceField):
        return st.sampled_from([str(key) for key in field.choices])
    if isinstance(field, serializers.DateField):
        return any_date()
    if isinstance(field, serializers.IntegerField):
        return st.integers(min_value=-(2**64), max_value=2**64)
    limit = getattr(field, "max_length", None) or 200
    return st.one_of(st.text(min_size=1, max_size=40), st.text(max_size=limit + 5))


def json_payload(serializer: serializers.Serializer,
                 hints: dict[str, list]) -> st.SearchStrategy:
    """A JSON body: an object shaped like the serializer (read-only fields too) with some
    fields dropped or wrong, or any JSON at all, or bytes that are not JSON."""
    shaped = broken(
        {name: _or(hinted(name, hints), serializer_field_values, field)
         for name, field in serializer.fields.items()},
        st.one_of(json_values, st.sampled_from(NASTY)), EXTRA_KEYS,
    ).map(json.dumps)
    return st.one_of(shaped, shaped, shaped, shaped, json_values.map(json.dumps),
                     st.binary(max_size=64))


# -- boundary examples --------------------------------------------------------------------
# Besides the generated examples, every endpoint gets these explicitly (the same on every
# run): a plausible payload, the empty payload, and the plausible payload with ONE field
# set to each edge value of its kind (the first and last date Python knows, an id past
# 64 bits, another family's record, a NUL character, one character too many).

PLAUSIBLE_TEXT = "Moeder en kinderen zijn veilig aangekomen; afspraken gemaakt over school. "


def _plausible_text(field) -> str:
    limit = getattr(field, "max_length", None) or 200
    return (PLAUSIBLE_TEXT * 3)[:limit]


def _offered_and_other(queryset):
    offered = list(queryset.values_list("pk", flat=True)[:1])
    other = queryset.model._default_manager.exclude(pk__in=queryset.values("pk")).values_list(
        "pk", flat=True).first()
    return (offered[0] if offered else None), other


def form_plausible(name: str, field: forms.Field, hints: dict):
    if name in hints:
        return hints[name][0]
    if name == "version":
        return "1"
    if isinstance(field, forms.ModelChoiceField):
        offered, _ = _offered_and_other(field.queryset)
        return "" if offered is None else str(offered)
    if isinstance(field, forms.BooleanField):
        return "on"
    if isinstance(field, forms.ChoiceField):
        keys = [str(key) for key, _ in field.choices if key != ""]
        return keys[0] if keys else ""
    if isinstance(field, forms.DateField):
        return timezone.localdate().isoformat()
    if isinstance(field, forms.IntegerField):
        return "1"
    return _plausible_text(field)


def form_edges(field: forms.Field) -> list:
    if isinstance(field, forms.FileField):
        return [b"", b"\x00", b"\xff\xfe{}", b"{}", b'{"resourceType": "Bundle"}']
    if isinstance(field, forms.ModelChoiceField):
        _, other = _offered_and_other(field.queryset)
        return ["99999999999999999999", *([str(other)] if other is not None else [])]
    if isinstance(field, forms.BooleanField):
        return []
    if isinstance(field, forms.ChoiceField):
        return ["zz"]
    if isinstance(field, forms.DateField):
        return ["0001-01-01", "9999-12-31"]
    if isinstance(field, forms.IntegerField):
        return ["-1", "99999999999999999999"]
    return ["\x00", "x" * ((getattr(field, "max_length", None) or 10_000) + 1)]


def json_plausible(name: str, field: serializers.Field, hints: dict):
    if name in hints:
        return hints[name][0]
    if name == "version":
        return 1
    if isinstance(field, serializers.PrimaryKeyRelatedField):
        if field.queryset is None:
            return 1
        offered, _ = _offered_and_other(field.queryset.model._default_manager.all())
        return offered
    if isinstance(field, serializers.BooleanField):
        return True
    if isinstance(field, serializers.ChoiceField):
        return next(iter(field.choices), "")
    if isinstance(field, serializers.DateField):
        return timezone.localdate().isoformat()
    if isinstance(field, serializers.IntegerField):
        return 1
    return _plausible_text(field)


def json_edges(field: serializers.Field) -> list:
    if isinstance(field, serializers.PrimaryKeyRelatedField):
        return [2**63, 99999999999999999999, -1, "1; DROP TABLE x"]
    if isinstance(field, serializers.BooleanField):
        return ["misschien"]
    if isinstance(field, serializers.ChoiceField):
        return ["zz", None]
    if isinstance(field, serializers.DateField):
        return ["0001-01-01", "9999-12-31", 20261101]
    if isinstance(field, serializers.IntegerField):
        return [-1, 2**64, 1.5]
    return ["\x00", "x" * ((getattr(field, "max_length", None) or 10_000) + 1), ["a"]]


def boundary_payloads(fields: dict, hints: dict, plausible, edges) -> list[dict]:
    base = {name: plausible(name, field, hints) for name, field in fields.items()}
    payloads = [base, {}]
    for name, field in fields.items():
        payloads += [{**base, name: edge} for edge in edges(field)]
    return payloads


def form_boundaries(fields: dict[str, forms.Field], hints: dict) -> list[dict]:
    return boundary_payloads(fields, hints, form_plausible, form_edges)


def json_boundaries(serializer: serializers.Serializer, hints: dict) -> list[str]:
    fields = {name: field for name, field in serializer.fields.items() if not field.read_only}
    return [json.dumps(payload)
            for payload in boundary_payloads(fields, hints, json_plausible, json_edges)]


# A valid handover Bundle (bloem/interop), whose petals and instruments exist.
HANDOVER = bundle_to_json(package_to_bundle(full_package()))


# -- the invariants ------------------------------------------------------------------------


def snapshot() -> dict[str, list]:
    """Every row of the family file and the catalogue (a few dozen in the world)."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in MODELS
    }


def assert_no_cross_family_links() -> None:
    """No write may tie a record of one family to a member of another."""
    assert not ParentChildRelation.objects.exclude(
        parent__family_id=F("child__family_id")).exists()
    for model in (Assignment, JournalEntry, HelpForm, NetworkReferral):
        assert not model.objects.filter(person__isnull=False).exclude(
            person__family_id=F("family_id")).exists(), model
    for model, field in ((Consent, "child"), (Consent, "given_by"), (ConsentDecision, "child"),
                         (ContactAgreement, "client"), (StabilityJudgement, "child"),
                         (InformationShared, "child"), (InformationShared, "parent")):
        assert not model.objects.exclude(**{f"{field}__family_id": F("family_id")}).exists()
    for model, field in ((ContinuingHelp, "person"), (HandoverConsent, "subject"),
                         (HandoverConsent, "given_by")):
        assert not model.objects.exclude(**{f"{field}__family_id": F("family_id")}).exists()


# -- the cases -----------------------------------------------------------------------------


@dataclass
class Case:
    route: str
    persona: str | None  # None: anonymous
    obj: str | None  # the kind of the URL's object (own family), None for no kwargs
    fields: Callable  # (world, objects) -> {name: form field} or a serializer
    method: str = "post"
    kwarg: str = "pk"
    success: tuple[int, ...] = (302,)  # answers after which data may have changed
    hints: Callable | None = None  # (world) -> {field: [values that get somewhere]}
    id_suffix: str = ""
    url_kwargs: dict | None = None  # fixed kwargs of a route without an object

    @property
    def id(self) -> str:
        return "-".join(filter(None, [self.route, self.method, self.id_suffix]))


def _form(form_class, **kwargs):
    return lambda world, objs: form_class(**{k: v(world, objs) for k, v in kwargs.items()}).fields


def _family(world, objs):
    return objs["family"]


def _user(world, objs):
    return world.family_worker


def _maintained(world, objs):
    return network_selectors.maintainable_organisations(world.team_manager)


def _practitioner_form_kwargs(form, world, objs) -> dict:
    if form is network_forms.PractitionerForm:
        return {"organisations": _maintained(world, objs), "instance": objs["practitioner"]}
    return {"practitioner": objs["practitioner"]}


FORM_CASES = [
    Case("families:list", "family_worker", None,
         _form(family_forms.FamilyFilterForm, user=_user), success=()),
    Case("families:create", "family_worker", None, _form(family_forms.FamilyCreateForm)),
    Case("families:edit", "family_worker", "family", _form(family_forms.FamilyForm)),
    Case("families:member_add", "family_worker", "family", _form(family_forms.PersonForm)),
    Case("families:relation_add", "family_worker", "family",
         _form(family_forms.RelationForm, family=_family)),
    Case("families:stay_edit", "family_worker", "family", _form(family_forms.StayForm)),
    Case("families:phase_decide", "family_worker", "family",
         _form(family_forms.PhaseDecisionForm)),
    Case("families:safety_assess", "family_worker", "family",
         _form(family_forms.SafetyAssessmentForm)),
    Case("families:journal", "family_worker", "family",
         _form(family_forms.JournalEntryForm, family=_family)),
    Case("families:journal_correct", "family_worker", "journal_entry",
         _form(family_forms.JournalCorrectionForm)),
    Case("families:emergency_access", "unassigned_worker", None,
         _form(EmergencyAccessForm),
         hints=lambda world: {"reference": [world.own_family.reference,
                                            world.foreign_family.reference]}),
    Case("families:assignment_add", "team_manager", "family",
         _form(family_forms.AssignmentForm, family=_family)),
    Case("families:relation_edit", "family_worker", "relation",
         _form(family_forms.RelationEditForm)),
    Case("families:person_edit", "family_worker", "person", _form(family_forms.PersonForm)),
    Case("catalogue:helpform_start", "family_worker", "family",
         _form(HelpFormStartForm, family=_family), kwarg="family_pk"),
    Case("catalogue:helpform_end", "family_worker", "help_form", _form(HelpFormEndForm)),
    Case("catalogue:helpform_activate", "family_worker", "help_form",
         _form(HelpFormActivateForm)),
    Case("consent:record", "family_worker", "family",
         _form(consent_forms.ConsentRecordForm, family=_family), kwarg="family_pk"),
    Case("consent:withdraw", "family_worker", "family",
         _form(consent_forms.ConsentWithdrawForm, family=_family), kwarg="family_pk"),
    Case("consent:decision", "family_worker", "family",
         _form(consent_forms.ConsentDecisionForm, family=_family), kwarg="family_pk"),
    Case("consent:agreement", "family_worker", "family",
         _form(consent_forms.ContactAgreementForm, family=_family), kwarg="family_pk"),
    Case("consent:stability", "family_worker", "family",
         _form(consent_forms.StabilityJudgementForm, family=_family), kwarg="family_pk"),
    Case("consent:information", "family_worker", "family",
         _form(consent_forms.InformationSharedForm, family=_family), kwarg="family_pk"),
    Case("safety:assess", "family_worker", "family",
         _form(safety_forms.AssessmentForm, family=_family)),
    Case("safety:plan_review", "family_worker", "family", _form(safety_forms.PlanReviewForm)),
    Case("safety:agreement_add", "family_worker", "family", _form(safety_forms.AgreementForm)),
    Case("safety:agreement_end", "family_worker", "family",
         _form(safety_forms.AgreementEndForm, family=_family)),
    Case("safety:contact_add", "family_worker", "family", _form(safety_forms.ContactForm)),
    Case("safety:measure_add", "family_worker", "family", _form(safety_forms.MeasureForm)),
    Case("safety:measure_follow_up", "family_worker", "family",
         _form(safety_forms.MeasureFollowUpForm, family=_family)),
    Case("safety:meldcode_open", "family_worker", "family",
         _form(safety_forms.MeldcodeOpenForm, family=_family)),
    Case("safety:meldcode_consult", "family_worker", "meldcode_case",
         _form(safety_forms.ConsultationForm)),
    Case("safety:meldcode_talk", "family_worker", "meldcode_case",
         _form(safety_forms.TalkForm)),
    Case("safety:meldcode_weigh", "family_worker", "meldcode_case",
         _form(safety_forms.WeighForm)),
    Case("safety:meldcode_decide", "family_worker", "meldcode_case",
         _form(safety_forms.DecideForm)),
    Case("planning:referral_create", "family_worker", "family",
         _form(planning_forms.ReferralForm, family=_family), kwarg="family_pk"),
    Case("planning:referral", "youth_specialist", "referral",
         _form(planning_forms.ReferralMoveForm,
               referral=lambda w, o: Referral.objects.get(pk=o["referral"].pk))),
    Case("planning:analysis_create", "family_worker", "family",
         _form(planning_forms.AnalysisCreateForm, family=_family), kwarg="family_pk"),
    Case("planning:analysis", "family_worker", "analysis",
         _form(planning_forms.AnalysisForm,
               analysis=lambda w, o: JointAnalysis.objects.get(pk=o["analysis"].pk))),
    Case("planning:petal_choose", "family_worker", "analysis",
         _form(planning_forms.PetalChooseForm, family=_family)),
    Case("planning:goal_create", "family_worker", "family",
         _form(planning_forms.GoalForm, family=_family), kwarg="family_pk"),
    Case("planning:goal_review", "family_worker", "goal",
         _form(planning_forms.GoalReviewForm,
               goal=lambda w, o: Goal.objects.get(pk=o["goal"].pk))),
    Case("planning:child_plan", "child_worker", "child", _form(planning_forms.ChildPlanForm)),
    Case("planning:plan_agree", "family_worker", "family",
         _form(planning_forms.PlanAgreeForm, family=_family), kwarg="family_pk"),
    Case("planning:case_item_add", "family_worker", "family",
         _form(planning_forms.CaseItemAddForm), kwarg="family_pk"),
    Case("planning:case_item", "family_worker", "case_item", _form(planning_forms.CaseItemForm)),
    Case("programmes:run_plan", "team_manager", None,
         _form(programme_forms.RunPlanForm, user=lambda w, o: w.team_manager)),
    Case("programmes:enrolment_end", "team_manager", "group_run",
         lambda world, objs: programme_forms.EnrolmentEndForm(
             enrolments=Enrolment.objects.filter(run=objs["group_run"])).fields,
         kwarg="run_pk"),
    Case("programmes:attendance", "team_manager", "group_session",
         lambda world, objs: programme_forms.AttendanceForm(
             enrolments=list(Enrolment.objects.filter(run=objs["group_session"].run)),
             recorded={}).fields, kwarg="session_pk"),
    Case("programmes:calendar_token", "family_worker", None,
         lambda world, objs: {"action": forms.ChoiceField(choices=[("new", ""),
                                                                   ("revoke", "")])},
         success=(200, 302)),
    *(Case(f"programmes:{name}", "family_worker", "family",
           _form(form_class, family=_family, user=_user), kwarg="family_pk")
      for name, form_class in (
          ("enrol", programme_forms.EnrolForm), ("nika_start", programme_forms.NikaStartForm),
          ("nika_session", programme_forms.NikaSessionForm),
          ("nika_judge", programme_forms.NikaJudgementForm),
          ("trauma_start", programme_forms.TraumaStartForm),
          ("trauma_session", programme_forms.TraumaSessionForm),
          ("contact_plan", programme_forms.ContactPlanForm),
          ("contact_report", programme_forms.ContactReportForm),
          ("school", programme_forms.SchoolForm), ("advice", programme_forms.AdviceForm))),
    Case("audit:person_search", "privacy_officer", None, _form(PersonSearchForm), success=()),
    Case("audit:search", "privacy_officer", None, _form(AuditSearchForm), method="get",
         success=()),
    Case("privacy:legal_holds", "privacy_officer", None, _form(LegalHoldForm),
         hints=lambda world: {"reference": [world.own_family.reference,
                                            world.foreign_family.reference]}),
    Case("privacy:legal_holds", "privacy_officer", None, _form(LegalHoldLiftForm),
         id_suffix="lift"),
    Case("outcomes:exports", "team_manager", None,
         lambda world, objs: ExportRequestForm(user=world.team_manager).fields),
    Case("outcomes:exports", "privacy_officer", None,
         lambda world, objs: {**ExportDecisionForm().fields,
                              "action": forms.ChoiceField(choices=[("decide", "")])},
         id_suffix="decide"),
    Case("screening:administer", "family_worker", "person",
         lambda world, objs: {**QuestionnaireForm(instrument=engine.get("phq-9")).fields,
                              "instrument": forms.ChoiceField(choices=[("phq-9", ""),
                                                                       ("gad-7", "")])}),
    Case("screening:client_start", "family_worker", "person",
         _form(ClientModeStartForm, instruments=lambda w, o: list(engine.registry().values()))),
    Case("screening:client_form", "family_worker", None,
         lambda world, objs: QuestionnaireForm(instrument=engine.get("phq-9"),
                                               client=True).fields),
    Case("screening:client_exit", "family_worker", None,
         lambda world, objs: {"password": forms.CharField()}),
    Case("screening:intake", "family_worker", "family",
         _form(SuggestionDecisionForm, family=_family)),
    Case("finance:register", "family_worker", "help_form", _form(finance_forms.RegistrationForm)),
    Case("finance:family", "finance_officer", "family",
         _form(finance_forms.CounterEntryForm, family=_family)),
    Case("finance:override", "finance_officer", "family", _form(finance_forms.OverrideForm)),
    Case("finance:budget", "finance_officer", None, _form(finance_forms.CommissionForm)),
    Case("finance:periods", "finance_officer", None, _form(finance_forms.PeriodCloseForm)),
    Case("finance:products", "finance_officer", None,
         lambda world, objs: {"action": forms.ChoiceField(choices=[("tariff", "")]),
                              **{f"tariff-{name}": field
                                 for name, field in finance_forms.TariffForm().fields.items()}}),
    Case("finance:products", "finance_officer", None,
         lambda world, objs: {"action": forms.ChoiceField(choices=[("product", "")]),
                              **{f"product-{name}": field
                                 for name, field in finance_forms.ProductForm().fields.items()}},
         id_suffix="product"),
    Case("outflow:record", "family_worker", "family", _form(outflow_forms.OutflowForm)),
    Case("outflow:help_add", "family_worker", "family",
         _form(outflow_forms.ContinuingHelpForm, family=_family)),
    Case("outflow:help_handed_over", "family_worker", "family",
         _form(outflow_forms.HandedOverForm,
               outflow=lambda world, objs: objs["family"].outflows.get())),
    Case("outflow:close", "family_worker", "family", lambda world, objs: {}),
    Case("outflow:handover_new", "family_worker", "family",
         _form(outflow_forms.HandoverForm, members=lambda world, objs: objs["family"].members
               .filter(family_role__in=outflow_forms.HANDOVER_ROLES))),
    Case("outflow:handover_consent", "family_worker", "handover",
         _form(outflow_forms.HandoverConsentForm, handover=lambda world, objs: objs["handover"])),
    Case("outflow:handover_share", "family_worker", "handover", lambda world, objs: {}),
    Case("outflow:follow_up", "family_worker", "handover", _form(outflow_forms.FollowUpForm)),
    Case("interop:upload", "family_worker", None, _form(UploadForm),
         hints=lambda world: {"bundle": [HANDOVER.encode()]}),
    Case("network:directory", "family_worker", None, _form(network_forms.DirectorySearchForm),
         success=()),
    Case("network:practitioner_add", "team_manager", None,
         _form(network_forms.PractitionerForm, organisations=_maintained)),
    Case("network:import", "team_manager", None,
         _form(network_forms.ImportForm, organisations=_maintained)),
    *(Case("network:practitioner", "team_manager", "practitioner",
           lambda world, objs, prefix=prefix, form=form: {
               f"{prefix}-{name}": field for name, field in form(
                   **_practitioner_form_kwargs(form, world, objs)).fields.items()},
           id_suffix=prefix)
      for prefix, form in (("details", network_forms.PractitionerForm),
                           ("method", network_forms.MethodForm),
                           ("case", network_forms.SupervisedCaseForm))),
    Case("network:match", "family_worker", "person", _form(network_forms.MatchForm),
         success=(200, 302)),
    Case("network:match", "family_worker", "person", _form(network_forms.ChooseForm),
         hints=lambda world: {"practitioner": [str(pk) for pk in NetworkReferral.objects
                                               .values_list("practitioner_id", flat=True)]},
         id_suffix="choose"),
    Case("login", None, None, _form(LoginForm)),
    Case("set_language", None, None,
         lambda world, objs: {"language": forms.ChoiceField(choices=[("nl", ""), ("en", "")]),
                              "next": forms.CharField()}),
    # Views that take no fields: arbitrary data must change nothing about their answer.
    Case("home", "family_worker", None, lambda world, objs: {}),
    Case("logout", "family_worker", None, lambda world, objs: {}),
    Case("families:assignment_end", "team_manager", "assignment", lambda world, objs: {}),
    Case("families:relation_delete", "family_worker", "relation", lambda world, objs: {}),
    Case("safety:alerts_seen", "family_worker", "family", lambda world, objs: {}),
    Case("api_v1:docs", "family_worker", None, lambda world, objs: {}),
    Case("accounts:session", "family_worker", None, lambda world, objs: {}, success=(200,)),
    Case("interop:confirm", "family_worker", "handover_import", lambda world, objs: {}),
]

class _TokenSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField()
    code = serializers.CharField()


API_CASES = [
    Case("api_v1:family-list", "family_worker", None, lambda w, o: FamilyCreateSerializer()),
    Case("api_v1:family-detail", "family_worker", "family",
         lambda w, o: FamilyUpdateSerializer(), method="patch"),
    Case("api_v1:person-list", "family_worker", None, lambda w, o: PersonSerializer()),
    Case("api_v1:person-detail", "family_worker", "person",
         lambda w, o: PersonUpdateSerializer(), method="patch"),
    Case("api_v1:stay-phase-decisions", "family_worker", "stay",
         lambda w, o: PhaseDecisionSerializer()),
    Case("api_v1:stay-safety-assessments", "family_worker", "stay",
         lambda w, o: SafetyAssessmentSerializer()),
    Case("api_v1:helpform-list", "family_worker", None, lambda w, o: HelpFormSerializer()),
    Case("api_v1:helpform-end", "family_worker", "help_form",
         lambda w, o: HelpFormEndSerializer()),
    Case("api_v1:helpform-start", "family_worker", "help_form",
         lambda w, o: HelpFormStartSerializer()),
    Case("api_v1:referral-list", "family_worker", None,
         lambda w, o: planning_api.ReferralSerializer()),
    Case("api_v1:referral-transition", "youth_specialist", "referral",
         lambda w, o: planning_api.ReferralTransitionSerializer()),
    Case("api_v1:analysis-list", "family_worker", None,
         lambda w, o: planning_api.JointAnalysisSerializer()),
    Case("api_v1:analysis-phase", "family_worker", "analysis",
         lambda w, o: planning_api.AnalysisPhaseSerializer()),
    Case("api_v1:plan-agree", "family_worker", "plan",
         lambda w, o: planning_api.PlanAgreeSerializer()),
    Case("api_v1:goal-list", "family_worker", None, lambda w, o: planning_api.GoalSerializer()),
    Case("api_v1:goal-review", "family_worker", "goal",
         lambda w, o: planning_api.GoalReviewSerializer()),
    Case("api_v1:family-outflow", "family_worker", "family", lambda w, o: OutflowSerializer()),
    Case("api_v1:family-outflow-close", "family_worker", "family",
         lambda w, o: serializers.Serializer()),
    Case("api_v1:network-practitioner-list", "team_manager", None,
         lambda w, o: network_api.PractitionerSerializer()),
    Case("api_v1:network-match", "family_worker", None,
         lambda w, o: network_api.MatchRequestSerializer()),
    Case("api_v1:network-referral-list", "family_worker", None,
         lambda w, o: network_api.NetworkReferralSerializer()),
    Case("api_v1:token", None, None, lambda w, o: _TokenSerializer()),
    Case("api_v1:handover-import", "family_worker", None,
         lambda w, o: HandoverImportSerializer(),
         hints=lambda world: {"bundle": [json.loads(HANDOVER)]}),
    Case("api_v1:instrument-score", "family_worker", None,
         lambda w, o: ScoreRequestSerializer(), url_kwargs={"code": "phq-9"}),
]
for case in API_CASES:
    case.success = (200, 201)



def test_every_write_route_has_a_fuzz_case():
    declared = load_matrix()["routes"]
    writes = {name for name, spec in declared.items() if "post" in spec or "patch" in spec}
    fuzzed = {case.route for case in FORM_CASES + API_CASES}
    assert writes <= fuzzed, f"write routes without a fuzz case: {sorted(writes - fuzzed)}"


# -- the runs ------------------------------------------------------------------------------


EXAMPLES_RUN: dict[str, int] = {}


def _run(world, case: Case, strategy_for, boundaries_for, send) -> None:
    prepare_world(world)
    objs = objects_of(world.own_family)
    worker = getattr(world, case.persona) if case.persona else None
    kwargs = {case.kwarg: objs[case.obj].pk} if case.obj else case.url_kwargs
    url = reverse(case.route, kwargs=kwargs)
    hints = case.hints(world) if case.hints else {}
    fields = case.fields(world, objs)
    strategy = strategy_for(fields, hints)
    client = Client()
    count = 0

    @FUZZ
    @given(payload=strategy)
    def attempt(payload):
        nonlocal count
        count += 1
        with transaction.atomic():
            if worker is not None:
                client.force_login(worker)
            else:
                client.logout()
            before = snapshot()
            response = send(client, case.method, url, payload)
            assert response.status_code < 500, response.status_code
            if response.status_code not in case.success:
                assert snapshot() == before, (
                    f"refused input ({response.status_code}) changed data")
            assert_no_cross_family_links()
            transaction.set_rollback(True)

    for payload in boundaries_for(fields, hints):
        attempt = example(payload=payload)(attempt)
    attempt()
    EXAMPLES_RUN[case.id] = count
    print(f"\nfuzz {case.id}: {count} examples")


def _send_form(client, method, url, data):
    # Bytes stand for a file: a fresh upload for every request.
    data = {name: SimpleUploadedFile("upload.json", value) if isinstance(value, bytes)
            else value for name, value in data.items()}
    if method == "get":
        return client.get(url, data)
    return client.post(url, data)


def _send_json(client, method, url, body):
    send = client.patch if method == "patch" else client.post
    return send(url, data=body, content_type="application/json")


@pytest.mark.parametrize("case", FORM_CASES, ids=lambda case: case.id)
def test_form_views_never_fail_and_save_nothing_from_invalid_input(world, case):
    _run(world, case, form_data, form_boundaries, _send_form)


@pytest.mark.parametrize("case", API_CASES, ids=lambda case: case.id)
def test_api_writes_never_fail_and_save_nothing_from_invalid_input(world, case):
    _run(world, case, json_payload, json_boundaries, _send_json)
