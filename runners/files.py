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
``pipeline``   ``*.jsonl`` lines or a ``*.json`` list of  NER (transformers
               ``{"doc_id", "entities": [{"entity_group"  token-classification
               or "entity", "start", "end", "word",       pipeline output)
               "score"}]}``
``spacy``      ``*.jsonl`` lines of ``doc.to_json()``     NER
               with ``doc_id`` (``{"text", "ents"}``)
``gold``       khabar gold: a ``gold/`` directory, one    every task (the main
               gold ``*.json`` file, or ``khabar export`` readings: non-optional
               ``--format jsonl`` lines                   items)
=============  =========================================  ===========================

A ``*.jsonl`` file is read line by line and each line by its shape: a khabar
record, a pipeline record (entities with ``entity_group``/``entity``/``word``), a
spaCy record (``ents``) or a gold record (``gold_version``). A ``*.json`` file
holding one gold object (``doc_id`` and ``gold_version``) is a gold document; a list of ``{"doc_id", "entities"}``
objects is pipeline output; any other list is a Label Studio export.

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

from benchmark.core.documents import Document
from benchmark.core.gcpause import paused_gc
from benchmark.core.inventory import FINE_TYPES
from benchmark.core.iob import decode, sentence_breaks
from benchmark.core.jsonpos import StrictJsonError, strict_json_loads
from benchmark.core.untrusted import clip
from benchmark.core.labels import ENTITY_TYPE_ALIASES, label_key, label_set_of
from runners.base import ExtractorInfo, Record

FORMATS = ("khabar", "conll", "brat", "timeml", "labelstudio", "pipeline", "spacy", "gold")
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


class OutsideLinesError(FileFormatError):
    """Invalid lines for gold documents outside the selection (checked all the same)."""

    def __init__(self, path: str | Path, problems: list[str]):
        self.path, self.line = str(path), None
        ValueError.__init__(self, f"{len(problems)} invalid prediction(s) in its lines for gold "
                                  f"documents outside the selection (every line is checked, "
                                  f"whatever the selection); first: {problems[0]}")


def detect_format(path: Path) -> str:
    """The format of ``path`` from its extension or, for a directory, its files."""
    if path.is_dir():
        for ext, fmt in ((".ann", "brat"), (".tml", "timeml"), (".json", "gold")):
            if any(path.glob(f"*{ext}")):
                return fmt
        raise FileFormatError(path, None, "a directory without *.ann, *.tml or *.json files",
                              "a brat, TimeML or gold directory, or --format")
    if path.suffix.lower() == ".json":
        return _sniff_json(path)
    fmt = _EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise FileFormatError(path, None, path.suffix or "no extension",
                              f"one of {', '.join(sorted(_EXTENSIONS))}, or --format "
                              f"{{{','.join(FORMATS)}}}")
    return fmt


