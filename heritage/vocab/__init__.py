"""Controlled vocabularies (EAMENA damage terms, Admiralty grading, ...) stored as data."""
