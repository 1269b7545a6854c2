"""bloem import_practitioners FILE --organisation NAME: an organisation's practitioner list
from CSV (bloem/network/importer.py describes the columns), all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bloem.network.importer import import_practitioners
from bloem.network.models import NetworkOrganisation


class Command(BaseCommand):
    help = "Import an organisation's trauma practitioners from CSV, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--organisation", required=True,
                            help="the name of the network organisation")

    def handle(self, *args, file: Path, organisation: str, **options):
        try:
            org = NetworkOrganisation.objects.get(name=organisation)
        except NetworkOrganisation.DoesNotExist:
            raise CommandError(f"unknown network organisation: {organisation}") from None
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read {file}: {error}") from None
        report = import_practitioners(organisation=org, text=text)
        if not report.ok:
            for error in report.errors:
                self.stderr.write(error)
            raise CommandError(f"nothing imported: {len(report.errors)} problem(s)")
        self.stdout.write(f"{report.created} added, {report.updated} updated")
