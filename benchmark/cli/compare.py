"""``khabar compare``, ``leaderboard`` and ``extractors``: several systems side by side.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from benchmark.cli.common import (
    DEFAULT_REPORTS,
    EXIT_EXTRACTOR_FAILED,
    BootstrapOption,
    LimitOption,
    OutputFormatOption,
    ReferenceOption,
    SeedOption,
    StrictOption,
    _check_common,
    _fail,
    _load,
    _selection,
    _settings,
    _wrote,
    err,
    out,
    resolve_split,
)
from benchmark.cli.groups import (
    CompareRunnerOptions,
    GoldSelection,
    Sampling,
    ScoreOptions,
    grouped,
)
from benchmark.cli.outputs import _check_outputs, _write_outputs
from benchmark.cli.running import _refuse_incomparable, _refuse_repeated, _run_entries
from benchmark.scoring.settings import DEFAULTS

if TYPE_CHECKING:  # annotations only: the report model is imported by the commands that build one
    from benchmark.render.model import HeadlineColumn, Report, SystemRow


def _print_comparison(report: Report, fmt: str, console: Console | None = None) -> None:
    from benchmark.render.terminal import overview_table, task_tables

    out = console or globals()["out"]

    if fmt == "md":
        from benchmark.render.markdown import render_markdown

        out.print(render_markdown(report), markup=False)
    elif fmt == "json":
        out.print(report.to_json(), markup=False, end="")
    elif fmt == "csv":
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        columns = _csv_columns(report)
        writer.writerow(["system", "status"] + [name for name, _ in columns]
                        + [f"tasks.{h.task}.invalid_items" for h in report.headline])
        for s in report.systems:
            writer.writerow([s.name, s.status] + [value(s) for _, value in columns] + [
                "" if s.invalid_items is None or h.task not in s.invalid_items
                else s.invalid_items[h.task] for h in report.headline])
        out.print(buffer.getvalue(), markup=False, end="")
    else:
        from benchmark.render.terminal import confusion_tables, per_type_tables

        out.print(overview_table(report))
        for table in task_tables(report) + per_type_tables(report) + confusion_tables(report):
            out.print(table)
        for s in report.systems:
            if s.signature:
                out.print(s.signature, markup=False)


def _csv_columns(report: Report) -> list[tuple[str, Callable[[SystemRow], Any]]]:
    """The headline columns of ``--format csv``, each named by the results path its
    values come from: a coarse-label system's NER headline goes under
    ``tasks.ner.coarse.strict.f1`` (a column only when some system has one), every
    other under the task's headline path."""
    def value_of(column: HeadlineColumn, path: str) -> Callable[[SystemRow], Any]:
        def value(system: SystemRow) -> Any:
            cell = system.cell(column.task)
            if cell is None or (cell.path or column.path) != path:
                return ""
            return cell.value
        return value

    columns = []
    for h in report.headline:
        paths = [h.path] + sorted({c.path for s in report.systems
                                   if (c := s.cell(h.task)) is not None
                                   and c.path is not None and c.path != h.path})
        columns += [(path, value_of(h, path)) for path in paths]
    return columns


