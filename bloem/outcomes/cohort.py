# ruff: noqa: S608 - DuckDB statements built from module constants; request values are bound parameters
"""The cohort statistics of the dashboard, the effect report and the API.

One query per extract pulls the needed columns of the responses (and of the forms of help,
for completeness) in the user's scope and selection; DuckDB pairs T0 with the end
measurement and aggregates; numpy/scipy compute the statistics (stats.py). No Python loop
over ORM rows. Every count that leaves this module has passed the small-cell rules:
`released()` turns the raw figures into what may be shown or published.

Definitions (also on the dashboard page):
- a pair is a person's first T0 and their latest end measurement (T1 or T2) after it, on
  the same instrument and informant; the period selects pairs by the date of the T0
  (an intake cohort); the age band is the age at T0;
- completeness: of the measurements the schedule made due (due date plus window passed,
  within the period), how many were taken (a response of that instrument family,
  informant and moment for the person after the form of help started).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import duckdb
import numpy as np
from django.db import connections
from django.db.models import BigIntegerField, Case, FloatField, Func, Q, TextField, When
from django.db.models.functions import Cast
from django.utils import timezone

from bloem.access import policy
from bloem.catalogue.models import HelpForm
from bloem.core import collector
from bloem.core.db_router import reads_from_replica
from bloem.families.models import Person, Stay
from bloem.screening import engine
from bloem.screening.models import Moment, Response

from . import duck, stats
from .models import MeasurementSchedule

AGE_BANDS = (("0-3", 0, 3), ("4-11", 4, 11), ("12-17", 12, 17), ("18-29", 18, 29),
             ("30-44", 30, 44), ("45+", 45, 200))
END_MOMENTS = (Moment.T1, Moment.T2)
PREVALENCE_CODE = "problem-indicators"
ELS_CODE = "early-life-stress"


@dataclass(frozen=True)
class Selection:
    location: int | None = None
    petal: str | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    age_band: str | None = None
    informant: str | None = None

    def as_dict(self) -> dict:
        return {
            "location": self.location, "petal": self.petal,
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "age_band": self.age_band, "informant": self.informant,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Selection:
        def day(value):
            return datetime.date.fromisoformat(value) if value else None

        return cls(location=data.get("location"), petal=data.get("petal") or None,
                   date_from=day(data.get("date_from")), date_to=day(data.get("date_to")),
                   age_band=data.get("age_band") or None,
                   informant=data.get("informant") or None)


def norms(instrument: engine.Instrument) -> dict | None:
    return instrument.data.get("norms")


def clinical_cutoff(instrument: engine.Instrument) -> float | None:
    """The instrument's cut-off on the total (its first `cutoffs` rule of the total)."""
    for cutoff in instrument.scoring.get("cutoffs", []):
        if cutoff.get("of", "total") == "total":
            return float(cutoff["at_least"])
    return None


# -- extracts ------------------------------------------------------------------------------


def _scoped_responses(user, selection: Selection):
    qs = Response.objects.filter(policy.family_visible_q(user, prefix="family__"),
                                 complete=True, total__isnull=False)
    if selection.location:
        qs = qs.filter(family_id__in=Stay.objects.filter(location_id=selection.location)
                       .values("family_id"))
    if selection.petal:
        qs = qs.filter(person_id__in=HelpForm.objects.filter(petal_id=selection.petal)
                       .values("person_id"))
    if selection.informant:
        qs = qs.filter(informant=selection.informant)
    return qs


class DayNumber(Func):
    """A date as its number of days since 1970-01-01, computed by the database (and a
    missing date as the integer numpy reads as NaT): numpy turns a column of these into
    dates at once, where Python would build and convert a date object per value."""

    output_field = BigIntegerField()
    # The day number of a date expression per database (also the benchmark's baseline).
    DAYS = {"postgresql": "(%(expressions)s - DATE '1970-01-01')",
            "sqlite": "CAST(julianday(%(expressions)s) - 2440587.5 AS INTEGER)"}
    NAT = "-9223372036854775807 - 1"  # the smallest 64-bit integer: its literal overflows

    def as_sql(self, compiler, connection, **extra):
        days = self.DAYS[connection.vendor]
        return super().as_sql(compiler, connection, template=f"COALESCE({days}, {self.NAT})",
                              **extra)


