"""``dct_shift``: move the document creation time by ``days`` and the story with it.

Rules:

* The DCT moves by ``days``. Every calendar TIMEX3 value (main and alternative
  values of DATE/TIME timexes) moves by the DCT's displacement measured at the
  value's own granularity: a day by ``days`` days, an ISO week by the number of
  weeks between the old and new DCT's weeks, a month by the months between
  their months, a year by the years between their years
  (:func:`benchmark.core.timex_arith.add`). Durations, ``PAST_REF`` and values with
  ``X`` are unchanged. So an absolute date, ``اليوم``, a weekday and an
  anchored ``بعد يوم واحد`` all move with the story, and ``أكتوبر الماضي``
  stays "the month before the DCT".
* Inside each moved timex's extent the words that spell the value are
  rewritten, in place: day digits (same digit script, no zero padding), a day ordinal
  (``الثامن`` → ``الحادي عشر``), a month name (same naming system: Gregorian
  ``نوفمبر`` or Levantine ``تشرين الثاني``), a four-digit year, a weekday
  name, and a month relation word (``الجاري``/``الماضي``/``المقبل``) when the
  day's month no longer stands in that relation to the new DCT. Words are
  rewritten only when the value they spell changes, and always in the
  canonical spelling of the tables below, so shifting by ``days`` then by
  ``-days`` restores canonical text and gold exactly (non-canonical
  ``الحالي``/``القادم``/``المنصرم`` come back canonical when respelt).
* A relation word counts only after a month: after a month name (``مايو
  الماضي``, ``نوفمبر/ تشرين الثاني القادم``) it means the latest (next) such
  month, 1 to 11 months before (after) the DCT's month, as the gold reads it,
  so only its sign matters; after ``الشهر``/``شهر`` it is exactly one month
  back (``الماضي``), the DCT's month (``الجاري``) or one ahead (``المقبل``).
  After a weekday, ``الأسبوع`` or ``العام`` it is left alone: the shift keeps
  the day, ISO week (``2018-W36``, ``2018-W28-WE``) or year in the same
  relation to the new DCT. Parts of day (``2018-04-11TMO``) ride with their day.
* When no single word can say the month's relation any more (``الشهر الماضي``
  for a month now two back, ``يونيو الماضي`` for a June now 12 months back) the
  expression is made absolute, never an error: the relation word (with
  ``الشهر`` before it) becomes the Gregorian month and year (``الثالث من الشهر
  الماضي`` → ``الثالث من أكتوبر 2017``; after a month name, just the year:
  ``يونيو 2017``), the value is the moved value and the anchor becomes null.
  Such a variant does not round-trip (its text no longer depends on the DCT).
* An absolute timex (anchor null) whose words spell nothing the shift can
  respell (``العام 70م``, ``اغسطس 2015`` in a non-canonical spelling) keeps its
  value, since the text still says it. Durations, ``PAST_REF``/``FUTURE_REF``/
  ``PRESENT_REF`` and values with ``X`` are never touched.
* This is the one kind that reads the annotations (the values it must move).
  Run it before surface kinds (``perturb`` orders it first), since it matches
  words in their plain spelling.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import ClassVar

from benchmark.core.documents import Alternative, Document
from benchmark.perturb.edit import Edit, remap_document
from benchmark.perturb.kinds import Kind
from benchmark.core.timex_arith import add, granularity, to_date

GREGORIAN = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس",
             "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر")
LEVANTINE = ("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب",
             "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول")
#: Monday=0, as ``date.weekday()``.
WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
_UNITS = ("الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن",
          "التاسع")
#: Day ordinals 1..31 (masculine, as for days of the month); index 0 unused.
ORDINALS = ("", *_UNITS, "العاشر", "الحادي عشر",
            *(u + " عشر" for u in _UNITS[1:]), "العشرين", "الحادي والعشرين",
            *(u + " والعشرين" for u in _UNITS[1:]), "الثلاثين", "الحادي والثلاثين")
#: Month relation to the DCT's month (-1, 0, +1) → canonical word, and every word read.
RELATION_WORD = {-1: "الماضي", 0: "الجاري", 1: "المقبل"}
RELATION_OF = {"الماضي": -1, "المنصرم": -1, "الفائت": -1, "الجاري": 0, "الحالي": 0,
               "المقبل": 1, "القادم": 1}
_WESTERN, _EASTERN = "0123456789", "٠١٢٣٤٥٦٧٨٩"


def _alternation(words) -> str:  # longest first, so "تشرين الثاني" beats nothing shorter
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)


_TOKEN = re.compile(
    rf"(?P<ordinal>{_alternation(ORDINALS)})(?=\s+من\b)"
    rf"|(?P<month>{_alternation(GREGORIAN + LEVANTINE)})"
    rf"|(?P<weekday>{_alternation(WEEKDAYS)})"
    rf"|(?P<rel>{_alternation(RELATION_OF)})(?![\u0621-\u064a])"
    rf"|(?<![\d٠-٩])(?P<year>[\d٠-٩]{{4}})(?![\d٠-٩])"
    rf"|(?<![\d٠-٩:])(?P<day>[\d٠-٩]{{1,2}})(?![\d٠-٩:])")
#: What a relation word modifies, read from the text just before it: a month
#: name (optionally ``name/ name``), or the bare word ``الشهر``/``شهر``.
_MONTH_NAME = _alternation(GREGORIAN + LEVANTINE)
_BEFORE_REL = re.compile(
    rf"(?:(?P<named>(?:{_MONTH_NAME})(?:\s*/\s*(?:{_MONTH_NAME}))?)|(?P<bare>ال?شهر))\s+$")
#: ISO week values with a suffix the arithmetic does not read (``2018-W28-WE``).
_WEEK_SUFFIX = re.compile(r"^(\d{4}-W\d{2})(-WE)$")


def _digits(n: int, like: str, width: int = 0) -> str:
    s = str(n).zfill(width)
    return s.translate(str.maketrans(_WESTERN, _EASTERN)) if like[0] in _EASTERN else s


def _months(d: date) -> int:
    return d.year * 12 + d.month - 1


def _shift_value(value: str, days: int, old: date, new: date) -> str:
    """``value`` moved by the DCT's displacement at the value's granularity."""
    week = _WEEK_SUFFIX.match(value)
    if week:  # a weekend moves with its week
        return _shift_value(week.group(1), days, old, new) + week.group(2)
    try:
        gran = granularity(value)
    except ValueError:
        return value  # durations, PAST_REF, X digits: not calendar values
    if gran == "D":
        return add(value, days, "D")
    if gran == "W":
        monday = lambda d: d - timedelta(days=d.weekday())  # noqa: E731
        return add(value, (monday(new) - monday(old)).days // 7, "W")
    if gran == "M":
        return add(value, _months(new) - _months(old), "M")
    return add(value, new.year - old.year, "Y")


def _rewrite(text: str, start: int, end: int, old_value: str, new_value: str,
             new_dct: date) -> tuple[list[Edit], bool]:
    """Edits that respell the calendar words in ``text[start:end]`` for
    ``new_value``, and whether the expression had to become absolute (a month
    relation no single word can say any more: the anchor no longer applies)."""
    if old_value == new_value:
        return [], False
    week = _WEEK_SUFFIX.match(new_value)
    if week:
        new_value, old_value = week.group(1), _WEEK_SUFFIX.match(old_value).group(1)
    gran = granularity(new_value)
    old_d, new_d = to_date(old_value), to_date(new_value)
    out: list[Edit] = []
    absolute = False
    eastern = any(c in _EASTERN for c in text[start:end])
    for m in _TOKEN.finditer(text, start, end):
        kind, word = m.lastgroup, m.group()
        new_word = word
        a = m.start()
        if kind == "ordinal" and gran == "D":
            new_word = ORDINALS[new_d.day]
        elif kind == "day" and gran == "D" and int(word.translate(
                str.maketrans(_EASTERN, _WESTERN))) == old_d.day:
            new_word = _digits(new_d.day, word)
        elif kind == "month" and gran in "DM":
            names = LEVANTINE if word in LEVANTINE else GREGORIAN
            new_word = names[new_d.month - 1]
        elif kind == "year" and gran in "DMY" and int(word.translate(
                str.maketrans(_EASTERN, _WESTERN))) == old_d.year:
            new_word = _digits(new_d.year, word)
        elif kind == "weekday" and gran == "D":
            new_word = WEEKDAYS[new_d.weekday()]
        elif kind == "rel" and gran in "DM":
            before = _BEFORE_REL.search(text, start, m.start())
            if before is None:
                continue  # modifies a weekday, week or year: the shift keeps it true
            relation = _months(new_d) - _months(new_dct)
            if before.group("named"):
                # "مايو الماضي" is the latest May before the DCT, up to 11 months back
                fits = abs(relation) <= 11
                sign = (relation > 0) - (relation < 0)
                if fits and sign != RELATION_OF[word]:
                    new_word = RELATION_WORD[sign]
                elif not fits:  # "مايو الماضي" → "مايو 2017"
                    new_word, absolute = _digits(new_d.year, "٠" if eastern else "0"), True
            elif relation != RELATION_OF[word]:  # "الشهر الماضي" is exactly one month back
                if relation in RELATION_WORD:
                    new_word = RELATION_WORD[relation]
                else:  # "الثالث من الشهر الماضي" → "الثالث من يونيو 2018"
                    a, absolute = before.start(), True
                    new_word = (GREGORIAN[new_d.month - 1] + " "
                                + _digits(new_d.year, "٠" if eastern else "0"))
        if new_word != word or a != m.start():
            out.append(Edit(a, m.end(), new_word))
    return out, absolute


@dataclass(frozen=True)
class DctShift(Kind):
    """Move the DCT by ``days`` and every calendar value and date word with it
    (see the module docstring for the rules)."""

    name: ClassVar[str] = "dct_shift"
    semantic: ClassVar[bool] = True
    days: int = 30

    def apply(self, doc: Document, rng: random.Random) -> Document:
        if self.days == 0:
            return doc
        old = date.fromisoformat(doc.dct)
        new = old + timedelta(days=self.days)
        edits: list[Edit] = []
        values: dict[str, tuple[str, tuple[Alternative, ...]]] = {}
        for t in doc.timexes:
            if t.type not in ("DATE", "TIME"):
                continue
            value = _shift_value(t.value, self.days, old, new)
            alts = tuple(replace(a, value=_shift_value(a.value, self.days, old, new))
                         if a.value is not None and (a.type or t.type) in ("DATE", "TIME")
                         else a for a in t.alternatives)
            mine, absolute = _rewrite(doc.text, t.start, t.end, t.value, value, new)
            if t.anchor is None and not mine and value != t.value:
                # an absolute expression whose words do not spell the change
                # ("العام 70م") keeps the value it states
                value, alts = t.value, t.alternatives
            values[t.id] = (value, alts, None if absolute else t.anchor)
            edits += mine
        moved = remap_document(doc, edits)
        timexes = tuple(replace(t, value=values[t.id][0], anchor=values[t.id][2],
                                alternatives=tuple(replace(a, value=b.value) for a, b in
                                                   zip(t.alternatives, values[t.id][1])))
                        if t.id in values else t for t in moved.timexes)
        return replace(moved, dct=new.isoformat(), timexes=timexes)


__all__ = ["DctShift", "GREGORIAN", "LEVANTINE", "ORDINALS", "WEEKDAYS"]
