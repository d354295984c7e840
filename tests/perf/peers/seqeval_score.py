"""seqeval end to end: read a khabar gold directory and a khabar JSONL predictions
file, build IOB2 tags per sentence on the white-space tokens, print the
classification report's micro F1 as JSON. Usage: seqeval_score.py GOLD_DIR PREDS."""

import json
import re
import sys
from pathlib import Path

from seqeval.metrics import classification_report

TOKEN = re.compile(r"\S+")


def tags(text: str, entities: list[dict]) -> list[list[str]]:
    spans = [m.span() for m in TOKEN.finditer(text)]
    index = {s: i for i, (s, _) in enumerate(spans)}
    out = ["O"] * len(spans)
    for e in entities:
        i = index[e["start"]]
        out[i] = "B-" + e["type"]
        i += 1
        while i < len(spans) and spans[i][1] <= e["end"]:
            out[i] = "I-" + e["type"]
            i += 1
    sentences, current = [], []
    for (s, e), tag in zip(spans, out):
        current.append(tag)
        if text[s:e] == ".":
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    return sentences


def main() -> None:
    gold_dir, preds_path = Path(sys.argv[1]), Path(sys.argv[2])
    texts, y_true = {}, {}
    for file in sorted(gold_dir.glob("*.json")):
        doc = json.loads(file.read_text(encoding="utf-8"))
        text = (file.parent / doc["text_path"]).read_text(encoding="utf-8")
        texts[doc["doc_id"]] = text
        y_true[doc["doc_id"]] = tags(text, doc["entities"])
    y_pred = {}
    for line in preds_path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        y_pred[rec["doc_id"]] = tags(texts[rec["doc_id"]], rec.get("entities", []))
    true, pred = [], []
    for doc_id in sorted(y_true):
        true += y_true[doc_id]
        pred += y_pred[doc_id]
    report = classification_report(true, pred, digits=4, output_dict=True)
    print(json.dumps({"strict_f1": float(report["micro avg"]["f1-score"])}))


if __name__ == "__main__":
    main()
