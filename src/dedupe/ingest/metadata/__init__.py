"""A post's metadata -- published, modified, author, site_name, canonical_url, description -- read
from where a page or a front matter states it, each value with where it came from.

Every carrier gives `Candidate`s (a field, its value, the carrier's name and the source span
of the value); `choose_metadata` keeps one per field, from the most trusted carrier:

1. JSON-LD (`<script type="application/ld+json">`): the first `Article`/`NewsArticle`/
   `BlogPosting`-like node, then `WebPage` nodes, `@graph` arrays and `@id` references
   followed (a Yoast author is a reference to a `Person` elsewhere in the graph);
2. `<meta name|property|itemprop>` and `<link rel=canonical>`: OpenGraph, `article:*`, Dublin
   Core, Parse.ly, Sailthru and the plain names, in the order of `META_KEYS`;
3. elements in the page: `<time datetime>`, `itemprop=datePublished|dateModified|author`,
   `rel=author`, author class tokens (`.author`, `.byline__name`...);
4. text: a byline (`By NAME`) or a dateline (`Posted: DATE`) that the HTML ingester set
   aside as boilerplate (`read_byline`).

Markdown front matter is its own carrier (`read_front_matter`). Dates become ISO 8601 when
they parse unambiguously (`normalize_date`); otherwise the value is the text as written
(`3 hours ago`), never a guess. The functions here are pure: the ingesters walk their input
once and hand each carrier's text and offsets to them.

One module per job: `candidates` (the record, cleaning, the choice), `dates`, `json_ld`,
`page` (`<meta>`, canonical link, the page's own elements), `bylines`, `front_matter`.
"""

from __future__ import annotations

from .bylines import Byline, BylinePart, is_name, read_byline
from .candidates import (
    DATE_FIELDS,
    FIELDS,
    FRONT_MATTER,
    JSON_LD,
    META,
    PAGE,
    TEXT,
    Candidate,
    choose_metadata,
    clean_author,
    clean_value,
    make_candidate,
)
from .dates import is_date_text, normalize_date
from .front_matter import read_front_matter
from .json_ld import read_json, read_json_ld
from .page import canonical_candidate, is_page_carrier, meta_candidate, meta_key, page_element_candidates

__all__ = [
    "DATE_FIELDS", "FIELDS", "FRONT_MATTER", "JSON_LD", "META", "PAGE", "TEXT", "Byline", "BylinePart", "Candidate",
    "canonical_candidate", "choose_metadata", "clean_author", "clean_value", "is_date_text", "is_name",
    "is_page_carrier", "make_candidate", "meta_candidate", "meta_key", "normalize_date", "page_element_candidates",
    "read_byline", "read_front_matter", "read_json", "read_json_ld",
]
