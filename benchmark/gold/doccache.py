"""A content-addressed cache of validated gold documents.

Loading a large gold document is mostly parsing its JSON strictly (duplicate
keys refused), checking every field and offset, and hashing its canonical
line (:func:`benchmark.gold.loader.gold_hash`). All three are functions of the
gold JSON bytes, the text file they pin by ``sha256``, and the loader's code. So
once a document has been validated, what the checks produced (the annotations
as compact arrays, and the sha256 of its hash line) is kept on disk under a key
made of

* the sha256 of the gold JSON file's bytes,
* a fingerprint of the code that reads, checks and hashes it: the source of
  the modules in :data:`CODE`, :data:`FORMAT` and the Python version,

and read back the next time the same bytes are loaded by the same code.

What a cache hit still does on every load, because it does not follow from the
gold file's bytes: the text file is confined to the corpus root and read again
(:meth:`_FileChecker.read_text`), and its sha256 must equal the one the gold
file records; otherwise the document is checked in full, which reports the
problem. Only valid documents are stored.

An entry holds its body's sha256 and is used only when it matches and the body
reads back whole: a missing, truncated, corrupt or unreadable entry, or an
unwritable cache directory, is ignored silently and the document is checked as
without a cache. A result never depends on the cache (``tests/test_gold_doccache.py``
loads every document both ways and compares them).

Where: ``$KHABAR_CACHE/gold-docs`` (``KHABAR_CACHE=off``: no cache), else
``$XDG_CACHE_HOME/khabar/gold-docs``, else ``~/.cache/khabar/gold-docs``.
Gold files shorter than :data:`CACHE_FROM_BYTES` are never cached (checking them
costs less than a file lookup).

The cache stays bounded: every gold edit and every new version of the loader
makes new keys, so the first write of a process removes the entries not used
for :data:`MAX_AGE_DAYS` days (a hit refreshes an entry's modification time at
most once a day) and the temporary files that a killed writer left behind
(older than a day). Removing an entry only costs a full check on its next load.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

#: Bump when the layout of an entry or the meaning of a key changes.
FORMAT = 3
#: Gold files shorter than this (bytes) are checked without the cache.
CACHE_FROM_BYTES = 64 * 1024
#: The modules whose code decides what a valid gold document loads as.
CODE = ("benchmark.gold.loader", "benchmark.gold.doccache", "benchmark.core.documents",
        "benchmark.core.inventory", "benchmark.core.jsonpos", "benchmark.core.timex_values")

#: Entries not used for this many days are removed (see the module docstring).
MAX_AGE_DAYS = 30
_DAY = 86400.0

_fingerprint: list[bytes | None] = []
_pruned: list[Path] = []


def cache_dir() -> Path | None:
    """The directory of the entries, or ``None`` when the cache is off."""
    given = os.environ.get("KHABAR_CACHE")
    if given is not None:
        if given.strip().lower() in ("", "off", "0", "no", "false"):
            return None
        return Path(given) / "gold-docs"
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "khabar" / "gold-docs"
    try:
        return Path.home() / ".cache" / "khabar" / "gold-docs"
    except (RuntimeError, KeyError):  # no home directory
        return None


def code_fingerprint() -> bytes | None:
    """sha256 of :data:`FORMAT`, the Python version and the source files of
    :data:`CODE`, computed once per process; ``None`` (no cache) when a source
    cannot be read."""
    if not _fingerprint:
        h = hashlib.sha256(repr((FORMAT, sys.version_info[:2])).encode("ascii"))
        try:
            for name in CODE:
                __import__(name)
                h.update(Path(sys.modules[name].__file__ or "").read_bytes())
        except (OSError, ImportError, KeyError):
            _fingerprint.append(None)
        else:
            _fingerprint.append(h.digest())
    return _fingerprint[0]


def key_of(source: bytes) -> Path | None:
    """The entry path for a gold file with these bytes, or ``None`` when the file
    is too small or the cache is off."""
    if len(source) < CACHE_FROM_BYTES:
        return None
    folder = cache_dir()
    fingerprint = code_fingerprint() if folder is not None else None
    if folder is None or fingerprint is None:
        return None
    key = hashlib.sha256(fingerprint + source).hexdigest()
    return folder / key[:2] / key


def read(path: Path) -> dict[str, Any] | None:
    """The entry stored at ``path`` if it is whole: its checksum matches and it
    parses to an object of this :data:`FORMAT`."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
            used = os.fstat(fh.fileno()).st_mtime
    except OSError:
        return None
    if time.time() - used > _DAY:  # a hit keeps the entry from being pruned
        try:
            os.utime(path)
        except OSError:
            pass
    head, sep, body = data.partition(b"\n")
    if not sep or head != hashlib.sha256(body).hexdigest().encode("ascii"):
        return None
    try:
        entry = json.loads(body)
    except ValueError:
        return None
    if type(entry) is not dict or entry.get("format") != FORMAT:
        return None
    return entry


def write(path: Path, entry: dict[str, Any]) -> None:
    """Store ``entry`` at ``path`` atomically (a temporary file renamed into
    place); any failure leaves the cache as it was and is not reported."""
    body = json.dumps({"format": FORMAT, **entry}, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8", "surrogatepass")
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(hashlib.sha256(body).hexdigest().encode("ascii") + b"\n" + body)
        os.replace(tmp, path)
        tmp = None
    except OSError:
        pass
    else:
        folder = path.parent.parent
        if folder not in _pruned:
            _pruned.append(folder)
            prune(folder)
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def prune(folder: Path, now: float | None = None) -> int:
    """Remove from ``folder`` the entries not used for :data:`MAX_AGE_DAYS` days
    and the temporary files older than a day; returns how many files went.
    Errors are ignored: another process may be pruning or writing too."""
    now = time.time() if now is None else now
    removed = 0
    try:
        shards = [d for d in folder.iterdir() if len(d.name) == 2 and d.is_dir()]
    except OSError:
        return 0
    for shard in shards:
        try:
            names = os.listdir(shard)
        except OSError:
            continue
        for name in names:
            limit = _DAY if name.startswith(".tmp-") else MAX_AGE_DAYS * _DAY
            file = shard / name
            try:
                if now - file.stat().st_mtime > limit:
                    file.unlink()
                    removed += 1
            except OSError:
                pass
    return removed
