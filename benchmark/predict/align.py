"""String → offset alignment for predictions given as text (what LLMs return).

Candidates, per predicted string:

* every place where the string occurs in the document, verbatim or after
  folding both sides with the orthographic normalisation below (a verbatim
  occurrence is an ``exact`` match, any other a ``normalized`` one);
* matches that respect word boundaries (the string neither starts nor ends
  inside a word, a leading proclitic و ف ب ل ك excepted) are preferred: the
  others are used only when there is none, so ``0`` is not found inside
  ``2017``;
* with an ``occurrence`` (1-based) the n-th candidate is the only one (counted
  among the verbatim ones when the string occurs verbatim, else among the
  folded ones); an occurrence that does not exist leaves the string unaligned.

The occurrences are found by ``str.find``, or, once a document's text has been
scanned a few hundred times (many distinct strings in a long document), through
an index of its character trigrams, so that the search follows the number of
occurrences rather than strings × text length; both find the same ones.

Assignment (:meth:`Aligner.assign`), for the strings of one kind (entities,
timexes, attribution cues) in the order the extractor listed them: a *global
monotone assignment*. Candidates are ordered by ``(start, -end)`` — reading
order, a container before the mentions nested in it — and dynamic programming
over the candidates of every string picks the longest chain of strings whose
spans strictly increase in that order; among those, the one that least often
puts a string inside the span of the string listed just before it (among the
strings found at all) *with the same type* (nesting is for a different referent: ``غريفو`` after ``بنجامين
غريفو`` is the next mention, ``البوكمال`` after ``والي البوكمال`` the nested
one), then the one with most verbatim matches, then the earliest. So a perfect
answer in reading order (each nested mention after its container) lands on
exactly its own spans, a repeated name takes its successive occurrences, and
one string listed out of order does not shift the others. A string left out of the chain takes its first unused
candidate after the chain string before it (else its first unused candidate,
else its first). The dynamic programme takes O(C log C) time for C candidate
occurrences in all (a Fenwick tree of prefix maxima over reading-order ranks);
chains with exactly equal scores are told apart deterministically, as
:meth:`Aligner.assign` documents.

Attribution roles (:meth:`Aligner.near`) are aligned relative to their cue:
a source or content string takes the candidate in the cue's sentence, then
the one nearest to the cue, avoiding a span another string of the same role
and relation already took.

A string that cannot be found (or whose occurrence does not exist) stays
unaligned: it is reported, kept in the per-document samples, and scored as a
spurious prediction.

Folding (one code point in, at most one out, so offsets map back exactly):
the ``norm`` preset of :mod:`benchmark.core.normalize` (default ``standard``: أ إ آ ٱ
→ ا, ة → ه, ى → ي, tatweel and harakat removed), plus Eastern Arabic digits →
Western and runs of white space compared as one space. The needle's leading
and trailing white space is trimmed.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from benchmark.core.normalize import preset

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


def _glued(a: str, b: str) -> bool:
    """Two word characters that still meet at a word boundary: digits and letters
    glued by a missing space (``نحو15``, ``في2005``, ``15مارس``; guidelines 4.9)."""
    return a.isdigit() != b.isdigit()


def on_word_boundaries(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` does not cut a word, except after up to three proclitics;
    where digits meet letters there is a boundary (:func:`_glued`)."""
    if end < len(text) and _is_word(text[end]) and _is_word(text[end - 1]) \
            and not _glued(text[end - 1], text[end]):
        return False
    if start > 0 and _is_word(text[start - 1]) and _glued(text[start - 1], text[start]):
        return True
    i = start
    while i > 0 and _is_word(text[i - 1]):
        i -= 1
    prefix = text[i:start]
    return not prefix or (len(prefix) <= 3 and set(prefix) <= _PROCLITICS)


