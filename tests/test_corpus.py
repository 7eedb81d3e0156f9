"""Corpus mode on generated corpora (truth known by construction) and its parts' properties."""

from __future__ import annotations

import os
import random
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dedupe import Config, Document, InvariantError
from dedupe.corpus import CorpusConfig, corpus
from dedupe.corpus import merging as merging_module
from dedupe.corpus.chrome import ChromeLearner, line_hash
from dedupe.corpus.similar import candidate_pairs, cluster, signature, similarity
from dedupe.corpus.sources import records_to_sources, safe_name, site_of_url
from dedupe.corpus.work import content_key
from dedupe.text import comparison_key
from tests.corpus_gen import Truth, generate_corpus, raw_sentences

CC = CorpusConfig()


def expected_chrome(truth: Truth, config: CorpusConfig) -> dict[str, set[str]]:
    """Per site, the lines the rule must learn: in >= min_docs and >= min_share of the site's
    documents, on no other site (from the truth, not from the code)."""
    docs_of: dict[str, list[str]] = {}
    for doc, site in truth.sites.items():
        docs_of.setdefault(site, []).append(doc)
    on_sites: dict[str, set[str]] = {}
    for doc, lines in truth.chrome.items():
        for line in lines:
            on_sites.setdefault(line, set()).add(truth.sites[doc])
    out = {}
    for site, docs in docs_of.items():
        counts = Counter(line for d in docs for line in truth.chrome[d])
        out[site] = {line for line, n in counts.items()
                     if n >= config.chrome_min_docs and n >= config.chrome_min_share * len(docs)
                     and on_sites[line] == {site}}
    return out


def _haystack(doc: object) -> str:
    from dedupe.corpus.merging import _all_texts

    return "\x00".join(comparison_key(t) for t in _all_texts(doc))  # type: ignore[arg-type]


CASES = [(seed, 20 + seed % 5 * 10, 3 + seed % 3) for seed in range(40)]


@pytest.mark.parametrize(("seed", "posts", "sites"), CASES)
def test_generated_corpus_clusters_chrome_and_merge(tmp_path: Path, seed: int, posts: int, sites: int) -> None:
    """Clusters exactly the truth's; every line the rule must learn set aside on every page
    holding it, and no other line learned; merged clusters lose no sentence of any copy."""
    truth = generate_corpus(tmp_path / "in", seed=seed, posts=posts, sites=sites)
    with corpus(tmp_path / "in") as run:
        got = {frozenset(c.members) for c in run.clusters}
        assert got == {frozenset(c) for c in truth.clusters}
        docs = {}
        for source, data in run.document_bytes():
            docs[source.id] = Document.model_validate_json(data)
            assert docs[source.id].to_json_bytes() == data  # report.corpus written in as serializing writes it
        must = expected_chrome(truth, CC)
        for doc_id, doc in docs.items():
            site = truth.sites[doc_id]
            aside = {b.text for b in doc.boilerplate}
            learned = {b.text for b in doc.boilerplate if b.kind == "site"}
            assert truth.chrome[doc_id] & must[site] <= aside, doc_id
            assert learned <= must[site], doc_id
            assert not learned & truth.shared
            for b in doc.boilerplate:
                if b.kind == "site":
                    assert b.count is not None and b.count >= CC.chrome_min_docs and b.reason
            info = doc.report.corpus
            assert info is not None and info.id == doc_id and info.site == site
            assert doc.report.coverage == 1.0
        for c, merged in run.merged():
            assert merged.report.corpus is not None
            assert [m.id for m in merged.report.corpus.members] == [c.canonical] + [
                m for m in c.members if m != c.canonical]
            assert all(m.coverage == 1.0 for m in merged.report.corpus.members)
            hay = _haystack(merged)
            for member in c.members:
                lost = {k for k in raw_sentences(tmp_path / "in" / member, truth.chrome[member] | truth.shared)
                        if k not in hay}
                assert not lost, (c.id, member, sorted(lost)[:3])


