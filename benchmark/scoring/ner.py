"""Named-entity scoring of one document: the four span modes and the token view.

Span modes (SemEval-2013 Task 9.1, as nervaluate 1.2.x): ``strict``, ``exact``,
``partial``, ``type``, each on a one-to-one :func:`~benchmark.scoring.match.align`.
Every gold entity is a target, whatever its nesting depth. Gold ``alternatives``
are further readings of the same mention. A prediction paired with an
``optional`` gold is dropped; an unpaired optional gold is not a miss.

Per-type rows add up to the overall row: COR, INC, PAR and MIS are counted under
the **gold** (main) type, SPU under the **predicted** type. (nervaluate re-runs
each type on filtered lists instead, so its per-type rows do not sum.)

Type views: ``fine`` (the gold ``type``) and ``coarse`` (the gold ``coarse``,
CoNLL PER/ORG/LOC/MISC); in the coarse view gold and predicted entities without
a coarse type are left out, and so are alternative readings without one.

Token view (seqeval 1.2.2 / conlleval): gold chunks are the outermost layer of
the view's required gold on the canonical tokens. Predicted chunks depend on how
the predictions came:

* as spans (khabar JSONL, brat, any runner): a predicted span is projected onto
  the canonical tokens that lie entirely inside it (outermost predictions only; a
  prediction covering no whole token is dropped). These chunks are those
  ``iob.decode(iob.encode(...))`` gives: the tags are well formed, so the
  conlleval and strict-IOB2 readings coincide;
* as tags (a CoNLL file; ``Prediction.token_tags``): the submitted tag sequence
  is decoded per sentence in each scheme (``conlleval``: an orphan ``I-X`` starts
  a chunk; ``strict_iob2``: it is dropped), and each chunk is projected as above.
  The two schemes then differ on ill-formed input, as seqeval's do.

Alternatives play no part in the token view (as in seqeval); a predicted chunk
whose extent equals a reading of an optional gold mention is removed, so
optional mentions stay neutral there too.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from itertools import compress, islice, repeat
from operator import attrgetter, itemgetter, le, not_

from benchmark.core.documents import Document, Entity
from benchmark.core.inventory import COARSE_OF, COARSE_TYPES
from benchmark.core.iob import outermost, tagged_chunks
from benchmark.scoring.counts import PRCounts, SpanCounts
from benchmark.scoring.flat import FlatPairs, flat_pairs, is_flat
from benchmark.scoring.match import (COR, INC, MODES, NONE, OUTCOMES, RULES, Alignment, Mention,
                                     Prepared, Reading, relabel)
from benchmark.core.tokenize import WORD_CHARS, document_boundaries

VIEWS: tuple[str, ...] = ("fine", "coarse")
TOKEN_SCHEMES: tuple[str, ...] = ("conlleval", "strict_iob2")
PROCLITICS = "وفبلك"
_IS_WORD = re.compile(f"[{WORD_CHARS}]")
_IS_SPACE = re.compile(r"\s")
_HARAKAT = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")


def gold_mentions(doc: Document, view: str) -> tuple[list[Mention], list[bool]]:
    """The view's gold mentions as readings (main first), and their optional flags."""
    entities = doc.entities
    if not any(map(_ALTERNATIVES, entities)):   # the common case: one reading each
        if view == "fine":
            kept = [e for e in entities if e.type is not None]
            return [((e.start, e.end, e.type),) for e in kept], list(map(_OPTIONAL, kept))
        kept = [e for e in entities if e.coarse is not None]
        return [((e.start, e.end, e.coarse),) for e in kept], list(map(_OPTIONAL, kept))
    mentions: list[Mention] = []
    optional: list[bool] = []
    for e in doc.entities:
        main = e.type if view == "fine" else e.coarse
        if main is None:
            continue
        readings = [(e.start, e.end, main)]
        for alt in e.alternatives:
            alt_type = alt.type if alt.type is not None else e.type
            label = alt_type if view == "fine" else COARSE_OF.get(alt_type)
            if label is None:
                continue
            reading = (alt.start if alt.start is not None else e.start,
                       alt.end if alt.end is not None else e.end, label)
            if reading not in readings:
                readings.append(reading)
        mentions.append(tuple(readings))
        optional.append(e.optional)
    return mentions, optional


