"""System predictions per document, and the khabar JSONL loader.

A :class:`Prediction` holds what an extractor returned for one document, reusing
the gold value types (:class:`Entity`, :class:`Timex`, :class:`Attribution`).
A layer that is ``None`` was not attempted: the task is then absent from the
results, not scored as zero.

khabar JSONL (``file:`` predictions, spans given by offsets): one JSON object per
line, ``{"doc_id": ..., "entities": [...], "timexes": [...], "attributions": [...]}``
with any subset of the three layers::

    entities      [{"start", "end", "type", "text"?}]   type: a fine type, or MISC
    timexes       [{"start", "end", "type", "value", "text"?}]
    attributions  [{"source": [{"start", "end", "text"?}], "cue": [...], "content": [...],
                    "kind"}]

An entity ``type`` is a Wojood fine type or ``MISC``, the CoNLL class that has no
fine equivalent (systems trained on CoNLL classes): a ``MISC`` prediction is scored
as ``MISC`` in the coarse view and as a wrong type in the fine view.

Offsets are code points, half-open ``[start, end)``, as in the gold. Validation is
strict and collects every problem (file, line, JSON path, value, expectation);
nothing is repaired. Rules: a task is *attempted* when any line carries its key;
for an attempted task, a line without the key means "nothing found" in that
document; every gold document must have a line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from itertools import repeat
from operator import is_, itemgetter, lt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from benchmark.core.documents import Attribution, Document, Entity, Span, Timex, make_entity
from benchmark.gold.loader import Problem, check_fields
from benchmark.core.inventory import ATTRIBUTION_KINDS, COARSE_OF, FINE_TYPES, TIMEX_TYPES
from benchmark.core.jsonpos import Path as JsonPath
from benchmark.core.jsonpos import StrictJsonError, format_path, strict_json_loads
from benchmark.core.gcpause import paused_gc

#: Entity types a prediction may carry: the fine types, and the CoNLL class MISC
#: (no fine equivalent; PER, ORG and LOC map to fine types in the readers).
PREDICTED_ENTITY_TYPES: tuple[str, ...] = (*FINE_TYPES, "MISC")

LAYERS: tuple[str, ...] = ("entities", "timexes", "attributions")
_ENTITY_FIELDS = (("start", "end", "type"), ("text", "score"))
_TIMEX_FIELDS = (("start", "end", "type", "value"), ("text", "score"))
_ATTRIBUTION_FIELDS = (("source", "cue", "content", "kind"), ("score",))
_SPAN_FIELDS = (("start", "end"), ("text",))


@dataclass(frozen=True, slots=True)
class Unaligned:
    """A prediction given as a string that could not be found in the text.

    It is scored as spurious: under its ``type`` for an entity, as a predicted
    timex, and as a predicted relation with each of its ``roles`` for an
    attribution (see :mod:`benchmark.predict.align`)."""

    layer: str
    text: str
    type: str | None = None
    roles: tuple[str, ...] = ()


#: The entity label an invalid item is scored under when its own type is no type.
INVALID_LABEL = "INVALID"
#: Kinds of :class:`Invalid` items.
INVALID_KINDS: tuple[str, ...] = ("invalid", "unreadable", "failed")


@dataclass(frozen=True, slots=True)
class Invalid:
    """A predicted item that was dropped instead of failing the run (the default;
    ``--strict`` fails instead), and why.

    ``kind``: ``invalid`` — the item failed validation (an unknown type, a bad
    value, bad offsets, a malformed span): scored as a spurious prediction, like
    an :class:`Unaligned` string (an entity under its ``type``, or under
    :data:`INVALID_LABEL` when that is no entity type); ``unreadable`` — the
    answer for the whole layer of the document could not be read (no JSON
    object of the expected shape): nothing was predicted, its gold counts as
    missed; ``failed`` — the request failed (kept only in the partial results of
    a failed run). ``item`` is the item as given, ``raw`` the model's raw answer
    when there is one."""

    layer: str
    kind: str
    reason: str
    index: int | None = None
    item: Any = None
    type: str | None = None
    roles: tuple[str, ...] = ()
    raw: str | None = None

    @property
    def spurious(self) -> bool:
        """Whether the item counts as a spurious prediction (``kind == "invalid"``)."""
        return self.kind == "invalid"

    @classmethod
    def of_item(cls, layer: str, index: int, item: Any, reason: str) -> Invalid:
        """An item that failed validation, with its scoring label and roles."""
        kind = None
        roles: tuple[str, ...] = ()
        if layer == "entities":
            given = item.get("type") if isinstance(item, dict) else None
            kind = given if given in PREDICTED_ENTITY_TYPES else INVALID_LABEL
        elif layer == "attributions" and isinstance(item, dict):
            roles = tuple(r for r in ("source", "cue", "content")
                          if isinstance(item.get(r), list) and item[r])
        return cls(layer, "invalid", reason, index, item, kind, roles)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"layer": self.layer, "kind": self.kind, "reason": self.reason}
        if self.index is not None:
            out["index"] = self.index
        if self.item is not None:
            out["item"] = self.item
        if self.raw is not None:
            out["raw"] = self.raw
        return out


@dataclass(frozen=True, slots=True)
class Prediction:
    """One document's predictions; ``None`` for a layer means "task not attempted".
    ``unaligned`` holds string-given predictions that could not be aligned,
    ``invalid`` the items dropped by a lenient run (:class:`Invalid`).

    ``token_tags`` keeps the tags as a system submitted them (CoNLL files), per
    sentence, as ``(token start, token end, tag)`` with the tag in IOB2 form
    (``O``, ``B-TYPE``, ``I-TYPE``; prefixes as submitted, labels mapped to khabar
    types). The NER token view decodes it in each scheme, so an orphan ``I-``
    counts in ``conlleval`` and not in ``strict_iob2``. ``None``: the predictions
    came as spans, and the token view is derived from ``entities``."""

    doc_id: str
    entities: tuple[Entity, ...] | None = None
    timexes: tuple[Timex, ...] | None = None
    attributions: tuple[Attribution, ...] | None = None
    unaligned: tuple[Unaligned, ...] = ()
    token_tags: tuple[tuple[tuple[int, int, str], ...], ...] | None = None
    invalid: tuple[Invalid, ...] = ()

    def layer(self, name: str) -> tuple[Any, ...] | None:
        return getattr(self, name)


def entity(start: int, end: int, type: str, text: str, *, id: str = "p") -> Entity:  # noqa: A002
    """A predicted entity; ``coarse`` is derived from ``type`` with :data:`COARSE_OF`
    (``MISC`` is its own coarse type)."""
    coarse = "MISC" if type == "MISC" else COARSE_OF.get(type)
    return Entity(id, start, end, text, type, coarse)


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


@dataclass(frozen=True, slots=True)
class ScoredEntity(Entity):
    """A predicted entity with the system's confidence (``score``, in [0, 1]): kept
    in ``--samples``, ignored by the scorer."""

    score: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {**Entity.to_json(self), "score": self.score}


@dataclass(frozen=True, slots=True)
class ScoredTimex(Timex):
    """A predicted timex with a confidence ``score`` (see :class:`ScoredEntity`)."""

    score: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {**Timex.to_json(self), "score": self.score}


@dataclass(frozen=True, slots=True)
class ScoredAttribution(Attribution):
    """A predicted attribution with a confidence ``score`` (see :class:`ScoredEntity`)."""

    score: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {**Attribution.to_json(self), "score": self.score}


_SCORED = {Entity: ScoredEntity, Timex: ScoredTimex, Attribution: ScoredAttribution}


def with_score(item: Any, score: float | None) -> Any:
    """``item`` carrying ``score`` (unchanged when ``score`` is None)."""
    if score is None:
        return item
    cls = type(item)
    fields = {name: getattr(item, name) for name in cls.__dataclass_fields__}
    return _SCORED[cls](**fields, score=score)


class PredictionError(Exception):
    """Predictions that failed validation; ``problems`` lists every finding."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


