"""The handover package as an HL7 FHIR Bundle, and back (the profile: docs/interop.md).

`package_to_bundle` builds every resource with the `fhir.resources` models, so each one
is validated as it is made; `bundle_to_package` reads such a Bundle back into an equal
HandoverPackage, or raises `BundleRefused` with every problem it found. No database: the
codes are checked against our catalogue by the importer, not here.

The models are those of R4B (4.3.0): the maintained fhir.resources (pydantic 2) ships R5
and R4B, and R4B only changed resources we do not use, so what we write is valid R4
(4.0.1) as well. Fields that are identical in R4 and R4B are all this module touches.
"""

import datetime
import html
import uuid
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

from bloem.outflow.package import (
    PARTS,
    ConsentGiven,
    ContinuingHelp,
    Goal,
    HandoverPackage,
    Member,
    Parent,
    SafetyAgreement,
    Score,
)

# Our canonical base. Codes and extensions below it are ours (documented in docs/interop.md).
BASE = "https://fhir.bloem.example"
EXT = f"{BASE}/StructureDefinition/"
CS = f"{BASE}/CodeSystem/"
FILE_NUMBER = f"{BASE}/NamingSystem/file-number"
MEMBER_KEY = f"{BASE}/NamingSystem/member-key"
LOINC = "http://loinc.org"
ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
XHTML = '<div xmlns="http://www.w3.org/1999/xhtml">'
# The UUIDs of the fullUrls: the same package gives the same Bundle.
NAMESPACE = uuid.UUID("6f1f0c52-3d4a-5b8e-9a55-4b1e0e9d2c71")

# planning.GoalStatus ↔ Goal.lifecycleStatus (one to one).
GOAL_LIFECYCLE = {"planned": "planned", "in_progress": "active", "achieved": "completed",
                  "stopped": "cancelled"}
GOAL_STATUS = {fhir: ours for ours, fhir in GOAL_LIFECYCLE.items()}
# The resource types a Bundle of ours holds; anything else is refused on import.
RESOURCE_TYPES = frozenset({
    "Composition", "Organization", "Location", "Patient", "RelatedPerson", "EpisodeOfCare",
    "Observation", "CarePlan", "Goal", "ServiceRequest", "Consent",
})
SECTIONS = ("members", "safety", "scores", "goals", "continuing_help", "consents")


class BundleRefused(ValueError):  # noqa: N818 - reads as what happened
    """The text is not a Bundle of our profile; `problems` says why, each readable."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


# ---------------------------------------------------------------- building the Bundle

def _coding(system: str, code: str, display: str = "") -> dict:
    coding = {"system": system, "code": code}
    if display:
        coding["display"] = display
    return coding


def _ext(name: str, **value) -> dict:
    return {"url": EXT + name, **value}


def _date(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _empty(value) -> bool:
    """FHIR has no empty strings, lists or objects; text of only white space (a lone
    no-break space, say) is not a valid FHIR string either, and says nothing."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or value == {} or value == []


def _clean(data: dict) -> dict:
    """Leave out empty values (see `_empty`)."""
    out = {}
    for key, value in data.items():
        if isinstance(value, dict):
            value = _clean(value)
        elif isinstance(value, list):
            value = [_clean(v) if isinstance(v, dict) else v for v in value]
            value = [v for v in value if not _empty(v)]
        if not _empty(value):
            out[key] = value
    return out


