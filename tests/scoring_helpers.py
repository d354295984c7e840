"""Small builders for hand-computed scoring tests."""

from __future__ import annotations

from benchmark.core.documents import Alternative, Attribution, Document, Entity, Span, Timex
from benchmark.predict.predictions import Prediction

TEXT = "".join("abcdefghij"[i % 10] if i % 10 != 9 else " " for i in range(400))


def doc(entities=(), timexes=(), attributions=(), text: str = TEXT) -> Document:  # type: ignore[no-untyped-def]
    return Document("d", text, "2017-11-19", entities=tuple(entities), timexes=tuple(timexes),
                    attributions=tuple(attributions), meta={"gold_version": "0.0.0"})


def ent(start, end, type_, *, id="g", optional=False, alts=(), ref=None, coarse="auto",  # type: ignore[no-untyped-def]
        text=TEXT):
    from benchmark.core.inventory import COARSE_OF

    return Entity(id, start, end, text[start:end], type_,
                  COARSE_OF[type_] if coarse == "auto" else coarse, None, ref, optional,
                  tuple(alts))


def alt(start=None, end=None, type=None, value=None, text=TEXT):  # type: ignore[no-untyped-def]  # noqa: A002
    return Alternative(start, end, text[start:end] if start is not None else None, type, value)


def tmx(start, end, type_="DATE", value="2017-11-19", *, optional=False, alts=(), text=TEXT):  # type: ignore[no-untyped-def]
    return Timex("t", start, end, text[start:end], type_, value, None, optional, tuple(alts))


def span(start, end, text=TEXT):  # type: ignore[no-untyped-def]
    return Span(start, end, text[start:end])


def att(source, cue, content, kind="direct", *, entities=(), optional=False, text=TEXT):  # type: ignore[no-untyped-def]
    return Attribution("a", tuple(span(s, e, text) for s, e in source),
                       tuple(span(s, e, text) for s, e in cue),
                       tuple(span(s, e, text) for s, e in content), kind, tuple(entities),
                       optional)


def pred(entities=None, timexes=None, attributions=None) -> Prediction:  # type: ignore[no-untyped-def]
    return Prediction("d", None if entities is None else tuple(entities),
                      None if timexes is None else tuple(timexes),
                      None if attributions is None else tuple(attributions))
