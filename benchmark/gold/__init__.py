"""The gold layer: loading and validating gold files (:mod:`.loader`), annotation
sheets that compile to gold (:mod:`.sheet`) and corpus statistics (:mod:`.stats`).
It imports only :mod:`benchmark.core`."""
