"""Cell formatting shared by the renderers (terminal, Markdown, HTML)."""

from __future__ import annotations

from typing import Any

NOT_ATTEMPTED = "—"


def number(value: Any) -> str:
    """Scores with three decimals, counts as integers."""
    if isinstance(value, bool) or value is None:
        return NOT_ATTEMPTED
    if isinstance(value, int):
        return str(value)
    return f"{value:.3f}"


def headline_cell(cell: dict[str, Any] | None) -> str:
    """``0.934 [0.878, 1.000] n=12`` (or ``—`` for a task not attempted)."""
    if cell is None:
        return NOT_ATTEMPTED
    text = number(cell["value"])
    if cell.get("ci"):
        lo, hi = cell["ci"]
        text += f" [{lo:.3f}, {hi:.3f}]"
    if cell.get("units"):
        text += f" n={cell['units']}" + (f" {cell['unit']}" if cell.get("unit") else "")
    return text


def delta_cell(delta: dict[str, Any] | None) -> str:
    """``+0.120 (p=0.031)`` against the reference system."""
    if not delta:
        return ""
    text = f"{delta['delta']:+.3f}"
    if delta.get("p") is not None:
        text += f" (p={delta['p']:.3f})"
    return text


def best_systems(data: dict[str, Any], task: str) -> set[str]:
    """Names of the systems with the best headline value of ``task`` (ties included)."""
    values = {s["name"]: s["headline"][task]["value"] for s in data["systems"]
              if s["headline"].get(task)}
    if not values:
        return set()
    top = max(values.values())
    return {name for name, v in values.items() if v == top}


TASK_TITLES = {"ner": "NER (fine types)", "timex": "TIMEX3 (TempEval-3)",
               "attribution": "Attribution"}


def task_sections(data: dict[str, Any]
                  ) -> list[tuple[str, str, list[dict[str, Any]], list[str]]]:
    """Per task with tables: the task, its title, the systems that have it, and the
    union of their metric columns in first-seen order."""
    out = []
    for task, title in TASK_TITLES.items():
        systems = [s for s in data["systems"] if task in s.get("tables", {})]
        if not systems:
            continue
        columns: list[str] = []
        for s in systems:
            for row in s["tables"][task]:
                columns += [k for k in row if k != "metric" and k not in columns]
        out.append((task, title, systems, columns))
    return out
