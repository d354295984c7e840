"""Seeded, composable perturbations of gold documents.

Each kind is a small frozen class with ``name``, ``version``, ``params`` and
``apply(doc, rng) -> Document``: it proposes character :class:`Edit`\\ s from
the text alone (only ``dct_shift`` reads the values it must move), and :func:`remap_document` carries
every gold span through the exact offset map. The same ``random.Random`` seed
gives the same variant. Each kind touches only the characters its rule names.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, fields
from typing import Any, ClassVar

from benchmark.core.documents import Document
from benchmark.perturb.edit import Edit, remap_document

ARABIC_LETTERS = "".join(chr(c) for c in range(0x0621, 0x064B))
HARAKAT = "".join(chr(c) for c in range(0x064B, 0x0653))  # tanween, fatha … sukun
TATWEEL = "\u0640"
#: Letters that join to the letter after them (dual-joining), tatweel included.
DUAL_JOINING = set("بتثجحخسشصضطظعغفقكلمنهيئـ")
#: Letters that join to the letter before them (dual- and right-joining; not hamza ء).
RIGHT_JOINING = DUAL_JOINING | set("اأإآدذرزوؤةى")
_WORD_CHAR = set(ARABIC_LETTERS) | set(HARAKAT) | {TATWEEL}


def _word_final(text: str, i: int) -> bool:
    """The character at ``i`` ends an Arabic word (no letter, mark or tatweel follows)."""
    return i + 1 >= len(text) or text[i + 1] not in _WORD_CHAR


@dataclass(frozen=True)
class Kind:
    """A perturbation: ``edits(text, rng)`` proposes edits, ``apply`` maps the gold."""

    name: ClassVar[str] = ""
    version: ClassVar[int] = 1
    #: Semantic kinds (values change) run before surface kinds (spelling only).
    semantic: ClassVar[bool] = False

    @property
    def params(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @property
    def signature(self) -> str:
        """``orthography@1(p=0.5)``: name, version and parameters."""
        args = ",".join(f"{k}={v}" for k, v in sorted(self.params.items()))
        return f"{self.name}@{self.version}" + (f"({args})" if args else "")

    def edits(self, text: str, rng: random.Random) -> list[Edit]:  # pragma: no cover
        raise NotImplementedError

    def apply(self, doc: Document, rng: random.Random) -> Document:
        return remap_document(doc, self.edits(doc.text, rng))


def _check_p(p: float) -> None:
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"p must be in [0, 1], got {p}")


@dataclass(frozen=True)
class Orthography(Kind):
    """Common spelling variation, each occurrence with probability ``p``:
    hamza-carrying alef (أ إ آ) → bare alef ا anywhere; word-final ta marbuta
    ة → ه; alef maqsura ى → ي, and word-final ي → ى. One character for one."""

    name: ClassVar[str] = "orthography"
    p: float = 0.5

    def __post_init__(self) -> None:
        _check_p(self.p)

    def edits(self, text: str, rng: random.Random) -> list[Edit]:
        out = []
        for i, ch in enumerate(text):
            if ch in "أإآ":
                new = "ا"
            elif ch == "ة" and _word_final(text, i):
                new = "ه"
            elif ch == "ى":
                new = "ي"
            elif ch == "ي" and _word_final(text, i) and i > 0 and text[i - 1] in _WORD_CHAR:
                new = "ى"
            else:
                continue
            if rng.random() < self.p:
                out.append(Edit(i, i + 1, new))
        return out


@dataclass(frozen=True)
class Tatweel(Kind):
    """Insert one kashida ـ between two adjacent letters of a word, with
    probability ``p`` per place: only after a letter that joins forward and
    before a letter that joins back, never between lam and alef (the ligature),
    never next to digits, marks or non-Arabic characters. The kashida attaches
    to neither neighbour, so it is inside a span only when both are."""

    name: ClassVar[str] = "tatweel"
    p: float = 0.2

    def __post_init__(self) -> None:
        _check_p(self.p)

    def edits(self, text: str, rng: random.Random) -> list[Edit]:
        out = []
        for i in range(1, len(text)):
            a, b = text[i - 1], text[i]
            if a == TATWEEL or a not in DUAL_JOINING or b not in RIGHT_JOINING or b == TATWEEL:
                continue
            if a == "ل" and b in "اأإآ":
                continue
            if rng.random() < self.p:
                out.append(Edit(i, i, TATWEEL))
        return out


#: Vowelled forms of frequent news words (bare form → vowelled form). Nouns carry
#: no case ending, which depends on the sentence; particles and verbs are complete.
LEXICON: dict[str, str] = {
    "في": "فِي", "من": "مِنْ", "على": "عَلَى", "إلى": "إِلَى", "عن": "عَنْ", "مع": "مَعَ",
    "بعد": "بَعْدَ", "قبل": "قَبْلَ", "أن": "أَنَّ", "ان": "انَّ", "إن": "إِنَّ", "التي": "الَّتِي",
    "الذي": "الَّذِي", "هذا": "هٰذَا", "هذه": "هٰذِهِ", "كان": "كَانَ", "كانت": "كَانَتْ",
    "قال": "قَالَ", "قالت": "قَالَتْ", "وقال": "وَقَالَ", "وقالت": "وَقَالَتْ",
    "أعلن": "أَعْلَنَ", "أعلنت": "أَعْلَنَتْ", "ذكر": "ذَكَرَ", "ذكرت": "ذَكَرَتْ",
    "أضاف": "أَضَافَ", "وأضاف": "وَأَضَافَ", "وأضافت": "وَأَضَافَتْ", "اليوم": "الْيَوْم",
    "مدينة": "مَدِينَة", "الجيش": "الْجَيْش", "حرر": "حَرَّرَ", "بالكامل": "بِالْكَامِل",
    "آخر": "آخِر", "وحدات": "وَحَدَات", "خلال": "خِلَالَ", "منذ": "مُنْذُ",
}
_WORD = re.compile(f"[{ARABIC_LETTERS}{HARAKAT}{TATWEEL}]+")


def vowel_insertions(bare: str, vowelled: str) -> list[tuple[int, str]]:
    """``(offset in bare, marks)`` pairs: the marks that follow each letter;
    ``ValueError`` when ``vowelled`` is not ``bare`` plus marks (ٰ counts as a mark)."""
    out: list[tuple[int, str]] = []
    i = 0
    for ch in vowelled:
        if ch in HARAKAT or ch == "\u0670":
            if i == 0:
                raise ValueError(f"{vowelled!r} starts with a mark")
            if out and out[-1][0] == i:
                out[-1] = (i, out[-1][1] + ch)
            else:
                out.append((i, ch))
        elif i < len(bare) and bare[i] == ch:
            i += 1
        else:
            raise ValueError(f"{vowelled!r} is not {bare!r} with marks")
    if i != len(bare):
        raise ValueError(f"{vowelled!r} is not {bare!r} with marks")
    return out


@dataclass(frozen=True)
class Harakat(Kind):
    """Vowel a fraction ``p`` of the words found (unvowelled, whole word) in
    :data:`LEXICON`. Each mark is inserted after its letter and attaches to it,
    so a span that covers the word covers its marks."""

    name: ClassVar[str] = "harakat"
    p: float = 0.5

    def __post_init__(self) -> None:
        _check_p(self.p)

    def edits(self, text: str, rng: random.Random) -> list[Edit]:
        out = []
        for m in _WORD.finditer(text):
            vowelled = LEXICON.get(m.group())
            if vowelled is None or rng.random() >= self.p:
                continue
            for offset, marks in vowel_insertions(m.group(), vowelled):
                pos = m.start() + offset
                out.append(Edit(pos, pos, marks, attach="left"))
        return out


WESTERN, EASTERN = "0123456789", "٠١٢٣٤٥٦٧٨٩"


@dataclass(frozen=True)
class Digits(Kind):
    """Write every digit in the other script: ``to="eastern"`` (0-9 → ٠-٩) or
    ``to="western"`` (٠-٩ → 0-9). One character for one; values are unchanged."""

    name: ClassVar[str] = "digits"
    to: str = "eastern"

    def __post_init__(self) -> None:
        if self.to not in ("eastern", "western"):
            raise ValueError(f"to must be eastern or western, not {self.to!r}")

    def edits(self, text: str, rng: random.Random) -> list[Edit]:
        src, dst = (WESTERN, EASTERN) if self.to == "eastern" else (EASTERN, WESTERN)
        return [Edit(i, i + 1, dst[src.index(ch)]) for i, ch in enumerate(text) if ch in src]


@dataclass(frozen=True)
class Punctuation(Kind):
    """Punctuation and spacing variants, each occurrence with probability ``p``:
    Arabic comma ، ↔ Latin comma , (not a comma between digits); a pair of
    straight quotes "…" ↔ guillemets «…» (pairs counted within a line; one
    draw per pair); a space inserted after ( and before ) when missing.
    Replacements are one character for one, so a quote-including content span
    keeps its marks; the inserted spaces attach to neither side."""

    name: ClassVar[str] = "punctuation"
    p: float = 0.5

    def __post_init__(self) -> None:
        _check_p(self.p)

    def edits(self, text: str, rng: random.Random) -> list[Edit]:
        out: list[Edit] = []
        for i, ch in enumerate(text):
            if ch == "،":
                if rng.random() < self.p:
                    out.append(Edit(i, i + 1, ","))
            elif ch == ",":
                between_digits = (0 < i < len(text) - 1 and text[i - 1].isdigit()
                                  and text[i + 1].isdigit())
                if not between_digits and rng.random() < self.p:
                    out.append(Edit(i, i + 1, "،"))
        offset = 0
        for line in text.split("\n"):
            straight = [offset + j for j, c in enumerate(line) if c == '"']
            for a, b in zip(straight[::2], straight[1::2]):
                if rng.random() < self.p:
                    out += [Edit(a, a + 1, "«"), Edit(b, b + 1, "»")]
            for m in re.finditer(r"«[^«»\n]*»", line):
                if rng.random() < self.p:
                    out += [Edit(offset + m.start(), offset + m.start() + 1, '"'),
                            Edit(offset + m.end() - 1, offset + m.end(), '"')]
            offset += len(line) + 1
        for i, ch in enumerate(text):
            if ch == "(" and i + 1 < len(text) and not text[i + 1].isspace():
                if rng.random() < self.p:
                    out.append(Edit(i + 1, i + 1, " "))
            elif ch == ")" and i > 0 and not text[i - 1].isspace() and text[i - 1] != "(":
                if rng.random() < self.p:
                    out.append(Edit(i, i, " "))
        return out


__all__ = ["Kind", "Orthography", "Tatweel", "Harakat", "Digits", "Punctuation", "LEXICON",
           "vowel_insertions"]
