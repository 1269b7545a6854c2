"""The stay closes only when every open form of help (proposed, active, paused) has ended
or is recorded as handed over; otherwise the page names each one, the families' stay form
refuses the end date the same way, and the API answers 409 with the reasons."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from bloem.catalogue.models import HelpForm, HelpFormStatus
from bloem.families.models import Stay
from bloem.outflow.models import ContinuingHelp, HelpStatus

from .helpers import child_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(world):
    """The world's family with an outflow recorded, and the child's form of help open and
    recorded as help that must continue (not yet handed over)."""
    from tests.helpers import prepare_world

    prepare_world(world)
    return world.own_family


def _open_stay(family):
    return Stay.objects.get(family=family, ended_on__isnull=True)


def test_the_stay_does_not_close_with_open_help_and_the_page_names_it(world, family,
                                                                        client_for):
    client = client_for(world.family_worker)
    response = client.post(reverse("outflow:close", args=[family.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    help_form = family.help_forms.get()
    assert escape(help_form.petal.label) in text
    assert "overgedragen" in text  # "... beëindig hem of leg vast dat hij is overgedragen"
    assert _open_stay(family).ended_on is None


def test_the_stay_closes_when_the_help_has_ended(world, family, client_for):
    outflow = family.outflows.get()
    HelpForm.objects.filter(family=family).update(status=HelpFormStatus.ENDED,
                                                  ended_on=timezone.localdate())
    client = client_for(world.family_worker)
    response = client.post(reverse("outflow:close", args=[family.pk]))
    assert response.status_code == 302
    stay = Stay.objects.get(pk=outflow.stay_id)
    assert stay.ended_on == outflow.left_on


def test_the_stay_closes_when_the_help_is_handed_over(world, family, client_for):
    outflow = family.outflows.get()
    client = client_for(world.family_worker)
    row = ContinuingHelp.objects.get(outflow=outflow)
    assert row.status == HelpStatus.TO_HAND_OVER
    assert client.post(reverse("outflow:help_handed_over", args=[family.pk]), {
        "help": row.pk, "handed_over_on": timezone.localdate().isoformat()}).status_code == 302
    row.refresh_from_db()
    assert row.status == HelpStatus.HANDED_OVER
    assert client.post(reverse("outflow:close", args=[family.pk])).status_code == 302
    assert Stay.objects.get(pk=outflow.stay_id).ended_on == outflow.left_on


def test_each_open_form_of_help_is_named(world, family, client_for):
    help_form = family.help_forms.get()
    HelpForm.objects.create(family=family, person=child_of(family, 1), petal_id="school-guidance",
                            responsible=world.family_worker, started_on=help_form.started_on,
                            status=HelpFormStatus.PAUSED)
    response = client_for(world.family_worker).post(reverse("outflow:close", args=[family.pk]))
    text = response.content.decode()
    assert text.count("beëindig hem of leg vast") == 2
    assert "gepauzeerd" in text.lower() or "paused" in text.lower()


def test_the_stay_form_refuses_the_end_date_with_open_help(world, family, client_for):
    stay = _open_stay(family)
    response = client_for(world.family_worker).post(
        reverse("families:stay_edit", args=[family.pk]),
        {"location": stay.location_id, "unit": stay.unit_id,
         "ended_on": timezone.localdate().isoformat(), "version": stay.version})
    assert response.status_code == 200
    assert escape(family.help_forms.get().petal.label) in response.content.decode()
    assert _open_stay(family).ended_on is None


def test_the_api_answers_409_with_the_reasons(world, family, client_for):
    client = client_for(world.family_worker)
    response = client.post(f"/api/v1/families/{family.pk}/outflow/close/",
                           content_type="application/json")
    assert response.status_code == 409
    assert len(response.json()["reasons"]) == 1
    HelpForm.objects.filter(family=family).update(status=HelpFormStatus.ENDED,
                                                  ended_on=timezone.localdate())
    response = client.post(f"/api/v1/families/{family.pk}/outflow/close/",
                           content_type="application/json")
    assert response.status_code == 200
    assert response.json()["stay_open"] is False


def test_help_that_must_continue_is_recorded_once_per_form_of_help(world, family, client_for):
    response = client_for(world.family_worker).post(
        reverse("outflow:help_add", args=[family.pk]), {
            "person": child_of(family).pk, "help_form": family.help_forms.get().pk,
            "reason": "Nog een keer."})
    assert response.status_code == 200
    assert ContinuingHelp.objects.filter(family=family).count() == 1
