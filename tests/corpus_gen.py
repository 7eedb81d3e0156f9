"""A seeded generator of corpora whose truth is known by construction (tests and
`benchmarks/corpus.py`).

A corpus is a folder of sites (one subfolder each). Every site has its own chrome: a few
footer and sidebar lines on most of its pages. Reports are reposted on 2-20 sites, each
copy with its own edits (a word changed, a sentence dropped or added, sometimes the
report pasted twice within the post); the other posts are unique. A few lines are shared
by several sites (a syndicated slogan): they recur, but not within one site only, so
they are not any site's chrome.

Words are made from syllables by the seeded RNG, so two posts share text only when the
generator puts it there.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

_SYLLABLES = ("ka", "lo", "mi", "ren", "to", "sa", "vel", "dor", "an", "is", "qua", "ter", "bri", "mon", "es",
              "ul", "ra", "pen", "cho", "lin", "ga", "fi", "nor", "as", "de", "vo", "shi", "tam", "or", "ex")


@dataclass
class Truth:
    """What the generator put where."""

    clusters: list[set[str]] = field(default_factory=list)  # ids of each report's copies
    chrome: dict[str, set[str]] = field(default_factory=dict)  # id -> the site chrome lines it holds
    shared: set[str] = field(default_factory=set)  # lines on several sites: not chrome
    sites: dict[str, str] = field(default_factory=dict)  # id -> site

    def true_pairs(self) -> set[tuple[str, str]]:
        return {tuple(sorted(p)) for c in self.clusters for p in combinations(sorted(c), 2)}  # type: ignore[misc]


class _Words:
    def __init__(self, rng: random.Random, n: int) -> None:
        words: set[str] = set()
        while len(words) < n:
            words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 4))))
        self.words = sorted(words)
        self.rng = rng

    def sentence(self) -> str:
        n = self.rng.randint(8, 16)
        ws = [self.rng.choice(self.words) for _ in range(n)]
        if self.rng.random() < 0.3:
            ws.insert(self.rng.randint(1, n - 1), str(self.rng.randint(2, 2030)))
        return " ".join(ws).capitalize() + self.rng.choice(".....!?")

    def heading(self) -> str:
        return " ".join(self.rng.choice(self.words) for _ in range(self.rng.randint(2, 4))).title()

    def line(self) -> str:
        """A chrome-like line: short, a label and a few words."""
        label = self.rng.choice(("Subscribe to", "Follow", "Archive:", "More from", "Contact", "Sponsored by",
                                 "Popular:", "Read also"))
        return f"{label} {' '.join(self.rng.choice(self.words) for _ in range(self.rng.randint(2, 5)))}"


def _post(words: _Words, rng: random.Random, *, report: bool = False) -> list[list[str]]:
    """A post as sections: each a list of lines (a heading first, except the lead). A report
    (what gets reposted: an article of several sections) is longer than most posts."""
    sections = []
    for s in range(rng.randint(3, 5) if report else rng.randint(2, 4)):
        lines = [] if s == 0 else [words.heading()]
        for _ in range(rng.randint(2, 3) if report else rng.randint(1, 3)):
            lines.append(" ".join(words.sentence() for _ in range(rng.randint(2, 4))))
        if rng.random() < 0.25:
            lines += [f"- {words.sentence()}" for _ in range(rng.randint(2, 4))]
        sections.append(lines)
    return sections


def _edit(sections: list[list[str]], words: _Words, rng: random.Random) -> list[list[str]]:
    """A copy's own edits: a word changed in a sentence or two, a sentence dropped or added."""
    out = [list(s) for s in sections]
    paragraphs = [(i, j) for i, s in enumerate(out) for j, line in enumerate(s)
                  if line.count(". ") + line.count("! ") + line.count("? ") >= 1 and not line.startswith("- ")]
    for _ in range(rng.randint(0, 2)):
        i, j = rng.choice(paragraphs)
        ws = out[i][j].split(" ")
        k = rng.randrange(1, len(ws) - 1)
        ws[k] = rng.choice(words.words)
        out[i][j] = " ".join(ws)
    if rng.random() < 0.3:  # a sentence added to a paragraph
        i, j = rng.choice(paragraphs)
        out[i][j] = out[i][j] + " " + words.sentence()
    elif rng.random() < 0.3:  # a paragraph's last sentence dropped
        i, j = rng.choice(paragraphs)
        cut = max(out[i][j].rfind(". "), out[i][j].rfind("! "), out[i][j].rfind("? "))
        if cut > 0:
            out[i][j] = out[i][j][:cut + 1]
    return out


