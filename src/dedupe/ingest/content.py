"""Which container of an HTML page holds the post: chosen by evidence, not by a class word.

The scoring is the one readability (Arc90, then Mozilla's Readability.js) made standard,
on the element table the HTML ingester builds, so every block keeps its exact offsets:

- every block-level element whose own text (outside its block children) has at least
  `min_paragraph_chars` visible characters, mostly outside links, scores
  `1 + its commas + min(chars / 100, 3)` (`chars_per_point`, `max_length_points`): long,
  punctuated prose scores, link lists and button rows do not (the thresholds are the
  knobs of `dedupe.config.Content`);
- a paragraph's score (`p`, `li`, `td`, `pre`...) goes to its parent in full and to its
  grandparent in half; a container with text of its own (a `<br>`-separated post body)
  keeps the score itself and gives half to its parent;
- a container's final score is its score times one minus its link density (link text
  over all text), weighted up for what says "post" (`article`, `main`, schema.org
  `articleBody`, a class or id word such as `entry` or `content`) and down for what says
  "chrome" (whole class/id words such as `comment`, `sidebar`, `footer`): weights, not
  bonuses, so that a name alone never makes a container of little text the post;
- the best container wins; its siblings join it when they score at least a fifth of it,
  or are plain paragraphs of prose (the article split by an ad slot).

Two guards make the decision hard to fool: the container must hold real text (a post's
empty `div#articleBody` ad slot loses to the container that holds the paragraphs), and a
page whose best score is low (no prose paragraphs: a list page, a `<br>`-separated
Blogger post) gets no choice at all, so the ingester's other rules decide alone.

Everything outside the chosen content is set aside by the ingester as chrome of kind
`page`; inside it, chrome boxes (share bars, related cards) are still set aside by name.
"""

from __future__ import annotations

import functools
import heapq
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from ..config import Config, Content
from .phrases import BELOW_WORDS, NEGATIVE_WORDS, POSITIVE_WORDS

PARAGRAPH_TAGS = frozenset({"p", "pre", "td", "blockquote", "li", "dd", "h2", "h3", "h4", "h5", "h6"})
COMMA_CHARS = ",，、،"  # counted with `str.count`: many times faster than a pattern on every text of a page
_SPLIT_RE = regex.compile(r"[-_\s.:/]+|(?<=[a-z])(?=[A-Z])")


@dataclass(frozen=True, slots=True)
class ChosenContent:
    """The chosen content: the best-scoring container, the root of the content (it or a
    wrapper of little more text), the elements that belong to it (the root, the siblings
    that joined it, and everything inside them), and the best score."""

    best: int
    root: int
    inside: list[bool]
    score: float


def class_words(names: Sequence[str]) -> frozenset[str]:
    """The lower-cased words of class and id tokens.

    >>> sorted(class_words(["l-sidebar-fixed", "entryContent"]))
    ['content', 'entry', 'fixed', 'l', 'sidebar']
    """
    return _class_words(tuple(names))


@functools.lru_cache(maxsize=8192)
def _class_words(names: tuple[str, ...]) -> frozenset[str]:
    # Pages repeat the same class lists on thousands of elements.
    return frozenset(w.lower() for name in names for w in _SPLIT_RE.split(name) if w)