def _fetch_columns(qs, names: tuple[str, ...], kinds: dict[str, str]) -> dict:
    """The `names` of the queryset's rows as numpy columns, fetched by a plain cursor
    (dates as day numbers): at a cohort's size Django's per-row converters cost more than
    the query, and numpy converts a whole column at once. The queryset still says which
    rows (the access policy); only the fetching is plain. The collector is paused while
    the rows are built (bloem/core/collector.py)."""
    columns = [DayNumber(name) if kinds.get(name) == "date" else name for name in names]
    values = qs.values_list(*columns).order_by()  # the statistics need no order
    sql, params = values.query.get_compiler(using=values.db).as_sql()
    with collector.paused(), connections[values.db].cursor() as cursor:
        cursor.execute(sql, params)
        return _columns(cursor.fetchall(), names, kinds)


def _columns(rows: list[tuple], names: tuple[str, ...], kinds: dict[str, str]) -> dict:
    """Tuples from values_list → one numpy array per column; a "date" column holds day
    numbers (DayNumber) and becomes datetime64."""
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    result = {}
    for name, values in zip(names, columns, strict=True):
        kind = kinds.get(name, "object")
        if kind == "date":
            days = np.array(values, dtype=np.int64).view("datetime64[D]")
            result[name] = days.astype("datetime64[us]")
        elif kind == "float":
            result[name] = np.array(values, dtype=float)  # None becomes NaN
        elif kind == "int":
            result[name] = np.array(values, dtype=np.int64)
        else:
            result[name] = np.array(values, dtype=object)
    return result


PERSON_COLUMNS = ("pk", "date_of_birth", "gender", "family_role")


def extract_persons(user) -> dict:
    """Birth date, gender and place in the family of every member of the user's families,
    for the extracts below to join by person id: joining persons in the database made
    PostgreSQL hash the whole persons table, and every response carried its person's
    columns once more (the benchmark, issue 12)."""
    persons = Person.objects.filter(policy.family_visible_q(user, prefix="family__"))
    return _fetch_columns(persons, PERSON_COLUMNS, {"pk": "int", "date_of_birth": "date"})


def _with_persons(table: dict, persons: dict, wanted: tuple[str, ...]) -> dict:
    """`table` with the `wanted` person columns (as person__<column>) of each row's person;
    NaT or None for a person not in `persons`."""
    order = np.argsort(persons["pk"], kind="stable")
    ids = persons["pk"][order]
    rows = np.asarray(table["person_id"], dtype=np.int64)
    at = np.minimum(np.searchsorted(ids, rows), max(len(ids) - 1, 0))
    found = ids[at] == rows if len(ids) else np.zeros(len(rows), dtype=bool)
    for column in wanted:
        source = persons[column][order]
        if source.dtype.kind == "M":
            missing, kind = np.datetime64("NaT"), source.dtype
        else:
            missing, kind = None, object
        values = np.full(len(rows), missing, dtype=kind)
        if len(ids):
            values[found] = source[at[found]]
        table[f"person__{column}"] = values
    return table


SCORE = Cast("total", output_field=FloatField())  # a float, not a Decimal per row
RESPONSE_COLUMNS = ("person_id", "instrument", "informant", "moment", "administered_on",
                    "score")
RESPONSE_KINDS = {"person_id": "int", "administered_on": "date", "score": "float"}


def _responses(qs, names: tuple[str, ...]) -> dict:
    table = _fetch_columns(qs.annotate(score=SCORE), names, RESPONSE_KINDS)
    table["total"] = table.pop("score")
    return table


