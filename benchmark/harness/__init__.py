"""The harness: the one place that chains spec → extractor → run → align/validate → score.

:func:`evaluate` takes an extractor spec (``rules``, ``py:…``, ``openai:M`` …)
or a built extractor, runs it on the gold with fault isolation
(:func:`benchmark.harness.run.run_extractor`: string spans aligned with
``settings.norm``, records validated), scores the predictions
(:func:`benchmark.scoring.engine.score`) and returns an :class:`Evaluation`:
the run, the :class:`~benchmark.scoring.results.Results`, and per document the
pairings the scorer counted (:mod:`benchmark.scoring.pairings`), from which the
reports read their per-mention outcomes. :func:`rescore` scores an existing
run on a subset of its documents (a split) without running anything again.

Commands (``benchmark.cli``), the leaderboard, robustness and the CI gate call
these functions; none of them chains the steps by hand. Nothing is printed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from benchmark.gold.loader import GoldSet
from benchmark.scoring.results import Results
from benchmark.harness.run import RunOutcome, run_extractor
from benchmark.scoring.pairings import DocumentPairing
from benchmark.scoring.settings import DEFAULTS, ScoreSettings

__all__ = ["Evaluation", "build", "evaluate", "rescore", "score_run"]


@dataclass
class Evaluation:
    """One extractor evaluated on one gold set.

    ``run``: what running it produced (predictions, samples, status, seconds);
    ``results``: its scores (``None`` when the run failed and nothing was
    scored, or when scoring was not asked for); ``pairings``: per document the
    scorer's one-to-one pairings behind ``results``."""

    spec: str
    run: RunOutcome
    results: Results | None = None
    pairings: dict[str, DocumentPairing] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.run.ok


def build(spec: str, gold: GoldSet, options: Mapping[str, Any] | None = None) -> Any:
    """The extractor for ``spec`` (:func:`runners.registry.make_extractor`), built
    with ``options`` (only those its adapter declares; see
    :mod:`runners.options`). ``ValueError`` for a bad spec or option."""
    from runners.registry import make_extractor

    return make_extractor(spec, gold=gold, **dict(options or {}))


def score_run(run: RunOutcome, gold: GoldSet, settings: ScoreSettings = DEFAULTS) -> Evaluation:
    """Score a run's predictions on ``gold`` under ``settings``, keeping the
    per-unit counts (paired tests) and the pairings (outcomes)."""
    from benchmark.scoring.engine import score

    pairings: dict[str, DocumentPairing] = {}
    description = {**run.info.to_json(), "spec": run.spec}
    results = score(gold, run.predictions, settings, keep_units=True, extractor=description,
                    pairings=pairings)
    return Evaluation(run.spec, run, results, pairings)


def evaluate(spec_or_extractor: str | Any, gold: GoldSet,
             settings: ScoreSettings = DEFAULTS, options: Mapping[str, Any] | None = None, *,
             spec: str | None = None, strict: bool = False,
             progress: Callable[[int, int], None] | None = None,
             score: bool = True) -> Evaluation:
    """Run and score one extractor on ``gold``.

    ``spec_or_extractor``: a spec (built here with ``options``) or an extractor
    object (``spec`` then names it; default its class name). ``strict``: an
    invalid predicted item fails the run instead of being dropped and counted.
    ``progress`` hears ``(done, total)`` from a runner that reports progress.
    A failed run is scored on what it handed back (partial predictions), if
    anything; ``score=False`` only runs. Never raises for a misbehaving
    extractor; a bad spec or option raises ``ValueError`` before anything runs.
    """
    if isinstance(spec_or_extractor, str):
        name = spec or spec_or_extractor
        extractor = build(spec_or_extractor, gold, options)
    else:
        name = spec or type(spec_or_extractor).__name__
        extractor = spec_or_extractor
    run = run_extractor(name, extractor, gold, norm=settings.norm, progress=progress,
                        strict=strict)
    if not score or (not run.ok and not run.predictions):
        return Evaluation(name, run)
    return score_run(run, gold, settings)


def rescore(evaluation: Evaluation, gold: GoldSet, settings: ScoreSettings = DEFAULTS
            ) -> Evaluation:
    """``evaluation``'s run scored on ``gold``, a subset of the documents it ran
    on (a split): its predictions and samples of those documents only. A failed
    run is scored on what it handed back, if anything (as :func:`evaluate`)."""
    ids = {d.doc_id for d in gold}
    run = replace(evaluation.run,
                  predictions={k: v for k, v in evaluation.run.predictions.items() if k in ids},
                  samples={k: v for k, v in evaluation.run.samples.items() if k in ids})
    if not run.ok and not run.predictions:
        return Evaluation(run.spec, run)
    return score_run(run, gold, settings)
