"""Re-encrypt every protected value with the current key (the first in BLOEM_FIELD_KEYS):
the encrypted fields of every model, and the workers' second-factor secrets (it lives in
accounts because it needs both)."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import F, TextField
from django.db.models.functions import Cast

from bloem.accounts import mfa
from bloem.core import crypto
from bloem.core.fields import EncryptedTextField

BATCH = 1000


def encrypted_fields():
    for model in apps.get_models():
        fields = [f.name for f in model._meta.concrete_fields
                  if isinstance(f, EncryptedTextField)]
        if fields:
            yield model, fields


class Command(BaseCommand):
    help = "Re-encrypt protected fields with the current key (key rotation)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="Only count the values that still use an older key.")

    def handle(self, *args, dry_run: bool, **options):
        current = crypto.current_key_id()
        total = 0
        for model, fields in encrypted_fields():
            stale = self._rotate(model, fields, current, dry_run)
            total += stale
            self.stdout.write(f"{model._meta.label}: {stale} row(s) with an older key")
        factors = mfa.rotate_authenticator_keys(dry_run=dry_run)
        total += factors
        self.stdout.write(f"second factors: {factors} secret(s) with an older key")
        verb = "would be re-encrypted" if dry_run else "re-encrypted"
        self.stdout.write(self.style.SUCCESS(f"{total} row(s) {verb} with key {current!r}."))

    def _rotate(self, model, fields, current: str, dry_run: bool) -> int:
        # Cast to a plain text field: the raw stored value, not the decrypted one.
        raw = {f"raw_{name}": Cast(F(name), output_field=TextField()) for name in fields}
        rows = model._base_manager.annotate(**raw).only("pk", *fields).order_by("pk")
        stale_count = 0
        last_pk = 0
        while True:
            batch = list(rows.filter(pk__gt=last_pk)[:BATCH])
            if not batch:
                return stale_count
            last_pk = batch[-1].pk
            stale = [
                obj for obj in batch
                if any(self._is_stale(getattr(obj, f"raw_{name}"), current) for name in fields)
            ]
            stale_count += len(stale)
            if stale and not dry_run:
                with transaction.atomic():
                    model._base_manager.bulk_update(stale, fields)

    @staticmethod
    def _is_stale(value: str | None, current: str) -> bool:
        return bool(value) and crypto.is_encrypted(value) and crypto.key_id_of(value) != current
