"""Counts of a gold set per layer and type (what ``khabar stats`` shows)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from benchmark.gold import GoldSet
from benchmark.tokenize import canonical_sentences, canonical_tokens


@dataclass
class LayerRow:
    """Mentions of one type in one layer."""

    layer: str
    type: str
    mentions: int = 0
    required: int = 0
    optional: int = 0
    nested: int = 0
    with_alternatives: int = 0


@dataclass
class GoldStats:
    documents: int
    characters: int
    tokens: int
    sentences: int
    rows: list[LayerRow] = field(default_factory=list)
    refs: int = 0

    def totals(self) -> dict[str, LayerRow]:
        """One summed row per layer."""
        out: dict[str, LayerRow] = {}
        for row in self.rows:
            total = out.setdefault(row.layer, LayerRow(row.layer, "all"))
            for name in ("mentions", "required", "optional", "nested", "with_alternatives"):
                setattr(total, name, getattr(total, name) + getattr(row, name))
        return out


def gold_stats(gold: GoldSet) -> GoldStats:
    """Count documents, tokens, sentences and mentions per layer and type."""
    rows: dict[tuple[str, str], LayerRow] = {}
    refs: set[tuple[str, str]] = set()

    def add(layer: str, typ: str, optional: bool, nested: bool = False, alts: bool = False) -> None:
        row = rows.setdefault((layer, typ), LayerRow(layer, typ))
        row.mentions += 1
        row.optional += optional
        row.required += not optional
        row.nested += nested
        row.with_alternatives += alts

    tokens = sentences = chars = 0
    for doc in gold:
        chars += len(doc.text)
        tokens += len(canonical_tokens(doc))
        sentences += len(canonical_sentences(doc))
        for e in doc.entities:
            add("entities", e.type, e.optional, e.parent is not None, bool(e.alternatives))
            if e.ref:
                refs.add((doc.doc_id, e.ref))
        for t in doc.timexes:
            add("timexes", t.type, t.optional, False, bool(t.alternatives))
        for a in doc.attributions:
            add("attributions", a.kind, a.optional)
    order = {"entities": 0, "timexes": 1, "attributions": 2}
    ordered = sorted(rows.values(), key=lambda r: (order[r.layer], -r.mentions, r.type))
    return GoldStats(len(gold), chars, tokens, sentences, ordered, len(refs))


def type_counts(gold: GoldSet) -> Counter[str]:
    """Required entity mentions per fine type."""
    return Counter(e.type for doc in gold for e in doc.entities if not e.optional)
