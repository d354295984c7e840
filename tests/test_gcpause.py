"""benchmark.core.gcpause: the collector is off inside, on after, and what the
block built is frozen (never rescanned) while later cycles are still collected."""

import gc
import weakref

from benchmark.core.gcpause import paused, paused_gc


class _Node:
    pass


def test_pause_restores_the_collector_and_freezes_what_it_built():
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


def test_cycles_made_after_a_pause_are_still_collected():
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