def view_label(label: str, view: str) -> str | None:
    """A predicted type in the view: itself (fine), or its CoNLL class (coarse;
    ``None`` without one). A CoNLL class given as the type (``MISC``) is itself."""
    if view == "fine":
        return label
    if label in COARSE_OF:
        return COARSE_OF[label]
    return label if label in COARSE_TYPES else None


def readings_in_view(readings: Sequence[Reading], view: str) -> list[Reading]:
    """``(start, end, label)`` triples relabelled for the view (dropped without a label)."""
    if view == "coarse":   # view_label() as one lookup
        get = _COARSE_VIEW.get
        return [(s, e, mapped) for s, e, label in readings if (mapped := get(label)) is not None]
    out = []
    for s, e, label in readings:
        mapped = view_label(label, view)
        if mapped is not None:
            out.append((s, e, mapped))
    return out


def predicted_readings(entities: Sequence[Entity], view: str) -> list[Reading]:
    """Predicted ``(start, end, label)`` in the view (coarse from the fine type)."""
    if view == "fine":  # view_label() keeps every label
        return [(e.start, e.end, e.type) for e in entities]
    return readings_in_view([(e.start, e.end, e.type) for e in entities], view)


#: ``view_label(label, "coarse")`` for every label that has one (others: ``None``)
_COARSE_VIEW: dict[str, str] = {
    label: coarse for label in (*COARSE_OF, *COARSE_TYPES)
    if (coarse := view_label(label, "coarse")) is not None}
_ALTERNATIVES = attrgetter("alternatives")
_OPTIONAL = attrgetter("optional")


def clitic_snap(text: str):  # type: ignore[no-untyped-def]
    """The ``clitic`` option's start key: a start preceded, within its word, only
    by proclitics (و ف ب ل ك, with any harakat) moves to the word start, so
    ``لبوكمال``/``للبوكمال`` and ``تنظيم``/``لتنظيم`` compare as the same boundary."""
    def snap(s: int) -> int:
        ws = s
        while ws > 0 and s - ws < 6 and _IS_WORD.match(text, ws - 1):
            ws -= 1
        if ws == s or (ws > 0 and _IS_WORD.match(text, ws - 1)):
            return s
        prefix = _HARAKAT.sub("", text[ws:s])
        if 1 <= len(prefix) <= 3 and all(c in PROCLITICS for c in prefix):
            return ws
        return s
    return snap


def _kept_for_last_document(compute):  # type: ignore[no-untyped-def]
    """``compute(doc)``, kept for the last document: its views are scored one
    after the other, and documents are immutable. The ``(document, value)``
    pair is replaced whole, so a thread never reads half of another's."""
    last: list = [(None, None)]

    @functools.wraps(compute)
    def cached(doc: Document):  # type: ignore[no-untyped-def]
        seen = last[0]
        if seen[0] is not doc:
            seen = (doc, compute(doc))
            last[0] = seen
        return seen[1]

    return cached


@_kept_for_last_document
def _boundaries(doc: Document) -> frozenset[int]:
    """``document_boundaries(doc)`` as a frozenset."""
    return frozenset(document_boundaries(doc))


class TokenProjector:
    """Projects character spans onto the canonical tokens of one gold document
    (``tokenize.canonical_tokens``) without materialising the token list: a
    token starts where a non-space character follows a space, a non-word
    character or a gold boundary, or is itself a non-word character."""

    def __init__(self, doc: Document):
        self.text = doc.text
        self.cuts = _boundaries(doc)

    def _word(self, i: int) -> bool:
        return _IS_WORD.match(self.text, i) is not None

    def is_start(self, i: int) -> bool:
        if _IS_SPACE.match(self.text, i):
            return False
        return (i == 0 or i in self.cuts or not self._word(i) or not self._word(i - 1))

    def is_end(self, j: int) -> bool:
        if _IS_SPACE.match(self.text, j - 1):
            return False
        return (j == len(self.text) or j in self.cuts or not self._word(j - 1)
                or not self._word(j))

    def inside(self, start: int, end: int) -> tuple[int, int] | None:
        """``(first token start, last token end)`` of the tokens inside ``[start, end)``
        (the span itself when it starts and ends on token boundaries)."""
        i = start
        while i < end and not self.is_start(i):
            i += 1
        j = end
        while j > i and not self.is_end(j):
            j -= 1
        return (i, j) if i < j else None


