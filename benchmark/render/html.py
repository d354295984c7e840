"""The self-contained HTML leaderboard: tables, a bar chart and an error view.

:func:`render_html` takes a :class:`~benchmark.render.model.Report` (built by
:mod:`benchmark.publish.report` from results and the scorer's pairings) and
returns one HTML document with inline CSS and JS: no network, no CDN, no
external fonts. A task absent from a system's ``tables`` (or ``None`` in its
``headline``) was not attempted and shows as "—". The error view
(:class:`~benchmark.render.model.ErrorView`) holds per system, document and
layer the outcome rows: an entity ``{"start", "end", "text", "outcome",
"gold", "pred"}`` with outcome in ENTITY_OUTCOMES and gold/pred ``{"start",
"end", "type"} | None``; a timex the same with outcome in TIMEX_OUTCOMES and
gold/pred ``{"type", "value"} | None``; an attribution ``{"outcome", "gold",
"pred"}`` with outcome in ATTRIBUTION_OUTCOMES and gold/pred ``{"source",
"cue", "content", "kind"} | None``. A layer absent from a document's errors
was not attempted: it is neither counted nor drawn.

The page is a ranking (:func:`~benchmark.render.common.ranked`): systems are
ordered by the headline metric of the first headline task each has, higher
first, ties by name, failed systems last; the overview numbers them, and the
tables beside it, the chart, the task tables and the error view keep that
order. Deltas against the reference carry their p-values, as in the Markdown.
The error view collapses each system and document into a ``<details>`` whose
summary counts the outcomes per attempted layer; attribution contents mark
the words found in only one of gold and prediction (:func:`word_diff`).

Offsets are Python code points into the document text, half-open
``[start, end)``. Spans may nest or overlap: the text is cut at every span
boundary and each segment carries the classes of every span covering it, so
the text content of a document view is exactly the document text.

Safety: every string from the input (predicted strings are untrusted) goes
through :func:`html.escape` with ``quote=True``; no input is ever placed in a
``<script>``, a ``<style>``, a URL or an event-handler attribute. As a second
line of defence, a Content-Security-Policy ``<meta>`` allows only the one
inline script whose SHA-256 is computed here, so an injected script or
``on…=`` handler would not run even if escaping were bypassed.

The output is deterministic: the same input gives byte-identical HTML, and
neither the run's date nor its commit is shown, so the page does not change
when the results do not (they are in ``results/<system>.json``).
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from html import escape
from typing import Any

from benchmark.render.common import (COARSE_MARK, COARSE_NOTE, INVALID_NOTE, has_invalid,
                                     in_order_of, invalid_cell, rank_key, ranked)
from benchmark.render.model import (Delta, DocumentText, GoldInfo, HeadlineCell, Report,
                                    SystemRow)

ENTITY_OUTCOMES = ("correct", "missed", "spurious", "wrong_type", "boundary")
TIMEX_OUTCOMES = ("correct", "missed", "spurious", "wrong_value")
ATTRIBUTION_OUTCOMES = ("correct", "missed", "spurious", "partial")

OUTCOME_LABELS = {
    "correct": "correct",
    "missed": "missed (gold only)",
    "spurious": "spurious (prediction only)",
    "wrong_type": "wrong type",
    "boundary": "boundary",
    "wrong_value": "wrong value",
    "partial": "partial",
}

TASK_TITLES = {"ner": "NER", "timex": "TIMEX3", "attribution": "Attribution"}

DASH = "\u2014"

#: Colours of the headline metrics in the chart, by column index.
CHART_COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948")

CSS = """
:root { --fg:#1d232a; --muted:#5b6670; --line:#d5dbe1; --bg:#ffffff; --head:#f3f5f7;
  --correct:#c8ecd0; --missed:#ffd7a8; --spurious:#f9c0c0; --wrong_type:#d9c8f4;
  --boundary:#bfe0f7; --wrong_value:#d9c8f4; --partial:#fff0a8; }
* { box-sizing: border-box; }
body { font-family: system-ui, "Noto Sans", "Noto Naskh Arabic", "DejaVu Sans", sans-serif;
  color: var(--fg); background: var(--bg); margin: 0 auto; max-width: 1200px; padding: 1rem 1.5rem 3rem;
  line-height: 1.45; }
header { border-bottom: 2px solid var(--line); margin-bottom: 1rem; }
header h1 { margin: 0 0 .3rem; font-size: 1.6rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: .4rem 0 1rem;
  color: var(--muted); font-size: .9rem; }
dl.meta dt { font-weight: 600; } dl.meta dd { margin: 0; font-family: ui-monospace, monospace; }
h2 { font-size: 1.25rem; margin: 1.8rem 0 .5rem; } h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
table { border-collapse: collapse; margin: .4rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: .25rem .55rem; vertical-align: top; }
th { background: var(--head); text-align: left; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.best { font-weight: 700; }
.ci, .n { color: var(--muted); font-size: .8rem; }
.failed { color: #a4262c; } .reason { color: var(--muted); font-size: .85rem; }
table.sortable th.sort-ready { cursor: pointer; user-select: none; }
table.sortable th.sort-ready::after { content: " \\2195"; color: var(--muted); }
table.sortable th[aria-sort="ascending"]::after { content: " \\25B2"; color: var(--fg); }
table.sortable th[aria-sort="descending"]::after { content: " \\25BC"; color: var(--fg); }
svg.chart { max-width: 100%; height: auto; font-size: 11px; }
svg.chart .axis { stroke: #888; } svg.chart .grid { stroke: #e5e5e5; }
svg.chart .whisker { stroke: #222; stroke-width: 1.2; }
details { margin: .3rem 0; } summary { cursor: pointer; }
details.system-errors { border: 1px solid var(--line); border-radius: 6px; padding: .4rem .8rem; margin: .6rem 0; }
details.system-errors > summary { font-weight: 600; font-size: 1.05rem; }
details.doc > summary { font-family: ui-monospace, monospace; }
.legend { display: flex; flex-wrap: wrap; gap: .4rem 1rem; margin: .4rem 0 .8rem; font-size: .85rem; }
.legend span.swatch { display: inline-block; width: 1.1em; height: 1.1em; vertical-align: -.2em;
  border: 1px solid #999; margin-inline-end: .3rem; }
.doc-text { direction: rtl; unicode-bidi: embed; text-align: right; white-space: pre-wrap;
  font-size: 1.15rem; line-height: 2.1; border: 1px solid var(--line); border-radius: 4px;
  padding: .5rem .8rem; background: #fcfcfc; font-family: "Noto Naskh Arabic", "Noto Sans Arabic",
  "DejaVu Sans", serif; }
.seg { border-radius: 2px; }
.o-correct { background: var(--correct); } .o-boundary { background: var(--boundary); }
.o-missed { background: var(--missed); } .o-spurious { background: var(--spurious); }
.o-wrong_type { background: var(--wrong_type); } .o-wrong_value { background: var(--wrong_value); }
.o-partial { background: var(--partial); }
.seg.nest { box-shadow: inset 0 -3px 0 #444; }
td.outcome { white-space: nowrap; }
td.ar { direction: rtl; unicode-bidi: isolate; text-align: right; font-family: "Noto Naskh Arabic", "DejaVu Sans", serif; }
.empty { color: var(--muted); font-style: italic; }
.delta { color: var(--muted); font-size: .8rem; } .ref { color: var(--muted); font-size: .85rem; }
p.note { color: var(--muted); font-size: .85rem; margin: .2rem 0 1rem; }
td.rank { color: var(--muted); }
mark.only { background: #ffe066; border-radius: 2px; padding: 0 .1em; }
.counts { white-space: nowrap; }
"""

#: The only script of the page: click a column header to sort its table.
#: Cells sort by ``data-sort`` (a number or text); empty keys ("—") go last in
#: both directions; ties keep the original order.
SORT_JS = """
function khabarSortTable(table, col, descending) {
  var body = table.tBodies[0];
  if (!body) { return; }
  var rows = Array.prototype.slice.call(body.rows);
  function key(row) {
    var cell = row.cells[col];
    if (!cell) { return null; }
    var raw = cell.getAttribute('data-sort');
    if (raw === null) { raw = cell.textContent.trim(); }
    if (raw === '' || raw === '\\u2014') { return null; }
    var num = Number(raw);
    return isNaN(num) ? raw : num;
  }
  var keyed = rows.map(function (row, i) { return [key(row), i, row]; });
  keyed.sort(function (a, b) {
    var x = a[0], y = b[0];
    if (x === null || y === null) {
      if (x === y) { return a[1] - b[1]; }
      return x === null ? 1 : -1;
    }
    var c;
    if (typeof x === 'number' && typeof y === 'number') { c = x - y; }
    else { c = String(x).localeCompare(String(y)); }
    if (descending) { c = -c; }
    return c !== 0 ? c : a[1] - b[1];
  });
  keyed.forEach(function (k) { body.appendChild(k[2]); });
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
    th.setAttribute('aria-sort', i === col ? (descending ? 'descending' : 'ascending') : 'none');
  });
}
(function () {
  var tables = document.querySelectorAll('table.sortable');
  Array.prototype.forEach.call(tables, function (table) {
    if (!table.tHead) { return; }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      th.classList.add('sort-ready');
      th.setAttribute('tabindex', '0');
      th.setAttribute('aria-sort', 'none');
      function go() {
        khabarSortTable(table, i, th.getAttribute('aria-sort') === 'ascending');
      }
      th.addEventListener('click', go);
      th.addEventListener('keydown', function (ev) {
        if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); go(); }
      });
    });
  });
})();
"""


def _script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


#: Content-Security-Policy of the page: nothing loads from anywhere, and the
#: only script allowed to run is :data:`SORT_JS` (by hash).
CSP = (
    "default-src 'none'; "
    "style-src 'unsafe-inline'; "
    "img-src data:; "
    f"script-src '{_script_hash(SORT_JS)}'; "
    "base-uri 'none'; form-action 'none'"
)


# --------------------------------------------------------------------------- helpers


def _e(value: Any) -> str:
    """Escape for text and for double- or single-quoted attributes.

    Carriage returns become ``&#13;`` because an HTML parser would otherwise
    turn ``\\r\\n`` into ``\\n`` and the document view would lose characters.
    """
    return escape(str(value), quote=True).replace("\r", "&#13;")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _finite(value: Any) -> bool:
    return _is_number(value) and math.isfinite(value)


def _ci(cell: HeadlineCell) -> tuple[float, float] | None:
    ci = cell.ci
    if ci is not None and len(ci) == 2 and all(_finite(x) for x in ci):
        return ci[0], ci[1]
    return None


def _fmt(value: Any) -> str:
    """A cell's text: ints as is, floats to 3 decimals, None / non-finite as "—"."""
    if value is None:
        return DASH
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.3f}" if math.isfinite(value) else DASH
    return str(value)


def _sort_key(value: Any) -> str:
    """The ``data-sort`` key of a cell: ``repr`` of a finite number, else ""."""
    if _is_number(value) and math.isfinite(value):
        return repr(value)
    return ""


def _num_cell(value: Any, *, extra: str = "", best: bool = False) -> str:
    cls = "num best" if best else "num"
    return f'<td class="{cls}" data-sort="{_e(_sort_key(value))}">{_e(_fmt(value))}{extra}</td>'


def _svg_num(x: float) -> str:
    return f"{x:.1f}"


def _task_title(task: str) -> str:
    return TASK_TITLES.get(task, task)


# --------------------------------------------------------------------------- sections


def _header(report: Report) -> str:
    """Title, gold and tool version. The run's date and commit are not shown: the
    page stays byte-identical when the results do not change (they are in
    ``results/<system>.json``, ``run``)."""
    gold = report.gold
    split = gold.split
    documents = DASH if gold.documents is None else gold.documents
    rows = [
        ("Gold", f"{gold.label} ({documents} documents"
                 + (f", {split} split" if split and split != "all" else "") + ")"),
        ("Tool version", report.tool_version or DASH),
    ]
    meta = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in rows)
    title = _e(report.title or "Leaderboard")
    return f'<header><h1>{title}</h1><dl class="meta">{meta}</dl></header>'


