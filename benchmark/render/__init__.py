"""Renderers: take results (and report data) and return text — Markdown, HTML,
JUnit. They never print and never score."""
