"""Growth of time and peak memory with the number of documents, command by command.

For N in 1, 10, 100, 1,000 and 10,000, a gold directory of N copies of the
seed document (doc_ids ``<seed>.cKKKKK``, every layer; one shared text file,
tests/perf/synth.py) and a predictions file (each copy: the gold with every
5th entity, 3rd timex and 2nd attribution left out). Each command runs as a
subprocess under ``/usr/bin/time`` (wall seconds, maximum resident set size):

* ``khabar validate GOLD``;
* ``khabar score file:preds.jsonl --gold GOLD --json out.json`` (bootstrap 1000);
* ``khabar compare oracle empty file:preds.jsonl --gold GOLD --format json``;
* ``khabar leaderboard --gold GOLD --out DIR`` (the built-in extractors rules,
  duckling and dateparser; up to ``--leaderboard-max`` documents, 1,000 by
  default: the extractors themselves take about a second per document).

The exponent of each step is ``log(t2 / t1) / log(N2 / N1)``; a step above 1.1
grows faster than linearly and is flagged. Writes the ``<!-- perf:growth -->``
section of ``reports/perf.md``.

    .venv/bin/python tests/perf/growth.py [--sizes 1,10,100,1000,10000]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from report import write_section  # noqa: E402
from synth import SEED_DOC, write_seed_copies  # noqa: E402

KHABAR = str(Path(sys.executable).parent / "khabar")
TIME = "/usr/bin/time"


def predictions(gold_dir: Path, out: Path) -> None:
    """One JSONL line per gold file: its gold with some mentions left out."""
    lines = []
    for path in sorted(gold_dir.glob("*.json")):
        g = json.loads(path.read_text(encoding="utf-8"))
        ents = [{"start": e["start"], "end": e["end"], "type": e["type"]}
                for i, e in enumerate(g["entities"]) if i % 5 and not e["optional"]]
        tims = [{"start": t["start"], "end": t["end"], "type": t["type"], "value": t["value"]}
                for i, t in enumerate(g["timexes"]) if i % 3 and not t["optional"]]
        atts = [{r: [{"start": s["start"], "end": s["end"]} for s in a[r]]
                 for r in ("source", "cue", "content")} | {"kind": a["kind"]}
                for i, a in enumerate(g["attributions"]) if i % 2 and not a["optional"]]
        lines.append(json.dumps({"doc_id": g["doc_id"], "entities": ents, "timexes": tims,
                                 "attributions": atts}, ensure_ascii=False))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def timed(cmd: list[str], work: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of ``cmd`` (``/usr/bin/time``)."""
    stats = work / "time.txt"
    proc = subprocess.run([TIME, "-f", "%e %M", "-o", str(stats), *cmd], capture_output=True,
                          text=True, cwd=work)
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-3000:]}")
    wall, rss_kib = stats.read_text().split()[-2:]
    return float(wall), int(rss_kib) / 1024


def commands(gold: Path, preds: Path, work: Path) -> dict[str, list[str]]:
    g = ["--gold", str(gold)]
    return {
        "validate": [KHABAR, "validate", str(gold)],
        "score (file, bootstrap 1000)": [KHABAR, "score", f"file:{preds}", *g, "--json",
                                         str(work / "score.json"), "--force"],
        "compare (oracle, empty, file)": [KHABAR, "compare", "oracle", "empty",
                                          f"file:{preds}", *g, "--format", "json"],
        "leaderboard (rules, duckling, dateparser)": [KHABAR, "leaderboard", *g, "--out",
                                                       str(work / "reports"), "--force"],
    }


def exponents(points: list[tuple[int, float]]) -> list[float | None]:
    out: list[float | None] = [None]
    for (n1, t1), (n2, t2) in zip(points, points[1:]):
        out.append(math.log(t2 / t1) / math.log(n2 / n1) if t1 > 0 and t2 > 0 else None)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "khabar-reports" / "perf.md")
    ap.add_argument("--sizes", default="1,10,100,1000,10000")
    ap.add_argument("--leaderboard-max", type=int, default=1000)
    args = ap.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",")]
    table: dict[str, list[tuple[int, float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="khabar-growth-") as tmp:
        for n in sizes:
            work = Path(tmp) / f"n{n}"
            t0 = time.perf_counter()
            gold = write_seed_copies(work, n)
            preds = work / "preds.jsonl"
            predictions(gold, preds)
            print(f"N={n}: gold written in {time.perf_counter() - t0:.1f} s")
            for name, cmd in commands(gold, preds, work).items():
                if name.startswith("leaderboard") and n > args.leaderboard_max:
                    continue
                wall, rss = timed(cmd, work)
                table.setdefault(name, []).append((n, wall, rss))
                print(f"  {name}: {wall:.2f} s, {rss:.0f} MiB")

    flagged = []
    lines = [
        "## Growth with the number of documents",
        "",
        f"`.venv/bin/python tests/perf/growth.py --sizes {args.sizes} --leaderboard-max "
        f"{args.leaderboard_max}` · {time.strftime('%Y-%m-%d', time.gmtime())} · Python "
        f"{platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores. "
        f"Gold: N copies of the seed document `{SEED_DOC}` (83 entities, 10 TIMEX3, 8 "
        "attributions, 3,951 bytes of text each); predictions: each copy's gold with "
        "every 5th entity, 3rd timex and 2nd attribution left out. One run per cell, "
        "`/usr/bin/time` wall seconds and maximum RSS; exponent = log(t₂/t₁)/log(N₂/N₁) "
        "from the previous size (≤ 1.1: linear or better).",
        "",
        "| command | " + " | ".join(f"N={n:,}" for n in sizes) + " |",
        "|---|" + "---:|" * len(sizes),
    ]
    for name, points in table.items():
        exps = exponents([(n, t) for n, t, _ in points])
        cells = []
        for (n, t, rss), e in zip(points, exps):
            mark = ""
            if e is not None and e > 1.1:
                mark = " ⚠"
                flagged.append(f"{name} from N={n // 10:,} to N={n:,}: exponent {e:.2f}")
            cells.append(f"{t:.2f} s · {rss:.0f} MiB" + (f" · ^{e:.2f}{mark}" if e is not None
                                                         else ""))
        cells += ["not run"] * (len(sizes) - len(cells))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", ("Steps above 1.1: " + "; ".join(flagged) + ".") if flagged
              else "No step grows faster than N^1.1."]
    if any(n > args.leaderboard_max for n in sizes):
        lines += ["", f"`leaderboard` is measured up to N={args.leaderboard_max:,}: it runs "
                      "the three built-in extractors on every document (rules, Duckling and "
                      "dateparser, most of its time), so N=10,000 would take hours; its "
                      "scoring and reports are the same code as `compare`'s."]
    write_section(args.out, "growth", "\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
