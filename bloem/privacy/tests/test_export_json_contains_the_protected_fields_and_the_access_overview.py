"""The right-of-access export (AVG art. 15) as JSON: the person's complete file, protected
fields included (it is for the person themself), and who looked at it."""

import json

from django.urls import reverse

from bloem.accounts.tests.helpers import fresh_login
from bloem.families.models import FamilyRole

from .helpers import fill_file, look_at


def _export(client, person) -> dict:
    response = client.get(reverse("privacy:export_json", args=[person.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert person.first_name not in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    return json.loads(response.content)


def test_the_json_holds_the_protected_fields_and_the_whole_file(world, client):
    family = world.own_family
    fill_file(family, world.family_worker, notes=4)
    mother = family.members.get(family_role=FamilyRole.PARENT)
    data = _export(fresh_login(client, world.privacy_officer), mother)

    assert data["person"]["address"] == "Geheime Gracht 1, Amsterdam"
    assert data["person"]["phone"] == "0612345678"
    assert data["person"]["new_address"] == "Nieuwe Weg 9"
    assert data["family"]["reference"] == family.reference
    assert {r["child"] for r in data["relations"]} == {"Kind0 Jansen", "Kind1 Jansen"}
    [stay] = data["stays"]
    assert stay["location"] == "Oranje Huis A"
    assert [d["phase"] for d in stay["phase_history"]] == ["direct_safety"]
    assert [a["level"] for a in stay["safety_history"]] == ["orange"]
    # Notes about the family as a whole (not those about one child only).
    assert len(data["journal"]) == 2
    assert "Geheime Gracht" in data["journal"][0]["text"]
    assert {w["role"] for w in data["workers"]} >= {"family_worker"}


def test_the_json_holds_the_childs_forms_of_help_and_notes(world, client):
    fill_file(world.own_family, world.family_worker, notes=4)
    child = world.own_family.members.filter(family_role=FamilyRole.CHILD).first()
    data = _export(fresh_login(client, world.privacy_officer), child)
    assert [h["goal"] for h in data["help_forms"]] == ["Rust en veiligheid."]
    assert len(data["journal"]) == 4  # two about the family, two about the child


def test_the_json_holds_the_access_overview(world, client):
    look_at(world.own_family, world.family_worker)
    mother = world.own_family.members.get(family_role=FamilyRole.PARENT)
    data = _export(fresh_login(client, world.privacy_officer), mother)
    overview = data["access_overview"]
    assert [(e["worker"], e["action"], e["record"]) for e in overview][:1] == [
        ("alice", "view", "gezin")]
