"""Arabic number words and digits for the ``rules`` baseline.

Rules (data: ``rules_data/numbers.json``):

* cardinals 1–10, teens (``خمسة عشر``), tens with an optional unit joined by و
  (``خمسة وعشرين``), hundreds, and scale words (``ألف``, ``مليون``);
* digits: ASCII or Eastern Arabic (already folded to ASCII by normalisation),
  with ``,``/``.``/``٫``/``٬`` separators;
* day ordinals 1–31 with the article (``الثامن``, ``الحادي عشر``,
  ``الحادي والعشرين``, ``الثلاثين``);
* vague quantities (``عشرات``, ``مئات``, ``آلاف``, ``عشرات الآلاف``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from runners.builtin.rules_text import fold, load_json


def _alt(words) -> str:  # type: ignore[no-untyped-def]
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda s: (-len(s), s)))


@lru_cache(maxsize=None)
def tables() -> dict:
    """Folded number tables: name → {folded word: value}."""
    raw = load_json("numbers.json")
    out = {}
    for key, val in raw.items():
        if key.startswith("_"):
            continue
        if isinstance(val, dict):
            out[key] = {fold(k): v for k, v in val.items()}
        else:
            out[key] = [fold(v) for v in val]
    return out


@lru_cache(maxsize=None)
def number_word_regex(article: bool = False) -> str:
    """Regex source (no groups) for a cardinal number phrase in words."""
    t = tables()
    a = "ال" if article else ""
    units = _alt(a + w for w in t["units"])
    teens = f"(?:{_alt(a + w for w in t['teens_first'])})\\s+(?:{_alt(t['teens_second'])})"
    tens = f"(?:(?:{units})\\s+و)?(?:{_alt(a + w for w in t['tens'])})"
    hundreds = _alt(a + w for w in t["hundreds"])
    return f"(?:{hundreds}|{tens}|{teens}|{units})"


@lru_cache(maxsize=None)
def ordinal_day_regex() -> str:
    """Regex source for a day ordinal 1–31 with the article."""
    t = tables()
    first = _alt(t["ordinal_teen_first"])
    return (f"(?:(?:{first})\\s+و(?:{_alt(t['ordinal_tens'])})|(?:{_alt(t['ordinal_tens'])})"
            f"|(?:{first})\\s+عشر|(?:{_alt(t['ordinal_units'])}))")


def _strip_article(w: str) -> str:
    return w[2:] if w.startswith("ال") and len(w) > 3 else w


def number_value(phrase: str) -> int | None:
    """The value of a folded number-word phrase (``خمسه وعشرين`` → 25)."""
    t = tables()
    toks = [_strip_article(w) for w in phrase.split()]
    if len(toks) == 2 and toks[1] in t["teens_second"] and toks[0] in t["teens_first"]:
        return 10 + t["teens_first"][toks[0]]
    total = 0
    for w in toks:
        w2 = w[1:] if w.startswith("و") and w[1:] and _strip_article(w[1:]) in t["tens"] else w
        w2 = _strip_article(w2)
        for table in ("units", "tens", "hundreds"):
            if w2 in t[table]:
                total += t[table][w2]
                break
        else:
            return None
    return total or None


def ordinal_value(phrase: str) -> int | None:
    """The day number of a folded ordinal phrase (``الحادي والعشرين`` → 21)."""
    t = tables()
    toks = phrase.split()
    if len(toks) == 1:
        return t["ordinal_units"].get(toks[0]) or t["ordinal_tens"].get(toks[0])
    if len(toks) == 2 and toks[1] == "عشر":
        first = t["ordinal_teen_first"].get(toks[0])
        return 10 + first if first else None
    if len(toks) == 2 and toks[1].startswith("و"):
        first, tens = t["ordinal_teen_first"].get(toks[0]), t["ordinal_tens"].get(toks[1][1:])
        return first + tens if first and tens else None
    return None


DIGITS = r"\d+(?:[.,\u066b\u066c]\d+)*"
