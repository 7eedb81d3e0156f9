#!/usr/bin/env python3
"""Extraction benchmark: real web pages, the article body we keep against the page's own text.

    python benchmarks/extraction.py --scrapinghub DIR --readability DIR
    python benchmarks/extraction.py ... --split holdout       # only the held-out pages
    python benchmarks/extraction.py ... --show bbc-1          # one page: missed and extra text
    python benchmarks/extraction.py ... --worst 15 --json out.json

Two public sets of real pages, neither committed here (see benchmarks/README.md for where to
get them):

- **scrapinghub**: the 181 news and blog pages of scrapinghub/article-extraction-benchmark
  (MIT), `html/*.html.gz` with a human-checked `articleBody` in `ground-truth.json`.
- **readability**: the test pages of mozilla/readability (Apache-2.0), `test/test-pages/*/`
  with `source.html` and readability's reviewed output `expected.html` (its text is the
  expected body) and `expected-metadata.json` (title, byline, published time, site name).
  Pages whose expected body is under 100 words (the small unit-test pages) are left out.

Every page is scored as scrapinghub's `evaluate.py` scores it: precision and recall of word
4-shingles (``\\w+`` tokens) of the extracted body against the expected one, each page
normalised to weight 1, averaged over pages, F1 from the averages. A page whose expected text
is mostly Chinese, Japanese or Korean is scored on character 4-grams of its letters instead
(those scripts put no spaces between words, so one ``\\w+`` token can be a whole sentence).

The extracted body of `dedupe` is the document rendered as plain text (`render(doc, "text")`:
title, headings, blocks, references; not the `caption` blocks, which the output keeps apart
from the body) with every Markdown link reduced to its
visible text; trafilatura's is `trafilatura.extract(page)` (defaults: text, no links, tables
and comments as it decides). Both run in this process, on the same bytes, alternately per
page; time is the median of `--repeat` runs per page, and the table prints the median over
pages and the ratio of medians. Ours is the whole `normalize_file` (decode, ingest, copies,
merge, citations); theirs is `extract` alone.

`F1 distinct` scores the same texts with each shingle counted once on both sides: a page
that prints a paragraph twice (many of readability's small test pages repeat one lorem
ipsum paragraph) expects it once there, as `dedupe` promises every unique sentence exactly
once. The main F1 is evaluate.py's, repeats counted.

The `real` rows leave out readability's 30 synthetic test pages (lorem ipsum, made to
exercise one feature of readability.js, often one paragraph repeated): the issue's targets
are about pages of real sites; the `all` rows keep them.

Pages are split once into a development set and a held-out set (about a quarter, chosen by
a hash of the page's name, so the split never changes); tune on `dev`, report `holdout`.
Tables go to stdout as Markdown, progress to stderr.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import statistics
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
try:
    import dedupe
except ImportError:  # not installed: this checkout's sources
    sys.path.insert(0, str(ROOT / "src"))
    import dedupe

from dedupe.render import render  # noqa: E402

NGRAM = 4
HOLDOUT_SHARE = 4  # one page in HOLDOUT_SHARE, by name hash
MIN_WORDS = 100  # readability pages with a shorter expected body are unit tests, not pages
LOST_RECALL = 0.2  # a page whose distinct recall is below this has lost its body
TOKEN_RE = re.compile(r"\w+")
MD_LINK_RE = re.compile(r"\[([^\[\]]*)\]\((?:[^()\s]|\([^()\s]*\))+\)")
_CJK_LETTER = r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]"
CJK_SPACE_RE = re.compile(rf"(?<={_CJK_LETTER})[ \u3000]+(?={_CJK_LETTER})")
CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


# -- scoring (scrapinghub's evaluate.py, with CJK character n-grams) -------------------------
def is_cjk(text: str) -> bool:
    """Mostly Chinese, Japanese or Korean letters: score on character n-grams.

    >>> is_cjk("東京は晴れ、気温は二十度です。"), is_cjk("Tokyo is sunny today.")
    (True, False)
    """
    letters = sum(1 for c in text if c.isalpha())
    return letters > 0 and len(CJK_RE.findall(text)) >= 0.5 * letters


def tokens(text: str, cjk: bool) -> list[str]:
    """Word tokens, or for CJK text the letters and digits one by one.

    >>> tokens("Hello, big world!", False)
    ['Hello', 'big', 'world']
    >>> tokens("東京 3日", True)
    ['東', '京', '3', '日']
    """
    text = unicodedata.normalize("NFKC", text)
    if cjk:
        return [c for c in text if c.isalnum()]
    return TOKEN_RE.findall(text)


def shingles(text: str, cjk: bool, n: int = NGRAM) -> Counter[tuple[str, ...]]:
    """Counted n-grams of the tokens; a text shorter than n is one shingle.

    >>> sorted(shingles("a b c d e", False, 4).items())
    [(('a', 'b', 'c', 'd'), 1), (('b', 'c', 'd', 'e'), 1)]
    >>> shingles("", False)
    Counter()
    """
    toks = tokens(text, cjk)
    if not toks:
        return Counter()
    return Counter(tuple(toks[i : i + n]) for i in range(max(1, len(toks) - n + 1)))


def tp_fp_fn(true: str, pred: str, cjk: bool, *, distinct: bool = False) -> tuple[float, float, float]:
    """Shared, extra and missing shingles, normalised to sum 1 (every page weighs the same).

    `distinct` counts each shingle once on both sides: a paragraph the page prints twice
    is expected once (what `dedupe` promises: every unique sentence exactly once).

    >>> tp_fp_fn("a b c d e", "a b c d e", False)
    (1.0, 0.0, 0.0)
    >>> tp_fp_fn("a b c d e", "x y z w", False)
    (0.0, 0.333..., 0.666...)
    >>> tp_fp_fn("a b c d x a b c d", "a b c d x", False)
    (0.333..., 0.0, 0.666...)
    >>> tp_fp_fn("a b c d x a b c d", "a b c d x", False, distinct=True)  # the repeat is no longer missed
    (0.4, 0.0, 0.6)
    """
    t, p = shingles(true, cjk), shingles(pred, cjk)
    if distinct:
        t, p = Counter(set(t)), Counter(set(p))
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def summary(counts: Sequence[tuple[float, float, float]]) -> dict[str, float]:
    """Mean precision and recall over pages (pages with nothing to score left out), F1 of them.

    >>> summary([(1.0, 0.0, 0.0), (0.5, 0.5, 0.0)])
    {'precision': 0.75, 'recall': 1.0, 'f1': 0.857...}
    """
    ps = [precision(*c) for c in counts if c[0] + c[1] > 0]
    rs = [recall(*c) for c in counts if c[0] + c[2] > 0]
    p = statistics.mean(ps) if ps else 0.0
    r = statistics.mean(rs) if rs else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def visible(text: str) -> str:
    """Markdown links reduced to the text a reader sees.

    >>> visible("see [the report](https://x.org/a_(b)) now")
    'see the report now'
    """
    return MD_LINK_RE.sub(r"\1", text) if "](" in text else text


# -- the pages --------------------------------------------------------------------------------
@dataclass
class Page:
    set: str
    name: str
    html: bytes
    body: str
    title: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def synthetic(self) -> bool:
        """A test page made up to exercise one feature of readability (lorem ipsum text,
        often one paragraph repeated), not a page of a real site."""
        return self.set == "readability" and "lorem ipsum" in self.body.lower()

    @property
    def split(self) -> str:
        h = int(hashlib.sha256(f"{self.set}/{self.name}".encode()).hexdigest(), 16)
        return "holdout" if h % HOLDOUT_SHARE == 0 else "dev"


class _Text(HTMLParser):
    """The text of an HTML fragment, a line break around every block element."""

    BLOCKS = frozenset("p div br li ul ol h1 h2 h3 h4 h5 h6 pre blockquote table tr td th dt dd figure "
                       "figcaption section article header footer".split())

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in self.BLOCKS:
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCKS:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(data)


def html_text(fragment: str) -> str:
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    return "\n".join(" ".join(line.split()) for line in "".join(parser.out).split("\n") if line.strip())


def scrapinghub_pages(root: Path) -> Iterator[Page]:
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    for name in sorted(truth):
        path = root / "html" / f"{name}.html.gz"
        if path.exists():
            yield Page("scrapinghub", name, gzip.decompress(path.read_bytes()), truth[name].get("articleBody", ""))


def readability_pages(root: Path) -> Iterator[Page]:
    pages = root / "test" / "test-pages" if (root / "test" / "test-pages").is_dir() else root
    for d in sorted(p for p in pages.iterdir() if (p / "source.html").exists() and (p / "expected.html").exists()):
        body = html_text((d / "expected.html").read_text(encoding="utf-8"))
        if len(tokens(body, is_cjk(body))) < MIN_WORDS:
            continue
        meta_path = d / "expected-metadata.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        yield Page("readability", d.name, (d / "source.html").read_bytes(), body, meta.get("title"), meta)


# -- the extractors ---------------------------------------------------------------------------
def ours(path: Path) -> tuple[str, Any]:
    doc = dedupe.normalize_file(path)
    return visible(render(body_only(doc), "text")), doc


def body_only(doc: Any) -> Any:
    """The document without its `caption` blocks: a caption is kept apart from the body (as
    the expected texts keep it), so it is not scored as body text."""
    def strip(sections: list[Any]) -> list[Any]:
        return [s.model_copy(update={"blocks": [b for b in s.blocks if getattr(b, "type", "") != "caption"],
                                     "sections": strip(s.sections)}) for s in sections]

    return doc.model_copy(update={"sections": strip(doc.sections)})


def theirs(html: bytes) -> str:
    import trafilatura

    return trafilatura.extract(html) or ""


def timed(fn: Any, arg: Any, repeat: int) -> tuple[Any, float]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn(arg)
        times.append(time.perf_counter() - t)
    return out, statistics.median(times)


def same_title(ours: str | None, expected: str | None) -> bool:
    """The same title, or one of them with the site's name added before or after it.

    Readability's expected titles often keep the `<title>` suffix ("How to X | eHow"); a title
    that drops it is right, one that is a box heading is not.

    >>> same_title("How to Build a Terrarium", "How to Build a Terrarium | eHow")
    True
    >>> same_title("Trending News", "How to Build a Terrarium | eHow")
    False
    """
    if not ours or not expected:
        return False
    if is_cjk(expected):  # spaces between CJK letters are layout (dedupe drops them, as its text rule says)
        ours, expected = (CJK_SPACE_RE.sub("", t) for t in (ours, expected))
    a, b = (TOKEN_RE.findall(unicodedata.normalize("NFKC", t).casefold()) for t in (ours, expected))
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    n = len(short)
    return n >= 2 and 2 * n >= len(long) and (long[:n] == short or long[-n:] == short)


@dataclass
class Result:
    page: Page
    ours: tuple[float, float, float]
    theirs: tuple[float, float, float] | None
    ours_s: float
    theirs_s: float | None
    title: str | None
    text: str
    metadata: dict[str, Any]
    ours_distinct: tuple[float, float, float] = (0.0, 0.0, 0.0)
    theirs_distinct: tuple[float, float, float] | None = None

    def row(self) -> dict[str, Any]:
        return {"set": self.page.set, "name": self.page.name, "split": self.page.split,
                "ours": dict(zip(("tp", "fp", "fn"), self.ours)),
                "ours_p": precision(*self.ours), "ours_r": recall(*self.ours),
                "ours_distinct": dict(zip(("tp", "fp", "fn"), self.ours_distinct)),
                "theirs": dict(zip(("tp", "fp", "fn"), self.theirs)) if self.theirs else None,
                "ours_ms": self.ours_s * 1000, "theirs_ms": self.theirs_s * 1000 if self.theirs_s else None,
                "title": self.title, "expected_title": self.page.title, "metadata": self.metadata}


def run_page(page: Page, tmp: Path, repeat: int, with_theirs: bool) -> Result:
    path = tmp / f"{page.set}-{page.name}.html"
    path.write_bytes(page.html)
    (text, doc), our_s = timed(ours, path, repeat)
    cjk = is_cjk(page.body)
    their_counts, their_s, their_distinct = None, None, None
    if with_theirs:
        their_text, their_s = timed(theirs, page.html, repeat)
        their_counts = tp_fp_fn(page.body, their_text, cjk)
        their_distinct = tp_fp_fn(page.body, their_text, cjk, distinct=True)
    meta = getattr(doc, "metadata", None)
    metadata = meta.model_dump() if hasattr(meta, "model_dump") else {}
    return Result(page, tp_fp_fn(page.body, text, cjk), their_counts, our_s, their_s, doc.title, text, metadata,
                  tp_fp_fn(page.body, text, cjk, distinct=True), their_distinct)


# -- the report -------------------------------------------------------------------------------
def table(results: Sequence[Result], with_theirs: bool) -> str:
    head = "| set | split | pages | ours P | ours R | ours F1 | F1 distinct | body lost | title right |"
    rule = "|---|---|---:|---:|---:|---:|---:|---:|---:|"
    if with_theirs:
        head += " trafilatura P | R | F1 | F1 distinct | body lost | ours ms | trafilatura ms | time ratio |"
        rule += "---:|---:|---:|---:|---:|---:|---:|---:|"
    lines = [head, rule]
    groups: dict[tuple[str, str], list[Result]] = {}
    for r in results:
        groups.setdefault((r.page.set, r.page.split), []).append(r)
        groups.setdefault((r.page.set, "all"), []).append(r)
        groups.setdefault(("all", r.page.split), []).append(r)
        groups.setdefault(("all", "all"), []).append(r)
        if not r.page.synthetic:
            groups.setdefault(("real", r.page.split), []).append(r)
            groups.setdefault(("real", "all"), []).append(r)
    for (s, split), rs in sorted(groups.items(), key=lambda kv: (kv[0][0] in ("all", "real"), kv[0][0], kv[0][1])):
        o = summary([r.ours for r in rs])
        # Lost on the distinct recall: a repeated paragraph printed once is not a lost body.
        lost = sum(1 for r in rs if recall(*r.ours_distinct) < LOST_RECALL)
        titled = [r for r in rs if r.page.title]
        title = f"{sum(same_title(r.title, r.page.title) for r in titled)}/{len(titled)}" if titled else "-"
        od = summary([r.ours_distinct for r in rs])
        line = (f"| {s} | {split} | {len(rs)} | {o['precision']:.3f} | {o['recall']:.3f} | **{o['f1']:.3f}** |"
                f" {od['f1']:.3f} | {lost} | {title} |")
        if with_theirs:
            t = summary([r.theirs for r in rs if r.theirs])
            td = summary([r.theirs_distinct for r in rs if r.theirs_distinct])
            t_lost = sum(1 for r in rs if r.theirs_distinct and recall(*r.theirs_distinct) < LOST_RECALL)
            om = statistics.median(r.ours_s for r in rs) * 1000
            tm = statistics.median(r.theirs_s or 0.0 for r in rs) * 1000
            line += (f" {t['precision']:.3f} | {t['recall']:.3f} | {t['f1']:.3f} | {td['f1']:.3f} | {t_lost} |"
                     f" {om:.1f} | {tm:.1f} |"
                     f" {om / tm if tm else float('nan'):.2f} |")
        lines.append(line)
    return "\n".join(lines)


META_FIELDS = {"published": "publishedTime", "author": "byline", "site_name": "siteName"}


def metadata_table(results: Sequence[Result]) -> str | None:
    """How often a field readability's reviewed metadata states is found at all."""
    rs = [r for r in results if r.page.set == "readability" and r.page.meta]
    if not rs or not any(r.metadata for r in rs):
        return None
    lines = ["| field | pages stating it | found | same value |", "|---|---:|---:|---:|"]
    for ours_key, their_key in META_FIELDS.items():
        stated = [r for r in rs if r.page.meta.get(their_key)]
        found = [r for r in stated if (r.metadata.get(ours_key) or {}).get("value")]
        same = [r for r in found if _same_meta(r.metadata[ours_key]["value"], r.page.meta[their_key])]
        lines.append(f"| {ours_key} | {len(stated)} | {len(found)} | {len(same)} |")
    return "\n".join(lines)


