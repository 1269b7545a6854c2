"""The engine itself: pure Python, every rule complete in both languages, and the
generated docs/rules.md up to date."""

import ast
import pathlib
import string
import subprocess
import sys

import pytest

from bloem.rules import RULES, doc, evaluate
from bloem.rules.engine import finding

PACKAGE = pathlib.Path(__file__).resolve().parents[1]
ROOT = PACKAGE.parents[1]


def test_the_engine_imports_nothing_of_django():
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            for name in names:
                assert not name.startswith(("django", "rest_framework", "bloem")), (path, name)


def test_the_engine_runs_in_a_python_without_django():
    code = ("import sys; sys.modules['django'] = None; import bloem.rules as r; "
            "import datetime as d; "
            "v = r.evaluate(r.facts.StartHelp('nika', d.date(2026, 1, 1))); "
            "assert v.blocked; assert 'django' not in [m.split('.')[0] for m in sys.modules "
            "if sys.modules[m] is not None]")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)  # noqa: S603


@pytest.mark.parametrize("rule", list(RULES.values()), ids=list(RULES))
def test_every_rule_explains_itself_in_dutch_and_english_with_a_source(rule):
    assert rule.title.nl and rule.title.en and rule.title.nl != rule.title.en
    assert rule.explanation.nl and rule.explanation.en
    assert rule.source
    assert rule.applies_to
    for text in rule.messages.values():
        fields_nl = {f for _, f, _, _ in string.Formatter().parse(text.nl) if f}
        fields_en = {f for _, f, _, _ in string.Formatter().parse(text.en) if f}
        assert fields_nl == fields_en, text


def test_a_check_cannot_give_a_message_that_is_not_in_the_table():
    with pytest.raises(KeyError):
        finding("consent.under-12", "no-such-message")


def test_an_unknown_action_is_refused():
    with pytest.raises(TypeError):
        evaluate(object())


def test_docs_rules_md_is_generated_from_the_engine_and_up_to_date():
    committed = (ROOT / "docs" / "rules.md").read_text()
    assert committed == doc.render(), "docs/rules.md is out of date: run `bloem rules_doc`"
    for rule_id in RULES:
        assert f"`{rule_id}`" in committed
