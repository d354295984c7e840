"""The ``hf:`` runner on a tiny random BERT token classifier built in the test.

The label-mapping tests run everywhere; the model tests need the ``hf`` extra
(torch, transformers) and are skipped cleanly without it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from benchmark import load_gold
from benchmark.core.documents import Document
from benchmark.core.inventory import FINE_TYPES
from benchmark.predict.predictions import parse_predictions
from runners.base import Extractor
from runners.hf import (DEFAULT_LABEL_MAP, HFModelError, HFTokenClassifierExtractor, map_label,
                        parse_label_map, split_label)

ROOT = Path(__file__).resolve().parent.parent
LABELS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-GPE", "I-GPE", "B-LOC", "I-LOC",
          "B-MISC", "I-MISC", "B-DATE", "I-DATE"]
MAX_LEN = 512


# --- label mapping (no torch needed) -------------------------------------------------

@pytest.mark.parametrize(("label", "label_map", "expected"), [
    ("B-PER", None, "PERS"),
    ("I-PERS", None, "PERS"),
    ("PERSON", None, "PERS"),
    ("b-per", None, "PERS"),
    ("B-ORG", None, "ORG"),
    ("B-ORGANIZATION", None, "ORG"),
    ("I-LOC", None, "LOC"),
    ("B-LOCATION", None, "LOC"),
    ("S-GPE", None, "GPE"),
    ("B_GPE", None, "GPE"),
    ("E-DATE", None, "DATE"),
    ("U-TIME", None, "TIME"),
    ("L-CARDINAL", None, "CARDINAL"),
    ("B-FAC", None, "FAC"),
    ("B-FACILITY", None, "FAC"),
    ("B-NORP", None, "NORP"),
    ("I-OCC", None, "OCC"),
    ("B-WEBSITE", None, "WEBSITE"),
    ("B-MISC", None, None),
    ("I-WORK_OF_ART", None, None),
    ("O", None, None),
    ("B-MISC", {"MISC": "NORP"}, "NORP"),
    ("B-MISC", {"b-misc": "EVENT", "MISC": "NORP"}, "EVENT"),
    ("I-PER", {"PER": None}, None),
    ("B-PROD", {"PROD": "PRODUCT"}, "PRODUCT"),
])
def test_map_label(label, label_map, expected):
    assert map_label(label, label_map) == expected


def test_map_label_unknown_is_keyerror():
    with pytest.raises(KeyError):
        map_label("B-FOO")


def test_default_map_targets_are_fine_types():
    assert set(FINE_TYPES) <= set(DEFAULT_LABEL_MAP)
    assert {v for v in DEFAULT_LABEL_MAP.values() if v is not None} <= set(FINE_TYPES)


@pytest.mark.parametrize(("label", "expected"), [
    ("B-PER", ("B", "PER")), ("i_org", ("I", "org")), ("LOC", (None, "LOC")),
    ("LAW", (None, "LAW")), ("B-WORK_OF_ART", ("B", "WORK_OF_ART")),
])
def test_split_label(label, expected):
    assert split_label(label) == expected


@pytest.mark.parametrize(("spec", "expected"), [
    ("MISC=NORP", {"MISC": "NORP"}),
    ("MISC=NORP, B-PER=PERS ,", {"MISC": "NORP", "B-PER": "PERS"}),
    ("MISC=", {"MISC": None}),
    ("MISC=O", {"MISC": None}),
])
def test_parse_label_map(spec, expected):
    assert parse_label_map(spec) == expected


def test_parse_label_map_json(tmp_path):
    file = tmp_path / "map.json"
    file.write_text(json.dumps({"MISC": None, "PROD": "PRODUCT"}), encoding="utf-8")
    assert parse_label_map(file) == {"MISC": None, "PROD": "PRODUCT"}
    assert parse_label_map(str(file)) == {"MISC": None, "PROD": "PRODUCT"}


@pytest.mark.parametrize(("spec", "message"), [
    ("MISC", "'MISC' is not LABEL=TYPE"),
    ("=NORP", "'=NORP' is not LABEL=TYPE"),
    ("MISC=FOO", "MISC='FOO' is not a khabar fine type"),
    ("MISC=PER", "MISC='PER' is not a khabar fine type"),
    ("missing.json", "file 'missing.json' does not exist"),
])
def test_parse_label_map_errors(spec, message):
    with pytest.raises(HFModelError, match="^--label-map: " + message.replace("(", r"\(")):
        parse_label_map(spec)


def test_parse_label_map_bad_json(tmp_path):
    file = tmp_path / "map.json"
    file.write_text('["MISC"]', encoding="utf-8")
    with pytest.raises(HFModelError, match="must hold a JSON object"):
        parse_label_map(file)


def test_import_does_not_load_torch():
    code = ("import sys, runners.hf; "
            "bad = [m for m in ('torch', 'transformers') if m in sys.modules]; "
            "sys.exit(str(bad) if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_missing_directory(tmp_path):
    where = tmp_path / "nope"
    with pytest.raises(HFModelError, match=f"hf:{where}: no such directory; expected a local model"):
        HFTokenClassifierExtractor(where)


def test_hub_id_is_not_downloaded():
    with pytest.raises(HFModelError, match="no such directory"):
        HFTokenClassifierExtractor("CAMeL-Lab/bert-base-arabic-camelbert-msa-ner")


def test_directory_without_config(tmp_path):
    with pytest.raises(HFModelError, match=f"hf:{tmp_path}: no config.json"):
        HFTokenClassifierExtractor(tmp_path)


def _fake_dir(root: Path, config: object, files: tuple[str, ...] = ("model.safetensors",
                                                                    "tokenizer.json")) -> Path:
    root.mkdir()
    (root / "config.json").write_text(json.dumps(config), encoding="utf-8")
    for name in files:
        (root / name).write_text("{}", encoding="utf-8")
    return root


@pytest.mark.parametrize(("config", "files", "message"), [
    ({"id2label": {"0": "O", "1": "B-PER"}}, ("tokenizer.json",), "no weights; expected"),
    ({"id2label": {"0": "O", "1": "B-PER"}}, ("model.safetensors",), "no tokenizer files"),
    ({"model_type": "bert"}, ("model.safetensors", "tokenizer.json"), "no id2label"),
    ({"id2label": {"a": "O"}}, ("model.safetensors", "tokenizer.json"),
     "id2label must map label ids"),
    ({"id2label": {"0": "LABEL_0", "1": "LABEL_1"}}, ("model.safetensors", "tokenizer.json"),
     "labels LABEL_0, LABEL_1 are transformers' placeholders"),
    ({"id2label": {"0": "O", "1": "B-FOO"}}, ("model.safetensors", "tokenizer.json"),
     "model labels with no khabar type: B-FOO;"),
    ({"id2label": {"0": "O", "1": "B-MISC", "2": "I-MISC"}, "label_map": {"B-MISC": "NORP"}},
     ("model.safetensors", "tokenizer.json"), "labels of tag.s. MISC different types"),
])
def test_broken_directories(tmp_path, config, files, message):
    label_map = config.pop("label_map", None)
    where = _fake_dir(tmp_path / "model", config, files)
    with pytest.raises(HFModelError, match=message):
        HFTokenClassifierExtractor(where, label_map=label_map)


def test_missing_extra_is_named(tmp_path, monkeypatch):
    where = _fake_dir(tmp_path / "model", {"id2label": {"0": "O", "1": "B-PER"}})
    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(HFModelError, match=r"the hf runner needs torch( and transformers)?: pip install 'khabar-bench\[hf\]'"):
        HFTokenClassifierExtractor(where)


@pytest.mark.slow  # torch in the worker and the tiny model; hf: stays fast end to end in test_scoring_models.py (a CoNLL model scored by a khabar subprocess, and run in process)
def test_hub_cache_snapshot_name(tmp_path):
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    snapshot = tmp_path / "models--org--arabic-ner" / "snapshots"
    snapshot.mkdir(parents=True)
    where = _fake_dir(snapshot / "0123abcd", {"id2label": {"0": "O", "1": "B-PER"}})
    info = HFTokenClassifierExtractor(where).describe()
    assert info.name == "org/arabic-ner"
    assert info.version.endswith("|commit:0123abcd")


def test_config_is_not_json(tmp_path):
    (tmp_path / "config.json").write_text("{", encoding="utf-8")
    with pytest.raises(HFModelError, match=r"config.json: cannot read it as JSON"):
        HFTokenClassifierExtractor(tmp_path)


# --- a tiny random model (needs the hf extra) -----------------------------------------

def _vocab() -> list[str]:
    chars = [chr(c) for c in range(0x0621, 0x064B)] + list("0123456789") + list('،.()"/-:')
    return ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *chars, *("##" + c for c in chars)]


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory) -> Path:
    """A randomly initialised 2-layer BERT token classifier saved to a directory."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    where = tmp_path_factory.mktemp("hf") / "tiny-bert-ner"
    where.mkdir()
    vocab = _vocab()
    (where / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    # transformers 5 ignores BertTokenizerFast(vocab_file=...) (the argument is now
    # ``vocab``) and silently builds a 5-token vocabulary; from_pretrained reads
    # vocab.txt in every version.
    tokenizer = transformers.BertTokenizerFast.from_pretrained(where)
    assert len(tokenizer.get_vocab()) == len(vocab)
    config = transformers.BertConfig(
        vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=37, max_position_embeddings=MAX_LEN,
        id2label=dict(enumerate(LABELS)), label2id={lab: i for i, lab in enumerate(LABELS)})
    torch.manual_seed(0)
    transformers.utils.logging.disable_progress_bar()
    transformers.BertForTokenClassification(config).save_pretrained(where)
    transformers.utils.logging.enable_progress_bar()
    tokenizer.save_pretrained(where)
    return where


@pytest.fixture(scope="module")
def extractor(model_dir) -> HFTokenClassifierExtractor:
    return HFTokenClassifierExtractor(model_dir)


@pytest.fixture(scope="module")
def seed_doc() -> Document:
    return load_gold().documents[0].bare()


def _check_spans(doc: Document, record: dict) -> None:
    text = doc.text
    assert record["doc_id"] == doc.doc_id
    assert set(record) == {"doc_id", "entities"}
    for e in record["entities"]:
        assert set(e) == {"start", "end", "type"}
        assert 0 <= e["start"] < e["end"] <= len(text), e
        span = text[e["start"]:e["end"]]
        assert span == span.strip(), e
        assert not unicodedata.category(span[0]).startswith("M"), e
        assert e["end"] == len(text) or unicodedata.category(text[e["end"]]) != "Mn", e
        assert e["type"] in FINE_TYPES


@pytest.mark.slow  # torch in the worker and the tiny model; hf: stays fast end to end in test_scoring_models.py (a CoNLL model scored by a khabar subprocess, and run in process)
def test_seed_document(extractor, seed_doc):
    assert isinstance(extractor, Extractor)
    records = extractor.predict([seed_doc])
    assert len(records) == 1
    _check_spans(seed_doc, records[0])
    assert records[0]["entities"], "the random model should tag something"
    assert extractor.stats["entities"] == len(records[0]["entities"])
    # khabar's own prediction validator accepts the records unchanged.
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    parsed = parse_predictions(lines, [seed_doc])
    assert len(parsed[seed_doc.doc_id].entities) == len(records[0]["entities"])


@pytest.mark.slow  # torch in the worker and the tiny model; hf: stays fast end to end in test_scoring_models.py (a CoNLL model scored by a khabar subprocess, and run in process)
def test_deterministic(model_dir, extractor, seed_doc):
    first = extractor.predict([seed_doc])
    assert extractor.predict([seed_doc]) == first
    assert HFTokenClassifierExtractor(model_dir).predict([seed_doc]) == first


@pytest.mark.slow  # torch in the worker and the tiny model; hf: stays fast end to end in test_scoring_models.py (a CoNLL model scored by a khabar subprocess, and run in process)
def test_long_document_is_windowed(extractor, seed_doc):
    from transformers import AutoTokenizer

    text = "\n".join([seed_doc.text] * 3)
    tokens = len(AutoTokenizer.from_pretrained(extractor.path)(text)["input_ids"])
    assert tokens > 3 * MAX_LEN
    doc = Document("long", text, seed_doc.dct)
    [record] = extractor.predict([doc])
    _check_spans(doc, record)
    # entities come from the whole text, not only the first window
    assert max(e["end"] for e in record["entities"]) > len(text) - 300


@pytest.mark.slow  # torch in the worker and the tiny model; hf: stays fast end to end in test_scoring_models.py (a CoNLL model scored by a khabar subprocess, and run in process)
def test_small_windows(model_dir, seed_doc):
    small = HFTokenClassifierExtractor(model_dir, model_max_length=32, stride=8)
    [record] = small.predict([seed_doc])
    _check_spans(seed_doc, record)
    assert max(e["end"] for e in record["entities"]) > len(seed_doc.text) - 100


@pytest.mark.slow  # torch in the worker and the tiny model; hf: stays fast end to end in test_scoring_models.py (a CoNLL model scored by a khabar subprocess, and run in process)
@pytest.mark.parametrize("strategy", ["first", "average", "max"])
def test_word_aggregation(model_dir, seed_doc, strategy):
    [record] = HFTokenClassifierExtractor(model_dir, aggregation_strategy=strategy,
                                          model_max_length=128, stride=32).predict([seed_doc])
    _check_spans(seed_doc, record)
    assert record["entities"]


@pytest.mark.slow  # torch in the worker and the tiny model; hf: stays fast end to end in test_scoring_models.py (a CoNLL model scored by a khabar subprocess, and run in process)
def test_batch_of_documents(extractor, seed_doc):
    docs = [seed_doc,
            Document("marks", "  َدمشقُ 😀 دمشقٌ\t(سانا)  \n", seed_doc.dct),
            Document("empty", "", seed_doc.dct),
            Document("latin", "Reuters and AFP", seed_doc.dct)]
    records = extractor.predict(docs)
    assert [r["doc_id"] for r in records] == [d.doc_id for d in docs]
    for doc, record in zip(docs, records):
        _check_spans(doc, record)
    assert records[2]["entities"] == []
    assert extractor.predict([]) == []


@pytest.mark.slow  # torch in the worker and the tiny model; hf: stays fast end to end in test_scoring_models.py (a CoNLL model scored by a khabar subprocess, and run in process)
def test_label_map_applies(model_dir, extractor, seed_doc):
    default = {e["type"] for e in extractor.predict([seed_doc])[0]["entities"]}
    assert "NORP" not in default  # MISC is dropped by default
    mapped = HFTokenClassifierExtractor(model_dir, label_map="MISC=NORP,PER=O")
    types = {e["type"] for e in mapped.predict([seed_doc])[0]["entities"]}
    assert "NORP" in types and "PERS" not in types
    assert mapped.describe().parameters["label_map"]["B-MISC"] == "NORP"


@pytest.mark.slow  # torch in the worker and the tiny model; hf: stays fast end to end in test_scoring_models.py (a CoNLL model scored by a khabar subprocess, and run in process)
def test_unknown_labels_are_listed(model_dir, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(model_dir, other)
    config = json.loads((other / "config.json").read_text(encoding="utf-8"))
    config["id2label"].update({"11": "B-FOO", "12": "I-FOO"})
    (other / "config.json").write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(HFModelError, match="model labels with no khabar type: B-FOO, I-FOO; "
                                           "map them with --label-map"):
        HFTokenClassifierExtractor(other)
    HFTokenClassifierExtractor(other, label_map={"FOO": "EVENT"})


@pytest.mark.slow  # torch in the worker and the tiny model; hf: stays fast end to end in test_scoring_models.py (a CoNLL model scored by a khabar subprocess, and run in process)
@pytest.mark.parametrize(("options", "message"), [
    ({"model_max_length": 1024}, "model_max_length=1024 exceeds the model's "
                                 "max_position_embeddings=512"),
    ({"stride": 300}, "stride=300; expected 0 <= stride <= 254"),
    ({"aggregation_strategy": "none"}, "aggregation_strategy='none'; expected one of"),
    ({"label_map": {"MISC": "MISCELLANEOUS"}}, "label_map: MISC='MISCELLANEOUS' is not"),
])
def test_bad_options(model_dir, options, message):
    with pytest.raises(HFModelError, match=message):
        HFTokenClassifierExtractor(model_dir, **options)


@pytest.mark.slow  # torch in the worker and the tiny model; hf: stays fast end to end in test_scoring_models.py (a CoNLL model scored by a khabar subprocess, and run in process)
def test_describe(model_dir, extractor):
    import transformers

    info = extractor.describe()
    assert (info.kind, info.name) == ("hf", "tiny-bert-ner")
    assert info.version.startswith(f"transformers:{transformers.__version__}|torch:")
    assert "|model:sha256=" in info.version
    p = info.parameters
    assert (p["aggregation_strategy"], p["stride"], p["model_max_length"], p["device"]) == \
        ("simple", 128, 512, "cpu")
    assert p["label_map"]["B-PER"] == "PERS" and p["label_map"]["I-MISC"] is None
    assert "O" not in p["label_map"]
    json.dumps(info.to_json())
    assert HFTokenClassifierExtractor(model_dir).describe() == info


@pytest.mark.slow  # torch in the worker and the tiny model; hf: stays fast end to end in test_scoring_models.py (a CoNLL model scored by a khabar subprocess, and run in process)
def test_cli_scores_the_tiny_model(model_dir, tmp_path):
    """``khabar score hf:DIR`` end to end: NER only, the model described in the results."""
    import json

    from typer.testing import CliRunner

    from benchmark.cli import app

    out = tmp_path / "r.json"
    result = CliRunner().invoke(app, ["score", f"hf:{model_dir}", "--bootstrap", "0",
                                      "--hf-max-length", "64", "--hf-stride", "16",
                                      "--json", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data["tasks"]) == {"ner"}
    strict = data["tasks"]["ner"]["strict"]
    assert strict["cor"] + strict["inc"] + strict["par"] + strict["mis"] == 62   # every gold
    assert data["extractor"]["kind"] == "hf"
    assert data["extractor"]["parameters"]["model_max_length"] == 64
    assert "|sys:hf:tiny-bert-ner@transformers:" in data["signature"]
