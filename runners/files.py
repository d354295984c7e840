"""``file:PATH`` — saved predictions in the formats users already have.

The format comes from ``--format`` or is detected from the path:

=============  =========================================  ===========================
format         path                                       tasks
=============  =========================================  ===========================
``khabar``     ``*.jsonl``                                any (offsets or strings)
``conll``      ``*.conll``, ``*.iob``, ``*.bio``           NER (tokens aligned back;
                                                          ``file:PATH#column=N``)
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
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmark.documents import Document
from benchmark.gcpause import paused_gc
from benchmark.inventory import FINE_TYPES
from benchmark.iob import decode, sentence_breaks
from benchmark.jsonpos import StrictJsonError, strict_json_loads
from benchmark.untrusted import clip
from runners.base import ExtractorInfo, Record

FORMATS = ("khabar", "conll", "brat", "timeml", "labelstudio")
_EXTENSIONS = {".jsonl": "khabar", ".conll": "conll", ".iob": "conll", ".bio": "conll",
               ".ann": "brat", ".tml": "timeml", ".json": "labelstudio"}
#: labels accepted besides the fine types (CoNLL habits). ``ORG`` and ``LOC`` are
#: fine types already; ``MISC`` (no fine equivalent) stays ``MISC``.
LABEL_ALIASES = {"PER": "PERS", "PERSON": "PERS", "LOCATION": "LOC", "ORGANIZATION": "ORG"}
#: CoNLL classes kept as they are (scored in the coarse view).
CONLL_ONLY_LABELS = ("MISC",)
#: ``file:PATH#column=N``: the CoNLL column holding the tags (1-based, as ``cut -f``).
COLUMN_SUFFIX = "#column="


class FileFormatError(ValueError):
    """A prediction file that cannot be read: where, what was found, what was expected."""

    def __init__(self, path: str | Path, line: int | None, found: Any, expected: str):
        self.path, self.line = str(path), line
        where = f"{path}:{line}" if line else str(path)
        shown = found if isinstance(found, str) else json.dumps(found, ensure_ascii=False)
        super().__init__(f"{where}: got {clip(shown, 100)!r}; expected {expected}")


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
    """A fine type from a label (``B-``/``I-`` already removed); aliases allowed,
    any case. The CoNLL class ``MISC`` is kept as it is."""
    name = LABEL_ALIASES.get(label.upper(), label.upper())
    if name not in FINE_TYPES and name not in CONLL_ONLY_LABELS:
        raise FileFormatError(path, line, label, f"an entity label among {', '.join(FINE_TYPES)} "
                                                 f"(or {', '.join(LABEL_ALIASES)}, "
                                                 f"{', '.join(CONLL_ONLY_LABELS)})")
    return name


def split_file_spec(rest: str) -> tuple[Path, int | None]:
    """``PATH`` or ``PATH#column=N`` (the part of a ``file:`` spec after the colon)."""
    head, sep, tail = rest.rpartition(COLUMN_SUFFIX)
    if not sep:
        return Path(rest), None
    if not tail.isdigit() or int(tail) < 2:
        raise ValueError(f"file:{rest}: {COLUMN_SUFFIX}N needs a column number N >= 2 "
                         "(column 1 holds the tokens)")
    return Path(head), int(tail)


def _by_id(documents: list[Document]) -> dict[str, Document]:
    return {d.doc_id: d for d in documents}


def read_khabar(path: Path, documents: list[Document]) -> list[Record]:
    records = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = strict_json_loads(line)
        except json.JSONDecodeError as exc:
            raise FileFormatError(path, lineno, line, f"a JSON object ({exc.msg})") from None
        except StrictJsonError as exc:
            raise FileFormatError(path, lineno, exc.value, f"{exc.expected} at {exc.path}") \
                from None
        if not isinstance(record, dict):
            raise FileFormatError(path, lineno, line, "a JSON object with doc_id")
        record["_source"] = {"file": str(path), "line": lineno}
        records.append(record)
    return records


#: ``# key = value`` comment lines (CoNLL-U); ``# doc_id = ID`` names a document.
_COMMENT = re.compile(r"#\s*([^\s=]+)\s*=")
#: IOBES/BIOES prefixes → IOB2, token by token (S-X → B-X, E-X → I-X).
_TO_IOB2 = {"B": "B", "I": "I", "E": "I", "S": "B"}
_TAG_EXPECTED = ("O, B-TYPE or I-TYPE (IOB2; IOBES/BIOES S- and E- tags and lower case "
                 "are converted)")


