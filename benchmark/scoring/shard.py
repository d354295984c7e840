"""Sharded scoring: ``khabar score --shard I/N`` on N machines, then ``khabar merge``.

The rule: the scored documents (after ``--split`` and ``--limit``) in ``doc_id``
order, dealt round-robin: shard ``I`` of ``N`` holds the documents at positions
``I-1, I-1+N, I-1+2N, …`` (1-based ``I``). Round-robin rather than contiguous
blocks, so that the shards get documents of every outlet and similar sizes.

A shard runs the extractor on its documents only and writes a results file
(schema 3) whose ``gold`` describes the *whole* selection (version, hash,
number of documents), with two more objects:

* ``shard`` — ``{"index": I, "count": N, "rule": "round-robin", "documents": k}``;
* ``counts`` — everything a merge needs, all additive: the resampling units of
  the shard's documents (``[doc_id, start, end]``) with each task's per-unit
  count vector, the NER counts per view and type, each document's counts, the
  dropped items per task, the tasks the extractor attempted, and the scoring
  settings (bootstrap samples, seed, level, …).

Its ``tasks`` show the shard's own scores; no bootstrap is run on a shard.
:func:`merge` checks that the files are the N shards of one run (same gold,
extractor, settings; every index once; disjoint documents), puts the units
back in ``doc_id`` order, sums the counts and rebuilds the results exactly as a
single run computes them, the bootstrap included (same units in the same order,
the same seed), so the merged JSON is byte-identical to the one-machine run's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from benchmark.gold.loader import GoldSet, gold_hash
from benchmark.predict.predictions import Prediction
from benchmark.scoring.results import (RESULTS_SCHEMA_VERSION, TASK_LAYERS, TASKS, NerView, Results,
                               Signature)

#: Version of the ``counts`` object of a shard results file.
COUNTS_FORMAT = 1
RULE = "round-robin"


class ShardError(ValueError):
    """Shard files that cannot be merged, or a bad ``--shard`` value."""


def parse_shard(text: str) -> tuple[int, int]:
    """``"I/N"`` → ``(I, N)`` with ``1 <= I <= N``."""
    head, sep, tail = text.partition("/")
    if not sep or not head.strip().isdigit() or not tail.strip().isdigit():
        raise ShardError(f"--shard takes I/N (e.g. 2/3), got {text!r}")
    index, count = int(head), int(tail)
    if not 1 <= index <= count:
        raise ShardError(f"--shard {text}: I must be between 1 and N")
    return index, count


def shard_gold(gold: GoldSet, index: int, count: int) -> GoldSet:
    """Shard ``index`` of ``count`` of ``gold`` (see the module rule)."""
    docs = sorted(gold.documents, key=lambda d: d.doc_id)[index - 1::count]
    if not docs:
        raise ShardError(f"shard {index}/{count} has no documents: the gold has "
                         f"{len(gold)} (use at most {len(gold)} shards)")
    return dataclasses.replace(gold, documents=tuple(docs), sha256=gold_hash(docs),
                               files=tuple(d.meta.get("file", "") for d in docs))


def forced_predictions(shard: GoldSet, predictions: Mapping[str, Prediction],
                       tasks: Sequence[str]) -> dict[str, Prediction]:
    """Every shard document's prediction with each requested task's layer present
    (``()`` where the extractor gave none), so that the shard tallies every
    requested task: whether the extractor attempted a task is decided over all
    shards, at the merge."""
    out = {}
    for doc in shard:
        pred = predictions.get(doc.doc_id) or Prediction(doc.doc_id)
        missing = {TASK_LAYERS[t]: () for t in tasks if pred.layer(TASK_LAYERS[t]) is None}
        out[doc.doc_id] = dataclasses.replace(pred, **missing) if missing else pred
    return out


def shard_data(results: Results, full: GoldSet, shard: GoldSet, index: int, count: int, *,
               requested: Sequence[str], attempted: Sequence[str], bootstrap: int,
               level: float = 0.95) -> dict[str, Any]:
    """The results file of one shard (a JSON object) from ``results``: the scores of
    the shard's documents (every requested task tallied, ``bootstrap=0``,
    resampling units chosen for the whole gold)."""
    shown = shard_view(results, full, index, count, attempted=attempted, bootstrap=bootstrap)
    sig = shown.signature
    data = shown.to_dict()
    data["shard"] = {"index": index, "count": count, "rule": RULE, "documents": len(shard)}
    settings = {k: v for k, v in dataclasses.asdict(sig).items() if k not in ("tasks", "shard")}
    data["counts"] = {
        "format": COUNTS_FORMAT,
        "settings": {**settings, "level": level},
        "requested": [t for t in TASKS if t in requested],
        "attempted": [t for t in TASKS if t in attempted],
        "documents": [d.doc_id for d in shard],
        "unit": results.unit_kind,
        "units": [list(u) for u in results.units],
        "unit_counts": {t: [list(c.vector()) for c in cs] for t, cs in results.unit_counts.items()},
        "ner_types": ({view: {t: list(c.vector()) for t, c in sorted(v.per_type.items())}
                       for view, v in results.ner.items()} if results.ner is not None else {}),
        "per_document": {d: {t: list(c.vector()) for t, c in counts.items()}
                         for d, counts in results.per_document.items()},
        "invalid_items": dict(results.invalid_items),
    }
    return data


def shard_view(results: Results, full: GoldSet, index: int, count: int, *,
               attempted: Sequence[str], bootstrap: int) -> Results:
    """The shard's own results as shown and written: the whole gold's version,
    hash and size, ``shard:I/N`` and the requested bootstrap in the signature
    (none is run on a shard), and only the tasks the extractor attempted."""
    sig = dataclasses.replace(results.signature, gold=full.label, bootstrap=bootstrap,
                              tasks=tuple(t for t in results.signature.tasks if t in attempted),
                              shard=f"{index}/{count}")
    return _only_tasks(dataclasses.replace(
        results, signature=sig, gold_version=full.gold_version, gold_sha256=full.sha256,
        documents=len(full)), attempted)


def _only_tasks(results: Results, tasks: Sequence[str]) -> Results:
    """``results`` with the tasks outside ``tasks`` taken out."""
    drop = {t for t in TASKS if t not in tasks}
    return dataclasses.replace(
        results,
        ner=None if "ner" in drop else results.ner,
        timex=None if "timex" in drop else results.timex,
        attribution=None if "attribution" in drop else results.attribution,
        per_document={d: {t: c for t, c in counts.items() if t not in drop}
                      for d, counts in results.per_document.items()},
        unit_counts={t: c for t, c in results.unit_counts.items()
                     if t.split(".")[0] not in drop},
        invalid_items={t: n for t, n in results.invalid_items.items() if t not in drop})


def _count_classes() -> dict[str, Any]:
    from benchmark.scoring.attribution import AttributionCounts
    from benchmark.scoring.ner import NerCounts
    from benchmark.scoring.timex import TimexCounts

    return {"ner": NerCounts, "timex": TimexCounts, "attribution": AttributionCounts}


def _check(files: Sequence[tuple[str, dict[str, Any]]]) -> int:
    """Every file is a shard of the same run and every index is there once; returns N."""
    if not files:
        raise ShardError("nothing to merge: give the shard results files")
    for name, data in files:
        if not isinstance(data, dict) or "shard" not in data or "counts" not in data:
            raise ShardError(f"{name}: not a shard results file (no \"shard\" and \"counts\"; "
                             "write them with khabar score --shard I/N --json FILE)")
        if data.get("schema_version") != RESULTS_SCHEMA_VERSION:
            raise ShardError(f"{name}: schema_version {data.get('schema_version')!r}; this "
                             f"khabar merges version {RESULTS_SCHEMA_VERSION}")
        if not isinstance(data["counts"], dict) or \
                data["counts"].get("format") != COUNTS_FORMAT:
            raise ShardError(f"{name}: counts format {data['counts'].get('format')!r}, "
                             f"expected {COUNTS_FORMAT}")
    first_name, first = files[0]
    count = first["shard"].get("count")
    same = (("gold", lambda d: d["gold"]), ("extractor", lambda d: d["extractor"]),
            ("shard count", lambda d: d["shard"].get("count")),
            ("settings", lambda d: d["counts"].get("settings")),
            ("requested tasks", lambda d: d["counts"].get("requested")),
            ("resampling unit", lambda d: d["counts"].get("unit")))
    for name, data in files[1:]:
        for what, get in same:
            if get(data) != get(first):
                raise ShardError(f"{name} and {first_name} are not shards of one run: "
                                 f"their {what} differ ({get(data)!r} ≠ {get(first)!r})")
    indices = sorted(d["shard"].get("index") for _, d in files)
    if not isinstance(count, int) or indices != list(range(1, count + 1)):
        raise ShardError(f"expected shards 1..{count} once each, got {indices}")
    seen: dict[str, str] = {}
    for name, data in files:
        for doc_id in data["counts"]["documents"]:
            if doc_id in seen:
                raise ShardError(f"document {doc_id!r} is in {seen[doc_id]} and in {name}")
            seen[doc_id] = name
    if len(seen) != first["gold"].get("documents"):
        raise ShardError(f"the shards hold {len(seen)} documents, the gold "
                         f"{first['gold'].get('documents')}")
    return count


def merge(files: Sequence[tuple[str, dict[str, Any]]]) -> Results:
    """The results of the whole run from its N shard files (``(name, data)`` pairs,
    in any order): counts summed, units in ``doc_id`` order, bootstrap redone."""
    _check(files)
    classes = _count_classes()
    first = files[0][1]
    counts0 = first["counts"]
    settings = dict(counts0["settings"])
    level = settings.pop("level")
    attempted = {t for _, d in files for t in d["counts"]["attempted"]}
    scored = tuple(t for t in TASKS if t in counts0["requested"] and t in attempted)
    # the per-unit count vectors to put back: every scored task's, and the coarse NER
    # view's when the shards resampled it (a coarse extractor's headline intervals)
    resampled = (*scored, *(("ner.coarse",) if "ner" in scored and all(
        "ner.coarse" in d["counts"]["unit_counts"] for _, d in files) else ()))

    # units and per-document counts, document by document in doc_id order
    by_doc: dict[str, tuple[list[tuple[str, int, int]], dict[str, list[list[float]]]]] = {}
    per_doc: dict[str, dict[str, Any]] = {}
    for _, data in files:
        c = data["counts"]
        for i, (doc_id, start, end) in enumerate(c["units"]):
            units, rows = by_doc.setdefault(doc_id, ([], {t: [] for t in resampled}))
            units.append((doc_id, start, end))
            for t in resampled:
                rows[t].append(c["unit_counts"][t][i])
        per_doc.update(c["per_document"])
    units: list[tuple[str, int, int]] = []
    unit_counts: dict[str, list[Any]] = {t: [] for t in resampled}
    per_document: dict[str, dict[str, Any]] = {}
    for doc_id in sorted(per_doc):
        doc_units, rows = by_doc.get(doc_id, ([], {}))
        units += doc_units
        for t in resampled:
            cls = classes[t.split(".")[0]]
            unit_counts[t] += [cls.from_vector(v) for v in rows.get(t, [])]
        per_document[doc_id] = {t: classes[t].from_vector(v)
                                for t, v in per_doc[doc_id].items() if t in scored}

    ner = timex = attribution = None
    if "ner" in scored:
        views: dict[str, dict[str, Any]] = {}
        for _, data in files:
            for view, types in data["counts"]["ner_types"].items():
                into = views.setdefault(view, {})
                for t, v in types.items():
                    c = classes["ner"].from_vector(v)
                    into[t] = into[t] + c if t in into else c
        ner = {view: NerView({t: types[t] for t in sorted(types)})
               for view, types in views.items()}
    if "timex" in scored:
        timex = sum(unit_counts["timex"], classes["timex"]())
    if "attribution" in scored:
        attribution = sum(unit_counts["attribution"], classes["attribution"]())
    invalid = {t: sum(d["counts"]["invalid_items"].get(t, 0) for _, d in files) for t in scored}
    settings["tasks"] = scored
    signature = Signature(**settings)
    gold = first["gold"]
    results = Results(signature=signature, gold_version=gold["gold_version"],
                      gold_sha256=gold["sha256"], documents=gold["documents"],
                      extractor=first["extractor"], ner=ner, timex=timex,
                      attribution=attribution, per_document=per_document, units=tuple(units),
                      unit_counts=unit_counts, split=gold.get("split", "all"),
                      unit_kind=counts0["unit"], invalid_items=invalid,
                      limit=gold.get("limit"))
    if signature.bootstrap > 0 and scored:
        from benchmark.scoring.resample import bootstrap_results

        results = bootstrap_results(results, samples=signature.bootstrap, seed=signature.seed,
                                    level=level)
    return results


class DocumentsOnly:
    """An extractor whose records for the gold documents in ``drop`` are left out:
    a predictions file covers every document, a shard scores some of them. Every
    other attribute (``describe``, ``stats``, ``progress``, …) is the wrapped
    extractor's."""

    def __init__(self, inner: Any, drop: set[str]):
        object.__setattr__(self, "_inner", inner)
        object.__setattr__(self, "_drop", drop)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._inner, name, value)

    def predict(self, documents: Any) -> Any:
        records = self._inner.predict(documents)
        if not isinstance(records, (list, dict, str, bytes)):
            records = list(records)
        if not isinstance(records, list):
            return records
        return [r for r in records if not (isinstance(r, dict) and r.get("doc_id") in self._drop)]


def score_shard(outcome: Any, full: GoldSet, shard: GoldSet, index: int, count: int, *,
                tasks: Sequence[str], bootstrap: int, seed: int, clitic: bool, norm: str,
                timex_values: str = "exact") -> tuple[Results, dict[str, Any]]:
    """Score a shard's run (a :class:`~benchmark.harness.run.RunOutcome`): its own results
    (to print) and its results file (:func:`shard_data`)."""
    from benchmark.scoring.engine import score
    from benchmark.scoring.engine import attempted_tasks, resampling_unit

    attempted = [t for t in tasks if t in attempted_tasks(outcome.predictions.values())]
    description = {**outcome.info.to_json(), "spec": outcome.spec}
    results = score(shard, forced_predictions(shard, outcome.predictions, tasks), tasks=tasks,
                    bootstrap=0, seed=seed, clitic=clitic, norm=norm, keep_units=True,
                    extractor=description, timex_values=timex_values,
                    resample=resampling_unit(len(full)))
    data = shard_data(results, full, shard, index, count, requested=tasks, attempted=attempted,
                      bootstrap=bootstrap)
    return shard_view(results, full, index, count, attempted=attempted,
                      bootstrap=bootstrap), data
