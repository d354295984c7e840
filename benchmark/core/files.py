"""Atomic writes that never silently replace an existing file.

Every file khabar writes goes through :func:`write_text` or :func:`write_bytes`:
the data lands in a temporary file in the same directory and is moved into
place with ``os.replace``, so a crash never leaves half a file. Temporary
files are named ``.<name>.khabar-<random>.tmp`` (:func:`is_temp_of`), so a
later run can recognise, and remove, the ones a killed run left behind.

:func:`write_set` writes several files *and* the manifest that records them
atomically together (see its docstring): after a crash at any point every
file is either its old or its new version, and the manifest vouches for both.

:func:`output_problem` says, before a long run, why an output path could not
be written (a directory, a parent that is a regular file, no permission).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

#: The infix of khabar's temporary file names: ``.<name>.khabar-<random>.tmp``.
TEMP_INFIX = ".khabar-"


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


def output_problem(path: Path) -> str | None:
    """Why ``path`` cannot be written as a file, or None if it can (as far as can be
    told without writing): it is a directory, an ancestor is not a directory, or the
    nearest existing ancestor is not writable."""
    if path.is_dir():
        return f"{path} is a directory"
    parent = path.parent
    while not os.path.lexists(parent) and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        return f"{parent} is not a directory"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"{parent} is not writable"
    return None


def dir_problem(path: Path) -> str | None:
    """Why ``path`` cannot be used as an output directory, or None."""
    if path.is_dir():
        return None if os.access(path, os.W_OK | os.X_OK) else f"{path} is not writable"
    if os.path.lexists(path):
        return f"{path} exists and is not a directory"
    return output_problem(path)


def is_temp_of(name: str, final: str) -> bool:
    """Whether ``name`` is one of khabar's temporary files for a file named ``final``."""
    return name.startswith(f".{final}{TEMP_INFIX}") and name.endswith(".tmp")


def remove_stale_temps(paths: Iterable[Path]) -> list[Path]:
    """Delete khabar's temporary files for ``paths`` (left by a killed run); the
    removed paths. Only names :func:`is_temp_of` recognises are touched."""
    removed = []
    by_dir: dict[Path, set[str]] = {}
    for p in paths:
        by_dir.setdefault(p.parent, set()).add(p.name)
    for folder, names in by_dir.items():
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if any(is_temp_of(entry.name, n) for n in names) and entry.is_file(
                    follow_symlinks=False):
                try:
                    os.unlink(entry.path)
                except OSError:
                    continue
                removed.append(Path(entry.path))
    return removed


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}{TEMP_INFIX}", suffix=".tmp",
                               dir=path.parent)
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
    """Write UTF-8 text with ``\\n`` line ends, atomically. A lone surrogate (no
    UTF-8 for it) is written as its escape ``\\ud800``: in a JSON string that is the
    JSON escape of the same character, so the file is valid and reads back the same."""
    return write_bytes(path, text.encode("utf-8", errors="backslashreplace"))


def replace_dir(tmp_dir: Path, target: Path) -> Path:
    """Move a finished temporary directory into place (removing an old one)."""
    if target.exists():
        shutil.rmtree(target)
    os.replace(tmp_dir, target)
    return target


# --------------------------------------------------------------------------- file sets

_ENTRY = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:\s*(?:"([0-9a-f]{64})"|\[([^\]]*)\])')


def _pending(manifest: Path) -> Path:
    return manifest.with_name(manifest.name + ".pending")


def _backup(manifest: Path) -> Path:
    return manifest.with_name(manifest.name + ".bak")


def manifest_files(manifest: Path) -> list[Path]:
    """The manifest, its second copy and its pending update (all of khabar's own)."""
    return [manifest, _backup(manifest), _pending(manifest)]


def read_manifest(manifest: Path) -> dict[str, set[str]]:
    """Every sha256 the manifest accepts for each relative path: the union of the
    manifest, its second copy (``<manifest>.bak``, written after it) and a pending
    update left by a killed run. A copy that is not valid JSON (cut short by a
    disk or a foreign tool) still gives the complete ``"path": "sha"`` entries it
    holds: a file is only ever recognised by its exact checksum."""
    accepted: dict[str, set[str]] = {}
    for source in manifest_files(manifest):
        try:
            text = source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        try:
            data = json.loads(text)
            items = data.items() if isinstance(data, dict) else ()
        except ValueError:
            items = ((json.loads(f'"{m.group(1)}"'),
                      m.group(2) or re.findall(r"[0-9a-f]{64}", m.group(3)))
                     for m in _ENTRY.finditer(text))
        for rel, value in items:
            shas = [value] if isinstance(value, str) else value if isinstance(value, list) else []
            accepted.setdefault(str(rel), set()).update(x for x in shas if isinstance(x, str))
    return accepted


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def foreign_files(root: Path, paths: Iterable[Path], manifest: Path) -> list[Path]:
    """The existing ``paths`` that khabar did not write: absent from the manifest, or
    changed since (their sha256 is not one the manifest accepts)."""
    accepted = read_manifest(manifest)
    foreign = []
    for p in paths:
        if not p.exists():
            continue
        try:
            sha = _sha(p.read_bytes())
        except OSError:
            foreign.append(p)
            continue
        if sha not in accepted.get(str(p.relative_to(root)), set()):
            foreign.append(p)
    return foreign