def _system_cell(system: SystemRow, reference: str | None = None) -> str:
    name = _e(system.name)
    sig = system.signature
    title = f' title="{_e(sig)}"' if sig else ""
    ref = (' <span class="ref">(reference)</span>'
           if reference is not None and system.name == reference else "")
    return f'<td data-sort="{name}"{title}>{name}{ref}</td>'


def _delta_span(delta: Delta | None, reference: str) -> str:
    """``+0.120 (p=0.031)`` against the reference, as the Markdown shows it."""
    if delta is None or not _finite(delta.delta):
        return ""
    text = f"{delta.delta:+.3f}"
    if _finite(delta.p):
        text += f" (p={delta.p:.3f})"
    method = delta.method
    tip = f"against {reference}" + (f"; {method}" if method else "")
    return f'<br><span class="delta" title="{_e(tip)}">{_e(text)}</span>'


def _status_cell(system: SystemRow) -> str:
    status = system.status
    if status == "failed":
        reason = system.reason
        note = f' <span class="reason">{_e(reason)}</span>' if reason else ""
        return f'<td data-sort="failed"><span class="failed">failed</span>{note}</td>'
    reason = system.reason if status != "ok" else ""
    note = f' <span class="reason">{_e(reason)}</span>' if reason else ""
    return f'<td data-sort="{_e(status)}">{_e(status)}{note}</td>'


