"""Named-entity rules of the ``rules`` baseline (Wojood fine types).

Rules, applied to the words of the normalised text (proclitics و ف ب ك ل kept
outside every span; لل+name starts after the first ل):

1. **Gazetteer**: CLDR country/region names (Babel ``ar``: countries GPE,
   numeric-code regions LOC) and time-zone city names (GPE), minus
   ``cldr_stoplist.txt``, plus ``gazetteer.tsv``; longest match first.
2. **Place classifier**: a head of ``place_heads.tsv`` (``مدينة``, ``نهر``,
   ``مطار``) + a name → one mention with the head inside (``مدينة حلب``). The
   name is a gazetteer entry, or one word plus an optional definite non-nisba
   word (``دير الزور``); descriptive/direction adjectives stay out. Names found
   this way are learned and tagged wherever else they occur in the document.
3. **ORG phrases**: a head of ``org_heads.txt`` + complement: an indefinite
   head takes the next word (``تنظيم داعش``, ``قوات سوريا``) unless it looks
   like an indefinite adjective or plural (ending ة/ين/ون/ات), then definite
   words, gazetteer names and ``ل``-genitives followed by a definite word
   (``لحقوق الإنسان``) follow, up to 7 words; a phrase stops at stop words,
   descriptive adjectives (``الإرهابي``), titles (``اللواء``), timexes,
   punctuation and ``و``+word.
   A definite head with nothing after it (``الجيش``) is an anaphor: skipped.
4. **Abbreviation**: ``(X)`` of one to three words right after an ORG is an ORG
   of its own, without the parentheses, and is learned.
5. **OCC**: a title of ``titles.txt`` + its definite complement and ``باسم`` +
   phrase (``وزير الخارجية الروسي``, ``المتحدث باسم الجيش``); a construct
   title takes a name or an ORG phrase (``والي حلب``, ``قائد شرطة نينوى``, the
   inner name/ORG kept as a nested mention); bare titles too.
6. **PERS**: a given name of ``first_names.txt`` + up to three name words
   (``بن``/``عبد`` chains), ending after the first definite word; ``على``
   (folded like the name ``علي``) is the preposition.
7. **Numbers**: digits (Western or Eastern) or number words, with a scale
   word (``5 ملايين``), and vague quantities (``عشرات``) → CARDINAL; with ``%``/``في المئة`` → PERCENT.
   Approximators (``نحو``) stay out; numbers inside a timex are not repeated.
8. **Dates/times**: every TIMEX3 is also a DATE (hour-level: TIME) entity with
   the same extent.
9. **Nesting**: a gazetteer or learned name inside an ORG/OCC phrase is kept
   as its own mention; the same-type bare name inside a place-classifier
   phrase is dropped (same referent). Crossing spans: the earlier, longer wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from runners.builtin.rules_numbers import DIGITS, _alt, number_word_regex, tables
from runners.builtin.rules_text import (NormText, fold, load_list, load_table, matches,
                                        stems, words)
from runners.builtin.rules_timex import Timex


@dataclass(frozen=True)
class Mention:
    """An entity: original ``[start, end)`` and fine type."""

    start: int
    end: int
    type: str
    rule: str = ""


@lru_cache(maxsize=None)
def gazetteer() -> dict[tuple[str, ...], str]:
    """Folded name (tuple of words) → fine type."""
    from babel import Locale  # lazy: keeps the CLI fast

    loc = Locale("ar")
    stop = set(load_list("cldr_stoplist.txt"))
    gaz: dict[tuple[str, ...], str] = {}

    def put(name: str, typ: str) -> None:
        name = fold(re.sub(r"\s*\(.*?\)", "", name))
        if "،" in name or "," in name or name in stop or len(name.replace(" ", "")) < 3:
            return
        gaz.setdefault(tuple(name.split()), typ)

    for name, typ in load_table("gazetteer.tsv"):
        put(name, typ)
    for code, name in loc.territories.items():
        put(name, "LOC" if code.isdigit() or code in ("EU", "EZ", "UN", "QO") else "GPE")
    for zone in loc.time_zones.values():
        if "city" in zone:
            put(zone["city"], "GPE")
    return gaz


@lru_cache(maxsize=None)
def _sets() -> dict:
    return {
        "org": set(load_list("org_heads.txt")),
        "titles": load_list("titles.txt"),
        "title_set": set(load_list("titles.txt")),
        "place": dict(load_table("place_heads.tsv")),
        "stop": set(load_list("stopwords.txt")),
        "adj": set(load_list("descriptive_adjectives.txt")),
        "first": set(load_list("first_names.txt")),
        "verbs": set(load_list("reporting_verbs.txt")),
    }


def _strip(word: str) -> tuple[int, str]:
    """The longest proclitic-stripped reading whose rest is still ≥ 2 letters."""
    return stems(word)[-1]


def _nisba(word: str) -> bool:
    return word.startswith("ال") and word.endswith(("ي", "يه", "يين", "يون", "يات"))


class _Doc:
    def __init__(self, text: str, timexes: list[Timex]):
        self.norm = NormText.of(text)
        self.w = words(self.norm.text)
        self.orig_start = {self.norm.offsets[w.start]: i for i, w in enumerate(self.w)}
        self.in_timex = [False] * len(self.w)
        for i, w in enumerate(self.w):
            s, e = self.norm.span(w.start, w.end)
            self.in_timex[i] = any(t.start < e and s < t.end for t in timexes)

    def joined(self, i: int) -> bool:
        """Whether word i+1 follows word i across white space only."""
        if i + 1 >= len(self.w):
            return False
        gap = self.norm.text[self.w[i].end:self.w[i + 1].start]
        return gap.strip() == ""

    def span(self, i: int, j: int, skip: int = 0) -> tuple[int, int]:
        """Original offsets of words i..j inclusive, skipping ``skip`` letters of word i."""
        return self.norm.span(self.w[i].start + skip, self.w[j].end)


def _gaz_at(doc: _Doc, i: int, gaz: dict[tuple[str, ...], str], maxlen: int = 5):
    """Longest gazetteer match starting at word i: (last word index, skip, type)."""
    for n in range(maxlen, 0, -1):
        if i + n > len(doc.w):
            continue
        if n > 1 and not all(doc.joined(k) for k in range(i, i + n - 1)):
            continue
        rest = tuple(w.text for w in doc.w[i + 1:i + n])
        for skip, first in stems(doc.w[i].text):
            for cand in ((first,) + rest, ("ا" + first,) + rest if first.startswith("ل") else None):
                if cand and cand in gaz and (cand[0] == first or matches(first, cand[0])):
                    return i + n - 1, skip, gaz[cand]
    return None


def _ends_np(doc: _Doc, j: int, s: dict) -> bool:
    w = doc.w[j].text
    if doc.in_timex[j] or w in s["stop"] or w in s["adj"] or w in s["verbs"]:
        return True
    return w.startswith("و") and len(w) > 3 and w[1:].startswith("ال")


def recognise(text: str, timexes: list[Timex]) -> list[Mention]:
    """All entity mentions of a text."""
    doc = _Doc(text, timexes)
    s = _sets()
    gaz = dict(gazetteer())
    out: list[Mention] = []
    n = len(doc.w)

    def emit(i: int, j: int, skip: int, typ: str, rule: str) -> None:
        a, b = doc.span(i, j, skip)
        out.append(Mention(a, b, typ, rule))

    # pass 1: place classifiers and abbreviations teach names to the gazetteer
    for i in range(n):
        skip, head = _strip(doc.w[i].text)
        for sk, h in stems(doc.w[i].text):
            if h in s["place"]:
                skip, head = sk, h
        if head not in s["place"] or i + 1 >= n or not doc.joined(i) or doc.in_timex[i + 1]:
            continue
        g = _gaz_at(doc, i + 1, gaz)
        if g and g[1] == 0:
            emit(i, g[0], skip, s["place"][head] if s["place"][head] != "GPE" else g[2], "place")
            continue
        w1 = doc.w[i + 1].text
        if _ends_np(doc, i + 1, s) or w1 in s["place"] or w1 in s["org"] or len(w1) < 2:
            continue
        j = i + 1
        if doc.joined(j) and j + 1 < n and doc.w[j + 1].text.startswith("ال") and \
                not _nisba(doc.w[j + 1].text) and not _ends_np(doc, j + 1, s):
            j += 1
        emit(i, j, skip, s["place"][head], "place")
        gaz.setdefault(tuple(w.text for w in doc.w[i + 1:j + 1]), s["place"][head])

    # pass 2: gazetteer (with learned names), ORG, OCC, PERS
    i = 0
    while i < n:
        g = _gaz_at(doc, i, gaz)
        if g and not doc.in_timex[i]:
            emit(i, g[0], g[1], g[2], "gazetteer")
        i += 1

    titles = [tuple(t.split()) for t in s["titles"]]
    person_until = -1
    for i in range(n):
        if doc.in_timex[i] or i <= person_until:
            continue
        skip, head = 0, doc.w[i].text
        for sk, h in stems(doc.w[i].text):
            if h in s["org"]:
                skip, head = sk, h
        if head in s["org"]:
            j = _org_end(doc, i, head, gaz, s)
            if j is not None:
                emit(i, j, skip, "ORG", "org")
                _abbreviation(doc, j, gaz, out)
            continue
        t = _title_at(doc, i, titles)
        if t:
            skip, last = t
            j = _complement(doc, last, gaz, s, definite=doc.w[last].text.startswith("ال")
                            or stems(doc.w[i].text)[-1][1].startswith("ال") and last == i)
            emit(i, j, skip, "OCC", "title")
            continue
        sk, first = _strip(doc.w[i].text)
        a, b = doc.span(i, i)
        if text[b - 1:b] == "ى" and doc.w[i].text in s["stop"]:
            continue   # على (on), not the name علي: folding merged them
        if doc.w[i].text in s["first"] or first in s["first"]:
            sk = 0 if doc.w[i].text in s["first"] else sk
            j = _person_end(doc, i, s)
            if j is not None:
                emit(i, j, sk, "PERS", "person")
                person_until = j
    out += _numbers(doc, timexes)
    out += [Mention(t.start, t.end, t.entity_type, "timex") for t in timexes]
    return _resolve(out)


def _org_end(doc: _Doc, i: int, head: str, gaz, s) -> int | None:  # type: ignore[no-untyped-def]
    """Index of the last word of an ORG phrase headed at word i, or ``None``."""
    n = len(doc.w)
    j = i
    if not head.startswith("ال"):
        if not doc.joined(i) or _ends_np(doc, i + 1, s):
            return None
        g = _gaz_at(doc, i + 1, gaz)
        nxt = doc.w[i + 1].text
        if not (g and g[1] == 0) and not nxt.startswith("ال") and nxt.endswith(
                ("ه", "ين", "ون", "ات")):
            return None   # an indefinite adjective or plural, not a name (قوات كبيرة)
        j = g[0] if g and g[1] == 0 else i + 1
    while doc.joined(j) and j - i < 7:
        nxt = doc.w[j + 1].text
        if _ends_np(doc, j + 1, s) or nxt in s["title_set"]:
            break
        g = _gaz_at(doc, j + 1, gaz)
        if g and g[1] == 0:
            j = g[0]
        elif nxt.startswith("ال"):
            j += 1
        elif nxt.startswith("ل") and len(nxt) > 3 and (
                nxt.startswith("لل") or (doc.joined(j + 1) and j + 2 < n
                                         and doc.w[j + 2].text.startswith("ال"))):
            j += 1
        else:
            break
    return j if j > i else None


def _abbreviation(doc: _Doc, j: int, gaz, out: list[Mention]) -> None:  # type: ignore[no-untyped-def]
    """``(X)`` right after word j → an ORG mention X (learned)."""
    after = doc.norm.text[doc.w[j].end:]
    m = re.match(r"\s*\(\s*([^\W\d_]+(?:\s+[^\W\d_]+){0,2})\s*\)", after)
    if not m:
        return
    a = doc.w[j].end + m.start(1)
    s, e = doc.norm.span(a, doc.w[j].end + m.end(1))
    out.append(Mention(s, e, "ORG", "abbreviation"))
    gaz.setdefault(tuple(m.group(1).split()), "ORG")


def _title_at(doc: _Doc, i: int, titles) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
    for title in titles:
        k = len(title)
        if i + k > len(doc.w) or (k > 1 and not all(doc.joined(x) for x in range(i, i + k - 1))):
            continue
        if tuple(w.text for w in doc.w[i + 1:i + k]) != title[1:]:
            continue
        for skip, rest in stems(doc.w[i].text):
            if matches(rest, title[0]):
                return skip, i + k - 1
    return None


def _complement(doc: _Doc, j: int, gaz, s, definite: bool) -> int:  # type: ignore[no-untyped-def]
    """Last word of a title's complement: definite words, باسم + phrase, and
    after an indefinite (construct) title a gazetteer name or an ORG phrase."""
    start = j
    while doc.joined(j) and j - start < 5:
        nxt = doc.w[j + 1].text
        if nxt == "باسم" and doc.joined(j + 1) and not _ends_np(doc, j + 2, s):
            j += 2
            continue
        if nxt in s["adj"] and doc.joined(j + 1) and doc.w[j + 2].text == "باسم":
            j += 1   # "المتحدث الرسمي باسم": the adjective belongs to the title
            continue
        if _ends_np(doc, j + 1, s) or nxt in s["title_set"]:
            break
        if not definite and j == start and nxt in s["org"]:
            end = _org_end(doc, j + 1, nxt, gaz, s)   # "قائد شرطة نينوى": title + ORG
            if end is not None:
                j = end
                continue
        g = None if definite and j == start else _gaz_at(doc, j + 1, gaz)
        if g and g[1] == 0:
            j = g[0]
        elif nxt.startswith("ال") or (nxt.startswith("لل") and len(nxt) > 4):
            j += 1
        else:
            break
    return j


def _person_end(doc: _Doc, i: int, s) -> int | None:  # type: ignore[no-untyped-def]
    j, taken = i, 0
    while doc.joined(j) and taken < 3:
        nxt = doc.w[j + 1].text
        if _ends_np(doc, j + 1, s) or nxt in s["org"] or nxt in s["verbs"] or \
                any(nxt == t for t in s["titles"]) or nxt in s["place"]:
            break
        j += 1
        taken += 1
        if nxt.startswith("ال") and doc.w[j - 1].text not in ("عبد", "ابو", "بن", "ابن"):
            if taken > 1:
                j -= 1
            break
    return j if j > i else None


@lru_cache(maxsize=None)
def _number_pattern() -> re.Pattern[str]:
    vague = _alt(tables()["vague"])
    return re.compile(
        rf"(?<![^\W_])(?:[وف]?[بكل]|[وف])?(?P<x>(?:(?:{DIGITS}|{number_word_regex()})"
        rf"(?:\s+(?:{_alt(tables()['scales'])}))?|{vague})"
        rf"(?:\s*[%\u066a]|\s+(?:في|ب)\s?ال(?:{_alt(tables()['percent'])})"
        rf"|\s+(?P<cur>{_alt(tables()['currencies'])}))?)(?![^\W_])")


def _numbers(doc: _Doc, timexes: list[Timex]) -> list[Mention]:
    out = []
    for m in _number_pattern().finditer(doc.norm.text):
        s, e = doc.norm.span(m.start("x"), m.end("x"))
        if any(t.start < e and s < t.end for t in timexes):
            continue
        pct = m.group("x").endswith(("%", "\u066a") + tuple(tables()["percent"]))
        typ = "PERCENT" if pct else "MONEY" if m.group("cur") else "CARDINAL"
        out.append(Mention(s, e, typ, "number"))
    return out


def _resolve(mentions: list[Mention]) -> list[Mention]:
    """Dedupe; drop a same-type mention inside a place-classifier phrase or at
    the start of a longer same-type mention; drop crossing spans (the earlier,
    longer one wins)."""
    uniq = sorted(set(mentions), key=lambda m: (m.start, -(m.end - m.start)))
    seen: dict[tuple[int, int], Mention] = {}
    for m in uniq:
        seen.setdefault((m.start, m.end), m)
    kept: list[Mention] = []
    for m in seen.values():
        drop = False
        for k in kept:
            inside = k.start <= m.start and m.end <= k.end
            crosses = k.start < m.start < k.end < m.end
            if crosses or (inside and k.rule == "place" and m.type == k.type):
                drop = True
                break
            if inside and m.type == k.type and (m.start == k.start or
                                                m.rule == k.rule == "gazetteer"):
                drop = True   # a shorter reading of the same name (مجلس الأمن [الدولي])
                break
            if inside and k.rule in ("timex", "number"):
                drop = True
                break
        if not drop:
            kept.append(m)
    return sorted(kept, key=lambda m: (m.start, m.end))
