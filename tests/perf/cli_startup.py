"""Start-up of the command line: ``khabar --help`` as a subprocess, and its imports.

Times ``khabar --help`` (median of ``--runs``, target under 0.3 s) and lists the
slowest imports of that run (``python -X importtime``, cumulative, the top 12)
and the modules it must not load (the gold machinery, numpy, pydantic, the
extractors). Writes the ``<!-- perf:cli -->`` section of ``reports/perf.md``.

    .venv/bin/python tests/perf/cli_startup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from report import write_section  # noqa: E402

KHABAR = str(Path(sys.executable).parent / "khabar")
#: Heavy modules ``khabar --help`` must not import.
NOT_AT_HELP = ("benchmark.gold.loader", "benchmark.scoring", "numpy", "pydantic", "datasets",
               "sklearn", "runners.builtin", "dateparser", "torch", "markdown_it", "pygments")
#: What ``--help`` reads under those: the option defaults, from a module that imports
#: nothing of khabar (:mod:`benchmark.scoring.settings`), and its empty package.
READ_AT_HELP = ("benchmark.scoring", "benchmark.scoring.settings")


def _time_help(runs: int, env: dict[str, str] | None) -> tuple[list[float], list[float]]:
    """``runs`` timings of ``khabar --help`` (and of the ``--before`` tree, interleaved)."""
    times, before = [], []
    for _ in range(runs):  # interleaved with the other tree's runs, if any
        t0 = time.perf_counter()
        subprocess.run([KHABAR, "--help"], capture_output=True, check=True)
        times.append(time.perf_counter() - t0)
        if env is not None:
            t0 = time.perf_counter()
            subprocess.run([KHABAR, "--help"], capture_output=True, check=True, env=env)
            before.append(time.perf_counter() - t0)
    return times, before


def _compile(trees: list[Path]) -> list[Path]:
    """Compile each tree's ``benchmark/`` and ``runners/`` into ``__pycache__``; the
    ``__pycache__`` folders this created (removed again after the timing)."""
    import py_compile

    created: list[Path] = []
    for tree in trees:
        for package in ("benchmark", "runners"):
            for source in sorted((tree / package).rglob("*.py")):
                cache = source.parent / "__pycache__"
                if not cache.exists():
                    created.append(cache)
                py_compile.compile(str(source), quiet=2)
    return created


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "khabar-reports" / "perf.md")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--before", type=Path, default=None,
                    help="Another source tree to time the same way (PYTHONPATH=DIR).")
    args = ap.parse_args(argv)
    env = {**os.environ, "PYTHONPATH": str(args.before)} if args.before else None
    load = os.getloadavg()[0]
    trees = [ROOT] + ([args.before] if args.before else [])
    cold = cold_before = None
    if sys.flags.dont_write_bytecode:
        # PYTHONDONTWRITEBYTECODE: no run ever leaves bytecode, so each start compiles
        # the tree's sources again, which no installed khabar does (pip compiles them,
        # and Python writes __pycache__ on a first run). Timed both ways: as it is, then
        # with the bytecode compiled once, as a first run would leave it.
        cold, cold_before = _time_help(args.runs, env)
    created = _compile(trees) if sys.flags.dont_write_bytecode else []
    code = "import sys; sys.argv = ['khabar', '--help']; from benchmark.cli import app; app()"
    try:
        times, before = _time_help(args.runs, env)
        proc = subprocess.run([sys.executable, "-X", "importtime", "-c", code],
                              capture_output=True, text=True)
    finally:
        for cache in created:
            shutil.rmtree(cache, ignore_errors=True)
    median = statistics.median(times)
    rows = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        self_us, cumulative, name = (p.strip() for p in line.split(":", 1)[1].split("|"))
        if self_us.isdigit():
            rows.append((int(cumulative), int(self_us), name))
    loaded = {name.strip() for _, _, name in rows}
    bad = sorted(m for m in NOT_AT_HELP
                 if any((n == m or n.startswith(m + ".")) and n not in READ_AT_HELP for n in loaded))
    top = sorted(rows, reverse=True)[:12]
    lines = [
        "## Start-up: `khabar --help`",
        "",
        f"`.venv/bin/python tests/perf/cli_startup.py --runs {args.runs}"
        + (f" --before {args.before}" if args.before else "") + "` · "
        f"{time.strftime('%Y-%m-%d', time.gmtime())} · Python {platform.python_version()} on "
        f"{platform.machine()}, {os.cpu_count()} cores, 1-minute load average {load:.2f} "
        "when the timing started (timings on a shared machine move with it).",
        "",
        f"`khabar --help` as a subprocess: median {median:.3f} s of {args.runs} runs "
        f"(min {min(times):.3f} s, max {max(times):.3f} s); target under 0.3 s: "
        f"**{'met' if median < 0.3 else 'NOT met'}**."
        + (f" The tree given as `--before` ({args.before}), run the same way, interleaved: "
           f"median {statistics.median(before):.3f} s." if before else "")
        + (f" These runs read the tree's bytecode, compiled once first: `PYTHONDONTWRITEBYTECODE`"
           f" is set here, so no run leaves any, and without it every start compiles the"
           f" sources again: median {statistics.median(cold):.3f} s"
           + (f" (`--before`: {statistics.median(cold_before):.3f} s)" if cold_before else "")
           + "." if cold else ""),
        "",
        f"Not imported by `--help` ({', '.join(NOT_AT_HELP)}): "
        + ("all of them stay out." if not bad else f"**imported: {', '.join(bad)}**"),
        "",
        "Slowest imports of that run (`python -X importtime`, cumulative µs):",
        "",
        "| module | cumulative µs | self µs |",
        "|---|---:|---:|",
    ]
    lines += [f"| `{name}` | {cum:,} | {own:,} |" for cum, own, name in top]
    lines += ["", "Commands import what they need inside their body (`datasets`, `sklearn`, "
                  "numpy, the extractors). typer 0.29 builds a pydantic `TypeAdapter` for every "
                  "parameter of the command it runs, so each command (not `--help`) would also "
                  "pay for importing pydantic, about 0.1–0.2 s; khabar pins typer 0.27–0.28, "
                  "which vendor click without pydantic (`khabar validate`: 0.48 s with typer "
                  "0.29, 0.35 s with 0.28, medians of 7 runs interleaved)."]
    write_section(args.out, "cli", "\n".join(lines))
    print("\n".join(lines))
    return 0 if median < 0.3 and not bad else 1


if __name__ == "__main__":
    raise SystemExit(main())
