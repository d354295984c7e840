"""Hugging Face ``datasets`` export: three configs, one ``test`` split each.

* ``ner`` — one row per canonical sentence: ``tokens``, their document offsets
  (``token_starts``/``token_ends``), IOB2 ``ner_tags`` (fine types) and
  ``coarse_tags`` (CoNLL types) as ``ClassLabel`` over the outermost
  non-optional layer, plus ``entities``: every gold mention of the sentence
  (all layers, optional ones and alternatives included) as structs;
* ``timex`` — one row per document: ``text``, ``dct`` (a string) and ``timexes``;
* ``attribution`` — one row per document: ``text`` and ``attributions``.

Format ``hf`` writes Parquet files, a dataset card (``README.md`` with YAML
``configs:``) and a ``save_to_disk`` copy under ``arrow/<config>``; format
``parquet`` writes the Parquet files and the card only. Dates stay strings:
the scorer never reads this export through the JSON loader (which would turn
``2017-11-19`` into a timestamp).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from benchmark.files import replace_dir, write_bytes, write_text
from benchmark.gold import GoldSet
from benchmark.inventory import COARSE_TYPES, FINE_TYPES, iob2_labels
from benchmark.iob import encode, outermost
from benchmark.tokenize import canonical_sentences, canonical_tokens

CONFIGS = ("ner", "timex", "attribution")


def features() -> dict[str, Any]:
    """The ``datasets.Features`` of each config."""
    from datasets import ClassLabel, Features, List, Value

    alt = {"start": Value("int32"), "end": Value("int32"), "text": Value("string"),
           "type": Value("string"), "value": Value("string")}
    span = {"start": Value("int32"), "end": Value("int32"), "text": Value("string")}
    entity = {"id": Value("string"), "start": Value("int32"), "end": Value("int32"),
              "text": Value("string"), "type": Value("string"), "coarse": Value("string"),
              "parent": Value("string"), "ref": Value("string"), "optional": Value("bool"),
              "alternatives": List(alt)}
    timex = {"id": Value("string"), "start": Value("int32"), "end": Value("int32"),
             "text": Value("string"), "type": Value("string"), "value": Value("string"),
             "anchor": Value("string"), "optional": Value("bool"), "alternatives": List(alt)}
    attribution = {"id": Value("string"), "source": List(span),
                   "source_entities": List(Value("string")), "cue": List(span),
                   "content": List(span), "kind": Value("string"), "optional": Value("bool")}
    return {
        "ner": Features({
            "doc_id": Value("string"), "sentence": Value("int32"),
            "tokens": List(Value("string")),
            "token_starts": List(Value("int32")), "token_ends": List(Value("int32")),
            "ner_tags": List(ClassLabel(names=iob2_labels(FINE_TYPES))),
            "coarse_tags": List(ClassLabel(names=iob2_labels(COARSE_TYPES))),
            "entities": List(entity),
        }),
        "timex": Features({"doc_id": Value("string"), "dct": Value("string"),
                           "text": Value("string"), "timexes": List(timex)}),
        "attribution": Features({"doc_id": Value("string"), "text": Value("string"),
                                 "attributions": List(attribution)}),
    }


def _alts(alternatives) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    return [{k: getattr(a, k) for k in ("start", "end", "text", "type", "value")}
            for a in alternatives]


def rows(gold: GoldSet) -> dict[str, list[dict[str, Any]]]:
    """Plain-Python rows of each config."""
    out: dict[str, list[dict[str, Any]]] = {c: [] for c in CONFIGS}
    for doc in gold:
        tokens = canonical_tokens(doc)
        required = [e for e in doc.entities if not e.optional]
        fine = encode(tokens, outermost([(e.start, e.end, e.type) for e in required]))
        coarse = encode(tokens, outermost([(e.start, e.end, e.coarse) for e in required
                                           if e.coarse is not None]))
        for k, (s_start, s_end) in enumerate(canonical_sentences(doc)):
            idx = [i for i, (a, b) in enumerate(tokens) if s_start <= a and b <= s_end]
            ents = [e for e in doc.entities if s_start <= e.start and e.end <= s_end]
            out["ner"].append({
                "doc_id": doc.doc_id, "sentence": k,
                "tokens": [doc.text[tokens[i][0]:tokens[i][1]] for i in idx],
                "token_starts": [tokens[i][0] for i in idx],
                "token_ends": [tokens[i][1] for i in idx],
                "ner_tags": [fine[i] for i in idx], "coarse_tags": [coarse[i] for i in idx],
                "entities": [{**e.to_json(), "alternatives": _alts(e.alternatives)}
                             for e in ents],
            })
        out["timex"].append({"doc_id": doc.doc_id, "dct": doc.dct, "text": doc.text,
                             "timexes": [{**t.to_json(), "alternatives": _alts(t.alternatives)}
                                         for t in doc.timexes]})
        out["attribution"].append({"doc_id": doc.doc_id, "text": doc.text,
                                   "attributions": [a.to_json() for a in doc.attributions]})
    return out


def card(gold: GoldSet, counts: dict[str, int]) -> str:
    """The dataset card: YAML ``configs:`` pointing at the Parquet files."""
    config_yaml = "".join(
        f"- config_name: {c}\n  data_files:\n  - split: test\n    path: {c}/test.parquet\n"
        for c in CONFIGS)
    return f"""---
language:
- ar
pretty_name: khabar-bench gold {gold.gold_version}
license: other
task_categories:
- token-classification
configs:
{config_yaml}---
# khabar-bench gold {gold.label}

Arabic news documents annotated for nested named entities (Wojood fine types with a
CoNLL mapping), TIMEX3 temporal expressions and attribution (source, cue, content).
Exported by `khabar export --format hf`; gold sha256 `{gold.sha256}`.

| config | rows | one row is |
|---|---|---|
| ner | {counts['ner']} | a sentence: canonical tokens, IOB2 `ner_tags`/`coarse_tags` (outermost non-optional layer), and all nested `entities` |
| timex | {counts['timex']} | a document: `text`, `dct` and its `timexes` |
| attribution | {counts['attribution']} | a document: `text` and its `attributions` |

All offsets are Python code-point offsets into the document text, end-exclusive.
The IOB2 tags are lossy (no nesting, no optional mentions); score with `khabar score`,
which uses the full annotations. The texts remain the property of their publishers.
"""


def plan(gold: GoldSet, out: Path, fmt: str) -> list[Path]:
    paths = [out / "README.md"] + [out / c / "test.parquet" for c in CONFIGS]
    if fmt == "hf":
        paths += [out / "arrow" / c for c in CONFIGS]
    return paths


def write(gold: GoldSet, out: Path, fmt: str) -> list[Path]:
    import io

    from datasets import Dataset, DatasetDict, disable_progress_bars

    disable_progress_bars()  # the library never writes to the terminal
    feats = features()
    data = rows(gold)
    written: list[Path] = []
    counts = {}
    for config in CONFIGS:
        ds = Dataset.from_list(data[config], features=feats[config])
        counts[config] = len(ds)
        buffer = io.BytesIO()
        ds.to_parquet(buffer)
        written.append(write_bytes(out / config / "test.parquet", buffer.getvalue()))
        if fmt == "hf":
            (out / "arrow").mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=f".{config}.", dir=out / "arrow"))
            DatasetDict({"test": ds}).save_to_disk(str(tmp / "dd"))
            written.append(replace_dir(tmp / "dd", out / "arrow" / config))
            tmp.rmdir()
    written.insert(0, write_text(out / "README.md", card(gold, counts)))
    return written
