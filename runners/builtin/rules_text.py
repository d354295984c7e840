"""Shared text machinery of the ``rules`` baseline: normalisation with an
offset map, word tokens, proclitic stripping and data-file loading.

Rules:

* Orthographic normalisation folds أ إ آ ٱ → ا, ة → ه, ى → ي, Eastern Arabic
  and Persian digits → ASCII digits, and deletes tatweel and harakat. Every
  character of the normalised text remembers its offset in the original, so a
  match on the normalised text maps back to exact original offsets.
* A word is a maximal run of letters/digits in the normalised text.
* Proclitics: a conjunction و/ف, then a preposition ب/ك/ل, may precede a word;
  they are kept outside a span. When ل meets the article (لل…), the span starts
  after the first ل.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "rules_data"

_FOLD = {ord(k): v for k, v in {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي",
}.items()}
for _i in range(10):
    _FOLD[0x0660 + _i] = str(_i)  # Arabic-Indic digits
    _FOLD[0x06F0 + _i] = str(_i)  # Extended (Persian) digits
_DROP = re.compile("[\u0640\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")


def fold(text: str) -> str:
    """Normalise a string (data entries, patterns) the way documents are."""
    return _DROP.sub("", text).translate(_FOLD)


@dataclass(frozen=True)
class NormText:
    """A normalised copy of a text and the original offset of each character."""

    original: str
    text: str
    offsets: tuple[int, ...]

    @classmethod
    def of(cls, original: str) -> NormText:
        chars: list[str] = []
        offs: list[int] = []
        for i, ch in enumerate(original):
            if _DROP.fullmatch(ch):
                continue
            chars.append(ch.translate(_FOLD))
            offs.append(i)
        return cls(original, "".join(chars), tuple(offs))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` of the normalised ``[start, end)``; the end
        takes in harakat/tatweel attached to the last letter (``غداً``, ``هـ``)."""
        stop = self.offsets[end] if end < len(self.offsets) else len(self.original)
        last = self.offsets[end - 1] + 1
        while last < stop and _DROP.fullmatch(self.original[last]):
            last += 1
        return self.offsets[start], last


_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Word:
    """A word of the normalised text: ``[start, end)`` in normalised offsets."""

    start: int
    end: int
    text: str


def words(norm: str) -> list[Word]:
    """The words of a normalised text, in order."""
    return [Word(m.start(), m.end(), m.group()) for m in _WORD.finditer(norm)]


def stems(word: str) -> list[tuple[int, str]]:
    """Readings of a word after stripping proclitics: ``(skip, rest)`` pairs,
    the unstripped reading first. ``لل…`` yields ``(k+1, "ل…")`` whose rest is
    compared with ``ال…`` entries through :func:`matches`."""
    out = [(0, word)]
    i = 0
    if len(word) > 2 and word[0] in "وف":
        i = 1
        out.append((1, word[1:]))
    if len(word) - i > 2 and word[i] in "بكل":
        out.append((i + 1, word[i + 1:]))
    return out


def matches(rest: str, entry: str) -> bool:
    """Whether a stripped word equals an entry word, allowing ل+ال = لل."""
    if rest == entry:
        return True
    return entry.startswith("ال") and rest == entry[1:] and rest.startswith("ل")


@lru_cache(maxsize=None)
def load_list(name: str) -> tuple[str, ...]:
    """Non-comment lines of a data file, folded, longest first."""
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    items = {fold(x.strip()) for x in lines if x.strip() and not x.lstrip().startswith("#")}
    return tuple(sorted(items, key=lambda s: (-len(s), s)))


@lru_cache(maxsize=None)
def load_table(name: str) -> tuple[tuple[str, str], ...]:
    """``entry<TAB>label`` lines of a data file (entry folded)."""
    out = []
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        entry, _, label = line.partition("\t")
        out.append((fold(entry.strip()), label.strip()))
    return tuple(out)


@lru_cache(maxsize=None)
def load_json(name: str):  # type: ignore[no-untyped-def]
    """A JSON data file (its ``_source`` key is the provenance note)."""
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def data_hash() -> str:
    """sha256 (12 hex) over every data file, for the extractor's version."""
    h = hashlib.sha256()
    for path in sorted(DATA_DIR.iterdir()):
        if path.is_file():
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:12]


@lru_cache(maxsize=None)
def verb_forms() -> dict[str, frozenset[str]]:
    """Reporting-verb forms (folded), conjugated from ``reporting_verb_paradigms.tsv``
    by regular affixation and merged with the spelled-out ``reporting_verbs.txt``:
    ``all`` (every single-word form: cues, and words that end a noun phrase) and
    ``participles`` (circumstantial participle cues: ``مؤكدا``) and ``speaker`` (third-person singular past and present forms, after which unknown
    words followed by a comma or a complementizer are a speaker's name)."""
    every: set[str] = {c for c in load_list("reporting_verbs.txt") if " " not in c}
    speaker: set[str] = set()
    participles: set[str] = set()
    for line in (DATA_DIR / "reporting_verb_paradigms.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        past, present, participle, *flags = (fold(x.strip()) for x in line.split("\t"))
        if past != "-":
            every.update(past + suf for suf in ("", "ت", "وا", "تا", "ن", "نا"))
            if "noun" not in flags:
                speaker.update((past, past + "ت"))
        if present != "-":
            stem = present[1:]
            every.update(p + stem for p in "يتنا")
            every.update(p + stem + suf for p in "يت" for suf in ("ون", "ان"))
            every.add("ي" + stem + "ن")
            speaker.update(("ي" + stem, "ت" + stem))
        if participle != "-":
            forms = {participle + suf for suf in ("ا", "ه", "ين", "تين")}
            every.update(forms)
            participles.update(forms)
    return {"all": frozenset(every), "speaker": frozenset(speaker),
            "participles": frozenset(participles)}
