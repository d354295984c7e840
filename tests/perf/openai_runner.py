"""Perf check for the ``openai:`` runner against the local test server.

Setting (issue 4): 200 ms latency per request, 64 documents, one task,
concurrency 16. The ideal wall time is 64 × 0.2 / 16 = 0.8 s; the target is
within 1.3× of it, and a re-run served from the cache under 1 s.

Run from the repository root::

    .venv/bin/python tests/perf/openai_runner.py

The figures replace only the ``<!-- perf:openai -->`` section of
``reports/perf.md``; other sections are kept as they are.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from pathlib import Path

from benchmark.core.documents import Document
from report import write_section

ROOT = Path(__file__).resolve().parents[2]
LATENCY, DOCS, CONCURRENCY = 0.2, 64, 16


def measure() -> dict[str, float]:
    sys.path.insert(0, str(ROOT / "tests"))
    from llm_server import serve  # noqa: PLC0415 - the test server lives with the tests
    from runners.openai import OpenAIExtractor  # noqa: PLC0415

    docs = [Document(f"d{i}", f"أعلنت دمشق اليوم الخبر رقم {i}.", "2017-11-19")
            for i in range(DOCS)]
    with serve() as server, tempfile.TemporaryDirectory() as cache:
        server.latency = LATENCY

        def run() -> tuple[float, dict]:
            ex = OpenAIExtractor("perf-model", base_url=server.base_url, tasks=("ner",),
                                 concurrency=CONCURRENCY, cache_dir=cache)
            t0 = time.perf_counter()
            ex.predict(docs)
            return time.perf_counter() - t0, ex.stats

        cold, cold_stats = run()
        in_flight = server.max_in_flight
        warm, warm_stats = run()
    ideal = DOCS * LATENCY / CONCURRENCY
    return {"cold": cold, "ideal": ideal, "ratio": cold / ideal, "in_flight": in_flight,
            "requests": cold_stats["requests"], "warm": warm,
            "warm_requests": warm_stats["requests"], "warm_hits": warm_stats["cache_hits"]}


def render(f: dict[str, float]) -> str:
    ok = lambda c: "✅" if c else "❌"  # noqa: E731
    return f"""## `openai:` runner (local server)

`python tests/perf/openai_runner.py` · {time.strftime('%Y-%m-%d', time.gmtime())} ·
Python {platform.python_version()} on {platform.machine()} · test server `tests/llm_server.py`
on 127.0.0.1 with {LATENCY * 1000:.0f} ms latency per request, {DOCS} documents (task `ner`),
concurrency {CONCURRENCY}.

| run | wall time | target | requests | cache hits | |
|---|---:|---|---:|---:|---|
| cold (ideal {f['ideal']:.2f} s) | {f['cold']:.3f} s ({f['ratio']:.2f}× ideal) | ≤ 1.3× ideal | {f['requests']} | 0 | {ok(f['ratio'] <= 1.3)} |
| cached re-run | {f['warm']:.3f} s | < 1 s | {f['warm_requests']} | {f['warm_hits']} | {ok(f['warm'] < 1 and f['warm_requests'] == 0)} |

Largest number of requests in flight seen by the server: {f['in_flight']} (limit {CONCURRENCY}).
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", type=Path, default=ROOT / "khabar-reports" / "perf.md")
    args = parser.parse_args(argv)
    figures = measure()
    text = render(figures)
    write_section(args.report, "openai", text)
    print(text)
    return 0 if figures["ratio"] <= 1.3 and figures["warm"] < 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
