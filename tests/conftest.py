"""Shared fixtures: a writable copy of the bundled gold and seed text."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: tests/perf/ holds the performance scripts (``make perf``): run as scripts, never tests.
collect_ignore = ["perf"]
SEED_NAME = "000_3de78dd80989a7ed"


def pytest_configure(config: pytest.Config) -> None:
    """Under ``PYTHONDONTWRITEBYTECODE`` no ``__pycache__`` is ever written, so every
    ``khabar`` subprocess of the suite (a few hundred a run) would compile the
    project's sources again: about 0.13 s of CPU per ``khabar score``. The run
    compiles ``benchmark/`` and ``runners/`` once instead, into the ``__pycache__``
    folders Python reads anyway (``.gitignore`` lists them), and removes the folders
    it created when it ends, so the tree is left as it was found. Without the
    variable Python writes them itself and nothing is done here."""
    if hasattr(config, "workerinput") or not sys.flags.dont_write_bytecode:
        return
    import py_compile

    created: list[Path] = []
    for package in ("benchmark", "runners"):
        for source in sorted((ROOT / package).rglob("*.py")):
            cache = source.parent / "__pycache__"
            if not cache.exists():
                created.append(cache)
            try:
                py_compile.compile(str(source), doraise=True, quiet=2)
            except (OSError, py_compile.PyCompileError):
                pass          # a read-only tree or a syntax error: the import says which
    config.stash[_CREATED_PYCACHE] = created


_CREATED_PYCACHE = pytest.StashKey[list[Path]]()


def pytest_unconfigure(config: pytest.Config) -> None:
    for cache in config.stash.get(_CREATED_PYCACHE, []):
        shutil.rmtree(cache, ignore_errors=True)


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


BUNDLED_GOLD = ROOT / "gold"


@pytest.fixture(scope="session", autouse=True)
def seed_only_default_gold(tmp_path_factory):
    """Point ``KHABAR_GOLD`` (the default gold of every command and of
    ``load_gold()``) at a copy holding the seed document alone.

    Most tests assert hand-checked figures of the seed; with this fixture they
    keep holding however many documents ``gold/`` gains. Tests about the
    bundled corpus name :data:`BUNDLED_GOLD` explicitly and read their
    expectations from it (``test_corpus.py``)."""
    import os

    root = tmp_path_factory.mktemp("seed-only")
    (root / "gold").mkdir()
    (root / "seeds").mkdir()
    shutil.copy(ROOT / "seeds" / f"{SEED_NAME}.txt", root / "seeds")
    shutil.copy(ROOT / "gold" / f"{SEED_NAME}.json", root / "gold")
    before = os.environ.get("KHABAR_GOLD")
    os.environ["KHABAR_GOLD"] = str(root / "gold")
    yield root / "gold"
    if before is None:
        os.environ.pop("KHABAR_GOLD", None)
    else:
        os.environ["KHABAR_GOLD"] = before


@pytest.fixture(scope="session")
def gold(seed_only_default_gold):
    """The seed document alone (see :func:`seed_only_default_gold`)."""
    from benchmark import load_gold

    return load_gold(seed_only_default_gold)


def default_split_gold():
    """The bundled gold as ``khabar score`` selects it by default (``--split auto``:
    the test split when there is one, else everything)."""
    from benchmark import load_gold

    full = load_gold(BUNDLED_GOLD)
    return full.select("test" if "test" in full.splits else "all")


@pytest.fixture(scope="session")
def bundled_gold():
    """Every bundled document: tests over it read their expectations from the gold."""
    from benchmark import load_gold

    return load_gold(BUNDLED_GOLD)


@pytest.fixture(scope="session")
def khabar_wheel(tmp_path_factory) -> Path:
    """This checkout's wheel, built once per test run: the pytest-xdist workers share
    one build (under a lock, in the run's common temporary root), since pip builds in
    the tree's ``build/`` and two builds at once would race."""
    import fcntl
    import os

    from khabar_cli import build_wheel

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent                  # shared by every worker of this run
    wheels = root / "khabar-wheel"
    with open(root / "khabar-wheel.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            found = sorted(wheels.glob("khabar_bench-*.whl"))
            return found[0] if found else build_wheel(wheels)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