class _Builder:
    def __init__(self, package: HandoverPackage):
        self.package = package
        self.entries: list[dict] = []
        self.sections: dict[str, list[str]] = {name: [] for name in SECTIONS}

    def url(self, *path: object) -> str:
        # One handover of one file on one day; another day's handover gets other UUIDs.
        name = "/".join(str(p) for p in (self.package.file_number, self.package.prepared_on,
                                         *path))
        return f"urn:uuid:{uuid.uuid5(NAMESPACE, name)}"

    def add(self, url: str, data: dict, section: str | None = None) -> str:
        resource = get_fhir_model_class(data["resourceType"]).model_validate(_clean(data))
        self.entries.append({"fullUrl": url, "resource": resource})
        if section:
            self.sections[section].append(url)
        return url

    def build(self) -> Bundle:
        p = self.package
        organisation = self.add(self.url("organisation"), {
            "resourceType": "Organization", "name": p.organisation})
        receiving = self.add(self.url("receiving-party"), {
            "resourceType": "Organization", "name": p.receiving_party})
        location = self.add(self.url("location"), {
            "resourceType": "Location", "name": p.location,
            "managingOrganization": {"reference": organisation}})
        for member in p.members:
            self.member(member, organisation)
        self.safety()
        composition = self.composition(organisation, receiving, location)
        return Bundle.model_validate({
            "resourceType": "Bundle",
            "identifier": {"system": FILE_NUMBER, "value": p.file_number},
            "type": "document",
            "timestamp": f"{p.prepared_on.isoformat()}T00:00:00Z",
            "entry": [composition, *self.entries],
        })

    def composition(self, organisation: str, receiving: str, location: str) -> dict:
        p = self.package
        summary = [{"title": "Samenvatting", "code": {"coding": [_coding(CS + "section",
                                                                          "summary")]},
                    "text": {"status": "additional",
                             "div": f"{XHTML}{html.escape(p.summary)}</div>"}}
                   ] if p.summary else []
        sections = [{"title": name, "code": {"coding": [_coding(CS + "section", name)]},
                     "entry": [{"reference": url} for url in urls]}
                    for name, urls in self.sections.items() if urls]
        data = {
            "resourceType": "Composition",
            "identifier": {"system": FILE_NUMBER, "value": p.file_number},
            "status": "final",
            "type": {"coding": [_coding(LOINC, "18761-7", "Transfer summary note")]},
            "date": p.prepared_on.isoformat(),
            "author": [{"display": p.prepared_by}],
            "title": "Warme overdracht",
            "custodian": {"reference": organisation},
            "extension": [
                _ext("outflow-destination",
                     valueCoding=_coding(CS + "outflow-destination", p.destination)),
                _ext("new-municipality",
                     valueCoding=_coding(CS + "cbs-municipality", p.new_municipality_code)),
                _ext("receiving-party", valueReference={"reference": receiving}),
            ],
            "event": [{"code": [{"coding": [_coding(CS + "event", "shelter-stay")]}],
                       "period": {"start": _date(p.stay_started_on),
                                  "end": _date(p.outflow_on)},
                       "detail": [{"reference": location}]}],
            "section": [*summary, *sections],
        }
        resource = get_fhir_model_class("Composition").model_validate(_clean(data))
        return {"fullUrl": self.url("composition"), "resource": resource}

    def safety(self) -> None:
        p = self.package
        if p.safety_level:
            self.add(self.url("safety-level"), {
                "resourceType": "Observation", "status": "final",
                "code": {"coding": [_coding(CS + "observation", "safety-level")]},
                "valueCodeableConcept": {"coding": [_coding(CS + "safety-level",
                                                            p.safety_level)]},
                "effectiveDateTime": _date(p.safety_assessed_on)}, "safety")
        for n, agreement in enumerate(p.safety_agreements):
            self.add(self.url("safety-agreement", n), {
                "resourceType": "Observation", "status": "final",
                "code": {"coding": [_coding(CS + "observation", "safety-agreement")]},
                "valueString": agreement.text,
                "effectiveDateTime": _date(agreement.agreed_on)}, "safety")

    def member(self, m: Member, organisation: str) -> None:
        p = self.package
        patient = self.add(self.url(m.key), {
            "resourceType": "Patient",
            "identifier": [{"system": MEMBER_KEY, "value": m.key}],
            "name": [{"family": m.last_name, "given": [m.first_name]}],
            "gender": m.gender, "birthDate": _date(m.birth_date),
            # Only the municipality, never an address (nl-core-Address: district).
            "address": [{"district": p.new_municipality_code, "country": "NL"}],
            "extension": [
                _ext("family-role", valueCoding=_coding(CS + "family-role", m.family_role)),
                *(_ext("handover-part", valueCode=part) for part in PARTS if part in m.parts),
            ],
        }, "members")
        subject = {"reference": patient}
        for parent in m.parents:
            self.add(self.url(m.key, "parent", parent.member), {
                "resourceType": "RelatedPerson",
                "identifier": [{"system": MEMBER_KEY, "value": parent.member}],
                "patient": subject,
                "relationship": [{"coding": [_coding(ROLE_CODE, "PRN", "parent")]}],
                "extension": [_ext("parental-authority", valueBoolean=parent.authority)],
            }, "members")
        self.add(self.url(m.key, "stay"), {
            "resourceType": "EpisodeOfCare", "status": "finished", "patient": subject,
            "managingOrganization": {"reference": organisation},
            "period": {"start": _date(p.stay_started_on), "end": _date(p.outflow_on)},
        }, "members")
        for n, score in enumerate(m.scores):
            self.score(m, n, score, subject)
        goals = [self.goal(m, n, goal, subject) for n, goal in enumerate(m.goals)]
        if goals:
            self.add(self.url(m.key, "plan"), {
                "resourceType": "CarePlan", "status": "active", "intent": "plan",
                "subject": subject, "goal": [{"reference": url} for url in goals],
            }, "goals")
        for n, help_ in enumerate(m.continuing_help):
            self.add(self.url(m.key, "help", n), {
                "resourceType": "ServiceRequest", "status": "active", "intent": "plan",
                "subject": subject,
                "code": {"coding": [_coding(CS + "petal", help_.petal_code, help_.petal_name)]},
                "reasonCode": [{"text": help_.reason}],
                "occurrencePeriod": {"start": _date(help_.started_on)},
                "orderDetail": [{"coding": [_coding(CS + "treatment-method", help_.method)]}]
                if help_.method else [],
                "performer": [{"display": help_.practitioner}],
            }, "continuing_help")
        for n, consent in enumerate(m.consents):
            self.consent(m, n, consent, subject)

    def score(self, m: Member, n: int, s: Score, subject: dict) -> None:
        coding = _coding(CS + "instrument", s.instrument, s.instrument_name)
        if s.version:
            coding["version"] = s.version
        self.add(self.url(m.key, "score", n), {
            "resourceType": "Observation", "status": "final",
            "category": [{"coding": [_coding(
                "http://terminology.hl7.org/CodeSystem/observation-category", "survey")]}],
            "code": {"coding": [coding]}, "subject": subject,
            "effectiveDateTime": _date(s.administered_on),
            "valueQuantity": {"value": s.total} if s.total is not None else None,
            "interpretation": [{"text": s.band}],
            "component": [{"code": {"text": name}, "valueQuantity": {"value": value}}
                          for name, value in s.subscales],
            "extension": [
                _ext("informant", valueCoding=_coding(CS + "informant", s.informant)),
                _ext("measurement-moment", valueCoding=_coding(CS + "measurement-moment",
                                                               s.moment)),
            ],
        }, "scores")

    def goal(self, m: Member, n: int, g: Goal, subject: dict) -> str:
        return self.add(self.url(m.key, "goal", n), {
            "resourceType": "Goal", "lifecycleStatus": GOAL_LIFECYCLE.get(g.status, g.status),
            "description": {"text": g.description}, "subject": subject,
            "category": [{"coding": [_coding(CS + "petal", g.petal_code)]}]
            if g.petal_code else [],
            "startDate": _date(g.started_on),
            "target": [{"dueDate": _date(g.review_on)}],
            "note": [{"text": g.actions}] if g.actions else [],
        }, "goals")

    def consent(self, m: Member, n: int, c: ConsentGiven, subject: dict) -> None:
        giver = {"identifier": {"system": MEMBER_KEY, "value": c.given_by}}
        if any(other.key == c.given_by for other in self.package.members):
            giver["reference"] = self.url(c.given_by)
        self.add(self.url(m.key, "consent", n), {
            "resourceType": "Consent",
            "status": "inactive" if c.withdrawn_on else "active",
            "scope": {"coding": [_coding(
                "http://terminology.hl7.org/CodeSystem/consentscope", "treatment")]},
            "category": [{"coding": [_coding(LOINC, "59284-0", "Patient Consent")]}],
            "patient": subject, "dateTime": _date(c.given_on), "performer": [giver],
            "provision": {"period": {"start": _date(c.given_on), "end": _date(c.withdrawn_on)},
                          "code": [{"coding": [_coding(CS + "petal", c.petal_code)]}]},
            "extension": [
                _ext("consent-basis", valueCoding=_coding(CS + "consent-basis", c.basis)),
                _ext("consent-form", valueCoding=_coding(CS + "consent-form", c.form)),
                _ext("decision-reference", valueString=c.decision_reference),
            ],
        }, "consents")


