"""``cmd:"python my_ner.py --flag"`` — an extractor in a subprocess.

Protocol: khabar writes one JSON document per line to the child's stdin
(``{"doc_id", "text", "dct", "language"}``) and closes it; the child writes one
JSON record per line to stdout (see :mod:`runners.base`). stderr is captured
and shown in the failure report. The command line is split with ``shlex`` and
started without a shell. A timeout and a cap on stdout size guard against
hung or runaway children; either kills the child and fails the extractor.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import threading
from dataclasses import dataclass

from benchmark.documents import Document
from runners.base import ExtractorFailed, ExtractorInfo, Record, document_record

DEFAULT_TIMEOUT = 600.0
DEFAULT_MAX_OUTPUT = 256 * 1024 * 1024


def _tail(data: bytes, limit: int = 2000) -> str:
    text = data.decode("utf-8", errors="replace").strip()
    return text if len(text) <= limit else "…" + text[-limit:]


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

    def describe(self) -> ExtractorInfo:
        return ExtractorInfo("cmd", self.command, "", {"argv": self.argv,
                                                       "timeout": self.timeout,
                                                       "max_output": self.max_output})

    def predict(self, documents: list[Document]) -> list[Record]:
        payload = "".join(json.dumps(document_record(d), ensure_ascii=False) + "\n"
                          for d in documents).encode("utf-8")
        try:
            proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE)
        except OSError as exc:
            raise ExtractorFailed(self.command, f"cannot start {self.argv[0]!r}: "
                                                f"{exc.strerror or exc}") from None
        stdout, stderr = bytearray(), bytearray()
        overflow = threading.Event()

        def pump(stream, sink: bytearray, cap: int) -> None:  # type: ignore[no-untyped-def]
            while chunk := stream.read(65536):
                if len(sink) + len(chunk) > cap:
                    overflow.set()
                    proc.kill()
                    return
                sink.extend(chunk)

        readers = [threading.Thread(target=pump, args=(proc.stdout, stdout, self.max_output)),
                   threading.Thread(target=pump, args=(proc.stderr, stderr, 1 << 20))]
        for reader in readers:
            reader.daemon = True
            reader.start()
        try:
            proc.stdin.write(payload)  # type: ignore[union-attr]
            proc.stdin.close()  # type: ignore[union-attr]
        except BrokenPipeError:
            pass  # the child exited early; its exit status tells why
        try:
            code = proc.wait(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise ExtractorFailed(self.command, f"timed out after {self.timeout:g} s",
                                  detail=_tail(bytes(stderr))) from None
        for reader in readers:
            reader.join(timeout=5)
        if overflow.is_set():
            raise ExtractorFailed(self.command,
                                  f"wrote more than {self.max_output} bytes to stdout")
        if code != 0:
            raise ExtractorFailed(self.command, f"exited with status {code}",
                                  detail=_tail(bytes(stderr)))
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
                                      detail=_tail(bytes(stderr))) from None
            if not isinstance(record, dict):
                raise ExtractorFailed(self.command, f"stdout line {lineno} is not a JSON "
                                                    f"object: {line[:80]!r}")
            records.append(record)
        return records