def _sniff_json(path: Path) -> str:
    """A ``*.json`` file: ``gold`` (one object with ``doc_id`` and ``gold_version``,
    ``text_path`` or ``entities``), ``pipeline`` (a list of
    ``{"doc_id", "entities"}`` objects) or ``labelstudio`` (any other list; the
    reader reports what is wrong with it)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        return "labelstudio"
    if isinstance(data, dict) and "doc_id" in data and (
            "gold_version" in data or "text_path" in data or "entities" in data):
        return "gold"
    if isinstance(data, list) and data and isinstance(data[0], dict) \
            and "entities" in data[0] and "data" not in data[0]:
        return "pipeline"
    return "labelstudio"


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


class JsonRecords(list):  # type: ignore[type-arg]
    """Records as :func:`read_khabar` parsed them from a file: strict JSON text
    without a ``\\ud800``–``\\udfff`` escape, read as khabar records (no
    converter), under a path that is valid Unicode. They are plain JSON by
    construction, so the harness does not walk them again to check that
    (:func:`benchmark.core.untrusted.non_json`)."""


#: A JSON escape of a UTF-16 surrogate (it may decode to a lone surrogate); also
#: matches an escaped backslash before ``ud8…``, which only costs the check.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def read_khabar(path: Path, documents: list[Document], *, shape: str | None = None
                ) -> list[Record]:
    """JSONL: each line a khabar record, or a pipeline, spaCy or gold record
    (recognised by its shape, :func:`record_shape`, or all read as ``shape``),
    turned into a khabar record. Gold records of documents outside the scored
    gold selection are skipped (a gold export holds every split). The list is a
    :class:`JsonRecords` when every record is plain JSON by construction."""
    docs = _by_id(documents)
    records = []
    text = path.read_text(encoding="utf-8")
    plain = _SURROGATE_ESCAPE.search(text) is None and _valid_unicode(str(path))
    for lineno, line in enumerate(text.splitlines(), 1):
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
        kind = shape or record_shape(record)
        if kind == "gold" and isinstance(record.get("doc_id"), str) \
                and record["doc_id"] not in docs:
            continue
        if kind in _CONVERTERS:
            record = _CONVERTERS[kind](record, path, lineno, documents)
            plain = False
        record["_source"] = {"file": str(path), "line": lineno}
        records.append(record)
    return JsonRecords(records) if plain else records


def _valid_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def record_shape(record: dict[str, Any]) -> str:
    """``gold``, ``spacy``, ``pipeline`` or ``khabar``: what wrote a JSON record."""
    if "gold_version" in record or "text_path" in record:
        return "gold"
    if "ents" in record and "entities" not in record:
        return "spacy"
    items = record.get("entities")
    if isinstance(items, list) and any(isinstance(e, dict) and
                                       ("entity_group" in e or "entity" in e or "word" in e)
                                       for e in items):
        return "pipeline"
    return "khabar"


def model_label(label: Any, path: Path, line: int | None, where: str) -> str:
    """A model's entity label (``B-PER``, ``I-LOC``, ``PERSON``, ``GPE`` …) as a
    khabar type through the shared alias table (:mod:`benchmark.core.labels`): the
    ``B-``/``I-``/``E-``/``S-`` prefix removed; ``MISC`` stays ``MISC``."""
    if not isinstance(label, str) or not label.strip():
        raise FileFormatError(path, line, f"{where} = {json.dumps(label, ensure_ascii=False)}",
                              "an entity label string")
    key = label_key(_strip_prefix(label))
    if key == "MISC":
        return "MISC"
    mapped = ENTITY_TYPE_ALIASES.get(key)
    if mapped is None:
        raise FileFormatError(path, line, f"{where} = {label}",
                              f"an entity label among {', '.join(FINE_TYPES)}, MISC, or a "
                              "name of the alias table (PER, PERSON, LOCATION, ORGANIZATION …)"
                              " with an optional B-/I- prefix")
    return mapped


def _strip_prefix(label: str) -> str:
    prefix, sep, rest = label.partition("-")
    return rest if sep and rest and prefix.upper() in _TO_IOB2 else label


def _pipeline_iob(label: str) -> str:
    """The IOB prefix of a token-level pipeline label (``B``/``I``; none: ``B``)."""
    prefix, sep, rest = label.partition("-")
    return _TO_IOB2.get(prefix.upper(), "B") if sep and rest else "B"


def _loose(s: str) -> str:
    """A string for the loose ``word`` check: NFC, no spaces, no ``##``, case folded."""
    import unicodedata

    return "".join(unicodedata.normalize("NFC", s).replace("##", "").split()).casefold()


def _document_of(record: dict[str, Any], path: Path, line: int,
                 documents: list[Document]) -> Document:
    doc_id, text = record.get("doc_id"), record.get("text")
    docs = _by_id(documents)
    doc = docs.get(doc_id) if isinstance(doc_id, str) else None
    if doc is None and doc_id is None and isinstance(text, str):
        doc = next((d for d in documents if d.text == text), None)
    if doc is None:
        raise FileFormatError(path, line, f"doc_id = {json.dumps(doc_id, ensure_ascii=False)}",
                              "the doc_id of a gold document" +
                              (" (or a text equal to one)" if "text" in record else ""))
    return doc


