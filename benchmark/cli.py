"""The ``khabar`` command line: thin Typer commands over the library.

Exit codes (documented in the README):

* 0 — success (for ``validate``: the gold is valid);
* 1 — invalid gold (``validate``, or any command that loads broken gold);
* 2 — usage error: unknown option, format or extractor, missing path, an output
  that exists and ``--force`` was not given, an output path that cannot be
  written (a directory, under a regular file) or two outputs on the same path,
  a ``py:`` module that fails to import;
* 3 — an extractor failed: it crashed (``sys.exit`` included), timed out, or
  returned malformed output or invalid predictions (``compare`` still runs and
  prints the others).

Heavy packages (``datasets``, ``sklearn``) are imported inside the commands
that need them, so ``khabar --help`` stays instant.

Untrusted text (paths, system names, failure reasons, predicted strings) is
never parsed as rich markup: it is printed as :class:`rich.text.Text` or
through :func:`rich.markup.escape`, and the consoles never render emoji codes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

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
    """Print ``error: MESSAGE`` (literally: the message is never markup) and exit."""
    err.print(Text.assemble(("error:", "bold red"), " ", message))
    raise typer.Exit(code)


def _wrote(path: Path | str) -> None:
    err.print(Text.assemble(("wrote", "green"), " ", str(path)))


def _check_outputs(named: dict[str, Path | None]) -> None:
    """Refuse, before anything runs, output paths that cannot be written and two
    outputs that are the same file (exit 2). ``-`` (stdout) is not a path."""
    from benchmark.files import output_problem

    seen: dict[str, str] = {}
    for option, path in named.items():
        if path is None:
            continue
        key = "-" if str(path) == "-" else str(Path(os.path.abspath(path)).resolve())
        if key in seen:
            _fail(f"{seen[key]} and {option} name the same file ({path}); give two "
                  f"different paths")
        seen[key] = option
        if key == "-":
            continue
        problem = output_problem(path)
        if problem:
            _fail(f"cannot write {option} {path}: {problem}")


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
    split: SplitOption = "all",
    strict: Annotated[bool, typer.Option("--strict", help="Treat span-boundary warnings "
                                                          "as problems (exit 1).")] = False,
) -> None:
    """Check gold files: schema, checksum, offsets, ids, links, nesting, TIMEX3 values.

    Also warns about spans that cut a word other than after a proclitic.
    Exits 0 when valid, 1 on invalid gold (or warnings with --strict), 2 on usage errors.
    """
    from collections import Counter

    from benchmark.gold import GoldError, default_gold_dir, gold_files, load_gold
    from benchmark.sheet import span_warnings

    targets = list(paths) if paths else [default_gold_dir()]
    try:
        files = gold_files(targets)
    except FileNotFoundError as exc:
        _fail(f"no such file or directory: {exc}")
    if not files:
        _fail(f"no gold *.json files in {', '.join(map(str, targets))}")
    try:  # one load: it validates (every problem) and gives the documents
        gold, problems = load_gold(targets, root=root), []
    except GoldError as exc:
        problems = exc.problems
    except FileNotFoundError as exc:
        _fail(f"gold path not found: {exc}")
    for problem in problems:
        out.print(str(problem), markup=False)
    if problems:
        bad = len({p.file for p in problems})
        err.print(f"[bold red]invalid:[/] {len(problems)} problem(s) in {bad} of "
                  f"{len(files)} file(s)")
        raise typer.Exit(EXIT_INVALID_GOLD)
    if split not in ("all", "auto", "dev", "test"):
        _fail(f"--split must be dev, test, all or auto; got {split!r}")
    gold = resolve_split(gold, split)   # every file is validated; the summary is of the split
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
    from benchmark.files import dir_problem

    problem = dir_problem(out_dir)
    if problem:
        _fail(f"cannot write --out {out_dir}: {problem}")
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
    data = results.to_dict(per_document=False)
    intervals = data.get("bootstrap", {}).get("intervals", {})
    units = data.get("bootstrap", {}).get("units")
    unit = data.get("bootstrap", {}).get("unit", "")

    def ci(key: str) -> str:
        if key not in intervals:
            return ""
        lo, hi = intervals[key]
        return f"[{lo:.3f}, {hi:.3f}] n={units} {unit}".rstrip()

    from benchmark.results import coarse_headline

    tables = []
    tasks = data["tasks"]
    coarse = coarse_headline(data.get("extractor")) and "coarse" in tasks.get("ner", {})
    if coarse:
        # an extractor with CoNLL labels: the coarse view is its headline, shown first
        c = tasks["ner"]["coarse"]
        t = Table(title="NER (coarse CoNLL types PER/ORG/LOC/MISC): the headline, since the "
                        "extractor predicts CoNLL classes")
        for col in ("mode", "P", "R", "F1", "COR", "INC", "PAR", "MIS", "SPU", "95% CI (F1)"):
            t.add_column(col, justify="left" if col in ("mode", "95% CI (F1)") else "right")
        for mode in ("strict", "exact", "partial", "type"):
            row = c[mode]
            t.add_row(f"coarse {mode}" + (" (headline)" if mode == "strict" else ""),
                      f"{row['precision']:.4f}", f"{row['recall']:.4f}", f"{row['f1']:.4f}",
                      *(str(row[k]) for k in ("cor", "inc", "par", "mis", "spu")),
                      ci(f"ner.coarse.{mode}.f1"))
        tables.append(t)
    if "ner" in tasks:
        ner = tasks["ner"]
        t = Table(title="NER (fine types)" + (" — not the headline: every LOC of a CoNLL model "
                                              "is a type error here" if coarse else ""))
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
            per.add_row(escape(name), f"{row['precision']:.4f}", f"{row['recall']:.4f}",
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
    if "ner" in tasks and tasks["ner"].get("per_type"):
        from benchmark.render.terminal import per_type_token_table

        token_table = per_type_token_table(tasks["ner"])
        if token_table is not None:
            tables.append(token_table)
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
    "--timeout", help="cmd: seconds before the subprocess (its whole process group) is "
                      "killed; py: run the callable in a worker process killed after this "
                      "many seconds; openai: per request.",
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
StrictOption = Annotated[bool, typer.Option(
    "--strict", help="Fail the run on the first invalid predicted item (an unknown type, a "
                     "bad value or offsets, an answer that is no JSON) instead of dropping "
                     "and counting it (invalid_items).")]
LimitOption = Annotated[Optional[int], typer.Option(
    "--limit", help="Only the first N documents, in doc_id order (recorded in the results "
                    "and the signature as limit:N).", show_default=False)]
TemperatureOption = Annotated[Optional[float], typer.Option(
    "--temperature", help="openai: sampling temperature (default 0).", show_default=False)]
MaxTokensOption = Annotated[Optional[int], typer.Option(
    "--max-tokens", help="openai: max_tokens of each answer (default 4096).",
    show_default=False)]
PromptTemplateOption = Annotated[Optional[list[str]], typer.Option(
    "--prompt-template", help="openai: a custom prompt template, TASK=FILE (repeatable) or "
                              "FILE with one --task; its sha256 goes into the signature.",
    show_default=False)]

#: Runner options only the openai: adapter takes (dropped for every other spec).
_OPENAI_ONLY = ("cache_dir", "tasks", "temperature", "max_tokens", "prompt_templates", "strict")
#: … and those only the hf: adapter takes (so `compare hf:DIR rules --hf-stride 16` works).
_HF_ONLY = ("label_map", "model_max_length", "stride")


def _prompt_templates(values: list[str] | None, task: list[str] | None
                      ) -> dict[str, Path] | None:
    """``--prompt-template`` values → task → file (exit 2 on a bad value)."""
    from benchmark.results import TASKS

    if not values:
        return None
    out: dict[str, Path] = {}
    for value in values:
        name, sep, path = value.partition("=")
        if sep and name in TASKS:
            out[name] = Path(path)
            continue
        if len(task or ()) != 1:
            _fail(f"--prompt-template {value!r}: give TASK=FILE (TASK one of "
                  f"{', '.join(TASKS)}), or one FILE with exactly one --task")
        out[task[0]] = Path(value)                       # type: ignore[index]
    unasked = sorted(set(out) - set(task)) if task else []
    if unasked:
        _fail(f"--prompt-template for {', '.join(unasked)}, which --task does not request")
    return out


def _selection(gold: Path | None, split: str, root: Path | None,  # type: ignore[no-untyped-def]
               limit: int | None):
    """The whole gold (every split) and the documents scored: ``--split``, then ``--limit``.
    A ``file:`` may cover the whole gold (:func:`runners.files.ignore_outside`)."""
    if split not in ("auto", "all", "dev", "test"):
        _load(gold, split, root)                     # exits 2 naming the bad --split
    whole = _load(gold, "all", root)
    return whole, _limited(resolve_split(whole, split), limit)


def _limited(gold_set, limit: int | None):  # type: ignore[no-untyped-def]
    """``--limit N``: the first N documents in doc_id order (exit 2 for N < 1)."""
    if limit is None:
        return gold_set
    if limit < 1:
        _fail(f"--limit must be at least 1, got {limit}")
    return gold_set.first(limit)


def _runner_options(*, fmt: str | None, timeout: float | None, max_output: int | None,
                    base_url: str | None, api_key_env: str | None, concurrency: int | None,
                    prompt_language: str | None, cache_dir: Path | None, no_cache: bool,
                    label_map: str | None, hf_max_length: int | None, hf_stride: int | None,
                    task: list[str] | None = None, temperature: float | None = None,
                    max_tokens: int | None = None, prompt_template: list[str] | None = None,
                    strict: bool = False) -> dict[str, object]:
    """CLI options → keyword options for the adapters (``None``: adapter default).
    ``--task`` also limits what an openai: run asks (one request per document and
    requested task)."""
    options: dict[str, object] = {
        "format": fmt, "timeout": timeout, "max_output": max_output, "base_url": base_url,
        "api_key_env": api_key_env, "concurrency": concurrency,
        "prompt_language": prompt_language, "label_map": label_map,
        "model_max_length": hf_max_length, "stride": hf_stride,
        "tasks": tuple(dict.fromkeys(task)) if task else None,
        "temperature": temperature, "max_tokens": max_tokens,
        "prompt_templates": _prompt_templates(prompt_template, task),
        "strict": True if strict else None,
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
                for key in _OPENAI_ONLY:
                    kwargs.pop(key, None)
            if not spec.startswith("hf:"):
                for key in _HF_ONLY:
                    kwargs.pop(key, None)
            built.append((spec, make_extractor(spec, gold=gold, **kwargs)))
        except (ValueError, FileNotFoundError, TypeError) as exc:
            _fail(f"{spec}: {exc}")
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # noqa: BLE001 - a plug-in factory that crashes
            from benchmark.run import describe_exception

            _fail(f"{spec}: cannot build the extractor: {describe_exception(exc)}")
    return built


def _run_one(spec: str, extractor, gold, norm: str, strict: bool = False):  # type: ignore[no-untyped-def]
    """Run one extractor. A runner that reports progress (openai:, hf:) gets a
    progress bar on stderr (plain periodic lines when stderr is not a terminal;
    :mod:`benchmark.progress`); the others a spinner (nothing off a terminal)."""
    from benchmark.run import run_extractor

    if hasattr(extractor, "progress"):
        from benchmark.progress import Progress

        def facts():  # type: ignore[no-untyped-def]
            stats = getattr(extractor, "stats", None)
            return stats if isinstance(stats, dict) else None

        with Progress(spec, len(gold), facts=facts) as bar:
            return run_extractor(spec, extractor, gold, norm=norm, progress=bar.update,
                                 strict=strict)
    from benchmark.progress import bar_active

    if bar_active():                       # inside the leaderboard's bar: one live display
        return run_extractor(spec, extractor, gold, norm=norm, strict=strict)
    with err.status(f"running {escape(spec)} on {len(gold)} document(s)…"):
        return run_extractor(spec, extractor, gold, norm=norm, strict=strict)


def _report_failure(outcome) -> None:  # type: ignore[no-untyped-def]
    err.print(Text.assemble(("failed:", "bold red"), f" {outcome.spec}: {outcome.reason}"))
    if outcome.detail:
        err.print(Text(outcome.detail))


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
        "--json", help="Also write the results JSON to this file ('-': to stdout; the "
                       "tables then go to stderr).", show_default=False)] = None,
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
    strict: StrictOption = False,
    limit: LimitOption = None,
    temperature: TemperatureOption = None,
    max_tokens: MaxTokensOption = None,
    prompt_template: PromptTemplateOption = None,
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
    from benchmark.files import OutputExistsError, refuse_existing

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
    whole, gold_set = _selection(gold, split, root, limit)
    full_set, sharded = gold_set, None
    if shard is not None:
        from benchmark.shard import ShardError, parse_shard, shard_gold

        try:
            sharded = parse_shard(shard)
            gold_set = shard_gold(full_set, *sharded)
        except ShardError as exc:
            _fail(str(exc))
    options = _runner_options(fmt=fmt, timeout=timeout, max_output=max_output,
                              base_url=base_url, api_key_env=api_key_env,
                              concurrency=concurrency, prompt_language=prompt_language,
                              cache_dir=cache_dir, no_cache=no_cache, label_map=label_map,
                              hf_max_length=hf_max_length, hf_stride=hf_stride, task=task,
                              temperature=temperature, max_tokens=max_tokens,
                              prompt_template=prompt_template, strict=strict)
    # built on the whole selection, as in a run without --shard (the oracle, plug-ins)
    [(name, extractor)] = _build_extractors([spec], full_set, options)
    from runners.files import ignore_outside

    extractor = ignore_outside(extractor, gold_set, whole)
    if sharded is not None:  # records of the other shards' documents are not this run's
        from benchmark.shard import DocumentsOnly

        extractor = DocumentsOnly(extractor, {d.doc_id for d in full_set}
                                  - {d.doc_id for d in gold_set})
    outcome = _run_one(name, extractor, gold_set, norm, strict=strict)
    if not outcome.ok:
        _report_failure(outcome)
        partial = None
        if outcome.predictions:
            partial = _score_outcome(outcome, gold_set, task, bootstrap, seed, clitic, norm,
                                     timex_values)
        _write_outputs(((json_out, "--json", lambda: _failure_json(outcome, gold_set, partial)),
                        (samples_out, "--samples", outcome.samples_jsonl)))
        raise typer.Exit(EXIT_EXTRACTOR_FAILED)
    if sharded is not None:
        _score_shard(outcome, full_set, gold_set, sharded, task, bootstrap, seed, clitic, norm,
                     timex_values, show, json_out, samples_out)
        return
    results = _score_outcome(outcome, gold_set, task, bootstrap, seed, clitic, norm,
                             timex_values)
    if not results.tasks:
        _fail(f"{spec} attempts none of the requested tasks")
    for table in _score_tables(results):
        show.print(table)
    _print_alignment_summary(outcome, show)
    _print_invalid_summary(results, outcome, show)
    show.print(str(results.signature), markup=False)
    _write_outputs(((json_out, "--json", results.to_json),
                    (samples_out, "--samples", outcome.samples_jsonl)))


def _score_shard(outcome, full_set, gold_set, sharded, task, bootstrap, seed, clitic,  # type: ignore[no-untyped-def]
                 norm, timex_values, show, json_out, samples_out) -> None:
    """``score --shard I/N``: print the shard's own scores, write its shard file."""
    from benchmark.results import TASKS
    from benchmark.shard import score_shard

    results, data = score_shard(outcome, full_set, gold_set, *sharded,
                                tasks=tuple(task) if task else TASKS, bootstrap=bootstrap,
                                seed=seed, clitic=clitic, norm=norm, timex_values=timex_values)
    for table in _score_tables(results) if results.tasks else ():
        show.print(table)
    _print_alignment_summary(outcome, show)
    show.print(f"shard {sharded[0]}/{sharded[1]}: {len(gold_set)} of {len(full_set)} "
               f"document(s); `khabar merge` the {sharded[1]} shard files for the whole run "
               "(scores, intervals and p-values)", markup=False)
    show.print(str(results.signature), markup=False)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    _write_outputs(((json_out, "--json", lambda: text),
                    (samples_out, "--samples", outcome.samples_jsonl)))


