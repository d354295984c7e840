"""Hugging Face ``datasets`` export: three configs, one split per gold split.

* ``ner`` — one row per canonical sentence: ``tokens``, their document offsets
  (``token_starts``/``token_ends``), IOB2 ``ner_tags`` (fine types) and
  ``coarse_tags`` (CoNLL types) as ``ClassLabel`` over the outermost
  non-optional layer, plus ``entities``: every gold mention of the sentence
  (all layers, optional ones and alternatives included) as structs;
* ``timex`` — one row per document: ``text``, ``dct`` (a string) and ``timexes``;
* ``attribution`` — one row per document: ``text`` and ``attributions``.

Every row carries ``doc_id`` and the document's ``outlet`` (from its provenance,
``""`` when absent). A document is in a config only when the config's layer is
among its ``layers`` (``ner``: entities, ``timex``: timexes, ``attribution``:
attributions). Each config has one split per gold split (``dev``, ``test``) that
holds at least one of its rows, written as ``<config>/<split>.parquet``; a split
with no row is left out, since ``datasets`` cannot load an empty data file.

Format ``hf`` writes the Parquet files, a dataset card (``README.md`` with YAML
``configs:``: sizes per split, outlets, the licence and citation of every source
corpus, the test-split rule and the inter-annotator agreement found in
``annotators/AGREEMENT.json`` under the gold directory) and a ``save_to_disk`` copy of each
config as a ``DatasetDict`` under ``arrow/<config>``; format ``parquet`` writes
the Parquet files and the card only. Dates stay strings: the scorer never reads
this export through the JSON loader (which would turn ``2017-11-19`` into a
timestamp). ``datasets`` is imported inside the functions only.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from benchmark.core.documents import Document
from benchmark.core.files import replace_dir, write_bytes, write_text
from benchmark.gold.loader import SPLITS, GoldSet
from benchmark.core.inventory import COARSE_TYPES, FINE_TYPES, iob2_labels
from benchmark.core.iob import encode, outermost
from benchmark.core.tokenize import canonical_sentences, canonical_tokens

CONFIGS = ("ner", "timex", "attribution")
#: config → the gold layer a document must declare to be in it.
LAYER_OF = {"ner": "entities", "timex": "timexes", "attribution": "attributions"}
#: The inter-annotator agreement file (``khabar agreement --json``) beside the gold files.
#: Where the agreement figures live, relative to the gold directory (written by
#: ``khabar agreement --json``; beside the raw annotations, never among the gold files).
AGREEMENT_FILE = "annotators/AGREEMENT.json"
#: What the card says about the test split.
TEST_SPLIT_RULE = ("The `test` split is for measuring only: no rule, list or prompt may be "
                   "developed on it. Develop and tune on `dev`.")

Rows = dict[str, dict[str, list[dict[str, Any]]]]  # config → split → rows


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
            "doc_id": Value("string"), "outlet": Value("string"), "sentence": Value("int32"),
            "tokens": List(Value("string")),
            "token_starts": List(Value("int32")), "token_ends": List(Value("int32")),
            "ner_tags": List(ClassLabel(names=iob2_labels(FINE_TYPES))),
            "coarse_tags": List(ClassLabel(names=iob2_labels(COARSE_TYPES))),
            "entities": List(entity),
        }),
        "timex": Features({"doc_id": Value("string"), "outlet": Value("string"),
                           "dct": Value("string"), "text": Value("string"),
                           "timexes": List(timex)}),
        "attribution": Features({"doc_id": Value("string"), "outlet": Value("string"),
                                 "text": Value("string"), "attributions": List(attribution)}),
    }


def _alts(alternatives) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    return [{k: getattr(a, k) for k in ("start", "end", "text", "type", "value")}
            for a in alternatives]


def _provenance(doc: Document) -> dict[str, Any]:
    return doc.meta.get("provenance") or {}


def outlet(doc: Document) -> str:
    """The document's outlet from its provenance (``""`` when absent)."""
    value = _provenance(doc).get("outlet")
    return "" if value is None else str(value)


