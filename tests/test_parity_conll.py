"""Parity of the CoNLL path with conlleval.pl (2004-01-26) and seqeval 1.2.2.

* chunking: a blank line is a sentence boundary; an ``I-X`` opening a sentence
  starts a new chunk (conlleval, seqeval default) or is dropped (seqeval strict
  IOB2). Checked against a literal transcription of conlleval.pl's
  ``startOfChunk``/``endOfChunk`` (always), seqeval (always) and a real run of
  conlleval.pl (when one is available, see :data:`CONLLEVAL`);
* the token view of a CoNLL prediction file: ``strict_iob2`` is computed on the
  submitted tags, so an orphan ``I-`` makes it lower than ``conlleval``;
* ``khabar export --format conll``: the CoNLL-2003 shape conlleval.pl reads;
* the CoNLL reader: MISC, IOBES/BIOES and lower case, ``#column=N``.

conlleval.pl is not shipped with khabar. ``make test`` fetches it from the
package registry (``tests/tools/fetch_conlleval.sh``: the seqeval 1.2.2 sdist on
PyPI ships it) into ``.venv/conlleval/``. The tests that run it look for
``$KHABAR_CONLLEVAL``, ``tests/data/conlleval.pl`` or that copy (the 2004-01-26 script,
e.g. the copy in chakki-works/seqeval ``tests/conlleval.pl``) and are skipped
without it; the transcription below encodes its chunk rules meanwhile.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmark.core.documents import Document, Entity
from benchmark.formats.export import export_gold
from benchmark.gold.loader import GoldSet, gold_hash
from benchmark.core.inventory import COARSE_OF
from benchmark.core.iob import decode, decode_sentences
from benchmark.harness import evaluate
from benchmark.scoring.engine import score
from benchmark.scoring.settings import DEFAULTS
from runners.files import FileExtractor, FileFormatError
from runners.registry import make_extractor

HERE = Path(__file__).parent


def _conlleval() -> Path | None:
    for candidate in (os.environ.get("KHABAR_CONLLEVAL"), HERE / "data" / "conlleval.pl",
                      HERE.parent / ".venv" / "conlleval" / "conlleval.pl"):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


CONLLEVAL = _conlleval()
needs_conlleval = pytest.mark.skipif(
    CONLLEVAL is None or shutil.which("perl") is None,
    reason="conlleval.pl not available: set KHABAR_CONLLEVAL to the 2004-01-26 script "
           "(or put it at tests/data/conlleval.pl), and install perl")


# -- conlleval.pl's chunk rules, transcribed -------------------------------------------------

def _split(tag: str) -> tuple[str, str]:
    m = re.match(r"^([^-]*)-(.*)$", tag)  # conlleval: '20040126 ET code which allows hyphens'
    return (m.group(1), m.group(2)) if m else (tag, "")


def end_of_chunk(prev_tag: str, tag: str, prev_type: str, type_: str) -> bool:
    """conlleval.pl ``endOfChunk`` (IOB rules; E, [ and ] rules are unused here)."""
    end = (prev_tag, tag) in {("B", "B"), ("B", "O"), ("I", "B"), ("I", "O"),
                              ("E", "E"), ("E", "I"), ("E", "O")}
    if prev_tag != "O" and prev_tag != "." and prev_type != type_:
        end = True
    return end or prev_tag in ("]", "[")


def start_of_chunk(prev_tag: str, tag: str, prev_type: str, type_: str) -> bool:
    """conlleval.pl ``startOfChunk``."""
    start = (prev_tag, tag) in {("B", "B"), ("I", "B"), ("O", "B"), ("O", "I"),
                                ("E", "E"), ("E", "I"), ("O", "E")}
    if tag != "O" and tag != "." and prev_type != type_:
        start = True
    return start or tag in ("[", "]")


def conlleval_chunks(sentences: list[list[str]]) -> list[tuple[int, int, str]]:
    """Chunks of one tag column as conlleval.pl delimits them: every blank line
    between sentences (and at the end) is read as a boundary token tagged ``O``.
    Indices are those of the real tokens, half-open."""
    stream: list[tuple[str, int | None]] = []
    n = 0
    for sentence in sentences:
        for tag in sentence:
            stream.append((tag, n))
            n += 1
        stream.append(("O", None))  # the blank line
    chunks, open_at, last, last_type = [], None, "O", ""
    last_index = -1
    for tag, index in stream:
        prefix, type_ = _split(tag)
        if open_at is not None and end_of_chunk(last, prefix, last_type, type_):
            chunks.append((open_at[0], last_index + 1, open_at[1]))
            open_at = None
        if start_of_chunk(last, prefix, last_type, type_):
            open_at = (index, type_)
        last, last_type = prefix, type_
        if index is not None:
            last_index = index
    assert open_at is None  # the final blank line closes every chunk
    return chunks


def seqeval_chunks(sentences: list[list[str]], *, strict: bool) -> list[tuple[int, int, str]]:
    """seqeval's chunks as half-open indices over the real tokens."""
    if strict:
        from seqeval.scheme import IOB2, Entities

        offsets = [sum(len(s) for s in sentences[:i]) for i in range(len(sentences))]
        return sorted((offsets[e.sent_id] + e.start, offsets[e.sent_id] + e.end, e.tag)
                      for sent in Entities(sentences, IOB2).entities for e in sent)
    from seqeval.metrics.sequence_labeling import get_entities

    # seqeval appends one 'O' per sentence: map flat indices back to real tokens
    real, n = [], 0
    for sentence in sentences:
        real += list(range(n, n + len(sentence))) + [None]
        n += len(sentence)
    return sorted((real[a], real[b] + 1, label) for label, a, b in get_entities(sentences))


