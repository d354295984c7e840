"""Inter-annotator agreement between two gold directories, with khabar's own scorer.

Annotator A's documents are taken as the reference and annotator B's as
predictions; every figure below is symmetric (F1 and κ do not change when A and
B swap). Both sides are *raw*: the ``optional`` flags and the ``alternatives``
are dropped, so only the main readings are compared, as they were written.

- **entity F1**: strict span + fine type over all mentions (nested included),
  khabar's NER ``strict`` mode; ``entity F1 (required)`` repeats it on the
  mentions that neither annotator marked optional.
- **κ**: Cohen's kappa on IOB2 token labels (fine types, outermost layer) over a
  common tokenization that splits at every boundary of either annotator, as
  Wojood reports it (κ 0.979 between its annotators).
- **TIMEX3 extent F1**: strict extent match (TE3 strict F1); ``relaxed`` is the
  overlap match; **value agreement** is TE3's value accuracy: the share of
  relaxed matches with the same value.
- **attribution**: cue F1 (exact spans), and source and content overlap: the
  proportional (character-overlap) F1 of the source and content spans.

Documents present in only one directory are listed, never silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from benchmark.core.documents import Document
from benchmark.gold.loader import GoldSet
from benchmark.predict.predictions import gold_as_prediction

#: The figures of one comparison, in report order: (key, label, target or None).
FIGURES: tuple[tuple[str, str, float | None], ...] = (
    ("entity_f1", "entity F1", 0.90),
    ("entity_f1_required", "entity F1 (required)", None),
    ("kappa", "token κ", None),
    ("timex_extent_f1", "TIMEX3 extent F1", 0.90),
    ("timex_relaxed_f1", "TIMEX3 relaxed F1", None),
    ("timex_value", "value agreement", 0.85),
    ("cue_f1", "cue F1", 0.85),
    ("source_overlap", "source overlap", None),
    ("content_overlap", "content overlap", 0.85),
)


@dataclass(frozen=True)
class Figures:
    """Agreement figures of one document or of the whole set, and the sizes behind them."""

    values: dict[str, float | None]
    sizes: dict[str, tuple[int, int]]  # layer → (items of A, items of B)


@dataclass(frozen=True)
class Agreement:
    per_document: dict[str, Figures]
    total: Figures
    only_a: tuple[str, ...] = ()
    only_b: tuple[str, ...] = ()
    label_a: str = "A"
    label_b: str = "B"
    notes: dict[str, list[str]] = field(default_factory=dict)

    def below_target(self) -> list[str]:
        """The corpus figures under their target (``FIGURES``)."""
        out = []
        for key, label, target in FIGURES:
            v = self.total.values.get(key)
            if target is not None and v is not None and v < target:
                out.append(f"{label} {v:.3f} < {target:.2f}")
        return out


def raw(doc: Document) -> Document:
    """``doc`` with every item required and without alternatives: what was written."""
    return replace(
        doc,
        entities=tuple(replace(e, optional=False, alternatives=()) for e in doc.entities),
        timexes=tuple(replace(t, optional=False, alternatives=()) for t in doc.timexes),
        attributions=tuple(replace(a, optional=False) for a in doc.attributions))


def _required_only(doc: Document, other: Document) -> tuple[Document, Document]:
    """Both documents' entities minus those either side marked optional (by span)."""
    optional = {(e.start, e.end) for d in (doc, other) for e in d.entities if e.optional}
    keep = lambda d: replace(d, entities=tuple(e for e in d.entities  # noqa: E731
                                               if (e.start, e.end) not in optional))
    return keep(doc), keep(other)


def _kappa(docs_a: list[Document], docs_b: list[Document]) -> float | None:
    from sklearn.metrics import cohen_kappa_score

    from benchmark.core.iob import encode, outermost
    from benchmark.core.tokenize import tokenize

    labels_a: list[str] = []
    labels_b: list[str] = []
    for a, b in zip(docs_a, docs_b):
        bounds = {x for d in (a, b) for e in d.entities for x in (e.start, e.end)}
        tokens = tokenize(a.text, bounds)
        for doc, into in ((a, labels_a), (b, labels_b)):
            spans = outermost([(e.start, e.end, e.type) for e in doc.entities])
            into += encode(tokens, spans)
    if not labels_a:
        return None
    if len(set(labels_a) | set(labels_b)) == 1:
        return 1.0
    return float(cohen_kappa_score(labels_a, labels_b))


