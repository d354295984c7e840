"""``entity_swap``: give one referent another name of the same type.

Rules:

* Eligible referents are ``ref`` clusters whose required mentions have the type
  ``type`` (default ``GPE``; ``PERS`` too, from a small list of Arab family
  names, :data:`PERSON_NAMES`). A document with no eligible cluster is returned
  unchanged. One is
  chosen with the seeded generator (refs sorted first).
* The cluster's *name* is the most frequent text among its required mentions
  and their alternative extents (ties: the shorter, so the bare name beats
  ``مدينة الرقة``, then the first in text order); optional nominal mentions
  (``المدينة``) never give the name.
* The new name is drawn from :data:`GAZETTEER` (for GPE CLDR's Arabic city names, via
  Babel) among names that occur nowhere in the text. Every occurrence of the old name that is a whole word (after at
  most three proclitic letters و ف ب ل ك) *and* lies inside a span of the
  cluster (a mention or an alternative extent) is replaced, so unrelated text
  is never touched; nested mentions and containing mentions follow through the
  offset map.
* The article is handled: after a proclitic ل the article's alef drops
  (``ل`` + ``الرقة`` → ``للرقة``, the span keeping ``لرقة`` as the guidelines
  annotate ``لبوكمال``; ``ل`` + ``اللاذقية`` → ``للاذقية``), and the written ``للبوكمال`` form of a name with the
  article is found and rewritten the same way (``لحمص`` for a name without one).
* Types, values, refs and links are unchanged; the result may be
  counterfactual (a country named like a city), which is the point. An
  alternative extent whose boundary fell inside the replaced name and so
  merges into its mention's extent is dropped (``مدرسة سانتا`` beside
  ``مدرسة سانتا في`` when ``سانتا في`` is renamed).
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass
from typing import ClassVar

from benchmark.core.documents import Document
from benchmark.perturb.edit import Edit, remap_document
from benchmark.perturb.kinds import ARABIC_LETTERS, Kind

def _cldr_cities() -> tuple[str, ...]:
    """Arabic names of the cities in CLDR's time-zone list (Babel), letters and
    spaces only, sorted: a general gazetteer, not one chosen for any document."""
    from babel import Locale

    zones = Locale.parse("ar").time_zones
    names = {v["city"] for v in zones.values() if "city" in v}
    return tuple(sorted(n for n in names if re.fullmatch("[\u0621-\u064a]+(?: [\u0621-\u064a]+)*", n)))


#: Common Arab family names, one word each and without the article, written
#: for this module: a person's cluster name is usually the surname alone
#: (``ترامب``), and inside ``دونالد ترامب`` only that word is replaced.
PERSON_NAMES: tuple[str, ...] = (
    "حداد", "منصور", "خوري", "عيسى", "سليمان", "نصار", "حمدان", "عثمان", "قاسم", "بركات",
    "جابر", "سلامة", "داود", "زيدان", "شحادة", "عواد", "مراد", "فاضل", "درويش", "عطية",
    "هاشم", "نعمان", "رضوان", "غانم")

#: type → replacement names. GPE: CLDR's Arabic city names (about 400); PERS:
#: :data:`PERSON_NAMES`.
GAZETTEER: dict[str, tuple[str, ...]] = {"GPE": _cldr_cities(), "PERS": PERSON_NAMES}
_PROCLITICS = set("وفبلك")
_LETTERS = set(ARABIC_LETTERS)


def _name_of(doc: Document, ref: str) -> str | None:
    texts: list[tuple[int, str]] = []
    for e in doc.entities:
        if e.ref == ref and not e.optional:
            texts.append((e.start, e.text))
            texts += [(a.start, a.text) for a in e.alternatives
                      if a.text is not None and a.start is not None]
    if not texts:
        return None
    counts = Counter(t for _, t in texts)
    first = {t: s for s, t in sorted(texts, reverse=True)}
    return max(counts, key=lambda t: (counts[t], -len(t), -first[t]))


@dataclass(frozen=True)
class EntitySwap(Kind):
    """Rename one ``type`` referent everywhere it is annotated (see the module rules)."""

    name: ClassVar[str] = "entity_swap"
    semantic: ClassVar[bool] = True
    type: str = "GPE"

    def __post_init__(self) -> None:
        if self.type not in GAZETTEER:
            raise ValueError(f"no gazetteer for type {self.type!r}; have {', '.join(GAZETTEER)}")

    def apply(self, doc: Document, rng: random.Random) -> Document:
        refs = sorted({e.ref for e in doc.entities if e.ref and e.type == self.type
                       and not e.optional})
        if not refs:
            return doc
        ref = rng.choice(refs)
        old = _name_of(doc, ref)
        choices = [n for n in GAZETTEER[self.type] if n not in doc.text]
        if old is None or not choices:
            return doc
        new = rng.choice(choices)
        return remap_document(doc, self.edits_for(doc, ref, old, new))

    @staticmethod
    def edits_for(doc: Document, ref: str, old: str, new: str) -> list[Edit]:
        """Edits renaming ``old`` to ``new`` inside the spans of cluster ``ref``."""
        spans = []
        for e in doc.entities:
            if e.ref == ref:
                spans.append((e.start, e.end))
                spans += [(a.start, a.end) for a in e.alternatives
                          if a.start is not None and a.end is not None]
        text = doc.text
        patterns = [(re.escape(old), 0)]
        if old.startswith("ال"):  # ل + البوكمال is written للبوكمال
            patterns.append((r"(?<=ل)" + re.escape("ل" + old[2:]), 1))
        edits: dict[int, Edit] = {}
        for pattern, assimilated in patterns:
            for m in re.finditer(pattern, text):
                a, b = m.start(), m.end()
                if b < len(text) and text[b] in _LETTERS:
                    continue  # not the end of a word
                k = a - assimilated
                while k > 0 and text[k - 1] in _LETTERS:
                    k -= 1
                prefix = text[k:a - assimilated]
                if len(prefix) > 3 or not set(prefix) <= _PROCLITICS:
                    continue  # not a whole word after proclitics
                if not any(s <= a and b <= e for s, e in spans):
                    continue  # outside the cluster's annotations
                lam_lam = new.startswith("الل")  # ل + اللاذقية → للاذقية
                if assimilated:
                    replacement = (new[2:] if lam_lam else "ل" + new[2:]) \
                        if new.startswith("ال") else new
                elif new.startswith("ال") and prefix.endswith("ل"):
                    replacement = new[2:] if lam_lam else new[1:]
                else:
                    replacement = new
                edits[a] = Edit(a, b, replacement)
        return [edits[a] for a in sorted(edits)]


__all__ = ["EntitySwap", "GAZETTEER", "PERSON_NAMES"]
