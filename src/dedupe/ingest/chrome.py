"""Platform chrome as data: the tables of footer, header, share, comment and cookie patterns.

Two tables, used by every ingester:

- `CHROME_PATTERNS`: whole lines of text (after trimming). `where` says where a line may be
  set aside: ``anywhere``, or only in the ``tail`` (the run of chrome lines ending the
  document) for words such as ``コメント`` or ``Home`` that are ordinary text elsewhere.
  The text, Markdown and HTML ingesters all match lines and blocks against it.
- `CHROME_BOXES`: HTML containers that hold chrome, by tag, ARIA role or a class/id name
  (``nav``, ``aside``, ``role=contentinfo``, ``class="sharedaddy"``, ``id="comments"``...).
  The HTML ingester sets aside every text inside one, with its kind.

Extend the tables, not the code: a new platform is a few rows here.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from ..config import Content

# `slug_parts` where no configuration is at hand (`dedupe explain` names a chrome container
# after the fact); the ingester passes its own.
_DEFAULTS = Content()


@dataclass(frozen=True, slots=True)
class ChromePattern:
    pattern: str
    kind: str
    where: str = "anywhere"  # or "tail"


SHARE_NAMES = (r"(?i:facebook|twitter|whatsapp|pinterest|pint|pin\s*it|linkedin|reddit|e-?mail|print|tumblr|"
               r"telegram|messenger|flipboard|pocket|google\+|copy\s+link|share|tweet|baixar|compartilhar|"
               r"compartir|partager|teilen|condividi)|X|LINE|シェア|ツイート|はてブ|分享|微信|微博|공유|카카오톡|"
               r"페이스북|트위터")

CHROME_PATTERNS: tuple[ChromePattern, ...] = (
    # Blogger (Japanese and English UI)
    ChromePattern(r"コメントを投稿", "comments"),
    ChromePattern(r"Post a Comment", "comments"),
    ChromePattern(r"\d+\s*件のコメント\s*[:：]?", "comments"),
    ChromePattern(r"コメントはありません\s*[:：]?|No comments\s*:?", "comments"),
    ChromePattern(r"\d+\s+comments?\s*:?", "comments", "tail"),
    ChromePattern(r"コメント", "comments", "tail"),
    ChromePattern(r"Comments?", "comments", "tail"),
    ChromePattern(r"评论|發表評論|发表评论|留言|評論", "comments", "tail"),
    ChromePattern(r"登録[:：]\s*コメントの投稿\s*\(Atom\)", "feed"),
    ChromePattern(r"登録[:：]\s*投稿\s*\(Atom\)", "feed"),
    ChromePattern(r"Subscribe to:\s*Post(?: Comment)?s\s*\(Atom\)", "feed"),
    ChromePattern(r"この投稿へのリンク|Links to this post", "footer"),
    ChromePattern(r"(?:ラベル|Labels)[:：].*", "footer", "tail"),
    ChromePattern(r"(?:投稿者|Posted by)\s.*", "footer", "tail"),
    ChromePattern(r"(?:ホーム|Home)", "nav", "tail"),
    ChromePattern(r"(?:次の投稿|前の投稿|Newer Posts?|Older Posts?)", "nav"),
    ChromePattern(r"(?:このブログの)?人気の投稿|Popular Posts|ブログ アーカイブ|Blog Archive", "sidebar"),
    ChromePattern(r"自己紹介|About Me|View my complete profile|詳細プロフィールを表示", "sidebar"),
    ChromePattern(r"Powered by Blogger\.?|Powered by Hatena Blog|Proudly powered by WordPress\.?", "footer"),
    ChromePattern(r"Blog at WordPress\.com\.?|テーマ画像の作成者.*|Theme images by .*", "footer"),
    ChromePattern(r"(?:Share to|Email This|BlogThis!).*|リンクを取得|他のアプリ|共有", "share", "tail"),
    # WordPress
    ChromePattern(r"Share this:?", "share"),
    ChromePattern(r"Like this:?", "share"),
    ChromePattern(r"Like Loading\.\.\.|Loading\.\.\.", "share"),
    ChromePattern(r"Related(?: posts| articles)?:?", "related", "tail"),
    ChromePattern(r"Leave a (?:Reply|Comment)|Cancel reply|Post Comment", "comments"),
    ChromePattern(r"Your email address will not be published\..*", "comments"),
    ChromePattern(r"Save my name, email, and website in this browser.*", "comments"),
    ChromePattern(r"(?:Comment|Name|Email|Website)\s*\*?", "comments", "tail"),
    ChromePattern(r"Click to share on .*|Click to email .*|Click to print .*", "share"),
    ChromePattern(r"(?:Share on|Tweet|Pin it)\b.{0,20}", "share", "tail"),
    ChromePattern(r"Facebook|Twitter|X|LINE|Pocket|Pinterest|LinkedIn|Reddit|Email|Print|Tumblr", "share", "tail"),
    # A row of share buttons anywhere: two or more network names and share words, nothing else.
    ChromePattern(rf"(?:(?:{SHARE_NAMES})[\s|·•/,]*){{2,}}", "share"),
    ChromePattern(r"(?:Posted in|Tagged|Filed under|Categories:?|Tags:?)\s.*", "footer", "tail"),
    ChromePattern(r"(?:Posted|Published|Updated)(?: on)? [^.。]{1,60} by [^.。]{1,40}", "meta"),
    ChromePattern(r"(?:Previous|Next) (?:Post|Article|Entry)s?:?.*|[«←] .{1,80}|.{1,80} [»→]", "nav", "tail"),
    ChromePattern(r"Recent (?:Posts|Comments)|Archives|Search for:?|Meta|Log in|Entries feed|Comments feed",
                  "sidebar", "tail"),
    # Hatena Blog
    ChromePattern(r"関連記事", "related", "tail"),
    ChromePattern(r"この記事をシェアする|シェアする|ツイートする|はてなブックマーク.*|はてブ", "share", "tail"),
    ChromePattern(r"読者になる|読者です\s*読者をやめる.*|スキ|フォロー", "share", "tail"),
    ChromePattern(r"コメントを書く|もっと読む|ブログを報告する", "comments", "tail"),
    ChromePattern(r"引用をストックしました|ストックを表示", "comments", "tail"),
    ChromePattern(r"引用するにはまずログインしてください|引用をストックできませんでした.*", "comments"),
    ChromePattern(r"id:[\w-]+\s*(?:\d+(?:年|日|時間|分)前)?", "footer", "tail"),
    ChromePattern(r"プロフィール|検索|リンク|最新記事|月別アーカイブ|カテゴリー|カテゴリ", "sidebar", "tail"),
    # note
    ChromePattern(r"この記事が気に入ったら.{0,20}(?:サポート|チップ|応援).{0,20}", "share"),
    ChromePattern(r"チップで応援する|サポートをお願いします.*|記事を購入する|ログイン|会員登録", "share", "tail"),
    ChromePattern(r"\d+\s*(?:スキ|いいね)|スキ\s*\d+", "share", "tail"),
    # Chinese platforms
    ChromePattern(r"分享到[:：]?.*|相关文章|相關文章|上一篇.*|下一篇.*", "related", "tail"),
    ChromePattern(r"热门文章|熱門文章|最新文章|推荐阅读|推薦閱讀|猜你喜欢", "related", "tail"),
    ChromePattern(r"点赞|點讚|收藏|转发|轉發|关注|關注|打赏|打賞|赞\s*\d*", "share", "tail"),
    ChromePattern(r"版权声明[:：].*|版權聲明[:：].*|本文链接[:：].*|原文链接[:：].*", "footer"),
    ChromePattern(r"(?:标签|標籤|分类|分類)[:：].*|阅读\s*[\(（]?\d+[\)）]?|發表於.*|发表于.*", "footer", "tail"),
    # Korean platforms: Naver blog, Tistory, Daum, Kakao (Brunch, KakaoTalk / KakaoStory share
    # buttons). Phrases only a UI writes may be set aside anywhere; single words (`댓글`,
    # `공감`, `태그`, `공유하기`, `구독하기`...) and counters only in the tail. A row that may
    # match anywhere starts with a fixed character, so `ANYWHERE_FIRST` still turns most lines away.
    ChromePattern(r"댓글\s*쓰기|댓글\s*달기|댓글을 입력하세요.*|이 글에 댓글 단 블로거 열고 닫기", "comments"),
    ChromePattern(r"(?:이 글에\s*)?공감한\s*(?:사람|블로거)\s*(?:보러\s*가기|열고\s*닫기)", "share"),
    ChromePattern(r"이\s*블로그(?:의)?\s*(?:인기|최신)\s*(?:글|포스트)|블로그\s*인기\s*글", "related"),
    ChromePattern(r"['‘\"“][^'‘’\"“”]{1,40}['’\"”]\s*카테고리의\s*다른\s*글", "related"),
    ChromePattern(r"티스토리\s*툴바|Designed by 티스토리|Powered by (?:Tistory|Kakao)\b.*", "footer"),
    # Creative Commons marks: Tistory's `저작자표시 비영리 변경금지`, Naver's `저작자 명시 필수 - ...`.
    ChromePattern(r"저작자\s*표시(?:\s*[-·,]?\s*(?:비영리|변경\s*금지|동일\s*조건(?:\s*변경\s*허락)?))*", "footer"),
    ChromePattern(r"저작자 명시 필수(?:\s*-?\s*영리적 사용 불가)?(?:\s*-?\s*내용 변경 불가)?", "footer"),
    ChromePattern(r"영리적 사용 불가|내용 변경 불가", "footer"),
    ChromePattern(r"\+?\s*이웃\s*추가|본문\s*기타\s*기능|번역\s*보기|URL\s*복사|게시글\s*관리", "share"),
    ChromePattern(r"(?:카카오톡|카카오스토리|페이스북|트위터|밴드|네이버)\s*(?:으로|로)?\s*공유(?:하기)?", "share"),
    ChromePattern(r"작가의 (?:이전|다음)\s*글|라이킷\s*\d+", "nav"),
    ChromePattern(r"댓글(?:\s*\d+\s*개?|\s*[(\[]\s*\d+\s*[)\]])?|전체\s*댓글.*|\d+\s*개의 댓글", "comments", "tail"),
    ChromePattern(r"[♡♥❤]?\s*공감(?:\s*\d+)?|좋아요(?:\s*\d+)?|구독자\s*\d+|조회\s*수?\s*\d[\d,]*", "share", "tail"),
    # `구독하기 <blog name>`, not a sentence that starts with the word.
    ChromePattern(r"(?:블로그\s*)?구독(?:하기)?(?:\s+[^\s.?!。？！][^.?!。？！]{0,40})?", "share", "tail"),
    ChromePattern(r"공유(?:하기)?|신고(?:하기)?|인쇄(?:하기)?|스크랩|트랙백|카카오톡|카카오스토리|페이스북|트위터|밴드|"
                  r"링크\s*복사", "share", "tail"),
    # `태그 AI, 딥시크` or `태그 #AI #딥시크`: the tags, not a sentence about tags.
    ChromePattern(r"태그(?:\s*[:：]?\s*#?[^\s,#]+(?:\s*,\s*#?[^\s,#]+|\s+#[^\s,#]+)*)?", "footer", "tail"),
    ChromePattern(r"카테고리(?:\s*이동.*)?|(?:관련|최근)\s*글(?:\s*더\s*보기)?", "footer", "tail"),
    ChromePattern(r"(?:이전|다음)\s*글(?:\s*\S.*)?|(?:맨\s*)?위로|목록(?:\s*(?:열기|닫기|보기))?", "nav", "tail"),
    ChromePattern(r"전체\s*보기(?:\s*[(（]?\d+[)）]?)?", "nav", "tail"),
    ChromePattern(r".{1,40}\s*카테고리의\s*다른\s*글|(?:다른|관련)\s*카테고리\s*글", "related", "tail"),
    ChromePattern(r"이\s*블로그\s*.{1,30}\s*카테고리\s*글", "related", "tail"),
    # A related-post entry as Tistory lists them: a title, its comment count, its date.
    ChromePattern(r".{1,80}\s*\(\d+\)\s*\d{4}\.\s?\d{1,2}\.\s?\d{1,2}\.?", "related", "tail"),
    # Cookie notices
    ChromePattern(r"(?i:this (?:site|website) uses cookies.*)", "cookies"),
    ChromePattern(r"(?i:we use cookies.*)", "cookies"),
    ChromePattern(r"(?i:accept(?: all)? cookies|cookie (?:settings|policy|preferences)|accept all|reject all)",
                  "cookies", "tail"),
    ChromePattern(r"(?:当サイトでは)?Cookie.*(?:使用|利用)しています.*", "cookies"),
    ChromePattern(r"(?:本网站|本網站|我们|我們)(?:使用|利用)\s*[Cc]ookies?.*", "cookies"),
)

# A link as the structured ingesters render it: chrome is matched on its text alone.
MD_LINK_RE = regex.compile(r"\[([^\[\]\n]*)\]\(https?://[^)\s]*\)")

def _alternation(patterns: tuple[ChromePattern, ...]) -> regex.Pattern[str]:
    """One pattern trying each in table order; the group that matched names the row."""
    return regex.compile("|".join(f"(?P<p{n}>{p.pattern})" for n, p in enumerate(patterns)), regex.IGNORECASE)


class FirstChars(dict[str, bool]):
    """`chars[c]`: whether `pattern` can match a string that starts with the character `c`.

    Worked out by the regex engine itself, once per character: a partial match of `c` alone
    succeeds exactly when `c` is the start of a string that (full)matches. A line whose first
    character cannot start a match is then turned away by one dict lookup instead of a regex
    call. At most `limit` characters are remembered, so hostile input cannot grow it forever.

    >>> starts = FirstChars(regex.compile(r"\\d+ comments?|Share", regex.IGNORECASE), full=True)
    >>> starts["s"], starts["7"], starts["中"]
    (True, True, False)
    """

    __slots__ = ("_test", "_limit")

    def __init__(self, pattern: regex.Pattern[str], *, full: bool, limit: int = 1 << 16) -> None:
        super().__init__()
        self._test = pattern.fullmatch if full else pattern.match
        self._limit = limit

    def __missing__(self, c: str) -> bool:
        can = self._test(c, partial=True) is not None
        if len(self) < self._limit:
            self[c] = can
        return can


# One pass per line instead of one per pattern: in the tail every row applies, elsewhere
# only the rows that may match anywhere.
_ANYWHERE = tuple(p for p in CHROME_PATTERNS if p.where != "tail")
_TAIL_RE = _alternation(CHROME_PATTERNS)
_ANYWHERE_RE = _alternation(_ANYWHERE)
#: Whether a trimmed text starting with this character can be chrome outside the tail: a
#: few dozen characters can (`C`, `P`, digits, `コ`...), most of a post's lines start otherwise.
ANYWHERE_FIRST = FirstChars(_ANYWHERE_RE, full=True)
#: Taken off both ends of a line (with whitespace) before it is matched.
INVISIBLE_EDGES = "\u200b\ufeff\u2060"


def match_chrome(line: str, *, in_tail: bool) -> str | None:
    """The chrome kind a whole line matches, or None.

    >>> match_chrome("コメントを投稿", in_tail=False)
    'comments'
    >>> match_chrome("コメント", in_tail=False) is None, match_chrome("コメント", in_tail=True)
    (True, 'comments')
    >>> match_chrome("\\u200bShare this:", in_tail=False)
    'share'
    """
    if "](" in line:  # only then can `MD_LINK_RE` match
        line = MD_LINK_RE.sub(r"\1", line)
    text = line.strip().strip(INVISIBLE_EDGES).strip()
    if not text or len(text) > 120 or not (in_tail or ANYWHERE_FIRST[text[0]]):
        return None
    rows = CHROME_PATTERNS if in_tail else _ANYWHERE
    # No `timeout=`: the 120-character cap bounds the work (every row is at worst
    # quadratic in the line), and a timeout costs several times the match itself.
    m = (_TAIL_RE if in_tail else _ANYWHERE_RE).fullmatch(text)
    if m is None or m.lastgroup is None:
        return None
    return rows[int(m.lastgroup[1:])].kind


# --------------------------------------------------------------------------- HTML containers


@dataclass(frozen=True, slots=True)
class ChromeBox:
    """An HTML container of chrome, recognised by tag, ARIA role, a word of a class or id
    (tokens are split on `-`, `_` and camelCase: ``jp-relatedposts``, ``PopularPosts1``), or a
    whole class/id token (`tokens`, a regex)."""

    kind: str
    tags: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    words: frozenset[str] = frozenset()
    tokens: str = ""


def _w(*words: str) -> frozenset[str]:
    return frozenset(words)


CHROME_BOXES: tuple[ChromeBox, ...] = (
    ChromeBox("hidden", tokens=r"hidden|sr-only|screen-reader-text|visually-hidden|display-none|skip-link"),
    ChromeBox("cookies", words=_w("cookie", "cookies", "consent", "gdpr")),
    ChromeBox("comments", words=_w("comment", "comments", "commentform", "commentlist", "respond", "reply",
                                   "replies", "disqus", "postcomment")),
    ChromeBox("share", words=_w("share", "shares", "sharing", "sharedaddy", "sns", "social", "addthis", "addtoany",
                                "like", "likes", "likebox", "star", "subscribe", "newsletter", "follow", "support",
                                "postbtn", "subscription")),  # Tistory's like/share/subscribe buttons
    # Not `atom`: Yahoo's Atomic CSS marks every paragraph of its articles `canvas-atom`.
    ChromeBox("feed", words=_w("feed", "feeds", "rss")),
    ChromeBox("related", words=_w("related", "relatedposts", "recommend", "recommended", "recommends", "popular",
                                  "trending"),
              tokens=r"another_category\w*"),  # Tistory's "'...' 카테고리의 다른 글" box
    ChromeBox("header", tags=("header",), roles=("banner",),
              tokens=r"header|site-header|header-outer|header-inner|header-wrapper|global-header|masthead|"
                     r"blog-header|page-header|branding|site-branding|blog-title-box|title-box"),
    ChromeBox("nav", tags=("nav",), roles=("navigation", "menubar", "menu", "search"),
              words=_w("nav", "navbar", "navi", "navigation", "menu", "breadcrumb", "breadcrumbs", "pager",
                       "pagination", "topicpath", "pankuzu", "pagelist")),
    ChromeBox("sidebar", tags=("aside",), roles=("complementary",),
              words=_w("sidebar", "side", "rail", "widget", "widgets", "secondary", "archive", "profile", "ad", "ads",
                       "adsense", "advert", "advertisement", "sponsor", "sponsored", "adfit", "revenue"),
              tokens=r"box2"),
    ChromeBox("footer", tags=("footer",), roles=("contentinfo",),
              words=_w("footer", "colophon", "copyright", "credit", "credits")),
    ChromeBox("meta", words=_w("date", "byline", "meta", "info", "posted", "timestamp", "categories", "category",
                               "labels", "tags", "author")),
    ChromeBox("form", tags=("form", "button", "select", "textarea", "dialog")),
    ChromeBox("noscript", tags=("noscript",)),
)

_TOKEN_RES = {b.kind: regex.compile(rf"(?:{b.tokens})", regex.IGNORECASE) for b in CHROME_BOXES if b.tokens}
NAME_SPLIT_RE = regex.compile(r"[-_\s.:/]+|(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")


_SLUG_SPLIT_RE = regex.compile(r"[-_]+")


def _is_slug(token: str, slug_parts: int) -> bool:
    """A class or id made from a text (a heading's words joined by hyphens), not a name: at
    least `slug_parts` (`Config().content.slug_parts`) parts.

    >>> _is_slug("sharing-with-multiple-developers-code-review", 5), _is_slug("o-noteLikeV3", 5)
    (True, False)
    >>> _is_slug("c-related-posts__list", 5)
    False
    """
    return len(_SLUG_SPLIT_RE.split(token)) >= slug_parts


@functools.lru_cache(maxsize=16384)
def name_words(token: str) -> tuple[str, ...]:
    """The lower-cased words of a class or id token.

    >>> name_words("PopularPosts1"), name_words("jp-relatedposts"), name_words("o-noteLikeV3")
    (('popular', 'posts', '1'), ('jp', 'relatedposts'), ('o', 'note', 'like', 'v', '3'))
    """
    return tuple(w.lower() for w in NAME_SPLIT_RE.split(token) if w)


def match_chrome_box(tag: str, role: str, names: Sequence[str], *, in_content: bool,
                     inline: bool = False, slug_parts: int = _DEFAULTS.slug_parts) -> str | None:
    """The chrome kind of an HTML element, or None.

    `names` are its class and id tokens. Inside the post's content (`in_content`) the tags
    `header` and `aside` are the post's own (an entry header, a call-out) and do not count.
    An `inline` element (a link, a span) is chrome only when it is hidden: a `<span class="date">`
    inside a sentence is part of the sentence.

    >>> match_chrome_box("div", "", ["sharedaddy", "sd-sharing-enabled"], in_content=True)
    'share'
    >>> match_chrome_box("div", "", ["post-body", "entry-content"], in_content=True) is None
    True
    >>> match_chrome_box("div", "", ["section", "sharing-with-multiple-developers-code-review"], in_content=True)
    >>> match_chrome_box("aside", "", [], in_content=True) is None, match_chrome_box("aside", "", [], in_content=False)
    (True, 'sidebar')
    """
    # Pages repeat the same few class lists thousands of times: decide each combination once.
    return _match_chrome_box(tag, role, tuple(names), in_content, inline, slug_parts)


@functools.lru_cache(maxsize=8192)
def _match_chrome_box(tag: str, role: str, names: tuple[str, ...], in_content: bool, inline: bool,
                      slug_parts: int) -> str | None:
    if inline:
        hidden = _TOKEN_RES["hidden"]
        return "hidden" if any(hidden.fullmatch(n) for n in names) else None
    # A token of many words is a slug of the text (`section sharing-with-multiple-developers`,
    # named after its heading), not a component's name: its words are no chrome words.
    words = {w for name in names if not _is_slug(name, slug_parts) for w in name_words(name)}
    for box in CHROME_BOXES:
        if tag in box.tags and not (in_content and tag in ("header", "aside")):
            return box.kind
        if role and role in box.roles:
            return box.kind
        if box.words & words:
            return box.kind
        compiled = _TOKEN_RES.get(box.kind)
        if compiled is not None and any(compiled.fullmatch(n) for n in names):
            return box.kind
    return None
