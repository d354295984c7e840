"""``khabar import wojood``: nested IOB token files → gold, and back to the same tags."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from import_e2e import check_end_to_end, check_ner_only_rules, khabar_import, score
from khabar_cli import assert_no_traceback, run

from benchmark.gold.loader import load_gold
from benchmark.importers import Options, Report, read_sources, write_corpus
from benchmark.importers.wojood import to_lines

# Three sentences in Wojood's layout: nesting two and three deep, two nested OCC
# chunks on one token (I-OCC I-OCC), a CURR inside MONEY on the last token, the
# corpus's `$#$` segment marker, and a date the rules extractor finds as a TIMEX3.
SAMPLE = """\
سكرتير B-OCC
اللجنة I-OCC B-ORG
القومية I-OCC I-ORG
في O
نابلس B-GPE
يوم O
5 B-DATE
أيار I-DATE
2023 I-DATE
. O

ونائب B-OCC
المندوب I-OCC B-OCC
الدائم I-OCC I-OCC
للمغرب I-OCC I-OCC B-GPE
لدى I-OCC I-OCC
منظمة I-OCC I-OCC B-ORG
التعاون I-OCC I-OCC I-ORG
الإسلامي I-OCC I-OCC I-ORG
السيد O
عبد B-PERS
الله I-PERS
باباه I-PERS
$#$ O

