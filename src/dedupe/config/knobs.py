"""A threshold as data: its default, its allowed range and what it does, checked on build.

Every group of thresholds (`Config` itself and the area groups beside it) is a frozen
dataclass whose fields are made with `knob`; `check` runs in each one's
``__post_init__`` and refuses a wrong type or a value out of range with one clear
`ValueError` (``Config(match_threshold=200)`` is an error, not a silent no-match).
"""

from __future__ import annotations

import dataclasses
from typing import Any


def knob(default: Any, low: float | None = None, high: float | None = None) -> Any:
    """A dataclass field with an allowed closed range ``[low, high]`` (``None``: unbounded)."""
    return dataclasses.field(default=default, metadata={"range": (low, high)})


def group(factory: type) -> Any:
    """A dataclass field holding a nested group of thresholds (built with its defaults)."""
    return dataclasses.field(default_factory=factory, metadata={"group": factory})


_NUMBER_TYPES = {"int": (int,), "float": (int, float)}


def check(obj: Any) -> None:
    """Raise `ValueError` if a field of `obj` has the wrong type or is out of its range."""
    owner = type(obj).__name__
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if f.metadata.get("group"):
            expected = f.metadata["group"]
            if not isinstance(value, expected):
                raise ValueError(f"{owner}.{f.name} must be a {expected.__name__}, not {value!r}")
            continue
        kind = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", "")
        if kind in _NUMBER_TYPES:
            if isinstance(value, bool) or not isinstance(value, _NUMBER_TYPES[kind]):
                raise ValueError(f"{owner}.{f.name} must be a number ({kind}), not {value!r}")
        elif kind == "bool" and not isinstance(value, bool):
            raise ValueError(f"{owner}.{f.name} must be true or false, not {value!r}")
        low, high = f.metadata.get("range", (None, None))
        if (low is not None and value < low) or (high is not None and value > high):
            where = f"[{low if low is not None else '-inf'}, {high if high is not None else 'inf'}]"
            raise ValueError(f"{owner}.{f.name} = {value!r} is outside {where}")


def flat(obj: Any, prefix: str = "") -> dict[str, Any]:
    """The fields of `obj` as one flat dict; a nested group's fields as ``group.field``."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if f.metadata.get("group"):
            out.update(flat(value, f"{prefix}{f.name}."))
        else:
            out[prefix + f.name] = value
    return out
