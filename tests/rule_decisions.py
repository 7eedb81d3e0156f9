"""Decision functions for the rule tables in `tests/fixtures/rules/*.tsv` (see test_rules.py).

Each takes one row's text (``\\n`` already turned into a line break) and returns the
decision as a short string, the table's second column. Keep each small: call the rule,
name what it decided.
"""

from __future__ import annotations

from dedupe.ingest.plaintext import ingest_text
from dedupe.text import fact_signature

BODY = "The body of the post follows here, and it is a sentence.\n"


def title(text: str) -> str:
    """The title the text ingester takes from a post's first line(s); ``-`` for none."""
    post = text if "\n" in text else f"{text}\n{BODY}"
    ing = ingest_text(post)
    return ing.title.text if ing.title else "-"


# -- Sentences and matching (the match engineer) ------------------------------------------

def negation(text: str) -> str:
    """Whether two sentences (``a || b``) may be the same text as far as negation goes:
    ``same`` when they count as many negations (`dedupe.text.fact_signature`), else
    ``different`` (a fuzzy match between them is refused)."""
    a, b = text.split(" || ")
    return "same" if fact_signature(a)[1] == fact_signature(b)[1] else "different"
