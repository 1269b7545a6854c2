"""`bloem retention [--apply] [--before YYYY-MM-DD]`: the files past their retention period.

A dry run by default: the list of files whose retention period has ended (file number,
end of care, retention until, legal hold). With --apply every listed file without an
active legal hold is purged, one transaction per file, each with its DELETE audit event.
See bloem/privacy/retention.py for the legal basis and what "end of care" means."""

import datetime
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from bloem.audit.models import Action, Channel
from bloem.audit.services import record as audit
from bloem.privacy import retention, services


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("--before: %(value)r is not a date; give it as YYYY-MM-DD.") % {"value": value}
        ) from None


class Command(BaseCommand):
    help = "List the files past their retention period (dry run); purge them with --apply."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--apply", action="store_true",
                            help="Purge the listed files that have no active legal hold.")
        parser.add_argument("--before", metavar="YYYY-MM-DD",
                            help="Simulate this date instead of today: the files whose "
                                 "retention period ended before it.")

    def handle(self, *args, apply: bool, before: str | None, verbosity: int, **options) -> None:
        today = timezone.localdate()
        day = _date(before) if before else today
        if apply and day > today:
            raise CommandError(_(
                "--apply with --before %(day)s would purge files whose retention period has "
                "not ended yet: refused. Use a date up to today."
            ) % {"day": day.isoformat()})
        try:
            years = retention.retention_years()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None

        rows = list(retention.files_past_retention(today=day, years=years))
        held = sum(1 for row in rows if row["held"])
        operator = services.command_operator()
        if rows:
            audit(request=None, action=Action.LIST, record_type="families.family",
                  channel=Channel.COMMAND, subject_count=len(rows),
                  reason=f"retention review ({years} years, date {day.isoformat()}), "
                         f"run by {operator}")
        self._table(rows, years)
        self.stdout.write(_(
            "%(count)d file(s) past the retention period of %(years)d years on %(day)s; "
            "%(held)d held."
        ) % {"count": len(rows), "years": years, "day": day.isoformat(), "held": held})
        if not apply:
            if len(rows) > held:
                self.stdout.write(_("Dry run: nothing was deleted. Purge with --apply."))
            return
        self._purge([row for row in rows if not row["held"]], day, years, operator, verbosity)

    def _table(self, rows, years: int) -> None:
        header = (_("File number"), _("End of care"), _("Retention until"), _("Legal hold"))
        self.stdout.write(f"{header[0]:<20} {header[1]:<12} {header[2]:<16} {header[3]}")
        yes, no = _("yes"), _("no")
        for row in rows:
            until = retention.add_years(row["end_of_care"], years)
            self.stdout.write(
                f"{row['reference']:<20} {row['end_of_care'].isoformat():<12} "
                f"{until.isoformat():<16} {yes if row['held'] else no}"
            )

    def _purge(self, rows, day, years: int, operator: str, verbosity: int) -> None:
        purged, skipped, failed = 0, [], []
        progress = verbosity > 0 and sys.stderr.isatty()
        due = retention.past_retention(today=day, years=years)
        for row in tqdm(rows, disable=not progress, unit="file"):
            try:
                result = services.file_purge(row=row, due=due, years=years, operator=operator)
            except ProtectedError:
                failed.append(row["reference"])
                continue
            if result is None:
                skipped.append(row["reference"])
                continue
            purged += 1
            if verbosity > 1:
                self.stdout.write(_("Purged %(reference)s (%(rows)d rows).") % {
                    "reference": result.reference, "rows": sum(result.rows.values())})
        self.stdout.write(self.style.SUCCESS(
            _("%(count)d file(s) purged; the audit log keeps a DELETE event for each.")
            % {"count": purged}
        ))
        if skipped:
            self.stdout.write(_(
                "Left alone because they changed, came back into care or were held since "
                "they were listed: %(files)s"
            ) % {"files": ", ".join(skipped)})
        if failed:
            raise CommandError(_(
                "%(count)d file(s) could not be purged because other records still refer to "
                "them (e.g. a legal hold placed meanwhile): %(files)s"
            ) % {"count": len(failed), "files": ", ".join(failed)})