# -- 1. chunking across sentence breaks ------------------------------------------------------

#: (sentences, conlleval chunks, strict IOB2 chunks), computed by hand from the rules above.
TABLE = [
    ([["B-PER", "I-PER"], ["I-PER", "O"]],
     [(0, 2, "PER"), (2, 3, "PER")], [(0, 2, "PER")]),
    ([["O", "I-LOC"], ["I-LOC", "I-LOC"]],
     [(1, 2, "LOC"), (2, 4, "LOC")], []),
    ([["B-ORG"], ["B-ORG", "I-ORG"]],
     [(0, 1, "ORG"), (1, 3, "ORG")], [(0, 1, "ORG"), (1, 3, "ORG")]),
    ([["I-PER", "I-LOC"], ["B-LOC", "I-PER"]],
     [(0, 1, "PER"), (1, 2, "LOC"), (2, 3, "LOC"), (3, 4, "PER")], [(2, 3, "LOC")]),
    ([["B-GPE"], ["I-GPE"], ["I-GPE", "B-GPE"]],
     [(0, 1, "GPE"), (1, 2, "GPE"), (2, 3, "GPE"), (3, 4, "GPE")],
     [(0, 1, "GPE"), (3, 4, "GPE")]),
    ([["B-MISC", "I-MISC", "I-MISC"]],  # no break: one chunk, as before
     [(0, 3, "MISC")], [(0, 3, "MISC")]),
]


@pytest.mark.parametrize("sentences, conlleval, strict", TABLE)
def test_sentence_breaks_end_chunks(sentences, conlleval, strict):
    assert conlleval_chunks(sentences) == conlleval          # the table follows the rules
    assert decode_sentences(sentences) == conlleval
    assert decode_sentences(sentences, mode="strict") == strict
    flat = [t for s in sentences for t in s]
    breaks = {sum(len(s) for s in sentences[:i]) for i in range(len(sentences))}
    assert decode(flat, breaks=breaks) == conlleval
    assert seqeval_chunks(sentences, strict=False) == sorted(conlleval)
    assert seqeval_chunks(sentences, strict=True) == sorted(strict)


TAGS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "I-GPE"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(TAGS), min_size=1, max_size=8), min_size=1,
                max_size=5))
