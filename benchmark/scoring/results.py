"""The results of one scoring run: dataclasses, the signature, and the JSON schema.

The JSON written by :meth:`Results.to_json` is described here, field by field::

    schema_version  int, RESULTS_SCHEMA_VERSION
    signature       str, sacrebleu-style: what was scored and how (see Signature)
    extractor       {...} free-form description of the system (name, options)
    gold            {"gold_version", "sha256", "documents": int, "split": "dev"|"test"|"all",
                     "limit": int (only with --limit N: the first N documents by doc_id)}
    tasks           only the tasks the extractor attempted:
      ner           {"strict"|"exact"|"partial"|"type": {precision, recall, f1,
                                                         cor, inc, par, mis, spu},
                     "macro": {mode: {precision, recall, f1}, "token": {...}},
                     "per_type": {TYPE: {mode: {...}, "token": {...}}},
                     "token": {"conlleval"|"strict_iob2": {precision, recall, f1,
                                                           tp, pred, gold}},
                     "coarse": {the same shape, CoNLL types}}
      timex         {"strict"|"relaxed": {precision, recall, f1}, "type_accuracy",
                     "value_accuracy", "value_f1", "type_f1", "counts": {...}}
      attribution   {"source"|"cue"|"content"|"source_entity":
                        {"exact": {precision, recall, f1, tp, pred, gold},
                         "overlap": {precision, recall, f1, pred, gold}},
                     "relation": {"strict"|"relaxed": {...}}, "kind_accuracy"}
      (each task)   "invalid_items": int, the predicted items the run dropped:
                     strings not found in the text and items that failed
                     validation (spurious), answers that could not be read
                     (nothing predicted); see docs/scoring-models.md
    per_document    {doc_id: {task: headline counts and scores of that document}}
    bootstrap       (when resampled) {"samples", "seed", "level", "units", "unit",
                     "intervals": {"task.metric": [low, high]}}

Numbers are plain ints and floats; keys are sorted, so the same input gives
byte-identical JSON.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from benchmark.scoring.attribution import ROLES, AttributionCounts
from benchmark.scoring.counts import OverlapCounts, PRCounts, SpanCounts, prf, ratio
from benchmark.scoring.match import MODES
from benchmark.scoring.ner import TOKEN_SCHEMES, NerCounts
from benchmark.scoring.settings import DEFAULTS, TASK_LAYERS, TASKS, ScoreSettings
from benchmark.scoring.timex import TimexCounts

#: Version of the results JSON.
#: History: 1 (khabar 0.1.0) — first schema: ner (fine + coarse, token view),
#: timex (TE3), attribution (roles, source_entity, relations), per_document, bootstrap.
#: 2 (khabar 0.2.0) — ``gold.split``, ``bootstrap.unit`` (documents or sentences) and
#: ``split:``/``unit:`` in the signature.
#: 3 (khabar 0.2.0, issue 16) — shard results (``khabar score --shard I/N``): a
#: ``shard`` object and a ``counts`` object with the additive per-unit, per-type and
#: per-document counts that ``khabar merge`` sums (see :mod:`benchmark.scoring.shard`), and
#: ``shard:I/N`` in their signature; other results files keep the version 2 fields.
RESULTS_SCHEMA_VERSION = 3
#: Results files this khabar reads (version 1 files lack ``gold.split``: read as ``all``).
READABLE_RESULTS_VERSIONS = (1, 2, 3)

__all__ = ["TASKS", "TASK_LAYERS", "Signature", "Results", "NerView", "Bootstrap"]


@dataclass(frozen=True, slots=True)
class Signature:
    """What a score depends on, printed beside it (sacrebleu-style). ``system`` is
    ``kind:name@version#hash`` of the extractor (the hash covers its whole
    description: parameters and prompt-template hash included). E.g.
    ``khabar:0.2.0|gold:2.0.0+4a9ae50b|split:test|ner:fine,clitic=no,norm=none|timex:te3|attr:v1|bs:1000,seed:12345,unit:doc``
    (``unit``: the resampling unit, ``doc`` or ``sen``). TIMEX3 values compared
    after canonicalisation show as ``timex:te3,values=canonical`` (TE3's exact
    comparison, the default, as ``timex:te3``).
    ``--limit N`` adds ``limit:N`` after the split, a shard ``shard:I/N`` after that.
    Only the scored tasks appear."""

    version: str
    gold: str
    tasks: tuple[str, ...]
    clitic: bool = False
    norm: str = "none"
    bootstrap: int = 0
    seed: int = DEFAULTS.seed
    system: str = ""
    split: str = "all"
    unit: str = "sentences"
    timex_values: str = "exact"
    #: ``--limit N``: only the first N documents were scored (``limit:N``).
    limit: int | None = None
    #: ``I/N`` for the results of one shard (``khabar score --shard I/N``), else "".
    shard: str = ""

    @classmethod
    def of(cls, settings: ScoreSettings, *, version: str, gold: str, tasks: tuple[str, ...],
           system: str = "", split: str = "all", unit: str = "sentences",
           limit: int | None = None) -> Signature:
        """The signature of a score made under ``settings`` (its clitic, norm,
        bootstrap, seed and TIMEX3 value settings) of the scored ``tasks``."""
        return cls(version, gold, tuple(tasks), settings.clitic, settings.norm,
                   settings.bootstrap, settings.seed, system, split, unit,
                   settings.timex_values, limit)

    @classmethod
    def parse(cls, text: str) -> Signature:
        """The signature a :meth:`__str__` text was written from; ``ValueError``
        naming the field for a text that is no signature."""
        parts: dict[str, str] = {}
        for part in text.split("|"):
            key, sep, value = part.partition(":")
            if not sep or key in parts:
                raise ValueError(f"signature {text!r}: field {part!r} is not KEY:VALUE "
                                 "or appears twice")
            parts[key] = value
        units = {"doc": "documents", "sen": "sentences"}
        try:
            count, seed, unit = parts.pop("bs").split(",")
            if not (seed.startswith("seed:") and unit.startswith("unit:")):
                raise ValueError("bs")
            version, gold, split = parts.pop("khabar"), parts.pop("gold"), parts.pop("split")
            tasks: list[str] = []
            clitic, norm, timex_values = False, "none", "exact"
            if "ner" in parts:
                tasks.append("ner")
                opts = dict(kv.split("=", 1) for kv in parts.pop("ner").split(",")[1:])
                clitic, norm = opts["clitic"] == "yes", opts["norm"]
            if "timex" in parts:
                tasks.append("timex")
                timex_values = parts.pop("timex").partition(",values=")[2] or "exact"
            if "attr" in parts:
                parts.pop("attr")
                tasks.append("attribution")
            limit = parts.pop("limit", None)
            signature = cls(version, gold, tuple(tasks), clitic, norm, int(count),
                            int(seed[5:]), parts.pop("sys", ""), split, units[unit[5:]],
                            timex_values, int(limit) if limit is not None else None,
                            parts.pop("shard", ""))
        except (KeyError, ValueError) as exc:
            raise ValueError(f"signature {text!r}: missing or malformed field {exc}") from None
        if parts:
            raise ValueError(f"signature {text!r}: unknown field(s) {', '.join(parts)}")
        return signature

    def __str__(self) -> str:
        parts = [f"khabar:{self.version}", f"gold:{self.gold}", f"split:{self.split}"]
        if self.limit is not None:
            parts.append(f"limit:{self.limit}")
        if self.shard:
            parts.append(f"shard:{self.shard}")
        if self.system:
            parts.append(f"sys:{self.system}")
        if "ner" in self.tasks:
            parts.append(f"ner:fine,clitic={'yes' if self.clitic else 'no'},norm={self.norm}")
        if "timex" in self.tasks:
            parts.append("timex:te3" if self.timex_values == "exact"
                         else f"timex:te3,values={self.timex_values}")
        if "attribution" in self.tasks:
            parts.append("attr:v1")
        parts.append(f"bs:{self.bootstrap},seed:{self.seed},unit:{self.unit[:3]}")
        return "|".join(parts)


#: The headline metric of each task (README: "Headline metrics").
HEADLINE_PATHS: dict[str, str] = {"ner": "tasks.ner.strict.f1",
                                  "timex": "tasks.timex.value_f1",
                                  "attribution": "tasks.attribution.relation.relaxed.f1"}
#: The NER headline of an extractor whose label set is CoNLL's four classes.
COARSE_NER_HEADLINE = "tasks.ner.coarse.strict.f1"


def coarse_headline(extractor: Any) -> bool:
    """Whether an extractor description declares CoNLL classes (``label_set: coarse``):
    its NER headline is then the coarse view."""
    return isinstance(extractor, dict) and extractor.get("label_set") == "coarse"


def headline_path(task: str, extractor: Any = None) -> str:
    """The headline metric path of ``task`` for an extractor description:
    ``tasks.ner.coarse.strict.f1`` for NER of a coarse extractor, else
    :data:`HEADLINE_PATHS`."""
    if task == "ner" and coarse_headline(extractor):
        return COARSE_NER_HEADLINE
    return HEADLINE_PATHS[task]


def system_label(extractor: dict[str, Any]) -> str:
    """``kind:name@version#<8 hex>`` for an extractor description ('' if unnamed).
    A ``|`` in the name or version (``hf:`` versions list transformers, torch and the
    model hash) is written as ``,``: ``|`` separates the signature's fields."""
    import hashlib

    if not extractor.get("name"):
        return ""
    digest = hashlib.sha256(json.dumps(extractor, ensure_ascii=False, sort_keys=True,
                                       default=str).encode()).hexdigest()[:8]
    kind = f"{extractor['kind']}:" if extractor.get("kind") else ""
    version = f"@{extractor['version']}" if extractor.get("version") else ""
    return f"{kind}{extractor['name']}{version}#{digest}".replace("|", ",")


