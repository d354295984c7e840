"""The ``khabar`` command line: thin Typer commands over the library.

Exit codes (documented in the README):

* 0 — success (for ``validate``: the gold is valid);
* 1 — invalid gold (``validate``, or any command that loads broken gold);
* 2 — usage error: unknown option, format or extractor, missing path, an output
  that exists and ``--force`` was not given;
* 3 — an extractor failed: it crashed, timed out, or returned malformed output
  or invalid predictions (``compare`` still runs and prints the others).

Heavy packages (``datasets``, ``sklearn``) are imported inside the commands
that need them, so ``khabar --help`` stays instant.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer
from rich.console import Console
from rich.table import Table

from benchmark import __version__

app = typer.Typer(
    name="khabar",
    help="khabar-bench: score Arabic news information extraction (NER, TIMEX3, attribution).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
def _console(stderr: bool = False) -> Console:
    """A console that never interprets emoji codes and, when the stream is not a
    terminal (CI logs, pipes), is wide enough that tables are not wrapped."""
    import sys

    stream = sys.stderr if stderr else sys.stdout
    wide = None if getattr(stream, "isatty", lambda: False)() else 200
    return Console(stderr=stderr, highlight=False, soft_wrap=True, emoji=False, width=wide)


out = _console()
err = _console(stderr=True)

EXIT_OK, EXIT_INVALID_GOLD, EXIT_USAGE, EXIT_EXTRACTOR_FAILED = 0, 1, 2, 3

GoldOption = Annotated[
    Optional[Path],
    typer.Option("--gold", help="Gold directory or file (default: the bundled gold/).",
                 show_default=False),
]


def _fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}", markup=True)
    raise typer.Exit(code)


SplitOption = Annotated[
    str,
    typer.Option("--split", help="Documents to use: dev, test, all, or auto (test when the "
                                 "gold has a test split, else all).", show_default=True),
]
RootOption = Annotated[
    Optional[Path],
    typer.Option("--root", help="Corpus root that every text_path must stay inside "
                                "(default: the gold directory's parent).", show_default=False),
]


def resolve_split(gold_set, split: str):  # type: ignore[no-untyped-def]
    """The documents of ``split`` (``auto``: test if present, else all)."""
    if split == "auto":
        split = "test" if "test" in gold_set.splits else "all"
    if split not in ("all", *gold_set.splits) and split in ("dev", "test"):
        _fail(f"the gold has no {split!r} documents (splits present: "
              f"{', '.join(gold_set.splits) or 'none'})")
    return gold_set.select(split)


def _load(gold: Path | list[Path] | None, split: str = "all",  # type: ignore[no-untyped-def]
          root: Path | None = None):
    """Load gold or exit with a clear message (1: invalid gold, 2: missing path)."""
    from benchmark.gold import GoldError, load_gold

    if split not in ("auto", "all", "dev", "test"):
        _fail(f"--split must be dev, test, all or auto; got {split!r}")
    try:
        return resolve_split(load_gold(gold, root=root), split)
    except FileNotFoundError as exc:
        _fail(f"gold path not found: {exc}")
    except GoldError as exc:
        for problem in exc.problems:
            err.print(str(problem), markup=False)
        _fail(f"{len(exc.problems)} problem(s) in the gold; run `khabar validate` for details",
              EXIT_INVALID_GOLD)


def _version(value: bool) -> None:
    if value:
        out.print(f"khabar {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """khabar-bench command line."""


@app.command()
def validate(
    paths: Annotated[Optional[list[Path]], typer.Argument(
        help="Gold files or directories (default: the bundled gold/).", show_default=False)] = None,
    root: RootOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Treat span-boundary warnings "
                                                          "as problems (exit 1).")] = False,
) -> None:
    """Check gold files: schema, checksum, offsets, ids, links, nesting, TIMEX3 values.

    Also warns about spans that cut a word other than after a proclitic.
    Exits 0 when valid, 1 on invalid gold (or warnings with --strict), 2 on usage errors.
    """
    from collections import Counter

    from benchmark.gold import default_gold_dir, gold_files, validate as check
    from benchmark.sheet import span_warnings

    targets = list(paths) if paths else [default_gold_dir()]
    try:
        files = gold_files(targets)
    except FileNotFoundError as exc:
        _fail(f"no such file or directory: {exc}")
    if not files:
        _fail(f"no gold *.json files in {', '.join(map(str, targets))}")
    problems = check(targets, root=root)
    for problem in problems:
        out.print(str(problem), markup=False)
    if problems:
        bad = len({p.file for p in problems})
        err.print(f"[bold red]invalid:[/] {len(problems)} problem(s) in {bad} of "
                  f"{len(files)} file(s)")
        raise typer.Exit(EXIT_INVALID_GOLD)
    gold = _load(targets if len(targets) > 1 else targets[0], "all", root)
    warnings = [w for doc in gold for w in span_warnings(doc)]
    for w in warnings:
        out.print(f"warning: {w}", markup=False)
    formats = Counter(d.meta.get("schema_version") for d in gold)
    splits = Counter(d.split for d in gold)
    out.print(f"valid: {len(files)} file(s), {len(gold)} document(s), gold {gold.label}; "
              + ", ".join(f"format {v}: {n}" for v, n in sorted(formats.items()))
              + "; " + ", ".join(f"{k}: {n}" for k, n in sorted(splits.items()))
              + (f"; {len(warnings)} warning(s)" if warnings else ""), markup=False)
    if strict and warnings:
        raise typer.Exit(EXIT_INVALID_GOLD)


@app.command()
def stats(
    gold: GoldOption = None,
    split: SplitOption = "all",
    root: RootOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    per_document: Annotated[bool, typer.Option("--per-document",
                                               help="Also list every document.")] = False,
) -> None:
    """Print counts of the gold per layer and type, per split and outlet (and document)."""
    from rich.markup import escape

    from dataclasses import asdict

    from benchmark.stats import gold_stats

    gold_set = _load(gold, split, root)
    result = gold_stats(gold_set)
    if as_json:
        out.print_json(json.dumps({"gold": gold_set.label, **asdict(result)}, ensure_ascii=False))
        return
    table = Table(title=f"khabar gold {gold_set.label}: {result.documents} document(s), "
                        f"{result.sentences} sentences, {result.tokens} tokens, "
                        f"{result.characters} characters")
    for name in ("layer", "type", "mentions", "required", "optional", "nested",
                 "with alternatives"):
        table.add_column(name, justify="left" if name in ("layer", "type") else "right")
    totals = result.totals()
    for layer, total in totals.items():
        for row in (r for r in result.rows if r.layer == layer):
            table.add_row(row.layer, row.type, str(row.mentions), str(row.required),
                          str(row.optional), str(row.nested), str(row.with_alternatives))
        table.add_row(f"[bold]{layer}", "[bold]all", f"[bold]{total.mentions}",
                      f"[bold]{total.required}", f"[bold]{total.optional}",
                      f"[bold]{total.nested}", f"[bold]{total.with_alternatives}",
                      end_section=True)
    out.print(table)
    out.print(f"coreference clusters (distinct ref per document): {result.refs}")
    out.print("documents annotated per layer: " + ", ".join(
        f"{k} {v}" for k, v in result.layers.items()), markup=False)
    for title, groups in (("per split", result.splits), ("per outlet", result.outlets)):
        t = Table(title=f"required mentions {title}")
        for name in (title.split()[-1], "documents", "tokens", "entities", "timexes",
                     "attributions"):
            t.add_column(name, justify="left" if name in ("split", "outlet") else "right")
        for g in groups:
            t.add_row(escape(g.name), str(g.documents), str(g.tokens), str(g.entities),
                      str(g.timexes), str(g.attributions))
        out.print(t)
    if per_document:
        t = Table(title="required mentions per document (— : layer not annotated)")
        for name in ("document", "split", "outlet", "tokens", "entities", "timexes",
                     "attributions"):
            t.add_column(name, justify="left" if name in ("document", "split", "outlet")
                         else "right")
        for d in result.per_document:
            t.add_row(escape(d.doc_id), d.split, escape(d.outlet), str(d.tokens),
                      *("—" if v is None else str(v) for v in (d.entities, d.timexes,
                                                               d.attributions)))
        out.print(t)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f",
                                     help="hf, parquet, jsonl, conll, brat or timeml.")],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Output directory.")],
    gold: GoldOption = None,
    split: SplitOption = "all",
    root: RootOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace existing output files.")] = False,
) -> None:
    """Export the gold to another format (read back and checked in the test suite)."""
    from benchmark.export import FORMATS, export_gold
    from benchmark.files import OutputExistsError

    if fmt not in FORMATS:
        _fail(f"unknown --format {fmt!r}; expected one of: {', '.join(FORMATS)}")
    gold_set = _load(gold, split, root)
    try:
        written = export_gold(gold_set, fmt, out_dir, force=force)
    except OutputExistsError as exc:
        _fail("refusing to overwrite existing output (use --force): "
              + ", ".join(map(str, exc.paths)))
    for path in written:
        out.print(str(path), markup=False)
    err.print(f"[green]exported[/] gold {gold_set.label} as {fmt}: {len(written)} path(s)")


def _score_tables(results) -> list[Table]:  # type: ignore[no-untyped-def]
    """Rich tables for a :class:`~benchmark.results.Results` (rendering only)."""
    data = results.to_dict()
    intervals = data.get("bootstrap", {}).get("intervals", {})
    units = data.get("bootstrap", {}).get("units")
    unit = data.get("bootstrap", {}).get("unit", "")

    def ci(key: str) -> str:
        if key not in intervals:
            return ""
        lo, hi = intervals[key]
        return f"[{lo:.3f}, {hi:.3f}] n={units} {unit}".rstrip()

    tables = []
    tasks = data["tasks"]
    if "ner" in tasks:
        ner = tasks["ner"]
        t = Table(title="NER (fine types)")
        for col in ("mode", "P", "R", "F1", "COR", "INC", "PAR", "MIS", "SPU", "95% CI (F1)"):
            t.add_column(col, justify="left" if col in ("mode", "95% CI (F1)") else "right")
        for mode in ("strict", "exact", "partial", "type"):
            row = ner[mode]
            t.add_row(mode, f"{row['precision']:.4f}", f"{row['recall']:.4f}", f"{row['f1']:.4f}",
                      *(str(row[k]) for k in ("cor", "inc", "par", "mis", "spu")),
                      ci(f"ner.{mode}.f1"))
        for scheme in ("conlleval", "strict_iob2"):
            row = ner["token"][scheme]
            t.add_row(f"token {scheme}", f"{row['precision']:.4f}", f"{row['recall']:.4f}",
                      f"{row['f1']:.4f}", str(row["tp"]), "", "", "", "",
                      ci(f"ner.token.{scheme}.f1"))
        for mode in ("strict", "type"):
            row = ner["macro"][mode]
            t.add_row(f"macro {mode}", f"{row['precision']:.4f}", f"{row['recall']:.4f}",
                      f"{row['f1']:.4f}", "", "", "", "", "", "")
        if "coarse" in ner:
            row = ner["coarse"]["strict"]
            t.add_row("coarse strict", f"{row['precision']:.4f}", f"{row['recall']:.4f}",
                      f"{row['f1']:.4f}", *(str(row[k]) for k in ("cor", "inc", "par", "mis",
                                                                  "spu")), "")
        tables.append(t)
        per = Table(title="NER per fine type (strict; INC and MIS under the gold type)")
        for col in ("type", "P", "R", "F1", "COR", "INC", "MIS", "SPU"):
            per.add_column(col, justify="left" if col == "type" else "right")
        for name, rows in ner["per_type"].items():
            row = rows["strict"]
            per.add_row(name, f"{row['precision']:.4f}", f"{row['recall']:.4f}",
                        f"{row['f1']:.4f}", *(str(row[k]) for k in ("cor", "inc", "mis", "spu")))
        tables.append(per)
    if "timex" in tasks:
        tx = tasks["timex"]
        t = Table(title="TIMEX3 (TempEval-3)")
        for col in ("metric", "P", "R", "F1", "95% CI (F1)"):
            t.add_column(col, justify="left" if col in ("metric", "95% CI (F1)") else "right")
        for mode in ("strict", "relaxed"):
            row = tx[mode]
            t.add_row(mode, f"{row['precision']:.4f}", f"{row['recall']:.4f}",
                      f"{row['f1']:.4f}", ci(f"timex.{mode}.f1"))
        for key in ("type_accuracy", "value_accuracy", "type_f1", "value_f1"):
            if key in tx:
                t.add_row(key, "", "", f"{tx[key]:.4f}", ci(f"timex.{key}"))
        tables.append(t)
    if "attribution" in tasks:
        at = tasks["attribution"]
        t = Table(title="Attribution")
        for col in ("item", "exact P", "exact R", "exact F1", "overlap P", "overlap R",
                    "overlap F1"):
            t.add_column(col, justify="left" if col == "item" else "right")
        for role in ("source", "source_entity", "cue", "content"):
            e, o = at[role]["exact"], at[role]["overlap"]
            t.add_row(role, *(f"{x:.4f}" for x in (e["precision"], e["recall"], e["f1"],
                                                   o["precision"], o["recall"], o["f1"])))
        s, r = at["relation"]["strict"], at["relation"]["relaxed"]
        t.add_row("relation (strict | relaxed)", *(f"{x:.4f}" for x in (
            s["precision"], s["recall"], s["f1"], r["precision"], r["recall"], r["f1"])))
        t.add_row("kind accuracy", "", "", "", "", "", f"{at['kind_accuracy']:.4f}")
        tables.append(t)
    return tables


TaskOption = Annotated[Optional[list[str]], typer.Option(
    "--task", help="Task to score (repeatable): ner, timex, attribution. "
                   "Default: every task the extractor attempts.", show_default=False)]
SeedOption = Annotated[int, typer.Option("--seed", help="Bootstrap seed.")]
BootstrapOption = Annotated[int, typer.Option(
    "--bootstrap", help="Bootstrap resamples for 95% CIs (0: none).")]
CliticOption = Annotated[bool, typer.Option(
    "--clitic", help="NER: a leading proclitic (و ف ب ل ك) does not break an exact boundary.")]
NormOption = Annotated[str, typer.Option(
    "--norm", help="Orthographic normalisation for aligning string predictions: "
                   "none, marks, standard, full.")]
FormatOption = Annotated[Optional[str], typer.Option(
    "--format", help="file: predictions format (khabar, conll, brat, timeml, labelstudio); "
                     "default: from the extension.", show_default=False)]
TimeoutOption = Annotated[Optional[float], typer.Option(
    "--timeout", help="cmd: seconds before the subprocess is killed; openai: per request.",
    show_default=False)]
MaxOutputOption = Annotated[Optional[int], typer.Option(
    "--max-output", help="cmd: cap on stdout bytes.", show_default=False)]
BaseUrlOption = Annotated[Optional[str], typer.Option(
    "--base-url", help="openai: endpoint, e.g. http://127.0.0.1:8000/v1 "
                       "(default: $OPENAI_BASE_URL).", show_default=False)]
ApiKeyEnvOption = Annotated[Optional[str], typer.Option(
    "--api-key-env", help="openai: NAME of the environment variable holding the API key "
                          "(default OPENAI_API_KEY). The key itself is never an option.",
    show_default=False)]
ConcurrencyOption = Annotated[Optional[int], typer.Option(
    "--concurrency", help="openai: requests in flight.", show_default=False)]
PromptLanguageOption = Annotated[Optional[str], typer.Option(
    "--prompt-language", help="openai: prompt template language, en or ar.",
    show_default=False)]
CacheDirOption = Annotated[Optional[Path], typer.Option(
    "--cache-dir", help="openai: response cache directory (default .khabar-cache/openai).",
    show_default=False)]
NoCacheOption = Annotated[bool, typer.Option("--no-cache", help="openai: no response cache.")]
LabelMapOption = Annotated[Optional[str], typer.Option(
    "--label-map", help="hf: model label → khabar type, as LABEL=TYPE,… or a JSON file.",
    show_default=False)]
HfMaxLengthOption = Annotated[Optional[int], typer.Option(
    "--hf-max-length", help="hf: tokens per window (default 512).", show_default=False)]
HfStrideOption = Annotated[Optional[int], typer.Option(
    "--hf-stride", help="hf: overlap between windows in tokens (default 128).",
    show_default=False)]


def _runner_options(*, fmt: str | None, timeout: float | None, max_output: int | None,
                    base_url: str | None, api_key_env: str | None, concurrency: int | None,
                    prompt_language: str | None, cache_dir: Path | None, no_cache: bool,
                    label_map: str | None, hf_max_length: int | None, hf_stride: int | None
                    ) -> dict[str, object]:
    """CLI options → keyword options for the adapters (``None``: adapter default)."""
    options: dict[str, object] = {
        "format": fmt, "timeout": timeout, "max_output": max_output, "base_url": base_url,
        "api_key_env": api_key_env, "concurrency": concurrency,
        "prompt_language": prompt_language, "label_map": label_map,
        "model_max_length": hf_max_length, "stride": hf_stride,
    }
    if cache_dir is not None:
        options["cache_dir"] = cache_dir
    if no_cache:
        options["cache_dir"] = None
    return options


def _build_extractors(specs: list[str], gold, options: dict[str, object]):  # type: ignore[no-untyped-def]
    """Every spec → an extractor, before anything runs; a bad spec exits 2."""
    from runners.registry import make_extractor

    built = []
    for spec in specs:
        try:
            kwargs = {k: v for k, v in options.items() if v is not None or k == "cache_dir"}
            if not spec.startswith("openai:"):
                kwargs.pop("cache_dir", None)
            built.append((spec, make_extractor(spec, gold=gold, **kwargs)))
        except (ValueError, FileNotFoundError, TypeError) as exc:
            _fail(f"{spec}: {exc}")
    return built


def _run_one(spec: str, extractor, gold, norm: str):  # type: ignore[no-untyped-def]
    """Run with a spinner on stderr (documents done, when the runner reports them)."""
    from benchmark.run import run_extractor

    with err.status(f"running {spec} on {len(gold)} document(s)…") as status:
        def progress(done: int, total: int) -> None:
            status.update(f"running {spec}: {done}/{total} document(s)")

        return run_extractor(spec, extractor, gold, norm=norm, progress=progress)


def _report_failure(outcome) -> None:  # type: ignore[no-untyped-def]
    err.print(f"[bold red]failed:[/] {outcome.spec}: {outcome.reason}", markup=True)
    if outcome.detail:
        err.print(outcome.detail, markup=False)


def _check_common(task: list[str] | None, bootstrap: int, norm: str) -> None:
    from benchmark.normalize import PRESETS
    from benchmark.results import TASKS

    for name in task or ():
        if name not in TASKS:
            _fail(f"unknown --task {name!r}; expected one of: {', '.join(TASKS)}")
    if bootstrap < 0:
        _fail(f"--bootstrap must be 0 or more, got {bootstrap}")
    if norm not in PRESETS:
        _fail(f"unknown --norm {norm!r}; expected one of: {', '.join(PRESETS)}")


def _score_outcome(outcome, gold_set, task, bootstrap, seed, clitic, norm,  # type: ignore[no-untyped-def]
                   timex_values: str = "exact"):
    from benchmark.results import TASKS
    from benchmark.scoring import score as run_score

    description = {**outcome.info.to_json(), "spec": outcome.spec}
    return run_score(gold_set, outcome.predictions, tasks=tuple(task) if task else TASKS,
                     bootstrap=bootstrap, seed=seed, clitic=clitic, norm=norm,
                     keep_units=True, extractor=description, timex_values=timex_values)


@app.command()
def score(
    spec: Annotated[str, typer.Argument(
        help="The extractor: NAME, py:module:callable, cmd:\"prog args\", file:PATH, "
             "openai:MODEL or hf:PATH.", show_default=False)],
    gold: GoldOption = None,
    split: SplitOption = "auto",
    root: RootOption = None,
    task: TaskOption = None,
    json_out: Annotated[Optional[Path], typer.Option(
        "--json", help="Also write the results JSON to this file.", show_default=False)] = None,
    seed: SeedOption = 12345,
    bootstrap: BootstrapOption = 1000,
    clitic: CliticOption = False,
    norm: NormOption = "standard",
    timex_values: Annotated[str, typer.Option(
        "--timex-values", help="TIMEX3 value comparison: exact (TempEval-3's string equality) "
                               "or canonical (upper case, no spaces, no trailing Z first; "
                               "named in the signature).")] = "exact",
    samples_out: Annotated[Optional[Path], typer.Option(
        "--samples", help="Also write per-document samples (JSONL): predictions, string "
                          "alignments, unaligned strings, raw model answers.",
        show_default=False)] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace existing --json/--samples files.")] = False,
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
    """Run one extractor on the gold and score it: NER, TIMEX3 and attribution.

    Exits 0 on success, 1 on invalid gold, 2 on usage errors, 3 when the extractor
    failed (crash, timeout, malformed output or invalid predictions).
    """
    from benchmark.files import OutputExistsError, refuse_existing, write_text

    _check_common(task, bootstrap, norm)
    from benchmark.scoring.timex import VALUE_MATCHES

    if timex_values not in VALUE_MATCHES:
        _fail(f"unknown --timex-values {timex_values!r}; expected one of: "
              f"{', '.join(VALUE_MATCHES)}")
    outputs = [p for p in (json_out, samples_out) if p is not None]
    if outputs:
        try:
            refuse_existing(outputs, force=force)
        except OutputExistsError as exc:
            _fail("refusing to overwrite existing output (use --force): "
                  + ", ".join(map(str, exc.paths)))
    gold_set = _load(gold, split, root)
    options = _runner_options(fmt=fmt, timeout=timeout, max_output=max_output,
                              base_url=base_url, api_key_env=api_key_env,
                              concurrency=concurrency, prompt_language=prompt_language,
                              cache_dir=cache_dir, no_cache=no_cache, label_map=label_map,
                              hf_max_length=hf_max_length, hf_stride=hf_stride)
    [(name, extractor)] = _build_extractors([spec], gold_set, options)
    outcome = _run_one(name, extractor, gold_set, norm)
    if not outcome.ok:
        _report_failure(outcome)
        raise typer.Exit(EXIT_EXTRACTOR_FAILED)
    results = _score_outcome(outcome, gold_set, task, bootstrap, seed, clitic, norm,
                             timex_values)
    if not results.tasks:
        _fail(f"{spec} attempts none of the requested tasks")
    for table in _score_tables(results):
        out.print(table)
    _print_alignment_summary(outcome)
    out.print(str(results.signature), markup=False)
    if json_out is not None:
        write_text(json_out, results.to_json())
        err.print(f"[green]wrote[/] {json_out}")
    if samples_out is not None:
        write_text(samples_out, outcome.samples_jsonl())
        err.print(f"[green]wrote[/] {samples_out}")


def _print_alignment_summary(outcome) -> None:  # type: ignore[no-untyped-def]
    aligned = [a for s in outcome.samples.values() for a in s.get("alignments", [])]
    if not aligned:
        return
    unaligned = [a for a in aligned if a["method"] == "unaligned"]
    normalized = sum(a["method"] == "normalized" for a in aligned)
    out.print(f"string predictions: {len(aligned)} aligned by text "
              f"({normalized} after normalisation), {len(unaligned)} not found "
              f"(scored as spurious)")
    for a in unaligned[:20]:
        out.print(f"  not found: {a['layer']}{'.' + a['role'] if a['role'] else ''} "
                  f"{a['text']!r}", markup=False)


def _rescore(entries, gold_set, *, bootstrap: int, seed: int):  # type: ignore[no-untyped-def]
    """The entries' predictions scored on ``gold_set`` (a split of what they ran on)."""
    from dataclasses import replace as _replace

    from benchmark.leaderboard import Entry

    ids = {d.doc_id for d in gold_set}
    out = []
    for entry in entries:
        if not entry.outcome.ok or entry.saved is not None:
            out.append(entry)
            continue
        outcome = _replace(entry.outcome,
                           predictions={k: v for k, v in entry.outcome.predictions.items()
                                        if k in ids},
                           samples={k: v for k, v in entry.outcome.samples.items() if k in ids})
        out.append(Entry(entry.name, outcome, _score_outcome(outcome, gold_set, None, bootstrap,
                                                             seed, False, "standard")))
    return out


