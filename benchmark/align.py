"""String → offset alignment for predictions given as text (what LLMs return).

Rule, per predicted string:

1. look for it in the document verbatim; if it never occurs, look again after
   folding both sides with the orthographic normalisation below;
2. matches that respect word boundaries (the string neither starts nor ends
   inside a word, a leading proclitic و ف ب ل ك excepted) are preferred: the
   others are used only when there is none, so ``0`` is not found inside
   ``2017``; with an ``occurrence`` (1-based), take that match; without one, take the
   first match that starts at or after the end of the previous aligned
   prediction *of the same kind* (same layer and role: reading order), or, if
   there is none after it, the first match in the document;
3. a string that cannot be found (or whose occurrence does not exist) stays
   unaligned: it is reported, kept in the per-document samples, and scored as
   a spurious prediction.

Folding (one code point in, at most one out, so offsets map back exactly):
the ``norm`` preset of :mod:`benchmark.normalize` (default ``standard``: أ إ آ ٱ
→ ا, ة → ه, ى → ي, tatweel and harakat removed), plus Eastern Arabic digits →
Western and runs of white space compared as one space. The needle's leading
and trailing white space is trimmed.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from benchmark.normalize import preset

_DIGITS = {ord(e): w for e, w in zip("٠١٢٣٤٥٦٧٨٩", "0123456789", strict=True)}


def fold(text: str, norm: str = "standard") -> tuple[str, list[int]]:
    """The folded text and, for each folded character, its index in ``text``
    (plus a final ``len(text)`` entry, so an end offset maps back too)."""
    normalized, positions = preset(norm).with_offsets(text)
    out: list[str] = []
    kept: list[int] = []
    previous_space = False
    for ch, pos in zip(normalized, positions):
        if ch.isspace():
            if previous_space:
                continue
            ch, previous_space = " ", True
        else:
            previous_space = False
        out.append(_DIGITS.get(ord(ch), ch))
        kept.append(pos)
    kept.append(len(text))
    return "".join(out), kept


@dataclass(frozen=True, slots=True)
class Alignment:
    """Where a predicted string landed: ``method`` is ``exact``, ``normalized``
    or ``unaligned`` (then ``start``/``end`` are ``None``)."""

    text: str
    start: int | None
    end: int | None
    method: str
    occurrence: int | None = None


_PROCLITICS = set("وفبلك")


def _is_word(ch: str) -> bool:
    return ch.isalnum() or "\u0610" <= ch <= "\u061a" or "\u064b" <= ch <= "\u065f" \
        or ch in "\u0640\u0670"


def on_word_boundaries(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` does not cut a word, except after up to three proclitics."""
    if end < len(text) and _is_word(text[end]) and _is_word(text[end - 1]):
        return False
    i = start
    while i > 0 and _is_word(text[i - 1]):
        i -= 1
    prefix = text[i:start]
    return not prefix or (len(prefix) <= 3 and set(prefix) <= _PROCLITICS)


def _matches(haystack: str, needle: str) -> list[int]:
    out, i = [], haystack.find(needle)
    while i != -1:
        out.append(i)
        i = haystack.find(needle, i + 1)
    return out


class Aligner:
    """Aligns the strings of one document, remembering a reading-order cursor per kind."""

    def __init__(self, text: str, norm: str = "standard"):
        self.text = text
        self.norm = norm
        self._folded: tuple[str, list[int]] | None = None
        self._cursor: dict[str, int] = {}
        self._cache: dict[str, tuple[list[tuple[int, int]], list[int], str]] = {}

    def _candidates(self, needle: str) -> tuple[list[tuple[int, int]], str]:
        exact = _matches(self.text, needle)
        if exact:
            return [(s, s + len(needle)) for s in exact], "exact"
        if self._folded is None:
            self._folded = fold(self.text, self.norm)
        folded_text, positions = self._folded
        folded_needle = fold(needle, self.norm)[0]
        if not folded_needle:
            return [], "unaligned"
        spans = []
        for s in _matches(folded_text, folded_needle):
            e = s + len(folded_needle)
            # the original end is just after the last matched original character
            spans.append((positions[s], positions[e - 1] + 1))
        return spans, "normalized"

    def _spans(self, needle: str) -> tuple[list[tuple[int, int]], list[int], str]:
        """The candidate spans of a needle (whole-word ones if any), their starts, and
        the method; computed once per distinct needle."""
        if needle not in self._cache:
            spans, method = self._candidates(needle) if needle else ([], "unaligned")
            whole = [(s, e) for s, e in spans if on_word_boundaries(self.text, s, e)]
            spans = whole or spans
            self._cache[needle] = (spans, [s for s, _ in spans], method)
        return self._cache[needle]

    def locate(self, kind: str, needle: str, occurrence: int | None = None) -> Alignment:
        """Align ``needle`` (see the module rule); updates the cursor of ``kind``."""
        spans, starts, method = self._spans(needle.strip())
        if not spans:
            return Alignment(needle, None, None, "unaligned", occurrence)
        if occurrence is not None:
            if not 1 <= occurrence <= len(spans):
                return Alignment(needle, None, None, "unaligned", occurrence)
            start, end = spans[occurrence - 1]
        else:
            i = bisect_left(starts, self._cursor.get(kind, 0))
            start, end = spans[i] if i < len(spans) else spans[0]
        self._cursor[kind] = end
        return Alignment(needle, start, end, method, occurrence)
