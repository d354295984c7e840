"""Readers and writers for the file formats users already have (brat, TimeML,
CoNLL IOB2, Hugging Face datasets, khabar JSONL). One module per format."""
