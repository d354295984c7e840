"""Synthetic corpora on disk for the end-to-end perf scripts (not a test module).

* :func:`write_ner_corpus` — a gold directory (format 2, NER layer only) of
  seeded synthetic documents (:func:`scoring.make_document`) with their texts,
  and a khabar JSONL predictions file with offsets;
* :func:`write_seed_copies` — N copies of the bundled seed document with doc_id
  variations (its text and every layer of its annotations), for growth curves.
"""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path

from benchmark.gold.loader import gold_record, load_gold
from scoring import make_document

ROOT = Path(__file__).resolve().parents[2]
SEED_DOC = "000_3de78dd80989a7ed"


def _dump(path: Path, data) -> None:  # type: ignore[no-untyped-def]
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def write_ner_corpus(out: Path, *, documents: int = 100, sentences: int = 476,
                     density: float = 0.195, seed: int = 12345, split: str = "dev"
                     ) -> dict[str, int | Path]:
    """``out/gold/*.json`` + ``out/texts/*.txt`` + ``out/preds.jsonl``; returns sizes."""
    rng = random.Random(seed)
    gold_dir, text_dir = out / "gold", out / "texts"
    gold_dir.mkdir(parents=True, exist_ok=True)
    text_dir.mkdir(parents=True, exist_ok=True)
    n_tokens = n_gold = n_pred = 0
    with open(out / "preds.jsonl", "w", encoding="utf-8") as preds:
        for d in range(documents):
            doc, pred = make_document(rng, f"syn{d:05d}", sentences, density=density)
            doc = replace(doc, meta={"gold_version": "1.0.0"}, split=split, layers=("entities",))
            (text_dir / f"{doc.doc_id}.txt").write_text(doc.text, encoding="utf-8")
            _dump(gold_dir / f"{doc.doc_id}.json", gold_record(doc, f"../texts/{doc.doc_id}.txt"))
            preds.write(json.dumps({"doc_id": doc.doc_id, "entities": [
                {"start": e.start, "end": e.end, "type": e.type, "text": e.text}
                for e in pred.entities or ()]}, ensure_ascii=False) + "\n")
            n_tokens += len(doc.text.split())
            n_gold += len(doc.entities)
            n_pred += len(pred.entities or ())
    return {"documents": documents, "tokens": n_tokens, "gold": n_gold, "pred": n_pred,
            "gold_dir": gold_dir, "preds": out / "preds.jsonl"}


def write_seed_copies(out: Path, n: int, *, split: str = "dev") -> Path:
    """``out/gold`` with ``n`` copies of the seed document (doc_ids ``<seed>.cK``) and
    one shared text file; returns the gold directory."""
    gold_dir, text_dir = out / "gold", out / "texts"
    gold_dir.mkdir(parents=True, exist_ok=True)
    text_dir.mkdir(parents=True, exist_ok=True)
    seed = load_gold(ROOT / "gold" / f"{SEED_DOC}.json", root=ROOT).documents[0]
    (text_dir / f"{SEED_DOC}.txt").write_text(seed.text, encoding="utf-8")
    for k in range(n):
        doc = replace(seed, doc_id=f"{SEED_DOC}.c{k:05d}", split=split)
        _dump(gold_dir / f"{doc.doc_id}.json", gold_record(doc, f"../texts/{SEED_DOC}.txt"))
    return gold_dir
