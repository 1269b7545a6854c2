"""`bloem score CODE --answers '<json>' [--age N] [--informant X]`: score answers with
the instrument engine and print the same JSON as POST /api/v1/instruments/{code}/score.
Invalid input prints the errors (one per bad item) and exits with status 2."""

import json
import sys

from django.core.management.base import BaseCommand

from bloem.screening import engine


class Command(BaseCommand):
    help = "Score answers to an instrument and print the result as JSON."

    def add_arguments(self, parser):
        parser.add_argument("code", help="instrument code, e.g. phq-9")
        parser.add_argument("--answers", required=True,
                            help='JSON object {"<item id>": <value>, ...}')
        parser.add_argument("--age", type=int, default=None, help="age in years")
        parser.add_argument("--informant", default=None, choices=engine.INFORMANTS)

    def handle(self, *args, code, answers, age, informant, **options):
        instrument = engine.get(code)
        if instrument is None:
            self._fail(f"unknown instrument {code!r}; known: "
                       + ", ".join(sorted(engine.registry())))
        try:
            parsed = json.loads(answers)
        except json.JSONDecodeError as error:
            self._fail(f"--answers is not valid JSON: {error.msg}")
        try:
            result = engine.score(instrument, parsed, age=age, informant=informant)
        except engine.InvalidAnswers as error:
            self._fail(json.dumps({"errors": error.errors}, ensure_ascii=False))
        self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))

    def _fail(self, message: str):
        self.stderr.write(message)
        sys.exit(2)
