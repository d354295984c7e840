"""``cmd:"python my_ner.py --flag"`` — an extractor in a subprocess.

Protocol: khabar writes one JSON document per line to the child's stdin
(``{"doc_id", "text", "dct", "language"}``) and closes it; the child writes one
JSON record per line to stdout (see :mod:`runners.base`). stderr is captured
and shown in the failure report. The command line is split with ``shlex`` and
started without a shell, in a new session (its own process group).

Guards:

* ``timeout`` — on expiry the whole process group is killed (``SIGKILL`` to
  the group), so grandchildren the command started die too; the extractor
  fails with "timed out after N s". When the command exits, whatever it left
  running in its group is killed as well.
* ``max_output`` — a cap on stdout bytes; going over it kills the group and
  fails the extractor ("wrote more than N bytes to stdout").
* stderr is drained concurrently and never kills the child: only its last
  :data:`STDERR_KEEP` bytes are kept, and the report says how much was
  dropped.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import shlex
import signal
import subprocess
import threading
from dataclasses import dataclass

from benchmark.core.documents import Document
from benchmark.core.untrusted import non_json
from runners.children import tracked
from runners.base import ExtractorFailed, ExtractorInfo, Record, document_record

DEFAULT_TIMEOUT = 600.0
DEFAULT_MAX_OUTPUT = 256 * 1024 * 1024
#: The tail of stderr kept for the failure report (bytes).
STDERR_KEEP = 64 * 1024


def _tail(data: bytes, limit: int = 2000, dropped: int = 0) -> str:
    text = data.decode("utf-8", errors="replace").strip()
    shown = text if len(text) <= limit else "…" + text[-limit:]
    if dropped:
        shown = (f"(stderr overflowed: {dropped + len(data)} bytes written, the first "
                 f"{dropped} dropped; last {len(data)} kept)\n" + shown)
    return shown


def _exit_reason(code: int) -> str:
    """``exited with status 3``, or ``was killed by signal 9 (SIGKILL)`` for a
    negative ``Popen.returncode``."""
    if code >= 0:
        return f"exited with status {code}"
    try:
        name = f" ({signal.Signals(-code).name})"
    except ValueError:
        name = ""
    return f"was killed by signal {-code}{name}"


def _kill_group(proc: subprocess.Popen) -> None:  # type: ignore[type-arg]
    """SIGKILL the child's process group (it leads its own session), then the child."""
    with contextlib.suppress(OSError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        proc.kill()


def _records_so_far(stdout: bytes) -> list[Record] | None:
    """The records a failed child wrote before it failed (kept as the partial
    results of the run): its complete stdout lines up to the first that is not
    a JSON object; ``None`` when there are none."""
    records: list[Record] = []
    complete = stdout[:stdout.rfind(b"\n") + 1]
    for line in complete.decode("utf-8", errors="replace").splitlines():
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            break
        if not isinstance(record, dict):
            break
        records.append(record)
    return records or None


@dataclass
class CommandExtractor:
    """Runs ``argv`` once for the whole batch."""

    command: str
    timeout: float = DEFAULT_TIMEOUT
    max_output: int = DEFAULT_MAX_OUTPUT

    def __post_init__(self) -> None:
        try:
            self.argv = shlex.split(self.command)
        except ValueError as exc:
            raise ValueError(f"cmd: cannot split {self.command!r}: {exc}") from None
        if not self.argv:
            raise ValueError("cmd: needs a command, e.g. cmd:\"python my_ner.py\"")
        if not (isinstance(self.timeout, (int, float)) and self.timeout > 0
                and math.isfinite(self.timeout)):
            raise ValueError(f"cmd: --timeout must be a positive, finite number of seconds, "
                             f"got {self.timeout}")
        if isinstance(self.max_output, bool) or not isinstance(self.max_output, int) \
                or self.max_output < 1:
            raise ValueError(f"cmd: --max-output must be a positive number of bytes, "
                             f"got {self.max_output}")

    def describe(self) -> ExtractorInfo:
        return ExtractorInfo("cmd", self.command, "", {"argv": self.argv,
                                                       "timeout": self.timeout,
                                                       "max_output": self.max_output})

    def predict(self, documents: list[Document]) -> list[Record]:
        payload = "".join(json.dumps(document_record(d), ensure_ascii=False) + "\n"
                          for d in documents).encode("utf-8")
        try:
            proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, start_new_session=True)
        except OSError as exc:
            raise ExtractorFailed(self.command, f"cannot start {self.argv[0]!r}: "
                                                f"{exc.strerror or exc}") from None
        with tracked(proc.pid):           # a signal to khabar kills its group too
            return self._collect(proc, payload)

    def _collect(self, proc: subprocess.Popen, payload: bytes) -> list[Record]:  # type: ignore[type-arg]
        stdout, stderr = bytearray(), bytearray()
        overflow = threading.Event()
        dropped = [0]                     # stderr bytes dropped from the front

        def pump_stdout(stream) -> None:  # type: ignore[no-untyped-def]
            while chunk := stream.read(65536):
                if len(stdout) + len(chunk) > self.max_output:
                    overflow.set()
                    _kill_group(proc)
                    return
                stdout.extend(chunk)

        def pump_stderr(stream) -> None:  # type: ignore[no-untyped-def]
            while chunk := stream.read(65536):
                stderr.extend(chunk)
                if len(stderr) > STDERR_KEEP:
                    extra = len(stderr) - STDERR_KEEP
                    del stderr[:extra]
                    dropped[0] += extra

        readers = [threading.Thread(target=pump_stdout, args=(proc.stdout,)),
                   threading.Thread(target=pump_stderr, args=(proc.stderr,))]
        for reader in readers:
            reader.daemon = True
            reader.start()

        def feed() -> None:               # in a thread: a child that never reads stdin
            try:                          # must not block khabar past the timeout
                proc.stdin.write(payload)  # type: ignore[union-attr]
                proc.stdin.close()  # type: ignore[union-attr]
            except (BrokenPipeError, OSError, ValueError):
                pass  # the child exited early; its exit status tells why

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        readers.append(writer)
        try:
            code = proc.wait(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            proc.wait()
            for reader in readers:
                reader.join(timeout=5)
            raise ExtractorFailed(self.command, f"timed out after {self.timeout:g} s "
                                                "(its process group was killed)",
                                  detail=_tail(bytes(stderr), dropped=dropped[0]),
                                  records=_records_so_far(bytes(stdout))) from None
        with contextlib.suppress(OSError):   # what it left running (holding our pipes) goes
            os.killpg(proc.pid, signal.SIGKILL)
        for reader in readers:
            reader.join(timeout=5)
        if overflow.is_set():
            raise ExtractorFailed(self.command,
                                  f"wrote more than {self.max_output} bytes to stdout "
                                  "(the stdout cap, --max-output; the child was killed)",
                                  detail=_tail(bytes(stderr), dropped=dropped[0]),
                                  records=_records_so_far(bytes(stdout)))
        if code != 0:
            raise ExtractorFailed(self.command, _exit_reason(code),
                                  detail=_tail(bytes(stderr), dropped=dropped[0]),
                                  records=_records_so_far(bytes(stdout)))
        records: list[Record] = []
        for lineno, line in enumerate(bytes(stdout).decode("utf-8", errors="replace")
                                      .splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ExtractorFailed(self.command, f"stdout line {lineno} is not JSON "
                                                    f"({exc.msg}): {line[:80]!r}",
                                      detail=_tail(bytes(stderr), dropped=dropped[0])) from None
            if not isinstance(record, dict):
                raise ExtractorFailed(self.command, f"stdout line {lineno} is not a JSON "
                                                    f"object: {line[:80]!r}")
            bad = non_json(record)
            if bad is not None:
                raise ExtractorFailed(self.command, f"stdout line {lineno}: {bad[0]}: {bad[1]}")
            records.append(record)
        return records