def _run_entries(specs: list[str], gold_set, options, *, task, bootstrap, seed, clitic,  # type: ignore[no-untyped-def]
                 norm, score: bool = True):
    """Build every extractor (a bad spec exits 2), then run and score each in turn;
    a failing one is reported and the others go on."""
    from benchmark.leaderboard import Entry
    from benchmark.run import RunOutcome
    from runners.base import ExtractorInfo

    saved = {spec: _load_saved(spec) for spec in specs
             if spec.endswith(".json") and ":" not in spec.split("/")[0]}
    live = _build_extractors([s for s in specs if s not in saved], gold_set, options)
    built = dict(live)
    entries = []
    for spec in specs:
        if spec in saved:
            entries.append(Entry(spec, RunOutcome(spec, ExtractorInfo("saved", spec), "ok"),
                                 None, saved[spec]))
            continue
        extractor = built[spec]
        outcome = _run_one(spec, extractor, gold_set, norm)
        if not outcome.ok:
            _report_failure(outcome)
            entries.append(Entry(spec, outcome, None))
            continue
        entries.append(Entry(spec, outcome, _score_outcome(outcome, gold_set, task, bootstrap,
                                                           seed, clitic, norm) if score else None))
    return entries


def _load_saved(spec: str) -> dict:  # type: ignore[type-arg]
    """A saved results JSON file given to ``compare``; a bad one is a usage error."""
    from benchmark.gate import GateError, load_results

    try:
        return load_results(spec).data
    except GateError as exc:
        _fail(str(exc))


