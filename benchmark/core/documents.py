"""Frozen value types for documents and their annotations.

Offsets everywhere are Python code-point indices into the exact stored text,
half-open ``[start, end)``: ``text[start:end]`` is the mention, and two spans
that touch (``a.end == b.start``) do not overlap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from collections.abc import Callable, Iterator
from typing import Any


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open code-point span ``[start, end)`` and the text it covers."""

    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if not (0 <= self.start < self.end):
            raise ValueError(f"span [{self.start}, {self.end}) must satisfy 0 <= start < end")
        if len(self.text) != self.end - self.start:
            raise ValueError(
                f"span [{self.start}, {self.end}) has text of length {len(self.text)}, "
                f"expected {self.end - self.start}"
            )

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Alternative:
    """Another reading that also counts as correct for one gold mention.

    Fields left ``None`` are inherited from the mention it belongs to: an
    alternative with only ``start``/``end``/``text`` is another extent, one with
    only ``type`` another type, one with only ``value`` another TIMEX3 value.
    """

    start: int | None = None
    end: int | None = None
    text: str | None = None
    type: str | None = None
    value: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("start", "end", "text", "type", "value")
                if getattr(self, k) is not None}


@dataclass(frozen=True, slots=True)
class Entity:
    """A named-entity mention with a Wojood fine type and its CoNLL type.

    ``parent`` is the id of the smallest entity containing this one (nesting);
    ``ref`` a coreference cluster id; ``optional`` mentions are neither rewarded
    nor penalised by the scorer.
    """

    id: str
    start: int
    end: int
    text: str
    type: str
    coarse: str | None = None
    parent: str | None = None
    ref: str | None = None
    optional: bool = False
    alternatives: tuple[Alternative, ...] = ()

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.text)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "start": self.start, "end": self.end, "text": self.text,
            "type": self.type, "coarse": self.coarse, "parent": self.parent,
            "ref": self.ref, "optional": self.optional,
            "alternatives": [a.to_json() for a in self.alternatives],
        }


class _MutableEntity:
    """The slots of :class:`Entity` without its frozen ``__setattr__``: see
    :data:`make_entity`. Its ``__init__`` ends by switching the new object's
    class to :class:`Entity` (same layout), so what it builds is an Entity."""

    __slots__ = Entity.__slots__

    def __init__(self, id, start, end, text, type, coarse=None, parent=None,  # type: ignore[no-untyped-def]  # noqa: A002
                 ref=None, optional=False, alternatives=()):
        self.id, self.start, self.end, self.text, self.type = id, start, end, text, type
        self.coarse, self.parent, self.ref = coarse, parent, ref
        self.optional, self.alternatives = optional, alternatives
        self.__class__ = Entity  # type: ignore[assignment]


#: ``make_entity(id, start, end, text, type, coarse=None, parent=None, ref=None,
#: optional=False, alternatives=())`` is ``Entity(...)``, the same object, built
#: about three times as fast for the loaders' hot loops (tens of thousands of
#: mentions): a frozen dataclass sets each field through ``object.__setattr__``;
#: here the fields are set on a twin with the same slots, whose class is then
#: switched to :class:`Entity`. It is the twin class itself (one call per
#: entity, no wrapper function).
make_entity: Callable[..., Entity] = _MutableEntity  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class Timex:
    """A TIMEX3 expression: extent, type, normalised value and its anchor.

    ``anchor`` is ``"DCT"``, the id of the timex the value was computed from, or
    ``None`` for absolute expressions and free durations.
    """

    id: str
    start: int
    end: int
    text: str
    type: str
    value: str
    anchor: str | None = None
    optional: bool = False
    alternatives: tuple[Alternative, ...] = ()

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.text)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "start": self.start, "end": self.end, "text": self.text,
            "type": self.type, "value": self.value, "anchor": self.anchor,
            "optional": self.optional,
            "alternatives": [a.to_json() for a in self.alternatives],
        }


@dataclass(frozen=True, slots=True)
class Attribution:
    """A PARC-style attribution relation: who (source) said (cue) what (content).

    Each role is a tuple of spans so that discontinuous roles can be written;
    an empty ``source`` is an implicit speaker.
    """

    id: str
    source: tuple[Span, ...]
    cue: tuple[Span, ...]
    content: tuple[Span, ...]
    kind: str
    source_entities: tuple[str, ...] = ()
    optional: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": [s.to_json() for s in self.source],
            "source_entities": list(self.source_entities),
            "cue": [s.to_json() for s in self.cue],
            "content": [s.to_json() for s in self.content],
            "kind": self.kind, "optional": self.optional,
        }


#: The keys of a document read as a mapping (the JSON a ``cmd:`` extractor gets).
DOCUMENT_KEYS: tuple[str, ...] = ("doc_id", "text", "dct", "language")


@dataclass(frozen=True, slots=True)
class Document:
    """A document's text, metadata and (for gold) its annotations.

    Extractors receive :meth:`bare` documents: text, ``doc_id``, ``dct`` and
    ``language`` only, as attributes or as a read-only mapping over those four
    keys (``doc["text"]``, ``doc.get("dct")``, ``dict(doc)``).
    """

    doc_id: str
    text: str
    dct: str
    language: str = "ar"
    entities: tuple[Entity, ...] = ()
    timexes: tuple[Timex, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    #: ``"dev"`` or ``"test"`` (gold format 2); format 1 documents are ``dev``.
    split: str = "dev"
    #: The layers (tasks) this document is annotated for; a task outside them is
    #: not scored on this document, so predictions there are neither right nor wrong.
    layers: tuple[str, ...] = ("entities", "timexes", "attributions")

    def bare(self) -> Document:
        """The document without annotations: what an extractor may see."""
        return Document(self.doc_id, self.text, self.dct, self.language)

    # A document also reads like the JSON object a ``cmd:`` extractor receives, so a
    # ``py:`` function may use ``doc.text`` or ``doc["text"]``, ``doc.get("dct")``.

    def keys(self) -> tuple[str, ...]:
        """``("doc_id", "text", "dct", "language")``: the keys of the mapping view."""
        return DOCUMENT_KEYS

    def __getitem__(self, key: str) -> str:
        if key not in DOCUMENT_KEYS:
            raise KeyError(key)
        return getattr(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key) if key in DOCUMENT_KEYS else default

    def __contains__(self, key: object) -> bool:
        return key in DOCUMENT_KEYS

    def __iter__(self) -> Iterator[str]:
        return iter(DOCUMENT_KEYS)

    def has_layer(self, layer: str) -> bool:
        """Whether ``layer`` (``entities``, ``timexes``, ``attributions``) is annotated."""
        return layer in self.layers

    def entity(self, entity_id: str) -> Entity:
        for e in self.entities:
            if e.id == entity_id:
                return e
        raise KeyError(entity_id)

    def to_json(self, *, with_text: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {"doc_id": self.doc_id, "language": self.language, "dct": self.dct}
        if with_text:
            out["text"] = self.text
        out["entities"] = [e.to_json() for e in self.entities]
        out["timexes"] = [t.to_json() for t in self.timexes]
        out["attributions"] = [a.to_json() for a in self.attributions]
        return out
