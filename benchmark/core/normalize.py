"""Arabic orthographic normalisation: small composable transforms and named presets.

Every transform works one code point at a time and turns it into at most one
code point (a replacement) or none (a deletion). That keeps an exact map back
to the original offsets (:func:`normalize_with_offsets`), which is what aligning
string-given predictions to the text needs.

Transforms (the variation seen in Arabic news, see ``METRICS.md``):

========== ==============================================================
alef       hamzated and wasla alefs أ إ آ ٱ → bare alef ا
hamza      hamza carriers ؤ → و, ئ → ي
ta         ta marbuta ة → ha ه
ya         alef maqsura ى → ya ي
tatweel    the elongation character ـ (U+0640) is removed
harakat    short vowels and other marks (U+064B–065F, U+0670, U+0610–061A,
           U+06D6–06ED) are removed
========== ==============================================================

Presets (named in the score signature as ``norm=<name>``): ``none``;
``marks`` (tatweel, harakat); ``standard`` (alef, ta, ya, tatweel, harakat);
``full`` (standard plus hamza carriers).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CharMap:
    """A transform: code point → replacement character, or ``""`` to delete it."""

    name: str
    table: dict[int, str]

    def __call__(self, text: str) -> str:
        return text.translate(self.table)


def _deletions(*ranges: tuple[int, int]) -> dict[int, str]:
    return {cp: "" for lo, hi in ranges for cp in range(lo, hi + 1)}


TRANSFORMS: dict[str, CharMap] = {t.name: t for t in (
    CharMap("alef", {ord(c): "ا" for c in "أإآٱ"}),
    CharMap("hamza", {ord("ؤ"): "و", ord("ئ"): "ي"}),
    CharMap("ta", {ord("ة"): "ه"}),
    CharMap("ya", {ord("ى"): "ي"}),
    CharMap("tatweel", {0x0640: ""}),
    CharMap("harakat", _deletions((0x064B, 0x065F), (0x0670, 0x0670), (0x0610, 0x061A),
                                  (0x06D6, 0x06ED))),
)}

PRESETS: dict[str, tuple[str, ...]] = {
    "none": (),
    "marks": ("tatweel", "harakat"),
    "standard": ("alef", "ta", "ya", "tatweel", "harakat"),
    "full": ("alef", "hamza", "ta", "ya", "tatweel", "harakat"),
}


@dataclass(frozen=True, slots=True)
class Normalizer:
    """A composition of transforms, applied as one translation table."""

    name: str
    steps: tuple[str, ...]
    table: dict[int, str]

    def __call__(self, text: str) -> str:
        return text.translate(self.table)

    def with_offsets(self, text: str) -> tuple[str, list[int]]:
        """The normalised text and, for each of its characters, the index of the
        original character it came from; one extra entry, ``len(text)``, maps an
        end offset back."""
        out: list[str] = []
        positions: list[int] = []
        table = self.table
        for i, ch in enumerate(text):
            new = table.get(ord(ch), ch)
            if new:
                out.append(new)
                positions.append(i)
        positions.append(len(text))
        return "".join(out), positions


def compose(*names: str, name: str | None = None) -> Normalizer:
    """A normaliser from transform names, applied in the given order."""
    table: dict[int, str] = {}
    for step in names:
        if step not in TRANSFORMS:
            raise ValueError(f"unknown transform {step!r}; expected one of "
                             f"{', '.join(TRANSFORMS)}")
        for cp, new in TRANSFORMS[step].table.items():
            table.setdefault(cp, new)
    return Normalizer(name or "+".join(names) or "none", tuple(names), table)


def preset(name: str) -> Normalizer:
    """The named preset; ``ValueError`` naming the presets for an unknown one.
    Composed once per name (a normaliser is not changed by its use)."""
    if name not in PRESETS:
        raise ValueError(f"unknown normalisation preset {name!r}; expected one of "
                         f"{', '.join(PRESETS)}")
    found = _COMPOSED.get(name)
    if found is None or found.steps != PRESETS[name]:
        found = _COMPOSED[name] = compose(*PRESETS[name], name=name)
    return found


_COMPOSED: dict[str, Normalizer] = {}


def normalize(text: str, name: str = "standard") -> str:
    return preset(name)(text)


def normalize_with_offsets(text: str, name: str = "standard") -> tuple[str, list[int]]:
    return preset(name).with_offsets(text)


def original_span(positions: Sequence[int], start: int, end: int) -> tuple[int, int]:
    """Map a half-open span of the normalised text back to the original text; the
    end moves up to the next kept character, so marks deleted after the last
    letter (its harakat) stay inside the span."""
    return positions[start], positions[end]
