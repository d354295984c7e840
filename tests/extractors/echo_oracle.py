"""A command-line extractor for the tests: finds every occurrence of a few
Arabic place names (a tiny gazetteer written for the test, not the gold)."""
import json
import sys

NAMES = {"دمشق": "GPE", "سوريا": "GPE", "العراق": "GPE", "لندن": "GPE"}

for line in sys.stdin:
    doc = json.loads(line)
    entities = []
    for name, typ in NAMES.items():
        start = doc["text"].find(name)
        while start != -1:
            entities.append({"start": start, "end": start + len(name), "type": typ})
            start = doc["text"].find(name, start + 1)
    print(json.dumps({"doc_id": doc["doc_id"], "entities": entities}, ensure_ascii=False))
