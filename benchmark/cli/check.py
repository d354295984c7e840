"""``khabar check``: the CI regression gate (rules: :mod:`benchmark.scoring.gate`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from benchmark.cli.common import EXIT_USAGE, _check_common, _fail, _selection, _wrote, err, out
from benchmark.cli.groups import GateOptions, GoldSelection, RunnerOptions, ScoreOptions, grouped
from benchmark.cli.outputs import _check_outputs, _write_outputs
from benchmark.cli.running import _build_extractors, _evaluate, _report_failure

#: ``khabar check`` without --all: every row when there are at most this many
#: checks (else failures, headline and named metrics), and at most this many
#: reason lines.
_CHECK_ROWS = 25


_CHECK_REASONS = 10


def _gate_current(spec: str, where: GoldSelection, scoring: ScoreOptions,
                  options: dict[str, object]):  # type: ignore[no-untyped-def]
    """Run and score ``spec`` for ``check``; every failure exits 2 (invalid input)."""
    from benchmark.scoring.gate import ResultsFile

    try:
        _check_common(scoring.task, scoring.bootstrap, scoring.norm)
        whole, gold_set = _selection(where.gold, where.split, where.root, None)
        [(name, extractor)] = _build_extractors([spec], gold_set, options)
        from runners.files import ignore_outside

        extractor = ignore_outside(extractor, gold_set, whole)
    except typer.Exit as exc:           # invalid gold is 1 elsewhere; 1 means regression here
        raise typer.Exit(EXIT_USAGE if exc.exit_code else exc.exit_code) from None
    evaluation = _evaluate(name, extractor, gold_set, scoring.settings(split=where.split))
    if not evaluation.ok:
        _report_failure(evaluation.run)
        _fail(f"{spec} failed, so there is nothing to check")
    results = evaluation.results
    if not results.tasks:
        _fail(f"{spec} attempts none of the requested tasks")
    return ResultsFile.of(Path(f"extractor:{spec}"), results)


@grouped
def check(
    results: Annotated[Optional[Path], typer.Argument(
        help="Current results JSON (from `khabar score --json`). Omit with --extractor.",
        show_default=False)] = None,
    *,
    baseline: Annotated[Path, typer.Option(
        "--baseline", help="Baseline results JSON to compare against.",
        show_default=False)] = ...,  # type: ignore[assignment]
    extractor: Annotated[Optional[str], typer.Option(
        "--extractor", help="Run and score this extractor spec first, instead of reading "
                            "RESULTS.", show_default=False)] = None,
    gate: GateOptions,
    junit: Annotated[Optional[Path], typer.Option(
        "--junit", help="Write JUnit XML here (one testcase per metric; replaced if it "
                        "exists).", show_default=False)] = None,
    json_out: Annotated[Optional[Path], typer.Option(
        "--json", help="Write the verdict and every check as JSON here ('-': to stdout; "
                       "everything else then goes to stderr; replaced if it exists).",
        show_default=False)] = None,
    where: GoldSelection,
    scoring: ScoreOptions,
    runner: RunnerOptions,
) -> None:
    """The CI regression gate: compare results with a baseline, metric by metric.

    Checked by default: the headline metric of each task of the baseline
    (tasks.ner.strict.f1, or tasks.ner.coarse.strict.f1 for a coarse-label
    system; tasks.timex.value_f1; tasks.attribution.relation.relaxed.f1);
    --metrics names others (glob
    patterns allowed), --all checks every precision, recall, F1, value_f1 and
    accuracy under ``tasks`` present in both files. A task of the baseline
    missing from the results is a regression. Rules: ``benchmark/scoring/gate.py``. With
    ``$GITHUB_STEP_SUMMARY`` set, a shortened Markdown summary is appended to that
    file and ``::error`` annotations (at most 10) are printed for regressions.
    The --gold/--task/--seed/--bootstrap/--clitic/--norm and runner options apply
    to --extractor.

    Exits 0 when every check passed, 1 on a regression, 2 on invalid input:
    a missing or corrupt file (a metric outside [0, 1] too), the results of a
    failed run, a label-set change between baseline and results, results that are not comparable (different gold
    or metric settings; the difference is shown), an unknown metric path, a bad
    option, invalid gold, or an --extractor that failed.
    """
    import os

    from rich.markup import escape
    from rich.text import Text

    from benchmark.core.files import write_text
    from benchmark.scoring.gate import GateError, load_results, parse_assignments
    from benchmark.scoring.gate import check as run_gate
    from benchmark.render.gate import (
        MAX_ANNOTATIONS,
        MAX_SUMMARY_BYTES,
        SUMMARY_FAILURES,
        github_annotations,
        junit_xml,
        markdown,
        report_json,
    )

    tolerance, max_drop, minimum, ci_aware = (gate.tolerance, gate.max_drop, gate.minimum,
                                              gate.ci_aware)
    show_all, metrics = gate.show_all, gate.metrics
    if (results is None) == (extractor is None):
        _fail("give either RESULTS or --extractor SPEC (exactly one)")
    if show_all and metrics is not None:
        _fail("give --metrics or --all, not both")
    selection: str | list[str] = "all" if show_all else "headline"
    if metrics is not None:
        selection = [m.strip() for m in metrics.split(",") if m.strip()]
        if not selection:
            _fail("--metrics expects comma-separated metric paths or glob patterns, e.g. "
                  "'tasks.ner.*.f1'")
    _check_outputs({"--junit": junit, "--json": json_out})
    json_to_stdout = json_out is not None and str(json_out) == "-"
    show = err if json_to_stdout else out     # with --json -, stdout carries the JSON
    try:
        drops = parse_assignments(max_drop or (), "--max-drop")
        floors = parse_assignments(minimum or (), "--min")
        base = load_results(baseline, "baseline")
        if results is not None:
            current = load_results(results, "results")
        else:
            current = _gate_current(str(extractor), where, scoring, runner.options())
        report = run_gate(base, current, tolerance=tolerance, max_drop=drops, minimum=floors,
                          ci_aware=ci_aware, metrics=selection)
    except GateError as exc:
        _fail(str(exc))

    table = Table(title=Text(f"khabar check — {report.current} against {report.baseline}"))
    table.add_column("metric", no_wrap=True)          # a path never breaks mid-word
    for name in ("baseline", "current", "delta", "allowed", "floor"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("status", no_wrap=True)
    every = show_all or len(report.checks) <= _CHECK_ROWS
    named = set(drops) | set(floors)
    shown = 0
    for c in report.checks:
        if not (every or not c.passed or c.metric in report.headline or c.metric in named):
            continue
        shown += 1
        cells = ["" if v is None else f"{v:.4f}" for v in (c.baseline, c.current)]
        table.add_row(Text(c.metric), *cells,
                      "" if c.delta is None else f"{c.delta:+.4f}", f"{c.allowed_drop:.4f}",
                      "" if c.floor is None else f"{c.floor:.4f}",
                      Text("ok" if c.passed else "FAIL",
                           style="green" if c.passed else "bold red"))
    show.print(table)
    if shown < len(report.checks):
        show.print(f"{len(report.checks) - shown} other checked metric(s) passed (--junit and "
                  "--json list every check)")
    noted = [c for c in report.checks if c.reason != "ok"]
    for c in noted if show_all else noted[:_CHECK_REASONS]:
        show.print(f"{'FAIL' if not c.passed else 'note'} {c.metric}: {c.reason}",
                  markup=False, emoji=False)
    if not show_all and len(noted) > _CHECK_REASONS:
        show.print(f"… and {len(noted) - _CHECK_REASONS} more (--all prints every one)",
                  markup=False)
    show.print(report.signature, markup=False)

    if junit is not None:
        try:
            write_text(junit, junit_xml(report))
        except OSError as exc:
            _fail(f"cannot write --junit {junit}: {exc}")
        _wrote(junit)
    if json_out is not None:
        _write_outputs(((json_out, "--json", lambda: report_json(report)),))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        path = Path(summary)
        try:
            before = path.read_text(encoding="utf-8") if path.exists() else ""
            budget = MAX_SUMMARY_BYTES - len(before.encode("utf-8"))
            write_text(path, before + markdown(report, max_bytes=budget,
                                               limit=SUMMARY_FAILURES))
        except OSError as exc:
            err.print("[yellow]warning:[/] " + escape(f"cannot append to $GITHUB_STEP_SUMMARY "
                                                      f"{summary}: {exc}"))
        for line in github_annotations(report, limit=MAX_ANNOTATIONS):
            typer.echo(line, err=json_to_stdout)

    failed = len(report.failures)
    if failed:
        show.print(f"[bold red]regression:[/] {failed} of {len(report.checks)} metric(s) failed "
                  f"against {escape(str(report.baseline))}", emoji=False)
        raise typer.Exit(1)
    show.print(f"[green]passed:[/] {len(report.checks)} metric(s) checked against "
              f"{escape(str(report.baseline))}", emoji=False)

