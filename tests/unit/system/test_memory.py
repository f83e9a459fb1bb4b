"""What the build asks of Python's garbage collector (heap.py) is handed back as it was."""

from __future__ import annotations

import gc

import pytest

from akhbar.system import memory as heap


@pytest.fixture(autouse=True)
def _restored(collector_restored):
    """Every test here leaves the collector as it found it."""


def test_loading_turns_the_collector_off_and_back_on_even_after_an_error():
    gc.enable()
    before = gc.get_freeze_count()
    with pytest.raises(ValueError), heap.loading():  # noqa: PT012 - raised inside loading()
        assert not gc.isenabled()
        made = [[number] for number in range(1000)]
        raise ValueError("a seed could not be loaded")
    assert gc.isenabled()
    # What was made inside is out of the collector's sight from now on.
    assert gc.get_freeze_count() >= before + len(made)


def test_loading_leaves_a_collector_that_was_off_off():
    gc.disable()
    with heap.loading():
        pass
    assert not gc.isenabled()


def test_thaw_hands_frozen_objects_back_to_the_collector():
    heap.settled()
    assert gc.get_freeze_count() > 0
    heap.thaw()
    assert gc.get_freeze_count() == 0
