"""nervaluate end to end: read a khabar gold directory and a khabar JSONL predictions
file, give nervaluate one list of spans per sentence (its matching is quadratic per
list, so this is the fast way to call it), print the overall strict F1 as JSON.
Usage: nervaluate_score.py GOLD_DIR PREDS."""

import json
import sys
from bisect import bisect_right
from pathlib import Path

from nervaluate import Evaluator

TYPES = ["PERS", "ORG", "GPE", "LOC", "NORP", "DATE", "CARDINAL", "EVENT"]


def per_sentence(ends: list[int], entities: list[dict]) -> list[list[dict]]:
    out: list[list[dict]] = [[] for _ in range(len(ends) + 1)]
    for e in entities:
        out[bisect_right(ends, e["start"])].append(
            {"label": e["type"], "start": e["start"], "end": e["end"] - 1})
    return out


def main() -> None:
    gold_dir, preds_path = Path(sys.argv[1]), Path(sys.argv[2])
    ends, true = {}, {}
    for file in sorted(gold_dir.glob("*.json")):
        doc = json.loads(file.read_text(encoding="utf-8"))
        text = (file.parent / doc["text_path"]).read_text(encoding="utf-8")
        ends[doc["doc_id"]] = [i for i, ch in enumerate(text) if ch == "."]
        true[doc["doc_id"]] = per_sentence(ends[doc["doc_id"]], doc["entities"])
    pred = {}
    for line in preds_path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        pred[rec["doc_id"]] = per_sentence(ends[rec["doc_id"]], rec.get("entities", []))
    t, p = [], []
    for doc_id in sorted(true):
        t += true[doc_id]
        p += pred[doc_id]
    res = Evaluator(t, p, tags=TYPES, loader="dict").evaluate()["overall"]["strict"]
    print(json.dumps({"strict_f1": float(res.f1)}))


if __name__ == "__main__":
    main()
