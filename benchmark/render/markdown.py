"""The leaderboard as Markdown (``reports/leaderboard.md``, GitHub step summaries).

Every string that did not come from khabar itself (system names, failure
reasons, signatures, metric and type names) is escaped with
:func:`~benchmark.render.common.md_code` or :func:`~benchmark.render.common.md_text`:
raw HTML in a failure reason is shown, never rendered."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from benchmark.render.common import (COARSE_NOTE, INVALID_NOTE, NOT_ATTEMPTED, best_systems,
                                     delta_cell, has_coarse, has_invalid, headline_cell,
                                     in_order_of, invalid_cell, md_code, md_text, number, ranked,
                                     task_sections)
from benchmark.render.model import TYPE_COLUMNS, Report, SystemRow


def _overview(report: Report, systems: Sequence[SystemRow], reference: str | None
              ) -> list[str]:
    """One overview table: headline metric per task with CI and units, best in bold."""
    invalid = has_invalid(systems)
    head = ["system"] + [h.label for h in report.headline] \
        + (["invalid items"] if invalid else []) + ["status"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    best = {h.task: best_systems(systems, h.task) for h in report.headline}
    for system in systems:
        cells = [md_code(system.name) + (" (reference)" if system.name == reference else "")]
        for h in report.headline:
            cell = headline_cell(system.cell(h.task))
            if system.name in best[h.task] and cell != NOT_ATTEMPTED:
                cell = f"**{cell}**"
            delta = delta_cell(system.delta(h.task), system.cell(h.task))
            cells.append(cell + (f" {delta}" if delta else ""))
        if invalid:
            cells.append(invalid_cell(system))
        status = "ok" if system.status == "ok" else \
            f"{md_text(system.status)}: {md_text(system.reason)}"
        cells.append(status)
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    if has_coarse(systems):
        lines += [COARSE_NOTE + ".", ""]
    if invalid:
        lines += [INVALID_NOTE + ".", ""]
    if reference:
        lines += [f"Deltas are against {md_code(reference, table=False)}, with the p-value of a paired "
                  "randomisation test over the resampling units (exact for ≤ 20 units).", ""]
    return lines


def render_markdown(report: Report) -> str:
    """Overview (headline metric per task with 95% CI and units, best in bold,
    deltas against the reference), then one table per task, then signatures.

    With ``report.ranked`` (``khabar leaderboard``) the systems are ranked
    (:func:`~benchmark.render.common.ranked`); otherwise they keep their order.
    The run's date and commit are not written: the text stays identical when the
    results do not change (they are in ``results/<system>.json``, ``run``)."""
    if report.ranked:
        order = ranked(report.systems, report.headline)
        report = replace(report, systems=order,
                         beside=tuple(replace(b, systems=in_order_of(b.systems, order))
                                      for b in report.beside))
    lines = [f"# {report.title}", "",
             f"Scored by khabar {report.tool_version} on gold `{report.gold.label}`, "
             f"{report.gold.documents} document(s)."
             + (" Systems are ranked by their first headline metric ("
                + ("NER coarse strict F1" if report.ner_view == "coarse"
                   else "NER strict F1")
                + ", else TIMEX3 value F1, else attribution relation F1), best first."
                if report.ranked else ""),
             "", "<!-- written by khabar: regenerate with `make leaderboard` -->", ""]
    reference = report.reference
    split = report.gold.split
    title = "## Overview" + (f" — {split} split (headline)" if split and split != "all" else "")
    lines += [title, ""]
    if report.ranking_note:      # NER ranked on the coarse view (mixed label sets)
        lines += [report.ranking_note + ".", ""]
    lines += _overview(report, report.systems, reference)
    for other in report.beside:
        lines += [f"## Beside: {other.split} split", "",
                  f"The same systems' predictions scored on the {other.split} split "
                  f"(gold `{other.gold.label}`, {other.gold.documents} document(s)).",
                  ""]
        lines += _overview(report, other.systems, other.reference)
    for task, title, systems, columns in task_sections(report.systems):
        lines += [f"## {title}", "", "| system | metric | " + " | ".join(columns) + " |",
                  "|" + "---|" * (len(columns) + 2)]
        for s in systems:
            for row in s.tables[task]:
                lines.append(f"| {md_code(s.name)} | {md_text(row.metric)} | "
                             + " | ".join(number(row.get(c)) if c in row.columns else ""
                                          for c in columns) + " |")
        lines.append("")
    typed = [s for s in report.systems if s.per_type]
    if typed:
        lines += ["## NER per fine type (strict)", "",
                  "| system | type | " + " | ".join(TYPE_COLUMNS) + " |",
                  "|" + "---|" * (len(TYPE_COLUMNS) + 2)]
        for s in typed:
            for type_row in s.per_type:
                lines.append(f"| {md_code(s.name)} | {md_text(type_row.type)} | "
                             + " | ".join(number(v) for v in type_row.cells()) + " |")
        lines.append("")
    for s in report.systems:
        confusion = s.confusion
        if confusion is None:
            continue
        labels = confusion.labels
        lines += [f"## {md_code(s.name, table=False)}: NER type confusion (rows gold, "
                  "columns predicted)",
                  "", "| gold \\ pred | " + " | ".join(md_text(x) for x in labels) + " |",
                  "|" + "---|" * (len(labels) + 1)]
        for label, counts in zip(labels, confusion.matrix):
            lines.append(f"| {md_text(label)} | " + " | ".join(str(n) for n in counts) + " |")
        lines.append("")
    lines += ["## Signatures", ""]
    lines += [f"- {md_code(s.name, table=False)}: {md_code(s.signature, table=False)}"
              for s in report.systems if s.signature]
    return "\n".join(lines).rstrip() + "\n"
