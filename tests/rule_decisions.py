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


# -- Headings and titles (text and Markdown ingesters) -------------------------------------


def heading(text: str) -> str:
    """What the text ingester makes of a bare line between two body paragraphs: the block's
    kind (``heading``, ``paragraph`` ...)."""
    ing = ingest_text(f"{BODY}{text}\n{BODY}")
    kinds = [b.kind.value for b in ing.blocks if b.text == text.strip()]
    return kinds[0] if kinds else "-"
