"""Shared fixtures: a writable copy of the bundled gold and seed text."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
#: tests/perf/ holds the performance scripts (``make perf``): run as scripts, never tests.
collect_ignore = ["perf"]
SEED_NAME = "000_3de78dd80989a7ed"

# The fast tier (`make test`, the tests not marked `slow`) keeps, for every user-facing
# feature, at least one end-to-end test that runs the installed `khabar` as a
# subprocess; a `slow` marker's comment names the fast test that keeps its feature.
# Those tests, by feature:
#
#   score                 test_file_formats_more.py::test_gold_directory_and_gold_file_score_one
#   compare (4 formats)   test_ci_output.py::test_json_to_stdout_for_score_compare_and_check,
#                         test_hostile_output.py::test_compare_keeps_the_others_when_a_py_record_holds_a_set
#   leaderboard           test_leaderboard_publish.py::test_leaderboard_adds_a_py_file_and_saved_results_to_the_defaults,
#                         test_adversarial.py row "kill -9 during leaderboard, then a second run"
#   check (the gate)      test_ci_output.py::test_default_gate_checks_the_headline_metrics_only,
#                         test_adv_gate.py::test_check_gates_the_coarse_headline_and_refuses_a_label_set_change
#   check --extractor     test_jobs_e2e.py::test_check_extractor_with_a_file_of_the_whole_corpus
#   validate              test_corpus.py::test_validate_takes_a_split
#   stats                 test_corpus.py::test_bundled_stats_by_split_are_the_gold_counts
#   export conll          test_jobs_e2e.py::test_a_coarse_conll_submission_is_scored_on_its_own_granularity
#   export brat/timeml/hf test_exports.py::test_cli_exports_brat_timeml_and_hf_as_a_user_runs_them
#   export jsonl          test_file_formats_more.py::test_export_jsonl_scores_one
#   import wojood         test_import_wojood.py::test_the_documented_recipe_runs_as_written
#   import brat           test_import_brat.py::test_cli_end_to_end_all_layers
#   import timeml         test_import_timeml.py::test_cli_end_to_end
#   import conll          test_import_conll.py::test_cli_error_exit_1 (its refusal; the whole
#                         sequence, like labelstudio's, doccano's and prodigy's, is slow)
#   sheet                 test_sheet.py::test_sheet_commands_as_a_user_runs_them
#   robustness            test_review_fixes_c.py::test_robustness_ignores_a_file_s_lines_outside_the_selection
#   merge and --shard     test_shard_merge.py::test_three_shards_merge_to_the_single_run[fine-7-sentences]
#   agreement             test_agreement.py::test_agreement_figures_match_an_independent_computation
#   py: runner            test_scoring_models.py::test_py_extractor_reads_documents_as_mappings_and_yields
#   cmd: runner           test_hostile_output.py::test_a_cmd_killed_by_a_signal_says_which
#   file: runner          test_jobs_e2e.py::test_a_file_covering_every_document_scores_the_selection[args0-<lambda>]
#   openai: runner        test_scoring_models.py::test_messy_llm_answers_are_dropped_counted_and_listed
#   hf: runner            test_scoring_models.py::test_conll_model_is_scored_on_its_own_granularity
#                         (skipped without torch and transformers: the `hf` extra)
#   signals               test_hostile_output.py::test_a_signal_kills_the_cmd_childs_process_group[15-143-terminated (SIGTERM)]
#   closed stdout (141)   test_ci_output.py::test_a_closed_stdout_is_exit_141_and_the_leaderboard_is_still_written


def pytest_configure(config: pytest.Config) -> None:
    """Under ``PYTHONDONTWRITEBYTECODE`` no ``__pycache__`` is ever written, so every
    ``khabar`` subprocess of the suite (a few hundred a run) would compile the
    project's sources again: about 0.13 s of CPU per ``khabar score``. The run
    compiles ``benchmark/`` and ``runners/`` once instead, into the ``__pycache__``
    folders Python reads anyway (``.gitignore`` lists them), and removes the folders
    it created when it ends (``tests/__pycache__`` too, where the pytest-xdist
    workers share their rewritten test modules: :func:`pytest_sessionstart`), so the
    tree is left as it was found. Without the variable Python writes them itself and
    nothing is done here."""
    if hasattr(config, "workerinput") or not sys.flags.dont_write_bytecode:
        return
    import py_compile

    created: list[Path] = []
    if not (HERE / "__pycache__").exists():
        created.append(HERE / "__pycache__")     # the workers' rewritten test modules
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


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the ``__pycache__`` folders :func:`pytest_configure` created; then, as the
    last thing a pytest process does before its interpreter exits, move every object
    the run left to the collector's permanent generation (:func:`gc.freeze`). The
    garbage collections of the interpreter's shutdown then skip them instead of walking
    them all: 0.5 to 1.5 s per process, which the pytest-xdist controller spends waiting
    for its workers to exit before it prints its summary. Reference counting still
    frees what it frees at any exit; objects in reference cycles are left to the
    operating system unfinalized, as for a process killed at that point (the tests
    close what they open, and their fixtures have been torn down by then)."""
    import gc

    for cache in config.stash.get(_CREATED_PYCACHE, []):
        shutil.rmtree(cache, ignore_errors=True)
    gc.freeze()


