"""Importing an organisation's list of practitioners from CSV, all or nothing: every row
is checked first; when any row is refused nothing is saved and the report names each
refused row and why. A practitioner already listed for the organisation (same name) is
updated, a new name is added; practitioners missing from the file are left alone.

Columns (a header row, comma-separated, UTF-8):
  name, population (children | adults | both), min_age, max_age, base (CBS code, GM....),
  serves (CBS codes separated by spaces), serves_region (a youth-care region name),
  open_places, waiting_weeks, email, phone,
  certified (method:YYYY-MM-DD separated by spaces, e.g. "emdr:2021-03-01"),
  in_training (method:supervisor name separated by ";", e.g. "net:Anna de Boer")
The supervisor of a trainee is a practitioner of the same organisation, in the file or
already in the directory."""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bloem.accounts.models import Municipality

from .models import CertificationStatus, Method, NetworkOrganisation, Population, Practitioner
from .services import method_set, practitioner_save

COLUMNS = ("name", "population", "min_age", "max_age", "base", "serves", "serves_region",
           "open_places", "waiting_weeks", "email", "phone", "certified", "in_training")
REQUIRED = ("name", "population", "base")
MAX_ROWS = 5000


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Row:
    line: int
    practitioner: Practitioner
    serves: list
    certified: list[tuple[str, datetime.date]]
    in_training: list[tuple[str, str]]


def _number(value: str, name: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isdigit() or int(value) > 32767:
        raise ValidationError(_("%(column)s is not a whole number: %(value)s")
                              % {"column": name, "value": value[:20]})
    return int(value)


def _method(value: str) -> str:
    if value not in Method.values:
        raise ValidationError(_("unknown method: %(value)s") % {"value": value[:30]})
    return value


def _certified(value: str) -> list[tuple[str, datetime.date]]:
    result = []
    for item in value.split():
        method, _sep, day = item.partition(":")
        try:
            result.append((_method(method), datetime.date.fromisoformat(day)))
        except ValueError:
            raise ValidationError(_("certified needs method:YYYY-MM-DD, not %(value)s")
                                  % {"value": item[:40]}) from None
    return result


def _in_training(value: str) -> list[tuple[str, str]]:
    result = []
    for item in filter(None, (part.strip() for part in value.split(";"))):
        method, _sep, supervisor = item.partition(":")
        if not supervisor.strip():
            raise ValidationError(_("in_training needs method:supervisor, not %(value)s")
                                  % {"value": item[:40]})
        result.append((_method(method.strip()), supervisor.strip()))
    return result


def _parse(line: int, raw: dict, organisation, existing: dict, municipalities: dict) -> _Row:
    value = {name: (raw.get(name) or "").strip() for name in COLUMNS}
    missing = [name for name in REQUIRED if not value[name]]
    if missing:
        raise ValidationError(_("missing: %(columns)s") % {"columns": ", ".join(missing)})
    if value["population"] not in Population.values:
        raise ValidationError(_("unknown population: %(value)s") % {"value": value["population"]})
    unknown = [code for code in [value["base"], *value["serves"].split()]
               if code not in municipalities]
    if unknown:
        raise ValidationError(_("unknown municipality code: %(codes)s")
                              % {"codes": " ".join(unknown)[:60]})
    practitioner = existing.get(value["name"]) or Practitioner(organisation=organisation,
                                                               name=value["name"])
    practitioner.population = value["population"]
    practitioner.min_age = _number(value["min_age"], "min_age")
    practitioner.max_age = _number(value["max_age"], "max_age")
    practitioner.base = municipalities[value["base"]]
    practitioner.serves_region = value["serves_region"]
    practitioner.open_places = _number(value["open_places"], "open_places") or 0
    practitioner.waiting_weeks = _number(value["waiting_weeks"], "waiting_weeks") or 0
    practitioner.email, practitioner.phone = value["email"], value["phone"]
    practitioner.full_clean(validate_unique=False)
    return _Row(line, practitioner, [municipalities[c] for c in value["serves"].split()],
                _certified(value["certified"]), _in_training(value["in_training"]))


def _message(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}"
                         for name, messages in error.message_dict.items())
    return "; ".join(error.messages)


def import_practitioners(*, organisation: NetworkOrganisation, text: str) -> ImportReport:
    """Check every row, then save all of them in one transaction, or none."""
    report = ImportReport()
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        report.errors.append(_("The header row lacks the columns: %(columns)s")
                             % {"columns": ", ".join(missing)})
        return report
    reader.fieldnames = header
    existing = {p.name: p for p in organisation.practitioners.all()}
    municipalities = Municipality.objects.in_bulk()
    rows, names = [], set()
    for line, raw in enumerate(reader, start=2):
        if line - 1 > MAX_ROWS:
            report.errors.append(_("More than %(max)s rows.") % {"max": MAX_ROWS})
            break
        try:
            row = _parse(line, raw, organisation, existing, municipalities)
            if row.practitioner.name in names:
                raise ValidationError(_("this name appears twice in the file"))
            names.add(row.practitioner.name)
            rows.append(row)
        except ValidationError as error:
            report.errors.append(_("Row %(line)s: %(error)s")
                                 % {"line": line, "error": _message(error)})
    known = names | set(existing)
    for row in rows:
        for _method_code, supervisor in row.in_training:
            if supervisor not in known:
                report.errors.append(_("Row %(line)s: supervisor %(name)s is not a "
                                       "practitioner of this organisation")
                                     % {"line": row.line, "name": supervisor[:60]})
    if not rows and not report.errors:
        report.errors.append(_("The file holds no practitioners."))
    if report.errors:
        return report
    with transaction.atomic():
        saved = {}
        for row in rows:
            report.updated += row.practitioner.pk is not None
            report.created += row.practitioner.pk is None
            saved[row.practitioner.name] = practitioner_save(practitioner=row.practitioner,
                                                            serves=row.serves)
        by_name = {**existing, **saved}
        for row in rows:
            for method, day in row.certified:
                method_set(practitioner=row.practitioner, method=method,
                           status=CertificationStatus.CERTIFIED, certified_on=day)
            for method, supervisor in row.in_training:
                method_set(practitioner=row.practitioner, method=method,
                           status=CertificationStatus.IN_TRAINING,
                           supervisor=by_name[supervisor])
    return report
