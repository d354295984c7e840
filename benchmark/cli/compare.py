"""``khabar compare``, ``leaderboard`` and ``extractors``: several systems side by side.
"""

from __future__ import annotations

import json
import dataclasses
from pathlib import Path
from collections.abc import Callable
from typing import Annotated, Any, Optional

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
from benchmark.cli.running import (_comparison_data, _refuse_incomparable, _refuse_repeated,
                                   _rescore, _run_entries)
from benchmark.scoring.settings import DEFAULTS


def _comparison_json(data) -> str:  # type: ignore[no-untyped-def]
    """The comparison as JSON (``--format json``, ``--json``): without the document
    texts and the error view."""
    slim = {k: v for k, v in data.items() if k not in ("documents", "errors")}
    return json.dumps(slim, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def _print_comparison(data, fmt: str, console: Console | None = None) -> None:  # type: ignore[no-untyped-def]
    from benchmark.render.terminal import overview_table, task_tables

    out = console or globals()["out"]

    if fmt == "md":
        from benchmark.render.markdown import render_markdown

        out.print(render_markdown(data), markup=False)
    elif fmt == "json":
        out.print(_comparison_json(data), markup=False, end="")
    elif fmt == "csv":
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        columns = _csv_columns(data)
        writer.writerow(["system", "status"] + [name for name, _ in columns]
                        + [f"tasks.{h['task']}.invalid_items" for h in data["headline"]])
        for s in data["systems"]:
            writer.writerow([s["name"], s["status"]] + [value(s) for _, value in columns] + [
                "" if s.get("invalid_items") is None or h["task"] not in s["invalid_items"]
                else s["invalid_items"][h["task"]] for h in data["headline"]])
        out.print(buffer.getvalue(), markup=False, end="")
    else:
        from benchmark.render.terminal import confusion_tables, per_type_tables

        out.print(overview_table(data))
        for table in task_tables(data) + per_type_tables(data) + confusion_tables(data):
            out.print(table)
        for s in data["systems"]:
            if s["signature"]:
                out.print(s["signature"], markup=False)


def _saved_header(data, entries) -> None:  # type: ignore[no-untyped-def]
    """With saved results files only, the header names the gold, split and
    document count the files were scored on (not the --split selection, which
    scored nothing)."""
    if not entries or any(e.outcome.info.kind != "saved" for e in entries):
        return
    saved = next((e.saved for e in entries if e.saved is not None), None)
    if saved is None:
        return
    gold = saved["gold"]
    label = f"{gold.get('gold_version')}+{str(gold.get('sha256'))[:8]}"
    split = str(gold.get("split", "all"))
    data["gold"] = {"label": label, "documents": gold.get("documents"), "split": split}
    data["title"] = (f"khabar-bench leaderboard — gold {label}"
                     + (f", {split} split" if split != "all" else ""))


def _csv_columns(data):  # type: ignore[no-untyped-def]
    """The headline columns of ``--format csv``, each named by the results path its
    values come from: a coarse-label system's NER headline goes under
    ``tasks.ner.coarse.strict.f1`` (a column only when some system has one), every
    other under the task's headline path."""
    def value_of(task, path):  # type: ignore[no-untyped-def]
        def value(system):  # type: ignore[no-untyped-def]
            cell = system["headline"].get(task)
            if cell is None or cell.get("path", default_path[task]) != path:
                return ""
            return cell["value"]
        return value

    default_path = {h["task"]: h["path"] for h in data["headline"]}
    columns = []
    for h in data["headline"]:
        paths = [h["path"]] + sorted({c["path"] for s in data["systems"]
                                      if (c := s["headline"].get(h["task"])) is not None
                                      and c.get("path", h["path"]) != h["path"]})
        columns += [(path, value_of(h["task"], path)) for path in paths]
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
    data = _comparison_data(gold_set, entries, reference, scoring.seed)
    _saved_header(data, entries)
    if per_type:
        from benchmark.publish.leaderboard import add_per_type

        add_per_type(data, entries)
    if confusion:
        from benchmark.publish.leaderboard import add_confusion

        add_confusion(data, gold_set, entries)
    to_stdout = json_out is not None and str(json_out) == "-"
    _print_comparison(data, output, err if to_stdout else out)
    _write_outputs(((json_out, "--json", lambda: _comparison_json(data)),))
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

    from benchmark.core.files import OutputExistsError
    from benchmark.publish.leaderboard import planned_files, refuse_foreign, write_reports
    from benchmark.render.markdown import render_markdown
    from runners.registry import registered

    _check_common(None, bootstrap, "standard")
    if only and not specs:
        _fail("--only ranks the SPECs given, and none was given")
    if hub_dataset != "khabar-bench" and hub_yaml is None:
        _fail("--hub-dataset names the dataset of the --hub-yaml entries; give --hub-yaml DIR")
    if not re.fullmatch(r"[A-Za-z0-9][\w.-]*(/[A-Za-z0-9][\w.-]*)?", hub_dataset):
        _fail(f"--hub-dataset {hub_dataset!r} is not a Hub dataset id (NAME or OWNER/NAME)")
    full = _load(where.gold, "all", where.root)
    headline_split = split = where.split
    if split == "auto":
        headline_split = "test" if "test" in full.splits else "all"
    gold_set = resolve_split(full, headline_split)
    beside = [s for s in full.splits if s != headline_split] if headline_split != "all" else []
    run_gold = full if beside else gold_set
    defaults = [] if only else [name for name, entry in sorted(registered().items())
                                if entry.default]
    _refuse_repeated(list(specs or ()))
    # a SPEC that is also a default extractor is ranked once (it is given once)
    specs = list(dict.fromkeys(defaults + list(specs or ())))
    if reference is not None and reference not in specs:
        _fail(f"--reference {reference!r} is not one of the ranked systems: "
              + ", ".join(specs))
    options = runner.options()
    from benchmark.core.files import dir_problem
    from benchmark.publish.leaderboard import check_stems

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
    from benchmark.publish.leaderboard import output_problems, planned_paths

    planned = planned_paths(out_dir, [s for s in specs if not _is_saved_spec(s)], beside)
    problems = output_problems(planned)
    if problems:
        _fail(f"cannot write the reports under {out_dir}: " + "; ".join(problems))
    try:
        refuse_foreign(out_dir, planned, force=force)
    except OutputExistsError as exc:
        _fail("refusing to overwrite files khabar did not write (use --force): "
              + ", ".join(map(str, exc.paths)))
    # Each system runs once on every document; its predictions are then scored on the
    # headline split and on each split beside it.
    # A file: system whose file has no line for any document of a split beside the
    # headline one runs on the headline split only: that split's table marks it "not
    # available" (docs/leaderboard.md) rather than failing the system.
    unavailable: dict[str, list[str]] = {}

    def narrow(spec: str, extractor: Any) -> Any:
        from benchmark.gold.loader import gold_hash
        from runners.files import covered_documents

        covered = covered_documents(extractor, full) if beside else None
        if covered is None:
            return None
        missing = [s for s in beside
                   if not covered & {d.doc_id for d in full.select(s)}]
        if not missing:
            return None
        unavailable[spec] = missing
        if len(missing) == len(beside):
            return gold_set
        keep = {headline_split, *(s for s in beside if s not in missing)}
        docs = [d for d in full if d.split in keep]
        return dataclasses.replace(full, documents=tuple(docs), sha256=gold_hash(docs),
                                   files=tuple(d.meta.get("file", "") for d in docs))

    settings = _settings(bootstrap=bootstrap, seed=seed, split=where.split)
    ran = _run_entries(specs, run_gold, options, settings, score=False, progress=True,
                       narrow=narrow)
    entries = _rescore(ran, gold_set, settings)
    for entry in entries:
        if entry.saved is not None and entry.saved["gold"].get("sha256") != gold_set.sha256:
            got = entry.saved["gold"]
            _fail(f"{entry.name} was scored on gold {got.get('gold_version')}+"
                  f"{str(got.get('sha256'))[:8]} (split {got.get('split', 'all')}); the "
                  f"leaderboard ranks the {gold_set.split} split of gold {gold_set.label}: "
                  "re-score it with `khabar score … --json` on that split")
    _refuse_incomparable([e for e in entries if e.ok])
    try:
        refuse_foreign(out_dir, planned_files(out_dir, entries, beside), force=force)
    except OutputExistsError as exc:
        _fail("refusing to overwrite files khabar did not write (use --force): "
              + ", ".join(map(str, exc.paths)))
    from benchmark.publish.leaderboard import mixed_granularity

    # the ranking never mixes granularities: coarse and fine systems → NER on the
    # coarse view for every system, said in a note above the table
    ner_view = "coarse" if mixed_granularity(entries) else None
    data = _comparison_data(gold_set, entries, reference, seed, with_errors=True,
                            ner_view=ner_view)
    data["split"] = gold_set.split
    data["ranked"] = True              # the reports rank the systems (docs/leaderboard.md)
    data["beside"] = []
    beside_entries = {}
    for other in beside:
        other_gold = full.select(other)
        # saved results hold the headline split's scores only: not shown beside it
        other_entries = [e for e in _rescore([e for e in ran if other not in
                                               unavailable.get(e.name, ())],
                                              other_gold, settings)
                         if e.saved is None]
        beside_entries[other] = other_entries
        other_reference = reference if any(e.name == reference and e.ok
                                           for e in other_entries) else None
        other_data = _comparison_data(other_gold, other_entries, other_reference, seed,
                                      ner_view=ner_view)
        other_data["systems"] += [not_available(e, other) for e in ran
                                  if other in unavailable.get(e.name, ())]
        data["beside"].append({"split": other, "gold": other_data["gold"],
                               "systems": other_data["systems"],
                               "reference": other_data.get("reference")})
    from benchmark.render.common import ranked

    html: Callable[[dict[str, Any]], str] | None
    try:
        from benchmark.render.html import render_html as html
    except ImportError:
        html = None
    removed: list[Path] = []
    try:
        written = write_reports(out_dir, gold_set, entries, data,
                                render_markdown=render_markdown, render_html=html,
                                force=force, beside=beside_entries,
                                beside_gold={other: full.select(other) for other in beside},
                                removed=removed)
        if hub_yaml is not None:
            from benchmark.core.files import write_text
            from benchmark.publish.leaderboard import hub_eval_results

            for stem, text in hub_eval_results(data, dataset_id=hub_dataset).items():
                written.append(write_text(hub_yaml / ".eval_results" / f"{stem}.yaml", text))
    except OSError as exc:
        _fail(f"cannot write the reports under {out_dir}: {exc}")
    # printed after the reports are written: a closed stdout (`khabar leaderboard | head`)
    # never costs the reports
    _print_comparison({**data, "systems": ranked(data["systems"], data["headline"])}, "table")
    for path in written:
        _wrote(path)
    for path in removed:
        err.print(f"removed {path} (written by an earlier run for a system not ranked now)",
                  markup=False, highlight=False)
    if not all(e.ok for e in entries):
        raise typer.Exit(EXIT_EXTRACTOR_FAILED)


def not_available(entry: Any, split: str) -> dict[str, Any]:
    """The row of a system in a beside split's table that has no predictions for
    that split (a ``file:`` system whose file covers the headline split only)."""
    from benchmark.publish.leaderboard import HEADLINE

    return {"name": entry.name, "status": "not available",
            "reason": f"no predictions for the {split} split (its file has no line for "
                      f"any of its documents)",
            "signature": "", "seconds": entry.outcome.seconds,
            "headline": {task: None for task, _, _ in HEADLINE}, "tables": {}}


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

