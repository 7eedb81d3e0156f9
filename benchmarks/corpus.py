"""Corpus mode on a generated corpus with known clusters and chrome (issue 16).

    python benchmarks/corpus.py                 # 20,000 posts (several minutes on 2 cores)
    python benchmarks/corpus.py --posts 2000    # while developing
    python benchmarks/corpus.py --repeat 5      # medians of 5 interleaved runs

The corpus comes from `tests/corpus_gen.py`: reports reposted on 2-20 sites, each copy
with its own edits (sometimes pasted twice within the post), unique posts, per-site
chrome on most pages, and lines shared by several sites (not chrome). Each measurement
runs in a fresh process, so its peak memory (RSS of the process and of its workers) is
its own:

- `normalize`: per-document `normalize_file` and the JSON written, one process (the
  reference for throughput);
- `corpus` with the local engine on 1 and 2 processes, and on Ray (2 CPUs), each with
  `--merge-clusters`; the outputs of all three are compared byte for byte;
- the same corpus at a quarter of the size (memory against the number of documents);
- baselines in the same run: a datatrove-style exact-hash dedup (sha1 of the lower-cased,
  whitespace-collapsed text) and a plain MinHash-LSH dedup (datasketch, 128 permutations,
  word 5-grams, threshold 0.8), both over the raw files, as datatrove and text-dedup do.

Cluster precision and recall are over pairs of documents; chrome precision is over the
lines learned as site chrome, recall over the true chrome lines (set aside as any
boilerplate). "lost" counts sentences of a cluster's members (their chrome aside) that
its merged document does not hold.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.corpus_gen import (  # noqa: E402
    Truth,
    generate_corpus,
    raw_sentences,
    score_chrome,
    score_clusters,
)


def _peak_mb() -> float:
    """Peak resident memory of this process (VmHWM: `ru_maxrss` would carry over the
    parent's from before `exec`) or of its largest worker, whichever is more, in MB."""
    own = 0
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                own = int(line.split()[1])
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # workers forked from here: kilobytes
    return round(max(own, kids) / 1024, 1)


def _tree_hash(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def child_normalize(src: Path, out: Path) -> dict[str, Any]:
    from dedupe import normalize_file
    from dedupe.paths import write_atomic

    files = sorted(p for p in src.rglob("*.txt"))
    t = time.perf_counter()
    for p in files:
        write_atomic(out / p.relative_to(src).with_suffix(".json"), normalize_file(p).to_json_bytes())
    took = time.perf_counter() - t
    return {"docs": len(files), "seconds": took, "peak_mb": _peak_mb()}


def child_corpus(src: Path, out: Path, engine: str, jobs: int) -> dict[str, Any]:
    """The corpus run as `dedupe corpus --merge-clusters` makes it (`write_corpus`'s parts),
    timed in two parts: the documents (both passes, clustering, every document and
    `corpus.json` written) and the merged clusters."""
    from dedupe.corpus import corpus
    from dedupe.corpus.writing import write_documents, write_merged, write_report

    t = time.perf_counter()
    with corpus(src, engine=engine, jobs=jobs, work_dir=out) as run:
        write_documents(run, out)
        write_report(run, out)
        took = time.perf_counter() - t
        docs_peak = _peak_mb()  # before the merges: what the documents' passes cost
        write_merged(run, out)
        merge = time.perf_counter() - t - took
        summary = run.summary()
    return {"docs": len(list(src.rglob("*.txt"))), "seconds": took, "merge_seconds": merge, "peak_mb": _peak_mb(),
            "peak_mb_before_merge": docs_peak, "summary": summary, "tree": _tree_hash(out)}


_WS_RE = re.compile(r"\s+")
_WORD_RE = re.compile(r"\w+")


def child_exact(src: Path) -> dict[str, Any]:
    """datatrove's exact dedup: one hash of the normalized text per document."""
    t = time.perf_counter()
    groups: dict[str, list[str]] = {}
    for p in sorted(src.rglob("*.txt")):
        text = _WS_RE.sub(" ", p.read_text(encoding="utf-8").lower()).strip()
        groups.setdefault(hashlib.sha1(text.encode()).hexdigest(), []).append(p.relative_to(src).as_posix())
    took = time.perf_counter() - t
    return {"seconds": took, "peak_mb": _peak_mb(), "clusters": [g for g in groups.values() if len(g) > 1]}


def child_minhash(src: Path) -> dict[str, Any]:
    """A plain MinHash-LSH dedup (datasketch): word 5-gram shingles, threshold 0.8, union of matches."""
    from datasketch import MinHash, MinHashLSH

    t = time.perf_counter()
    lsh = MinHashLSH(threshold=0.8, num_perm=128)
    ids = []
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in sorted(src.rglob("*.txt")):
        doc_id = p.relative_to(src).as_posix()
        words = _WORD_RE.findall(p.read_text(encoding="utf-8").lower())
        grams = {" ".join(words[i:i + 5]).encode() for i in range(max(1, len(words) - 4))}
        m = MinHash(num_perm=128, seed=1)
        m.update_batch(list(grams))
        parent[doc_id] = doc_id
        for other in lsh.query(m):
            ra, rb = find(doc_id), find(other)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
        lsh.insert(doc_id, m)
        ids.append(doc_id)
    groups: dict[str, list[str]] = {}
    for i in ids:
        groups.setdefault(find(i), []).append(i)
    took = time.perf_counter() - t
    return {"seconds": took, "peak_mb": _peak_mb(), "clusters": [g for g in groups.values() if len(g) > 1]}


def _child(args: list[str]) -> dict[str, Any]:
    """One measurement in a fresh process, with the machine's 1-minute load average before and after."""
    load = os.getloadavg()[0]
    proc = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    if proc.returncode:
        raise SystemExit(f"child {args} failed:\n{proc.stderr[-3000:]}")
    res: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    res["load"] = round((load + os.getloadavg()[0]) / 2, 2)
    return res


def _quality(truth: Truth, src: Path, out: Path) -> dict[str, Any]:
    """Cluster and chrome precision/recall and lost sentences, from the written outputs."""
    report = json.loads((out / "corpus.json").read_text())
    clusters = [tuple(m["id"] for m in c["members"]) for c in report["clusters"]]
    cp, cr = score_clusters(truth, clusters)
    found, aside = {}, {}
    for doc_id in truth.sites:
        doc = json.loads((out / doc_id).with_suffix(".json").read_text())
        found[doc_id] = {b["text"] for b in doc["boilerplate"] if b["kind"] == "site"}
        aside[doc_id] = {b["text"] for b in doc["boilerplate"]}
    hp, hr = score_chrome(truth, found, aside)
    from dedupe.corpus.merging import _all_texts
    from dedupe.models import Document
    from dedupe.text import comparison_key

    lost = 0
    for c in report["clusters"]:
        merged = Document.model_validate_json((out / "clusters" / f"{c['id']}.json").read_bytes())
        hay = "\x00".join(comparison_key(t) for t in _all_texts(merged))
        for m in c["members"]:
            lost += sum(1 for k in raw_sentences(src / m["id"], truth.chrome[m["id"]] | truth.shared) if k not in hay)
    return {"cluster_p": cp, "cluster_r": cr, "chrome_p": hp, "chrome_r": hr, "lost": lost,
            "clusters": len(clusters), "true_clusters": len(truth.clusters)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--posts", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--repeat", type=int, default=3,
                    help="Runs of normalize and of the local corpus (1 and 2 processes), interleaved; medians "
                         "are reported (Ray and the baselines run once).")
    ap.add_argument("--no-ray", action="store_true", help="Skip the Ray run.")
    ap.add_argument("--json", type=Path, default=None, help="Also write the results here.")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        mode, *rest = args.child
        if mode == "normalize":
            res = child_normalize(Path(rest[0]), Path(rest[1]))
        elif mode == "corpus":
            res = child_corpus(Path(rest[0]), Path(rest[1]), rest[2], int(rest[3]))
        elif mode == "exact":
            res = child_exact(Path(rest[0]))
        else:
            res = child_minhash(Path(rest[0]))
        print(json.dumps(res))
        return

    work = Path(tempfile.mkdtemp(prefix="dedupe-corpus-bench-"))
    try:
        t = time.perf_counter()
        truth = generate_corpus(work / "in", seed=args.seed, posts=args.posts)
        small_truth = generate_corpus(work / "small", seed=args.seed + 1, posts=max(20, args.posts // 4))
        print(f"generated {args.posts} posts ({len(truth.clusters)} reports reposted on "
              f"{sum(map(len, truth.clusters))} pages, {len(set(truth.sites.values()))} sites) and "
              f"{len(small_truth.sites)} more in {time.perf_counter() - t:.1f} s", flush=True)
        runs: dict[str, list[dict[str, Any]]] = {}
        local = [("corpus local, 1 process", "local", 1), ("corpus local, 2 processes", "local", 2)]
        for rep in range(args.repeat):
            # Interleaved, so that the load of a shared machine falls on every row alike.
            norm = work / "norm"
            runs.setdefault("normalize (1 process)", []).append(_child(["normalize", str(work / "in"), str(norm)]))
            shutil.rmtree(norm)
            for name, engine, jobs in local:
                runs.setdefault(name, []).append(_corpus_run(truth, work, engine, jobs, quality=rep == 0))
            for name in runs:
                print(f"run {rep + 1}: {name}", {k: v for k, v in runs[name][-1].items() if k != "tree"}, flush=True)
        if not args.no_ray:
            runs["corpus ray, 2 CPUs"] = [_corpus_run(truth, work, "ray", 2, quality=True)]
            print("corpus ray, 2 CPUs", runs["corpus ray, 2 CPUs"][-1], flush=True)
        small_out = work / "out-small"
        small_out.mkdir()
        small = _child(["corpus", str(work / "small"), str(small_out), "local", "1"])
        for name, mode in (("baseline exact hash (datatrove-style)", "exact"), ("baseline MinHash-LSH (datasketch)",
                                                                               "minhash")):
            res = _child([mode, str(work / "in")])
            p, r = score_clusters(truth, [tuple(c) for c in res.pop("clusters")])
            res.update({"docs": args.posts, "cluster_p": p, "cluster_r": r})
            runs[name] = [res]
            print(name, res, flush=True)
        _table(runs, small, len(small_truth.sites), args.posts)
        if args.json:
            args.json.write_text(json.dumps({"runs": runs, "small": small}, indent=2) + "\n")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _corpus_run(truth: Truth, work: Path, engine: str, jobs: int, *, quality: bool) -> dict[str, Any]:
    out = work / f"out-{engine}-{jobs}"
    out.mkdir()
    res = _child(["corpus", str(work / "in"), str(out), engine, str(jobs)])
    if quality:
        res.update(_quality(truth, work / "in", out))
    shutil.rmtree(out)
    return res


def _median(runs: list[dict[str, Any]], key: str) -> float:
    return float(statistics.median(r[key] for r in runs))


def _table(runs: dict[str, list[dict[str, Any]]], small: dict[str, Any], small_docs: int, docs: int) -> None:
    base = _median(runs["normalize (1 process)"], "seconds")
    one = _median(runs["corpus local, 1 process"], "seconds")
    two = _median(runs["corpus local, 2 processes"], "seconds")
    print()
    print("| run | runs | docs/s (median) | time vs normalize | + merge clusters (s) | peak MB | load | cluster P "
          "| cluster R | chrome P | chrome R | lost |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, rs in runs.items():
        first = rs[0]

        def f(key: str, r: dict[str, Any] = first) -> str:
            return f"{r[key]:.4f}" if key in r else "-"

        secs = _median(rs, "seconds")
        merge = f"{_median(rs, 'merge_seconds'):.1f}" if "merge_seconds" in first else "-"
        loads = "-".join(f"{x:.1f}" for x in (min(r["load"] for r in rs), max(r["load"] for r in rs)))
        print(f"| {name} | {len(rs)} | {docs / secs:.1f} | {secs / base:.2f}x | {merge} | {_median(rs, 'peak_mb')} "
              f"| {loads} | {f('cluster_p')} | {f('cluster_r')} | {f('chrome_p')} | {f('chrome_r')} "
              f"| {first.get('lost', '-')} |")
    print()
    pairs = [round(a["seconds"] / b["seconds"], 2)
             for a, b in zip(runs["corpus local, 1 process"], runs["corpus local, 2 processes"])]
    print(f"2 processes vs 1: {one / two:.2f}x faster (medians); per run, measured back to back: {pairs}")
    trees = {r["tree"] for name, rs in runs.items() if name.startswith("corpus") for r in rs}
    engines = "local (1 and 2 processes) and ray" if "corpus ray, 2 CPUs" in runs else "local 1 and 2 processes"
    print(f"{engines} outputs byte-identical over every run: {len(trees) == 1}")
    ratios = [round(c["seconds"] / n["seconds"], 2)
              for c, n in zip(runs["corpus local, 1 process"], runs["normalize (1 process)"])]
    print(f"corpus (1 process) vs per-document normalize: {one / base:.2f}x the time (medians); per run: {ratios}")
    big = runs["corpus local, 1 process"]
    before, after = _median(big, "peak_mb_before_merge"), _median(big, "peak_mb")
    print(f"peak memory (1 process), before merging / with --merge-clusters: {small['peak_mb_before_merge']} / "
          f"{small['peak_mb']} MB at {small_docs} documents, {before} / {after} MB at {docs}: "
          f"{docs / small_docs:.1f}x the documents, {before / small['peak_mb_before_merge']:.2f}x / "
          f"{after / small['peak_mb']:.2f}x the memory")
    for name in ("baseline exact hash (datatrove-style)", "baseline MinHash-LSH (datasketch)"):
        r = runs[name][0]
        print(f"{name}: {docs / r['seconds']:.0f} docs/s ({one / r['seconds']:.1f}x faster than corpus mode, "
              f"which also normalizes), cluster P {r['cluster_p']:.4f} R {r['cluster_r']:.4f}")


if __name__ == "__main__":
    main()
