"""`bloem rules_doc`: write docs/rules.md from the care-rule engine's own table
(`--check`: fail when the committed file is out of date)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bloem.rules import doc


class Command(BaseCommand):
    help = "Write docs/rules.md from the care-rule engine (bloem/rules)."

    def add_arguments(self, parser):
        parser.add_argument("--output",
                            default=str(Path(settings.PROJECT_DIR) / "docs" / "rules.md"))
        parser.add_argument("--check", action="store_true",
                            help="Only check that the file is up to date.")

    def handle(self, *args, output: str, check: bool, **options):
        path = Path(output)
        text = doc.render()
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                raise CommandError(f"{path} is out of date: run `bloem rules_doc`.")
            self.stdout.write(f"{path} is up to date.")
            return
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {path}.")
