"""`bloem rules_doc` writes docs/rules.md from the engine and `--check` catches a stale one."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bloem.rules import doc


def test_rules_doc_writes_the_engines_table_and_checks_it(tmp_path):
    target = tmp_path / "rules.md"
    call_command("rules_doc", output=str(target), stdout=None)
    assert target.read_text(encoding="utf-8") == doc.render()
    call_command("rules_doc", output=str(target), check=True, stdout=None)
    target.write_text("# stale\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("rules_doc", output=str(target), check=True)