def _matches(haystack: str, needle: str) -> list[int]:
    """Every start of ``needle`` in ``haystack`` (overlapping ones too), ascending."""
    out, i = [], haystack.find(needle)
    while i != -1:
        out.append(i)
        i = haystack.find(needle, i + 1)
    return out


class _Haystack:
    """A text searched for many needles: :func:`_matches` by ``str.find`` (one
    scan of the text per needle) until the text has been scanned ``index_after``
    times, then by an index of the positions of every character trigram (bigram
    for a needle of two characters; each index built once, on first use): a
    needle's occurrences are then the positions of its rarest k-gram where the
    needle starts, so the cost follows the occurrences, not the length of the
    text. Both give the same list."""

    #: whole-text scans before an index is built (building one costs about as much
    #: as a few hundred scans by ``str.find``)
    index_after = 256

    def __init__(self, text: str):
        self.text = text
        self.scans = 0
        self.indexes: dict[int, dict[str, list[int]]] = {}

    def _index(self, k: int) -> dict[str, list[int]]:
        index = self.indexes.get(k)
        if index is None:
            text = self.text
            index = self.indexes[k] = {}
            for i in range(len(text) - k + 1):
                gram = text[i:i + k]
                if gram in index:
                    index[gram].append(i)
                else:
                    index[gram] = [i]
        return index

    def matches(self, needle: str) -> list[int]:
        text = self.text
        if len(needle) < 2 or (not self.indexes and self.scans < self.index_after):
            self.scans += 1
            return _matches(text, needle)
        k = 3 if len(needle) >= 3 else 2
        index, best, where = self._index(k), None, 0
        for o in range(len(needle) - k + 1):
            found = index.get(needle[o:o + k])
            if found is None:
                return []
            if best is None or len(found) < len(best):
                best, where = found, o
        starts = text.startswith
        return [p - where for p in best if p >= where and starts(needle, p - where)]  # type: ignore[union-attr]


#: One candidate span: ``(start, end, exact)``.
Candidate = tuple[int, int, bool]


def _key(c: Candidate) -> tuple[int, int]:
    """Reading order: by start, a container (longer) before what it contains."""
    return c[0], -c[1]


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, b[0] - a[1], a[0] - b[1])


