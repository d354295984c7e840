"""Duckling and dateparser as TIMEX3 peers, on sentences written for the test.

The expectations record what each tool really does (their quirks included):
the benchmark reports peers as they are.
"""

from __future__ import annotations

import pytest

from benchmark.core.documents import Document
from runners.builtin.peers import (DateparserExtractor, DucklingExtractor, duckling_timex,
                                   duration_value, point_value)

# DCT 2024-03-13 is a Wednesday.
TEXT = "وصل الوفد إلى عمّان أمس، وسيغادر يوم الجمعة بعد محادثات استمرت ثلاثة أيام في 5 مارس 2024."
DOC = Document("t1", TEXT, "2024-03-13")


@pytest.mark.parametrize("iso, grain, expected", [
    ("2017-11-19T00:00:00+00:00", "day", ("DATE", "2017-11-19")),
    ("2017-11-01T00:00:00+00:00", "month", ("DATE", "2017-11")),
    ("2017-01-01T00:00:00+00:00", "year", ("DATE", "2017")),
    ("2017-10-01T00:00:00+00:00", "quarter", ("DATE", "2017-Q4")),
    ("2017-11-13T00:00:00+00:00", "week", ("DATE", "2017-W46")),
    ("2017-11-19T14:00:00+00:00", "hour", ("TIME", "2017-11-19T14")),
    ("2017-11-19T14:30:00+00:00", "minute", ("TIME", "2017-11-19T14:30")),
    ("2017-11-19T14:30:05+00:00", "second", ("TIME", "2017-11-19T14:30:05")),
])
def test_point_value(iso, grain, expected):
    assert point_value(iso, grain) == expected


@pytest.mark.parametrize("amount, unit, expected", [
    (3, "day", "P3D"), (2, "week", "P2W"), (1, "quarter", "P3M"), (6, "month", "P6M"),
    (1, "year", "P1Y"), (3, "hour", "PT3H"), (20, "minute", "PT20M"), (1.5, "hour", "PT1.5H"),
])
def test_duration_value(amount, unit, expected):
    assert duration_value(amount, unit) == expected


def test_duckling_interval_takes_its_from_point():
    entry = {"dim": "time", "value": {"type": "interval",
                                      "from": {"value": "2024-03-14T12:00:00+00:00",
                                               "grain": "hour"}}}
    assert duckling_timex(entry) == ("TIME", "2024-03-14T12")


def _spans(records):
    [record] = records
    assert set(record) == {"doc_id", "timexes"}   # TIMEX3 only: other tasks not attempted
    return [(TEXT[t["start"]:t["end"]], t["type"], t["value"]) for t in record["timexes"]]


def test_duckling_on_written_text():
    assert _spans(DucklingExtractor().predict([DOC])) == [
        ("أمس", "DATE", "2024-03-12"),
        ("يوم الجمعة", "DATE", "2024-03-15"),      # the *next* Friday: Duckling's reading
        ("ثلاثة أيام", "DURATION", "P3D"),
        ("في 5 مارس 2024", "DATE", "2024-03-05"),  # keeps the preposition
    ]


def test_duckling_finds_ahad_inside_wahid():
    doc = Document("t2", "بعد يوم واحد عاد الوفد.", "2024-03-13")
    found = [doc.text[t["start"]:t["end"]] for t in DucklingExtractor().predict([doc])[0]["timexes"]]
    assert "احد" in found   # a false weekday inside واحد, kept as Duckling reports it


def test_dateparser_on_written_text():
    assert _spans(DateparserExtractor().predict([DOC])) == [
        ("أمس،", "DATE", "2024-03-12"),
        ("الجمعة", "DATE", "2024-03-08"),   # the past Friday
        ("مارس", "DATE", "2024-03"),
        ("2024", "DATE", "2024"),
    ]


def test_offsets_are_exact():
    for extractor in (DucklingExtractor(), DateparserExtractor()):
        for t in extractor.predict([DOC])[0]["timexes"]:
            assert 0 <= t["start"] < t["end"] <= len(TEXT)
