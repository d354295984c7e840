"""Load and validate gold directories (gold format 2; format 1 still loads).

A gold directory holds one JSON file per document; each names its text file by
``text_path`` (relative to the JSON file) and pins it with ``sha256``. The
validator checks the schema and types, the checksum, every offset against the
text, id uniqueness, links (``parent``, ``anchor``, ``source_entities``),
nesting, and TIMEX3 value grammar, and reports *every* problem with the file,
line, JSON path, offending value and what was expected. Nothing is repaired.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Mapping

from benchmark.core.documents import (Alternative, Attribution, Document, Entity, Span, Timex,
                                 make_entity)
from benchmark.core.inventory import ATTRIBUTION_KINDS, COARSE_OF, DCT_ANCHOR, FINE_TYPES, TIMEX_TYPES
from benchmark.core.jsonpos import Path as JsonPath
from benchmark.core.jsonpos import LazyLines, StrictJsonError, format_path, strict_json_loads
from benchmark.core.timex_values import value_problem
from benchmark.core.untrusted import clip, printable
from benchmark.core.gcpause import paused_gc
from benchmark.gold import doccache

#: The gold format this code writes.
#: History:
#:   1 (khabar 0.1.0) — first format: entities, timexes, attributions.
#:   2 (khabar 0.2.0) — adds ``split`` (dev/test), ``layers`` (the tasks a document is
#:     annotated for) and an optional ``provenance`` object; ``text_path`` must stay
#:     inside the corpus root. Format 1 files still load, as split ``dev`` with
#:     every layer.
SCHEMA_VERSION = 2
#: Every format this code reads.
READABLE_VERSIONS = (1, 2)

#: The annotation layers (tasks) a document can declare, in a fixed order.
LAYERS: tuple[str, ...] = ("entities", "timexes", "attributions")
#: The splits a document can belong to.
SPLITS: tuple[str, ...] = ("dev", "test")
#: A text file larger than this is refused (the longest news story is far smaller).
MAX_TEXT_BYTES = 8 * 1024 * 1024
#: A gold JSON file larger than this is refused before it is read.
MAX_GOLD_BYTES = 64 * 1024 * 1024
#: Fields of the optional ``provenance`` object (all optional, all strings or ints).
_PROVENANCE_FIELDS = ("corpus", "outlet", "docno", "url", "title", "time", "dct_reason",
                      "licence", "citation", "pool_order", "corpus_path")

def _bundled_gold() -> Path:
    """The gold shipped with khabar: ``<repo>/gold`` in a checkout (or an editable
    install), else the copy the wheel carries as ``benchmark/data/gold`` (with its
    texts in ``benchmark/data/seeds``). ``KHABAR_GOLD`` overrides both."""
    package = Path(__file__).resolve().parent.parent   # benchmark/
    checkout = package.parent / "gold"
    if (checkout / "GUIDELINES.md").is_file():
        return checkout
    return package / "data" / "gold"


#: The gold shipped with khabar (see :func:`_bundled_gold`).
BUNDLED_GOLD = _bundled_gold()

_TOP_FIELDS_V1 = ("schema_version", "gold_version", "doc_id", "language", "text_path",
                  "sha256", "dct", "entities", "timexes", "attributions")
_TOP_FIELDS = _TOP_FIELDS_V1[:7] + ("split", "layers") + _TOP_FIELDS_V1[7:]
_OPTIONAL_TOP_FIELDS = ("meta", "provenance")
_ENTITY_FIELDS = ("id", "start", "end", "text", "type", "coarse", "parent", "ref",
                  "optional", "alternatives")
_TIMEX_FIELDS = ("id", "start", "end", "text", "type", "value", "anchor", "optional",
                 "alternatives")
_ATTRIBUTION_FIELDS = ("id", "source", "source_entities", "cue", "content", "kind", "optional")
_SPAN_FIELDS = ("start", "end", "text")
_ENTITY_KEYS = frozenset(_ENTITY_FIELDS)
_ABSENT = object()
_ENTITY_ALT_FIELDS = ("start", "end", "text", "type")
_TIMEX_ALT_FIELDS = ("start", "end", "text", "type", "value")
_SEMVER = re.compile(r"\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.:-]*")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a gold file."""

    file: str
    line: int | None
    path: str
    value: Any
    expected: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        if isinstance(self.value, str) and len(self.value) > 77:
            shown = f"{json.dumps(self.value[:77], ensure_ascii=False)}… " \
                    f"({len(self.value)} characters)"
        else:
            try:
                shown = json.dumps(self.value, ensure_ascii=False)
            except (TypeError, ValueError):    # not JSON (a set, bytes …): shown by repr
                shown = repr(self.value)
            if len(shown) > 80:
                shown = f"{shown[:77]}… ({len(shown)} characters of JSON)"
        # lone surrogates and control characters escaped: the line can always be printed
        return printable(f"{where}: {self.path}: got {shown}; expected "
                         f"{clip(self.expected, 500)}")