def test_decoders_equal_conlleval_rules_and_seqeval(sentences):
    assert decode_sentences(sentences) == conlleval_chunks(sentences)
    assert sorted(decode_sentences(sentences)) == seqeval_chunks(sentences, strict=False)
    assert sorted(decode_sentences(sentences, mode="strict")) == \
        seqeval_chunks(sentences, strict=True)


# -- helpers: gold, CoNLL files, conlleval runs ----------------------------------------------

def _doc(doc_id: str, text: str, marks: list[tuple[str, str]]) -> Document:
    entities, pos = [], 0
    for i, (surface, type_) in enumerate(marks, 1):
        start = text.index(surface, pos)
        entities.append(Entity(f"e{i}", start, start + len(surface), surface, type_,
                               COARSE_OF[type_]))
        pos = start + len(surface)
    return Document(doc_id, text, "2018-03-19", entities=tuple(entities),
                    meta={"gold_version": "0.0.0"})


def _goldset(*docs: Document) -> GoldSet:
    return GoldSet(tuple(docs), "0.0.0", gold_hash(list(docs)), ())


TWO_DOCS = _goldset(
    _doc("a1", "زار محمد دمشق.\nثم زار الرئيس بيروت أمس.",
         [("محمد", "PERS"), ("دمشق", "GPE"), ("بيروت", "GPE")]),
    _doc("b2", "قالت وزارة الخارجية إن السوريين غادروا.\nوصل الوفد إلى عمان.",
         [("وزارة الخارجية", "ORG"), ("السوريين", "NORP"), ("عمان", "GPE")]),
)


def _with_tags(conll: str, tags_by_line: dict[int, str]) -> str:
    """The export with column 4 replaced on the given 0-based lines."""
    out = []
    for i, line in enumerate(conll.splitlines()):
        if i in tags_by_line:
            cols = line.split(" ")
            cols[3] = tags_by_line[i]
            line = " ".join(cols)
        out.append(line)
    return "\n".join(out) + "\n"


def _run_conlleval(gold_conll: Path, system_conll: Path, column: int) -> dict:
    """The documented command: paste the system's tag column onto the export."""
    cmd = (f"paste -d ' ' '{gold_conll}' <(cut -d ' ' -f {column} '{system_conll}') "
           f"| perl '{CONLLEVAL}'")
    done = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr + done.stdout
    head = re.search(r"processed (\d+) tokens with (\d+) phrases; found: (\d+) phrases; "
                     r"correct: (\d+)\.", done.stdout)
    scores = re.search(r"accuracy: +([\d.]+)%; precision: +([\d.]+)%; recall: +([\d.]+)%; "
                       r"FB1: +([\d.]+)", done.stdout)
    assert head and scores, done.stdout
    per_type = {m.group(1): tuple(float(x) for x in m.group(2, 3, 4)) + (int(m.group(5)),)
                for m in re.finditer(r"^ *(\S+): precision: +([\d.]+)%; recall: +([\d.]+)%; "
                                     r"FB1: +([\d.]+) +(\d+)$", done.stdout, re.M)}
    return {"tokens": int(head.group(1)), "gold": int(head.group(2)),
            "pred": int(head.group(3)), "tp": int(head.group(4)),
            "accuracy": float(scores.group(1)), "precision": float(scores.group(2)),
            "recall": float(scores.group(3)), "f1": float(scores.group(4)),
            "per_type": per_type}


def _score_file(gold: GoldSet, path: Path, column: int | None):
    extractor = FileExtractor(path, "conll", column) if column else FileExtractor(path, "conll")
    evaluation = evaluate(extractor, gold, DEFAULTS.but(tasks=("ner",), bootstrap=0),
                          spec="file")
    assert evaluation.ok, evaluation.run.reason
    return evaluation.results, evaluation.run


