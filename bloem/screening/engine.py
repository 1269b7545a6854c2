"""The instrument engine: definitions as data, scoring as a pure function.

A definition is a JSON file in `bloem/screening/instruments/` (or a folder named in the
setting BLOEM_INSTRUMENT_DIRS) that validates against `instrument.schema.json`, plus the
rules a JSON Schema cannot say (item references exist, bands cover every possible total
exactly once). `score()` takes a definition and a dict of answers and returns the total,
subscales, band, flags and completeness — no database, no request, so the API, the `bloem
score` command, the forms and the demo all share it.

Conventions, the same for every instrument:
- item ids are the item numbers of the official form as strings ("1", "2", ...); where a
  form numbers two parts separately (the CATS event checklist and its symptom items) the
  unscored part gets a letter ("e1", "i1") and `number` keeps the printed number;
- answers are the official form's numeric values; a reverse-keyed item is scored as
  (lowest + highest value of its scale) − answer;
- a missing answer is an item left out or null. With at most `prorate_max` scored answers
  missing a sum is prorated: sum × items ÷ answered, rounded half up; with more the result
  is incomplete: total, band and cut-off flags are null/absent, but flags raised by single
  answers (a suicide item above zero) are always raised;
- a conditional item is asked only when one of the items it depends on has one of the
  given values; while those are unanswered it is asked.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

SCHEMA_PATH = Path(__file__).with_name("instrument.schema.json")
INSTRUMENT_DIR = Path(__file__).with_name("instruments")
INFORMANTS = ("self", "caregiver", "worker")
MAX_AGE = 130


# -- loading and validating ----------------------------------------------------------------


class DefinitionError(Exception):
    """An instrument file that cannot be used: which file, where in it (a JSON path such
    as `$.scoring.bands[1].min`) and what is wrong."""

    def __init__(self, file: str, path: str, message: str):
        self.file, self.path, self.message = file, path, message
        super().__init__(f"{file}: {path}: {message}")


@functools.cache
def _validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _json_path(parts: Iterable) -> str:
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def validate(data: Any, file: str = "<definition>") -> list[DefinitionError]:
    """Every problem of one definition, schema errors first; an empty list means usable."""
    errors = [
        DefinitionError(file, _json_path(error.absolute_path), error.message)
        for error in sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.path)))
    ]
    if errors:
        return errors
    return [DefinitionError(file, path, message) for path, message in _semantic_errors(data)]


def _semantic_errors(data: dict) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    scales = data["response_scales"]
    ids: set[str] = set()
    for index, item in enumerate(data["items"]):
        if item["id"] in ids:
            problems.append((f"$.items[{index}].id", f"item id {item['id']!r} is used twice"))
        ids.add(item["id"])
        if item["scale"] not in scales:
            problems.append((f"$.items[{index}].scale",
                             f"unknown response scale {item['scale']!r}"))
    for name, options in scales.items():
        values = [option["value"] for option in options]
        if len(set(values)) != len(values):
            problems.append((f"$.response_scales.{name}", "an option value is used twice"))

    def check_refs(path: str, refs: Iterable[str]) -> None:
        for ref in refs:
            if ref not in ids:
                problems.append((path, f"unknown item {ref!r}"))

    for index, item in enumerate(data["items"]):
        if "condition" in item:
            check_refs(f"$.items[{index}].condition.any_of", item["condition"]["any_of"])
    for index, section in enumerate(data.get("sections", [])):
        check_refs(f"$.sections[{index}].items", section["items"])
    scoring = data["scoring"]
    check_refs("$.scoring.total.items", scoring["total"].get("items", []))
    subscale_ids = set()
    for index, sub in enumerate(scoring.get("subscales", [])):
        check_refs(f"$.scoring.subscales[{index}].items", sub["items"])
        if sub["id"] in subscale_ids:
            problems.append((f"$.scoring.subscales[{index}].id", "subscale id used twice"))
        subscale_ids.add(sub["id"])
    for index, flag in enumerate(scoring.get("item_flags", [])):
        check_refs(f"$.scoring.item_flags[{index}].item", [flag["item"]])
    for index, rule in enumerate(scoring.get("symptom_rules", [])):
        for g, group in enumerate(rule["groups"]):
            check_refs(f"$.scoring.symptom_rules[{index}].groups[{g}].items", group["items"])
    for index, cutoff in enumerate(scoring.get("cutoffs", [])):
        of = cutoff.get("of", "total")
        if of != "total" and of not in subscale_ids:
            problems.append((f"$.scoring.cutoffs[{index}].of", f"unknown subscale {of!r}"))
    age = data["age"]
    if age.get("max") is not None and age["max"] < age["min"]:
        problems.append(("$.age.max", "the highest age lies below the lowest"))
    if problems:
        return problems
    problems += _band_errors(data)
    return problems


def _band_errors(data: dict) -> list[tuple[str, str]]:
    bands = data["scoring"].get("bands", [])
    if not bands:
        return []
    instrument = Instrument(data, "")
    low, high = instrument.total_range()
    step = instrument.total_step()
    problems = []
    expected = low
    for index, band in enumerate(bands):
        path = f"$.scoring.bands[{index}]"
        if band["max"] < band["min"]:
            problems.append((f"{path}.max", "the band ends below its start"))
        if not math.isclose(band["min"], expected, abs_tol=step / 1000):
            problems.append((f"{path}.min", f"expected the band to start at {_fmt(expected)} "
                                            "(bands must cover every total once, in order)"))
        expected = band["max"] + step
    if not math.isclose(bands[-1]["max"], high, abs_tol=step / 1000):
        problems.append((f"$.scoring.bands[{len(bands) - 1}].max",
                         f"expected the last band to end at the highest total {_fmt(high)}"))
    return problems


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def load_file(path: Path) -> Instrument:
    """Read and validate one definition; raises the first DefinitionError."""
    name = path.name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise DefinitionError(name, "$", f"cannot read the file: {error}") from error
    except json.JSONDecodeError as error:
        raise DefinitionError(
            name, "$", f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from error
    errors = validate(data, name)
    if errors:
        raise errors[0]
    if path.stem != data["code"]:
        raise DefinitionError(name, "$.code",
                              f"the file must be named after its code: {data['code']}.json")
    return Instrument(data, name)


def instrument_dirs() -> list[Path]:
    dirs = [INSTRUMENT_DIR]
    try:
        from django.conf import settings

        dirs += [Path(d) for d in getattr(settings, "BLOEM_INSTRUMENT_DIRS", [])]
    except ImportError:  # pragma: no cover - the engine is also usable without Django
        pass
    return dirs


def definition_errors(dirs: Iterable[Path] | None = None) -> list[DefinitionError]:
    """Every problem in every definition file (for the system check)."""
    errors: list[DefinitionError] = []
    codes: dict[str, str] = {}
    for path in _files(dirs):
        try:
            instrument = load_file(path)
        except DefinitionError as error:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = None
            errors += (validate(data, path.name) if data is not None else []) or [error]
            continue
        if instrument.code in codes:
            errors.append(DefinitionError(path.name, "$.code",
                                          f"code also used by {codes[instrument.code]}"))
        codes[instrument.code] = path.name
    return errors


def _files(dirs: Iterable[Path] | None) -> list[Path]:
    return sorted(
        (p for d in (instrument_dirs() if dirs is None else dirs)
         for p in Path(d).glob("*.json")),
        key=lambda p: p.name,
    )


def load_all(dirs: Iterable[Path] | None = None) -> dict[str, Instrument]:
    """All definitions by code; raises the first DefinitionError."""
    result: dict[str, Instrument] = {}
    for path in _files(dirs):
        instrument = load_file(path)
        if instrument.code in result:
            raise DefinitionError(path.name, "$.code", "code used by another definition")
        result[instrument.code] = instrument
    return result


@functools.cache
def registry() -> dict[str, Instrument]:
    """The definitions of this installation, loaded once (the system check has already
    refused to start with an invalid one)."""
    return load_all()


def get(code: str) -> Instrument | None:
    return registry().get(code)


def choose(family: str, *, age: int | None, informant: str) -> Instrument | None:
    """The version of an instrument family for this age and informant, if any."""
    for instrument in registry().values():
        if (instrument.family == family and informant in instrument.informants
                and (age is None or instrument.accepts_age(age))):
            return instrument
    return None


# -- the definition ------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Instrument:
    data: dict
    file: str

    @property
    def code(self) -> str:
        return self.data["code"]

    @property
    def version(self) -> str:
        return self.data["version"]

    @property
    def family(self) -> str:
        return self.data["family"]

    @property
    def informants(self) -> list[str]:
        return self.data["informants"]

    @property
    def age_min(self) -> int:
        return self.data["age"]["min"]

    @property
    def age_max(self) -> int | None:
        return self.data["age"].get("max")

    @property
    def items(self) -> list[dict]:
        return self.data["items"]

    @functools.cached_property
    def items_by_id(self) -> dict[str, dict]:
        return {item["id"]: item for item in self.items}

    @property
    def scoring(self) -> dict:
        return self.data["scoring"]

    def name(self, language: str = "en") -> str:
        return text_in(self.data["name"], language) or self.code

    def accepts_age(self, age: int) -> bool:
        return self.age_min <= age and (self.age_max is None or age <= self.age_max)

    def options(self, item: dict) -> list[dict]:
        return self.data["response_scales"][item["scale"]]

    def values(self, item: dict) -> list[int]:
        return [option["value"] for option in self.options(item)]

    def scored_ids(self) -> list[str]:
        return [item["id"] for item in self.items if item.get("scored", True)]

    def scale_items(self, scale: dict) -> list[str]:
        return list(scale.get("items") or self.scored_ids())

    def alert_flags(self) -> set[str]:
        scoring = self.scoring
        return {
            rule["flag"]
            for key in ("cutoffs", "item_flags", "symptom_rules")
            for rule in scoring.get(key, [])
            if rule.get("alert")
        }

    def flag_labels(self) -> dict[str, dict]:
        scoring = self.scoring
        labels = {"prorated": {"en": "Missing answers were prorated",
                               "nl": "Ontbrekende antwoorden zijn naar rato aangevuld"}}
        for key in ("cutoffs", "item_flags", "symptom_rules"):
            for rule in scoring.get(key, []):
                labels[rule["flag"]] = rule["label"]
        return labels

    def band_labels(self) -> dict[str, dict]:
        return {band["band"]: band["label"] for band in self.scoring.get("bands", [])}

    def _item_range(self, item_id: str) -> tuple[int, int]:
        values = self.values(self.items_by_id[item_id])
        return min(values), max(values)

    def total_range(self) -> tuple[float, float]:
        return self.scale_range(self.scoring["total"])

    def scale_range(self, scale: dict) -> tuple[float, float]:
        ids = self.scale_items(scale)
        if scale["method"] == "count":
            return 0, len(ids)
        ranges = [self._item_range(i) for i in ids]
        if scale["method"] == "mean":
            return min(r[0] for r in ranges), max(r[1] for r in ranges)
        return sum(r[0] for r in ranges), sum(r[1] for r in ranges)

    def total_step(self) -> float:
        total = self.scoring["total"]
        if total["method"] == "mean":
            return 10 ** -total.get("decimals", 2)
        return 1


def text_in(texts: Mapping[str, str] | None, language: str) -> str:
    """The text in `language`, else "" (never another language's text for a form label
    the worker reads aloud; callers decide about fallbacks)."""
    if not texts:
        return ""
    return texts.get(language[:2], "")


# -- scoring -------------------------------------------------------------------------------


class InvalidAnswers(ValueError):  # noqa: N818 - reads as what it is
    """Input that cannot be scored: {item id, "age", "informant" or "answers": message}."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{key}: {message}" for key, message in errors.items()))


