"""Label inventories: Wojood fine entity types, their CoNLL mapping, TIMEX3 types
and attribution kinds.

Fine types follow the Wojood corpus (Jarrar et al., LREC-COLING 2022: 21 types).
The CoNLL-2003 mapping is khabar's own and stated in ``gold/GUIDELINES.md``:
persons → PER, organisations → ORG, places → LOC, nationalities/groups, events
and other names → MISC, and ``None`` for dates, times, numbers, quantities and
titles (they have no CoNLL class).
"""

from __future__ import annotations

#: Wojood's fine entity types, in a fixed order (IOB2 label ids depend on it).
FINE_TYPES: tuple[str, ...] = (
    "PERS", "NORP", "OCC", "ORG", "GPE", "LOC", "FAC", "EVENT",
    "DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "QUANTITY", "MONEY",
    "CURR", "UNIT", "LANGUAGE", "LAW", "PRODUCT", "WEBSITE",
)

#: fine type → CoNLL type (``None``: no CoNLL class).
COARSE_OF: dict[str, str | None] = {
    "PERS": "PER",
    "ORG": "ORG",
    "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
    "NORP": "MISC", "EVENT": "MISC", "LANGUAGE": "MISC", "LAW": "MISC",
    "PRODUCT": "MISC", "WEBSITE": "MISC",
    "OCC": None, "DATE": None, "TIME": None, "CARDINAL": None, "ORDINAL": None,
    "PERCENT": None, "QUANTITY": None, "MONEY": None, "CURR": None, "UNIT": None,
}

COARSE_TYPES: tuple[str, ...] = ("PER", "ORG", "LOC", "MISC")

#: TimeML 1.2.1 TIMEX3 types.
TIMEX_TYPES: tuple[str, ...] = ("DATE", "TIME", "DURATION", "SET")

#: PARC 3.0 attribution kinds.
ATTRIBUTION_KINDS: tuple[str, ...] = ("direct", "indirect", "mixed")

#: ``anchor`` value meaning "resolved against the document creation time".
DCT_ANCHOR = "DCT"


def coarse_type(fine: str) -> str | None:
    """The CoNLL type of a fine type; ``KeyError`` for an unknown fine type."""
    return COARSE_OF[fine]


def iob2_labels(types: tuple[str, ...] = FINE_TYPES) -> list[str]:
    """``["O", "B-T1", "I-T1", ...]`` in inventory order: stable ClassLabel ids."""
    labels = ["O"]
    for name in types:
        labels += [f"B-{name}", f"I-{name}"]
    return labels