def _seqeval(gold_tags, pred_tags, *, strict: bool) -> tuple[float, float, float]:
    from seqeval import metrics as m
    from seqeval.scheme import IOB2

    kw = {"mode": "strict", "scheme": IOB2} if strict else {}
    return (m.precision_score(gold_tags, pred_tags, zero_division=0, **kw),
            m.recall_score(gold_tags, pred_tags, zero_division=0, **kw),
            m.f1_score(gold_tags, pred_tags, zero_division=0, **kw))


def _token(results, scheme: str, view: str = "fine") -> dict:
    return results.to_dict()["tasks"]["ner"]["token"][scheme] if view == "fine" else \
        results.to_dict()["tasks"]["ner"]["coarse"]["token"][scheme]


def _sentence_initial_continuations(conll: str) -> tuple[str, int]:
    """A system file: the last token of each sentence ``B-GPE``, the first token of
    the next ``I-GPE`` (a chunk that must not cross the break); the number of
    lines changed."""
    lines = conll.splitlines()
    changes: dict[int, str] = {}
    for i in range(1, len(lines) - 1):
        if lines[i] == "" and lines[i - 1] and not lines[i - 1].startswith("-DOCSTART-") \
                and lines[i + 1] and not lines[i + 1].startswith("-DOCSTART-"):
            changes[i - 1], changes[i + 1] = "B-GPE", "I-GPE"
    return _with_tags(conll, changes), len(changes)


# -- 1 (end to end) + 7: the reader and the export against seqeval and conlleval.pl ----------

def _gold_sentences(doc: Document) -> list[list[tuple[str, str]]]:
    from benchmark.formats.conll import document_rows

    return [s for s in document_rows(doc) if s]


def _two_column_file(sentences: list[list[tuple[str, str]]]) -> str:
    """``TOKEN TAG`` lines, a blank line after each sentence."""
    return "".join("".join(f"{tok} {tag}\n" for tok, tag in s) + "\n" for s in sentences)


def _continue_across_breaks(sentences):  # type: ignore[no-untyped-def]
    """Each sentence's last token ``B-GPE`` and the next one's first ``I-GPE``."""
    out = [list(s) for s in sentences]
    for k in range(1, len(out)):
        out[k - 1][-1] = (out[k - 1][-1][0], "B-GPE")
        out[k][0] = (out[k][0][0], "I-GPE")
    return out


def test_blank_line_starts_a_new_chunk_in_the_reader(gold, tmp_path):
    doc = gold.documents[0]
    gold_rows = _gold_sentences(doc)
    system_rows = _continue_across_breaks(gold_rows)
    system = tmp_path / "system.conll"
    system.write_text(_two_column_file(system_rows), encoding="utf-8")
    results, outcome = _score_file(gold, system, None)
    gold_tags = [[t for _, t in s] for s in gold_rows]
    pred_tags = [[t for _, t in s] for s in system_rows]
    # the entities read from the file are conlleval's chunks, sentence by sentence
    [pred] = outcome.predictions.values()
    flat = [tag for s in pred_tags for tag in s]
    assert len(pred.entities) == len(conlleval_chunks(pred_tags)) == \
        len(decode_sentences(pred_tags)) > len(decode(flat))  # no chunk crosses a break
    for scheme, strict in (("conlleval", False), ("strict_iob2", True)):
        row = _token(results, scheme)
        assert (row["precision"], row["recall"], row["f1"]) == \
            pytest.approx(_seqeval(gold_tags, pred_tags, strict=strict), abs=1e-12)


@needs_conlleval
def test_reader_equals_a_real_conlleval_run(gold, tmp_path):
    [path] = export_gold(gold, "conll", tmp_path / "exp")
    system_text, _ = _sentence_initial_continuations(path.read_text(encoding="utf-8"))
    system = tmp_path / "system.conll"
    system.write_text(system_text, encoding="utf-8")
    perl = _run_conlleval(path, system, 4)
    results, _ = _score_file(gold, system, 4)
    row = _token(results, "conlleval")
    assert (row["gold"], row["pred"], row["tp"]) == (perl["gold"], perl["pred"], perl["tp"])
    for key in ("precision", "recall", "f1"):
        assert round(100 * row[key], 2) == pytest.approx(perl[key], abs=0.005)
    per_type = results.to_dict()["tasks"]["ner"]["per_type"]
    for label, (p, r, f, found) in perl["per_type"].items():
        tok = per_type[label]["token"]["conlleval"]
        assert tok["pred"] == found                 # conlleval prints #found, not support
        assert round(100 * tok["f1"], 2) == pytest.approx(f, abs=0.005)


