"""The CI regression gate: compare two results JSON files metric by metric.

Rules (the ``khabar check`` command is a thin wrapper over :func:`check`):

* **Inputs.** Both files must be khabar results JSON (``benchmark/scoring/results.py``)
  with this khabar's ``schema_version``, parsed strictly (no duplicate keys, no
  ``NaN``/``Infinity``); every leaf under ``tasks`` must be a finite number
  (a string, ``null``, a boolean or a list where a metric belongs is refused),
  and every task present must carry its headline metric as the results declare
  it (:func:`headline_metrics`: ``tasks.ner.strict.f1``, or
  ``tasks.ner.coarse.strict.f1`` for an extractor with ``label_set: coarse``;
  ``tasks.timex.value_f1``; ``tasks.attribution.relation.relaxed.f1``). A
  precision, recall, F1 or accuracy outside [0, 1] is refused, and so is the
  results file of a failed run (``status: failed`` or ``partial: true``: its
  scores cover only what came back), named "X is a failed run: <reason>".
  Anything else raises :class:`GateError` naming the file and the path.
* **Never pass on nothing.** Checking zero metrics is an error (a baseline
  with ``tasks: {}``), and so is a default metric of the baseline that the
  results lack for a task both scored (a deleted block): both raise
  :class:`GateError`. Per-type rows (``…per_type.X…``) are exempt: a type
  appears in the results only when it occurs in the gold or the predictions.
* **Comparability.** The NER label set the extractors declare
  (``extractor.label_set``, absent: the fine inventory) must be equal: a
  label-set change moves the NER headline to another view, so it raises
  :class:`GateError` (re-score the baseline). The gold (``gold.sha256`` and ``gold.gold_version``) and
  the metric settings must be equal: the signatures are compared field by field
  without ``sys:`` (the system under test) and ``bs:…,seed:…`` (which only move
  the intervals). A task's settings (``ner:…``, ``timex:…``, ``attr:…``) are
  compared when both files scored the task. A difference raises
  :class:`SignatureMismatch` listing every differing field.
* **Which metrics** (``metrics=``, :func:`select_metrics`). ``"all"`` (the
  library default, ``khabar check --all``): the *default metric set*, every
  numeric leaf under ``tasks`` whose key is ``precision``, ``recall``, ``f1``,
  ``value_f1`` or ends in ``accuracy``, present in *both* files (so counts
  such as ``cor`` or ``tp`` are not checked unless named). ``"headline"`` (the
  CLI default): the headline metric of each task the baseline scored. Or
  paths and glob patterns (``--metrics``): a pattern selects the default
  metrics it matches, a plain path any number. Metrics named in ``max_drop``
  or ``min`` are checked too.
  A task scored in the baseline but absent from the current results is one
  failing check named ``tasks.<task>``; a task new in the current results is
  not checked.
* **Drop.** ``drop = baseline − current``. A metric fails when the drop exceeds
  its allowance (``max_drop[path]``, else ``tolerance``); a drop equal to the
  allowance passes (``EPSILON`` absorbs float noise).
* **CI-aware** (``ci_aware=True``). A drop beyond the allowance fails only when
  it is also *outside the bootstrap CI*: the current value is below the
  baseline interval's low bound, or the baseline value is above the current
  interval's high bound (intervals from ``bootstrap.intervals``, key = the path
  without ``tasks.``). When neither file has an interval for the metric, the
  plain drop rule applies and the reason says so.
* **Floors.** ``min[path]``: the current value must be ``>= floor``, always
  (CI-aware or not); a missing current value fails.

The module returns data and never prints.
"""

from __future__ import annotations

import difflib
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from benchmark.scoring.results import NerView, Results

# DEFAULT_TOLERANCE, the absolute drop allowed when no per-metric ``max_drop`` is given,
# is written in benchmark.scoring.settings, which the CLI reads without loading the gate.
from benchmark.scoring.settings import DEFAULT_TOLERANCE

