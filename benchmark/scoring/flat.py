"""The pairs of :mod:`benchmark.scoring.match` on flat inputs, found with set
operations and one forward sweep over what those leave.

*Flat* readings ``(start, end, label)``, sorted: each is non-empty and none
overlaps the next (touching is allowed). Flat and sorted, they have strictly
increasing starts and ends, so no two share an extent. Most NER output is flat
(CoNLL-style taggers, LLM span lists), and so is most gold outside nested
corpora; :func:`benchmark.scoring.ner.score_document` takes this path when gold
and predictions of a view both are, and the general one otherwise.

Why these are the pairs :meth:`~benchmark.scoring.match.Prepared.align` makes
(the rules of its module docstring, on one-reading gold without optional
mentions):

1. *Exact phases.* An extent names at most one gold and one prediction, so
   the typed phase (same extent and label, every mode but ``exact``/``partial``
   whose only phase is untyped) pairs exactly ``set(gold) & set(preds)``; the
   untyped phase of ``strict`` then pairs the remaining gold and prediction of
   each shared extent. ``exact`` pairs as ``strict`` does
   (:meth:`~benchmark.scoring.match.Prepared.exact_from_strict`), ``partial``
   as ``exact``.
2. *Overlap phase.* Sweep the unpaired predictions in position order over the
   unpaired gold, sorted. A gold that ends at or before a prediction's start
   overlaps no later prediction (their starts only grow), and every gold after
   it that starts before the prediction's end overlaps it (the ends grow too).
   So a prediction's candidates are a run of the gold from a pointer that only
   moves forward, less those already paired. ``strict`` takes the first: every
   gold before the one it took is then paired or passed, and the pointer moves
   past it. ``type`` takes the candidate of the same label with the closest
   boundaries (``|Δstart| + |Δend|``, ties: the first), else the first
   (``TypeMatch.choose``). It may leave unpaired gold before the one it took,
   so its pointer moves only past gold that is paired or ends at or before a
   prediction's start, and the candidates are read from the pointer on,
   skipping the paired ones. (Of the gold it leaves, only the last of the run
   can reach the next prediction: the others end before the run's last gold
   starts, hence before this prediction ends.)

``tests/test_flat_scoring.py`` holds the whole NER tally of this path to the
general one on random flat and non-flat inputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress, filterfalse, islice
from operator import itemgetter, le, lt, not_

from benchmark.scoring.match import Reading

EXTENT = itemgetter(0, 1)
_START, _END = itemgetter(0), itemgetter(1)


def is_flat(ordered: Sequence[Reading]) -> bool:
    """Whether sorted ``ordered`` readings are flat: ``start < end`` for each,
    and ``end <= start`` of the next."""
    starts = list(map(_START, ordered))
    ends = list(map(_END, ordered))
    return all(map(lt, starts, ends)) and all(map(le, ends, islice(starts, 1, None)))


@dataclass(frozen=True, slots=True)
class FlatPairs:
    """The pairs of every mode on flat inputs, as ``(prediction, gold)`` readings.

    ``gold``: the gold readings; ``typed``: those also predicted (COR in every
    mode). ``same_*``: predictions paired with the gold of their extent but
    another label (``strict`` INC, ``exact`` COR). ``overlap_*``: the rest of
    ``strict``'s pairs (INC; ``exact`` INC, ``partial`` PAR). ``type_cor_*`` and
    ``type_inc_*``: ``type``'s overlap pairs. ``off_gold``: the predictions whose
    extent is no gold extent."""

    gold: frozenset[Reading]
    typed: frozenset[Reading]
    same_preds: list[Reading]
    same_golds: list[Reading]
    overlap_preds: list[Reading]
    overlap_golds: list[Reading]
    type_cor_preds: list[Reading]
    type_cor_golds: list[Reading]
    type_inc_preds: list[Reading]
    type_inc_golds: list[Reading]
    off_gold: list[Reading]


def flat_pairs(gold: Sequence[Reading], preds: Sequence[Reading]) -> FlatPairs:
    """The pairs of each mode; ``gold`` and ``preds`` sorted and flat (:func:`is_flat`)."""
    gold_set = frozenset(gold)
    typed = gold_set.intersection(preds)
    if typed:
        gold_rest = list(filterfalse(typed.__contains__, gold))
        pred_rest = list(filterfalse(typed.__contains__, preds))
    else:
        gold_rest, pred_rest = list(gold), list(preds)
    # strict's untyped exact phase: the gold of each remaining prediction's extent
    of_extent = dict(zip(map(EXTENT, gold_rest), gold_rest))
    hits = list(map(of_extent.get, map(EXTENT, pred_rest)))
    same_golds = list(filter(None, hits))
    same_preds = list(compress(pred_rest, hits))
    if same_golds:
        taken = set(same_golds)
        strict_golds = list(filterfalse(taken.__contains__, gold_rest))
        off_gold = list(compress(pred_rest, map(not_, hits)))
    else:
        strict_golds, off_gold = gold_rest, pred_rest
    overlap_preds, overlap_golds = _first_overlaps(strict_golds, off_gold)
    type_cor, type_inc = _typed_overlaps(gold_rest, pred_rest)
    return FlatPairs(gold_set, typed, same_preds, same_golds, overlap_preds, overlap_golds,
                     type_cor[0], type_cor[1], type_inc[0], type_inc[1], off_gold)


def _first_overlaps(golds: list[Reading], preds: list[Reading]
                    ) -> tuple[list[Reading], list[Reading]]:
    """``strict``'s overlap phase: each prediction takes the first unpaired gold
    overlapping it."""
    out_preds: list[Reading] = []
    out_golds: list[Reading] = []
    i, n = 0, len(golds)
    if not n:
        return out_preds, out_golds
    for p in preds:
        s = p[0]
        while golds[i][1] <= s:
            i += 1
            if i == n:
                return out_preds, out_golds
        if golds[i][0] < p[1]:
            out_preds.append(p)
            out_golds.append(golds[i])
            i += 1
            if i == n:
                return out_preds, out_golds
    return out_preds, out_golds


def _typed_overlaps(golds: list[Reading], preds: list[Reading]
                    ) -> tuple[tuple[list[Reading], list[Reading]],
                               tuple[list[Reading], list[Reading]]]:
    """``type``'s overlap phase: ``(COR preds, COR golds), (INC preds, INC golds)``."""
    cor: tuple[list[Reading], list[Reading]] = ([], [])
    inc: tuple[list[Reading], list[Reading]] = ([], [])
    n = len(golds)
    taken = [False] * n
    i = 0
    for p in preds:
        s, e, label = p
        while i < n and (golds[i][1] <= s or taken[i]):
            i += 1
        if i == n:
            break
        g = golds[i]
        if g[0] >= e:
            continue
        if i + 1 == n or golds[i + 1][0] >= e:  # one candidate (the common case)
            k = i
        else:
            k, best = -1, -1
            j = i
            while j < n and golds[j][0] < e:
                if not taken[j]:
                    rs, re_, rl = golds[j]
                    if rl == label:
                        distance = abs(s - rs) + abs(e - re_)
                        if k == -1 or distance < best:
                            k, best = j, distance
                j += 1
            if k == -1:
                k = i
        taken[k] = True
        chosen = golds[k]
        bucket = cor if chosen[2] == label else inc
        bucket[0].append(p)
        bucket[1].append(chosen)
    return cor, inc
