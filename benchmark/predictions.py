"""System predictions per document, and the khabar JSONL loader.

A :class:`Prediction` holds what an extractor returned for one document, reusing
the gold value types (:class:`Entity`, :class:`Timex`, :class:`Attribution`).
A layer that is ``None`` was not attempted: the task is then absent from the
results, not scored as zero.

khabar JSONL (``file:`` predictions, spans given by offsets): one JSON object per
line, ``{"doc_id": ..., "entities": [...], "timexes": [...], "attributions": [...]}``
with any subset of the three layers::

    entities      [{"start", "end", "type", "text"?}]
    timexes       [{"start", "end", "type", "value", "text"?}]
    attributions  [{"source": [{"start", "end", "text"?}], "cue": [...], "content": [...],
                    "kind"}]

Offsets are code points, half-open ``[start, end)``, as in the gold. Validation is
strict and collects every problem (file, line, JSON path, value, expectation);
nothing is repaired. Rules: a task is *attempted* when any line carries its key;
for an attempted task, a line without the key means "nothing found" in that
document; every gold document must have a line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmark.documents import Attribution, Document, Entity, Span, Timex
from benchmark.gold import Problem, check_fields
from benchmark.inventory import ATTRIBUTION_KINDS, COARSE_OF, FINE_TYPES, TIMEX_TYPES
from benchmark.jsonpos import Path as JsonPath
from benchmark.jsonpos import format_path

LAYERS: tuple[str, ...] = ("entities", "timexes", "attributions")
_ENTITY_FIELDS = (("start", "end", "type"), ("text",))
_TIMEX_FIELDS = (("start", "end", "type", "value"), ("text",))
_ATTRIBUTION_FIELDS = (("source", "cue", "content", "kind"), ())
_SPAN_FIELDS = (("start", "end"), ("text",))


@dataclass(frozen=True, slots=True)
class Unaligned:
    """A prediction given as a string that could not be found in the text.

    It is scored as spurious: under its ``type`` for an entity, as a predicted
    timex, and as a predicted relation with each of its ``roles`` for an
    attribution (see :mod:`benchmark.align`)."""

    layer: str
    text: str
    type: str | None = None
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Prediction:
    """One document's predictions; ``None`` for a layer means "task not attempted".
    ``unaligned`` holds string-given predictions that could not be aligned."""

    doc_id: str
    entities: tuple[Entity, ...] | None = None
    timexes: tuple[Timex, ...] | None = None
    attributions: tuple[Attribution, ...] | None = None
    unaligned: tuple[Unaligned, ...] = ()

    def layer(self, name: str) -> tuple[Any, ...] | None:
        return getattr(self, name)


def entity(start: int, end: int, type: str, text: str, *, id: str = "p") -> Entity:  # noqa: A002
    """A predicted entity; ``coarse`` is derived from ``type`` with :data:`COARSE_OF`."""
    return Entity(id=id, start=start, end=end, text=text, type=type, coarse=COARSE_OF.get(type))


def gold_as_prediction(doc: Document, *, optional: bool = False) -> Prediction:
    """The gold annotations of ``doc`` as predictions (main readings only).

    Optional gold mentions are left out unless ``optional`` is true. Useful as an
    oracle: it must score 1.0 everywhere.
    """
    keep = (lambda item: True) if optional else (lambda item: not item.optional)
    ents = tuple(entity(e.start, e.end, e.type, e.text, id=f"p{i}")
                 for i, e in enumerate((e for e in doc.entities if keep(e)), 1))
    tims = tuple(Timex(f"p{i}", t.start, t.end, t.text, t.type, t.value)
                 for i, t in enumerate((t for t in doc.timexes if keep(t)), 1))
    atts = tuple(Attribution(f"p{i}", a.source, a.cue, a.content, a.kind)
                 for i, a in enumerate((a for a in doc.attributions if keep(a)), 1))
    return Prediction(doc.doc_id, ents, tims, atts)


class PredictionError(Exception):
    """Predictions that failed validation; ``problems`` lists every finding."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class _LineChecker:
    """Checks one JSONL line against the gold text of its document."""

    def __init__(self, file: str, line: int | None, problems: list[Problem]):
        self.file, self.line, self.problems = file, line, problems
        self.text = ""
        self.doc_id: str | None = None

    def bad(self, path: JsonPath, value: Any, expected: str) -> None:
        where = format_path(path)
        if self.line is None and self.doc_id is not None:  # no line to point at: name the document
            where = f"document {self.doc_id!r} {where}"
        self.problems.append(Problem(self.file, self.line, where, value, expected))

    def fields(self, obj: Any, path: JsonPath, spec: tuple[tuple[str, ...], tuple[str, ...]]) -> bool:
        return check_fields(self.bad, obj, path, *spec)

    def offsets(self, obj: dict, path: JsonPath) -> Span | None:
        ok = True
        for key in ("start", "end"):
            v = obj[key]
            if isinstance(v, bool) or not isinstance(v, int):
                self.bad((*path, key), v, "an integer code-point offset")
                ok = False
        if not ok:
            return None
        start, end = obj["start"], obj["end"]
        if not 0 <= start < end <= len(self.text):
            self.bad((*path, "end") if start >= 0 else (*path, "start"), [start, end],
                     f"offsets with 0 <= start < end <= {len(self.text)} (text length)")
            return None
        covered = self.text[start:end]
        if "text" in obj and obj["text"] != covered:
            self.bad((*path, "text"), obj["text"], f"text[{start}:{end}] = {covered!r}")
            return None
        return Span(start, end, covered)

    def choice(self, obj: dict, key: str, path: JsonPath, allowed: tuple[str, ...]) -> bool:
        if obj[key] not in allowed:
            self.bad((*path, key), obj[key], f"one of {', '.join(allowed)}")
            return False
        return True

    def items(self, value: Any, path: JsonPath) -> list[tuple[JsonPath, Any]]:
        if not isinstance(value, list):
            self.bad(path, value, "a JSON array")
            return []
        return [((*path, i), item) for i, item in enumerate(value)]

    def entities(self, value: Any) -> tuple[Entity, ...]:
        out = []
        for path, obj in self.items(value, ("entities",)):
            if not self.fields(obj, path, _ENTITY_FIELDS):
                continue
            span = self.offsets(obj, path)
            typed = self.choice(obj, "type", path, FINE_TYPES)
            if span is not None and typed:
                out.append(entity(span.start, span.end, obj["type"], span.text,
                                  id=f"p{len(out) + 1}"))
        return tuple(out)

    def timexes(self, value: Any) -> tuple[Timex, ...]:
        out = []
        for path, obj in self.items(value, ("timexes",)):
            if not self.fields(obj, path, _TIMEX_FIELDS):
                continue
            span = self.offsets(obj, path)
            typed = self.choice(obj, "type", path, TIMEX_TYPES)
            valued = isinstance(obj["value"], str) and bool(obj["value"].strip())
            if not valued:
                self.bad((*path, "value"), obj["value"], "a non-empty TIMEX3 value string")
            if span is not None and typed and valued:
                out.append(Timex(f"p{len(out) + 1}", span.start, span.end, span.text,
                                 obj["type"], obj["value"]))
        return tuple(out)

    def role(self, value: Any, path: JsonPath, *, may_be_empty: bool) -> tuple[Span, ...] | None:
        if isinstance(value, list) and not value and not may_be_empty:
            self.bad(path, value, "a non-empty array of {start, end} spans")
            return None
        spans, ok = [], True
        for item_path, obj in self.items(value, path):
            if not self.fields(obj, item_path, _SPAN_FIELDS):
                ok = False
                continue
            span = self.offsets(obj, item_path)
            if span is None:
                ok = False
            else:
                spans.append(span)
        return tuple(spans) if ok and isinstance(value, list) else None

    def attributions(self, value: Any) -> tuple[Attribution, ...]:
        out = []
        for path, obj in self.items(value, ("attributions",)):
            if not self.fields(obj, path, _ATTRIBUTION_FIELDS):
                continue
            source = self.role(obj["source"], (*path, "source"), may_be_empty=True)
            cue = self.role(obj["cue"], (*path, "cue"), may_be_empty=False)
            content = self.role(obj["content"], (*path, "content"), may_be_empty=False)
            kind = self.choice(obj, "kind", path, ATTRIBUTION_KINDS)
            if source is not None and cue is not None and content is not None and kind:
                out.append(Attribution(f"p{len(out) + 1}", source, cue, content, obj["kind"]))
        return tuple(out)


