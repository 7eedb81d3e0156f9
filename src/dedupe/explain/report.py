"""The terminal report of `dedupe explain`."""

from __future__ import annotations

from collections.abc import Iterator

from ..models import CopyInfo, Document
from .decisions import Decision, copy_of, decisions


def explain_lines(doc: Document, width: int = 100) -> Iterator[str]:
    """A terminal report: copies, alignment with scores, and every decision."""
    r = doc.report
    copies = r.copies
    every = decisions(doc)
    yield f"source: {doc.source.path or '(stdin)'}  ({doc.source.format}, {doc.source.encoding})"
    yield f"copies found: {r.copies_detected}"
    for c in copies:
        yield f"  copy {c.index}: lines {c.line_start}-{c.line_end}  (characters {c.start}-{c.end})"
    yield f"coverage: {r.coverage:.2%} of non-whitespace characters accounted for  {_counts(r.accounting)}"
    yield ""
    cols = "  ".join(f"copy {c.index:<3}" for c in copies) if copies else "line"
    yield f"{'element':<9} {'kind':<10} {'decision':<9} {'score':>5}  {cols}  text"
    for d in every:
        if d.kind in ("citation", "boilerplate"):
            continue
        yield _row(d, copies, width)
    yield ""
    yield "citations:"
    for d in every:
        if d.kind == "citation":
            lines = ", ".join(str(s.line) for s in d.spans)
            yield f"  {d.element:<5} {d.action:<7} lines {lines:<12} {_clip(d.text, width - 32)}"
    if r.unresolved_citations:
        yield "unresolved inline references (no citation invented):"
        for u in r.unresolved_citations:
            yield f"  ({u.text}) at line(s) {', '.join(str(s.line) for s in u.provenance)}"
    yield ""
    yield "set aside:"
    for d in every:
        if d.kind == "boilerplate":
            yield f"  line {d.spans[0].line:<5} {d.action:<22} {_clip(d.text, width - 36)}"
    for rl in r.reference_lists:
        where = f"line {rl.provenance[0].line}" if rl.provenance else "(no heading)"
        yield f"  {where:<10} reference list {rl.index + 1} ({rl.entries} entries) -> citations: {rl.heading or ''}"


def _row(d: Decision, copies: list[CopyInfo], width: int) -> str:
    per_copy: dict[int | None, list[str]] = {}
    for s in d.spans:
        per_copy.setdefault(copy_of(s, copies), []).append(f"L{s.line}")
    for v in d.variants:
        for s in v.provenance:
            tag = f"L{s.line}"
            if tag not in per_copy.get(copy_of(s, copies), []):
                per_copy.setdefault(copy_of(s, copies), []).append(tag)
    if copies:
        cells = "  ".join(f"{','.join(per_copy.get(c.index, [])) or '-':<8}" for c in copies)
    else:
        cells = f"{','.join(per_copy.get(None, [])):<6}"
    score = f"{d.score:5.1f}" if d.score is not None else "    -"
    return f"{d.element:<9} {d.kind:<10} {d.action:<9} {score}  {cells}  {_clip(d.text, width - 60)}"


def _counts(accounting: dict[str, int]) -> str:
    return "(" + ", ".join(f"{k} {v}" for k, v in accounting.items() if v) + ")" if accounting else ""


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    n = max(n, 20)
    return text if len(text) <= n else text[: n - 1] + "…"
