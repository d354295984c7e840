"""Third-party TIMEX3 peers: Duckling (``duckling``) and dateparser (``dateparser``).

Both are reported as they are: their extents (Duckling keeps the preposition
``في``), their readings (Duckling resolves a bare weekday to the *next* one and
finds ``احد`` inside ``واحد``) and their misses are theirs. khabar only maps
their output to TIMEX3:

=====================================  ==================================================
their output                           TIMEX3
=====================================  ==================================================
a time value, grain year/quarter/      DATE ``2017`` / ``2017-Q4`` / ``2017-11`` /
month/week/day                         ``2017-W46`` / ``2017-11-19``
a time value, grain hour/minute/second TIME ``2017-11-19T14`` / ``…T14:30`` / ``…T14:30:05``
an interval                            its ``from`` point (else ``to``), as above
a duration (Duckling)                  DURATION ``P3D``, ``P2W``, ``P6M``, ``P1Y``,
                                       ``PT3H``, ``PT20M``, ``PT30S`` (quarter = 3 months)
=====================================  ==================================================

dateparser's ``search_dates`` returns substrings without offsets: they are
located in the text in reading order; its granularity comes from
``DateDataParser.get_date_data(substring).period``.

Duckling runs in a worker process. Its Haskell runtime aborts the whole process
(``Ix{Int}.index: Index (n) out of range``, then ``hs_exit``), with no Python
exception, on some texts where a match reaches the last character (written
example: ``انتخب النواب في تشرين الثاني/نوفمبر 2015، في البرلمان.``). khabar
gives it the text with one space appended, which avoids that case (matches past
the text are dropped), and runs it in a spawned worker that sends each
document's record as it is done: if the worker dies anyway, that document gets
no timexes, its id and the runtime's message (escaped) go into the run's
``stats`` (``crashed_documents``), and a new worker takes the remaining
documents, so one document never costs the others, nor the other systems of a
``compare`` or ``leaderboard`` run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from dataclasses import dataclass, field
from importlib.metadata import version
from typing import Any

from benchmark.core.documents import Document
from runners.base import ExtractorInfo, Record

_TIME_GRAINS = {"hour": 13, "minute": 16, "second": 19}
_DURATION_UNITS = {"year": ("Y", 1, False), "quarter": ("M", 3, False), "month": ("M", 1, False),
                   "week": ("W", 1, False), "day": ("D", 1, False), "hour": ("H", 1, True),
                   "minute": ("M", 1, True), "second": ("S", 1, True)}


def point_value(iso: str, grain: str) -> tuple[str, str]:
    """TIMEX3 (type, value) of an ISO timestamp at a Duckling/dateparser grain."""
    moment = dt.datetime.fromisoformat(iso)
    if grain in _TIME_GRAINS:
        return "TIME", moment.strftime("%Y-%m-%dT%H:%M:%S")[:_TIME_GRAINS[grain]]
    if grain == "year":
        return "DATE", f"{moment.year:04d}"
    if grain == "quarter":
        return "DATE", f"{moment.year:04d}-Q{(moment.month - 1) // 3 + 1}"
    if grain == "month":
        return "DATE", f"{moment.year:04d}-{moment.month:02d}"
    if grain == "week":
        year, week, _ = moment.isocalendar()
        return "DATE", f"{year:04d}-W{week:02d}"
    return "DATE", moment.strftime("%Y-%m-%d")


def duration_value(amount: float, unit: str) -> str:
    """TIMEX3 duration value: ``3, day`` → ``P3D``; ``3, hour`` → ``PT3H``."""
    letter, factor, is_time = _DURATION_UNITS[unit]
    n = amount * factor
    shown = str(int(n)) if float(n).is_integer() else f"{n:g}"
    return f"PT{shown}{letter}" if is_time else f"P{shown}{letter}"


def duckling_timex(entry: dict[str, Any]) -> tuple[str, str] | None:
    """(type, value) of one Duckling result, or ``None`` if it has no usable value."""
    value = entry.get("value", {})
    if entry.get("dim") == "duration":
        unit, amount = value.get("unit"), value.get("value")
        if unit in _DURATION_UNITS and isinstance(amount, (int, float)):
            return "DURATION", duration_value(amount, unit)
        return None
    if value.get("type") == "interval":
        point = value.get("from") or value.get("to")
        return point_value(point["value"], point["grain"]) if point else None
    if "value" in value and "grain" in value:
        return point_value(value["value"], value["grain"])
    return None


def _reference(doc: Document) -> dt.datetime:
    """The DCT at noon UTC: the reference time both peers resolve against."""
    return dt.datetime.fromisoformat(doc.dct).replace(hour=12, tzinfo=dt.timezone.utc)


def duckling_records(zoneinfo: str, documents: list[Document]):  # type: ignore[no-untyped-def]
    """Duckling's record of each document, one at a time (a generator)."""
    import duckling

    zones = duckling.load_time_zones(zoneinfo)
    locale = duckling.default_locale_lang(duckling.parse_lang("AR"))
    dims = duckling.parse_dimensions(["time", "duration"])
    for doc in documents:
        ref = duckling.parse_ref_time(zones, "UTC", int(_reference(doc).timestamp()))
        # one space appended: see the module docstring
        found = duckling.parse(doc.text + " ", duckling.Context(ref, locale), dims, False)
        timexes = []
        for entry in found:
            mapped = duckling_timex(entry)
            start, end = entry["start"], entry["end"]
            # Duckling hands back UTF-8 bytes decoded as Latin-1; the offsets are right
            body = entry.get("body", "")
            try:
                body = body.encode("latin-1").decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                pass
            if mapped is None or end > len(doc.text) or doc.text[start:end] != body:
                continue
            timexes.append({"start": start, "end": end, "type": mapped[0],
                            "value": mapped[1]})
        yield {"doc_id": doc.doc_id, "timexes": timexes}


