"""Attribution rules of the ``rules`` baseline (PARC 3.0 roles).

Rules:

* **Sentences** end at ``. ! ? ؟`` followed by white space (not inside a
  quotation) and at newlines.
* **Cue**: a reporting verb or phrase of ``reporting_verbs.txt`` (past,
  feminine, plural and present forms; ``نقلت عن``, ``وفقا ل``, ``بحسب``), with a
  conjunction و/ف left outside. ``وفقا ل`` keeps its ل even when glued to the
  next word.
* **Verb cues** need a content marker within twelve words: a complementizer
  (``أن``/``إن``/``ان``/``بأن``, pronoun suffixes allowed: ``أنه``), a colon or an
  opening quotation mark. Words between the cue and the marker are the source
  (VSO), cut at a comma, a preposition (also a glued ل: ``قال مسؤول لوكالة``),
  a timex, a conjunction ``و``+word or a relative pronoun, and stretched to the end of an entity it cuts or of a
  parenthesised abbreviation right after it. With nothing between (SVO, ``وقال
  إن``), the source is the nearest entity before the cue in the sentence, else
  empty (implicit).
* **Content**: after a complementizer, from the next word (the complementizer
  and its glued pronoun are out) to the sentence end, final stop out; after a
  colon or at a quotation mark, the quotation with its marks.
* **Prepositional cues** (``وفقا ل``, ``بحسب``, ``نقلا عن``): the source is the
  noun phrase after the cue; the content is the rest of the sentence after it
  (``فإن`` and a comma skipped) when the cue opens the sentence, else the part
  of the sentence before the cue, without a conjunction glued to its first
  word (``ومن المقرر`` → ``من المقرر``).
* **Kind**: ``direct`` when the content is one quotation, ``mixed`` when it
  holds a quotation and unquoted text, else ``indirect``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from runners.builtin.rules_text import NormText, fold, load_list, words

OPEN_Q = "\"«“„'"
CLOSE_Q = {"«": "»", "“": "”", "„": "“", '"': '"', "'": "'"}
_COMP = re.compile(r"^(?:[وف]?ب?ان|[وف]?لان)(?:ه|ها|هم|هما|هن|نا|ني)?$")
_PREP_CUES = ("وفقا ل", "طبقا ل", "بحسب", "حسب", "نقلا عن")
_SOURCE_STOPS = {"في", "من", "على", "الي", "عن", "مع", "خلال", "بعد", "قبل", "منذ", "الذي",
                 "التي", "الذين", "حيث", "امس", "اليوم", "لوكاله", "لصحيفه", "لقناه"}


@dataclass
class Attribution:
    """One relation; each role a list of original ``(start, end)`` spans."""

    source: list[tuple[int, int]]
    cue: list[tuple[int, int]]
    content: list[tuple[int, int]]
    kind: str
    extra: dict = field(default_factory=dict)

    def to_record(self) -> dict:
        def spans(xs):  # type: ignore[no-untyped-def]
            return [{"start": s, "end": e} for s, e in xs]
        return {"source": spans(self.source), "cue": spans(self.cue),
                "content": spans(self.content), "kind": self.kind}


@lru_cache(maxsize=None)
def cues() -> tuple[tuple[str, ...], ...]:
    """Folded cue phrases as word tuples, longest first (``وفقا ل`` → ("وفقا", "ل"))."""
    return tuple(sorted((tuple(c.split()) for c in load_list("reporting_verbs.txt")),
                        key=lambda t: -len(t)))


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: cut after . ! ? ؟ + white space outside quotes, and at newlines."""
    out, start, depth_close = [], 0, []
    for i, ch in enumerate(text):
        if depth_close and ch == depth_close[-1]:
            depth_close.pop()
            continue
        if ch in CLOSE_Q and ch in OPEN_Q and (ch not in "'\"" or not depth_close):
            depth_close.append(CLOSE_Q[ch])
            continue
        if ch == "\n" or (not depth_close and ch in ".!?؟" and
                          (i + 1 == len(text) or text[i + 1].isspace())):
            out.append((start, i + (0 if ch == "\n" else 1)))
            start = i + 1
            depth_close = [] if ch == "\n" else depth_close
    out.append((start, len(text)))
    trimmed = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Strip white space, a final stop and trailing commas from ``[s, e)``."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ".،,؛;:"):
        e -= 1
    return s, e


