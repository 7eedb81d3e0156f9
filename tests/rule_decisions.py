"""Decision functions for the rule tables in `tests/fixtures/rules/*.tsv` (see test_rules.py).

Each takes one row's text (``\\n`` already turned into a line break) and returns the
decision as a short string, the table's second column. Keep each small: call the rule,
name what it decided.
"""

from __future__ import annotations

from dedupe.ingest.chrome import match_chrome_box
from dedupe.ingest.html_roles import CONTENT_TOKEN_RE
from dedupe.ingest.plaintext import ingest_text

BODY = "The body of the post follows here, and it is a sentence.\n"


def title(text: str) -> str:
    """The title the text ingester takes from a post's first line(s); ``-`` for none."""
    post = text if "\n" in text else f"{text}\n{BODY}"
    ing = ingest_text(post)
    return ing.title.text if ing.title else "-"


# --------------------------------------------------------------------------- HTML content choice


def class_name(text: str) -> str:
    """What one class or id token says of an HTML element on its own: ``content`` when it names
    the post's content (`html_roles`: a content hint, never chrome), else the chrome kind
    `chrome.match_chrome_box` gives a `<div>` outside the content with that token, else ``none``."""
    if CONTENT_TOKEN_RE.fullmatch(text):
        return "content"
    return match_chrome_box("div", "", (text,), in_content=False) or "none"