def package_to_bundle(package: HandoverPackage) -> Bundle:
    """The package as a FHIR document Bundle; every resource is validated as it is built."""
    return _Builder(package).build()


def bundle_to_json(bundle: Bundle) -> str:
    return bundle.model_dump_json(indent=2)


# ---------------------------------------------------------------- reading a Bundle back

def parse_bundle(text: str | bytes) -> Bundle:
    """A Bundle from JSON text, validated by the FHIR models, or BundleRefused."""
    try:
        return Bundle.model_validate_json(text)
    except ValidationError as error:
        raise BundleRefused([_("Not a valid FHIR Bundle: %(errors)s") % {
            "errors": "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
                                for e in error.errors()[:10])}]) from None
    except Exception as error:
        # fhir_core fails on odd input in other ways too (an unknown or missing
        # resourceType raises KeyError or TypeError): any failure to parse untrusted text
        # is a refusal, never a server error.
        raise BundleRefused([_("Not a valid FHIR Bundle: %(error)s") % {
            "error": f"{type(error).__name__} {str(error)[:300]}"}]) from None


class _Reader:
    def __init__(self, bundle: Bundle):
        self.problems: list[str] = []
        self.by_url: dict[str, Any] = {}
        self.order: list[tuple[str, Any]] = []
        for n, entry in enumerate(bundle.entry or []):
            resource = entry.resource
            kind = resource.get_resource_type() if resource is not None else "-"
            if kind not in RESOURCE_TYPES:
                self.problem(_("Entry %(n)s: we do not take a resource of type %(kind)s.")
                             % {"n": n + 1, "kind": kind})
                continue
            if not entry.fullUrl:
                self.problem(_("Entry %(n)s (%(kind)s) has no fullUrl.")
                             % {"n": n + 1, "kind": kind})
                continue
            self.by_url[entry.fullUrl] = resource
            self.order.append((entry.fullUrl, resource))
        if bundle.type != "document":
            self.problem(_("The Bundle is of type %(type)s, not a document.")
                         % {"type": bundle.type})

    def problem(self, text: str) -> None:
        self.problems.append(text)

    def of_type(self, kind: str) -> list[tuple[str, Any]]:
        return [(url, r) for url, r in self.order if r.get_resource_type() == kind]

    def resolve(self, reference, kind: str, where: str) -> Any:
        url = getattr(reference, "reference", None)
        resource = self.by_url.get(url) if url else None
        if resource is None or resource.get_resource_type() != kind:
            self.problem(_("%(where)s refers to a %(kind)s that is not in the Bundle.")
                         % {"where": where, "kind": kind})
            return None
        return resource

    # -- primitives

    @staticmethod
    def ext(resource, name: str) -> list:
        return [e for e in (resource.extension or []) if e.url == EXT + name]

    def code(self, resource, name: str, where: str, required: bool = True) -> str:
        found = self.ext(resource, name)
        if not found or found[0].valueCoding is None or not found[0].valueCoding.code:
            if required:
                self.problem(_("%(where)s lacks the code %(name)s.")
                             % {"where": where, "name": name})
            return ""
        return found[0].valueCoding.code

    @staticmethod
    def coding(concept, system: str):
        for coding in getattr(concept, "coding", None) or []:
            if coding.system == system:
                return coding
        return None

    @staticmethod
    def key(identifiers) -> str:
        for identifier in identifiers or []:
            if identifier.system == MEMBER_KEY and identifier.value:
                return identifier.value
        return ""

    def day(self, value, where: str, what: str, required: bool = False
            ) -> datetime.date | None:
        """A FHIR date or dateTime as a day; a partial date ("2010-05") is refused."""
        if isinstance(value, datetime.datetime):
            return value.date()
        if value is None or isinstance(value, datetime.date):
            return self.required(value, where, what) if required else value
        self.problem(_("%(where)s: %(what)s is not a whole date (%(value)s).")
                     % {"where": where, "what": what, "value": value})
        return None

    def required(self, value, where: str, what: str):
        if value is None:
            self.problem(_("%(where)s lacks %(what)s.") % {"where": where, "what": what})
        return value

    # -- the package

    def package(self) -> HandoverPackage:
        compositions = self.of_type("Composition")
        if len(compositions) != 1:
            self.problem(_("The Bundle must hold exactly one Composition."))
            raise BundleRefused(self.problems)
        c = compositions[0][1]
        where = _("The Composition")
        custodian = self.resolve(c.custodian, "Organization", where)
        receiving_ext = self.ext(c, "receiving-party")
        receiving = self.resolve(receiving_ext[0].valueReference if receiving_ext else None,
                                 "Organization", where)
        event = (c.event or [None])[0]
        period = getattr(event, "period", None)
        location = self.resolve((getattr(event, "detail", None) or [None])[0], "Location",
                                where)
        summary = next((s.text.div or "" for s in c.section or []
                        if self.coding(s.code, CS + "section")
                        and self.coding(s.code, CS + "section").code == "summary"
                        and s.text), "")
        level, assessed_on, agreements = self.safety()
        members = tuple(self.member(url, patient)
                        for url, patient in self.of_type("Patient"))
        keys = [m.key for m in members]
        if len(set(keys)) != len(keys):
            self.problem(_("Two members have the same key."))
        fields = {
            "file_number": c.identifier.value if c.identifier else "",
            "organisation": getattr(custodian, "name", "") or "",
            "location": getattr(location, "name", "") or "",
            "stay_started_on": self.day(getattr(period, "start", None), where,
                                        _("the start of the stay"), required=True),
            "outflow_on": self.day(getattr(period, "end", None), where,
                                   _("the outflow date"), required=True),
            "destination": self.code(c, "outflow-destination", where),
            "new_municipality_code": self.code(c, "new-municipality", where),
            "receiving_party": getattr(receiving, "name", "") or "",
            "prepared_by": (c.author[0].display or "") if c.author else "",
            "prepared_on": self.day(c.date, where, _("the date"), required=True),
        }
        if self.problems:
            raise BundleRefused(self.problems)
        return HandoverPackage(
            **fields,
            summary=html.unescape(summary.removeprefix(XHTML).removesuffix("</div>")),
            safety_level=level, safety_assessed_on=assessed_on,
            safety_agreements=agreements, members=members,
        )

    def safety(self) -> tuple[str, datetime.date | None, tuple[SafetyAgreement, ...]]:
        level, assessed_on, agreements = "", None, []
        for _url, obs in self.of_type("Observation"):
            kind = self.coding(obs.code, CS + "observation")
            if kind is None:
                continue
            if kind.code == "safety-level":
                coding = self.coding(obs.valueCodeableConcept, CS + "safety-level")
                level = coding.code if coding else ""
                assessed_on = self.day(obs.effectiveDateTime, _("The safety level"),
                                       _("the date"))
            elif kind.code == "safety-agreement":
                agreements.append(SafetyAgreement(
                    text=obs.valueString or "",
                    agreed_on=self.day(obs.effectiveDateTime, _("A safety agreement"),
                                       _("its date"), required=True)))
        return level, assessed_on, tuple(agreements)

    def about(self, kind: str, url: str, field: str = "subject") -> list:
        return [r for _u, r in self.of_type(kind)
                if getattr(getattr(r, field, None), "reference", None) == url]

    def member(self, url: str, patient) -> Member:
        key = self.key(patient.identifier)
        where = _("Member %(key)s") % {"key": key or "?"}
        if not key:
            self.problem(_("A Patient has no member key."))
        name = (patient.name or [None])[0]
        first_name = ((getattr(name, "given", None) or [""])[0]) or ""
        last_name = getattr(name, "family", None) or ""
        if not (first_name or last_name):
            self.problem(_("%(where)s has no name.") % {"where": where})
        parts = frozenset(str(e.valueCode) for e in self.ext(patient, "handover-part"))
        if parts - set(PARTS):
            self.problem(_("%(where)s: unknown parts %(parts)s.")
                         % {"where": where, "parts": ", ".join(sorted(parts - set(PARTS)))})
        return Member(
            key=key, first_name=first_name, last_name=last_name,
            birth_date=self.day(patient.birthDate, where, _("the date of birth")),
            gender=patient.gender or "unknown",
            family_role=self.code(patient, "family-role", where), parts=parts,
            parents=tuple(
                Parent(member=self.key(r.identifier),
                       authority=bool((self.ext(r, "parental-authority") or [None])[0]
                                      and self.ext(r, "parental-authority")[0].valueBoolean))
                for r in self.about("RelatedPerson", url, "patient")),
            scores=tuple(self.score(o, where) for o in self.about("Observation", url)),
            goals=tuple(self.goal(g, where) for g in self.about("Goal", url)),
            continuing_help=tuple(self.help(s, where)
                                  for s in self.about("ServiceRequest", url)),
            consents=tuple(self.consent(c, where) for c in self.about("Consent", url,
                                                                       "patient")),
        )

    def score(self, obs, where: str) -> Score:
        coding = self.coding(obs.code, CS + "instrument")
        if coding is None:
            self.problem(_("%(where)s: a score without an instrument code.")
                         % {"where": where})
        return Score(
            instrument=getattr(coding, "code", "") or "",
            instrument_name=getattr(coding, "display", "") or "",
            version=getattr(coding, "version", "") or "",
            informant=self.code(obs, "informant", where),
            moment=self.code(obs, "measurement-moment", where),
            administered_on=self.day(obs.effectiveDateTime, where, _("the date of a score"),
                                     required=True),
            total=_decimal(obs.valueQuantity),
            band=(obs.interpretation[0].text or "") if obs.interpretation else "",
            subscales=tuple((getattr(comp.code, "text", None) or "", self.required(
                _decimal(comp.valueQuantity), where, _("the value of a subscale")))
                for comp in obs.component or []),
        )

    def goal(self, goal, where: str) -> Goal:
        status = GOAL_STATUS.get(goal.lifecycleStatus)
        if status is None:
            self.problem(_("%(where)s: a goal with status %(status)s, which we do not take.")
                         % {"where": where, "status": goal.lifecycleStatus})
        petal = self.coding((goal.category or [None])[0], CS + "petal")
        return Goal(
            description=getattr(goal.description, "text", None) or "",
            petal_code=petal.code if petal else None,
            started_on=self.day(goal.startDate, where, _("the start of a goal"),
                                required=True),
            review_on=self.day(goal.target[0].dueDate if goal.target else None, where,
                               _("the review date of a goal"), required=True),
            status=status or "",
            actions=(goal.note[0].text or "") if goal.note else "",
        )

    def help(self, request, where: str) -> ContinuingHelp:
        petal = self.coding(request.code, CS + "petal")
        if petal is None:
            self.problem(_("%(where)s: help to continue without a petal code.")
                         % {"where": where})
        method = self.coding((request.orderDetail or [None])[0], CS + "treatment-method")
        return ContinuingHelp(
            petal_code=getattr(petal, "code", "") or "",
            petal_name=getattr(petal, "display", "") or "",
            reason=(request.reasonCode[0].text or "") if request.reasonCode else "",
            started_on=self.day(getattr(request.occurrencePeriod, "start", None), where,
                                _("the start of the help")),
            method=method.code if method else "",
            practitioner=(request.performer[0].display or "") if request.performer else "",
        )

    def consent(self, consent, where: str) -> ConsentGiven:
        provision = consent.provision
        petal = self.coding((getattr(provision, "code", None) or [None])[0], CS + "petal")
        if petal is None:
            self.problem(_("%(where)s: a consent without a petal code.") % {"where": where})
        giver = (consent.performer or [None])[0]
        given_by = self.key([giver.identifier]) if giver and giver.identifier else ""
        if not given_by:
            self.problem(_("%(where)s: a consent without the member who gave it.")
                         % {"where": where})
        elif giver.reference:
            self.resolve(giver, "Patient", where)
        reference = self.ext(consent, "decision-reference")
        period = getattr(provision, "period", None)
        return ConsentGiven(
            petal_code=getattr(petal, "code", "") or "", given_by=given_by,
            basis=self.code(consent, "consent-basis", where),
            form=self.code(consent, "consent-form", where),
            given_on=self.day(consent.dateTime, where, _("the date of a consent"),
                              required=True),
            withdrawn_on=self.day(getattr(period, "end", None), where,
                                  _("the date of a withdrawal")),
            decision_reference=(reference[0].valueString or "") if reference else "",
        )


def _decimal(quantity) -> Decimal | None:
    value = getattr(quantity, "value", None)
    return None if value is None else Decimal(str(value))


def bundle_to_package(bundle: Bundle) -> HandoverPackage:
    """The package a Bundle of ours holds, or BundleRefused listing every problem."""
    reader = _Reader(bundle)
    try:
        return reader.package()
    except (AttributeError, TypeError, IndexError, KeyError) as error:
        # A valid FHIR Bundle that leaves out what this profile needs in a way the reader
        # did not foresee: refused, with what was found so far.
        raise BundleRefused([*reader.problems, _(
            "The Bundle does not follow the handover profile (%(error)s).")
            % {"error": type(error).__name__}]) from None
