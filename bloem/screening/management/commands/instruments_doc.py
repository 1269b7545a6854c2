"""Write docs/instruments.md from the instrument definitions."""

from django.core.management.base import BaseCommand

from bloem.screening import docs


class Command(BaseCommand):
    help = "Generate docs/instruments.md from the instrument definitions."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true",
                            help="exit non-zero when the file is out of date")

    def handle(self, *args, check=False, **options):
        text = docs.render()
        current = docs.DOC_PATH.read_text(encoding="utf-8") if docs.DOC_PATH.exists() else ""
        if check:
            if current != text:
                self.stderr.write("docs/instruments.md is out of date: run bloem instruments_doc")
                raise SystemExit(1)
            return
        docs.DOC_PATH.write_text(text, encoding="utf-8")
        self.stdout.write(f"wrote {docs.DOC_PATH}")
