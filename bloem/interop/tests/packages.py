"""Handover packages for the interop tests: a full family, an empty one, and a
hypothesis strategy for any package."""

import datetime
from decimal import Decimal

from hypothesis import strategies as st

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

D = datetime.date


def full_package() -> HandoverPackage:
    """A mother, a father who stayed behind and two children; every part shared."""
    child_consents = (
        ConsentGiven(petal_code="child-trauma-treatment", given_by="m1", basis="given",
                     form="written", given_on=D(2026, 3, 2)),
        ConsentGiven(petal_code="child-trauma-treatment", given_by="m2", basis="given",
                     form="verbal", given_on=D(2026, 3, 3), withdrawn_on=D(2026, 4, 1)),
        ConsentGiven(petal_code="child-trauma-treatment", given_by="m2", basis="court_decision",
                     form="decision", given_on=D(2026, 4, 5),
                     decision_reference="C/13/7654 JE RK 26-101"),
    )
    return HandoverPackage(
        file_number="G0000042", organisation="Stichting Oranje Huis Zuid",
        location="Oranje Huis Eindhoven", stay_started_on=D(2026, 1, 12),
        outflow_on=D(2026, 6, 30), destination="own_housing", new_municipality_code="GM0344",
        receiving_party="Jeugdteam Utrecht-Noord", prepared_by="Fatma Özdemir",
        prepared_on=D(2026, 6, 25),
        summary="Moeder en kinderen zijn veilig.\nEMDR voor Noë loopt door; <b>geen</b> "
                "contact met vader zonder afspraak & begeleiding.",
        safety_level="orange", safety_assessed_on=D(2026, 6, 1),
        safety_agreements=(
            SafetyAgreement(text="Vader haalt de kinderen niet van school.",
                            agreed_on=D(2026, 2, 1)),
            SafetyAgreement(text="Bij dreiging belt moeder 112.", agreed_on=D(2026, 2, 1)),
        ),
        members=(
            Member(key="m1", first_name="Anouk", last_name="de Vries-Ünal",
                   birth_date=D(1990, 5, 17), gender="female", family_role="parent",
                   parts=frozenset(PARTS),
                   scores=(Score(instrument="phq-9", instrument_name="PHQ-9", version="1.0",
                                 informant="self", moment="t0",
                                 administered_on=D(2026, 1, 20), total=Decimal("14"),
                                 band="matig"),),
                   goals=(Goal(description="Een eigen woning vinden", petal_code=None,
                               started_on=D(2026, 2, 1), review_on=D(2026, 8, 1),
                               status="in_progress", actions="Inschrijven bij de corporatie"),),
                   continuing_help=(ContinuingHelp(petal_code="daily-life-guidance",
                                                   petal_name="Opvoedondersteuning",
                                                   reason="Nog zes gesprekken",
                                                   started_on=D(2026, 3, 1)),)),
            Member(key="m2", first_name="Jeroen", last_name="de Vries", birth_date=None,
                   gender="male", family_role="other_parent", parts=frozenset({"consents"})),
            Member(key="m3", first_name="Noë", last_name="de Vries", birth_date=D(2017, 2, 3),
                   gender="other", family_role="child", parts=frozenset(PARTS),
                   parents=(Parent(member="m1", authority=True),
                            Parent(member="m2", authority=False)),
                   scores=(Score(instrument="cries-13", instrument_name="CRIES-13",
                                 version="2", informant="self", moment="t2",
                                 administered_on=D(2026, 6, 10), total=Decimal("31.50"),
                                 band="boven de afkapwaarde",
                                 subscales=(("intrusion", Decimal("12")),
                                            ("avoidance", Decimal("10.5")),
                                            ("arousal", Decimal("9")))),
                           Score(instrument="cats-7-17", instrument_name="CATS", version="",
                                 informant="caregiver", moment="t0",
                                 administered_on=D(2026, 1, 25), total=None)),
                   goals=(Goal(description="Slaapt weer door", petal_code="child-trauma-treatment",
                               started_on=D(2026, 3, 1), review_on=D(2026, 9, 1),
                               status="planned"),),
                   continuing_help=(ContinuingHelp(petal_code="child-trauma-treatment",
                                                   petal_name="Traumabehandeling",
                                                   reason="EMDR sessies 5 t/m 8",
                                                   started_on=D(2026, 4, 10), method="emdr",
                                                   practitioner="drs. J. Jansen"),),
                   consents=child_consents),
            Member(key="m4", first_name="Sam", last_name="de Vries", birth_date=D(2022, 12, 31),
                   gender="unknown", family_role="child", parts=frozenset(),
                   parents=(Parent(member="m1", authority=True),)),
        ),
    )


