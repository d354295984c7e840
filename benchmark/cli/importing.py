"""``khabar import FORMAT PATH… --out DIR``: existing corpora as khabar gold.

A thin command over :mod:`benchmark.importers`; ``docs/import.md`` is the user
documentation. Exit codes: 0 written; 1 a problem in the source (each printed
as ``file:line: what``; nothing is written); 2 a usage error (unknown format,
missing path, ``--dct`` needed, ``DIR`` exists without ``--force``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer
from benchmark.cli.common import KhabarConsole
from rich.text import Text

_out = KhabarConsole(highlight=False, soft_wrap=True, emoji=False)
_err = KhabarConsole(stderr=True, highlight=False, soft_wrap=True, emoji=False)

_FORMATS_HELP = ("wojood, conll (ANERcorp), brat, labelstudio, doccano, prodigy or timeml")


def _fail(message: str, code: int = 2) -> NoReturn:
    _err.print(Text.assemble(("error:", "bold red"), " ", message))
    raise typer.Exit(code)


def import_cmd(
    fmt: Annotated[str, typer.Argument(metavar="FORMAT", help=f"The source format: "
                                                              f"{_FORMATS_HELP}.")],
    paths: Annotated[list[Path], typer.Argument(
        metavar="PATH...", help="Source files, or directories (their files of the format, "
                                "non-recursively).", show_default=False)],
    out_dir: Annotated[Path, typer.Option(
        "--out", help="The gold directory to write: DIR/texts/*.txt and DIR/gold/*.json.",
        show_default=False)],
    split: Annotated[str, typer.Option(
        "--split", help="The split of every imported document: dev or test (test, so "
                        "`khabar score` uses it with its default --split auto).")] = "test",
    dct: Annotated[Optional[str], typer.Option(
        "--dct", help="Document creation time YYYY-MM-DD for documents whose source has "
                      "none (required then: every format but timeml, unless records carry "
                      "a dct field).", show_default=False)] = None,
    doc_size: Annotated[Optional[int], typer.Option(
        "--doc-size", min=1, help="wojood/conll: a document every N sentences (within "
                                  "-DOCSTART- documents). Default: one document per "
                                  "-DOCSTART- section, else per file.",
        show_default=False)] = None,
    label_map: Annotated[Optional[list[str]], typer.Option(
        "--map", help="SOURCE=TYPE: import the source label SOURCE as the Wojood fine type "
                      "TYPE (repeatable; overrides the defaults, e.g. --map MISC=EVENT).",
        show_default=False)] = None,
    scheme: Annotated[str, typer.Option(
        "--scheme", help="conll: the tag scheme, iob2 (B- opens every chunk) or iob1 "
                         "(CoNLL-2003 originals).")] = "iob2",
    corpus: Annotated[Optional[str], typer.Option(
        "--corpus", help="The corpus name for provenance.corpus.", show_default=False)] = None,
    licence: Annotated[Optional[str], typer.Option(
        "--licence", help="provenance.licence of every document.", show_default=False)] = None,
    citation: Annotated[Optional[str], typer.Option(
        "--citation", help="provenance.citation of every document.", show_default=False)
    ] = None,
    language: Annotated[str, typer.Option("--language", help="The documents' language "
                                                             "code.")] = "ar",
    force: Annotated[bool, typer.Option(
        "--force", help="Replace DIR if it exists (only a directory holding gold/ and "
                        "texts/, as an import writes).")] = False,
) -> None:
    """Import an existing annotated corpus as khabar gold (format 2).

    Writes DIR/texts/<doc_id>.txt and DIR/gold/<doc_id>.json, validated, atomically;
    `khabar validate DIR/gold` and `khabar score … --gold DIR/gold` then use it.
    See docs/import.md. Exits 0, 1 on a problem in the source (file:line), 2 on
    usage errors.
    """
    from benchmark.gold.loader import GoldError
    from benchmark.importers import (
        FORMATS,
        Options,
        Report,
        UsageError,
        out_dir_problem,
        parse_dct,
        parse_label_map,
        read_sources,
        whitespace_edges,
        write_corpus,
    )

    if fmt not in FORMATS:
        _fail(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if split not in ("dev", "test"):
        _fail(f"--split must be dev or test; got {split!r}")
    if scheme not in ("iob2", "iob1"):
        _fail(f"--scheme must be iob2 or iob1; got {scheme!r}")
    report = Report()
    try:
        options = Options(fmt=fmt, split=split, dct=parse_dct(dct) if dct else None,
                          doc_size=doc_size, labels=parse_label_map(label_map or []),
                          scheme=scheme, language=language, corpus=corpus, licence=licence,
                          citation=citation)
        if problem := out_dir_problem(out_dir, paths, force=force):
            _fail(problem)
        docs = read_sources(fmt, paths, options, report)
    except UsageError as exc:
        _fail(str(exc))
    for warning in report.warnings:
        _err.print(Text.assemble(("warning:", "yellow"), " ", warning))
    if report.problems:
        for p in sorted(report.problems, key=lambda p: (p.path, p.line or 0)):
            _out.print(Text(str(p)))
        files = len({p.path for p in report.problems})
        _fail(f"{len(report.problems)} problem(s) in {files} source file(s); nothing written", 1)
    if not docs:
        _fail(f"no documents in {', '.join(map(str, paths))}", 1)
    missing = [d for d in docs if d.dct is None]
    if missing:
        _fail(f"--dct YYYY-MM-DD is required: {len(missing)} document(s) have no creation time "
              f"in the source (first: {missing[0].doc_id} from {missing[0].source})")
    edges = sum(whitespace_edges(d) for d in docs)
    if edges:
        _err.print(Text.assemble(("warning:", "yellow"), f" {edges} span(s) begin or end with "
                                 "white space; imported as annotated"))
    try:
        write_corpus(out_dir, docs, options)
    except GoldError as exc:       # a bug in an importer: the checks above missed something
        for issue in exc.problems:
            _out.print(Text(str(issue)))
        _fail(f"the imported gold does not validate ({len(exc.problems)} problem(s)); "
              f"nothing written", 1)
    except OSError as exc:
        _fail(f"cannot write {out_dir}: {exc.strerror or exc}")
    layers = sorted({layer for d in docs for layer in d.layers})
    n_ent = sum(len(d.entities) for d in docs)
    n_tmx = sum(len(d.timexes) for d in docs)
    n_att = sum(len(d.attributions) for d in docs)
    counts = ", ".join(f"{n} {name}" for n, name in ((n_ent, "entities"), (n_tmx, "timexes"),
                                                     (n_att, "attributions")) if n)
    _out.print(Text(f"imported {len(docs)} document(s) ({counts or 'no annotations'}) from "
                    f"{len({d.source for d in docs})} {fmt} file(s) into {out_dir}: split "
                    f"{split}, layers {', '.join(layers)}"))
    _out.print(Text(f"next: khabar validate {out_dir / 'gold'}"))
