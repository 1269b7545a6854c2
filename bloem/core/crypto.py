"""Encryption at rest for protected fields: AES-256-GCM with a key id, keys from the
environment, so that the database alone does not reveal where a client lives.

BLOEM_FIELD_KEYS holds one or more keys as `id:base64key`, comma-separated; the first is the
current key, the others can still decrypt (key rotation: add a new key in front, run
`bloem rotate_keys`, then drop the old one). Each value is bound to its table and column
(associated data), so a ciphertext copied to another field does not decrypt.

Stored form: `enc1:<key id>:<base64(nonce || ciphertext+tag)>`.
"""

import base64
import binascii
import os
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "enc1"
NONCE_BYTES = 12


class DecryptionError(Exception):
    """A stored value could not be decrypted with any configured key."""


@cache
def _keyring(spec: str) -> tuple[str, dict[str, AESGCM]]:
    keys: dict[str, AESGCM] = {}
    current = ""
    for item in filter(None, (part.strip() for part in spec.split(","))):
        key_id, _, encoded = item.partition(":")
        try:
            raw = base64.b64decode(encoded, validate=True)
        except binascii.Error as error:
            raise ImproperlyConfigured(f"BLOEM_FIELD_KEYS: key {key_id!r} is not base64") from error
        if not key_id or len(raw) != 32:
            raise ImproperlyConfigured(
                f"BLOEM_FIELD_KEYS: key {key_id!r} must be 32 bytes (AES-256), base64-encoded"
            )
        keys[key_id] = AESGCM(raw)
        current = current or key_id
    if not keys:
        raise ImproperlyConfigured("BLOEM_FIELD_KEYS holds no key")
    return current, keys


def keyring() -> tuple[str, dict[str, AESGCM]]:
    return _keyring(settings.FIELD_KEYS)


def current_key_id() -> str:
    return keyring()[0]


def encrypt(plaintext: str, *, context: str) -> str:
    key_id, keys = keyring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = keys[key_id].encrypt(nonce, plaintext.encode(), context.encode())
    return f"{PREFIX}:{key_id}:{base64.b64encode(nonce + sealed).decode()}"


def is_encrypted(value: str) -> bool:
    return value.startswith(PREFIX + ":")


def key_id_of(value: str) -> str:
    return value.split(":", 2)[1]


def decrypt(stored: str, *, context: str) -> str:
    try:
        _, key_id, payload = stored.split(":", 2)
        raw = base64.b64decode(payload)
        key = keyring()[1][key_id]
        return key.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode()).decode()
    except (ValueError, KeyError, InvalidTag, binascii.Error) as error:
        raise DecryptionError("a protected value could not be decrypted") from error


def generate_key() -> str:
    return base64.b64encode(AESGCM.generate_key(bit_length=256)).decode()