#: Metric leaf names checked by default (plus any key ending in ``accuracy``).
DEFAULT_LEAVES = frozenset({"precision", "recall", "f1", "value_f1"})
#: Float slack when comparing a drop with its allowance or a value with a floor.
EPSILON = 1e-9
#: Signature fields that never make two results incomparable.
IGNORED_SIGNATURE_FIELDS = frozenset({"sys", "bs"})
#: Signature fields that belong to one task (compared when both files scored it).
TASK_SIGNATURE_FIELDS = {"ner": "ner", "timex": "timex", "attr": "attribution"}
#: The headline metric of each task for a fine-label system (README: "Headline
#: metrics"); :func:`headline_metrics` gives the ones a results file declares.
HEADLINE_METRICS = {"ner": "tasks.ner.strict.f1", "timex": "tasks.timex.value_f1",
                    "attribution": "tasks.attribution.relation.relaxed.f1"}
#: The NER headline of a system declaring CoNLL's classes (``label_set: coarse``).
COARSE_NER_HEADLINE = "tasks.ner.coarse.strict.f1"
REQUIRED_KEYS = ("schema_version", "signature", "gold", "tasks")


def label_set(data: Mapping[str, Any]) -> str:
    """The NER label set a results dict's extractor declares (``fine`` when absent)."""
    return _label_set(data.get("extractor"))


def _label_set(extractor: Any) -> str:
    value = extractor.get("label_set") if isinstance(extractor, Mapping) else None
    return value if isinstance(value, str) and value else "fine"


def headline_metrics(data: Mapping[str, Any]) -> dict[str, str]:
    """``{task: headline path}`` as a results dict declares them: the coarse NER
    view for a coarse-label extractor (``benchmark.scoring.results.headline_path``),
    else :data:`HEADLINE_METRICS`."""
    return _headline_metrics(data.get("extractor"))


def _headline_metrics(extractor: Any) -> dict[str, str]:
    from benchmark.scoring.results import headline_path

    return {task: headline_path(task, extractor) for task in HEADLINE_METRICS}


class GateError(ValueError):
    """Invalid input to the gate: a file, an option or a metric path."""


class SignatureMismatch(GateError):
    """The two results were scored on different gold or with different settings."""

    def __init__(self, differences: list[tuple[str, str, str]]):
        self.differences = differences
        lines = [f"{name}: baseline {b!r} ≠ current {c!r}" for name, b, c in differences]
        super().__init__("results are not comparable (different gold or metric settings):\n  "
                         + "\n  ".join(lines))


class UnknownMetric(GateError):
    """A metric path that neither file has; ``suggestions`` are close matches."""

    def __init__(self, path: str, suggestions: list[str], option: str = ""):
        self.path = path
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        where = f"{option} " if option else ""
        super().__init__(f"unknown metric path {where}{path!r}{hint}")


@dataclass(frozen=True)
class ResultsFile:
    """One side of the gate: where it came from, the tasks it scored (in its
    order), every numeric leaf under ``tasks`` by path (:func:`metric_leaves`),
    the bootstrap intervals as stored, the extractor description, the gold
    identity and the signature. Built from a results file's checked dict
    (:func:`load_results`, :meth:`from_data`; ``data`` keeps the dict) or from
    a typed :class:`~benchmark.scoring.results.Results` by attribute access
    (:meth:`of`: ``khabar check --extractor``, never through ``to_dict``)."""

    path: Path
    tasks: tuple[str, ...]
    leaves: Mapping[str, float]
    intervals: Mapping[str, Any]
    extractor: Any
    gold: Mapping[str, Any]
    signature: str
    data: dict[str, Any] | None = None

    @classmethod
    def from_data(cls, path: Path, data: dict[str, Any]) -> ResultsFile:
        """A results file's dict (checked by :func:`load_results`)."""
        bootstrap = data.get("bootstrap")
        intervals = bootstrap.get("intervals") if isinstance(bootstrap, dict) else None
        return cls(path, tuple(data["tasks"]), metric_leaves(data["tasks"]),
                   intervals if isinstance(intervals, dict) else {}, data.get("extractor"),
                   data["gold"], data["signature"], data)

    @classmethod
    def of(cls, path: Path, results: Results) -> ResultsFile:
        """In-process results: the same leaves, intervals and identity as the
        results file ``results`` writes, read from its counts."""
        boot = results.bootstrap
        return cls(path, results.tasks, results_leaves(results),
                   dict(boot.intervals) if boot is not None else {}, results.extractor,
                   {"gold_version": results.gold_version, "sha256": results.gold_sha256},
                   str(results.signature))

    @property
    def label_set(self) -> str:
        return _label_set(self.extractor)

    @property
    def headline_metrics(self) -> dict[str, str]:
        return _headline_metrics(self.extractor)

    def interval(self, path: str) -> tuple[float, float] | None:
        """The bootstrap interval of ``tasks.X.Y`` (stored under ``X.Y``), if any."""
        value = self.intervals.get(path.removeprefix("tasks."))
        if (isinstance(value, (list, tuple)) and len(value) == 2
                and all(_is_number(v) for v in value)):
            return float(value[0]), float(value[1])
        return None


