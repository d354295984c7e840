"""TimeML and brat files as TempEval-3 and brat users have them.

* ``khabar export --format timeml``: TIMEX3 elements carry TimeML attributes
  only (the set TempEval-3's TimeML schemas allow); khabar's own data (ids,
  ``optional``, alternatives) goes to a ``<doc>.khabar.json`` sidecar, merged
  back by the reader, so the round trip stays lossless;
* the TimeML reader: a line break after ``<TEXT>``, any attribute order, XML
  escapes; a TIMEX3 without ``type`` is refused, naming the file and the tid;
* the brat reader: a span's text must equal the document text at its offsets.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from benchmark.core.documents import Document
from benchmark.formats.export import export_gold
from benchmark.formats.timeml import read_tml, read_tml_file
from benchmark.gold.loader import GoldSet, gold_hash, load_gold
from runners.files import FileExtractor, FileFormatError

#: TIMEX3 attributes of TimeML 1.2.1, the set TempEval-3's ``tml-min-consistency.xsd``
#: (and TimeML_1.2.1.xsd) allow; written out here rather than imported from khabar.
TIMEX3_ALLOWED = {"tid", "type", "value", "functionInDocument", "temporalFunction",
                  "anchorTimeID", "beginPoint", "endPoint", "quant", "freq", "mod",
                  "valueFromFunction", "comment"}


@pytest.fixture
def rich_gold(gold_copy):
    """The seed with one optional timex besides its alternatives."""
    gold_copy.timex("t9")["optional"] = True
    gold_copy.write()
    return load_gold(gold_copy.gold_dir)


def _key(t):  # type: ignore[no-untyped-def]
    return (t.id, t.start, t.end, t.text, t.type, t.value, t.anchor, t.optional,
            t.alternatives)


# -- 5. export: TimeML attributes only, khabar data in a sidecar --------------------------------

def test_timeml_export_has_timeml_attributes_only(rich_gold, tmp_path):
    written = export_gold(rich_gold, "timeml", tmp_path)
    doc = rich_gold.documents[0]
    tml = tmp_path / f"{doc.doc_id}.tml"
    sidecar = tmp_path / f"{doc.doc_id}.khabar.json"
    assert set(written) == {tml, sidecar}
    source = tml.read_text(encoding="utf-8")
    root = ET.fromstring(source)
    elements = root.findall(".//TIMEX3")
    assert len(elements) == len(doc.timexes) + 1  # + the DCT
    for el in elements:
        assert set(el.attrib) <= TIMEX3_ALLOWED, el.attrib
        assert {"tid", "type", "value"} <= set(el.attrib)
    assert "khabarId" not in source and "optional" not in source
    assert (f'<DCT><TIMEX3 tid="t0" type="DATE" value="{doc.dct}" '
            f'functionInDocument="CREATION_TIME">{doc.dct}</TIMEX3></DCT>') in source
    # tids in reading order; anchors point at tids (t0: the DCT)
    tids = [el.get("tid") for el in root.find("TEXT").iter("TIMEX3")]
    assert tids == [f"t{i}" for i in range(1, len(doc.timexes) + 1)]
    for el in root.find("TEXT").iter("TIMEX3"):
        if "anchorTimeID" in el.attrib:
            assert el.get("anchorTimeID") in {"t0", *tids}
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    assert data["doc_id"] == doc.doc_id
    assert any(e.get("optional") for e in data["timexes"].values())
    assert any(e.get("alternatives") for e in data["timexes"].values())


def test_timeml_round_trip_is_lossless_with_the_sidecar(rich_gold, tmp_path):
    export_gold(rich_gold, "timeml", tmp_path)
    doc = rich_gold.documents[0]
    tml = tmp_path / f"{doc.doc_id}.tml"
    text, dct, timexes = read_tml_file(tml)
    assert text == doc.text and dct == doc.dct
    assert [_key(t) for t in timexes] == [_key(t) for t in sorted(doc.timexes,
                                                                  key=lambda t: t.start)]
    assert any(t.optional for t in timexes) and any(t.alternatives for t in timexes)
    # without the sidecar: plain TimeML (ids are tids, nothing optional, no alternatives)
    (tmp_path / f"{doc.doc_id}.khabar.json").unlink()
    _, _, bare = read_tml_file(tml)
    assert [(t.id, t.optional, t.alternatives) for t in bare] == \
        [(f"t{i}", False, ()) for i in range(1, len(doc.timexes) + 1)]
    assert [(t.start, t.end, t.type, t.value) for t in bare] == \
        [(t.start, t.end, t.type, t.value) for t in timexes]


def test_timeml_sidecar_must_fit(rich_gold, tmp_path):
    export_gold(rich_gold, "timeml", tmp_path)
    doc = rich_gold.documents[0]
    side = tmp_path / f"{doc.doc_id}.khabar.json"
    data = json.loads(side.read_text(encoding="utf-8"))
    data["timexes"]["t99"] = {"id": "x"}
    side.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="an entry for tid 't99'"):
        read_tml_file(tmp_path / f"{doc.doc_id}.tml")


# -- 6. the TimeML reader ----------------------------------------------------------------------

TEXT = "أعلنت الشركة & شركاؤها <اليوم> الأحد 19 نوفمبر أن الاتفاق سيستمر ثلاثة أيام."


def _gold(text: str = TEXT) -> GoldSet:
    doc = Document("tml-doc", text, "2017-11-19", meta={"gold_version": "0.0.0"})
    return GoldSet((doc,), "0.0.0", gold_hash([doc]), ())


def _tml(body: str, newline: str = "\n") -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<TimeML>\n<DOCID>tml-doc</DOCID>\n'
            '<DCT><TIMEX3 functionInDocument="CREATION_TIME" value="2017-11-19" type="DATE" '
            'tid="t0">2017-11-19</TIMEX3></DCT>\n'
            f"<TEXT>{newline}{body}</TEXT>\n</TimeML>\n")


BODY = ('أعلنت الشركة &amp; شركاؤها &lt;اليوم&gt; '
        '<TIMEX3 value="2017-11-19" type="DATE" tid="t1">الأحد 19 نوفمبر</TIMEX3> '
        'أن الاتفاق سيستمر <TIMEX3 type="DURATION" tid="t2" temporalFunction="false" '
        "value='P3D'>ثلاثة أيام</TIMEX3>.")


@pytest.mark.parametrize("newline", ["\n", "\r\n", ""])
def test_timeml_reader_layout_order_and_escapes(tmp_path, newline):
    path = tmp_path / "tml-doc.tml"
    path.write_bytes(_tml(BODY, newline).encode("utf-8"))
    [record] = FileExtractor(path, "timeml").predict([d.bare() for d in _gold()])
    got = [(TEXT[t["start"]:t["end"]], t["type"], t["value"]) for t in record["timexes"]]
    assert got == [("الأحد 19 نوفمبر", "DATE", "2017-11-19"), ("ثلاثة أيام", "DURATION", "P3D")]


def test_timeml_text_starting_with_a_line_break_survives(tmp_path):
    text = "\n" + TEXT
    gold = _gold(text)
    export_gold(gold, "timeml", tmp_path)
    read_text, _, _ = read_tml((tmp_path / "tml-doc.tml").read_text(encoding="utf-8"))
    assert read_text == text


def test_timeml_timex_without_type_is_refused(tmp_path):
    body = BODY.replace('type="DURATION" ', "")
    path = tmp_path / "tml-doc.tml"
    path.write_text(_tml(body), encoding="utf-8")
    with pytest.raises(FileFormatError) as err:
        FileExtractor(path, "timeml").predict([d.bare() for d in _gold()])
    message = str(err.value)
    assert message.startswith(f"{path}:6: ")  # the line of the TIMEX3
    assert "tid='t2'" in message and "has no type attribute" in message
    assert "expected type= one of DATE, TIME, DURATION, SET" in message


def test_timeml_duplicate_tid_is_refused(tmp_path):
    path = tmp_path / "tml-doc.tml"
    path.write_text(_tml(BODY.replace('tid="t2"', 'tid="t1"')), encoding="utf-8")
    with pytest.raises(FileFormatError, match="tid='t1' twice"):
        FileExtractor(path, "timeml").predict([d.bare() for d in _gold()])


# -- 8. the brat reader checks span texts ------------------------------------------------------

def test_brat_span_text_must_match_the_document(gold, tmp_path):
    export_gold(gold, "brat", tmp_path)
    doc = gold.documents[0]
    ann = tmp_path / f"{doc.doc_id}.ann"
    lines = ann.read_text(encoding="utf-8").splitlines()
    i, line = next((i, ln) for i, ln in enumerate(lines) if ln.startswith("T"))
    tid, label_offsets, text = line.split("\t")
    offsets = label_offsets.split(" ", 1)[1]
    lines[i] = f"{tid}\t{label_offsets}\tبيروت"
    ann.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(FileFormatError) as err:
        FileExtractor(tmp_path, "brat").predict([d.bare() for d in gold])
    message = str(err.value)
    assert message.startswith(f"{ann}:{i + 1}: got 'بيروت'; ")
    assert f"expected the document text at offsets {offsets}: {text!r}" in message


def test_brat_discontinuous_span_text():
    from benchmark.formats.brat import BratError, read_ann

    text = "قال الرئيس إن الحرب انتهت"
    ann = "T1\tCue 0 3;11 13\tقال إن\n"
    [cue] = read_ann(text, ann)["attributions"]
    assert [f.text for f in cue.cue] == ["قال", "إن"]
    with pytest.raises(BratError, match=re.escape("the document text at offsets 0 3;11 13: "
                                                  "'قال إن'")):
        read_ann(text, ann.replace("قال إن", "قال  إن"))


def test_brat_conll_labels_are_read_not_dropped(tmp_path):
    text = "قال محمد إن السوريين غادروا دمشق"
    doc = Document("brat-doc", text, "2017-11-19", meta={"gold_version": "0.0.0"})
    (tmp_path / "brat-doc.ann").write_text(
        "T1\tPER 4 8\tمحمد\nT2\tMISC 12 20\tالسوريين\nT3\tgpe 28 32\tدمشق\n", encoding="utf-8")
    [record] = FileExtractor(tmp_path, "brat").predict([doc.bare()])
    assert [(e["start"], e["type"]) for e in record["entities"]] == \
        [(4, "PERS"), (12, "MISC"), (28, "GPE")]