@app.command()
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
    from benchmark.files import OutputExistsError, refuse_existing
    from benchmark.jsonpos import StrictJsonError, strict_json_loads
    from benchmark.shard import ShardError, merge as merge_shards

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
    for table in _score_tables(results):
        show.print(table)
    show.print(str(results.signature), markup=False)
    _write_outputs(((json_out, "--json", results.to_json),))


def _failure_json(outcome, gold_set, partial) -> str:  # type: ignore[no-untyped-def]
    """The ``--json`` of a failed run (:func:`benchmark.run.failure_results`)."""
    from benchmark.run import failure_results

    return json.dumps(failure_results(outcome, gold_set, partial), ensure_ascii=False,
                      sort_keys=True, indent=2) + "\n"


def _write_outputs(outputs) -> None:  # type: ignore[no-untyped-def]
    """Write ``(path, option, text())`` outputs: ``-`` is stdout."""
    from benchmark.files import write_text

    for path, option, text in outputs:
        if path is None:
            continue
        if str(path) == "-":
            import sys

            sys.stdout.write(text())
            sys.stdout.flush()
            continue
        try:
            write_text(path, text())
        except OSError as exc:
            _fail(f"cannot write {option} {path}: {exc.strerror or exc}")
        _wrote(path)


def _print_invalid_summary(results, outcome, console: Console | None = None) -> None:  # type: ignore[no-untyped-def]
    """``invalid items: ner 2 (1 not found, 1 invalid), timex 0, …`` and the first
    reasons; nothing when no task dropped anything."""
    from collections import Counter

    from benchmark.untrusted import clip

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


