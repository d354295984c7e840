"""Phases of ``khabar score file:PREDS --gold DIR --task ner`` in one process, for
tests/perf/e2e.py (run against this tree or, with PYTHONPATH, another one).

Usage: e2e_phases.py GOLD_DIR PREDS [REPEAT]; prints one JSON object: the best
CPU time of each phase in seconds (``time.process_time``: the time spent waiting
for a core on a shared machine is left out) and the process's peak RSS."""

import json
import resource
import sys
import time

t0 = time.process_time()
import benchmark.cli  # noqa: E402,F401  - what `khabar` imports before it parses its options

try:  # numpy as the bootstrap imports it (one BLAS thread), in trees that have it
    from benchmark.scoring.resample import _numpy
except ImportError:
    import numpy  # noqa: F401
else:
    _numpy()

imports = time.process_time() - t0

from benchmark.gold.loader import gold_hash, load_gold  # noqa: E402
from benchmark.harness.run import run_extractor  # noqa: E402
from benchmark.scoring.engine import score  # noqa: E402
from benchmark.scoring.resample import bootstrap_results  # noqa: E402
from runners.registry import make_extractor  # noqa: E402


def main() -> None:
    gold_dir, preds = sys.argv[1], sys.argv[2]
    repeat = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    best: dict[str, float] = {}

    def timed(name, fn):  # type: ignore[no-untyped-def]
        t = time.process_time()
        value = fn()
        best[name] = min(best.get(name, float("inf")), time.process_time() - t)
        return value

    for _ in range(repeat):
        gold = timed("load and validate the gold (hash included)", lambda: load_gold(gold_dir))
        timed("of which: the gold hash", lambda: gold_hash(list(gold.documents)))
        spec = f"file:{preds}"
        outcome = timed("read, align and validate the predictions",
                        lambda: run_extractor(spec, make_extractor(spec, gold=gold), gold))
        results = timed("score NER, fine and coarse views, per unit",
                        lambda: score(gold, outcome.predictions, tasks=("ner",), bootstrap=0,
                                      keep_units=True, norm="standard"))
        boot = timed("bootstrap, 1000 resamples", lambda: bootstrap_results(
            results, samples=1000, seed=12345))
        timed("results JSON", boot.to_json)
    out = {"imports (benchmark.cli, numpy)": imports, **best,
           "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