def test_report_corpus_fields_and_canonical_rule(tmp_path: Path) -> None:
    truth = generate_corpus(tmp_path / "in", seed=101, posts=40, sites=4)
    with corpus(tmp_path / "in") as run:
        docs = dict(run.documents())
        rep = run.report()
        in_cluster = {m for c in truth.clusters for m in c}
        for doc_id, doc in docs.items():
            info = doc.report.corpus
            assert info is not None
            if doc_id not in in_cluster:
                assert (info.cluster, info.duplicate_of, info.similarity) == (None, None, None)
        for c in run.clusters:
            lengths = {m: len(content_key(docs[m])) for m in c.members}
            best = max(lengths.values())
            assert c.canonical == min(m for m in c.members if lengths[m] == best)  # fullest, then earliest
            for m in c.members:
                info = docs[m].report.corpus
                assert info is not None and info.cluster == c.id
                assert info.duplicate_of == (None if m == c.canonical else c.canonical)
                assert info.similarity == c.similarities[m] >= CC.similarity
        assert {p["decision"] for p in rep["pairs"]} <= {"same", "different", "different (lengths)"}
        assert [c["id"] for c in rep["clusters"]] == [c.id for c in run.clusters]
        assert rep["chrome"] and all(line["text"] and line["count"] >= CC.chrome_min_docs
                                     for site in rep["chrome"] for line in site["lines"])