def _print_alignment_summary(outcome, console: Console | None = None) -> None:  # type: ignore[no-untyped-def]
    from benchmark.untrusted import clip

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


def _rescore(entries, gold_set, *, bootstrap: int, seed: int):  # type: ignore[no-untyped-def]
    """The entries' predictions scored on ``gold_set`` (a split of what they ran on)."""
    from dataclasses import replace as _replace

    from benchmark.leaderboard import Entry

    ids = {d.doc_id for d in gold_set}
    out = []
    for entry in entries:
        if entry.saved is not None:
            out.append(entry)
            continue
        outcome = _replace(entry.outcome,
                           predictions={k: v for k, v in entry.outcome.predictions.items()
                                        if k in ids},
                           samples={k: v for k, v in entry.outcome.samples.items() if k in ids})
        scored = _score_outcome(outcome, gold_set, None, bootstrap, seed, False, "standard") \
            if outcome.ok or outcome.predictions else None
        # a failed run keeps what came back: its partial results are written, not ranked
        out.append(Entry(entry.name, outcome, scored) if outcome.ok
                   else Entry(entry.name, outcome, None, partial=scored))
    return out


def _run_entries(specs: list[str], gold_set, options, *, task, bootstrap, seed, clitic,  # type: ignore[no-untyped-def]
                 norm, score: bool = True, strict: bool = False, progress: bool = False,
                 whole=None):
    """Build every extractor (a bad spec exits 2), then run and score each in turn;
    a failing one is reported and the others go on. ``progress``: a progress
    display over the systems (the leaderboard)."""
    import contextlib

    from benchmark.leaderboard import Entry
    from benchmark.progress import Progress
    from benchmark.run import RunOutcome
    from runners.base import ExtractorInfo

    saved = {spec: _load_saved(spec) for spec in specs
             if spec.endswith(".json") and ":" not in spec.split("/")[0]}
    live = _build_extractors([s for s in specs if s not in saved], gold_set, options)
    from runners.files import ignore_outside

    built = {s: ignore_outside(e, gold_set, whole) if whole is not None else e for s, e in live}
    entries = []
    with (Progress("leaderboard", len(live), unit="systems") if progress and live
          else contextlib.nullcontext()) as bar:
        for spec in specs:
            if spec in saved:
                entries.append(Entry(spec, RunOutcome(spec, ExtractorInfo("saved", spec), "ok"),
                                     None, saved[spec]))
                continue
            extractor = built[spec]
            outcome = _run_one(spec, extractor, gold_set, norm, strict=strict)
            if bar is not None:
                bar.advance()
            if not outcome.ok:
                _report_failure(outcome)
                entries.append(Entry(spec, outcome, None))
                continue
            entries.append(Entry(spec, outcome, _score_outcome(
                outcome, gold_set, task, bootstrap, seed, clitic, norm) if score else None))
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
    strict: StrictOption = False,
    limit: LimitOption = None,
    temperature: TemperatureOption = None,
    max_tokens: MaxTokensOption = None,
    prompt_template: PromptTemplateOption = None,
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
    _check_common(task, bootstrap, norm)
    if output not in ("table", "md", "json", "csv"):
        _fail(f"unknown --format {output!r}; expected one of: table, md, json, csv")
    if reference is not None and reference not in specs:
        _fail(f"--reference {reference!r} is not one of the compared systems")
    _check_outputs({"--json": json_out})
    if json_out is not None and str(json_out) != "-":
        from benchmark.files import OutputExistsError, refuse_existing

        try:
            refuse_existing([json_out], force=force)
        except OutputExistsError as exc:
            _fail("refusing to overwrite existing output (use --force): "
                  + ", ".join(map(str, exc.paths)))
    whole, gold_set = _selection(gold, split, root, limit)
    options = _runner_options(fmt=fmt, timeout=timeout, max_output=max_output,
                              base_url=base_url, api_key_env=api_key_env,
                              concurrency=concurrency, prompt_language=prompt_language,
                              cache_dir=cache_dir, no_cache=no_cache, label_map=label_map,
                              hf_max_length=hf_max_length, hf_stride=hf_stride, task=task,
                              temperature=temperature, max_tokens=max_tokens,
                              prompt_template=prompt_template, strict=strict)
    entries = _run_entries(list(specs), gold_set, options, task=task, bootstrap=bootstrap,
                           seed=seed, clitic=clitic, norm=norm, strict=strict, whole=whole)
    _refuse_incomparable(entries)
    data = _comparison_data(gold_set, entries, reference, seed)
    if per_type:
        from benchmark.leaderboard import add_per_type

        add_per_type(data, entries)
    if confusion:
        from benchmark.leaderboard import add_confusion

        add_confusion(data, gold_set, entries)
    to_stdout = json_out is not None and str(json_out) == "-"
    _print_comparison(data, output, err if to_stdout else out)
    _write_outputs(((json_out, "--json", lambda: _comparison_json(data)),))
    if not all(e.ok for e in entries):
        raise typer.Exit(EXIT_EXTRACTOR_FAILED)


