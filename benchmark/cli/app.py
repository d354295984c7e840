"""The ``khabar`` Typer application and its top-level ``--version`` option."""

from __future__ import annotations

import sys

from typing import Annotated

import typer

from benchmark import __version__
from benchmark.cli.common import out

class _Khabar(typer.Typer):
    """The console script's app: signals stop the run and the extractors' processes
    (:mod:`runners.children`). Only the console script calls the app; tests that
    invoke it in-process (``CliRunner``) keep their own signal handling."""

    def __call__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        from benchmark.core.gcpause import freeze_after_pauses
        from runners.children import install

        install()
        freeze_after_pauses()   # a process that ends with its command (core/gcpause.py)
        try:
            return super().__call__(*args, **kwargs)
        except SystemExit as exc:
            # stdout closed by its reader (`khabar … | head`): click stops quietly
            # with status 1 after wrapping the streams (PacifyFlushWrapper: click's,
            # or the copy typer >= 0.2x vendors as typer._click, matched by name so
            # that neither click is imported on the way out of `--help`); 1 means
            # "regression" to khabar's gate, so the shell's SIGPIPE status 141 is
            # given instead (README, exit codes)
            if exc.code == 1 and type(sys.stdout).__name__ == "PacifyFlushWrapper":
                raise SystemExit(141) from None
            raise


app = _Khabar(
    name="khabar",
    help="khabar-bench: score Arabic news information extraction (NER, TIMEX3, attribution).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)


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
