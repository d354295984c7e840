"""Character edits and the exact offset map they induce.

A perturbation is a list of :class:`Edit`\\ s, each replacing ``text[start:end]``
by ``replacement`` (an insertion when ``start == end``, a deletion when the
replacement is empty). Edits may touch but never overlap, and at most one
insertion sits at any one position.

The offset map (half-open spans ``[start, end)``), for a span boundary ``p``:

* outside every edit, ``p`` moves by the length change of the edits before it;
* at a replacement's old start, a span *start* maps to its first new character
  and a span *end* to just before it; at its old end, a start maps to just
  after the replacement and an end to just after its last character — so a
  span that covered the replaced text covers the replacement, and a span
  beside it stays beside it;
* strictly inside a replaced region, a start maps to the replacement's first
  character and an end to after its last (a span touching part of it covers
  all of it); inside a deletion both map to where it was;
* an insertion exactly at a boundary does not enter the span unless the edit
  says so: ``attach="left"`` glues the inserted text to the character before it
  (a diacritic: a span ending there takes it, one starting there starts after
  it), ``attach="right"`` to the character after it (a span starting there
  takes it), ``attach="none"`` (default) to neither. An insertion strictly
  inside a span is always inside it (a tatweel inside a word).

A span that would become empty is an error: no perturbation deletes a mention.
An alternative extent that the edits merge into its mention's own extent (its
boundary fell inside a replaced name) is no longer a different reading and is
dropped, as is an alternative that becomes a duplicate of an earlier one.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace
from typing import Literal

from benchmark.core.documents import Alternative, Document, Span

Attach = Literal["none", "left", "right"]


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` by ``replacement``; ``attach`` only matters for insertions."""

    start: int
    end: int
    replacement: str
    attach: Attach = "none"

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"edit [{self.start}, {self.end}) must satisfy 0 <= start <= end")
        if self.attach not in ("none", "left", "right"):
            raise ValueError(f"attach must be none, left or right, not {self.attach!r}")
        if self.start == self.end and not self.replacement:
            raise ValueError(f"empty edit at {self.start}")


@dataclass(frozen=True)
class OffsetMap:
    """The new text after a set of edits and the map of old span boundaries to new ones."""

    old_length: int
    text: str
    edits: tuple[Edit, ...]
    new_starts: tuple[int, ...]  # new position of each edit's start
    _keys: tuple[tuple[int, int], ...]

    def _position(self, p: int, role: str) -> int:
        if not 0 <= p <= self.old_length:
            raise ValueError(f"offset {p} outside the text (length {self.old_length})")
        # the last edit sorting at or before (p, p) is the only one that can touch p
        i = bisect_right(self._keys, (p, p))
        delta = 0
        if i:
            last = i - 1
            e, new_a = self.edits[last], self.new_starts[last]
            n = len(e.replacement)
            if e.start == e.end == p:  # an insertion exactly at p
                base = new_a
                if role == "start":
                    return base if e.attach == "right" else base + n
                return base + n if e.attach == "left" else base
            if e.start < p < e.end:  # strictly inside a replaced or deleted region
                return new_a if role == "start" else new_a + n
            delta = new_a + n - e.end  # the closest edit lies wholly before p
        return p + delta

    def start(self, p: int) -> int:
        return self._position(p, "start")

    def end(self, p: int) -> int:
        return self._position(p, "end")

    def span(self, start: int, end: int) -> tuple[int, int, str]:
        """The new ``(start, end, text)`` of old ``[start, end)``; ``ValueError`` if it vanishes."""
        s, e = self.start(start), self.end(end)
        if not s < e:
            raise ValueError(f"span [{start}, {end}) becomes empty after the edits")
        return s, e, self.text[s:e]


def apply_edits(text: str, edits: list[Edit] | tuple[Edit, ...]) -> OffsetMap:
    """Apply non-overlapping edits to ``text``; the new text and its offset map."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    pieces: list[str] = []
    new_starts: list[int] = []
    pos = new = 0
    prev: Edit | None = None
    for e in ordered:
        if e.end > len(text):
            raise ValueError(f"edit [{e.start}, {e.end}) outside the text (length {len(text)})")
        if prev is not None:
            if prev.end > e.start:
                raise ValueError(f"edits [{prev.start}, {prev.end}) and [{e.start}, {e.end}) overlap")
            if prev.start == prev.end == e.start == e.end:
                raise ValueError(f"two insertions at {e.start}")
        pieces.append(text[pos:e.start])
        new += e.start - pos
        new_starts.append(new)
        pieces.append(e.replacement)
        new += len(e.replacement)
        pos = e.end
        prev = e
    pieces.append(text[pos:])
    return OffsetMap(len(text), "".join(pieces), tuple(ordered), tuple(new_starts),
                     tuple((e.start, e.end) for e in ordered))


def _alt(m: OffsetMap, a: Alternative) -> Alternative:
    if a.start is None or a.end is None:
        return a
    s, e, t = m.span(a.start, a.end)
    return replace(a, start=s, end=e, text=t)


def _alts(m: OffsetMap, main, alternatives: tuple[Alternative, ...]) -> tuple[Alternative, ...]:
    out: list[Alternative] = []
    for a in alternatives:
        b = _alt(m, a)
        fields = (("start", b.start), ("end", b.end), ("text", b.text), ("type", b.type),
                  ("value", b.value))
        if all(v is None or v == getattr(main, k, None) for k, v in fields) or b in out:
            continue  # merged into the main reading
        out.append(b)
    return tuple(out)


def _spans(m: OffsetMap, spans: tuple[Span, ...]) -> tuple[Span, ...]:
    return tuple(Span(*m.span(s.start, s.end)) for s in spans)


def remap_document(doc: Document, edits: list[Edit] | tuple[Edit, ...]) -> Document:
    """``doc`` with the edits applied to its text and every gold span (entities,
    timexes, their alternative extents, attribution roles) mapped and re-read
    from the new text. Types, values and links are unchanged; ``meta`` keeps only
    ``gold_version`` (checksums and paths no longer apply)."""
    if not edits:
        return doc
    m = apply_edits(doc.text, edits)
    entities = []
    for ent in doc.entities:
        s, e, t = m.span(ent.start, ent.end)
        ent = replace(ent, start=s, end=e, text=t)
        entities.append(replace(ent, alternatives=_alts(m, ent, ent.alternatives)))
    timexes = []
    for tx in doc.timexes:
        s, e, t = m.span(tx.start, tx.end)
        tx = replace(tx, start=s, end=e, text=t)
        timexes.append(replace(tx, alternatives=_alts(m, tx, tx.alternatives)))
    attributions = [replace(a, source=_spans(m, a.source), cue=_spans(m, a.cue),
                            content=_spans(m, a.content)) for a in doc.attributions]
    meta = {k: v for k, v in doc.meta.items() if k == "gold_version"}
    return Document(doc.doc_id, m.text, doc.dct, doc.language, tuple(entities), tuple(timexes),
                    tuple(attributions), meta, split=doc.split, layers=doc.layers)


__all__ = ["Attach", "Edit", "OffsetMap", "apply_edits", "remap_document"]
