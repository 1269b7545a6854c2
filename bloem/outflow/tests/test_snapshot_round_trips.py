"""The package as shared is kept as JSON; reading it back gives an equal package."""

import datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from bloem.outflow import package as p
from bloem.outflow.snapshot import package_from_json, package_to_json

DAY = datetime.date(2026, 11, 29)


def _package(**overrides) -> p.HandoverPackage:
    child = p.Member(
        key="m2", first_name="Noor", last_name="Jansen", birth_date=datetime.date(2016, 1, 15),
        gender="female", family_role="child", parts=frozenset({"goals", "screening", "consents"}),
        parents=(p.Parent(member="m1", authority=True),),
        scores=(p.Score(instrument="cries13", instrument_name="CRIES-13", version="1",
                        informant="child", moment="t0", administered_on=DAY,
                        total=Decimal("31.50"), band="boven de afkapwaarde",
                        subscales=(("intrusion", Decimal("12")),)),),
        goals=(p.Goal(description="Rust", petal_code=None, started_on=DAY, review_on=DAY,
                      status="planned"),),
        continuing_help=(p.ContinuingHelp(petal_code="trauma-child", petal_name="Trauma",
                                          reason="Loopt door", started_on=None),),
        consents=(p.ConsentGiven(petal_code="trauma-child", given_by="m1", basis="given",
                                 form="written", given_on=DAY, withdrawn_on=DAY),),
    )
    mother = p.Member(key="m1", first_name="Sanne", last_name="Jansen", birth_date=None,
                      gender="female", family_role="parent", parts=frozenset({"summary"}))
    fields = dict(
        file_number="T1", organisation="Blijf", location="Oranje Huis", stay_started_on=DAY,
        outflow_on=DAY, destination="own_housing", new_municipality_code="GM0344",
        receiving_party="Jeugdteam Utrecht-Noord", prepared_by="Alice", prepared_on=DAY,
        summary="Samenvatting", safety_level="orange", safety_assessed_on=DAY,
        safety_agreements=(p.SafetyAgreement(text="Codewoord", agreed_on=DAY),),
        members=(mother, child))
    fields.update(overrides)
    return p.HandoverPackage(**fields)


def test_a_full_package_round_trips():
    package = _package()
    assert package_from_json(package_to_json(package)) == package


def test_equal_packages_give_equal_json():
    assert package_to_json(_package()) == package_to_json(_package())


@given(summary=st.text(), total=st.decimals(allow_nan=False, allow_infinity=False,
                                            places=2, min_value=-1000, max_value=1000))
def test_any_text_and_score_round_trip(summary, total):
    package = _package(summary=summary)
    member = package.members[1]
    score = member.scores[0].__class__(**{**member.scores[0].__dict__, "total": total})
    package = _package(summary=summary, members=(package.members[0], p.Member(
        **{**member.__dict__, "scores": (score,)})))
    assert package_from_json(package_to_json(package)) == package
