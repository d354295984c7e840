"""Cell formatting shared by the renderers (terminal, Markdown, HTML), and the
escaping of untrusted text for Markdown.

Markdown rule (``leaderboard.md``, gate step summaries, ``robustness.md``):
text that khabar did not write itself — system names, file paths, metric paths
from a results file, failure reasons (which quote extractor output) — goes
through :func:`md_text` (HTML special characters as entities, Markdown
punctuation backslash-escaped, one line) or :func:`md_code` (an inline code
span whose fence is longer than any backtick run inside), so a ``<script>``,
an ``<img onerror=…>`` or a ``[link](…)`` in a reason is shown, never rendered.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Sequence
from typing import Any

from benchmark.render.model import Delta, HeadlineCell, HeadlineColumn, SystemRow

NOT_ATTEMPTED = "—"

_MD_PUNCT = re.compile(r"([\\`*_\[\]|~])")


def _one_line(text: str) -> str:
    return " ".join(str(text).splitlines())


def md_text(text: str) -> str:
    """Untrusted text as literal Markdown (also safe inside a table cell)."""
    return _MD_PUNCT.sub(r"\\\1", html.escape(_one_line(text), quote=False))


def md_code(text: str, *, table: bool = True) -> str:
    """Untrusted text as an inline code span; ``table``: escape ``|`` for a GFM table
    cell (GitHub unescapes it before the code span is parsed)."""
    text = _one_line(text)
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    if table:
        text = text.replace("|", "\\|")
    return f"{fence}{pad}{text}{pad}{fence}"


def number(value: Any) -> str:
    """Scores with three decimals, counts as integers."""
    if isinstance(value, bool) or value is None:
        return NOT_ATTEMPTED
    if isinstance(value, int):
        return str(value)
    return f"{value:.3f}"


#: How a headline taken from the coarse NER view is marked (see :data:`COARSE_NOTE`).
COARSE_MARK = "(coarse)"
COARSE_NOTE = ("(coarse): the system predicts CoNLL classes (PER/ORG/LOC/MISC), so its NER "
               "headline is the coarse view, tasks.ner.coarse.strict.f1")


def headline_cell(cell: HeadlineCell | None) -> str:
    """``0.934 [0.878, 1.000] n=12`` (or ``—`` for a task not attempted); a headline
    from the coarse NER view ends in ``(coarse)``."""
    if cell is None:
        return NOT_ATTEMPTED
    text = number(cell.value)
    if cell.ci:
        lo, hi = cell.ci
        text += f" [{lo:.3f}, {hi:.3f}]"
    if cell.units:
        text += f" n={cell.units}" + (f" {cell.unit}" if cell.unit else "")
    if cell.view == "coarse":
        text += f" {COARSE_MARK}"
    return text


def has_coarse(systems: Sequence[SystemRow]) -> bool:
    """Whether any system's headline comes from the coarse NER view."""
    return any((c := s.cell("ner")) is not None and c.view == "coarse" for s in systems)


#: The tasks in table order (an ``invalid_items`` cell lists them so).
_TASK_ORDER = ("ner", "timex", "attribution")
INVALID_NOTE = ("invalid items: the predicted items a run dropped and counted, per task "
                "(an unknown type, a bad value, a string not found in the text, an answer "
                "that holds no JSON; tasks.TASK.invalid_items), each listed in the samples")


def invalid_cell(system: SystemRow) -> str:
    """``ner 3, timex 1``: a system's dropped items per task (``0`` when none,
    ``—`` for a system without results)."""
    counts = system.invalid_items or {}
    parts = [f"{task} {counts[task]}" for task in _TASK_ORDER if counts.get(task)]
    return ", ".join(parts) if parts else ("0" if counts else NOT_ATTEMPTED)


def has_invalid(systems: Sequence[SystemRow]) -> bool:
    """Whether any system dropped items: only then do the overviews show the column,
    so reports of clean runs stay as they were."""
    return any(n for s in systems for n in (s.invalid_items or {}).values())


def delta_cell(delta: Delta | None, cell: HeadlineCell | None = None) -> str:
    """``+0.120 (p=0.031)`` against the reference system; ``(coarse)`` after it when
    the delta is on the coarse NER view but the system's own headline ``cell`` is
    not (a fine system against a coarse reference)."""
    if delta is None:
        return ""
    text = f"{delta.delta:+.3f}"
    if delta.p is not None:
        text += f" (p={delta.p:.3f})"
    if delta.coarse and (cell is None or cell.view != "coarse"):
        text += f" {COARSE_MARK}"
    return text


def best_systems(systems: Sequence[SystemRow], task: str) -> set[str]:
    """Names of the systems with the best headline value of ``task`` (ties included)."""
    values = {s.name: c.value for s in systems if (c := s.cell(task)) is not None}
    if not values:
        return set()
    top = max(values.values())
    return {name for name, v in values.items() if v == top}


TASK_TITLES = {"ner": "NER (fine types)", "timex": "TIMEX3 (TempEval-3)",
               "attribution": "Attribution"}


def task_sections(systems: Sequence[SystemRow]
                  ) -> list[tuple[str, str, list[SystemRow], list[str]]]:
    """Per task with tables: the task, its title, the systems that have it, and the
    union of their metric columns in first-seen order."""
    out = []
    for task, title in TASK_TITLES.items():
        having = [s for s in systems if task in s.tables]
        if not having:
            continue
        columns: list[str] = []
        for s in having:
            for row in s.tables[task]:
                columns += [k for k in row.columns if k not in columns]
        out.append((task, title, having, columns))
    return out


def _finite_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) \
        and math.isfinite(value)


def rank_key(system: SystemRow, headline: Sequence[HeadlineColumn]) -> float | None:
    """The value a system is ranked by: the headline metric of the first headline
    task (in ``headline`` order: NER, TIMEX3, attribution) that it has; ``None``
    for a failed system or one without any finite headline value."""
    if system.status == "failed":
        return None
    for h in headline:
        cell = system.cell(h.task)
        if cell is not None and _finite_number(cell.value):
            return float(cell.value)
    return None


def ranked(systems: Sequence[SystemRow], headline: Sequence[HeadlineColumn]
           ) -> tuple[SystemRow, ...]:
    """The systems best first (``docs/leaderboard.md``, "The ranking"): by
    :func:`rank_key`, higher first, ties by name; systems without a key (failed,
    or no headline value) last, in their input order."""
    keyed = [(rank_key(s, headline), i, s) for i, s in enumerate(systems)]
    scored = sorted(((k, i, s) for k, i, s in keyed if k is not None),
                    key=lambda k: (-k[0], k[2].name, k[1]))
    return tuple([s for _, _, s in scored] + [s for key, _, s in keyed if key is None])


def in_order_of(systems: Sequence[SystemRow], order: Sequence[SystemRow]
                ) -> tuple[SystemRow, ...]:
    """``systems`` (another split's rows) in the order of ``order`` by name; the
    ones ``order`` does not name keep their order at the end."""
    position = {s.name: i for i, s in enumerate(order)}
    return tuple(sorted(systems, key=lambda s: position.get(s.name, len(position))))