def _check_text(record: dict[str, Any], doc: Document, path: Path, line: int) -> None:
    text = record.get("text")
    if text is None or text == doc.text:
        return
    if not isinstance(text, str):
        raise FileFormatError(path, line, f"text = {json.dumps(text)}", "the document text")
    at = next((i for i, (a, b) in enumerate(zip(text, doc.text)) if a != b),
              min(len(text), len(doc.text)))
    raise FileFormatError(path, line, f"text[{at}:] = {text[at:at + 20]}",
                          f"the gold text of {doc.doc_id} at offset {at}: "
                          f"{doc.text[at:at + 20]!r}")


def _offsets(item: dict[str, Any], path: Path, line: int, where: str, doc: Document,
             keys: tuple[str, str] = ("start", "end")) -> tuple[int, int]:
    start, end = item.get(keys[0]), item.get(keys[1])
    if not all(type(v) is int for v in (start, end)) \
            or not 0 <= start < end <= len(doc.text):  # type: ignore[operator]
        raise FileFormatError(path, line, f"{where} {keys[0]}={start} {keys[1]}={end}",
                              f"integer offsets with 0 <= start < end <= {len(doc.text)} "
                              f"(the length of {doc.doc_id})")
    return start, end  # type: ignore[return-value]


def pipeline_record(record: dict[str, Any], path: Path, line: int,
                    documents: list[Document]) -> Record:
    """A transformers token-classification pipeline result for one document:
    ``{"doc_id", "entities": [{"entity_group" | "entity", "start", "end", "word",
    "score"}]}``. With ``entity_group`` (an aggregation strategy) each item is an
    entity; with ``entity`` (no aggregation) items are tokens and an ``I-X`` (or a
    ``##`` piece) right after an ``X`` token continues its entity (score: the mean).
    ``word`` must match ``text[start:end]`` loosely (NFC, case, spaces and ``##``
    ignored; a word with ``[UNK]`` is not checked)."""
    doc = _document_of(record, path, line, documents)
    _check_text(record, doc, path, line)
    items = record.get("entities")
    if not isinstance(items, list):
        raise FileFormatError(path, line, f"entities = {json.dumps(items)}",
                              "a JSON array of pipeline entities")
    entities: list[dict[str, Any]] = []
    scores: list[list[float]] = []
    for i, item in enumerate(items):
        where = f"{doc.doc_id} entities[{i}]"
        if not isinstance(item, dict):
            raise FileFormatError(path, line, f"{where} = {json.dumps(item)}", "a JSON object")
        grouped = "entity_group" in item
        label = item.get("entity_group") if grouped else item.get("entity")
        kind = model_label(label, path, line, f"{where}.{'entity_group' if grouped else 'entity'}")
        start, end = _offsets(item, path, line, where, doc)
        word = item.get("word")
        if word is not None:
            if not isinstance(word, str) or ("[UNK]" not in word
                                             and _loose(word) != _loose(doc.text[start:end])):
                raise FileFormatError(path, line, f"{where}.word = {word}",
                                      f"the text at {start}:{end} of {doc.doc_id}: "
                                      f"{doc.text[start:end]!r}")
        score = item.get("score")
        if score is not None and (isinstance(score, bool) or not isinstance(score, (int, float))):
            raise FileFormatError(path, line, f"{where}.score = {json.dumps(score)}",
                                  "a number from 0 to 1")
        prev = entities[-1] if entities else None
        continues = (not grouped and prev is not None and prev["type"] == kind
                     and not doc.text[prev["end"]:start].strip()
                     and (_pipeline_iob(label) == "I"
                          or (isinstance(word, str) and word.startswith("##"))))
        if continues:
            prev["end"] = max(prev["end"], end)
            if score is not None:
                scores[-1].append(float(score))
            continue
        entities.append({"start": start, "end": end, "type": kind})
        scores.append([float(score)] if score is not None else [])
    for ent, got in zip(entities, scores):
        if got:
            ent["score"] = sum(got) / len(got)
    return {"doc_id": doc.doc_id, "entities": entities}


