"""``khabar import``: existing corpora as khabar gold (gold format 2).

One module per source format (:data:`FORMATS`); each has
``read(paths, options, report) -> list[Imported]``. This package holds what they
share: the problem report (every problem with its file and line), the label
mapping onto Wojood fine types, the entity builder (ids, coarse types, ``parent``
links from containment, crossing and duplicate checks, every span's text checked
against the document text) and :func:`write_corpus`, which writes
``DIR/texts/<doc_id>.txt`` and ``DIR/gold/<doc_id>.json`` into a temporary
directory, validates it with :func:`benchmark.gold.load_gold` and only then moves
it into place. ``docs/import.md`` is the user documentation.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmark.core.documents import Alternative, Attribution, Document, Entity, Timex
from benchmark.core.inventory import COARSE_OF, FINE_TYPES

#: format name → (module, one-line description, file suffixes read from a directory).
FORMATS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "wojood": ("benchmark.importers.wojood",
               "Wojood nested IOB2: TOKEN TAG [TAG …] per line", (".txt",)),
    "conll": ("benchmark.importers.conll",
              "CoNLL / ANERcorp flat IOB: TOKEN [COLUMNS …] TAG per line",
              (".txt", ".conll", ".iob", ".bio", ".tsv")),
    "brat": ("benchmark.importers.brat", "brat standoff: NAME.txt + NAME.ann", (".ann",)),
    "labelstudio": ("benchmark.importers.labelstudio", "Label Studio JSON export", (".json",)),
    "doccano": ("benchmark.importers.doccano", "doccano JSONL export", (".jsonl", ".json")),
    "prodigy": ("benchmark.importers.prodigy", "Prodigy JSONL (db-out)", (".jsonl",)),
    "timeml": ("benchmark.importers.timeml", "TimeML .tml (TimeBank / TempEval-3)",
               (".tml",)),
}
#: Formats read as token files (the text is reconstructed from the tokens).
TOKEN_FORMATS = ("wojood", "conll")
#: Names printed in ``provenance.corpus`` when ``--corpus`` is not given.
FORMAT_TITLES = {
    "wojood": "Wojood-format IOB file", "conll": "CoNLL-format IOB file",
    "brat": "brat standoff files", "labelstudio": "Label Studio export",
    "doccano": "doccano export", "prodigy": "Prodigy export", "timeml": "TimeML files",
}

#: CoNLL / ANERcorp classes → Wojood fine types (docs/import.md says why). A label
#: that is already a Wojood fine type maps to itself in every format.
CONLL_LABELS: dict[str, str] = {
    "PER": "PERS", "PERS": "PERS", "PERSON": "PERS",
    "ORG": "ORG",
    "LOC": "LOC",
    "MISC": "NORP",
}

_ID_OK = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.:-]*")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# -- problems ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a source file: ``path:line: message``."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else \
            f"{self.path}: {self.message}"


class Report:
    """Collects problems (the import fails) and warnings (it goes on)."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.warnings: list[str] = []

    def bad(self, path: str | Path, line: int | None, message: str) -> None:
        self.problems.append(Problem(str(path), line, message))

    def warn(self, message: str) -> None:
        self.warnings.append(message)


class UsageError(ValueError):
    """A command-line mistake (exit 2): unknown format, missing path, no ``--dct``…"""


# -- options ----------------------------------------------------------------------------

@dataclass
class Options:
    """What the command line passes to the format readers."""

    fmt: str
    split: str = "test"
    dct: str | None = None
    doc_size: int | None = None
    labels: dict[str, str] = field(default_factory=dict)   # --map SOURCE=FINE
    scheme: str = "iob2"
    language: str = "ar"
    corpus: str | None = None
    licence: str | None = None
    citation: str | None = None


def parse_label_map(pairs: Sequence[str]) -> dict[str, str]:
    """``["MISC=EVENT", …]`` → ``{"MISC": "EVENT"}``; :class:`UsageError` for a pair
    that is not ``SOURCE=FINE`` or names no Wojood fine type."""
    out: dict[str, str] = {}
    for pair in pairs:
        source, sep, fine = pair.partition("=")
        source, fine = source.strip(), fine.strip()
        if not sep or not source or not fine:
            raise UsageError(f"--map {pair!r}: expected SOURCE=TYPE, e.g. --map MISC=EVENT")
        if fine not in FINE_TYPES:
            raise UsageError(f"--map {pair!r}: {fine!r} is not a Wojood fine type; expected "
                             f"one of {', '.join(FINE_TYPES)}")
        out[source] = fine
    return out


