"""Pause the cyclic garbage collector while khabar builds large acyclic data.

Loading gold, validating predictions and scoring allocate millions of small
containers (dicts from JSON, tuples, dataclass instances) that never form
reference cycles; reference counting frees them. As the heap grows, the cyclic
collector still rescans all of it every time it has grown by a quarter: on
the 1M-token corpus of ``tests/perf/e2e.py`` that was about a quarter of a
``khabar score`` run, for nothing collected. :func:`paused_gc` turns it off for
the duration of a call (nested calls are fine) and back on after.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection inside the block (the previous state is restored)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def paused_gc(fn: F) -> F:
    """Decorator: run ``fn`` inside :func:`paused`."""
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with paused():
            return fn(*args, **kwargs)
    return wrapper  # type: ignore[return-value]