class GoldError(Exception):
    """Gold that failed validation; ``problems`` lists every finding."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class GoldSet:
    """Validated gold documents with their version and content hash.

    ``sha256`` hashes every document's text checksum and canonical annotations
    (sorted by ``doc_id``), so it changes whenever anything scored changes and
    never because of JSON formatting.
    """

    documents: tuple[Document, ...]
    gold_version: str
    sha256: str
    files: tuple[str, ...]
    #: ``"dev"``, ``"test"`` or ``"all"``: which documents were selected.
    split: str = "all"
    #: ``N`` when only the first N documents (in ``doc_id`` order) were kept
    #: (``khabar score --limit N``); ``None`` for all of them.
    limit: int | None = None
    #: The documents of the loaded gold left out of this selection, ``doc_id`` → why
    #: (``"split test"``): a prediction record for one of them is "not in the
    #: selection (split dev)" rather than "not a gold document". Not part of the
    #: identity of the set.
    outside: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def short_hash(self) -> str:
        return self.sha256[:8]

    @property
    def label(self) -> str:
        """``1.0.0+46269fca``: what signatures print."""
        return f"{self.gold_version}+{self.short_hash}"

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)

    @property
    def splits(self) -> tuple[str, ...]:
        """The splits present, in order (``("dev", "test")`` for the full corpus)."""
        return tuple(s for s in SPLITS if any(d.split == s for d in self.documents))

    def select(self, split: str) -> GoldSet:
        """The documents of one split (``all`` returns self), re-versioned and re-hashed."""
        if split == "all":
            return self
        docs = [d for d in self.documents if d.split == split]
        versions = {d.meta.get("gold_version", "") for d in docs}
        return GoldSet(tuple(docs), "+".join(sorted(versions)), gold_hash(docs),
                       tuple(d.meta.get("file", "") for d in docs), split)

    def first(self, n: int) -> GoldSet:
        """The first ``n`` documents in ``doc_id`` order (``--limit``), re-hashed and
        marked with ``limit=n`` (in the results and the signature); ``n`` at least 1.
        An ``n`` that covers every document selects them all: the set itself, with
        no limit recorded (the run is the same as one without ``--limit``)."""
        if n < 1:
            raise ValueError(f"limit must be at least 1, got {n}")
        if n >= len(self.documents):
            return self
        docs = sorted(self.documents, key=lambda d: d.doc_id)[:n]
        versions = {d.meta.get("gold_version", "") for d in docs}
        return GoldSet(tuple(docs), "+".join(sorted(versions)) or self.gold_version,
                       gold_hash(docs), tuple(d.meta.get("file", "") for d in docs),
                       self.split, n)

    def get(self, doc_id: str) -> Document:
        """The document ``doc_id`` (``KeyError`` if absent); an index built on the
        first call keeps a lookup per document linear over a whole run."""
        index = self.__dict__.get("_by_id")
        if index is None:
            index = {d.doc_id: d for d in reversed(self.documents)}  # the first one wins
            object.__setattr__(self, "_by_id", index)
        try:
            return index[doc_id]
        except KeyError:
            raise KeyError(doc_id) from None


def default_gold_dir() -> Path:
    return Path(os.environ.get("KHABAR_GOLD") or BUNDLED_GOLD)


def gold_files(paths: list[Path]) -> list[Path]:
    """The ``*.json`` gold files named by ``paths`` (files, or directories scanned
    non-recursively), sorted; ``FileNotFoundError`` for a path that does not exist."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.glob("*.json") if not p.name.startswith("."))
        elif path.is_file():
            files.append(path)
        else:
            raise FileNotFoundError(str(path))
    return files


@paused_gc
def load_gold(path: str | os.PathLike[str] | list[str | os.PathLike[str]] | None = None,
              *, root: str | os.PathLike[str] | None = None, split: str = "all") -> GoldSet:
    """Load and validate gold: the bundled set, one directory, or a list of
    files/directories. Raises :class:`GoldError` listing every problem, and
    ``FileNotFoundError`` when a path (or any gold file in a directory) is missing.

    ``root`` is the corpus root every ``text_path`` must stay inside (default:
    the parent of each gold file's directory, so ``gold/`` + ``seeds/`` works).
    ``split`` keeps the ``dev`` or ``test`` documents, or ``all``; the version
    and hash then describe that selection.
    """
    if split not in ("all", *SPLITS):
        raise ValueError(f"split must be one of all, {', '.join(SPLITS)}; got {split!r}")
    if path is None:
        paths = [default_gold_dir()]
    elif isinstance(path, (list, tuple)):
        paths = [Path(p) for p in path]
    else:
        paths = [Path(path)]
    files = gold_files(paths)
    if not files:
        raise FileNotFoundError(f"no gold *.json files in {', '.join(map(str, paths))}")
    root_path = Path(root) if root is not None else None
    problems: list[Problem] = []
    docs: list[Document] = []
    seen: dict[str, str] = {}
    line_digests: dict[str, bytes] = {}
    for file in files:
        checker = _FileChecker(file, root_path)
        doc = checker.check()
        problems += checker.problems
        if doc is None:
            continue
        if doc.doc_id in seen:
            problems.append(Problem(str(file), checker.line(("doc_id",)), "$.doc_id", doc.doc_id,
                                    f"a doc_id not already used by {seen[doc.doc_id]}"))
            continue
        seen[doc.doc_id] = str(file)
        docs.append(doc)
        line_digests[doc.doc_id] = checker.line_digest or _line_digest(doc, checker.data)
    if problems:
        raise GoldError(problems)
    docs.sort(key=lambda d: d.doc_id)
    if split != "all":
        docs = [d for d in docs if d.split == split]
        if not docs:
            raise FileNotFoundError(f"no {split!r} documents in {', '.join(map(str, paths))}")
    versions = {d.meta["gold_version"] for d in docs}
    digest = hashlib.sha256(b"".join(line_digests[d.doc_id] for d in docs)).hexdigest()
    return GoldSet(tuple(docs), "+".join(sorted(versions)), digest,
                   tuple(d.meta["file"] for d in docs), split)


