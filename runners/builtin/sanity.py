"""Sanity extractors: ``oracle`` (the gold itself) and ``empty`` (nothing).

Both are hidden from the default leaderboard and used to check the scorer:
``oracle`` must score 1.0 on every metric, ``empty`` recall 0.
"""

from __future__ import annotations

from dataclasses import dataclass

from benchmark import __version__
from benchmark.core.documents import Document
from benchmark.gold.loader import GoldSet
from runners.base import ExtractorFailed, ExtractorInfo, Record


def _span(s) -> dict:  # type: ignore[no-untyped-def]
    return {"start": s.start, "end": s.end}


@dataclass
class OracleExtractor:
    """Returns the gold's main readings, optional mentions left out."""

    gold: GoldSet

    def describe(self) -> ExtractorInfo:
        return ExtractorInfo("builtin", "oracle", __version__, {"gold": self.gold.label})

    def predict(self, documents: list[Document]) -> list[Record]:
        records = []
        for doc in documents:
            try:
                g = self.gold.get(doc.doc_id)
            except KeyError:
                raise ExtractorFailed("oracle", f"document {doc.doc_id!r} is not in the gold")
            records.append({
                "doc_id": doc.doc_id,
                "entities": [{**_span(e), "type": e.type} for e in g.entities if not e.optional],
                "timexes": [{**_span(t), "type": t.type, "value": t.value}
                            for t in g.timexes if not t.optional],
                "attributions": [{"source": [_span(s) for s in a.source],
                                  "cue": [_span(s) for s in a.cue],
                                  "content": [_span(s) for s in a.content], "kind": a.kind}
                                 for a in g.attributions if not a.optional],
            })
        return records


@dataclass
class EmptyExtractor:
    """Attempts every task and finds nothing."""

    def describe(self) -> ExtractorInfo:
        return ExtractorInfo("builtin", "empty", __version__)

    def predict(self, documents: list[Document]) -> list[Record]:
        return [{"doc_id": d.doc_id, "entities": [], "timexes": [], "attributions": []}
                for d in documents]
