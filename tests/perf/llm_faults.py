"""The ``openai:`` runner against a faulty server: requests, retries, failures, wall time.

Setting (issue 15, the same as ``tests/test_adversarial.py::
test_llm_runner_under_injected_faults``): 256 documents × 3 tasks, concurrency 16,
a 0.5 s client timeout, against ``tests/llm_server.py`` injecting 10% HTTP 500,
5% 429 (``Retry-After: 0.05``), 5% malformed bodies and 2% hangs of 1.5 s,
chosen by an RNG seeded with each request and its attempt number. A second run
with the same cache resends only the requests that failed.

Run from the repository root::

    .venv/bin/python tests/perf/llm_faults.py

The figures replace only the ``<!-- perf:llm_faults -->`` section of
``reports/perf.md``; other sections are kept as they are.
"""

from __future__ import annotations

import argparse
import importlib.util
import platform
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
# tests/perf/runners.py would shadow the ``runners`` package: take this folder off the
# path and load the section writer by file name.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
_spec = importlib.util.spec_from_file_location("perf_report", HERE / "report.py")
_report = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(_report)  # type: ignore[union-attr]
write_section = _report.write_section

from benchmark.core.documents import Document  # noqa: E402
DOCS, TASKS, CONCURRENCY, TIMEOUT = 256, ("ner", "timex", "attribution"), 16, 0.5


def measure() -> list[dict[str, object]]:
    from llm_server import Faults, serve  # noqa: PLC0415 - the test server lives with the tests
    from runners.base import ExtractorFailed  # noqa: PLC0415
    from runners.openai import OpenAIExtractor  # noqa: PLC0415

    docs = [Document(f"d{i:03d}", f"قالت وكالة الأنباء السورية إن الخبر رقم {i} وصل من "
                                  f"دمشق اليوم.", "2024-05-01") for i in range(DOCS)]
    runs: list[dict[str, object]] = []
    with serve() as server, tempfile.TemporaryDirectory() as cache:
        server.faults = Faults(hang=1.5)
        for label in ("first run", "re-run (same cache)"):
            server.reset_counts()
            ex = OpenAIExtractor("fault-model", base_url=server.base_url, tasks=TASKS,
                                 concurrency=CONCURRENCY, timeout=TIMEOUT, cache_dir=cache)
            t0 = time.perf_counter()
            try:
                ex.predict(docs)
                outcome = "all answered"
            except ExtractorFailed as exc:
                outcome = exc.reason.split(";")[0]
            wall = time.perf_counter() - t0
            cached = sum(1 for _ in Path(cache).rglob("*.json"))
            runs.append({"run": label, "wall": wall, "requests": ex.stats["requests"],
                         "server": server.requests, "retries": ex.stats["retries"],
                         "failures": ex.stats.get("failures", 0),
                         "hits": ex.stats["cache_hits"], "cached": cached,
                         "injected": dict(server.injected), "outcome": outcome})
    return runs


def render(runs: list[dict[str, object]]) -> str:
    jobs = DOCS * len(TASKS)
    rows = "\n".join(
        f"| {r['run']} | {r['wall']:.2f} s | {r['requests']} | {r['retries']} | "
        f"{r['failures']} | {r['hits']} | {r['cached']} of {jobs} | "
        + ", ".join(f"{k} {v}" for k, v in sorted(r["injected"].items())) + f" | {r['outcome']} |"
        for r in runs)
    return f"""## `openai:` runner under injected faults

`python tests/perf/llm_faults.py` · {time.strftime('%Y-%m-%d', time.gmtime())} ·
Python {platform.python_version()} on {platform.machine()} · test server `tests/llm_server.py`
on 127.0.0.1 injecting 10% HTTP 500, 5% 429 (Retry-After 0.05 s), 5% malformed bodies
and 2% hangs past the client's {TIMEOUT:g} s timeout, per request and attempt (seeded);
{DOCS} documents × {len(TASKS)} tasks = {jobs} requests to make, concurrency {CONCURRENCY},
3 retries with exponential backoff (base 1 s, jitter). A request whose retries run out,
or whose body is malformed, fails its document and task only; the others go on and
are cached.

| run | wall time | HTTP attempts | retries | failed requests | cache hits | cached answers | faults injected | outcome |
|---|---:|---:|---:|---:|---:|---:|---|---|
{rows}

Every request ends as a cached answer or a counted failure (cached + failed =
{jobs} after the first run); the re-run sends only the failed requests.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", type=Path, default=ROOT / "khabar-reports" / "perf.md")
    args = parser.parse_args(argv)
    runs = measure()
    text = render(runs)
    write_section(args.report, "llm_faults", text)
    print(text)
    first = runs[0]
    return 0 if first["cached"] + first["failures"] == DOCS * len(TASKS) else 1


if __name__ == "__main__":
    raise SystemExit(main())