@grouped
def compare(
    specs: Annotated[list[str], typer.Argument(
        help="Extractor specs to run, and/or saved results JSON files, side by side.",
        show_default=False)],
    *,
    where: GoldSelection,
    scoring: ScoreOptions,
    reference: ReferenceOption = None,
    output: OutputFormatOption = "table",
    per_type: Annotated[bool, typer.Option(
        "--per-type", help="Also show NER per fine type.")] = False,
    confusion: Annotated[bool, typer.Option(
        "--confusion", help="Also show NER type confusion matrices (aligned mentions).")] = False,
    runner: CompareRunnerOptions,
    sampling: Sampling,
    strict: StrictOption = False,
    limit: LimitOption = None,
    json_out: Annotated[Optional[Path], typer.Option(
        "--json", help="Also write the comparison as JSON here ('-': to stdout; the tables "
                       "then go to stderr).", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --json file.")
                     ] = False,
) -> None:
    """Run several extractors on the gold and print their scores side by side.

    The overview shows the headline metric of each task with its 95% CI and the
    number of units, the best value in bold, and deltas against --reference with
    paired-test p-values. A failing extractor is reported and the others still
    run. Exits 0 when all succeeded, 3 when any failed, 2 on usage errors.
    """
    task = scoring.task
    _check_common(task, scoring.bootstrap, scoring.norm)
    if output not in ("table", "md", "json", "csv"):
        _fail(f"unknown --format {output!r}; expected one of: table, md, json, csv")
    _refuse_repeated(list(specs))
    if reference is not None and reference not in specs:
        _fail(f"--reference {reference!r} is not one of the compared systems")
    _check_outputs({"--json": json_out})
    if json_out is not None and str(json_out) != "-":
        from benchmark.core.files import OutputExistsError, refuse_existing

        try:
            refuse_existing([json_out], force=force)
        except OutputExistsError as exc:
            _fail("refusing to overwrite existing output (use --force): "
                  + ", ".join(map(str, exc.paths)))
    whole, gold_set = _selection(where.gold, where.split, where.root, limit)
    options = runner.options(task=task, sampling=sampling, strict=strict)
    entries = _run_entries(list(specs), gold_set, options, scoring.settings(split=where.split),
                           strict=strict, whole=whole)
    _refuse_incomparable(entries)
    from benchmark.publish.leaderboard import git_commit, now_utc
    from benchmark.publish.report import build_report

    try:
        report = build_report(gold_set, entries, generated=now_utc(),
                              commit=git_commit(Path(__file__).resolve().parent),
                              reference=reference, seed=scoring.seed, per_type=per_type,
                              with_confusion=confusion, saved_gold=True)
    except ValueError as exc:           # the reference did not run
        _fail(str(exc))
    to_stdout = json_out is not None and str(json_out) == "-"
    _print_comparison(report, output, err if to_stdout else out)
    _write_outputs(((json_out, "--json", report.to_json),))
    if not all(e.ok for e in entries):
        raise typer.Exit(EXIT_EXTRACTOR_FAILED)


@grouped
def leaderboard(
    specs: Annotated[Optional[list[str]], typer.Argument(
        help="More systems to rank beside the default extractors: extractor specs (NAME, "
             "py:, cmd:, file:, openai:, hf:) and/or saved results JSON files.",
        show_default=False)] = None,
    only: Annotated[bool, typer.Option(
        "--only", help="Rank only the SPECs given, without the default extractors.")] = False,
    out_dir: Annotated[Path, typer.Option("--out", help="Report directory.")] = DEFAULT_REPORTS,
    *,
    where: GoldSelection,
    reference: ReferenceOption = None,
    seed: SeedOption = DEFAULTS.seed,
    bootstrap: BootstrapOption = DEFAULTS.bootstrap,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace report files that khabar did not write.")] = False,
    hub_yaml: Annotated[Optional[Path], typer.Option(
        "--hub-yaml", help="Also write Hugging Face Hub .eval_results/<system>.yaml entries "
                           "under this directory.", show_default=False)] = None,
    hub_dataset: Annotated[str, typer.Option(
        "--hub-dataset", help="The Hub dataset id the --hub-yaml entries name "
                              "(dataset.id), e.g. my-org/khabar-bench.")] = "khabar-bench",
    runner: CompareRunnerOptions,
) -> None:
    """Run the default extractors and any SPECs on the gold, print the comparison and
    write leaderboard.md, leaderboard.html, results/<name>.json and
    samples/<name>.jsonl (default --out: ./khabar-reports/).

    Systems are ranked by the headline metric of the headline split (docs/leaderboard.md).
    Saved results JSON files must be scored on the headline split of this gold.
    Report files khabar wrote before are replaced; any other existing file is
    kept unless --force. Exits 0 when all extractors ran, 3 when any failed,
    2 on usage errors.
    """
    import re

    from benchmark.core.files import OutputExistsError, dir_problem
    from benchmark.publish.leaderboard import (LeaderboardError, beside_splits, build_leaderboard,
                                               check_stems, headline_split, output_problems,
                                               planned_paths, refuse_foreign, write_reports)
    from runners.registry import registered

    _check_common(None, bootstrap, "standard")
    if only and not specs:
        _fail("--only ranks the SPECs given, and none was given")
    if hub_dataset != "khabar-bench" and hub_yaml is None:
        _fail("--hub-dataset names the dataset of the --hub-yaml entries; give --hub-yaml DIR")
    if not re.fullmatch(r"[A-Za-z0-9][\w.-]*(/[A-Za-z0-9][\w.-]*)?", hub_dataset):
        _fail(f"--hub-dataset {hub_dataset!r} is not a Hub dataset id (NAME or OWNER/NAME)")
    full = _load(where.gold, "all", where.root)
    gold_set = resolve_split(full, headline_split(full, where.split))
    beside = beside_splits(full, gold_set.split)
    defaults = [] if only else [name for name, entry in sorted(registered().items())
                                if entry.default]
    _refuse_repeated(list(specs or ()))
    # a SPEC that is also a default extractor is ranked once (it is given once)
    specs = list(dict.fromkeys(defaults + list(specs or ())))
    if reference is not None and reference not in specs:
        _fail(f"--reference {reference!r} is not one of the ranked systems: "
              + ", ".join(specs))
    for option, folder in (("--out", out_dir), ("--hub-yaml", hub_yaml)):
        problem = dir_problem(folder) if folder is not None else None
        if problem:
            _fail(f"cannot write {option} {folder}: {problem}")
    try:
        check_stems(specs)
    except ValueError as exc:
        _fail(str(exc))
    # The report files are checked before any system runs (an LLM run is not lost to
    # an occupied --out): the same checks as after, with every spec that runs here.
    from benchmark.cli.running import _is_saved_spec

    planned = planned_paths(out_dir, [s for s in specs if not _is_saved_spec(s)], beside)
    problems = output_problems(planned)
    if problems:
        _fail(f"cannot write the reports under {out_dir}: " + "; ".join(problems))
    refused = "refusing to overwrite files khabar did not write (use --force): "
    try:
        refuse_foreign(out_dir, planned, force=force)
    except OutputExistsError as exc:
        _fail(refused + ", ".join(map(str, exc.paths)))
    settings = _settings(bootstrap=bootstrap, seed=seed, split=where.split)
    options = runner.options()

    def run(names, gold, narrow):  # type: ignore[no-untyped-def]
        return _run_entries(names, gold, options, settings, score=False, progress=True,
                            narrow=narrow)

    try:
        board = build_leaderboard(full, gold_set, specs, settings=settings, reference=reference,
                                  run=run)
    except LeaderboardError as exc:
        _fail(str(exc))
    from benchmark.render.markdown import render_markdown

    html: Callable[[Report], str] | None
    try:
        from benchmark.render.html import render_html as html
    except ImportError:
        html = None
    removed: list[Path] = []
    try:
        written = write_reports(out_dir, board, render_markdown=render_markdown,
                                render_html=html, force=force, removed=removed)
        if hub_yaml is not None:
            from benchmark.core.files import write_text
            from benchmark.publish.report import hub_eval_results

            for stem, text in hub_eval_results(board.report, dataset_id=hub_dataset).items():
                written.append(write_text(hub_yaml / ".eval_results" / f"{stem}.yaml", text))
    except OutputExistsError as exc:
        _fail(refused + ", ".join(map(str, exc.paths)))
    except OSError as exc:
        _fail(f"cannot write the reports under {out_dir}: {exc}")
    # printed after the reports are written: a closed stdout (`khabar leaderboard | head`)
    # never costs the reports
    from benchmark.render.common import ranked

    _print_comparison(dataclasses.replace(
        board.report, systems=ranked(board.report.systems, board.report.headline)), "table")
    for path in written:
        _wrote(path)
    for path in removed:
        err.print(f"removed {path} (written by an earlier run for a system not ranked now)",
                  markup=False, highlight=False)
    if not board.ok:
        raise typer.Exit(EXIT_EXTRACTOR_FAILED)


def extractors() -> None:
    """List the registered extractors (built-in and plug-ins) and the spec prefixes."""
    from runners.registry import BUILTINS, describe_plugin, registered

    table = Table(title="khabar extractors")
    for name in ("name", "kind", "on leaderboard", "description"):
        table.add_column(name)
    for name, entry in sorted(registered().items()):
        builtin = name in BUILTINS
        table.add_row(escape(name), "built-in" if builtin else "plug-in",
                      "yes" if entry.default else "no",
                      escape(entry.description if builtin else describe_plugin(entry)))
    out.print(table)
    out.print("Other specs: py:module:callable · cmd:\"prog args\" · file:PATH · "
              "openai:MODEL · hf:PATH", markup=False)

