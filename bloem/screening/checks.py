"""The system check that refuses to start (`bloem check`, `runserver`, `migrate`, the
test run) while an instrument definition is invalid: one error per problem, naming the
file, the JSON path and what is wrong."""

from django.core import checks

from . import engine


def instrument_definitions(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    return [
        checks.Error(
            f"Invalid instrument definition {error.file} at {error.path}: {error.message}",
            hint="Fix the file so that it validates against "
                 "bloem/screening/instrument.schema.json (see docs/instruments.md).",
            obj=error.file,
            id="screening.E001",
        )
        for error in engine.definition_errors()
    ]
