"""The HTML page of `dedupe explain --html`: one self-contained file to review a run by eye.

Left, the source with line numbers, each copy shaded and its start marked, every span that
became output linked to its card; right, one card per output element with why it merged
(the merge's kind and score, a character diff of every variant against the canonical
text), then the citations (merged or new) and the chrome set aside with its rule.

Every text of the post is HTML-escaped; the page loads nothing (no network, no files).
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from html import escape

from ..models import CopyInfo, Document, Merge, Span, Variant
from ..text import comparison_key
from .decisions import Decision, decisions
from .reasons import REASONS, Op, char_diff, chrome_reasons, glued_item, match_kind, merge_of, merges_into

FOLD_CHARS = 320  # a card's text longer than this is folded (the whole text one click away)
PREVIEW_CHARS = 240  # what a folded text shows
DIFF_CONTEXT = 40  # characters kept either side of a change in a diff; longer equal runs are folded

# CJK glyphs come from the first font that has them: each language names its own fonts
# first (Han characters are drawn differently in Japanese, Korean and Chinese fonts).
_CSS = """
:root{--cjk:"Noto Sans CJK JP","Noto Sans JP","Hiragino Sans","Hiragino Kaku Gothic ProN","Yu Gothic",Meiryo,
"Noto Sans CJK KR","Noto Sans KR","Apple SD Gothic Neo","Malgun Gothic","Noto Sans CJK SC","PingFang SC",
"Microsoft YaHei","Source Han Sans",sans-serif}
:lang(ko){--cjk:"Noto Sans CJK KR","Noto Sans KR","Apple SD Gothic Neo","Malgun Gothic",NanumGothic,
"Noto Sans CJK JP","Hiragino Sans",sans-serif}
:lang(zh){--cjk:"Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei","Source Han Sans SC",
"Noto Sans CJK JP",sans-serif}
body{font:14px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",var(--cjk);margin:0;height:100vh;
display:flex;flex-direction:column;overflow-wrap:anywhere;color:#222}
header{flex:none;padding:.5em 1em;border-bottom:1px solid #ccc;background:#fafafa}
main{flex:1;min-height:0;display:flex}
#raw,#out{overflow:auto;padding:.5em 1em;box-sizing:border-box;min-width:0}
#raw{flex:3;border-right:1px solid #ccc}#out{flex:2}
.src,code,.diff{font:13px/1.6 ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",var(--cjk)}
.line{display:flex}.ln{flex:none;width:3.6em;padding-right:.6em;text-align:right;color:#999;user-select:none}
.lt{white-space:pre-wrap;overflow-wrap:anywhere;min-width:0;flex:1;color:#888}
.line:target{background:#fff3c4}.line.copy-begins{border-top:2px dashed #c60;margin-top:.3em;padding-top:.2em}
.copy-start{background:#c60;color:#fff;font:bold 11px system-ui,sans-serif;padding:0 .4em;border-radius:3px;
margin-right:.3em;user-select:none}
details.fold>summary{cursor:pointer;color:#666;margin:.3em 0}
.copy-1{background:#eef6ff}.copy-2{background:#fff6e8}.copy-3{background:#effbef}.copy-4{background:#fbeffb}
a.src{color:#222;text-decoration:none;border-bottom:2px solid transparent}
a.canon{border-bottom-color:#2a7}a.dup{background:#fde2e2;border-bottom-color:#d55}
a.chrome{background:#ddd;color:#555;text-decoration:line-through}a.cite{border-bottom-color:#96f}
a.src:target,.el:target,.el.current{outline:2px solid #f80}
.el{margin:.4em 0;padding:.3em .5em;border-left:3px solid #2a7;background:#fff}.el.merged{border-left-color:#d55}
.el.chrome{border-left-color:#999}.el.citation{border-left-color:#96f}.el.citation.new{border-left-style:dotted}
.meta{color:#666;font-size:12px}h1{font-size:18px;margin:.2em 0}h2{font-size:15px;margin:1em 0 .3em}
.why{margin:.2em 0;padding-left:1.2em;font-size:12.5px}.why b{font-weight:600}
.badge{display:inline-block;padding:0 .4em;border-radius:3px;font-size:11.5px;font-weight:600;margin-right:.3em}
.k-exact{background:#dff3e4}.k-same-key{background:#e6efff}.k-fuzzy{background:#ffe9c7}.k-teaser,.k-repeat,
.k-pullquote,.k-title{background:#f1e2ff}.k-glued{background:#ffd9d9}.k-new{background:#eee}.k-merged{background:#e6efff}
.variant{margin:.3em 0;padding:.2em .4em;background:#f7f7f7}
.diff{white-space:pre-wrap}.diff del{background:#ffc9c9;text-decoration:line-through}
.diff ins{background:#b8f0c4;text-decoration:underline}.diff .gap{color:#999;font-style:italic}
.text{white-space:pre-wrap}details.text>summary{cursor:pointer}details.text[open]>summary .preview{display:none}
table{border-collapse:collapse;margin:.2em 0;font-size:13px}td,th{border:1px solid #ccc;padding:.15em .4em;
vertical-align:top}th{background:#f3f3f3}
.legend span{padding:0 .4em;margin-right:.4em}kbd{border:1px solid #bbb;border-radius:3px;padding:0 .3em;
background:#fff;font-size:12px}
"""

# Keyboard navigation between merge cards; on load it counts what is highlighted into the
# body's data attributes (and which pane, if any, is wider than the window: `data-overflow`)
# and says it ran (`data-keys="ready"`), so a test can read the DOM.
# `#press=jjk` in the address replays those keys on load (how the tests press keys).
_JS = """
(function(){
  var b=document.body,cards=[].slice.call(document.querySelectorAll('.el.merged')),cur=-1;
  function go(i){
    if(!cards.length)return;
    if(cur>=0)cards[cur].classList.remove('current');
    cur=(i+cards.length)%cards.length;
    var c=cards[cur];c.classList.add('current');c.scrollIntoView({block:'center'});
    var s=document.getElementById(c.getAttribute('data-src')||'');
    if(s){var d=s.closest('details');if(d)d.open=true;s.scrollIntoView({block:'center'});}
    b.setAttribute('data-current',c.id);
  }
  document.addEventListener('keydown',function(e){
    if(e.altKey||e.ctrlKey||e.metaKey)return;
    if(e.key==='j'||e.key==='n'){go(cur+1);e.preventDefault();}
    else if(e.key==='k'||e.key==='p'){go(cur-1);e.preventDefault();}
  });
  var copies={};document.querySelectorAll('[data-copy]').forEach(function(e){copies[e.getAttribute('data-copy')]=1});
  b.setAttribute('data-copies',Object.keys(copies).length);
  b.setAttribute('data-merged',document.querySelectorAll('a.dup').length);
  b.setAttribute('data-chrome',document.querySelectorAll('a.chrome').length);
  b.setAttribute('data-merge-cards',cards.length);
  var wide=[].slice.call(document.querySelectorAll('#raw,#out'))
    .filter(function(e){return e.scrollWidth>e.clientWidth+1});
  b.setAttribute('data-overflow',wide.map(function(e){return e.id}).join(' ')||'none');
  var m=/^#press=([jknp]+)$/.exec(location.hash);
  if(m)m[1].split('').forEach(function(k){document.dispatchEvent(new KeyboardEvent('keydown',{key:k,bubbles:true}))});
  b.setAttribute('data-keys','ready');
})();
"""

_NEWLINE_RE = re.compile("\n")
_Mark = tuple[int, int, str, str, str]  # start, end, class, target id, title


def explain_html(doc: Document, source: str) -> str:
    """One self-contained page: the raw text with copies, merged spans and chrome highlighted,
    each linked to the output element it became (and back), and why each decision was made."""
    every = decisions(doc)
    r = doc.report
    title = escape(doc.title or doc.source.path or "dedupe explain")
    summary = (f"{_count(r.copies_detected, 'copy', 'copies')} · {_count(len(r.merges), 'merge', 'merges')} · "
               f"{_count(len(doc.boilerplate), 'piece', 'pieces')} of chrome set aside · "
               f"coverage {r.coverage:.2%} · {doc.source.format}, {doc.source.encoding}")
    legend = ("<div class=\"legend meta\">" + "".join(f"<span class=\"copy-{c.index}\">copy {c.index}: lines "
              f"{c.line_start}–{c.line_end}</span>" for c in r.copies)
              + "<span style=\"background:#fde2e2\">merged duplicate</span>"
              "<span style=\"background:#ddd\">boilerplate</span></div>")
    keys = ("<p class=\"meta\" id=\"keys\">Keys: <kbd>j</kbd> or <kbd>n</kbd> next merge, <kbd>k</kbd> or "
            "<kbd>p</kbd> previous merge. A card's line numbers link to the source; a highlighted span "
            "links to its card.</p>")
    lang = escape(doc.language or "und")
    return (
        f"<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{title}</title><style>{_CSS}</style></head>\n"
        f"<body><header><h1>{title}</h1><p class=\"meta\">{escape(summary)}</p>{legend}{keys}</header>\n"
        f"<main><section id=\"raw\" aria-label=\"source\"><h2>Source</h2>{_source_pane(doc, source, every)}</section>\n"
        f"<section id=\"out\" aria-label=\"output\">{_output_pane(doc, source, every)}</section></main>\n"
        f"<script>{_JS}</script></body></html>\n"
    )


# -- the source pane -------------------------------------------------------------------

def _marks(every: list[Decision]) -> list[_Mark]:
    marks: list[_Mark] = []
    for d in every:
        if d.kind == "table":
            continue  # its rows are not separate elements; the table span is marked below
        cls = {"citation": "cite", "boilerplate": "chrome"}.get(d.kind, "canon")
        for n, s in enumerate(d.spans):
            kind = cls if n == 0 or cls != "canon" else "dup"
            marks.append((s.start, s.end, kind, d.element, f"{d.element} {d.kind} {d.action}"))
        marked = {s.start for s in d.spans}
        for v in d.variants:
            for s in v.provenance:
                if s.start not in marked:
                    marked.add(s.start)
                    marks.append((s.start, s.end, "dup", d.element, f"{d.element} variant, score {v.score:.1f}"))
    for d in every:
        if d.kind == "table":
            for n, s in enumerate(d.spans):
                marks.append((s.start, s.end, "canon" if n == 0 else "dup", d.element, f"{d.element} table"))
    return marks


def _source_pane(doc: Document, source: str, every: list[Decision]) -> str:
    """The source line by line, numbered; for HTML the lines before the content are folded."""
    lines = _highlight(source, _marks(every), doc.report.copies)
    fold = _content_line(doc, every) - 1 if doc.source.format == "html" else 0
    if fold <= 0:
        return f"<div class=\"src\">{''.join(lines)}</div>"
    return (f"<details class=\"fold\"><summary>lines 1–{fold}: the page's &lt;head&gt; and the markup before the "
            f"content (folded; click to show)</summary><div class=\"src\">{''.join(lines[:fold])}</div></details>"
            f"<div class=\"src\">{''.join(lines[fold:])}</div>")


def _content_line(doc: Document, every: list[Decision]) -> int:
    """The line where the post's content begins: its title or first output element."""
    lines = [s.line for s in doc.title_provenance]
    lines += [s.line for d in every if d.kind not in ("citation", "boilerplate") for s in d.spans]
    return min(lines, default=1)


def _highlight(source: str, marks: list[_Mark], copies: list[CopyInfo]) -> list[str]:
    """The source as one HTML line each: each marked span wrapped in a link (innermost span
    wins), each copy shaded, a marker where each copy starts."""
    line_starts = [0] + [m.end() for m in _NEWLINE_RE.finditer(source)]
    copy_starts = {c.start: c for c in copies} if len(copies) > 1 else {}
    bounds = sorted({0, len(source), *line_starts, *[m[0] for m in marks], *[m[1] for m in marks],
                     *[c.start for c in copies], *[c.end for c in copies]})
    by_start = sorted(marks, key=lambda m: (m[0], m[1]))
    seen_anchor: set[tuple[str, int]] = set()
    lines: list[list[str]] = [[] for _ in line_starts]
    begins: set[int] = set()
    active: list[_Mark] = []
    k = 0
    for a, b in zip(bounds, bounds[1:]):
        while k < len(by_start) and by_start[k][0] <= a:
            active.append(by_start[k])
            k += 1
        active = [m for m in active if m[1] > a]
        n = bisect_right(line_starts, a) - 1
        if a in copy_starts:
            c = copy_starts[a]
            lines[n].append(f"<span class=\"copy-start\" id=\"copy-{c.index}\">copy {c.index} starts here</span>")
            begins.add(n)
        text = source[a:b]
        if text.endswith("\n"):
            text = text.rstrip("\r\n")
        if not text:
            continue
        chunk = escape(text)
        covering = [m for m in active if m[0] <= a and m[1] >= b]
        if covering:
            m = min(covering, key=lambda m: (m[1] - m[0], m[0]))
            anchor = ""
            if (m[3], m[0]) not in seen_anchor:
                seen_anchor.add((m[3], m[0]))
                anchor = f" id=\"src-{escape(m[3])}-{m[0]}\""
            chunk = (f"<a class=\"src {m[2]}\" href=\"#out-{escape(m[3])}\"{anchor} "
                     f"title=\"{escape(m[4])}\">{chunk}</a>")
        copy = next((c.index for c in copies if c.start <= a < c.end), None)
        if copy is not None:
            chunk = f"<span class=\"copy-{copy}\" data-copy=\"{copy}\">{chunk}</span>"
        lines[n].append(chunk)
    return [f"<div class=\"line{' copy-begins' if n in begins else ''}\" id=\"L{n + 1}\"><span class=\"ln\">{n + 1}"
            f"</span><span class=\"lt\">{''.join(parts)}</span></div>" for n, parts in enumerate(lines)]


# -- the output pane -------------------------------------------------------------------

def _output_pane(doc: Document, source: str, every: list[Decision]) -> str:
    merges = merges_into(doc)
    out = ["<h2>Output</h2>"]
    if doc.title is not None:
        out.append(_title_card(doc, merges.get("title", [])))
    out += [_card(d, merges.get(d.element, []), source) for d in every if d.kind not in ("citation", "boilerplate")]
    out.append(f"<h2>Citations ({len(doc.citations)})</h2>")
    out += [_citation_card(d) for d in every if d.kind == "citation"]
    if doc.report.unresolved_citations:
        out.append("<p class=\"meta\">Unresolved inline references (no citation invented):</p><ul class=\"why\">")
        out += [f"<li>({escape(u.text)}) at {_lines(u.provenance)}</li>" for u in doc.report.unresolved_citations]
        out.append("</ul>")
    for rl in doc.report.reference_lists:
        out.append(f"<p class=\"meta\">Reference list {rl.index + 1} ({_count(rl.entries, 'entry', 'entries')}, "
                   f"{_lines(rl.provenance) or 'no heading'}) became citations: {escape(rl.heading or '')}</p>")
    out.append(f"<h2>Set aside ({len(doc.boilerplate)})</h2>")
    reasons = chrome_reasons(doc, source)
    out += [_chrome_card(d, why) for d, why in zip((d for d in every if d.kind == "boilerplate"), reasons)]
    return "\n".join(out)


def _title_card(doc: Document, merges: list[Merge]) -> str:
    why = "".join(_merge_item(m, doc.title or "", None) for m in merges)
    cls = "el merged" if merges else "el"
    return (f"<article class=\"{cls}\" id=\"out-title\"{_src_attr('title', doc.title_provenance)}>"
            f"<div class=\"meta\"><b>title</b> · {'merged' if merges else 'kept'} · {_lines(doc.title_provenance)}"
            f"</div>{_why(why)}{_text(doc.title or '')}</article>")


def _card(d: Decision, merges: list[Merge], source: str) -> str:
    score = f" · score {d.score:.1f}" if d.score is not None else ""
    head = (f"<div class=\"meta\"><b>{escape(d.element)}</b> · {escape(d.kind)} · {escape(d.action)}{score} · "
            f"{_lines(d.spans)}</div>")
    canonical = _canonical_texts(d)
    why = []
    for m in merges:
        variant = next((v for v in d.variants if v.provenance and merge_of(v.provenance[0], [m])), None)
        why.append(_merge_item(m, _canonical_for(variant, canonical), variant))
    glued = glued_item(d.spans[0], source) if d.kind == "list_item" and d.spans else None
    if glued is not None:
        why.append(f"<li><span class=\"badge k-glued\">glued item</span> split off line {glued.line}: it was glued "
                   f"onto the end of a paragraph (“…{escape(glued.before)}”), after a sentence end and the list "
                   f"marker “{escape(glued.marker)}”, and became a list item of its own</li>")
    body = _table(d.table) if d.table else _text(d.text)
    variants = "".join(_variant(v, _canonical_for(v, canonical), merges) for v in d.variants)
    cls = "el merged" if d.action == "merged" else "el"
    return (f"<article class=\"{cls}\" id=\"out-{escape(d.element)}\"{_src_attr(d.element, d.spans)}>{head}"
            f"{_why(''.join(why))}{body}{variants}</article>")


_KIND_DETAIL = {
    "exact": "the same text",
    "same key": "the same text once width, case, whitespace, dashes and quotes are folded",
    "fuzzy": "similar text above the match threshold",
}


def _merge_item(m: Merge, canonical: str, variant: Variant | None) -> str:
    kind = match_kind(m, canonical, variant.text if variant else None)
    meaning = REASONS.get(m.reason, m.reason)
    detail = _KIND_DETAIL.get(kind, meaning)
    why = f"{meaning}: {detail}" if kind in ("exact", "same key", "fuzzy") else detail
    return (f"<li><span class=\"badge k-{kind.replace(' ', '-')}\">{escape(kind)}</span> <b>{escape(m.kind)}</b> "
            f"merged, score {m.score:.1f} — {escape(why)} ({_lines(m.provenance)})</li>")


def _why(items: str) -> str:
    return f"<ul class=\"why\">{items}</ul>" if items else ""


def _variant(v: Variant, canonical: str, merges: list[Merge]) -> str:
    m = merge_of(v.provenance[0], merges) if v.provenance else None
    kind = match_kind(m, canonical, v.text) if m else "variant"
    ops = char_diff(canonical, v.text)
    changed = sum(len(o.text) for o in ops if o.tag != "equal")
    return (f"<div class=\"variant\"><div class=\"meta\">variant at {_lines(v.provenance)} · "
            f"<span class=\"badge k-{kind.replace(' ', '-')}\">{escape(kind)}</span> score {v.score:.1f} · "
            f"{_count(changed, 'character differs', 'characters differ')} from the canonical text "
            f"(<del>canonical only</del> <ins>this variant only</ins>)</div>"
            f"<div class=\"diff\">{_diff_html(ops)}</div></div>")


def _diff_html(ops: tuple[Op, ...]) -> str:
    """A diff as HTML, equal runs longer than twice `DIFF_CONTEXT` folded to their ends."""
    out: list[str] = []
    for i, o in enumerate(ops):
        if o.tag != "equal":
            tag = "del" if o.tag == "delete" else "ins"
            out.append(f"<{tag}>{_folded(o.text, DIFF_CONTEXT, DIFF_CONTEXT)}</{tag}>")
        else:
            keep_head = DIFF_CONTEXT if i > 0 else 0
            keep_tail = DIFF_CONTEXT if i < len(ops) - 1 else 0
            out.append(_folded(o.text, keep_head, keep_tail, " the same"))
    return "".join(out)


def _folded(text: str, head: int, tail: int, what: str = "") -> str:
    """`text` escaped, its middle folded to a count when it is much longer than head + tail."""
    if len(text) <= head + tail + 20:
        return escape(text)
    gap = len(text) - head - tail
    return (f"{escape(text[:head])}<span class=\"gap\">…{_count(gap, 'character', 'characters')}{what}…</span>"
            f"{escape(text[len(text) - tail:])}")


def _canonical_texts(d: Decision) -> list[str]:
    """The texts a variant of `d` can be a spelling of: the element's text, or a table's rows."""
    if d.table:
        return [" | ".join(row) for row in d.table if row]
    return [d.text]


def _canonical_for(v: Variant | None, candidates: list[str]) -> str:
    """The canonical text a variant spells (for a table, the row most like it)."""
    if v is None or len(candidates) == 1:
        return candidates[0] if candidates else ""
    key = comparison_key(v.text)
    same = next((c for c in candidates if comparison_key(c) == key), None)
    if same is not None:
        return same
    return max(candidates, key=lambda c: (difflib.SequenceMatcher(None, c, v.text, autojunk=False).ratio(), -len(c)))


def _citation_card(d: Decision) -> str:
    merged = len(d.spans) > 1
    badge = (f"<span class=\"badge k-merged\">merged</span> the same work listed {len(d.spans)} times"
             if merged else "<span class=\"badge k-new\">new</span> listed once")
    return (f"<article class=\"el citation {'merged-cite' if merged else 'new'}\" id=\"out-{escape(d.element)}\">"
            f"<div class=\"meta\"><b>{escape(d.element)}</b> · citation · {badge} · {_lines(d.spans)}</div>"
            f"{_text(d.text)}</article>")


def _chrome_card(d: Decision, why: str) -> str:
    return (f"<article class=\"el chrome\" id=\"out-{escape(d.element)}\"><div class=\"meta\"><b>"
            f"{escape(d.element)}</b> · {escape(d.action)} · {_lines(d.spans)}</div><ul class=\"why\"><li>"
            f"{escape(why)}</li></ul>{_text(d.text)}</article>")


def _text(text: str) -> str:
    """The whole text; past `FOLD_CHARS` folded behind its beginning."""
    if len(text) <= FOLD_CHARS:
        return f"<div class=\"text\">{escape(text)}</div>"
    rest = len(text) - PREVIEW_CHARS
    return (f"<details class=\"text\"><summary><span class=\"preview\">{escape(text[:PREVIEW_CHARS])}… </span>"
            f"<span class=\"meta\">({_count(rest, 'more character', 'more characters')}: click to unfold or fold)"
            f"</span></summary><div class=\"text\">{escape(text)}</div></details>")


def _table(rows: tuple[tuple[str, ...], ...]) -> str:
    header, body = rows[0], rows[1:]
    head = "<tr>" + "".join(f"<th>{escape(c)}</th>" for c in header) + "</tr>" if header else ""
    cells = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in body)
    return f"<table>{head}{cells}</table>"


def _lines(spans: list[Span] | tuple[Span, ...]) -> str:
    if not spans:
        return ""
    word = "line" if len(spans) == 1 else "lines"
    return word + " " + ", ".join(f"<a href=\"#L{s.line}\">{s.line}</a>" for s in spans)


def _src_attr(element: str, spans: list[Span] | tuple[Span, ...]) -> str:
    return f" data-src=\"src-{escape(element)}-{spans[0].start}\"" if spans else ""


def _count(n: int, one: str, many: str) -> str:
    """`1 copy`, `2 copies`.

    >>> _count(1, "copy", "copies"), _count(3, "copy", "copies")
    ('1 copy', '3 copies')
    """
    return f"{n} {one if n == 1 else many}"
