"""The cohort dashboard, the effect report and its API: the figures, the scope and the
small-cell rule."""

import numpy as np
import pytest
from django.urls import reverse

from bloem.audit.models import AccessEvent
from bloem.outcomes import stats

from .conftest import PAIRS


def _effect(released, code="phq-9"):
    return next(row for row in released.effects if row["instrument"] == code)


def test_team_manager_sees_the_effects_of_their_locations(cohort, world, client_for):
    response = client_for(world.team_manager).get(reverse("outcomes:dashboard"))
    assert response.status_code == 200
    row = _effect(response.context["released"])
    before = np.array([b for b, _ in PAIRS], dtype=float)
    after = np.array([a for _, a in PAIRS], dtype=float)
    expected = stats.paired_statistics(before, after)
    assert row["n"] == len(PAIRS)  # the foreign family at B is not counted
    assert row["mean_before"] == pytest.approx(before.mean(), abs=0.01)
    assert row["mean_change"] == pytest.approx(expected.mean_change, abs=0.01)
    assert row["change_low"] == pytest.approx(expected.change_low, abs=0.01)
    assert row["d"] == pytest.approx(expected.d, abs=0.01)
    # RCI with PHQ-9 norms (SD 3.5, r .89): S_diff 1.64; reliable when |change| > 3.22:
    # improved 18→10, 20→12, 22→8, 16→6, 14→9 (5), unchanged 15→14, 12→13, 19→20 (3),
    # deteriorated 0. Releasing "5 improved of 8" would give the 3 unchanged away:
    assert row["improved_suppressed"] and row["pct_improved"] is None
    assert row["pct_deteriorated"] == 0
    assert row["rci_available"]
    assert AccessEvent.objects.filter(record_type="outcomes.cohort",
                                      actor_id=world.team_manager.pk).exists()


def test_no_cell_under_five_persons_is_released(cohort, world, client_for):
    response = client_for(world.team_manager).get(
        reverse("outcomes:dashboard"), {"age_band": "30-44"})
    # all the mothers are 36: the age band keeps them; a location of four pairs does not
    row = _effect(response.context["released"])
    assert row["n"] == len(PAIRS)
    for mother in cohort[4:]:
        mother.screening_responses.all().delete()
    response = client_for(world.team_manager).get(reverse("outcomes:dashboard"))
    row = _effect(response.context["released"])
    assert row["suppressed"] and row["n"] is None and "mean_change" not in row
    assert b"data-suppressed" in response.content


def test_the_api_gives_the_same_released_figures(cohort, world, client_for):
    response = client_for(world.team_manager).get("/api/v1/outcomes/cohort/")
    assert response.status_code == 200
    row = next(r for r in response.json()["effects"] if r["instrument"] == "phq-9")
    assert row["n"] == len(PAIRS)
    assert response.json()["min_cell"] == 5


def test_other_roles_get_no_cohort_statistics(cohort, world, client_for):
    for persona in (world.family_worker, world.privacy_officer, world.administrator):
        client = client_for(persona)
        assert client.get(reverse("outcomes:dashboard")).status_code == 403
        assert client.get("/api/v1/outcomes/cohort/").status_code == 403


def test_the_dashboard_takes_a_constant_number_of_queries(cohort, world, client_for,
                                                          django_assert_max_num_queries):
    client = client_for(world.team_manager)
    client.get(reverse("outcomes:dashboard"))
    with django_assert_max_num_queries(25):
        client.get(reverse("outcomes:dashboard"))


def test_the_report_is_a_page_and_a_pdf(cohort, world, client_for):
    client = client_for(world.team_manager)
    page = client.get(reverse("outcomes:report"))
    assert page.status_code == 200 and b"data-effects" in page.content
    pdf = client.get(reverse("outcomes:report_pdf"))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_a_bad_period_is_refused_with_a_message(cohort, world, client_for):
    response = client_for(world.team_manager).get(
        reverse("outcomes:dashboard"), {"date_from": "2026-05-01", "date_to": "2026-01-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["date_to"]


def test_the_population_profile_counts_the_children_of_the_selection(world, client_for):
    import datetime

    from django.utils import timezone

    from bloem.families.models import FamilyRole
    from bloem.families.tests.factories import family_at
    from bloem.screening import engine
    from bloem.screening.models import Informant, Moment
    from bloem.screening.services import scored_response

    today = timezone.localdate()
    unit = world.own_family.stays.get().unit
    families = [family_at(unit, world.family_worker, name=f"P{i}", children=1)
                for i in range(6)]
    children = [f.members.get(family_role=FamilyRole.CHILD) for f in families]
    for index, child in enumerate(children):
        signalled = {"1": 1, "2": int(index < 3), "3": 0, "4": 1, "5": 0}
        els = {str(i): 2 if i <= 4 else 0 for i in range(1, 11)}  # four confirmed types
        for code, answers in (("problem-indicators", signalled), ("early-life-stress", els)):
            scored_response(instrument=engine.get(code), person=child, answers=answers,
                            informant=Informant.WORKER, moment=Moment.T0,
                            administered_on=today - datetime.timedelta(days=5),
                            entered_by=world.family_worker).save()
    released = client_for(world.team_manager).get(
        reverse("outcomes:dashboard")).context["released"]
    counts = {row["item"]: row["count"] for row in released.prevalence["items"]}
    # 6 children: behaviour 6 and PTSD 6 released; depression 3 of 6 is a small cell and
    # so are the 3 without it; anxiety and abuse 0 (zero is no person)
    assert released.prevalence["n"] == 6
    assert counts == {"1": 6, "2": None, "3": 0, "4": 6, "5": 0}
    bins = {row["types"]: row["count"] for row in released.early_life_stress["bins"]}
    assert bins[4] == 6 and bins[3] == 0
