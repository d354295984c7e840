"""benchmark.core.gcpause: the collector is off inside, on after; in the console
script what the block built is frozen (never rescanned) while later cycles are
still collected, and in the library nothing is frozen."""

import gc
import weakref

import pytest

from benchmark.core.gcpause import freeze_after_pauses, paused, paused_gc


class _Node:
    pass


@pytest.fixture
def console_script():
    """The console script's setting (benchmark.cli.app turns it on)."""
    freeze_after_pauses()
    yield
    freeze_after_pauses(False)


def test_in_the_library_a_pause_freezes_nothing():
    before = gc.get_freeze_count()
    with paused():
        built = [{"start": i} for i in range(1000)]
    assert gc.isenabled() and gc.get_freeze_count() == before
    assert built[999] == {"start": 999}


def test_evaluating_in_a_loop_keeps_nothing_frozen():
    """A library caller evaluating again and again keeps no object alive for good."""
    from benchmark import DEFAULTS, evaluate, load_gold

    dev = load_gold().select("dev")

    evaluate("rules", dev, DEFAULTS.but(bootstrap=0))
    before = gc.get_freeze_count()
    for _ in range(3):
        evaluate("rules", dev, DEFAULTS.but(bootstrap=0))
    assert gc.get_freeze_count() == before


def test_pause_restores_the_collector_and_freezes_what_it_built(console_script):
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
        with paused():  # nested: still off, and on only after the outermost
            assert not gc.isenabled()
        assert not gc.isenabled()
        built = [{"start": i} for i in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(built)
    assert built[999] == {"start": 999}  # still alive, still freed by reference counting


def test_cycles_made_after_a_pause_are_still_collected(console_script):
    paused_gc(lambda: [object() for _ in range(100)])()
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    probe = weakref.ref(a)
    del a, b
    gc.collect()
    assert probe() is None


def test_a_disabled_collector_stays_disabled():
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
