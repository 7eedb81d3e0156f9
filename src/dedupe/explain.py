"""Explain a run: the copies found, how they were aligned, and every keep/merge/set-aside decision.

Everything here is derived from the output `Document` and the decoded source, so an
explanation can never disagree with the JSON it explains.
"""

from __future__ import annotations

import html
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from .models import Block, CopyInfo, Document, Section, Span, Variant


@dataclass(frozen=True, slots=True)
class Decision:
    """What happened to one output element: the spans it came from and why."""

    element: str  # output id (section, block or list item)
    kind: str  # heading, paragraph, list_item, table, quote, code, caption, citation, boilerplate
    action: str  # merged, kept, set aside, cited
    text: str
    spans: tuple[Span, ...]  # the canonical span first
    score: float | None = None
    variants: tuple[Variant, ...] = ()


def decisions(doc: Document) -> list[Decision]:
    """Every decision in document order: output elements, then citations and boilerplate."""
    out: list[Decision] = []
    for section in doc.sections:
        out.extend(_section_decisions(section))
    for c in doc.citations:
        who = f"{c.publisher}: " if c.publisher else ""
        out.append(Decision(c.id, "citation", "merged" if len(c.provenance) > 1 else "kept",
                            f"{who}{c.title}", tuple(c.provenance)))
    for n, b in enumerate(doc.boilerplate, start=1):
        out.append(Decision(f"bp{n}", "boilerplate", f"set aside ({b.kind})", b.text, tuple(b.provenance)))
    return out


def _section_decisions(section: Section) -> Iterator[Decision]:
    if section.heading is not None:
        yield _decision(section.id, "heading", section.heading, section.provenance, section.variants)
    for block in section.blocks:
        yield from _block_decisions(block)
    for sub in section.sections:
        yield from _section_decisions(sub)


def _block_decisions(block: Block) -> Iterator[Decision]:
    if block.type == "list":
        for item in block.items:
            yield _decision(item.id, "list_item", item.text, item.provenance, item.variants)
    elif block.type == "table":
        text = " | ".join(block.header) + (" …" if block.rows else "")
        yield _decision(block.id, "table", text, block.provenance, block.variants)
    else:
        yield _decision(block.id, block.type, block.text, block.provenance, block.variants)


def _decision(eid: str, kind: str, text: str, spans: list[Span], variants: list[Variant]) -> Decision:
    scores = [v.score for v in variants]
    merged = len(spans) > 1
    return Decision(eid, kind, "merged" if merged else "kept", text, tuple(spans),
                    min(scores) if scores else (100.0 if merged else None), tuple(variants))


def copy_of(span: Span, copies: list[CopyInfo]) -> int | None:
    """The 1-based copy a span starts in, or None outside every copy."""
    starts = [c.start for c in copies]
    k = bisect_right(starts, span.start) - 1
    if k >= 0 and span.start < max(copies[k].end, copies[k].start + 1):
        return copies[k].index
    return None


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


# -- HTML ------------------------------------------------------------------------------

_CSS = """
body{font:14px/1.5 system-ui,sans-serif;margin:0;display:flex;height:100vh}
#raw,#out{overflow:auto;padding:1em;box-sizing:border-box}
#raw{flex:3;border-right:1px solid #ccc}#out{flex:2}
pre{white-space:pre-wrap;word-break:break-word;font:13px/1.6 ui-monospace,monospace}
.copy-1{background:#eef6ff}.copy-2{background:#fff6e8}.copy-3{background:#effbef}.copy-4{background:#fbeffb}
a.src{color:inherit;text-decoration:none;border-bottom:2px solid transparent}
a.canon{border-bottom-color:#2a7}a.dup{background:#fde2e2;border-bottom-color:#d55}
a.chrome{background:#ddd;color:#555;text-decoration:line-through}a.cite{border-bottom-color:#96f}
a.src:target,.el:target{outline:2px solid #f80}
.el{margin:.2em 0;padding:.2em .4em;border-left:3px solid #2a7}.el.merged{border-left-color:#d55}
.el.chrome{border-left-color:#999}.el.citation{border-left-color:#96f}
.meta{color:#666;font-size:12px}h1{font-size:18px}h2{font-size:15px;margin-top:1.2em}
.legend span{padding:0 .4em;margin-right:.4em}
"""

_JS = """
document.addEventListener('DOMContentLoaded',function(){
  var copies={};document.querySelectorAll('[data-copy]').forEach(function(e){copies[e.dataset.copy]=1});
  document.body.dataset.copies=Object.keys(copies).length;
  document.body.dataset.merged=document.querySelectorAll('a.dup').length;
  document.body.dataset.chrome=document.querySelectorAll('a.chrome').length;
});
"""


