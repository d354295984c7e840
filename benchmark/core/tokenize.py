"""The canonical tokenization and sentence units.

Tokens (the rule, deterministic and documented in ``gold/GUIDELINES.md``):

1. a token is a maximal run of word characters — letters, digits (Western and
   Eastern Arabic), tatweel and combining marks (harakat U+064B–065F, U+0670,
   U+0610–061A, U+06D6–06ED, which Python's ``\\w`` does not match) — or a
   single other non-space character (punctuation, quotes, brackets);
2. every token is then split at every *boundary* offset that falls inside it.
   For gold, the boundaries are the starts and ends of all entity mentions
   (every layer, optional ones included), so ``للبوكمال`` becomes ``ل`` +
   ``لبوكمال`` and a proclitic ``و``/``ب``/``ل`` is its own token exactly where
   the gold says so.

Sentences: the text is cut at newlines and after ``. ! ? ؟ …`` followed by
white space; sentences that a given span crosses are merged, so no gold span
is ever split. Sentences are the resampling units of the bootstrap.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from operator import attrgetter

#: The characters of a word token (a regex class body): word characters plus the
#: Arabic marks (harakat, Quranic annotation signs, superscript alef).
WORD_CHARS = "\\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
_TOKEN = re.compile(f"[{WORD_CHARS}]+|[^\\s{WORD_CHARS}]")
_SENTENCE_END = re.compile(r"\n+|(?<=[.!?؟…])[ \t]+")


def tokenize(text: str, boundaries: Iterable[int] = ()) -> list[tuple[int, int]]:
    """Half-open ``(start, end)`` token offsets, split at every boundary offset."""
    cuts = sorted(set(boundaries))
    out: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        lo, hi = bisect_right(cuts, start), bisect_left(cuts, end)
        for cut in cuts[lo:hi]:
            out.append((start, cut))
            start = cut
        out.append((start, end))
    return out


def sentences(text: str, keep_together: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Sentence ``(start, end)`` offsets, trimmed of white space; merged where a
    ``keep_together`` span crosses a cut."""
    pieces: list[tuple[int, int]] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, len(text)))
    trimmed = []
    for start, end in pieces:
        chunk = text[start:end]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk) - len(chunk.rstrip())
        if end - trail > start + lead:
            trimmed.append((start + lead, end - trail))
    spans = sorted(keep_together)
    merged: list[tuple[int, int]] = []
    i, reach = 0, -1
    for start, end in trimmed:
        if merged:
            while i < len(spans) and spans[i][0] < merged[-1][1]:
                reach = max(reach, spans[i][1])
                i += 1
            if reach > start:  # a span begun in an earlier sentence reaches into this one
                merged[-1] = (merged[-1][0], end)
                continue
        merged.append((start, end))
    return merged


def document_boundaries(doc) -> set[int]:  # type: ignore[no-untyped-def]
    """The gold boundary offsets of a document: every entity start and end."""
    cuts = set(map(_START, doc.entities))
    cuts.update(map(_END, doc.entities))
    return cuts


_START, _END = attrgetter("start"), attrgetter("end")


def document_spans(doc) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """Every gold span of a document (entities, timexes, attribution roles)."""
    spans = [(e.start, e.end) for e in doc.entities]
    spans += [(t.start, t.end) for t in doc.timexes]
    for a in doc.attributions:
        for role in (a.source, a.cue, a.content):
            spans += [(s.start, s.end) for s in role]
    return spans


def canonical_tokens(doc) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """The canonical tokenization of a gold document."""
    return tokenize(doc.text, document_boundaries(doc))


def canonical_sentences(doc) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """The sentence units of a gold document (never splitting a gold span)."""
    return sentences(doc.text, document_spans(doc))