@dataclass
class Result:
    instrument: str
    version: str
    total: int | float | None
    subscales: dict[str, int | float | None] = field(default_factory=dict)
    band: str | None = None
    flags: list[str] = field(default_factory=list)
    complete: bool = True

    def as_dict(self) -> dict:
        return {
            "instrument": self.instrument,
            "version": self.version,
            "total": self.total,
            "subscales": dict(self.subscales),
            "band": self.band,
            "flags": list(self.flags),
            "complete": self.complete,
        }


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_answers(instrument: Instrument, answers: Any, *, age: Any = None,
                  informant: Any = None) -> dict[str, int | None]:
    """The answers as {item id: value or None}, or InvalidAnswers naming each bad entry."""
    errors: dict[str, str] = {}
    if not isinstance(answers, Mapping):
        raise InvalidAnswers({"answers": "must be an object of item ids and values"})
    if age is not None and (not _is_int(age) or not 0 <= age <= MAX_AGE):
        errors["age"] = f"must be a whole number of years from 0 to {MAX_AGE}"
    elif age is not None and not instrument.accepts_age(age):
        upper = "" if instrument.age_max is None else f" to {instrument.age_max}"
        errors["age"] = (f"{instrument.code} is for ages {instrument.age_min}"
                         f"{upper or ' and older'}; {age} is outside that range")
    if informant is not None and informant not in instrument.informants:
        errors["informant"] = (f"{instrument.code} is answered by "
                               f"{' or '.join(instrument.informants)}, not {informant!r}")
    clean: dict[str, int | None] = {}
    for key, value in answers.items():
        item = instrument.items_by_id.get(key) if isinstance(key, str) else None
        if item is None:
            errors[str(key)[:40]] = "no such item in this instrument"
            continue
        if value is None:
            clean[key] = None
            continue
        allowed = instrument.values(item)
        if not _is_int(value) or value not in allowed:
            errors[key] = f"must be one of {', '.join(map(str, allowed))}"
            continue
        clean[key] = value
    if not errors:
        for key, value in clean.items():
            if value is not None and not _asked(instrument.items_by_id[key], clean):
                errors[key] = "not asked: the answers it depends on make it not applicable"
    if errors:
        raise InvalidAnswers(errors)
    return clean


