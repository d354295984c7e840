"""The leaderboard: run systems on the gold, score them, and build report data.

:func:`run_systems` runs and scores each extractor with fault isolation;
:func:`report_data` turns the entries into the plain dict every renderer
(Markdown, HTML) takes; :func:`write_reports` writes ``leaderboard.md``,
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

import datetime as dt
import json
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from benchmark import __version__
from benchmark.core.files import (OutputExistsError, foreign_files, manifest_files, remove_stale_temps, write_set)
from benchmark.gold.loader import GoldSet
from benchmark.scoring.results import (COARSE_NER_HEADLINE, Results, coarse_headline,
                                       headline_path)
from benchmark.scoring.settings import DEFAULTS
from benchmark.harness.run import RunOutcome
from benchmark.scoring.pairings import DocumentPairing

if TYPE_CHECKING:
    from benchmark.harness import Evaluation

#: The headline metric of each task (README: "Headline metrics").
HEADLINE: tuple[tuple[str, str, str], ...] = (
    ("ner", "NER strict F1", "tasks.ner.strict.f1"),
    ("timex", "TIMEX3 value F1", "tasks.timex.value_f1"),
    ("attribution", "Attribution relation F1 (relaxed)", "tasks.attribution.relation.relaxed.f1"),
)
MANIFEST = ".khabar-manifest.json"


@dataclass
class Entry:
    """One system on the leaderboard: how it ran and, if it ran, its results —
    scored here (``results``, with per-unit counts for paired tests) or loaded
    from a saved results JSON file (``saved``)."""

    name: str
    outcome: RunOutcome
    results: Results | None
    saved: dict[str, Any] | None = None
    #: A failed run's partial results (what came back, scored): written to
    #: ``results/<name>.json`` marked ``status: failed``, never ranked.
    partial: Results | None = None
    #: per document the scorer's pairings behind ``results`` (the outcomes read them)
    pairings: dict[str, DocumentPairing] = field(default_factory=dict)
    _data: dict[str, Any] | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def of(cls, evaluation: Evaluation, *, keep_partial: bool = False) -> Entry:
        """The entry of a harness evaluation. A failed run has no results here;
        with ``keep_partial`` what it handed back, scored, is its ``partial``."""
        if not evaluation.ok:
            return cls(evaluation.spec, evaluation.run, None,
                       partial=evaluation.results if keep_partial else None,
                       pairings=evaluation.pairings if keep_partial else {})
        return cls(evaluation.spec, evaluation.run, evaluation.results,
                   pairings=evaluation.pairings)

    @property
    def failed_run(self) -> bool:
        """A system that ran here and failed (its samples and partial results are
        still written)."""
        return self.results is None and self.saved is None and not self.outcome.ok

    @property
    def ok(self) -> bool:
        return self.results is not None or self.saved is not None

    @property
    def data(self) -> dict[str, Any] | None:
        """The results as the JSON dict (made once: the results do not change)."""
        if self.results is not None:
            if self._data is None:
                self._data = self.results.to_dict()
            return self._data
        return self.saved

    def outcomes(self, doc: Any) -> dict[str, list[dict[str, Any]]]:
        """Per-mention outcomes of this system on ``doc``, from the scorer's pairings."""
        from benchmark.scoring.outcomes import document_outcomes

        return document_outcomes(doc, self.outcome.predictions[doc.doc_id],
                                 self.pairings.get(doc.doc_id))


