"""Attribution scoring: source, cue and content roles, and whole relations.

Definitions (PARC 3.0, Pareti 2016; proportional overlap as QSample's
``evaluate/F1.java``; one-to-one greedy alignment by largest overlap as the
CLTL scorer; no percentage-of-gold threshold, unlike nervaluate's
``min_overlap_percentage``):

* A role is the tuple of its spans (discontinuous roles are several spans); its
  length is its number of **characters** (code points). An empty source
  (implicit speaker) is not a source item.
* ``exact``: a predicted role equals a gold role span for span; one-to-one.
  P = matched/#pred, R = matched/#gold.
* ``overlap``: predicted and gold roles are aligned one-to-one, greedily by
  largest character overlap (exact pairs first; ties by gold, then predicted
  position); P = Σ overlap/|pred| ÷ #pred, R = Σ overlap/|gold| ÷ #gold.
* ``source_entity``: like ``source``, but a predicted source may also equal /
  overlap any mention (main or alternative extent) of an entity in the same
  coreference cluster (``ref``) as the gold's ``source_entities``; a gold
  attribution with an implicit source and no linked entity is no item.
* ``relation``: a predicted relation matches a gold one when the cues match and
  the sources (both empty counts as matching) and contents match, all
  ``strict`` (exact) or all ``relaxed`` (overlap); one-to-one, largest total
  overlap first. ``kind_accuracy`` = share of relaxed-matched relations with
  the gold kind.
* Optional gold: a prediction not matched to a required relation whose cue
  overlaps an optional relation's cue is dropped from every count.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from benchmark.core.documents import Attribution, Document, Span
from benchmark.scoring.counts import OverlapCounts, PRCounts, ratio

ROLES: tuple[str, ...] = ("source", "cue", "content", "source_entity")
Extent = tuple[tuple[int, int], ...]


def extent(spans: Iterable[Span]) -> Extent:
    return tuple(sorted((s.start, s.end) for s in spans))


def length(x: Extent) -> int:
    return sum(e - s for s, e in x)


def overlap(a: Extent, b: Extent) -> int:
    """Characters shared by two extents (their pieces never overlap each other)."""
    total = 0
    for s1, e1 in a:
        for s2, e2 in b:
            if s1 < e2 and s2 < e1:
                total += min(e1, e2) - max(s1, s2)
    return total


def overlap_join(left: Sequence[tuple[int, int, int]], right: Sequence[tuple[int, int, int]]
                 ) -> set[tuple[int, int]]:
    """Ids ``(l, r)`` of overlapping intervals ``(start, end, id)``: sort and sweep."""
    events = sorted([(s, 0, e, i) for s, e, i in left] + [(s, 1, e, i) for s, e, i in right])
    active: tuple[list, list] = ([], [])
    out: set[tuple[int, int]] = set()
    for s, side, e, i in events:
        for k in (0, 1):
            active[k][:] = [x for x in active[k] if x[0] > s]
        for e2, j in active[1 - side]:
            out.add((i, j) if side == 0 else (j, i))
        active[side].append((e, i))
    return out


def _intervals(items: Sequence[Sequence[Extent]]) -> list[tuple[int, int, int]]:
    return [(s, e, i) for i, options in enumerate(items) for x in options for s, e in x]


def align_roles(gold: Sequence[Sequence[Extent]], pred: Sequence[Extent], *, exact: bool
                ) -> list[tuple[int, int, Extent]]:
    """One-to-one ``(gold index, pred index, best gold option)`` pairs.

    Each gold item lists its acceptable extents. ``exact``: a pair needs equal
    extents; else any overlap, greedily by the largest overlap share
    (``ov/|pred| + ov/|gold|``), exact pairs first, ties by position."""
    pairs = overlap_join(_intervals(gold), _intervals([[x] for x in pred]))
    scored = []
    for g, p in pairs:
        best = None
        for option in gold[g]:
            if exact and option != pred[p]:
                continue
            ov = overlap(option, pred[p])
            if ov:
                key = (option == pred[p], ov / length(pred[p]) + ov / length(option))
                if best is None or key > best[0]:
                    best = (key, option)
        if best is not None:
            scored.append((-int(best[0][0]), -best[0][1], gold[g][0], pred[p], g, p, best[1]))
    scored.sort()
    used_g, used_p, out = set(), set(), []
    for *_, g, p, option in scored:
        if g not in used_g and p not in used_p:
            used_g.add(g)
            used_p.add(p)
            out.append((g, p, option))
    return out


@dataclass(frozen=True, slots=True)
class AttributionCounts:
    """Additive attribution counts: per role exact (PRCounts) and proportional
    overlap (OverlapCounts), relations strict/relaxed (PRCounts), and relaxed
    matches with the right kind."""

    exact: tuple[PRCounts, ...] = tuple(PRCounts() for _ in ROLES)
    overlap: tuple[OverlapCounts, ...] = tuple(OverlapCounts() for _ in ROLES)
    strict: PRCounts = PRCounts()
    relaxed: PRCounts = PRCounts()
    kind_ok: int = 0

    def __add__(self, other: AttributionCounts) -> AttributionCounts:
        return AttributionCounts(tuple(a + b for a, b in zip(self.exact, other.exact)),
                                 tuple(a + b for a, b in zip(self.overlap, other.overlap)),
                                 self.strict + other.strict, self.relaxed + other.relaxed,
                                 self.kind_ok + other.kind_ok)

    def __radd__(self, other):  # type: ignore[no-untyped-def]
        return self if other == 0 else NotImplemented

    def vector(self) -> tuple[float, ...]:
        out: list[float] = []
        for c in (*self.exact, *self.overlap, self.strict, self.relaxed):
            out += c.vector()
        return (*out, self.kind_ok)

    @classmethod
    def from_vector(cls, v: Sequence[float]) -> AttributionCounts:
        n = len(ROLES)
        exact = tuple(PRCounts(*v[3 * i:3 * i + 3]) for i in range(n))
        base = 3 * n
        over = tuple(OverlapCounts(*v[base + 4 * i:base + 4 * i + 4]) for i in range(n))
        base += 4 * n
        return cls(exact, over, PRCounts(*v[base:base + 3]), PRCounts(*v[base + 3:base + 6]),
                   v[base + 6])

    @property
    def kind_accuracy(self) -> float:
        return ratio(self.kind_ok, self.relaxed.tp)

    def metrics(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for i, role in enumerate(ROLES):
            for name, c in (("exact", self.exact[i]), ("overlap", self.overlap[i])):
                out[f"{role}.{name}.f1"] = c.f1
        out["relation.strict.f1"] = self.strict.f1
        out["relation.relaxed.f1"] = self.relaxed.f1
        out["kind_accuracy"] = self.kind_accuracy
        return out

    def to_json(self) -> dict:
        out: dict = {}
        for i, role in enumerate(ROLES):
            out[role] = {"exact": self.exact[i].to_json(), "overlap": self.overlap[i].to_json()}
        out["relation"] = {"strict": self.strict.to_json(), "relaxed": self.relaxed.to_json()}
        out["kind_accuracy"] = self.kind_accuracy
        return out


def _cluster_extents(doc: Document, a: Attribution) -> list[Extent]:
    """The acceptable source extents for ``source_entity``: the source itself and
    every mention (main and alternative extents) of the linked entities' clusters."""
    options: list[Extent] = [extent(a.source)] if a.source else []
    linked = {eid for eid in a.source_entities}
    refs = {e.ref for e in doc.entities if e.id in linked and e.ref is not None}
    for e in doc.entities:
        if e.id in linked or (e.ref is not None and e.ref in refs):
            for s, t in [(e.start, e.end)] + [
                    (alt.start if alt.start is not None else e.start,
                     alt.end if alt.end is not None else e.end) for alt in e.alternatives]:
                x = ((s, t),)
                if x not in options:
                    options.append(x)
    return options