def test_export_is_conll2003_shaped(tmp_path):
    [path] = export_gold(TWO_DOCS, "conll", tmp_path)
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("-DOCSTART-")]
    assert len(starts) == 2 and starts[0] == 0
    for i in starts:
        assert lines[i] == "-DOCSTART- -X- -X- O" and lines[i + 1] == ""
    assert not any(line.startswith("#") for line in lines)
    assert {len(line.split(" ")) for line in lines if line} == {4}  # conlleval: same width
    assert all(line.split(" ")[1:3] == ["_", "_"] for line in lines
               if line and not line.startswith("-DOCSTART-"))
    # two sentences per document, each followed by a blank line
    assert text.count("\n\n") == 2 + 4
    assert lines[2:5] == ["زار _ _ O", "محمد _ _ B-PERS", "دمشق _ _ B-GPE"]


def test_export_reads_back_by_content(tmp_path):
    [path] = export_gold(TWO_DOCS, "conll", tmp_path)
    # documents in the other order: recognised by their tokens, not their position
    blocks = path.read_text(encoding="utf-8").split("-DOCSTART- -X- -X- O\n")
    swapped = tmp_path / "swapped.conll"
    swapped.write_text("-DOCSTART- -X- -X- O\n" + blocks[2] + "-DOCSTART- -X- -X- O\n"
                       + blocks[1], encoding="utf-8")
    for file in (path, swapped):
        records = make_extractor(f"file:{file}#column=4").predict(
            [d.bare() for d in TWO_DOCS])
        got = {r["doc_id"]: sorted((e["start"], e["end"], e["type"]) for e in r["entities"])
               for r in records}
        assert got == {d.doc_id: sorted((e.start, e.end, e.type) for e in d.entities)
                       for d in TWO_DOCS}


@needs_conlleval
def test_conlleval_reads_the_export_with_a_system_column(tmp_path):
    [path] = export_gold(TWO_DOCS, "conll", tmp_path)
    perfect = _run_conlleval(path, path, 4)
    assert (perfect["gold"], perfect["pred"], perfect["tp"]) == (6, 6, 6)
    assert perfect["f1"] == 100.0
    # conlleval counts each -DOCSTART- line as a token (tagged O in both columns)
    tokens = sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line)
    assert perfect["tokens"] == tokens
    # a system that misses محمد and tags السوريين as MISC: both tools agree
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    edits = {lines.index("محمد _ _ B-PERS"): "O", lines.index("السوريين _ _ B-NORP"): "B-MISC"}
    system = tmp_path / "system.conll"
    system.write_text(_with_tags(text, edits), encoding="utf-8")
    perl = _run_conlleval(path, system, 4)
    results, _ = _score_file(TWO_DOCS, system, 4)
    row = _token(results, "conlleval")
    assert (row["gold"], row["pred"], row["tp"]) == (perl["gold"], perl["pred"], perl["tp"]) \
        == (6, 5, 4)
    assert round(100 * row["f1"], 2) == perl["f1"]


# -- 2. strict IOB2 on the submitted tags ------------------------------------------------------