def spacy_record(record: dict[str, Any], path: Path, line: int,
                 documents: list[Document]) -> Record:
    """A spaCy ``doc.to_json()`` with ``doc_id`` (or a ``text`` equal to a gold
    document's): ``ents`` ``[{"start", "end", "label"}]`` (character offsets);
    ``text``, when present, must equal the gold text; labels through the alias
    table (OntoNotes ``PERSON``, ``GPE`` …)."""
    doc = _document_of(record, path, line, documents)
    _check_text(record, doc, path, line)
    ents = record.get("ents")
    if not isinstance(ents, list):
        raise FileFormatError(path, line, f"ents = {json.dumps(ents)}",
                              "a JSON array of {start, end, label}")
    entities = []
    for i, ent in enumerate(ents):
        where = f"{doc.doc_id} ents[{i}]"
        if not isinstance(ent, dict):
            raise FileFormatError(path, line, f"{where} = {json.dumps(ent)}", "a JSON object")
        start, end = _offsets(ent, path, line, where, doc)
        entities.append({"start": start, "end": end,
                         "type": model_label(ent.get("label"), path, line, f"{where}.label")})
    return {"doc_id": doc.doc_id, "entities": entities}


def gold_record_as_prediction(record: dict[str, Any], path: Path, line: int | None,
                              documents: list[Document]) -> Record:
    """A khabar gold document (a gold file or a ``khabar export --format jsonl``
    line) as the predictions of its main readings: the non-optional entities,
    timexes and attributions (as :func:`benchmark.predict.predictions.gold_as_prediction`).
    Its ``text`` (when present) must equal the scored gold's."""
    doc = _document_of({"doc_id": record.get("doc_id")}, path, line or 0, documents)
    _check_text(record, doc, path, line or 0)

    def main(layer: str) -> list[dict[str, Any]]:
        items = record.get(layer) or []
        if not isinstance(items, list):
            raise FileFormatError(path, line, f"{layer} = {json.dumps(items)}", "a JSON array")
        return [i for i in items if isinstance(i, dict) and not i.get("optional")]

    def span(s: dict[str, Any]) -> dict[str, Any]:
        return {"start": s.get("start"), "end": s.get("end")}

    out: Record = {"doc_id": doc.doc_id}
    layers = record.get("layers") or ["entities", "timexes", "attributions"]
    if "entities" in layers or "entities" in record:
        out["entities"] = [{**span(e), "type": e.get("type")} for e in main("entities")]
    if "timexes" in layers or "timexes" in record:
        out["timexes"] = [{**span(t), "type": t.get("type"), "value": t.get("value")}
                          for t in main("timexes")]
    if "attributions" in layers or "attributions" in record:
        out["attributions"] = [
            {role: [span(s) for s in a.get(role) or [] if isinstance(s, dict)]
             for role in ("source", "cue", "content")} | {"kind": a.get("kind")}
            for a in main("attributions")]
    return out


