"""Phrase tables: the words rules look for, kept as data beside the chrome tables (`chrome.py`).

One section per area, each table with a comment saying which rule reads it. A rule's
cases live in `tests/fixtures/rules/*.tsv` (text -> expected decision).
"""

from __future__ import annotations

# ---------------------------------------------------------------------------------------
# HTML content choice and titles: content and title tokens of class and id names.
# (Read by dedupe.ingest.content, dedupe.ingest.html_roles and dedupe.ingest.html_titles.)
# ---------------------------------------------------------------------------------------

#: Class/id words that say "post" or "chrome" (whole words of a token split on -, _ and case),
#: read by `content.choose_content`: weights on a container's score, never a decision alone.
POSITIVE_WORDS = frozenset({"article", "body", "content", "entry", "main", "page", "post", "text", "blog", "story",
                            "hentry", "prose", "articlebody", "story-body"})
NEGATIVE_WORDS = frozenset({"comment", "comments", "footer", "sidebar", "widget", "related", "share", "social",
                            "sponsor", "promo", "ad", "ads", "advert", "banner", "nav", "menu", "popup", "modal",
                            "newsletter", "subscribe", "recommended", "trending", "outbrain", "taboola", "masthead",
                            "breadcrumb", "breadcrumbs", "pagination", "tags", "tag", "byline", "author", "meta"})
#: Words on a container that puts everything inside it below the post, whatever the inside
#: calls itself (a comment's `div.content`).
BELOW_WORDS = frozenset({"comment", "comments", "disqus", "respond", "replies", "footer", "related", "recommended",
                         "outbrain", "taboola"})

#: Class or id tokens that name the post's own content (whole tokens, any case), read by
#: `html_roles` (an element holding one is a content hint and never chrome).
CONTENT_TOKENS = (
    "post-body", "post-content", "entry-content", "entry-body", "article-body", "article-content", "hentry", "post",
    "entry", "article", "markdown-body", "main-content", "note-body", "p-article__content", "o-noteContentText",
    "note-common-styles__textnote-body", "hatenablog-entry", "blog-post", "single-post", "postbody", "articleBody",
)
#: What comes before `title` (with `-`, `_` or nothing between) in the class of a heading that
#: is the post's title (`entry-title`, `p-article__title`), read by `html_titles`; these are
#: patterns (`_*`: any underscores). `headline` alone is one too.
TITLE_TOKEN_PREFIXES = ("post", "entry", "article", "note", "blog-post", "single", "p-article_*",
                        "o-noteContentHeader_*")
#: A figure's caption or credit (`html_roles`): `<figcaption>` anywhere, WordPress's classic
#: `.wp-caption-text` anywhere, and these class tokens inside a figure (`<figure>`,
#: `.wp-caption`). A caption is never body text, and `credit` inside a figure is not the
#: site's footer credits.
CAPTION_ANYWHERE = frozenset({"wp-caption-text"})
CAPTION_IN_FIGURE = frozenset({"caption", "image-caption", "photo-caption", "media-caption", "credit",
                               "wp-caption-text"})
FIGURE_TOKENS = frozenset({"wp-caption"})


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
