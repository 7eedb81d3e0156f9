"""The HTML page of `dedupe explain --html`: one self-contained file to review a run by eye."""

from __future__ import annotations

import html

from ..models import CopyInfo, Document
from .decisions import Decision, decisions
from .report import _clip

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
