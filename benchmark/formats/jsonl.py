"""khabar JSONL: one self-contained gold document (text included) per line.

Lossless: ``load_jsonl`` reads it back into the same documents.
"""

from __future__ import annotations

import json
from pathlib import Path

from benchmark.core.files import write_text
from benchmark.gold.loader import GoldSet

FILENAME = "gold.jsonl"


def plan(gold: GoldSet, out: Path, fmt: str) -> list[Path]:
    return [out / FILENAME]


def write(gold: GoldSet, out: Path, fmt: str) -> list[Path]:
    lines = []
    for doc in gold:
        record = {"gold_version": doc.meta["gold_version"], "sha256": doc.meta["sha256"],
                  **doc.to_json()}
        lines.append(json.dumps(record, ensure_ascii=False, sort_keys=False))
    return [write_text(out / FILENAME, "\n".join(lines) + "\n")]
