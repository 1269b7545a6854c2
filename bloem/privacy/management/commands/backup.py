"""`bloem backup --output FILE` writes an encrypted, verifiable backup of the whole database;
`bloem backup --verify FILE` checks one without restoring it. See bloem/privacy/backup.py."""

import os
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _
from tqdm import tqdm

from bloem.audit.models import Action
from bloem.families.models import Person
from bloem.privacy import backup, services


class Command(BaseCommand):
    help = "Write an encrypted backup of the database (--output), or verify one (--verify)."

    def add_arguments(self, parser) -> None:
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument("--output", metavar="FILE", help="Write a new backup to FILE.")
        what.add_argument("--verify", metavar="FILE",
                          help="Check FILE: it decrypts, is authentic and complete, and every "
                               "table matches its checksum. Nothing is restored.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS,
                            help="The database to back up (default: default).")

    def handle(self, *args, output: str | None, verify: str | None, database: str,
               verbosity: int, **options) -> None:
        if database not in connections:
            raise CommandError(_("Unknown database %(alias)r.") % {"alias": database})
        progress = verbosity > 0 and sys.stderr.isatty()
        try:
            if verify:
                summary = backup.verify_backup(verify)
            else:
                summary = self._backup(output, database, progress)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        if verbosity > 1:
            for table in summary.tables:
                self.stdout.write(f"  {table.table:<40} {table.rows:>10,}  {table.sha256[:16]}")
        if verify:
            self.stdout.write(self.style.SUCCESS(_(
                "The backup is intact: made %(created)s on %(vendor)s, %(tables)d tables, "
                "%(rows)d rows, every checksum correct (%(seconds).1f s)."
            ) % {"created": summary.created_at, "vendor": summary.vendor,
                 "tables": len(summary.tables), "rows": summary.rows,
                 "seconds": summary.seconds}))
        else:
            self.stdout.write(self.style.SUCCESS(_(
                "Backup written to %(path)s: %(tables)d tables, %(rows)d rows, %(size)d bytes "
                "(%(seconds).1f s). Keep BLOEM_BACKUP_KEY apart from it: without the key it "
                "cannot be restored, and BLOEM_FIELD_KEYS is needed for the protected fields."
            ) % {"path": output, "tables": len(summary.tables), "rows": summary.rows,
                 "size": summary.size, "seconds": summary.seconds}))

    def _backup(self, output: str, database: str, progress: bool) -> backup.Summary:
        backup.backup_key()  # fail on a missing key before anything is written
        # The export of every file is logged first, so that the backup holds its own event.
        backup.record_command_event(
            using=database, action=Action.EXPORT,
            subject_count=Person.objects.using(database).count(),
            reason=f"encrypted database backup to {os.path.basename(output)}, run by "
                   f"{services.command_operator()}",
        )
        return backup.write_backup(
            output, using=database,
            progress=(lambda items: tqdm(items, unit="table")) if progress else None,
        )
