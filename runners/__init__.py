"""Adapters that run extractors of every shape and return raw predictions.

An extractor is batched: ``predict(documents) -> records``, one record per
document (see :mod:`runners.base`). khabar validates and aligns the records
before scoring; adapters never repair them.
"""
