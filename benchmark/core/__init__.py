"""The bottom layer: documents and spans, label tables, Arabic tokenisation and
normalisation tables, TIMEX3 value arithmetic, problems with JSON positions, confined
reads of untrusted paths and atomic file writes. It imports nothing else of khabar."""
