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