def _macro(rows: list[tuple[float, float, float]]) -> dict[str, float]:
    """Unweighted means of per-type precision, recall and F1 (seqeval's macro)."""
    if not rows:
        return prf(0.0, 0.0, 0.0)
    n = len(rows)
    return prf(sum(r[0] for r in rows) / n, sum(r[1] for r in rows) / n,
               sum(r[2] for r in rows) / n)


@dataclass(frozen=True)
class NerView:
    """NER counts of one type view, per type; the overall row is their sum."""

    per_type: dict[str, NerCounts]

    @property
    def overall(self) -> NerCounts:
        return sum(self.per_type.values(), NerCounts())

    def macro(self) -> dict[str, Any]:
        """Per mode (and token scheme): the mean over the types present in gold or
        predictions of per-type P, R and F1."""
        out: dict[str, Any] = {}
        for i, mode in enumerate(MODES):
            rows = [(c.modes[i].precision, c.modes[i].recall, c.modes[i].f1)
                    for c in self.per_type.values() if c.modes[i].possible or c.modes[i].actual]
            out[mode] = _macro(rows)
        out["token"] = {}
        for i, scheme in enumerate(TOKEN_SCHEMES):
            rows = [(c.token[i].precision, c.token[i].recall, c.token[i].f1)
                    for c in self.per_type.values() if c.token[i].pred or c.token[i].gold]
            out["token"][scheme] = _macro(rows)
        return out

    def to_json(self) -> dict[str, Any]:
        out = self.overall.to_json()
        out["macro"] = self.macro()
        out["per_type"] = {t: c.to_json() for t, c in sorted(self.per_type.items())}
        return out