def _headline_value(system: SystemRow, task: str) -> HeadlineCell | None:
    """The headline cell a system shows for ``task``: none for a failed system or
    a value that is not a finite number."""
    if system.status == "failed":
        return None
    cell = system.cell(task)
    if cell is None or not _finite(cell.value):
        return None
    return cell


def _overview(report: Report, systems: Sequence[SystemRow], *, gold: GoldInfo | None = None,
              reference: str | None = None, section_id: str = "overview", title: str = "",
              ranking: bool = True) -> str:
    """The overview table of ``systems``, in their order (the ranking), with a rank
    column, headline values with CI and units, best in bold, and the deltas and
    p-values against ``reference``."""
    headline = report.headline
    split = (gold or report.gold).split
    if not title:
        title = "Overview" + (f" — {split} split (headline)" if split and split != "all" else "")
    best: dict[str, float] = {}
    for col in headline:
        values = [e.value for s in systems if (e := _headline_value(s, col.task))]
        if values:
            best[col.task] = max(values)
    heads = "".join(f'<th title="{_e(c.path)}">{_e(c.label)}</th>'
                    for c in headline)
    invalid = has_invalid(systems)
    if invalid:
        heads += f'<th title="{_e(INVALID_NOTE)}">Invalid items</th>'

    body = []
    rank = 0
    for system in systems:
        if ranking and rank_key(system, headline) is not None:
            rank += 1
            cells = [f'<td class="num rank" data-sort="{rank}">{rank}</td>']
        else:
            cells = [f'<td class="num rank" data-sort="">{DASH}</td>']
        cells += [_system_cell(system, reference), _status_cell(system)]
        for col in headline:
            entry = _headline_value(system, col.task)
            if entry is None:
                cells.append(_num_cell(None))
                continue
            extra = ""
            ci = _ci(entry)
            if ci:
                extra += f' <span class="ci">[{_e(_fmt(ci[0]))}, {_e(_fmt(ci[1]))}]</span>'
            if _is_number(entry.units):
                unit = f" {entry.unit}" if isinstance(entry.unit, str) else ""
                extra += f' <span class="n">n={_e(entry.units)}{_e(unit)}</span>'
            if entry.view == "coarse":
                extra += (f' <span class="view" title="{_e(COARSE_NOTE)}">'
                          f'{_e(COARSE_MARK)}</span>')
            if reference is not None:
                extra += _delta_span(system.delta(col.task), str(reference))
            cells.append(_num_cell(entry.value, extra=extra,
                                   best=entry.value == best.get(col.task)))
        if invalid:
            total = sum((system.invalid_items or {}).values())
            cells.append(f'<td class="num" data-sort="{total}">{_e(invalid_cell(system))}</td>')
        body.append(f"<tr>{''.join(cells)}</tr>")
    note = ""
    if reference is not None:
        note = (f'<p class="note">Deltas are against <code>{_e(reference)}</code>, with the '
                "p-value of a paired randomisation test over the resampling units (exact for "
                "≤ 20 units; none for saved results, which keep no per-unit counts).</p>")
    if invalid:
        note += f'<p class="note">{_e(INVALID_NOTE[0].upper() + INVALID_NOTE[1:])}.</p>'
    if ranking and section_id == "overview":
        labels = [c.label for c in headline]
        note = (f'<p class="note">Ranked by {_e(labels[0]) if labels else "the headline"}'
                + (f"; a system without it by the first it has of "
                   f"{_e(' and '.join(labels[1:]))}" if len(labels) > 1 else "")
                + "; higher first, ties by name; failed systems last. Click a column header "
                  "to sort by it.</p>" + note)
    above = ""
    if section_id == "overview" and report.ranking_note:
        above = f'<p class="note ranking-view">{_e(report.ranking_note)}.</p>'
    return (f'<section id="{_e(section_id)}"><h2>{_e(title)}</h2>{above}'
            '<table class="sortable overview"><thead><tr><th>#</th><th>System</th>'
            f'<th>Status</th>{heads}</tr></thead><tbody>{"".join(body)}</tbody></table>'
            f"{note}</section>")


