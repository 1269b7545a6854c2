"""The network pages: who may search, keep and refer; the municipality stays out of URLs
and away from an ex-partner-only worker; pages cost the same queries at any size."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from bloem.accounts.models import Municipality
from bloem.audit.models import AccessEvent, Action
from bloem.families.models import FamilyRole
from bloem.network.models import NetworkReferral, Practitioner

from .factories import AMSTELVEEN, AMSTERDAM, GRONINGEN, UTRECHT, organisation, practitioner


def mother(world):
    return world.own_family.members.get(family_role=FamilyRole.PARENT)


def child(world):
    return world.own_family.members.filter(family_role=FamilyRole.CHILD).first()


@pytest.fixture
def directory(world):
    shelter = organisation("Blijf Groep", world.shelter)
    practitioner("Anna Amsterdam", org=shelter, waiting_weeks=3)
    practitioner("Bram Groningen", base=GRONINGEN)
    practitioner("Cor Utrecht", base=UTRECHT, methods=("tf_cbt",))
    practitioner("Dewi Amstelveen", base=AMSTELVEEN, population="adults")
    return shelter


def test_the_directory_finds_by_method_and_puts_the_nearest_first(world, client_for, directory):
    client = client_for(world.family_worker)
    response = client.post(reverse("network:directory"), {
        "method": "emdr", "municipality": Municipality.objects.get(code=UTRECHT).pk})
    body = response.content.decode()
    assert "Cor Utrecht" not in body
    assert body.index("Dewi Amstelveen") < body.index("Anna Amsterdam") < body.index(
        "Bram Groningen")
    assert response.wsgi_request.GET == {}


def test_the_privacy_and_finance_officers_do_not_get_the_directory(world, client_for):
    for worker in (world.privacy_officer, world.finance_officer):
        assert client_for(worker).get(reverse("network:directory")).status_code == 403


@pytest.mark.parametrize("route", ["network:directory", "network:overview"])
def test_network_pages_cost_the_same_queries_at_any_size(
        world, client_for, directory, route, django_assert_max_num_queries):
    client = client_for(world.family_worker)
    data = {"municipality": AMSTERDAM} if route == "network:directory" else None
    send = client.post if data else client.get
    with django_assert_max_num_queries(40) as few:
        assert send(reverse(route), data).status_code == 200
    for number in range(40):
        supervisor = Practitioner.objects.get(name="Anna Amsterdam")
        practitioner(f"Extra {number}", base=(AMSTERDAM, GRONINGEN)[number % 2],
                     supervisor=supervisor if number % 3 == 0 else None)
    # One more at most: the COUNT, which a list that fits on its first page does without
    # (bloem/core/paging.py).
    with django_assert_max_num_queries(len(few.captured_queries) + 1):
        assert send(reverse(route), data).status_code == 200


def test_a_team_manager_keeps_only_the_own_organisations_practitioners(
        world, client_for, directory):
    client = client_for(world.team_manager)
    own = Practitioner.objects.get(name="Anna Amsterdam")
    external = Practitioner.objects.get(name="Bram Groningen")
    assert client.get(reverse("network:practitioner", args=[own.pk])).status_code == 200
    assert client.get(reverse("network:practitioner", args=[external.pk])).status_code == 404
    response = client.post(reverse("network:practitioner", args=[own.pk]), {
        "details-organisation": directory.pk, "details-name": "Anna Amsterdam",
        "details-population": "both", "details-base": AMSTERDAM, "details-open_places": 0,
        "details-waiting_weeks": 7})
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.population, own.open_places, own.waiting_weeks) == ("both", 0, 7)
    assert client_for(world.administrator).get(
        reverse("network:practitioner", args=[external.pk])).status_code == 200


def test_training_ends_in_certification_and_supervised_cases_name_no_client(
        world, client_for, directory):
    trainee = practitioner("Eva in opleiding", org=directory, methods=())
    supervisor = Practitioner.objects.get(name="Anna Amsterdam")
    client = client_for(world.team_manager)
    url = reverse("network:practitioner", args=[trainee.pk])
    assert client.post(url, {"method-method": "emdr", "method-status": "in_training",
                             "method-supervisor": supervisor.pk}).status_code == 302
    method = trainee.methods.get()
    assert client.post(url, {"case-method": method.pk,
                             "case-treated_on": "2026-01-05"}).status_code == 302
    assert method.supervised_cases.get().supervisor == supervisor
    response = client.post(url, {"method-method": "emdr", "method-status": "certified"})
    assert response.context["method_form"].errors["certified_on"]
    assert client.post(url, {"method-method": "emdr", "method-status": "certified",
                             "method-certified_on": "2026-06-01"}).status_code == 302
    method.refresh_from_db()
    assert method.status == "certified"


def test_matching_for_a_child_and_choosing_records_the_referral_once_audited(
        world, client_for, directory):
    client = client_for(world.family_worker)
    kid = child(world)
    url = reverse("network:match", args=[kid.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"method": "emdr", "municipality": AMSTERDAM})
    body = response.content.decode()
    assert "Anna Amsterdam" in body and "Bram Groningen" not in body
    anna = Practitioner.objects.get(name="Anna Amsterdam")
    before = AccessEvent.objects.count()
    response = client.post(url, {"method": "emdr", "municipality": AMSTERDAM,
                                 "practitioner": anna.pk})
    assert response.status_code == 302
    referral = NetworkReferral.objects.get()
    assert (referral.person, referral.municipality_code) == (kid, AMSTERDAM)
    assert referral.reasons.splitlines()[0].endswith("EMDR")
    events = AccessEvent.objects.order_by("pk")[before:]
    assert [(e.action, e.record_type) for e in events] == [
        (Action.CREATE, "network.networkreferral")]
    page = client.get(reverse("families:person", args=[kid.pk])).content.decode()
    assert "Anna Amsterdam" in page and "EMDR, Amsterdam" in page


def test_a_practitioner_not_proposed_cannot_be_chosen(world, client_for, directory):
    client = client_for(world.family_worker)
    far = Practitioner.objects.get(name="Bram Groningen")
    response = client.post(reverse("network:match", args=[child(world).pk]), {
        "method": "emdr", "municipality": AMSTERDAM, "practitioner": far.pk})
    assert response.status_code == 200
    assert not NetworkReferral.objects.exists()


def test_the_ex_partner_worker_neither_refers_nor_sees_the_municipality(
        world, client_for, directory):
    kid = mother(world)
    NetworkReferral.objects.create(
        family=world.own_family, person=kid, practitioner_name="Anna Amsterdam",
        method="emdr", municipality_code=UTRECHT, reasons="biedt EMDR",
        chosen_by=world.family_worker, chosen_on="2026-10-01")
    client = client_for(world.ex_partner_worker)
    assert client.get(reverse("network:match", args=[kid.pk])).status_code == 403
    page = client.get(reverse("families:person", args=[kid.pk])).content.decode()
    assert "Anna Amsterdam" in page and "Utrecht" not in page


def test_the_import_is_all_or_nothing_with_a_report(world, client_for, tmp_path):
    org = organisation("Praktijk Noord")
    good = ("name,population,base,certified,in_training\n"
            "Fleur,children,GM0014,emdr:2020-01-01,\n"
            "Gert,both,GM0014,,emdr:Fleur\n")
    bad = good + "Hans,dogs,GM9999,emdr:gisteren,\n"
    path = tmp_path / "lijst.csv"
    path.write_text(bad)
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_practitioners", str(path), organisation=org.name)
    assert not Practitioner.objects.exists()
    path.write_text(good)
    call_command("import_practitioners", str(path), organisation=org.name)
    gert = Practitioner.objects.get(name="Gert")
    assert gert.methods.get().supervisor.name == "Fleur"
    client = client_for(world.administrator)
    with path.open("rb") as upload:
        response = client.post(reverse("network:import"), {"organisation": org.pk,
                                                           "file": upload})
    assert response.status_code == 302
    assert Practitioner.objects.count() == 2


def test_the_method_defaults_to_the_running_trauma_treatment(world, client_for, directory):
    from bloem.programmes.models import TraumaEpisode

    kid = child(world)
    TraumaEpisode.objects.create(family=world.own_family, person=kid, method="tf_cbt",
                                 started_on="2026-09-01", recorded_by=world.family_worker)
    page = client_for(world.family_worker).get(reverse("network:match", args=[kid.pk]))
    assert page.context["form"].initial["method"] == "tf_cbt"
    assert page.context["matches"] is None  # no municipality yet: the outflow knows it


def test_the_overview_counts_growth_per_method_year_and_quarter(world, client_for, directory):
    response = client_for(world.family_worker).get(reverse("network:overview"))
    assert response.status_code == 200
    context = response.context
    assert context["practitioners"] == 4
    assert {row["method"]: row["certified"] for row in context["per_method"]} == {
        "emdr": 3, "tf_cbt": 1}
    assert context["per_year"] == [{"year": 2022, "certified": 4, "supervised": 0}]
    assert context["per_quarter"] == [{"year": 2022, "quarter": 2, "count": 4}]


def test_matching_starts_from_the_new_municipality_of_the_outflow(world, client_for, directory):
    from bloem.network.services import default_municipality
    from bloem.outflow.tests.helpers import add_outflow

    kid = child(world)
    assert default_municipality(kid, world.family_worker) is None
    add_outflow(world.own_family, world.family_worker, municipality=AMSTELVEEN)
    assert default_municipality(kid, world.family_worker).code == AMSTELVEEN
    assert default_municipality(kid, world.ex_partner_worker) is None
    page = client_for(world.family_worker).get(reverse("network:match", args=[kid.pk]))
    assert f'<option value="{AMSTELVEEN}" selected>' in page.content.decode()


def test_the_person_page_costs_the_same_queries_with_more_referrals(
        world, client_for, directory, django_assert_max_num_queries):
    kid = child(world)
    client = client_for(world.family_worker)
    url = reverse("families:person", args=[kid.pk])

    def refer(count):
        NetworkReferral.objects.bulk_create(NetworkReferral(
            family=world.own_family, person=kid, practitioner_name=f"Behandelaar {n}",
            method="emdr", municipality_code=(AMSTERDAM, UTRECHT)[n % 2], reasons="biedt EMDR",
            chosen_by=world.family_worker, chosen_on="2026-10-01") for n in range(count))

    refer(1)
    with django_assert_max_num_queries(80) as few:
        assert client.get(url).status_code == 200
    refer(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "Behandelaar 9" in client.get(url).content.decode()
