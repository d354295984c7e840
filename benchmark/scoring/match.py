"""One-to-one alignment of predicted spans to gold mentions, one rule per mode.

A gold mention is a tuple of *readings* ``(start, end, label)``: the main
annotation first, then each ``alternative`` with its omitted fields inherited.
A prediction matches a mention when it matches any one reading.

:func:`align` is the same for every mode; a :class:`MatchRule` only says how
exact pairs are keyed and which overlapping candidate a prediction takes:

1. *exact phase* — predictions and readings are paired by equal keys
   (``(start, end, label)`` or ``(start, end)``), required gold first, then
   optional gold; duplicates pair in position order;
2. *overlap phase* — predictions still unmatched are swept in position order
   ``(start, end, label)`` against unmatched gold whose readings overlap them
   (required gold first, then optional gold), and the rule picks one.

Because predictions are processed in position order, the result does not
depend on the order of the input. On flat inputs without duplicates the counts
equal nervaluate 1.2.x run on position-sorted lists: an exact pair is then the
only overlap of both its members, and "the earliest unmatched overlapping gold"
is nervaluate's choice (first in list order). Cost: sorting plus the sweep,
``O((n + k) log n)`` with ``k`` overlapping pairs (``k ≤ n + m`` when flat).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Reading = tuple[int, int, str]
Mention = tuple[Reading, ...]

COR, INC, PAR = 0, 1, 2
OUTCOMES = ("cor", "inc", "par")
NONE = -1


class MatchRule:
    """How one mode pairs a prediction with gold.

    ``exact_phases``: ``(typed, outcome)`` pairs tried in order in the exact
    phase; ``choose`` picks among overlapping candidates.
    """

    name = ""
    exact_phases: tuple[tuple[bool, int], ...] = ()
    #: ``(mode, {outcome: outcome})``: this rule pairs exactly like ``mode`` and
    #: only renames outcomes, so a caller may reuse that alignment.
    same_pairs_as: tuple[str, dict[int, int]] | None = None

    def choose(self, pred: Reading, candidates: list[int], golds: Sequence[Mention]
               ) -> tuple[int, int]:
        """Return ``(gold index, outcome)`` for ``pred`` given overlapping
        ``candidates`` (gold indices in position order, never empty)."""
        raise NotImplementedError


class StrictMatch(MatchRule):
    """nervaluate ``strict``: COR = same boundaries and type; INC = otherwise
    overlapping (an exact-boundary, other-type gold first, else the earliest)."""

    name = "strict"
    exact_phases = ((True, COR), (False, INC))

    def choose(self, pred, candidates, golds):  # type: ignore[no-untyped-def]
        return candidates[0], INC


class ExactMatch(MatchRule):
    """nervaluate ``exact``: COR = same boundaries, any type; INC = overlap
    (the earliest overlapping gold). Also TempEval-3 strict (COR) / relaxed
    (COR + INC) extent matching."""

    name = "exact"
    exact_phases = ((False, COR),)

    def choose(self, pred, candidates, golds):  # type: ignore[no-untyped-def]
        return candidates[0], INC


class PartialMatch(MatchRule):
    """nervaluate ``partial``: COR = same boundaries; PAR = overlap (the
    earliest overlapping gold), counted as half."""

    name = "partial"
    exact_phases = ((False, COR),)
    same_pairs_as = ("exact", {INC: PAR})

    def choose(self, pred, candidates, golds):  # type: ignore[no-untyped-def]
        return candidates[0], PAR


class TypeMatch(MatchRule):
    """nervaluate ``ent_type``: COR = overlap with the same type (the reading
    with the closest boundaries, |Δstart| + |Δend|; ties: earliest); INC =
    overlap with another type only (the earliest)."""

    name = "type"
    exact_phases = ((True, COR),)

    def choose(self, pred, candidates, golds):  # type: ignore[no-untyped-def]
        s, e, label = pred
        best, best_distance = NONE, -1
        for gi in candidates:
            for rs, re_, rl in golds[gi]:
                if rl == label and rs < e and s < re_:
                    distance = abs(s - rs) + abs(e - re_)
                    if best == NONE or distance < best_distance:
                        best, best_distance = gi, distance
        if best != NONE:
            return best, COR
        return candidates[0], INC


RULES: dict[str, MatchRule] = {r.name: r for r in (StrictMatch(), ExactMatch(), PartialMatch(),
                                                   TypeMatch())}
MODES: tuple[str, ...] = ("strict", "exact", "partial", "type")


@dataclass(frozen=True, slots=True)
class Alignment:
    """``gold_of[p]``: the gold index prediction ``p`` was paired with (or -1);
    ``outcome[p]``: COR/INC/PAR for paired predictions; ``matched[g]``: whether
    gold ``g`` was paired."""

    gold_of: list[int]
    outcome: list[int]
    matched: list[bool]


class Prepared:
    """One document's gold and predictions, sorted and keyed once, so several
    rules can be aligned without repeating that work. Exact-phase results are
    cached by phase prefix: strict and type share their first (typed) phase."""

    def __init__(self, golds: Sequence[Mention], optional: Sequence[bool],
                 preds: Sequence[Reading], start_key: Callable[[int], int] | None = None):
        self.golds, self.optional, self.preds = golds, optional, preds
        n_gold = len(golds)
        self.gold_order = sorted(range(n_gold), key=[m[0] for m in golds].__getitem__)
        self.rank = [0] * n_gold
        for r, g in enumerate(self.gold_order):
            self.rank[g] = r
        self.pred_order = sorted(range(len(preds)), key=preds.__getitem__)
        if any(optional):
            self.groups: tuple[list[int], ...] = (
                [g for g in self.gold_order if not optional[g]],
                [g for g in self.gold_order if optional[g]])
        else:
            self.groups = (self.gold_order,)
        if start_key is None:
            self.gold_keys: Sequence[Mention] = golds
            self.pred_keys: Sequence[Reading] = preds
        else:
            self.gold_keys = [tuple((start_key(s), e, label) for s, e, label in m)
                              for m in golds]
            self.pred_keys = [(start_key(s), e, label) for s, e, label in preds]
        self._cache: dict[tuple, tuple[list[int], list[int], list[bool]]] = {}
        self._keys: dict[bool, tuple[list[tuple], list[tuple]] | None] = {}

    def exact(self, phases: tuple[tuple[bool, int], ...]) -> tuple[list[int], list[int], list[bool]]:
        """State ``(gold_of, outcome, matched)`` after the exact ``phases`` (copies)."""
        if not phases:
            return ([NONE] * len(self.preds), [NONE] * len(self.preds),
                    [False] * len(self.golds))
        if phases not in self._cache:
            gold_of, outcome, matched = self.exact(phases[:-1])
            self._exact_phase(*phases[-1], gold_of, outcome, matched)
            self._cache[phases] = (gold_of, outcome, matched)
        gold_of, outcome, matched = self._cache[phases]
        return gold_of[:], outcome[:], matched[:]

    def _single_keys(self, typed: bool) -> tuple[list[tuple], list[tuple]] | None:
        """Gold and prediction keys of a phase when every gold mention has a single
        reading (one key each), else ``None``."""
        if typed not in self._keys:
            if not any(map((1).__lt__, map(len, self.gold_keys))):  # every len is 1
                if typed:
                    found = ([m[0] for m in self.gold_keys], list(self.pred_keys))
                else:
                    found = ([m[0][:2] for m in self.gold_keys], [p[:2] for p in self.pred_keys])
                self._keys[typed] = found
            else:
                self._keys[typed] = None
        return self._keys[typed]

    def _exact_phase(self, typed: bool, result: int, gold_of: list[int], outcome: list[int],
                     matched: list[bool]) -> None:
        gold_keys, pred_keys = self.gold_keys, self.pred_keys
        single = self._single_keys(typed)
        for group in self.groups:
            if single is not None:
                # Fast path, the same pairs: one key per gold and no key twice, so
                # each prediction in position order takes the gold of its key.
                live = [g for g in group if not matched[g]]
                keys_of, pkeys = single
                index = dict(zip(map(keys_of.__getitem__, live), live))
                if len(index) == len(live):
                    if index:
                        pop = index.pop
                        for p in self.pred_order:
                            if gold_of[p] == NONE:
                                g = pop(pkeys[p], None)
                                if g is not None:
                                    matched[g], gold_of[p], outcome[p] = True, g, result
                    continue
            index: dict[tuple, int | list[int]] = {}
            for g in group:
                if matched[g]:
                    continue
                readings = gold_keys[g]
                if len(readings) == 1:
                    keys: Sequence[tuple] = (readings[0] if typed else readings[0][:2],)
                else:
                    keys = list(dict.fromkeys(r if typed else r[:2] for r in readings))
                for key in keys:
                    seen = index.get(key)
                    if seen is None:
                        index[key] = g
                    elif isinstance(seen, int):
                        index[key] = [g, seen]  # reversed: pop() yields position order
                    else:
                        seen.insert(0, g)
            if not index:
                continue
            for p in self.pred_order:
                if gold_of[p] != NONE:
                    continue
                key = pred_keys[p] if typed else pred_keys[p][:2]
                bucket = index.get(key)
                if bucket is None:
                    continue
                if isinstance(bucket, int):
                    if not matched[bucket]:
                        matched[bucket], gold_of[p], outcome[p] = True, bucket, result
                    del index[key]
                    continue
                while bucket:
                    g = bucket.pop()
                    if not matched[g]:
                        matched[g], gold_of[p], outcome[p] = True, g, result
                        break

    def exact_from_strict(self, strict: Alignment) -> Alignment | None:
        """The ``exact`` alignment read off the ``strict`` one, or ``None`` unless
        every gold mention has a single reading and no two gold mentions, nor two
        predictions, have the same (keyed) boundaries.

        Why they pair alike then: a boundary key names at most one gold and one
        prediction, so strict's two exact phases (same boundaries and type, then
        same boundaries) pair exactly the predictions and gold of equal keys, as
        exact's one phase (same boundaries) does; the overlap phase then starts
        from the same state and both rules take the earliest candidate. Only the
        outcome differs: an exact pair is COR, an overlap pair INC."""
        single = self._single_keys(False)
        if single is None:
            return None
        gold_keys, pred_keys = single
        if len(set(gold_keys)) != len(gold_keys) or len(set(pred_keys)) != len(pred_keys):
            return None
        outcome = [NONE if g == NONE else COR if pred_keys[p] == gold_keys[g] else INC
                   for p, g in enumerate(strict.gold_of)]
        return Alignment(strict.gold_of, outcome, strict.matched)

    def align(self, rule: MatchRule) -> Alignment:
        """Pair predictions with gold one-to-one under ``rule``."""
        golds, preds, rank = self.golds, self.preds, self.rank
        gold_of, outcome, matched = self.exact(rule.exact_phases)
        if not golds or not preds:
            return Alignment(gold_of, outcome, matched)
        # 2. overlap phase: sort-and-sweep over reading intervals
        for group in self.groups:
            intervals = sorted((s, e, g) for g in group if not matched[g] for s, e, _ in golds[g])
            if not intervals:
                continue
            starts = [iv[0] for iv in intervals]
            ptr, active = 0, []
            n_iv = len(intervals)
            for p in self.pred_order:
                if gold_of[p] != NONE:
                    continue
                s, e, _ = pred = preds[p]
                while ptr < n_iv and starts[ptr] < s:
                    if intervals[ptr][1] > s:
                        active.append(intervals[ptr])
                    ptr += 1
                if active:
                    active = [iv for iv in active if iv[1] > s and not matched[iv[2]]]
                hi = bisect_left(starts, e, ptr)
                if not active and ptr == hi:
                    continue
                if not active and hi == ptr + 1:  # the common case: one candidate
                    g = intervals[ptr][2]
                    if matched[g]:
                        continue
                    cands = [g]
                else:
                    found = {iv[2] for iv in active}
                    found.update(intervals[i][2] for i in range(ptr, hi))
                    cands = sorted((g for g in found if not matched[g]), key=rank.__getitem__)
                    if not cands:
                        continue
                g, result = rule.choose(pred, cands, golds)
                matched[g], gold_of[p], outcome[p] = True, g, result
        return Alignment(gold_of, outcome, matched)


def align(golds: Sequence[Mention], optional: Sequence[bool], preds: Sequence[Reading],
          rule: MatchRule, *, start_key: Callable[[int], int] | None = None) -> Alignment:
    """Pair predictions with gold one-to-one under ``rule`` (see the module docstring).

    ``start_key`` maps a start offset to the one compared in the exact phase
    (the ``clitic`` option snaps starts over leading proclitics); ``None``
    compares offsets as they are.
    """
    return Prepared(golds, optional, preds, start_key).align(rule)


def relabel(a: Alignment, mapping: dict[int, int]) -> Alignment:
    """The same pairs with outcomes renamed (see ``MatchRule.same_pairs_as``)."""
    return Alignment(a.gold_of, [mapping.get(o, o) for o in a.outcome], a.matched)
