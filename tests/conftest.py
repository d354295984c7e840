"""Shared fixtures: a writable copy of the bundled gold and seed text."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_NAME = "000_3de78dd80989a7ed"


class GoldCopy:
    """A temporary ``gold/`` + ``seeds/`` tree whose JSON can be edited."""

    def __init__(self, root: Path):
        self.root = root
        self.gold_dir = root / "gold"
        self.seeds_dir = root / "seeds"
        self.gold_dir.mkdir()
        self.seeds_dir.mkdir()
        shutil.copy(ROOT / "seeds" / f"{SEED_NAME}.txt", self.seeds_dir)
        shutil.copy(ROOT / "gold" / f"{SEED_NAME}.json", self.gold_dir)
        self.file = self.gold_dir / f"{SEED_NAME}.json"
        self.data = json.loads(self.file.read_text(encoding="utf-8"))

    def write(self, data: dict | None = None) -> Path:
        self.file.write_text(json.dumps(data or self.data, ensure_ascii=False, indent=1),
                             encoding="utf-8")
        return self.file

    def entity(self, ident: str) -> dict:
        return next(e for e in self.data["entities"] if e["id"] == ident)

    def timex(self, ident: str) -> dict:
        return next(t for t in self.data["timexes"] if t["id"] == ident)


@pytest.fixture
def gold_copy(tmp_path: Path) -> GoldCopy:
    return GoldCopy(tmp_path)


@pytest.fixture(scope="session")
def gold():
    """The seed document alone: tests that assert its hand-checked counts use it,
    so adding documents to ``gold/`` never changes what they see."""
    from benchmark import load_gold

    return load_gold(ROOT / "gold" / f"{SEED_NAME}.json")


def default_split_gold():
    """The bundled gold as ``khabar score`` selects it by default (``--split auto``:
    the test split when there is one, else everything)."""
    from benchmark import load_gold

    full = load_gold()
    return full.select("test" if "test" in full.splits else "all")


@pytest.fixture(scope="session")
def bundled_gold():
    """Every bundled document: tests over it read their expectations from the gold."""
    from benchmark import load_gold

    return load_gold()
