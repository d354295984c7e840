"""In-process extractors for the py: runner tests."""


def first_word(documents):
    """Marks the first word of each document as a GPE."""
    out = []
    for doc in documents:
        end = doc.text.index(" ")
        out.append({"doc_id": doc.doc_id, "entities": [{"start": 0, "end": end, "type": "GPE"}]})
    return out


class Counter:
    """A class-based extractor."""

    def __init__(self):
        self.calls = 0

    def predict(self, documents):
        self.calls += 1
        return [{"doc_id": d.doc_id, "timexes": []} for d in documents]


def broken(documents):
    raise RuntimeError("boom")


def not_a_list(documents):
    return {"doc_id": "x"}
