"""Overhead of validating and aligning extractor output, per 1,000 predicted spans.

Builds one long synthetic Arabic document (sentences of words drawn with a
fixed seed) and an extractor that predicts N entity spans, once by offsets and
once by strings (what LLMs return). Times :func:`benchmark.harness.run.run_extractor`
(string alignment + validation into :class:`Prediction`) and writes the
``<!-- perf:runners -->`` section of ``reports/perf.md``.

    python tests/perf/runner_overhead.py
"""

from __future__ import annotations

import argparse
import hashlib
import platform
import random
import time
from pathlib import Path

from benchmark.core.documents import Document
from benchmark.gold.loader import GoldSet
from report import PERF_REPORT, write_section
from benchmark.harness.run import run_extractor
from runners.base import ExtractorInfo

#: Seconds one run of one kind may be expected to take before a size is skipped.
BUDGET = 60.0

WORDS = ("الحكومة", "أعلنت", "مدينة", "القاهرة", "وزارة", "الخارجية", "اليوم", "قال", "مصدر",
         "الجيش", "حلب", "المتحدث", "باسم", "الأمم", "المتحدة", "بيروت", "تونس", "عمان", "في",
         "إلى", "من", "على", "أن", "الرئيس", "المجلس", "الوطني", "الاقتصاد", "السوق", "النفط")


def synthetic(n_words: int, seed: int) -> tuple[str, list[tuple[int, int]]]:
    """A text of ``n_words`` words and the offsets of every word."""
    rng = random.Random(seed)
    parts, spans, pos = [], [], 0
    for i in range(n_words):
        word = rng.choice(WORDS)
        parts.append(word)
        spans.append((pos, pos + len(word)))
        pos += len(word)
        sep = ". " if i % 12 == 11 else " "
        parts.append(sep)
        pos += len(sep)
    return "".join(parts), spans


class Replay:
    """An extractor that returns prepared records."""

    def __init__(self, records):  # type: ignore[no-untyped-def]
        self.records = records

    def describe(self) -> ExtractorInfo:
        return ExtractorInfo("perf", "replay")

    def predict(self, documents):  # type: ignore[no-untyped-def]
        return self.records


def measure(n_spans: int, seed: int, kinds: tuple[str, ...] = ("offsets", "strings")
            ) -> dict[str, float]:
    text, words = synthetic(n_spans * 3, seed)
    rng = random.Random(seed + 1)
    chosen = sorted(rng.sample(range(len(words)), n_spans))
    doc = Document("perf", text, "2024-05-01")
    gold = GoldSet((doc,), "perf", hashlib.sha256(text.encode()).hexdigest(), ())
    by_offsets = [{"doc_id": "perf", "entities": [
        {"start": words[i][0], "end": words[i][1], "type": "GPE"} for i in chosen]}]
    by_strings = [{"doc_id": "perf", "entities": [
        {"text": text[words[i][0]:words[i][1]], "type": "GPE"} for i in chosen]}]
    out = {"spans": n_spans, "chars": len(text)}
    for name, records in (("offsets", by_offsets), ("strings", by_strings)):
        if name not in kinds:
            continue
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            outcome = run_extractor("perf", Replay(records), gold)
            best = min(best, time.perf_counter() - t0)
            assert outcome.ok and len(outcome.predictions["perf"].entities) == n_spans
        out[name] = best
    return out


def render(rows: list[dict[str, float]], budget: float = BUDGET) -> str:
    lines = ["## Runner overhead: validation and string alignment", "",
             f"`.venv/bin/python tests/perf/runner_overhead.py --report reports/perf.md --budget "
             f"{budget:.0f}` · Python {platform.python_version()} on "
             f"{platform.machine()}, on a machine shared with other sessions (wall clock, "
             "noisy) · best of 3 runs. One synthetic document; every predicted "
             "span is a word of it. *offsets*: spans given as offsets (validation only); "
             "*strings*: spans given as text, aligned in reading order, then validated.", "",
             "| predicted spans | document characters | offsets: ms per 1,000 spans | "
             "strings: ms per 1,000 spans |", "|---:|---:|---:|---:|"]
    skipped = []
    for r in rows:
        cells = []
        for kind in ("offsets", "strings"):
            if kind in r:
                cells.append(f"{1000 * r[kind] / r['spans'] * 1000:.2f}")
            else:
                cells.append("not run")
                skipped.append(f"{kind} at {int(r['spans']):,}")
        lines.append(f"| {int(r['spans']):,} | {int(r['chars']):,} | {cells[0]} | {cells[1]} |")
    if skipped:
        lines += ["", f"Not run ({', '.join(skipped)}): at the growth seen from the previous "
                      f"size (quadratic: the document repeats 29 words, so each string has "
                      f"about spans/10 candidate occurrences and their number grows as the "
                      f"square of the spans; per candidate the alignment is O(log), see the "
                      f"alignment growth section), one run would take longer than the "
                      f"{budget:.0f} s budget of a cell (`--budget`)."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=12345)
    parser.add_argument("--report", type=Path, default=PERF_REPORT)
    parser.add_argument("--budget", type=float, default=BUDGET,
                        help="Seconds one run of a kind may be expected to take.")
    args = parser.parse_args(argv)
    rows, kinds = [], ("offsets", "strings")
    sizes = (1_000, 10_000, 100_000)
    for k, n in enumerate(sizes):
        rows.append(measure(n, args.seed, kinds))
        if k + 1 < len(sizes):  # a kind whose next run would (at n^2) exceed the budget stops
            kinds = tuple(c for c in kinds
                          if rows[-1][c] * (sizes[k + 1] / n) ** 2 <= args.budget)
    write_section(args.report, "runners", render(rows, args.budget))
    print(render(rows, args.budget))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