@dataclass(frozen=True)
class Bootstrap:
    """Percentile bootstrap intervals over ``units`` resampling units."""

    samples: int
    seed: int
    level: float
    units: int
    intervals: dict[str, tuple[float, float]]

    unit_kind: str = "sentences"

    def to_json(self) -> dict[str, Any]:
        return {"samples": self.samples, "seed": self.seed, "level": self.level,
                "units": self.units, "unit": self.unit_kind,
                "intervals": {k: [float(lo), float(hi)] for k, (lo, hi) in
                              sorted(self.intervals.items())}}


@dataclass(frozen=True)
class Results:
    """Everything one scoring run produced. ``unit_counts[task]`` lists additive
    counts per resampling unit (aligned with ``units``) for bootstrap and paired
    tests; it is kept in memory only."""

    signature: Signature
    gold_version: str
    gold_sha256: str
    documents: int
    extractor: dict[str, Any]
    ner: dict[str, NerView] | None = None
    timex: TimexCounts | None = None
    attribution: AttributionCounts | None = None
    per_document: dict[str, dict[str, Any]] = field(default_factory=dict)
    units: tuple[tuple[str, int, int], ...] = ()
    unit_counts: dict[str, list[Any]] = field(default_factory=dict)
    bootstrap: Bootstrap | None = None
    #: ``dev``, ``test`` or ``all``: the documents scored.
    split: str = "all"
    #: What the bootstrap resamples: ``documents`` or ``sentences``.
    unit_kind: str = "sentences"
    #: Per scored task, the predicted items the run dropped (unaligned strings;
    #: invalid, unreadable or failed items: :class:`benchmark.predict.predictions.Invalid`).
    invalid_items: dict[str, int] = field(default_factory=dict)
    #: ``--limit N`` (the first N documents in ``doc_id`` order), else ``None``.
    limit: int | None = None
    #: The ``schema_version`` written (a file read by :meth:`from_dict` keeps its own).
    schema_version: int = RESULTS_SCHEMA_VERSION
    #: Top-level keys outside the schema, kept as read and written back as they are
    #: (``run`` of a leaderboard file, ``status``/``partial``/``failure`` of a failed
    #: run, ``shard``/``counts`` of a shard file).
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Results:
        """The results a results JSON dict (:meth:`to_dict`, or a file of
        :data:`READABLE_RESULTS_VERSIONS`) describes; ``to_dict()`` of the value
        returned gives ``data`` back. Figures are rebuilt from the counts each
        metric carries; a version 1 file without ``gold.split`` reads as ``all``.
        ``ValueError`` names the first field that is missing or malformed."""
        try:
            return _from_dict(data)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"not a khabar results file: missing or malformed field {exc}"
                             ) from None

    def value(self, path: str) -> float | None:
        """A metric by its results-JSON path (``tasks.ner.strict.f1``,
        ``tasks.ner.coarse.strict.f1``, ``tasks.timex.value_f1``,
        ``tasks.attribution.relation.relaxed.f1``, any key of the counts'
        ``metrics()``), read from the counts; ``None`` when the task or view was
        not scored or the path names no metric."""
        task, _, rest = path.removeprefix("tasks.").partition(".")
        counts: Any
        if task == "ner":
            view = "fine"
            if rest.startswith("coarse."):
                view, rest = "coarse", rest.removeprefix("coarse.")
            if self.ner is None or view not in self.ner:
                return None
            counts = self.ner[view].overall
        elif task in ("timex", "attribution"):
            counts = self.task(task)
            if counts is None:
                return None
        else:
            return None
        return counts.metrics().get(rest)

    @property
    def tasks(self) -> tuple[str, ...]:
        return tuple(t for t in TASKS if self.task(t) is not None)

    def task(self, name: str) -> Any:
        return {"ner": self.ner, "timex": self.timex, "attribution": self.attribution}[name]

    def headline(self, task: str) -> Any:
        """The additive counts the bootstrap resamples for ``task`` (``ner.coarse``:
        the coarse NER view, resampled for a coarse extractor's headline)."""
        if task == "ner":
            assert self.ner is not None
            return self.ner["fine"].overall
        if task == "ner.coarse":
            assert self.ner is not None
            return self.ner["coarse"].overall
        return self.task(task)

    def to_dict(self, *, per_document: bool = True) -> dict[str, Any]:
        """The results JSON as a dict; ``per_document=False`` leaves the (large)
        per-document counts out, for a caller that only shows the totals."""
        tasks: dict[str, Any] = {}
        if self.ner is not None:
            ner = self.ner["fine"].to_json()
            if "coarse" in self.ner:
                ner["coarse"] = self.ner["coarse"].to_json()
            tasks["ner"] = ner
        if self.timex is not None:
            tasks["timex"] = self.timex.to_json()
        if self.attribution is not None:
            tasks["attribution"] = self.attribution.to_json()
        for task, node in tasks.items():
            node["invalid_items"] = self.invalid_items.get(task, 0)
        out: dict[str, Any] = {
            "schema_version": self.schema_version,
            "signature": str(self.signature),
            "extractor": self.extractor,
            "gold": {"gold_version": self.gold_version, "sha256": self.gold_sha256,
                     "documents": self.documents, "split": self.split,
                     **({"limit": self.limit} if self.limit is not None else {})},
            "tasks": tasks,
            "per_document": {d: {t: c.to_json() for t, c in counts.items()}
                             for d, counts in self.per_document.items()} if per_document else {},
        }
        if self.bootstrap is not None:
            out["bootstrap"] = self.bootstrap.to_json()
        for key, value in self.extra.items():
            out.setdefault(key, value)
        return out

    def to_json(self) -> str:
        """Canonical JSON text: sorted keys, two-space indent, trailing newline."""
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True, indent=2) + "\n"


