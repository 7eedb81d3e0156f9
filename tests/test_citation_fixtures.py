"""Hand-made posts with numbered, Markdown-link, author-year and X-post references."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import dedupe

from .helpers import content_strings, norm

POSTS = Path(__file__).parent / "fixtures" / "citations"
CASES = sorted(POSTS.glob("*.txt"))


@pytest.fixture(scope="module", params=CASES, ids=[p.stem for p in CASES])
def case(request: pytest.FixtureRequest) -> tuple[dict[str, Any], dict[str, Any]]:
    path: Path = request.param
    expect = json.loads(path.with_suffix(".expect.json").read_text(encoding="utf-8"))
    return json.loads(dedupe.normalize_file(path).to_json()), expect


def _find(doc: dict[str, Any], work: dict[str, Any]) -> list[dict[str, Any]]:
    title = norm(work["title"])
    whole = norm(" ".join(x for x in (work["title"], work.get("publisher") or "") if x))
    out = []
    for c in doc["citations"]:
        forms = {norm(c["title"]), norm(" ".join(x for x in (c["title"], c.get("publisher") or "") if x)),
                 norm(" ".join(x for x in (c.get("publisher") or "", c["title"]) if x))}
        if title in forms or whole in forms:
            out.append(c)
    return out


def test_one_citation_per_work(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    doc, expect = case
    assert len(doc["citations"]) == expect["citations"]
    for work in expect["works"]:
        found = _find(doc, work)
        assert len(found) == 1, work["title"]
        if work.get("url"):
            assert found[0]["url"] == work["url"], work["title"]


def _holders(node: Any, depth: int = 0) -> list[tuple[int, dict[str, Any]]]:
    out = []
    if isinstance(node, dict):
        if isinstance(node.get("citations"), list) and ("text" in node or "items" in node or "rows" in node):
            out.append((depth, node))
        for v in node.values():
            out.extend(_holders(v, depth + 1))
    elif isinstance(node, list):
        for v in node:
            out.extend(_holders(v, depth + 1))
    return out


def test_inline_references_point_at_the_right_works(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    doc, expect = case
    holders = _holders(doc["sections"])
    for link in expect["links"]:
        snippet = norm(link["snippet"])
        mine = [(d, h) for d, h in holders if any(snippet in norm(s) for s in _texts(h))]
        assert mine, link["snippet"]
        holder = max(mine, key=lambda t: t[0])[1]
        wanted = {_find(doc, {"title": t})[0]["id"] for t in link["cites"]}
        got = set(holder["citations"])
        if "rows" in holder:
            assert wanted <= got, link["snippet"]
        else:
            assert got == wanted, link["snippet"]


def _texts(holder: dict[str, Any]) -> list[str]:
    """Content strings of a holder; a table's rows also as pipe-joined lines."""
    rows = [holder.get("header") or [], *holder.get("rows", [])]
    return content_strings(holder) + ["|" + "|".join(r) + "|" for r in rows if r]


def test_unresolved_and_non_references(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    doc, expect = case
    reported = {u["text"] for u in doc["report"]["unresolved_citations"]}
    for label in expect["unresolved"]:
        assert label in reported
    for label in expect["not_references"]:
        assert label not in reported