def _beside(report: Report) -> str:
    """Overview tables of the splits reported beside the headline one."""
    out = []
    for other in report.beside:
        # rows in the headline split's ranking, so the tables line up
        out.append(_overview(report, in_order_of(other.systems, report.systems),
                             gold=other.gold, reference=other.reference,
                             section_id=f"beside-{other.split}",
                             title=f"Beside: {other.split} split", ranking=False))
    return "".join(out)


def _tasks(report: Report) -> list[str]:
    order = [c.task for c in report.headline]
    for system in report.systems:
        for task in system.tables:
            if task not in order:
                order.append(task)
    return order


#: Columns shown first in a task table, when present; the rest keep input order.
_FIRST_COLUMNS = ("precision", "recall", "f1")


def _task_table(report: Report, task: str) -> str:
    systems = report.systems
    columns: list[str] = []
    for system in systems:
        for row in system.tables.get(task) or ():
            for key in row.columns:
                if key not in columns:
                    columns.append(key)
    first = [c for c in _FIRST_COLUMNS if c in columns]
    columns = first + [c for c in columns if c not in first]
    heads = "".join(f"<th>{_e(c)}</th>" for c in columns)
    body = []
    for system in systems:
        rows = system.tables.get(task)
        if system.status == "failed" or not rows:
            note = "failed" if system.status == "failed" else "not attempted"
            blanks = "".join(_num_cell(None) for _ in columns)
            body.append(f'<tr>{_system_cell(system)}<td data-sort="" class="empty">{note}</td>'
                        f"{blanks}</tr>")
            continue
        for row in rows:
            metric = row.metric
            cells = "".join(_num_cell(row.get(c)) for c in columns)
            body.append(f'<tr>{_system_cell(system)}<td data-sort="{_e(metric)}">{_e(metric)}</td>'
                        f"{cells}</tr>")
    anchor = _e(f"task-{task}")
    return (f'<section id="{anchor}"><h3>{_e(_task_title(task))}</h3>'
            f'<table class="sortable task-table" data-task="{_e(task)}"><thead><tr>'
            f"<th>System</th><th>Metric</th>{heads}</tr></thead><tbody>{''.join(body)}"
            "</tbody></table></section>")