class Aligner:
    """Aligns the strings of one document (see the module rules)."""

    def __init__(self, text: str, norm: str = "standard"):
        self.text = text
        self.norm = norm
        self._folded: tuple[str, list[int]] | None = None
        self._haystacks: tuple[_Haystack, _Haystack] | None = None
        self._cursor: dict[str, tuple[int, int]] = {}
        self._cache: dict[str, tuple[list[Candidate], list[Candidate]]] = {}
        self._sentences: list[int] | None = None

    # -- candidates ------------------------------------------------------------

    def _all(self, needle: str) -> tuple[list[Candidate], list[Candidate]]:
        """Every candidate of ``needle`` (whole-word ones if any) in reading order,
        and the ones ``occurrence`` counts (the verbatim ones if any); once per needle."""
        if needle not in self._cache:
            found: dict[tuple[int, int], bool] = {}
            if needle:
                if self._folded is None:
                    self._folded = fold(self.text, self.norm)
                if self._haystacks is None:
                    self._haystacks = (_Haystack(self.text), _Haystack(self._folded[0]))
                verbatim, folded = self._haystacks
                for s in verbatim.matches(needle):
                    found[(s, s + len(needle))] = True
                positions = self._folded[1]
                folded_needle = fold(needle, self.norm)[0]
                if folded_needle:
                    n = len(folded_needle)
                    for s in folded.matches(folded_needle):
                        # the original end is where the next kept character starts:
                        # after the last matched one and the marks folding dropped
                        # after it (a span never cuts a letter from its harakat:
                        # حالياً, not حاليا; positions ends with len(text))
                        span = (positions[s], positions[s + n])
                        found.setdefault(span, self.text[span[0]:span[1]] == needle)
            spans = [(s, e, exact) for (s, e), exact in found.items()]
            whole = [c for c in spans if on_word_boundaries(self.text, c[0], c[1])]
            spans = sorted(whole or spans, key=_key)
            exact = [c for c in spans if c[2]]
            self._cache[needle] = (spans, exact or spans)
        return self._cache[needle]

    def candidates(self, needle: str, occurrence: int | None = None) -> list[Candidate]:
        """The candidate spans of ``needle`` in reading order (one, or none, with an
        ``occurrence``)."""
        spans, counted = self._all(needle.strip())
        if occurrence is None:
            return spans
        return [counted[occurrence - 1]] if 1 <= occurrence <= len(counted) else []

    @staticmethod
    def _aligned(needle: str, c: Candidate | None, occurrence: int | None) -> Alignment:
        if c is None:
            return Alignment(needle, None, None, "unaligned", occurrence)
        return Alignment(needle, c[0], c[1], "exact" if c[2] else "normalized", occurrence)

    # -- one string at a time ----------------------------------------------------

    def locate(self, kind: str, needle: str, occurrence: int | None = None) -> Alignment:
        """Align one string on its own: the first candidate after the previous string
        of the same ``kind`` in reading order (else the first candidate), verbatim
        matches first. Prefer :meth:`assign`, which sees every string of a kind."""
        spans = self.candidates(needle, occurrence)
        if occurrence is None:
            spans = self._all(needle.strip())[1]
        if not spans:
            return self._aligned(needle, None, occurrence)
        cursor = self._cursor.get(kind)
        choice = spans[0]
        if occurrence is None and cursor is not None:
            choice = next((c for c in spans if _key(c) > cursor), spans[0])
        self._cursor[kind] = _key(choice)
        return self._aligned(needle, choice, occurrence)

    # -- every string of a kind at once -----------------------------------------

    def assign(self, needles: Sequence[tuple[str, int | None]],
               types: Sequence[str | None] | None = None) -> list[Alignment]:
        """Align strings listed in reading order (``(text, occurrence)`` pairs, with
        their ``types`` if they have any) by the global monotone assignment of the
        module rules.

        O(C log C) for C candidate occurrences in all: one pass over the strings in
        order, a Fenwick tree of prefix maxima over the candidates' reading-order
        ranks, and a bisection per candidate for the nesting test. Scores are the
        tuples ``(length, -nested, exact, -sum of starts)`` packed into one integer
        (mixed radix, so integer order is the tuple's order). Ties (equal packed
        scores) are broken deterministically: a tree node keeps the first chain
        that reached its score (candidates are inserted string by string, each
        string's in reading order), a prefix query keeps the first node of its
        walk (from the query's rank down) with the best score, and the chain kept
        overall is the first, in that same order, with the best score."""
        cands = [self.candidates(n, occ) for n, occ in needles]
        n = len(cands)
        size = len(self.text) + 2
        # reading-order key (start, -end) as one integer, and its rank among all
        keyed = [[c[0] * size + size - 1 - c[1] for c in cs] for cs in cands]
        keys = sorted({k for ks in keyed for k in ks})
        rank = {k: r for r, k in enumerate(keys)}
        m = len(keys)

        # packed score: ((length·B + nested + n)·B + exact)·E + early + n·T
        b = n + 1
        e = n * size + 1
        one_len, one_nested, one_exact = b * b * e, b * e, e
        empty = n * b * e + n * size            # length 0, nested 0, exact 0, early 0

        # nesting: is a candidate strictly inside a candidate of the string found
        # just before (with the same type)? starts, and prefix maxima of the ends,
        # of that string's candidates (sorted by start, then longest first)
        def spans_of(j: int) -> tuple[list[int], list[int], list[int]]:
            starts = [p[0] for p in cands[j]]
            ends = [p[1] for p in cands[j]]
            reach, top_end = [], -1
            for end in ends:
                top_end = end if end > top_end else top_end
                reach.append(top_end)
            return starts, ends, reach

        tree = [-1] * (m + 1)                   # Fenwick tree: best packed score …
        where = [-1] * (m + 1)                  # … and the candidate that has it
        flat: list[tuple[int, int]] = []        # global candidate id -> (string, index)
        back: list[int] = []                    # global candidate id -> the one before
        top_score, top_id = -1, -1
        last: int | None = None                 # the string before, among those found
        for i, cs in enumerate(cands):
            if not cs:
                continue
            j = last
            last = i
            typed = (types is not None and j is not None and types[i] is not None
                     and types[i] == types[j])
            if typed:
                starts, ends, reach = spans_of(j)   # type: ignore[arg-type]
            updates = []
            ks = keyed[i]
            for jj, c in enumerate(cs):
                r = rank[ks[jj]]
                # best entry among ranks < r
                best_s, best_id, q = -1, -1, r
                while q > 0:
                    s = tree[q]
                    if s > best_s:
                        best_s, best_id = s, where[q]
                    q -= q & -q
                score = (best_s if best_id >= 0 else empty) + one_len - c[0]
                if c[2]:
                    score += one_exact
                if typed:
                    lo = bisect_left(starts, c[0])
                    if (lo > 0 and reach[lo - 1] >= c[1]) or \
                            (lo < len(starts) and starts[lo] == c[0] and ends[lo] > c[1]):
                        score -= one_nested
                gid = len(flat)
                flat.append((i, jj))
                back.append(best_id)
                updates.append((r, score, gid))
                if score > top_score:
                    top_score, top_id = score, gid
            for r, score, gid in updates:       # after the row: one candidate per string
                q = r + 1
                while q <= m:
                    if score > tree[q]:
                        tree[q], where[q] = score, gid
                    q += q & -q

        chosen: list[Candidate | None] = [None] * n
        node = top_id
        while node >= 0:
            i, jj = flat[node]
            chosen[i] = cands[i][jj]
            node = back[node]
        used = {(c[0], c[1]) for c in chosen if c is not None}
        previous: tuple[int, int] | None = None
        for i, cs in enumerate(cands):
            if chosen[i] is not None:
                previous = _key(chosen[i])        # type: ignore[arg-type]
                continue
            if not cs:
                continue
            free = [c for c in cs if (c[0], c[1]) not in used]
            after = [c for c in free if previous is None or _key(c) > previous]
            choice = (after or free or cs)[0]
            chosen[i] = choice
            used.add((choice[0], choice[1]))
        return [self._aligned(n, c, occ) for (n, occ), c in zip(needles, chosen)]

    # -- relative to an anchor ---------------------------------------------------

    def _sentence(self, offset: int) -> int:
        if self._sentences is None:
            from benchmark.core.tokenize import sentences

            self._sentences = [s for s, _ in sentences(self.text)]
        return bisect_right(self._sentences, offset)

    def near(self, needle: str, anchor: tuple[int, int] | None,
             occurrence: int | None = None, avoid: set[tuple[int, int]] | frozenset = frozenset()
             ) -> Alignment:
        """Align ``needle`` relative to ``anchor`` (a cue's span): a candidate in the
        anchor's sentence first, then the nearest, then a verbatim one, then the
        earliest; spans in ``avoid`` only when nothing else is left. Without an
        anchor: the first candidate."""
        spans = self.candidates(needle, occurrence)
        if not spans:
            return self._aligned(needle, None, occurrence)
        if anchor is None:
            return self._aligned(needle, spans[0], occurrence)
        home = self._sentence(anchor[0])

        def rank(c: Candidate) -> tuple[bool, bool, int, bool, int]:
            return ((c[0], c[1]) in avoid, self._sentence(c[0]) != home,
                    _gap((c[0], c[1]), anchor), not c[2], c[0])

        return self._aligned(needle, min(spans, key=rank), occurrence)