def _outermost(readings: Sequence[Reading]) -> list[Reading]:
    """``outermost(sorted(readings, key=(start, -end, label)))``; sorted() then
    outermost()'s stable (start, -end) sort give that order. Readings that do not
    overlap (the common case, checked in C) are all outermost, in sorted order."""
    ordered = sorted(readings)
    if all(map(le, map(itemgetter(1), ordered), map(itemgetter(0), islice(ordered, 1, None)))):
        return ordered
    return outermost(ordered)


def token_chunks(doc: Document, gold: Sequence[Reading], preds: Sequence[Reading],
                 neutral: set[tuple[int, int]] | frozenset = frozenset()
                 ) -> tuple[set[Reading], set[Reading]]:
    """Gold and predicted chunks of the token view, as character offsets;
    predictions with an extent in ``neutral`` (optional gold) are left out."""
    gold_chunks = set(_outermost(gold))
    projector = TokenProjector(doc)
    kept = [p for p in preds if (p[0], p[1]) not in neutral] if neutral else preds
    text, cuts = projector.text, projector.cuts
    outer = _outermost(kept)
    # on gold boundaries (is_start(s) and is_end(e)): the chunk is the span itself
    on_cuts = [s in cuts and e in cuts and not text[s].isspace() and not text[e - 1].isspace()
               for s, e, _ in outer]
    pred_chunks = set(compress(outer, on_cuts))
    for s, e, label in compress(outer, map(not_, on_cuts)):
        inner = projector.inside(s, e)
        if inner is not None:
            pred_chunks.add((inner[0], inner[1], label))
    return gold_chunks, pred_chunks


class NerTally:
    """Counters for one view: ``(mode, type, outcome)``, optionally
    ``(mode, unit, outcome)``; token view ``(scheme, type, tp|pred|gold)`` and
    ``(scheme, unit, ...)``. Counters add across documents."""

    __slots__ = ("by_type", "by_unit", "token_by_type", "token_by_unit")

    def __init__(self) -> None:
        self.by_type: Counter = Counter()
        self.by_unit: Counter = Counter()
        self.token_by_type: Counter = Counter()
        self.token_by_unit: Counter = Counter()

    def update(self, other: NerTally) -> None:
        self.by_type.update(other.by_type)
        self.by_unit.update(other.by_unit)
        self.token_by_type.update(other.token_by_type)
        self.token_by_unit.update(other.token_by_unit)


def score_document(doc: Document, entities: Sequence[Entity], *, view: str = "fine",
                   clitic: bool = False, unit_starts: Sequence[int] | None = None,
                   unit_offset: int = 0, modes: Sequence[str] = MODES,
                   token_tags: Sequence[Sequence[tuple[int, int, str]]] | None = None,
                   keep: dict[str, object] | None = None) -> NerTally:
    """Tally one document. ``unit_starts``: sorted sentence starts (``None``: no
    per-unit tallies); unit ids are ``unit_offset`` + sentence index.
    ``token_tags``: the submitted tags (``Prediction.token_tags``), if the
    predictions came as tags; the token view is then decoded from them.
    ``keep``, when given, receives the ``strict`` alignment under ``"strict"``
    as an :class:`~benchmark.scoring.pairings.EntityPairing`.

    Flat inputs (:mod:`benchmark.scoring.flat`) are tallied by
    :func:`score_flat`, the others by :func:`score_general`; both give the same
    tally wherever the first applies."""
    if (not clitic and token_tags is None and tuple(modes) == MODES
            and (unit_starts is None or len(unit_starts) <= 1)):
        tally = score_flat(doc, entities, view=view,
                           unit=None if unit_starts is None else unit_offset, keep=keep)
        if tally is not None:
            return tally
    return score_general(doc, entities, view=view, clitic=clitic, unit_starts=unit_starts,
                         unit_offset=unit_offset, modes=modes, token_tags=token_tags, keep=keep)


