"""The merged order of the aligned groups: a list that takes insertions and finds a group's place fast."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Iterator, Sequence


class Order:
    """The merged order of the groups, as a list that takes insertions and says where a
    group is without a pass over it all.

    A post pasted thousands of times whose pastes each keep a unit the others lack (one
    letter changed, on exact matching) makes an order as long as the post: building each
    group's place anew for every copy, and the merged order anew from the old one, made
    such a post quadratic. Here the groups sit in chunks of about `chunk_size` groups (split
    beyond twice as many; `Config.index.order_chunk`), with the place each chunk starts at:
    a group's place is its chunk's start plus its index in the chunk, the group at a place
    is found by bisection, and an insertion moves one chunk's items.
    """

    __slots__ = ("_chunk_size", "_chunks", "_chunk_of", "_index", "_starts")

    def __init__(self, groups: Iterable[int], chunk_size: int) -> None:
        items = list(groups)
        self._chunk_size = chunk_size
        self._chunks = [items[i : i + chunk_size] for i in range(0, len(items), chunk_size)] or [[]]
        self._chunk_of: dict[int, list[int]] = {g: chunk for chunk in self._chunks for g in chunk}
        self._index: dict[int, int] = {}  # id of a chunk -> its index
        self._starts: list[int] = []  # the place of each chunk's first group, then the length
        self._refresh(split=True)

    def _refresh(self, split: bool) -> None:
        if split:
            self._index = {id(chunk): i for i, chunk in enumerate(self._chunks)}
        self._starts = [0, *itertools.accumulate(map(len, self._chunks))]

    def __len__(self) -> int:
        return self._starts[-1]

    def __iter__(self) -> Iterator[int]:
        return itertools.chain.from_iterable(self._chunks)

    def __getitem__(self, place: int) -> int:
        i = bisect.bisect_right(self._starts, place) - 1
        return self._chunks[i][place - self._starts[i]]

    def place(self, group: int) -> int:
        chunk = self._chunk_of[group]
        return self._starts[self._index[id(chunk)]] + chunk.index(group)

    def insert(self, insertions: Sequence[tuple[int, list[int]]]) -> None:
        """Insert groups before places of the order as it is (`len(self)`: at the end); the
        places do not decrease, and groups inserted at one place keep their order."""
        touched = []
        for at, groups in reversed(insertions):  # from the end: the places before stay right
            if at >= len(self):
                chunk = self._chunks[-1]
                offset = len(chunk)
            else:
                i = bisect.bisect_right(self._starts, at) - 1
                chunk, offset = self._chunks[i], at - self._starts[i]
            chunk[offset:offset] = groups
            for g in groups:
                self._chunk_of[g] = chunk
            touched.append(chunk)
        split = False
        for chunk in touched:
            if len(chunk) > 2 * self._chunk_size and id(chunk) in self._index:
                i = self._index.pop(id(chunk))
                while i < len(self._chunks) and self._chunks[i] is not chunk:
                    i += 1  # chunks split before this one moved it to the right
                pieces = [chunk[k : k + self._chunk_size] for k in range(0, len(chunk), self._chunk_size)]
                for piece in pieces:
                    for g in piece:
                        self._chunk_of[g] = piece
                self._chunks[i : i + 1] = pieces
                split = True
        self._refresh(split)


