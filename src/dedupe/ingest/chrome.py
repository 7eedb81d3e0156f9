"""Platform chrome as data: one table of footer, header, share and comment patterns.

Each pattern matches a whole line (after trimming). `where` says where it may be set aside:
``anywhere``, or only in the ``tail`` (the run of chrome lines ending the document),
for words such as ``コメント`` that are ordinary text elsewhere. Extend the table, not the code.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex


@dataclass(frozen=True, slots=True)
class ChromePattern:
    pattern: str
    kind: str
    where: str = "anywhere"  # or "tail"


CHROME_PATTERNS: tuple[ChromePattern, ...] = (
    # Blogger
    ChromePattern(r"コメントを投稿", "comments"),
    ChromePattern(r"Post a Comment", "comments"),
    ChromePattern(r"\d+\s*件のコメント\s*[:：]?", "comments"),
    ChromePattern(r"\d+\s+comments?\s*:?", "comments", "tail"),
    ChromePattern(r"コメント", "comments", "tail"),
    ChromePattern(r"Comments?", "comments", "tail"),
    ChromePattern(r"评论|發表評論|发表评论|留言", "comments", "tail"),
    ChromePattern(r"登録[:：]\s*コメントの投稿\s*\(Atom\)", "feed"),
    ChromePattern(r"Subscribe to:\s*Post Comments\s*\(Atom\)", "feed"),
    ChromePattern(r"この投稿へのリンク|Links to this post", "footer"),
    ChromePattern(r"(?:ラベル|Labels)[:：].*", "footer", "tail"),
    ChromePattern(r"(?:投稿者|Posted by)\s.*", "footer", "tail"),
    ChromePattern(r"(?:ホーム|Home)", "nav", "tail"),
    ChromePattern(r"(?:次の投稿|前の投稿|Newer Post|Older Post)", "nav"),
    # WordPress
    ChromePattern(r"Share this:?", "share"),
    ChromePattern(r"Like this:?", "share"),
    ChromePattern(r"Like Loading\.\.\.", "share"),
    ChromePattern(r"Related(?: posts| articles)?:?", "related", "tail"),
    ChromePattern(r"Leave a (?:Reply|Comment)", "comments"),
    ChromePattern(r"(?:Share on|Tweet|Pin it)\b.{0,20}", "share", "tail"),
    # Hatena Blog, note
    ChromePattern(r"関連記事", "related", "tail"),
    ChromePattern(r"この記事をシェアする|シェアする|ツイートする|はてなブックマーク.*", "share", "tail"),
    ChromePattern(r"読者になる|スキ|フォロー", "share", "tail"),
    # Chinese
    ChromePattern(r"分享到[:：]?.*|相关文章|相關文章|上一篇.*|下一篇.*", "related", "tail"),
    # Cookie notices
    ChromePattern(r"(?i:this (?:site|website) uses cookies.*)", "cookies"),
    ChromePattern(r"(?:当サイトでは)?Cookie.*(?:使用|利用)しています.*", "cookies"),
)

_COMPILED = tuple(
    (regex.compile(rf"(?:{p.pattern})", regex.IGNORECASE), p) for p in CHROME_PATTERNS
)


def match_chrome(line: str, *, in_tail: bool) -> str | None:
    """The chrome kind a whole line matches, or None.

    >>> match_chrome("コメントを投稿", in_tail=False)
    'comments'
    >>> match_chrome("コメント", in_tail=False) is None, match_chrome("コメント", in_tail=True)
    (True, 'comments')
    """
    text = line.strip()
    if not text or len(text) > 120:
        return None
    for compiled, pattern in _COMPILED:
        if pattern.where == "tail" and not in_tail:
            continue
        if compiled.fullmatch(text, timeout=0.5):
            return pattern.kind
    return None
