"""khabar-bench: an evaluation benchmark for Arabic news information extraction.

The library returns data and never prints; :mod:`benchmark.cli` is the only
module that writes to the terminal.
"""

from __future__ import annotations

__version__ = "0.2.0"

from benchmark.documents import (  # noqa: E402  (version first, for cycles)
    Alternative,
    Attribution,
    Document,
    Entity,
    Span,
    Timex,
)
from benchmark.gold import GoldSet, load_gold  # noqa: E402

__all__ = [
    "Alternative",
    "Attribution",
    "Document",
    "Entity",
    "GoldSet",
    "Span",
    "Timex",
    "__version__",
    "load_gold",
]