#: the fields of an offset-given entity that :func:`_valid_entities` accepts
_ENTITY_KEYS = frozenset((*_ENTITY_FIELDS[0], "text"))
#: type → coarse type of a predicted entity, as :func:`entity` derives it
_COARSE_OF_PREDICTED = {t: entity(0, 1, t, "x").coarse for t in PREDICTED_ENTITY_TYPES}


def _valid_entities(items: list[Any], text: str) -> tuple[Entity, ...] | None:
    """Every item as an entity when all are valid offset-given entities (the
    common case); ``None`` as soon as one is not, and
    :meth:`_LineChecker.entities` then checks and reports field by field.

    Valid here: a JSON object whose fields are ``start``, ``end`` and ``type``
    (and maybe ``text``), integer offsets (not booleans) with ``0 <= start <
    end <= len(text)``, a string type that is a predicted entity type, and a
    ``text``, when given, equal to ``text[start:end]``. Each condition is
    checked over the whole list at once (one C-level pass each: ``map`` over
    the items), not item by item in Python."""
    if not items:
        return ()
    try:
        if not all(map(is_, map(type, items), repeat(dict))) \
                or not all(map(_ENTITY_KEYS.issuperset, items)):
            return None
        starts = list(map(_START, items))      # KeyError: a required field is missing
        ends = list(map(_END, items))
        kinds = list(map(_TYPE, items))
    except KeyError:
        return None
    if not (all(map(is_, map(type, starts), repeat(int)))
            and all(map(is_, map(type, ends), repeat(int)))
            and all(map(lt, starts, ends)) and min(starts) >= 0 and max(ends) <= len(text)
            and all(map(is_, map(type, kinds), repeat(str)))
            and all(map(_COARSE_OF_PREDICTED.__contains__, kinds))):
        return None
    coarse = list(map(_COARSE_OF_PREDICTED.__getitem__, kinds))
    covered = list(map(text.__getitem__, map(slice, starts, ends)))
    if list(map(dict.get, items, repeat("text"), covered)) != covered:  # a given text differs
        return None
    return tuple(map(make_entity, _ids(len(items)), starts, ends, covered, kinds, coarse))


