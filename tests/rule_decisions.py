"""Decision functions for the rule tables in `tests/fixtures/rules/*.tsv` (see test_rules.py).

Each takes one row's text (``\\n`` already turned into a line break) and returns the
decision as a short string, the table's second column. Keep each small: call the rule,
name what it decided.
"""

from __future__ import annotations

from dedupe.ingest.plaintext import ingest_text

BODY = "The body of the post follows here, and it is a sentence.\n"


def title(text: str) -> str:
    """The title the text ingester takes from a post's first line(s); ``-`` for none."""
    post = text if "\n" in text else f"{text}\n{BODY}"
    ing = ingest_text(post)
    return ing.title.text if ing.title else "-"


# -- corpus ------------------------------------------------------------------------------


def corpus_site(text: str) -> str:
    """The site corpus mode gives a JSONL record with this URL (its host); ``-`` for none."""
    from dedupe.corpus.sources import site_of_url

    return site_of_url(text) or "-"


def corpus_file_name(text: str) -> str:
    """The output file name (without ``.json``) corpus mode gives a JSONL record's id."""
    from dedupe.corpus.sources import safe_name

    return safe_name(text)