def score_general(doc: Document, entities: Sequence[Entity], *, view: str = "fine",
                  clitic: bool = False, unit_starts: Sequence[int] | None = None,
                  unit_offset: int = 0, modes: Sequence[str] = MODES,
                  token_tags: Sequence[Sequence[tuple[int, int, str]]] | None = None,
                  keep: dict[str, object] | None = None) -> NerTally:
    """:func:`score_document` on any input: alignments of :mod:`~benchmark.scoring.match`."""
    mentions, optional = gold_mentions(doc, view)
    preds = predicted_readings(entities, view)
    tally = NerTally()
    snap = clitic_snap(doc.text) if clitic else None
    # Counting runs over C-level iterators (zip/map/compress into a Counter), one
    # pass per mode; an optional gold mention has no label (None) and the index
    # -1 (NONE, no gold) lands on the trailing None, so both are skipped.
    gold_label = [None if opt else m[0][2] for m, opt in zip(mentions, optional)]
    pred_label = [p[2] for p in preds]
    gold_label.append(None)
    units = _Units(unit_starts, unit_offset)
    if units.several:
        gold_unit = units.of([None if opt else m[0][0] for m, opt in zip(mentions, optional)])
        gold_unit.append(None)
        pred_unit = units.of([p[0] for p in preds])
    aligned: dict[str, Alignment] = {}
    counted: dict[str, tuple[Counter, Counter | None]] = {}
    prepared = Prepared(mentions, optional, preds, snap)
    by_type, by_unit = tally.by_type, tally.by_unit
    for mode in modes:
        rule = RULES[mode]
        base = rule.same_pairs_as
        if base is not None and base[0] in aligned:
            a = relabel(aligned[base[0]], base[1])
        elif mode == "exact" and "strict" in aligned and (
                derived := prepared.exact_from_strict(aligned["strict"])) is not None:
            a = derived
        else:
            a = prepared.align(rule)
        aligned[mode] = a
        if keep is not None and mode == "strict":
            from benchmark.scoring.pairings import EntityPairing

            keep["strict"] = EntityPairing(tuple(mentions), tuple(optional), tuple(preds), a)
        if base is not None and base[0] in counted:
            # the same pairs as the base mode, outcomes renamed: rename its counts
            names = {OUTCOMES[k]: OUTCOMES[v] for k, v in base[1].items()}
            per_label, per_unit = (_renamed(c, names) if c is not None else None
                                   for c in counted[base[0]])
        else:
            spurious = list(map(NONE.__eq__, a.gold_of))
            missed = list(map(not_, a.matched))
            per_label = _outcomes(a, gold_label, pred_label, spurious, missed)
            per_unit = (_outcomes(a, gold_unit, pred_unit, spurious, missed)
                        if units.several else None)
        counted[mode] = (per_label, per_unit)
        for (label, name), n in per_label.items():
            by_type[(mode, label, name)] += n
        if per_unit is not None:
            for (u, name), n in per_unit.items():
                by_unit[(mode, u, name)] += n
        elif units.one is not None:
            for (_, name), n in per_label.items():
                by_unit[(mode, units.one, name)] += n

    required = [m[0] for m, opt in zip(mentions, optional) if not opt]
    neutral = {(r[0], r[1]) for m, opt in zip(mentions, optional) if opt for r in m}
    gold_chunks, pred_chunks = token_chunks(doc, required, preds, neutral)
    by_scheme = dict.fromkeys(TOKEN_SCHEMES, pred_chunks)  # spans: the schemes coincide
    if token_tags is not None:
        for scheme, mode in zip(TOKEN_SCHEMES, ("conlleval", "strict")):
            decoded = readings_in_view(tagged_chunks(token_tags, mode=mode), view)
            by_scheme[scheme] = token_chunks(doc, (), decoded, neutral)[1]
    chunk_counts: dict[int, list[tuple[str, Counter, Counter]]] = {}
    for scheme in TOKEN_SCHEMES:
        chosen = by_scheme[scheme]
        if id(chosen) not in chunk_counts:  # the same chunks for both schemes: count once
            rows = []
            for kind, chunks in (("gold", gold_chunks), ("pred", chosen),
                                 ("tp", gold_chunks & chosen)):
                per = Counter(map(itemgetter(2), chunks))
                if units.several:
                    at = Counter(units.of(list(map(itemgetter(0), chunks))))
                elif units.one is not None and chunks:
                    at = Counter({units.one: len(chunks)})
                else:
                    at = Counter()
                rows.append((kind, per, at))
            chunk_counts[id(chosen)] = rows
        for kind, per_type, per_unit_ in chunk_counts[id(chosen)]:
            for label, n in per_type.items():
                tally.token_by_type[(scheme, label, kind)] += n
            for u, n in per_unit_.items():
                tally.token_by_unit[(scheme, u, kind)] += n
    return tally


