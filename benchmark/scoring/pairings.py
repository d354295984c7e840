"""The one-to-one pairings the scorer counted, kept per document for the reports.

:func:`benchmark.scoring.engine.score` fills a :class:`DocumentPairing` per
document when asked (``pairings=``); :mod:`benchmark.scoring.outcomes` then labels each
mention from these pairings instead of aligning again, so a report shows what
was counted:

* entities — the fine view's ``strict`` alignment (``Prepared.align``) with the
  gold mentions (all readings), their ``optional`` flags and the predicted
  readings it paired;
* timexes — the TE3 relaxed alignment of the predicted timexes with the gold
  timexes (index for index);
* attributions — the relaxed and strict relation pairs ``(gold, pred)`` over the
  *required* gold attributions, with the index of each prediction in the full
  list (the strict pass leaves out predictions on optional gold cues; its pairs
  are mapped back to the full list's indices).
"""

from __future__ import annotations

from dataclasses import dataclass

from benchmark.scoring.match import Alignment, Mention, Reading


@dataclass(frozen=True, slots=True)
class EntityPairing:
    """The strict fine-view NER alignment of one document."""

    mentions: tuple[Mention, ...]
    optional: tuple[bool, ...]
    preds: tuple[Reading, ...]
    alignment: Alignment


@dataclass(frozen=True, slots=True)
class AttributionPairing:
    """Relation pairs ``(gold index among required, pred index)``."""

    relaxed: tuple[tuple[int, int], ...]
    strict: tuple[tuple[int, int], ...]


@dataclass(slots=True)
class DocumentPairing:
    """Per layer the scorer's pairing on one document (``None``: not scored there)."""

    entities: EntityPairing | None = None
    timexes: Alignment | None = None
    attributions: AttributionPairing | None = None