def _refuse_incomparable(entries) -> None:  # type: ignore[no-untyped-def]
    """Every result must share the gold and metric settings of the first one."""
    from benchmark.gate import ResultsFile, comparability

    usable = [e for e in entries if e.ok]
    if len(usable) < 2:
        return
    first = ResultsFile(Path(usable[0].name), usable[0].data)
    for entry in usable[1:]:
        diffs = comparability(first, ResultsFile(Path(entry.name), entry.data))
        if diffs:
            lines = "\n".join(f"  {name}: {usable[0].name} {a!r} ≠ {entry.name} {b!r}"
                              for name, a, b in diffs)
            _fail(f"results are not comparable (different gold or metric settings):\n{lines}")


def _comparison_data(gold_set, entries, reference: str | None, seed: int, *,  # type: ignore[no-untyped-def]
                     with_errors: bool = False):
    from benchmark.leaderboard import (add_deltas, error_view, git_commit, now_utc,
                                       report_data)

    data = report_data(gold_set, entries, generated=now_utc(),
                       commit=git_commit(Path(__file__).resolve().parent),
                       errors=error_view(gold_set, entries) if with_errors else None)
    if reference is not None:
        try:
            add_deltas(data, entries, reference, seed=seed)
        except ValueError as exc:
            _fail(str(exc))
    return data


