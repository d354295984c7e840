"""The scoring engine: alignment, additive counts, resampling.

``from benchmark.scoring import score`` is the entry point (see
:mod:`benchmark.scoring.engine`); it is resolved lazily so that the submodules
can be imported on their own without a cycle through :mod:`benchmark.results`.
"""

from __future__ import annotations

from typing import Any

__all__ = ["score"]


def __getattr__(name: str) -> Any:
    if name == "score":
        from benchmark.scoring.engine import score

        return score
    raise AttributeError(name)