def test_orphan_i_lowers_strict_iob2_only(gold, tmp_path):
    doc = gold.documents[0]
    gold_rows = _gold_sentences(doc)
    # the B- of every GPE that follows an O (or opens a sentence) becomes an orphan I-
    system_rows, orphans = [], 0
    for sentence in gold_rows:
        row = list(sentence)
        for i, (tok, tag) in enumerate(row):
            if tag == "B-GPE" and (i == 0 or row[i - 1][1] == "O"):
                row[i] = (tok, "I-GPE")
                orphans += 1
        system_rows.append(row)
    assert orphans
    system = tmp_path / "system.conll"
    system.write_text(_two_column_file(system_rows), encoding="utf-8")
    results, _ = _score_file(gold, system, None)
    gold_tags = [[t for _, t in s] for s in gold_rows]
    pred_tags = [[t for _, t in s] for s in system_rows]
    conll, strict = _token(results, "conlleval"), _token(results, "strict_iob2")
    assert strict["f1"] < conll["f1"] == 1.0
    assert strict["tp"] == conll["tp"] - orphans
    for row, is_strict in ((conll, False), (strict, True)):
        assert (row["precision"], row["recall"], row["f1"]) == \
            pytest.approx(_seqeval(gold_tags, pred_tags, strict=is_strict), abs=1e-12)
    # the span modes read the file the conlleval way: the orphans are found, as in
    # the untouched tags
    untouched_file = tmp_path / "untouched.conll"
    untouched_file.write_text(_two_column_file(gold_rows), encoding="utf-8")
    untouched, _ = _score_file(gold, untouched_file, None)
    for mode in ("strict", "exact", "partial", "type"):
        assert results.to_dict()["tasks"]["ner"][mode] == \
            untouched.to_dict()["tasks"]["ner"][mode]
    assert _token(untouched, "strict_iob2") == _token(untouched, "conlleval")


def test_span_predictions_give_equal_token_views(gold):
    from benchmark.predict.predictions import gold_as_prediction

    results = score(gold, [gold_as_prediction(d) for d in gold], tasks=("ner",), bootstrap=0)
    assert _token(results, "conlleval") == _token(results, "strict_iob2")


# -- 7. the reader: MISC, IOBES, lower case, columns ------------------------------------------

def _two_column(doc: Document, tags: list[str]) -> str:
    from benchmark.core.tokenize import canonical_tokens

    return "".join(f"{doc.text[a:b]} {t}\n" for (a, b), t in zip(canonical_tokens(doc), tags))


def test_misc_is_scored_in_the_coarse_view(tmp_path):
    gold = _goldset(TWO_DOCS.documents[1])
    doc = gold.documents[0]
    # قالت وزارة الخارجية إن السوريين غادروا . وصل الوفد إلى عمان .
    tags = ["O", "B-ORG", "I-ORG", "O", "B-MISC", "O", "O", "O", "O", "O", "B-LOC", "O"]
    path = tmp_path / "conll03.conll"
    path.write_text(_two_column(doc, tags), encoding="utf-8")
    results, outcome = _score_file(gold, path, None)
    [pred] = outcome.predictions.values()
    assert [(e.type, e.coarse) for e in pred.entities] == \
        [("ORG", "ORG"), ("MISC", "MISC"), ("LOC", "LOC")]
    ner = results.to_dict()["tasks"]["ner"]
    assert ner["coarse"]["strict"]["cor"] == 3 and ner["coarse"]["strict"]["f1"] == 1.0
    assert _token(results, "conlleval", "coarse")["f1"] == 1.0
    # the fine view: MISC is no fine type (INC on NORP), LOC is not GPE
    assert (ner["strict"]["cor"], ner["strict"]["inc"]) == (1, 2)
    assert ner["exact"]["cor"] == 3


@pytest.mark.parametrize("tags", [
    ["o", "b-org", "i-org", "o", "b-norp", "o", "o", "o", "o", "o", "b-gpe", "o"],
    ["O", "B-ORG", "E-ORG", "O", "S-NORP", "O", "O", "O", "O", "O", "S-GPE", "O"],
    ["O", "b-org", "e-org", "O", "s-norp", "O", "O", "O", "O", "O", "S-gpe", "O"],
])
def test_iobes_and_lower_case_are_converted(tmp_path, tags):
    gold = _goldset(TWO_DOCS.documents[1])
    path = tmp_path / "x.conll"
    path.write_text(_two_column(gold.documents[0], tags), encoding="utf-8")
    results, outcome = _score_file(gold, path, None)
    [pred] = outcome.predictions.values()
    assert [t for s in pred.token_tags for _, _, t in s][1:5] == ["B-ORG", "I-ORG", "O",
                                                                 "B-NORP"]
    assert results.to_dict()["tasks"]["ner"]["strict"]["f1"] == 1.0
    assert _token(results, "strict_iob2")["f1"] == 1.0