def empty_package() -> HandoverPackage:
    """Nothing but the handover itself: no members, no parts, all optional fields empty."""
    return HandoverPackage(
        file_number="G1", organisation="", location="", stay_started_on=D(2025, 1, 1),
        outflow_on=D(2025, 1, 2), destination="unknown", new_municipality_code="GM0363",
        receiving_party="", prepared_by="X", prepared_on=D(2025, 1, 3))


# ---------------------------------------------------------------- hypothesis

# FHIR strings: no control characters except tab, newline, return; never empty. Text of
# only white space is not shared (fhir._empty), so the package holds "" instead.
_ALPHABET = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn"))
text = st.text(_ALPHABET | st.sampled_from("\n\t"), max_size=40).map(
    lambda t: t if t.strip() else "")
word = st.text(_ALPHABET, min_size=1, max_size=20).filter(str.strip)
code = st.from_regex(r"[a-z][a-z0-9_-]{0,15}", fullmatch=True)
dates = st.dates(min_value=D(1930, 1, 1), max_value=D(2030, 12, 31))
decimals = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False)

scores = st.builds(Score, instrument=code, instrument_name=text, version=text,
                   informant=st.sampled_from(["self", "caregiver", "worker"]),
                   moment=st.sampled_from(["t0", "t1", "t2", "follow_up"]),
                   administered_on=dates, total=st.none() | decimals, band=text,
                   subscales=st.lists(st.tuples(word, decimals), max_size=3).map(tuple))
goals = st.builds(Goal, description=word, petal_code=st.none() | code, started_on=dates,
                  review_on=dates, status=st.sampled_from(["planned", "in_progress",
                                                           "achieved", "stopped"]),
                  actions=text)
helps = st.builds(ContinuingHelp, petal_code=code, petal_name=text, reason=text,
                  started_on=st.none() | dates, method=st.just("") | code, practitioner=text)


@st.composite
def packages(draw) -> HandoverPackage:
    keys = [f"m{n}" for n in range(1, draw(st.integers(0, 4)) + 1)]
    members = []
    for key in keys:
        others = [k for k in keys if k != key]
        parents = draw(st.lists(st.sampled_from(others), unique=True, max_size=2)
                       if others else st.just([]))
        consents = draw(st.lists(st.builds(
            ConsentGiven, petal_code=code, given_by=st.sampled_from(keys),
            basis=st.sampled_from(["given", "court_decision"]),
            form=st.sampled_from(["written", "verbal", "decision"]), given_on=dates,
            withdrawn_on=st.none() | dates, decision_reference=text), max_size=2))
        members.append(Member(
            key=key, first_name=draw(text), last_name=draw(word),
            birth_date=draw(st.none() | dates),
            gender=draw(st.sampled_from(["female", "male", "other", "unknown"])),
            family_role=draw(st.sampled_from(["parent", "child", "other_parent", "network"])),
            parts=draw(st.frozensets(st.sampled_from(PARTS))),
            parents=tuple(Parent(member=p, authority=draw(st.booleans())) for p in parents),
            scores=tuple(draw(st.lists(scores, max_size=2))),
            goals=tuple(draw(st.lists(goals, max_size=2))),
            continuing_help=tuple(draw(st.lists(helps, max_size=2))),
            consents=tuple(consents)))
    level = draw(st.sampled_from(["", "green", "orange", "red"]))
    return HandoverPackage(
        file_number=draw(st.from_regex(r"G[0-9]{1,7}", fullmatch=True)),
        organisation=draw(text), location=draw(text), stay_started_on=draw(dates),
        outflow_on=draw(dates), destination=draw(code),
        new_municipality_code=draw(st.from_regex(r"GM[0-9]{4}", fullmatch=True)),
        receiving_party=draw(text), prepared_by=draw(word), prepared_on=draw(dates),
        summary=draw(text), safety_level=level,
        safety_assessed_on=draw(st.none() | dates) if level else None,
        safety_agreements=tuple(draw(st.lists(st.builds(SafetyAgreement, text=word,
                                                        agreed_on=dates), max_size=2))),
        members=tuple(members))