def conll_tag(tag: str, path: Path, line: int) -> str:
    """A submitted tag in IOB2 form with a khabar label: ``O`` / ``B-T`` / ``I-T``.
    Lower case is accepted; IOBES/BIOES prefixes are converted (``S-`` → ``B-``,
    ``E-`` → ``I-``); anything else is refused, naming the line."""
    if tag.upper() == "O":
        return "O"
    prefix, sep, label = tag.partition("-")
    iob = _TO_IOB2.get(prefix.upper())
    if not sep or not label or iob is None:
        raise FileFormatError(path, line, tag, _TAG_EXPECTED)
    return f"{iob}-{fine_label(label, path, line)}"


@dataclass
class _Block:
    """One document of a CoNLL file: its id (if named), first line, sentences of
    ``(token, tag, line)``."""

    doc_id: str | None
    line: int
    sentences: list[list[tuple[str, str, int]]]

    def tokens(self) -> list[tuple[str, str, int]]:
        return [t for sentence in self.sentences for t in sentence]


def _spell(doc: Document, tokens: list[tuple[str, str, int]]
           ) -> tuple[list[tuple[int, int]], int | None, int]:
    """Offsets of ``tokens`` found in order in ``doc.text`` (skipping white space):
    ``(offsets, index of the first token not found or None, end position)``."""
    offsets, pos, text = [], 0, doc.text
    for i, (token, _, _) in enumerate(tokens):
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if not text.startswith(token, pos):
            return offsets, i, pos
        offsets.append((pos, pos + len(token)))
        pos += len(token)
    return offsets, None, pos


def _identify(path: Path, blocks: list[_Block], documents: list[Document]) -> list[Document]:
    """The gold document of each block: named by ``# doc_id = …``; else the only
    gold document; else the unclaimed document whose whole text the block's
    tokens spell out (or, failing that, the only one they begin)."""
    docs = _by_id(documents)
    claimed = {b.doc_id for b in blocks if b.doc_id is not None}
    out: list[Document] = []
    for block in blocks:
        if block.doc_id is not None:
            doc = docs.get(block.doc_id)
            if doc is None:
                raise FileFormatError(path, block.line, block.doc_id, "a doc_id of the gold")
            out.append(doc)
            continue
        if len(documents) == 1:
            out.append(documents[0])
            continue
        tokens = block.tokens()
        whole, prefix = [], []
        for doc in documents:
            if doc.doc_id in claimed:
                continue
            _, missing, end = _spell(doc, tokens)
            if missing is None:
                (whole if not doc.text[end:].strip() else prefix).append(doc)
        found = whole[:1] or (prefix if len(prefix) == 1 else [])
        if not found:
            why = ("they begin several" if len(prefix) > 1 else "they match none")
            raise FileFormatError(path, block.line, tokens[0][0] if tokens else "an empty block",
                                  "a document block whose tokens spell out the text of one "
                                  f"gold document ({why}); name it with a '# doc_id = ID' line")
        claimed.add(found[0].doc_id)
        out.append(found[0])
    return out


