# ruff: noqa: S608 - the COPY target is a path in our own temporary directory
"""The pseudonymised research export: Parquet and CSV with a codebook, in one zip.

What it holds: one row per person, instrument and informant with a T0 and an end
measurement — a pseudonym, the instrument, the informant, the age band at T0, gender,
place in the family, the month of the T0, the months between T0 and the end measurement,
and the two totals. What it never holds: names, addresses, file numbers, database ids,
free text, exact dates (months only), ages (bands only), locations or municipalities.

Pseudonyms are HMAC-SHA256(BLOEM_PSEUDONYM_KEY, "<project>:<person id>"): stable within one
export project (a later export of the same project links to an earlier one), different
between projects, and not reversible without the key. Rows are then made k-anonymous
(k = 5) on the quasi-identifiers age band, gender, place in the family and T0 month: first
the month of the rare combinations becomes the year, then the age band becomes child or
adult, and rows of persons still in a class of fewer than five are left out. The
codebook reports each step and the smallest class that was released."""

from __future__ import annotations

import csv
import datetime
import hashlib
import hmac
import io
import json
import tempfile
import zipfile
from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from bloem.core.db_router import reads_from_replica

from . import anonymity, duck
from .cohort import Selection, extract_responses, pairs, register

QUASI_IDENTIFIERS = ("age_band", "gender", "family_role", "start_month")
COLUMNS = ("pseudonym", "instrument", "informant", "age_band", "gender", "family_role",
           "start_month", "months_to_end", "score_t0", "score_end")
CODEBOOK = {
    "pseudonym": "Keyed hash of the person, stable within this export project only.",
    "instrument": "Instrument code (docs/instruments.md).",
    "informant": "Who answered: self, caregiver or worker.",
    "age_band": "Age at T0 in bands (0-3, 4-11, 12-17, 18-29, 30-44, 45+); 0-17 or 18+ "
                "where a finer band was too rare.",
    "gender": "female, male, other or unknown.",
    "family_role": "Place in the family: parent, child, other_parent, network.",
    "start_month": "Month of the T0 measurement (YYYY-MM); the year only where the month "
                   "was too rare.",
    "months_to_end": "Whole months between T0 and the end measurement (T1 or T2).",
    "score_t0": "Total score at T0.",
    "score_end": "Total score at the end measurement (the latest T1 or T2 after T0).",
}


def pseudonym_key() -> bytes:
    key = getattr(settings, "PSEUDONYM_KEY", "")
    if len(key) < 32:
        raise ImproperlyConfigured("BLOEM_PSEUDONYM_KEY is not set (32 characters or more).")
    return key.encode()


def pseudonyms(person_ids: np.ndarray, project: str, key: bytes) -> np.ndarray:
    unique, inverse = np.unique(person_ids.astype(np.int64), return_inverse=True)
    codes = np.array([
        hmac.new(key, f"{project}:{int(pk)}".encode(), hashlib.sha256).hexdigest()[:20]
        for pk in unique
    ], dtype=object)
    return codes[inverse] if unique.size else np.array([], dtype=object)


def _year(values: np.ndarray) -> np.ndarray:
    return np.array([str(v)[:4] for v in values], dtype=object)


def _broad_age(values: np.ndarray) -> np.ndarray:
    return np.array(["0-17" if str(v) in ("0-3", "4-11", "12-17") else "18+"
                     for v in values], dtype=object)


GENERALISE = (("start_month", _year), ("age_band", _broad_age))


