"""``score(gold, predictions) -> Results``: the one entry point of the scorer.

Each task is scored per document into additive counts (per type, per document
and, for resampling, per sentence unit); every figure in the results is derived
from summed counts. Nothing is printed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from benchmark import __version__
from benchmark.core.documents import Document
from benchmark.gold.loader import GoldSet, gold_hash
from benchmark.predict.predictions import (INVALID_LABEL, PREDICTED_ENTITY_TYPES, Prediction,
                                    predictions_by_id)
from benchmark.scoring.results import (TASK_LAYERS, TASKS, NerView, Results, Signature,
                               coarse_headline, system_label)
from benchmark.scoring import attribution as attr_scoring
from benchmark.scoring import ner as ner_scoring
from benchmark.scoring import timex as timex_scoring
from benchmark.scoring.attribution import AttributionCounts
from benchmark.scoring.match import MODES
from benchmark.scoring.ner import TOKEN_SCHEMES, NerCounts
from benchmark.scoring.timex import TimexCounts
from benchmark.core.tokenize import canonical_sentences
from benchmark.core.gcpause import paused_gc
from benchmark.scoring.pairings import DocumentPairing
from benchmark.scoring.settings import DEFAULTS, RESAMPLE_UNITS, ScoreSettings

#: Resample whole documents when the scored gold has at least this many.
DOCUMENT_UNITS_FROM = 20


def resampling_unit(n_documents: int, unit: str = "auto") -> str:
    """``documents`` or ``sentences``: what the bootstrap and the paired tests resample.

    The rule (``unit="auto"``): documents when there are at least
    :data:`DOCUMENT_UNITS_FROM` of them, sentences otherwise. Resampling whole
    documents keeps the correlation between the mentions of one story (its
    entities recur, its errors cluster), as the cluster bootstrap of Koehn (2004)
    and Dror et al. (2018) recommend; with fewer documents there are too few
    clusters for a percentile interval, so sentences are used instead.
    """
    if unit not in RESAMPLE_UNITS:
        raise ValueError(f"unknown resampling unit {unit!r}; expected one of {', '.join(RESAMPLE_UNITS)}")
    if unit != "auto":
        return unit
    return "documents" if n_documents >= DOCUMENT_UNITS_FROM else "sentences"


def _gold_info(gold: GoldSet | Sequence[Document]) -> tuple[tuple[Document, ...], str, str, str]:
    if isinstance(gold, GoldSet):
        return gold.documents, gold.gold_version, gold.sha256, gold.split
    docs = tuple(sorted(gold, key=lambda d: d.doc_id))
    versions = sorted({str(d.meta.get("gold_version", "unversioned")) for d in docs})
    splits = sorted({d.split for d in docs})
    return (docs, "+".join(versions) or "unversioned", gold_hash(list(docs)),
            splits[0] if len(splits) == 1 else "all")


def _as_predictions(gold: GoldSet | Sequence[Document],
                    predictions: Mapping[str, Prediction] | Iterable[Any],
                    norm: str) -> Mapping[str, Prediction] | Iterable[Prediction]:
    """Predictions as :class:`Prediction` objects: plain dict records are aligned
    (``norm``), validated strictly and parsed as a run would (a bad record raises
    :class:`~benchmark.predict.predictions.PredictionError` naming the record and field)."""
    if isinstance(predictions, Mapping):
        return predictions
    items = list(predictions)
    if not any(isinstance(p, Mapping) for p in items):
        return items
    from benchmark.predict.records import predictions_from_records

    return predictions_from_records(gold, items, norm=norm)


def attempted_tasks(predictions: Iterable[Prediction]) -> set[str]:
    """Tasks with a non-``None`` layer in at least one prediction."""
    out = set()
    for p in predictions:
        for task, layer in TASK_LAYERS.items():
            if p.layer(layer) is not None:
                out.add(task)
    return out


@paused_gc
def score(gold: GoldSet | Sequence[Document],
          predictions: Mapping[str, Prediction] | Iterable[Prediction | Mapping[str, Any]],
          settings: ScoreSettings | None = None, *,
          keep_units: bool | None = None, extractor: Mapping[str, Any] | None = None,
          pairings: dict[str, DocumentPairing] | None = None,
          **overrides: Any) -> Results:
    """Score ``predictions`` against ``gold`` under ``settings`` (default
    :data:`~benchmark.scoring.settings.DEFAULTS`; keyword ``overrides`` such as
    ``bootstrap=0`` or ``tasks=("ner",)`` change single settings).

    ``predictions`` are :class:`~benchmark.predict.predictions.Prediction` objects, or
    plain prediction records (dicts with ``doc_id`` and offsets, as an extractor
    returns them; read with :func:`~benchmark.predict.records.predictions_from_records`).
    A task is scored when it is in ``settings.tasks`` and the predictions attempt
    it (some document has the layer); a document without a prediction, or without
    the layer, counts as predicting nothing for an attempted task.
    ``settings.bootstrap`` resamples units that many times (0: none) with
    ``settings.seed``. ``keep_units`` keeps per-unit counts (default: when
    bootstrapping). ``clitic`` enables the proclitic boundary tolerance of NER;
    ``norm`` names the orthographic normalisation used to align string-given
    predictions (recorded in the signature; offsets given by the predictions are
    compared as they are). ``resample`` picks the resampling unit (see
    :func:`resampling_unit`). ``timex_values``: how TIMEX3 values are compared,
    ``exact`` (TE3's string equality) or ``canonical`` (after ``canonical_value``;
    in the signature). A task outside a document's ``layers`` is not scored on
    that document: its gold is absent and its predictions there are ignored,
    never spurious. ``pairings``, when given, receives per document the
    one-to-one pairings the counts came from (:class:`DocumentPairing`).
    """
    settings = (settings or DEFAULTS).but(**overrides).check()
    tasks, views, clitic, norm = settings.tasks, settings.views, settings.clitic, settings.norm
    bootstrap, seed, level = settings.bootstrap, settings.seed, settings.level
    resample, timex_values = settings.resample, settings.timex_values
    if "fine" not in views:
        views = ("fine", *views)
    predictions = _as_predictions(gold, predictions, norm)
    docs, gold_version, sha, split = _gold_info(gold)
    unit_kind = resampling_unit(len(docs), resample)
    preds = predictions_by_id(predictions)
    unknown = sorted(set(preds) - {d.doc_id for d in docs})
    if unknown:
        raise ValueError(f"predictions for documents not in the gold: {', '.join(unknown[:5])}")
    scored = tuple(t for t in TASKS if t in tasks and t in attempted_tasks(preds.values()))
    keep = bootstrap > 0 if keep_units is None else keep_units

    units: list[tuple[str, int, int]] = []
    ner_tally = {v: ner_scoring.NerTally() for v in views}
    timex_units: dict[int, TimexCounts] = {}
    attr_units: dict[int, AttributionCounts] = {}
    per_document: dict[str, dict[str, Any]] = {}
    invalid_items: dict[str, int] = {t: 0 for t in scored}
    for doc in docs:
        pred = preds.get(doc.doc_id) or Prediction(doc.doc_id)
        offset = len(units)
        starts: list[int] | None = None
        if keep:
            sents = (canonical_sentences(doc) if unit_kind == "sentences"
                     else [(0, len(doc.text))])
            units += [(doc.doc_id, s, e) for s, e in sents]
            starts = [s for s, _ in sents]
        doc_counts: dict[str, Any] = {}
        kept: dict[str, Any] | None = {} if pairings is not None else None
        if "ner" in scored and doc.has_layer("entities"):
            for view in views:
                tally = ner_scoring.score_document(doc, pred.entities or (), view=view,
                                                   clitic=clitic, unit_starts=starts,
                                                   unit_offset=offset,
                                                   token_tags=pred.token_tags,
                                                   keep=kept if view == "fine" else None)
                _unaligned_entities(tally, pred, view, offset if keep else None)
                if view == "fine":
                    doc_counts["ner"] = _collapse(tally)
                ner_tally[view].update(tally)
        if "timex" in scored and doc.has_layer("timexes"):
            rows = timex_scoring.score_document(doc, pred.timexes or (), unit_starts=starts,
                                                unit_offset=offset, value_match=timex_values,
                                                keep=kept)
            _unaligned_timexes(rows, pred, offset)
            doc_counts["timex"] = sum(rows.values(), TimexCounts())
            _merge(timex_units, rows)
        if "attribution" in scored and doc.has_layer("attributions"):
            rows2 = attr_scoring.score_document(doc, pred.attributions or (), unit_starts=starts,
                                                unit_offset=offset, keep=kept)
            _unaligned_attributions(rows2, pred, offset)
            doc_counts["attribution"] = sum(rows2.values(), AttributionCounts())
            _merge(attr_units, rows2)
        if keep and not units[offset:]:  # a document without text still is one unit
            units.append((doc.doc_id, 0, 0))
        per_document[doc.doc_id] = doc_counts
        if pairings is not None and kept is not None:
            pairings[doc.doc_id] = DocumentPairing(kept.get("strict"), kept.get("relaxed"),
                                                   kept.get("pairs"))
        for task, n in invalid_counts([pred], [t for t in scored
                                               if doc.has_layer(TASK_LAYERS[t])]).items():
            invalid_items[task] = invalid_items.get(task, 0) + n

    ner = None
    unit_counts: dict[str, list[Any]] = {}
    if "ner" in scored:
        ner = {view: _ner_view(tally) for view, tally in ner_tally.items()}
        if keep:
            fine = ner_tally["fine"]
            unit_counts["ner"] = [NerCounts.from_tallies(fine.by_unit, fine.token_by_unit, u)
                                  for u in range(len(units))]
            if "coarse" in ner_tally and coarse_headline(extractor):
                # the headline of an extractor with CoNLL labels: its own intervals
                coarse = ner_tally["coarse"]
                unit_counts["ner.coarse"] = [
                    NerCounts.from_tallies(coarse.by_unit, coarse.token_by_unit, u)
                    for u in range(len(units))]
    timex = attribution = None
    if "timex" in scored:
        timex = sum((timex_units[u] for u in sorted(timex_units)), TimexCounts())
        if keep:
            unit_counts["timex"] = [timex_units.get(u, TimexCounts()) for u in range(len(units))]
    if "attribution" in scored:
        # in unit order, so that the (float) overlap sums equal the sum of the per-unit
        # counts, as a merge of shards computes them (``khabar merge``)
        attribution = sum((attr_units[u] for u in sorted(attr_units)), AttributionCounts())
        if keep:
            unit_counts["attribution"] = [attr_units.get(u, AttributionCounts())
                                          for u in range(len(units))]
    signature = Signature.of(settings, version=__version__, gold=f"{gold_version}+{sha[:8]}",
                             tasks=scored, system=system_label(dict(extractor or {})),
                             split=split, unit=unit_kind)
    limit = gold.limit if isinstance(gold, GoldSet) else None
    if limit is not None:
        signature = replace(signature, limit=limit)
    results = Results(signature, gold_version, sha, len(docs), dict(extractor or {}), ner, timex,
                      attribution, per_document, tuple(units), unit_counts, split=split,
                      invalid_items=invalid_items, limit=limit,
                      unit_kind=unit_kind)
    if bootstrap > 0 and scored:
        from benchmark.scoring.resample import bootstrap_results

        results = bootstrap_results(results, samples=bootstrap, seed=seed, level=level)
    return results


# -- predictions given as strings that could not be aligned, and items that failed
# validation in a lenient run: spurious. They have no offsets, so they go to the
# document's first sentence unit.

def _dropped(pred: Prediction, layer: str) -> list[Any]:
    """The unaligned strings and spurious invalid items of one layer."""
    items: tuple[Any, ...] = (*pred.unaligned, *pred.invalid)
    return [item for item in items if item.layer == layer and getattr(item, "spurious", True)]


def _entity_label(kind: str | None, view: str) -> str | None:
    """The label a dropped entity is spurious under: its type in the view, or
    ``INVALID`` (in every view) when its type is no entity type."""
    if kind not in PREDICTED_ENTITY_TYPES:
        return INVALID_LABEL
    return ner_scoring.view_label(kind, view)


def invalid_counts(preds: Iterable[Prediction], tasks: Iterable[str]) -> dict[str, int]:
    """Per task, the items a run dropped: unaligned strings and invalid, unreadable
    or failed items (``invalid_items`` in the results)."""
    out: dict[str, int] = {}
    for task in tasks:
        layer = TASK_LAYERS[task]
        dropped: list[Any] = [item for p in preds for item in (*p.unaligned, *p.invalid)]
        out[task] = sum(1 for item in dropped if item.layer == layer)
    return out


def _unaligned_entities(tally: ner_scoring.NerTally, pred: Prediction, view: str,
                        unit: int | None) -> None:
    """Each unaligned or invalid entity is SPU in every mode (under its type) and a
    predicted chunk in the token view."""
    for item in _dropped(pred, "entities"):
        label = _entity_label(item.type, view)
        if label is None:
            continue
        for mode in MODES:
            tally.by_type[(mode, label, "spu")] += 1
            if unit is not None:
                tally.by_unit[(mode, unit, "spu")] += 1
        for scheme in TOKEN_SCHEMES:
            tally.token_by_type[(scheme, label, "pred")] += 1
            if unit is not None:
                tally.token_by_unit[(scheme, unit, "pred")] += 1


def _unaligned_timexes(rows: dict[int, TimexCounts], pred: Prediction, unit: int) -> None:
    """Each unaligned or invalid timex is a predicted timex that matches nothing."""
    n = len(_dropped(pred, "timexes"))
    if n:
        rows[unit] = rows.get(unit, TimexCounts()) + TimexCounts(pred=n)


def _unaligned_attributions(rows: dict[int, AttributionCounts], pred: Prediction,
                            unit: int) -> None:
    """Each unaligned or invalid attribution is a predicted relation (strict and
    relaxed) and a predicted span of each role it had, matching nothing."""
    from benchmark.scoring.attribution import ROLES
    from benchmark.scoring.counts import OverlapCounts, PRCounts

    for item in _dropped(pred, "attributions"):
        has = [(role if role != "source_entity" else "source") in item.roles for role in ROLES]
        extra = AttributionCounts(tuple(PRCounts(pred=int(h)) for h in has),
                                  tuple(OverlapCounts(pred=int(h)) for h in has),
                                  PRCounts(pred=1), PRCounts(pred=1), 0)
        rows[unit] = rows.get(unit, AttributionCounts()) + extra


def _merge(into: dict[int, Any], rows: Mapping[int, Any]) -> None:
    for u, c in rows.items():
        into[u] = into[u] + c if u in into else c


def _collapse(tally: ner_scoring.NerTally) -> NerCounts:
    """One document's overall NER counts (types summed)."""
    modes: Counter = Counter()
    for (mode, _type, outcome), n in tally.by_type.items():
        key = (mode, "", outcome)
        modes[key] = modes.get(key, 0) + n
    token: Counter = Counter()
    for (scheme, _type, kind), n in tally.token_by_type.items():
        key = (scheme, "", kind)
        token[key] = token.get(key, 0) + n
    return NerCounts.from_tallies(modes, token, "")


def _ner_view(tally: ner_scoring.NerTally) -> NerView:
    types = sorted({k[1] for k in tally.by_type} | {k[1] for k in tally.token_by_type})
    return NerView({t: NerCounts.from_tallies(tally.by_type, tally.token_by_type, t)
                    for t in types})

