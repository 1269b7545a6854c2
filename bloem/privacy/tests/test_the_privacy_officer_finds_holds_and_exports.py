"""The privacy officer reaches the legal holds from the main navigation and the
right-of-access export from a person's access overview; other workers see neither."""

from django.urls import reverse


def test_the_privacy_officer_sees_the_links(world, client):
    person = world.own_family.members.first()
    client.force_login(world.privacy_officer)
    page = client.get(reverse("audit:person_report", args=[person.pk])).content.decode()
    assert reverse("privacy:legal_holds") in page
    assert reverse("privacy:export_pdf", args=[person.pk]) in page
    assert reverse("privacy:export_json", args=[person.pk]) in page


def test_a_family_worker_sees_no_privacy_links(world, client):
    client.force_login(world.family_worker)
    page = client.get(reverse("families:list")).content.decode()
    assert reverse("privacy:legal_holds") not in page
