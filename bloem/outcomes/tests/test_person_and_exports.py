"""A person's progress and due measurements; the research export's request, approval and
download, and that no identifying field leaves the system."""

import datetime
import io
import json
import zipfile

from django.urls import reverse
from django.utils import timezone

from bloem.audit.models import AccessEvent, Action
from bloem.families.models import FamilyRole
from bloem.outcomes.models import ExportStatus, MeasurementSchedule, ResearchExport
from bloem.screening.models import Moment

from .conftest import SHELTER_PETAL, add_phq, start_help


def test_the_progress_page_shows_the_rci_and_a_chart_without_script(cohort, world, client_for):
    mother = cohort[0]  # PHQ-9 18 → 10
    client = client_for(world.family_worker)
    page = client.get(reverse("outcomes:person", args=[mother.pk]))
    assert page.status_code == 200
    change = page.context["progress"][0].changes[0]
    assert change.rci == round((10 - 18) / (2 ** 0.5 * 3.5 * (1 - 0.89) ** 0.5), 2)
    assert change.classification == "improved"
    svg = client.get(reverse("outcomes:person_chart", args=[mother.pk]),
                     {"instrument": "phq-9", "informant": "self"})
    assert svg["Content-Type"] == "image/svg+xml"
    assert b"<svg" in svg.content and b"<script" not in svg.content
    assert b"<style" not in svg.content


def test_a_foreign_person_answers_404(cohort, world, client_for):
    foreign = world.foreign_family.members.get(family_role=FamilyRole.PARENT)
    client = client_for(world.family_worker)
    assert client.get(reverse("outcomes:person", args=[foreign.pk])).status_code == 404
    assert client.get(reverse("outcomes:person_chart", args=[foreign.pk]),
                      {"instrument": "phq-9", "informant": "self"}).status_code == 404


def test_a_scheduled_measurement_is_due_then_overdue_then_gone(world, client_for,
                                                              django_assert_max_num_queries):
    today = timezone.localdate()
    MeasurementSchedule.objects.create(petal_id=SHELTER_PETAL, instrument_family="phq-9",
                                       informant="self", moment=Moment.T0,
                                       anchor="help_start", offset_days=7, window_days=7)
    mother = world.own_family.members.get(family_role=FamilyRole.PARENT)
    start_help(world.own_family, mother, world.family_worker,
               today - datetime.timedelta(days=10))
    client = client_for(world.family_worker)
    with django_assert_max_num_queries(20):
        rows = client.get(reverse("outcomes:measurements")).context["rows"]
    assert [(r.person, r.instrument.code, r.status) for r in rows] == [
        (mother, "phq-9", "due")]
    assert client_for(world.other_family_worker).get(
        reverse("outcomes:measurements")).context["rows"] == []
    add_phq(mother, 12, Moment.T0, today, world.family_worker)
    assert client_for(world.family_worker).get(
        reverse("outcomes:measurements")).context["rows"] == []


def test_an_export_is_requested_approved_and_downloaded_without_identifying_fields(
        cohort, world, client_for):
    manager = client_for(world.team_manager)
    response = manager.post(reverse("outcomes:exports"), {
        "project": "effect-study", "purpose": "Evaluation of the shelter's effect on "
                                             "maternal depression with the university."})
    assert response.status_code == 302
    export = ResearchExport.objects.get()
    assert export.status == ExportStatus.REQUESTED
    download = reverse("outcomes:export_download") + f"?export={export.pk}"
    assert manager.get(download).status_code == 302  # not approved yet: nothing leaves
    officer = client_for(world.privacy_officer)
    assert officer.get(download).status_code == 403
    officer.post(reverse("outcomes:exports"), {"action": "decide", "export": export.pk,
                                               "decision": "approved", "note": "DPIA ok"})
    export.refresh_from_db()
    assert export.status == ExportStatus.APPROVED and export.decided_by == world.privacy_officer
    response = client_for(world.team_manager).get(download)
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert set(archive.namelist()) == {"data.parquet", "data.csv", "codebook.json",
                                       "codebook.md"}
    book = json.loads(archive.read("codebook.json"))
    assert book["k_anonymity"]["k_anonymous"] and book["k_anonymity"]["k"] == 5
    text = archive.read("data.csv").decode()
    header = text.splitlines()[0].split(",")
    assert header == ["pseudonym", "instrument", "informant", "age_band", "gender",
                      "family_role", "start_month", "months_to_end", "score_t0", "score_end"]
    for mother in cohort:
        for value in (mother.first_name, mother.last_name, mother.family.reference,
                      mother.family.name, str(mother.date_of_birth)):
            assert value not in text
        for response_ in mother.screening_responses.all():
            assert response_.administered_on.isoformat() not in text
    assert len(text.splitlines()) == 1 + len(cohort)  # all eight mothers: one class of 8
    assert AccessEvent.objects.filter(action=Action.EXPORT, record_id=str(export.pk),
                                      subject_count=len(cohort)).exists()


def test_nobody_approves_an_export_without_the_role(world, client_for):
    manager = client_for(world.team_manager)
    manager.post(reverse("outcomes:exports"), {
        "project": "p", "purpose": "A purpose that is long enough to be recorded."})
    export = ResearchExport.objects.get()
    manager.post(reverse("outcomes:exports"), {"action": "decide", "export": export.pk,
                                               "decision": "approved"})
    export.refresh_from_db()
    assert export.status == ExportStatus.REQUESTED
    assert client_for(world.family_worker).get(reverse("outcomes:exports")).status_code == 403
