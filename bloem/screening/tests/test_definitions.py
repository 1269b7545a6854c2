"""Definitions are data: the schema (and the rules beside it) refuse a malformed file with
a message that names the file, the JSON path and the problem; `bloem check` fails on it;
docs/instruments.md is generated from the definitions."""

import copy
import json

import pytest
from django.core.management import call_command

from bloem.screening import checks, docs, engine

from .test_scoring import SYNTHETIC


def broken(change) -> dict:
    data = copy.deepcopy(SYNTHETIC)
    change(data)
    return data


def _set(path: str, value):
    def change(data):
        *parents, last = path.split(".")
        target = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if value is KeyError:
            del target[last]
        elif isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value
    return change


BAD = [
    ("missing code", _set("code", KeyError), "$", "'code' is a required property"),
    ("code with capitals", _set("code", "PHQ9"), "$.code", "does not match"),
    ("unknown informant", _set("informants", ["teacher"]), "$.informants[0]",
     "'teacher' is not one of"),
    ("age as text", _set("age.min", "seven"), "$.age.min", "'seven' is not of type 'integer'"),
    ("unknown top-level key", _set("colour", "red"), "$",
     "Additional properties are not allowed ('colour' was unexpected)"),
    ("option without value", _set("response_scales.likert.0", {"label": {"en": "x"}}),
     "$.response_scales.likert[0]", "'value' is a required property"),
    ("text in an unknown language", _set("items.0.text", {"fr": "Bonjour"}), "$.items[0].text",
     "'fr' does not match any of the regexes"),
    ("unknown scoring method", _set("scoring.total.method", "median"),
     "$.scoring.total.method", "'median' is not one of"),
    ("count without its rule", _set("scoring.total", {"method": "count"}), "$.scoring.total",
     "'count' is a required property"),
    ("negative prorating limit", _set("scoring.missing.prorate_max", -1),
     "$.scoring.missing.prorate_max", "-1 is less than the minimum of 0"),
    ("duplicate item id", _set("items.1.id", "1"), "$.items[1].id", "item id '1' is used twice"),
    ("unknown response scale", _set("items.0.scale", "nope"), "$.items[0].scale",
     "unknown response scale 'nope'"),
    ("subscale on an unknown item", _set("scoring.subscales.0.items", ["1", "99"]),
     "$.scoring.subscales[0].items", "unknown item '99'"),
    ("flag on an unknown item", _set("scoring.item_flags",
                                     [{"flag": "x", "item": "42", "at_least": 1,
                                       "label": {"en": "x"}}]),
     "$.scoring.item_flags[0].item", "unknown item '42'"),
    ("age range upside down", _set("age", {"min": 10, "max": 5}), "$.age.max",
     "the highest age lies below the lowest"),
    ("bands with a gap", _set("scoring.bands", [
        {"band": "low", "min": 5, "max": 10, "label": {"en": "Low"}},
        {"band": "high", "min": 12, "max": 20, "label": {"en": "High"}}]),
     "$.scoring.bands[1].min", "expected the band to start at 11"),
    ("bands not reaching the highest total", _set("scoring.bands", [
        {"band": "low", "min": 5, "max": 19, "label": {"en": "Low"}}]),
     "$.scoring.bands[0].max", "expected the last band to end at the highest total 20"),
    ("bands starting too high", _set("scoring.bands", [
        {"band": "all", "min": 0, "max": 20, "label": {"en": "All"}}]),
     "$.scoring.bands[0].min", "expected the band to start at 5"),
]


@pytest.mark.parametrize(("what", "change", "path", "message"), BAD, ids=[b[0] for b in BAD])
def test_malformed_definitions_are_rejected_with_a_readable_message(what, change, path,
                                                                    message):
    errors = engine.validate(broken(change), "synthetic.json")
    assert errors, what
    first = errors[0]
    assert first.file == "synthetic.json"
    assert first.path == path
    assert message in first.message
    assert str(first).startswith(f"synthetic.json: {path}: ")


def test_every_shipped_definition_is_valid():
    assert engine.definition_errors() == []
    assert {"early-life-stress", "cries-13", "cries-8", "cats-7-17", "cats-caregiver-3-6",
            "cats-caregiver-7-17", "pcl-5", "phq-9", "gad-7", "ace"} <= set(engine.registry())


def test_every_shipped_definition_cites_what_was_verified():
    for instrument in engine.registry().values():
        assert instrument.data["source"] and instrument.data["verification"], instrument.code


def test_an_invalid_file_fails_the_system_check_with_file_path_and_message(tmp_path, settings):
    bad = broken(_set("scoring.total.method", "median"))
    (tmp_path / "synthetic.json").write_text(json.dumps(bad), encoding="utf-8")
    settings.BLOEM_INSTRUMENT_DIRS = [str(tmp_path)]
    errors = checks.instrument_definitions()
    assert len(errors) == 1
    assert errors[0].id == "screening.E001"
    assert "synthetic.json" in errors[0].msg and "$.scoring.total.method" in errors[0].msg
    assert "'median' is not one of" in errors[0].msg


def test_a_file_that_is_not_json_is_reported(tmp_path):
    (tmp_path / "broken.json").write_text("{\"code\": ", encoding="utf-8")
    [error] = engine.definition_errors([tmp_path])
    assert error.file == "broken.json" and "not valid JSON" in error.message


def test_a_file_must_be_named_after_its_code(tmp_path):
    (tmp_path / "other.json").write_text(json.dumps(SYNTHETIC), encoding="utf-8")
    [error] = engine.definition_errors([tmp_path])
    assert error.path == "$.code" and "synthetic.json" in error.message


def test_an_organisation_adds_an_instrument_by_adding_a_file(tmp_path):
    (tmp_path / "synthetic.json").write_text(json.dumps(SYNTHETIC), encoding="utf-8")
    loaded = engine.load_all([engine.INSTRUMENT_DIR, tmp_path])
    assert "synthetic" in loaded and "phq-9" in loaded


def test_docs_instruments_md_is_up_to_date():
    assert docs.DOC_PATH.read_text(encoding="utf-8") == docs.render(), (
        "docs/instruments.md is out of date: run `bloem instruments_doc`")


def test_the_docs_command_checks_and_writes(tmp_path, monkeypatch):
    target = tmp_path / "instruments.md"
    monkeypatch.setattr(docs, "DOC_PATH", target)
    with pytest.raises(SystemExit):
        call_command("instruments_doc", "--check")
    call_command("instruments_doc")
    call_command("instruments_doc", "--check")
    assert "## PHQ-9 (depression) (`phq-9`)" in target.read_text(encoding="utf-8")
