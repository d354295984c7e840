"""``khabar robustness``: extractors on the gold and on seeded perturbed variants.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from benchmark.cli.common import (
    DEFAULT_REPORTS,
    EXIT_EXTRACTOR_FAILED,
    GoldOption,
    RootOption,
    SeedOption,
    SplitOption,
    _fail,
    _selection,
    _wrote,
    out,
)
from benchmark.cli.running import _build_extractors
from benchmark.scoring.settings import DEFAULTS


def robustness(
    specs: Annotated[list[str], typer.Argument(help="Extractor specs.", show_default=False)],
    kinds: Annotated[Optional[str], typer.Option(
        "--kinds", help="Comma-separated perturbation kinds (default: all seven).",
        show_default=False)] = None,
    n: Annotated[int, typer.Option("--n", help="Variants per kind.")] = 3,
    seed: SeedOption = DEFAULTS.seed,
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
    from benchmark.core.files import OutputExistsError, dir_problem
    from benchmark.publish.leaderboard import refuse_foreign, write_report_files
    from benchmark.perturb import KINDS, split_kinds
    from benchmark.publish.robustness import DEFAULT_KINDS
    from benchmark.publish.robustness import robustness as run_robustness
    from benchmark.render.robustness import render_markdown

    chosen = tuple(split_kinds(kinds)) if kinds else DEFAULT_KINDS
    for kind in chosen:
        if kind.split("(")[0] not in KINDS:
            _fail(f"unknown perturbation kind {kind!r}; expected one of: {', '.join(KINDS)}")
    if n < 1:
        _fail(f"--n must be at least 1, got {n}")
    problem = dir_problem(out_dir)
    if problem:
        _fail(f"cannot write --out {out_dir}: {problem}")
    whole, gold_set = _selection(gold, split, root, None)
    built = _build_extractors(list(specs), gold_set, {})
    targets = [out_dir / "robustness.md", out_dir / "robustness.json"]
    try:
        refuse_foreign(out_dir, targets, force=force)
    except OutputExistsError as exc:
        _fail("refusing to overwrite files khabar did not write (use --force): "
              + ", ".join(map(str, exc.paths)))
    from benchmark.core.progress import Progress

    try:
        with Progress("robustness", len(built) * (1 + len(chosen) * n), unit="runs") as bar:
            report = run_robustness(gold_set, built, kinds=chosen, n=n, seed=seed,
                                    advance=bar.advance, whole=whole)
    except ValueError as exc:           # as `khabar perturb`: a variant that cannot be made
        _fail(f"a perturbation could not map the gold: {exc}")
    markdown = render_markdown(report)
    out.print(markdown, markup=False)
    try:
        written = write_report_files(out_dir, {targets[0]: markdown,
                                               targets[1]: report.to_json()})
    except OSError as exc:
        _fail(f"cannot write the reports under {out_dir}: {exc}")
    for path in written:
        _wrote(path)
    if not report.ok:
        raise typer.Exit(EXIT_EXTRACTOR_FAILED)

