"""Protected fields are encrypted in the database, bound to their column, and survive a
key rotation."""

import pytest
from django.core.management import call_command
from django.db import connection

from bloem.core import crypto
from bloem.families.models import FamilyRole, Person

OLD = "old:" + crypto.generate_key()
NEW = "new:" + crypto.generate_key()


def _raw(column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM families_person WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


@pytest.fixture
def mother(world):
    return world.own_family.members.get(family_role=FamilyRole.PARENT)


def test_the_database_alone_does_not_reveal_the_address(mother):
    raw = _raw("address", mother.pk)
    assert "Geheime Gracht" not in raw and raw.startswith("enc1:")
    assert Person.objects.get(pk=mother.pk).address == "Geheime Gracht 1, Amsterdam"


def test_a_ciphertext_moved_to_another_column_does_not_decrypt(mother):
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(_raw("address", mother.pk), context="families_person.phone")


def test_empty_values_stay_empty(world):
    network = Person.objects.create(family=world.own_family, family_role=FamilyRole.NETWORK,
                                    first_name="Oma", last_name="Jansen")
    assert _raw("address", network.pk) == ""


def test_key_rotation_re_encrypts_with_the_new_key(settings, mother):
    dev = settings.FIELD_KEYS
    settings.FIELD_KEYS = f"{OLD},{dev}"
    mother.phone = "0687654321"
    mother.save()
    assert crypto.key_id_of(_raw("phone", mother.pk)) == "old"

    settings.FIELD_KEYS = f"{NEW},{OLD},{dev}"
    call_command("rotate_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert crypto.key_id_of(_raw("phone", mother.pk)) == "new"

    settings.FIELD_KEYS = NEW  # the old key is gone; the data is still readable
    assert Person.objects.get(pk=mother.pk).phone == "0687654321"


def test_a_malformed_key_is_refused(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.FIELD_KEYS = "k1:not-base64!"
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt("x", context="t.c")
