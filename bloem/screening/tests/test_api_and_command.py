"""POST /api/v1/instruments/{code}/score, GET /api/v1/instruments/ and `bloem score`."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from bloem.audit.models import AccessEvent


@pytest.fixture
def api(world, client_for):
    return client_for(world.family_worker)


def _score(api, code, body):
    return api.post(reverse("api_v1:instrument-score", kwargs={"code": code}),
                    data=json.dumps(body), content_type="application/json")


def test_the_score_endpoint_answers_the_scored_result(api):
    body = {"answers": {str(i): 3 for i in range(1, 10)}, "age": 35, "informant": "self"}
    response = _score(api, "phq-9", body)
    assert response.status_code == 200
    assert response.json() == {"instrument": "phq-9", "version": "1.0", "total": 27,
                               "subscales": {}, "band": "severe",
                               "flags": ["suicidal-thoughts"], "complete": True}
    assert not AccessEvent.objects.exists()  # no client data: no audit entry


def test_the_path_is_exactly_as_documented(api):
    response = api.post("/api/v1/instruments/gad-7/score", data='{"answers": {}}',
                        content_type="application/json")
    assert response.status_code == 200 and response.json()["complete"] is False


def test_invalid_input_answers_400_naming_each_bad_item(api):
    response = _score(api, "cries-8", {"answers": {"1": 2, "2": 5, "9": 1}, "age": 7,
                                       "informant": "caregiver"})
    assert response.status_code == 400
    errors = response.json()
    assert set(errors["answers"]) == {"1", "9"}
    assert set(errors) == {"answers", "age", "informant"}


@pytest.mark.parametrize("body", [{}, {"answers": [1, 2]}, {"answers": {}, "age": -1},
                                  {"answers": {}, "informant": "teacher"}, "nonsense"])
def test_malformed_bodies_answer_400(api, body):
    assert _score(api, "phq-9", body).status_code == 400


def test_an_unknown_instrument_answers_404(api):
    assert _score(api, "sdq", {"answers": {}}).status_code == 404


def test_the_list_names_codes_versions_and_age_ranges(api):
    listed = {row["code"]: row for row in api.get(reverse("api_v1:instrument-list")).json()}
    assert listed["cats-caregiver-3-6"] | {} == listed["cats-caregiver-3-6"]
    assert (listed["cats-caregiver-3-6"]["age_min"], listed["cats-caregiver-3-6"]["age_max"],
            listed["cats-caregiver-3-6"]["version"]) == (3, 6, "1.0")
    assert listed["phq-9"]["age_max"] is None
    assert {"early-life-stress", "cries-13", "cries-8", "cats-7-17", "cats-caregiver-3-6",
            "cats-caregiver-7-17", "pcl-5", "phq-9", "gad-7", "ace"} <= set(listed)


def test_anonymous_callers_are_refused(client, db):
    response = client.post("/api/v1/instruments/phq-9/score", data='{"answers": {}}',
                           content_type="application/json")
    assert response.status_code in (401, 403)


def test_the_command_prints_the_same_json(capsys, db):
    call_command("score", "gad-7", "--answers", json.dumps({str(i): 2 for i in range(1, 8)}),
                 "--age", "30", "--informant", "self")
    assert json.loads(capsys.readouterr().out) == {
        "instrument": "gad-7", "version": "1.0", "total": 14, "subscales": {},
        "band": "moderate", "flags": ["further-evaluation"], "complete": True}


@pytest.mark.parametrize("args", [["phq-9", "--answers", '{"1": 9}'],
                                  ["phq-9", "--answers", "not json"],
                                  ["phq-9", "--answers", "{}", "--age", "12"],
                                  ["nope", "--answers", "{}"]])
def test_the_command_exits_non_zero_on_invalid_input(args, db):
    with pytest.raises(SystemExit) as stopped:
        call_command("score", *args)
    assert stopped.value.code != 0
