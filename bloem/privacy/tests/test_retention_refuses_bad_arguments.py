"""`bloem retention` exits non-zero with a clear reason on bad arguments."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from bloem.privacy.management.commands.retention import Command


def test_a_date_that_is_not_a_date_is_refused(db):
    with pytest.raises(CommandError, match="2026-13-01"):
        call_command("retention", "--before", "2026-13-01")


def test_apply_with_a_date_in_the_future_is_refused(db):
    with translation.override("en"), pytest.raises(CommandError, match="not ended yet"):
        call_command("retention", "--apply", "--before", "2999-01-01")


def test_a_bad_retention_setting_is_refused(db, settings):
    settings.RETENTION_YEARS = 0
    with pytest.raises(CommandError, match="RETENTION_YEARS"):
        call_command("retention")


def test_the_command_line_exits_with_a_non_zero_code(db, capsys):
    with translation.override("nl"), pytest.raises(SystemExit) as exit_:
        Command().run_from_argv(["bloem", "retention", "--before", "gisteren"])
    assert exit_.value.code != 0
    assert "JJJJ-MM-DD" in capsys.readouterr().err  # in the operator's language
