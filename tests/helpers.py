"""Helpers shared by the tests: the content view of a document, as the acceptance check reads it."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# Keys whose values are not document content (same list as the acceptance check).
META_KEYS = {
    "provenance", "variants", "boilerplate", "report", "source", "citations", "id", "ids",
    "schema_version", "language", "type", "level", "tags", "kind", "ordered", "stats", "meta",
    "metadata", "score", "spans", "links", "refs", "cites", "confidence", "method", "generator",
}
_WS = re.compile(r"\s+")


def norm(s: str) -> str:
    return _WS.sub("", unicodedata.normalize("NFKC", s)).casefold()


def content_strings(node: Any, out: list[str] | None = None) -> list[str]:
    if out is None:
        out = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k not in META_KEYS:
                content_strings(v, out)
    elif isinstance(node, list):
        for v in node:
            content_strings(v, out)
    elif isinstance(node, str):
        out.append(node)
    return out


def doc_content(doc: dict[str, Any]) -> list[str]:
    return content_strings({"title": doc.get("title"), "sections": doc.get("sections") or []})


def body_text(doc: Any) -> str:
    """Every string of a document's sections, nested ones too (headings, blocks, items,
    variants), one per line: what "in the body" means for the generated-page checks."""
    return "\n".join(content_strings({"sections": doc.model_dump()["sections"]}))


def headings(sections: list[dict[str, Any]]) -> list[str]:
    out = []
    for s in sections:
        if s.get("heading"):
            out.append(s["heading"])
        out.extend(headings(s.get("sections") or []))
    return out


def find_all(node: Any, want: Any) -> list[Any]:
    """Every dict in a JSON tree for which `want(d)` is true, depth first."""
    out: list[Any] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if want(item):
                out.append(item)
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return out