class LabelMapper:
    """Source entity labels → Wojood fine types: the format's defaults, then
    ``--map``; unknown labels are reported once each, with where they first occur."""

    def __init__(self, overrides: dict[str, str], defaults: dict[str, str] | None = None):
        self.table = {t: t for t in FINE_TYPES}
        self.table.update(defaults or {})
        self.table.update(overrides)
        self.used: dict[str, str] = {}
        self._reported: set[str] = set()

    def __call__(self, label: str, report: Report, path: str | Path, line: int | None
                 ) -> str | None:
        fine = self.table.get(label)
        if fine is None:
            if label not in self._reported:
                self._reported.add(label)
                report.bad(path, line, f"entity label {label!r} is not a Wojood fine type "
                                       f"({', '.join(FINE_TYPES)}); map it with "
                                       f"--map {label}=TYPE")
            return None
        self.used[label] = fine
        return fine


def parse_dct(value: str) -> str:
    """``--dct``: a real ISO date ``YYYY-MM-DD`` or :class:`UsageError`."""
    import datetime as dt

    if not ISO_DATE.fullmatch(value):
        raise UsageError(f"--dct {value!r}: expected a date YYYY-MM-DD")
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--dct {value!r}: not a calendar date") from None
    return value


def safe_id(name: str) -> str:
    """A doc id from a file stem: characters outside ``[A-Za-z0-9_.:-]`` become
    ``_`` (and a leading ``.`` or ``-`` too)."""
    out = re.sub(r"[^A-Za-z0-9_.:-]", "_", name)
    if not out or not _ID_OK.fullmatch(out):
        out = "_" + out
    return out