def choose_content(
    tags: Sequence[str], parents: Sequence[int], names: Sequence[Sequence[str]], hints: Sequence[bool],
    size: Sequence[int], link_size: Sequence[int], own: Sequence[int], own_link: Sequence[int],
    own_commas: Sequence[int], skip: Sequence[bool], config: Config,
) -> ChosenContent | None:
    """The element that holds the post, or None when the page has no prose to choose by.

    `size` and `link_size` count visible characters and those inside links in each
    element's subtree; `own`, `own_link` and `own_commas` count what a block-level element
    holds itself, outside its block-level children (a paragraph's text, a `<br>`-separated
    post body's lines). `hints` marks the elements that name themselves the post
    (`article`, `main`, `itemprop=articleBody`, `.entry-content`...). The thresholds are
    `config.content`'s.
    """
    knobs = config.content
    min_paragraph, per_point, max_points = knobs.min_paragraph_chars, knobs.chars_per_point, knobs.max_length_points
    hint_weight = knobs.hint_weight
    n = len(tags)
    score = [0.0] * n
    scored = [False] * n
    # What a page shows only without scripts (an ad's fallback, a tracking pixel's text)
    # is no paragraph of the post.
    quiet = [False] * n
    for e in range(n):
        quiet[e] = tags[e] == "noscript" or (parents[e] >= 0 and quiet[parents[e]])
    for e in range(n):
        k = own[e]
        if k < min_paragraph or skip[e] or quiet[e] or own_link[e] * 2 > k:  # no prose, or a link list
            continue
        # A paragraph scores its container; a container with text of its own (lines
        # between `<br>`s) scores itself, as so many paragraphs of its length.
        if tags[e] in PARAGRAPH_TAGS:
            points, p = 1.0 + own_commas[e] + min(k / per_point, max_points), parents[e]
        else:
            points, p = own_commas[e] + k / per_point, e
        if p >= 0:
            score[p] += points
            scored[p] = True
            g = parents[p]
            if g >= 0:
                score[g] += points / 2
                scored[g] = True
    best, best_score = -1, 0.0
    final = [0.0] * n
    below = [False] * n  # inside comments, a footer, a related-posts box
    for e in range(n):
        p = parents[e]
        below[e] = (p >= 0 and below[p]) or bool(names[e]) and bool(class_words(names[e]) & BELOW_WORDS)
        if not scored[e] or skip[e]:
            continue
        s = score[e] * (1.0 - (link_size[e] / size[e] if size[e] else 0.0))
        if below[e]:
            s /= hint_weight * hint_weight
        words = class_words(names[e])
        if hints[e] or words & POSITIVE_WORDS:
            s *= hint_weight
        if words & NEGATIVE_WORDS and not hints[e]:
            s /= hint_weight
        final[e] = s
        if s > best_score:
            best, best_score = e, s
    if best < 0:
        return None
    best, total = _common_ancestor(best, best_score, final, parents, tags, names, below, knobs)
    if total < knobs.min_top_score:
        # A short post: chosen only when it sits in the one container the page names the
        # post (the best itself, or the nearest ancestor that names itself so).
        hinted = next((e for e in (best, *_chain(best, parents)) if hints[e] and tags[e] not in ("body", "html")), -1)
        if total < knobs.min_hinted_score or hinted < 0 or not _the_one_hinted(hinted, final, parents, hints):
            return None
        best = hinted
    root = best
    # A container that only wraps the winner (and little else) is the post too: take it,
    # so the title, byline and lead image next to the body come along.
    p = parents[root]
    while p >= 0 and not skip[p] and tags[p] not in ("body", "html") and size[p] <= knobs.wrapper_share * size[root]:
        root, p = p, parents[p]
    members = {root}
    parent = parents[root]
    if parent >= 0:
        threshold = max(knobs.min_sibling_score, best_score * knobs.sibling_share)
        for e in range(parent + 1, n):
            if parents[e] != parent or e == root:
                continue
            if final[e] >= threshold or (
                    tags[e] == "p" and size[e] >= knobs.sibling_paragraph_chars
                    and link_size[e] < knobs.sibling_link_share * size[e]):
                members.add(e)
    inside = [False] * n
    for e in range(n):
        if e in members or (parents[e] >= 0 and inside[parents[e]]):
            inside[e] = True
    return ChosenContent(best, root, inside, best_score)


def _common_ancestor(best: int, best_score: float, final: Sequence[float], parents: Sequence[int],
                     tags: Sequence[str], names: Sequence[Sequence[str]], below: Sequence[bool],
                     knobs: Content) -> tuple[int, float]:
    """The container of a post split into several blocks (`div.article-text` after each
    photo, each in its own grid row): the nearest common ancestor of the best and the other
    scoring elements of its tag and class list (the same kind of block: the post goes on
    there), or, when at least `min_alternatives` of the runners-up score nearly as well as
    the best, the nearest ancestor of the best that holds that many of them (readability's
    rule); otherwise the best itself. Never the `body` or `html`. With the score of what
    it holds: the best's and that of the blocks it was joined for."""
    if names[best]:
        same = [e for e, s in enumerate(final) if e != best and s >= knobs.same_kind_share * best_score and not below[e]
                and tags[e] == tags[best] and names[e] == names[best]]
        if same:
            mine = _chain(best, parents)
            lca = best
            for e in same:
                q = parents[e]
                while q >= 0 and q not in mine:
                    q = parents[q]
                if q < 0:
                    break
                # the deepest common ancestor of all: the highest of the pairwise ones
                lca = q if lca == best or mine.index(q) > mine.index(lca) else lca
            else:
                if lca != best and tags[lca] not in ("body", "html"):
                    return lca, best_score + sum(final[e] for e in same)
    runners = heapq.nlargest(knobs.top_candidates, ((s, e) for e, s in enumerate(final) if s > 0 and e != best))
    alternatives = [e for s, e in runners if s >= knobs.alternative_share * best_score]
    if len(alternatives) < knobs.min_alternatives:
        return best, best_score
    lines = []
    for e in alternatives:
        chain = set()
        p = parents[e]
        while p >= 0:
            chain.add(p)
            p = parents[p]
        lines.append(chain)
    p = parents[best]
    while p >= 0 and tags[p] not in ("body", "html"):
        held = [e for e, chain in zip(alternatives, lines) if p in chain]
        if len(held) >= knobs.min_alternatives:
            return p, best_score + sum(final[e] for e in held)
        p = parents[p]
    return best, best_score


def _the_one_hinted(best: int, final: Sequence[float], parents: Sequence[int], hints: Sequence[bool]) -> bool:
    """Whether the best is the page's only scoring container that names itself the post (a
    short Blogger post's `div.post-body`), its own ancestors and descendants aside: then a
    low score still chooses it. A list page has one such container per post."""
    if not hints[best]:
        return False
    line = set(_chain(best, parents))
    for e, s in enumerate(final):
        if s > 0 and hints[e] and e != best and e not in line and best not in _chain(e, parents):
            return False
    return True


def _chain(e: int, parents: Sequence[int]) -> list[int]:
    """`e`'s ancestors, nearest first."""
    out = []
    p = parents[e]
    while p >= 0:
        out.append(p)
        p = parents[p]
    return out
