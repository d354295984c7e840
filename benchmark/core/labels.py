"""Entity type names that models produce → khabar types: one table for every runner.

Models rarely answer with Wojood's codes alone. Token classifiers carry CoNLL,
ANERcorp, WikiANN or OntoNotes labels (``B-PER``, ``I-LOC``, ``ORGANIZATION``);
LLMs write ``PERSON``, ``LOCATION``, ``COUNTRY`` or ``CITY`` even when the
prompt lists the codes. :data:`ENTITY_TYPE_ALIASES` maps such a name (upper
case, with ``-`` and spaces read as ``_``) to a Wojood fine type, or to
``None`` for a name that has no single fine type (``MISC``, ``WORK_OF_ART``).

Used by the ``hf:`` runner (model labels, after the ``B-``/``I-`` prefix is
removed; ``--label-map`` entries win) and the ``openai:`` runner (the ``type``
of every answered entity, :func:`answer_entity_type`). The table is printed in
``docs/scoring-models.md``.

``LOC`` stays Wojood's ``LOC`` (a geographical place that is not political):
CoNLL's ``LOC`` also covers Wojood's ``GPE`` and ``FAC``, so a model trained on
CoNLL classes is scored in the coarse view (see ``docs/scoring-models.md``).
"""

from __future__ import annotations

from typing import Any

from benchmark.core.inventory import FINE_TYPES

#: Entity type name (upper case, ``_`` for ``-`` and spaces) → fine type; ``None``:
#: no single fine type (dropped by ``hf:`` unless ``--label-map`` maps it).
ENTITY_TYPE_ALIASES: dict[str, str | None] = {
    **{t: t for t in FINE_TYPES},
    # persons
    "PER": "PERS", "PERSON": "PERS", "PEOPLE": "PERS",
    # organisations
    "ORGANIZATION": "ORG", "ORGANISATION": "ORG", "COMPANY": "ORG", "AGENCY": "ORG",
    # places
    "LOCATION": "LOC",
    "COUNTRY": "GPE", "CITY": "GPE", "STATE": "GPE", "PROVINCE": "GPE", "TOWN": "GPE",
    "VILLAGE": "GPE", "CAPITAL": "GPE",
    "FACILITY": "FAC", "BUILDING": "FAC", "AIRPORT": "FAC",
    # groups, titles, numbers
    "NATIONALITY": "NORP", "RELIGION": "NORP",
    "OCCUPATION": "OCC", "TITLE": "OCC", "JOB_TITLE": "OCC", "POSITION": "OCC",
    "NUMBER": "CARDINAL", "PERCENTAGE": "PERCENT", "CURRENCY": "CURR", "URL": "WEBSITE",
    # no single fine type
    "MISC": None, "WORK_OF_ART": None,
}


#: Tags of CoNLL's four classes (and ANERcorp's ``PERS``), as :func:`label_key` keys.
CONLL_TAGS: frozenset[str] = frozenset({"PER", "PERS", "PERSON", "ORG", "ORGANIZATION",
                                        "ORGANISATION", "LOC", "LOCATION", "MISC"})


def label_set_of(tags: Any) -> str:
    """``coarse`` when entity labels (``B-``/``I-`` prefixes removed) are all CoNLL
    classes, ``LOC`` or ``MISC`` among them (a set of PER and ORG alone is no coarser
    than the fine types), else ``fine``. The rule of ``hf:`` models and ``file:``
    CoNLL submissions: a coarse system's NER headline is the coarse view."""
    keys = {label_key(t) for t in tags}
    return "coarse" if keys and keys <= CONLL_TAGS and keys & {"LOC", "LOCATION", "MISC"} \
        else "fine"


def label_key(name: str) -> str:
    """The table key of a type name: stripped, upper case, ``-`` and spaces as ``_``."""
    return "_".join(name.strip().upper().replace("-", " ").split())


def fine_type(name: str) -> str | None:
    """The fine type of a type name, ``None`` when it has none; ``KeyError`` when
    the table does not know it."""
    return ENTITY_TYPE_ALIASES[label_key(name)]


def answer_entity_type(value: Any) -> Any:
    """The ``type`` of an entity a model answered, as khabar's validator expects it:
    a fine type or ``MISC`` (the CoNLL class khabar accepts in predictions) is
    itself, any other name in the table its fine type; anything else is returned
    unchanged, for the validator to report (an invalid item)."""
    if not isinstance(value, str):
        return value
    key = label_key(value)
    if key in FINE_TYPES or key == "MISC":
        return key
    mapped = ENTITY_TYPE_ALIASES.get(key)
    return mapped if mapped is not None else value


def answer_choice(value: Any, allowed: tuple[str, ...]) -> Any:
    """A closed-set answer (a TIMEX3 type, an attribution kind) matched without
    regard to case and surrounding space; anything else unchanged."""
    if not isinstance(value, str):
        return value
    folded = {a.casefold(): a for a in allowed}
    return folded.get(value.strip().casefold(), value)