def extract_responses(user, selection: Selection, codes=None, persons=None, *,
                      with_profile: bool = False) -> dict:
    """The complete, scored responses in scope, with their person's birth date, gender
    and place in the family; `with_profile` adds the subscales of the T0 checklists of the
    profile (as JSON text, None on other rows): one read of the responses for the whole
    dashboard instead of a second scoped query (the benchmark, issue 12)."""
    qs = _scoped_responses(user, selection)
    names = RESPONSE_COLUMNS
    if codes is not None:
        qs = qs.filter(instrument__in=list(codes))
    if with_profile:
        qs = qs.annotate(subscales_json=PROFILE_SUBSCALES)
        names = (*names, "subscales_json")
    return _with_persons(_responses(qs, names),
                         extract_persons(user) if persons is None else persons,
                         ("date_of_birth", "gender", "family_role"))


PROFILE_SUBSCALES = Case(
    When(instrument__in=[PREVALENCE_CODE, ELS_CODE], moment=Moment.T0,
         then=Cast("subscales", output_field=TextField())),
    default=None, output_field=TextField())


HELP_COLUMNS = ("person_id", "petal_id", "started_on", "ended_on")


def extract_help_forms(user, selection: Selection, persons=None) -> dict:
    qs = HelpForm.objects.filter(policy.family_visible_q(user, prefix="family__"))
    if selection.location:
        qs = qs.filter(family_id__in=Stay.objects.filter(location_id=selection.location)
                       .values("family_id"))
    if selection.petal:
        qs = qs.filter(petal_id=selection.petal)
    kinds = {"person_id": "int", "started_on": "date", "ended_on": "date"}
    return _with_persons(_fetch_columns(qs, HELP_COLUMNS, kinds),
                         extract_persons(user) if persons is None else persons,
                         ("date_of_birth",))


def _instrument_table() -> dict:
    registry = list(engine.registry().values())
    return {
        "code": np.array([i.code for i in registry], dtype=object),
        "family": np.array([i.family for i in registry], dtype=object),
        "age_min": np.array([i.age_min for i in registry], dtype=np.int64),
        "age_max": np.array([200 if i.age_max is None else i.age_max for i in registry],
                            dtype=np.int64),
        "informants": np.array([",".join(i.informants) for i in registry], dtype=object),
    }


# -- DuckDB --------------------------------------------------------------------------------


def register(con: duckdb.DuckDBPyConnection, name: str, columns: dict) -> None:
    """Make `columns` the table `name`, its datetime columns as DATE."""
    con.register(f"{name}_raw", columns)
    select = ", ".join(
        f"CAST({c} AS DATE) AS {c}" if np.asarray(v).dtype.kind == "M" else c
        for c, v in columns.items())
    con.execute(f"CREATE TEMP VIEW {name} AS SELECT {select} FROM {name}_raw")


# The DuckDB statements below are put together from constants of this module only (column
# names, age bands, instrument codes); every value from a request is a bound parameter (?).


def _age_sql(born: str, on: str) -> str:
    return (f"(date_diff('year', {born}, {on}) "
            f"- (strftime({on}, '%m%d') < strftime({born}, '%m%d'))::int)")


def _band_sql(age: str) -> str:
    cases = " ".join(f"WHEN {age} BETWEEN {low} AND {high} THEN '{label}'"
                     for label, low, high in AGE_BANDS)
    return f"CASE {cases} ELSE NULL END"


def _period_sql(column: str, selection: Selection) -> tuple[str, list]:
    parts, params = [], []
    if selection.date_from:
        parts.append(f"{column} >= ?")
        params.append(selection.date_from)
    if selection.date_to:
        parts.append(f"{column} <= ?")
        params.append(selection.date_to)
    return (" AND ".join(parts) or "TRUE"), params


