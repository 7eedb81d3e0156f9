"""The last line of defence: after the copies are merged, no exact repeat survives.

Copy alignment merges what the runs of repeated text tie together. What a run never sees
is still repeated: the title printed again on the next line or as the first heading, a
card's caption and its heading, a pull quote that repeats one sentence of a paragraph,
an ad placeholder printed on four lines. This pass walks the merged elements once and
merges a whole block into another when their comparison keys are equal:

- a block (paragraph, list item, quote, caption) equal to an earlier block: `repeat`; equal to one
  sentence of another paragraph, before or after it: `pullquote`;
- any element equal to the title, when it is the first element, a heading (a report
  pasted with its title heading each time: where the copy before it lacks the opening,
  the heading lands after that opening), or has 20 key characters: `title`;
- a heading merges only with the title or with an identical heading right before it; a
  block equal to a heading merges into the heading;
- identical elements next to each other merge at any length, others from
  `Config.repeat_min_chars` key characters up, so a short line that a post legitimately
  repeats ("Pros:", "Yes") in two places stays in both.

Only whole blocks ever merge: a sentence is never cut out of a paragraph, and tables and
code keep their cells. Every merge keeps the block's provenance and is recorded with its
reason. Merging is by equal keys only, so two sentences that differ in a number or a
negation never merge here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from .config import Config
from .errors import InvariantError
from .ingest.blocks import Kind, RawBlock
from .match import Unit
from .merge import MergedElement, Repeat
from .text import comparison_key, normalize_whitespace, split_sentences

#: The kinds that merge as whole blocks (and whose sentences a pull quote may repeat);
#: table rows and code keep their own.
_BLOCK_KINDS = frozenset({Kind.PARAGRAPH, Kind.LIST_ITEM, Kind.QUOTE, Kind.CAPTION})
TITLE = -1  # the target of a merge into the title


class RepeatResult(NamedTuple):
    """The elements after the pass, the teasers pointed at them, and the title's repeats."""

    elements: tuple[MergedElement, ...]
    teasers: dict[int, int]  # teaser block -> the index of the element it repeats, among `elements`
    title_repeats: tuple[Repeat, ...]


def merge_repeats(elements: Sequence[MergedElement], blocks: Sequence[RawBlock], units: Sequence[Unit],
                  title: RawBlock | None, teasers: Mapping[int, int], config: Config) -> RepeatResult:
    """Merge every element whose key repeats another's (see the module docstring).

    `teasers` maps a teaser block to the element it repeats; a teaser follows its element
    where it goes (into the title, too).
    """
    n = len(elements)
    of_block: dict[int, list[str]] = {}  # block -> the keys of its sentence units, made by `make_units`
    for u in units:
        of_block.setdefault(u.block, []).append(u.key)
    sentence_keys = [_sentence_keys(el, blocks, of_block) if el.kind in _BLOCK_KINDS or el.kind is Kind.HEADING
                     else [] for el in elements]
    keys = ["".join(ks) for ks in sentence_keys]
    min_chars = config.repeat_min_chars
    into: list[int | None] = [None] * n  # element -> the element (or TITLE) it merges into
    reason: list[str] = [""] * n
    title_key = comparison_key(title.text) if title is not None else ""
    seen: dict[str, int] = {}  # key -> the first kept element with it
    bare_seen: dict[str, int] = {}  # the same without enclosing quotes: what a pull quote is compared on
    sentence_of: dict[str, int] = {}  # a sentence's key -> the first kept paragraph holding it among others
    prev = -1  # the last kept element

    def merge(i: int, target: int, why: str) -> None:
        into[i], reason[i] = target, why

    for i, el in enumerate(elements):
        key = keys[i]
        if not key:
            prev = i
            continue
        if title_key and key == title_key and (i == 0 or el.kind is Kind.HEADING or len(key) >= min_chars):
            merge(i, TITLE, "title")
            continue
        if el.kind is Kind.HEADING:
            if prev >= 0 and keys[prev] == key and elements[prev].kind is Kind.HEADING and into[prev] is None:
                merge(i, prev, "repeat")
                continue
            earlier = seen.get(key)
            if earlier is None:
                seen[key] = i
            elif elements[earlier].kind is not Kind.HEADING and (earlier == prev or len(key) >= min_chars):
                merge(earlier, i, "repeat")  # the block equal to a heading merges into the heading
                seen[key] = i
            prev = i
            continue
        if prev >= 0 and keys[prev] == key and into[prev] is None and elements[prev].kind in _BLOCK_KINDS:
            merge(i, prev, "repeat")  # the same short block twice in a row (the first seen was a heading)
            continue
        earlier = seen.get(key)
        if earlier is not None and into[earlier] is None and (len(key) >= min_chars or earlier == prev):
            merge(i, earlier, "repeat")
            continue
        holder = sentence_of.get(_bare(key))
        if holder is not None and into[holder] is None and (len(key) >= min_chars or holder == prev):
            merge(i, holder, "pullquote")
            continue
        seen.setdefault(key, i)
        bare_seen.setdefault(_bare(key), i)
        if el.kind in _BLOCK_KINDS:
            pieces = sentence_keys[i]
            if len(pieces) > 1:
                for piece in pieces:
                    sk = _bare(piece)
                    if not sk:
                        continue
                    quote = bare_seen.get(sk)
                    if quote is not None and quote != i and into[quote] is None \
                            and elements[quote].kind in _BLOCK_KINDS \
                            and (len(sk) >= min_chars or quote == prev):
                        merge(quote, i, "pullquote")  # the pull quote came first
                    sentence_of.setdefault(sk, i)
        prev = i
    _check_no_repeat_left([(el, key) for el, key, to in zip(elements, keys, into) if to is None], min_chars)
    return _apply(elements, blocks, teasers, into, reason)