def file_stem(name: str) -> str:
    """A file-name-safe form of a system name (``cmd:"x y"`` → ``cmd_x_y``)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "system"


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


def lookup(data: dict[str, Any], path: str) -> Any:
    """``lookup(results_dict, "tasks.ner.strict.f1")``; ``None`` when absent."""
    node: Any = data
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def git_commit(root: Path) -> str | None:
    """The checked-out commit of the repository holding ``root``, if any."""
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True,
                              text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def _rows(task: str, data: dict[str, Any]) -> list[dict[str, Any]]:
    """Flat metric rows of one task for tables."""
    rows: list[dict[str, Any]] = []

    def prf(metric: str, node: dict[str, Any], *counts: str) -> None:
        row = {"metric": metric, "precision": node["precision"], "recall": node["recall"],
               "f1": node["f1"]}
        row.update({c: node[c] for c in counts if c in node})
        rows.append(row)

    if task == "ner":
        for mode in ("strict", "exact", "partial", "type"):
            prf(mode, data[mode], "cor", "inc", "par", "mis", "spu")
        for scheme in ("conlleval", "strict_iob2"):
            prf(f"token {scheme}", data["token"][scheme])
        prf("macro strict", data["macro"]["strict"])
        if "coarse" in data:
            prf("coarse strict", data["coarse"]["strict"], "cor", "inc", "par", "mis", "spu")
    elif task == "timex":
        prf("strict", data["strict"])
        prf("relaxed", data["relaxed"])
        for name in ("type_accuracy", "value_accuracy", "type_f1", "value_f1"):
            if name in data:  # type_f1: absent from results saved before khabar had it
                rows.append({"metric": name, "value": data[name]})
    else:
        for role in ("source", "source_entity", "cue", "content"):
            for kind in ("exact", "overlap"):
                prf(f"{role} {kind}", data[role][kind])
        prf("relation strict", data["relation"]["strict"])
        prf("relation relaxed", data["relation"]["relaxed"])
        rows.append({"metric": "kind_accuracy", "value": data["kind_accuracy"]})
    return rows


#: The NER headline of a ranking that holds coarse and fine systems (see
#: :func:`mixed_granularity`): every system on the coarse view.
COARSE_RANKING = ("ner", "NER coarse strict F1 (PER/ORG/LOC/MISC)", COARSE_NER_HEADLINE)
COARSE_RANKING_NOTE = (
    "NER is ranked on the coarse CoNLL view (PER/ORG/LOC/MISC, tasks.ner.coarse.strict.f1) "
    "for every system: some systems predict CoNLL classes only, and fine-type F1 would not "
    "compare them with the others (the fine-type scores are in the NER table; a fine "
    "system's coarse value has no bootstrap interval)")


def mixed_granularity(entries: list[Entry]) -> bool:
    """Whether the systems that have NER results mix label sets: some predict CoNLL
    classes (``label_set: coarse``, their headline the coarse view), others the
    fine types. The leaderboard then ranks NER on the coarse view for all."""
    kinds = {coarse_headline((e.data or {}).get("extractor"))
             for e in entries if e.ok and lookup(e.data or {}, "tasks.ner") is not None}
    return kinds == {True, False}


def report_data(gold: GoldSet, entries: list[Entry], *, generated: str,
                commit: str | None, errors: dict[str, Any] | None = None,
                ner_view: str | None = None) -> dict[str, Any]:
    """The renderers' input: headline metrics with CIs, tables, documents, errors.
    ``ner_view="coarse"``: every system's NER headline is the coarse view (a
    ranking of coarse and fine systems, :func:`mixed_granularity`)."""
    headline = _headline(ner_view)
    systems = []
    for entry in entries:
        system: dict[str, Any] = {"name": entry.name, "status": entry.outcome.status,
                                  "reason": entry.outcome.reason, "signature": "",
                                  "seconds": entry.outcome.seconds, "headline": {},
                                  "tables": {}}
        data = entry.data
        if data is not None:
            system["signature"] = data["signature"]
            intervals = data.get("bootstrap", {}).get("intervals", {})
            units = data.get("bootstrap", {}).get("units")
            unit = data.get("bootstrap", {}).get("unit")
            for task, _, default in headline:
                path = headline_path(task, data.get("extractor")) \
                    if task == "ner" and ner_view is None else default
                value = lookup(data, path)
                ci = intervals.get(path.removeprefix("tasks."))
                system["headline"][task] = None if value is None else {
                    "value": value, "ci": ci, "units": units, "unit": unit,
                    **({"view": "coarse", "path": path} if path != default else {})}
            system["tables"] = {task: _rows(task, node) for task, node in data["tasks"].items()}
            # the predicted items the run dropped, per task (saved results before
            # khabar counted them have none)
            system["invalid_items"] = {task: int(node.get("invalid_items", 0))
                                       for task, node in data["tasks"].items()}
            if coarse_headline(data.get("extractor")) and "ner" in system["tables"]:
                for row in system["tables"]["ner"]:   # mark the row the headline comes from
                    if row["metric"] == "coarse strict":
                        row["metric"] = "coarse strict (headline: CoNLL labels)"
        else:
            system["headline"] = {task: None for task, _, _ in HEADLINE}
        systems.append(system)
    return {
        "title": f"khabar-bench leaderboard — gold {gold.label}"
                 + (f", {gold.split} split" if gold.split != "all" else ""),
        "generated": generated, "tool_version": __version__, "git_commit": commit,
        "gold": {"label": gold.label, "documents": len(gold), "split": gold.split},
        "headline": [{"task": t, "label": label, "path": p} for t, label, p in headline],
        **({"ner_view": "coarse", "ranking_note": COARSE_RANKING_NOTE}
           if ner_view == "coarse" else {}),
        "systems": systems,
        "documents": [{"doc_id": d.doc_id, "dct": d.dct, "text": d.text} for d in gold],
        "errors": errors or {},
    }


def _headline(ner_view: str | None) -> tuple[tuple[str, str, str], ...]:
    """The headline metrics, NER on the coarse view for ``ner_view="coarse"``."""
    if ner_view is None:
        return HEADLINE
    if ner_view != "coarse":
        raise ValueError(f"ner_view must be None or 'coarse', got {ner_view!r}")
    return tuple(COARSE_RANKING if h[0] == "ner" else h for h in HEADLINE)


def error_view(gold: GoldSet, entries: list[Entry]) -> dict[str, Any]:
    """Per system and document, the per-mention outcomes (see :mod:`benchmark.scoring.outcomes`)."""
    def shown(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        # neither optional matches (not counted) nor unaligned strings (no offsets) are drawn
        return [r for r in rows if r["outcome"] not in ("optional", "unaligned")]

    out: dict[str, Any] = {}
    for entry in entries:
        if entry.results is None:   # failed, or saved results without predictions
            continue
        out[entry.name] = {
            doc.doc_id: {layer: shown(rows) for layer, rows in entry.outcomes(doc).items()}
            for doc in gold if doc.doc_id in entry.outcome.predictions}
    return out


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


def write_reports(out: Path, gold: GoldSet, entries: list[Entry], data: dict[str, Any], *,
                  render_markdown: Callable[[dict[str, Any]], str],
                  render_html: Callable[[dict[str, Any]], str] | None,
                  force: bool = False, beside: dict[str, list[Entry]] | None = None,
                  beside_gold: dict[str, GoldSet] | None = None,
                  removed: list[Path] | None = None) -> list[Path]:
    """Write every report file (atomically) and record them in the manifest. A
    system whose run failed gets its files too: ``samples/<name>.jsonl`` with what
    came back and ``results/<name>.json`` with its partial results, marked
    ``status: failed`` (:func:`benchmark.harness.run.failure_results`); ``beside_gold``:
    the documents of each split in ``beside``, which those results describe.

    The ``results/`` and ``samples/`` files an earlier run wrote for systems this
    run does not rank are removed, with their manifest entries — only files the
    manifest records and that are unchanged since (:func:`benchmark.core.files.remove_stale`);
    ``removed`` (a list) receives them."""
    from benchmark.harness.run import failure_results

    beside = beside or {}
    check_stems([e.name for e in entries])
    files = planned_files(out, entries, tuple(beside))
    refuse_foreign(out, files, force=force)
    run = {"date": data["generated"], "tool_version": __version__, "git_commit": data["git_commit"]}
    texts: dict[Path, str] = {out / "leaderboard.md": render_markdown(data)}
    if render_html is not None:
        texts[out / "leaderboard.html"] = render_html(data)
    def results_text(entry: Entry, split_gold: GoldSet) -> str:
        body = entry.data if entry.results is not None and entry.data is not None \
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
    for split, split_entries in beside.items():
        for entry in split_entries:
            if entry.results is None and not entry.failed_run:
                continue
            texts[out / "results" / split / f"{file_stem(entry.name)}.json"] = results_text(
                entry, (beside_gold or {}).get(split, gold))
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


def add_deltas(data: dict[str, Any], entries: list[Entry], reference: str, *,
               seed: int = DEFAULTS.seed, ner_view: str | None = None) -> None:
    """Headline deltas of every system against ``reference``, each with the p-value
    of a paired randomisation test over sentence units (exact for ≤ 20 units,
    approximate otherwise). NER is compared on the coarse view when either side
    is a coarse-label system (both values, and the p-value when both kept
    coarse per-unit counts, i.e. both are coarse; the delta is marked
    ``"view": "coarse"``). Saved results carry no per-unit counts: their
    deltas have no p-value. ``ValueError`` if the reference did not run."""
    from benchmark.scoring.resample import paired_randomization

    ref = next((e for e in entries if e.name == reference), None)
    if ref is None or not ref.ok:
        raise ValueError(f"reference system {reference!r} is not among the systems that ran: "
                         + ", ".join(e.name for e in entries if e.ok))
    ref_data = ref.data or {}
    for system, entry in zip(data["systems"], entries):
        if entry is ref or not entry.ok:
            continue
        deltas = {}
        for task, _, default in HEADLINE:
            # a coarse system, or any system against a coarse reference, is compared on
            # the shared coarse view: both values (and the p-value) from that view; in a
            # ranking on the coarse view (ner_view), every system is
            path = default
            if task == "ner":
                if ner_view == "coarse":
                    path = COARSE_NER_HEADLINE
                else:
                    path = headline_path(task, (entry.data or {}).get("extractor"))
                    if path == default:
                        path = headline_path(task, ref_data.get("extractor"))
            mine, theirs = lookup(entry.data or {}, path), lookup(ref_data, path)
            if mine is None or theirs is None:
                continue
            key = "ner.coarse" if path != default else task
            if path != default and not (entry.results is not None and ref.results is not None
                                        and key in entry.results.unit_counts
                                        and key in ref.results.unit_counts):
                deltas[task] = {"delta": mine - theirs, "p": None,
                                "method": "none (coarse view)", "view": "coarse"}
            elif entry.results is not None and ref.results is not None:
                test = paired_randomization(entry.results, ref.results,
                                            path.removeprefix("tasks."), seed=seed)
                deltas[task] = {"delta": test.delta, "p": test.p_value, "method": test.method,
                                **({"view": "coarse"} if path != default else {})}
            else:
                deltas[task] = {"delta": mine - theirs, "p": None, "method": "none (saved)",
                                **({"view": "coarse"} if path != default else {})}
        system["deltas"] = deltas
    data["reference"] = reference


def hub_eval_results(data: dict[str, Any], *, dataset_id: str = "khabar-bench"
                     ) -> dict[str, str]:
    """Hugging Face Hub ``.eval_results/<system>.yaml`` texts: one entry per headline
    metric a system has (``dataset: {id, task_id, revision}``, ``value``, ``date``,
    ``source``). Strings are written as JSON strings, which are valid YAML."""
    date = data["generated"][:10]
    out: dict[str, str] = {}
    for system in data["systems"]:
        lines = []
        for h in data["headline"]:
            cell = system["headline"].get(h["task"])
            if cell is None:
                continue
            source = (f"khabar {data['tool_version']} leaderboard; metric {h['path']}; "
                      f"signature {system['signature']}")
            lines += ["- dataset:",
                      f"    id: {json.dumps(dataset_id)}",
                      f"    task_id: {json.dumps(h['task'])}",
                      f"    revision: {json.dumps(data['gold']['label'])}",
                      f"  value: {cell['value']!r}",
                      f"  date: {json.dumps(date)}",
                      f"  source: {json.dumps(source, ensure_ascii=False)}"]
        if lines:
            out[file_stem(system["name"])] = "\n".join(lines) + "\n"
    return out


def add_per_type(data: dict[str, Any], entries: list[Entry]) -> None:
    """Per fine type NER rows (strict mode) for every system that scored NER."""
    for system, entry in zip(data["systems"], entries):
        ner = lookup(entry.data or {}, "tasks.ner.per_type")
        if not ner:
            continue
        system["per_type"] = [
            {"type": name, **{k: row["strict"][k] for k in ("precision", "recall", "f1", "cor",
                                                             "inc", "mis", "spu")}}
            for name, row in sorted(ner.items())]


def add_confusion(data: dict[str, Any], gold: GoldSet, entries: list[Entry]) -> None:
    """A confusion matrix of NER fine types over the scorer's strict alignment
    (scikit-learn): paired mentions give (gold type, predicted type); a missed gold
    mention is (type, ``O``) and a spurious prediction (``O``, type)."""
    from sklearn.metrics import confusion_matrix

    for system, entry in zip(data["systems"], entries):
        if entry.results is None or entry.results.ner is None:
            continue
        truth: list[str] = []
        guess: list[str] = []
        for doc in gold:
            rows = entry.outcomes(doc)["entities"]
            for row in rows:
                if row["outcome"] in ("optional", "unaligned"):
                    continue
                truth.append(row["gold"]["type"] if row["gold"] else "O")
                guess.append(row["pred"]["type"] if row["pred"] else "O")
        labels = sorted((set(truth) | set(guess)) - {"O"}) + ["O"]
        matrix = confusion_matrix(truth, guess, labels=labels)
        system["confusion"] = {"labels": labels, "matrix": matrix.tolist()}
