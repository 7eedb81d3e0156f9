"""Reference lists and citation entries: detection, parsing, splitting and merging of works."""

from __future__ import annotations

from dataclasses import dataclass

from .knobs import check, knob


@dataclass(frozen=True, slots=True)
class References:
    """Reference lists and citation entries: detection, parsing, splitting and merging of works.

    Fields are made with `knob(default, low, high)` and a `#:` comment saying what each does.
    Read by `dedupe.citations` and `dedupe.ingest.references`. Two title keys are the same
    work at ``Config.match_threshold`` under ``Config.length_ratio``, as two sentences are.
    """

    # -- what a name is (a publisher, an inline label, the A of `A: B`)

    #: A proper name is at most this many characters long ...
    name_max_chars: int = knob(60, 1)
    #: ... and a CJK one at most this many (and without kana particles, marks or digits).
    cjk_name_max_chars: int = knob(12, 1)
    #: Words of a name standing alone: an inline label ``(Financial Times)``, a list's prefix.
    name_max_words: int = knob(5, 1)
    #: Words of a name cued by its place only: ``Reuters - China's AI push``, the general cues.
    leading_name_max_words: int = knob(4, 1)
    #: Words of a publisher beside a title: ``Title - Publisher``, ``[Title](url) Publisher``.
    publisher_max_words: int = knob(6, 1)
    #: Words of a journal or publisher segment of an author-year entry.
    journal_max_words: int = knob(8, 1)

    # -- script

    #: A text is CJK when it holds at least this many CJK characters ...
    cjk_text_min_chars: int = knob(2, 1)
    #: ... and they are at least this share of its letters.
    cjk_text_share: float = knob(0.2, 0, 1)

    # -- entry forms

    #: The authors of an author-year entry ``Smith, J. (2024).``: at most this many words ...
    author_max_words: int = knob(20, 1)
    #: ... or CJK characters.
    author_cjk_max_chars: int = knob(40, 1)
    #: The ``A`` of ``A: B`` can be a name only up to this many words ...
    prefix_max_words: int = knob(8, 1)
    #: ... and characters ...
    prefix_max_chars: int = knob(70, 1)
    #: ... and, in CJK, characters.
    prefix_cjk_max_chars: int = knob(16, 1)

    # -- entry or prose (a list item under a references heading)

    #: A Latin text of more than this many words is prose (links and URLs left out) ...
    prose_max_words: int = knob(40, 1)
    #: ... and so is a CJK sentence ending in 。！？ from this many characters ...
    prose_cjk_sentence_min_chars: int = knob(15, 1)
    #: ... or a CJK text with at least this many clause marks (、，。) that is longer than ...
    prose_cjk_min_clause_marks: int = knob(2, 0)
    #: ... this many characters when it holds a kana run (a clause), ...
    prose_cjk_kana_max_chars: int = knob(40, 0)
    #: ... this many otherwise.
    prose_cjk_max_chars: int = knob(60, 0)
    #: A Latin entry has at most this many words ...
    entry_max_words: int = knob(30, 1)
    #: ... and at most this many when its ``A: B`` prefix is not a name.
    entry_unnamed_prefix_max_words: int = knob(20, 1)
    #: A CJK ``Publisher：Title`` entry has at most this many characters.
    cjk_prefixed_entry_max_chars: int = knob(80, 1)
    #: A bare CJK title entry has this many characters at least ...
    cjk_title_min_chars: int = knob(8, 1)
    #: ... and at most ...
    cjk_title_max_chars: int = knob(50, 1)
    #: ... and at most this many clause commas.
    cjk_title_max_clauses: int = knob(1, 0)
    #: Trimming a reference list's foreign tail (entries in another script that open the
    #: next copy of a post) keeps at least this many entries.
    foreign_tail_min_entries: int = knob(2, 0)
    #: A list without a references heading is a reference list from this many items, all
    #: with a strong sign (a URL, ``[1]``, a Markdown link, an X post).
    unheaded_list_min_items: int = knob(2, 1)

    # -- publisher or title (the general cues, when the document gives no evidence)

    #: The title left beside a Latin name has at least this many words (and more than the name).
    cue_title_min_words: int = knob(3, 1)
    #: The title key left beside a CJK name has at least this many characters ...
    cue_cjk_title_min_chars: int = knob(6, 1)
    #: ... and at least this many times the name's.
    cue_cjk_title_name_ratio: int = knob(2, 1)
    #: A name whose key is shorter than this is never taken for a subject of other titles.
    subject_min_chars: int = knob(3, 1)

    # -- matching works and labels

    #: Title keys shorter than this must be equal to match (a ratio on a few characters is noise).
    short_key_chars: int = knob(10, 1)
    #: An inline label this long may match a publisher's name with a small typo ...
    label_fuzzy_min_chars: int = knob(12, 1)
    #: ... at this ``fuzz.ratio`` or above.
    label_fuzzy_score: float = knob(94.0, 0, 100)
    #: A whole title of this many words or more may stand as its own inline label.
    title_label_min_words: int = knob(3, 1)

    # -- inline references

    #: ``Bureau of Industry and Security (BIS)``: an acronym of this many letters at least ...
    acronym_min_letters: int = knob(2, 1)
    #: ... and at most, defined by the initials of the words just before it, ...
    acronym_max_letters: int = knob(8, 1)
    #: ... read within this many characters before it, is no reference.
    acronym_lookbehind_chars: int = knob(200, 0)
    #: An unresolved URL in a parenthetical is not reported when a Markdown link stands
    #: within this many characters before it (the link is the reference).
    link_lookbehind_chars: int = knob(300, 0)
    #: ``[3-7]`` stands for every number in the range when it spans at most this many.
    number_range_max: int = knob(50, 1)

    def __post_init__(self) -> None:
        check(self)