def _drop_conjunction(text: str, s: int, e: int) -> int:
    """Skip a conjunction و/ف glued to a content's first word when the rest is a
    function word or a definite noun (``ومن المقرر`` → ``من المقرر``)."""
    m = re.match(r"[وف]([^\W_]+)", text[s:e])
    if m and (fold(m.group(1)) in _stop() or fold(m.group(1)).startswith("ال")):
        return s + 1
    return s


@lru_cache(maxsize=None)
def _verb_set() -> set[str]:
    return {c for c in load_list("reporting_verbs.txt") if " " not in c}


@lru_cache(maxsize=None)
def _stop() -> set[str]:
    return set(load_list("stopwords.txt"))


def _quote_end(text: str, s: int) -> int | None:
    close = CLOSE_Q.get(text[s])
    e = text.find(close, s + 1) if close else -1
    return e + 1 if e > 0 else None


def _kind(text: str, s: int, e: int) -> str:
    piece = text[s:e]
    if piece and piece[0] in OPEN_Q and _quote_end(text, s) == e:
        return "direct"
    return "mixed" if any(q in piece for q in OPEN_Q + "»”") else "indirect"


def recognise(text: str, entities, timexes) -> list[Attribution]:  # type: ignore[no-untyped-def]
    """All attribution relations of a text."""
    norm = NormText.of(text)
    ws = words(norm.text)
    spans = [norm.span(w.start, w.end) for w in ws]
    ents = [(m.start, m.end) for m in entities if m.type in ("ORG", "PERS", "GPE", "OCC", "NORP")]
    tx = [(t.start, t.end) for t in timexes]
    out: list[Attribution] = []
    cue_list = cues()
    for s_start, s_end in sentences(text):
        idx = [k for k, (a, b) in enumerate(spans) if a >= s_start and b <= s_end]
        k = 0
        while k < len(idx):
            i = idx[k]
            found = _cue_at(ws, i, cue_list)
            if not found:
                k += 1
                continue
            last, skip, phrase = found
            cue_s = norm.span(ws[i].start + skip, ws[i].end)[0]
            if phrase[-1] == "ل":   # وفقا ل: the ل glued to the next word
                cue_e = spans[last][0] + 1
            else:
                cue_e = spans[last][1]
            ctx = (text, spans, idx, k, last, s_start, s_end, ents, tx)
            rel = (_prepositional(ctx, cue_s, cue_e, phrase) if " ".join(phrase) in
                   _prep_cues() else _verbal(ctx, cue_s, cue_e))
            if rel and all(e > s for role in (rel.source, rel.cue, rel.content)
                           for s, e in role):
                out.append(rel)
            k += 1 + (last - i)
    return out


@lru_cache(maxsize=None)
def _prep_cues() -> set[str]:
    return {fold(c) for c in _PREP_CUES}


def _cue_at(ws, i: int, cue_list):  # type: ignore[no-untyped-def]
    first = ws[i].text
    for phrase in cue_list:
        n = len(phrase)
        if i + n > len(ws):
            continue
        for skip in (0, 1):
            if skip and not (first[:1] in "وف" and len(first) > 3):
                continue
            head = first[skip:]
            if phrase[-1] == "ل" and n >= 2:
                ok = (head == phrase[0] and n == 2 and ws[i + 1].text.startswith("ل")
                      and len(ws[i + 1].text) > 2)
            else:
                ok = head == phrase[0] and tuple(w.text for w in ws[i + 1:i + n]) == phrase[1:]
            if ok:
                return i + n - 1, skip, phrase
    return None


def _entity_before(ents, s_start: int, pos: int):  # type: ignore[no-untyped-def]
    best = None
    for a, b in ents:
        if s_start <= a and b <= pos and (best is None or b > best[1] or
                                          (b == best[1] and a < best[0])):
            best = (a, b)
    return best


def _stretch(text: str, a: int, b: int, ents) -> int:  # type: ignore[no-untyped-def]
    """Extend a source end over an entity it cuts and a following ``(abbr)``."""
    for ea, eb in ents:
        if ea < b < eb and ea >= a:
            b = eb
    m = re.match(r"\s*\([^()\n]{1,40}\)", text[b:])
    return b + m.end() if m else b