@reads_from_replica()
def research_table(user, selection: Selection, project: str, key: bytes
                   ) -> tuple[dict[str, np.ndarray], anonymity.KReport]:
    table = pairs(extract_responses(user, selection), selection)
    d0 = np.asarray(table["d0"], dtype="datetime64[D]")
    d1 = np.asarray(table["d1"], dtype="datetime64[D]")
    months = (d1.astype("datetime64[M]") - d0.astype("datetime64[M]")).astype(int)
    columns = {
        "pseudonym": pseudonyms(np.asarray(table["person_id"]), project, key),
        "instrument": np.asarray(table["instrument"], dtype=object),
        "informant": np.asarray(table["informant"], dtype=object),
        "age_band": np.array(["unknown" if v is None else v for v in table["age_band"]],
                             dtype=object),
        "gender": np.asarray(table["gender"], dtype=object),
        "family_role": np.asarray(table["family_role"], dtype=object),
        "start_month": np.datetime_as_string(d0, unit="M").astype(object),
        "months_to_end": months.astype(object),
        "score_t0": np.asarray(table["before"], dtype=float).astype(object),
        "score_end": np.asarray(table["after"], dtype=float).astype(object),
    }
    return anonymity.k_anonymize(columns, quasi=QUASI_IDENTIFIERS, person="pseudonym",
                                 generalise=GENERALISE)


def codebook(report: anonymity.KReport, *, project: str, purpose: str, selection: dict,
             approved_at: datetime.datetime | None) -> dict:
    return {
        "project": project, "purpose": purpose, "selection": selection,
        "approved_at": approved_at.isoformat() if approved_at else None,
        "columns": CODEBOOK,
        "not_included": ["names", "addresses", "phone numbers", "file numbers",
                         "database ids", "free text", "exact dates", "exact ages",
                         "locations", "municipalities"],
        "k_anonymity": {
            "k": report.k, "quasi_identifiers": list(report.quasi_identifiers),
            "rows_before": report.rows_in, "rows_released": report.rows_out,
            "generalised": report.generalised, "rows_left_out": report.rows_left_out,
            "persons_left_out": report.persons_left_out,
            "smallest_class": report.smallest_class,
            "k_anonymous": report.anonymous,
        },
    }


def _codebook_markdown(book: dict) -> str:
    k = book["k_anonymity"]
    lines = [f"# Research export `{book['project']}`", "", f"Purpose: {book['purpose']}", "",
             "## Columns", ""]
    lines += [f"- `{name}`: {text}" for name, text in book["columns"].items()]
    lines += ["", "Not included: " + ", ".join(book["not_included"]) + ".", "",
              "## k-anonymity", "",
              f"- k = {k['k']} on {', '.join(k['quasi_identifiers'])}",
              f"- rows before: {k['rows_before']}, released: {k['rows_released']}",
              f"- generalised: {json.dumps(k['generalised'])}",
              f"- left out: {k['rows_left_out']} rows of {k['persons_left_out']} persons",
              f"- smallest class released: {k['smallest_class']}",
              f"- k-anonymous: {'yes' if k['k_anonymous'] else 'NO'}", ""]
    return "\n".join(lines)


def build_zip(columns: dict[str, np.ndarray], book: dict) -> bytes:
    con = duck.connect()
    register(con, "export", {name: columns[name] for name in COLUMNS})
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(buffer, "w",
                                                               zipfile.ZIP_DEFLATED) as archive:
        parquet = Path(tmp) / "data.parquet"
        con.execute(f"""COPY (SELECT pseudonym::VARCHAR AS pseudonym,
            instrument::VARCHAR AS instrument, informant::VARCHAR AS informant,
            age_band::VARCHAR AS age_band, gender::VARCHAR AS gender,
            family_role::VARCHAR AS family_role, start_month::VARCHAR AS start_month,
            months_to_end::INTEGER AS months_to_end, score_t0::DOUBLE AS score_t0,
            score_end::DOUBLE AS score_end FROM export) TO '{parquet}' (FORMAT parquet)""")
        archive.write(parquet, "data.parquet")
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(COLUMNS)
        writer.writerows(zip(*(columns[name] for name in COLUMNS), strict=True))
        archive.writestr("data.csv", text.getvalue())
        archive.writestr("codebook.json", json.dumps(book, indent=2, ensure_ascii=False))
        archive.writestr("codebook.md", _codebook_markdown(book))
    return buffer.getvalue()
