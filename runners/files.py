"""``file:PATH`` — saved predictions in the formats users already have.

The format comes from ``--format`` or is detected from the path:

=============  =========================================  ===========================
format         path                                       tasks
=============  =========================================  ===========================
``khabar``     ``*.jsonl``                                any (offsets or strings)
``conll``      ``*.conll``, ``*.iob``, ``*.bio``           NER (tokens aligned back)
``brat``       a ``*.ann`` file or a directory of them    NER, TIMEX3, attribution
``timeml``     a ``*.tml`` file or a directory of them    TIMEX3
``labelstudio`` ``*.json`` (Label Studio export)          NER (``labels`` results)
=============  =========================================  ===========================

Every reader returns khabar records (see :mod:`runners.base`) with a
``_source`` entry (file and line) so validation messages can point at the
input. Readers check what they can see (syntax, offsets, labels) and raise
:class:`FileFormatError` naming file, line, value and expectation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmark.documents import Document
from benchmark.inventory import FINE_TYPES
from benchmark.iob import decode
from runners.base import ExtractorInfo, Record

FORMATS = ("khabar", "conll", "brat", "timeml", "labelstudio")
_EXTENSIONS = {".jsonl": "khabar", ".conll": "conll", ".iob": "conll", ".bio": "conll",
               ".ann": "brat", ".tml": "timeml", ".json": "labelstudio"}
#: labels accepted besides the fine types (CoNLL habits).
LABEL_ALIASES = {"PER": "PERS", "PERSON": "PERS", "LOCATION": "LOC", "ORGANIZATION": "ORG"}


class FileFormatError(ValueError):
    """A prediction file that cannot be read: where, what was found, what was expected."""

    def __init__(self, path: str | Path, line: int | None, found: Any, expected: str):
        self.path, self.line = str(path), line
        where = f"{path}:{line}" if line else str(path)
        shown = found if isinstance(found, str) else json.dumps(found, ensure_ascii=False)
        super().__init__(f"{where}: got {shown[:100]!r}; expected {expected}")


def detect_format(path: Path) -> str:
    """The format of ``path`` from its extension or, for a directory, its files."""
    if path.is_dir():
        for ext, fmt in ((".ann", "brat"), (".tml", "timeml")):
            if any(path.glob(f"*{ext}")):
                return fmt
        raise FileFormatError(path, None, "a directory without *.ann or *.tml files",
                              "a brat or TimeML directory, or --format")
    fmt = _EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise FileFormatError(path, None, path.suffix or "no extension",
                              f"one of {', '.join(sorted(_EXTENSIONS))}, or --format "
                              f"{{{','.join(FORMATS)}}}")
    return fmt


def fine_label(label: str, path: Path, line: int | None) -> str:
    """A fine type from a label (``B-``/``I-`` already removed); aliases allowed."""
    name = LABEL_ALIASES.get(label.upper(), label.upper())
    if name not in FINE_TYPES:
        raise FileFormatError(path, line, label, f"an entity label among {', '.join(FINE_TYPES)} "
                                                 f"(or {', '.join(LABEL_ALIASES)})")
    return name


def _by_id(documents: list[Document]) -> dict[str, Document]:
    return {d.doc_id: d for d in documents}


def read_khabar(path: Path, documents: list[Document]) -> list[Record]:
    records = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise FileFormatError(path, lineno, line, f"a JSON object ({exc.msg})") from None
        if not isinstance(record, dict):
            raise FileFormatError(path, lineno, line, "a JSON object with doc_id")
        record["_source"] = {"file": str(path), "line": lineno}
        records.append(record)
    return records


def read_conll(path: Path, documents: list[Document]) -> list[Record]:
    """``token TAG`` lines (the tag is the last column), blank lines between
    sentences, ``# doc_id = X`` or ``-DOCSTART-`` lines between documents. Tokens
    are found in the document text in order, skipping white space only."""
    docs = _by_id(documents)
    blocks: list[tuple[str | None, int, list[tuple[str, str, int]]]] = []
    current: list[tuple[str, str, int]] | None = None
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if line.startswith("# doc_id") and "=" in line:
            current = []
            blocks.append((line.split("=", 1)[1].strip(), lineno, current))
            continue
        if line.startswith("-DOCSTART-"):
            current = []
            blocks.append((None, lineno, current))
            continue
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) < 2:
            raise FileFormatError(path, lineno, raw, "'TOKEN TAG' (white-space separated)")
        if current is None:
            current = []
            blocks.append((None, lineno, current))
        current.append((parts[0], parts[-1], lineno))
    unnamed = [b for b in blocks if b[0] is None]
    if unnamed and len(documents) != 1:
        raise FileFormatError(path, unnamed[0][1], "a block without '# doc_id = …'",
                              "a '# doc_id = ID' line before each document (the gold has "
                              f"{len(documents)} documents)")
    records = []
    for doc_id, first_line, tokens in blocks:
        doc = docs.get(doc_id) if doc_id is not None else documents[0]
        if doc is None:
            raise FileFormatError(path, first_line, doc_id, "a doc_id of the gold")
        offsets, pos = [], 0
        for token, _, lineno in tokens:
            while pos < len(doc.text) and doc.text[pos].isspace():
                pos += 1
            if not doc.text.startswith(token, pos):
                raise FileFormatError(path, lineno, token, f"the next token of {doc.doc_id} "
                                                           f"at offset {pos}: "
                                                           f"{doc.text[pos:pos + 20]!r}")
            offsets.append((pos, pos + len(token)))
            pos += len(token)
        tags = [tag for _, tag, _ in tokens]
        for tag, (_, _, lineno) in zip(tags, tokens):
            if tag != "O" and (tag[:2] not in ("B-", "I-") or len(tag) < 3):
                raise FileFormatError(path, lineno, tag, "O, B-TYPE or I-TYPE (IOB2)")
        entities = []
        for a, b, label in decode(tags):
            entities.append({"start": offsets[a][0], "end": offsets[b - 1][1],
                             "type": fine_label(label, path, tokens[a][2])})
        records.append({"doc_id": doc.doc_id, "entities": entities,
                        "_source": {"file": str(path), "line": first_line}})
    return records


def read_brat(path: Path, documents: list[Document]) -> list[Record]:
    """``<doc_id>.ann`` files read against the gold text of the same document."""
    from benchmark.formats.brat import BratError, read_ann

    docs = _by_id(documents)
    files = sorted(path.glob("*.ann")) if path.is_dir() else [path]
    records = []
    for ann_file in files:
        doc = docs.get(ann_file.stem)
        if doc is None:
            raise FileFormatError(ann_file, None, ann_file.stem,
                                  "a file named after a gold doc_id (<doc_id>.ann)")
        ann = ann_file.read_text(encoding="utf-8")
        for lineno, line in enumerate(ann.splitlines(), 1):
            if line.startswith("T") and "\t" in line:
                label = line.split("\t")[1].split(" ")[0]
                if label not in ("TIMEX3", "Cue", "Source", "Content"):
                    fine_label(label, ann_file, lineno)
        try:
            layers = read_ann(doc.text, ann, str(ann_file))
        except BratError as exc:
            raise FileFormatError(ann_file, exc.line, str(exc), "a valid brat line") from None
        record: Record = {"doc_id": doc.doc_id, "_source": {"file": str(ann_file), "line": None}}
        if layers["entities"]:
            record["entities"] = [{"start": e.start, "end": e.end,
                                   "type": fine_label(e.type, ann_file, None)}
                                  for e in layers["entities"]]
        if layers["timexes"]:
            record["timexes"] = [{"start": t.start, "end": t.end, "type": t.type,
                                  "value": t.value} for t in layers["timexes"]]
        if layers["attributions"]:
            record["attributions"] = [
                {"source": [{"start": s.start, "end": s.end} for s in a.source],
                 "cue": [{"start": s.start, "end": s.end} for s in a.cue],
                 "content": [{"start": s.start, "end": s.end} for s in a.content],
                 "kind": a.kind} for a in layers["attributions"]]
        records.append(record)
    return records


def read_timeml(path: Path, documents: list[Document]) -> list[Record]:
    """``.tml`` files; the ``<TEXT>`` must equal the gold text of the document
    (named by ``<DOCID>`` or the file name)."""
    import xml.etree.ElementTree as ET

    from benchmark.formats.timeml import read_tml

    docs = _by_id(documents)
    files = sorted(path.glob("*.tml")) if path.is_dir() else [path]
    records = []
    for tml in files:
        source = tml.read_text(encoding="utf-8")
        try:
            root_id = ET.fromstring(source).findtext("DOCID")
            text, _, timexes = read_tml(source)
        except ET.ParseError as exc:
            raise FileFormatError(tml, exc.position[0], str(exc), "well-formed TimeML XML") \
                from None
        except ValueError as exc:
            raise FileFormatError(tml, None, str(exc), "a <TEXT> element") from None
        doc_id = (root_id or tml.stem).strip()
        doc = docs.get(doc_id)
        if doc is None:
            raise FileFormatError(tml, None, doc_id, "a <DOCID> (or file name) of the gold")
        if text != doc.text:
            at = next((i for i, (a, b) in enumerate(zip(text, doc.text)) if a != b),
                      min(len(text), len(doc.text)))
            raise FileFormatError(tml, None, text[at:at + 20],
                                  f"the gold text of {doc_id} at offset {at}: "
                                  f"{doc.text[at:at + 20]!r}")
        records.append({"doc_id": doc_id, "_source": {"file": str(tml), "line": None},
                        "timexes": [{"start": t.start, "end": t.end, "type": t.type,
                                     "value": t.value} for t in timexes]})
    return records


def read_labelstudio(path: Path, documents: list[Document]) -> list[Record]:
    """A Label Studio JSON export: tasks with ``data.text`` (and ``data.doc_id``),
    entity spans from ``labels`` results of the first annotation (or prediction)."""
    try:
        tasks = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise FileFormatError(path, exc.lineno, exc.msg, "a Label Studio JSON export") from None
    if not isinstance(tasks, list):
        raise FileFormatError(path, 1, type(tasks).__name__, "a JSON array of tasks")
    by_text = {d.text: d for d in documents}
    docs = _by_id(documents)
    records = []
    for i, task in enumerate(tasks):
        data = task.get("data", {}) if isinstance(task, dict) else {}
        doc = docs.get(data.get("doc_id", "")) or by_text.get(data.get("text", ""))
        if doc is None:
            raise FileFormatError(path, None, f"task {i}",
                                  "data.doc_id of a gold document or data.text equal to one")
        results = (task.get("annotations") or task.get("predictions") or [{}])[0].get("result", [])
        entities = []
        for j, result in enumerate(results):
            if result.get("type") != "labels":
                continue
            value = result.get("value", {})
            labels = value.get("labels") or []
            if len(labels) != 1:
                raise FileFormatError(path, None, f"task {i} result {j} labels={labels}",
                                      "exactly one label per span")
            entities.append({"start": value.get("start"), "end": value.get("end"),
                             "type": fine_label(labels[0], path, None),
                             **({"text": value["text"]} if "text" in value else {})})
        records.append({"doc_id": doc.doc_id, "entities": entities,
                        "_source": {"file": str(path), "line": None}})
    return records


_READERS = {"khabar": read_khabar, "conll": read_conll, "brat": read_brat,
            "timeml": read_timeml, "labelstudio": read_labelstudio}


@dataclass
class FileExtractor:
    """Replays saved predictions as an extractor."""

    path: Path
    format: str | None = None

    def __post_init__(self) -> None:
        self.path = Path(self.path)
        if not self.path.exists():
            raise FileNotFoundError(f"file: {self.path} does not exist")
        if self.format is None:
            self.format = detect_format(self.path)
        if self.format not in FORMATS:
            raise ValueError(f"unknown --format {self.format!r}; expected one of "
                             f"{', '.join(FORMATS)}")

    def describe(self) -> ExtractorInfo:
        import hashlib

        h = hashlib.sha256()
        for f in sorted(self.path.rglob("*")) if self.path.is_dir() else [self.path]:
            if f.is_file():
                h.update(f.read_bytes())
        return ExtractorInfo("file", self.path.name, "", {"format": self.format,
                                                          "sha256": h.hexdigest()})

    def predict(self, documents: list[Document]) -> list[Record]:
        return _READERS[self.format](self.path, documents)  # type: ignore[index]