def pairs(responses: dict, selection: Selection) -> dict:
    """T0 → end pairs per person, instrument and informant, with the age band at T0."""
    con = duck.connect()
    register(con, "r", responses)
    period, params = _period_sql("d0", selection)
    band = _band_sql(_age_sql("born", "d0"))
    query = f"""
        WITH pre AS (
            SELECT person_id, instrument, informant, arg_min(total, administered_on) AS before,
                   min(administered_on) AS d0, any_value(person__date_of_birth) AS born,
                   any_value(person__gender) AS gender,
                   any_value(person__family_role) AS family_role
            FROM r WHERE moment = 't0' GROUP BY ALL),
        post AS (
            SELECT person_id, instrument, informant, arg_max(total, administered_on) AS after,
                   max(administered_on) AS d1
            FROM r WHERE moment IN ('t1', 't2') GROUP BY ALL),
        joined AS (
            SELECT pre.*, post.after, post.d1, {band} AS age_band
            FROM pre JOIN post USING (person_id, instrument, informant)
            WHERE post.d1 > pre.d0)
        SELECT person_id, instrument, informant, before, after, d0, d1, age_band, gender,
               family_role
        FROM joined WHERE {period} {"AND age_band = ?" if selection.age_band else ""}
        ORDER BY instrument, informant, person_id
    """
    if selection.age_band:
        params.append(selection.age_band)
    return con.execute(query, params).fetchnumpy()


@dataclass
class InstrumentEffect:
    instrument: str
    informant: str
    name: str
    paired: stats.PairedStatistics
    rci_available: bool
    rci_reason: str
    counts: dict[str, int]  # raw partition: recovered/improved/unchanged/deteriorated


def effects(pair_table: dict) -> list[InstrumentEffect]:
    result = []
    instruments = pair_table["instrument"]
    informants = pair_table["informant"]
    if len(instruments) == 0:
        return result
    keys = np.char.add(np.char.add(instruments.astype(str), "|"), informants.astype(str))
    for key in np.unique(keys):
        mask = keys == key
        code, informant = str(key).split("|")
        before = pair_table["before"][mask].astype(float)
        after = pair_table["after"][mask].astype(float)
        instrument = engine.get(code)
        name = code if instrument is None else instrument.name("nl")
        found = norms(instrument) if instrument else None
        counts = dict.fromkeys(stats.CLASSES, 0)
        reason = ""
        if found:
            classes = stats.classify(before, after, sd=found["sd"],
                                     reliability=found["reliability"],
                                     cutoff=clinical_cutoff(instrument))
            values, numbers = np.unique(classes.astype(str), return_counts=True)
            counts.update({str(v): int(c) for v, c in zip(values, numbers, strict=True)})
        else:
            reason = "no-norms"
        result.append(InstrumentEffect(code, informant, name,
                                       stats.paired_statistics(before, after),
                                       bool(found), reason, counts))
    return result


def completeness(help_forms: dict, responses: dict, selection: Selection,
                 today: datetime.date) -> list[dict]:
    """Due and taken measurements per instrument family, informant and moment."""
    schedules = list(MeasurementSchedule.objects.active().values_list(
        "petal_id", "instrument_family", "informant", "moment", "anchor", "offset_days",
        "window_days"))
    if not schedules or len(help_forms["person_id"]) == 0:
        return []
    names = ("petal_id", "instrument_family", "informant", "moment", "anchor", "offset_days",
             "window_days")
    s = _columns(schedules, names, {"offset_days": "int", "window_days": "int"})
    con = duck.connect()
    register(con, "h", help_forms)
    register(con, "s", s)
    register(con, "r", responses)
    register(con, "i", _instrument_table())
    period, params = _period_sql("due_on", selection)
    band = _band_sql(_age_sql("born", "due_on"))
    informant = "AND s.informant = ?" if selection.informant else ""
    query = f"""
        WITH due AS (
            SELECT h.person_id, s.instrument_family, s.informant, s.moment, s.window_days,
                   h.started_on, h.person__date_of_birth AS born,
                   CASE s.anchor WHEN 'help_start' THEN h.started_on + s.offset_days::INTEGER
                                 ELSE h.ended_on + s.offset_days::INTEGER END AS due_on
            FROM h JOIN s ON h.petal_id = s.petal_id
            WHERE TRUE {informant}),
        fitting AS (
            SELECT DISTINCT due.* FROM due JOIN i ON i.family = due.instrument_family
              AND contains(i.informants, due.informant)
              AND {_age_sql("due.born", "due.due_on")} BETWEEN i.age_min AND i.age_max
            WHERE due.due_on IS NOT NULL AND due.due_on + due.window_days::INTEGER <= ?
              AND {period} {"AND " + band + " = ?" if selection.age_band else ""}),
        taken AS (
            SELECT DISTINCT r.person_id, i.family, r.informant, r.moment, r.administered_on
            FROM r JOIN i ON i.code = r.instrument)
        SELECT f.instrument_family, f.informant, f.moment, count(*) AS due,
               count(*) FILTER (WHERE EXISTS (
                   SELECT 1 FROM taken t WHERE t.person_id = f.person_id
                     AND t.family = f.instrument_family AND t.informant = f.informant
                     AND t.moment = f.moment
                     AND t.administered_on >= f.started_on - f.window_days::INTEGER)) AS taken
        FROM fitting f GROUP BY ALL ORDER BY ALL
    """
    args = [*([selection.informant] if selection.informant else []), today, *params,
            *([selection.age_band] if selection.age_band else [])]
    rows = con.execute(query, args).fetchall()
    return [{"instrument_family": f, "informant": inf, "moment": m, "due": int(d),
             "taken": int(t)} for f, inf, m, d, t in rows]