def read_gold(path: Path, documents: list[Document]) -> list[Record]:
    """Gold as predictions: a directory of gold ``*.json`` files, one such file,
    or JSONL lines (``khabar export --format jsonl``). Documents outside the
    scored gold selection are skipped."""
    if path.is_file() and path.suffix.lower() == ".jsonl":
        return read_khabar(path, documents, shape="gold")
    docs = _by_id(documents)
    files = sorted(p for p in path.glob("*.json") if not p.name.startswith(".")) \
        if path.is_dir() else [path]
    records = []
    for file in files:
        try:
            data = strict_json_loads(file.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise FileFormatError(file, exc.lineno, exc.msg, "a khabar gold JSON file") from None
        except StrictJsonError as exc:
            raise FileFormatError(file, exc.line, exc.value, f"{exc.expected} at {exc.path}") \
                from None
        if not isinstance(data, dict) or "doc_id" not in data:
            raise FileFormatError(file, 1, type(data).__name__,
                                  "a khabar gold document (a JSON object with doc_id)")
        if data["doc_id"] not in docs:
            continue
        record = gold_record_as_prediction(data, file, None, documents)
        record["_source"] = {"file": str(file), "line": None}
        records.append(record)
    return records


def read_pipeline(path: Path, documents: list[Document]) -> list[Record]:
    """Pipeline output: JSONL lines, or a JSON list of ``{"doc_id", "entities"}``."""
    if path.suffix.lower() == ".jsonl":
        return read_khabar(path, documents, shape="pipeline")
    try:
        data = strict_json_loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise FileFormatError(path, exc.lineno, exc.msg, "a JSON list of pipeline results") \
            from None
    except StrictJsonError as exc:
        raise FileFormatError(path, exc.line, exc.value, f"{exc.expected} at {exc.path}") \
            from None
    if not isinstance(data, list):
        raise FileFormatError(path, 1, type(data).__name__,
                              "a JSON list of {doc_id, entities} objects")
    records = []
    for i, obj in enumerate(data):
        if not isinstance(obj, dict):
            raise FileFormatError(path, None, f"item {i} = {json.dumps(obj)}",
                                  "a {doc_id, entities} object")
        record = pipeline_record(obj, path, 0, documents)
        record["_source"] = {"file": str(path), "line": None}
        records.append(record)
    return records


def read_spacy(path: Path, documents: list[Document]) -> list[Record]:
    return read_khabar(path, documents, shape="spacy")


_CONVERTERS = {"pipeline": pipeline_record, "spacy": spacy_record,
               "gold": gold_record_as_prediction}


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


def conll_labels(path: Path, column: int | None = None) -> set[str]:
    """The entity labels (``B-``/``I-``/``E-``/``S-`` prefixes removed) in the tag
    column of a CoNLL file; lines :func:`read_conll` would refuse are skipped here
    (the reader names them)."""
    labels: set[str] = set()
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.strip()
        if not line or line.startswith("-DOCSTART-") or _COMMENT.match(line):
            continue
        parts = line.split()
        index = (column or 2) - 1
        if parts[0] == "-X-" or len(parts) < 2 or index >= len(parts):
            continue
        prefix, sep, label = parts[index].partition("-")
        if sep and label and prefix.upper() in _TO_IOB2:
            labels.add(label)
    return labels


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
    first_line: dict[str, int] = {}      # the line of each document's first block

    def take(doc: Document, block: _Block) -> None:
        if doc.doc_id in first_line:
            raise FileFormatError(path, block.line, doc.doc_id,
                                  f"each document once: duplicate document {doc.doc_id!r} "
                                  f"(blocks at lines {first_line[doc.doc_id]} and {block.line})")
        first_line[doc.doc_id] = block.line
        out.append(doc)

    out: list[Document] = []
    for block in blocks:
        if block.doc_id is not None:
            doc = docs.get(block.doc_id)
            if doc is None:
                raise FileFormatError(path, block.line, block.doc_id, "a doc_id of the gold")
            take(doc, block)
            continue
        if len(documents) == 1:
            take(documents[0], block)
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
            # a block that spells out a document another block already has: a duplicate
            again = next((d for d in documents if d.doc_id in first_line
                          and _spell(d, tokens)[1] is None
                          and not d.text[_spell(d, tokens)[2]:].strip()), None)
            if again is not None:
                take(again, block)
            why = ("they begin several" if len(prefix) > 1 else "they match none")
            raise FileFormatError(path, block.line, tokens[0][0] if tokens else "an empty block",
                                  "a document block whose tokens spell out the text of one "
                                  f"gold document ({why}); name it with a '# doc_id = ID' line")
        claimed.add(found[0].doc_id)
        take(found[0], block)
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
            "timeml": read_timeml, "labelstudio": read_labelstudio, "pipeline": read_pipeline,
            "spacy": read_spacy, "gold": read_gold}