# -- reading a results dict back (Results.from_dict) --------------------------------

def _solve(value: float, den: float) -> float:
    """A numerator ``x`` with ``ratio(x, den) == value`` exactly (the overlap sums
    are not in the JSON, only their ratios: the nearest floats are tried)."""
    x = value * den
    for _ in range(64):
        got = ratio(x, den)
        if got == value:
            return x
        x = math.nextafter(x, math.inf if got < value else -math.inf)
    raise ValueError(f"an overlap ratio {value!r} over {den!r} that no sum gives")


def _ner_counts(node: dict[str, Any]) -> NerCounts:
    return NerCounts(tuple(SpanCounts(*(node[m][k] for k in ("cor", "inc", "par", "mis", "spu")))
                           for m in MODES),
                     tuple(PRCounts(*(node["token"][t][k] for k in ("tp", "pred", "gold")))
                           for t in TOKEN_SCHEMES))


def _ner_view_of(node: dict[str, Any]) -> NerView:
    return NerView({t: _ner_counts(c) for t, c in node["per_type"].items()})


def _pr(node: dict[str, Any]) -> PRCounts:
    return PRCounts(node["tp"], node["pred"], node["gold"])


def _attribution_counts(node: dict[str, Any]) -> AttributionCounts:
    exact = tuple(_pr(node[role]["exact"]) for role in ROLES)
    overlap = []
    for role in ROLES:
        o = node[role]["overlap"]
        overlap.append(OverlapCounts(_solve(o["precision"], o["pred"]),
                                     _solve(o["recall"], o["gold"]), o["pred"], o["gold"]))
    relaxed = _pr(node["relation"]["relaxed"])
    kind_ok = round(node["kind_accuracy"] * relaxed.tp)
    return AttributionCounts(exact, tuple(overlap), _pr(node["relation"]["strict"]), relaxed,
                             kind_ok)


