"""The heading tree: the merged elements laid out as sections of output blocks, with their ids.

Nothing here makes a model: `plan_sections` decides which elements make which block under
which heading, and hands out the ids from an `Ids` counter in document order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..ingest.blocks import Kind, RawBlock
from ..merge import MergedElement

#: The kinds whose consecutive elements can make one output block (a list, a table, a quote).
RUN_KINDS = frozenset((Kind.LIST_ITEM, Kind.TABLE_ROW, Kind.QUOTE))


class Ids:
    """The output ids, handed out in document order: sections ``s1, s2, ...``, blocks
    ``b1, b2, ...`` (a list's items are ``b3.1, b3.2, ...``, see `BlockPlan.item_ids`)."""

    def __init__(self) -> None:
        self.sections = 0
        self.blocks = 0

    def section(self) -> str:
        self.sections += 1
        return f"s{self.sections}"

    def block(self) -> str:
        self.blocks += 1
        return f"b{self.blocks}"


@dataclass(frozen=True, slots=True)
class BlockPlan:
    """One output block: the elements [start, end), whose first decides its kind."""

    id: str
    kind: Kind
    start: int
    end: int

    def item_ids(self) -> list[str]:
        """The ids of a list's items, one per element."""
        return [f"{self.id}.{n}" for n in range(1, self.end - self.start + 1)]


@dataclass
class SectionPlan:
    """A section while the tree is laid out: its heading element (None: the text before the
    first heading), its blocks and its subsections."""

    id: str
    heading: int | None
    level: int
    blocks: list[BlockPlan] = field(default_factory=list)
    sections: list[SectionPlan] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Layout:
    """The heading tree, and what the passes after it need: where each element's merges are
    recorded (`into`: its section, block or list item id; None for a reference list's heading,
    which is not output), and every block in document order."""

    sections: list[SectionPlan]
    into: list[str | None]
    blocks: list[BlockPlan]


def plan_sections(elements: Sequence[MergedElement], heads: Sequence[RawBlock], blocks: Sequence[RawBlock],
                  ids: Ids) -> Layout:
    """Lay the elements out under their headings (`heads[i]` is element i's source block).

    A heading opens a section nested under the last one of a lower level; the elements
    before the first heading make a section with no heading; a reference list's heading
    makes nothing (its entries are the citations).
    """
    root: list[SectionPlan] = []
    stack: list[SectionPlan] = []
    into: list[str | None] = [None] * len(elements)
    planned: list[BlockPlan] = []
    i = 0
    while i < len(elements):
        head = heads[i]
        if head.kind is Kind.HEADING:
            i += 1
            if head.reference_list >= 0:
                continue
            node = SectionPlan(ids.section(), i - 1, head.level or 2)
            into[i - 1] = node.id
            while stack and (stack[-1].level >= node.level or stack[-1].heading is None):
                stack.pop()
            (stack[-1].sections if stack else root).append(node)
            stack.append(node)
            continue
        if not stack:
            lead = SectionPlan(ids.section(), None, 1)
            root.append(lead)
            stack.append(lead)
        j = run_end(i, elements, heads, blocks)
        plan = BlockPlan(ids.block(), head.kind, i, j)
        if head.kind is Kind.LIST_ITEM:
            into[i:j] = plan.item_ids()
        else:
            into[i:j] = [plan.id] * (j - i)
        stack[-1].blocks.append(plan)
        planned.append(plan)
        i = j
    return Layout(root, into, planned)


def run_end(i: int, elements: Sequence[MergedElement], heads: Sequence[RawBlock], blocks: Sequence[RawBlock]) -> int:
    """End of the run of elements starting at i that form one output block: consecutive
    list items (of one kind of list), table rows or quotes from the same source list or
    table (`RawBlock.group`); a sub-list stays inside its list."""
    head = heads[i]
    if head.kind not in RUN_KINDS:
        return i + 1
    groups = _groups(elements[i], blocks)
    j = i + 1
    while j < len(elements):
        nxt = heads[j]
        if nxt.kind is not head.kind or (nxt.kind is Kind.LIST_ITEM and nxt.ordered != head.ordered):
            break
        if nxt.kind is Kind.TABLE_ROW and nxt.header:
            break
        g = _groups(elements[j], blocks)
        nested = nxt.kind is Kind.LIST_ITEM and nxt.level > 1
        if not g & groups and not nested:
            break
        groups |= g
        j += 1
    return j


def _groups(el: MergedElement, blocks: Sequence[RawBlock]) -> set[int]:
    return {blocks[m].group for m in el.members}


__all__ = ["RUN_KINDS", "BlockPlan", "Ids", "Layout", "SectionPlan", "plan_sections", "run_end"]
