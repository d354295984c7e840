"""The scoring engine: settings, alignment, additive counts, pairings, results, resampling.

``from benchmark.scoring import score`` is the entry point
(:func:`benchmark.scoring.engine.score`); the results it returns are described
in :mod:`benchmark.scoring.results`.
"""

from __future__ import annotations

from benchmark.scoring.engine import score
from benchmark.scoring.results import Results
from benchmark.scoring.settings import DEFAULTS, ScoreSettings

__all__ = ["DEFAULTS", "Results", "ScoreSettings", "score"]
