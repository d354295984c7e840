"""Pause the cyclic garbage collector while khabar builds large acyclic data.

Loading gold, validating predictions and scoring allocate millions of small
containers (dicts from JSON, tuples, dataclass instances) that never form
reference cycles; reference counting frees them. As the heap grows, the cyclic
collector still rescans all of it every time it has grown by a quarter: on
the 1M-token corpus of ``tests/perf/e2e.py`` that was about a quarter of a
``khabar score`` run, for nothing collected. :func:`paused_gc` turns it off for
the duration of a call (nested calls are fine) and back on after.

Turning it back on has a price of its own: everything allocated during the
pause sits in the youngest generation, and the first allocation after it makes
the collector traverse all of it (about 0.17 s of a ``khabar score`` run on that
corpus, once per paused call). So the outermost pause ends with
``gc.freeze()``, which moves the objects alive then into the permanent
generation, never rescanned; reference counting still frees them. What it
costs: a reference cycle that is already garbage at that moment is never
collected, and neither is anything the process keeps frozen. That is right for
the ``khabar`` console script, a process that ends with its command, and wrong
for a library caller that evaluates in a loop for hours (a few frozen objects
per call would add up): so only the console script turns it on
(:func:`freeze_after_pauses`, called by ``benchmark.cli.app``); in the library the
pause ends with a plain ``gc.enable()``.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

#: whether the outermost pause ends with ``gc.freeze()`` (the console script only)
_freeze_at_end = False


def freeze_after_pauses(on: bool = True) -> None:
    """Make the outermost pause end with ``gc.freeze()`` (module docstring): for a
    short-lived process such as the ``khabar`` console script."""
    global _freeze_at_end
    _freeze_at_end = on


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection inside the block (the previous state is restored)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if _freeze_at_end:
                gc.freeze()  # see the module docstring: no rescan of what the block built
            gc.enable()


def paused_gc(fn: F) -> F:
    """Decorator: run ``fn`` inside :func:`paused`."""
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with paused():
            return fn(*args, **kwargs)
    return wrapper  # type: ignore[return-value]
