"""Counts of a gold set per layer and type (what ``khabar stats`` shows)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from benchmark.gold.loader import GoldSet
from benchmark.core.tokenize import canonical_sentences, canonical_tokens


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
class DocumentRow:
    """One document's size and required mentions per layer (``None``: layer not annotated)."""

    doc_id: str
    split: str
    outlet: str
    tokens: int
    entities: int | None
    timexes: int | None
    attributions: int | None


@dataclass
class GroupRow:
    """Documents and required mentions of one split or outlet."""

    name: str
    documents: int = 0
    tokens: int = 0
    entities: int = 0
    timexes: int = 0
    attributions: int = 0


@dataclass
class GoldStats:
    documents: int
    characters: int
    tokens: int
    sentences: int
    rows: list[LayerRow] = field(default_factory=list)
    refs: int = 0
    splits: list[GroupRow] = field(default_factory=list)
    outlets: list[GroupRow] = field(default_factory=list)
    layers: dict[str, int] = field(default_factory=dict)
    per_document: list[DocumentRow] = field(default_factory=list)

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
    per_doc: list[DocumentRow] = []
    splits: dict[str, GroupRow] = {}
    outlets: dict[str, GroupRow] = {}
    layers: Counter[str] = Counter()
    for doc in gold:
        chars += len(doc.text)
        n_tokens = len(canonical_tokens(doc))
        tokens += n_tokens
        sentences += len(canonical_sentences(doc))
        outlet = str((doc.meta.get("provenance") or {}).get("outlet") or "unknown")
        req = {layer: sum(1 for x in getattr(doc, layer) if not x.optional)
               for layer in ("entities", "timexes", "attributions")}
        per_doc.append(DocumentRow(doc.doc_id, doc.split, outlet, n_tokens,
                                   *(req[la] if doc.has_layer(la) else None
                                     for la in ("entities", "timexes", "attributions"))))
        for group in (splits.setdefault(doc.split, GroupRow(doc.split)),
                      outlets.setdefault(outlet, GroupRow(outlet))):
            group.documents += 1
            group.tokens += n_tokens
            group.entities += req["entities"]
            group.timexes += req["timexes"]
            group.attributions += req["attributions"]
        layers.update(doc.layers)
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
    return GoldStats(len(gold), chars, tokens, sentences, ordered, len(refs),
                     [splits[k] for k in sorted(splits)], [outlets[k] for k in sorted(outlets)],
                     {la: layers[la] for la in ("entities", "timexes", "attributions")},
                     per_doc)


def type_counts(gold: GoldSet) -> Counter[str]:
    """Required entity mentions per fine type."""
    return Counter(e.type for doc in gold for e in doc.entities if not e.optional)
