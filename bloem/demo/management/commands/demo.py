"""`bloem demo --families N --seed S [--if-empty]`: load synthetic demo data."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from bloem.demo.generator import MAX_FAMILIES, Summary, generate
from bloem.families.models import Family


class Command(BaseCommand):
    help = "Load synthetic demo families (only when DEMO_MODE is on)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--families", type=int, default=300,
                            help="How many families to create (1 to 1,000,000).")
        parser.add_argument("--seed", type=int, default=1,
                            help="The same seed gives the same data.")
        parser.add_argument("--if-empty", action="store_true",
                            help="Do nothing when the database already holds families.")

    def handle(self, *args, families: int, seed: int, if_empty: bool, verbosity: int,
               **options) -> None:
        if not settings.DEMO_MODE:
            raise CommandError(_(
                "Refusing to load demo data: DEMO_MODE is off. Demo data belongs in a demo "
                "or development database only (set BLOEM_DEMO=true there)."
            ))
        if not 1 <= families <= MAX_FAMILIES:
            raise CommandError(_("--families must be between 1 and %(maximum)d, not %(value)d.")
                               % {"maximum": MAX_FAMILIES, "value": families})
        if if_empty and Family.objects.exists():
            if verbosity > 0:
                self.stdout.write("The database already holds families: demo data not loaded.")
            return
        progress = verbosity > 0 and sys.stderr.isatty()
        summary = generate(families=families, seed=seed, progress=progress)
        if verbosity > 0:
            self._report(summary)

    def _report(self, summary: Summary) -> None:
        self.stdout.write(self.style.SUCCESS(
            f"Demo data: {summary.families:,} families (seed {summary.seed}) "
            f"in {summary.seconds:.1f} s."
        ))
        if summary.new_workers:
            self.stdout.write(f"  {'Worker (reference world)':<26}{summary.new_workers:>12,}")
        for model, count in summary.counts.items():
            self.stdout.write(f"  {model:<26}{count:>12,}")
        self.stdout.write(f"  {'rows':<26}{summary.rows:>12,}")