def _ids(n: int) -> list[str]:
    """``["p1", ..., "pN"]``: the ids :func:`entity` gives predicted entities. The
    longest list made so far is kept; a longer one replaces it whole (never
    extended in place, so threads parsing at once always see a complete list)."""
    ids = _PREDICTED_IDS[0]
    if len(ids) < n:
        ids = [f"p{k}" for k in range(1, n + 1)]
        _PREDICTED_IDS[0] = ids
    return ids[:n]


_PREDICTED_IDS: list[list[str]] = [[]]
_START, _END, _TYPE = itemgetter("start"), itemgetter("end"), itemgetter("type")


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
        if self.unaligned_string(obj, path):
            return False
        return check_fields(self.bad, obj, path, *spec)

    def unaligned_string(self, obj: Any, path: JsonPath) -> bool:
        """A span given by its string that the aligner left alone (see
        :mod:`benchmark.predict.records`) because its ``text`` or ``occurrence`` is
        malformed: report exactly that. True when ``obj`` was such a span."""
        if not path or not isinstance(obj, dict) or "text" not in obj or "start" in obj \
                or "end" in obj:
            return False
        if not isinstance(obj["text"], str):
            self.bad((*path, "text"), obj["text"], "a string (the span's text) or "
                                                   "start/end offsets")
        elif "occurrence" in obj:
            self.bad((*path, "occurrence"), obj["occurrence"],
                     "a positive integer (the 1-based occurrence of the text)")
        else:
            return False
        return True

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

    def score(self, obj: dict, path: JsonPath) -> tuple[bool, float | None]:
        """``(valid, value)`` of an item's optional ``score``: a finite number in [0, 1]."""
        if "score" not in obj:
            return True, None
        v = obj["score"]
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 1:
            self.bad((*path, "score"), v, "a confidence score: a number from 0 to 1")
            return False, None
        return True, float(v)

    def choice(self, obj: dict, key: str, path: JsonPath, allowed: tuple[str, ...]) -> bool:
        if obj[key] not in allowed:
            self.bad((*path, key), obj[key], f"one of {', '.join(allowed)}")
            return False
        return True

    def items(self, value: Any, path: JsonPath, start: int = 0) -> list[tuple[JsonPath, Any]]:
        if not isinstance(value, list):
            self.bad(path, value, "a JSON array")
            return []
        return [((*path, i), item) for i, item in enumerate(value, start)]

    def entities(self, value: Any, start: int = 0) -> tuple[Entity, ...]:
        if isinstance(value, list) and (fast := _valid_entities(value, self.text)) is not None:
            return fast
        out = []
        for path, obj in self.items(value, ("entities",), start):
            if not self.fields(obj, path, _ENTITY_FIELDS):
                continue
            span = self.offsets(obj, path)
            typed = self.choice(obj, "type", path, PREDICTED_ENTITY_TYPES)
            scored, score = self.score(obj, path)
            if span is not None and typed and scored:
                out.append(with_score(entity(span.start, span.end, obj["type"], span.text,
                                             id=f"p{len(out) + 1}"), score))
        return tuple(out)

    def timexes(self, value: Any, start: int = 0) -> tuple[Timex, ...]:
        out = []
        for path, obj in self.items(value, ("timexes",), start):
            if not self.fields(obj, path, _TIMEX_FIELDS):
                continue
            span = self.offsets(obj, path)
            typed = self.choice(obj, "type", path, TIMEX_TYPES)
            valued = isinstance(obj["value"], str) and bool(obj["value"].strip())
            if not valued:
                self.bad((*path, "value"), obj["value"], "a non-empty TIMEX3 value string")
            scored, score = self.score(obj, path)
            if span is not None and typed and valued and scored:
                out.append(with_score(Timex(f"p{len(out) + 1}", span.start, span.end, span.text,
                                            obj["type"], obj["value"]), score))
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

    def attributions(self, value: Any, start: int = 0) -> tuple[Attribution, ...]:
        out = []
        for path, obj in self.items(value, ("attributions",), start):
            if not self.fields(obj, path, _ATTRIBUTION_FIELDS):
                continue
            source = self.role(obj["source"], (*path, "source"), may_be_empty=True)
            cue = self.role(obj["cue"], (*path, "cue"), may_be_empty=False)
            content = self.role(obj["content"], (*path, "content"), may_be_empty=False)
            kind = self.choice(obj, "kind", path, ATTRIBUTION_KINDS)
            scored, score = self.score(obj, path)
            if source is not None and cue is not None and content is not None and kind \
                    and scored:
                out.append(with_score(Attribution(f"p{len(out) + 1}", source, cue, content,
                                                  obj["kind"]), score))
        return tuple(out)


