"""The Dutch catalogues are complete: the UI is Dutch by default, and a care worker must
never meet an English sentence, a fuzzy guess, a message that lost its %(name)s, or a
translation that is in the .po but was never compiled into the .mo that Django reads.

Fix a failure with `make messages`, then translate what `msgattrib --untranslated` and
`msgattrib --only-fuzzy` show in the named catalogue.
"""

import gettext
import re
from pathlib import Path

import polib
import pytest

import bloem

ROOT = Path(bloem.__file__).parent
CATALOGUES = sorted(ROOT.glob("**/locale/nl/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
each_catalogue = pytest.mark.parametrize(
    "po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT.parent)))


def _placeholders(*texts: str) -> set[str]:
    return {p for text in texts for p in PLACEHOLDER.findall(text)}


def _entries(po: Path) -> list[polib.POEntry]:
    return [e for e in polib.pofile(str(po)) if not e.obsolete]


def _key(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def _label(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt} | {entry.msgid}" if entry.msgctxt else entry.msgid


def test_there_is_a_dutch_catalogue():
    assert CATALOGUES


@each_catalogue
def test_every_entry_is_translated_and_not_fuzzy(po):
    entries = _entries(po)
    assert [_label(e) for e in entries if e.fuzzy] == []
    assert [_label(e) for e in entries if not e.translated()] == []


@each_catalogue
def test_translations_keep_the_placeholders(po):
    wrong = []
    for e in _entries(po):
        if "python-format" not in e.flags:
            continue
        expected = _placeholders(e.msgid, e.msgid_plural or "")
        forms = e.msgstr_plural.values() if e.msgid_plural else [e.msgstr]
        wrong += [(_label(e), s) for s in forms if _placeholders(s) != expected]
    assert wrong == []


@each_catalogue
def test_the_compiled_catalogue_matches_the_po(po):
    expected = {}
    for e in _entries(po):
        if not e.translated():
            continue
        if e.msgid_plural:
            expected.update({(_key(e), int(n)): s for n, s in e.msgstr_plural.items()})
        else:
            expected[_key(e)] = e.msgstr
    with po.with_suffix(".mo").open("rb") as mo:
        compiled = dict(gettext.GNUTranslations(mo)._catalog)
    compiled.pop("", None)  # the header
    assert compiled == expected, "the .mo is stale: run `make messages`"
