"""Robustness tables: each extractor on the original gold and on seeded variants.

For every perturbation kind, ``n`` variants of the gold are made (variant *k*
with seed ``seed + k``, :func:`benchmark.perturb.perturb`), every extractor is
run and scored on each, and a cell reports the mean headline metric over the
variants, its drop from the original, and a 95% percentile bootstrap interval
of that drop over the variants (seeded; with one variant it is a point). The
extractor's output on one variant never affects another (fault isolation as in
:mod:`benchmark.harness.run`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Callable

from benchmark.gold.loader import GoldSet, gold_hash
from benchmark.harness import evaluate
from benchmark.publish.leaderboard import HEADLINE
from benchmark.scoring.results import HEADLINE_PATHS, headline_path
from benchmark.perturb import KINDS, variants
from benchmark.scoring.settings import DEFAULTS

#: The default kinds, in the order of the table.
DEFAULT_KINDS: tuple[str, ...] = tuple(KINDS)


@dataclass
class Cell:
    """One extractor × task × kind: scores on the variants and the drop."""

    values: list[float]
    original: float
    failed: int = 0
    low: float | None = None
    high: float | None = None

    @property
    def mean(self) -> float | None:
        return sum(self.values) / len(self.values) if self.values else None

    @property
    def drop(self) -> float | None:
        return None if self.mean is None else self.mean - self.original

    def to_json(self) -> dict[str, Any]:
        return {"values": self.values, "mean": self.mean, "original": self.original,
                "drop": self.drop, "ci": [self.low, self.high], "failed": self.failed}


@dataclass
class Row:
    system: str
    task: str
    original: float
    cells: dict[str, Cell] = field(default_factory=dict)
    #: The headline path when it is not the task's usual one (a coarse NER view).
    path: str = ""


#: Robustness cells compare headline values only: no intervals per run.
SETTINGS = DEFAULTS.but(bootstrap=0)


def _headlines(results) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """The headline value of each scored task: for NER of an extractor that declares
    CoNLL labels (``label_set: coarse``), the coarse view, as ``score`` shows it."""
    paths = {task: headline_path(task, results.extractor) for task, _, _ in HEADLINE}
    values = {task: results.value(path) for task, path in paths.items()}
    return {task: value for task, value in values.items() if value is not None}


def _interval(drops: list[float], seed: int, samples: int = DEFAULTS.bootstrap
              ) -> tuple[float, float]:
    rng = random.Random(seed)
    means = sorted(sum(rng.choice(drops) for _ in drops) / len(drops) for _ in range(samples))
    return means[int(0.025 * (samples - 1))], means[int(0.975 * (samples - 1))]


def robustness(gold: GoldSet, extractors: list[tuple[str, Any]], *,
               kinds: tuple[str, ...] = DEFAULT_KINDS, n: int = 3, seed: int = DEFAULTS.seed,
               progress: Callable[[str], None] | None = None,
               advance: Callable[[], None] | None = None,
               whole: GoldSet | None = None) -> dict[str, Any]:
    """The robustness table as a JSON-able dict (see the module docstring).
    ``progress`` hears what runs next, ``advance`` is called after every run
    (``len(extractors) * (1 + len(kinds) * n)`` of them, fewer when one fails).
    ``whole``: the loaded gold, every split: a ``file:`` extractor's lines for its
    documents outside ``gold`` are checked and ignored, as ``khabar score`` does
    (on the variants, the lines of every gold document: none is a variant)."""
    from runners.files import ignore_outside

    whole = whole if whole is not None else gold
    variant_sets: dict[str, GoldSet] = {}
    signatures: dict[str, str] = {}
    for kind in kinds:
        docs, meta = variants(gold.documents, [kind], seed, n)
        variant_sets[kind] = GoldSet(tuple(docs), gold.gold_version, gold_hash(docs), ())
        signatures[kind] = next(iter(meta.values()))["perturbation"].split("|")[0]
    rows: list[Row] = []
    failures: list[dict[str, str]] = []
    for spec, extractor in extractors:
        if progress:
            progress(f"{spec}: original")
        extractor = ignore_outside(extractor, gold, whole)
        original = evaluate(extractor, gold, SETTINGS, spec=spec)
        if advance:
            advance()
        if not original.ok:
            failures.append({"system": spec, "kind": "original", "reason": original.run.reason})
            continue
        described = original.run.info.to_json()
        base = _headlines(original.results)
        mine = {task: Row(spec, task, value) for task, value in base.items()}
        paths = {task: headline_path(task, described) for task in mine}
        extractor = ignore_outside(extractor, (), whole)
        for kind in kinds:
            if progress:
                progress(f"{spec}: {kind} ×{n}")
            vgold = variant_sets[kind]
            per_variant: dict[str, list[float]] = {task: [] for task in mine}
            failed = 0
            for k in range(n):
                subset = GoldSet(tuple(d for d in vgold.documents if d.doc_id.endswith(f".v{k}")),
                                 vgold.gold_version, vgold.sha256, ())
                got = evaluate(extractor, subset, SETTINGS, spec=spec)
                if advance:
                    advance()
                if not got.ok:
                    failed += 1
                    failures.append({"system": spec, "kind": kind, "reason": got.run.reason})
                    continue
                values = _headlines(got.results)
                for task in mine:
                    if task in values:
                        per_variant[task].append(values[task])
            for task, row in mine.items():
                cell = Cell(per_variant[task], row.original, failed)
                if cell.values:
                    drops = [v - row.original for v in cell.values]
                    cell.low, cell.high = _interval(drops, seed)
                row.cells[kind] = cell
        for task, row in mine.items():
            if paths[task] != HEADLINE_PATHS[task]:
                row.path = paths[task]
        rows += mine.values()
    return {
        "gold": gold.label, "seed": seed, "n": n, "kinds": list(kinds),
        "perturbations": signatures,
        "headline": {task: path for task, _, path in HEADLINE},
        "rows": [{"system": r.system, "task": r.task, "original": r.original,
                  "cells": {k: c.to_json() for k, c in r.cells.items()},
                  **({"headline": r.path, "view": "coarse"} if r.path else {})}
                 for r in rows],
        "failures": failures,
    }


def render_markdown(table: dict[str, Any]) -> str:
    """``reports/robustness.md``: rows = extractor × task, columns = kinds (system
    names and failure reasons escaped for Markdown)."""
    from benchmark.render.common import COARSE_MARK, COARSE_NOTE, md_code, md_text

    kinds = table["kinds"]
    lines = ["# khabar-bench robustness", "",
             f"Gold `{table['gold']}`; {table['n']} variant(s) per kind, seeds "
             f"{table['seed']}…{table['seed'] + table['n'] - 1}. A cell is the mean headline "
             "metric over the variants, its change from the original, and a 95% bootstrap "
             "interval of that change over the variants.", "",
             "<!-- written by khabar: regenerate with `khabar robustness` -->", "",
             "| system | task (headline) | original | " + " | ".join(kinds) + " |",
             "|" + "---|" * (len(kinds) + 3)]
    for row in table["rows"]:
        cells = []
        for kind in kinds:
            c = row["cells"].get(kind)
            if not c or c["mean"] is None:
                cells.append("failed")
                continue
            text = f"{c['mean']:.3f} ({c['drop']:+.3f}"
            if c["ci"][0] is not None and table["n"] > 1:
                text += f", [{c['ci'][0]:+.3f}, {c['ci'][1]:+.3f}]"
            cells.append(text + ")")
        shown = (f"{row['headline']} {COARSE_MARK}" if row.get("view") == "coarse"
                 else table["headline"][row["task"]])
        lines.append(f"| {md_code(row['system'])} | {shown} | "
                     f"{row['original']:.3f} | " + " | ".join(cells) + " |")
    if any(row.get("view") == "coarse" for row in table["rows"]):
        lines += ["", COARSE_NOTE + "."]
    lines += ["", "Perturbations:", ""]
    lines += [f"- `{kind}`: `{sig}`" for kind, sig in table["perturbations"].items()]
    if table["failures"]:
        lines += ["", "Failed runs:", ""]
        lines += [f"- {md_code(f['system'], table=False)} on {md_text(f['kind'])}: "
                  f"{md_text(f['reason'])}" for f in table["failures"]]
    return "\n".join(lines) + "\n"
