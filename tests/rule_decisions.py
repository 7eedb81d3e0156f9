"""Decision functions for the rule tables in `tests/fixtures/rules/*.tsv` (see test_rules.py).

Each takes one row's text (``\\n`` already turned into a line break) and returns the
decision as a short string, the table's second column. Keep each small: call the rule,
name what it decided.
"""

from __future__ import annotations

from dedupe.ingest.chrome import match_chrome_box
from dedupe.ingest.html_roles import CONTENT_TOKEN_RE
from dedupe.ingest.plaintext import ingest_text
from dedupe.text import fact_signature

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


# ---------------------------------------------------------------------------------------
# References and citations (reference_headings.tsv, reference_entries.tsv, entry_parsing.tsv)
# ---------------------------------------------------------------------------------------


def reference_heading(text: str) -> str:
    """``yes`` when the line introduces a reference list, else ``no``."""
    from dedupe.citations import is_reference_heading

    return "yes" if is_reference_heading(text) else "no"


def reference_entry(text: str) -> str:
    """``yes`` when a list item under a references heading reads as an entry, ``no`` for prose."""
    from dedupe.citations import looks_like_reference

    return "yes" if looks_like_reference(text) else "no"


def parsed_entry(text: str) -> str:
    """How one entry reads alone: ``kind | title | publisher`` (``-`` for none).

    The entry is the only one of its list, so a ``Publisher: Title`` split is decided by the
    general cues (a short proper name before a longer title), as for a list with no evidence.
    """
    from dedupe.citations import RawEntry, build_citations, parse_entry

    entry = RawEntry(text, 0, len(text), 1, 0)
    citation = build_citations([entry], [], text).citations[0]
    return f"{parse_entry(entry).kind} | {citation.title} | {citation.publisher or '-'}"


# -- Sentences and matching (the match engineer) ------------------------------------------

def negation(text: str) -> str:
    """Whether two sentences (``a || b``) may be the same text as far as negation goes:
    ``same`` when they count as many negations (`dedupe.text.fact_signature`), else
    ``different`` (a fuzzy match between them is refused)."""
    a, b = text.split(" || ")
    return "same" if fact_signature(a)[1] == fact_signature(b)[1] else "different"


# -- corpus ------------------------------------------------------------------------------


def corpus_site(text: str) -> str:
    """The site corpus mode gives a JSONL record with this URL (its host); ``-`` for none."""
    from dedupe.corpus.sources import site_of_url

    return site_of_url(text) or "-"


def corpus_file_name(text: str) -> str:
    """The output file name (without ``.json``) corpus mode gives a JSONL record's id."""
    from dedupe.corpus.sources import safe_name

    return safe_name(text)


# --------------------------------------------------------------------------- HTML content choice


def class_name(text: str) -> str:
    """What one class or id token says of an HTML element on its own: ``content`` when it names
    the post's content (`html_roles`: a content hint, never chrome), else the chrome kind
    `chrome.match_chrome_box` gives a `<div>` outside the content with that token, else ``none``."""
    if CONTENT_TOKEN_RE.fullmatch(text):
        return "content"
    return match_chrome_box("div", "", (text,), in_content=False) or "none"
