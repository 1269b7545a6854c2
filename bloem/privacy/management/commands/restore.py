"""`bloem restore FILE`: bring a backup back into an empty, freshly migrated database. See
bloem/privacy/backup.py."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _
from tqdm import tqdm

from bloem.privacy import backup, services


class Command(BaseCommand):
    help = "Restore a backup into an empty, freshly migrated database (all or nothing)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", metavar="FILE", help="The backup written by `bloem backup`.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS,
                            help="The database to restore into (default: default).")

    def handle(self, *args, file: str, database: str, verbosity: int, **options) -> None:
        if database not in connections:
            raise CommandError(_("Unknown database %(alias)r.") % {"alias": database})
        progress = verbosity > 0 and sys.stderr.isatty()
        try:
            summary = backup.restore_backup(
                file, using=database, operator=services.command_operator(),
                progress=(lambda items: tqdm(items, unit="part")) if progress else None,
            )
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(_(
            "Restored the backup of %(created)s: %(tables)d tables, %(rows)d rows, every table "
            "equal to the backup's checksum (%(seconds).1f s)."
        ) % {"created": summary.created_at, "tables": len(summary.tables),
             "rows": summary.rows, "seconds": summary.seconds}))
