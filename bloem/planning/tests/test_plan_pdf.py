"""The family action plan prints to a PDF in Dutch or English with the plan's contents:
goals per family member, the child work plans and the agreed version."""

import pytest
from django.urls import reverse
from django.utils import timezone

from bloem.families.models import FamilyRole
from bloem.planning import services, team_views
from bloem.planning.tests.helpers import add_team_work

pytestmark = pytest.mark.django_db


def _laid_out_text(html: str) -> str:
    """The text WeasyPrint lays out on the pages of the document."""
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    def texts(box):
        if isinstance(box, boxes.TextBox):
            yield box.text
        for child in getattr(box, "children", None) or []:
            yield from texts(child)

    document = HTML(string=html).render()
    return " ".join(t for page in document.pages for t in texts(page._page_box))


@pytest.fixture
def printed(monkeypatch):
    documents = []
    real = team_views.html_to_pdf

    def capture(html):
        documents.append(html)
        return real(html)

    monkeypatch.setattr(team_views, "html_to_pdf", capture)
    return documents


@pytest.mark.parametrize(("language", "heading", "agreed"), [
    ("nl", "Gezinsactieplan van gezin Jansen", "ging akkoord"),
    ("en", "Family action plan of family Jansen", "agreed on"),
])
def test_the_plan_prints_with_its_contents(world, client_for, printed, language, heading,
                                           agreed, rf):
    family = world.own_family
    add_team_work(family, world.family_worker)
    child = family.members.filter(family_role=FamilyRole.CHILD).order_by("pk").first()
    mother = family.members.get(family_role=FamilyRole.PARENT)
    plan = family.action_plan
    plan.child_plans.filter(child=child).update(observations="Bouwt graag hutten.")
    request = rf.post("/")
    request.user = world.family_worker
    services.plan_agree(request=request, family=family, parent=mother, agrees=True,
                        agreed_on=timezone.localdate())
    client = client_for(world.family_worker)
    url = reverse("planning:plan_pdf", args=[family.pk])
    response = client.get(url + ("?taal=en" if language == "en" else ""))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == (
        f'attachment; filename="gezinsactieplan-{family.reference}.pdf"')
    text = _laid_out_text(printed[-1])
    assert heading in text
    assert "Rust en ritme." in text  # the child's goal
    assert "Bouwt graag hutten." in text  # the child work plan
    assert agreed in text and "Sanne" in text  # version 1, agreed by the mother
    assert plan.goals.get().review_on.strftime("%d-%m-%Y") in text
