"""Additive counts; every score is derived from summed counts.

Counts add with ``+`` (per sentence → per document → corpus; per type → all
types), so corpus totals, per-type rows and bootstrap resamples all reuse them
(Koehn 2004; sacrebleu keeps per-segment statistics the same way).

Zero denominators: a precision, recall, F1 or accuracy whose denominator is 0
is reported as ``0.0`` (the convention of nervaluate and of seqeval's default
``zero_division``), never ``None`` or NaN, so results stay plain numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from operator import add as _add, attrgetter
from typing import Any

_SCALARS = (int, float)


def ratio(num: float, den: float) -> float:
    """``num / den``, or ``0.0`` when ``den`` is 0 (the documented convention).

    Also element-wise on numpy arrays (the bootstrap computes every resample at
    once): the same IEEE operations, so the same values as one at a time."""
    if den.__class__ not in _SCALARS and getattr(den, "ndim", 0):
        import numpy as np

        out = np.zeros(np.shape(den))
        np.divide(num, den, out=out, where=den != 0)
        return out  # type: ignore[return-value]
    return float(num) / den if den else 0.0


def f1(p: float, r: float) -> float:
    """Harmonic mean of ``p`` and ``r``; ``0.0`` when both are 0 (element-wise on
    numpy arrays too)."""
    if p.__class__ not in _SCALARS and getattr(p, "ndim", 0):
        import numpy as np

        total = p + r
        out = np.zeros(np.shape(total))
        np.divide(2 * p * r, total, out=out, where=total != 0)
        return out  # type: ignore[return-value]
    return 2 * p * r / (p + r) if p + r else 0.0


_GETTERS: dict[type, Any] = {}


def _values(obj: Any) -> tuple[Any, ...]:
    """The field values of a flat counts dataclass, in field order (what
    ``dataclasses.astuple`` gives for numbers, without its recursive copy)."""
    get = _GETTERS.get(type(obj))
    if get is None:
        names = [f.name for f in fields(obj)]
        get = attrgetter(*names) if len(names) > 1 else (lambda o, n=names[0]: (getattr(o, n),))
        _GETTERS[type(obj)] = get
    return get(obj)


class _Additive:
    """Field-wise ``+`` and conversion to/from a flat tuple of numbers."""

    def __add__(self, other):  # type: ignore[no-untyped-def]
        if type(other) is not type(self):
            return NotImplemented
        return type(self)(*map(_add, _values(self), _values(other)))

    def __radd__(self, other):  # type: ignore[no-untyped-def]
        if other == 0:  # so that sum() works
            return self
        return NotImplemented

    def vector(self) -> tuple[float, ...]:
        return _values(self)

    @classmethod
    def from_vector(cls, values):  # type: ignore[no-untyped-def]
        return cls(*values)

    def counts(self) -> dict[str, int | float]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True, slots=True)
class SpanCounts(_Additive):
    """SemEval-2013 Task 9.1 counts, as in nervaluate 1.2.x.

    Every gold mention is COR, INC, PAR or MIS; every prediction COR, INC, PAR
    or SPU. ``possible = COR+INC+PAR+MIS`` (gold), ``actual = COR+INC+PAR+SPU``
    (predicted). strict/exact: P = COR/ACT, R = COR/POS; partial/type:
    P = (COR + ½·PAR)/ACT, R = (COR + ½·PAR)/POS.
    """

    cor: int = 0
    inc: int = 0
    par: int = 0
    mis: int = 0
    spu: int = 0

    @property
    def possible(self) -> int:
        return self.cor + self.inc + self.par + self.mis

    @property
    def actual(self) -> int:
        return self.cor + self.inc + self.par + self.spu

    @property
    def credit(self) -> float:
        return self.cor + 0.5 * self.par

    @property
    def precision(self) -> float:
        return ratio(self.credit, self.actual)

    @property
    def recall(self) -> float:
        return ratio(self.credit, self.possible)

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    def to_json(self) -> dict[str, int | float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                **self.counts()}


@dataclass(frozen=True, slots=True)
class PRCounts(_Additive):
    """``tp`` matched items, ``pred`` predicted items, ``gold`` gold items.

    P = tp/pred, R = tp/gold, F1 harmonic (seqeval, TempEval-3).
    """

    tp: int = 0
    pred: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return ratio(self.tp, self.pred)

    @property
    def recall(self) -> float:
        return ratio(self.tp, self.gold)

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    def to_json(self) -> dict[str, int | float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "tp": self.tp, "pred": self.pred, "gold": self.gold}


@dataclass(frozen=True, slots=True)
class OverlapCounts(_Additive):
    """Proportional overlap (QSample / Pareti-style), summed over aligned pairs.

    ``p_sum`` = Σ overlap/|pred|, ``r_sum`` = Σ overlap/|gold| over one-to-one
    aligned pairs; P = p_sum/pred, R = r_sum/gold.
    """

    p_sum: float = 0.0
    r_sum: float = 0.0
    pred: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return ratio(self.p_sum, self.pred)

    @property
    def recall(self) -> float:
        return ratio(self.r_sum, self.gold)

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    def to_json(self) -> dict[str, int | float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "pred": self.pred, "gold": self.gold}


def prf(precision: float, recall: float, f: float) -> dict[str, float]:
    return {"precision": float(precision), "recall": float(recall), "f1": float(f)}
