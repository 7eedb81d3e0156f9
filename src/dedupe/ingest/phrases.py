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

#: Headings of a reference list in Chinese, Japanese and Korean, matched whole (after the
#: heading's marks, numbering and emphasis are trimmed; a space stands for any spacing).
REFERENCE_HEADINGS_CJK = (
    "主要引用", "主な引用", "引用", "引用文献", "引用元", "参考", "参考文献", "参考資料", "参考资料", "參考資料",
    "參考文獻", "出典", "出处", "出處", "资料来源", "資料來源", "来源", "來源", "参考链接", "参考リンク", "关键引用",
    "關鍵引用", "주요 인용", "참고 문헌", "참고문헌", "참고 자료", "참고자료", "참고 링크", "출처",
)
#: Headings of a reference list in Latin script, matched whole in any case (a space
#: stands for any spacing), after an optional qualifier below.
REFERENCE_HEADINGS_LATIN = (
    "citation", "citations", "reference", "references", "source", "sources", "bibliography", "works cited",
    "further reading", "footnotes", "sources and references", "sources & references", "references and notes",
    "references & notes", "references and sources", "references & sources", "references and further reading",
    "references & further reading", "quellen", "literatur", "références", "referencias", "fuentes", "bibliografía",
    "bibliographie",
)
#: Words that may open a Latin reference heading: ``Key Citations``, ``Further Reading``.
REFERENCE_HEADING_QUALIFIERS = ("key", "main", "primary", "selected", "further", "additional", "cited")

#: Lower-case words allowed inside a proper name (``Bureau of Industry and Security``):
#: `is_name_like` skips them, and an acronym's initials are read without them.
NAME_CONNECTORS = frozenset(
    "of the and for on in at & de la le du des der die und van von y e da di to".split()
)
#: A company-name ending a Latin entry may close with a period (``... - Acme Inc.``); any
#: other final period makes the line a sentence, not an entry.
COMPANY_SUFFIXES = ("Inc.", "Ltd.", "Co.", "Corp.")
#: Words that open a parenthetical that is no reference: ``(Figure 3)``, ``(see above)``,
#: ``(p. 4)``, ``(e.g. ...)`` (matched at a word end, any case, an optional period after).
NON_REFERENCE_LABELS = (
    "fig", "figs", "figure", "figures", "table", "tables", "eq", "eqs", "equation", "equations", "section",
    "sections", "chapter", "chapters", "appendix", "page", "pages", "p", "pp", "see", "cf", "e.g", "i.e", "ibid",
    "note",
)
#: GB/T 7714 document-type codes (``标题[J]``): journal, monograph, newspaper, conference,
#: thesis, report, standard, patent, … and their online forms.
GBT_DOCUMENT_TYPES = frozenset("J M N C D R S P G Z EB EB/OL J/OL M/OL N/OL DB/OL".split())
#: The tail of an entry that says where it was read, dropped from its title:
#: ``Retrieved from ...``, ``accessed on ...``, ``URL:``.
ACCESS_WORDS = ("retrieved", "accessed", "available")
ACCESS_PREPOSITIONS = ("from", "at", "on")
LINK_LABELS = ("URL", "link", "online")
#: Host names of X (Twitter): a status URL's host is never a publisher's name.
X_HOST_NAMES = ("x", "twitter")


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