def read_conll(path: Path, documents: list[Document], *, column: int | None = None
               ) -> list[Record]:
    """CoNLL files: one token per line, white-space separated columns, the token
    first; a blank line between sentences (a chunk never continues across one, as
    in conlleval.pl and seqeval); a ``-DOCSTART-`` line or a ``# doc_id = X``
    comment starts a document. Other ``# key = value`` lines (CoNLL-U style) are
    comments; any other line is a token, ``#`` included (hashtags). A line whose
    first column is ``-X-`` is a sentence boundary, as in conlleval.pl.

    Tags: column 2 of ``TOKEN TAG`` files; a file with more columns must name its
    tag column (``file:PATH#column=N``), every token line having the same number
    of columns. IOB2; IOBES/BIOES and lower case are converted (:func:`conll_tag`).
    Labels: fine types, ``PER``/``PERSON``/``LOCATION``/``ORGANIZATION`` aliases,
    and the CoNLL class ``MISC``. Entities are the chunks read the conlleval way;
    the tags themselves are kept (``_token_tags``) for the token view.

    Tokens are found in the document text in order, skipping white space only.
    A block without a ``# doc_id`` is the gold document whose text its tokens
    spell out (khabar's ``--format conll`` export writes ``-DOCSTART-`` lines)."""
    blocks: list[_Block] = []
    current: _Block | None = None
    width: tuple[int, int] | None = None  # (columns, line) of the first token line

    def new_block(doc_id: str | None, lineno: int) -> _Block:
        block = _Block(doc_id, lineno, [[]])
        blocks.append(block)
        return block

    def sentence_break() -> None:
        if current is not None and current.sentences[-1]:
            current.sentences.append([])

    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        comment = _COMMENT.match(line)
        if comment and comment.group(1) == "doc_id":
            current = new_block(line.split("=", 1)[1].strip(), lineno)
            continue
        if comment:
            continue
        if line.startswith("-DOCSTART-"):
            if current is None or current.tokens() or current.doc_id is None:
                current = new_block(None, lineno)
            continue                   # (a '# doc_id' line just before names this block)
        if not line:
            sentence_break()
            continue
        parts = line.split()
        if parts[0] == "-X-":
            sentence_break()
            continue
        if len(parts) < 2:
            raise FileFormatError(path, lineno, raw, "'TOKEN TAG' (white-space separated)")
        if width is None:
            width = (len(parts), lineno)
        elif len(parts) != width[0]:
            raise FileFormatError(path, lineno, raw, f"{width[0]} columns, as on line "
                                                     f"{width[1]} (got {len(parts)})")
        if column is None and len(parts) > 2:
            raise FileFormatError(path, lineno, raw,
                                  f"'TOKEN TAG'; this line has {len(parts)} columns: name the "
                                  f"tag column with file:{path}{COLUMN_SUFFIX}N "
                                  f"(N from 2 to {len(parts)})")
        if column is not None and column > len(parts):
            raise FileFormatError(path, lineno, raw, f"a tag in column {column} "
                                                     f"({COLUMN_SUFFIX}{column}); the line has "
                                                     f"{len(parts)} columns")
        if current is None:
            current = new_block(None, lineno)
        tag = conll_tag(parts[(column or 2) - 1], path, lineno)
        current.sentences[-1].append((parts[0], tag, lineno))
    for block in blocks:
        if not block.sentences[-1]:
            block.sentences.pop()
    blocks = [b for b in blocks if b.sentences or b.doc_id is not None]
    records = []
    for block, doc in zip(blocks, _identify(path, blocks, documents)):
        tokens = block.tokens()
        offsets, missing, pos = _spell(doc, tokens)
        if missing is not None:
            raise FileFormatError(path, tokens[missing][2], tokens[missing][0],
                                  f"the next token of {doc.doc_id} at offset {pos}: "
                                  f"{doc.text[pos:pos + 20]!r}")
        tags = [tag for _, tag, _ in tokens]
        breaks = sentence_breaks([len(s) for s in block.sentences])
        entities = [{"start": offsets[a][0], "end": offsets[b - 1][1], "type": label}
                    for a, b, label in decode(tags, breaks=breaks)]
        token_tags, i = [], 0
        for sentence in block.sentences:
            token_tags.append([(*offsets[i + k], tag) for k, (_, tag, _) in enumerate(sentence)])
            i += len(sentence)
        records.append({"doc_id": doc.doc_id, "entities": entities, "_token_tags": token_tags,
                        "_source": {"file": str(path), "line": block.line}})
    return records


def read_brat(path: Path, documents: list[Document]) -> list[Record]:
    """``<doc_id>.ann`` files read against the gold text of the same document."""
    from benchmark.formats.brat import NON_ENTITY_LABELS, BratError, read_ann

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
                if label not in NON_ENTITY_LABELS:
                    fine_label(label, ann_file, lineno)
        try:
            layers = read_ann(doc.text, ann, str(ann_file),
                              entity_label=lambda label: fine_label(label, ann_file, None))
        except BratError as exc:
            raise FileFormatError(ann_file, exc.line, exc.found, exc.expected) from None
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
    """``.tml`` files (a ``<doc>.khabar.json`` sidecar beside one is merged); the
    ``<TEXT>`` (minus one line break right after ``<TEXT>``) must equal the gold
    text of the document (named by ``<DOCID>`` or the file name). A TIMEX3
    without ``type`` is refused, naming the file, the line and the tid."""
    import xml.etree.ElementTree as ET

    from benchmark.formats.timeml import TimeMLError, read_tml_file

    docs = _by_id(documents)
    files = sorted(path.glob("*.tml")) if path.is_dir() else [path]
    records = []
    for tml in files:
        try:
            root_id = ET.fromstring(tml.read_text(encoding="utf-8")).findtext("DOCID")
            text, _, timexes = read_tml_file(tml)
        except ET.ParseError as exc:
            raise FileFormatError(tml, exc.position[0], str(exc), "well-formed TimeML XML") \
                from None
        except TimeMLError as exc:
            raise FileFormatError(exc.path, exc.line, exc.found, exc.expected) from None
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


