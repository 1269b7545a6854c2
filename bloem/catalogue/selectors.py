"""Reads for the flower and the forms of help."""

import datetime
import math
from dataclasses import dataclass, field

from django.db.models import QuerySet

from bloem.families.models import Family, Person

from .models import HelpForm, Petal

_PETALS: dict[str, Petal] = {}


def petals() -> dict[str, Petal]:
    """The catalogue's petals by code, with their domains, in the flower's order. Kept for
    the life of the process: the catalogue is the data of a migration (catalogue 0002) and
    changes only with a release. (An empty catalogue, as in a flushed test database, is
    not kept.)"""
    if not _PETALS:
        _PETALS.update((p.code, p) for p in Petal.objects.select_related("domain"))
    return _PETALS


# Geometry of the drawing, in SVG user units (viewBox 0 0 400 400).
CENTRE = 200.0
HEART_RADIUS = 56.0
PETAL_INNER = 60.0
PETAL_OUTER = 192.0
PETAL_SPREAD = 0.30  # radians either side of the petal's axis at its widest


@dataclass
class FlowerPetal:
    number: int
    code: str
    label: str
    domain_code: str
    domain_label: str
    financing: str
    provider: str
    recipients: list[str] = field(default_factory=list)
    path: str = ""
    number_x: float = 0.0
    number_y: float = 0.0
    who_x: float = 0.0
    who_y: float = 0.0

    @property
    def active(self) -> bool:
        return bool(self.recipients)

    @property
    def short_recipients(self) -> str:
        if not self.recipients:
            return ""
        first = self.recipients[0]
        return first if len(self.recipients) == 1 else f"{first} +{len(self.recipients) - 1}"


def _point(radius: float, angle: float) -> tuple[float, float]:
    return (round(CENTRE + radius * math.cos(angle), 1),
            round(CENTRE + radius * math.sin(angle), 1))


def _petal_path(angle: float) -> str:
    inner = _point(PETAL_INNER, angle)
    outer = _point(PETAL_OUTER, angle)
    middle = (PETAL_INNER + PETAL_OUTER) / 2 + 12
    left = _point(middle, angle - PETAL_SPREAD)
    right = _point(middle, angle + PETAL_SPREAD)
    return (f"M {inner[0]} {inner[1]} Q {left[0]} {left[1]} {outer[0]} {outer[1]} "
            f"Q {right[0]} {right[1]} {inner[0]} {inner[1]} Z")


def flower_for(*, family: Family, help_forms: list[HelpForm],
               today: datetime.date) -> list[FlowerPetal]:
    """Every petal of the catalogue, placed around the family, with the members who
    receive that help today. `help_forms` come with person and petal loaded."""
    catalogue = list(petals().values())
    recipients: dict[str, list[str]] = {}
    for help_form in help_forms:
        if help_form.is_active_on(today):
            names = recipients.setdefault(help_form.petal_id, [])
            if help_form.person.first_name not in names:
                names.append(help_form.person.first_name)
    flower = []
    for index, petal in enumerate(catalogue):
        angle = -math.pi / 2 + index * 2 * math.pi / len(catalogue)
        number_at = _point(PETAL_INNER + 45, angle)
        who_at = _point(PETAL_INNER + 92, angle)
        flower.append(FlowerPetal(
            number=index + 1, code=petal.code, label=petal.label,
            domain_code=petal.domain_id, domain_label=petal.domain.label,
            financing=petal.get_financing_display(), provider=petal.get_provider_kind_display(),
            recipients=recipients.get(petal.code, []), path=_petal_path(angle),
            number_x=number_at[0], number_y=number_at[1], who_x=who_at[0], who_y=who_at[1],
        ))
    return flower


def help_forms_for_family(family: Family) -> QuerySet[HelpForm]:
    return HelpForm.objects.filter(family=family).select_related(
        "petal", "petal__domain", "person", "responsible"
    )


def help_forms_for_person(person: Person) -> list[HelpForm]:
    """Every form of help of `person` (an access-checked person with her family), newest
    first (then by id, as the consent panel lists them), with its petal and responsible
    worker. One query: the person page's consent panel and due measurements take this list
    instead of reading it again."""
    help_forms = list(HelpForm.objects.filter(person=person).select_related(
        "petal", "responsible").order_by("-started_on", "pk"))
    for help_form in help_forms:
        help_form.person, help_form.family = person, person.family
    return help_forms


def petals_for_choice() -> QuerySet[Petal]:
    return Petal.objects.select_related("domain")
