"""The prediction layer: prediction records read from any extractor, validated against
the gold's documents (:mod:`.predictions`, :mod:`.records`), and string answers aligned to
offsets (:mod:`.align`). It imports :mod:`benchmark.core` and :mod:`benchmark.gold.loader`."""
