"""The systems of a comparison or a leaderboard: one :class:`Entry` per system,
how it ran and its :class:`~benchmark.scoring.results.Results` (scored here, or
read from a saved results file with :meth:`Results.from_dict`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from benchmark.harness.run import RunOutcome
from benchmark.scoring.pairings import DocumentPairing
from benchmark.scoring.results import Results, coarse_headline

if TYPE_CHECKING:
    from benchmark.gold.loader import GoldSet
    from benchmark.harness import Evaluation
    from benchmark.scoring.settings import ScoreSettings


def file_stem(name: str) -> str:
    """A file-name-safe form of a system name (``cmd:"x y"`` → ``cmd_x_y``)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "system"


@dataclass
class Entry:
    """One system: how it ran and, if it ran, its results — scored here
    (``results``, with per-unit counts for paired tests) or loaded from a saved
    results JSON file (``saved``, without per-unit counts or predictions)."""

    name: str
    outcome: RunOutcome
    results: Results | None
    saved: Results | None = None
    #: A failed run's partial results (what came back, scored): written to
    #: ``results/<name>.json`` marked ``status: failed``, never ranked.
    partial: Results | None = None
    #: per document the scorer's pairings behind ``results`` (the outcomes read them)
    pairings: dict[str, DocumentPairing] = field(default_factory=dict)

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
    def scored(self) -> Results | None:
        """The results the system is shown with: scored here, else the saved ones."""
        return self.results if self.results is not None else self.saved

    def outcomes(self, doc: Any) -> dict[str, list[dict[str, Any]]]:
        """Per-mention outcomes of this system on ``doc``, from the scorer's pairings."""
        from benchmark.scoring.outcomes import document_outcomes

        return document_outcomes(doc, self.outcome.predictions[doc.doc_id],
                                 self.pairings.get(doc.doc_id))


def rescore_entries(entries: list[Entry], gold: GoldSet, settings: ScoreSettings
                    ) -> list[Entry]:
    """The entries' runs scored on ``gold`` (a split of what they ran on); saved
    results stay as they are. A failed run keeps what came back: its partial
    results are written, not ranked."""
    from benchmark.harness import Evaluation, rescore

    return [entry if entry.saved is not None else
            Entry.of(rescore(Evaluation(entry.name, entry.outcome), gold, settings),
                     keep_partial=True)
            for entry in entries]


def mixed_granularity(entries: list[Entry]) -> bool:
    """Whether the systems that have NER results mix label sets: some predict CoNLL
    classes (``label_set: coarse``, their headline the coarse view), others the
    fine types. The leaderboard then ranks NER on the coarse view for all."""
    kinds = {coarse_headline(r.extractor) for e in entries
             if (r := e.scored) is not None and r.ner is not None}
    return kinds == {True, False}