def _lenient_layer(check: _LineChecker, name: str, value: Any, problems: list[Problem]
                   ) -> tuple[tuple[Any, ...], list[Invalid]]:
    """One layer of a record, each item that fails validation dropped and returned
    as an :class:`Invalid` with its problems (a layer that is not a list stays a
    problem: that is the record's shape, not an item)."""
    before = len(problems)
    parsed = getattr(check, name)(value)
    if len(problems) == before or not isinstance(value, list):
        return parsed, []
    del problems[before:]
    kept: list[Any] = []
    invalid: list[Invalid] = []
    for i, item in enumerate(value):
        mark = len(problems)
        got = getattr(check, name)([item], i)
        if len(problems) > mark:
            reason = "; ".join(str(p) for p in problems[mark:])
            del problems[mark:]
            invalid.append(Invalid.of_item(name, i, item, reason))
        else:
            kept.extend(got)
    return tuple(replace(x, id=f"p{k}") for k, x in enumerate(kept, 1)), invalid


@paused_gc
def parse_records(records: Iterable[tuple[Any, str | None, int | None]],
                  documents: Iterable[Document], *, extractor: str = "<predictions>",
                  unaligned: Mapping[str, Sequence[Unaligned]] | None = None,
                  noun: str = "prediction record", lenient: bool = False,
                  invalid: Mapping[str, Sequence[Invalid]] | None = None,
                  outside: Mapping[str, str] | None = None
                  ) -> dict[str, Prediction]:
    """Validate extractor records (each with the file and line it came from, if any)
    against the gold ``documents``; one :class:`Prediction` per gold document.

    Raises :class:`PredictionError` with every problem found; a problem names the
    extractor (or file and line), the document, the JSON path, the value and what
    was expected. Spans must be given by offsets here (strings are aligned
    beforehand, :mod:`benchmark.predict.records`); ``unaligned`` lists, per document, the
    strings that could not be aligned.

    With ``lenient``, an *item* that fails validation (an entity, timex or
    attribution) is dropped and kept in the document's ``Prediction.invalid``
    with its problems instead of being raised; problems of a record's shape (not
    an object, no or an unknown ``doc_id``, a duplicate, an unknown field, a
    layer that is not a list, a gold document without a record) are still
    raised. ``invalid`` adds items the runner already dropped (per document).
    ``outside``: the gold documents left out of the selection (``doc_id`` → why,
    e.g. ``"split test"``), named as such when a record is for one of them.
    """
    texts = {doc.doc_id: doc.text for doc in documents}
    problems: list[Problem] = []
    parsed: dict[str, dict[str, Any]] = {}
    first_seen: dict[str, str] = {}
    attempted: set[str] = set()
    dropped: dict[str, list[Invalid]] = {d: list(items) for d, items in (invalid or {}).items()}
    for index, (obj, file, line) in enumerate(records, 1):
        where = file or extractor
        label = f"line {line}" if line else f"record {index}"
        check = _LineChecker(where, line, problems)
        if not check.fields(obj, (), (("doc_id",), LAYERS)):
            if not isinstance(obj, dict) or "doc_id" not in obj:
                continue
        doc_id = obj["doc_id"]
        if not isinstance(doc_id, str) or doc_id not in texts:
            if isinstance(doc_id, str) and outside and doc_id in outside:
                why = f" ({outside[doc_id]})" if outside[doc_id] else ""
                check.bad(("doc_id",), doc_id, "the doc_id of a gold document in the "
                          f"selection; this gold document is not in the selection{why}")
            else:
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
                if lenient:
                    layers[name], bad = _lenient_layer(check, name, obj[name], problems)
                    dropped.setdefault(doc_id, []).extend(bad)
                else:
                    layers[name] = getattr(check, name)(obj[name])
        parsed[doc_id] = layers
    missing = [doc_id for doc_id in texts if doc_id not in parsed]
    for doc_id in missing:
        problems.append(Problem(extractor, None, "$", None,
                                f"a {noun} for gold document {doc_id!r}"))
    if problems:
        raise PredictionError(problems)
    unaligned = unaligned or {}
    for doc_id, items in [*unaligned.items(), *dropped.items()]:
        for item in items:
            attempted.add(item.layer)
    return {doc_id: Prediction(doc_id, **{name: layers.get(name, ()) for name in attempted},
                               unaligned=tuple(unaligned.get(doc_id, ())),
                               invalid=tuple(dropped.get(doc_id, ())))
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
            records.append((strict_json_loads(raw), file, number))
        except json.JSONDecodeError as err:
            problems.append(Problem(file, number, "$", raw.strip()[:60],
                                    f"a JSON object on one line ({err.msg} at column "
                                    f"{err.colno})"))
        except StrictJsonError as err:
            problems.append(Problem(file, number, err.path, err.value, err.expected))
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
