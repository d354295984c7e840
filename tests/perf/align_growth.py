"""Growth of string alignment (:meth:`benchmark.predict.align.Aligner.assign`) with the
number of predicted spans in one document.

Two synthetic documents per size N (spans per document 250 … 8,000), seeded:

* *news-like*: 3·N words, names drawn from a vocabulary that grows with the
  document (N/4 names, each mentioned about 5 times, among function words);
  the predicted spans are N name mentions in reading order, one in eight a
  two-name container followed by its nested inner name, one in ten with
  spelling drift (hamza/alef, ى/ي, ة/ه). Candidate occurrences grow like N.
* *fixed vocabulary*: the document of tests/perf/runner_overhead.py (29 words
  drawn at random): every word occurs about N/10 times, so the candidate
  occurrences C grow like N² whatever the algorithm; time per candidate is the
  figure to watch there.

Times the current ``assign`` and the reference implementation it replaced
(tests/test_align_property.py, where the two are checked to agree) while a run
of the reference is expected to stay under ``--budget`` seconds; the fitted
exponent is the least-squares slope of log(time) on log(N) (and on log(C)).
Writes the ``<!-- perf:align -->`` section of the perf report.

    .venv/bin/python tests/perf/align_growth.py [--out reports/perf.md]
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests"))

from report import PERF_REPORT, write_section  # noqa: E402
from runner_overhead import synthetic  # noqa: E402

from benchmark.predict.align import Aligner  # noqa: E402

SIZES = (250, 500, 1000, 2000, 4000, 8000)
LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"
FUNCTION = ("في", "من", "على", "أن", "قال", "إلى", "عن", "مع", "بعد", "ذلك")
DRIFT = {"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه"}


def _name(rng: random.Random) -> str:
    core = "".join(rng.choice(LETTERS) for _ in range(rng.randint(3, 5)))
    return rng.choice(("أ", "إ", "آ", "ال", "")) + core + rng.choice(("ى", "ة", "", ""))


def news_like(n: int, seed: int) -> tuple[str, list[tuple[str, None]], list[str]]:
    rng = random.Random(seed)
    vocab = sorted({_name(rng) for _ in range(max(4, n // 4))})
    parts, names, pos = [], [], 0
    for i in range(3 * n):
        if rng.random() < 0.4:
            word = rng.choice(vocab)
            names.append((pos, pos + len(word), word))
        else:
            word = rng.choice(FUNCTION)
        parts.append(word)
        pos += len(word)
        sep = ". " if i % 12 == 11 else " "
        parts.append(sep)
        pos += len(sep)
    text = "".join(parts)
    needles, types = [], []
    k = 0
    picks = sorted(rng.sample(range(len(names)), min(n, len(names))))
    while k < len(picks) and len(needles) < n:
        s, e, word = names[picks[k]]
        nxt = names[picks[k] + 1] if picks[k] + 1 < len(names) else None
        if nxt is not None and nxt[0] == e + 1 and rng.random() < 1 / 8 and len(needles) + 2 <= n:
            needles += [(text[s:nxt[1]], None), (word, None)]      # container, then nested
            types += ["ORG", "PERS"]
            k += 1
            while k < len(picks) and names[picks[k]][0] < nxt[1]:
                k += 1
            continue
        needles.append(("".join(DRIFT.get(c, c) for c in word) if rng.random() < 0.1
                        else word, None))
        types.append("PERS")
        k += 1
    return text, needles, types


def fixed_vocabulary(n: int, seed: int) -> tuple[str, list[tuple[str, None]], list[str]]:
    text, words = synthetic(n * 3, seed)
    chosen = sorted(random.Random(seed + 1).sample(range(len(words)), n))
    return text, [(text[words[i][0]:words[i][1]], None) for i in chosen], ["GPE"] * n


def timed(fn, text, needles, types, repeat: int) -> tuple[float, list]:  # type: ignore[no-untyped-def]
    """Best CPU time (``time.process_time``: on a shared machine, the time spent
    waiting for a core is left out) of ``repeat`` runs on a fresh aligner each."""
    best, out = float("inf"), []
    for _ in range(repeat):
        aligner = Aligner(text)                       # fresh: candidate search included
        t0 = time.process_time()
        out = fn(aligner, needles, types)
        best = min(best, time.process_time() - t0)
    return best, out


BEFORE_SCRIPT = """
import json, sys, time
sys.path[:0] = [{here!r}]
import align_growth as g
import benchmark.predict.align
from benchmark.predict.align import Aligner
assert benchmark.predict.align.__file__.startswith({tree!r}), benchmark.predict.align.__file__
text, needles, types = getattr(g, {build!r})({n}, {seed})
t0 = time.process_time()
got = Aligner(text).assign(needles, types)
print(json.dumps([time.process_time() - t0, [(a.start, a.end, a.method) for a in got]]))
"""


def before_run(tree: Path, build: str, n: int, seed: int) -> tuple[float, list]:
    """CPU seconds of ``assign`` in another source tree (``PYTHONPATH=tree``: the
    implementation as it was), and its assignment, in a subprocess."""
    import json
    import subprocess

    tree = tree.resolve()
    code = BEFORE_SCRIPT.format(here=str(HERE), build=build, n=n, seed=seed, tree=str(tree))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)})
    seconds, spans = json.loads(proc.stdout)
    return seconds, [tuple(x) for x in spans]


def slope(xs: list[float], ys: list[float]) -> float:
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sum((a - mx) ** 2 for a in lx)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=PERF_REPORT)
    ap.add_argument("--seed", type=int, default=12345)
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--budget", type=float, default=60.0,
                    help="Seconds a run of the reference may be expected to take.")
    ap.add_argument("--before", type=Path, default=None,
                    help="Another source tree (e.g. `git archive` of an older commit) whose "
                         "`assign` is timed too, in a subprocess with PYTHONPATH=DIR.")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    from test_align_property import reference_assign
    new_assign = Aligner.assign
    sections = []
    for label, build in (("news-like", news_like), ("fixed vocabulary", fixed_vocabulary)):
        rows = []
        ref_ok, last_ref, before_ok = True, None, args.before is not None
        for n in sizes:
            text, needles, types = build(n, args.seed)
            counter = Aligner(text)
            cands = sum(len(counter.candidates(s)) for s, _ in needles)
            got = new_assign(Aligner(text), needles, types)
            # timed in fresh subprocesses, as the --before tree is (the same start)
            t_new = min(before_run(ROOT, build.__name__, n, args.seed)[0]
                        for _ in range(args.repeat))
            t_ref = None
            if ref_ok:
                t_ref, want = timed(reference_assign, text, needles, types, 1)
                assert got == want, f"{label} N={n}: the assignments differ"
                last_ref = (n, t_ref)
                ref_ok = t_ref * 4 <= args.budget      # next size: at least ×4 (quadratic)
            t_before = None
            if before_ok:
                t_before, spans = before_run(args.before, build.__name__, n, args.seed)
                assert spans == [(a.start, a.end, a.method) for a in got], \
                    f"{label} N={n}: the tree given as --before assigns differently"
                before_ok = t_before * 4 <= args.budget
            rows.append({"n": len(needles), "chars": len(text), "cands": cands, "new": t_new,
                         "ref": t_ref, "before": t_before,
                         "exact": sum(a.method == "exact" for a in got),
                         "aligned": sum(a.start is not None for a in got)})
            print(label, rows[-1], flush=True)
        sections.append((label, rows, last_ref))

    lines = ["## String alignment: growth with the spans of one document", "",
             f"`.venv/bin/python tests/perf/align_growth.py --sizes {args.sizes} --repeat "
             f"{args.repeat}" + (f" --before {args.before}" if args.before else "")
             + f" --out reports/perf.md` · {time.strftime('%Y-%m-%d', time.gmtime())} · "
             f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} "
             "cores, on a machine shared with other sessions: times are CPU seconds "
             "(`time.process_time`, time spent waiting for a core left out), still noisy. "
             f"`assign`: this tree, best of {args.repeat} runs, each in a fresh subprocess; "
             "*reference*: the previous dynamic programme (kept in "
             "tests/test_align_property.py) on this tree's candidate search, one run in the "
             "script's process; *before*: `assign` of the tree given as `--before` (the code "
             "before this work: old candidate search and old programme), one run in a fresh "
             f"subprocess. Each runs while a run stays within the {args.budget:.0f} s budget; "
             "all include the candidate search. At every size measured all give the same "
             "assignment.", ""]
    for label, rows, _ in sections:
        xs = [r["n"] for r in rows]
        e_new = slope(xs, [r["new"] for r in rows])
        e_c = slope([r["cands"] for r in rows], [r["new"] for r in rows])
        refs = [r for r in rows if r["ref"] is not None]
        lines += [f"### {label}", "",
                  "| spans | characters | candidate occurrences C | aligned (verbatim) | "
                  "`assign` s | µs per candidate | reference s | before s | before ÷ assign |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in rows:
            ref = f"{r['ref']:.3f}" if r["ref"] is not None else "not run"
            bef = f"{r['before']:.3f}" if r["before"] is not None else "not run"
            ratio = f"{r['before'] / r['new']:.1f}" if r["before"] is not None else ""
            lines.append(f"| {r['n']:,} | {r['chars']:,} | {r['cands']:,} | {r['aligned']:,} "
                         f"({r['exact']:,}) | {r['new']:.3f} | "
                         f"{1e6 * r['new'] / max(r['cands'], 1):.2f} | {ref} | {bef} | "
                         f"{ratio} |")
        line = (f"Fitted exponent of `assign` (least squares, log time on log spans): "
                f"**{e_new:.2f}**; on log C: **{e_c:.2f}**")
        if len(refs) >= 2:
            line += (f"; the reference's on log spans, over the sizes it ran: "
                     f"{slope([r['n'] for r in refs], [r['ref'] for r in refs]):.2f}")
        befores = [r for r in rows if r["before"] is not None]
        if len(befores) >= 2:
            line += (f"; before's on log spans, over the sizes it ran: "
                     f"{slope([r['n'] for r in befores], [r['before'] for r in befores]):.2f}")
        lines += ["", line + ".", ""]
    write_section(args.out, "align", "\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