def _figures(docs_a: list[Document], docs_b: list[Document]) -> Figures:
    from benchmark.scoring.engine import score

    ra, rb = [raw(d) for d in docs_a], [raw(d) for d in docs_b]
    res = score(ra, [gold_as_prediction(d, optional=True) for d in rb], bootstrap=0,
                views=("fine",), keep_units=False)
    req = [_required_only(a, b) for a, b in zip(docs_a, docs_b)]
    res_req = score([raw(a) for a, _ in req],
                    [gold_as_prediction(raw(b), optional=True) for _, b in req],
                    tasks=("ner",), bootstrap=0, views=("fine",), keep_units=False)
    values: dict[str, float | None] = {k: None for k, _, _ in FIGURES}
    n_ent = sum(len(d.entities) for d in ra + rb)
    n_tim = sum(len(d.timexes) for d in ra + rb)
    n_att = sum(len(d.attributions) for d in ra + rb)
    if n_ent:
        values["entity_f1"] = res.ner["fine"].overall.modes[0].f1 if res.ner else 0.0
        values["entity_f1_required"] = (res_req.ner["fine"].overall.modes[0].f1
                                        if res_req.ner else 0.0)
        values["kappa"] = _kappa(ra, rb)
    if n_tim:
        t = res.timex
        values["timex_extent_f1"] = t.strict_prf.f1 if t else 0.0
        values["timex_relaxed_f1"] = t.relaxed_prf.f1 if t else 0.0
        values["timex_value"] = t.value_accuracy if t and t.relaxed else None
    if n_att:
        a = res.attribution
        if a is None:
            values.update(cue_f1=0.0, source_overlap=0.0, content_overlap=0.0)
        else:
            j = a.to_json()
            values["cue_f1"] = j["cue"]["exact"]["f1"]
            values["source_overlap"] = j["source"]["overlap"]["f1"]
            values["content_overlap"] = j["content"]["overlap"]["f1"]
    sizes = {layer: (sum(len(getattr(d, layer)) for d in ra), sum(len(getattr(d, layer)) for d in rb))
             for layer in ("entities", "timexes", "attributions")}
    return Figures(values, sizes)


def agreement(gold_a: GoldSet, gold_b: GoldSet, *, label_a: str = "A",
              label_b: str = "B") -> Agreement:
    """Agreement of two annotations of the same documents (matched by ``doc_id``)."""
    ids_a = {d.doc_id for d in gold_a}
    ids_b = {d.doc_id for d in gold_b}
    common = sorted(ids_a & ids_b)
    for doc_id in common:
        if gold_a.get(doc_id).text != gold_b.get(doc_id).text:
            raise ValueError(f"{doc_id}: the two annotations are of different texts")
    pairs = [(gold_a.get(i), gold_b.get(i)) for i in common]
    per_doc = {i: _figures([a], [b]) for i, (a, b) in zip(common, pairs)}
    total = _figures([a for a, _ in pairs], [b for _, b in pairs]) if pairs else Figures({}, {})
    return Agreement(per_doc, total, tuple(sorted(ids_a - ids_b)), tuple(sorted(ids_b - ids_a)),
                     label_a, label_b)


def _fmt(v: float | None) -> str:
    return "—" if v is None else f"{v:.3f}"


def markdown(result: Agreement, *, title: str = "Inter-annotator agreement",
             preamble: str = "") -> str:
    """The agreement report as Markdown (what ``gold/AGREEMENT.md`` holds)."""
    lines = [f"# {title}", ""]
    if preamble:
        lines += [preamble.strip(), ""]
    lines += [f"Annotations compared: `{result.label_a}` (reference) and `{result.label_b}`; "
              f"{len(result.per_document)} document(s). Computed by `khabar agreement` on the "
              "raw annotations (optional flags and alternatives dropped).", ""]
    head = "| | " + " | ".join(label for _, label, _ in FIGURES) + " |"
    lines += ["## Corpus totals (micro-averaged over all documents)", "", head,
              "|" + "---|" * (len(FIGURES) + 1)]
    lines.append("| **all** | " + " | ".join(_fmt(result.total.values.get(k))
                                              for k, _, _ in FIGURES) + " |")
    lines.append("| target | " + " | ".join("—" if t is None else f"≥ {t:.2f}"
                                             for _, _, t in FIGURES) + " |")
    lines += ["", "## Per document", "", "| document | " + " | ".join(
        label for _, label, _ in FIGURES) + " | entities A/B | timexes A/B | attributions A/B |",
        "|" + "---|" * (len(FIGURES) + 4)]
    for doc_id, fig in result.per_document.items():
        sizes = [f"{fig.sizes[k][0]}/{fig.sizes[k][1]}" for k in ("entities", "timexes",
                                                                  "attributions")]
        lines.append(f"| `{doc_id}` | " + " | ".join(_fmt(fig.values.get(k)) for k, _, _ in FIGURES)
                     + " | " + " | ".join(sizes) + " |")
    if result.only_a or result.only_b:
        lines += ["", f"Only in {result.label_a}: {', '.join(result.only_a) or 'none'}; "
                      f"only in {result.label_b}: {', '.join(result.only_b) or 'none'}."]
    below = result.below_target()
    lines += ["", "Below target: " + ("; ".join(below) if below else "none") + "."]
    return "\n".join(lines) + "\n"


def to_json(result: Agreement) -> dict:
    def fig(f: Figures) -> dict:
        return {"values": f.values, "sizes": {k: list(v) for k, v in f.sizes.items()}}
    return {"a": result.label_a, "b": result.label_b, "total": fig(result.total),
            "per_document": {k: fig(v) for k, v in result.per_document.items()},
            "only_a": list(result.only_a), "only_b": list(result.only_b)}