def relations(gold: Sequence[Attribution], pred: Sequence[Attribution], *, strict: bool
               ) -> list[tuple[int, int]]:
    """One-to-one relation pairs ``(gold index, pred index)`` under the strict or
    relaxed criterion. Candidates share a cue overlap; strict: every role's
    extent is equal, relaxed: every role present on either side overlaps. Pairs
    are taken greedily by the largest total overlap, then by gold and predicted
    cue start."""
    cues = overlap_join([(s.start, s.end, i) for i, a in enumerate(gold) for s in a.cue],
                        [(s.start, s.end, i) for i, a in enumerate(pred) for s in a.cue])
    scored = []
    for g, p in cues:
        ga, pa = gold[g], pred[p]
        ok, total = True, 0
        for role in ("cue", "source", "content"):
            gx, px = extent(getattr(ga, role)), extent(getattr(pa, role))
            if not gx and not px:
                continue
            ov = overlap(gx, px)
            if (gx != px) if strict else ov == 0:
                ok = False
                break
            total += ov
        if ok:
            scored.append((-total, gold[g].cue[0].start, pred[p].cue[0].start, g, p))
    scored.sort()
    used_g, used_p, out = set(), set(), []
    for *_, g, p in scored:
        if g not in used_g and p not in used_p:
            used_g.add(g)
            used_p.add(p)
            out.append((g, p))
    return out