def validate(paths: list[Path], root: Path | None = None) -> list[Problem]:
    """Every problem in the given gold files/directories (empty when valid)."""
    try:
        load_gold(list(paths), root=root)
    except GoldError as err:
        return err.problems
    return []


def gold_hash(docs: list[Document]) -> str:
    """sha256 over the documents in ``doc_id`` order of the sha256 of each one's
    canonical line (:func:`_hash_line`: its text checksum, annotations, split and
    layers; moving a document between splits changes it)."""
    h = hashlib.sha256()
    for doc in sorted(docs, key=lambda d: d.doc_id):
        h.update(_line_digest(doc))
    return h.hexdigest()


def _line_digest(doc: Document, raw: dict[str, Any] | None = None) -> bytes:
    """sha256 (32 bytes) of the document's line of :func:`gold_hash`."""
    return hashlib.sha256(_hash_line(doc, raw)).digest()


def _hash_line(doc: Document, raw: dict[str, Any] | None = None) -> bytes:
    """One document's line of :func:`gold_hash`. ``raw``: the JSON object the
    document was loaded from (validated, so its layers hold exactly the fields
    and values ``Document.to_json`` writes, and serialise to the same canonical
    JSON); it saves rebuilding them."""
    if raw is None:
        record = doc.to_json(with_text=False)
    else:
        record = {"doc_id": raw["doc_id"], "language": raw["language"], "dct": raw["dct"],
                  **{layer: raw[layer] for layer in LAYERS}}
    record["sha256"] = doc.meta.get("sha256") or hashlib.sha256(doc.text.encode()).hexdigest()
    record["split"] = doc.split
    record["layers"] = list(doc.layers)
    return json.dumps(record, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode() + b"\n"


def _entry_of(doc: Document, text_path: str, line_digest: bytes) -> dict[str, Any]:
    """What :mod:`~benchmark.gold.doccache` stores for a validated document: its
    fields, and its annotations as arrays (texts are slices of the document text
    and are left out, except an alternative's)."""
    def alts(items: tuple[Alternative, ...]) -> list[list[Any]]:
        return [[a.start, a.end, a.text, a.type, a.value] for a in items]

    def spans(items: tuple[Span, ...]) -> list[list[int]]:
        return [[s.start, s.end] for s in items]

    meta = doc.meta
    return {
        "doc_id": doc.doc_id, "dct": doc.dct, "language": doc.language, "split": doc.split,
        "layers": list(doc.layers), "gold_version": meta["gold_version"],
        "sha256": meta["sha256"], "schema_version": meta["schema_version"],
        "provenance": meta["provenance"], "text_path": text_path,
        "entities": [[e.id, e.start, e.end, e.type, e.coarse, e.parent, e.ref, e.optional,
                      alts(e.alternatives)] for e in doc.entities],
        "timexes": [[t.id, t.start, t.end, t.type, t.value, t.anchor, t.optional,
                     alts(t.alternatives)] for t in doc.timexes],
        "attributions": [[a.id, spans(a.source), spans(a.cue), spans(a.content), a.kind,
                          list(a.source_entities), a.optional] for a in doc.attributions],
        "line_sha256": line_digest.hex(),
    }


def _document_of(entry: dict[str, Any], text: str, file: str, text_file: str) -> Document:
    """The :class:`Document` an entry of :func:`_entry_of` stores, over ``text``."""
    def alts(rows: list[list[Any]]) -> tuple[Alternative, ...]:
        return tuple(Alternative(*row) for row in rows)

    def spans(rows: list[list[int]]) -> tuple[Span, ...]:
        return tuple(Span(s, e, text[s:e]) for s, e in rows)

    return Document(
        doc_id=entry["doc_id"], text=text, dct=entry["dct"], language=entry["language"],
        entities=tuple([make_entity(i, s, e, text[s:e], kind, coarse, parent, ref, opt,
                                    alts(alt) if alt else ())
                        for i, s, e, kind, coarse, parent, ref, opt, alt in entry["entities"]]),
        timexes=tuple(Timex(i, s, e, text[s:e], kind, value, anchor, opt, alts(alt))
                      for i, s, e, kind, value, anchor, opt, alt in entry["timexes"]),
        attributions=tuple(Attribution(i, spans(src), spans(cue), spans(content), kind,
                                       tuple(sources), opt)
                           for i, src, cue, content, kind, sources, opt in entry["attributions"]),
        meta={"gold_version": entry["gold_version"], "sha256": entry["sha256"], "file": file,
              "text_path": text_file, "schema_version": entry["schema_version"],
              "provenance": dict(entry["provenance"])},
        split=entry["split"], layers=tuple(entry["layers"]),
    )


def gold_record(doc: Document, text_path: str, *, meta: dict[str, Any] | None = None,
                provenance: dict[str, Any] | None = None) -> dict[str, Any]:
    """The gold JSON object (format :data:`SCHEMA_VERSION`) of ``doc`` for a text
    file at ``text_path``: what perturbations, importers and the sheet compiler write."""
    record: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "gold_version": doc.meta.get("gold_version", "1.0.0"),
        "doc_id": doc.doc_id, "language": doc.language, "text_path": text_path,
        "sha256": hashlib.sha256(doc.text.encode("utf-8")).hexdigest(), "dct": doc.dct,
        "split": doc.split, "layers": list(doc.layers),
    }
    prov = provenance if provenance is not None else doc.meta.get("provenance")
    if prov:
        record["provenance"] = dict(prov)
    body = doc.to_json(with_text=False)
    for layer in LAYERS:
        record[layer] = body[layer]
    if meta:
        record["meta"] = meta
    return record