def _print_comparison(data, fmt: str) -> None:  # type: ignore[no-untyped-def]
    from benchmark.render.terminal import overview_table, task_tables

    if fmt == "md":
        from benchmark.render.markdown import render_markdown

        out.print(render_markdown(data), markup=False)
    elif fmt == "json":
        slim = {k: v for k, v in data.items() if k not in ("documents", "errors")}
        out.print(json.dumps(slim, ensure_ascii=False, sort_keys=True, indent=2), markup=False)
    elif fmt == "csv":
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["system", "status"] + [h["path"] for h in data["headline"]])
        for s in data["systems"]:
            writer.writerow([s["name"], s["status"]] + [
                "" if s["headline"].get(h["task"]) is None else s["headline"][h["task"]]["value"]
                for h in data["headline"]])
        out.print(buffer.getvalue(), markup=False, end="")
    else:
        from benchmark.render.terminal import confusion_tables, per_type_tables

        out.print(overview_table(data))
        for table in task_tables(data) + per_type_tables(data) + confusion_tables(data):
            out.print(table)
        for s in data["systems"]:
            if s["signature"]:
                out.print(s["signature"], markup=False)


ReferenceOption = Annotated[Optional[str], typer.Option(
    "--reference", help="Show deltas against this system, with paired-test p-values.",
    show_default=False)]