def _timex_counts(node: dict[str, Any]) -> TimexCounts:
    return TimexCounts(**node["counts"])


_READERS = {"ner": _ner_counts, "timex": _timex_counts, "attribution": _attribution_counts}
_SCHEMA_KEYS = {"schema_version", "signature", "extractor", "gold", "tasks", "per_document",
                "bootstrap"}


def _from_dict(data: dict[str, Any]) -> Results:
    version = data["schema_version"]
    if version not in READABLE_RESULTS_VERSIONS:
        raise ValueError(f"schema_version {version!r} (this khabar reads "
                         f"{', '.join(map(str, READABLE_RESULTS_VERSIONS))})")
    signature = Signature.parse(data["signature"])
    gold, tasks = data["gold"], data["tasks"]
    ner = None
    if "ner" in tasks:
        ner = {"fine": _ner_view_of(tasks["ner"])}
        if "coarse" in tasks["ner"]:
            ner["coarse"] = _ner_view_of(tasks["ner"]["coarse"])
    timex = _timex_counts(tasks["timex"]) if "timex" in tasks else None
    attribution = _attribution_counts(tasks["attribution"]) if "attribution" in tasks else None
    boot = None
    if "bootstrap" in data:
        b = data["bootstrap"]
        boot = Bootstrap(b["samples"], b["seed"], b["level"], b["units"],
                         {k: (lo, hi) for k, (lo, hi) in b["intervals"].items()},
                         b.get("unit", "sentences"))
    per_document = {doc: {task: _READERS[task](node) for task, node in counts.items()}
                    for doc, counts in data.get("per_document", {}).items()}
    results = Results(signature, gold["gold_version"], gold["sha256"], gold["documents"],
                      data["extractor"], ner, timex, attribution, per_document,
                      bootstrap=boot, split=gold.get("split", "all"),
                      unit_kind=boot.unit_kind if boot is not None else signature.unit,
                      invalid_items={t: node["invalid_items"] for t, node in tasks.items()
                                     if "invalid_items" in node},
                      limit=gold.get("limit"), schema_version=version,
                      extra={k: v for k, v in data.items() if k not in _SCHEMA_KEYS})
    return results