def _source_after(ctx, from_k: int, to_k: int) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
    """The noun phrase in words ``idx[from_k:to_k]``, cut at the first stop."""
    text, spans, idx, _, _, _, _, ents, tx = ctx
    first = last = None
    for k in range(from_k, to_k):
        a, b = spans[idx[k]]
        w = text[a:b]
        fw = fold(w)
        if fw in _verb_set() or (fw[:1] in "وف" and fw[1:] in _verb_set()):
            break   # another cue starts: the source cannot run into it
        in_tx = any(ta <= a and b <= tb for ta, tb in tx)
        if first is not None:
            gap = text[spans[idx[k - 1]][1]:a]
            if gap.strip() or fw in _SOURCE_STOPS or in_tx or _conjoined(fw) or _COMP.match(fw) \
                    or (fw.startswith("ل") and not fw.startswith("لل") and fw not in _heads()):
                break
        elif in_tx or fw in _SOURCE_STOPS or _COMP.match(fw):
            if in_tx:
                continue
            break
        if first is None:
            first = a
        last = b
    if first is None:
        return None
    return first, _stretch(text, first, last, ents)


def _conjoined(word: str) -> bool:
    """A و+word that starts a new conjunct (not a noun like وزارة/وكالة)."""
    if not word.startswith("و") or len(word) < 4:
        return False
    return word not in _heads()


@lru_cache(maxsize=None)
def _heads() -> set[str]:
    return set(load_list("org_heads.txt")) | set(load_list("titles.txt")) | {
        w.split("\t")[0] for w in load_list("place_heads.tsv")}


def _verbal(ctx, cue_s: int, cue_e: int) -> Attribution | None:  # type: ignore[no-untyped-def]
    text, spans, idx, k, last, s_start, s_end, ents, tx = ctx
    j = idx.index(last)
    marker = None
    for m in range(j + 1, min(j + 13, len(idx))):
        a, b = spans[idx[m]]
        between = text[spans[idx[m - 1]][1]:a]
        if ":" in between or any(q in between for q in OPEN_Q):
            pos = a - len(between) + max(between.find(":"), -1) if ":" in between else None
            q = next((a - len(between) + between.index(c) for c in OPEN_Q if c in between), None)
            marker = ("quote", q, m) if q is not None else ("colon", pos, m)
            break
        if _COMP.match(fold(text[a:b])):
            marker = ("comp", b, m)
            break
    if marker is None:
        return None
    kind_m, pos, m = marker
    # content
    if kind_m == "comp":
        if m + 1 >= len(idx):
            return None
        c_s, c_e = _trim(text, pos, s_end)   # from right after the complementizer
    else:
        rest = text[pos:s_end] if kind_m == "quote" else text[pos + 1:s_end]
        off = pos if kind_m == "quote" else pos + 1
        lead = len(rest) - len(rest.lstrip())
        c_s = off + lead
        q_end = _quote_end(text, c_s) if c_s < len(text) and text[c_s] in OPEN_Q else None
        c_s, c_e = (c_s, q_end) if q_end and q_end <= max(s_end, q_end) else _trim(text, c_s, s_end)
    if c_e <= c_s:
        return None
    # source
    src = _source_after(ctx, j + 1, m)
    if src is None:
        src = _entity_before(ents, s_start, cue_s)
    return Attribution([src] if src else [], [(cue_s, cue_e)], [(c_s, c_e)],
                       _kind(text, c_s, c_e))


def _prepositional(ctx, cue_s: int, cue_e: int, phrase) -> Attribution | None:  # type: ignore[no-untyped-def]
    text, spans, idx, k, last, s_start, s_end, ents, tx = ctx
    j = idx.index(last)
    if phrase[-1] == "ل":   # source starts inside the glued word
        a, b = spans[idx[j]]
        src = (cue_e, b)
        nxt = _source_after(ctx, j + 1, len(idx))
        if nxt and not text[b:nxt[0]].strip():
            src = (cue_e, nxt[1])
        src = (src[0], _stretch(text, src[0], src[1], ents))
    else:
        src = _source_after(ctx, j + 1, len(idx))
    if not src:
        return None
    before = text[s_start:cue_s].strip(" \t،,")
    if before in ("", "و", "ف"):
        rest = text[src[1]:s_end]
        m = re.match(r"[\s،,]*(?:[وف]?[إاأ]ن(?:ه|ها|هم)?\s+)?", rest)
        c_s, c_e = _trim(text, src[1] + (m.end() if m else 0), s_end)
    else:
        c_s, c_e = _trim(text, s_start, cue_s)
        c_s = _drop_conjunction(text, c_s, c_e)
        if text[c_e - 1:c_e] == "و" and text[c_e - 2:c_e - 1].isspace():
            c_e = _trim(text, c_s, c_e - 1)[1]
    if c_e <= c_s:
        return None
    return Attribution([src], [(cue_s, cue_e)], [(c_s, c_e)], _kind(text, c_s, c_e))