def check_fields(bad, obj: Any, path: JsonPath, required: tuple[str, ...],  # type: ignore[no-untyped-def]
                 optional: tuple[str, ...] = ()) -> bool:
    """``obj`` is a JSON object with every ``required`` field and no field outside
    ``required + optional``; each violation is reported through ``bad(path, value,
    expected)``. Shared by the gold and the prediction validators."""
    if not isinstance(obj, dict):
        bad(path, obj, "a JSON object")
        return False
    ok = True
    for key in required:
        if key not in obj:
            bad(path, sorted(obj), f"a field {key!r} (required: {', '.join(required)})")
            ok = False
    for key in obj:
        if key not in required and key not in optional:
            bad((*path, key), obj[key],
                f"no field {key!r}: allowed fields are {', '.join(required + optional)}")
            ok = False
    return ok


def _raw_ids(items: Any) -> set[str]:
    """Ids of every object in a raw JSON layer, valid or not."""
    if not isinstance(items, list):
        return set()
    return {o["id"] for o in items if isinstance(o, dict) and isinstance(o.get("id"), str)}


class _FileChecker:
    """Checks one gold file; collects :class:`Problem`s instead of stopping at the first."""

    def __init__(self, file: Path, root: Path | None = None):
        self.file = file
        self.root = root if root is not None else file.parent.parent
        self.problems: list[Problem] = []
        self.lines: Any = {}
        self.data: Any = None
        self.source = ""
        self.text = ""
        self.text_file: Path = file
        #: the document's gold hash line, when the cache gave or stored it
        self.line_digest: bytes | None = None

    # -- reporting ---------------------------------------------------------------
    def line(self, path: JsonPath) -> int | None:
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path)

    def bad(self, path: JsonPath, value: Any, expected: str) -> None:
        self.problems.append(Problem(str(self.file), self.line(path), format_path(path),
                                     value, expected))

    # -- shape helpers -----------------------------------------------------------
    def fields(self, obj: Any, path: JsonPath, required: tuple[str, ...],
               optional: tuple[str, ...] = ()) -> bool:
        return check_fields(self.bad, obj, path, required, optional)

    def is_int(self, obj: dict, key: str, path: JsonPath) -> bool:
        v = obj[key]
        if isinstance(v, bool) or not isinstance(v, int):
            self.bad((*path, key), v, "an integer code-point offset")
            return False
        return True

    def is_str(self, obj: dict, key: str, path: JsonPath, *, nullable: bool = False) -> bool:
        v = obj[key]
        if v is None and nullable:
            return True
        if not isinstance(v, str) or not v:
            self.bad((*path, key), v, "a non-empty string" + (" or null" if nullable else ""))
            return False
        return True

    def is_bool(self, obj: dict, key: str, path: JsonPath) -> bool:
        if not isinstance(obj[key], bool):
            self.bad((*path, key), obj[key], "true or false")
            return False
        return True

    def offsets(self, obj: dict, path: JsonPath) -> bool:
        """``start``/``end`` are in range and ``text == text[start:end]``."""
        if not (self.is_int(obj, "start", path) & self.is_int(obj, "end", path)):
            return False
        start, end = obj["start"], obj["end"]
        if not 0 <= start < end <= len(self.text):
            self.bad((*path, "end") if start >= 0 else (*path, "start"), [start, end],
                     f"offsets with 0 <= start < end <= {len(self.text)} (text length)")
            return False
        if not isinstance(obj.get("text"), str):
            self.bad((*path, "text"), obj.get("text"), "a string")
            return False
        if obj["text"] != self.text[start:end]:
            self.bad((*path, "text"), obj["text"],
                     f"text[{start}:{end}] = {self.text[start:end]!r}")
            return False
        return True

    def span(self, obj: Any, path: JsonPath) -> Span | None:
        if self.fields(obj, path, _SPAN_FIELDS) and self.offsets(obj, path):
            return Span(obj["start"], obj["end"], obj["text"])
        return None

    # -- the document ------------------------------------------------------------
    def check(self) -> Document | None:
        # Only a regular file is opened: a FIFO would block the open, a device
        # (``/dev/zero``) would never end.
        try:
            info = os.stat(self.file)
        except OSError as err:
            self.bad((), str(self.file), f"a readable gold JSON file ({err.strerror or err})")
            return None
        if not stat.S_ISREG(info.st_mode):
            self.bad((), str(self.file), "a regular gold JSON file (not a directory, device, "
                                         "FIFO or socket)")
            return None
        if info.st_size > MAX_GOLD_BYTES:
            self.bad((), f"{info.st_size} bytes", f"a gold JSON file of at most "
                                                  f"{MAX_GOLD_BYTES} bytes")
            return None
        try:
            source_bytes = self.file.read_bytes()
        except OSError as err:
            self.bad((), str(self.file), f"a readable gold JSON file ({err.strerror or err})")
            return None
        entry_path = doccache.key_of(source_bytes)
        if entry_path is not None and (entry := doccache.read(entry_path)) is not None:
            cached = self.from_entry(entry, source_bytes)
            if cached is not None or self.problems:
                return cached
        try:
            source = source_bytes.decode("utf-8")
        except UnicodeDecodeError as err:
            self.bad((), f"byte {err.start}", "a UTF-8 encoded JSON file")
            return None
        try:
            data = strict_json_loads(source)
        except json.JSONDecodeError as err:
            self.problems.append(Problem(str(self.file), err.lineno, f"column {err.colno}",
                                         err.msg, "valid JSON"))
            return None
        except StrictJsonError as err:
            self.problems.append(Problem(str(self.file), err.line, err.path, err.value,
                                         err.expected))
            return None
        self.lines = LazyLines(source)
        self.data = data
        self.source = source
        version = data.get("schema_version") if isinstance(data, dict) else None
        if isinstance(version, bool) or version not in READABLE_VERSIONS:
            if isinstance(data, dict) and "schema_version" in data:
                self.bad(("schema_version",), version,
                         f"one of {', '.join(map(str, READABLE_VERSIONS))} "
                         f"(the gold formats this khabar reads; it writes {SCHEMA_VERSION})")
                return None
        top = _TOP_FIELDS_V1 if version == 1 else _TOP_FIELDS
        optional_top = ("meta",) if version == 1 else _OPTIONAL_TOP_FIELDS
        if not self.fields(data, (), top, optional_top):
            if not isinstance(data, dict) or any(k not in data for k in top):
                return None
        ok = True
        for key in ("gold_version", "doc_id", "language", "text_path", "sha256", "dct"):
            ok &= self.is_str(data, key, ())
        if not ok:
            return None
        if not _SEMVER.fullmatch(data["gold_version"]):
            self.bad(("gold_version",), data["gold_version"], "a semantic version like 1.0.0")
        if not _ID.fullmatch(data["doc_id"]):
            self.bad(("doc_id",), data["doc_id"], "an id of letters, digits and _ . : -")
        try:
            _dt.date.fromisoformat(data["dct"])
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["dct"]):
                raise ValueError
        except ValueError:
            self.bad(("dct",), data["dct"], "an ISO date YYYY-MM-DD (the document creation time)")
        if not _SHA256.fullmatch(data["sha256"]):
            self.bad(("sha256",), data["sha256"], "64 lower-case hex digits")
        split, layers = "dev", LAYERS
        if version != 1:
            split, layers = self.split_and_layers(data)
            if isinstance(data.get("provenance"), (dict, type(None))) or "provenance" not in data:
                self.provenance(data.get("provenance"))
            else:
                self.bad(("provenance",), data["provenance"], "a JSON object")
        raw = self.read_text(data["text_path"])
        if raw is None:
            return None
        digest = hashlib.sha256(raw).hexdigest()
        if digest != data["sha256"]:
            # Never go on to check offsets: that would echo pieces of a file that is
            # not the one the gold was written for.
            self.bad(("sha256",), data["sha256"],
                     f"the sha256 of the text file {data['text_path']!r}: {digest}")
            return None
        try:
            self.text = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            self.bad(("text_path",), data["text_path"], f"UTF-8 text (bad byte at {err.start})")
            return None

        entities = self.entities(data["entities"])
        timexes = self.timexes(data["timexes"])
        attributions = self.attributions(data["attributions"], _raw_ids(data["entities"])
                                         if data["attributions"] else set())
        self.unique_ids(data)
        for layer in LAYERS:
            if layer not in layers and data[layer]:
                self.bad((layer,), f"{len(data[layer])} item(s)",
                         f"an empty list: {layer!r} is not in this document's layers")
        if self.problems:
            return None
        doc = Document(
            doc_id=data["doc_id"], text=self.text, dct=data["dct"], language=data["language"],
            entities=tuple(entities), timexes=tuple(timexes), attributions=tuple(attributions),
            meta={"gold_version": data["gold_version"], "sha256": data["sha256"],
                  "file": str(self.file), "text_path": str(self.text_file),
                  "schema_version": version, "provenance": dict(data.get("provenance") or {})},
            split=split, layers=layers,
        )
        if entry_path is not None:
            self.line_digest = _line_digest(doc, data)
            doccache.write(entry_path, _entry_of(doc, data["text_path"], self.line_digest))
        return doc

    def from_entry(self, entry: dict[str, Any], source: bytes) -> Document | None:
        """The document a :mod:`~benchmark.gold.doccache` entry stores, after the
        checks that do not follow from the gold file's bytes: the text file is
        confined and read again and must have the recorded sha256. ``None`` with
        a problem recorded when the text file is refused; ``None`` without one
        when the entry does not fit (the caller then checks the file in full)."""
        try:
            raw = self.read_text(entry["text_path"])
            if raw is None or hashlib.sha256(raw).hexdigest() != entry["sha256"]:
                return None
            self.text = text = raw.decode("utf-8")
            doc = _document_of(entry, text, str(self.file), str(self.text_file))
        except (KeyError, TypeError, ValueError, IndexError):
            return None
        self.lines = LazyLines(source)
        self.line_digest = bytes.fromhex(entry["line_sha256"])
        return doc

    def split_and_layers(self, data: dict) -> tuple[str, tuple[str, ...]]:
        split = data["split"]
        if split not in SPLITS:
            self.bad(("split",), split, f"one of {', '.join(SPLITS)}")
            split = "dev"
        raw_layers = data["layers"]
        if (not isinstance(raw_layers, list) or not raw_layers
                or any(not isinstance(x, str) or x not in LAYERS for x in raw_layers)
                or len(set(raw_layers)) != len(raw_layers)):
            self.bad(("layers",), raw_layers,
                     f"a non-empty list of distinct layer names from {', '.join(LAYERS)}")
            return split, LAYERS
        return split, tuple(x for x in LAYERS if x in raw_layers)

    def provenance(self, value: Any) -> None:
        if value is None:
            return
        for key, item in value.items():
            if key not in _PROVENANCE_FIELDS:
                self.bad(("provenance", key), item,
                         f"no field {key!r}: allowed fields are {', '.join(_PROVENANCE_FIELDS)}")
            elif isinstance(item, bool) or not isinstance(item, (str, int)):
                self.bad(("provenance", key), item, "a string or an integer")

    def read_text(self, text_path: str) -> bytes | None:
        """The bytes of ``text_path``, confined to the corpus root.

        The rule: ``text_path`` is relative (to the JSON file), resolves (symlinks
        followed) to a regular file inside ``root``, and is at most
        :data:`MAX_TEXT_BYTES` long. Absolute paths, ``..`` escapes, symlinks out
        of the root, devices, FIFOs and directories are refused before anything
        is read, so no byte of a file outside the corpus reaches a message.
        """
        where = ("text_path",)
        if "\x00" in text_path or Path(text_path).is_absolute() or text_path.startswith("\\"):
            self.bad(where, text_path, "a relative path inside the corpus root "
                                       f"{self.root} (absolute paths are refused)")
            return None
        candidate = self.file.parent / text_path
        try:
            resolved = candidate.resolve(strict=True)
        except (OSError, RuntimeError):
            self.bad(where, text_path, f"an existing text file (resolved to {candidate})")
            return None
        root = self.root.resolve()
        if not resolved.is_relative_to(root):
            self.bad(where, text_path, f"a path inside the corpus root {root} "
                                       "(it escapes the root; pass --root to widen it)")
            return None
        try:
            info = os.stat(resolved)
        except OSError as err:
            self.bad(where, text_path, f"a readable text file ({err.strerror or err})")
            return None
        if not stat.S_ISREG(info.st_mode):
            self.bad(where, text_path, "a regular file (not a directory, device, FIFO or socket)")
            return None
        if info.st_size > MAX_TEXT_BYTES:
            self.bad(where, text_path, f"a text file of at most {MAX_TEXT_BYTES} bytes "
                                       f"(it has {info.st_size})")
            return None
        try:
            with open(resolved, "rb") as fh:
                # the size stat() gave, plus one byte to see a file that grew since
                # (read(MAX_TEXT_BYTES + 1) would allocate 8 MiB for every text)
                raw = fh.read(info.st_size + 1)
                if len(raw) > info.st_size:
                    raw += fh.read(MAX_TEXT_BYTES + 1 - len(raw))
        except OSError as err:
            self.bad(where, text_path, f"a readable text file ({err.strerror or err})")
            return None
        if len(raw) > MAX_TEXT_BYTES:
            self.bad(where, text_path, f"a text file of at most {MAX_TEXT_BYTES} bytes")
            return None
        self.text_file = resolved
        return raw

    def items(self, value: Any, key: str) -> list[tuple[JsonPath, Any]]:
        if not isinstance(value, list):
            self.bad((key,), value, "a JSON array")
            return []
        return [((key, i), item) for i, item in enumerate(value)]

    def alternatives(self, obj: dict, path: JsonPath, allowed: tuple[str, ...],
                     types: tuple[str, ...]) -> tuple[Alternative, ...]:
        alts = obj["alternatives"]
        if not isinstance(alts, list):
            self.bad((*path, "alternatives"), alts, "a JSON array of alternative readings")
            return ()
        out = []
        for i, alt in enumerate(alts):
            apath = (*path, "alternatives", i)
            if not self.fields(alt, apath, (), allowed):
                continue
            if not alt:
                self.bad(apath, alt, f"at least one of {', '.join(allowed)}")
                continue
            has_offsets = [k in alt for k in _SPAN_FIELDS]
            if any(has_offsets) and not all(has_offsets):
                self.bad(apath, sorted(alt), "start, end and text together (another extent)")
                continue
            if all(has_offsets) and not self.offsets(alt, apath):
                continue
            if "type" in alt and alt["type"] not in types:
                self.bad((*apath, "type"), alt["type"], f"one of {', '.join(types)}")
                continue
            reading = Alternative(alt.get("start"), alt.get("end"), alt.get("text"),
                                  alt.get("type"), alt.get("value"))
            if "value" in alt:
                vtype = alt.get("type", obj.get("type"))
                if not isinstance(alt["value"], str):
                    self.bad((*apath, "value"), alt["value"], "a TIMEX3 value string")
                    continue
                if problem := value_problem(alt["value"], vtype):
                    self.bad((*apath, "value"), alt["value"], problem)
                    continue
            same = all(getattr(reading, k) in (None, obj.get(k)) for k in allowed)
            if same:
                self.bad(apath, alt, "a reading that differs from the main annotation")
                continue
            out.append(reading)
        return tuple(out)

    def entities(self, value: Any) -> list[Entity]:
        out: list[Entity] = []
        if not isinstance(value, list):
            self.bad(("entities",), value, "a JSON array")
            self.nesting(out, value)
            return out
        text, n, keys, coarse_of = self.text, len(self.text), _ENTITY_KEYS, COARSE_OF
        for i, obj in enumerate(value):
            # Fast path: the fields of a valid entity pass this one test (its
            # alternatives, if any, are then checked as in :meth:`entity`); anything
            # else is checked (and reported) field by field.
            if (type(obj) is dict and obj.keys() == keys
                    and type(start := obj["start"]) is int and type(end := obj["end"]) is int
                    and 0 <= start < end <= n and obj["text"] == text[start:end]
                    and type(ident := obj["id"]) is str and ident
                    and type(opt := obj["optional"]) is bool
                    and ((parent := obj["parent"]) is None or (type(parent) is str and parent))
                    and ((ref := obj["ref"]) is None or (type(ref) is str and ref))
                    and type(kind := obj["type"]) is str
                    and (coarse := coarse_of.get(kind, _ABSENT)) is not _ABSENT
                    and obj["coarse"] == coarse and type(obj["coarse"]) is type(coarse)):
                alts = obj["alternatives"]
                alts = () if type(alts) is list and not alts else self.alternatives(
                    obj, ("entities", i), _ENTITY_ALT_FIELDS, FINE_TYPES)
                out.append(make_entity(ident, start, end, obj["text"], kind, coarse, parent, ref,
                                       opt, alts))
            elif (checked := self.entity(("entities", i), obj)) is not None:
                out.append(checked)
        self.nesting(out, value)
        return out

    def entity(self, path: JsonPath, obj: Any) -> Entity | None:
        """One entity object, checked field by field (every problem reported)."""
        if not self.fields(obj, path, _ENTITY_FIELDS):
            return None
        ok = self.is_str(obj, "id", path) & self.offsets(obj, path)
        ok &= self.is_bool(obj, "optional", path)
        ok &= self.is_str(obj, "parent", path, nullable=True)
        ok &= self.is_str(obj, "ref", path, nullable=True)
        if obj["type"] not in FINE_TYPES:
            self.bad((*path, "type"), obj["type"], f"a Wojood type: {', '.join(FINE_TYPES)}")
            ok = False
        elif obj["coarse"] != COARSE_OF[obj["type"]]:
            self.bad((*path, "coarse"), obj["coarse"],
                     f"{json.dumps(COARSE_OF[obj['type']])} (the CoNLL class of {obj['type']})")
            ok = False
        alts = self.alternatives(obj, path, _ENTITY_ALT_FIELDS, FINE_TYPES)
        if ok:
            return Entity(obj["id"], obj["start"], obj["end"], obj["text"], obj["type"],
                          obj["coarse"], obj["parent"], obj["ref"], obj["optional"], alts)
        return None

    def nesting(self, entities: list[Entity], raw: Any) -> None:
        """``parent`` names the smallest strictly containing entity; spans nest or
        are disjoint. One sort and a stack sweep: O(n log n) for n mentions."""
        if all(e.parent is None for e in entities):
            spans = sorted([(e.start, e.end) for e in entities])
            if all(a[1] <= b[0] for a, b in zip(spans, spans[1:])):
                return  # flat: nothing nests or crosses, no span twice, no parent to name
        by_id = {e.id: e for e in entities}
        known = _raw_ids(raw)  # links to an entity that is itself invalid are not reported twice
        position = {o["id"]: i for i, o in enumerate(raw) if isinstance(o, dict) and "id" in o}
        seen_spans: dict[tuple[int, int, str], str] = {}
        stack: list[Entity] = []
        for e in sorted(entities, key=lambda x: (x.start, -x.end, x.id)):
            path: JsonPath = ("entities", position.get(e.id, 0))
            key = (e.start, e.end, e.type)
            if key in seen_spans:
                self.bad(path, e.id, f"no second {e.type} mention on [{e.start}, {e.end}) "
                                     f"(already {seen_spans[key]})")
            seen_spans.setdefault(key, e.id)
            while stack and stack[-1].end <= e.start:
                stack.pop()
            smallest = None
            for o in reversed(stack):
                if o.end < e.end:
                    self.bad(path, [e.start, e.end], f"spans that nest or are disjoint, but it "
                                                     f"crosses {o.id} [{o.start}, {o.end})")
                elif (o.start, o.end) != (e.start, e.end):
                    smallest = o
                    break
            stack.append(e)
            if e.parent is None:
                if smallest is not None:
                    self.bad((*path, "parent"), None,
                             f"{smallest.id!r}: the smallest entity containing this one")
                continue
            parent = by_id.get(e.parent)
            if parent is None:
                if e.parent not in known:
                    self.bad((*path, "parent"), e.parent, "the id of an entity in this document")
            elif parent is e:
                self.bad((*path, "parent"), e.parent, "another entity's id, not its own")
            elif not parent.span.contains(e.span) or (parent.start, parent.end) == (e.start, e.end):
                self.bad((*path, "parent"), e.parent,
                         f"an entity whose span [{parent.start}, {parent.end}) strictly "
                         f"contains [{e.start}, {e.end})")
            elif smallest is not None and parent is not smallest and \
                    (smallest.end - smallest.start) < (parent.end - parent.start):
                self.bad((*path, "parent"), e.parent,
                         f"{smallest.id!r}: the smallest entity containing this one")

    def timexes(self, value: Any) -> list[Timex]:
        out: list[Timex] = []
        paths: dict[str, JsonPath] = {}
        for path, obj in self.items(value, "timexes"):
            if not self.fields(obj, path, _TIMEX_FIELDS):
                continue
            ok = self.is_str(obj, "id", path) & self.offsets(obj, path)
            ok &= self.is_bool(obj, "optional", path)
            ok &= self.is_str(obj, "anchor", path, nullable=True)
            if obj["type"] not in TIMEX_TYPES:
                self.bad((*path, "type"), obj["type"], f"a TIMEX3 type: {', '.join(TIMEX_TYPES)}")
                ok = False
            elif not isinstance(obj["value"], str):
                self.bad((*path, "value"), obj["value"], "a TIMEX3 value string")
                ok = False
            elif problem := value_problem(obj["value"], obj["type"]):
                self.bad((*path, "value"), obj["value"], problem)
                ok = False
            alts = self.alternatives(obj, path, _TIMEX_ALT_FIELDS, TIMEX_TYPES)
            if ok:
                out.append(Timex(obj["id"], obj["start"], obj["end"], obj["text"], obj["type"],
                                 obj["value"], obj["anchor"], obj["optional"], alts))
                paths[obj["id"]] = path
        by_id = {t.id: t for t in out}
        known = _raw_ids(value)
        for t in out:
            path = paths[t.id]
            if t.anchor not in (None, DCT_ANCHOR):
                if t.anchor == t.id:
                    self.bad((*path, "anchor"), t.anchor, "\"DCT\", null or another timex's id")
                elif t.anchor not in known:
                    self.bad((*path, "anchor"), t.anchor,
                             "\"DCT\", null, or the id of a timex in this document")
                elif t.anchor in by_id:  # follow the chain: anchors must not form a cycle
                    seen, cur = {t.id}, by_id[t.anchor]
                    while cur.anchor in by_id and cur.anchor not in seen:
                        seen.add(cur.id)
                        cur = by_id[cur.anchor]
                    if cur.anchor in seen:
                        self.bad((*path, "anchor"), t.anchor, "an anchor chain that ends at "
                                                             "DCT or an absolute timex, not a cycle")
        previous: Timex | None = None
        for t in sorted(out, key=lambda x: (x.start, x.end, x.id)):
            if previous is not None and previous.end > t.start:
                self.bad(paths[t.id], [t.start, t.end], f"timexes that do not overlap (TimeML "
                                                        f"TIMEX3 cannot nest), but {previous.id} "
                                                        f"[{previous.start}, {previous.end}) does")
            if previous is None or t.end > previous.end:
                previous = t
        return out

    def attributions(self, value: Any, entity_ids: set[str]) -> list[Attribution]:
        out: list[Attribution] = []
        for path, obj in self.items(value, "attributions"):
            if not self.fields(obj, path, _ATTRIBUTION_FIELDS):
                continue
            ok = self.is_str(obj, "id", path) & self.is_bool(obj, "optional", path)
            roles: dict[str, tuple[Span, ...]] = {}
            for role in ("source", "cue", "content"):
                spans = obj[role]
                if not isinstance(spans, list) or (role != "source" and not spans):
                    self.bad((*path, role), spans, "a JSON array of spans {start, end, text}"
                             + ("" if role == "source" else ", at least one"))
                    ok = False
                    continue
                parsed = [self.span(s, (*path, role, i)) for i, s in enumerate(spans)]
                if any(p is None for p in parsed):
                    ok = False
                    continue
                ordered = sorted(parsed, key=lambda s: s.start)  # type: ignore[arg-type, return-value]
                for i, (a, b) in enumerate(zip(ordered, ordered[1:])):
                    if a.overlaps(b):  # type: ignore[union-attr]
                        self.bad((*path, role), spans, "spans of one role that do not overlap")
                        ok = False
                roles[role] = tuple(parsed)  # type: ignore[arg-type]
            sources = obj["source_entities"]
            if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
                self.bad((*path, "source_entities"), sources, "a JSON array of entity ids")
                ok = False
            else:
                for i, sid in enumerate(sources):
                    if sid not in entity_ids:
                        self.bad((*path, "source_entities", i), sid,
                                 "the id of an entity in this document")
                        ok = False
            if obj["kind"] not in ATTRIBUTION_KINDS:
                self.bad((*path, "kind"), obj["kind"], f"one of {', '.join(ATTRIBUTION_KINDS)}")
                ok = False
            if ok:
                out.append(Attribution(obj["id"], roles["source"], roles["cue"], roles["content"],
                                       obj["kind"], tuple(sources), obj["optional"]))
        return out

    def unique_ids(self, data: dict) -> None:
        ids = [obj["id"] for layer in LAYERS if isinstance(data.get(layer), list)
               for obj in data[layer] if isinstance(obj, dict) and isinstance(obj.get("id"), str)]
        if len(set(ids)) == len(ids):
            return
        seen: dict[str, str] = {}
        for layer in ("entities", "timexes", "attributions"):
            if not isinstance(data.get(layer), list):
                continue
            for i, obj in enumerate(data[layer]):
                if not isinstance(obj, dict) or not isinstance(obj.get("id"), str):
                    continue
                ident = obj["id"]
                if ident in seen:
                    self.bad((layer, i, "id"), ident,
                             f"an id unique in the document (already used at {seen[ident]})")
                else:
                    seen[ident] = f"$.{layer}[{i}]"
