"""Atomic writes that never silently replace an existing file.

Every file khabar writes goes through :func:`write_text` or :func:`write_bytes`:
the data lands in a temporary file in the same directory and is moved into
place with ``os.replace``, so a crash never leaves half a file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path


class OutputExistsError(FileExistsError):
    """Outputs that already exist and were not allowed to be replaced."""

    def __init__(self, paths: list[Path]):
        self.paths = paths
        super().__init__(", ".join(str(p) for p in paths))


def refuse_existing(paths: Iterable[Path], *, force: bool) -> None:
    """Raise :class:`OutputExistsError` listing every path that exists, unless ``force``."""
    existing = [p for p in paths if p.exists()]
    if existing and not force:
        raise OutputExistsError(existing)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; reports are for everyone
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_text(path: Path, text: str) -> Path:
    """Write UTF-8 text with ``\\n`` line ends, atomically."""
    return write_bytes(path, text.encode("utf-8"))


def replace_dir(tmp_dir: Path, target: Path) -> Path:
    """Move a finished temporary directory into place (removing an old one)."""
    if target.exists():
        shutil.rmtree(target)
    os.replace(tmp_dir, target)
    return target
