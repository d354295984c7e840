"""The scoring engine: settings, alignment, additive counts, pairings, results, resampling.

The entry point is :func:`benchmark.scoring.engine.score` (also ``from benchmark
import score``); the results it returns are described in
:mod:`benchmark.scoring.results`, the settings in
:mod:`benchmark.scoring.settings`. This package module imports nothing, so that
reading the defaults (``benchmark.scoring.settings``) does not load the scorer.
"""
