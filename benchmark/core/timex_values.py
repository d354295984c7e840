"""TIMEX3 ``value`` grammar (TimeML 1.2.1) and its canonical form.

The grammar accepts what TimeML's BNF and the TempEval-3 gold use:

* dates at any granularity, with ``X`` for unknown digits: ``2017``, ``201X``,
  ``2017-11``, ``2017-11-19``, weeks ``2017-W46`` (``-WE`` weekend), seasons
  ``2017-SU``, quarters ``2017-Q4``, halves ``2017-H2``;
* times ``2017-11-19T14``, ``T14:30``, ``2017-11-19T14:30:05``, parts of day
  ``2017-11-19TMO`` (MO AF EV NI MI DT);
* durations ``P3D``, ``P1Y2M``, ``PT3H30M``, vague ``PXD``/``PTXH``;
* the references ``PAST_REF``, ``PRESENT_REF``, ``FUTURE_REF``.

Canonicalisation: upper-case, strip spaces, and drop a time zone ``Z``. Nothing
else is rewritten, so ``P1W`` and ``P7D`` stay different, as in TE3. The scorer
compares values as TE3 does, as exact strings; it applies
:func:`canonical_value` to both sides only when asked (``value_match=
"canonical"``, ``khabar score --timex-values canonical``; the signature then
reads ``timex:te3,values=canonical``). Gold values pass :func:`value_problem`,
so they are canonical already.
"""

from __future__ import annotations

import re

_Y = r"(?:\d{4}|\d{3}X|\d{2}XX|\dXXX|XXXX)"
_M = r"(?:0[1-9]|1[0-2]|XX)"
_D = r"(?:0[1-9]|[12]\d|3[01]|XX)"
_W = r"(?:0[1-9]|[1-4]\d|5[0-3]|XX)"
_DATE = (
    rf"(?:{_Y}(?:-{_M}(?:-{_D})?)?"          # 2017, 2017-11, 2017-11-19
    rf"|{_Y}-W{_W}(?:-(?:WE|[1-7]))?"         # 2017-W46, 2017-W46-WE
    rf"|{_Y}-(?:SP|SU|FA|WI|Q[1-4X]|H[12X])"  # seasons, quarters, halves
    rf"|\d{{2}}|\dX"                          # centuries 20, decades 1X
    rf")"
)
_CLOCK = r"(?:[01]\d|2[0-4]|XX)(?::[0-5]\d(?::[0-5]\d(?:\.\d+)?)?)?"
_TIME = rf"(?:{_DATE})?T(?:{_CLOCK}|MO|AF|EV|NI|MI|DT)"
_NUM = r"(?:\d+(?:\.\d+)?|X)"
_DURATION = (
    rf"P(?:(?:{_NUM}Y)?(?:{_NUM}M)?(?:{_NUM}W)?(?:{_NUM}D)?(?:{_NUM}(?:DE|CE|ML|Q|H|WE))?)"
    rf"(?:T(?:{_NUM}H)?(?:{_NUM}M)?(?:{_NUM}S)?)?"
)
_REF = r"(?:PAST_REF|PRESENT_REF|FUTURE_REF)"

_PATTERNS: dict[str, re.Pattern[str]] = {
    "DATE": re.compile(rf"(?:{_DATE}|{_REF})"),
    "TIME": re.compile(rf"(?:{_TIME}|{_REF})"),
    "DURATION": re.compile(_DURATION),
    "SET": re.compile(rf"(?:{_DURATION}|{_DATE}|{_TIME})"),
}


def canonical_value(value: str) -> str:
    """The form values are compared in: upper-case, no spaces, no trailing ``Z``."""
    v = value.strip().upper().replace(" ", "")
    return v[:-1] if v.endswith("Z") and "T" in v else v


def value_problem(value: str, timex_type: str) -> str | None:
    """``None`` if ``value`` is a well-formed TIMEX3 value for ``timex_type``,
    else what was expected."""
    pattern = _PATTERNS.get(timex_type)
    if pattern is None:
        return f"a TIMEX3 type in {sorted(_PATTERNS)}"
    if not value or value == "P" or value.endswith("T") or not pattern.fullmatch(value):
        examples = {
            "DATE": "2017, 2017-11, 2017-11-19, 2017-W46, 2017-SU or PAST_REF",
            "TIME": "2017-11-19T14:30 or 2017-11-19TMO",
            "DURATION": "P3D, P1Y2M, PT3H or a vague PXD/PTXH",
            "SET": "a duration like P1W or a date pattern like XXXX-WXX-1",
        }[timex_type]
        return f"a TimeML {timex_type} value such as {examples}"
    return None
