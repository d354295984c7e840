"""A third-party plug-in for the entry-point test."""


class Factory:
    """Marks every occurrence of the first word (a test plug-in)."""

    def __init__(self, gold=None, **options):
        self.gold = gold

    def predict(self, documents):
        return [{"doc_id": d.doc_id, "entities": [{"start": 0, "end": d.text.index(" "),
                                                   "type": "GPE"}]} for d in documents]


def bad_records(kind):
    """Returns a function giving malformed records of the given kind."""
    def extract(documents):
        doc = documents[0]
        good = {"doc_id": doc.doc_id, "entities": []}
        return {
            "out_of_range": [{**good, "entities": [{"start": 0, "end": 99999, "type": "GPE"}]}],
            "inverted": [{**good, "entities": [{"start": 9, "end": 3, "type": "GPE"}]}],
            "unknown_field": [{**good, "entities": [{"start": 0, "end": 4, "type": "GPE",
                                                     "confidence": 0.9}]}],
            "wrong_type": [{**good, "entities": [{"start": "0", "end": 4, "type": "GPE"}]}],
            "missing_doc_id": [{"entities": []}],
            "duplicate": [good, good],
            "not_in_gold": [good, {"doc_id": "nope", "entities": []}],
            "bad_kind": [{**good, "attributions": [{"source": [], "cue": [{"start": 0, "end": 4}],
                                                    "content": [{"start": 5, "end": 9}],
                                                    "kind": "quote"}]}],
        }[kind]
    return extract


out_of_range = bad_records("out_of_range")
inverted = bad_records("inverted")
unknown_field = bad_records("unknown_field")
wrong_type = bad_records("wrong_type")
missing_doc_id = bad_records("missing_doc_id")
duplicate = bad_records("duplicate")
not_in_gold = bad_records("not_in_gold")
bad_kind = bad_records("bad_kind")