def _render(title: str, sections: list[list[str]], chrome: list[str], rng: random.Random, twice: bool) -> str:
    body = [line for s in sections for line in s]
    if twice:  # the report pasted twice in the post, as scrapers save it
        body = body + body
    lines = [title, *body[:1]]
    if chrome:
        lines.append(chrome[0])  # a box after the lead
    lines += body[1:]
    lines += chrome[1:]
    return "\n".join(lines) + "\n"


def generate_corpus(root: Path, *, seed: int, posts: int = 200, reports: int | None = None,
                    sites: int | None = None) -> Truth:
    """Write a corpus of about `posts` posts under `root` and return its truth."""
    rng = random.Random(seed)
    words = _Words(rng, 4000)
    n_sites = sites or max(3, min(400, posts // 40))
    site_names = [f"site-{n:03d}.example" for n in range(n_sites)]
    site_chrome = {s: [words.line() for _ in range(rng.randint(3, 6))] for s in site_names}
    shared = [words.line() for _ in range(3)]  # each on several sites, a share of their pages
    shared_on = {line: set(rng.sample(site_names, min(n_sites, rng.randint(2, 4)))) for line in shared}
    truth = Truth(shared=set(shared))
    n_reports = reports if reports is not None else max(1, posts // 25)
    counter = 0
    carried: dict[str, list[str]] = {}  # shared line -> the pages that carry it

    def emit(site: str, title: str, sections: list[list[str]], twice: bool = False) -> str:
        nonlocal counter
        counter += 1
        chrome = [line for line in site_chrome[site] if rng.random() < 0.9]
        extra = [line for line in shared if site in shared_on[line] and rng.random() < 0.5]
        doc_id = f"{site}/post-{counter:05d}.txt"
        path = root / doc_id
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_render(title, sections, chrome + extra, rng, twice), encoding="utf-8")
        truth.chrome[doc_id] = set(chrome)
        truth.sites[doc_id] = site
        for line in extra:
            carried.setdefault(line, []).append(doc_id)
        return doc_id

    used = 0
    for _ in range(n_reports):
        title, sections = words.heading(), _post(words, rng, report=True)
        k = min(n_sites, rng.randint(2, 20), max(2, posts - used))
        if used + k > posts:
            break
        ids = {emit(site, title, _edit(sections, words, rng), twice=rng.random() < 0.15)
               for site in rng.sample(site_names, k)}
        truth.clusters.append(ids)
        used += k
    # Unique posts fill the rest, spread so every site has enough pages to learn from.
    for n in range(posts - used):
        emit(site_names[n % n_sites], words.heading(), _post(words, rng))
    # A shared line that chance put on one site's pages only is that site's chrome after all.
    for line, pages in carried.items():
        if len({truth.sites[p] for p in pages}) == 1:
            truth.shared.discard(line)
            for p in pages:
                truth.chrome[p].add(line)
    return truth


def raw_sentences(path: Path, skip: set[str]) -> set[str]:
    """Comparison keys of the sentences of a generated post, the lines in `skip` (its chrome)
    left out: what a merged cluster must hold of this member."""
    from dedupe.text import comparison_key, split_sentences

    keys = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line in skip or not line.strip():
            continue
        text = line[2:] if line.startswith("- ") else line
        for p in split_sentences(text):
            k = comparison_key(text[p.start:p.end])
            if k:
                keys.add(k)
    return keys


def score_clusters(truth: Truth, predicted: list[tuple[str, ...]]) -> tuple[float, float]:
    """Pairwise precision and recall of predicted clusters against the truth."""
    true = truth.true_pairs()
    pred = {tuple(sorted(p)) for c in predicted for p in combinations(sorted(c), 2)}
    hit = len(true & pred)
    return (hit / len(pred) if pred else 1.0), (hit / len(true) if true else 1.0)


def score_chrome(truth: Truth, found: dict[str, set[str]], set_aside: dict[str, set[str]]) -> tuple[float, float]:
    """Precision of the lines learned as site chrome (`found`: id -> texts of kind 'site') and
    recall of the true chrome lines among everything set aside (`set_aside`: id -> texts)."""
    marked = sum(len(v) for v in found.values())
    right = sum(len(v & truth.chrome.get(doc, set())) for doc, v in found.items())
    total = sum(len(v) for v in truth.chrome.values())
    recalled = sum(len(v & set_aside.get(doc, set())) for doc, v in truth.chrome.items())
    return (right / marked if marked else 1.0), (recalled / total if total else 1.0)


__all__ = ["Truth", "generate_corpus", "raw_sentences", "score_chrome", "score_clusters"]
