"""What the built-in ``rules`` find in a sentence written for a test, as plain tuples
(text of each span), so a test states its expectation in the words of the sentence.
Each takes the document creation time the sentence is read against."""

from __future__ import annotations

from runners.builtin.rules_attribution import recognise as attributions
from runners.builtin.rules_ner import recognise as ner
from runners.builtin.rules_timex import recognise as timexes


def relations(text: str, dct: str) -> list[tuple[list[str], list[str], list[str], str]]:
    """Each attribution as (source texts, cue texts, content texts, kind)."""
    tx = timexes(text, dct)
    return [([text[s:e] for s, e in a.source], [text[s:e] for s, e in a.cue],
             [text[s:e] for s, e in a.content], a.kind)
            for a in attributions(text, ner(text, tx), tx)]


def entities(text: str, dct: str) -> set[tuple[str, str]]:
    """Each entity mention as (text, type)."""
    return {(text[m.start:m.end], m.type) for m in ner(text, timexes(text, dct))}


def timex_triples(text: str, dct: str) -> list[tuple[str, str, str]]:
    """Each TIMEX3 as (text, type, value)."""
    return [(text[t.start:t.end], t.type, t.value) for t in timexes(text, dct)]
