"""``khabar score`` and ``khabar merge``: one extractor scored, shard files merged.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from benchmark.cli.common import (
    EXIT_EXTRACTOR_FAILED,
    LimitOption,
    StrictOption,
    _check_common,
    _fail,
    _selection,
    err,
    out,
)
from benchmark.cli.groups import GoldSelection, RunnerOptions, Sampling, ScoreOptions, grouped
from benchmark.cli.outputs import _check_outputs, _write_outputs
from benchmark.cli.running import _build_extractors, _evaluate, _report_failure
from benchmark.scoring.settings import DEFAULTS


@grouped
def score(
    spec: Annotated[str, typer.Argument(
        help="The extractor: NAME, py:module:callable, cmd:\"prog args\", file:PATH, "
             "openai:MODEL or hf:PATH.", show_default=False)],
    *,
    where: GoldSelection,
    scoring: ScoreOptions,
    json_out: Annotated[Optional[Path], typer.Option(
        "--json", help="Also write the results JSON to this file ('-': to stdout; the "
                       "tables then go to stderr).", show_default=False)] = None,
    timex_values: Annotated[str, typer.Option(
        "--timex-values", help="TIMEX3 value comparison: exact (TempEval-3's string equality) "
                               "or canonical (upper case, no spaces, no trailing Z first; "
                               "named in the signature).")] = DEFAULTS.timex_values,
    samples_out: Annotated[Optional[Path], typer.Option(
        "--samples", help="Also write per-document samples (JSONL): predictions, string "
                          "alignments, unaligned strings, raw model answers.",
        show_default=False)] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace existing --json/--samples files.")] = False,
    runner: RunnerOptions,
    sampling: Sampling,
    strict: StrictOption = False,
    limit: LimitOption = None,
    shard: Annotated[Optional[str], typer.Option(
        "--shard", help="I/N: run and score only shard I of N (the documents in doc_id "
                        "order, dealt round-robin); --json then writes a shard file for "
                        "`khabar merge`.", show_default=False)] = None,
) -> None:
    """Run one extractor on the gold and score it: NER, TIMEX3 and attribution.

    An invalid predicted item (unknown type, bad value, an unreadable answer) is
    dropped and counted (invalid_items) unless --strict. --samples and --json are
    written also when the run fails (the partial results, marked as such).

    Exits 0 on success, 1 on invalid gold, 2 on usage errors, 3 when the extractor
    failed (crash, timeout, malformed output, or invalid predictions with --strict).
    """
    from benchmark.core.files import OutputExistsError, refuse_existing

    task, bootstrap, seed = scoring.task, scoring.bootstrap, scoring.seed
    clitic, norm = scoring.clitic, scoring.norm
    _check_common(task, bootstrap, norm)
    from benchmark.scoring.timex import VALUE_MATCHES

    if timex_values not in VALUE_MATCHES:
        _fail(f"unknown --timex-values {timex_values!r}; expected one of: "
              f"{', '.join(VALUE_MATCHES)}")
    _check_outputs({"--json": json_out, "--samples": samples_out})
    json_to_stdout = json_out is not None and str(json_out) == "-"
    samples_to_stdout = samples_out is not None and str(samples_out) == "-"
    if json_to_stdout and samples_to_stdout:
        _fail("--json - and --samples - would both write to stdout; give one a path")
    show = err if json_to_stdout or samples_to_stdout else out   # stdout carries the data
    outputs = [p for p in (json_out, samples_out) if p is not None and str(p) != "-"]
    if outputs:
        try:
            refuse_existing(outputs, force=force)
        except OutputExistsError as exc:
            _fail("refusing to overwrite existing output (use --force): "
                  + ", ".join(map(str, exc.paths)))
    whole, gold_set = _selection(where.gold, where.split, where.root, limit)
    full_set, sharded = gold_set, None
    if shard is not None:
        from benchmark.scoring.shard import ShardError, parse_shard, shard_gold

        try:
            sharded = parse_shard(shard)
            gold_set = shard_gold(full_set, *sharded)
        except ShardError as exc:
            _fail(str(exc))
    options = runner.options(task=task, sampling=sampling, strict=strict)
    # built on the whole selection, as in a run without --shard (the oracle, plug-ins)
    [(name, extractor)] = _build_extractors([spec], full_set, options)
    from runners.files import ignore_outside

    extractor = ignore_outside(extractor, gold_set, whole, strict=strict)
    if sharded is not None:  # records of the other shards' documents are not this run's
        from benchmark.scoring.shard import DocumentsOnly

        extractor = DocumentsOnly(extractor, {d.doc_id for d in full_set}
                                  - {d.doc_id for d in gold_set})
    settings = scoring.settings(timex_values=timex_values, split=where.split)
    evaluation = _evaluate(name, extractor, gold_set, settings, strict=strict,
                           score=sharded is None)
    outcome = evaluation.run
    if not outcome.ok:
        _report_failure(outcome)
        partial = evaluation.results
        _write_outputs(((json_out, "--json", lambda: _failure_json(outcome, gold_set, partial)),
                        (samples_out, "--samples", outcome.samples_jsonl)))
        raise typer.Exit(EXIT_EXTRACTOR_FAILED)
    if sharded is not None:
        _score_shard(outcome, full_set, gold_set, sharded, task, bootstrap, seed, clitic, norm,
                     timex_values, show, json_out, samples_out)
        return
    results = evaluation.results
    if not results.tasks:
        _fail(f"{spec} attempts none of the requested tasks")
    for table in score_tables(results):
        show.print(table)
    _print_alignment_summary(outcome, show)
    _print_invalid_summary(results, outcome, show)
    _print_crashed_documents(outcome, show)
    show.print(str(results.signature), markup=False)
    _write_outputs(((json_out, "--json", results.to_json),
                    (samples_out, "--samples", outcome.samples_jsonl)))


def _score_shard(outcome, full_set, gold_set, sharded, task, bootstrap, seed, clitic,  # type: ignore[no-untyped-def]
                 norm, timex_values, show, json_out, samples_out) -> None:
    """``score --shard I/N``: print the shard's own scores, write its shard file."""
    from benchmark.scoring.results import TASKS
    from benchmark.scoring.shard import score_shard

    results, data = score_shard(outcome, full_set, gold_set, *sharded,
                                tasks=tuple(task) if task else TASKS, bootstrap=bootstrap,
                                seed=seed, clitic=clitic, norm=norm, timex_values=timex_values)
    for table in score_tables(results) if results.tasks else ():
        show.print(table)
    _print_alignment_summary(outcome, show)
    show.print(f"shard {sharded[0]}/{sharded[1]}: {len(gold_set)} of {len(full_set)} "
               f"document(s); `khabar merge` the {sharded[1]} shard files for the whole run "
               "(scores, intervals and p-values)", markup=False)
    show.print(str(results.signature), markup=False)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    _write_outputs(((json_out, "--json", lambda: text),
                    (samples_out, "--samples", outcome.samples_jsonl)))


