"""``khabar validate``: one deliberately corrupted copy of the gold per check."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from benchmark.cli import app
from benchmark.gold.loader import GoldError, load_gold, validate

runner = CliRunner()


def _set(path: list, value):
    """A mutation that sets ``data[path...] = value``."""
    def mutate(data):
        target = data
        for key in path[:-1]:
            target = target[key] if not callable(key) else key(target)
        target[path[-1]] = value
    return mutate


def _e(data, ident):
    return next(e for e in data["entities"] if e["id"] == ident)


def _t(data, ident):
    return next(t for t in data["timexes"] if t["id"] == ident)


def _del(key):
    def mutate(data):
        del data[key]
    return mutate


# (name, mutation, JSON path in the message, expectation fragment in the message)
CASES = [
    ("missing field", _del("dct"), "$", "a field 'dct'"),
    ("unknown field", _set(["comment"], "x"), "$.comment", "no field 'comment'"),
    ("schema version", _set(["schema_version"], 3), "$.schema_version",
     "one of 1, 2 (the gold formats this khabar reads"),
    ("schema version as bool", _set(["schema_version"], True), "$.schema_version", "one of 1, 2"),
    ("split", _set(["split"], "train"), "$.split", "one of dev, test"),
    ("layers unknown", _set(["layers"], ["entities", "events"]), "$.layers",
     "a non-empty list of distinct layer names"),
    ("layers empty", _set(["layers"], []), "$.layers", "a non-empty list"),
    ("layers duplicate", _set(["layers"], ["entities", "entities"]), "$.layers", "distinct"),
    ("undeclared layer has items", _set(["layers"], ["entities", "timexes"]), "$.attributions",
     "an empty list: 'attributions' is not in this document's layers"),
    ("format 2 without split", _del("split"), "$", "a field 'split'"),
    ("provenance field", _set(["provenance", "colour"], "red"), "$.provenance.colour",
     "no field 'colour'"),
    ("provenance value", _set(["provenance", "url"], ["x"]), "$.provenance.url",
     "a string or an integer"),
    ("text path escapes the root", _set(["text_path"], "../../../../../../../../etc/passwd"),
     "$.text_path", "a path inside the corpus root"),
    ("absolute text path", _set(["text_path"], "/etc/passwd"), "$.text_path",
     "a relative path inside the corpus root"),
    ("text path is a device", _set(["text_path"], "../../../../../../../../dev/zero"),
     "$.text_path", "a path inside the corpus root"),
    ("gold version", _set(["gold_version"], "v1"), "$.gold_version", "a semantic version"),
    ("bad dct", _set(["dct"], "2017-11-31"), "$.dct", "an ISO date YYYY-MM-DD"),
    ("checksum", _set(["sha256"], "0" * 64), "$.sha256", "the sha256 of"),
    ("missing text", _set(["text_path"], "../seeds/nope.txt"), "$.text_path",
     "an existing text file"),
    ("offset out of range", lambda d: _e(d, "e82").update(end=9999), "$.entities[82].end",
     "offsets with 0 <= start < end <= 2172"),
    ("inverted offsets", lambda d: _e(d, "e1").update(start=4, end=0), "$.entities[0].end",
     "offsets with 0 <= start < end"),
    ("non-integer offset", lambda d: _e(d, "e1").update(start="0"), "$.entities[0].start",
     "an integer code-point offset"),
    ("text mismatch", lambda d: _e(d, "e1").update(text="دمشق "), "$.entities[0].text",
     "text[0:4] = 'دمشق'"),
    ("unknown type", lambda d: _e(d, "e1").update(type="CITY"), "$.entities[0].type",
     "a Wojood type"),
    ("coarse mapping", lambda d: _e(d, "e1").update(coarse="ORG"), "$.entities[0].coarse",
     '"LOC" (the CoNLL class of GPE)'),
    ("optional not bool", lambda d: _e(d, "e1").update(optional="no"),
     "$.entities[0].optional", "true or false"),
    ("unknown entity field", lambda d: _e(d, "e1").update(score=1.0), "$.entities[0].score",
     "no field 'score'"),
    ("duplicate id", lambda d: _e(d, "e2").update(id="e1"), "$.entities[1].id",
     "an id unique in the document"),
    ("duplicate id across layers", lambda d: _t(d, "t1").update(id="e1"), "$.timexes[0].id",
     "an id unique in the document"),
    ("parent missing", lambda d: _e(d, "e33").update(parent="e999"), "$.entities[32].parent",
     "the id of an entity in this document"),
    ("parent does not contain", lambda d: _e(d, "e33").update(parent="e1"), "$.entities[32].parent",
     "strictly contains"),
    ("nested without parent", lambda d: _e(d, "e33").update(parent=None),
     "$.entities[32].parent",
     "'e32': the smallest entity containing this one"),
    ("timex value grammar", lambda d: _t(d, "t1").update(value="19/11/2017"),
     "$.timexes[0].value", "a TimeML DATE value"),
    ("timex value for type", lambda d: _t(d, "t6").update(value="2017-11-16"),
     "$.timexes[5].value", "a TimeML DURATION value"),
    ("timex type", lambda d: _t(d, "t1").update(type="DAY"), "$.timexes[0].type",
     "a TIMEX3 type"),
    ("anchor missing", lambda d: _t(d, "t8").update(anchor="t99"), "$.timexes[7].anchor",
     "the id of a timex in this document"),
    ("anchor cycle", lambda d: (_t(d, "t7").update(anchor="t8")), "$.timexes[6].anchor",
     "not a cycle"),
    ("timexes overlap", lambda d: _t(d, "t3").update(start=33, text="اليوم (الأحد"),
     "$.timexes[2]", "timexes that do not overlap"),
    ("source entity missing", lambda d: d["attributions"][0].update(source_entities=["e999"]),
     "$.attributions[0].source_entities[0]", "the id of an entity in this document"),
    ("attribution kind", lambda d: d["attributions"][0].update(kind="quote"),
     "$.attributions[0].kind", "one of direct, indirect, mixed"),
    ("attribution span text", lambda d: d["attributions"][0]["cue"][0].update(text="أعلن"),
     "$.attributions[0].cue[0].text", "text[22:27] = 'أعلنت'"),
    ("empty cue", lambda d: d["attributions"][0].update(cue=[]), "$.attributions[0].cue",
     "at least one"),
    ("alternative half extent", lambda d: _e(d, "e7")["alternatives"][0].pop("end"),
     "$.entities[6].alternatives[0]", "start, end and text together"),
    ("alternative same as main", lambda d: _e(d, "e3")["alternatives"].append({"type": "GPE"}),
     "$.entities[2].alternatives[1]", "a reading that differs"),
    ("alternative text", lambda d: _e(d, "e7")["alternatives"][0].update(text="بوكمال"),
     "$.entities[6].alternatives[0].text", "text[82:90] = 'البوكمال'"),
    ("alternative value", lambda d: _t(d, "t8")["alternatives"][1].update(value="one day"),
     "$.timexes[7].alternatives[1].value", "a TimeML DURATION value"),
]


@pytest.mark.parametrize("name, mutate, path, expected",
                         CASES, ids=[c[0] for c in CASES])
def test_each_check_reports_path_value_and_expectation(gold_copy, name, mutate, path, expected):
    mutate(gold_copy.data)
    file = gold_copy.write()
    problems = validate([gold_copy.gold_dir])
    assert problems, f"{name}: the corruption was not detected"
    messages = [str(p) for p in problems]
    assert any(expected in m for m in messages), messages
    hit = next(p for p in problems if expected in str(p))
    assert hit.file == str(file)
    assert hit.path.startswith(path), (hit.path, path)
    # the line number points at the offending JSON value (or its object)
    if hit.line is not None and hit.path.startswith("$."):
        line_text = file.read_text(encoding="utf-8").splitlines()[hit.line - 1]
        leaf = hit.path.rsplit(".", 1)[-1].split("[")[0]
        assert leaf in line_text or line_text.strip() in ("{", "[", "},", "{ ") or \
            line_text.strip().startswith(("{", "\"")), (hit.line, line_text)


def test_parent_must_be_the_smallest_container(gold_copy):
    text = (gold_copy.seeds_dir / "000_3de78dd80989a7ed.txt").read_text(encoding="utf-8")
    outer = text.index("يسمى والي البوكمال")
    gold_copy.data["entities"].append({
        "id": "x1", "start": outer, "end": outer + len("يسمى والي البوكمال"),
        "text": "يسمى والي البوكمال", "type": "OCC", "coarse": None, "parent": None,
        "ref": None, "optional": True, "alternatives": []})
    gold_copy.entity("e32")["parent"] = "x1"
    gold_copy.entity("e33")["parent"] = "x1"   # not the smallest: e32 is
    gold_copy.write()
    messages = [str(p) for p in validate([gold_copy.gold_dir])]
    assert len(messages) == 1, messages
    assert "$.entities" in messages[0] and "'e32': the smallest entity containing this one" \
        in messages[0]


def test_crossing_spans_are_rejected(gold_copy):
    text = (gold_copy.seeds_dir / "000_3de78dd80989a7ed.txt").read_text(encoding="utf-8")
    start = text.index("البوكمال آخر")      # crosses e7 "مدينة البوكمال"
    gold_copy.data["entities"].append({
        "id": "x1", "start": start, "end": start + 12, "text": text[start:start + 12],
        "type": "LOC", "coarse": "LOC", "parent": None, "ref": None, "optional": False,
        "alternatives": []})
    gold_copy.write()
    messages = [str(p) for p in validate([gold_copy.gold_dir])]
    assert any("crosses e7" in m for m in messages), messages


def test_invalid_json_names_line_and_column(gold_copy):
    gold_copy.file.write_text('{\n "schema_version": 1,\n "doc_id": ,\n}', encoding="utf-8")
    [problem] = validate([gold_copy.gold_dir])
    assert problem.line == 3
    assert "column 12" in str(problem) and "valid JSON" in str(problem)


def test_duplicate_doc_id_across_files(gold_copy):
    second = gold_copy.gold_dir / "copy.json"
    second.write_text(gold_copy.file.read_text(encoding="utf-8"), encoding="utf-8")
    messages = [str(p) for p in validate([gold_copy.gold_dir])]
    assert len(messages) == 1
    assert "a doc_id not already used by" in messages[0] and "$.doc_id" in messages[0]


def test_every_problem_is_reported_not_just_the_first(gold_copy):
    gold_copy.entity("e1")["type"] = "CITY"
    gold_copy.entity("e2")["text"] = "x"
    gold_copy.timex("t1")["value"] = "yesterday"
    gold_copy.data["attributions"][0]["kind"] = "quote"
    gold_copy.write()
    with pytest.raises(GoldError) as err:
        load_gold(gold_copy.gold_dir)
    assert len(err.value.problems) == 4


def test_line_numbers_point_at_the_value(gold_copy):
    gold_copy.entity("e10")["coarse"] = "LOC"
    file = gold_copy.write()
    [problem] = validate([gold_copy.gold_dir])
    line = file.read_text(encoding="utf-8").splitlines()[problem.line - 1]
    assert '"coarse": "LOC"' in line and problem.path == "$.entities[9].coarse"


def test_bundled_gold_is_valid():
    from conftest import BUNDLED_GOLD

    gold = load_gold(BUNDLED_GOLD)
    assert len(gold) >= 1 and len(gold) == len(gold.files)
    seed = gold.get("000_3de78dd80989a7ed")
    assert seed.dct == "2017-11-19" and len(seed.text) == 2172 and seed.split == "dev"
    # the seed's 1.0.0 annotations are unchanged since: 83 entities, 10 timexes, 8 relations
    assert (len(seed.entities), len(seed.timexes), len(seed.attributions)) == (83, 10, 8)
    for doc in gold:
        assert doc.split in ("dev", "test") and doc.layers
        for e in doc.entities:
            assert doc.text[e.start:e.end] == e.text
        for t in doc.timexes:
            assert doc.text[t.start:t.end] == t.text
        for a in doc.attributions:
            for span in (*a.source, *a.cue, *a.content):
                assert doc.text[span.start:span.end] == span.text


def test_format_1_still_loads_as_dev_with_every_layer(gold_copy):
    data = gold_copy.data
    data["schema_version"] = 1
    for key in ("split", "layers", "provenance"):
        data.pop(key)
    gold_copy.write()
    [doc] = load_gold(gold_copy.gold_dir).documents
    assert doc.split == "dev" and doc.layers == ("entities", "timexes", "attributions")
    assert doc.meta["schema_version"] == 1
    result = runner.invoke(app, ["validate", str(gold_copy.gold_dir)])
    assert result.exit_code == 0 and "format 1" in result.output, result.output


def test_format_1_refuses_format_2_fields(gold_copy):
    gold_copy.data["schema_version"] = 1
    gold_copy.write()
    messages = [str(p) for p in validate([gold_copy.gold_dir])]
    assert any("$.split" in m and "no field 'split'" in m for m in messages), messages


def test_symlink_out_of_the_root_is_refused(gold_copy, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.txt"
    outside.write_text("SECRET-CONTENT", encoding="utf-8")
    (gold_copy.seeds_dir / "link.txt").symlink_to(outside)
    gold_copy.data["text_path"] = "../seeds/link.txt"
    gold_copy.write()
    result = runner.invoke(app, ["validate", str(gold_copy.gold_dir)])
    assert result.exit_code == 1
    assert "a path inside the corpus root" in result.output
    assert "SECRET" not in result.output and "Traceback" not in result.output


def test_fifo_is_refused_without_hanging(gold_copy):
    import os
    os.mkfifo(gold_copy.seeds_dir / "pipe.txt")
    gold_copy.data["text_path"] = "../seeds/pipe.txt"
    gold_copy.write()
    messages = [str(p) for p in validate([gold_copy.gold_dir])]
    assert any("a regular file" in m for m in messages), messages


def test_checksum_mismatch_echoes_no_text(gold_copy):
    other = gold_copy.seeds_dir / "other.txt"
    other.write_text("PRIVATE " * 400, encoding="utf-8")
    gold_copy.data["text_path"] = "../seeds/other.txt"
    gold_copy.write()
    messages = [str(p) for p in validate([gold_copy.gold_dir])]
    assert len(messages) == 1 and "the sha256 of" in messages[0]
    assert "PRIVATE" not in messages[0]


def test_root_option_widens_the_corpus_root(gold_copy):
    nested = gold_copy.gold_dir / "annotators" / "A"
    nested.mkdir(parents=True)
    gold_copy.data["text_path"] = "../../../seeds/000_3de78dd80989a7ed.txt"
    (nested / "doc.json").write_text(json.dumps(gold_copy.data, ensure_ascii=False), encoding="utf-8")
    assert any("corpus root" in str(p) for p in validate([nested]))
    assert validate([nested], root=gold_copy.root) == []
    result = runner.invoke(app, ["validate", str(nested), "--root", str(gold_copy.root)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("source, line, path, expected", [
    ('{"a": NaN}', 1, "$.a", "a finite JSON number"),
    ('{"a": 1,\n "b": -Infinity}', 2, "$.b", "a finite JSON number"),
    ('{"a": 1,\n "a": 2}', 2, "$.a", "each key once per object"),
    ('{"x":\n {"y": 1,\n\n "y": 1}}', 4, "$.x.y", "each key once per object"),
])
def test_strict_json_refuses_nan_and_duplicate_keys(gold_copy, source, line, path, expected):
    gold_copy.file.write_text(source, encoding="utf-8")
    [problem] = validate([gold_copy.gold_dir])
    assert (problem.line, problem.path) == (line, path) and expected in problem.expected


def test_gold_hash_ignores_json_formatting(gold_copy):
    before = load_gold(gold_copy.gold_dir).sha256
    gold_copy.file.write_text(json.dumps(gold_copy.data, ensure_ascii=True), encoding="utf-8")
    assert load_gold(gold_copy.gold_dir).sha256 == before
    gold_copy.entity("e1")["ref"] = "dimashq"
    gold_copy.write()
    assert load_gold(gold_copy.gold_dir).sha256 != before


def test_cli_exit_codes(gold_copy):
    result = runner.invoke(app, ["validate", str(gold_copy.gold_dir)])
    assert result.exit_code == 0, result.output
    assert "valid: 1 file(s), 1 document(s)" in result.output
    gold_copy.entity("e1")["coarse"] = "PER"
    gold_copy.write()
    result = runner.invoke(app, ["validate", str(gold_copy.gold_dir)])
    assert result.exit_code == 1
    assert "$.entities[0].coarse" in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(app, ["validate", str(gold_copy.root / "nowhere")])
    assert result.exit_code == 2
    assert "no such file or directory" in result.output
    assert runner.invoke(app, ["validate", "--bogus"]).exit_code == 2
