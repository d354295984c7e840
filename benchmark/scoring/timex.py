"""TIMEX3 scoring after TempEval-3 (UzZaman et al. 2013; ``evaluate_entities.py``).

* strict match: identical extent; relaxed match: overlapping extent. Both under
  one one-to-one alignment (identical extents paired first, then the earliest
  overlapping gold; :class:`~benchmark.scoring.match.ExactMatch`).
  P = matches / #predicted, R = matches / #gold, F1 harmonic.
* ``type_accuracy`` and ``value_accuracy``: share of relaxed matches whose type,
  resp. value, equals the gold's. Values are compared as TE3 compares them, by
  exact string equality of the submitted and the gold value (``value_match=
  "exact"``, the default); ``value_match="canonical"`` compares them after
  :func:`benchmark.core.timex_values.canonical_value` (upper-case, no spaces, no
  trailing ``Z``) and is named in the signature (``timex:te3,values=canonical``).
  The gold is validated, so its values are canonical already.
* TE3's attribute F1s: ``value_f1`` = value accuracy × relaxed F1 (TE3's ranking
  score) and ``type_f1`` = type accuracy × relaxed F1.
* Gold ``alternatives`` are further readings: an extent matches if it equals
  (strict) or overlaps (relaxed) any reading's extent; the type and the value are
  right if they equal any reading's type, resp. value.
* Optional gold: a prediction paired with it is dropped; unpaired, it is no miss.
* ``anchor`` is not scored. TE3 skips its DCT (``t0``), which is metadata there;
  khabar's gold marks the dateline date as an ordinary timex (``t1``) because it
  is text an extractor has to find, so it is scored like any other.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from benchmark.core.documents import Document, Timex
from benchmark.scoring.counts import PRCounts, _Additive, prf, ratio
from benchmark.scoring.match import COR, NONE, ExactMatch, align
from benchmark.core.timex_values import canonical_value

_RULE = ExactMatch()
#: How predicted values are compared with gold values.
VALUE_MATCHES: tuple[str, ...] = ("exact", "canonical")


@dataclass(frozen=True, slots=True)
class TimexCounts(_Additive):
    """Additive TE3 counts: gold and predicted timexes, strict and relaxed
    matches, and relaxed matches with the right type / value."""

    gold: int = 0
    pred: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0

    @property
    def strict_prf(self) -> PRCounts:
        return PRCounts(self.strict, self.pred, self.gold)

    @property
    def relaxed_prf(self) -> PRCounts:
        return PRCounts(self.relaxed, self.pred, self.gold)

    @property
    def type_accuracy(self) -> float:
        return ratio(self.type_ok, self.relaxed)

    @property
    def value_accuracy(self) -> float:
        return ratio(self.value_ok, self.relaxed)

    @property
    def value_f1(self) -> float:
        return self.value_accuracy * self.relaxed_prf.f1

    @property
    def type_f1(self) -> float:
        return self.type_accuracy * self.relaxed_prf.f1

    def metrics(self) -> dict[str, float]:
        """Flat ``name → value`` (the figures the bootstrap resamples)."""
        s, r = self.strict_prf, self.relaxed_prf
        return {"strict.precision": s.precision, "strict.recall": s.recall, "strict.f1": s.f1,
                "relaxed.precision": r.precision, "relaxed.recall": r.recall,
                "relaxed.f1": r.f1, "type_accuracy": self.type_accuracy,
                "value_accuracy": self.value_accuracy, "value_f1": self.value_f1,
                "type_f1": self.type_f1}

    def to_json(self) -> dict:
        s, r = self.strict_prf, self.relaxed_prf
        return {"strict": prf(s.precision, s.recall, s.f1),
                "relaxed": prf(r.precision, r.recall, r.f1),
                "type_accuracy": self.type_accuracy, "value_accuracy": self.value_accuracy,
                "value_f1": self.value_f1, "type_f1": self.type_f1, "counts": self.counts()}


def score_document(doc: Document, timexes: Sequence[Timex], *,
                   unit_starts: Sequence[int] | None = None, unit_offset: int = 0,
                   value_match: str = "exact", keep: dict[str, object] | None = None
                   ) -> dict[int, TimexCounts]:
    """TE3 counts of one document, keyed by unit id (all under ``unit_offset``
    when ``unit_starts`` is ``None``). ``value_match``: ``exact`` (TE3) or
    ``canonical`` (both values through :func:`canonical_value` first).
    ``keep``, when given, receives the relaxed alignment under ``"relaxed"``."""
    if value_match not in VALUE_MATCHES:
        raise ValueError(f"unknown value_match {value_match!r}; expected one of "
                         f"{', '.join(VALUE_MATCHES)}")
    norm = canonical_value if value_match == "canonical" else (lambda v: v)
    extents, optional, types, values = [], [], [], []
    for t in doc.timexes:
        readings = [(t.start, t.end, "")]
        kinds, vals = {t.type}, {norm(t.value)}
        for alt in t.alternatives:
            reading = (alt.start if alt.start is not None else t.start,
                       alt.end if alt.end is not None else t.end, "")
            if reading not in readings:
                readings.append(reading)
            if alt.type is not None:
                kinds.add(alt.type)
            if alt.value is not None:
                vals.add(norm(alt.value))
        extents.append(tuple(readings))
        optional.append(t.optional)
        types.append(kinds)
        values.append(vals)
    preds = [(t.start, t.end, "") for t in timexes]
    a = align(extents, optional, preds, _RULE)
    if keep is not None:
        keep["relaxed"] = a

    def unit(offset: int) -> int:
        if unit_starts is None:
            return unit_offset
        return unit_offset + max(bisect_right(unit_starts, offset) - 1, 0)

    rows: dict[int, list[int]] = {}

    def add(u: int, **fields: int) -> None:
        row = rows.setdefault(u, [0] * 6)
        for i, name in enumerate(("gold", "pred", "strict", "relaxed", "type_ok", "value_ok")):
            row[i] += fields.get(name, 0)

    for p, g in enumerate(a.gold_of):
        t = timexes[p]
        if g == NONE:
            add(unit(t.start), pred=1)
        elif not optional[g]:
            add(unit(extents[g][0][0]), gold=1, pred=1, relaxed=1,
                strict=int(a.outcome[p] == COR), type_ok=int(t.type in types[g]),
                value_ok=int(norm(t.value) in values[g]))
    for g, done in enumerate(a.matched):
        if not done and not optional[g]:
            add(unit(extents[g][0][0]), gold=1)
    return {u: TimexCounts(*row) for u, row in rows.items()}