def _ner_rows(doc: Document) -> list[dict[str, Any]]:
    tokens = canonical_tokens(doc)
    required = [e for e in doc.entities if not e.optional]
    fine = encode(tokens, outermost([(e.start, e.end, e.type) for e in required]))
    coarse = encode(tokens, outermost([(e.start, e.end, e.coarse) for e in required
                                       if e.coarse is not None]))
    out = []
    for k, (s_start, s_end) in enumerate(canonical_sentences(doc)):
        idx = [i for i, (a, b) in enumerate(tokens) if s_start <= a and b <= s_end]
        ents = [e for e in doc.entities if s_start <= e.start and e.end <= s_end]
        out.append({
            "doc_id": doc.doc_id, "outlet": outlet(doc), "sentence": k,
            "tokens": [doc.text[tokens[i][0]:tokens[i][1]] for i in idx],
            "token_starts": [tokens[i][0] for i in idx],
            "token_ends": [tokens[i][1] for i in idx],
            "ner_tags": [fine[i] for i in idx], "coarse_tags": [coarse[i] for i in idx],
            "entities": [{**e.to_json(), "alternatives": _alts(e.alternatives)} for e in ents],
        })
    return out


def doc_rows(doc: Document, config: str) -> list[dict[str, Any]]:
    """The rows ``doc`` contributes to ``config`` (none when the layer is not annotated)."""
    if not doc.has_layer(LAYER_OF[config]):
        return []
    if config == "ner":
        return _ner_rows(doc)
    if config == "timex":
        return [{"doc_id": doc.doc_id, "outlet": outlet(doc), "dct": doc.dct, "text": doc.text,
                 "timexes": [{**t.to_json(), "alternatives": _alts(t.alternatives)}
                             for t in doc.timexes]}]
    return [{"doc_id": doc.doc_id, "outlet": outlet(doc), "text": doc.text,
             "attributions": [a.to_json() for a in doc.attributions]}]


def rows(gold: GoldSet) -> Rows:
    """Plain-Python rows of each config, per split; only non-empty splits are kept,
    in :data:`~benchmark.gold.SPLITS` order."""
    out: Rows = {}
    for config in CONFIGS:
        by_split: dict[str, list[dict[str, Any]]] = {}
        for split in SPLITS:
            split_rows = [r for doc in gold if doc.split == split for r in doc_rows(doc, config)]
            if split_rows:
                by_split[split] = split_rows
        out[config] = by_split
    return out


# -- the dataset card -------------------------------------------------------------

def gold_dir(gold: GoldSet) -> Path | None:
    """The directory of the gold files (the first file's), or ``None`` without files."""
    files = [f for f in gold.files if f]
    return Path(files[0]).parent if files else None


def read_agreement(gold: GoldSet) -> tuple[Path | None, dict[str, Any] | None, str]:
    """``(path, data, problem)`` of the gold's ``annotators/AGREEMENT.json``: ``path`` is
    ``None`` when there is no such file; ``data`` is the parsed file (with its
    ``total.values``), or ``None`` with ``problem`` saying why it cannot be used."""
    directory = gold_dir(gold)
    if directory is None:
        return None, None, ""
    path = directory / AGREEMENT_FILE
    if not path.is_file():
        return None, None, ""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return path, None, f"it could not be read ({exc})"
    total = data.get("total") if isinstance(data, dict) else None
    if not isinstance(total, dict) or not isinstance(total.get("values"), dict):
        return path, None, 'it has no {"total": {"values": {...}}} object'
    return path, data, ""


