"""The typed report every renderer takes: a :class:`Report` of :class:`SystemRow`\\ s.

The publishing layer (:mod:`benchmark.publish.report`) builds a report from
:class:`~benchmark.scoring.results.Results` objects by attribute access; the
renderers (terminal, Markdown, HTML, the Hub YAML) read its attributes and never
a results dict. :meth:`Report.to_json` writes the comparison JSON (``khabar
compare --format json`` / ``--json``), field by field::

    title, generated, tool_version, git_commit
    gold          {"label", "documents", "split"}
    headline      [{"task", "label", "path"}], in column order
    ner_view, ranking_note   (only for a ranking on the coarse NER view)
    reference     (only with a reference system)
    systems       [{"name", "status", "reason", "signature", "seconds",
                    "headline": {task: {"value", "ci", "units", "unit"[, "view", "path"]} | null},
                    "tables": {task: [{"metric", <column>: number, ...}]},
                    "invalid_items": {task: int}    (systems with results),
                    "deltas": {task: {"delta", "p", "method"[, "view"]}}   (with a reference),
                    "per_type": [...], "confusion": {"labels", "matrix"}  (when asked)}]

A value a renderer needs and a system does not have is ``None`` (shown ``—``),
never 0.

:class:`RobustnessReport` (rows of :class:`RobustnessRow` with a
:class:`RobustnessCell` per perturbation kind, :class:`RunFailure`\\ s) is
``khabar robustness``'s table, built by :mod:`benchmark.publish.robustness` and
rendered by :mod:`benchmark.render.robustness`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

#: The view a headline or delta takes when it is not the task's usual one.
COARSE = "coarse"


@dataclass(frozen=True)
class HeadlineColumn:
    """One headline column: the task, its label and the results path of its values."""

    task: str
    label: str
    path: str

    def to_json(self) -> dict[str, Any]:
        return {"task": self.task, "label": self.label, "path": self.path}


@dataclass(frozen=True)
class HeadlineCell:
    """A system's headline value of one task with its bootstrap interval and the
    number of resampling units. ``path`` is set only when the value comes from
    another results path than its column's (a coarse-label system's NER: the
    coarse view)."""

    value: float
    ci: tuple[float, float] | None = None
    units: int | None = None
    unit: str | None = None
    path: str | None = None

    @property
    def view(self) -> str | None:
        """``"coarse"`` for a value taken from another path than the column's."""
        return COARSE if self.path is not None else None

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "ci": None if self.ci is None else list(self.ci),
                "units": self.units, "unit": self.unit,
                **({"view": COARSE, "path": self.path} if self.path is not None else {})}


@dataclass(frozen=True)
class Delta:
    """A headline difference against the reference system, with the p-value of the
    paired test (``None`` when no test could be made: saved results, or a coarse
    view without per-unit counts) and the test's name. ``coarse``: compared on
    the coarse NER view."""

    delta: float
    p: float | None
    method: str
    coarse: bool = False

    @property
    def view(self) -> str | None:
        return COARSE if self.coarse else None

    def to_json(self) -> dict[str, Any]:
        return {"delta": self.delta, "p": self.p, "method": self.method,
                **({"view": COARSE} if self.coarse else {})}


@dataclass(frozen=True)
class MetricRow:
    """One row of a task table: the metric's name and its values by column, in
    column order (P, R, F1, then the counts the row has)."""

    metric: str
    values: tuple[tuple[str, float], ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.values)

    def get(self, column: str) -> float | None:
        """The value of ``column``, ``None`` when the row has no such column."""
        for name, value in self.values:
            if name == column:
                return value
        return None

    def to_json(self) -> dict[str, Any]:
        return {"metric": self.metric, **dict(self.values)}


#: The columns of a per-type row, in table order.
TYPE_COLUMNS = ("precision", "recall", "f1", "cor", "inc", "mis", "spu")


@dataclass(frozen=True)
class TypeRow:
    """NER strict counts and scores of one fine type (INC and MIS under the gold type)."""

    type: str
    precision: float
    recall: float
    f1: float
    cor: int
    inc: int
    mis: int
    spu: int

    def cells(self) -> tuple[float, ...]:
        """The values in :data:`TYPE_COLUMNS` order."""
        return tuple(getattr(self, k) for k in TYPE_COLUMNS)

    def to_json(self) -> dict[str, Any]:
        return {"type": self.type, **dict(zip(TYPE_COLUMNS, self.cells()))}


