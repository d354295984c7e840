"""The ``khabar`` Typer application and its top-level ``--version`` option."""

from __future__ import annotations

from typing import Annotated

import typer

from benchmark import __version__
from benchmark.cli.common import out

app = typer.Typer(
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