def _md(text: object) -> str:
    """A value for a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def _sizes(docs: list[Document]) -> list[int]:
    """documents, sentences, tokens, required entities, TIMEX3 and attributions."""
    return [len(docs),
            sum(len(canonical_sentences(d)) for d in docs),
            sum(len(canonical_tokens(d)) for d in docs),
            sum(1 for d in docs for e in d.entities if not e.optional),
            sum(1 for d in docs for t in d.timexes if not t.optional),
            sum(1 for d in docs for a in d.attributions if not a.optional)]


def _size_section(gold: GoldSet, splits: tuple[str, ...]) -> list[str]:
    lines = ["## Size per split", "",
             "| split | documents | sentences | tokens | required entity mentions "
             "| required TIMEX3 | required attribution relations |",
             "|---|---|---|---|---|---|---|"]
    for split in splits:
        sizes = _sizes([d for d in gold if d.split == split])
        lines.append(f"| {split} | " + " | ".join(map(str, sizes)) + " |")
    if len(splits) > 1:
        lines.append("| all | " + " | ".join(map(str, _sizes(list(gold)))) + " |")
    lines += ["", "Mentions marked `optional` are not counted. Documents annotated per layer: "
              + "; ".join(f"{split}: " + ", ".join(
                  f"{layer} {sum(1 for d in gold if d.split == split and d.has_layer(layer))}"
                  for layer in LAYER_OF.values()) for split in splits) + ".", ""]
    return lines


def _outlet_section(gold: GoldSet, splits: tuple[str, ...]) -> list[str]:
    counts = Counter((outlet(d), d.split) for d in gold)
    outlets = sorted({o for o, _ in counts})
    lines = ["## Documents per outlet", "",
             "| outlet | " + " | ".join(splits) + (" | all |" if len(splits) > 1 else " |"),
             "|---|" + "---|" * (len(splits) + (len(splits) > 1))]
    for name in outlets:
        cells = [str(counts[(name, s)]) for s in splits]
        if len(splits) > 1:
            cells.append(str(sum(counts[(name, s)] for s in splits)))
        lines.append(f"| {_md(name) if name else '(none)'} | " + " | ".join(cells) + " |")
    return lines + [""]


def _source_section(gold: GoldSet, splits: tuple[str, ...]) -> list[str]:
    """One entry per distinct (licence, citation) pair of the documents' provenance."""
    groups: dict[tuple[str, str], list[Document]] = {}
    for doc in gold:
        prov = _provenance(doc)
        key = (str(prov.get("licence") or ""), str(prov.get("citation") or ""))
        groups.setdefault(key, []).append(doc)
    lines = ["## Sources, licences and citations", "",
             "The texts remain the property of their publishers. Documents sharing a licence "
             "and a citation are listed together; both are quoted from the documents' "
             "provenance.", ""]
    for (licence, citation), docs in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        corpora = sorted({str(_provenance(d).get("corpus") or "") for d in docs} - {""})
        outlets = sorted({outlet(d) for d in docs} - {""})
        per_split = ", ".join(f"{s} {sum(1 for d in docs if d.split == s)}" for s in splits
                              if any(d.split == s for d in docs))
        lines += [f"### {'; '.join(corpora) or 'source corpus not named in the provenance'}", "",
                  f"- documents: {len(docs)} ({per_split})"
                  + (f"; outlets: {', '.join(outlets)}" if outlets else ""),
                  f"- licence: {licence or 'not stated in the provenance'}",
                  f"- citation: {citation or 'none given in the provenance'}", ""]
    if not groups:
        lines += ["No documents.", ""]
    return lines


def _agreement_section(gold: GoldSet) -> list[str]:
    from benchmark.scoring.agreement import FIGURES

    lines = ["## Inter-annotator agreement", ""]
    path, data, problem = read_agreement(gold)
    if path is None:
        return lines + [f"No agreement file was found (`{AGREEMENT_FILE}` under the gold "
                        "files): this export reports no inter-annotator agreement.", ""]
    if data is None:
        return lines + [f"An agreement file `{AGREEMENT_FILE}` was found under the gold directory, "
                        f"but {problem}: this export reports no inter-annotator agreement.", ""]
    values = data["total"]["values"]
    n_docs = len(data.get("per_document") or {})
    lines += [f"Corpus totals (micro-averaged) from `{AGREEMENT_FILE}`, written by "
              "`khabar agreement --json` on the raw annotations of two annotators"
              + (f" ({n_docs} document(s) annotated by both)" if n_docs else "") + ":", "",
              "| figure | value | target |", "|---|---|---|"]

    def fmt(v: Any) -> str:
        if v is None:
            return "—"
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return f"{v:.3f}"
        return _md(v)

    known = {key for key, _, _ in FIGURES}
    for key, label, target in FIGURES:
        if key in values:
            lines.append(f"| {label} | {fmt(values[key])} | "
                         f"{'—' if target is None else f'≥ {target:.2f}'} |")
    for key in sorted(set(values) - known):
        lines.append(f"| {_md(key)} | {fmt(values[key])} | — |")
    return lines + [""]