def read_utf8(path: Path, report: Report) -> str | None:
    """The file decoded as UTF-8 (a leading byte-order mark dropped), or None with
    the problem (the line of the first bad byte) reported."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        report.bad(path, None, f"cannot read: {exc.strerror or exc}")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        report.bad(path, line, f"not UTF-8 (byte {exc.start}: {raw[exc.start:exc.start + 1]!r})")
        return None
    return text[1:] if text.startswith("\ufeff") else text


# -- documents --------------------------------------------------------------------------

@dataclass
class RawEntity:
    """An entity mention as a source states it, before mapping and checking."""

    start: int
    end: int
    label: str
    line: int | None = None
    #: The span text the source states (checked against the document text).
    text: str | None = None
    where: str = ""           # e.g. "span 3 of record 2", for messages
    id: str | None = None
    ref: str | None = None
    optional: bool = False
    alternatives: tuple[Alternative, ...] = ()


@dataclass
class Imported:
    """One imported document, ready to become a gold record."""

    doc_id: str
    text: str
    source: Path
    layers: tuple[str, ...]
    entities: list[Entity] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    dct: str | None = None
    dct_reason: str | None = None
    line: int | None = None          # where the document starts in its source
    docno: str | int | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def build_entities(text: str, raws: Sequence[RawEntity], mapper: LabelMapper,
                   report: Report, path: str | Path) -> list[Entity]:
    """Check and link entity mentions: offsets inside the text, the stated span text
    equal to the text there, a known label, no duplicate (span, type), spans that
    nest or are disjoint; ``parent`` is the smallest strictly containing entity and
    ``coarse`` the CoNLL class of the fine type. Ids are kept when the source gives
    them (else ``e1 …`` in reading order: start, then longest first)."""
    checked: list[tuple[int, RawEntity, str]] = []
    for order, raw in enumerate(raws):
        where = f" ({raw.where})" if raw.where else ""
        if isinstance(raw.start, bool) or not isinstance(raw.start, int) or \
                isinstance(raw.end, bool) or not isinstance(raw.end, int):
            report.bad(path, raw.line, f"entity offsets {raw.start!r}, {raw.end!r}{where}: "
                                       f"expected integers")
            continue
        if not 0 <= raw.start < raw.end <= len(text):
            report.bad(path, raw.line, f"entity [{raw.start}, {raw.end}){where}: expected "
                                       f"0 <= start < end <= {len(text)} (the text length)")
            continue
        found = text[raw.start:raw.end]
        if raw.text is not None and raw.text != found:
            report.bad(path, raw.line, f"entity [{raw.start}, {raw.end}){where} states the "
                                       f"text {raw.text!r} but the text there is {found!r}")
            continue
        fine = mapper(raw.label, report, path, raw.line)
        if fine is None:
            continue
        checked.append((order, raw, fine))
    checked.sort(key=lambda c: (c[1].start, -c[1].end, c[0]))
    ids = [raw.id if raw.id is not None else f"e{i}"
           for i, (_, raw, _) in enumerate(checked, 1)]
    seen_ids: dict[str, RawEntity] = {}
    for ident, (_, raw, _) in zip(ids, checked):
        if not _ID_OK.fullmatch(ident):
            report.bad(path, raw.line, f"entity id {ident!r}: expected letters, digits and "
                                       f"_ . : -")
        elif ident in seen_ids:
            report.bad(path, raw.line, f"entity id {ident!r} is used twice")
        seen_ids.setdefault(ident, raw)
    seen_spans: dict[tuple[int, int, str], RawEntity] = {}
    parents: list[str | None] = []
    stack: list[int] = []                  # indices into checked, outer first
    for i, (_, raw, fine) in enumerate(checked):
        key = (raw.start, raw.end, fine)
        if key in seen_spans:
            first = seen_spans[key]
            report.bad(path, raw.line, f"the {fine} mention {text[raw.start:raw.end]!r} "
                                       f"[{raw.start}, {raw.end}) is annotated twice"
                                       + (f" (first on line {first.line})" if first.line and
                                          first.line != raw.line else ""))
        seen_spans.setdefault(key, raw)
        while stack and checked[stack[-1]][1].end <= raw.start:
            stack.pop()
        parent = None
        for j in reversed(stack):
            outer = checked[j][1]
            if outer.end < raw.end:
                report.bad(path, raw.line,
                           f"{raw.label} {text[raw.start:raw.end]!r} [{raw.start}, {raw.end}) "
                           f"crosses {outer.label} {text[outer.start:outer.end]!r} "
                           f"[{outer.start}, {outer.end})"
                           + (f" (line {outer.line})" if outer.line and outer.line != raw.line
                              else "") + ": spans must nest or be disjoint")
                break
            if (outer.start, outer.end) != (raw.start, raw.end):
                parent = ids[j]
                break
        parents.append(parent)
        stack.append(i)
    return [Entity(ident, raw.start, raw.end, text[raw.start:raw.end], fine, COARSE_OF[fine],
                   parent, raw.ref, raw.optional, raw.alternatives)
            for ident, parent, (_, raw, fine) in zip(ids, parents, checked)]


def check_timex_overlaps(timexes: Sequence[Timex], report: Report, path: str | Path,
                         line_of: dict[str, int | None] | None = None) -> None:
    """TIMEX3 extents must not overlap (TimeML cannot nest them)."""
    line_of = line_of or {}
    previous: Timex | None = None
    for t in sorted(timexes, key=lambda x: (x.start, x.end)):
        if previous is not None and previous.end > t.start:
            report.bad(path, line_of.get(t.id), f"TIMEX3 {t.id} {t.text!r} [{t.start}, {t.end}) "
                                                f"overlaps {previous.id} {previous.text!r} "
                                                f"[{previous.start}, {previous.end})")
        if previous is None or t.end > previous.end:
            previous = t


def whitespace_edges(doc: Imported) -> int:
    """How many spans begin or end with white space (kept as annotated; a warning)."""
    spans = [(e.start, e.end) for e in doc.entities] + [(t.start, t.end) for t in doc.timexes]
    return sum(1 for s, e in spans if doc.text[s].isspace() or doc.text[e - 1].isspace())


# -- sources ----------------------------------------------------------------------------

def source_files(paths: Iterable[Path], fmt: str) -> list[Path]:
    """The files to read: each path itself, or a directory's files with the format's
    suffixes (non-recursive, sorted, hidden files skipped). :class:`UsageError` for
    a path that does not exist or a directory without such files."""
    suffixes = FORMATS[fmt][2]
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and
                           not p.name.startswith(".") and p.suffix.lower() in suffixes
                           and not p.name.endswith(".khabar.json"))
            if not found:
                raise UsageError(f"{path}: no {' / '.join(suffixes)} files for format {fmt}")
            files += found
        elif path.is_file():
            files.append(path)
        elif path.exists():
            raise UsageError(f"{path}: not a regular file or directory")
        else:
            raise UsageError(f"{path}: no such file or directory")
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def read_sources(fmt: str, paths: Sequence[Path], options: Options, report: Report
                 ) -> list[Imported]:
    """Every document of the sources (problems go to ``report``)."""
    import importlib

    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if options.doc_size is not None and fmt not in TOKEN_FORMATS:
        raise UsageError(f"--doc-size applies to token files ({', '.join(TOKEN_FORMATS)}), "
                         f"not {fmt}")
    if options.scheme != "iob2" and fmt != "conll":
        raise UsageError(f"--scheme applies to conll only, not {fmt}")
    files = source_files(paths, fmt)
    module = importlib.import_module(FORMATS[fmt][0])
    docs: list[Imported] = module.read(files, options, report)
    from benchmark.gold.loader import MAX_TEXT_BYTES

    seen: dict[str, Imported] = {}
    for doc in docs:
        size = len(doc.text.encode("utf-8"))
        if size > MAX_TEXT_BYTES:
            hint = " (cut it with --doc-size N)" if fmt in TOKEN_FORMATS else ""
            report.bad(doc.source, doc.line, f"document {doc.doc_id} has {size} bytes of text; "
                                             f"gold allows {MAX_TEXT_BYTES}{hint}")
        if doc.doc_id in seen:
            report.bad(doc.source, doc.line, f"document id {doc.doc_id!r} again (already from "
                                             f"{seen[doc.doc_id].source}); rename one file")
        seen.setdefault(doc.doc_id, doc)
    return docs


# -- writing ----------------------------------------------------------------------------

def out_dir_problem(out: Path, sources: Sequence[Path], *, force: bool) -> str | None:
    """Why ``out`` must not be (re)written, or None. An existing directory is only
    replaced with ``force``, and only when it holds nothing but ``gold/`` and
    ``texts/`` (what an import writes); it must not contain a source or the
    working directory."""
    if out.is_symlink():
        return f"{out} is a symbolic link; give the real directory"
    if out.exists() and not out.is_dir():
        return f"{out} exists and is not a directory"
    resolved = out.resolve()
    for src in [*sources, Path.cwd()]:
        s = src.resolve()
        if s == resolved or s.is_relative_to(resolved):
            what = "the working directory" if src == Path.cwd() else f"the source {src}"
            return f"{out} contains {what}; write the gold somewhere else"
    if out.is_dir():
        entries = sorted(p.name for p in out.iterdir())
        if entries and not force:
            return f"{out} exists and is not empty; use --force to replace it"
        foreign = [e for e in entries if e not in ("gold", "texts")]
        if foreign:
            return (f"{out} holds {', '.join(foreign[:5])} besides gold/ and texts/; "
                    f"--force only replaces a directory `khabar import` wrote; remove it "
                    f"yourself")
    return None


def to_document(doc: Imported, options: Options) -> Document:
    return Document(doc.doc_id, doc.text, doc.dct or "", options.language,
                    tuple(doc.entities), tuple(doc.timexes), tuple(doc.attributions),
                    meta={"gold_version": "1.0.0"}, split=options.split, layers=doc.layers)


def provenance(doc: Imported, options: Options) -> dict[str, Any]:
    name = options.corpus or FORMAT_TITLES[options.fmt]
    prov: dict[str, Any] = {"corpus": f"{name} (khabar import {options.fmt})",
                            "corpus_path": doc.source.as_posix()}
    if doc.docno is not None:
        prov["docno"] = doc.docno
    if doc.dct_reason:
        prov["dct_reason"] = doc.dct_reason
    if options.licence:
        prov["licence"] = options.licence
    if options.citation:
        prov["citation"] = options.citation
    return prov


def gold_records(docs: Sequence[Imported], options: Options) -> list[tuple[Imported, dict]]:
    from benchmark.gold.loader import gold_record

    out = []
    for doc in docs:
        meta = {"import": {"format": options.fmt, "source": doc.source.as_posix(),
                           **({"line": doc.line} if doc.line else {}), **doc.meta}}
        record = gold_record(to_document(doc, options), f"../texts/{doc.doc_id}.txt",
                             meta=meta, provenance=provenance(doc, options))
        out.append((doc, record))
    return out


def write_corpus(out: Path, docs: Sequence[Imported], options: Options) -> Path:
    """Write ``out/texts`` and ``out/gold`` atomically: everything goes to a
    temporary sibling directory, is validated there (:class:`benchmark.gold.GoldError`
    if not valid; nothing is left behind), then replaces ``out``."""
    from benchmark.core.files import replace_dir, write_bytes, write_text
    from benchmark.gold.loader import load_gold

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.khabar-import-", dir=out.parent))
    try:
        os.chmod(tmp, 0o777 & ~_umask())
        for doc, record in gold_records(docs, options):
            write_bytes(tmp / "texts" / f"{doc.doc_id}.txt", doc.text.encode("utf-8"))
            write_text(tmp / "gold" / f"{doc.doc_id}.json",
                       json.dumps(record, ensure_ascii=False, indent=1) + "\n")
        load_gold(tmp / "gold")
        replace_dir(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