def _same_meta(a: str, b: str) -> bool:
    a, b = a.casefold(), b.casefold()
    return a[:10] == b[:10] or a in b or b in a


def show(result: Result) -> str:
    page = result.page
    cjk = is_cjk(page.body)
    t, p = shingles(page.body, cjk), shingles(result.text, cjk)
    missing, extra = t - p, p - t

    def spans(text: str, bad: Counter[tuple[str, ...]]) -> list[str]:
        # Lines of `text` that hold a missing/extra shingle: what a reader would look at.
        out = []
        for line in text.split("\n"):
            if line.strip() and any(s in bad for s in shingles(line, cjk)):
                out.append("  " + line[:200])
        return out

    return "\n".join([
        f"# {page.set}/{page.name} ({page.split}): P {precision(*result.ours):.3f} R {recall(*result.ours):.3f}",
        f"title: {result.title!r} (expected {page.title!r})",
        "## expected text we miss", *spans(page.body, missing)[:60],
        "## our text not expected", *spans(result.text, extra)[:60],
    ])


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scrapinghub", type=Path, help="a checkout of scrapinghub/article-extraction-benchmark")
    ap.add_argument("--readability", type=Path, help="a checkout of mozilla/readability")
    ap.add_argument("--split", choices=("dev", "holdout", "all"), default="all")
    ap.add_argument("--only", help="only pages whose name contains this")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per page and tool (median)")
    ap.add_argument("--no-trafilatura", action="store_true", help="ours only (no baseline, no time ratio)")
    ap.add_argument("--show", help="print what one page (name or part of it) misses and adds")
    ap.add_argument("--worst", type=int, default=0, help="list the N pages with the lowest F1 of ours")
    ap.add_argument("--json", type=Path, help="write every page's scores here")
    args = ap.parse_args(argv)
    if not args.scrapinghub and not args.readability:
        ap.error("give --scrapinghub DIR and/or --readability DIR (see benchmarks/README.md)")
    pages: list[Page] = []
    if args.scrapinghub:
        pages += scrapinghub_pages(args.scrapinghub)
    if args.readability:
        pages += readability_pages(args.readability)
    if args.split != "all":
        pages = [p for p in pages if p.split == args.split]
    if args.only or args.show:
        key = args.only or args.show
        pages = [p for p in pages if key in p.name]
    with_theirs = not args.no_trafilatura and not args.show
    if with_theirs:
        import trafilatura

        print(f"trafilatura {trafilatura.__version__}", file=sys.stderr)
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp:
        if pages:  # warm both up (imports, regex compilation) outside the timings
            run_page(pages[0], Path(tmp), 1, with_theirs)
        for i, page in enumerate(pages, 1):
            results.append(run_page(page, Path(tmp), 1 if args.show else args.repeat, with_theirs))
            if sys.stderr.isatty():
                print(f"\r{i}/{len(pages)} {page.set}/{page.name[:30]:<30}", end="", file=sys.stderr)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    if args.show:
        print("\n\n".join(show(r) for r in results))
        return 0
    print(f"dedupe {getattr(dedupe, '__version__', '')} against the page text; {len(results)} pages\n")
    print(table(results, with_theirs))
    meta = metadata_table(results)
    if meta:
        print("\nMetadata (readability pages whose reviewed metadata states the field):\n")
        print(meta)
    if args.worst:
        print(f"\nLowest F1 of ours ({args.worst}):\n")
        print("| page | split | P | R |" + (" trafilatura P | R |" if with_theirs else ""))
        print("|---|---|---:|---:|" + ("---:|---:|" if with_theirs else ""))
        def f1(c: tuple[float, float, float]) -> float:
            p, r = precision(*c), recall(*c)
            return 2 * p * r / (p + r) if p + r else 0.0
        for r in sorted(results, key=lambda r: f1(r.ours))[: args.worst]:
            extra = f" {precision(*r.theirs):.2f} | {recall(*r.theirs):.2f} |" if r.theirs else ""
            print(f"| {r.page.set}/{r.page.name[:24]} | {r.page.split} | {precision(*r.ours):.2f} | "
                  f"{recall(*r.ours):.2f} |{extra}")
    if args.json:
        args.json.write_text(json.dumps([r.row() for r in results], ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