def write_set(root: Path, files: Mapping[Path, bytes], manifest: Path) -> list[Path]:
    """Write ``files`` (paths under ``root``) and record their sha256 in ``manifest``,
    atomically together.

    1. every file is written to a temporary name beside it (fsynced);
    2. a pending manifest update, ``<manifest>.pending``, accepting both the old and
       the new sha256 of every file, is written atomically;
    3. the temporary files are renamed into place, one by one;
    4. the manifest (old entries plus the new ones) is written atomically, then its
       second copy ``<manifest>.bak``, and the pending update is removed.

    A crash before 2 leaves only temporary files (:func:`remove_stale_temps`
    cleans them); between 2 and 4 each file is its old or its new version and the
    pending update vouches for either; after 4 the manifest does, and a manifest
    damaged later (cut short) is made good by its copy (:func:`read_manifest`
    takes the union).
    """
    root.mkdir(parents=True, exist_ok=True)
    temps: dict[Path, str] = {}
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}{TEMP_INFIX}", suffix=".tmp",
                                       dir=path.parent)
            temps[path] = tmp
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o666 & ~_umask())
        old = read_manifest(manifest)
        new = {str(p.relative_to(root)): _sha(d) for p, d in files.items()}
        pending = {rel: sorted(old.get(rel, set()) | {sha}) for rel, sha in new.items()}
        write_text(_pending(manifest), json.dumps(pending, indent=2, sort_keys=True) + "\n")
        for path, tmp in temps.items():
            os.replace(tmp, path)
        temps.clear()
        current = _committed_manifest(manifest)
        if current is None:                # both copies damaged: keep what can be read
            current = {rel: sorted(shas)[0] for rel, shas in old.items() if len(shas) == 1}
        final = current
        final.update(new)
        text = json.dumps(final, indent=2, sort_keys=True) + "\n"
        write_text(manifest, text)
        write_text(_backup(manifest), text)
        _pending(manifest).unlink(missing_ok=True)
    finally:
        for tmp in temps.values():
            Path(tmp).unlink(missing_ok=True)
    return list(files)


def _committed_manifest(manifest: Path) -> dict[str, str] | None:
    """The manifest as last committed (relative path → sha256): the manifest file,
    or its backup when the file is damaged; ``None`` when both are unreadable."""
    for source in (manifest, _backup(manifest)):
        try:
            current = json.loads(source.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(current, dict):
            return {k: v for k, v in current.items() if isinstance(v, str)}
    return None


def remove_stale(root: Path, manifest: Path, keep: Iterable[Path], *,
                 under: tuple[str, ...]) -> list[Path]:
    """Remove the files the manifest records under the folders ``under`` (relative
    to ``root``, e.g. ``"results/"``) that are not in ``keep`` — report files of an
    earlier run that this run did not write (a system no longer ranked) — and take
    their entries out of the manifest. Only a file whose content is still what
    khabar wrote (its sha256 is one the manifest accepts) is removed: a file edited
    since, or any file the manifest does not name, is never touched (its stale entry
    goes; the file is then a user's file). Folders left empty are removed. Returns
    the removed files."""
    accepted = read_manifest(manifest)
    kept = {os.path.normpath(str(Path(p).resolve())) for p in keep}
    root_resolved = root.resolve()
    stale = [rel for rel in accepted
             if rel.startswith(under) and ".." not in Path(rel).parts
             and os.path.normpath(str(root_resolved / rel)) not in kept]
    if not stale:
        return []
    removed = []
    for rel in stale:
        path = root / rel
        try:
            if path.is_file() and not path.is_symlink() and \
                    _sha(path.read_bytes()) in accepted[rel]:
                path.unlink()
                removed.append(path)
                folder = path.parent
                while folder != root and folder.is_dir() and not any(folder.iterdir()):
                    folder.rmdir()
                    folder = folder.parent
        except OSError:
            continue
    final = _committed_manifest(manifest)
    if final is None:
        return removed
    def still_khabars(rel: str) -> bool:   # a stale file that could not be removed
        try:
            return (root / rel).is_file() and _sha((root / rel).read_bytes()) in accepted[rel]
        except OSError:
            return False

    gone = {rel for rel in stale if not still_khabars(rel)}
    final = {k: v for k, v in final.items() if k not in gone}
    text = json.dumps(final, indent=2, sort_keys=True) + "\n"
    write_text(manifest, text)
    write_text(_backup(manifest), text)
    return removed
