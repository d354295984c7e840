"""The comparison as rich tables (what ``khabar compare`` and ``leaderboard`` print).

Cells are rich markup; every string from the input that khabar did not write
(system names, failure reasons, type labels, titles) is escaped with
:func:`rich.markup.escape`, so one system's ``[/INST]`` can neither crash the
rendering nor lose the other systems' rows."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from rich.table import Table

from benchmark.render.common import (COARSE_NOTE, INVALID_NOTE, NOT_ATTEMPTED, best_systems,
                                     delta_cell, has_coarse, has_invalid, headline_cell,
                                     invalid_cell, number, task_sections)



def overview_table(data: dict[str, Any]) -> Table:
    """Rows = systems; columns = headline metric per task (95% CI, units), best in
    bold, ``—`` for a task not attempted, deltas against the reference."""
    reference = data.get("reference")
    table = Table(title=escape(data["title"]))
    table.add_column("system")
    for h in data["headline"]:
        table.add_column(h["label"], justify="right")
    invalid = has_invalid(data["systems"])
    if invalid:
        table.add_column("invalid items", justify="right")
    table.add_column("seconds", justify="right")
    table.add_column("status")
    best = {h["task"]: best_systems(data, h["task"]) for h in data["headline"]}
    for system in data["systems"]:
        cells = [escape(system["name"]) + (" (reference)" if system["name"] == reference
                                           else "")]
        for h in data["headline"]:
            text = headline_cell(system["headline"].get(h["task"]))
            if system["name"] in best[h["task"]] and text != NOT_ATTEMPTED:
                text = f"[bold]{text}[/bold]"
            delta = delta_cell((system.get("deltas") or {}).get(h["task"]))
            cells.append(text + (f"\n{delta}" if delta else ""))
        if invalid:
            cells.append(invalid_cell(system))
        cells.append(f"{system.get('seconds', 0):.2f}")
        cells.append("[green]ok" if system["status"] == "ok"
                     else f"[red]failed: {escape(system['reason'][:80])}")
        table.add_row(*cells)
    notes = ([COARSE_NOTE] if has_coarse(data) else []) + ([INVALID_NOTE] if invalid else [])
    if notes:
        table.caption = escape("\n".join(notes))
    return table


def task_tables(data: dict[str, Any]) -> list[Table]:
    """One table per task with every metric, best value per column in bold."""
    tables = []
    for task, title, systems, columns in task_sections(data):
        table = Table(title=title)
        table.add_column("system")
        table.add_column("metric")
        for c in columns:
            table.add_column(c, justify="right")
        best: dict[tuple[str, str], float] = {}
        for s in systems:
            for row in s["tables"][task]:
                for c in columns:
                    if c in ("precision", "recall", "f1", "value") and c in row:
                        key = (row["metric"], c)
                        best[key] = max(best.get(key, float("-inf")), row[c])
        for s in systems:
            for i, row in enumerate(s["tables"][task]):
                cells = []
                for c in columns:
                    text = number(row[c]) if c in row else ""
                    if (row["metric"], c) in best and row.get(c) == best[(row["metric"], c)] \
                            and len(systems) > 1:
                        text = f"[bold]{text}[/bold]"
                    cells.append(text)
                table.add_row(escape(s["name"]) if i == 0 else "", escape(row["metric"]), *cells,
                              end_section=i == len(s["tables"][task]) - 1)
        tables.append(table)
    return tables


def per_type_tables(data: dict[str, Any]) -> list[Table]:
    """NER per fine type (strict): one table, a section per system."""
    systems = [s for s in data["systems"] if s.get("per_type")]
    if not systems:
        return []
    table = Table(title="NER per fine type (strict; INC and MIS under the gold type)")
    for name in ("system", "type", "precision", "recall", "f1", "cor", "inc", "mis", "spu"):
        table.add_column(name, justify="left" if name in ("system", "type") else "right")
    for s in systems:
        for i, row in enumerate(s["per_type"]):
            table.add_row(escape(s["name"]) if i == 0 else "", escape(row["type"]),
                          *(number(row[k]) for k in ("precision", "recall", "f1", "cor", "inc",
                                                     "mis", "spu")),
                          end_section=i == len(s["per_type"]) - 1)
    return [table]


def confusion_tables(data: dict[str, Any]) -> list[Table]:
    """One confusion matrix per system: rows = gold type, columns = predicted type."""
    tables = []
    for s in data["systems"]:
        confusion = s.get("confusion")
        if not confusion:
            continue
        table = Table(title=f"{escape(s['name'])}: NER type confusion (rows gold, columns "
                            "predicted)")
        table.add_column("gold \\ pred")
        for label in confusion["labels"]:
            table.add_column(escape(label), justify="right")
        for label, row in zip(confusion["labels"], confusion["matrix"]):
            table.add_row(escape(label), *(str(n) if n else "·" for n in row))
        tables.append(table)
    return tables


TOKEN_SCHEMES = ("conlleval", "strict_iob2")


def per_type_token_table(ner: dict[str, Any]) -> Table | None:
    """NER per fine type in the token view: conlleval and strict_iob2 P/R/F1 per
    type, from the ``tasks.ner`` part of a results JSON (``per_type[T]["token"]``);
    ``None`` when the results carry no per-type token figures."""
    rows = [(name, by["token"]) for name, by in sorted((ner.get("per_type") or {}).items())
            if isinstance(by, dict) and isinstance(by.get("token"), dict)]
    if not rows:
        return None
    table = Table(title="NER per fine type, token view (conlleval | strict_iob2)")
    table.add_column("type")
    for scheme in TOKEN_SCHEMES:
        for metric in ("P", "R", "F1"):
            table.add_column(f"{scheme} {metric}", justify="right")
    for name, token in rows:
        cells = []
        for scheme in TOKEN_SCHEMES:
            row = token.get(scheme) or {}
            cells += [number(row[k]) if k in row else "" for k in ("precision", "recall", "f1")]
        table.add_row(escape(name), *cells)
    return table
