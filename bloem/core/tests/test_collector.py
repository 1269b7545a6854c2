"""The garbage collector is paused only for the duration of a bulk read: it runs again
afterwards, also when the read fails, and a collector switched off elsewhere stays off."""

import gc

import pytest

from bloem.core import collector


def test_the_collector_runs_again_after_a_bulk_read_even_one_that_fails():
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector.paused():
        assert not gc.isenabled()
        raise RuntimeError("the read failed")
    assert gc.isenabled()


def test_a_collector_switched_off_elsewhere_stays_off():
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_startup_objects_are_frozen_and_the_collector_still_runs():
    try:
        collector.freeze_startup()
        assert gc.get_freeze_count() > 0
        assert gc.isenabled()
    finally:
        gc.unfreeze()