@dataclass(frozen=True)
class Check:
    """One checked metric. ``delta = current − baseline``; ``allowed_drop`` is the
    allowance that applied; ``floor`` the ``min`` for this metric (or None)."""

    metric: str
    baseline: float | None
    current: float | None
    delta: float | None
    allowed_drop: float
    floor: float | None
    baseline_ci: tuple[float, float] | None
    current_ci: tuple[float, float] | None
    passed: bool
    reason: str


@dataclass(frozen=True)
class GateReport:
    """Every check of one gate run, in metric order (missing tasks first)."""

    baseline: Path
    current: Path
    signature: str
    tolerance: float
    ci_aware: bool
    checks: tuple[Check, ...] = field(default_factory=tuple)
    #: what was selected: ``"all"``, ``"headline"`` or the ``--metrics`` patterns
    selection: str = "all"
    #: the headline metric paths of the baseline (:func:`headline_metrics`)
    headline: tuple[str, ...] = tuple(HEADLINE_METRICS.values())

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)

    @property
    def failures(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if not c.passed)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) \
        and math.isfinite(value)


def load_results(path: Path | str, role: str = "results", *,
                 allow_failed: bool = False) -> ResultsFile:
    """Read a results JSON file; :class:`GateError` names ``role`` and the file when
    it is missing, unreadable, not JSON, not a results file or another schema, or
    (unless ``allow_failed``: see :func:`failed_run`) the results of a failed run."""
    from benchmark.scoring.results import READABLE_RESULTS_VERSIONS, RESULTS_SCHEMA_VERSION

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GateError(f"{role} file not found: {path}") from None
    except IsADirectoryError:
        raise GateError(f"{role} {path} is a directory, expected a results JSON file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GateError(f"{role} {path}: cannot read: {exc}") from None
    from benchmark.core.jsonpos import StrictJsonError, strict_json_loads

    try:
        data = strict_json_loads(text)
    except json.JSONDecodeError as exc:
        raise GateError(f"{role} {path}: not valid JSON (line {exc.lineno}, column "
                        f"{exc.colno}: {exc.msg})") from None
    except StrictJsonError as exc:
        if "finite" in exc.expected:
            raise GateError(f"{role} {path}: {exc.path.removeprefix('$.')} is not a finite "
                            f"number (line {exc.line}: {exc.value})") from None
        raise GateError(f"{role} {path}: {exc}") from None
    if not isinstance(data, dict):
        raise GateError(f"{role} {path}: not a khabar results file "
                        f"(top level is {type(data).__name__}, expected an object)")
    missing = [k for k in REQUIRED_KEYS if k not in data]
    if missing:
        raise GateError(f"{role} {path}: not a khabar results file (missing "
                        f"{', '.join(repr(k) for k in missing)})")
    if data["schema_version"] not in READABLE_RESULTS_VERSIONS or \
            isinstance(data["schema_version"], bool):
        raise GateError(f"{role} {path}: schema_version {data['schema_version']!r}, this "
                        f"khabar reads {', '.join(map(str, READABLE_RESULTS_VERSIONS))} "
                        f"(writes {RESULTS_SCHEMA_VERSION}); re-score it with this version")
    for key, kind in (("signature", str), ("gold", dict), ("tasks", dict)):
        if not isinstance(data[key], kind):
            raise GateError(f"{role} {path}: field {key!r} must be a {kind.__name__}, got "
                            f"{type(data[key]).__name__}")
    failure = failed_run(data)
    if failure is not None and not allow_failed:
        raise GateError(f"{role} {path} is a failed run: {failure} (its scores cover only "
                        "what came back; fix the run and score it again)")
    bad = _non_finite(data["tasks"], "tasks")
    if bad:
        raise GateError(f"{role} {path}: {bad} is not a finite number")
    wrong = _not_a_number(data["tasks"], "tasks")
    if wrong:
        where, value = wrong
        raise GateError(f"{role} {path}: {where} is {_shown(value)}, expected a number "
                        "(a metric or a count)")
    outside = _out_of_range(data["tasks"], "tasks")
    if outside:
        where, value = outside
        raise GateError(f"{role} {path}: {where} is {value!r}, outside [0, 1] (a precision, "
                        "recall, F1 or accuracy; an edited or corrupt results file?)")
    headlines = headline_metrics(data)
    for task, node in data["tasks"].items():
        headline = headlines.get(task)
        if not isinstance(node, Mapping):
            raise GateError(f"{role} {path}: tasks.{task} is {_shown(node)}, expected the "
                            "task's metrics (an object)")
        if headline is not None and resolve(data, headline) is None:
            raise GateError(f"{role} {path}: task {task!r} has no headline metric "
                            f"{headline} (a truncated or edited results file?)")
    return ResultsFile.from_data(path, data)


def failed_run(data: Mapping[str, Any]) -> str | None:
    """The failure reason of a failed run's results dict (``status: failed`` or
    ``partial: true``; clipped), ``None`` for the results of a run that succeeded."""
    if data.get("status") != "failed" and data.get("partial") is not True:
        return None
    from benchmark.core.untrusted import clip

    failure = data.get("failure")
    reason = failure.get("reason") if isinstance(failure, Mapping) else None
    return clip(str(reason), 300) if reason else "no reason recorded"


def _shown(value: Any) -> str:
    from benchmark.core.untrusted import clip

    shown = clip(json.dumps(value, ensure_ascii=False), 60)
    return shown if value is None else f"{shown} (a {type(value).__name__})"


def _not_a_number(node: Any, path: str) -> tuple[str, Any] | None:
    """The first leaf under ``node`` that is not a number, with its value."""
    if isinstance(node, Mapping):
        for key, value in node.items():
            found = _not_a_number(value, f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(node, bool) or not isinstance(node, (int, float)):
        return path, node
    return None


def _out_of_range(node: Any, path: str) -> tuple[str, float] | None:
    """The first metric (:func:`is_default_metric`, or a ``…_f1`` leaf) under
    ``node`` outside [0, 1], with its value (None if none)."""
    if isinstance(node, Mapping):
        for key, value in node.items():
            found = _out_of_range(value, f"{path}.{key}")
            if found:
                return found
    elif _is_number(node) and (is_default_metric(path) or path.endswith("_f1")) \
            and not 0 <= node <= 1:
        return path, node
    return None


def _non_finite(node: Any, path: str) -> str | None:
    """The first path under ``node`` holding NaN or an infinity (None if none)."""
    if isinstance(node, Mapping):
        for key, value in node.items():
            found = _non_finite(value, f"{path}.{key}")
            if found:
                return found
    elif isinstance(node, float) and not math.isfinite(node):
        return path
    return None


def signature_fields(signature: str) -> dict[str, str]:
    """``a:1|b:x,y`` → ``{"a": "1", "b": "x,y"}`` (split at the first colon)."""
    fields: dict[str, str] = {}
    for part in signature.split("|"):
        name, _, value = part.partition(":")
        fields[name] = value
    return fields


def comparability(baseline: ResultsFile, current: ResultsFile) -> list[tuple[str, str, str]]:
    """The differing fields ``(name, baseline, current)`` that make two results
    incomparable (empty list: comparable). See the module rules."""
    return _differences(baseline.gold, baseline.signature, current.gold, current.signature)


def results_comparability(baseline: Results, current: Results) -> list[tuple[str, str, str]]:
    """:func:`comparability` of two :class:`~benchmark.scoring.results.Results` objects."""
    return _differences({"sha256": baseline.gold_sha256, "gold_version": baseline.gold_version},
                        str(baseline.signature),
                        {"sha256": current.gold_sha256, "gold_version": current.gold_version},
                        str(current.signature))


def _differences(bgold: Mapping[str, Any], bsignature: str, cgold: Mapping[str, Any],
                 csignature: str) -> list[tuple[str, str, str]]:
    diffs: list[tuple[str, str, str]] = []
    for key in ("sha256", "gold_version"):
        b, c = bgold.get(key), cgold.get(key)
        if b != c:
            diffs.append((f"gold.{key}", str(b), str(c)))
    bsig = signature_fields(bsignature)
    csig = signature_fields(csignature)
    for name in sorted(set(bsig) | set(csig)):
        if name in IGNORED_SIGNATURE_FIELDS:
            continue
        if name in TASK_SIGNATURE_FIELDS and (name not in bsig or name not in csig):
            continue                           # a task scored on one side only: checks decide
        b, c = bsig.get(name, "(absent)"), csig.get(name, "(absent)")
        if b != c:
            diffs.append((f"signature {name}", b, c))
    return diffs


def metric_leaves(tasks: Mapping[str, Any], prefix: str = "tasks") -> dict[str, float]:
    """Every numeric leaf under ``tasks`` as ``{"tasks.a.b": value}``."""
    out: dict[str, float] = {}

    def walk(node: Any, path: str) -> None:
        if isinstance(node, Mapping):
            for key, value in node.items():
                walk(value, f"{path}.{key}")
        elif _is_number(node):
            out[path] = float(node)

    walk(tasks, prefix)
    return out


def results_leaves(results: Results) -> dict[str, float]:
    """:func:`metric_leaves` of the results file ``results`` writes, read from its
    counts by attribute access (every metric and count under ``tasks``; equal to
    ``metric_leaves(results.to_dict()["tasks"])``, which a test checks)."""
    from benchmark.scoring.attribution import ROLES
    from benchmark.scoring.counts import OverlapCounts, PRCounts, SpanCounts
    from benchmark.scoring.match import MODES
    from benchmark.scoring.ner import TOKEN_SCHEMES, NerCounts

    out: dict[str, float] = {}

    def put(prefix: str, values: Mapping[str, Any]) -> None:
        for key, value in values.items():
            if _is_number(value):
                out[f"{prefix}.{key}"] = float(value)

    def counts(prefix: str, c: SpanCounts | PRCounts | OverlapCounts) -> None:
        put(prefix, {"precision": c.precision, "recall": c.recall, "f1": c.f1})
        if isinstance(c, OverlapCounts):
            put(prefix, {"pred": c.pred, "gold": c.gold})
        else:
            put(prefix, c.counts())

    def ner(prefix: str, c: NerCounts) -> None:
        for mode, span in zip(MODES, c.modes):
            counts(f"{prefix}.{mode}", span)
        for scheme, token in zip(TOKEN_SCHEMES, c.token):
            counts(f"{prefix}.token.{scheme}", token)

    def view(prefix: str, v: NerView) -> None:
        ner(prefix, v.overall)
        macro = v.macro()
        for mode in MODES:
            put(f"{prefix}.macro.{mode}", macro[mode])
        for scheme in TOKEN_SCHEMES:
            put(f"{prefix}.macro.token.{scheme}", macro["token"][scheme])
        for name, c in sorted(v.per_type.items()):
            ner(f"{prefix}.per_type.{name}", c)

    if results.ner is not None:
        view("tasks.ner", results.ner["fine"])
        if "coarse" in results.ner:
            view("tasks.ner.coarse", results.ner["coarse"])
    tx = results.timex
    if tx is not None:
        for mode, prf in (("strict", tx.strict_prf), ("relaxed", tx.relaxed_prf)):
            put(f"tasks.timex.{mode}", {"precision": prf.precision, "recall": prf.recall,
                                        "f1": prf.f1})
        put("tasks.timex", {"type_accuracy": tx.type_accuracy,
                            "value_accuracy": tx.value_accuracy, "value_f1": tx.value_f1,
                            "type_f1": tx.type_f1})
        put("tasks.timex.counts", tx.counts())
    at = results.attribution
    if at is not None:
        for i, role in enumerate(ROLES):
            counts(f"tasks.attribution.{role}.exact", at.exact[i])
            counts(f"tasks.attribution.{role}.overlap", at.overlap[i])
        counts("tasks.attribution.relation.strict", at.strict)
        counts("tasks.attribution.relation.relaxed", at.relaxed)
        put("tasks.attribution", {"kind_accuracy": at.kind_accuracy})
    for task in results.tasks:
        put(f"tasks.{task}", {"invalid_items": results.invalid_items.get(task, 0)})
    return out


def is_default_metric(path: str) -> bool:
    """True for a precision/recall/f1/value_f1/…accuracy leaf (the default set)."""
    leaf = path.rsplit(".", 1)[-1]
    return leaf in DEFAULT_LEAVES or leaf.endswith("accuracy")


def resolve(data: Mapping[str, Any], path: str) -> float | None:
    """The number at ``tasks.x.y`` in a results dict (None when absent or not a number)."""
    node: Any = data
    for key in path.split("."):
        if not isinstance(node, Mapping) or key not in node:
            return None
        node = node[key]
    return float(node) if _is_number(node) else None


def parse_assignments(items: Iterable[str], option: str) -> dict[str, float]:
    """``["tasks.ner.strict.f1=0.01", …]`` → ``{path: value}``; :class:`GateError`
    for a missing ``=``, a non-number, a negative value or a repeated path."""
    out: dict[str, float] = {}
    for item in items:
        path, sep, raw = item.partition("=")
        path = path.strip()
        if not sep or not path:
            raise GateError(f"{option} expects METRIC=VALUE, got {item!r}")
        try:
            value = float(raw)
        except ValueError:
            raise GateError(f"{option} {path}: {raw!r} is not a number") from None
        if not math.isfinite(value) or value < 0:
            raise GateError(f"{option} {path}: expected a number >= 0, got {raw!r}")
        if path in out:
            raise GateError(f"{option} {path} given twice")
        out[path] = value
    return out


def _validate_paths(named: Mapping[str, str], known: Iterable[str]) -> None:
    """Every named path must be a numeric leaf of at least one file."""
    known = sorted(set(known))
    for path, option in named.items():
        if path in known:
            continue
        raise UnknownMetric(path, difflib.get_close_matches(path, known, n=3, cutoff=0.6),
                            option)


def _fmt(value: float) -> str:
    return f"{value:.4f}"


def check(baseline: ResultsFile, current: ResultsFile, *,
          tolerance: float = DEFAULT_TOLERANCE, max_drop: Mapping[str, float] | None = None,
          minimum: Mapping[str, float] | None = None, ci_aware: bool = False,
          metrics: str | Iterable[str] = "all") -> GateReport:
    """Compare ``current`` against ``baseline`` under the module rules.

    ``metrics`` selects what is checked (:func:`select_metrics`): ``"all"``
    (the default metric set), ``"headline"`` (the headline metric of each task
    of the baseline) or paths and glob patterns. Raises
    :class:`SignatureMismatch` for incomparable results and
    :class:`UnknownMetric` for a ``max_drop``/``minimum``/``metrics`` path that
    neither file has (with close matches).
    """
    max_drop = dict(max_drop or {})
    minimum = dict(minimum or {})
    if not math.isfinite(tolerance) or tolerance < 0:
        raise GateError(f"--tolerance must be a number >= 0, got {tolerance}")
    base_labels, cur_labels = baseline.label_set, current.label_set
    if base_labels != cur_labels and "ner" in baseline.tasks and "ner" in current.tasks:
        raise GateError(f"the label set changed: the baseline {baseline.path} declares "
                        f"label_set {base_labels!r} (NER headline "
                        f"{baseline.headline_metrics['ner']}), the current results "
                        f"{current.path} {cur_labels!r} (NER headline "
                        f"{current.headline_metrics['ner']}); their NER scores are not "
                        "comparable: score the baseline again with the new label set")
    diffs = comparability(baseline, current)
    if diffs:
        raise SignatureMismatch(diffs)
    base_leaves, cur_leaves = baseline.leaves, current.leaves
    missing_tasks = [t for t in baseline.tasks if t not in current.tasks]
    named = {**{p: "--max-drop" for p in max_drop}, **{p: "--min" for p in minimum}}
    _validate_paths(named, set(base_leaves) | set(cur_leaves))

    lost = sorted(p for p in base_leaves if is_default_metric(p) and p not in cur_leaves
                  and p.split(".")[1] in current.tasks and ".per_type." not in p)
    if lost:
        raise GateError(f"the current results {current.path} lack {len(lost)} metric(s) of the "
                        f"baseline, e.g. {', '.join(lost[:3])} (a truncated or edited results "
                        "file, or results of another khabar version: re-score)")

    checks: list[Check] = []
    for task in missing_tasks:
        checks.append(Check(f"tasks.{task}", None, None, None, tolerance, None, None, None,
                            False, f"task {task!r} was scored in the baseline but is "
                                   f"missing from the current results"))
    paths = select_metrics(metrics, baseline, base_leaves, cur_leaves)
    paths |= set(named)
    for path in sorted(paths):
        if path.split(".")[1] in missing_tasks and path not in named:
            continue
        checks.append(_check_one(path, base_leaves.get(path), cur_leaves.get(path),
                                 max_drop.get(path, tolerance), minimum.get(path),
                                 baseline.interval(path), current.interval(path), ci_aware))
    if not checks:
        raise GateError(f"nothing to check: the baseline {baseline.path} has no metric under "
                        "tasks (checking zero metrics would pass on nothing)")
    selection = metrics if isinstance(metrics, str) else ",".join(metrics)
    return GateReport(baseline.path, current.path, current.signature, tolerance,
                      ci_aware, tuple(checks), selection,
                      tuple(baseline.headline_metrics.values()))


def select_metrics(metrics: str | Iterable[str], baseline: ResultsFile,
                   base_leaves: Mapping[str, float], cur_leaves: Mapping[str, float]
                   ) -> set[str]:
    """The metric paths ``metrics`` selects (module rules, "Which metrics").

    * ``"all"``: every default metric (:func:`is_default_metric`) in both files;
    * ``"headline"``: :func:`headline_metrics` of the tasks the baseline scored;
    * otherwise paths and glob patterns (:mod:`fnmatch`: ``*`` also matches
      dots). A pattern with a wildcard selects the default metrics in both
      files that it matches, and must match at least one; a plain path may
      name any number (a count too) of either file, as ``max_drop`` does.
      :class:`UnknownMetric` (with close matches) otherwise.
    """
    import fnmatch

    if metrics == "all":
        return {p for p in base_leaves if p in cur_leaves and is_default_metric(p)}
    if metrics == "headline":
        headlines = baseline.headline_metrics
        return {headlines[t] for t in baseline.tasks if t in headlines}
    if isinstance(metrics, str):
        raise GateError(f"metrics must be 'all', 'headline' or a list of paths, got {metrics!r}")
    known = set(base_leaves) | set(cur_leaves)
    both = sorted(p for p in base_leaves if p in cur_leaves and is_default_metric(p))
    chosen: set[str] = set()
    for pattern in metrics:
        if not any(ch in pattern for ch in "*?["):
            _validate_paths({pattern: "--metrics"}, known)
            chosen.add(pattern)
            continue
        matched = [p for p in both if fnmatch.fnmatchcase(p, pattern)]
        if not matched:
            raise UnknownMetric(pattern, difflib.get_close_matches(pattern, both, n=3,
                                                                   cutoff=0.6), "--metrics")
        chosen.update(matched)
    return chosen


def _check_one(path: str, base: float | None, cur: float | None, allowed: float,
               floor: float | None, base_ci: tuple[float, float] | None,
               cur_ci: tuple[float, float] | None, ci_aware: bool) -> Check:
    """Apply the drop, CI and floor rules to one metric."""
    problems: list[str] = []
    notes: list[str] = []
    delta = None if base is None or cur is None else cur - base
    if cur is None:
        problems.append("missing from the current results" if base is not None
                        else "not in the current results")
    elif base is None:
        notes.append("not in the baseline")
    elif delta is not None and -delta > allowed + EPSILON:
        drop = -delta
        if not ci_aware:
            problems.append(f"dropped {_fmt(drop)} (> allowed {_fmt(allowed)})")
        elif base_ci is None and cur_ci is None:
            problems.append(f"dropped {_fmt(drop)} (> allowed {_fmt(allowed)}; no bootstrap "
                            f"interval, so the plain drop rule applies)")
        else:
            below = base_ci is not None and cur < base_ci[0] - EPSILON
            above = cur_ci is not None and base > cur_ci[1] + EPSILON
            if below:
                problems.append(f"dropped {_fmt(drop)}, below the baseline CI low bound "
                                f"{_fmt(base_ci[0])}")   # type: ignore[index]
            elif above:
                problems.append(f"dropped {_fmt(drop)}: baseline {_fmt(base)} is above the "
                                f"current CI high bound {_fmt(cur_ci[1])}")  # type: ignore[index]
            else:
                notes.append(f"dropped {_fmt(drop)}, inside the bootstrap CI")
    if floor is not None and cur is not None and cur < floor - EPSILON:
        problems.append(f"{_fmt(cur)} is below the floor {_fmt(floor)}")
    if problems:
        return Check(path, base, cur, delta, allowed, floor, base_ci, cur_ci, False,
                     "; ".join(problems))
    return Check(path, base, cur, delta, allowed, floor, base_ci, cur_ci, True,
                 "; ".join(notes) or "ok")