def _records_worker(target: str, args: tuple[Any, ...], documents: list[Document],
                    conn: Any, stderr_path: str) -> None:
    """A worker process: ``target(*args, documents)`` record by record into ``conn``,
    then ``("done",)``; file descriptor 2 (the Haskell runtime writes there) goes
    to ``stderr_path``."""
    from runners.python import load_target

    with contextlib.suppress(OSError):
        os.setsid()
    fd = os.open(stderr_path, os.O_WRONLY | os.O_APPEND)
    os.dup2(fd, 2)
    os.dup2(fd, 1)
    try:
        for record in load_target(target)(*args, documents):
            conn.send(("doc", record))
        conn.send(("done",))
    finally:
        conn.close()


def isolated_records(target: str, args: tuple[Any, ...], documents: list[Document],
                     stats: dict[str, Any]) -> list[Record]:
    """The records of ``target`` (a generator function, ``module:name``) for
    ``documents``, computed in spawned workers; a document whose worker dies gets
    an empty record, and is named in ``stats["crashed_documents"]`` with what the
    worker wrote to its standard error."""
    import multiprocessing

    from benchmark.core.untrusted import clip, printable
    from runners.children import tracked
    from runners.python import _kill

    ctx = multiprocessing.get_context("spawn")
    out: list[Record] = []
    remaining = list(documents)
    while remaining:
        receive, send = ctx.Pipe(duplex=False)
        with tempfile.NamedTemporaryFile(prefix="khabar-worker-", suffix=".stderr") as err:
            proc = ctx.Process(target=_records_worker, name="khabar-peer-worker", daemon=True,
                               args=(target, args, remaining, send, err.name))
            proc.start()
            send.close()
            done = 0
            finished = False
            assert proc.pid is not None
            with tracked(proc.pid):
                try:
                    while True:
                        message = receive.recv()
                        if message[0] == "done":
                            finished = True
                            break
                        out.append(message[1])
                        done += 1
                except (EOFError, OSError):
                    pass
                finally:
                    receive.close()
                    proc.join(5)
                    if proc.is_alive():
                        _kill(proc)
            if finished:
                return out
            crashed = remaining[done]
            message = err.read().decode("utf-8", "replace")
            stats.setdefault("crashed_documents", []).append(
                {"doc_id": crashed.doc_id, "exit_status": proc.exitcode,
                 "stderr": clip(printable(message.strip()), 500)})
            out.append({"doc_id": crashed.doc_id, "timexes": []})
            remaining = remaining[done + 1:]
    return out


@dataclass
class DucklingExtractor:
    """Duckling (pyduckling-native-phihos), language AR, reference time = DCT, in a
    worker process (module docstring). ``records``: the generator function the
    worker runs (``module:name``, called with ``zoneinfo`` and the documents)."""

    zoneinfo: str = "/usr/share/zoneinfo"
    records: str = "runners.builtin.peers:duckling_records"
    stats: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> ExtractorInfo:
        return ExtractorInfo("builtin", "duckling", version("pyduckling-native-phihos"),
                             {"lang": "AR", "dims": ["time", "duration"],
                              "reference": "DCT 12:00 UTC", "isolation": "process"})

    def predict(self, documents: list[Document]) -> list[Record]:
        self.stats = {}
        return isolated_records(self.records, (self.zoneinfo,), documents, self.stats)


@dataclass
class DateparserExtractor:
    """dateparser ``search_dates`` (languages ar), ``RELATIVE_BASE`` = DCT."""

    def describe(self) -> ExtractorInfo:
        return ExtractorInfo("builtin", "dateparser", version("dateparser"),
                             {"languages": ["ar"], "RELATIVE_BASE": "DCT 00:00"})

    def predict(self, documents: list[Document]) -> list[Record]:
        from dateparser.date import DateDataParser
        from dateparser.search import search_dates

        records = []
        for doc in documents:
            settings = {"RELATIVE_BASE": dt.datetime.fromisoformat(doc.dct)}
            parser = DateDataParser(languages=["ar"], settings=settings)
            found = search_dates(doc.text, languages=["ar"], settings=settings) or []
            timexes, cursor = [], 0
            for substring, moment in found:
                start = doc.text.find(substring, cursor)
                if start == -1:
                    start = doc.text.find(substring)
                if start == -1:
                    continue
                end = start + len(substring)
                cursor = end
                period = parser.get_date_data(substring).period or "day"
                grain = {"time": "minute"}.get(period, period)
                kind, value = point_value(moment.isoformat(), grain)
                timexes.append({"start": start, "end": end, "type": kind, "value": value})
            records.append({"doc_id": doc.doc_id, "timexes": timexes})
        return records