def _asked(item: dict, answers: Mapping[str, int | None]) -> bool:
    condition = item.get("condition")
    if condition is None:
        return True
    given = [answers.get(ref) for ref in condition["any_of"]]
    if all(value is None for value in given):
        return True  # not known yet: ask
    return any(value in condition["in"] for value in given)


def asked_items(instrument: Instrument, answers: Mapping[str, int | None]) -> list[dict]:
    return [item for item in instrument.items if _asked(item, answers)]


def _round_half_up(value: float, decimals: int = 0) -> float:
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def _scale_score(instrument: Instrument, scale: dict, answers: Mapping[str, int | None],
                 prorate_max: int) -> tuple[int | float | None, bool]:
    """(score, prorated); score None when too many answers are missing."""
    applicable = [instrument.items_by_id[i] for i in instrument.scale_items(scale)
                  if _asked(instrument.items_by_id[i], answers)]
    values = []
    missing = 0
    for item in applicable:
        value = answers.get(item["id"])
        if value is None:
            missing += item.get("required", True)
            continue
        if item.get("reverse"):
            low, high = min(instrument.values(item)), max(instrument.values(item))
            value = low + high - value
        values.append(value)
    if missing > prorate_max:
        return None, False
    method = scale["method"]
    if method == "count":
        values = [1 if v >= scale["count"]["at_least"] else 0 for v in values]
    if method == "mean":
        if not values:
            return None, False
        return _round_half_up(sum(values) / len(values), scale.get("decimals", 2)), missing > 0
    total = sum(values)
    if missing and values:
        answered = len(values)
        return int(_round_half_up(total * (answered + missing) / answered)), True
    if missing:
        return None, False
    return total, False


