"""HTML content choice: scoring containers, chrome inside the content, captions and metadata."""

from __future__ import annotations

from dataclasses import dataclass

from .knobs import check, knob


@dataclass(frozen=True, slots=True)
class Content:
    """HTML content choice: scoring containers, chrome inside the content, captions and metadata.

    Fields are made with `knob(default, low, high)` and a `#:` comment saying what each does.
    Read by `ingest.content` (scoring), `ingest.html_roles` (chrome inside the content),
    `ingest.html_titles` (the post title), `ingest.html_tree` (text counts) and
    `ingest.chrome` (class names).
    """

    # -- scoring containers (`content.choose_content`, readability's scoring)
    #: Visible characters of its own text for an element to count as a paragraph.
    min_paragraph_chars: int = knob(25, 1)
    #: A paragraph scores one point per this many characters of its own text ...
    chars_per_point: float = knob(100.0, 1)
    #: ... up to this many points (besides one point and one per comma).
    max_length_points: float = knob(3.0, 0)
    #: Below this best score the page has no prose to choose by (measured: 10 loses more pages).
    min_top_score: float = knob(20.0, 0)
    #: Enough for the one container the page names the post (a short post).
    min_hinted_score: float = knob(3.0, 0)
    #: A name that says "post" multiplies a container's score by this, one that says chrome
    #: divides it (and a container below the post, in comments or a footer, twice).
    hint_weight: float = knob(1.5, 1)
    #: A parent with at most this many times the content's text only wraps it (and is the post too).
    wrapper_share: float = knob(1.25, 1)
    #: A sibling of the content joins it from this share of the best score ...
    sibling_share: float = knob(0.2, 0, 1)
    #: ... and never below this score.
    min_sibling_score: float = knob(10.0, 0)
    #: A sibling `<p>` of at least this many visible characters joins the content ...
    sibling_paragraph_chars: int = knob(80, 0)
    #: ... when less than this share of its text is link text.
    sibling_link_share: float = knob(0.25, 0, 1)
    #: The best container and the runners-up that may say the post is split.
    top_candidates: int = knob(5, 1)
    #: A runner-up from this share of the best score is an alternative (readability: 0.75 of
    #: its additive scores; ours multiply, measured: 0.6) ...
    alternative_share: float = knob(0.6, 0, 1)
    #: ... and this many alternatives make their common ancestor the content.
    min_alternatives: int = knob(3, 1)
    #: A block of the best's own tag and classes from this share of its score is the same post.
    same_kind_share: float = knob(0.02, 0, 1)
    #: A Chinese, Japanese or Korean character counts as this many characters (about what a
    #: word says), so a CJK post scores like its translation.
    cjk_char_weight: int = knob(3, 1)

    # -- roles (`html_roles.assign_roles`)
    #: An element with at least this share of the page's text (of the post's, for `<noscript>`)
    #: is not a side element, hidden or noscript chrome (a `<form>` around the whole page).
    majority_share: float = knob(0.5, 0, 1)
    #: A content hint protects its ancestors from being chrome when it has at least this share
    #: of the text of the largest one (not a teaser card in "related posts").
    content_hint_share: float = knob(0.5, 0, 1)
    #: Own visible characters of an element that is a paragraph of prose (never chrome by a
    #: class name inside the content) ...
    prose_chars: int = knob(80, 0)
    #: ... when less than this share of them is link text.
    prose_link_share: float = knob(0.25, 0, 1)
    #: A container inside the content is a box of links above this share of link text ...
    link_box_density: float = knob(0.5, 0, 1)
    #: ... with fewer commas than this (prose, a list of long sentences with a link each, has commas) ...
    link_box_max_commas: int = knob(10, 0)
    #: ... and at most this share of the post's text.
    link_box_post_share: float = knob(0.5, 0, 1)
    #: Cards of one kind in a box of teasers.
    teaser_cards: int = knob(3, 1)
    #: A teaser card's visible characters: a headline and a sentence or two.
    teaser_max_chars: int = knob(400, 1)
    #: A teaser card has at least this share of its text in its link (the headline).
    teaser_link_share: float = knob(0.25, 0, 1)
    #: A box of teasers holds at most this share of the post's text ...
    teaser_box_post_share: float = knob(0.5, 0, 1)
    #: ... and its cards at least this share of the box's text.
    teaser_cards_share: float = knob(0.5, 0, 1)

    # -- class names (`chrome.match_chrome_box`)
    #: A class token of this many words or more is a slug of the text (`why-sharing-your-code-
    #: is-hard`), not a component's name: its words are no chrome words.
    slug_parts: int = knob(5, 1)

    # -- the post title (`html_titles`)
    #: Visible characters: a longer heading is a caption or a lead, not a title.
    title_max_chars: int = knob(200, 1)
    #: A heading agrees with the stated title when at least one in this many words of the
    #: shorter of the two ...
    title_shorter_part: int = knob(2, 1)
    #: ... and one in this many words of the longer are shared.
    title_longer_part: int = knob(3, 1)
    #: A `<title>` loses the site's name after its last separator only when what is left has
    #: at least this many words ...
    site_name_min_words: int = knob(2, 1)
    #: ... or this many Chinese, Japanese or Korean characters.
    site_name_min_cjk_chars: int = knob(4, 1)

    def __post_init__(self) -> None:
        check(self)
