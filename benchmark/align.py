"""String → offset alignment for predictions given as text (what LLMs return).

Rule, per predicted string:

1. look for it in the document verbatim; if it never occurs, look again after
   folding both sides with the orthographic normalisation below;
2. with an ``occurrence`` (1-based), take that match; without one, take the
   first match that starts at or after the end of the previous aligned
   prediction *of the same kind* (same layer and role: reading order), or, if
   there is none after it, the first match in the document;
3. a string that cannot be found (or whose occurrence does not exist) stays
   unaligned: it is reported, kept in the per-document samples, and scored as
   a spurious prediction.

Folding (one code point in, at most one out, so offsets map back exactly):
hamzated alefs أ إ آ ٱ → ا; ة → ه; ى → ي; Eastern Arabic digits → Western;
tatweel and harakat (U+0610–061A, U+064B–065F, U+0670, U+06D6–06ED) removed;
leading and trailing white space of the needle trimmed; runs of white space
compared as one space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FOLD = {ord(a): b for a, b in zip("أإآٱةى٠١٢٣٤٥٦٧٨٩", "ااااهي0123456789", strict=True)}
_DROP = re.compile("[\u0640\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")


def fold(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each folded character, its index in ``text``.

    White-space runs fold to one space. ``positions`` has one extra entry,
    ``len(text)``, so a folded end offset maps back too.
    """
    out: list[str] = []
    positions: list[int] = []
    previous_space = False
    for i, ch in enumerate(text):
        if _DROP.match(ch):
            continue
        if ch.isspace():
            if previous_space:
                continue
            ch, previous_space = " ", True
        else:
            previous_space = False
        out.append(_FOLD.get(ord(ch), ch))
        positions.append(i)
    positions.append(len(text))
    return "".join(out), positions


@dataclass(frozen=True, slots=True)
class Alignment:
    """Where a predicted string landed: ``method`` is ``exact``, ``normalized``
    or ``unaligned`` (then ``start``/``end`` are ``None``)."""

    text: str
    start: int | None
    end: int | None
    method: str
    occurrence: int | None = None


def _matches(haystack: str, needle: str) -> list[int]:
    out, i = [], haystack.find(needle)
    while i != -1:
        out.append(i)
        i = haystack.find(needle, i + 1)
    return out


class Aligner:
    """Aligns the strings of one document, remembering a reading-order cursor per kind."""

    def __init__(self, text: str):
        self.text = text
        self._folded: tuple[str, list[int]] | None = None
        self._cursor: dict[str, int] = {}

    def _candidates(self, needle: str) -> tuple[list[tuple[int, int]], str]:
        exact = _matches(self.text, needle)
        if exact:
            return [(s, s + len(needle)) for s in exact], "exact"
        if self._folded is None:
            self._folded = fold(self.text)
        folded_text, positions = self._folded
        folded_needle = fold(needle)[0]
        if not folded_needle:
            return [], "unaligned"
        spans = []
        for s in _matches(folded_text, folded_needle):
            e = s + len(folded_needle)
            # the original end is just after the last matched original character
            spans.append((positions[s], positions[e - 1] + 1))
        return spans, "normalized"

    def locate(self, kind: str, needle: str, occurrence: int | None = None) -> Alignment:
        """Align ``needle`` (see the module rule); updates the cursor of ``kind``."""
        stripped = needle.strip()
        spans, method = self._candidates(stripped) if stripped else ([], "unaligned")
        if not spans:
            return Alignment(needle, None, None, "unaligned", occurrence)
        if occurrence is not None:
            if not 1 <= occurrence <= len(spans):
                return Alignment(needle, None, None, "unaligned", occurrence)
            start, end = spans[occurrence - 1]
        else:
            cursor = self._cursor.get(kind, 0)
            start, end = next(((s, e) for s, e in spans if s >= cursor), spans[0])
        self._cursor[kind] = end
        return Alignment(needle, start, end, method, occurrence)
