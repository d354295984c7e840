"""File bookkeeping of the commands: output paths checked before anything runs,
outputs written (``-`` is stdout), existing files refused without ``--force``.
"""

from __future__ import annotations

import os
from pathlib import Path

from benchmark.cli.common import _fail, _wrote


def _check_outputs(named: dict[str, Path | None]) -> None:
    """Refuse, before anything runs, output paths that cannot be written and two
    outputs that are the same file (exit 2). ``-`` (stdout) is not a path."""
    from benchmark.core.files import output_problem

    seen: dict[str, str] = {}
    for option, path in named.items():
        if path is None:
            continue
        key = "-" if str(path) == "-" else str(Path(os.path.abspath(path)).resolve())
        if key in seen:
            _fail(f"{seen[key]} and {option} name the same file ({path}); give two "
                  f"different paths")
        seen[key] = option
        if key == "-":
            continue
        problem = output_problem(path)
        if problem:
            _fail(f"cannot write {option} {path}: {problem}")


def _write_outputs(outputs) -> None:  # type: ignore[no-untyped-def]
    """Write ``(path, option, text())`` outputs: ``-`` is stdout."""
    from benchmark.core.files import write_text

    for path, option, text in outputs:
        if path is None:
            continue
        if str(path) == "-":
            import sys

            data = text().encode("utf-8", errors="backslashreplace")  # as write_text does
            buffer = getattr(sys.stdout, "buffer", None)
            if buffer is None:               # a text-only stream (tests)
                sys.stdout.write(data.decode("utf-8"))
            else:
                sys.stdout.flush()
                buffer.write(data)
                buffer.flush()
            sys.stdout.flush()
            continue
        try:
            write_text(path, text())
        except OSError as exc:
            _fail(f"cannot write {option} {path}: {exc.strerror or exc}")
        _wrote(path)

