"""Extractors that ship with khabar."""