def _check_no_repeat_left(kept: Sequence[tuple[MergedElement, str]], min_chars: int) -> None:
    """The pass's promise, checked on what it keeps (each element with its key): no two
    blocks of `min_chars` key characters or more with one key, and no two equal blocks next
    to each other."""
    seen: dict[str, int] = {}
    for i, (el, key) in enumerate(kept):
        if el.kind not in _BLOCK_KINDS:
            continue
        j = seen.get(key)
        if j is not None and (len(key) >= min_chars or j == i - 1):
            raise InvariantError(f"the repeat pass left a repeated block ({el.text[:60]!r}); please report the input")
        seen.setdefault(key, i)


def _sentence_keys(el: MergedElement, blocks: Sequence[RawBlock], of_block: Mapping[int, list[str]]) -> list[str]:
    """The comparison keys of an element's sentences, which join into the element's key.

    An element spelled as its first member block is spelled holds that block's sentences,
    whose keys the units already have (the key drops the whitespace the spelling changes);
    a composed element is split and keyed here.
    """
    head = el.members[0]
    known = of_block.get(head)
    if known is not None and el.text == normalize_whitespace(blocks[head].text):
        return known
    return [k for p in split_sentences(el.text) if (k := comparison_key(el.text[p.start:p.end]))]


_QUOTE_MARKS = "\"'“”‘’「」『』«»‹›"


def _bare(key: str) -> str:
    """A key without the quotation marks around it: a pull quote is often printed in quotes.

    >>> _bare('"engineersspenttwowinters."'), _bare("「全文」")
    ('engineersspenttwowinters.', '全文')
    """
    return key.strip(_QUOTE_MARKS)


def _final(into: Sequence[int | None], i: int) -> int:
    """Where element i ends up, following merges into merged elements."""
    while True:
        nxt = into[i]
        if nxt is None or nxt == TITLE:
            return i if nxt is None else TITLE
        i = nxt


def _apply(elements: Sequence[MergedElement], blocks: Sequence[RawBlock], teasers: Mapping[int, int],
           into: Sequence[int | None], reason: Sequence[str]) -> RepeatResult:
    if all(t is None for t in into):
        return RepeatResult(tuple(elements), dict(teasers), ())
    extra: dict[int, list[Repeat]] = {}
    title_repeats: list[Repeat] = []
    for i, el in enumerate(elements):
        if into[i] is None:
            continue
        target = _final(into, i)
        # What was merged into this element goes along with it.
        carried = [Repeat(reason[i], el.members, el.text, el.kind), *el.repeats]
        (title_repeats if target == TITLE else extra.setdefault(target, [])).extend(carried)
    kept: list[MergedElement] = []
    new_index: dict[int, int] = {}
    for i, el in enumerate(elements):
        if into[i] is None:
            new_index[i] = len(kept)
            more = extra.get(i)
            kept.append(el._replace(repeats=(*el.repeats, *more)) if more else el)
    moved: dict[int, int] = {}
    for t, i in teasers.items():
        target = _final(into, i)
        if target == TITLE:  # the paragraph it teases went into the title: so does the teaser
            title_repeats.append(Repeat("teaser", (t,), blocks[t].text, Kind.TEASER))
        else:
            moved[t] = new_index[target]
    return RepeatResult(tuple(kept), moved, tuple(title_repeats))