def score_flat(doc: Document, entities: Sequence[Entity], *, view: str = "fine",
               unit: int | None = None, keep: dict[str, object] | None = None
               ) -> NerTally | None:
    """:func:`score_document` (all four modes, predictions given as spans, no
    ``clitic``) when gold and predictions are flat in the view; ``None`` when
    they are not, or when some gold entity has alternatives or is optional, or
    when a gold reading starts or ends with a space. ``unit``: the one unit
    every count goes to (``None``: no per-unit tallies).

    Pairs from :func:`~benchmark.scoring.flat.flat_pairs`. Per label: COR, INC
    and PAR from the pairs; MIS = gold − paired gold and SPU = predicted −
    paired predictions (labels with nothing left are absent, as in
    :func:`_outcomes`). Token view: flat readings are all outermost; a
    prediction with a gold extent is its own chunk (gold starts and ends are
    token boundaries with non-space ends there), the others are projected as
    :func:`token_chunks` projects them."""
    every = doc.entities
    if not _plain_gold(doc):
        return None
    if view == "fine":
        gold = [(e.start, e.end, e.type) for e in every if e.type is not None]
    else:
        gold = [(e.start, e.end, e.coarse) for e in every if e.coarse is not None]
    preds = predicted_readings(entities, view)
    gold_sorted, preds_sorted = sorted(gold), sorted(preds)
    if not (is_flat(gold_sorted) and is_flat(preds_sorted)):
        return None
    pairs = flat_pairs(gold_sorted, preds_sorted)
    label = _LABEL
    gold_n, pred_n = Counter(map(label, gold)), Counter(map(label, preds))
    typed_n = Counter(map(label, pairs.typed))
    same_g, same_p = Counter(map(label, pairs.same_golds)), Counter(map(label, pairs.same_preds))
    over_g = Counter(map(label, pairs.overlap_golds))
    over_p = Counter(map(label, pairs.overlap_preds))
    type_cor = Counter(map(label, pairs.type_cor_golds))
    type_inc_g = Counter(map(label, pairs.type_inc_golds))
    type_inc_p = Counter(map(label, pairs.type_inc_preds))
    strict_inc = same_g + over_g
    mis = gold_n - (typed_n + strict_inc)
    spu = pred_n - (typed_n + same_p + over_p)
    exact_cor = typed_n + same_g
    type_cor_all = typed_n + type_cor
    rows = {
        "strict": (("cor", typed_n), ("inc", strict_inc), ("mis", mis), ("spu", spu)),
        "exact": (("cor", exact_cor), ("inc", over_g), ("mis", mis), ("spu", spu)),
        "partial": (("cor", exact_cor), ("par", over_g), ("mis", mis), ("spu", spu)),
        "type": (("cor", type_cor_all), ("inc", type_inc_g),
                 ("mis", gold_n - (type_cor_all + type_inc_g)),
                 ("spu", pred_n - (type_cor_all + type_inc_p))),
    }
    tally = NerTally()
    by_type, by_unit = tally.by_type, tally.by_unit
    for mode in MODES:
        for name, counts in rows[mode]:
            for key, n in counts.items():
                by_type[(mode, key, name)] += n
            if unit is not None and counts:
                by_unit[(mode, unit, name)] += sum(counts.values())
    # chunks: the predictions with a gold extent as they are, the others
    # projected; a chunk lies inside its prediction and flat predictions do not
    # overlap, so no two chunks are the same
    chunk_n, tp_n = typed_n + same_p, typed_n
    if pairs.off_gold:
        projector = TokenProjector(doc)
        projected = []
        for s, e, kind in pairs.off_gold:
            inner = projector.inside(s, e)
            if inner is not None:
                projected.append((inner[0], inner[1], kind))
        if projected:
            chunk_n = chunk_n + Counter(map(label, projected))
            tp_n = tp_n + Counter(map(label, filter(pairs.gold.__contains__, projected)))
    token_rows = (("gold", gold_n), ("pred", chunk_n), ("tp", tp_n))
    token_by_type, token_by_unit = tally.token_by_type, tally.token_by_unit
    for kind, per_label in token_rows:
        total = sum(per_label.values())
        for scheme in TOKEN_SCHEMES:
            for key, n in per_label.items():
                token_by_type[(scheme, key, kind)] += n
            if unit is not None and total:
                token_by_unit[(scheme, unit, kind)] += total
    if keep is not None:
        keep["strict"] = _flat_pairing(gold, preds, pairs)
    return tally


