"""The ``khabar`` command line: thin Typer commands over the library.

Exit codes (documented in the README):

* 0 — success (for ``validate``: the gold is valid);
* 1 — invalid gold (``validate``, or any command that loads broken gold);
* 2 — usage error: unknown option, format or extractor, missing path, an output
  that exists and ``--force`` was not given, an output path that cannot be
  written (a directory, under a regular file) or two outputs on the same path,
  a runner option that none of the given extractors takes (each adapter
  declares its options: :mod:`runners.options`), a ``py:`` module that fails
  to import;
* 3 — an extractor failed: it crashed (``sys.exit`` included), timed out, or
  returned malformed output or invalid predictions (``compare`` still runs and
  prints the others);
* 130, 143, 129 — stopped by SIGINT, SIGTERM or SIGHUP: the extractors'
  processes are killed first and nothing more is written (:mod:`runners.children`).

Every command is parse → settings/options → one library call (the harness,
:mod:`benchmark.harness`, for anything that runs an extractor) → render → exit
code. One module per command group: :mod:`benchmark.cli.gold` (validate,
stats, export, perturb, agreement), :mod:`benchmark.cli.scoring` (score,
merge), :mod:`benchmark.cli.compare` (compare, leaderboard, extractors),
:mod:`benchmark.cli.check`, :mod:`benchmark.cli.robustness`,
:mod:`benchmark.cli.sheet` and :mod:`benchmark.cli.importing`; shared options
and helpers in :mod:`benchmark.cli.common`, :mod:`benchmark.cli.running` and
:mod:`benchmark.cli.outputs`. Tables are drawn by :mod:`benchmark.render`.

Heavy packages (``datasets``, ``sklearn``) are imported inside the commands
that need them, so ``khabar --help`` stays instant; ``rich.markdown`` and
``rich.traceback``, which typer's help renderer imports but khabar's help never
uses, load on first use (:mod:`benchmark.cli.deferred`).

Untrusted text (paths, system names, failure reasons, predicted strings) is
never parsed as rich markup: it is printed as :class:`rich.text.Text` or
through :func:`rich.markup.escape`, and the consoles never render emoji codes.
"""


from __future__ import annotations

from benchmark.cli import deferred

deferred.install()  # before typer.rich_utils can import rich.markdown (see the module)

from benchmark.cli import check, compare, gold, robustness, scoring  # noqa: E402
from benchmark.cli.app import app  # noqa: E402
from benchmark.cli.importing import import_cmd  # noqa: E402
from benchmark.cli.sheet import sheet_app  # noqa: E402

__all__ = ["app"]

# registered in the order `khabar --help` lists them
app.command()(gold.validate)
app.command()(gold.stats)
app.command()(gold.export)
app.command()(scoring.score)
app.command()(scoring.merge)
app.command()(compare.compare)
app.command()(compare.leaderboard)
app.command()(compare.extractors)
app.command()(check.check)
app.command()(gold.perturb)
app.command()(robustness.robustness)
app.add_typer(sheet_app, name="sheet")
app.command("import")(import_cmd)
app.command()(gold.agreement)

if __name__ == "__main__":  # pragma: no cover
    app()
