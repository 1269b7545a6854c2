"""My families, searched: by the family's name or a member's name, only among the families
the worker may see (the member search scans those families only, issue 12)."""

from django.urls import reverse

from bloem.families.models import FamilyRole


def _found(client, query: str) -> list[str]:
    response = client.post(reverse("families:list"), {"q": query})
    assert response.status_code == 200
    return [family.name for family in response.context["families"]]


def test_a_member_name_finds_the_family_only_when_visible(world, client_for):
    own_child = world.own_family.members.filter(family_role=FamilyRole.CHILD).first()
    foreign_child = world.foreign_family.members.filter(family_role=FamilyRole.CHILD).first()
    own_child.first_name, foreign_child.first_name = "Zefanja", "Zefanja"
    own_child.save(update_fields=["first_name"])
    foreign_child.save(update_fields=["first_name"])
    client = client_for(world.family_worker)
    assert _found(client, "zefan") == [world.own_family.name]
    assert _found(client, world.own_family.name) == [world.own_family.name]
    assert _found(client, world.foreign_family.name) == []
