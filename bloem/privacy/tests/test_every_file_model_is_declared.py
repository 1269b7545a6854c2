"""Retention and purge know every model of a family file: a new model with a foreign key
into a file must be declared in retention.FILE_PARTS (or NOT_FILE_PARTS, with a reason)."""

from django.apps import apps

from bloem.privacy.retention import FILE_PARTS, NOT_FILE_PARTS


def _file_models() -> set[str]:
    found = {"families.family"}
    while True:
        more = {
            model._meta.label_lower
            for model in apps.get_models()
            for field in model._meta.concrete_fields
            if field.is_relation and field.related_model is not None
            and field.related_model._meta.label_lower in found
            and model._meta.label_lower not in NOT_FILE_PARTS
        } - found
        if not more:
            return found - {"families.family"}
        found |= more


def test_every_model_of_a_family_file_is_declared():
    declared = {part.model for part in FILE_PARTS}
    undeclared = _file_models() - declared
    assert not undeclared, (
        f"Declare {sorted(undeclared)} in bloem/privacy/retention.py: FILE_PARTS (what counts "
        "as a change, and the purge order) or NOT_FILE_PARTS (why it is not part of the file)."
    )


def test_every_declaration_names_an_installed_model():
    for label in [part.model for part in FILE_PARTS] + list(NOT_FILE_PARTS):
        assert apps.get_model(label)
