"""``khabar validate``, ``stats``, ``export``, ``perturb`` and ``agreement``: commands
over the gold itself.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.table import Table

from benchmark.cli.common import (
    EXIT_INVALID_GOLD,
    GoldOption,
    RootOption,
    SplitOption,
    _fail,
    _load,
    err,
    out,
    resolve_split,
)
from benchmark.cli.outputs import _check_outputs


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

    from benchmark.gold.loader import GoldError, default_gold_dir, gold_files, load_gold
    from benchmark.gold.sheet import span_warnings

    targets = list(paths) if paths else [default_gold_dir()]
    try:
        files = gold_files(targets)
    except FileNotFoundError as exc:
        _fail(f"no such file or directory: {exc}")
    if not files:
        _fail(f"no gold *.json files in {', '.join(map(str, targets))}")
    try:  # one load: it validates (every problem) and gives the documents
        gold, problems = load_gold(targets, root=root), []  # type: ignore[arg-type]
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


def stats(
    gold: GoldOption = None,
    split: SplitOption = "all",
    root: RootOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    per_document: Annotated[bool, typer.Option("--per-document",
                                               help="Also list every document.")] = False,
) -> None:
    """Print counts of the gold per layer and type, per split and outlet (and document)."""
    from dataclasses import asdict

    from rich.markup import escape

    from benchmark.gold.stats import gold_stats

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
    from benchmark.formats.export import FORMATS, export_gold
    from benchmark.core.files import OutputExistsError

    if fmt not in FORMATS:
        _fail(f"unknown --format {fmt!r}; expected one of: {', '.join(FORMATS)}")
    from benchmark.core.files import dir_problem

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
        built: list[Any] = [make_kind(k) for k in split_kinds(kinds)]
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

    from benchmark.scoring.agreement import FIGURES, markdown, to_json
    from benchmark.scoring.agreement import agreement as compute
    from benchmark.core.files import refuse_existing, write_text

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