def _flat_pairing(gold: list[Reading], preds: list[Reading], pairs: FlatPairs):  # type: ignore[no-untyped-def]
    """The ``strict`` :class:`~benchmark.scoring.pairings.EntityPairing` of
    :func:`score_flat`, indexed as :func:`score_general` indexes it (gold and
    predictions in input order)."""
    from benchmark.scoring.pairings import EntityPairing

    index = dict(zip(gold, range(len(gold))))
    gold_of = dict(zip(pairs.typed, map(index.__getitem__, pairs.typed)))
    outcome = dict.fromkeys(pairs.typed, COR)
    for p, g in (*zip(pairs.same_preds, pairs.same_golds),
                 *zip(pairs.overlap_preds, pairs.overlap_golds)):
        gold_of[p], outcome[p] = index[g], INC
    paired = set(gold_of.values())
    alignment = Alignment(list(map(gold_of.get, preds, repeat(NONE))),
                          list(map(outcome.get, preds, repeat(NONE))),
                          list(map(paired.__contains__, range(len(gold)))))
    return EntityPairing(tuple(zip(gold)), (False,) * len(gold), tuple(preds), alignment)


_LABEL = itemgetter(2)
@_kept_for_last_document
def _plain_gold(doc: Document) -> bool:
    """No gold entity of ``doc`` has alternatives or is optional, and each starts
    and ends with a non-space character of the text. Gold the loader would
    refuse, a span at or past the end of the text, is not plain:
    :func:`score_general` scores it without indexing the text there."""
    every, text = doc.entities, doc.text
    try:
        return not (any(map(_ALTERNATIVES, every)) or any(map(_OPTIONAL, every))
                    or any(map(str.isspace, map(text.__getitem__, map(_START_OF, every))))
                    or any(map(str.isspace, map(text.__getitem__,
                                                map((-1).__add__, map(_END_OF, every))))))
    except IndexError:
        return False


_START_OF, _END_OF = attrgetter("start"), attrgetter("end")


def _renamed(counts: Counter, names: dict[str, str]) -> Counter:
    """``(key, outcome)`` counts with outcome names replaced by ``names``."""
    out: Counter = Counter()
    for (key, name), n in counts.items():
        out[(key, names.get(name, name))] += n
    return out


