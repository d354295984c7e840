"""``ScoreSettings``: every setting a score depends on, with its default written once.

The CLI's options, the library's :func:`benchmark.scoring.engine.score`, the
harness (:func:`benchmark.harness.evaluate`) and the signature printed beside
every number (:class:`benchmark.scoring.results.Signature`) all take their defaults
from :data:`DEFAULTS`; nothing else writes a seed, a bootstrap count or a
normalisation preset as a literal. This module imports nothing of khabar, so
the CLI can read the defaults without loading the scorer.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

#: The three tasks, in report order.
TASKS: tuple[str, ...] = ("ner", "timex", "attribution")
#: Gold layer of each task (``Document.layers``, the prediction record keys).
TASK_LAYERS = {"ner": "entities", "timex": "timexes", "attribution": "attributions"}
#: NER type views: the 21 fine types, the four CoNLL classes.
VIEWS: tuple[str, ...] = ("fine", "coarse")
#: What the bootstrap and the paired tests resample (see ``resampling_unit``).
RESAMPLE_UNITS: tuple[str, ...] = ("auto", "documents", "sentences")
#: Document selections of a gold set (``auto``: test when present, else all).
SPLITS: tuple[str, ...] = ("auto", "all", "dev", "test")
#: TIMEX3 value comparisons: TE3's string equality, or after ``canonical_value``.
VALUE_MATCHES: tuple[str, ...] = ("exact", "canonical")
#: The regression gate's absolute drop allowed when no per-metric ``max_drop`` is
#: given (:func:`benchmark.scoring.gate.check`; here so that ``khabar check``'s
#: ``--tolerance`` default is read without importing the gate).
DEFAULT_TOLERANCE = 0.005


@dataclass(frozen=True, slots=True)
class ScoreSettings:
    """How predictions are aligned and scored, and how intervals are drawn.

    ``tasks``: the tasks to score (a task is scored only if the predictions
    attempt it); ``views``: NER type views (``fine`` is always scored);
    ``clitic``: tolerate proclitics at NER span starts; ``norm``: the Arabic
    normalisation preset used to align string-given predictions;
    ``split``: which gold documents (``auto``: test if present, else all);
    ``bootstrap``: resamples for the percentile intervals (0: none), drawn from
    ``numpy.random.default_rng(seed)``, at confidence ``level``;
    ``resample``: the resampling unit (``auto``, ``documents``, ``sentences``);
    ``timex_values``: how TIMEX3 values are compared.
    """

    tasks: tuple[str, ...] = TASKS
    views: tuple[str, ...] = VIEWS
    clitic: bool = False
    norm: str = "standard"
    split: str = "auto"
    bootstrap: int = 1000
    seed: int = 12345
    level: float = 0.95
    resample: str = "auto"
    timex_values: str = "exact"

    def __post_init__(self) -> None:
        # lists from callers (a CLI's repeated option) become tuples: the settings hash
        object.__setattr__(self, "tasks", tuple(self.tasks))
        object.__setattr__(self, "views", tuple(self.views))

    def problems(self) -> list[str]:
        """What is wrong with these settings (empty when valid), one message each,
        naming the setting, the value and what is expected."""
        from benchmark.core.normalize import PRESETS

        out = [f"unknown task {t!r}; expected one of {', '.join(TASKS)}"
               for t in self.tasks if t not in TASKS]
        out += [f"unknown view {v!r}; expected one of {', '.join(VIEWS)}"
                for v in self.views if v not in VIEWS]
        if self.norm not in PRESETS:
            out.append(f"unknown norm preset {self.norm!r}; expected one of {', '.join(PRESETS)}")
        if self.split not in SPLITS:
            out.append(f"unknown split {self.split!r}; expected one of {', '.join(SPLITS)}")
        if self.bootstrap < 0:
            out.append(f"bootstrap must be 0 or more, got {self.bootstrap}")
        if not 0 < self.level < 1:
            out.append(f"level must be between 0 and 1, got {self.level}")
        if self.resample not in RESAMPLE_UNITS:
            out.append(f"unknown resampling unit {self.resample!r}; expected one of "
                       f"{', '.join(RESAMPLE_UNITS)}")
        if self.timex_values not in VALUE_MATCHES:
            out.append(f"unknown timex value comparison {self.timex_values!r}; expected one "
                       f"of {', '.join(VALUE_MATCHES)}")
        return out

    def check(self) -> ScoreSettings:
        """These settings, or ``ValueError`` with the first problem."""
        found = self.problems()
        if found:
            raise ValueError(found[0])
        return self

    def but(self, **changes: Any) -> ScoreSettings:
        """A copy with ``changes`` (setting names only; ``None`` values keep the
        current value). ``TypeError`` for a name that is no setting."""
        names = {f.name for f in fields(self)}
        unknown = sorted(set(changes) - names)
        if unknown:
            raise TypeError(f"unknown score setting(s) {', '.join(unknown)}; expected "
                            f"{', '.join(sorted(names))}")
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


#: The defaults: the one place a seed, a bootstrap count or a preset is written.
DEFAULTS = ScoreSettings()
