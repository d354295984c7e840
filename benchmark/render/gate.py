"""Render a :class:`~benchmark.scoring.gate.GateReport`: JUnit XML, Markdown, GitHub annotations.

Each function returns text; the CLI decides where it goes.

* JUnit XML: one ``<testsuite name="khabar.check">`` with one ``<testcase
  classname="khabar.check" name=METRIC time="0">`` per check, its values as
  ``<property>`` elements and a ``<failure message=REASON>`` when it failed.
  Built with :mod:`xml.etree.ElementTree` (attributes escaped), and characters
  XML 1.0 forbids are replaced by U+FFFD, so any message gives valid XML.
* Markdown: a verdict line and a table (metric, baseline, current, delta,
  status), failures first; capped at ``max_bytes`` UTF-8 bytes (GitHub's step
  summary limit is 1 MiB), with a note saying how many rows were left out.
  File paths, metric paths and reasons come from the input files: they are
  escaped (:func:`~benchmark.render.common.md_code`,
  :func:`~benchmark.render.common.md_text`), so raw HTML is shown, not rendered.
* Shortened (``limit``, what ``khabar check`` writes): the failures up to the
  limit, headline metrics first, and the passing headline metrics; a line counts
  what is not listed.
* GitHub annotations: ``::error title=T::MESSAGE`` per failed check (capped by
  ``limit``, the last line then counting the rest). In the
  message ``%``, ``\\r``, ``\\n`` become ``%25``, ``%0D``, ``%0A``; in the title
  (a property) ``:`` and ``,`` also become ``%3A`` and ``%2C``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from benchmark.scoring.gate import Check, GateReport
from benchmark.render.common import md_code, md_text

#: GitHub's limit on one step's summary.
MAX_SUMMARY_BYTES = 1024 * 1024
_XML_INVALID = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    return _XML_INVALID.sub("\ufffd", text)


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def _delta(value: float | None) -> str:
    return "" if value is None else f"{value:+.4f}"


def _ci(value: tuple[float, float] | None) -> str:
    return "" if value is None else f"[{value[0]:.4f}, {value[1]:.4f}]"


def check_properties(c: Check) -> dict[str, str]:
    """The values of one check as strings (empty string: not available)."""
    return {"baseline": _num(c.baseline), "current": _num(c.current), "delta": _delta(c.delta),
            "allowed_drop": _num(c.allowed_drop), "floor": _num(c.floor),
            "baseline_ci": _ci(c.baseline_ci), "current_ci": _ci(c.current_ci),
            "reason": c.reason}


def junit_xml(report: GateReport) -> str:
    """JUnit XML text (UTF-8 declaration included) for ``report``."""
    suite = ET.Element("testsuite", {
        "name": "khabar.check", "tests": str(len(report.checks)),
        "failures": str(len(report.failures)), "errors": "0", "skipped": "0", "time": "0"})
    props = ET.SubElement(suite, "properties")
    for name, value in (("baseline_file", str(report.baseline)),
                        ("current_file", str(report.current)),
                        ("signature", report.signature),
                        ("tolerance", _num(report.tolerance)),
                        ("ci_aware", "true" if report.ci_aware else "false")):
        ET.SubElement(props, "property", {"name": name, "value": _xml(value)})
    for c in report.checks:
        case = ET.SubElement(suite, "testcase", {"classname": "khabar.check",
                                                 "name": _xml(c.metric), "time": "0"})
        case_props = ET.SubElement(case, "properties")
        for name, value in check_properties(c).items():
            ET.SubElement(case_props, "property", {"name": name, "value": _xml(value)})
        if not c.passed:
            failure = ET.SubElement(case, "failure", {"message": _xml(c.reason),
                                                      "type": "regression"})
            failure.text = _xml(f"{c.metric}: baseline {_num(c.baseline) or '—'}, current "
                                f"{_num(c.current) or '—'}: {c.reason}")
    ET.indent(suite)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(suite, encoding="unicode") + "\n")


#: Failures listed in a shortened step summary (``khabar check``), and
#: ``::error`` annotations printed: GitHub shows 10 error annotations per step.
SUMMARY_FAILURES = 10
MAX_ANNOTATIONS = 10


def _headline_first(checks: tuple[Check, ...] | list[Check], headline: set[str]
                    ) -> list[Check]:
    """Headline metrics first, then the others; each group keeps its order."""
    return sorted(checks, key=lambda c: c.metric not in headline)


def _selection(report: GateReport) -> str:
    if report.selection == "headline":
        return "the headline metric of each task (`--metrics PATTERNS` or `--all` for more)"
    if report.selection == "all":
        return "every precision, recall, F1 and accuracy (`--all`)"
    return f"`--metrics` {md_code(report.selection, table=False)}"


def markdown(report: GateReport, max_bytes: int = MAX_SUMMARY_BYTES,
             limit: int | None = None) -> str:
    """The step summary: verdict, files, signature and the table, at most
    ``max_bytes`` UTF-8 bytes (rows are dropped from the end, failures last).

    ``limit`` shortens it: at most ``limit`` failures (headline metrics first)
    and the passing headline metrics are listed, the rest only counted."""
    failed = len(report.failures)
    verdict = (f"**FAILED**: {failed} of {len(report.checks)} metric(s) regressed"
               if failed else f"**passed**: {len(report.checks)} metric(s) checked")
    mode = "CI-aware" if report.ci_aware else "plain drop"
    head = (f"## khabar check: {verdict}\n\n"
            f"- current: {md_code(str(report.current), table=False)}\n"
            f"- baseline: {md_code(str(report.baseline), table=False)}\n"
            f"- checked: {_selection(report)}\n"
            f"- tolerance: {report.tolerance:g} ({mode} rule)\n"
            f"- signature: {md_code(report.signature, table=False)}\n\n"
            "| metric | baseline | current | delta | status |\n"
            "|---|---:|---:|---:|---|\n")
    ordered = sorted(report.checks, key=lambda c: c.passed)     # stable: failures first
    tail = ""
    if limit is not None:
        headline = set(report.headline)
        failures = _headline_first(report.failures, headline)
        shown = failures[:limit] + [c for c in report.checks
                                    if c.passed and c.metric in headline]
        more_failed = len(failures) - len(failures[:limit])
        more_passed = sum(c.passed for c in report.checks) - sum(c.passed for c in shown)
        ordered = shown
        if more_failed or more_passed:
            parts = ([f"{more_failed} more failure(s)"] if more_failed else []) + (
                [f"{more_passed} passed metric(s)"] if more_passed else [])
            tail = (f"_Not listed: {' and '.join(parts)}; the JUnit report (`--junit`) and "
                    "`khabar check --all` show every metric._\n")
    rows = []
    for c in ordered:
        status = "ok" if c.passed and c.reason == "ok" else (
            f"ok ({md_text(c.reason)})" if c.passed else f"**FAIL**: {md_text(c.reason)}")
        rows.append(f"| {md_code(c.metric)} | {_num(c.baseline) or '—'} | "
                    f"{_num(c.current) or '—'} | {_delta(c.delta) or '—'} | "
                    f"{status} |\n")
    text = head
    size = len(text.encode("utf-8"))
    reserve = 200                                              # room for the truncation note
    if size + reserve > max_bytes:                             # not even room for the table
        return f"## khabar check: {verdict}\n"[:max(max_bytes // 4, 0)]
    for i, row in enumerate(rows):
        row_bytes = len(row.encode("utf-8"))
        if size + row_bytes + reserve > max_bytes:
            note = (f"\n_{len(rows) - i} more row(s) not shown: the summary is capped at "
                    f"{max_bytes} bytes; the JUnit report (`--junit`) has every metric._\n")
            return text + note
        text += row
        size += row_bytes
    if tail and size + len(tail.encode("utf-8")) + 1 <= max_bytes:
        return text + "\n" + tail + "\n"
    return text + "\n"


def escape_data(text: str) -> str:
    """Escape a workflow-command message (``%``, ``\\r``, ``\\n``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow-command property value (data escapes plus ``:`` and ``,``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(report: GateReport, limit: int | None = None) -> list[str]:
    """One ``::error title=…::message`` line per failed check, headline metrics
    first. With ``limit`` (GitHub shows 10 error annotations per step), at most
    ``limit`` lines: ``limit - 1`` checks and one ``… and N more`` line."""
    lines = []
    failures = _headline_first(report.failures, set(report.headline))
    more = 0
    if limit is not None and len(failures) > limit:
        failures, more = failures[:max(limit - 1, 0)], len(failures) - max(limit - 1, 0)
    for c in failures:
        message = (f"{c.metric}: baseline {_num(c.baseline) or '—'}, current "
                   f"{_num(c.current) or '—'}: {c.reason}")
        lines.append(f"::error title={escape_property('khabar check: ' + c.metric)}::"
                     f"{escape_data(message)}")
    if more:
        lines.append(f"::error title={escape_property('khabar check')}::"
                     + escape_data(f"… and {more} more regressed metric(s) of "
                                   f"{len(report.failures)}: the step summary counts them and "
                                   "the JUnit report (--junit) lists every one"))
    return lines


def report_json(report: GateReport) -> str:
    """The gate's verdict and every check as JSON (``khabar check --json``)."""
    import json

    def ci(value: tuple[float, float] | None) -> list[float] | None:
        return None if value is None else [value[0], value[1]]

    data = {
        "passed": report.passed, "baseline": str(report.baseline),
        "current": str(report.current), "signature": report.signature,
        "tolerance": report.tolerance, "ci_aware": report.ci_aware,
        "selection": report.selection, "checked": len(report.checks),
        "failed": len(report.failures),
        "checks": [{"metric": c.metric, "baseline": c.baseline, "current": c.current,
                    "delta": c.delta, "allowed_drop": c.allowed_drop, "floor": c.floor,
                    "baseline_ci": ci(c.baseline_ci), "current_ci": ci(c.current_ci),
                    "passed": c.passed, "reason": c.reason} for c in report.checks],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