def pytest_sessionstart(session: pytest.Session) -> None:
    """Each pytest-xdist worker collects every test module, and pytest rewrites the
    asserts of each module it imports (about 3.5 s of CPU for this suite), caching
    the result in ``tests/__pycache__`` only when bytecode may be written: under
    ``PYTHONDONTWRITEBYTECODE`` every worker rewrote every module, on every run.
    Before collecting, each worker now rewrites its share of the modules (worker
    *i* of *n*: every *n*-th, largest first) into pytest's own cache files there,
    and the collection of each worker finds the others' share done. The rewriting
    is pytest's (:mod:`_pytest.assertion.rewrite`, the same calls its import hook
    makes): with another pytest, or ``--assert=plain``, nothing is done and each
    worker rewrites what it imports, as before. A module not ready in time is
    rewritten by the worker that needs it."""
    workerinput = getattr(session.config, "workerinput", None)
    if workerinput is None or session.config.getoption("assertmode") != "rewrite":
        return
    count = int(workerinput.get("workercount", 1))
    index = int(str(workerinput.get("workerid", "gw0")).removeprefix("gw") or 0)
    if count < 2:
        return
    try:
        from _pytest.assertion import assertstate_key
        from _pytest.assertion.rewrite import (PYC_TAIL, _read_pyc, _rewrite_test, _write_pyc,
                                               get_cache_dir, try_makedirs)
    except ImportError:
        return
    state = session.config.stash.get(assertstate_key, None)
    if state is None:
        return
    modules = sorted(_collected_modules(session.config),
                     key=lambda p: (-p.stat().st_size, p.name))
    for source in modules[index::count]:
        cache = get_cache_dir(source)
        pyc = cache / (source.name[:-3] + PYC_TAIL)
        try:
            if _read_pyc(source, pyc) is not None or not try_makedirs(cache):
                continue
            source_hash, code = _rewrite_test(source, session.config)
            _write_pyc(state, code, source_hash, pyc)
        except Exception:  # noqa: BLE001 - e.g. a syntax error: the collection reports it
            continue


def _collected_modules(config: pytest.Config) -> list[Path]:
    """The test modules of this directory the run's arguments name (all of them for a
    directory holding this one, e.g. the default ``tests``)."""
    everything = sorted(HERE.glob("test_*.py"))
    chosen: set[Path] = set()
    for arg in config.args:
        path = (config.invocation_params.dir / arg.split("::", 1)[0]).resolve()
        if path == HERE or path in HERE.parents:
            return everything
        if path.parent == HERE and path in everything:
            chosen.add(path)
    return sorted(chosen)


#: The test modules that import seqeval's metrics, and with them scikit-learn, SciPy and
#: pandas: about 1.4 s of imports for the process that first needs them.
SEQEVAL_MODULES = frozenset({"tests/test_flat_scoring.py", "tests/test_parity_conll.py",
                             "tests/test_scoring_crosscheck.py", "tests/test_scoring_gold.py",
                             "tests/test_tokenize.py"})


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):  # type: ignore[no-untyped-def]
    """``--dist loadfile``, with :data:`SEQEVAL_MODULES` as one work unit: a pytest-xdist
    worker runs the tests of one module together (its module-scoped fixtures are built
    once); these modules also run on the same worker, so one worker, not each,
    imports scikit-learn and SciPy. Any other ``--dist`` is pytest-xdist's own."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class SeqevalTogether(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            scope = super()._split_scope(nodeid)
            return "tests/<seqeval modules>" if scope in SEQEVAL_MODULES else scope

    return SeqevalTogether(config, log)


def _build_each_cli_once() -> None:
    """typer's ``CliRunner.invoke(app, …)`` builds the click command of ``app`` on every
    call (``typer.main.get_command``: about 20 ms for khabar's app, and the fast tier
    invokes it in process some 170 times). The command is built once per app instead,
    and invoked like any click command, which click's own test runner does with one
    command object for every call (each invocation parses into a context of its own).
    The callbacks still look up what they call when they run, so a test's
    ``monkeypatch`` of a module they use is seen as before."""
    import functools

    import typer.testing

    build = getattr(typer.testing, "_get_command", None)
    if callable(build) and not hasattr(build, "cache_info"):
        typer.testing._get_command = functools.cache(build)  # type: ignore[attr-defined]


_build_each_cli_once()


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


@pytest.fixture(scope="session", autouse=True)
def private_gold_cache(tmp_path_factory):
    """The gold document cache (:mod:`benchmark.gold.doccache`) of the test run in a
    folder of its own (``KHABAR_CACHE``), never the user's ``~/.cache``."""
    import os

    before = os.environ.get("KHABAR_CACHE")
    os.environ["KHABAR_CACHE"] = str(tmp_path_factory.mktemp("khabar-cache"))
    yield
    if before is None:
        os.environ.pop("KHABAR_CACHE", None)
    else:
        os.environ["KHABAR_CACHE"] = before


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
