"""Count the work one ``khabar leaderboard`` run does (issue 12's before/after figures).

Run as a script (never collected by pytest)::

    .venv/bin/python tests/perf/leaderboard_counts.py [--out DIR] [-- extra leaderboard args]

It wraps, by monkeypatching, the functions below with call counters, runs the
leaderboard in-process on the bundled gold (``--out`` a temporary directory by
default) and prints one JSON object:

* ``to_dict`` — calls of ``Results.to_dict``;
* ``align_passes`` — one-to-one alignments computed (``Prepared.align`` for NER
  modes and TIMEX3, ``_relations`` for attribution relations), one per document,
  task and mode;
* ``corpus_scorings`` — calls of the scorer (``score``);
* ``outcome_documents`` — per-document outcome tables rebuilt outside the
  scorer (``document_outcomes``); zero once outcomes are read from the pairings
  the scorer kept;
* ``align_passes_redone_for_outcomes`` — the part of ``align_passes`` done
  inside ``document_outcomes`` (alignments the scorer had already made).
"""

from __future__ import annotations

import functools
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

COUNTS: Counter[str] = Counter()
#: how deep the run is inside ``document_outcomes`` (its alignments are re-done work)
_INSIDE = {"outcomes": 0}


def _wrap(owner: object, name: str, key: str) -> None:
    """Replace ``owner.name`` with a counting wrapper, and every module-level alias
    of the same function in already imported modules."""
    original = getattr(owner, name)

    @functools.wraps(original)
    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        COUNTS[key] += 1
        if key in ("align_passes", "relation_passes") and _INSIDE["outcomes"]:
            COUNTS["align_passes_redone_for_outcomes"] += 1
        if key == "outcome_documents":
            _INSIDE["outcomes"] += 1
            try:
                return original(*args, **kwargs)
            finally:
                _INSIDE["outcomes"] -= 1
        return original(*args, **kwargs)

    setattr(owner, name, counted)
    for module in list(sys.modules.values()):
        if module is not None and getattr(module, name, None) is original:
            setattr(module, name, counted)


def _first(*paths: str) -> tuple[object, str] | None:
    """The first ``module:attr[.attr]`` of ``paths`` that imports (the layout moves)."""
    import importlib

    for path in paths:
        module_name, _, attr = path.partition(":")
        try:
            owner: object = importlib.import_module(module_name)
        except ImportError:
            continue
        *parents, last = attr.split(".")
        try:
            for part in parents:
                owner = getattr(owner, part)
            getattr(owner, last)
        except AttributeError:
            continue
        return owner, last
    return None


def main(argv: list[str]) -> int:
    out = None
    extra: list[str] = []
    if "--" in argv:
        argv, extra = argv[:argv.index("--")], argv[argv.index("--") + 1:]
    if argv[:1] == ["--out"]:
        out = argv[1]
    out = out or tempfile.mkdtemp(prefix="khabar-lb-counts-")
    # import everything the leaderboard uses first, so aliases are patched too
    import benchmark.cli  # noqa: F401
    for mod in ("benchmark.publish.leaderboard", "benchmark.scoring.outcomes", "benchmark.scoring.engine",
                "benchmark.scoring.ner", "benchmark.scoring.timex",
                "benchmark.scoring.attribution", "benchmark.harness",
                "benchmark.scoring.outcomes"):
        try:
            __import__(mod)
        except ImportError:
            pass
    targets = {
        "to_dict": ("benchmark.scoring.results:Results.to_dict", "benchmark.scoring.results:Results.to_dict"),
        "align_passes": ("benchmark.scoring.match:Prepared.align",),
        "relation_passes": ("benchmark.scoring.attribution:_relations",
                            "benchmark.scoring.attribution:relations"),
        "corpus_scorings": ("benchmark.scoring.engine:score",),
        "outcome_documents": ("benchmark.scoring.outcomes:document_outcomes",
                              "benchmark.scoring.outcomes:document_outcomes"),
    }
    for key, paths in targets.items():
        found = _first(*paths)
        if found is not None:
            _wrap(*found, key)
    from benchmark.cli import app

    try:
        app(["leaderboard", "--out", out, "--force", *extra], standalone_mode=False)
    except SystemExit as exc:  # typer.Exit in standalone_mode=False returns the code
        if exc.code not in (0, None):
            return int(exc.code)
    figures = dict(COUNTS)
    figures["align_passes"] = COUNTS["align_passes"] + COUNTS.pop("relation_passes", 0)
    figures.pop("relation_passes", None)
    sys.stderr.flush()
    print(json.dumps({"out": str(Path(out)), **figures}, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
