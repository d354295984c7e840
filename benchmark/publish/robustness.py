"""Robustness tables: each extractor on the original gold and on seeded variants.

For every perturbation kind, ``n`` variants of the gold are made (variant *k*
with seed ``seed + k``, :func:`benchmark.perturb.perturb`), every extractor is
run and scored on each, and a cell reports the mean headline metric over the
variants, its drop from the original, and a 95% percentile bootstrap interval
of that drop over the variants (seeded; with one variant it is a point). The
extractor's output on one variant never affects another (fault isolation as in
:mod:`benchmark.harness.run`).
"""

from __future__ import annotations

import random
from typing import Any, Callable

from benchmark.gold.loader import GoldSet, gold_hash
from benchmark.harness import evaluate
from benchmark.perturb import KINDS, variants
from benchmark.publish.report import HEADLINE
from benchmark.render.model import (HeadlineColumn, RobustnessCell, RobustnessReport,
                                    RobustnessRow, RunFailure)
from benchmark.scoring.results import HEADLINE_PATHS, Results, headline_path
from benchmark.scoring.settings import DEFAULTS

__all__ = ["DEFAULT_KINDS", "SETTINGS", "RobustnessReport", "robustness"]

#: The default kinds, in the order of the table.
DEFAULT_KINDS: tuple[str, ...] = tuple(KINDS)

#: Robustness cells compare headline values only: no intervals per run.
SETTINGS = DEFAULTS.but(bootstrap=0)


def _headlines(results: Results) -> dict[str, float]:
    """The headline value of each scored task: for NER of an extractor that declares
    CoNLL labels (``label_set: coarse``), the coarse view, as ``score`` shows it."""
    paths = {task: headline_path(task, results.extractor) for task, _, _ in HEADLINE}
    values = {task: results.value(path) for task, path in paths.items()}
    return {task: value for task, value in values.items() if value is not None}


def _interval(drops: list[float], seed: int, samples: int = DEFAULTS.bootstrap
              ) -> tuple[float, float]:
    rng = random.Random(seed)
    means = sorted(sum(rng.choice(drops) for _ in drops) / len(drops) for _ in range(samples))
    return means[int(0.025 * (samples - 1))], means[int(0.975 * (samples - 1))]


def _cell(values: list[float], original: float, failed: int, seed: int) -> RobustnessCell:
    ci = _interval([v - original for v in values], seed) if values else None
    return RobustnessCell(tuple(values), original, failed, ci)


def robustness(gold: GoldSet, extractors: list[tuple[str, Any]], *,
               kinds: tuple[str, ...] = DEFAULT_KINDS, n: int = 3, seed: int = DEFAULTS.seed,
               progress: Callable[[str], None] | None = None,
               advance: Callable[[], None] | None = None,
               whole: GoldSet | None = None) -> RobustnessReport:
    """The robustness table (see the module docstring), a typed
    :class:`~benchmark.render.model.RobustnessReport`: rows per system × task in
    the order of ``extractors``, a cell per kind, the failed runs and the
    perturbation signatures. ``progress`` hears what runs next, ``advance`` is
    called after every run (``len(extractors) * (1 + len(kinds) * n)`` of them,
    fewer when one fails). ``whole``: the loaded gold, every split: a ``file:``
    extractor's lines for its documents outside ``gold`` are checked and ignored,
    as ``khabar score`` does (on the variants, the lines of every gold document:
    none is a variant)."""
    from runners.files import ignore_outside

    whole = whole if whole is not None else gold
    variant_sets: dict[str, GoldSet] = {}
    signatures: dict[str, str] = {}
    for kind in kinds:
        docs, meta = variants(gold.documents, [kind], seed, n)
        variant_sets[kind] = GoldSet(tuple(docs), gold.gold_version, gold_hash(docs), ())
        signatures[kind] = next(iter(meta.values()))["perturbation"].split("|")[0]
    rows: list[RobustnessRow] = []
    failures: list[RunFailure] = []
    for spec, extractor in extractors:
        if progress:
            progress(f"{spec}: original")
        extractor = ignore_outside(extractor, gold, whole)
        original = evaluate(extractor, gold, SETTINGS, spec=spec)
        if advance:
            advance()
        if not original.ok:
            failures.append(RunFailure(spec, "original", original.run.reason))
            continue
        assert original.results is not None
        base = _headlines(original.results)
        described = original.run.info.to_json()
        paths = {task: headline_path(task, described) for task in base}
        cells: dict[str, list[tuple[str, RobustnessCell]]] = {task: [] for task in base}
        extractor = ignore_outside(extractor, (), whole)
        for kind in kinds:
            if progress:
                progress(f"{spec}: {kind} ×{n}")
            vgold = variant_sets[kind]
            per_variant: dict[str, list[float]] = {task: [] for task in base}
            failed = 0
            for k in range(n):
                subset = GoldSet(tuple(d for d in vgold.documents if d.doc_id.endswith(f".v{k}")),
                                 vgold.gold_version, vgold.sha256, ())
                got = evaluate(extractor, subset, SETTINGS, spec=spec)
                if advance:
                    advance()
                if not got.ok:
                    failed += 1
                    failures.append(RunFailure(spec, kind, got.run.reason))
                    continue
                assert got.results is not None
                values = _headlines(got.results)
                for task in base:
                    if task in values:
                        per_variant[task].append(values[task])
            for task, value in base.items():
                cells[task].append((kind, _cell(per_variant[task], value, failed, seed)))
        rows += [RobustnessRow(spec, task, value, tuple(cells[task]),
                               paths[task] if paths[task] != HEADLINE_PATHS[task] else None)
                 for task, value in base.items()]
    return RobustnessReport(
        gold=gold.label, seed=seed, n=n, kinds=tuple(kinds),
        perturbations=tuple(signatures.items()),
        headline=tuple(HeadlineColumn(task, label, path) for task, label, path in HEADLINE),
        rows=tuple(rows), failures=tuple(failures))
