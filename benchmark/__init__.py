"""khabar-bench: an evaluation benchmark for Arabic news information extraction.

The library returns data and never prints; :mod:`benchmark.cli` is the only
module that writes to the terminal.
"""

from __future__ import annotations

__version__ = "0.2.0"

#: Where each public name lives; imported on first use (PEP 562), so that
#: ``import benchmark`` (``khabar --help``) does not load the gold machinery.
_LAZY = {"Alternative": "benchmark.core.documents", "Attribution": "benchmark.core.documents",
         "Document": "benchmark.core.documents", "Entity": "benchmark.core.documents",
         "Span": "benchmark.core.documents", "Timex": "benchmark.core.documents",
         "GoldSet": "benchmark.gold.loader", "load_gold": "benchmark.gold.loader",
         "Evaluation": "benchmark.harness", "evaluate": "benchmark.harness",
         "Prediction": "benchmark.predict.predictions", "Results": "benchmark.scoring.results",
         "DEFAULTS": "benchmark.scoring.settings", "ScoreSettings": "benchmark.scoring.settings",
         "score": "benchmark.scoring.engine"}


def __getattr__(name: str):  # type: ignore[no-untyped-def]
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'benchmark' has no attribute {name!r}")

__all__ = [
    "DEFAULTS",
    "Alternative",
    "Attribution",
    "Document",
    "Entity",
    "Evaluation",
    "GoldSet",
    "Prediction",
    "Results",
    "ScoreSettings",
    "Span",
    "Timex",
    "__version__",
    "evaluate",
    "load_gold",
    "score",
]
