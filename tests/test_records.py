"""String-given spans in extractor records are aligned to offsets."""

from __future__ import annotations

from benchmark.predict.records import align_record

TEXT = "قالت الوزارة إن الوفد وصل إلى القاهرة. وأضافت أن الوفد غادر القاهرة أمس."


def test_entities_and_timexes_are_aligned_in_reading_order():
    record = {"doc_id": "d", "entities": [
        {"text": "القاهرة", "type": "GPE"}, {"text": "القاهرة", "type": "GPE"},
        {"start": 5, "end": 12, "type": "ORG"}, {"text": "بيروت", "type": "GPE"}],
        "timexes": [{"text": "امس", "type": "DATE", "value": "2024-03-12"}]}
    out = align_record(record, TEXT)
    ents = out.record["entities"]
    first, second = TEXT.index("القاهرة"), TEXT.rindex("القاهرة")
    assert ents == [{"start": first, "end": first + 7, "type": "GPE"},
                    {"start": second, "end": second + 7, "type": "GPE"},
                    {"start": 5, "end": 12, "type": "ORG"}]
    assert out.unaligned == {"entities": 1}
    assert [(s.text, s.method) for s in out.spans] == [
        ("القاهرة", "exact"), ("القاهرة", "exact"), ("بيروت", "unaligned"), ("امس", "normalized")]
    [timex] = out.record["timexes"]
    assert TEXT[timex["start"]:timex["end"]] == "أمس" and timex["value"] == "2024-03-12"
    assert record["entities"][0] == {"text": "القاهرة", "type": "GPE"}  # input untouched


def test_attribution_with_an_unaligned_role_is_dropped_whole():
    good = {"source": [{"text": "الوزارة"}], "cue": [{"text": "قالت"}],
            "content": [{"text": "الوفد وصل إلى القاهرة"}], "kind": "indirect"}
    bad = {"source": [{"text": "الوزير"}], "cue": [{"text": "أضافت"}],
           "content": [{"text": "الوفد غادر القاهرة أمس"}], "kind": "indirect"}
    out = align_record({"doc_id": "d", "attributions": [good, bad]}, TEXT)
    [aligned] = out.record["attributions"]
    assert TEXT[aligned["cue"][0]["start"]:aligned["cue"][0]["end"]] == "قالت"
    assert TEXT[aligned["content"][0]["start"]:aligned["content"][0]["end"]] == \
        "الوفد وصل إلى القاهرة"
    assert out.unaligned == {"attributions": 1}
    # the content of the second relation found the second الوفد, after the first content
    contents = [s for s in out.spans if s.role == "content"]
    assert contents[1].start == TEXT.index("الوفد غادر")


def test_occurrence_picks_the_nth_match():
    out = align_record({"doc_id": "d", "entities": [
        {"text": "القاهرة", "type": "GPE", "occurrence": 2},
        {"text": "القاهرة", "type": "GPE", "occurrence": 3}]}, TEXT)
    assert out.record["entities"] == [{"start": TEXT.rindex("القاهرة"),
                                       "end": TEXT.rindex("القاهرة") + 7, "type": "GPE"}]
    assert out.unaligned == {"entities": 1}