def explain_html(doc: Document, source: str) -> str:
    """One self-contained page: the raw text with copies, merged spans and chrome highlighted,
    each linked to the output element it became (and back)."""
    marks: list[tuple[int, int, str, str, str]] = []  # start, end, class, target id, title
    every = decisions(doc)
    for d in every:
        if d.kind == "table":
            continue  # its rows are not separate elements; the table span is marked below
        cls = {"citation": "cite", "boilerplate": "chrome"}.get(d.kind, "canon")
        for n, s in enumerate(d.spans):
            kind = cls if n == 0 or cls != "canon" else "dup"
            marks.append((s.start, s.end, kind, d.element, f"{d.element} {d.kind} {d.action}"))
        for v in d.variants:
            for s in v.provenance:
                if all(s.start != m[0] for m in marks if m[3] == d.element):
                    marks.append((s.start, s.end, "dup", d.element, f"{d.element} variant, score {v.score:.1f}"))
    for d in every:
        if d.kind == "table":
            for n, s in enumerate(d.spans):
                marks.append((s.start, s.end, "canon" if n == 0 else "dup", d.element, f"{d.element} table"))
    raw = _highlight(source, marks, doc.report.copies)
    out = "\n".join(_out_html(d) for d in every)
    title = html.escape(doc.title or doc.source.path or "dedupe explain")
    r = doc.report
    summary = (f"{_count(r.copies_detected, 'copy', 'copies')} · {_count(len(r.merges), 'merge', 'merges')} · "
               f"{len(doc.boilerplate)} set aside · coverage {r.coverage:.2%}")
    legend = ("<div class='legend meta'>" + "".join(f"<span class='copy-{c.index}'>copy {c.index}</span>"
              for c in r.copies) + "<span style='background:#fde2e2'>merged duplicate</span>"
              "<span style='background:#ddd'>boilerplate</span></div>")
    return (
        "<!DOCTYPE html>\n<html lang='und'><head><meta charset='utf-8'>"
        f"<title>{title}</title><style>{_CSS}</style><script>{_JS}</script></head>\n"
        f"<body><div id='raw'><h1>{title}</h1><p class='meta'>{html.escape(summary)}</p>{legend}"
        f"<pre>{raw}</pre></div>\n<div id='out'><h1>Output</h1>{out}</div></body></html>\n"
    )


def _out_html(d: Decision) -> str:
    cls = {"citation": "citation", "boilerplate": "chrome"}.get(d.kind, "merged" if d.action == "merged" else "")
    links = " ".join(f"<a href='#src-{d.element}-{s.start}'>L{s.line}</a>" for s in d.spans)
    score = f" · score {d.score:.1f}" if d.score is not None else ""
    return (f"<div class='el {cls}' id='out-{d.element}'><span class='meta'>{d.element} · {d.kind} · "
            f"{html.escape(d.action)}{score} · {links}</span><br>{html.escape(_clip(d.text, 240))}</div>")


def _highlight(source: str, marks: list[tuple[int, int, str, str, str]], copies: list[CopyInfo]) -> str:
    """The source as HTML with each marked span wrapped in a link; innermost span wins."""
    bounds = sorted({0, len(source), *[m[0] for m in marks], *[m[1] for m in marks],
                     *[c.start for c in copies], *[c.end for c in copies]})
    by_start = sorted(marks, key=lambda m: (m[0], m[1]))
    seen_anchor: set[tuple[str, int]] = set()
    parts: list[str] = []
    active: list[tuple[int, int, str, str, str]] = []
    k = 0
    for a, b in zip(bounds, bounds[1:]):
        while k < len(by_start) and by_start[k][0] <= a:
            active.append(by_start[k])
            k += 1
        active = [m for m in active if m[1] > a]
        chunk = html.escape(source[a:b])
        covering = [m for m in active if m[0] <= a and m[1] >= b]
        copy = next((c.index for c in copies if c.start <= a < c.end), None)
        if covering:
            m = min(covering, key=lambda m: (m[1] - m[0], m[0]))
            anchor = ""
            if (m[3], m[0]) not in seen_anchor:
                seen_anchor.add((m[3], m[0]))
                anchor = f" id='src-{m[3]}-{m[0]}'"
            chunk = (f"<a class='src {m[2]}' href='#out-{m[3]}'{anchor} "
                     f"title='{html.escape(m[4], quote=True)}'>{chunk}</a>")
        if copy is not None:
            chunk = f"<span class='copy-{copy}' data-copy='{copy}'>{chunk}</span>"
        parts.append(chunk)
    return "".join(parts)


def _count(n: int, one: str, many: str) -> str:
    """`1 copy`, `2 copies`.

    >>> _count(1, "copy", "copies"), _count(3, "copy", "copies")
    ('1 copy', '3 copies')
    """
    return f"{n} {one if n == 1 else many}"