@dataclass
class FileExtractor:
    """Replays saved predictions as an extractor. ``column``: the CoNLL tag column
    (``file:PATH#column=N``), required when a CoNLL file has more than two columns."""

    path: Path
    format: str | None = None
    column: int | None = None
    #: Gold documents outside the scored selection (another split, beyond ``--limit``,
    #: another shard): the file's lines for them are read (so a CoNLL block can be
    #: identified by its text) and then ignored. Lines for a document in no split of
    #: the gold are still errors. Set by :func:`ignore_outside`.
    outside: tuple[Document, ...] = ()
    #: Whether an invalid item in a line for a document outside the selection fails
    #: the run (``--strict``), as one in a line for a selected document does.
    outside_strict: bool = False

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
        # a CoNLL submission with CoNLL's classes only (PER/ORG/LOC/MISC) is scored on
        # its own granularity: its NER headline is the coarse view
        label_set = label_set_of(conll_labels(self.path, self.column)) \
            if self.format == "conll" and self.path.is_file() else "fine"
        return ExtractorInfo("file", self.path.name, "", parameters, label_set=label_set)

    @paused_gc  # reading builds many acyclic records (see benchmark.core.gcpause)
    def predict(self, documents: list[Document]) -> list[Record]:
        given = {d.doc_id for d in documents}
        ignored = {d.doc_id for d in self.outside} - given
        seen = list(documents) + [d for d in self.outside if d.doc_id in ignored]
        if self.format == "conll":
            records = read_conll(self.path, seen, column=self.column)
        else:
            records = _READERS[self.format](self.path, seen)  # type: ignore[index]
        if not ignored:
            return records
        kept, outside = [], []
        for r in records:
            (outside if isinstance(r, dict) and r.get("doc_id") in ignored else kept).append(r)
        if outside:
            self._check_outside(outside)
        return kept

    def _check_outside(self, records: list[Record]) -> None:
        """The lines for gold documents outside the selection are checked as the
        others are, then left out: a file gets the same verdict whatever the
        selection (docs/scoring-models.md, "Predictions files and the selection")."""
        from benchmark.predict.predictions import PredictionError
        from benchmark.predict.records import read_records

        covered = {r.get("doc_id") for r in records}
        docs = [d for d in self.outside if d.doc_id in covered]
        try:
            read_records(list(records), docs, spec=f"file:{self.path}",
                         strict=self.outside_strict)
        except PredictionError as exc:
            raise OutsideLinesError(self.path, [str(p) for p in exc.problems]) from None


def covered_documents(extractor: Any, documents: Any) -> set[str] | None:
    """The ``doc_id`` values among ``documents`` that a ``file:`` extractor's file has
    lines for (the leaderboard reports a split the file does not cover as not
    available); ``None`` for any other extractor, and for a file that cannot be
    read (its run then says why)."""
    if not isinstance(extractor, FileExtractor):
        return None
    probe = FileExtractor(extractor.path, extractor.format, extractor.column)
    try:
        records = probe.predict(list(documents))
    except Exception:  # noqa: BLE001 - only a probe: the real run reports the problem
        return None
    return {r["doc_id"] for r in records if isinstance(r, dict) and isinstance(r.get("doc_id"), str)}


def ignore_outside(extractor: Any, selected: Any, whole: Any, *, strict: bool = False) -> Any:
    """A ``file:`` extractor that ignores its lines for the documents of ``whole``
    (the loaded gold, every split) that are not in ``selected`` (after ``--split``,
    ``--limit`` and ``--shard``): a predictions file may cover the whole corpus.
    Those lines are still checked (``strict``: as ``--strict`` checks the others).
    Any other extractor is returned as it is (it only sees the selection)."""
    if isinstance(extractor, FileExtractor):
        chosen = {d.doc_id for d in selected}
        extractor.outside = tuple(d.bare() for d in whole if d.doc_id not in chosen)
        extractor.outside_strict = strict
    return extractor
