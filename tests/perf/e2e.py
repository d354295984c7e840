"""End to end, as users run it: ``khabar score`` against seqeval and nervaluate.

Builds a seeded synthetic corpus on disk (tests/perf/synth.py: about 1,000,000
tokens in 100 documents, about 84,000 flat entities in 8 types; a gold
directory in format 2 and a khabar JSONL predictions file with offsets and
realistic errors), then times as subprocesses, runs interleaved, the median
of ``--repeat`` runs (wall clock, and CPU = user + system, which leaves out the
time spent waiting for a core on a shared machine):

* ``khabar score file:preds.jsonl --gold DIR --task ner --json out.json``
  (default bootstrap, 1000 resamples), and the same with ``--bootstrap 0``;
* seqeval: tests/perf/peers/seqeval_score.py — reads the same files, builds IOB2
  tags per sentence, ``classification_report``;
* nervaluate: tests/perf/peers/nervaluate_score.py — reads the same files, one
  span list per sentence, ``Evaluator(...).evaluate()``.

It checks that the three strict F1 are identical, times the phases of a khabar
run in one process (tests/perf/e2e_phases.py), and writes the
``<!-- perf:e2e -->`` section of ``reports/perf.md``. ``--before DIR`` also times
another source tree (e.g. ``git archive <commit>`` unpacked) the same way, run
with ``PYTHONPATH=DIR``, for a before/after table.

    .venv/bin/python tests/perf/e2e.py [--before DIR] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from cli_startup import _compile  # noqa: E402
from report import write_section  # noqa: E402
from synth import write_ner_corpus  # noqa: E402

PY = sys.executable
KHABAR = str(Path(sys.executable).parent / "khabar")


def run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user + system, children) and stdout of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.stdout


def tree_env(tree: Path | None, cache: Path | None = None) -> dict[str, str] | None:
    env = dict(os.environ)
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    if cache is not None:
        env["KHABAR_CACHE"] = str(cache)
    return env


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "khabar-reports" / "perf.md")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=12345)
    ap.add_argument("--before", type=Path, default=None,
                    help="Another source tree to time the same way (before/after).")
    ap.add_argument("--before-label", default="before")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="khabar-e2e-") as tmp:
        work = Path(tmp)
        t0 = time.perf_counter()
        sizes = write_ner_corpus(work, seed=args.seed)
        print(f"corpus: {sizes['documents']} documents, {sizes['tokens']:,} tokens, "
              f"{sizes['gold']:,} gold and {sizes['pred']:,} predicted entities "
              f"({time.perf_counter() - t0:.1f} s to write)")
        gold_dir, preds = str(sizes["gold_dir"]), str(sizes["preds"])
        trees: list[tuple[str, Path | None]] = [("after", None)]
        if args.before is not None:
            trees.insert(0, (args.before_label, args.before.resolve()))
        # Every tree's bytecode is compiled first, as an installed khabar has it (pip
        # compiles it, a first run writes it). Under PYTHONDONTWRITEBYTECODE no run
        # writes any, and each one would compile the modules without it again.
        created = _compile([ROOT] + [tree for _, tree in trees if tree is not None])
        commands: dict[str, tuple[list[str], dict[str, str] | None]] = {}
        for label, tree in trees:
            out = str(work / f"{label}.json")
            base = [KHABAR, "score", f"file:{preds}", "--gold", gold_dir, "--task", "ner",
                    "--json", out, "--force"]
            # the gold document cache (benchmark/gold/doccache.py) of these runs: primed
            # by one untimed run, so they are warm; "cold cache" rows start empty
            commands[f"khabar {label}"] = (base, tree_env(tree, work / "cache"))
            commands[f"khabar {label} --bootstrap 0"] = (
                base[:-2] + [str(work / f"{label}-bs0.json"), "--force", "--bootstrap", "0"],
                tree_env(tree, work / "cache"))
        commands["khabar after, cold cache"] = (
            [KHABAR, "score", f"file:{preds}", "--gold", gold_dir, "--task", "ner",
             "--json", str(work / "cold.json"), "--force"], None)
        run(commands["khabar after"][0], commands["khabar after"][1])  # primes the cache
        commands["seqeval"] = ([PY, str(HERE / "peers" / "seqeval_score.py"), gold_dir, preds],
                               None)
        commands["nervaluate"] = ([PY, str(HERE / "peers" / "nervaluate_score.py"), gold_dir,
                                   preds], None)
        runs: dict[str, list[tuple[float, float]]] = {}
        stdout: dict[str, str] = {}
        for r in range(args.repeat):
            for name, (cmd, env) in commands.items():
                if name.endswith("cold cache"):
                    env = tree_env(None, work / f"cold-{r}")
                wall, cpu, text = run(cmd, env)
                stdout[name] = text
                runs.setdefault(name, []).append((wall, cpu))
                print(f"round {r + 1}: {name}: {wall:.2f} s wall, {cpu:.2f} s CPU", flush=True)
        best = {name: (statistics.median(w for w, _ in rs), statistics.median(c for _, c in rs))
                for name, rs in runs.items()}
        f1 = {"seqeval": json.loads(stdout["seqeval"])["strict_f1"],
              "nervaluate": json.loads(stdout["nervaluate"])["strict_f1"]}
        for label, _ in trees:
            data = json.loads((work / f"{label}.json").read_text(encoding="utf-8"))
            f1[f"khabar {label}"] = data["tasks"]["ner"]["strict"]["f1"]
        f1["khabar after, cold cache"] = json.loads((work / "cold.json").read_text(
            encoding="utf-8"))["tasks"]["ner"]["strict"]["f1"]
        same_json = (work / "cold.json").read_bytes() == (work / "after.json").read_bytes()
        print("results JSON, cold and warm cache:", "identical" if same_json else "DIFFERENT")
        agree = len(set(f1.values())) == 1
        print("strict F1:", f1, "identical" if agree else "DIFFERENT")
        agree = agree and same_json
        phases = {}
        for label, tree in trees:
            _, _, text = run([PY, str(HERE / "e2e_phases.py"), gold_dir, preds,
                              str(args.repeat)], tree_env(tree, work / "cache"))
            phases[label] = json.loads(text)
            print(f"phases ({label}):", phases[label])
        for cache in created:
            shutil.rmtree(cache, ignore_errors=True)

    def row(name: str, what: str, ref: str = "khabar after") -> str:
        wall, cpu = best[name]
        ratio, cpu_ratio = wall / best[ref][0], cpu / best[ref][1]
        return (f"| {name} | {what} | {wall:.2f} | {cpu:.2f} | "
                f"{'1.0' if name == ref else f'{ratio:.1f}'} | "
                f"{'1.0' if name == ref else f'{cpu_ratio:.1f}'} |")

    khabar = best["khabar after"][0]
    seq_x, nv_x = best["seqeval"][0] / khabar, best["nervaluate"][0] / khabar
    khabar_cpu = best["khabar after"][1]
    seq_c, nv_c = best["seqeval"][1] / khabar_cpu, best["nervaluate"][1] / khabar_cpu
    cmd = "`.venv/bin/python tests/perf/e2e.py" + (
        f" --before {args.before} --before-label {args.before_label}" if args.before else "") \
        + f" --repeat {args.repeat}`"
    lines = [
        "## End to end: `khabar score` against seqeval and nervaluate",
        "",
        f"{cmd} · {time.strftime('%Y-%m-%d', time.gmtime())} · Python "
        f"{platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores. "
        f"Subprocesses run interleaved, median of {args.repeat} runs, wall clock and CPU "
        "(user + system), each tree's bytecode compiled first. The machine is shared with other sessions (2 cores, often "
        "more runnable processes than cores): the wall times include waiting for a core, "
        "so the ratios of runs side by side say more than the seconds, and the CPU "
        "ratios more than the wall ones.",
        "",
        f"Corpus (`tests/perf/synth.py`, seed {args.seed}): {sizes['documents']} documents, "
        f"{sizes['tokens']:,} tokens, {sizes['gold']:,} gold and {sizes['pred']:,} predicted "
        "flat entities in 8 types; a gold directory (format 2, indented JSON, text files "
        "beside it) and a khabar JSONL predictions file with offsets.",
        "",
        "| command | what it does | wall s | CPU s | × khabar (wall) | × khabar (CPU) |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for label, _ in trees:
        lines.append(row(f"khabar {label}", "`khabar score file:preds.jsonl --gold DIR --task "
                                            "ner --json out.json` (bootstrap 1000)"))
        lines.append(row(f"khabar {label} --bootstrap 0", "the same without the bootstrap"))
    lines.append(row("khabar after, cold cache", "`khabar score` (bootstrap 1000) with an "
                                                 "empty gold document cache, written during the run"))
    cold_cpu = best["khabar after, cold cache"][1]
    cold_wall = best["khabar after, cold cache"][0]
    lines += [
        row("seqeval", "`peers/seqeval_score.py`: read, IOB2 tags, `classification_report`"),
        row("nervaluate", "`peers/nervaluate_score.py`: read, spans per sentence, "
                          "`Evaluator.evaluate()`"),
        "",
        f"Targets: khabar ≥ 8× faster than seqeval (here {seq_x:.1f}× wall, {seq_c:.1f}× CPU) "
        f"and ≥ 5× faster than nervaluate (here {nv_x:.1f}× wall, {nv_c:.1f}× CPU): "
        f"in CPU **{'met' if seq_c >= 8 and nv_c >= 5 else 'NOT met'}**, in wall time "
        f"**{'met' if seq_x >= 8 and nv_x >= 5 else 'NOT met'}**. With a cold gold document "
        f"cache (the first run on a gold, or `KHABAR_CACHE=off`: every document is parsed and "
        f"checked in full, and stored): "
        f"{best['seqeval'][0] / cold_wall:.1f}× and {best['nervaluate'][0] / cold_wall:.1f}× "
        f"wall, {best['seqeval'][1] / cold_cpu:.1f}× and {best['nervaluate'][1] / cold_cpu:.1f}× "
        "CPU. The other khabar rows run with the cache warm (primed by one untimed run), "
        "as every run after the first on the same gold files. The bootstrap costs "
        f"{best['khabar after'][0] - best['khabar after --bootstrap 0'][0]:+.2f} s "
        "(numpy import and 1000 resamples over 100 document units).",
        "",
        "Strict F1: " + ", ".join(f"{k} {v:.10f}" for k, v in f1.items())
        + (" — identical." if len(set(f1.values())) == 1 else " — **they differ**.")
        + (" The results JSON of the cold-cache and warm-cache runs are byte-identical."
           if same_json else " The results JSON of the cold- and warm-cache runs **differ**."),
        "",
        "Phases of a khabar run in one process (`tests/perf/e2e_phases.py`, best of "
        f"{args.repeat}, CPU seconds; the load with the gold document cache warm, the "
        "\"of which\" row computes the hash from the documents, without it):",
        "",
        "| phase | " + " | ".join(label for label, _ in trees) + " |",
        "|---|" + "---:|" * len(trees),
    ]
    for key in phases["after"]:
        if key == "peak_rss_mib":
            continue
        lines.append(f"| {key} | " + " | ".join(
            f"{phases[label].get(key, float('nan')):.3f}" for label, _ in trees) + " |")
    lines.append("| peak RSS (MiB) | " + " | ".join(
        f"{phases[label]['peak_rss_mib']:.0f}" for label, _ in trees) + " |")
    write_section(args.out, "e2e", "\n".join(lines))
    print(f"wrote {args.out}")
    return 0 if agree else 1


if __name__ == "__main__":
    raise SystemExit(main())