PROFILE_COLUMNS = ("person_id", "instrument", "moment", "administered_on", "total",
                   "subscales_json", "person__date_of_birth")


def profile(responses: dict, selection: Selection) -> dict:
    """The prevalence table (M-14) and the early-life-stress distribution (M-13) of the
    children in the selection: each child's first T0 of either checklist (`responses` from
    extract_responses with the profile)."""
    con = duck.connect()
    register(con, "p", {c: responses[c] for c in PROFILE_COLUMNS})
    period, params = _period_sql("d0", selection)
    band = _band_sql(_age_sql("person__date_of_birth", "d0"))
    where = f"{period} {'AND ' + band + ' = ?' if selection.age_band else ''}"
    if selection.age_band:
        params.append(selection.age_band)
    first = f"""
        SELECT person_id, instrument, arg_min(total, administered_on) AS total,
               arg_min(subscales_json, administered_on) AS subscales,
               min(administered_on) AS d0,
               any_value(person__date_of_birth) AS person__date_of_birth
        FROM p WHERE instrument IN ('{PREVALENCE_CODE}', '{ELS_CODE}') AND moment = 't0'
        GROUP BY person_id, instrument"""
    signalled = ", ".join(
        f"count(*) FILTER (WHERE json_extract_string(subscales, '$.\"indicator-{n}\"') = '1')"
        for n in range(1, 6))
    indicators = con.execute(f"""
        SELECT count(*), {signalled},
               count(*) FILTER (WHERE json_extract_string(subscales, '$."indicator-1"') IS NULL)
        FROM ({first}) WHERE instrument = '{PREVALENCE_CODE}' AND {where}""",
        params).fetchone()
    distribution = con.execute(f"""
        SELECT total::INTEGER, count(*) FROM ({first})
        WHERE instrument = '{ELS_CODE}' AND {where} GROUP BY 1 ORDER BY 1""", params).fetchall()
    n_children, *signalled, without_detail = indicators
    return {"prevalence_n": int(n_children) - int(without_detail),
            "prevalence": [int(v) for v in signalled],
            "els": {int(types): int(count) for types, count in distribution}}


# -- what may be released ------------------------------------------------------------------

PREVALENCE_ITEMS = ("1", "2", "3", "4", "5")


@dataclass
class Released:
    """The figures that may be shown and published: every count is 0 or at least 5 and no
    smaller count follows from them; withheld values are None."""

    selection: dict
    persons: int = 0  # persons the figures were computed over: for the audit, never shown
    effects: list[dict] = field(default_factory=list)
    completeness: list[dict] = field(default_factory=list)
    prevalence: dict = field(default_factory=dict)
    early_life_stress: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"selection": self.selection, "min_cell": stats.MIN_CELL,
                "effects": self.effects, "completeness": self.completeness,
                "prevalence": self.prevalence, "early_life_stress": self.early_life_stress}


def _pct(part: int | None, whole: int) -> float | None:
    return None if part is None or not whole else round(100.0 * part / whole, 1)


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(float(value), digits)


