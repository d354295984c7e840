"""The processes extractors started, so that a signal to khabar stops them too.

A ``cmd:`` child leads its own session and a ``py:`` worker (``--timeout``) its
own process group: neither gets the terminal's Ctrl-C, and neither dies with
khabar. Each runner registers its child's group here while it runs
(:func:`tracked`); the ``khabar`` command installs :func:`install` so that
SIGINT, SIGTERM and SIGHUP kill every registered group (and the
``multiprocessing`` resource tracker) before khabar exits with 128 + the signal
number: 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP. Nothing more is
written on the way out (``score``, ``compare``, ``check`` and ``leaderboard``
write their outputs only once every system has run, so they write nothing).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from typing import Any

_GROUPS: set[int] = set()

#: What is said on stderr before exiting, per signal.
_SAID = {signal.SIGINT: "interrupted (SIGINT, Ctrl-C)",
         signal.SIGTERM: "terminated (SIGTERM)",
         signal.SIGHUP: "hung up (SIGHUP)"}


@contextlib.contextmanager
def tracked(pid: int) -> Iterator[None]:
    """Register the process group led by ``pid`` while the block runs."""
    _GROUPS.add(pid)
    try:
        yield
    finally:
        _GROUPS.discard(pid)


def kill_all() -> int:
    """SIGKILL every registered process group (and its leader, in case it has not
    made its group yet), then the ``multiprocessing`` resource tracker; the number
    of groups killed."""
    killed = len(_GROUPS)
    for pid in list(_GROUPS):
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    _GROUPS.clear()
    tracker_module = sys.modules.get("multiprocessing.resource_tracker")
    tracker = getattr(tracker_module, "_resource_tracker", None)
    tracker_pid = getattr(tracker, "_pid", None)
    if isinstance(tracker_pid, int) and tracker_pid > 0:
        with contextlib.suppress(OSError):
            os.kill(tracker_pid, signal.SIGKILL)
    return killed


def _on_signal(signum: int, frame: Any) -> None:
    killed = kill_all()
    name = _SAID.get(signum, f"signal {signum}")  # type: ignore[call-overload]
    processes = f", killed the extractor's processes ({killed} group(s))" if killed else ""
    with contextlib.suppress(Exception):
        sys.stderr.write(f"\nkhabar: {name}: stopped{processes}; no further output is "
                         "written\n")
        sys.stderr.flush()
    os._exit(128 + signum)


def install() -> None:
    """Handle SIGINT, SIGTERM and SIGHUP as described above (main thread only)."""
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        with contextlib.suppress(ValueError, OSError):   # not the main thread
            signal.signal(signum, _on_signal)