def _tree_bytes(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("seed", [7, 8])
def test_deterministic_bytes_one_or_two_processes(tmp_path: Path, seed: int) -> None:
    from dedupe.corpus import write_corpus

    generate_corpus(tmp_path / "in", seed=seed, posts=50, sites=4)
    trees = []
    for jobs in (1, 2, 1):
        out = tmp_path / f"out{len(trees)}"
        out.mkdir()
        with corpus(tmp_path / "in", jobs=jobs, work_dir=out) as run:
            write_corpus(run, out, merge_clusters=True)
        trees.append(_tree_bytes(out))
    assert trees[0] == trees[1] == trees[2]
    assert not [name for name in trees[0] if name.endswith(".tmp") or "dedupe-corpus" in name]


def _ray_or_skip() -> None:
    try:
        import ray  # noqa: F401
    except ImportError:
        if os.environ.get("DEDUPE_REQUIRE_RAY"):
            raise
        pytest.skip("Ray is not installed (pip install 'dedupe-posts[ray]'); .ci/run installs it and runs this")


def test_local_and_ray_byte_identical(tmp_path: Path) -> None:
    _ray_or_skip()
    from dedupe.corpus import write_corpus

    generate_corpus(tmp_path / "in", seed=11, posts=30, sites=3)
    trees = []
    for engine in ("local", "ray"):
        out = tmp_path / engine
        out.mkdir()
        with corpus(tmp_path / "in", engine=engine, jobs=2, work_dir=out) as run:
            write_corpus(run, out, merge_clusters=True)
        trees.append(_tree_bytes(out))
    assert trees[0] == trees[1]
    assert any(name.startswith("clusters/") for name in trees[0])


def test_a_lost_sentence_stops_the_merge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The merge's own check: a merged document missing a member's sentence is an error."""
    generate_corpus(tmp_path / "in", seed=3, posts=20, sites=3)
    real = merging_module._normalize_quietly

    def dropping(text: str, config: Config) -> object:
        doc = real(text, config)
        first = doc.sections[0]
        return doc.model_copy(update={"sections": [first.model_copy(update={"blocks": first.blocks[1:]}),
                                                   *doc.sections[1:]]})

    monkeypatch.setattr(merging_module, "_normalize_quietly", dropping)
    with corpus(tmp_path / "in") as run:
        assert run.clusters
        with pytest.raises(InvariantError, match="lost sentences"):
            list(run.merged())


def test_records_as_input_site_is_the_host() -> None:
    text = "A report that many sites carry. " * 12
    records = [{"id": "1", "url": "https://www.a.example/x", "text": text},
               {"id": "2", "url": "http://b.example/y", "html": f"<html><body><p>{text}</p></body></html>"},
               {"id": "3", "text": "Something else entirely, short and alone."},
               {"id": "3", "text": "the same id again"}, {"text": "no id"}]
    with corpus(records) as run:
        assert [c.members for c in run.clusters] == [("1", "2")]
        assert [d.source.site for d in run.docs] == ["a.example", "b.example", None]
        assert [f.id for f in run.failures] == ["3", "record 5"]


# -- parts ------------------------------------------------------------------------------

@given(st.text(max_size=60))
def test_safe_name_is_a_plain_file_name(doc_id: str) -> None:
    name = safe_name(doc_id)
    assert name and "/" not in name and "\\" not in name and not name.startswith(".")
    assert name not in (".", "..") and len(name) <= 130
    assert all(c.isascii() and (c.isalnum() or c in "._-") for c in name)


@given(st.lists(st.text(min_size=1, max_size=8), min_size=2, max_size=6, unique=True))
def test_safe_names_never_collide(ids: list[str]) -> None:
    assert len({safe_name(i) for i in ids}) == len(ids)


def test_site_of_url() -> None:
    assert site_of_url("https://news.example.org/a?b") == "news.example.org"
    assert site_of_url("") is None


def test_bad_records_are_reported() -> None:
    out = list(records_to_sources([{"id": "a", "text": 3}, {"id": "b", "url": 4, "text": "x"}, {"id": "", "text": "y"}]))
    assert [type(s).__name__ for s in out] == ["BadSource"] * 3


@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c", None]),
                          st.frozensets(st.integers(0, 12), max_size=6)), max_size=40),
       st.integers(1, 6), st.sampled_from([0.0, 0.3, 0.5, 1.0]))
def test_chrome_learner_follows_its_rule(docs: list[tuple[str | None, frozenset[int]]], min_docs: int,
                                         share: float) -> None:
    config = CorpusConfig(chrome_min_docs=min_docs, chrome_min_share=share)
    learner = ChromeLearner()
    for site, lines in docs:
        learner.add(site, lines)
    learned = learner.learned(config)
    # The rule, computed directly: documents with the same lines count once per site.
    distinct: dict[str | None, set[frozenset[int]]] = {}
    for site, lines in docs:
        distinct.setdefault(site, set()).add(lines)
    for site in ("a", "b", "c"):
        sets = distinct.get(site, set())
        want = {}
        for line in range(13):
            n = sum(1 for s in sets if line in s)
            elsewhere = any(line in s for other, ss in distinct.items() if other != site for s in ss)
            if n and n >= min_docs and n >= share * len(sets) and not elsewhere:
                want[line] = n
        got = learned[site].counts if site in learned else {}
        assert got == want


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(("ka", "lo", "mire", "tos", "vel", "dor", "anis", "qua", "bri", "monte"))
                    + str(rng.randint(0, 50)) for _ in range(n))


@given(st.integers(0, 10_000), st.integers(2, 12))
def test_clusters_are_the_components_of_similar_pairs(seed: int, n: int) -> None:
    """With every pair a candidate, `cluster` gives the connected components of the pairs at
    or over the threshold (checked against a brute force over all pairs)."""
    rng = random.Random(seed)
    bases = [_words(rng, 60) for _ in range(3)]
    keys = []
    for _ in range(n):
        ws = rng.choice(bases).split()
        for _ in range(rng.randint(0, 25)):
            ws[rng.randrange(len(ws))] = "edit"
        keys.append(" ".join(ws))
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n)]
    got = {frozenset(c) for c in cluster(n, pairs, keys.__getitem__, CC).clusters}
    parent = list(range(n))

    def find(x: int) -> int:
        return x if parent[x] == x else find(parent[x])

    for a, b in pairs:
        if similarity(keys[a], keys[b]) >= CC.similarity:
            parent[find(a)] = find(b)
    want: dict[int, set[int]] = {}
    for i in range(n):
        want.setdefault(find(i), set()).add(i)
    assert got == {frozenset(c) for c in want.values() if len(c) > 1}


def test_lsh_finds_near_duplicates_and_not_strangers() -> None:
    rng = random.Random(5)
    base = _words(rng, 400)
    near = base.replace("ka1 ", "ka2 ", 3)
    stranger = _words(rng, 400)
    sigs = [signature(k, CC) for k in (base, near, stranger)]
    assert len(sigs[0]) == 4 * CC.num_perm
    assert candidate_pairs(sigs, CC) == [(0, 1)]
    assert signature("", CC) == b"" and candidate_pairs([b"", b""], CC) == []


def test_hashes_and_signatures_are_the_same_in_every_process() -> None:
    """No PYTHONHASHSEED dependence: a Ray worker on another machine must agree."""
    import subprocess
    import sys

    code = ("from dedupe.corpus.chrome import line_hash; from dedupe.corpus.similar import signature; "
            "from dedupe.corpus import CorpusConfig; print(line_hash('abc'), signature('some words here', "
            "CorpusConfig()).hex())")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert outs == {f"{line_hash('abc')} {signature('some words here', CC).hex()}\n"}


def test_merged_spans_point_into_each_members_markdown(tmp_path: Path) -> None:
    """A merged cluster's span is (doc, start, end, line) into `render(member, "md")`: the slice
    is the block's canonical text or one of its variants, and `line` is the slice's line."""
    from dedupe.render import render

    generate_corpus(tmp_path / "in", seed=5, posts=40, sites=4)
    with corpus(tmp_path / "in") as run:
        assert run.clusters
        for c, merged in run.merged():
            markdown = {m: render(run.document(run._index(m)), "md") for m in c.members}
            checked = 0
            for section in merged.sections:
                for block in section.blocks:
                    if block.type != "paragraph":
                        continue
                    keys = {comparison_key(block.text)} | {comparison_key(v.text) for v in block.variants}
                    for span in block.provenance:
                        assert span.doc in markdown
                        md = markdown[span.doc]
                        assert 0 <= span.start < span.end <= len(md)
                        assert md.count("\n", 0, span.start) + 1 == span.line
                        assert comparison_key(md[span.start:span.end]) in keys
                        checked += 1
            assert checked >= len(c.members)


def _edited(words: list[str], at: range, tag: str) -> list[str]:
    return [f"{tag}{n}" if n in at else w for n, w in enumerate(words)]


def test_single_linkage_joins_a_chain() -> None:
    """Clusters are connected components: A ~ B and B ~ C put A and C in one cluster though
    A !~ C, and C's similarity to A (below the threshold) is what says so."""
    a = [f"w{n}" for n in range(100)]
    b = _edited(a, range(0, 15), "b")
    c = _edited(b, range(50, 65), "c")
    keys = [" ".join(ws) for ws in (a, b, c)]
    assert similarity(keys[0], keys[1]) >= CC.similarity and similarity(keys[1], keys[2]) >= CC.similarity
    assert similarity(keys[0], keys[2]) < CC.similarity
    got = cluster(3, [(0, 1), (0, 2), (1, 2)], keys.__getitem__, CC)
    assert got.clusters == [[0, 1, 2]]
    # (0, 2) was checked before (1, 2) joined them: found different, and the chain still joins them.
    assert [(p.a, p.b, p.same) for p in got.decisions] == [(0, 1, True), (0, 2, False), (1, 2, True)]


def test_a_blocks_reference_cycles_are_collected_when_it_ends() -> None:
    import gc
    import weakref

    from dedupe.corpus.work import own_garbage_collected

    class Node:
        me: object = None

    with own_garbage_collected():
        node = Node()
        node.me = node
        ref = weakref.ref(node)
        del node
        assert ref() is not None
    assert ref() is None
    assert gc.get_freeze_count() == 0
