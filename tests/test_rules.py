"""Rule tables as data: every `tests/fixtures/rules/*.tsv` that names a decision function.

A table's header has a line ``# decide: module:function``; each other row is
``text<TAB>expected<TAB>why`` (``\\n`` in the text is a line break; ``=`` as expected
means the text itself, trimmed). Lines starting with ``# `` are comments. One
parametrised test checks every row of every table, so a rule's cases are added as data.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

import pytest

RULES = Path(__file__).parent / "fixtures" / "rules"


def _decider(spec: str) -> Callable[[str], str]:
    module, _, name = spec.partition(":")
    fn: Callable[[str], str] = getattr(importlib.import_module(module), name)
    return fn


def _tables() -> list[tuple[str, str, str, str, str]]:
    rows = []
    for path in sorted(RULES.glob("*.tsv")):
        lines = path.read_text(encoding="utf-8").splitlines()
        spec = next((ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("# decide:")), None)
        if spec is None:
            continue
        for n, line in enumerate(lines, 1):
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            assert len(cells) == 3, f"{path.name}:{n}: want text, expected, why (tab-separated)"
            rows.append((f"{path.stem}:{n}", spec, *cells))
    return rows


TABLES = _tables()


def test_every_table_has_a_decision_and_rows() -> None:
    tables = {row[0].split(":")[0] for row in TABLES}
    assert tables, "no rule table names a decision function"
    for path in RULES.glob("*.tsv"):
        assert "# decide:" in path.read_text(encoding="utf-8"), f"{path.name} names no decision function"


@pytest.mark.parametrize(("where", "spec", "text", "expected", "why"), TABLES, ids=[r[0] for r in TABLES])
def test_rule_table_row(where: str, spec: str, text: str, expected: str, why: str) -> None:
    text = text.replace("\\n", "\n")
    want = text.strip() if expected == "=" else expected
    assert _decider(spec)(text) == want, f"{where}: {why}"
