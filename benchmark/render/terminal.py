"""The comparison as rich tables (what ``khabar compare`` and ``leaderboard`` print).

Cells are rich markup; every string from the input that khabar did not write
(system names, failure reasons, type labels, titles) is escaped with
:func:`rich.markup.escape`, so one system's ``[/INST]`` can neither crash the
rendering nor lose the other systems' rows."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table

from benchmark.render.common import (COARSE_NOTE, INVALID_NOTE, NOT_ATTEMPTED, best_systems,
                                     delta_cell, has_coarse, has_invalid, headline_cell,
                                     invalid_cell, number, task_sections)
from benchmark.render.model import TYPE_COLUMNS, Report
from benchmark.scoring.attribution import ROLES
from benchmark.scoring.counts import SpanCounts
from benchmark.scoring.match import MODES
from benchmark.scoring.ner import TOKEN_SCHEMES
from benchmark.scoring.results import NerView, Results, coarse_headline


def overview_table(report: Report) -> Table:
    """Rows = systems; columns = headline metric per task (95% CI, units), best in
    bold, ``—`` for a task not attempted, deltas against the reference."""
    reference = report.reference
    title = report.title + (f"\n{report.ranking_note}" if report.ranking_note else "")
    table = Table(title=escape(title))
    table.add_column("system")
    for h in report.headline:
        table.add_column(h.label, justify="right")
    invalid = has_invalid(report.systems)
    if invalid:
        table.add_column("invalid items", justify="right")
    table.add_column("seconds", justify="right")
    table.add_column("status")
    best = {h.task: best_systems(report.systems, h.task) for h in report.headline}
    for system in report.systems:
        cells = [escape(system.name) + (" (reference)" if system.name == reference else "")]
        for h in report.headline:
            text = headline_cell(system.cell(h.task))
            if system.name in best[h.task] and text != NOT_ATTEMPTED:
                text = f"[bold]{text}[/bold]"
            delta = delta_cell(system.delta(h.task), system.cell(h.task))
            cells.append(text + (f"\n{delta}" if delta else ""))
        if invalid:
            cells.append(invalid_cell(system))
        cells.append(f"{system.seconds:.2f}")
        cells.append("[green]ok" if system.status == "ok"
                     else f"[red]failed: {escape(system.reason[:80])}"
                     if system.status == "failed"
                     else f"[yellow]{escape(system.status)}: {escape(system.reason[:80])}")
        table.add_row(*cells)
    notes = ([COARSE_NOTE] if has_coarse(report.systems) else []) \
        + ([INVALID_NOTE] if invalid else [])
    if notes:
        table.caption = escape("\n".join(notes))
    return table


def task_tables(report: Report) -> list[Table]:
    """One table per task with every metric, best value per column in bold."""
    tables = []
    for task, title, systems, columns in task_sections(report.systems):
        table = Table(title=title)
        table.add_column("system")
        table.add_column("metric")
        for c in columns:
            table.add_column(c, justify="right")
        best: dict[tuple[str, str], float] = {}
        for s in systems:
            for row in s.tables[task]:
                for c, score in row.values:
                    if c in ("precision", "recall", "f1", "value"):
                        key = (row.metric, c)
                        best[key] = max(best.get(key, float("-inf")), score)
        for s in systems:
            rows = s.tables[task]
            for i, row in enumerate(rows):
                cells = []
                for c in columns:
                    value = row.get(c)
                    text = number(value) if c in row.columns else ""
                    if (row.metric, c) in best and value == best[(row.metric, c)] \
                            and len(systems) > 1:
                        text = f"[bold]{text}[/bold]"
                    cells.append(text)
                table.add_row(escape(s.name) if i == 0 else "", escape(row.metric), *cells,
                              end_section=i == len(rows) - 1)
        tables.append(table)
    return tables


def per_type_tables(report: Report) -> list[Table]:
    """NER per fine type (strict): one table, a section per system."""
    systems = [s for s in report.systems if s.per_type]
    if not systems:
        return []
    table = Table(title="NER per fine type (strict; INC and MIS under the gold type)")
    for name in ("system", "type", *TYPE_COLUMNS):
        table.add_column(name, justify="left" if name in ("system", "type") else "right")
    for s in systems:
        for i, row in enumerate(s.per_type):
            table.add_row(escape(s.name) if i == 0 else "", escape(row.type),
                          *(number(v) for v in row.cells()),
                          end_section=i == len(s.per_type) - 1)
    return [table]


def confusion_tables(report: Report) -> list[Table]:
    """One confusion matrix per system: rows = gold type, columns = predicted type."""
    tables = []
    for s in report.systems:
        confusion = s.confusion
        if confusion is None:
            continue
        table = Table(title=f"{escape(s.name)}: NER type confusion (rows gold, columns "
                            "predicted)")
        table.add_column("gold \\ pred")
        for label in confusion.labels:
            table.add_column(escape(label), justify="right")
        for label, counts in zip(confusion.labels, confusion.matrix):
            table.add_row(escape(label), *(str(n) if n else "·" for n in counts))
        tables.append(table)
    return tables


def _span_row(label: str, c: SpanCounts, ci: str) -> tuple[str, ...]:
    """A span-mode row: P, R, F1 and the five SemEval counts."""
    return (label, f"{c.precision:.4f}", f"{c.recall:.4f}", f"{c.f1:.4f}",
            *(str(getattr(c, k)) for k in ("cor", "inc", "par", "mis", "spu")), ci)


def per_type_token_table(view: NerView) -> Table | None:
    """NER per fine type in the token view: conlleval and strict_iob2 P/R/F1 per
    type, from the fine NER view of a :class:`~benchmark.scoring.results.Results`
    (``results.ner["fine"]``); ``None`` when it has no types."""
    rows = sorted(view.per_type.items())
    if not rows:
        return None
    table = Table(title="NER per fine type, token view (conlleval | strict_iob2)")
    table.add_column("type")
    for scheme in TOKEN_SCHEMES:
        for metric in ("P", "R", "F1"):
            table.add_column(f"{scheme} {metric}", justify="right")
    for name, counts in rows:
        cells = []
        for i, _ in enumerate(TOKEN_SCHEMES):
            row = counts.token[i]
            cells += [number(row.precision), number(row.recall), number(row.f1)]
        table.add_row(escape(name), *cells)
    return table


def score_tables(results: Results) -> list[Table]:
    """Rich tables for a :class:`~benchmark.scoring.results.Results` (rendering
    only), read by attribute access: the counts of each task, their figures and
    the bootstrap intervals."""
    boot = results.bootstrap
    intervals = boot.intervals if boot is not None else {}

    def ci(key: str) -> str:
        if boot is None or key not in intervals:
            return ""
        lo, hi = intervals[key]
        return f"[{lo:.3f}, {hi:.3f}] n={boot.units} {boot.unit_kind}".rstrip()

    strict = MODES.index("strict")
    tables = []
    views = results.ner
    coarse = coarse_headline(results.extractor) and views is not None and "coarse" in views
    if coarse:
        assert views is not None
        # an extractor with CoNLL labels: the coarse view is its headline, shown first
        view = views["coarse"].overall
        t = Table(title="NER (coarse CoNLL types PER/ORG/LOC/MISC): the headline, since the "
                        "extractor predicts CoNLL classes")
        for col in ("mode", "P", "R", "F1", "COR", "INC", "PAR", "MIS", "SPU", "95% CI (F1)"):
            t.add_column(col, justify="left" if col in ("mode", "95% CI (F1)") else "right")
        for i, mode in enumerate(MODES):
            t.add_row(*_span_row(f"coarse {mode}" + (" (headline)" if mode == "strict" else ""),
                                 view.modes[i], ci(f"ner.coarse.{mode}.f1")))
        tables.append(t)
    if views is not None:
        fine = views["fine"]
        ner = fine.overall
        t = Table(title="NER (fine types)" + (" — not the headline: every LOC of a CoNLL model "
                                              "is a type error here" if coarse else ""))
        for col in ("mode", "P", "R", "F1", "COR", "INC", "PAR", "MIS", "SPU", "95% CI (F1)"):
            t.add_column(col, justify="left" if col in ("mode", "95% CI (F1)") else "right")
        for i, mode in enumerate(MODES):
            t.add_row(*_span_row(mode, ner.modes[i], ci(f"ner.{mode}.f1")))
        for i, scheme in enumerate(TOKEN_SCHEMES):
            row = ner.token[i]
            t.add_row(f"token {scheme}", f"{row.precision:.4f}", f"{row.recall:.4f}",
                      f"{row.f1:.4f}", str(row.tp), "", "", "", "",
                      ci(f"ner.token.{scheme}.f1"))
        macro = fine.macro()
        for mode in ("strict", "type"):
            m = macro[mode]
            t.add_row(f"macro {mode}", f"{m['precision']:.4f}", f"{m['recall']:.4f}",
                      f"{m['f1']:.4f}", "", "", "", "", "", "")
        if "coarse" in views:
            t.add_row(*_span_row("coarse strict", views["coarse"].overall.modes[strict], ""))
        tables.append(t)
        per = Table(title="NER per fine type (strict; INC and MIS under the gold type)")
        for col in ("type", "P", "R", "F1", "COR", "INC", "MIS", "SPU"):
            per.add_column(col, justify="left" if col == "type" else "right")
        for name, counts in sorted(fine.per_type.items()):
            by_type = counts.modes[strict]
            per.add_row(escape(name), f"{by_type.precision:.4f}", f"{by_type.recall:.4f}",
                        f"{by_type.f1:.4f}",
                        *(str(getattr(by_type, k)) for k in ("cor", "inc", "mis", "spu")))
        tables.append(per)
    tx = results.timex
    if tx is not None:
        t = Table(title="TIMEX3 (TempEval-3)")
        for col in ("metric", "P", "R", "F1", "95% CI (F1)"):
            t.add_column(col, justify="left" if col in ("metric", "95% CI (F1)") else "right")
        for mode, prf in (("strict", tx.strict_prf), ("relaxed", tx.relaxed_prf)):
            t.add_row(mode, f"{prf.precision:.4f}", f"{prf.recall:.4f}",
                      f"{prf.f1:.4f}", ci(f"timex.{mode}.f1"))
        for key in ("type_accuracy", "value_accuracy", "type_f1", "value_f1"):
            t.add_row(key, "", "", f"{getattr(tx, key):.4f}", ci(f"timex.{key}"))
        tables.append(t)
    at = results.attribution
    if at is not None:
        t = Table(title="Attribution")
        for col in ("item", "exact P", "exact R", "exact F1", "overlap P", "overlap R",
                    "overlap F1"):
            t.add_column(col, justify="left" if col == "item" else "right")
        for role in ("source", "source_entity", "cue", "content"):
            i = ROLES.index(role)
            e, o = at.exact[i], at.overlap[i]
            t.add_row(role, *(f"{x:.4f}" for x in (e.precision, e.recall, e.f1,
                                                   o.precision, o.recall, o.f1)))
        s, r = at.strict, at.relaxed
        t.add_row("relation (strict | relaxed)", *(f"{x:.4f}" for x in (
            s.precision, s.recall, s.f1, r.precision, r.recall, r.f1)))
        t.add_row("kind accuracy", "", "", "", "", "", f"{at.kind_accuracy:.4f}")
        tables.append(t)
    if views is not None and views["fine"].per_type:
        token_table = per_type_token_table(views["fine"])
        if token_table is not None:
            tables.append(token_table)
    return tables