def card(gold: GoldSet, counts: dict[str, dict[str, int]]) -> str:
    """The dataset card: YAML ``configs:`` pointing at the Parquet files of each split,
    then sizes, outlets, sources, the test-split rule and the agreement figures.
    ``counts`` is config → split → rows (the splits written)."""
    splits = gold.splits
    config_yaml = "".join(
        f"- config_name: {c}\n  data_files:\n"
        + "".join(f"  - split: {s}\n    path: {c}/{s}.parquet\n" for s in counts.get(c, {}))
        for c in CONFIGS if counts.get(c))
    what = {
        "ner": "a sentence: canonical tokens, IOB2 `ner_tags`/`coarse_tags` (outermost "
               "non-optional layer), and all nested `entities`",
        "timex": "a document: `text`, `dct` and its `timexes`",
        "attribution": "a document: `text` and its `attributions`",
    }
    config_rows = []
    for c in CONFIGS:
        written = counts.get(c, {})
        cells = []
        for s in splits:
            n_docs = sum(1 for d in gold if d.split == s and d.has_layer(LAYER_OF[c]))
            cells.append(f"{written[s]} ({n_docs} doc.)" if s in written else "— (not written)")
        config_rows.append(f"| {c} | " + " | ".join(cells) + f" | {what[c]} |")
    head = "| config | " + " | ".join(f"{s} rows" for s in splits) + " | one row is |"
    rule = "|---|" + "---|" * (len(splits) + 1)
    split_list = ", ".join(f"`{s}`" for s in splits) or "none"
    lines = [
        "---", "language:", "- ar", f"pretty_name: khabar-bench gold {gold.gold_version}",
        "license: other", "task_categories:", "- token-classification",
        *(["configs:", config_yaml.rstrip("\n")] if config_yaml else ["configs: []"]), "---",
        f"# khabar-bench gold {gold.label}", "",
        "Arabic news documents annotated for nested named entities (Wojood fine types with a",
        "CoNLL mapping), TIMEX3 temporal expressions and attribution (source, cue, content).",
        f"Exported by `khabar export --format hf`; gold sha256 `{gold.sha256}`.", "",
        "## Splits", "",
        f"Splits: {split_list}. {TEST_SPLIT_RULE}", "",
        "Load a split with `datasets.load_dataset(DIR, \"ner\", split=\"dev\")` (configs "
        "`ner`, `timex`, `attribution`; splits as listed). A document is in a config only "
        "when it is annotated for that config's layer (`ner`: entities, `timex`: timexes, "
        "`attribution`: attributions); a split without any row in a config is not written.", "",
        head, rule, *config_rows, "",
        "Every row has the document's `doc_id` and `outlet` (empty when the provenance names "
        "none). All offsets are Python code-point offsets into the document text, "
        "end-exclusive. The IOB2 tags are lossy (no nesting, no optional mentions); score "
        "with `khabar score`, which uses the full annotations.", "",
        *_size_section(gold, splits),
        *_outlet_section(gold, splits),
        *_source_section(gold, splits),
        *_agreement_section(gold),
    ]
    return "\n".join(lines).rstrip("\n") + "\n"


# -- writing ----------------------------------------------------------------------

def plan(gold: GoldSet, out: Path, fmt: str) -> list[Path]:
    layout = rows(gold)
    paths = [out / "README.md"] + [out / c / f"{s}.parquet"
                                   for c in CONFIGS for s in layout[c]]
    if fmt == "hf":
        paths += [out / "arrow" / c for c in CONFIGS if layout[c]]
    return paths


def write(gold: GoldSet, out: Path, fmt: str) -> list[Path]:
    import io

    from datasets import Dataset, DatasetDict, disable_progress_bars

    disable_progress_bars()  # the library never writes to the terminal
    feats = features()
    data = rows(gold)
    written: list[Path] = []
    counts: dict[str, dict[str, int]] = {}
    for config in CONFIGS:
        splits: dict[str, Any] = {}
        for split, split_rows in data[config].items():
            ds = Dataset.from_list(split_rows, features=feats[config])
            splits[split] = ds
            buffer = io.BytesIO()
            ds.to_parquet(buffer)
            written.append(write_bytes(out / config / f"{split}.parquet", buffer.getvalue()))
        counts[config] = {s: len(ds) for s, ds in splits.items()}
        if fmt == "hf" and splits:
            (out / "arrow").mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=f".{config}.", dir=out / "arrow"))
            try:
                DatasetDict(splits).save_to_disk(str(tmp / "dd"))
                written.append(replace_dir(tmp / "dd", out / "arrow" / config))
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
    written.insert(0, write_text(out / "README.md", card(gold, counts)))
    return written
