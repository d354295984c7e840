"""``khabar sheet``: compile annotation sheets to gold and find spans by context.

Thin commands over :mod:`benchmark.gold.sheet`; see ``gold/ANNOTATING.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from benchmark.cli.common import KhabarConsole
from rich.markup import escape

sheet_app = typer.Typer(help="Annotation sheets: compile them to gold, find spans by context.",
                        no_args_is_help=True, add_completion=False)
_out = KhabarConsole(highlight=False, soft_wrap=True, emoji=False)
_err = KhabarConsole(stderr=True, highlight=False, soft_wrap=True, emoji=False)


@sheet_app.command("compile")
def compile_cmd(
    sheets: Annotated[list[Path], typer.Argument(help="Sheet JSON files (…/sheets/<doc>.json).")],
    root: Annotated[Path, typer.Option("--root", help="Corpus root that sheet text_paths "
                                                       "are relative to.")] = Path("."),
    out_dir: Annotated[Optional[Path], typer.Option("--out-dir", help="Write gold files here "
                       "(default: the folder above sheets/).", show_default=False)] = None,
) -> None:
    """Compile sheets to gold format 2 files and validate them. Exit 1 on any problem."""
    from benchmark.gold.loader import GoldError, load_gold
    from benchmark.gold.sheet import (
        SheetError,
        compile_sheet,
        default_output,
        span_warnings,
        write_gold_json,
    )

    failed = 0
    for sheet in sheets:
        target = (out_dir / sheet.name) if out_dir else default_output(sheet)
        try:
            data = compile_sheet(sheet, root, target)
        except SheetError as exc:
            failed += 1
            for p in exc.problems:
                _out.print(escape(p))
            continue
        write_gold_json(data, target)
        try:
            gold = load_gold(target, root=root)
        except GoldError as exc:
            failed += 1
            for problem in exc.problems:
                _out.print(escape(str(problem)))
            continue
        doc = gold.documents[0]
        for w in span_warnings(doc):
            _out.print(escape(f"warning: {w}"))
        _out.print(escape(f"compiled {sheet} -> {target}: {len(doc.entities)} entities, "
                          f"{len(doc.timexes)} timexes, {len(doc.attributions)} attributions"))
    if failed:
        _err.print(f"{failed} of {len(sheets)} sheet(s) failed")
        raise typer.Exit(1)


@sheet_app.command("find")
def find_cmd(
    text_file: Annotated[Path, typer.Argument(help="The text file.")],
    context: Annotated[str, typer.Argument(help="A context string with one [[mention]], "
                                                "or plain text to list every occurrence.")],
) -> None:
    """Show where a context string (or plain text) occurs, with offsets. Exit 1 if not unique."""
    from benchmark.gold.sheet import find_context

    try:
        text = text_file.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        _err.print(escape(f"error: {text_file}: {exc}"))
        raise typer.Exit(2) from None
    at = context if "[[" in context else f"[[{context}]]"
    try:
        found = find_context(text, at)
    except ValueError as exc:
        _err.print(escape(f"error: expected {exc}"))
        raise typer.Exit(2) from None
    for occ in found:
        left = text[max(0, occ.start - 25):occ.start].replace("\n", "⏎")
        right = text[occ.end:occ.end + 25].replace("\n", "⏎")
        _out.print(escape(f"[{occ.start}, {occ.end}) {occ.text!r}   …{left}[[{occ.text}]]{right}…"))
    _out.print(escape(f"{len(found)} occurrence(s)" + ("" if len(found) == 1 else
                                                         ": a sheet needs exactly one")))
    raise typer.Exit(0 if len(found) == 1 else 1)


@sheet_app.command("diff")
def diff_cmd(
    gold_a: Annotated[Path, typer.Argument(help="Annotator A's compiled gold file.")],
    gold_b: Annotated[Path, typer.Argument(help="Annotator B's compiled gold file.")],
    root: Annotated[Path, typer.Option("--root", help="Corpus root.")] = Path("."),
) -> None:
    """List every difference between two annotations of one document (for adjudication)."""
    from benchmark.gold.loader import GoldError, load_gold
    from benchmark.gold.sheet import diff_documents

    try:
        [a] = load_gold(gold_a, root=root).documents
        [b] = load_gold(gold_b, root=root).documents
    except (GoldError, FileNotFoundError) as exc:
        _err.print(escape(f"error: {exc}"))
        raise typer.Exit(1) from None
    if a.doc_id != b.doc_id or a.text != b.text:
        _err.print("error: the two files annotate different documents")
        raise typer.Exit(2)
    lines = diff_documents(a, b)
    for line in lines:
        _out.print(escape(line))
    _out.print(f"{len(lines)} difference(s)")
