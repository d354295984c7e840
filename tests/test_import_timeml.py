"""``khabar import timeml``: TimeBank-style ``.tml`` → gold with the timexes layer."""

from __future__ import annotations

from pathlib import Path

from import_e2e import check_end_to_end, khabar_import, score

from benchmark.formats.export import export_gold
from benchmark.gold.loader import load_gold
from benchmark.importers import Options, Report, read_sources, write_corpus

# TimeBank 1.2's layout: the DCT in <DCT> with its own tid, EVENT/SIGNAL tags in the
# text, TLINKs after it, an empty (non-consuming) TIMEX3.
TML = """\
<?xml version="1.0" ?>
<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
xsi:noNamespaceSchemaLocation="http://timeml.org/timeMLdocs/TimeML_1.2.1.xsd">
<DOCID>APW19980213.1310</DOCID>
<DCT><TIMEX3 tid="t82" type="DATE" value="1998-02-13" temporalFunction="false" \
functionInDocument="CREATION_TIME">1998-02-13</TIMEX3></DCT>
<TEXT>
أعلنت الوزارة &amp; الشركة <EVENT eid="e1" class="OCCURRENCE">الاتفاق</EVENT> \
<TIMEX3 tid="t1" type="DATE" value="1998-02-12" temporalFunction="true" \
anchorTimeID="t82">أمس</TIMEX3> <SIGNAL sid="s1">بعد</SIGNAL> مفاوضات استمرت \
<TIMEX3 tid="t2" type="DURATION" value="P3M" temporalFunction="false">ثلاثة أشهر</TIMEX3>\
<TIMEX3 tid="t3" type="DATE" value="1997-11" anchorTimeID="t2"/>، على أن يبدأ التنفيذ \
<TIMEX3 tid="t4" type="DATE" value="1998-03" anchorTimeID="t1">الشهر المقبل</TIMEX3>.
</TEXT>
<TLINK lid="l1" eventInstanceID="ei1" relatedToTime="t1" relType="IS_INCLUDED"/>
</TimeML>
"""


def _read(tmp_path: Path, source: str, name: str = "APW19980213.1310.tml", **kw):  # type: ignore[no-untyped-def]
    (tmp_path / "tml").mkdir(exist_ok=True)
    (tmp_path / "tml" / name).write_text(source, encoding="utf-8")
    report = Report()
    options = Options(fmt="timeml", **kw)
    return read_sources("timeml", [tmp_path / "tml"], options, report), report, options


def test_timebank_file_round_trip(tmp_path):
    docs, report, options = _read(tmp_path, TML)
    assert report.problems == []
    assert "empty (non-consuming) TIMEX3 tag(s) skipped: t3" in report.warnings[0]
    write_corpus(tmp_path / "out", docs, options)
    [doc] = load_gold(tmp_path / "out" / "gold").documents
    assert doc.doc_id == "APW19980213.1310" and doc.layers == ("timexes",)
    assert doc.dct == "1998-02-13" and not doc.entities
    assert doc.text.startswith("أعلنت الوزارة & الشركة الاتفاق أمس بعد") and doc.text.endswith(".\n")
    got = [(t.id, t.text, t.type, t.value, t.anchor) for t in doc.timexes]
    assert got == [("t1", "أمس", "DATE", "1998-02-12", "DCT"),
                   ("t2", "ثلاثة أشهر", "DURATION", "P3M", None),
                   ("t4", "الشهر المقبل", "DATE", "1998-03", "t1")]
    for t in doc.timexes:
        assert doc.text[t.start:t.end] == t.text
    prov = doc.meta["provenance"]
    assert prov["docno"] == "APW19980213.1310" and "CREATION_TIME TIMEX3 t82" in prov["dct_reason"]


def test_khabar_timeml_export_comes_back(tmp_path, gold):
    export_gold(gold, "timeml", tmp_path / "exp")
    report = Report()
    options = Options(fmt="timeml")
    docs = read_sources("timeml", [tmp_path / "exp"], options, report)
    assert report.problems == [] and len(docs) == len(gold)
    for doc, original in zip(docs, gold):
        assert (doc.text, doc.dct) == (original.text, original.dct)
        assert doc.timexes == list(original.timexes)


def test_bad_values_and_anchors_name_the_line(tmp_path):
    bad = TML.replace('value="P3M"', 'value="three months"').replace(
        'anchorTimeID="t1">', 'anchorTimeID="t99">')
    _, report, _ = _read(tmp_path, bad)
    assert len(report.problems) == 2, report.problems
    value, anchor = report.problems
    assert "'three months'" in value.message and "t99" in anchor.message
    assert value.line == anchor.line == 6      # the <TEXT> line with both TIMEX3 tags


def test_malformed_xml_is_reported(tmp_path):
    _, report, _ = _read(tmp_path, TML.replace("</TEXT>", ""))
    [problem] = report.problems
    assert "not well-formed XML" in problem.message and problem.line


def test_no_dct_needs_the_option(tmp_path):
    source = TML.replace(' functionInDocument="CREATION_TIME"', "").replace(
        '<DCT><TIMEX3 tid="t82"', '<DOCDATE><TIMEX3 tid="t82"').replace("</DCT>", "</DOCDATE>")
    (tmp_path / "a.tml").write_text(source, encoding="utf-8")
    proc = khabar_import(tmp_path, "timeml", "a.tml", "--out", "out", ok=False)
    assert proc.returncode == 2 and "--dct" in proc.stderr
    khabar_import(tmp_path, "timeml", "a.tml", "--out", "out", "--dct", "1998-02-13")
    [doc] = load_gold(tmp_path / "out" / "gold").documents
    assert doc.dct == "1998-02-13"
    assert doc.meta["provenance"]["dct_reason"].startswith("given with --dct")
    assert doc.timexes[0].anchor is None        # t82 is no longer the DCT


def test_cli_end_to_end(tmp_path):
    (tmp_path / "a.tml").write_text(TML, encoding="utf-8")
    proc = khabar_import(tmp_path, "timeml", "a.tml", "--out", "out")
    assert "1 document(s) (3 timexes)" in proc.stdout and "non-consuming" in proc.stderr
    check_end_to_end(tmp_path, ("timexes",))
    rules = score(tmp_path, "rules")
    for counts in rules["per_document"].values():     # NER is not annotated: not scored
        assert set(counts) <= {"timex"}
    ner = rules["tasks"].get("ner")
    assert ner is None or ner["strict"]["spu"] == 0
