"""The adapters with the real libraries (optional extras: datasets, datatrove)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dedupe.corpus import corpus
from dedupe.corpus.adapters import CORPUS_KEYS, RECORD_KEYS, record_mapper
from tests.corpus_gen import generate_corpus


def _need(module: str, extra: str) -> None:
    try:
        __import__(module)
    except ImportError:
        if os.environ.get("DEDUPE_REQUIRE_EXTRAS"):
            raise
        pytest.skip(f"{module} is not installed (pip install 'dedupe-posts[{extra}]'); .ci/run installs it")


def _rows(tmp_path: Path) -> tuple[list[dict[str, str]], list[set[str]]]:
    truth = generate_corpus(tmp_path / "in", seed=31, posts=24, sites=3)
    rows = [{"id": doc_id, "url": f"https://{site}/{doc_id.split('/')[1]}",
             "text": (tmp_path / "in" / doc_id).read_text(encoding="utf-8")} for doc_id, site in truth.sites.items()]
    rows.append({"id": "broken", "url": "https://z.example/", "text": "\udcff"})  # a lone surrogate: fine, U+FFFD
    return rows, truth.clusters


def test_datasets_map(tmp_path: Path) -> None:
    _need("datasets", "datasets")
    import datasets

    rows, clusters = _rows(tmp_path)
    rows = rows[:-1]
    ds = datasets.Dataset.from_list(rows)
    with corpus(ds) as run:
        out = ds.map(record_mapper(run), with_indices=True)
    assert out.num_rows == len(rows)
    assert set(RECORD_KEYS) | set(CORPUS_KEYS) <= set(out.column_names)
    by_cluster: dict[str, set[str]] = {}
    for row in out:
        assert row["corpus_id"] == row["id"] and row["corpus_error"] is None and row["text"]
        if row["corpus_cluster"]:
            by_cluster.setdefault(row["corpus_cluster"], set()).add(row["id"])
    assert sorted(map(sorted, by_cluster.values())) == sorted(map(sorted, clusters))
    assert out[0]["corpus_site"] == rows[0]["url"].split("/")[2]


def test_datatrove_step(tmp_path: Path) -> None:
    _need("datatrove", "datatrove")
    from datatrove.data import Document as DatatroveDocument

    from dedupe.corpus.datatrove_step import DedupeCorpus

    rows, clusters = _rows(tmp_path)
    docs = [DatatroveDocument(text=r["text"], id=r["id"], metadata={"url": r["url"]}) for r in rows]
    step = DedupeCorpus()
    out = list(step.run(iter(docs)))
    assert [d.id for d in out] == [d.id for d in docs]
    assert all(d.metadata["corpus_id"] == d.id and "\n" not in d.metadata["corpus_id"] for d in out)
    got: dict[str, set[str]] = {}
    for d in out:
        if d.metadata["corpus_cluster"]:
            got.setdefault(d.metadata["corpus_cluster"], set()).add(d.id)
    assert sorted(map(sorted, got.values())) == sorted(map(sorted, clusters))
    # The text is the canonical content: the site chrome lines are gone from it.
    first = next(d for d in out if d.id == rows[0]["id"])
    assert first.text and len(first.text) < len(rows[0]["text"])
    dropped = list(DedupeCorpus(drop_duplicates=True).run(iter(docs)))
    assert len(dropped) == len(docs) - sum(len(c) - 1 for c in clusters)
    assert step.stats["duplicates"].total == sum(len(c) - 1 for c in clusters)
