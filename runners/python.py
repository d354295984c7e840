"""``py:package.module:callable`` — an in-process extractor.

The target is imported and used as follows:

* an object with ``predict`` (and optionally ``describe``) is used as is;
* a class is instantiated without arguments, then used as above;
* a plain function is called as ``function(documents) -> records``.

Rules:

* **Import and construction** happen when the spec is built, before anything
  runs. A module that cannot be found, fails at import (``SyntaxError``, an
  ``ImportError`` inside it, any exception or ``sys.exit`` at top level) or a
  class whose constructor raises is a bad spec: ``ValueError`` naming the
  module and the error (the CLI exits 2, like any other bad spec).
* **Calls** that raise anything — ``SystemExit`` included (an extractor that
  calls ``sys.exit(0)`` has failed, not succeeded), ``KeyboardInterrupt``
  excepted — fail the extractor (:class:`~runners.base.ExtractorFailed`).
* **stdout**: while the callable runs, ``sys.stdout`` is redirected to
  ``sys.stderr``, so its ``print()`` calls cannot corrupt khabar's output.
* **Timeout**: without one the callable runs in khabar's process (a hang is
  then the user's to interrupt). With ``timeout`` it runs in a worker process
  (``multiprocessing``, *spawn* start method, its own session so its children
  are killed with it): the module is imported again there, the documents are
  pickled to it and the records pickled back, and the worker is killed when
  it has not answered after ``timeout`` seconds (start-up and import
  included). Records must then be picklable (plain JSON-like values are).
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import math
import multiprocessing
import os
import signal
import sys
import time
from dataclasses import dataclass
from typing import Any

from benchmark.core.documents import Document
from benchmark.core.untrusted import clip
from runners.base import ExtractorFailed, ExtractorInfo, Record
from runners.children import tracked


def _describe(exc: BaseException) -> str:
    """``ValueError: message`` (the message clipped), ``called sys.exit(0)``."""
    if isinstance(exc, SystemExit):
        return f"called sys.exit({clip(repr(exc.code), 100)})"
    text = clip(str(exc), 500)
    if isinstance(exc, SyntaxError) and exc.filename:
        text = f"{exc.msg} ({exc.filename}, line {exc.lineno})"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _raised(exc: BaseException) -> str:
    """``raised ValueError: boom`` or ``called sys.exit(0)``."""
    return _describe(exc) if isinstance(exc, SystemExit) else f"raised {_describe(exc)}"


def load_target(target: str) -> Any:
    """Import ``module:attribute`` (dots allowed in the attribute). The current
    directory is importable, as with ``python -m``. ``ValueError`` for anything
    that goes wrong, naming the module and the error."""
    if os.getcwd() not in sys.path and "" not in sys.path:
        sys.path.insert(0, os.getcwd())
    module_name, sep, attr = target.partition(":")
    if not sep or not module_name or not attr:
        raise ValueError(f"py: expects package.module:callable, got {target!r}")
    try:
        obj: Any = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and (module_name == exc.name or module_name.startswith(exc.name + ".")):
            raise ValueError(f"py: cannot import module {module_name!r}: {exc}") from None
        raise ValueError(f"py: cannot import module {module_name!r}: importing it "
                         f"{_raised(exc)}") from None
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: BLE001 - the module's own failure, named
        raise ValueError(f"py: cannot import module {module_name!r}: importing it "
                         f"{_raised(exc)}") from None
    for part in attr.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise ValueError(f"py: module {module_name!r} has no attribute {attr!r}") from None
    return obj


def build_target(target: str) -> Any:
    """The object to call: the target itself, or an instance of it if it is a class."""
    obj = load_target(target)
    if inspect.isclass(obj):
        try:
            obj = obj()
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # noqa: BLE001
            raise ValueError(f"py: {target}: the constructor {_raised(exc)}") from None
    if not (hasattr(obj, "predict") or callable(obj)):
        raise ValueError(f"py: {target!r} is neither callable nor has predict()")
    return obj


def call_target(obj: Any, target: str, documents: list[Document]) -> list[Record]:
    """Call the extractor with stdout sent to stderr; every failure is :class:`ExtractorFailed`."""
    from runners.pytrace import is_iterable_of_records, user_traceback

    fn = obj.predict if hasattr(obj, "predict") else obj
    got: list[Any] = []           # what a generator yielded before it failed: kept as partial
    try:
        with contextlib.redirect_stdout(sys.stderr):
            records = fn(documents)
            if is_iterable_of_records(records):   # a generator runs now: its errors are its own
                for record in records:
                    got.append(record)
                records = got
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: BLE001 - the extractor's own bug: report, never crash khabar
        partial = got if got and all(isinstance(r, dict) for r in got) else None
        raise ExtractorFailed(target, _raised(exc), detail=user_traceback(exc),
                              records=partial) from None
    if not isinstance(records, list):
        raise ExtractorFailed(target, f"returned {type(records).__name__}, "
                                      "expected a list of records")
    return records


def _worker(target: str, documents: list[Document], conn: Any) -> None:
    """The worker process: build, call, send ``("ok", records)`` or ``("failed", reason, detail)``."""
    try:
        os.setsid()                      # its own group: a timeout kills its children too
    except OSError:
        pass
    try:
        os.dup2(2, 1)                    # even C-level writes to fd 1 go to stderr
    except OSError:
        pass
    sys.stdout = sys.stderr
    try:
        try:
            message: tuple[Any, ...] = ("ok", call_target(build_target(target), target,
                                                          documents))
        except ExtractorFailed as exc:
            message = ("failed", exc.reason, exc.detail, exc.records)
        except ValueError as exc:
            message = ("failed", str(exc), "")
        try:
            conn.send(message)
        except Exception as exc:  # noqa: BLE001 - e.g. records that cannot be pickled
            conn.send(("failed", f"returned records that cannot be sent back from the worker "
                                 f"process ({_describe(exc)})", ""))
    except BaseException as exc:  # noqa: BLE001 - last resort: say something, then go
        with contextlib.suppress(Exception):
            conn.send(("failed", f"the worker failed: {_describe(exc)}", ""))
    finally:
        conn.close()


def _kill(proc: Any) -> None:
    """Kill the worker and its process group."""
    if proc.pid is not None:
        with contextlib.suppress(OSError):
            os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(Exception):
        proc.kill()
    proc.join(5)


@dataclass
class PythonExtractor:
    """Wraps a callable or an object with ``predict``; ``timeout`` (seconds) runs it
    in a worker process killed on expiry."""

    target: str
    timeout: float | None = None

    def __post_init__(self) -> None:
        if self.timeout is not None and not (self.timeout > 0 and math.isfinite(self.timeout)):
            raise ValueError(f"py: --timeout must be a positive, finite number of seconds, "
                             f"got {self.timeout}")
        self.obj = build_target(self.target)

    def describe(self) -> ExtractorInfo:
        if hasattr(self.obj, "describe"):
            info = self.obj.describe()
            if isinstance(info, ExtractorInfo):
                return info
        module = self.target.partition(":")[0]
        version = getattr(importlib.import_module(module), "__version__", "")
        params = {} if self.timeout is None else {"timeout": self.timeout, "isolation": "process"}
        return ExtractorInfo("py", self.target, str(version), params)

    def predict(self, documents: list[Document]) -> list[Record]:
        if self.timeout is None:
            return call_target(self.obj, self.target, documents)
        return self._predict_in_worker(documents)

    def _predict_in_worker(self, documents: list[Document]) -> list[Record]:
        ctx = multiprocessing.get_context("spawn")
        receive, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_worker, args=(self.target, documents, send),
                           name="khabar-py-worker", daemon=True)
        started = time.monotonic()
        try:
            proc.start()
        except Exception as exc:  # noqa: BLE001 - e.g. documents that cannot be pickled
            raise ExtractorFailed(self.target, f"cannot start the worker process: "
                                               f"{_describe(exc)}") from None
        finally:
            send.close()
        assert proc.pid is not None       # started
        with tracked(proc.pid):           # a signal to khabar kills the worker too
            return self._answer(proc, receive, started)

    def _answer(self, proc: Any, receive: Any, started: float) -> list[Record]:
        try:
            if not receive.poll(self.timeout):
                _kill(proc)
                raise ExtractorFailed(self.target, f"timed out after {self.timeout:g} s "
                                                   f"(the worker process was killed)")
            try:
                message = receive.recv()
            except (EOFError, OSError):
                proc.join(max(0.0, (self.timeout or 0.0) - (time.monotonic() - started)) or 1)
                raise ExtractorFailed(self.target, f"the worker process exited with status "
                                                   f"{proc.exitcode} without answering") from None
        finally:
            receive.close()
            proc.join(2)                 # it exits right after answering
            if proc.is_alive():
                _kill(proc)
        if message[0] != "ok":
            raise ExtractorFailed(self.target, message[1], detail=message[2],
                                  records=message[3] if len(message) > 3 else None)
        return message[1]
