"""Shared pieces of the ``khabar`` commands: the consoles, the exit codes, the
options every command group declares once (as ``Annotated`` aliases), loading
the gold, and the command options as :class:`~benchmark.scoring.settings.ScoreSettings`.

Untrusted text (paths, system names, failure reasons, predicted strings) is
never parsed as rich markup: it is printed as :class:`rich.text.Text` or
through :func:`rich.markup.escape`, and the consoles never render emoji codes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer
from rich.console import Console
from rich.text import Text


#: Exit status when stdout is closed by its reader (`khabar … | head`): the shell's
#: status of a process ended by SIGPIPE (128 + 13), never 1 ("regression").
EXIT_BROKEN_PIPE = 141


class KhabarConsole(Console):
    """rich's console, except that a closed stdout ends the run with
    :data:`EXIT_BROKEN_PIPE` (rich exits 1, which the gate documents as a
    regression); further output goes to devnull, as rich does."""

    def on_broken_pipe(self) -> None:
        import os
        import sys

        if self.quiet:
            return
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(EXIT_BROKEN_PIPE)


def _console(stderr: bool = False) -> Console:
    """A console that never interprets emoji codes and, when the stream is not a
    terminal (CI logs, pipes), is wide enough that tables are not wrapped."""
    import sys

    stream = sys.stderr if stderr else sys.stdout
    wide = None if getattr(stream, "isatty", lambda: False)() else 200
    return KhabarConsole(stderr=stderr, highlight=False, soft_wrap=True, emoji=False,
                         width=wide)


out = _console()


err = _console(stderr=True)


EXIT_OK, EXIT_INVALID_GOLD, EXIT_USAGE, EXIT_EXTRACTOR_FAILED = 0, 1, 2, 3


GoldOption = Annotated[
    Optional[Path],
    typer.Option("--gold", help="Gold directory or file (default: the bundled gold/).",
                 show_default=False),
]


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


StrictOption = Annotated[bool, typer.Option(
    "--strict", help="Fail the run on the first invalid predicted item (an unknown type, a "
                     "bad value or offsets, an answer that is no JSON) instead of dropping "
                     "and counting it (invalid_items).")]


LimitOption = Annotated[Optional[int], typer.Option(
    "--limit", help="Only the first N documents, in doc_id order (recorded in the results "
                    "and the signature as limit:N).", show_default=False)]


ReferenceOption = Annotated[Optional[str], typer.Option(
    "--reference", help="Show deltas against this system, with paired-test p-values.",
    show_default=False)]


OutputFormatOption = Annotated[str, typer.Option(
    "--format", help="table (rich), md, json or csv.")]


#: Where ``khabar leaderboard`` and ``khabar robustness`` write without ``--out``: an
#: untracked folder (in .gitignore), so running them never edits the published
#: ``reports/`` (only ``make leaderboard`` writes there, with ``--out reports``).
DEFAULT_REPORTS = Path("khabar-reports")


def _fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print ``error: MESSAGE`` (literally: the message is never markup) and exit."""
    err.print(Text.assemble(("error:", "bold red"), " ", message))
    raise typer.Exit(code)


def _wrote(path: Path | str) -> None:
    err.print(Text.assemble(("wrote", "green"), " ", str(path)))


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
    from benchmark.gold.loader import GoldError, load_gold

    if split not in ("auto", "all", "dev", "test"):
        _fail(f"--split must be dev, test, all or auto; got {split!r}")
    try:
        return resolve_split(load_gold(gold, root=root), split)  # type: ignore[arg-type]
    except FileNotFoundError as exc:
        _fail(f"gold path not found: {exc}")
    except GoldError as exc:
        for problem in exc.problems:
            err.print(str(problem), markup=False)
        _fail(f"{len(exc.problems)} problem(s) in the gold; run `khabar validate` for details",
              EXIT_INVALID_GOLD)


def _selection(gold: Path | None, split: str, root: Path | None,  # type: ignore[no-untyped-def]
               limit: int | None):
    """The whole gold (every split) and the documents scored: ``--split``, then ``--limit``.
    A ``file:`` may cover the whole gold (:func:`runners.files.ignore_outside`)."""
    if split not in ("auto", "all", "dev", "test"):
        _load(gold, split, root)                     # exits 2 naming the bad --split
    whole = _load(gold, "all", root)
    selected = _limited(resolve_split(whole, split), limit)
    if len(selected) < len(whole):
        import dataclasses

        chosen = {d.doc_id for d in selected}
        why = ", ".join(x for x in (f"split {selected.split}" if selected.split != "all"
                                    else "", f"--limit {limit}" if selected.limit else "") if x)
        selected = dataclasses.replace(selected, outside={
            d.doc_id: why for d in whole if d.doc_id not in chosen})
    return whole, selected


def _limited(gold_set, limit: int | None):  # type: ignore[no-untyped-def]
    """``--limit N``: the first N documents in doc_id order (exit 2 for N < 1)."""
    if limit is None:
        return gold_set
    if limit < 1:
        _fail(f"--limit must be at least 1, got {limit}")
    return gold_set.first(limit)


def _check_common(task: list[str] | None, bootstrap: int, norm: str) -> None:
    from benchmark.core.normalize import PRESETS
    from benchmark.scoring.results import TASKS

    for name in task or ():
        if name not in TASKS:
            _fail(f"unknown --task {name!r}; expected one of: {', '.join(TASKS)}")
    if bootstrap < 0:
        _fail(f"--bootstrap must be 0 or more, got {bootstrap}")
    if norm not in PRESETS:
        _fail(f"unknown --norm {norm!r}; expected one of: {', '.join(PRESETS)}")


def _settings(task: list[str] | None = None, **given: object):  # type: ignore[no-untyped-def]
    """The command's options as :class:`~benchmark.scoring.settings.ScoreSettings`
    (``--task`` none: every task; an option not given keeps its default)."""
    from benchmark.scoring.settings import DEFAULTS

    return DEFAULTS.but(tasks=tuple(task) if task else None, **given)

