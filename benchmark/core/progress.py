"""Progress of long runs (LLM and hf extractors, the leaderboard, robustness) on stderr.

Rules:

* Progress goes to **stderr** only, never to stdout (stdout may carry JSON).
* On a terminal it is a rich progress bar: what runs, the bar, ``done/total``
  documents (or runs), the runner's facts — requests sent, cache hits,
  retries, failed requests — the elapsed time and an ETA. The bar is redrawn
  several times a second, so the facts move while a document is in flight.
* Elsewhere (a CI log, a pipe, a file) it is plain lines: one at the start, one
  whenever another 10 % of the work is done, one every ``interval`` seconds
  (5 s) while nothing else was printed, and one at the end, e.g.
  ``khabar: openai:qwen: 4/10 documents (40%), requests 8, cache hits 0,
  retries 1, 3.2 s elapsed, ETA 4.8 s``.
* ``KHABAR_PROGRESS=bar|lines|off`` overrides the choice;
  ``KHABAR_PROGRESS_INTERVAL`` (seconds) the period of plain lines.

A runner reports with the callback ``progress(done, total)``
(:attr:`Progress.update`); the facts come from its ``stats`` dict, read when
the display is drawn.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, TextIO

#: Rich bars shown now (a nested run shows none: rich allows one live display).
_ACTIVE_BARS = 0

#: runner ``stats`` keys shown, in order, with their labels.
FACTS: tuple[tuple[str, str], ...] = (("requests", "requests"), ("cache_hits", "cache hits"),
                                      ("retries", "retries"), ("failures", "failed requests"))


def bar_active() -> bool:
    """Whether a rich bar is on screen (no other live display may start then)."""
    return _ACTIVE_BARS > 0


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(int(round(seconds)), 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def format_facts(facts: Mapping[str, Any] | None) -> str:
    """``requests 8, cache hits 0, retries 1`` from a runner's stats (known keys only)."""
    if not facts:
        return ""
    parts = [f"{label} {facts[key]}" for key, label in FACTS
             if isinstance(facts.get(key), int) and not isinstance(facts.get(key), bool)]
    return ", ".join(parts)


def choose_mode(stream: TextIO) -> str:
    """``bar`` on a terminal, ``lines`` elsewhere; ``KHABAR_PROGRESS`` overrides."""
    forced = os.environ.get("KHABAR_PROGRESS", "").strip().lower()
    if forced in ("bar", "lines", "off"):
        return forced
    isatty = getattr(stream, "isatty", None)
    try:
        return "bar" if isatty is not None and isatty() else "lines"
    except (OSError, ValueError):
        return "lines"


class Progress:
    """The progress display of one run (a context manager; see the module rules).

    ``label`` names what runs (``openai:qwen``), ``total`` the work in ``unit``
    (documents, or runs for robustness), ``facts`` returns the runner's stats.
    """

    def __init__(self, label: str, total: int, *, unit: str = "documents",
                 facts: Callable[[], Mapping[str, Any] | None] | None = None,
                 stream: TextIO | None = None, mode: str | None = None,
                 interval: float | None = None):
        self.label, self.total, self.unit = label, max(0, int(total)), unit
        self.facts = facts or (lambda: None)
        self.stream = stream if stream is not None else sys.stderr
        self.mode = mode or choose_mode(self.stream)
        if interval is None:
            try:
                interval = float(os.environ.get("KHABAR_PROGRESS_INTERVAL", "5"))
            except ValueError:
                interval = 5.0
        self.interval = max(0.05, interval)
        self.done = 0
        self._lock = threading.Lock()
        self._started = time.monotonic()
        self._last_line = 0.0
        self._last_decile = -1
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._bar: Any = None
        self._task: Any = None

    # -- the callback -------------------------------------------------------------

    def update(self, done: int, total: int | None = None) -> None:
        """``done`` of ``total`` units finished (the runners' ``progress`` callback)."""
        with self._lock:
            if total is not None and total >= 0:
                self.total = int(total)
            self.done = max(0, int(done))
        if self.mode == "bar" and self._bar is not None:
            self._bar.update(self._task, completed=self.done, total=self.total or None)
        elif self.mode == "lines":
            decile = (10 * self.done // self.total) if self.total else 0
            if decile > self._last_decile:
                self._last_decile = decile
                if 0 < self.done < self.total:
                    self._line()

    def advance(self, n: int = 1) -> None:
        self.update(self.done + n)

    # -- text ---------------------------------------------------------------------

    def status(self) -> str:
        """``4/10 documents (40%), requests 8, …, 3.2 s elapsed, ETA 4.8 s``."""
        elapsed = time.monotonic() - self._started
        parts = [f"{self.done}/{self.total} {self.unit}"
                 + (f" ({100 * self.done // self.total}%)" if self.total else "")]
        try:
            facts = format_facts(self.facts())
        except Exception:  # noqa: BLE001 - a broken stats property must not stop the run
            facts = ""
        if facts:
            parts.append(facts)
        parts.append(f"{_duration(elapsed)} elapsed")
        if 0 < self.done < self.total:
            parts.append(f"ETA {_duration(elapsed / self.done * (self.total - self.done))}")
        return ", ".join(parts)

    def _line(self, prefix: str = "") -> None:
        self._last_line = time.monotonic()
        try:
            print(f"khabar: {self.label}: {prefix}{self.status()}", file=self.stream, flush=True)
        except (OSError, ValueError):
            pass

    def _tick(self) -> None:
        while not self._stop.wait(self.interval / 4):
            if time.monotonic() - self._last_line >= self.interval:
                self._line()

    # -- lifetime -----------------------------------------------------------------

    def __enter__(self) -> Progress:
        global _ACTIVE_BARS
        self._started = time.monotonic()
        if self.mode == "bar" and _ACTIVE_BARS:
            self.mode = "off"                  # one live display at a time: the outer one
        if self.mode == "bar":
            _ACTIVE_BARS += 1
            self._start_bar()
        elif self.mode == "lines":
            self._line("started, ")
            self._last_decile = 0
            self._thread = threading.Thread(target=self._tick, name="khabar-progress",
                                            daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        global _ACTIVE_BARS
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
            _ACTIVE_BARS -= 1
        if self.mode != "off":
            self._line("finished, " if exc[0] is None else "stopped, ")

    def _start_bar(self) -> None:
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, ProgressColumn,
                                   SpinnerColumn, TextColumn, TimeElapsedColumn,
                                   TimeRemainingColumn)
        from rich.progress import Progress as RichProgress
        from rich.text import Text

        owner = self

        class FactsColumn(ProgressColumn):
            def render(self, task: Any) -> Text:
                try:
                    return Text(format_facts(owner.facts()), style="cyan")
                except Exception:  # noqa: BLE001
                    return Text("")

        console = Console(file=self.stream, stderr=self.stream is sys.stderr, highlight=False,
                          emoji=False)
        self._bar = RichProgress(
            SpinnerColumn(), TextColumn("{task.description}", markup=False), BarColumn(),
            MofNCompleteColumn(), TextColumn(self.unit, markup=False), FactsColumn(),
            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
            console=console, transient=True, refresh_per_second=8)
        self._task = self._bar.add_task(self.label, total=self.total or None,
                                        completed=self.done)
        self._bar.start()