قدم O
الاتحاد B-ORG
الأوروبي I-ORG
13 B-MONEY
مليون I-MONEY
يورو I-MONEY B-CURR
"""


def _import(tmp_path: Path, text: str, *, name: str = "test.txt", **kw) -> tuple[list, Report]:
    src = tmp_path / name
    src.write_text(text, encoding="utf-8")
    report = Report()
    options = Options(fmt="wojood", dct="2024-01-01", **kw)
    docs = read_sources("wojood", [src], options, report)
    return docs, report


def _write(tmp_path: Path, text: str, **kw):  # type: ignore[no-untyped-def]
    docs, report = _import(tmp_path, text, **kw)
    assert report.problems == []
    options = Options(fmt="wojood", dct="2024-01-01", **kw)
    write_corpus(tmp_path / "out", docs, options)
    return load_gold(tmp_path / "out" / "gold")


def test_round_trip_gives_back_the_tags(tmp_path):
    gold = _write(tmp_path, SAMPLE)
    [doc] = gold.documents
    assert doc.doc_id == "test-1" and doc.layers == ("entities",) and doc.split == "test"
    assert to_lines(doc) == SAMPLE.split("\n")


def test_text_reconstruction_is_documented_and_byte_exact(tmp_path):
    gold = _write(tmp_path, SAMPLE)
    raw = (tmp_path / "out" / "texts" / "test-1.txt").read_bytes()
    sentences = [" ".join(line.split()[0] for line in block.splitlines())
                 for block in SAMPLE.strip().split("\n\n")]
    assert raw == ("\n".join(sentences) + "\n").encode("utf-8")
    assert gold.documents[0].text == raw.decode("utf-8")


def test_nesting_becomes_parent_links(tmp_path):
    [doc] = _write(tmp_path, SAMPLE).documents
    by_text = {(e.text, e.type): e for e in doc.entities}
    occ = by_text[("سكرتير اللجنة القومية", "OCC")]
    org = by_text[("اللجنة القومية", "ORG")]
    assert occ.parent is None and org.parent == occ.id and org.coarse == "ORG"
    outer = by_text[("ونائب المندوب الدائم للمغرب لدى منظمة التعاون الإسلامي", "OCC")]
    inner = by_text[("المندوب الدائم للمغرب لدى منظمة التعاون الإسلامي", "OCC")]
    assert inner.parent == outer.id and outer.coarse is None
    assert by_text[("للمغرب", "GPE")].parent == inner.id
    assert by_text[("منظمة التعاون الإسلامي", "ORG")].parent == inner.id
    assert by_text[("يورو", "CURR")].parent == by_text[("13 مليون يورو", "MONEY")].id
    assert by_text[("عبد الله باباه", "PERS")].coarse == "PER"
    for e in doc.entities:
        assert doc.text[e.start:e.end] == e.text


def test_tags_in_any_column_order(tmp_path):
    # the inner chunk listed first: I-X continues the open X chunk wherever it is
    swapped = "جامعة B-ORG\nبيرزيت B-GPE I-ORG\nالقديمة I-ORG\n"
    [doc] = _write(tmp_path, swapped).documents
    assert sorted((e.text, e.type) for e in doc.entities) == [
        ("بيرزيت", "GPE"), ("جامعة بيرزيت القديمة", "ORG")]
    assert to_lines(doc) == ["جامعة B-ORG", "بيرزيت I-ORG B-GPE", "القديمة I-ORG", ""]


def test_doc_size_and_docstart_group_documents(tmp_path):
    gold = _write(tmp_path, SAMPLE, doc_size=2)
    assert [d.doc_id for d in gold] == ["test-1", "test-2"]
    assert [len(d.text.splitlines()) for d in gold] == [2, 1]
    lines = [line for d in gold for line in to_lines(d)]
    assert lines == SAMPLE.split("\n")
    (tmp_path / "out2").mkdir()
    docs, report = _import(tmp_path / "out2", "-DOCSTART- O\n\n" + SAMPLE + "\n-DOCSTART- O\n\n"
                           + SAMPLE)
    assert report.problems == [] and [d.doc_id for d in docs] == ["test-1", "test-2"]


def test_problems_name_file_and_line(tmp_path):
    bad = ("أحمد B-PERS\nحسن I-PERS\nفي O\nالمدينة I-GPE\n\n"           # 4: unclosed
           "جامعة B-ORG\nبيرزيت I-ORG B-GPE\nفلسطين O I-GPE\n\n"         # 7: crossing
           "x B-FOO\n\nسوريا\n\ny B-ORG B-ORG\n")                         # 10, 12, 14
    docs, report = _import(tmp_path, bad)
    got = {(p.line, p.message.split(":")[0][:30]) for p in report.problems}
    lines = sorted(p.line for p in report.problems)
    assert lines == [4, 7, 10, 12, 14], report.problems
    assert all(p.path.endswith("test.txt") for p in report.problems)
    text = "\n".join(map(str, report.problems))
    assert "I-GPE" in text and "unclosed" in text and "crosses" in text and "FOO" in text
    assert "annotated twice" in text and got


def test_cli_reports_problems_without_traceback(tmp_path):
    (tmp_path / "bad.txt").write_text("أحمد B-PERS\nفي O\nالمدينة I-GPE\n", encoding="utf-8")
    proc = khabar_import(tmp_path, "wojood", "bad.txt", "--out", "out", "--dct", "2024-01-01",
                         ok=False)
    assert proc.returncode == 1
    assert "bad.txt:3: I-GPE" in proc.stdout
    assert not (tmp_path / "out").exists()


@pytest.mark.slow  # the shared import end-to-end sequence (7 subprocesses) again; wojood keeps test_the_documented_recipe_runs_as_written fast
def test_cli_end_to_end(tmp_path):
    (tmp_path / "test.txt").write_text(SAMPLE, encoding="utf-8")
    proc = khabar_import(tmp_path, "wojood", "test.txt", "--out", "out", "--dct", "2024-01-01")
    assert "imported 1 document(s)" in proc.stdout
    check_end_to_end(tmp_path, ("entities",))
    check_ner_only_rules(tmp_path)
    rules = score(tmp_path, "rules", "--samples", "samples.jsonl")
    [sample] = [json.loads(line) for line in
                (tmp_path / "samples.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sample["timexes"]                                   # rules finds the date …
    assert rules["tasks"]["timex"]["counts"]["pred"] == 0     # … and it is not scored
    assert rules["tasks"]["timex"]["counts"]["gold"] == 0


@pytest.mark.slow  # two imports and a score again; the wojood import and a score of it stay fast end to end in test_the_documented_recipe_runs_as_written
def test_issue_recipe_works_with_the_default_split(tmp_path):
    """``khabar import wojood test.txt --out wojood/ --dct …`` then ``khabar score rules
    --gold wojood/gold --task ner`` without ``--split``: the import's default split
    ``test`` is what ``--split auto`` picks."""
    (tmp_path / "test.txt").write_text(SAMPLE, encoding="utf-8")
    khabar_import(tmp_path, "wojood", "test.txt", "--out", "wojood/", "--dct", "2024-01-01")
    proc = run("score", "rules", "--gold", "wojood/gold", "--task", "ner", "--bootstrap", "0",
               "--json", "-", cwd=tmp_path)
    assert_no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["gold"]["split"] == "test"
    khabar_import(tmp_path, "wojood", "test.txt", "--out", "dev/", "--dct", "2024-01-01",
                  "--split", "dev")
    assert load_gold(tmp_path / "dev" / "gold").documents[0].split == "dev"


@pytest.mark.slow  # two more import subprocesses; import's refusals stay fast end to end in test_cli_reports_problems_without_traceback and test_a_failed_import_leaves_the_old_directory
def test_dct_is_required(tmp_path):
    (tmp_path / "test.txt").write_text(SAMPLE, encoding="utf-8")
    proc = khabar_import(tmp_path, "wojood", "test.txt", "--out", "out", ok=False)
    assert proc.returncode == 2 and "--dct" in proc.stderr
    proc = khabar_import(tmp_path, "wojood", "test.txt", "--out", "out", "--dct", "2024-13-01",
                         ok=False)
    assert proc.returncode == 2 and not (tmp_path / "out").exists()


@pytest.mark.slow  # four more import subprocesses; the wojood import stays fast end to end in test_the_documented_recipe_runs_as_written
def test_never_overwrites_without_force(tmp_path):
    (tmp_path / "test.txt").write_text(SAMPLE, encoding="utf-8")
    args = ("wojood", "test.txt", "--out", "out", "--dct", "2024-01-01")
    khabar_import(tmp_path, *args)
    before = (tmp_path / "out" / "gold" / "test-1.json").read_bytes()
    (tmp_path / "test.txt").write_text(SAMPLE.replace("-PERS", "-NORP"), encoding="utf-8")
    proc = khabar_import(tmp_path, *args, ok=False)
    assert proc.returncode == 2 and "--force" in proc.stderr
    assert (tmp_path / "out" / "gold" / "test-1.json").read_bytes() == before
    khabar_import(tmp_path, *args, "--force")
    assert (tmp_path / "out" / "gold" / "test-1.json").read_bytes() != before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "test.txt"]   # no temp left
    (tmp_path / "out" / "notes.md").write_text("mine", encoding="utf-8")
    proc = khabar_import(tmp_path, *args, "--force", ok=False)
    assert proc.returncode == 2 and "notes.md" in proc.stderr
    proc = khabar_import(tmp_path, "wojood", "test.txt", "--out", ".", "--dct", "2024-01-01",
                         "--force", ok=False)
    assert proc.returncode == 2 and (tmp_path / "test.txt").exists()


def test_a_failed_import_leaves_the_old_directory(tmp_path):
    (tmp_path / "test.txt").write_text(SAMPLE, encoding="utf-8")
    khabar_import(tmp_path, "wojood", "test.txt", "--out", "out", "--dct", "2024-01-01")
    (tmp_path / "test.txt").write_text("x I-ORG\n", encoding="utf-8")
    proc = khabar_import(tmp_path, "wojood", "test.txt", "--out", "out", "--dct", "2024-01-01",
                         "--force", ok=False)
    assert proc.returncode == 1
    assert load_gold(tmp_path / "out" / "gold").documents[0].entities


def test_label_map_and_provenance(tmp_path):
    src = "محمد B-PER\nفي O\nعمان B-GPE\n"
    docs, report = _import(tmp_path, src)
    assert [p.line for p in report.problems] == [1] and "--map PER=" in str(report.problems[0])
    gold = _write(tmp_path, src, labels={"PER": "PERS"}, corpus="My corpus")
    [doc] = gold.documents
    assert [e.type for e in doc.entities] == ["PERS", "GPE"]
    assert to_lines(doc, {"PERS": "PER"}) == src.split("\n")
    record = json.loads((tmp_path / "out" / "gold" / "test-1.json").read_text(encoding="utf-8"))
    assert record["provenance"]["corpus"] == "My corpus (khabar import wojood)"
    assert record["provenance"]["corpus_path"].endswith("test.txt")
    assert record["meta"]["import"]["labels"] == {"PER": "PERS"}
    assert record["provenance"]["dct_reason"].startswith("given with --dct")


@pytest.mark.parametrize("tricky", ["a\u2028b", "x\u0085y", "\u200fعربي"])
def test_tokens_with_unusual_characters_round_trip(tmp_path, tricky):
    src = f"{tricky} B-PERS\nو O\n{tricky} B-ORG\n"
    [doc] = _write(tmp_path, src).documents
    assert to_lines(doc) == src.split("\n")


def test_crlf_and_bom_are_read(tmp_path):
    src = "\ufeffأحمد B-PERS\r\nحسن I-PERS\r\n\r\nمصر B-GPE\r\n"
    (tmp_path / "x.txt").write_bytes(src.encode("utf-8"))
    docs = read_sources("wojood", [tmp_path / "x.txt"], Options(fmt="wojood", dct="2024-01-01"),
                        report := Report())
    assert report.problems == []
    assert docs[0].text == "أحمد حسن\nمصر\n"


def test_the_documented_recipe_runs_as_written(tmp_path):
    import shlex

    from khabar_cli import ROOT

    doc = (ROOT / "docs" / "import.md").read_text(encoding="utf-8")
    recipe = ("khabar import wojood test.txt --out wojood/ --dct 2022-01-20 && \\\n"
              "  khabar score rules --gold wojood/gold --task ner --split all")
    assert recipe in doc
    (tmp_path / "test.txt").write_text(SAMPLE, encoding="utf-8")
    for command in recipe.replace("\\\n", "").split("&&"):
        argv = shlex.split(command)
        assert argv[0] == "khabar"
        proc = run(*argv[1:], cwd=tmp_path)
        assert_no_traceback(proc)
        assert proc.returncode == 0, proc.stdout + proc.stderr
