"""The ``khabar`` command line: thin Typer commands over the library.

Exit codes (documented in the README):

* 0 — success (for ``validate``: the gold is valid);
* 1 — invalid gold (``validate``, or any command that loads broken gold);
* 2 — usage error: unknown option or format, missing path, an output that
  exists and ``--force`` was not given.

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
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

EXIT_OK, EXIT_INVALID_GOLD, EXIT_USAGE = 0, 1, 2

GoldOption = Annotated[
    Optional[Path],
    typer.Option("--gold", help="Gold directory or file (default: the bundled gold/).",
                 show_default=False),
]


def _fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}", markup=True)
    raise typer.Exit(code)


def _load(gold: Path | None):  # type: ignore[no-untyped-def]
    """Load gold or exit with a clear message (1: invalid gold, 2: missing path)."""
    from benchmark.gold import GoldError, load_gold

    try:
        return load_gold(gold)
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
) -> None:
    """Check gold files: schema, checksum, offsets, ids, links, nesting, TIMEX3 values.

    Exits 0 when valid, 1 on invalid gold, 2 on usage errors.
    """
    from benchmark.gold import default_gold_dir, gold_files, validate as check

    targets = list(paths) if paths else [default_gold_dir()]
    try:
        files = gold_files(targets)
    except FileNotFoundError as exc:
        _fail(f"no such file or directory: {exc}")
    if not files:
        _fail(f"no gold *.json files in {', '.join(map(str, targets))}")
    problems = check(targets)
    for problem in problems:
        out.print(str(problem), markup=False)
    if problems:
        bad = len({p.file for p in problems})
        err.print(f"[bold red]invalid:[/] {len(problems)} problem(s) in {bad} of "
                  f"{len(files)} file(s)")
        raise typer.Exit(EXIT_INVALID_GOLD)
    gold = _load(targets if len(targets) > 1 else targets[0])
    out.print(f"[green]valid:[/] {len(files)} file(s), {len(gold)} document(s), "
              f"gold {gold.label}")


@app.command()
def stats(
    gold: GoldOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Print counts of the gold per layer and type."""
    from dataclasses import asdict

    from benchmark.stats import gold_stats

    gold_set = _load(gold)
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


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f",
                                     help="hf, parquet, jsonl, conll, brat or timeml.")],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Output directory.")],
    gold: GoldOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace existing output files.")] = False,
) -> None:
    """Export the gold to another format (read back and checked in the test suite)."""
    from benchmark.export import FORMATS, export_gold
    from benchmark.files import OutputExistsError

    if fmt not in FORMATS:
        _fail(f"unknown --format {fmt!r}; expected one of: {', '.join(FORMATS)}")
    gold_set = _load(gold)
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

    def ci(key: str) -> str:
        if key not in intervals:
            return ""
        lo, hi = intervals[key]
        return f"[{lo:.3f}, {hi:.3f}] n={units}"

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
        for key in ("type_accuracy", "value_accuracy", "value_f1"):
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


@app.command()
def score(
    predictions: Annotated[str, typer.Argument(
        help="Predictions, as file:PATH (khabar JSONL with offsets).", show_default=False)],
    gold: GoldOption = None,
    task: Annotated[Optional[list[str]], typer.Option(
        "--task", help="Task to score (repeatable): ner, timex, attribution. "
                       "Default: every task the predictions attempt.", show_default=False)] = None,
    json_out: Annotated[Optional[Path], typer.Option(
        "--json", help="Also write the results JSON to this file.", show_default=False)] = None,
    seed: Annotated[int, typer.Option("--seed", help="Bootstrap seed.")] = 12345,
    bootstrap: Annotated[int, typer.Option(
        "--bootstrap", help="Bootstrap resamples for 95% CIs (0: none).")] = 1000,
    clitic: Annotated[bool, typer.Option(
        "--clitic", help="NER: a leading proclitic (و ف ب ل ك) does not break an exact "
                         "boundary.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --json file.")] = False,
) -> None:
    """Score predictions against the gold: NER, TIMEX3 and attribution.

    Exits 0 on success, 1 on invalid gold, 2 on usage errors and invalid predictions.
    """
    from benchmark.files import OutputExistsError, refuse_existing, write_text
    from benchmark.predictions import PredictionError, load_predictions
    from benchmark.results import TASKS
    from benchmark.scoring import score as run_score

    scheme, _, location = predictions.partition(":")
    if scheme != "file" or not location:
        _fail(f"unknown predictions {predictions!r}; expected file:PATH")
    for name in task or ():
        if name not in TASKS:
            _fail(f"unknown --task {name!r}; expected one of: {', '.join(TASKS)}")
    if bootstrap < 0:
        _fail(f"--bootstrap must be 0 or more, got {bootstrap}")
    if json_out is not None:
        try:
            refuse_existing([json_out], force=force)
        except OutputExistsError as exc:
            _fail("refusing to overwrite existing output (use --force): "
                  + ", ".join(map(str, exc.paths)))
    path = Path(location)
    if not path.is_file():
        _fail(f"predictions file not found: {path}")
    gold_set = _load(gold)
    try:
        preds = load_predictions(path, gold_set.documents)
    except PredictionError as exc:
        for problem in exc.problems:
            err.print(str(problem), markup=False)
        _fail(f"{len(exc.problems)} problem(s) in the predictions {path}")
    results = run_score(gold_set, preds, tasks=tuple(task) if task else TASKS,
                        bootstrap=bootstrap, seed=seed, clitic=clitic,
                        extractor={"name": predictions})
    if not results.tasks:
        _fail("the predictions attempt none of the requested tasks")
    for table in _score_tables(results):
        out.print(table)
    out.print(str(results.signature), markup=False)
    if json_out is not None:
        write_text(json_out, results.to_json())
        err.print(f"[green]wrote[/] {json_out}")


if __name__ == "__main__":  # pragma: no cover
    app()
