"""Phrase tables: the words rules look for, kept as data beside the chrome tables (`chrome.py`).

One section per area, each table with a comment saying which rule reads it. A rule's
cases live in `tests/fixtures/rules/*.tsv` (text -> expected decision).
"""

from __future__ import annotations

# ---------------------------------------------------------------------------------------
# HTML content choice and titles: content and title tokens of class and id names.
# (Read by dedupe.ingest.content and dedupe.ingest.html.)
# ---------------------------------------------------------------------------------------




# ---------------------------------------------------------------------------------------
# References and citations: heading words of reference lists, name connectors of authors.
# (Read by dedupe.citations.)
# ---------------------------------------------------------------------------------------




# ---------------------------------------------------------------------------------------
# Sentences and matching: negation words (a sentence and its negation are not the same).
# (Read by dedupe.text and dedupe.match.)
# ---------------------------------------------------------------------------------------

# A fuzzy match needs both sentences to count as many negations (`dedupe.text.fact_signature`,
# through `negation_re`): "is safe" and "is not safe" are one edit apart and never merge.
# Cases: tests/fixtures/rules/negation.tsv.

#: English words that negate, matched as whole words.
NEGATION_WORDS = ("not", "no", "never", "none", "nor", "without", "cannot")
#: Marks that negate wherever they occur: the English contraction, Japanese ない and
#: ません, the Chinese negatives, and the Korean negative stems 않- (-지 않다), 없- (없다)
#: and 아니/아닌 (아니다).
NEGATION_MARKS = (
    "n't", "ない", "ません", "不", "没", "沒", "未", "非", "無", "无", "别", "別", "않", "없", "아니", "아닌",
)
#: Marks that negate only before one of the texts given: Japanese ず before a comma, a
#: full stop or に (読まず、 読まずに), not in 必ず or 少しずつ.
NEGATION_MARKS_BEFORE = {"ず": ("、", "。", "に")}
#: Korean words that negate only at the start of a word and before one of the texts given
#: (" ": any whitespace): 못 and 안 before a verb (못 하다, 못한다, 안 된다), not inside
#: one (잘못, 안전).
NEGATION_WORD_STARTS_BEFORE = {"못": (" ", "하", "했", "한", "함"), "안": (" ",)}




# ---------------------------------------------------------------------------------------
# Headings and titles of text and Markdown: heading words, title lines.
# (Read by dedupe.ingest.plaintext and dedupe.ingest.markdown.)
# ---------------------------------------------------------------------------------------