@dataclass(frozen=True)
class Confusion:
    """A confusion matrix of NER types: ``matrix[i][j]`` gold ``labels[i]``
    predicted as ``labels[j]`` (``O``: no mention)."""

    labels: tuple[str, ...]
    matrix: tuple[tuple[int, ...], ...]

    def to_json(self) -> dict[str, Any]:
        return {"labels": list(self.labels), "matrix": [list(r) for r in self.matrix]}


@dataclass(frozen=True)
class SystemRow:
    """One system of a report. ``status`` is ``ok``, ``failed`` or ``not
    available`` (a beside split its predictions do not cover). A task absent from
    ``tables`` (and ``None`` in ``headline``) was not attempted. ``invalid_items``
    is ``None`` for a system without results; ``deltas`` ``None`` when no
    reference was compared (the reference itself and failed systems)."""

    name: str
    status: str = "ok"
    reason: str = ""
    signature: str = ""
    seconds: float = 0.0
    headline: Mapping[str, HeadlineCell | None] = field(default_factory=dict)
    tables: Mapping[str, tuple[MetricRow, ...]] = field(default_factory=dict)
    invalid_items: Mapping[str, int] | None = None
    deltas: Mapping[str, Delta] | None = None
    per_type: tuple[TypeRow, ...] = ()
    confusion: Confusion | None = None

    def cell(self, task: str) -> HeadlineCell | None:
        return self.headline.get(task)

    def delta(self, task: str) -> Delta | None:
        return (self.deltas or {}).get(task)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name, "status": self.status, "reason": self.reason,
            "signature": self.signature, "seconds": self.seconds,
            "headline": {t: None if c is None else c.to_json() for t, c in self.headline.items()},
            "tables": {t: [r.to_json() for r in rows] for t, rows in self.tables.items()}}
        if self.invalid_items is not None:
            out["invalid_items"] = dict(self.invalid_items)
        if self.deltas is not None:
            out["deltas"] = {t: d.to_json() for t, d in self.deltas.items()}
        if self.per_type:
            out["per_type"] = [r.to_json() for r in self.per_type]
        if self.confusion is not None:
            out["confusion"] = self.confusion.to_json()
        return out


@dataclass(frozen=True)
class GoldInfo:
    """The gold a report's scores come from: its label, document count and split."""

    label: str
    documents: int | None
    split: str = "all"

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "documents": self.documents, "split": self.split}


@dataclass(frozen=True)
class BesideSplit:
    """The same systems' predictions scored on another split than the headline one."""

    split: str
    gold: GoldInfo
    systems: tuple[SystemRow, ...]
    reference: str | None = None


@dataclass(frozen=True)
class DocumentText:
    """A gold document as the error view shows it."""

    doc_id: str
    dct: str | None
    text: str


@dataclass(frozen=True)
class ErrorView:
    """Per system, document and layer (``entities``, ``timexes``, ``attributions``)
    the per-mention outcome rows of :func:`benchmark.scoring.outcomes.document_outcomes`
    (optional and unaligned rows left out); a layer absent from a document was not
    attempted."""

    documents: tuple[DocumentText, ...] = ()
    outcomes: Mapping[str, Mapping[str, Mapping[str, list[dict[str, Any]]]]] = \
        field(default_factory=dict)


