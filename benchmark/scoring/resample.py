"""Bootstrap confidence intervals and paired significance tests over units.

Counts are kept per resampling unit (a gold sentence); a resample draws units
with replacement and recomputes every score from the summed counts — never an
average of per-unit scores (Koehn 2004; sacrebleu ``significance.py``).

* :func:`bootstrap_ci`: percentile interval of each metric over ``samples``
  resamples, ``numpy.random.default_rng(seed)``.
* :func:`paired_bootstrap`: both systems share the resampled indices;
  sacrebleu's p-value: with ``d_b = |A_b − B_b|``, ``c = #{d_b − mean(d) > |Δ|}``,
  ``p = (c + 1)/(B + 1)``.
* :func:`paired_randomization`: per unit, swap the two systems' counts; with
  ``n ≤ 20`` units all ``2^n`` swaps are enumerated (exact test,
  ``p = #{|Δ_s| ≥ |Δ|}/2^n``), otherwise ``trials`` random swaps with
  probability ½ and ``p = (#{|Δ_s| ≥ |Δ|} + 1)/(R + 1)``. Both branches count
  a swap *as extreme as* the observed one (ties included, up to
  :data:`TIE_TOLERANCE`), so they agree: two identical systems get p = 1 in
  both. (sacrebleu's ``_compute_p_value`` counts strictly greater, after
  multeval; see :func:`paired_randomization`.)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from benchmark.scoring.results import Bootstrap, Results
from benchmark.scoring.settings import DEFAULTS

EXACT_MAX_UNITS = 20
#: BLAS threads numpy starts with when khabar imports it first (the products here
#: are at most a few hundred million multiply-adds, in chunks; OpenBLAS starting a
#: thread per core costs more than it saves: about half of numpy's import time)
NUMPY_BLAS_THREADS = "1"
_BLAS_VARIABLES = ("OPENBLAS_NUM_THREADS",)
#: A resampled difference within this of the observed one counts as a tie
#: (float noise of recomputing F1 from summed counts).
TIE_TOLERANCE = 1e-12


def _numpy():  # type: ignore[no-untyped-def]
    """``numpy``. Imported here first, it starts OpenBLAS with
    :data:`NUMPY_BLAS_THREADS` threads unless ``OPENBLAS_NUM_THREADS`` is set;
    the environment is restored at once, so extractor processes started later
    keep the user's setting."""
    import sys

    if "numpy" in sys.modules:
        return sys.modules["numpy"]
    import os

    unset = [name for name in _BLAS_VARIABLES if name not in os.environ]
    for name in unset:
        os.environ[name] = NUMPY_BLAS_THREADS
    try:
        import numpy
    finally:
        for name in unset:
            os.environ.pop(name, None)
    return numpy


def _matrix(counts: Sequence[Any]):  # type: ignore[no-untyped-def]
    np = _numpy()

    return np.array([c.vector() for c in counts], dtype=np.float64)