class _Units:
    """Sentence starts → unit ids (``offset`` + sentence index). ``one``: the
    unit id when there is a single unit (every count goes there); ``several``:
    whether positions must be looked up."""

    __slots__ = ("starts", "offset", "one", "several")

    def __init__(self, starts: Sequence[int] | None, offset: int):
        self.starts, self.offset = starts, offset
        self.one = offset if starts is not None and len(starts) <= 1 else None
        self.several = starts is not None and len(starts) > 1

    def of(self, positions: list[int | None]) -> list[int | None]:
        """The unit of each position (``None`` stays ``None``)."""
        starts, base = self.starts, self.offset
        return [None if x is None else base + max(bisect_right(starts, x) - 1, 0)
                for x in positions]


def _outcomes(a: Alignment, gold_key: list, pred_key: list, spurious: list[bool],
              missed: list[bool]) -> Counter:
    """``(key, outcome name)`` counts of one alignment: COR/INC/PAR under the
    paired gold's key, SPU under the prediction's, MIS under the gold's; gold
    whose key is ``None`` (optional) and predictions paired with it are left out."""
    out: Counter = Counter()
    for (key, code), n in Counter(zip(map(gold_key.__getitem__, a.gold_of), a.outcome)).items():
        if key is not None:
            out[(key, OUTCOMES[code])] += n
    for key, n in Counter(compress(pred_key, spurious)).items():
        out[(key, "spu")] += n
    for key, n in Counter(compress(gold_key, missed)).items():
        if key is not None:
            out[(key, "mis")] += n
    return out


class NerCounts:
    """Additive headline NER counts of one unit (sentence or document): the
    four span modes and the two token schemes, for one view."""

    __slots__ = ("modes", "token")

    def __init__(self, modes: tuple[SpanCounts, ...] | None = None,
                 token: tuple[PRCounts, ...] | None = None):
        self.modes = modes if modes is not None else tuple(SpanCounts() for _ in MODES)
        self.token = token if token is not None else tuple(PRCounts() for _ in TOKEN_SCHEMES)

    def __add__(self, other: NerCounts) -> NerCounts:
        return NerCounts(tuple(a + b for a, b in zip(self.modes, other.modes)),
                         tuple(a + b for a, b in zip(self.token, other.token)))

    def __radd__(self, other):  # type: ignore[no-untyped-def]
        return self if other == 0 else NotImplemented

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, NerCounts) and self.modes == other.modes
                and self.token == other.token)

    def vector(self) -> tuple[float, ...]:
        out: list[float] = []
        for c in (*self.modes, *self.token):
            out += c.vector()
        return tuple(out)

    @classmethod
    def from_vector(cls, v: Sequence[float]) -> NerCounts:
        n = len(MODES)
        modes = tuple(SpanCounts(*v[5 * i:5 * i + 5]) for i in range(n))
        token = tuple(PRCounts(*v[5 * n + 3 * i:5 * n + 3 * i + 3])
                      for i in range(len(TOKEN_SCHEMES)))
        return cls(modes, token)

    @classmethod
    def from_tallies(cls, modes: Counter, token: Counter, key) -> NerCounts:  # type: ignore[no-untyped-def]
        """Counts for one ``key`` (a type or a unit) out of tally counters."""
        return cls(tuple(SpanCounts(*(modes.get((m, key, o), 0)
                                      for o in ("cor", "inc", "par", "mis", "spu")))
                         for m in MODES),
                   tuple(PRCounts(*(token.get((s, key, k), 0) for k in ("tp", "pred", "gold")))
                         for s in TOKEN_SCHEMES))

    def metrics(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for mode, c in zip(MODES, self.modes):
            out[f"{mode}.precision"], out[f"{mode}.recall"], out[f"{mode}.f1"] = (
                c.precision, c.recall, c.f1)
        for scheme, c in zip(TOKEN_SCHEMES, self.token):
            out[f"token.{scheme}.f1"] = c.f1
        return out

    def to_json(self) -> dict:
        out: dict = {m: c.to_json() for m, c in zip(MODES, self.modes)}
        out["token"] = {s: c.to_json() for s, c in zip(TOKEN_SCHEMES, self.token)}
        return out