def score(instrument: Instrument, answers: Any, *, age: Any = None,
          informant: Any = None) -> Result:
    """Score one administration. Raises InvalidAnswers for input that names unknown
    items, values off the scale, answers to items that were not asked, or an age or
    informant the instrument is not for."""
    clean = check_answers(instrument, answers, age=age, informant=informant)
    scoring = instrument.scoring
    prorate_max = scoring["missing"]["prorate_max"]
    total, prorated = _scale_score(instrument, scoring["total"], clean, prorate_max)
    subscales: dict[str, int | float | None] = {}
    for sub in scoring.get("subscales", []):
        subscales[sub["id"]], sub_prorated = _scale_score(instrument, sub, clean, prorate_max)
        prorated = prorated or sub_prorated
    result = Result(instrument=instrument.code, version=instrument.version, total=total,
                    subscales=subscales, complete=total is not None)
    if total is not None:
        for band in scoring.get("bands", []):
            if band["min"] <= total <= band["max"]:
                result.band = band["band"]
                break
    flags: list[str] = []
    for cutoff in scoring.get("cutoffs", []):
        of = cutoff.get("of", "total")
        value = total if of == "total" else subscales.get(of)
        if value is not None and value >= cutoff["at_least"]:
            flags.append(cutoff["flag"])
    flags += [
        item_flag["flag"] for item_flag in scoring.get("item_flags", [])
        if (clean.get(item_flag["item"]) is not None
            and clean[item_flag["item"]] >= item_flag["at_least"])
    ]
    for rule in scoring.get("symptom_rules", []):
        if all(
            sum(1 for i in group["items"] if (clean.get(i) or 0) >= rule["threshold"])
            >= group["at_least"]
            for group in rule["groups"]
        ):
            flags.append(rule["flag"])
    if prorated and result.complete:
        flags.append("prorated")
    result.flags = list(dict.fromkeys(flags))
    return result