@dataclass(frozen=True)
class Report:
    """What the renderers show: the headline columns, the systems, the splits
    beside the headline one and the error view. ``ranked``: the systems are
    ranked (``khabar leaderboard``; :func:`benchmark.render.common.ranked`),
    else they keep their order. ``ranking_note``: why the ranking is on another
    view than the usual headline (set with ``ner_view``). ``generated`` and
    ``git_commit`` are never rendered: the pages stay identical when the results
    do not change."""

    title: str
    gold: GoldInfo
    headline: tuple[HeadlineColumn, ...]
    systems: tuple[SystemRow, ...]
    tool_version: str = ""
    generated: str = ""
    git_commit: str | None = None
    reference: str | None = None
    ranked: bool = False
    ner_view: str | None = None
    ranking_note: str = ""
    beside: tuple[BesideSplit, ...] = ()
    errors: ErrorView = ErrorView()

    def to_json(self) -> str:
        """The comparison as JSON (without the documents and the error view): sorted
        keys, two-space indent, trailing newline."""
        out: dict[str, Any] = {
            "title": self.title, "generated": self.generated, "tool_version": self.tool_version,
            "git_commit": self.git_commit, "gold": self.gold.to_json(),
            "headline": [h.to_json() for h in self.headline],
            "systems": [s.to_json() for s in self.systems]}
        if self.ner_view is not None:
            out["ner_view"] = self.ner_view
            out["ranking_note"] = self.ranking_note
        if self.reference is not None:
            out["reference"] = self.reference
        return json.dumps(out, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


# ------------------------------------------------------------------ robustness
#
# ``khabar robustness`` (:mod:`benchmark.publish.robustness` builds it): each
# system's headline values on the original gold and on seeded perturbed variants.
# :meth:`RobustnessReport.to_json` writes ``robustness.json``, field by field::
#
#     gold, seed, n, kinds [kind, ...]
#     perturbations {kind: signature}
#     headline      {task: path}
#     rows          [{"system", "task", "original",
#                     "cells": {kind: {"values", "mean", "original", "drop",
#                                      "ci": [low, high], "failed"}}
#                     [, "headline": path, "view": "coarse"]}]
#     failures      [{"system", "kind", "reason"}]


@dataclass(frozen=True)
class RobustnessCell:
    """One system × task × kind: the headline value on each variant that ran, the
    value on the original gold, the number of variants whose run failed, and the
    95% bootstrap interval of the change over the variants (``None`` when no
    variant ran)."""

    values: tuple[float, ...]
    original: float
    failed: int = 0
    ci: tuple[float, float] | None = None

    @property
    def mean(self) -> float | None:
        return sum(self.values) / len(self.values) if self.values else None

    @property
    def drop(self) -> float | None:
        mean = self.mean
        return None if mean is None else mean - self.original

    def to_json(self) -> dict[str, Any]:
        low, high = self.ci if self.ci is not None else (None, None)
        return {"values": list(self.values), "mean": self.mean, "original": self.original,
                "drop": self.drop, "ci": [low, high], "failed": self.failed}


@dataclass(frozen=True)
class RobustnessRow:
    """One system × task: its headline value on the original gold and a cell per
    kind, in the report's kind order. ``path`` is set only when the headline is
    not the task's usual one (the coarse NER view of a CoNLL-label system)."""

    system: str
    task: str
    original: float
    cells: tuple[tuple[str, RobustnessCell], ...] = ()
    path: str | None = None

    @property
    def view(self) -> str | None:
        return COARSE if self.path else None

    def cell(self, kind: str) -> RobustnessCell | None:
        return dict(self.cells).get(kind)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"system": self.system, "task": self.task,
                               "original": self.original,
                               "cells": {kind: c.to_json() for kind, c in self.cells}}
        if self.path:
            out.update(headline=self.path, view=COARSE)
        return out


@dataclass(frozen=True)
class RunFailure:
    """A run that failed: the system, the gold it ran on (``original`` or a kind)
    and why."""

    system: str
    kind: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"system": self.system, "kind": self.kind, "reason": self.reason}


@dataclass(frozen=True)
class RobustnessReport:
    """The robustness table: variant *k* of a kind has seed ``seed + k``;
    ``perturbations`` pairs each kind with its perturbation signature; ``headline``
    is the usual headline column of each task."""

    gold: str
    seed: int
    n: int
    kinds: tuple[str, ...]
    perturbations: tuple[tuple[str, str], ...]
    headline: tuple[HeadlineColumn, ...]
    rows: tuple[RobustnessRow, ...]
    failures: tuple[RunFailure, ...] = ()

    @property
    def ok(self) -> bool:
        """Every run succeeded."""
        return not self.failures

    def headline_path(self, task: str) -> str:
        return next(h.path for h in self.headline if h.task == task)

    def to_json(self) -> str:
        """``robustness.json``: sorted keys, two-space indent, trailing newline."""
        out = {"gold": self.gold, "seed": self.seed, "n": self.n, "kinds": list(self.kinds),
               "perturbations": dict(self.perturbations),
               "headline": {h.task: h.path for h in self.headline},
               "rows": [r.to_json() for r in self.rows],
               "failures": [f.to_json() for f in self.failures]}
        return json.dumps(out, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