def merge(
    files: Annotated[list[Path], typer.Argument(
        help="The results files of `khabar score --shard I/N --json FILE`, one per shard.",
        show_default=False)],
    json_out: Annotated[Optional[Path], typer.Option(
        "--json", help="Write the merged results JSON here ('-' for stdout).",
        show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --json file.")
                     ] = False,
) -> None:
    """Merge the shard files of one sharded run into the results of the whole run.

    The per-unit counts are summed and everything is recomputed, the bootstrap
    intervals included: the merged --json is byte-identical to the --json of the
    same run on one machine. Exits 0, 2 on invalid input (a missing or corrupt
    file, files that are not the N shards of one run).
    """
    from benchmark.core.files import OutputExistsError, refuse_existing
    from benchmark.core.jsonpos import StrictJsonError, strict_json_loads
    from benchmark.scoring.shard import ShardError
    from benchmark.scoring.shard import merge as merge_shards

    if json_out is not None and str(json_out) != "-":
        try:
            refuse_existing([json_out], force=force)
        except OutputExistsError as exc:
            _fail("refusing to overwrite existing output (use --force): "
                  + ", ".join(map(str, exc.paths)))
    loaded = []
    for path in files:
        try:
            loaded.append((str(path), strict_json_loads(path.read_text(encoding="utf-8"))))
        except (OSError, UnicodeDecodeError) as exc:
            _fail(f"cannot read {path}: {exc}")
        except (json.JSONDecodeError, StrictJsonError) as exc:
            _fail(f"{path}: not valid JSON: {exc}")
    try:
        results = merge_shards(loaded)
    except (ShardError, KeyError, TypeError, ValueError) as exc:
        _fail(f"cannot merge: {exc}")
    show = err if json_out is not None and str(json_out) == "-" else out
    for table in score_tables(results):
        show.print(table)
    show.print(str(results.signature), markup=False)
    _write_outputs(((json_out, "--json", results.to_json),))


def score_tables(results):  # type: ignore[no-untyped-def]
    """The score tables (:func:`benchmark.render.terminal.score_tables`), imported
    when a command draws them, so that ``khabar --help`` does not load the renderers."""
    from benchmark.render.terminal import score_tables as tables

    return tables(results)


def _failure_json(outcome, gold_set, partial) -> str:  # type: ignore[no-untyped-def]
    """The ``--json`` of a failed run (:func:`benchmark.harness.run.failure_results`)."""
    from benchmark.harness.run import failure_results

    return json.dumps(failure_results(outcome, gold_set, partial), ensure_ascii=False,
                      sort_keys=True, indent=2) + "\n"


def _print_invalid_summary(results, outcome, console: Console | None = None) -> None:  # type: ignore[no-untyped-def]
    """``invalid items: ner 2 (1 not found, 1 invalid), timex 0, …`` and the first
    reasons; nothing when no task dropped anything."""
    from collections import Counter

    from benchmark.core.untrusted import clip

    console = console or out
    counts = results.invalid_items
    if not any(counts.values()):
        return
    listed = [e for s in outcome.samples.values() for e in s.get("invalid", [])]
    parts = []
    for task in results.tasks:
        kinds = Counter(e["kind"] for e in listed if e["task"] == task)
        detail = ", ".join(f"{n} {k if k != 'unaligned' else 'not found'}"
                           for k, n in sorted(kinds.items()))
        parts.append(f"{task} {counts.get(task, 0)}" + (f" ({detail})" if detail else ""))
    console.print("invalid items (dropped and counted, listed in --samples): "
                  + ", ".join(parts), markup=False)
    for entry in [e for e in listed if e["kind"] != "unaligned"][:10]:
        console.print(f"  {entry['kind']}: {entry['task']}: "
                      f"{clip(entry.get('reason', ''), 300)}", markup=False)


def _print_crashed_documents(outcome, console: Console | None = None) -> None:  # type: ignore[no-untyped-def]
    """``warning: the extractor's worker died on document X …``: the documents a
    runner that isolates them (Duckling) could not answer, from its ``stats``."""
    from benchmark.core.untrusted import clip, printable

    console = console or out
    crashed = outcome.facts.get("crashed_documents") if isinstance(outcome.facts, dict) else None
    for entry in crashed if isinstance(crashed, list) else []:
        if not isinstance(entry, dict):
            continue
        console.print(f"warning: {outcome.spec}: its worker process died on document "
                      f"{printable(str(entry.get('doc_id')))} (exit status "
                      f"{entry.get('exit_status')}); that document has no predictions, the "
                      f"others are scored. It wrote: {clip(printable(str(entry.get('stderr', ''))), 300)}",
                      markup=False)


def _print_alignment_summary(outcome, console: Console | None = None) -> None:  # type: ignore[no-untyped-def]
    from benchmark.core.untrusted import clip

    console = console or out
    aligned = [a for s in outcome.samples.values() for a in s.get("alignments", [])]
    if not aligned:
        return
    unaligned = [a for a in aligned if a["method"] == "unaligned"]
    normalized = sum(a["method"] == "normalized" for a in aligned)
    console.print(f"string predictions: {len(aligned)} aligned by text "
                  f"({normalized} after normalisation), {len(unaligned)} not found "
                  f"(scored as spurious)")
    for a in unaligned[:20]:
        console.print(f"  not found: {a['layer']}{'.' + a['role'] if a['role'] else ''} "
                      f"{clip(repr(a['text']))}", markup=False)