def parse_records(records: Iterable[tuple[Any, str | None, int | None]],
                  documents: Iterable[Document], *, extractor: str = "<predictions>",
                  unaligned: Mapping[str, Sequence[Unaligned]] | None = None,
                  noun: str = "prediction record") -> dict[str, Prediction]:
    """Validate extractor records (each with the file and line it came from, if any)
    against the gold ``documents``; one :class:`Prediction` per gold document.

    Raises :class:`PredictionError` with every problem found; a problem names the
    extractor (or file and line), the document, the JSON path, the value and what
    was expected. Spans must be given by offsets here (strings are aligned
    beforehand, :mod:`benchmark.records`); ``unaligned`` lists, per document, the
    strings that could not be aligned.
    """
    texts = {doc.doc_id: doc.text for doc in documents}
    problems: list[Problem] = []
    parsed: dict[str, dict[str, Any]] = {}
    first_seen: dict[str, str] = {}
    attempted: set[str] = set()
    for index, (obj, file, line) in enumerate(records, 1):
        where = file or extractor
        label = f"line {line}" if line else f"record {index}"
        check = _LineChecker(where, line, problems)
        if not check.fields(obj, (), (("doc_id",), LAYERS)):
            if not isinstance(obj, dict) or "doc_id" not in obj:
                continue
        doc_id = obj["doc_id"]
        if not isinstance(doc_id, str) or doc_id not in texts:
            check.bad(("doc_id",), doc_id, "the doc_id of a gold document")
            continue
        if doc_id in first_seen:
            check.bad(("doc_id",), doc_id, f"a doc_id not already given on {first_seen[doc_id]}")
            continue
        first_seen[doc_id] = label
        check.text = texts[doc_id]
        check.doc_id = doc_id
        layers: dict[str, Any] = {}
        for name in LAYERS:
            if name in obj:
                attempted.add(name)
                layers[name] = getattr(check, name)(obj[name])
        parsed[doc_id] = layers
    missing = [doc_id for doc_id in texts if doc_id not in parsed]
    for doc_id in missing:
        problems.append(Problem(extractor, None, "$", None,
                                f"a {noun} for gold document {doc_id!r}"))
    if problems:
        raise PredictionError(problems)
    unaligned = unaligned or {}
    for doc_id, items in unaligned.items():
        for item in items:
            attempted.add(item.layer)
    return {doc_id: Prediction(doc_id, **{name: layers.get(name, ()) for name in attempted},
                               unaligned=tuple(unaligned.get(doc_id, ())))
            for doc_id, layers in parsed.items()}


