"""Statistical power of the bundled corpus: interval widths and the smallest
difference the paired test finds significant. Writes ``reports/power.md``.

Run: ``.venv/bin/python tests/stats/power.py [--out reports/power.md]``.

1. **Interval half-widths**: each built-in extractor scored on each split with the
   default bootstrap (1000 resamples, seed 12345); the unit is the document when a
   split has ≥ 20 documents (the test split), the sentence otherwise.
2. **Seeded degradations of the oracle**: the gold's own required mentions as
   predictions, with a fraction k of them dropped (NER: entities; TIMEX3: timexes;
   attribution: relations), each drop drawn with ``random.Random(f"{seed}:{k}")``.
   For every pair (k, k + d) the paired approximate randomisation test (10,000
   trials, documents as units) gives a p-value; the minimal detectable difference
   is the smallest F1 gap with p < 0.05 over the pairs tried, reported with the
   largest gap that was *not* significant, so the boundary is visible.
3. **The built-in extractors against each other** on the test split, with the same
   paired test (the leaderboard's p-values).

Nothing here is timed; it is a statistics report, not a benchmark.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmark.gold.loader import load_gold  # noqa: E402
from benchmark.predict.predictions import gold_as_prediction  # noqa: E402
from benchmark.scoring.engine import score  # noqa: E402
from benchmark.scoring.settings import DEFAULTS  # noqa: E402
from benchmark.scoring.resample import paired_randomization  # noqa: E402

HEADLINE = {"ner": "ner.strict.f1", "timex": "timex.value_f1",
            "attribution": "attribution.relation.relaxed.f1"}
LAYER = {"ner": "entities", "timex": "timexes", "attribution": "attributions"}
DROPS = (0.0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.10, 0.12, 0.15, 0.20)


def degraded(gold, task: str, k: float, seed: int = 12345):
    """The oracle with a seeded fraction ``k`` of the task's required items dropped."""
    rng = random.Random(f"{seed}:{task}:{k}")
    preds = []
    for doc in gold:
        p = gold_as_prediction(doc)
        items = getattr(p, LAYER[task])
        kept = tuple(x for x in items if rng.random() >= k)
        preds.append(replace(p, **{LAYER[task]: kept}))
    return preds


def value(results, metric: str) -> float:
    node = results.to_dict()["tasks"]
    for key in metric.split("."):
        node = node[key]
    return float(node)


def half_width(results, metric: str) -> float | None:
    ci = results.bootstrap.intervals.get(metric) if results.bootstrap else None
    return None if ci is None else (ci[1] - ci[0]) / 2


def evaluated(name: str, gold, settings):
    """``name`` run and scored on ``gold`` through the harness (one chain site: there)."""
    from benchmark import evaluate

    evaluation = evaluate(name, gold, settings)
    if not evaluation.ok:
        raise SystemExit(f"{name} failed: {evaluation.run.reason}")
    return evaluation.results


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "reports" / "power.md"))
    args = ap.parse_args()
    full = load_gold(ROOT / "gold")
    lines = [f"# Statistical power of gold {full.label}", "",
             "Written by `.venv/bin/python tests/stats/power.py` (see its docstring for the "
             "method). Paired test: approximate randomisation, 10,000 trials, seed 12345; "
             "bootstrap: 1,000 resamples, seed 12345.", ""]

    # 1. interval half-widths of the built-in extractors
    lines += ["## 95% interval half-widths of the built-in extractors", "",
              "| system | split | units | NER strict F1 | TIMEX3 value F1 | attribution relation F1 (relaxed) |",
              "|---|---|---|---|---|---|"]
    builtins = {}
    for split in ("test", "dev"):
        gold = full.select(split)
        for name in ("rules", "duckling", "dateparser"):
            res = evaluated(name, gold, DEFAULTS.but(bootstrap=1000, seed=12345,
                                                     norm="standard"))
            builtins[(name, split)] = res
            cells = []
            for task, metric in HEADLINE.items():
                if res.task(task) is None:
                    cells.append("—")
                    continue
                hw = half_width(res, metric)
                cells.append(f"{value(res, metric):.3f} ± {hw:.3f}")
            lines.append(f"| `{name}` | {split} | {len(res.units)} {res.unit_kind} | "
                         + " | ".join(cells) + " |")
    lines.append("")

    # 2. minimal detectable differences with degraded oracles (test split)
    gold = full.select("test")
    lines += ["## Smallest significant difference (test split, degraded oracles)", "",
              "Each row pairs the oracle with a fraction `a` of its items dropped against "
              "one with `b` dropped; `Δ` is the headline difference.", ""]
    summary = []
    for task, metric in HEADLINE.items():
        scored = {k: score(gold, degraded(gold, task, k), tasks=(task,), bootstrap=0,
                           keep_units=True, norm="standard") for k in DROPS}
        rows = []
        for i, a in enumerate(DROPS):
            if a == 0.0:
                continue  # the undegraded oracle is perfect in every unit: a degenerate pair
            for b in DROPS[i + 1:]:
                test = paired_randomization(scored[a], scored[b], metric, trials=10000,
                                            seed=12345)
                rows.append((abs(test.delta), a, b, test.p_value))
        rows.sort()
        sig = [r for r in rows if r[3] < 0.05]
        nonsig = [r for r in rows if r[3] >= 0.05]
        smallest = sig[0] if sig else None
        largest_ns = max(nonsig) if nonsig else None
        # the minimal detectable difference: every pair at least this far apart is significant
        mde = next((r[0] for r in rows if all(x[3] < 0.05 for x in rows if x[0] >= r[0])), None)
        lines += [f"### {task} (`{metric}`)", "", "| a | b | Δ | p |", "|---|---|---|---|"]
        for d, a, b, p in rows[:15]:
            lines.append(f"| {a:.2f} | {b:.2f} | {d:.3f} | {p:.4f} |")
        lines.append("")
        summary.append((task, smallest, largest_ns, mde, len(rows)))
    lines += ["### Summary", "",
              "The minimal detectable difference (MDE) is the smallest Δ such that every pair "
              "at least Δ apart is significant at p < 0.05; pairs with the perfect oracle are "
              "left out (degenerate).", "",
              "| task | pairs | MDE | smallest significant Δ (p) | largest non-significant Δ (p) |",
              "|---|---|---|---|---|"]
    for task, s, ns, mde, n in summary:
        lines.append(f"| {task} | {n} | " + (f"{mde:.3f}" if mde is not None else "—") + " | "
                     + (f"{s[0]:.3f} (p={s[3]:.4f})" if s else "none") + " | "
                     + (f"{ns[0]:.3f} (p={ns[3]:.4f})" if ns else "none") + " |")
    lines.append("")

    # 3. built-ins against each other on test
    lines += ["## The built-in extractors against each other (test split)", "",
              "| metric | A | B | Δ (A − B) | p |", "|---|---|---|---|---|"]
    for a, b in (("rules", "duckling"), ("rules", "dateparser"), ("dateparser", "duckling")):
        test = paired_randomization(builtins[(a, "test")], builtins[(b, "test")],
                                    "timex.value_f1", trials=10000, seed=12345)
        lines.append(f"| timex.value_f1 | `{a}` | `{b}` | {test.delta:+.3f} | {test.p_value:.4f} |")
    lines.append("")
    Path(args.out).write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
