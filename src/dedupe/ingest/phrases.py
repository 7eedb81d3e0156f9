"""Phrase tables: the words rules look for, kept as data beside the chrome tables (`chrome.py`).

One section per area, each table with a comment saying which rule reads it. A rule's
cases live in `tests/fixtures/rules/*.tsv` (text -> expected decision).
"""

from __future__ import annotations

# ---------------------------------------------------------------------------------------
# HTML content choice and titles: content and title tokens of class and id names.
# (Read by dedupe.ingest.content, dedupe.ingest.html_roles and dedupe.ingest.html_titles.)
# ---------------------------------------------------------------------------------------




# ---------------------------------------------------------------------------------------
# References and citations: heading words of reference lists, name connectors of authors.
# (Read by dedupe.citations.)
# ---------------------------------------------------------------------------------------




# ---------------------------------------------------------------------------------------
# Sentences and matching: negation words (a sentence and its negation are not the same).
# (Read by dedupe.text and dedupe.match.)
# ---------------------------------------------------------------------------------------




# ---------------------------------------------------------------------------------------
# Headings and titles of text and Markdown: heading words, title lines.
# (Read by dedupe.ingest.plaintext and dedupe.ingest.markdown.)
# ---------------------------------------------------------------------------------------
