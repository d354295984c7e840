"""The report of a comparison: typed rows built from each system's
:class:`~benchmark.scoring.results.Results` by attribute access.

:func:`build_report` makes the :class:`~benchmark.render.model.Report` every
renderer takes (headline cells with intervals, task tables, deltas against a
reference with paired-test p-values, and optionally per-type rows, confusion
matrices and the error view); :func:`hub_eval_results` turns one into Hugging
Face Hub ``.eval_results`` YAML. Nothing here reads a results dict: a saved
results file is a ``Results`` too (:meth:`Results.from_dict`).
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from benchmark import __version__
from benchmark.gold.loader import GoldSet
from benchmark.publish.entries import Entry, file_stem
from benchmark.render.model import (Confusion, Delta, DocumentText, ErrorView, GoldInfo,
                                    HeadlineCell, HeadlineColumn, MetricRow, Report, SystemRow,
                                    TypeRow)
from benchmark.scoring.attribution import ROLES
from benchmark.scoring.counts import OverlapCounts, PRCounts, SpanCounts
from benchmark.scoring.match import MODES
from benchmark.scoring.ner import TOKEN_SCHEMES
from benchmark.scoring.results import (COARSE_NER_HEADLINE, NerView, Results, coarse_headline,
                                       headline_path)
from benchmark.scoring.settings import DEFAULTS

#: The headline metric of each task (README: "Headline metrics").
HEADLINE: tuple[tuple[str, str, str], ...] = (
    ("ner", "NER strict F1", "tasks.ner.strict.f1"),
    ("timex", "TIMEX3 value F1", "tasks.timex.value_f1"),
    ("attribution", "Attribution relation F1 (relaxed)", "tasks.attribution.relation.relaxed.f1"),
)
#: The NER headline of a ranking that holds coarse and fine systems
#: (:func:`benchmark.publish.entries.mixed_granularity`): every system on the coarse view.
COARSE_RANKING = ("ner", "NER coarse strict F1 (PER/ORG/LOC/MISC)", COARSE_NER_HEADLINE)
COARSE_RANKING_NOTE = (
    "NER is ranked on the coarse CoNLL view (PER/ORG/LOC/MISC, tasks.ner.coarse.strict.f1) "
    "for every system: some systems predict CoNLL classes only, and fine-type F1 would not "
    "compare them with the others (the fine-type scores are in the NER table; a fine "
    "system's coarse value has no bootstrap interval)")


def headline_columns(ner_view: str | None = None) -> tuple[HeadlineColumn, ...]:
    """The headline columns, NER on the coarse view for ``ner_view="coarse"``."""
    if ner_view not in (None, "coarse"):
        raise ValueError(f"ner_view must be None or 'coarse', got {ner_view!r}")
    return tuple(HeadlineColumn(*(COARSE_RANKING if ner_view and h[0] == "ner" else h))
                 for h in HEADLINE)


# -- task tables -------------------------------------------------------------------

def _prf(metric: str, counts: SpanCounts | PRCounts | OverlapCounts, *,
         with_counts: bool = False) -> MetricRow:
    values: list[tuple[str, float]] = [("precision", counts.precision),
                                       ("recall", counts.recall), ("f1", counts.f1)]
    if with_counts and isinstance(counts, SpanCounts):
        values += [(k, getattr(counts, k)) for k in ("cor", "inc", "par", "mis", "spu")]
    return MetricRow(metric, tuple(values))


def _ner_rows(views: dict[str, NerView]) -> list[MetricRow]:
    fine = views["fine"].overall
    rows = [_prf(mode, fine.modes[i], with_counts=True) for i, mode in enumerate(MODES)]
    rows += [_prf(f"token {scheme}", fine.token[i]) for i, scheme in enumerate(TOKEN_SCHEMES)]
    macro = views["fine"].macro()["strict"]
    rows.append(MetricRow("macro strict", tuple((k, float(macro[k]))
                                                for k in ("precision", "recall", "f1"))))
    if "coarse" in views:
        rows.append(_prf("coarse strict", views["coarse"].overall.modes[MODES.index("strict")],
                         with_counts=True))
    return rows


def metric_rows(results: Results, task: str) -> tuple[MetricRow, ...]:
    """The metric rows of one scored task, for the task tables."""
    rows: list[MetricRow]
    if task == "ner":
        assert results.ner is not None
        rows = _ner_rows(results.ner)
    elif task == "timex":
        tx = results.timex
        assert tx is not None
        rows = [MetricRow(name, (("precision", float(c.precision)), ("recall", float(c.recall)),
                                 ("f1", float(c.f1))))
                for name, c in (("strict", tx.strict_prf), ("relaxed", tx.relaxed_prf))]
        rows += [MetricRow(name, (("value", getattr(tx, name)),))
                 for name in ("type_accuracy", "value_accuracy", "type_f1", "value_f1")]
    else:
        at = results.attribution
        assert at is not None
        rows = []
        for role in ("source", "source_entity", "cue", "content"):
            i = ROLES.index(role)
            rows += [_prf(f"{role} exact", at.exact[i]), _prf(f"{role} overlap", at.overlap[i])]
        rows += [_prf("relation strict", at.strict), _prf("relation relaxed", at.relaxed),
                 MetricRow("kind_accuracy", (("value", at.kind_accuracy),))]
    return tuple(rows)


# -- systems -----------------------------------------------------------------------

def _cell(results: Results, path: str, column: HeadlineColumn) -> HeadlineCell | None:
    value = results.value(path)
    if value is None:
        return None
    boot = results.bootstrap
    ci = boot.intervals.get(path.removeprefix("tasks.")) if boot is not None else None
    return HeadlineCell(value, None if ci is None else (float(ci[0]), float(ci[1])),
                        boot.units if boot is not None else None,
                        boot.unit_kind if boot is not None else None,
                        path if path != column.path else None)


def system_row(entry: Entry, headline: tuple[HeadlineColumn, ...], *,
               ner_view: str | None = None) -> SystemRow:
    """A system's row: its headline cells (a coarse-label system's NER from the
    coarse view, unless the whole ranking is on it: ``ner_view``), task tables
    and dropped items; a system without results has ``—`` everywhere."""
    results = entry.scored
    row = SystemRow(entry.name, entry.outcome.status, entry.outcome.reason,
                    seconds=entry.outcome.seconds,
                    headline={column.task: None for column in headline})
    if results is None:
        return row
    cells: dict[str, HeadlineCell | None] = {}
    for column in headline:
        path = headline_path(column.task, results.extractor) \
            if column.task == "ner" and ner_view is None else column.path
        cells[column.task] = _cell(results, path, column)
    tables = {task: metric_rows(results, task) for task in results.tasks}
    if coarse_headline(results.extractor) and "ner" in tables:
        # mark the row the headline comes from
        tables["ner"] = tuple(replace(r, metric="coarse strict (headline: CoNLL labels)")
                              if r.metric == "coarse strict" else r for r in tables["ner"])
    return replace(row, signature=str(results.signature), headline=cells, tables=tables,
                   invalid_items={task: int(results.invalid_items.get(task, 0))
                                  for task in results.tasks})


def not_available_row(entry: Entry, split: str,
                      headline: tuple[HeadlineColumn, ...]) -> SystemRow:
    """The row of a system in a beside split's table that has no predictions for
    that split (a ``file:`` system whose file covers the headline split only)."""
    return SystemRow(entry.name, "not available",
                     f"no predictions for the {split} split (its file has no line for "
                     "any of its documents)", seconds=entry.outcome.seconds,
                     headline={column.task: None for column in headline})


def deltas(entries: list[Entry], reference: str, *, seed: int = DEFAULTS.seed,
           ner_view: str | None = None) -> dict[str, dict[str, Delta]]:
    """Per system (but the reference and failed systems), the headline deltas
    against ``reference``, each with the p-value of a paired randomisation test
    over the resampling units (exact for ≤ 20 units, approximate otherwise). NER
    is compared on the coarse view when either side is a coarse-label system
    (both values, and the p-value when both kept coarse per-unit counts; the
    delta is marked coarse), or for every system when ``ner_view="coarse"``.
    Saved results carry no per-unit counts: their deltas have no p-value.
    ``ValueError`` if the reference did not run."""
    from benchmark.scoring.resample import paired_randomization

    ref = next((e for e in entries if e.name == reference), None)
    if ref is None or ref.scored is None:
        raise ValueError(f"reference system {reference!r} is not among the systems that ran: "
                         + ", ".join(e.name for e in entries if e.ok))
    theirs_all = ref.scored
    out: dict[str, dict[str, Delta]] = {}
    for entry in entries:
        mine_all = entry.scored
        if entry is ref or mine_all is None:
            continue
        found: dict[str, Delta] = {}
        for task, _, default in HEADLINE:
            path = default
            if task == "ner":
                if ner_view == "coarse":
                    path = COARSE_NER_HEADLINE
                else:
                    path = headline_path(task, mine_all.extractor)
                    if path == default:
                        path = headline_path(task, theirs_all.extractor)
            mine, theirs = mine_all.value(path), theirs_all.value(path)
            if mine is None or theirs is None:
                continue
            coarse = path != default
            key = "ner.coarse" if coarse else task
            if coarse and not (entry.results is not None and ref.results is not None
                               and key in entry.results.unit_counts
                               and key in ref.results.unit_counts):
                found[task] = Delta(mine - theirs, None, "none (coarse view)", coarse=True)
            elif entry.results is not None and ref.results is not None:
                test = paired_randomization(entry.results, ref.results,
                                            path.removeprefix("tasks."), seed=seed)
                found[task] = Delta(test.delta, test.p_value, test.method, coarse=coarse)
            else:
                found[task] = Delta(mine - theirs, None, "none (saved)", coarse=coarse)
        out[entry.name] = found
    return out


def per_type_rows(results: Results | None) -> tuple[TypeRow, ...]:
    """NER per fine type (strict mode), by type name; none without NER results."""
    if results is None or results.ner is None:
        return ()
    strict = MODES.index("strict")
    rows = []
    for name, counts in sorted(results.ner["fine"].per_type.items()):
        c = counts.modes[strict]
        rows.append(TypeRow(name, c.precision, c.recall, c.f1, c.cor, c.inc, c.mis, c.spu))
    return tuple(rows)


def confusion(gold: GoldSet, entry: Entry) -> Confusion | None:
    """A confusion matrix of NER fine types over the scorer's strict alignment
    (scikit-learn): paired mentions give (gold type, predicted type); a missed gold
    mention is (type, ``O``) and a spurious prediction (``O``, type). ``None``
    without NER results scored here."""
    from sklearn.metrics import confusion_matrix

    if entry.results is None or entry.results.ner is None:
        return None
    truth: list[str] = []
    guess: list[str] = []
    for doc in gold:
        for row in entry.outcomes(doc)["entities"]:
            if row["outcome"] in ("optional", "unaligned"):
                continue
            truth.append(row["gold"]["type"] if row["gold"] else "O")
            guess.append(row["pred"]["type"] if row["pred"] else "O")
    labels = sorted((set(truth) | set(guess)) - {"O"}) + ["O"]
    matrix = confusion_matrix(truth, guess, labels=labels)
    return Confusion(tuple(labels), tuple(tuple(int(n) for n in row) for row in matrix))


def error_view(gold: GoldSet, entries: list[Entry]) -> ErrorView:
    """Per system and document, the per-mention outcomes (see
    :mod:`benchmark.scoring.outcomes`); neither optional matches (not counted) nor
    unaligned strings (no offsets) are drawn. Systems without predictions here
    (failed, or saved results) have none."""
    def shown(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [r for r in rows if r["outcome"] not in ("optional", "unaligned")]

    outcomes: dict[str, dict[str, dict[str, list[dict[str, Any]]]]] = {}
    for entry in entries:
        if entry.results is None:
            continue
        outcomes[entry.name] = {
            doc.doc_id: {layer: shown(rows) for layer, rows in entry.outcomes(doc).items()}
            for doc in gold if doc.doc_id in entry.outcome.predictions}
    return ErrorView(tuple(DocumentText(d.doc_id, d.dct, d.text) for d in gold), outcomes)


def gold_info(gold: GoldSet) -> GoldInfo:
    return GoldInfo(gold.label, len(gold), gold.split)


def saved_gold_info(results: Results) -> GoldInfo:
    """The gold a saved results file was scored on (label, documents, split)."""
    return GoldInfo(f"{results.gold_version}+{results.gold_sha256[:8]}", results.documents,
                    results.split)


def report_title(gold: GoldInfo) -> str:
    return (f"khabar-bench leaderboard — gold {gold.label}"
            + (f", {gold.split} split" if gold.split != "all" else ""))


def build_report(gold: GoldSet, entries: list[Entry], *, generated: str = "",
                 commit: str | None = None, reference: str | None = None,
                 seed: int = DEFAULTS.seed, ner_view: str | None = None,
                 per_type: bool = False, with_confusion: bool = False,
                 with_errors: bool = False, ranked: bool = False,
                 saved_gold: bool = False) -> Report:
    """The report of ``entries`` scored on ``gold``: one row per system, deltas
    against ``reference`` (``ValueError`` if it did not run), per-type rows and
    confusion matrices when asked, and the error view with ``with_errors``.
    ``saved_gold``: with saved results files only, the report names the gold,
    split and document count the files were scored on (``khabar compare``: the
    split selection scored nothing)."""
    headline = headline_columns(ner_view)
    rows = [system_row(e, headline, ner_view=ner_view) for e in entries]
    if reference is not None:
        against = deltas(entries, reference, seed=seed, ner_view=ner_view)
        rows = [replace(r, deltas=against[r.name]) if r.name in against else r for r in rows]
    if per_type:
        rows = [replace(r, per_type=per_type_rows(e.scored)) for r, e in zip(rows, entries)]
    if with_confusion:
        rows = [replace(r, confusion=confusion(gold, e)) for r, e in zip(rows, entries)]
    info = gold_info(gold)
    if saved_gold and entries and all(e.outcome.info.kind == "saved" for e in entries):
        first = next((e.saved for e in entries if e.saved is not None), None)
        if first is not None:
            info = saved_gold_info(first)
    return Report(report_title(info), info, headline, tuple(rows), tool_version=__version__,
                  generated=generated, git_commit=commit, reference=reference, ranked=ranked,
                  ner_view=ner_view,
                  ranking_note=COARSE_RANKING_NOTE if ner_view == "coarse" else "",
                  errors=error_view(gold, entries) if with_errors else ErrorView())


def hub_eval_results(report: Report, *, dataset_id: str = "khabar-bench") -> dict[str, str]:
    """Hugging Face Hub ``.eval_results/<system>.yaml`` texts: one entry per headline
    metric a system has (``dataset: {id, task_id, revision}``, ``value``, ``date``,
    ``source``). Strings are written as JSON strings, which are valid YAML."""
    date = report.generated[:10]
    out: dict[str, str] = {}
    for system in report.systems:
        lines = []
        for column in report.headline:
            cell = system.cell(column.task)
            if cell is None:
                continue
            source = (f"khabar {report.tool_version} leaderboard; metric {column.path}; "
                      f"signature {system.signature}")
            lines += ["- dataset:",
                      f"    id: {json.dumps(dataset_id)}",
                      f"    task_id: {json.dumps(column.task)}",
                      f"    revision: {json.dumps(report.gold.label)}",
                      f"  value: {cell.value!r}",
                      f"  date: {json.dumps(date)}",
                      f"  source: {json.dumps(source, ensure_ascii=False)}"]
        if lines:
            out[file_stem(system.name)] = "\n".join(lines) + "\n"
    return out
