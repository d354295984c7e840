"""``reports/robustness.md`` from a typed
:class:`~benchmark.render.model.RobustnessReport` (``khabar robustness`` prints it
and writes it; ``robustness.json`` is :meth:`RobustnessReport.to_json`)."""

from __future__ import annotations

from benchmark.render.common import COARSE_MARK, COARSE_NOTE, md_code, md_text
from benchmark.render.model import RobustnessCell, RobustnessReport


def _cell(cell: RobustnessCell | None, n: int) -> str:
    mean, drop = (cell.mean, cell.drop) if cell is not None else (None, None)
    if cell is None or mean is None or drop is None:
        return "failed"
    text = f"{mean:.3f} ({drop:+.3f}"
    if cell.ci is not None and n > 1:
        text += f", [{cell.ci[0]:+.3f}, {cell.ci[1]:+.3f}]"
    return text + ")"


def render_markdown(report: RobustnessReport) -> str:
    """Rows = system × task, columns = kinds (system names and failure reasons
    escaped for Markdown)."""
    kinds = report.kinds
    lines = ["# khabar-bench robustness", "",
             f"Gold `{report.gold}`; {report.n} variant(s) per kind, seeds "
             f"{report.seed}…{report.seed + report.n - 1}. A cell is the mean headline "
             "metric over the variants, its change from the original, and a 95% bootstrap "
             "interval of that change over the variants.", "",
             "<!-- written by khabar: regenerate with `khabar robustness` -->", "",
             "| system | task (headline) | original | " + " | ".join(kinds) + " |",
             "|" + "---|" * (len(kinds) + 3)]
    for row in report.rows:
        cells = [_cell(row.cell(kind), report.n) for kind in kinds]
        shown = (f"{row.path} {COARSE_MARK}" if row.path
                 else report.headline_path(row.task))
        lines.append(f"| {md_code(row.system)} | {shown} | "
                     f"{row.original:.3f} | " + " | ".join(cells) + " |")
    if any(row.path for row in report.rows):
        lines += ["", COARSE_NOTE + "."]
    lines += ["", "Perturbations:", ""]
    lines += [f"- `{kind}`: `{sig}`" for kind, sig in report.perturbations]
    if report.failures:
        lines += ["", "Failed runs:", ""]
        lines += [f"- {md_code(f.system, table=False)} on {md_text(f.kind)}: "
                  f"{md_text(f.reason)}" for f in report.failures]
    return "\n".join(lines) + "\n"
