"""A step, its counters, and the ordered list of steps that runs them.

In the manner of datatrove's pipeline steps (one record type through every step, counters
per step) and markdown-it-py's named rule lists (list the rules, disable one, insert one
before or after a named one).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import ClassVar

from ..match import OverBudget
from .state import State


@dataclass(slots=True)
class Counters:
    """What one step did, summed over the records `Steps.run` passed through it."""

    calls: int = 0
    seconds: float = 0.0
    items_in: int = 0  # what the step counts in its input (`Step.count_in`), summed
    items_out: int = 0  # what it counts in its output (`Step.count_out`), summed


class Step:
    """One named step: `run(state) -> state`, with its own `counters`.

    A subclass sets `name` and `description` (one line) and defines `run`; `count_in` and
    `count_out` say what its counters count (blocks, units, matches ...). `skippable` says
    whether the output still makes sense without it (`Steps.without`).
    """

    name: ClassVar[str]
    description: ClassVar[str]
    skippable: ClassVar[bool] = False

    def __init__(self) -> None:
        self.counters = Counters()

    def run(self, state: State) -> State:
        raise NotImplementedError

    def count_in(self, state: State) -> int:
        return 0

    def count_out(self, state: State) -> int:
        return 0

    def __repr__(self) -> str:
        return f"<step {self.name}: {self.description}>"


class Steps:
    """An ordered list of named steps; derived lists (`without`, `inserted`, `replaced`) are
    new lists that share the remaining step objects, and so their counters.

    `run` passes one `State` through the steps in order. A step that raises `OverBudget`
    (a post needs more fuzzy matching than its budget) sends the record back to where it
    entered the ``match`` step, with `State.fallback` set: from there every step matches on
    exact keys only, as `dedupe` always did.
    """

    def __init__(self, steps: Iterable[Step]) -> None:
        self._steps = tuple(steps)
        names = [s.name for s in self._steps]
        if doubled := sorted({n for n in names if names.count(n) > 1}):
            raise ValueError(f"step names must be unique: {', '.join(doubled)} appear(s) twice")

    def __iter__(self) -> Iterator[Step]:
        return iter(self._steps)

    def __len__(self) -> int:
        return len(self._steps)

    def __getitem__(self, name: str) -> Step:
        return self._steps[self._index(name)]

    def names(self) -> list[str]:
        """The step names, in order."""
        return [s.name for s in self._steps]

    def describe(self) -> str:
        """One line per step, in order: its name and what it does."""
        width = max((len(s.name) for s in self._steps), default=0)
        return "\n".join(f"{s.name:<{width}}  {s.description}" for s in self._steps)

    def without(self, *names: str) -> Steps:
        """This list less the named steps; a step the output cannot do without is a `ValueError`."""
        for name in names:
            step = self[name]
            if not step.skippable:
                raise ValueError(f"the {name!r} step cannot be skipped (skippable: {', '.join(self.skippable())})")
        return Steps(s for s in self._steps if s.name not in names)

    def skippable(self) -> list[str]:
        """The names of the steps `without` may leave out."""
        return [s.name for s in self._steps if s.skippable]

    def inserted(self, step: Step, *, before: str | None = None, after: str | None = None) -> Steps:
        """This list with `step` added just before or just after the named step (exactly one of the two)."""
        if (before is None) == (after is None):
            raise ValueError("name exactly one of before= and after=")
        at = self._index(before) if before is not None else self._index(after or "") + 1
        return Steps((*self._steps[:at], step, *self._steps[at:]))

    def replaced(self, step: Step) -> Steps:
        """This list with the step of `step`'s name replaced by `step`."""
        at = self._index(step.name)
        return Steps((*self._steps[:at], step, *self._steps[at + 1 :]))

    def run(self, state: State, *, start: str | None = None, stop: str | None = None) -> State:
        """`state` passed through the steps from `start` to `stop` (both included; default: all)."""
        first = self._index(start) if start is not None else 0
        last = self._index(stop) if stop is not None else len(self._steps) - 1
        steps = self._steps[first : last + 1]
        restart: tuple[int, State] | None = None  # where the record entered `match`
        i = 0
        while i < len(steps):
            step = steps[i]
            if step.name == "match":
                restart = (i, state)
            try:
                state = _timed(step, state)
            except OverBudget as over:
                if restart is None or state.fallback is not None:
                    raise
                i, state = restart
                state = replace(state, fallback=over)
                continue
            i += 1
        return state

    def _index(self, name: str) -> int:
        for i, s in enumerate(self._steps):
            if s.name == name:
                return i
        raise KeyError(f"no step named {name!r}; the steps are {', '.join(self.names())}")


def _timed(step: Step, state: State) -> State:
    """`step.run(state)`, its counters updated (the time also when it raises)."""
    counters = step.counters
    counters.calls += 1
    counters.items_in += step.count_in(state)
    t0 = time.perf_counter()
    try:
        out = step.run(state)
    finally:
        counters.seconds += time.perf_counter() - t0
    counters.items_out += step.count_out(out)
    return out


__all__ = ["Counters", "Step", "Steps"]
