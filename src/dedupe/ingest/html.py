"""HTML ingestion: a saved page to typed blocks, chrome lines and markup spans, with exact offsets.

Tokens: `html_tokens.tokenize`, which gives exactly the tokens of the standard library's
`html.parser.HTMLParser` (the one well-kept HTML parser that reports where each token
starts) in half the time, so every block, chrome line and markup span is a character
offset into the decoded page, entities and all; lxml and selectolax build trees without
character offsets, and trafilatura returns text without them. A tokenizer does not build
a tree, so this module builds a flat element table itself with the HTML standard's common
implied end tags (`<p>`, `<li>`, `<td>`, `<tr>`, `<dt>`/`<dd>`, `<option>`), iteratively:
nesting depth never meets Python's recursion limit.

Three passes, one record type each, one module each:

1. tokenize (`html_tokens`): `Event`s with their source spans (an event ends where the next begins);
2. elements (`html_tree`, `html_roles`, `html_titles`): the open-element stack replayed into
   `TagElement`s and their text counted, then each element's role from its ancestors -- in
   chrome (`chrome.CHROME_BOXES`: nav, header/footer, aside, share, related, comments,
   forms...), in the post's content (`content.choose_content`: `article`, `main`,
   `.post-body`, `.entry-content`, scored by text), skipped (`script`, `style`), or the post title;
3. blocks (`html_blocks`, `html_text`): text runs collected per owning element into `Mapped`
   text (each character with its source span), cleaned by `hygiene`, and emitted as blocks
   or chrome lines.

The shared rules (`rules.RULES`, in the order every format runs them) then set aside
chrome by text, split glued list items, find bare headings when the page marks none, and
take hashtags.
"""

from __future__ import annotations

from dataclasses import replace

from ..config import Config
from .blocks import ChromeLine, Ingested, Kind, RawBlock
from .html_blocks import BlockBuilder
from .html_roles import assign_roles
from .html_titles import without_site_name
from .html_tokens import tokenize
from .html_tree import build_elements, text_stats
from .hygiene import anchors_of, clean_text
from .metadata import choose_metadata
from .rules import RuleContext, Shaped, apply_rules

__all__ = ["build_elements", "ingest_html", "merge_spans"]


def ingest_html(source: str, config: Config | None = None) -> Ingested:
    """Split a decoded HTML page into blocks, chrome lines, title, tags and markup spans."""
    config = config or Config()
    events = tokenize(source)
    elements = build_elements(events)
    roles = assign_roles(elements, text_stats(elements, events, config), config)
    builder = BlockBuilder(source, elements, roles)
    builder.build(events)
    line_of = builder.line_of

    def take_title(shaped: Shaped) -> Shaped:
        """The `<h1>` (or og:title, or `<title>` without the site's name): not from the blocks."""
        title = builder.title
        if title is None:
            page_title = builder.page_title
            fallback = builder.og_title or (without_site_name(page_title, config) if page_title else None)
            if fallback is not None and fallback.text:
                title = RawBlock(kind=Kind.HEADING, text=fallback.text, start=fallback.starts[0],
                                 end=fallback.ends[-1], line=line_of(fallback.starts[0]), level=1,
                                 anchors=anchors_of(fallback))
        return replace(shaped, title=title)

    # The shared rules, in the one order every format runs them (`rules.RULES`).
    shaped = apply_rules(Shaped(blocks=tuple(builder.blocks), chrome=tuple(builder.chrome),
                                markup=tuple(builder.markup), metadata=tuple(builder.metadata),
                                marks_headings=roles.has_headings),
                         RuleContext(config, line_of, take_title))
    title = shaped.title
    page_title = builder.page_title
    extra_chrome: list[ChromeLine] = []
    if page_title is not None and page_title.text and (title is None or title.start != page_title.starts[0]):
        extra_chrome.append(ChromeLine(page_title.text, "page-title", page_title.starts[0], page_title.ends[-1],
                                       line_of(page_title.starts[0])))
    elif page_title is not None and title is not None and title.end < page_title.ends[-1]:
        # The title is the <title> without the site's name: the name is the page's chrome.
        at = next((i for i, (c, a) in enumerate(zip(page_title.text, page_title.starts))
                   if a >= title.end and not c.isspace()), None)
        if at is not None:
            extra_chrome.append(ChromeLine(page_title.text[at:], "page-title", page_title.starts[at],
                                           page_title.ends[-1], line_of(page_title.starts[at])))
    all_chrome = sorted(shaped.chrome + tuple(extra_chrome), key=lambda c: (c.start, c.end))
    return Ingested(
        blocks=shaped.blocks,
        title=title,
        tags=tuple(dict.fromkeys(clean_text(t) for t in (*shaped.tags, *builder.tags) if clean_text(t))),
        chrome=tuple(all_chrome),
        format="html",
        line_starts=tuple(builder.line_starts),
        markup=tuple(merge_spans(list(shaped.markup))),
        metadata=choose_metadata(list(shaped.metadata)),
    )


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, merged, non-empty spans.

    >>> merge_spans([(5, 8), (0, 2), (1, 3), (3, 3)])
    [(0, 3), (5, 8)]
    """
    out: list[tuple[int, int]] = []
    for a, b in sorted(s for s in spans if s[1] > s[0]):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out