def score_document(doc: Document, attributions: Sequence[Attribution], *,
                   unit_starts: Sequence[int] | None = None, unit_offset: int = 0,
                   keep: dict[str, object] | None = None) -> dict[int, AttributionCounts]:
    """Attribution counts of one document, keyed by unit id. ``keep``, when given,
    receives the relation pairs over all predictions under ``"pairs"`` (an
    :class:`~benchmark.scoring.pairings.AttributionPairing`)."""
    required = [a for a in doc.attributions if not a.optional]
    optional = [a for a in doc.attributions if a.optional]
    preds = list(attributions)
    relaxed = relations(required, preds, strict=False)
    relaxed_all = relaxed
    dropped: set[int] = set()
    kept_preds: list[int] = []
    if optional:
        matched = {p for _, p in relaxed}
        rest = [i for i in range(len(preds)) if i not in matched]
        cues = overlap_join([(s.start, s.end, i) for i, a in enumerate(optional) for s in a.cue],
                            [(s.start, s.end, i) for i in rest for s in preds[i].cue])
        used: set[int] = set()
        for g, p in sorted(cues, key=lambda gp: (optional[gp[0]].cue[0].start, gp[1])):
            if g not in used and p not in dropped:
                used.add(g)
                dropped.add(p)
        if dropped:
            kept_preds = [i for i in range(len(preds)) if i not in dropped]
            preds = [preds[i] for i in kept_preds]
            relaxed = relations(required, preds, strict=False)
    strict = relations(required, preds, strict=True)
    if keep is not None:
        from benchmark.scoring.pairings import AttributionPairing

        # the strict pairs counted, with the prediction indices of the full list
        # (a reduced list's index i is the full list's kept_preds[i])
        keep["pairs"] = AttributionPairing(
            tuple(relaxed_all),
            tuple((g, kept_preds[p]) for g, p in strict) if dropped else tuple(strict))

    def unit(offset: int) -> int:
        if unit_starts is None:
            return unit_offset
        return unit_offset + max(bisect_right(unit_starts, offset) - 1, 0)

    gold_unit = [unit(a.cue[0].start) for a in required]
    pred_unit = [unit(a.cue[0].start) for a in preds]
    n = len(ROLES)
    rows: dict[int, dict] = {}

    def row(u: int) -> dict:
        return rows.setdefault(u, {"exact": [[0, 0, 0] for _ in range(n)],
                                   "overlap": [[0.0, 0.0, 0, 0] for _ in range(n)],
                                   "strict": [0, 0, 0], "relaxed": [0, 0, 0], "kind": 0})

    for i, role in enumerate(ROLES):
        if role == "source_entity":
            gold_items = [(k, _cluster_extents(doc, a)) for k, a in enumerate(required)]
            attr = "source"
        else:
            attr = role
            gold_items = [(k, [extent(getattr(a, attr))]) for k, a in enumerate(required)]
        gold_items = [(k, opts) for k, opts in gold_items if opts and opts[0]]
        pred_items = [(k, extent(getattr(a, attr))) for k, a in enumerate(preds)
                      if getattr(a, attr)]
        for k, _ in gold_items:
            row(gold_unit[k])["exact"][i][2] += 1
            row(gold_unit[k])["overlap"][i][3] += 1
        for k, _ in pred_items:
            row(pred_unit[k])["exact"][i][1] += 1
            row(pred_unit[k])["overlap"][i][2] += 1
        g_opts = [opts for _, opts in gold_items]
        p_ext = [x for _, x in pred_items]
        for g, _p, _opt in align_roles(g_opts, p_ext, exact=True):
            row(gold_unit[gold_items[g][0]])["exact"][i][0] += 1
        for g, p, opt in align_roles(g_opts, p_ext, exact=False):
            ov = overlap(opt, p_ext[p])
            r = row(gold_unit[gold_items[g][0]])["overlap"][i]
            r[0] += ov / length(p_ext[p])
            r[1] += ov / length(opt)

    for name, pairs in (("strict", strict), ("relaxed", relaxed)):
        for k in range(len(required)):
            row(gold_unit[k])[name][2] += 1
        for k in range(len(preds)):
            row(pred_unit[k])[name][1] += 1
        for g, p in pairs:
            row(gold_unit[g])[name][0] += 1
            if name == "relaxed" and required[g].kind == preds[p].kind:
                row(gold_unit[g])["kind"] += 1
    return {u: AttributionCounts(tuple(PRCounts(*x) for x in r["exact"]),
                                 tuple(OverlapCounts(*x) for x in r["overlap"]),
                                 PRCounts(*r["strict"]), PRCounts(*r["relaxed"]), r["kind"])
            for u, r in rows.items()}