def _ls_node(path: Path, value: Any, kind: type, where: str, expected: str) -> Any:
    """``value`` if it is a ``kind`` (dict or list), else :class:`FileFormatError` naming it."""
    if not isinstance(value, kind):
        raise FileFormatError(path, None, f"{where} = {json.dumps(value, ensure_ascii=False)}",
                              expected)
    return value


def read_labelstudio(path: Path, documents: list[Document]) -> list[Record]:
    """A Label Studio JSON export: tasks with ``data.text`` (and ``data.doc_id``),
    entity spans from ``labels`` results of the first annotation (or prediction)."""
    try:
        tasks = strict_json_loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise FileFormatError(path, exc.lineno, exc.msg, "a Label Studio JSON export") from None
    except StrictJsonError as exc:
        raise FileFormatError(path, exc.line, exc.value, f"{exc.expected} at {exc.path}") \
            from None
    if not isinstance(tasks, list):
        raise FileFormatError(path, 1, type(tasks).__name__, "a JSON array of tasks")
    by_text = {d.text: d for d in documents}
    docs = _by_id(documents)
    records = []
    for i, task in enumerate(tasks):
        _ls_node(path, task, dict, f"task {i}", "a JSON object per task")
        data = _ls_node(path, task.get("data", {}), dict, f"task {i} data",
                        "a JSON object with text (and doc_id)")
        doc_id, text = data.get("doc_id", ""), data.get("text", "")
        doc = (docs.get(doc_id) if isinstance(doc_id, str) else None) or \
            (by_text.get(text) if isinstance(text, str) else None)
        if doc is None:
            raise FileFormatError(path, None, f"task {i}",
                                  "data.doc_id of a gold document or data.text equal to one")
        entries = _ls_node(path, task.get("annotations") or task.get("predictions") or [{}],
                           list, f"task {i} annotations", "a JSON array of annotation objects")
        first = _ls_node(path, entries[0], dict, f"task {i} annotation 0",
                         "an annotation object with a result array")
        results = _ls_node(path, first.get("result", []), list, f"task {i} annotation 0 result",
                           "a JSON array of results")
        entities = []
        for j, result in enumerate(results):
            _ls_node(path, result, dict, f"task {i} result {j}", "a result object")
            if result.get("type") != "labels":
                continue
            value = _ls_node(path, result.get("value", {}), dict, f"task {i} result {j} value",
                             "an object with start, end and labels")
            labels = value.get("labels") or []
            if not isinstance(labels, list) or len(labels) != 1 \
                    or not isinstance(labels[0], str):
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
    """Replays saved predictions as an extractor. ``column``: the CoNLL tag column
    (``file:PATH#column=N``), required when a CoNLL file has more than two columns."""

    path: Path
    format: str | None = None
    column: int | None = None

    def __post_init__(self) -> None:
        self.path = Path(self.path)
        if not self.path.exists():
            raise FileNotFoundError(f"file: {self.path} does not exist")
        if self.format is None:
            self.format = detect_format(self.path)
        if self.format not in FORMATS:
            raise ValueError(f"unknown --format {self.format!r}; expected one of "
                             f"{', '.join(FORMATS)}")
        if self.column is not None and self.format != "conll":
            raise ValueError(f"file:{self.path}{COLUMN_SUFFIX}{self.column}: a tag column "
                             f"applies to CoNLL files only, not {self.format}")

    def describe(self) -> ExtractorInfo:
        import hashlib

        h = hashlib.sha256()
        for f in sorted(self.path.rglob("*")) if self.path.is_dir() else [self.path]:
            if f.is_file():
                h.update(f.read_bytes())
        parameters: dict[str, Any] = {"format": self.format, "sha256": h.hexdigest()}
        if self.column is not None:
            parameters["column"] = self.column
        return ExtractorInfo("file", self.path.name, "", parameters)

    @paused_gc  # reading builds many acyclic records (see benchmark.gcpause)
    def predict(self, documents: list[Document]) -> list[Record]:
        if self.format == "conll":
            return read_conll(self.path, documents, column=self.column)
        return _READERS[self.format](self.path, documents)  # type: ignore[index]