#: Where ``khabar leaderboard`` and ``khabar robustness`` write without ``--out``: an
#: untracked folder (in .gitignore), so running them never edits the published
#: ``reports/`` (only ``make leaderboard`` writes there, with ``--out reports``).
DEFAULT_REPORTS = Path("khabar-reports")


@app.command()
def leaderboard(
    specs: Annotated[Optional[list[str]], typer.Argument(
        help="More systems to rank beside the default extractors: extractor specs (NAME, "
             "py:, cmd:, file:, openai:, hf:) and/or saved results JSON files.",
        show_default=False)] = None,
    only: Annotated[bool, typer.Option(
        "--only", help="Rank only the SPECs given, without the default extractors.")] = False,
    out_dir: Annotated[Path, typer.Option("--out", help="Report directory.")] = DEFAULT_REPORTS,
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
    hub_dataset: Annotated[str, typer.Option(
        "--hub-dataset", help="The Hub dataset id the --hub-yaml entries name "
                              "(dataset.id), e.g. my-org/khabar-bench.")] = "khabar-bench",
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

    from benchmark.files import OutputExistsError
    from benchmark.leaderboard import planned_files, refuse_foreign, write_reports
    from benchmark.render.markdown import render_markdown
    from runners.registry import registered

    _check_common(None, bootstrap, "standard")
    if only and not specs:
        _fail("--only ranks the SPECs given, and none was given")
    if hub_dataset != "khabar-bench" and hub_yaml is None:
        _fail("--hub-dataset names the dataset of the --hub-yaml entries; give --hub-yaml DIR")
    if not re.fullmatch(r"[A-Za-z0-9][\w.-]*(/[A-Za-z0-9][\w.-]*)?", hub_dataset):
        _fail(f"--hub-dataset {hub_dataset!r} is not a Hub dataset id (NAME or OWNER/NAME)")
    full = _load(gold, "all", root)
    headline_split = split
    if split == "auto":
        headline_split = "test" if "test" in full.splits else "all"
    gold_set = resolve_split(full, headline_split)
    beside = [s for s in full.splits if s != headline_split] if headline_split != "all" else []
    run_gold = full if beside else gold_set
    defaults = [] if only else [name for name, entry in sorted(registered().items())
                                if entry.default]
    specs = list(dict.fromkeys(defaults + list(specs or ())))
    if reference is not None and reference not in specs:
        _fail(f"--reference {reference!r} is not one of the ranked systems: "
              + ", ".join(specs))
    options = _runner_options(fmt=fmt, timeout=timeout, max_output=max_output,
                              base_url=base_url, api_key_env=api_key_env,
                              concurrency=concurrency, prompt_language=prompt_language,
                              cache_dir=cache_dir, no_cache=no_cache, label_map=label_map,
                              hf_max_length=hf_max_length, hf_stride=hf_stride)
    from benchmark.files import dir_problem
    from benchmark.leaderboard import check_stems

    for option, folder in (("--out", out_dir), ("--hub-yaml", hub_yaml)):
        problem = dir_problem(folder) if folder is not None else None
        if problem:
            _fail(f"cannot write {option} {folder}: {problem}")
    try:
        check_stems(specs)
    except ValueError as exc:
        _fail(str(exc))
    # Each system runs once on every document; its predictions are then scored on the
    # headline split and on each split beside it.
    ran = _run_entries(specs, run_gold, options, task=None, bootstrap=0, seed=seed,
                       clitic=False, norm="standard", score=False, progress=True)
    entries = _rescore(ran, gold_set, bootstrap=bootstrap, seed=seed)
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
    data = _comparison_data(gold_set, entries, reference, seed, with_errors=True)
    data["split"] = gold_set.split
    data["ranked"] = True              # the reports rank the systems (docs/leaderboard.md)
    data["beside"] = []
    beside_entries = {}
    for other in beside:
        other_gold = full.select(other)
        # saved results hold the headline split's scores only: not shown beside it
        other_entries = [e for e in _rescore(ran, other_gold, bootstrap=bootstrap, seed=seed)
                         if e.saved is None]
        beside_entries[other] = other_entries
        other_reference = reference if any(e.name == reference and e.ok
                                           for e in other_entries) else None
        other_data = _comparison_data(other_gold, other_entries, other_reference, seed)
        data["beside"].append({"split": other, "gold": other_data["gold"],
                               "systems": other_data["systems"],
                               "reference": other_data.get("reference")})
    from benchmark.render.common import ranked

    _print_comparison({**data, "systems": ranked(data["systems"], data["headline"])}, "table")
    try:
        from benchmark.render.html import render_html
    except ImportError:
        render_html = None
    try:
        written = write_reports(out_dir, gold_set, entries, data,
                                render_markdown=render_markdown, render_html=render_html,
                                force=force, beside=beside_entries,
                                beside_gold={other: full.select(other) for other in beside})
        if hub_yaml is not None:
            from benchmark.files import write_text
            from benchmark.leaderboard import hub_eval_results

            for stem, text in hub_eval_results(data, dataset_id=hub_dataset).items():
                written.append(write_text(hub_yaml / ".eval_results" / f"{stem}.yaml", text))
    except OSError as exc:
        _fail(f"cannot write the reports under {out_dir}: {exc}")
    for path in written:
        _wrote(path)
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
        table.add_row(escape(name), "built-in" if builtin else "plug-in",
                      "yes" if entry.default else "no",
                      escape(entry.description if builtin else describe_plugin(entry)))
    out.print(table)
    out.print("Other specs: py:module:callable · cmd:\"prog args\" · file:PATH · "
              "openai:MODEL · hf:PATH", markup=False)


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
    import json as _json

    from rich.markup import escape

    from benchmark.gate import ResultsFile

    try:
        _check_common(task, bootstrap, norm)
        whole, gold_set = _selection(gold, split, root, None)
        [(name, extractor)] = _build_extractors([spec], gold_set, options)
        from runners.files import ignore_outside

        extractor = ignore_outside(extractor, gold_set, whole)
    except typer.Exit as exc:           # invalid gold is 1 elsewhere; 1 means regression here
        raise typer.Exit(EXIT_USAGE if exc.exit_code else exc.exit_code) from None
    outcome = _run_one(name, extractor, gold_set, norm)
    if not outcome.ok:
        _report_failure(outcome)
        _fail(f"{spec} failed, so there is nothing to check")
    results = _score_outcome(outcome, gold_set, task, bootstrap, seed, clitic, norm)
    if not results.tasks:
        _fail(f"{spec} attempts none of the requested tasks")
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
        _fail(str(exc))
    if out_dir.exists() and not force:
        _fail(f"refusing to overwrite existing output (use --force): {out_dir}")
    gold_set = _load(gold, split, root)
    try:
        docs, meta = variants(gold_set.documents, built, seed, n)
    except ValueError as exc:
        _fail(f"a perturbation could not map the gold: {exc}")
    try:
        files = write_variant_gold(docs, out_dir, meta=meta)
    except FileExistsError as exc:
        _fail(f"refusing to replace it: {exc}")
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
    out_dir: Annotated[Path, typer.Option("--out", help="Report directory.")] = DEFAULT_REPORTS,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace report files that khabar did not write.")] = False,
) -> None:
    """Score extractors on the original gold and on N seeded variants per perturbation
    kind; print the table and write robustness.md and robustness.json (default --out:
    ./khabar-reports/).

    Exits 0 when every run succeeded, 3 when any failed, 2 on usage errors.
    """
    from benchmark.files import OutputExistsError, dir_problem
    from benchmark.leaderboard import refuse_foreign, write_report_files
    from benchmark.perturb import KINDS, split_kinds
    from benchmark.robustness import DEFAULT_KINDS, render_markdown
    from benchmark.robustness import robustness as run_robustness

    chosen = tuple(split_kinds(kinds)) if kinds else DEFAULT_KINDS
    for kind in chosen:
        if kind.split("(")[0] not in KINDS:
            _fail(f"unknown perturbation kind {kind!r}; expected one of: {', '.join(KINDS)}")
    if n < 1:
        _fail(f"--n must be at least 1, got {n}")
    problem = dir_problem(out_dir)
    if problem:
        _fail(f"cannot write --out {out_dir}: {problem}")
    gold_set = _load(gold, split, root)
    built = _build_extractors(list(specs), gold_set, {})
    targets = [out_dir / "robustness.md", out_dir / "robustness.json"]
    try:
        refuse_foreign(out_dir, targets, force=force)
    except OutputExistsError as exc:
        _fail("refusing to overwrite files khabar did not write (use --force): "
              + ", ".join(map(str, exc.paths)))
    from benchmark.progress import Progress

    try:
        with Progress("robustness", len(built) * (1 + len(chosen) * n), unit="runs") as bar:
            table = run_robustness(gold_set, built, kinds=chosen, n=n, seed=seed,
                                   advance=bar.advance)
    except ValueError as exc:           # as `khabar perturb`: a variant that cannot be made
        _fail(f"a perturbation could not map the gold: {exc}")
    markdown = render_markdown(table)
    out.print(markdown, markup=False)
    try:
        written = write_report_files(out_dir, {
            targets[0]: markdown,
            targets[1]: json.dumps(table, ensure_ascii=False, sort_keys=True, indent=2) + "\n"})
    except OSError as exc:
        _fail(f"cannot write the reports under {out_dir}: {exc}")
    for path in written:
        _wrote(path)
    if table["failures"]:
        raise typer.Exit(EXIT_EXTRACTOR_FAILED)


if __name__ == "__main__":  # pragma: no cover
    app()


from benchmark.cli_sheet import sheet_app  # noqa: E402

app.add_typer(sheet_app, name="sheet")

from benchmark.cli_import import import_cmd  # noqa: E402

app.command("import")(import_cmd)


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

    _check_outputs({"--out": out_md, "--json": as_json})
    targets = [p for p in (out_md, as_json) if p is not None and str(p) != "-"]
    try:
        refuse_existing(targets, force=force)
    except FileExistsError:
        _fail("refusing to replace existing file(s) (use --force): "
              + ", ".join(str(p) for p in targets if p.exists()))
    gold_a = _load(dir_a, split, root)
    gold_b = _load(dir_b, split, root)
    try:
        result = compute(gold_a, gold_b, label_a=str(dir_a), label_b=str(dir_b))
    except ValueError as exc:
        _fail(str(exc))
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