def parse_predictions(lines: Iterable[str], documents: Iterable[Document], *,
                      file: str = "<predictions>") -> dict[str, Prediction]:
    """Parse khabar JSONL lines (spans by offsets) against the gold ``documents``.

    Returns one :class:`Prediction` per gold document (keyed by ``doc_id``);
    raises :class:`PredictionError` with every problem found.
    """
    records: list[tuple[Any, str | None, int | None]] = []
    problems: list[Problem] = []
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        try:
            records.append((json.loads(raw), file, number))
        except json.JSONDecodeError as err:
            problems.append(Problem(file, number, "$", raw.strip()[:60],
                                    f"a JSON object on one line ({err.msg} at column "
                                    f"{err.colno})"))
    try:
        parsed = parse_records(records, documents, extractor=file, noun="line")
    except PredictionError as exc:
        raise PredictionError(problems + exc.problems) from None
    if problems:
        raise PredictionError(problems)
    return parsed


def load_predictions(path: str | Path, documents: Iterable[Document]) -> dict[str, Prediction]:
    """Load a khabar JSONL predictions file (see the module docstring)."""
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise PredictionError([Problem(str(path), None, "$", f"byte {err.start}",
                                       "a UTF-8 encoded JSONL file")]) from None
    return parse_predictions(source.splitlines(), documents, file=str(path))


def predictions_by_id(predictions: Iterable[Prediction] | Mapping[str, Prediction]
                      ) -> dict[str, Prediction]:
    """Accept a mapping or an iterable of predictions; key them by ``doc_id``."""
    if isinstance(predictions, Mapping):
        return dict(predictions)
    return {p.doc_id: p for p in predictions}
