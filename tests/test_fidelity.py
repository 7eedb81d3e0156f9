"""Fidelity: generated posts with the truth known by construction (`tests.generators`).

Each class (paste-count bucket x verbatim/edited/mixed x language) runs a few seeded
posts through `dedupe.normalize_text` and asserts: no sentence lost, none duplicated, fact
edits both kept, copies_detected = the number of pastes, every heading once, coverage 1.0.
Separate tests check the title (by title style), the footer (by language) and word spaces
(English, Korean) on posts of one or two pastes. A failure lists the seeds; `python benchmarks/fidelity.py --show SEED` prints one post,
its truth, the output and what went wrong. The generator itself is tested below.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rapidfuzz import fuzz

import dedupe

from .generators import (
    FAILURES,
    LANGS,
    REAL_SOURCES,
    Truth,
    check,
    generate,
    ideal_document,
    k_bucket,
    pattern_class,
    real_text,
    spec,
)
from .helpers import norm

PER_CLASS = 6
BUCKETS = [("k1", "single"), ("k2", "verbatim"), ("k2", "edited")] + [
    (k, mix) for k in ("k3", "k4-5", "k6-8") for mix in ("verbatim", "edited", "mixed")]
CLASSES = [f"{k}-{mix}-{lang}" for k, mix in BUCKETS for lang in LANGS]


def _class_seeds() -> dict[str, list[int]]:
    """The first PER_CLASS seeds of each class (by `spec`, which is cheap)."""
    found: dict[str, list[int]] = {c: [] for c in CLASSES}
    seed = 0
    while any(len(v) < PER_CLASS for v in found.values()):
        got = found[pattern_class(spec(seed))]
        if len(got) < PER_CLASS:
            got.append(seed)
        seed += 1
    return found


SEEDS = _class_seeds()


#: What the per-class test asserts; the title, footer and word spaces have tests of their own
#: below (by title style and by language), so that one bug does not fail every class.
MERGE_FAILURES = ("lost", "duplicated", "facts", "copies_wrong", "headings_not_once", "coverage")


def _run(seeds: list[int], kinds: tuple[str, ...]) -> list[str]:
    failing = []
    for seed in seeds:
        truth = generate(seed)
        doc = dedupe.normalize_text(truth.text, source="post.txt")
        failures = check(doc.to_json(), truth)
        failures = {k: v for k, v in failures.items() if k in kinds}
        if doc.report.fallback is not None:  # no generated post may need the exact-only fallback
            failures["fallback"] = [doc.report.fallback]
        if failures:
            found = "; ".join(f"{k}: {len(v)} (e.g. {str(v[0])[:70]!r})" for k, v in failures.items())
            failing.append(f"seed {seed} [{truth.pattern} {truth.source}] {found}")
    return failing


def _message(failing: list[str], total: int, what: str) -> str:
    return (f"{len(failing)}/{total} posts of {what} fail (see: python benchmarks/fidelity.py --show SEED):\n"
            + "\n".join(failing))


@pytest.mark.parametrize("klass", CLASSES)
def test_generated_posts_normalize_faithfully(klass: str) -> None:
    """Every sentence exactly once (fact edits: both), copies found, headings once, coverage 1.0."""
    failing = _run(SEEDS[klass], MERGE_FAILURES)
    assert not failing, _message(failing, len(SEEDS[klass]), klass)


def _by_title(style: str, n: int = 8) -> list[int]:
    """The first `n` seeds of posts of one or two pastes with this title style."""
    out, seed = [], 0
    while len(out) < n:
        if spec(seed).k <= 2 and _title_style(set(generate(seed).features)) == style:
            out.append(seed)
        seed += 1
    return out


def _title_style(features: set[str]) -> str:
    """hash or bare: the title line alone; repeated_*: a `#Title #tag` line and the title again;
    every_paste: the title line, then the title as the heading that opens each paste."""
    if "title_every_paste" in features:
        return "every_paste"
    if "title_bare" in features:
        return "bare" if not features & {"title_repeat_line", "title_repeat_heading"} else "other"
    if "title_repeat_line" in features:
        return "repeated_line"
    return "repeated_as_heading" if "title_repeat_heading" in features else "hash"


@pytest.mark.parametrize("style", ["hash", "bare", "repeated_line", "repeated_as_heading", "every_paste"])
def test_the_title_is_found_once(style: str) -> None:
    """`#Title #tag`, a bare title line, the title repeated on the next line, as the first
    heading, or as the heading of every paste."""
    seeds = _by_title(style)
    failing = _run(seeds, ("title_wrong",))
    assert not failing, _message(failing, len(seeds), f"title style {style}")


def _small(lang: str) -> list[int]:
    return [s for c in CLASSES if c.startswith(("k1-", "k2-")) and c.endswith(lang) for s in SEEDS[c]][:8]


@pytest.mark.parametrize("lang", LANGS)
def test_the_footer_is_set_aside(lang: str) -> None:
    failing = _run(_small(lang), ("chrome_in_content",))
    assert not failing, _message(failing, 8, f"{lang} footers")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_word_spaces_are_kept(lang: str) -> None:
    failing = _run(_small(lang), ("spaces_lost",))
    assert not failing, _message(failing, 8, f"{lang} posts")


# --------------------------------------------------------------------------- the generator


def test_the_classes_cover_every_pattern_kind() -> None:
    patterns = {generate(s).pattern for c in CLASSES if c.startswith("k4-5-mixed") for s in SEEDS[c]}
    assert all(1 < len(set(p)) < len(p) for p in patterns)
    assert {generate(s).pattern for s in SEEDS["k3-edited-en"]} == {"ABC"}


@pytest.mark.parametrize("seed", [0, 1, 7, 123, 4567])
def test_generation_is_deterministic(seed: int) -> None:
    assert generate(seed) == generate(seed)
    assert generate(seed).text != generate(seed + 1).text


def test_generation_does_not_depend_on_the_hash_seed() -> None:
    code = ("import hashlib, sys; from tests.generators import generate; "
            "print(hashlib.sha256(''.join(repr(generate(s)) for s in range(40)).encode()).hexdigest())")
    root = Path(__file__).resolve().parent.parent
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True,
                             check=True)
        digests.add(out.stdout.strip())
    here = hashlib.sha256("".join(repr(generate(s)) for s in range(40)).encode()).hexdigest()
    assert digests == {here}


def test_spec_announces_what_generate_makes() -> None:
    for seed in range(300):
        s, t = spec(seed), generate(seed)
        assert (s.source, s.lang, s.k, s.mix) == (t.source, t.lang, t.k, t.mix)


@pytest.mark.parametrize("start", range(0, 600, 100))
def test_the_truth_is_consistent_with_the_text(start: int) -> None:
    for seed in range(start, start + 100):
        t = generate(seed)
        text = norm(t.text)
        lines = [ln.strip() for ln in t.text.split("\n")]
        assert t.copies == len(t.pattern) == t.k
        assert all(norm(v) in text for variants in t.sentences for v in variants), seed
        assert all(len(norm(v)) >= 15 for variants in t.sentences for v in variants), seed
        assert all(h in lines for h in t.headings), seed
        assert lines[-1 - len(t.chrome) : -1] == list(t.chrome), seed
        first = [v[0] for v in t.sentences]
        assert all(a in first and b in first for a, b in t.facts), seed
        assert norm(t.title) in norm(lines[0]), seed
        # Exactly once in an ideal document: nothing the truth requires once contains another.
        assert check(ideal_document(t), t) == {}, seed


def test_generated_sentences_are_far_apart() -> None:
    """No two sentences of a generated post are near-duplicates: a merge of two is a pipeline bug."""
    for seed in range(200):
        t = generate(seed)
        if t.source != "gen":
            continue
        facts = {frozenset(map(norm, p)) for p in t.facts}
        keys = [norm(v[0]) for v in t.sentences]
        for i, a in enumerate(keys):
            for b in keys[:i]:
                if frozenset((a, b)) not in facts:
                    assert fuzz.ratio(a, b) < 80, (seed, a, b)


def test_typos_and_fact_edits_are_what_they_claim() -> None:
    from dedupe.text import fact_signature

    typos = facts = 0
    for seed in range(400):
        t = generate(seed)
        for variants in t.sentences:
            for v in variants[1:]:  # a typo: one character, same numbers and negations
                typos += 1
                a, b = norm(v), norm(variants[0])
                assert len(a) == len(b) and sum(x != y for x, y in zip(a, b)) == 1, (seed, v)
                assert fact_signature(v) == fact_signature(variants[0]), (seed, v)
        for a, b in t.facts:
            facts += 1
            assert fact_signature(a) != fact_signature(b) or t.lang == "ko", (seed, a, b)
    assert typos > 50 and facts > 10


@pytest.mark.parametrize("name", REAL_SOURCES)
def test_real_texts_load(name: str) -> None:
    real = real_text(name)
    lines = {norm(ln) for ln in real.lines}
    assert real.headings <= lines
    assert not any(norm(ln) in ("references", "sources", "参考资料", "主要引用") for ln in real.lines)
    assert not any(ln.endswith(("...", "…")) for ln in real.lines)  # teasers left out
    assert real.title and norm(real.title) not in "\x00".join(lines)


def test_check_finds_each_kind_of_failure() -> None:
    t = next(generate(s) for s in range(100) if generate(s).lang == "en" and generate(s).headings)
    good = ideal_document(t)
    assert check(good, t) == {}

    def broken(change: object) -> set[str]:
        doc = json.loads(json.dumps(good))
        change(doc)  # type: ignore[operator]
        return set(check(json.dumps(doc), t))

    blocks = lambda d: d["sections"][0]["blocks"]  # noqa: E731
    assert broken(lambda d: blocks(d).pop(0)) == {"lost"}
    assert broken(lambda d: blocks(d).append(dict(blocks(d)[0]))) == {"duplicated"}
    assert broken(lambda d: d["report"].update(copies_detected=t.copies + 1)) == {"copies_wrong"}
    assert broken(lambda d: d["sections"].append(dict(d["sections"][1]))) == {"headings_not_once"}
    assert broken(lambda d: d.update(title=None)) == {"title_wrong"}
    assert broken(lambda d: blocks(d).append({"text": t.title})) == {"title_wrong"}
    assert broken(lambda d: d["report"].update(coverage=0.99)) == {"coverage"}
    assert broken(lambda d: blocks(d).append({"text": t.chrome[0]})) == {"chrome_in_content"}
    assert broken(lambda d: d.update(boilerplate=[])) == {"chrome_in_content"}
    squash = lambda d: blocks(d)[0].update(text=blocks(d)[0]["text"].replace(" ", ""))  # noqa: E731
    assert broken(squash) == {"spaces_lost"}
    assert set(FAILURES) >= {"lost", "duplicated", "facts", "copies_wrong", "headings_not_once", "title_wrong",
                             "coverage", "chrome_in_content"}


def test_check_accepts_any_one_spelling_and_counts_all() -> None:
    t = next(generate(s) for s in range(400) if any(len(v) > 1 for v in generate(s).sentences))
    i = next(n for n, v in enumerate(t.sentences) if len(v) > 1)
    doc = ideal_document(t)
    doc["sections"][0]["blocks"][i]["text"] = t.sentences[i][1]
    assert check(doc, t) == {}
    doc["sections"][0]["blocks"].append({"type": "paragraph", "text": t.sentences[i][0]})
    assert set(check(doc, t)) == {"duplicated"}


def test_classes_are_named_by_bucket_mix_and_language() -> None:
    t = generate(SEEDS["k6-8-mixed-ja"][0])
    assert pattern_class(t) == "k6-8-mixed-ja" and k_bucket(t.k) == "k6-8"
    assert dataclasses.asdict(t)["pattern"] == t.pattern


# ------------------------------------------------------------------ failures the generator found

FOUND = Path(__file__).parent / "fixtures" / "fidelity"
FOUND_CASES = sorted(FOUND.glob("seed_*.txt"))


@pytest.mark.parametrize("path", FOUND_CASES, ids=[p.stem for p in FOUND_CASES])
def test_posts_the_generator_once_failed_on(path: Path) -> None:
    """Each post a fidelity run failed on, saved with its truth (the note says what broke), so
    that the case stays covered whatever the generator's seeds come to mean."""
    data = json.loads(path.with_suffix(".truth.json").read_text(encoding="utf-8"))
    note = data.pop("note")
    fields = {f.name for f in dataclasses.fields(Truth)}
    truth = Truth(text=path.read_text(encoding="utf-8"), **{k: _tuples(v) for k, v in data.items() if k in fields})
    failures = check(dedupe.normalize_text(truth.text, source="post.txt").to_json(), truth)
    assert failures == {}, note


def _tuples(value: object) -> object:
    """JSON lists back to the truth's tuples."""
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value
