"""The leaderboard: run systems on the gold, score them, build the report, write it.

:func:`build_leaderboard` runs every system once on all the documents it needs,
scores its predictions on the headline split and on each split beside it, and
returns a :class:`Leaderboard` (the typed :class:`~benchmark.render.model.Report`
and the entries behind it); :func:`write_reports` writes ``leaderboard.md``,
``leaderboard.html``, ``results/<name>.json`` and ``samples/<name>.jsonl``
atomically *together with* the manifest that records them
(:func:`benchmark.core.files.write_set`). A report file that exists and was not
written by khabar (it is not in ``.khabar-manifest.json`` with the same sha256)
is never replaced without ``force``; khabar's own temporary files left by a
killed run are removed. Two systems whose names give the same file stem
(``my ner`` and ``my_ner``) are refused (:func:`check_stems`): one would
overwrite the other's results.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from benchmark import __version__
from benchmark.core.files import (OutputExistsError, foreign_files, manifest_files, remove_stale_temps, write_set)
from benchmark.gold.loader import GoldSet
from benchmark.publish.entries import Entry, file_stem, mixed_granularity, rescore_entries
from benchmark.publish.report import (COARSE_RANKING, COARSE_RANKING_NOTE, HEADLINE,
                                      build_report, headline_columns, not_available_row)
from benchmark.render.model import BesideSplit, Report
from benchmark.scoring.settings import DEFAULTS, ScoreSettings

__all__ = ["COARSE_RANKING", "COARSE_RANKING_NOTE", "HEADLINE", "Entry", "Leaderboard",
           "LeaderboardError", "build_leaderboard", "check_stems", "file_stem",
           "mixed_granularity", "write_reports"]

MANIFEST = ".khabar-manifest.json"


def check_stems(names: list[str]) -> None:
    """``ValueError`` naming every group of systems whose results files would have
    the same name (:func:`file_stem` is not injective: ``my ner`` and ``my_ner``);
    file systems that ignore case count ``A`` and ``a`` as one name too."""
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(file_stem(name).casefold(), []).append(name)
    clashes = [g for g in groups.values() if len(g) > 1]
    if clashes:
        raise ValueError("systems whose report files would have the same name (rename one): "
                         + "; ".join(" and ".join(repr(n) for n in g)
                                     + f" → results/{file_stem(g[0])}.json" for g in clashes))


def git_commit(root: Path) -> str | None:
    """The checked-out commit of the repository holding ``root``, if any."""
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True,
                              text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def now_utc() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace(
        "+00:00", "Z")


def planned_files(out: Path, entries: list[Entry], beside: list[str] | tuple[str, ...] = ()
                  ) -> list[Path]:
    """Every file a leaderboard run writes: the reports, the headline split's
    ``results/<name>.json`` and samples, and ``results/<split>/<name>.json`` for
    each split reported beside it."""
    return planned_paths(out, [e.name for e in entries if e.results is not None or e.failed_run],
                         beside)


def planned_paths(out: Path, names: list[str], beside: list[str] | tuple[str, ...] = ()
                  ) -> list[Path]:
    """The files a leaderboard run writes for the systems ``names`` (that run here:
    saved results files get no files of their own), known before anything runs."""
    files = [out / "leaderboard.md", out / "leaderboard.html"]
    for name in names:
        stem = file_stem(name)
        files += [out / "results" / f"{stem}.json", out / "samples" / f"{stem}.jsonl"]
        files += [out / "results" / split / f"{stem}.json" for split in beside]
    return files


def output_problems(files: list[Path]) -> list[str]:
    """Why some of ``files`` cannot be written (a directory where a file goes, a file
    where a directory goes, a folder that is not writable), one line per problem."""
    from benchmark.core.files import output_problem

    problems = []
    for path in files:
        problem = output_problem(path)
        if problem and problem not in problems:
            problems.append(problem)
    return problems


def refuse_foreign(out: Path, files: list[Path], *, force: bool) -> None:
    """Raise :class:`OutputExistsError` for existing files khabar did not write
    (absent from the manifest, or changed since), unless ``force``."""
    if force:
        return
    foreign = foreign_files(out, files, out / MANIFEST)
    if foreign:
        raise OutputExistsError(foreign)


def write_report_files(out: Path, files: dict[Path, str]) -> list[Path]:
    """Write report files under ``out`` and record them in the manifest, atomically
    together; stale temporary files of earlier, killed runs are removed first."""
    remove_stale_temps([*files, *manifest_files(out / MANIFEST)])
    return write_set(out, {p: text.encode("utf-8") for p, text in files.items()},
                     out / MANIFEST)


def write_reports(out: Path, board: Leaderboard, *,
                  render_markdown: Callable[[Report], str],
                  render_html: Callable[[Report], str] | None,
                  force: bool = False, removed: list[Path] | None = None) -> list[Path]:
    """Write every report file of ``board`` (atomically) and record them in the
    manifest. A system whose run failed gets its files too: ``samples/<name>.jsonl``
    with what came back and ``results/<name>.json`` with its partial results,
    marked ``status: failed`` (:func:`benchmark.harness.run.failure_results`); the
    results of a split beside the headline one describe that split's documents.
    The results files are the one place the results are turned into dicts
    (:meth:`Results.to_dict`).

    The ``results/`` and ``samples/`` files an earlier run wrote for systems this
    run does not rank are removed, with their manifest entries — only files the
    manifest records and that are unchanged since (:func:`benchmark.core.files.remove_stale`);
    ``removed`` (a list) receives them."""
    from benchmark.harness.run import failure_results

    gold, entries, report = board.gold, board.entries, board.report
    check_stems([e.name for e in entries])
    files = planned_files(out, entries, tuple(board.beside_entries))
    refuse_foreign(out, files, force=force)
    run = {"date": report.generated, "tool_version": __version__,
           "git_commit": report.git_commit}
    texts: dict[Path, str] = {out / "leaderboard.md": render_markdown(report)}
    if render_html is not None:
        texts[out / "leaderboard.html"] = render_html(report)

    def results_text(entry: Entry, split_gold: GoldSet) -> str:
        body = entry.results.to_dict() if entry.results is not None \
            else failure_results(entry.outcome, split_gold, entry.partial)
        body = {**body, "run": {**run, "seconds": entry.outcome.seconds,
                                "facts": entry.outcome.facts}}
        return json.dumps(body, ensure_ascii=False, sort_keys=True, indent=2) + "\n"

    for entry in entries:
        if entry.results is None and not entry.failed_run:
            continue
        stem = file_stem(entry.name)
        texts[out / "results" / f"{stem}.json"] = results_text(entry, gold)
        lines = []
        for record in entry.outcome.sample_records():
            if record["doc_id"] in entry.outcome.predictions:   # a failed run: what came back
                record["outcomes"] = entry.outcomes(gold.get(record["doc_id"]))
            lines.append(json.dumps(record, ensure_ascii=False, sort_keys=True))
        texts[out / "samples" / f"{stem}.jsonl"] = "".join(x + "\n" for x in lines)
    for split, split_entries in board.beside_entries.items():
        for entry in split_entries:
            if entry.results is None and not entry.failed_run:
                continue
            texts[out / "results" / split / f"{file_stem(entry.name)}.json"] = results_text(
                entry, board.beside_gold.get(split, gold))
    written = write_report_files(out, texts)
    # the results and samples an earlier run wrote for systems not ranked now go
    # (only files the manifest vouches for, unchanged; never a saved results file
    # given as a spec)
    from benchmark.core.files import remove_stale

    inputs = [Path(e.name) for e in entries if e.saved is not None]
    gone = remove_stale(out, out / MANIFEST, [*texts, *inputs], under=("results/", "samples/"))
    if removed is not None:
        removed += gone
    return written


# -- running and scoring the systems ---------------------------------------------------


class LeaderboardError(ValueError):
    """The systems cannot be ranked together: a saved results file scored on other
    gold, results that are not comparable, or a reference that did not run."""


#: ``run(specs, gold, narrow)``: build and run every spec on ``gold`` without scoring
#: (``narrow(spec, extractor)``: the part of ``gold`` to run it on, or ``None``), one
#: entry per spec in order — the caller's runner, with its own display of progress
#: and failures.
RunSystems = Callable[[list[str], GoldSet, Callable[[str, Any], GoldSet | None]], list[Entry]]


@dataclass(frozen=True)
class Leaderboard:
    """A leaderboard run: the report, and behind it the headline split's gold and
    entries and, per split beside it, its documents and entries (saved results
    hold the headline split's scores only: they are not beside it)."""

    gold: GoldSet
    report: Report
    entries: list[Entry]
    beside_entries: dict[str, list[Entry]] = field(default_factory=dict)
    beside_gold: dict[str, GoldSet] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether every system ran."""
        return all(e.ok for e in self.entries)


def headline_split(full: GoldSet, split: str) -> str:
    """The split a leaderboard ranks on: ``auto`` is ``test`` when the gold has one,
    else ``all``."""
    if split == "auto":
        return "test" if "test" in full.splits else "all"
    return split


def beside_splits(full: GoldSet, headline: str) -> list[str]:
    """The splits reported beside the headline one (none when it is ``all``)."""
    return [s for s in full.splits if s != headline] if headline != "all" else []


def comparable(entries: list[Entry]) -> None:
    """:class:`LeaderboardError` unless every result shares the gold and metric
    settings of the first one (:func:`benchmark.scoring.gate.results_comparability`)."""
    from benchmark.scoring.gate import results_comparability

    usable = [(e.name, r) for e in entries if (r := e.scored) is not None]
    for name, results in usable[1:]:
        diffs = results_comparability(usable[0][1], results)
        if diffs:
            lines = "\n".join(f"  {n}: {usable[0][0]} {a!r} ≠ {name} {b!r}"
                              for n, a, b in diffs)
            raise LeaderboardError(
                f"results are not comparable (different gold or metric settings):\n{lines}")


def _narrowing(full: GoldSet, gold: GoldSet, beside: list[str],
               unavailable: dict[str, list[str]]) -> Callable[[str, Any], GoldSet | None]:
    """``narrow(spec, extractor)`` for the runner: a ``file:`` system whose file has
    no line for any document of a split beside the headline one runs without that
    split (recorded in ``unavailable``), so that split's table marks it "not
    available" (docs/leaderboard.md) rather than failing the system."""
    def narrow(spec: str, extractor: Any) -> GoldSet | None:
        from benchmark.gold.loader import gold_hash
        from runners.files import covered_documents

        covered = covered_documents(extractor, full) if beside else None
        if covered is None:
            return None
        missing = [s for s in beside if not covered & {d.doc_id for d in full.select(s)}]
        if not missing:
            return None
        unavailable[spec] = missing
        if len(missing) == len(beside):
            return gold
        keep = {gold.split, *(s for s in beside if s not in missing)}
        docs = [d for d in full if d.split in keep]
        return dataclasses.replace(full, documents=tuple(docs), sha256=gold_hash(docs),
                                   files=tuple(d.meta.get("file", "") for d in docs))
    return narrow


def build_leaderboard(full: GoldSet, gold: GoldSet, specs: list[str], *,
                      settings: ScoreSettings = DEFAULTS, reference: str | None = None,
                      run: RunSystems, generated: str | None = None,
                      commit: str | None = None) -> Leaderboard:
    """Run ``specs`` (with ``run``) once on every document of ``full`` they need,
    score them on ``gold`` (the headline split) and on each split beside it, and
    build the ranked report: deltas against ``reference`` on every split where it
    ran, NER on the coarse view for all when coarse and fine systems meet
    (:func:`mixed_granularity`), the error view of the headline split.
    ``generated`` defaults to now, ``commit`` to this checkout's.
    :class:`LeaderboardError` when the systems cannot be ranked together."""
    beside = beside_splits(full, gold.split)
    unavailable: dict[str, list[str]] = {}
    ran = run(specs, full if beside else gold, _narrowing(full, gold, beside, unavailable))
    entries = rescore_entries(ran, gold, settings)
    for entry in entries:
        if entry.saved is not None and entry.saved.gold_sha256 != gold.sha256:
            got = entry.saved
            raise LeaderboardError(
                f"{entry.name} was scored on gold {got.gold_version}+"
                f"{got.gold_sha256[:8]} (split {got.split}); the "
                f"leaderboard ranks the {gold.split} split of gold {gold.label}: "
                "re-score it with `khabar score … --json` on that split")
    comparable(entries)
    # the ranking never mixes granularities: coarse and fine systems → NER on the
    # coarse view for every system, said in a note above the table
    ner_view = "coarse" if mixed_granularity(entries) else None
    generated = generated if generated is not None else now_utc()
    if commit is None:
        commit = git_commit(Path(__file__).resolve().parent)

    def report_of(split_gold: GoldSet, split_entries: list[Entry], ref: str | None,
                  *, with_errors: bool = False) -> Report:
        try:
            return build_report(split_gold, split_entries, generated=generated, commit=commit,
                                reference=ref, seed=settings.seed, ner_view=ner_view,
                                with_errors=with_errors, ranked=True)
        except ValueError as exc:
            raise LeaderboardError(str(exc)) from None

    report = report_of(gold, entries, reference, with_errors=True)
    beside_entries: dict[str, list[Entry]] = {}
    beside_gold: dict[str, GoldSet] = {}
    shown: list[BesideSplit] = []
    headline = headline_columns(ner_view)
    for other in beside:
        other_gold = beside_gold[other] = full.select(other)
        # saved results hold the headline split's scores only: not shown beside it
        other_entries = [e for e in rescore_entries(
            [e for e in ran if other not in unavailable.get(e.name, ())], other_gold, settings)
            if e.saved is None]
        beside_entries[other] = other_entries
        other_reference = reference if any(e.name == reference and e.ok
                                           for e in other_entries) else None
        other_report = report_of(other_gold, other_entries, other_reference)
        rows = other_report.systems + tuple(
            not_available_row(e, other, headline) for e in ran
            if other in unavailable.get(e.name, ()))
        shown.append(BesideSplit(other, other_report.gold, rows, other_report.reference))
    return Leaderboard(gold, dataclasses.replace(report, beside=tuple(shown)), entries,
                       beside_entries, beside_gold)