def _chart(report: Report) -> str:
    """Grouped bars: one group per system, one bar per headline metric, 0–1 axis."""
    headline = report.headline
    systems = report.systems
    n_metrics = max(len(headline), 1)
    bar_w, bar_gap, group_gap = 22.0, 4.0, 30.0
    left, top, plot_h, bottom = 46.0, 14.0, 220.0, 70.0
    group_w = n_metrics * bar_w + (n_metrics - 1) * bar_gap
    width = left + max(len(systems), 1) * (group_w + group_gap) + 10.0
    legend_w = 20.0 + sum(24.0 + 7.0 * len(c.label) for c in headline)
    width = max(width, legend_w)
    height = top + plot_h + bottom + 24.0

    def y(v: float) -> float:
        return top + plot_h * (1.0 - min(max(v, 0.0), 1.0))

    parts = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
             f'width="{_svg_num(width)}" height="{_svg_num(height)}" '
             f'viewBox="0 0 {_svg_num(width)} {_svg_num(height)}">'
             "<title>Headline metrics per system, with 95% confidence intervals</title>"]
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        ty = _svg_num(y(tick))
        parts.append(f'<line class="grid" x1="{_svg_num(left)}" x2="{_svg_num(width - 10)}" '
                     f'y1="{ty}" y2="{ty}"/>'
                     f'<text x="{_svg_num(left - 6)}" y="{ty}" text-anchor="end" '
                     f'dominant-baseline="middle">{tick:.2f}</text>')
    parts.append(f'<line class="axis" x1="{_svg_num(left)}" x2="{_svg_num(left)}" '
                 f'y1="{_svg_num(top)}" y2="{_svg_num(top + plot_h)}"/>')
    for si, system in enumerate(systems):
        gx = left + group_gap / 2 + si * (group_w + group_gap)
        name = system.name
        for mi, col in enumerate(headline):
            entry = _headline_value(system, col.task)
            if entry is None:
                continue
            value = entry.value
            x = gx + mi * (bar_w + bar_gap)
            colour = CHART_COLOURS[mi % len(CHART_COLOURS)]
            tip = f"{name} · {col.label}: {_fmt(value)}"
            ci = _ci(entry)
            if ci:
                tip += f" [{_fmt(ci[0])}, {_fmt(ci[1])}]"
            parts.append(
                f'<rect class="bar" data-system="{_e(name)}" data-task="{_e(col.task)}" '
                f'x="{_svg_num(x)}" y="{_svg_num(y(value))}" width="{_svg_num(bar_w)}" '
                f'height="{_svg_num(top + plot_h - y(value))}" fill="{colour}">'
                f"<title>{_e(tip)}</title></rect>")
            if ci:
                cx, lo, hi = x + bar_w / 2, y(ci[0]), y(ci[1])
                parts.append(
                    f'<g class="whisker" data-system="{_e(name)}" data-task="{_e(col.task)}">'
                    f'<line x1="{_svg_num(cx)}" x2="{_svg_num(cx)}" y1="{_svg_num(lo)}" '
                    f'y2="{_svg_num(hi)}"/>'
                    f'<line x1="{_svg_num(cx - 5)}" x2="{_svg_num(cx + 5)}" y1="{_svg_num(lo)}" '
                    f'y2="{_svg_num(lo)}"/>'
                    f'<line x1="{_svg_num(cx - 5)}" x2="{_svg_num(cx + 5)}" y1="{_svg_num(hi)}" '
                    f'y2="{_svg_num(hi)}"/></g>')
        label = name if system.status != "failed" else f"{name} (failed)"
        lx = gx + group_w / 2
        parts.append(f'<text class="sys-label" x="{_svg_num(lx)}" '
                     f'y="{_svg_num(top + plot_h + 16)}" '
                     f'text-anchor="middle">{_e(label)}</text>')
    ly = height - 14.0
    lx = left
    for mi, col in enumerate(headline):
        colour = CHART_COLOURS[mi % len(CHART_COLOURS)]
        text = col.label
        parts.append(f'<rect x="{_svg_num(lx)}" y="{_svg_num(ly - 9)}" width="12" height="12" '
                     f'fill="{colour}"/><text x="{_svg_num(lx + 16)}" y="{_svg_num(ly + 1)}">'
                     f"{_e(text)}</text>")
        lx += 24.0 + 7.0 * len(text)
    parts.append("</svg>")
    return '<section id="chart"><h2>Headline metrics</h2>' + "".join(parts) + "</section>"