def _resampled_sums(matrix, samples: int, rng, chunk_cells: int = 4_000_000):  # type: ignore[no-untyped-def]
    """``samples`` × K sums of ``matrix`` rows drawn with replacement.

    Per-unit counts are additive, so a resample is a row of draw counts (how often
    each unit was drawn) times the units × counts matrix: one matrix product per
    chunk of resamples. The draws are ``rng.integers(0, n, (chunk, n))``, chunk
    by chunk; the counts come from one ``bincount`` over offset indices."""
    np = _numpy()

    n_units, width = matrix.shape
    out = np.empty((samples, width))
    step = max(1, chunk_cells // max(1, n_units))
    for lo in range(0, samples, step):
        hi = min(samples, lo + step)
        idx = rng.integers(0, n_units, size=(hi - lo, n_units))
        idx += (np.arange(hi - lo) * n_units)[:, None]
        weights = np.bincount(idx.ravel(), minlength=(hi - lo) * n_units)
        out[lo:hi] = weights.reshape(hi - lo, n_units).astype(np.float64) @ matrix
    return out


def _metrics_of_rows(sums, from_vector: Callable[[Sequence[float]], Any]):  # type: ignore[no-untyped-def]
    """``metrics()`` of every row of ``sums``: name → one value per row.

    Computed on whole columns at once (the counts classes take numpy arrays for
    their fields; ``ratio`` and ``f1`` work element-wise with the same IEEE
    operations); checked against the row-by-row computation on the first and
    last rows, which is used instead should they ever differ."""
    np = _numpy()

    def by_row() -> dict[str, list[float]]:
        out: dict[str, list[float]] = {}
        for row in sums:
            for name, v in from_vector(row).metrics().items():
                out.setdefault(name, []).append(v)
        return out

    if len(sums) == 0:
        return by_row()
    try:
        columns = {name: np.broadcast_to(np.asarray(v, dtype=np.float64), (len(sums),))
                   for name, v in from_vector(sums.T).metrics().items()}
    except (TypeError, ValueError):
        return by_row()
    for i in {0, len(sums) - 1}:
        expected = from_vector(sums[i]).metrics()
        if expected.keys() != columns.keys() or any(
                float(expected[k]) != float(columns[k][i]) for k in expected):
            return by_row()
    return columns


def bootstrap_ci(counts: Sequence[Any], from_vector: Callable[[Sequence[float]], Any], *,
                 samples: int = DEFAULTS.bootstrap, seed: int = DEFAULTS.seed,
                 level: float = DEFAULTS.level, rng=None
                 ) -> dict[str, tuple[float, float]]:
    """Percentile intervals of every ``metrics()`` entry of the summed counts."""
    np = _numpy()

    rng = rng if rng is not None else np.random.default_rng(seed)
    sums = _resampled_sums(_matrix(counts), samples, rng)
    values = _metrics_of_rows(sums, from_vector)
    tail = (1 - level) / 2 * 100
    return {name: percentile_pair(v, tail, 100 - tail) for name, v in values.items()}


def percentile_pair(values, low: float, high: float) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """``(np.percentile(values, low), np.percentile(values, high))``, the same
    floats, by numpy's own rule for its default ``linear`` method (numpy 2.x
    ``_quantile``, ``_get_indexes``, ``_lerp``) on one sorted copy: with ``n``
    values and ``h = (n - 1) * (q / 100)``, ``i = floor(h)`` and ``g = h - i``,
    the value is ``a + (b - a) * g`` below ``g = 0.5`` and ``b - (b - a) * (1 - g)``
    from it on, for ``a, b`` = the values at ``i`` and ``i + 1``; at or past
    ``h = n - 1`` it is the largest value.

    That rule is exact for finite values without a sign bit, which is what the
    bootstrap's metrics are (ratios of counts, in [0, 1]). Any other array goes
    to ``np.percentile`` itself: at the top numpy still interpolates the largest
    value with itself (an infinite one gives NaN there), and it partitions
    where this sorts, which may leave ``0.0`` where a sort leaves ``-0.0``.
    Computed here because ``np.percentile`` imports ``numpy.ma``: 7 ms, more
    than the rest of the bootstrap."""
    np = _numpy()

    ordered = np.sort(np.asarray(values, dtype=np.float64).ravel())
    n = len(ordered)
    if (n == 0 or not (0 <= low <= 100 and 0 <= high <= 100)
            or not np.isfinite(ordered).all() or np.signbit(ordered).any()):
        return float(np.percentile(values, low)), float(np.percentile(values, high))

    def at(q: float) -> float:
        h = (n - 1) * (q / 100)
        if h >= n - 1:
            return float(ordered[-1])
        i = math.floor(h)
        g = h - i
        a, b = float(ordered[i]), float(ordered[i + 1])
        diff = b - a
        return b - diff * (1 - g) if g >= 0.5 else a + diff * g

    return at(low), at(high)


def bootstrap_results(results: Results, *, samples: int, seed: int, level: float = 0.95
                      ) -> Results:
    """``results`` with bootstrap intervals for every scored task's headline metrics;
    one generator seeded with ``seed`` serves the tasks in a fixed order."""
    np = _numpy()

    rng = np.random.default_rng(seed)
    intervals: dict[str, tuple[float, float]] = {}
    # ner.coarse (a coarse extractor's headline) comes last: the other intervals
    # stay what they are without it
    extra = ("ner.coarse",) if "ner.coarse" in results.unit_counts else ()
    for task in (*results.tasks, *extra):
        counts = results.unit_counts[task]
        cls = type(results.headline(task))
        for name, ci in bootstrap_ci(counts, cls.from_vector, samples=samples, level=level,
                                     rng=rng).items():
            intervals[f"{task}.{name}"] = ci
    return replace(results, bootstrap=Bootstrap(samples, seed, level, len(results.units),
                                                intervals, results.unit_kind))


@dataclass(frozen=True, slots=True)
class PairedTest:
    """Outcome of a paired test of system A against system B on one metric."""

    metric: str
    method: str
    a: float
    b: float
    delta: float
    p_value: float
    units: int
    trials: int


def _split_metric(metric: str) -> tuple[str, str]:
    """``ner.strict.f1`` → (``ner``, ``strict.f1``); ``ner.coarse.strict.f1`` →
    (``ner.coarse``, ``strict.f1``) when the coarse view was resampled."""
    if metric.startswith("ner.coarse."):
        return "ner.coarse", metric.removeprefix("ner.coarse.")
    task, name = metric.split(".", 1)
    return task, name


def _metric(counts: Any, metric: str) -> float:
    return float(counts.metrics()[metric])


def _paired_matrices(a: Results, b: Results, task: str):  # type: ignore[no-untyped-def]
    if a.gold_sha256 != b.gold_sha256 or a.units != b.units:
        raise ValueError("paired tests need results on the same gold and units")
    sa, sb = a.signature, b.signature
    if (sa.clitic, sa.norm) != (sb.clitic, sb.norm):
        raise ValueError(f"signatures differ in matching options: {sa} vs {sb}")
    if task not in a.unit_counts or task not in b.unit_counts:
        raise ValueError(f"no per-unit counts for {task!r}; score with keep_units=True")
    return _matrix(a.unit_counts[task]), _matrix(b.unit_counts[task])


def paired_bootstrap(a: Results, b: Results, metric: str, *, samples: int = DEFAULTS.bootstrap,
                     seed: int = DEFAULTS.seed) -> PairedTest:
    """Paired bootstrap (Koehn 2004) with sacrebleu's p-value formula.
    ``metric`` is ``task.name``, e.g. ``ner.strict.f1``."""
    np = _numpy()

    task, name = _split_metric(metric)
    ma, mb = _paired_matrices(a, b, task)
    cls = type(a.headline(task))
    score_a = _metric(cls.from_vector(ma.sum(0)), name)
    score_b = _metric(cls.from_vector(mb.sum(0)), name)
    rng = np.random.default_rng(seed)
    both = np.concatenate([ma, mb], axis=1)
    sums = _resampled_sums(both, samples, rng)
    k = ma.shape[1]
    diffs = np.abs(np.asarray(_metrics_of_rows(sums[:, :k], cls.from_vector)[name])
                   - np.asarray(_metrics_of_rows(sums[:, k:], cls.from_vector)[name]))
    stats = diffs - diffs.mean()
    c = int(np.sum(stats > abs(score_a - score_b)))
    return PairedTest(metric, "paired_bootstrap", score_a, score_b, score_a - score_b,
                      (c + 1) / (samples + 1), ma.shape[0], samples)


def paired_randomization(a: Results, b: Results, metric: str, *, trials: int = 10000,
                         seed: int = DEFAULTS.seed, exact: bool | None = None) -> PairedTest:
    """Paired randomisation test: exact (all ``2^n`` swaps) for ``n ≤ 20`` units,
    else approximate with ``trials`` random swaps (probability ½ per unit, seeded
    ``numpy.random.default_rng(seed)``, as sacrebleu's ``_paired_ar_test``).

    The rule, the same in both branches: with ``Δ = metric(A) − metric(B)`` and
    ``Δ_s`` the difference after swap ``s``, ``c = #{|Δ_s| ≥ |Δ| − 1e-12}``
    (ties count); exact ``p = c / 2^n`` (the identity swap is among the
    ``2^n``: Noreen 1989), approximate ``p = (c + 1)/(R + 1)`` (sacrebleu's
    ``(c + 1)/(len(stats) + 1)``, the Monte Carlo estimate that counts the
    observed assignment; Noreen 1989, Phipson & Smyth 2010).

    Source and deviation: sacrebleu ``significance.py`` (``_compute_p_value``)
    counts ``stats > real_difference`` strictly, after multeval's
    ``StratifiedApproximateRandomizationTest.java``. Counted strictly, a swap
    that leaves the difference unchanged (units where both systems have equal
    counts: common with F1 over discrete counts) is never as extreme as the
    observation, and two identical systems get ``p = 1/(R + 1)`` (reported as
    p = 0.000) where the exact enumeration gives 1. khabar counts ties, so the
    exact and approximate branches agree and identical systems get p = 1."""
    np = _numpy()

    task, name = _split_metric(metric)
    ma, mb = _paired_matrices(a, b, task)
    cls = type(a.headline(task))
    n = ma.shape[0]
    score_a = _metric(cls.from_vector(ma.sum(0)), name)
    score_b = _metric(cls.from_vector(mb.sum(0)), name)
    real = abs(score_a - score_b)
    use_exact = n <= EXACT_MAX_UNITS if exact is None else exact
    if use_exact:
        masks = ((np.arange(2 ** n)[:, None] >> np.arange(n)) & 1).astype(bool)
    else:
        masks = np.random.default_rng(seed).integers(2, size=(trials, n)).astype(bool)
    fa = masks.astype(np.float64)
    sa = fa @ mb + (1 - fa) @ ma
    sb = fa @ ma + (1 - fa) @ mb
    diffs = np.abs(np.asarray(_metrics_of_rows(sa, cls.from_vector)[name])
                   - np.asarray(_metrics_of_rows(sb, cls.from_vector)[name]))
    c = int(np.sum(diffs >= real - TIE_TOLERANCE))
    if use_exact:
        return PairedTest(metric, "exact_randomization", score_a, score_b, score_a - score_b,
                          c / len(diffs), n, len(diffs))
    return PairedTest(metric, "approximate_randomization", score_a, score_b,
                      score_a - score_b, (c + 1) / (trials + 1), n, trials)
