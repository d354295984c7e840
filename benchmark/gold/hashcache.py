"""A content-addressed cache of the gold hash lines of large gold documents.

The gold hash (:func:`benchmark.gold.loader.gold_hash`) serialises every
document's annotations as canonical JSON (sorted keys, compact): on a gold of a
million tokens that is about a third of loading it. The canonical line of a
document is a function of its gold JSON file alone (the loader checks the text
file against the ``sha256`` the file records), so it is kept on disk under a key
made of

* the sha256 of the gold JSON source (as the loader read it),
* a fingerprint of the code that writes the line (the bytecode and constants of
  ``_hash_line``, :data:`FORMAT`, the Python version),

and read back instead of recomputed. An entry stores the line with its own
sha256 and is used only when both match: a missing, truncated, corrupt or
unreadable entry, or an unwritable cache directory, is ignored silently and the
line is computed as without a cache. A result never depends on the cache.

Where: ``$KHABAR_CACHE/gold-lines`` (``KHABAR_CACHE=off``: no cache), else
``$XDG_CACHE_HOME/khabar/gold-lines``, else ``~/.cache/khabar/gold-lines``.
Documents whose source is shorter than :data:`CACHE_FROM_CHARS` are never
cached (their line costs less than a file lookup).
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import types
from collections.abc import Callable
from pathlib import Path

#: Bump when the layout of an entry or the meaning of a key changes.
FORMAT = 1
#: Gold sources shorter than this (characters) are hashed without the cache.
CACHE_FROM_CHARS = 64 * 1024

_fingerprints: dict[object, bytes] = {}


def cache_dir() -> Path | None:
    """The directory of the entries, or ``None`` when the cache is off."""
    given = os.environ.get("KHABAR_CACHE")
    if given is not None:
        if given.strip().lower() in ("", "off", "0", "no", "false"):
            return None
        return Path(given) / "gold-lines"
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "khabar" / "gold-lines"
    try:
        return Path.home() / ".cache" / "khabar" / "gold-lines"
    except (RuntimeError, KeyError):  # no home directory
        return None


def _fingerprint(code: Callable[..., object]) -> bytes:
    """What the line depends on besides the source: the code that writes it."""
    found = _fingerprints.get(code)
    if found is None:
        found = hashlib.sha256(repr((FORMAT, sys.version_info[:2], _code_parts(code.__code__)))
                               .encode("utf-8", "backslashreplace")).digest()
        _fingerprints[code] = found
    return found


def _code_parts(c: types.CodeType) -> tuple[object, ...]:
    """The bytecode, names and constants of ``c``, nested code objects (a
    comprehension) included, without anything that varies between processes
    (the ``repr`` of a code object holds its address)."""
    consts = tuple(_code_parts(k) if isinstance(k, types.CodeType) else k for k in c.co_consts)
    return c.co_code, c.co_names, consts


def hash_line(source: str, compute: Callable[[], bytes], code: Callable[..., object]) -> bytes:
    """The gold hash line of the document loaded from ``source``: ``compute()``,
    or the cached copy of what it returned for the same source and ``code``."""
    if len(source) < CACHE_FROM_CHARS:
        return compute()
    folder = cache_dir()
    if folder is None:
        return compute()
    h = hashlib.sha256(_fingerprint(code))
    h.update(source.encode("utf-8", "surrogatepass"))
    key = h.hexdigest()
    path = folder / key[:2] / key
    line = _read(path)
    if line is None:
        line = compute()
        _write(path, line)
    return line


def _read(path: Path) -> bytes | None:
    """The line stored at ``path`` if the entry is whole (its checksum matches)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    head, sep, line = data.partition(b"\n")
    if not sep or head != hashlib.sha256(line).hexdigest().encode("ascii"):
        return None
    return line


def _write(path: Path, line: bytes) -> None:
    """Store ``line`` at ``path`` atomically (a temporary file renamed into place);
    any failure leaves the cache as it was and is not reported."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(hashlib.sha256(line).hexdigest().encode("ascii") + b"\n" + line)
        os.replace(tmp, path)
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
