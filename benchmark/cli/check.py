"""``khabar check``: the CI regression gate (rules: :mod:`benchmark.gate`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from benchmark.cli.common import (out, err, EXIT_USAGE, GoldOption, SplitOption, RootOption, TaskOption, SeedOption, BootstrapOption, CliticOption, NormOption, _fail, _wrote, _load, _check_common, _settings)
from benchmark.cli.outputs import (_check_outputs, _write_outputs)
from benchmark.cli.running import (FormatOption, TimeoutOption, MaxOutputOption, BaseUrlOption, ApiKeyEnvOption, ConcurrencyOption, PromptLanguageOption, CacheDirOption, NoCacheOption, LabelMapOption, HfMaxLengthOption, HfStrideOption, _runner_options, _build_extractors, _evaluate, _report_failure)


#: The metrics ``khabar check`` always shows in its table (the headline metrics).
_HEADLINES = ("tasks.ner.strict.f1", "tasks.timex.value_f1",
              "tasks.attribution.relation.relaxed.f1")


#: ``khabar check`` without --all: every row when there are at most this many
#: checks (else failures, headline and named metrics), and at most this many
#: reason lines.
_CHECK_ROWS = 25


_CHECK_REASONS = 10


def _gate_current(spec: str, gold: Path | None, split: str, root: Path | None,
                  task: list[str] | None, bootstrap: int,
                  seed: int, clitic: bool, norm: str,
                  options: dict[str, object]):  # type: ignore[no-untyped-def]
    """Run and score ``spec`` for ``check``; every failure exits 2 (invalid input)."""


    from benchmark.gate import ResultsFile

    try:
        _check_common(task, bootstrap, norm)
        gold_set = _load(gold, split, root)
        [(name, extractor)] = _build_extractors([spec], gold_set, options)
    except typer.Exit as exc:           # invalid gold is 1 elsewhere; 1 means regression here
        raise typer.Exit(EXIT_USAGE if exc.exit_code else exc.exit_code) from None
    evaluation = _evaluate(name, extractor, gold_set,
                           _settings(task, bootstrap=bootstrap, seed=seed, clitic=clitic,
                                     norm=norm))
    if not evaluation.ok:
        _report_failure(evaluation.run)
        _fail(f"{spec} failed, so there is nothing to check")
    results = evaluation.results
    if not results.tasks:
        _fail(f"{spec} attempts none of the requested tasks")
    return ResultsFile(Path(f"extractor:{spec}"), results.to_dict())


def check(
    results: Annotated[Optional[Path], typer.Argument(
        help="Current results JSON (from `khabar score --json`). Omit with --extractor.",
        show_default=False)] = None,
    baseline: Annotated[Path, typer.Option(
        "--baseline", help="Baseline results JSON to compare against.",
        show_default=False)] = ...,  # type: ignore[assignment]
    extractor: Annotated[Optional[str], typer.Option(
        "--extractor", help="Run and score this extractor spec first, instead of reading "
                            "RESULTS.", show_default=False)] = None,
    tolerance: Annotated[float, typer.Option(
        "--tolerance", help="Absolute drop allowed for every metric.")] = 0.005,
    max_drop: Annotated[Optional[list[str]], typer.Option(
        "--max-drop", help="Per-metric allowed drop, METRIC=VALUE (repeatable), e.g. "
                           "tasks.ner.strict.f1=0.01.", show_default=False)] = None,
    minimum: Annotated[Optional[list[str]], typer.Option(
        "--min", help="Absolute floor, METRIC=VALUE (repeatable), e.g. "
                      "tasks.timex.value_f1=0.8.", show_default=False)] = None,
    ci_aware: Annotated[bool, typer.Option(
        "--ci-aware", help="A drop beyond the tolerance fails only when it is also outside "
                           "the bootstrap CI.")] = False,
    junit: Annotated[Optional[Path], typer.Option(
        "--junit", help="Write JUnit XML here (one testcase per metric; replaced if it "
                        "exists).", show_default=False)] = None,
    show_all: Annotated[bool, typer.Option(
        "--all", help="Check and show every precision, recall, F1 and accuracy under tasks "
                      "(default: the headline metric of each task).")
    ] = False,
    metrics: Annotated[Optional[str], typer.Option(
        "--metrics", help="Check these metrics instead of the headline ones: comma-separated "
                          "paths or glob patterns, e.g. 'tasks.ner.*.f1,tasks.timex.value_f1'.",
        show_default=False)] = None,
    json_out: Annotated[Optional[Path], typer.Option(
        "--json", help="Write the verdict and every check as JSON here ('-': to stdout; "
                       "everything else then goes to stderr; replaced if it exists).",
        show_default=False)] = None,
    gold: GoldOption = None,
    split: SplitOption = "auto",
    root: RootOption = None,
    task: TaskOption = None,
    seed: SeedOption = 12345,
    bootstrap: BootstrapOption = 1000,
    clitic: CliticOption = False,
    norm: NormOption = "standard",
    fmt: FormatOption = None,
    timeout: TimeoutOption = None,
    max_output: MaxOutputOption = None,
    base_url: BaseUrlOption = None,
    api_key_env: ApiKeyEnvOption = None,
    concurrency: ConcurrencyOption = None,
    prompt_language: PromptLanguageOption = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    label_map: LabelMapOption = None,
    hf_max_length: HfMaxLengthOption = None,
    hf_stride: HfStrideOption = None,
) -> None:
    """The CI regression gate: compare results with a baseline, metric by metric.

    Checked by default: the headline metric of each task of the baseline
    (tasks.ner.strict.f1, tasks.timex.value_f1,
    tasks.attribution.relation.relaxed.f1); --metrics names others (glob
    patterns allowed), --all checks every precision, recall, F1, value_f1 and
    accuracy under ``tasks`` present in both files. A task of the baseline
    missing from the results is a regression. Rules: ``benchmark/gate.py``. With
    ``$GITHUB_STEP_SUMMARY`` set, a shortened Markdown summary is appended to that
    file and ``::error`` annotations (at most 10) are printed for regressions.
    The --gold/--task/--seed/--bootstrap/--clitic/--norm and runner options apply
    to --extractor.

    Exits 0 when every check passed, 1 on a regression, 2 on invalid input:
    a missing or corrupt file, results that are not comparable (different gold
    or metric settings; the difference is shown), an unknown metric path, a bad
    option, invalid gold, or an --extractor that failed.
    """
    import os

    from benchmark.gate import GateError, check as run_gate, load_results, parse_assignments
    from benchmark.render.gate import (MAX_ANNOTATIONS, MAX_SUMMARY_BYTES, SUMMARY_FAILURES,
                                       github_annotations, junit_xml, markdown, report_json)
    from rich.markup import escape
    from rich.text import Text

    from benchmark.files import write_text

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
            options = _runner_options(fmt=fmt, timeout=timeout, max_output=max_output,
                                      base_url=base_url, api_key_env=api_key_env,
                                      concurrency=concurrency, prompt_language=prompt_language,
                                      cache_dir=cache_dir, no_cache=no_cache,
                                      label_map=label_map, hf_max_length=hf_max_length,
                                      hf_stride=hf_stride)
            current = _gate_current(str(extractor), gold, split, root, task, bootstrap, seed, clitic, norm,
                                    options)
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
        if not (every or not c.passed or c.metric in _HEADLINES or c.metric in named):
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