# --------------------------------------------------------------------------- error view


def _check_span(item: dict, text: str, where: str, outcomes: tuple[str, ...]) -> tuple[int, int]:
    outcome = item.get("outcome")
    if outcome not in outcomes:
        raise ValueError(f"{where}: outcome {outcome!r}; expected one of {', '.join(outcomes)}")
    start, end = item.get("start"), item.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise ValueError(f"{where}: span [{start!r}, {end!r}) is not a non-empty span inside "
                         f"the document text of {len(text)} code points")
    return start, end


def _describe_entity(item: dict) -> str:
    lines = [f"{OUTCOME_LABELS[item['outcome']]}: «{item.get('text', '')}» "
             f"[{item['start']}, {item['end']})"]
    for side in ("gold", "pred"):
        ref = item.get(side)
        if ref:
            lines.append(f"{side}: {ref.get('type', '?')} [{ref.get('start', '?')}, "
                         f"{ref.get('end', '?')})")
    return "\n".join(lines)


def _describe_timex(item: dict) -> str:
    lines = [f"{OUTCOME_LABELS[item['outcome']]}: «{item.get('text', '')}» "
             f"[{item['start']}, {item['end']})"]
    for side in ("gold", "pred"):
        ref = item.get(side)
        if ref:
            lines.append(f"{side}: {ref.get('type', '?')} {ref.get('value', '?')}")
    return "\n".join(lines)


def _highlight(text: str, spans: list[tuple[int, int, str, str]], layer: str) -> str:
    """The document text cut at every span boundary; covered segments get classes.

    ``spans`` are ``(start, end, outcome, description)``. Every character of
    ``text`` appears exactly once, in order.
    """
    cuts = sorted({0, len(text)} | {s for s, _, _, _ in spans} | {e for _, e, _, _ in spans})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [sp for sp in spans if sp[0] <= a and b <= sp[1]]
        piece = _e(text[a:b])
        if not covering:
            out.append(piece)
            continue
        classes = ["seg"]
        for sp in covering:
            cls = f"o-{sp[2]}"
            if cls not in classes:
                classes.append(cls)
        if len(covering) > 1:
            classes.append("nest")
        title = "\n\n".join(sp[3] for sp in covering)
        out.append(f'<span class="{" ".join(classes)}" data-depth="{len(covering)}" '
                   f'title="{_e(title)}">{piece}</span>')
    return (f'<div class="doc-text" data-layer="{layer}" dir="rtl" lang="ar">'
            f'{"".join(out)}</div>')


def _legend(outcomes: tuple[str, ...], layer: str, title: str) -> str:
    items = "".join(f'<span class="legend-item"><span class="swatch o-{o}"></span>'
                    f"{_e(OUTCOME_LABELS[o])}</span>" for o in outcomes)
    nest = ('<span class="legend-item"><span class="swatch seg nest"></span>'
            "nested / overlapping spans</span>")
    return (f'<div class="legend" data-layer="{layer}"><strong>{_e(title)}:</strong>'
            f"{items}{nest}</div>")


def _timex_table(items: list[dict]) -> str:
    if not items:
        return '<p class="empty">No TIMEX3 expressions.</p>'
    rows = []
    for item in items:
        gold, pred = item.get("gold") or {}, item.get("pred") or {}
        rows.append(
            f'<tr class="o-{_e(item["outcome"])}">'
            f'<td class="outcome">{_e(OUTCOME_LABELS[item["outcome"]])}</td>'
            f'<td class="ar">{_e(item.get("text", ""))}</td>'
            f'<td class="num" data-sort="{item["start"]}">[{item["start"]}, {item["end"]})</td>'
            f'<td>{_e(gold.get("type", DASH))}</td><td>{_e(gold.get("value", DASH))}</td>'
            f'<td>{_e(pred.get("type", DASH))}</td><td>{_e(pred.get("value", DASH))}</td></tr>')
    return ('<table class="sortable timex-errors"><thead><tr><th>Outcome</th><th>Text</th>'
            "<th>Span</th><th>Gold type</th><th>Gold value</th><th>Pred type</th>"
            f"<th>Pred value</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")


_ATTR_FIELDS = ("source", "cue", "content", "kind")


