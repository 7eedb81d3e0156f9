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




# ---------------------------------------------------------------------------------------
# Headings and titles of text and Markdown: heading words, title lines.
# (Read by dedupe.ingest.plaintext and dedupe.ingest.markdown.)
# ---------------------------------------------------------------------------------------

#: Names of a report's sections, never of a post (en, ja, zh, ko; compared on the comparison
#: key): a first line that is one of them is a heading of the body -- the post's title was
#: not scraped -- and stays a heading. (Read by `headings.is_title_line`.)
SECTION_NAMES = (
    "Overview", "Summary", "Introduction", "Intro", "Conclusion", "Conclusions", "Key Points", "Key Takeaways",
    "Highlights", "Background", "Contents", "Table of Contents", "TL;DR", "Abstract", "Executive Summary",
    "Details", "Discussion", "References", "Sources", "Notes", "Preface",
    "概要", "要点", "要約", "まとめ", "結論", "はじめに", "背景", "目次", "序論", "詳細", "参考文献", "出典", "考察",
    "总结", "概述", "摘要", "核心要点", "结论", "引言", "目录", "参考资料", "详细分析", "前言",
    "總結", "目錄", "參考資料",
    "요약", "개요", "결론", "서론", "목차", "배경", "참고 문헌", "핵심 요점",
)

#: Abbreviations whose full stop ends no sentence (`Dr. Who`, `U.S. Policy`: a single
#: capital is one too): a title line may hold them. Spelt as they are written, before the
#: ".". (Read by `headings.is_title_line`.)
TITLE_ABBREVIATIONS = ("Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "vs", "No", "Vol", "etc")
