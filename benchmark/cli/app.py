"""The ``khabar`` Typer application and its top-level ``--version`` option."""

from __future__ import annotations

from typing import Annotated

import typer

from benchmark import __version__
from benchmark.cli.common import out

class _Khabar(typer.Typer):
    """The console script's app: signals stop the run and the extractors' processes
    (:mod:`runners.children`). Only the console script calls the app; tests that
    invoke it in-process (``CliRunner``) keep their own signal handling."""

    def __call__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        from runners.children import install

        install()
        return super().__call__(*args, **kwargs)


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
