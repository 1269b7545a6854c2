"""`bloem import_handover FILE --location ID --worker USERNAME`: import a warm handover
(a FHIR Bundle made by another Bloem installation) as a new family. All or nothing: a
refused Bundle exits non-zero with the report and saves nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from bloem.access.policy import has_role_permission
from bloem.accounts.models import Location, Worker
from bloem.interop.importer import import_bundle


class Command(BaseCommand):
    help = "Import a warm handover (FHIR Bundle, JSON) as a new family at a location."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="The Bundle as JSON.")
        parser.add_argument("--location", type=int, required=True,
                            help="The id of the location where the family will stay.")
        parser.add_argument("--worker", required=True,
                            help="The username of the family worker who takes the family on.")
        parser.add_argument("--dry-run", action="store_true",
                            help="Check and report only; save nothing.")

    def handle(self, *args, file: str, location: int, worker: str, dry_run: bool,
               **options) -> None:
        try:
            text = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(_("Cannot read %(file)s: %(error)s")
                               % {"file": file, "error": error}) from None
        place = Location.objects.filter(pk=location).first()
        if place is None:
            raise CommandError(_("No location with id %(id)s.") % {"id": location})
        person = Worker.objects.filter(username=worker, is_active=True).first()
        if person is None:
            raise CommandError(_("No active worker %(username)s.") % {"username": worker})
        if not has_role_permission(person, "family.create"):
            raise CommandError(_("%(username)s may not open family files.")
                               % {"username": worker})
        report = import_bundle(text, location=place, worker=person, dry_run=dry_run)
        if not report.ok:
            raise CommandError(report.as_text())
        self.stdout.write(report.as_text())
        if report.family_id:
            self.stdout.write(self.style.SUCCESS(_("Imported as family %(id)s.")
                                                 % {"id": report.family_id}))