OutputFormatOption = Annotated[str, typer.Option(
    "--format", help="table (rich), md, json or csv.")]


@app.command()
def compare(
    specs: Annotated[list[str], typer.Argument(
        help="Extractor specs to run, and/or saved results JSON files, side by side.",
        show_default=False)],
    gold: GoldOption = None,
    split: SplitOption = "auto",
    root: RootOption = None,
    task: TaskOption = None,
    reference: ReferenceOption = None,
    output: OutputFormatOption = "table",
    per_type: Annotated[bool, typer.Option(
        "--per-type", help="Also show NER per fine type.")] = False,
    confusion: Annotated[bool, typer.Option(
        "--confusion", help="Also show NER type confusion matrices (aligned mentions).")] = False,
    seed: SeedOption = 12345,
    bootstrap: BootstrapOption = 1000,
    clitic: CliticOption = False,
    norm: NormOption = "standard",
    fmt: Annotated[Optional[str], typer.Option(
        "--file-format", help="file: predictions format (khabar, conll, brat, timeml, "
                              "labelstudio); default: from the extension.",
        show_default=False)] = None,
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
    """Run several extractors on the gold and print their scores side by side.

    The overview shows the headline metric of each task with its 95% CI and the
    number of units, the best value in bold, and deltas against --reference with
    paired-test p-values. A failing extractor is reported and the others still
    run. Exits 0 when all succeeded, 3 when any failed, 2 on usage errors.
    """
    _check_common(task, bootstrap, norm)
    if output not in ("table", "md", "json", "csv"):
        _fail(f"unknown --format {output!r}; expected one of: table, md, json, csv")
    if reference is not None and reference not in specs:
        _fail(f"--reference {reference!r} is not one of the compared systems")
    gold_set = _load(gold, split, root)
    options = _runner_options(fmt=fmt, timeout=timeout, max_output=max_output,
                              base_url=base_url, api_key_env=api_key_env,
                              concurrency=concurrency, prompt_language=prompt_language,
                              cache_dir=cache_dir, no_cache=no_cache, label_map=label_map,
                              hf_max_length=hf_max_length, hf_stride=hf_stride)
    entries = _run_entries(list(specs), gold_set, options, task=task, bootstrap=bootstrap,
                           seed=seed, clitic=clitic, norm=norm)
    _refuse_incomparable(entries)
    data = _comparison_data(gold_set, entries, reference, seed)
    if per_type:
        from benchmark.leaderboard import add_per_type

        add_per_type(data, entries)
    if confusion:
        from benchmark.leaderboard import add_confusion

        add_confusion(data, gold_set, entries)
    _print_comparison(data, output)
    if not all(e.ok for e in entries):
        raise typer.Exit(EXIT_EXTRACTOR_FAILED)


@app.command()
def leaderboard(
    out_dir: Annotated[Path, typer.Option("--out", help="Report directory.")] = Path("reports"),
    gold: GoldOption = None,
    split: SplitOption = "auto",
    root: RootOption = None,
    reference: ReferenceOption = None,
    seed: SeedOption = 12345,
    bootstrap: BootstrapOption = 1000,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace report files that khabar did not write.")] = False,
    hub_yaml: Annotated[Optional[Path], typer.Option(
        "--hub-yaml", help="Also write Hugging Face Hub .eval_results/<system>.yaml entries "
                           "under this directory.", show_default=False)] = None,
) -> None:
    """Run every default extractor on the gold, print the comparison and write
    leaderboard.md, leaderboard.html, results/<name>.json and samples/<name>.jsonl.

    Report files khabar wrote before are replaced; any other existing file is
    kept unless --force. Exits 0 when all extractors ran, 3 when any failed,
    2 on usage errors.
    """
    from benchmark.files import OutputExistsError
    from benchmark.leaderboard import planned_files, refuse_foreign, write_reports
    from benchmark.render.markdown import render_markdown
    from runners.registry import registered

    _check_common(None, bootstrap, "standard")
    full = _load(gold, "all", root)
    headline_split = split
    if split == "auto":
        headline_split = "test" if "test" in full.splits else "all"
    gold_set = resolve_split(full, headline_split)
    beside = [s for s in full.splits if s != headline_split] if headline_split != "all" else []
    run_gold = full if beside else gold_set
    specs = [name for name, entry in sorted(registered().items()) if entry.default]
    if reference is not None and reference not in specs:
        _fail(f"--reference {reference!r} is not one of the default extractors: "
              + ", ".join(specs))
    # Each system runs once on every document; its predictions are then scored on the
    # headline split and on each split beside it.
    ran = _run_entries(specs, run_gold, {}, task=None, bootstrap=0, seed=seed,
                       clitic=False, norm="standard", score=False)
    entries = _rescore(ran, gold_set, bootstrap=bootstrap, seed=seed)
    try:
        refuse_foreign(out_dir, planned_files(out_dir, entries, beside), force=force)
    except OutputExistsError as exc:
        _fail("refusing to overwrite files khabar did not write (use --force): "
              + ", ".join(map(str, exc.paths)))
    data = _comparison_data(gold_set, entries, reference, seed, with_errors=True)
    data["split"] = gold_set.split
    data["beside"] = []
    beside_entries = {}
    for other in beside:
        other_gold = full.select(other)
        other_entries = _rescore(ran, other_gold, bootstrap=bootstrap, seed=seed)
        beside_entries[other] = other_entries
        other_data = _comparison_data(other_gold, other_entries, reference, seed)
        data["beside"].append({"split": other, "gold": other_data["gold"],
                               "systems": other_data["systems"],
                               "reference": other_data.get("reference")})
    _print_comparison(data, "table")
    try:
        from benchmark.render.html import render_html
    except ImportError:
        render_html = None
    written = write_reports(out_dir, gold_set, entries, data, render_markdown=render_markdown,
                            render_html=render_html, force=force, beside=beside_entries)
    if hub_yaml is not None:
        from benchmark.files import write_text
        from benchmark.leaderboard import hub_eval_results

        for stem, text in hub_eval_results(data).items():
            written.append(write_text(hub_yaml / ".eval_results" / f"{stem}.yaml", text))
    for path in written:
        err.print(f"[green]wrote[/] {path}")
    if not all(e.ok for e in entries):
        raise typer.Exit(EXIT_EXTRACTOR_FAILED)


@app.command()
def extractors() -> None:
    """List the registered extractors (built-in and plug-ins) and the spec prefixes."""
    from runners.registry import BUILTINS, describe_plugin, registered

    table = Table(title="khabar extractors")
    for name in ("name", "kind", "on leaderboard", "description"):
        table.add_column(name)
    for name, entry in sorted(registered().items()):
        builtin = name in BUILTINS
        table.add_row(name, "built-in" if builtin else "plug-in",
                      "yes" if entry.default else "no",
                      entry.description if builtin else describe_plugin(entry))
    out.print(table)
    out.print("Other specs: py:module:callable · cmd:\"prog args\" · file:PATH · "
              "openai:MODEL · hf:PATH", markup=False)


#: The metrics ``khabar check`` always shows in its table (the headline metrics).
_HEADLINES = ("tasks.ner.strict.f1", "tasks.timex.value_f1",
              "tasks.attribution.relation.relaxed.f1")


def _gate_current(spec: str, gold: Path | None, split: str, root: Path | None,
                  task: list[str] | None, bootstrap: int,
                  seed: int, clitic: bool, norm: str,
                  options: dict[str, object]):  # type: ignore[no-untyped-def]
    """Run and score ``spec`` for ``check``; every failure exits 2 (invalid input)."""
    import json as _json

    from rich.markup import escape

    from benchmark.gate import ResultsFile

    try:
        _check_common(task, bootstrap, norm)
        gold_set = _load(gold, split, root)
        [(name, extractor)] = _build_extractors([spec], gold_set, options)
    except typer.Exit as exc:           # invalid gold is 1 elsewhere; 1 means regression here
        raise typer.Exit(EXIT_USAGE if exc.exit_code else exc.exit_code) from None
    outcome = _run_one(name, extractor, gold_set, norm)
    if not outcome.ok:
        _report_failure(outcome)
        _fail(escape(f"{spec} failed, so there is nothing to check"))
    results = _score_outcome(outcome, gold_set, task, bootstrap, seed, clitic, norm)
    if not results.tasks:
        _fail(escape(f"{spec} attempts none of the requested tasks"))
    return ResultsFile(Path(f"extractor:{spec}"), _json.loads(results.to_json()))


@app.command()
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
        "--all", help="Show every checked metric (default: failures and headline metrics).")
    ] = False,
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

    Checked by default: every precision, recall, F1, value_f1 and accuracy under
    ``tasks`` present in both files; a task of the baseline missing from the
    results is a regression. Rules: ``benchmark/gate.py``. With
    ``$GITHUB_STEP_SUMMARY`` set, a Markdown summary is appended to that file and
    ``::error`` annotations are printed for regressions. The --gold/--task/
    --seed/--bootstrap/--clitic/--norm and runner options apply to --extractor.

    Exits 0 when every check passed, 1 on a regression, 2 on invalid input:
    a missing or corrupt file, results that are not comparable (different gold
    or metric settings; the difference is shown), an unknown metric path, a bad
    option, invalid gold, or an --extractor that failed.
    """
    import os

    from benchmark.gate import GateError, check as run_gate, load_results, parse_assignments
    from benchmark.render.gate import MAX_SUMMARY_BYTES, github_annotations, junit_xml, markdown
    from rich.markup import escape
    from rich.text import Text

    from benchmark.files import write_text

    if (results is None) == (extractor is None):
        _fail("give either RESULTS or --extractor SPEC (exactly one)")
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
                          ci_aware=ci_aware)
    except GateError as exc:
        _fail(escape(str(exc)))

    table = Table(title=Text(f"khabar check — {report.current} against {report.baseline}"))
    table.add_column("metric", overflow="fold")
    for name in ("baseline", "current", "delta", "allowed", "floor"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("status", no_wrap=True)
    shown = 0
    for c in report.checks:
        if not (show_all or not c.passed or c.metric in _HEADLINES):
            continue
        shown += 1
        cells = ["" if v is None else f"{v:.4f}" for v in (c.baseline, c.current)]
        table.add_row(Text(c.metric), *cells,
                      "" if c.delta is None else f"{c.delta:+.4f}", f"{c.allowed_drop:.4f}",
                      "" if c.floor is None else f"{c.floor:.4f}",
                      Text("ok" if c.passed else "FAIL",
                           style="green" if c.passed else "bold red"))
    out.print(table)
    if shown < len(report.checks):
        out.print(f"{len(report.checks) - shown} other metric(s) passed (--all shows them)")
    for c in report.checks:
        if c.reason != "ok":
            out.print(f"{'FAIL' if not c.passed else 'note'} {c.metric}: {c.reason}",
                      markup=False, emoji=False)
    out.print(report.signature, markup=False)

    if junit is not None:
        try:
            write_text(junit, junit_xml(report))
        except OSError as exc:
            _fail(escape(f"cannot write --junit {junit}: {exc}"))
        err.print(f"[green]wrote[/] {escape(str(junit))}")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        path = Path(summary)
        try:
            before = path.read_text(encoding="utf-8") if path.exists() else ""
            budget = MAX_SUMMARY_BYTES - len(before.encode("utf-8"))
            write_text(path, before + markdown(report, max_bytes=budget))
        except OSError as exc:
            err.print("[yellow]warning:[/] " + escape(f"cannot append to $GITHUB_STEP_SUMMARY "
                                                      f"{summary}: {exc}"))
        for line in github_annotations(report):
            typer.echo(line)

    failed = len(report.failures)
    if failed:
        out.print(f"[bold red]regression:[/] {failed} of {len(report.checks)} metric(s) failed "
                  f"against {escape(str(report.baseline))}", emoji=False)
        raise typer.Exit(1)
    out.print(f"[green]passed:[/] {len(report.checks)} metric(s) checked against "
              f"{escape(str(report.baseline))}", emoji=False)


@app.command()
def perturb(
    kinds: Annotated[str, typer.Option(
        "--kinds", help="Comma-separated perturbations, optionally with parameters: "
                        "orthography(p=0.3), tatweel, harakat, digits(to=eastern), "
                        "punctuation, dct_shift(days=-10), entity_swap.", show_default=False)],
    out_dir: Annotated[Path, typer.Option("--out", help="Directory to write the variant gold "
                                                        "into.", show_default=False)],
    seed: Annotated[int, typer.Option("--seed", help="Variant k uses seed SEED+k.")] = 0,
    n: Annotated[int, typer.Option("--n", min=1, help="Variants per document.")] = 1,
    gold: GoldOption = None,
    split: SplitOption = "auto",
    root: RootOption = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace an existing --out written by `khabar perturb`.")] = False,
) -> None:
    """Write N perturbed variants of every gold document as one standard gold directory.

    Variant k of document D has doc_id D.vK and seed SEED+k; its meta records the
    source doc_id and the perturbation signature. The directory is written
    atomically and accepted by `khabar validate` and `--gold`. Exits 0 on success,
    1 on invalid gold, 2 on usage errors (unknown kind, existing --out without --force).
    """
    from rich.markup import escape

    from benchmark.perturb import make_kind, split_kinds, variants, write_variant_gold

    try:
        built = [make_kind(k) for k in split_kinds(kinds)]
    except ValueError as exc:
        _fail(escape(str(exc)))
    if out_dir.exists() and not force:
        _fail(escape(f"refusing to overwrite existing output (use --force): {out_dir}"))
    gold_set = _load(gold, split, root)
    try:
        docs, meta = variants(gold_set.documents, built, seed, n)
    except ValueError as exc:
        _fail(escape(f"a perturbation could not map the gold: {exc}"))
    try:
        files = write_variant_gold(docs, out_dir, meta=meta)
    except FileExistsError as exc:
        _fail(escape(f"refusing to replace it: {exc}"))
    kinds_sig = meta[docs[0].doc_id]["perturbation"].rsplit("|", 1)[0]
    out.print(f"[green]wrote[/] {len(files)} variant(s) of {len(gold_set)} document(s) to "
              f"{escape(str(out_dir))}", emoji=False)
    out.print(f"{kinds_sig}|seed:{seed}..{seed + n - 1}", markup=False)

@app.command()
def robustness(
    specs: Annotated[list[str], typer.Argument(help="Extractor specs.", show_default=False)],
    kinds: Annotated[Optional[str], typer.Option(
        "--kinds", help="Comma-separated perturbation kinds (default: all seven).",
        show_default=False)] = None,
    n: Annotated[int, typer.Option("--n", help="Variants per kind.")] = 3,
    seed: SeedOption = 12345,
    gold: GoldOption = None,
    split: SplitOption = "auto",
    root: RootOption = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Report directory.")] = Path("reports"),
    force: Annotated[bool, typer.Option(
        "--force", help="Replace report files that khabar did not write.")] = False,
) -> None:
    """Score extractors on the original gold and on N seeded variants per perturbation
    kind; print the table and write robustness.md and robustness.json.

    Exits 0 when every run succeeded, 3 when any failed, 2 on usage errors.
    """
    from benchmark.files import OutputExistsError, write_text
    from benchmark.leaderboard import refuse_foreign
    from benchmark.perturb import KINDS, split_kinds
    from benchmark.robustness import DEFAULT_KINDS, render_markdown
    from benchmark.robustness import robustness as run_robustness

    chosen = tuple(split_kinds(kinds)) if kinds else DEFAULT_KINDS
    for kind in chosen:
        if kind.split("(")[0] not in KINDS:
            _fail(f"unknown perturbation kind {kind!r}; expected one of: {', '.join(KINDS)}")
    if n < 1:
        _fail(f"--n must be at least 1, got {n}")
    gold_set = _load(gold, split, root)
    built = _build_extractors(list(specs), gold_set, {})
    targets = [out_dir / "robustness.md", out_dir / "robustness.json"]
    try:
        refuse_foreign(out_dir, targets, force=force)
    except OutputExistsError as exc:
        _fail("refusing to overwrite files khabar did not write (use --force): "
              + ", ".join(map(str, exc.paths)))
    with err.status("robustness…") as status:
        table = run_robustness(gold_set, built, kinds=chosen, n=n, seed=seed,
                               progress=lambda text: status.update(f"robustness: {text}"))
    markdown = render_markdown(table)
    out.print(markdown, markup=False)
    import hashlib

    written = [write_text(targets[0], markdown),
               write_text(targets[1], json.dumps(table, ensure_ascii=False, sort_keys=True,
                                                 indent=2) + "\n")]
    from benchmark.leaderboard import MANIFEST, _manifest

    manifest = _manifest(out_dir)
    manifest.update({str(p.relative_to(out_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
                     for p in written})
    write_text(out_dir / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    for path in written:
        err.print(f"[green]wrote[/] {path}")
    if table["failures"]:
        raise typer.Exit(EXIT_EXTRACTOR_FAILED)


if __name__ == "__main__":  # pragma: no cover
    app()


from benchmark.cli_sheet import sheet_app  # noqa: E402

app.add_typer(sheet_app, name="sheet")


@app.command()
def agreement(
    dir_a: Annotated[Path, typer.Argument(help="Annotator A's gold directory.")],
    dir_b: Annotated[Path, typer.Argument(help="Annotator B's gold directory.")],
    root: RootOption = None,
    split: SplitOption = "all",
    out_md: Annotated[Optional[Path], typer.Option(
        "--out", help="Write the Markdown report here (e.g. gold/AGREEMENT.md).",
        show_default=False)] = None,
    as_json: Annotated[Optional[Path], typer.Option(
        "--json", help="Write the figures as JSON here ('-' for stdout).",
        show_default=False)] = None,
    title: Annotated[str, typer.Option("--title", help="Title of the Markdown report.")
                     ] = "Inter-annotator agreement",
    preamble: Annotated[Optional[Path], typer.Option(
        "--preamble", help="A Markdown file whose text goes under the title.",
        show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace existing output files.")
                     ] = False,
) -> None:
    """Inter-annotator agreement of two annotations of the same documents.

    Entity F1 (strict span + fine type), Cohen's κ on token labels, TIMEX3 extent F1
    and value agreement, attribution cue F1 and source/content overlap, per document
    and in total. Exits 0, 1 on invalid gold, 2 on usage errors.
    """
    from rich.markup import escape

    from benchmark.agreement import FIGURES, agreement as compute, markdown, to_json
    from benchmark.files import refuse_existing, write_text

    targets = [p for p in (out_md, as_json) if p is not None and str(p) != "-"]
    try:
        refuse_existing(targets, force=force)
    except FileExistsError:
        _fail(escape("refusing to replace existing file(s) (use --force): "
                     + ", ".join(str(p) for p in targets if p.exists())))
    gold_a = _load(dir_a, split, root)
    gold_b = _load(dir_b, split, root)
    try:
        result = compute(gold_a, gold_b, label_a=str(dir_a), label_b=str(dir_b))
    except ValueError as exc:
        _fail(escape(str(exc)))
    if not result.per_document:
        _fail(f"no document is annotated in both {dir_a} and {dir_b}")
    table = Table(title=f"agreement of {escape(str(dir_a))} and {escape(str(dir_b))}: "
                        f"{len(result.per_document)} document(s)")
    table.add_column("document")
    for _, label, _ in FIGURES:
        table.add_column(label, justify="right")
    fmt = lambda v: "—" if v is None else f"{v:.3f}"  # noqa: E731
    for doc_id, fig in result.per_document.items():
        table.add_row(escape(doc_id), *(fmt(fig.values.get(k)) for k, _, _ in FIGURES))
    table.add_row("[bold]all", *(f"[bold]{fmt(result.total.values.get(k))}"
                                 for k, _, _ in FIGURES), end_section=True)
    if as_json is not None and str(as_json) == "-":
        import sys
        sys.stdout.write(json.dumps(to_json(result), ensure_ascii=False, sort_keys=True,
                                    indent=2) + "\n")
    else:
        out.print(table)
        for side, ids in ((dir_a, result.only_b), (dir_b, result.only_a)):
            if ids:
                err.print(escape(f"not in {side}: {', '.join(ids)}"))
    if out_md is not None:
        text = markdown(result, title=title,
                        preamble=preamble.read_text(encoding="utf-8") if preamble else "")
        write_text(out_md, text)
    if as_json is not None and str(as_json) != "-":
        write_text(as_json, json.dumps(to_json(result), ensure_ascii=False, sort_keys=True,
                                       indent=2) + "\n")