def _attribution_table(items: list[dict], where: str) -> str:
    if not items:
        return '<p class="empty">No attributions.</p>'
    rows = []
    for i, item in enumerate(items):
        outcome = item.get("outcome")
        if outcome not in ATTRIBUTION_OUTCOMES:
            raise ValueError(f"{where}.attributions[{i}]: outcome {outcome!r}; expected one of "
                             f"{', '.join(ATTRIBUTION_OUTCOMES)}")
        cells = [f'<td class="outcome">{_e(OUTCOME_LABELS[outcome])}</td>']
        gold, pred = item.get("gold") or {}, item.get("pred") or {}
        marked = {}
        if isinstance(gold.get("content"), str) and isinstance(pred.get("content"), str):
            marked = dict(zip(("gold", "pred"), word_diff(gold["content"], pred["content"])))
        for side, triple in (("gold", gold), ("pred", pred)):
            for field in _ATTR_FIELDS:
                value = triple.get(field)
                cls = ' class="ar"' if field != "kind" else ""
                if field == "content" and side in marked:
                    cells.append(f'<td class="ar content">{marked[side]}</td>')
                    continue
                cells.append(f"<td{cls}>{_e(DASH if value is None else value)}</td>")
        rows.append(f'<tr class="o-{_e(outcome)}">{"".join(cells)}</tr>')
    heads = "".join(f"<th>Gold {f}</th>" for f in _ATTR_FIELDS)
    heads += "".join(f"<th>Pred {f}</th>" for f in _ATTR_FIELDS)
    return (f'<table class="sortable attribution-errors"><thead><tr><th>Outcome</th>{heads}'
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table>")


#: Short outcome names for the one-line document summaries.
SHORT_LABELS = {"correct": "correct", "missed": "missed", "spurious": "spurious",
                "wrong_type": "wrong type", "boundary": "boundary",
                "wrong_value": "wrong value", "partial": "partial"}

#: The layers of the error view: key in the error data, title, outcomes.
LAYERS = (("entities", "Entities", ENTITY_OUTCOMES), ("timexes", "TIMEX3", TIMEX_OUTCOMES),
          ("attributions", "Attribution", ATTRIBUTION_OUTCOMES))

_WORD = re.compile(r"\S+")
_EDGE_PUNCT = "\"'«»“”‘’.,،؛:;!?()[]{}-–—…"


def word_diff(gold: str, pred: str) -> tuple[str, str]:
    """Gold and predicted content as escaped HTML in which the words found in only
    one of them are ``<mark class="only">`` (word-level :class:`difflib.SequenceMatcher`;
    words compare without surrounding punctuation). Whitespace is kept as is."""
    def words(text: str) -> list[re.Match[str]]:
        return list(_WORD.finditer(text))

    def key(m: re.Match[str]) -> str:
        return m.group().strip(_EDGE_PUNCT) or m.group()

    gw, pw = words(gold), words(pred)
    matcher = difflib.SequenceMatcher(None, [key(m) for m in gw], [key(m) for m in pw],
                                      autojunk=False)
    only_gold: set[int] = set()
    only_pred: set[int] = set()
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op != "equal":
            only_gold.update(range(a0, a1))
            only_pred.update(range(b0, b1))

    def render(text: str, found: list[re.Match[str]], marked: set[int], side: str) -> str:
        out, at = [], 0
        for i, m in enumerate(found):
            out.append(_e(text[at:m.start()]))
            word = _e(m.group())
            out.append(f'<mark class="only only-{side}">{word}</mark>' if i in marked else word)
            at = m.end()
        out.append(_e(text[at:]))
        return "".join(out)

    return render(gold, gw, only_gold, "gold"), render(pred, pw, only_pred, "pred")


def _outcome_counts(items: list[dict], outcomes: tuple[str, ...] = ()) -> str:
    """``50 correct, 2 missed, 1 spurious`` in outcome order (``none`` when empty)."""
    counts: dict[str, int] = {}
    for item in items:
        counts[item.get("outcome", "?")] = counts.get(item.get("outcome", "?"), 0) + 1
    order = [o for o in outcomes if o in counts] + [o for o in counts if o not in outcomes]
    return ", ".join(f"{counts[o]} {SHORT_LABELS.get(o, o)}" for o in order) or "none"


def _document_view(system: str, doc: DocumentText, errors: Mapping[str, Any],
                   open_: bool) -> str:
    """One document of one system, collapsed to a one-line summary (outcome counts
    per attempted layer). A layer absent from ``errors`` was not attempted: it
    gets neither a count nor a copy of the article."""
    doc_id = doc.doc_id
    text = doc.text
    where = f"errors[{system!r}][{doc_id!r}]"
    attempted = {key: errors.get(key) for key, _, _ in LAYERS if errors.get(key) is not None}
    spans: dict[str, list[tuple[int, int, str, str]]] = {}
    for key, describe, outcomes in (("entities", _describe_entity, ENTITY_OUTCOMES),
                                    ("timexes", _describe_timex, TIMEX_OUTCOMES)):
        spans[key] = []
        for i, item in enumerate(attempted.get(key) or []):
            s, e = _check_span(item, text, f"{where}.{key}[{i}]", outcomes)
            spans[key].append((s, e, item["outcome"], describe(item)))
    counts = " · ".join(
        f'<span class="counts" data-layer="{key}">{_e(title)}: '
        f"{_e(_outcome_counts(attempted[key], outcomes))}</span>"
        for key, title, outcomes in LAYERS if key in attempted)
    summary = (f'{_e(doc_id)} <span class="n">DCT {_e(doc.dct or DASH)}</span>'
               + (f" · {counts}" if counts else ""))
    parts = [f'<details class="doc" data-doc="{_e(doc_id)}"{" open" if open_ else ""}>'
             f"<summary>{summary}</summary>"]
    if "entities" in attempted:
        parts.append("<h4>Entities</h4>" + _highlight(text, spans["entities"], "entities"))
    if "timexes" in attempted:
        parts.append("<h4>TIMEX3</h4>" + _highlight(text, spans["timexes"], "timexes")
                     + _timex_table(attempted["timexes"]))
    if "attributions" in attempted:
        parts.append("<h4>Attribution</h4>"
                     + _attribution_table(attempted["attributions"], where))
    parts.append("</details>")
    return "".join(parts)


def _error_view(report: Report) -> str:
    documents = report.errors.documents
    known = {d.doc_id for d in documents}
    all_errors = report.errors.outcomes
    names = {s.name for s in report.systems}
    for system, per_doc in all_errors.items():
        if system not in names:
            raise ValueError(f"errors: system {system!r} is not in 'systems'")
        for doc_id in per_doc or {}:
            if str(doc_id) not in known:
                raise ValueError(f"errors[{system!r}]: document {doc_id!r} is not in 'documents'")
    parts = ['<section id="errors"><h2>Error view</h2>',
             "<p>One collapsed entry per system and document, its summary counting the "
             "outcomes of each layer the system attempted; open it for the article. Hover a "
             "highlighted span for the gold and predicted types or values. In attribution "
             'tables, <mark class="only">marked</mark> words of a content are in only one of '
             "the gold and the predicted content.</p>",
             _legend(ENTITY_OUTCOMES, "entities", "Entities"),
             _legend(TIMEX_OUTCOMES, "timexes", "TIMEX3")]
    for si, system in enumerate(report.systems):
        name = system.name
        failed = system.status == "failed"
        per_doc = all_errors.get(name) or {}
        head = _e(name)
        if failed:
            reason = _e(system.reason)
            head += f' <span class="failed">failed</span> <span class="reason">{reason}</span>'
        docs_of = [d for d in per_doc.values() if isinstance(d, dict)]
        totals = " · ".join(
            f'<span class="counts" data-layer="{key}">{_e(title)}: '
            f"{_e(_outcome_counts([i for d in docs_of for i in d[key]], outcomes))}</span>"
            for key, title, outcomes in LAYERS
            if any(d.get(key) is not None for d in docs_of))
        if totals:
            head += f' <span class="n">{len(docs_of)} document(s) · {totals}</span>'
        parts.append(f'<details class="system-errors" data-system="{_e(name)}"'
                     f'{" open" if si == 0 else ""}><summary>{head}</summary>')
        if not per_doc:
            parts.append('<p class="empty">No per-document outcomes for this system.</p>')
        first = True
        for doc in documents:
            doc_errors = per_doc.get(doc.doc_id)
            if doc_errors is None:
                continue
            parts.append(_document_view(name, doc, doc_errors, open_=first))
            first = False
        parts.append("</details>")
    parts.append("</section>")
    return "".join(parts)


# --------------------------------------------------------------------------- entry point


def render_html(report: Report) -> str:
    """The leaderboard as one self-contained, deterministic HTML document.

    Raises :class:`ValueError` for an unknown outcome, a span outside its
    document, or errors for a system or a document missing from
    ``report.systems`` / ``report.errors.documents``.
    """
    report = replace(report, systems=ranked(report.systems, report.headline))
    tasks = "".join(_task_table(report, task) for task in _tasks(report))
    body = (_header(report) + _overview(report, report.systems, reference=report.reference)
            + _beside(report) + _chart(report)
            + f'<section id="tasks"><h2>Per-task metrics</h2>{tasks}</section>'
            + _error_view(report))
    return ("<!DOCTYPE html>\n"
            '<html lang="ar" dir="ltr">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{_e(CSP)}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="generator" content="khabar-bench">\n'
            f"<title>{_e(report.title or 'Leaderboard')}</title>\n"
            f"<style>{CSS}</style>\n</head>\n"
            f'<body>\n<main lang="en">{body}</main>\n'
            f"<script>{SORT_JS}</script>\n</body>\n</html>\n")
