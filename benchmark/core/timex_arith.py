"""TIMEX3 value arithmetic: shifting a value at its own granularity and
resolving weekdays against a reference date.

Rules:

* :func:`add` moves a calendar value by ``amount`` units (``Y`` years, ``M``
  months, ``W`` weeks, ``D`` days) and keeps the value's granularity: a year
  stays a year (``2017`` + 1 Y → ``2018``), a month a month (``2018-01`` − 1 M →
  ``2017-12``), a day a day, an ISO week a week (``2017-W46`` + 1 W →
  ``2017-W47``). A time-of-day or part-of-day suffix (``T14:30``, ``TNI``) rides
  along with its date. Adding months to a day clips to the month's end
  (``2017-01-31`` + 1 M → ``2017-02-28``). A unit finer than the value (days on
  a month) is an error, as is a value with no calendar date (durations,
  ``PAST_REF``, ``X`` digits).
* :func:`most_recent_weekday` is how news reads a bare weekday: the latest
  such day on or before the reference date (the reference's own day included);
  ``strict=True`` (``الأحد الماضي``) excludes the reference day itself.
* :func:`next_weekday` is the first such day strictly after the reference.
* :func:`week_value` is the ISO week of a date (``2017-W46``).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

_VALUE = re.compile(
    r"^(?P<y>\d{4})(?:-(?:(?P<m>\d{2})(?:-(?P<d>\d{2}))?|W(?P<w>\d{2})))?(?P<t>T.*)?$")

UNITS = ("Y", "M", "W", "D")
_ALLOWED = {"Y": "Y", "M": "YM", "W": "W", "D": "YMWD"}


def granularity(value: str) -> str:
    """``"Y"``, ``"M"``, ``"W"`` or ``"D"`` for a calendar value; ``ValueError`` otherwise."""
    m = _VALUE.match(value)
    if not m:
        raise ValueError(f"not a calendar TIMEX3 value: {value!r}")
    if m["d"]:
        return "D"
    if m["w"]:
        return "W"
    return "M" if m["m"] else "Y"


def to_date(value: str) -> date:
    """The first day a calendar value covers (``2017-11`` → 2017-11-01; a week → its Monday)."""
    m = _VALUE.match(value)
    if not m:
        raise ValueError(f"not a calendar TIMEX3 value: {value!r}")
    if m["w"]:
        return date.fromisocalendar(int(m["y"]), int(m["w"]), 1)
    return date(int(m["y"]), int(m["m"] or 1), int(m["d"] or 1))


def week_value(d: date) -> str:
    """ISO week value of a date: ``2017-W46``."""
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def date_value(d: date, gran: str = "D") -> str:
    """A date written at granularity ``Y``/``M``/``W``/``D``."""
    if gran == "Y":
        return f"{d.year:04d}"
    if gran == "M":
        return f"{d.year:04d}-{d.month:02d}"
    if gran == "W":
        return week_value(d)
    return d.isoformat()


def _add_months(d: date, months: int) -> date:
    total = d.year * 12 + d.month - 1 + months
    year, month = divmod(total, 12)
    day = min(d.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def add(value: str, amount: int, unit: str) -> str:
    """``value`` moved by ``amount`` ``unit``s, at the value's own granularity."""
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {UNITS}, not {unit!r}")
    m = _VALUE.match(value)
    if not m:
        raise ValueError(f"not a calendar TIMEX3 value: {value!r}")
    gran = granularity(value)
    if unit not in _ALLOWED[gran]:
        raise ValueError(f"cannot add {unit} to the {gran}-granularity value {value!r}")
    start = to_date(value)
    if unit == "Y":
        moved = _add_months(start, 12 * amount)
    elif unit == "M":
        moved = _add_months(start, amount)
    else:
        moved = start + timedelta(days=amount * (7 if unit == "W" else 1))
    return date_value(moved, gran) + (m["t"] or "")


def most_recent_weekday(ref: date, weekday: int, *, strict: bool = False) -> date:
    """Latest date with ``weekday`` (Monday=0) on or before ``ref`` (before, if ``strict``)."""
    back = (ref.weekday() - weekday) % 7
    if strict and back == 0:
        back = 7
    return ref - timedelta(days=back)


def next_weekday(ref: date, weekday: int) -> date:
    """First date with ``weekday`` (Monday=0) strictly after ``ref``."""
    ahead = (weekday - ref.weekday()) % 7
    return ref + timedelta(days=ahead or 7)
