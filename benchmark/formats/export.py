"""Writers that turn a :class:`~benchmark.gold.GoldSet` into other formats.

Each writer returns the paths it would write (``plan``) and writes them
(``write``); :func:`export_gold` refuses to replace existing files unless
``force`` is given. Heavy dependencies (``datasets``) load only for ``hf`` and
``parquet``.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from benchmark.core.files import refuse_existing
from benchmark.gold.loader import GoldSet

#: format name → module in :mod:`benchmark.formats`.
FORMATS: dict[str, str] = {
    "hf": "hf", "parquet": "hf", "jsonl": "jsonl", "conll": "conll",
    "brat": "brat", "timeml": "timeml",
}


def export_gold(gold: GoldSet, fmt: str, out: Path, *, force: bool = False) -> list[Path]:
    """Write ``gold`` as ``fmt`` under ``out``; the list of written paths."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    module = import_module(f"benchmark.formats.{FORMATS[fmt]}")
    targets = module.plan(gold, out, fmt)
    refuse_existing(targets, force=force)
    return module.write(gold, out, fmt)