@pytest.mark.parametrize("content, column, message", [
    ("قالت O O\n", None, "x.conll:1: got 'قالت O O'; expected 'TOKEN TAG'; this line has 3 "
                         "columns: name the tag column with file:"),
    ("قالت O O\nوزارة B-ORG\n", 3, "x.conll:2: got 'وزارة B-ORG'; expected 3 columns, as on "
                                   "line 1 (got 2)"),
    ("قالت O\n", 3, "x.conll:1: got 'قالت O'; expected a tag in column 3 (#column=3); the "
                    "line has 2 columns"),
    ("قالت O\nوزارة U-ORG\n", None, "x.conll:2: got 'U-ORG'; expected O, B-TYPE or I-TYPE "
                                    "(IOB2; IOBES/BIOES"),
    ("قالت O\nوزارة B-CITY\n", None, "x.conll:2: got 'CITY'; expected an entity label among"),
])
def test_reader_refusals_name_the_line(tmp_path, content, column, message):
    gold = _goldset(TWO_DOCS.documents[1])
    path = tmp_path / "x.conll"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FileFormatError) as err:
        FileExtractor(path, "conll", column).predict([d.bare() for d in gold])
    assert message in str(err.value)


def test_column_suffix(tmp_path):
    gold = _goldset(TWO_DOCS.documents[1])
    doc = gold.documents[0]
    from benchmark.core.tokenize import canonical_tokens

    tokens = canonical_tokens(doc)
    gold_tags = ["O", "B-ORG", "I-ORG", "O", "B-NORP"] + ["O"] * 5 + ["B-GPE", "O"]
    system = ["O"] * len(tokens)
    path = tmp_path / "pasted.conll"
    path.write_text("".join(f"{doc.text[a:b]} {g} {s}\n"
                            for (a, b), g, s in zip(tokens, gold_tags, system)),
                    encoding="utf-8")
    docs = [d.bare() for d in gold]
    [record] = make_extractor(f"file:{path}#column=2").predict(docs)
    assert len(record["entities"]) == 3
    [record] = make_extractor(f"file:{path}#column=3").predict(docs)
    assert record["entities"] == []
    assert make_extractor(f"file:{path}#column=3").describe().parameters["column"] == 3
    with pytest.raises(ValueError, match="column number N >= 2"):
        make_extractor(f"file:{path}#column=1")
    jsonl = tmp_path / "p.jsonl"
    jsonl.write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="CoNLL files only"):
        make_extractor(f"file:{jsonl}#column=2")


def test_hash_tokens_are_tokens_and_key_value_lines_comments(tmp_path):
    doc = _doc("h1", "التقى #أردوغان و#بوتين اليوم.", [("أردوغان", "PERS"), ("بوتين", "PERS")])
    gold = _goldset(doc, TWO_DOCS.documents[0])
    [path] = export_gold(gold, "conll", tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "\n# _ _ O\n" in text  # a hashtag's '#' is a token line, as conlleval reads it
    commented = tmp_path / "commented.conll"
    commented.write_text(text.replace("-DOCSTART- -X- -X- O\n",
                                      "-DOCSTART- -X- -X- O\n# sent_id = 1\n"), encoding="utf-8")
    for file in (path, commented):
        records = make_extractor(f"file:{file}#column=4").predict([d.bare() for d in gold])
        got = {r["doc_id"]: [(e["start"], e["end"], e["type"]) for e in r["entities"]]
               for r in records}
        assert got["h1"] == [(e.start, e.end, "PERS") for e in doc.entities]