def release_effect(effect: InstrumentEffect) -> dict:
    p = effect.paired
    row = {"instrument": effect.instrument, "informant": effect.informant,
           "name": effect.name, "suppressed": p.n < stats.MIN_CELL,
           "rci_available": effect.rci_available, "rci_reason": effect.rci_reason}
    if row["suppressed"]:
        return {**row, "n": None}
    c = effect.counts
    shown = stats.suppress_partition(
        c, {"n": stats.CLASSES, "recovered": (stats.RECOVERED,),
            "improved": (stats.RECOVERED, stats.IMPROVED),
            "deteriorated": (stats.DETERIORATED,)}, keep=("n",))
    rci = effect.rci_available
    return {
        **row, "n": p.n,
        "mean_before": _round(p.mean_before), "mean_after": _round(p.mean_after),
        "mean_change": _round(p.mean_change), "change_low": _round(p.change_low),
        "change_high": _round(p.change_high), "d": _round(p.d), "d_low": _round(p.d_low),
        "d_high": _round(p.d_high),
        "pct_improved": _pct(shown["improved"], p.n) if rci else None,
        "pct_recovered": _pct(shown["recovered"], p.n) if rci else None,
        "pct_deteriorated": _pct(shown["deteriorated"], p.n) if rci else None,
        "improved_suppressed": rci and shown["improved"] is None,
        "recovered_suppressed": rci and shown["recovered"] is None,
        "deteriorated_suppressed": rci and shown["deteriorated"] is None,
    }


def release_completeness(row: dict) -> dict:
    shown = stats.suppress_partition(
        {"taken": row["taken"], "missed": row["due"] - row["taken"]},
        {"due": ("taken", "missed"), "taken": ("taken",)}, keep=("due",))
    if not stats.safe_count(row["due"]):
        shown = {"due": None, "taken": None}
    return {**{k: row[k] for k in ("instrument_family", "informant", "moment")},
            "due": shown["due"], "taken": shown["taken"], "pct": _pct(shown["taken"],
                                                                      shown["due"] or 0),
            "suppressed": shown["taken"] is None}


def release_profile(raw: dict) -> tuple[dict, dict]:
    n = raw["prevalence_n"]
    prevalence = {"n": n if stats.safe_count(n) else None, "items": []}
    for item, count in zip(PREVALENCE_ITEMS, raw["prevalence"], strict=True):
        shown = stats.suppress_partition({"yes": count, "no": n - count},
                                         {"n": ("yes", "no"), "yes": ("yes",)}, keep=("n",))
        value = shown["yes"] if prevalence["n"] is not None else None
        prevalence["items"].append({"item": item, "count": value, "pct": _pct(value, n)})
    els = raw["els"]
    total = sum(els.values())
    bins = {types: els.get(types, 0) for types in range(0, 11)}
    shown_bins = stats.suppress_histogram(bins) if stats.safe_count(total) else dict.fromkeys(
        bins)
    distribution = {
        "n": total if stats.safe_count(total) else None,
        "bins": [{"types": t, "count": c, "pct": _pct(c, total)} for t, c in shown_bins.items()],
    }
    return prevalence, distribution


@reads_from_replica()
def cohort(user, selection: Selection, *, today: datetime.date | None = None) -> Released:
    """Everything the dashboard shows, released under the small-cell rules."""
    today = today or timezone.localdate()
    persons = extract_persons(user)
    responses = extract_responses(user, selection, persons=persons, with_profile=True)
    pair_table = pairs(responses, selection)
    released = Released(selection=selection.as_dict(),
                        persons=int(np.unique(responses["person_id"]).size))
    released.effects = [release_effect(e) for e in effects(pair_table)]
    help_forms = extract_help_forms(user, selection, persons=persons)
    released.completeness = [release_completeness(row) for row in
                             completeness(help_forms, responses, selection, today)]
    released.prevalence, released.early_life_stress = release_profile(
        profile(responses, selection))
    return released


def scope_q(user) -> Q:
    return policy.family_visible_q(user, prefix="family__")
