"""The right-of-access export as PDF (WeasyPrint)."""

from django.urls import reverse

from bloem.accounts.tests.helpers import fresh_login
from bloem.families.models import FamilyRole

from .helpers import fill_file, look_at


def test_the_pdf_export_is_a_pdf_attachment(world, client):
    fill_file(world.own_family, world.family_worker)
    look_at(world.own_family, world.family_worker)
    mother = world.own_family.members.get(family_role=FamilyRole.PARENT)
    response = fresh_login(client, world.privacy_officer).get(
        reverse("privacy:export_pdf", args=[mother.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="inzage-{world.own_family.reference}-{mother.pk}.pdf"')
    assert response["Cache-Control"] == "no-store"
    assert response.content.startswith(b"%PDF")
    assert len(response.content) > 2000
