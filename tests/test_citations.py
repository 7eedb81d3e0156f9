"""Reference lists: headings and entries, entry forms, publisher/title decisions, merging, the package."""

from __future__ import annotations

import ast
import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe import normalize_text
from dedupe.citations import (
    CitationResult,
    EntryKind,
    RawEntry,
    build_citations,
    is_reference_heading,
    looks_like_reference,
    parse_entry,
)

from .citation_helpers import build, by_title, entry_at, raw

ROOT = Path(__file__).resolve().parent.parent
PAIRS = Path(__file__).parent / "data" / "citation_pairs.json"


# --------------------------------------------------------------------------- headings and detection


@pytest.mark.parametrize(
    "text",
    ["主要引用", "Key Citations", "## References", "**Sources:**", "参考文献", "出典", "参考资料", "引用",
     "Bibliography", "Works Cited", "# 7. References", "REFERENCES", "Sources：", "Further reading"],
)
def test_reference_headings(text: str) -> None:
    assert is_reference_heading(text)


@pytest.mark.parametrize("text", ["中国のオープンソース戦略", "結論", "Conclusion", "Source code", "Key findings", ""])
def test_not_reference_headings(text: str) -> None:
    assert not is_reference_heading(text)


@pytest.mark.parametrize(
    "text",
    [
        "Financial Times: Why China is suddenly flooding the market with powerful AI models",
        "Why Chinese companies are betting on open-source AI",
        "X post by @catcheronthesly",
        "@ClementDelangue on X",
        "[1] The economics of open weights",
        "[^2]: Open models are eating the world",
        "https://example.com/article",
        "[Open models are eating the world](https://example.com/open-models)",
        "Smith, J., & Lee, K. (2024). The economics of open weights. AI Policy Press.",
        'Smith, John. "Open Models and Their Discontents." Wired, 3 Mar. 2024.',
        "What is a standing charge? - Citizens Advice",
        "张三, 李四. 人工智能开源策略研究[J]. 计算机学报, 2024, 47(3): 1-10.",
        "新华社：国产大模型训练成本显著下降",
        "《人工智能发展报告》，中国信通院，2024",
    ],
)
def test_looks_like_reference(text: str) -> None:
    assert looks_like_reference(text)


@pytest.mark.parametrize(
    "text",
    [
        "研究は、中国のAI企業がAIモデルをオープンソース化する理由として、アメリカの規制を回避し、"
        "グローバルな才能を活用し、技術エコシステムを構築することが含まれている可能性が高いことを示しています。",
        "規制回避: オープンソース化により、NVIDIAの高性能チップへのアクセス制限を回避できます。",
        "研究表明，中国企业开源大模型是为了规避美国的出口管制，并吸引全球开发者。",
        "Regulatory compliance: the US government restricts open models for security reasons.",
        "We think this is the most important trend of the year, and here is why it matters to everyone.",
        "| アメリカの規制回避 | チップ輸出規制を回避し、グローバルな開発を促進(CNBC)。 |",
        "コメント",
        "",
    ],
)
def test_not_looks_like_reference(text: str) -> None:
    assert not looks_like_reference(text)


# --------------------------------------------------------------------------- entry forms


def test_parse_bare_title() -> None:
    e = parse_entry(raw("Our approach to AI safety"))
    assert (e.kind, e.title, e.publisher, e.url, e.number) == (EntryKind.TEXT, "Our approach to AI safety", None, None, None)


def test_parse_publisher_colon_title_is_a_candidate() -> None:
    e = parse_entry(raw("Financial Times: Why China is suddenly flooding the market"))
    assert e.prefix == ("Financial Times", "Why China is suddenly flooding the market")
    assert e.publisher is None  # decided later, from evidence


def test_parse_title_dash_and_bar_publisher_candidates() -> None:
    assert parse_entry(raw("What is a standing charge? - Citizens Advice")).suffix == (
        "What is a standing charge?", "Citizens Advice")
    assert parse_entry(raw("Open models are eating the world | The Verge")).suffix == (
        "Open models are eating the world", "The Verge")
    assert parse_entry(raw("EU weighs rules for open-source AI (Reuters)")).suffix == (
        "EU weighs rules for open-source AI", "Reuters")
    # A dash inside a sentence-like title is not a publisher separator.
    assert parse_entry(raw("China wants to dominate in AI — and some of its models are already beating rivals")).suffix is None


def test_parse_markdown_link() -> None:
    e = parse_entry(raw("[Open models are eating the world](https://example.com/open-models) - The Verge"))
    assert (e.kind, e.title, e.url, e.publisher) == (
        EntryKind.LINK, "Open models are eating the world", "https://example.com/open-models", "The Verge")


def test_parse_bare_url() -> None:
    e = parse_entry(raw("https://example.com/report.pdf."))
    assert (e.kind, e.url, e.title) == (EntryKind.URL, "https://example.com/report.pdf", "https://example.com/report.pdf")


@pytest.mark.parametrize(
    ("text", "number", "title", "url"),
    [
        ("[1] The economics of open weights", 1, "The economics of open weights", None),
        ("[12] The economics of open weights https://example.org/econ", 12, "The economics of open weights",
         "https://example.org/econ"),
        ("[^3]: Open models are eating the world", 3, "Open models are eating the world", None),
        ("4. Open models are eating the world", 4, "Open models are eating the world", None),
        ("(5) Open models are eating the world", 5, "Open models are eating the world", None),
    ],
)
def test_parse_numbered(text: str, number: int, title: str, url: str | None) -> None:
    e = parse_entry(raw(text))
    assert (e.number, e.title, e.url) == (number, title, url)


def test_parse_author_year() -> None:
    e = parse_entry(raw("Smith, J., & Lee, K. (2024). The economics of open weights. AI Policy Press. https://ex.org/e"))
    assert e.kind is EntryKind.AUTHOR_YEAR
    assert (e.title, e.publisher, e.url, e.year, e.authors) == (
        "The economics of open weights", "AI Policy Press", "https://ex.org/e", "2024", ("Smith", "Lee"))


def test_parse_author_year_journal() -> None:
    e = parse_entry(raw("Nguyen, T. (2023). Why open weights matter. Journal of AI Policy, 12(3), 45-67."))
    assert (e.title, e.publisher, e.year) == ("Why open weights matter", "Journal of AI Policy", "2023")


def test_parse_quoted_title() -> None:
    e = parse_entry(raw('Smith, John. "Open Models and Their Discontents." Wired, 3 Mar. 2024.'))
    assert (e.title, e.publisher) == ("Open Models and Their Discontents", "Wired")


def test_parse_chinese_gbt() -> None:
    e = parse_entry(raw("张三, 李四. 人工智能开源策略研究[J]. 计算机学报, 2024, 47(3): 1-10."))
    assert (e.title, e.publisher, e.year) == ("人工智能开源策略研究", "计算机学报", "2024")


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("X post by @catcheronthesly", "catcheronthesly"),
        ("@ClementDelangue on X", "ClementDelangue"),
        ("Tweet by @x_delcourt", "x_delcourt"),
        ("Post by @hosein__ghavam on Twitter", "hosein__ghavam"),
        ("https://twitter.com/someone/status/123456", "someone"),
    ],
)
def test_parse_x_post(text: str, handle: str) -> None:
    e = parse_entry(raw(text))
    assert (e.kind, e.handle, e.publisher) == (EntryKind.X_POST, handle, "X")


def test_x_post_gets_status_url_from_body() -> None:
    source = "Someone said so (https://x.com/someone/status/42).\n\nSources\n- X post by @someone\n"
    result = build(source)
    assert [(c.title, c.publisher, c.url) for c in result.citations] == [
        ("X post by @someone", "X", "https://x.com/someone/status/42")]


# --------------------------------------------------------------------------- publisher/title decisions


def test_colon_title_kept_whole_in_a_bare_title_list() -> None:
    source = "\n".join([
        "Intro (Financial Times).",
        "Sources",
        "- Financial Times: Why China is suddenly flooding the market with powerful AI models",
        "",
        "References",
        "- Deepseek: The Quiet Giant Leading China's AI Race",
        "- Why China is suddenly flooding the market with powerful AI models",
        "- Our approach to AI safety",
    ])
    result = build(source)
    quiet = by_title(result, "Quiet Giant")
    assert (quiet.title, quiet.publisher) == ("Deepseek: The Quiet Giant Leading China's AI Race", None)
    ft = by_title(result, "flooding")
    assert ft.publisher == "Financial Times"
    assert len(result.citations) == 3


def test_colon_prefix_split_when_used_as_inline_label() -> None:
    source = "Open weights spread (Rest of World).\n\nSources\n- Rest of World: Open weights are spreading across Asia\n"
    (c,) = build(source).citations
    assert (c.publisher, c.title) == ("Rest of World", "Open weights are spreading across Asia")


def test_colon_prefix_split_by_general_cues_without_evidence() -> None:
    source = "Sources\n- Reuters: Cities race to plant trees as summers grow hotter\n"
    (c,) = build(source).citations
    assert (c.publisher, c.title) == ("Reuters", "Cities race to plant trees as summers grow hotter")


def test_interview_colon_is_a_title() -> None:
    source = "Sources\n- Interview with DeepSeek Founder: We're Done Following. It's Time to Lead\n"
    (c,) = build(source).citations
    assert (c.publisher, c.title) == (None, "Interview with DeepSeek Founder: We're Done Following. It's Time to Lead")


def test_github_repository_entry_stays_alone() -> None:
    source = "\n".join([
        "References",
        "- DeepSeek - GitHub Repository",
        "- DeepSeek: The Quiet Giant Leading China's AI Race",
        "- How Chinese AI Startup DeepSeek Made a Model that Rivals OpenAI",
        "- Four Chinese AI startups to watch beyond DeepSeek",
    ])
    result = build(source)
    assert len(result.citations) == 4
    repo = by_title(result, "GitHub")
    assert len(repo.provenance) == 1


# --------------------------------------------------------------------------- markdown links and bare URLs


def test_markdown_link_and_bare_url_entries() -> None:
    source = "\n".join([
        "Sources",
        "- [Open models are eating the world](https://example.com/open-models)",
        "- https://example.org/report",
        "",
        "References",
        "- The Verge: Open models are eating the world",
        "- https://example.org/report/",
    ])
    result = build(source)
    got = [(c.title, c.publisher, c.url, len(c.provenance)) for c in result.citations]
    assert got == [
        ("Open models are eating the world", "The Verge", "https://example.com/open-models", 2),
        ("https://example.org/report", None, "https://example.org/report", 2),
    ]
    assert result.resolver.resolve("As reported (https://example.org/report).") == (["c2"], [])


def test_different_urls_never_merge() -> None:
    source = "Sources\n- [Annual report](https://a.example/r)\n\nReferences\n- [Annual report](https://b.example/r)\n"
    assert len(build(source).citations) == 2


# --------------------------------------------------------------------------- must-merge / must-not-merge data


def _pairs(kind: str) -> list[tuple[str, str]]:
    data = json.loads(PAIRS.read_text(encoding="utf-8"))
    return [(a, b) for a, b in data[kind]]


def _pair_result(a: str, b: str) -> CitationResult:
    source = f"{a}\n{b}\n"
    entries = [RawEntry(a, 0, len(a), 1, 0), RawEntry(b, len(a) + 1, len(a) + 1 + len(b), 2, 1)]
    return build_citations(entries, [], source)


@pytest.mark.parametrize(("a", "b"), _pairs("must_merge"))
def test_citation_pairs_must_merge(a: str, b: str) -> None:
    result = _pair_result(a, b)
    assert len(result.citations) == 1, [c.title for c in result.citations]
    assert len(result.citations[0].provenance) == 2


@pytest.mark.parametrize(("a", "b"), _pairs("must_not_merge"))
def test_citation_pairs_must_not_merge(a: str, b: str) -> None:
    assert len(_pair_result(a, b).citations) == 2


def test_leading_name_before_dash_is_a_publisher_candidate() -> None:
    source = "Sources\n- Reuters - China's AI push accelerates\n\nReferences\n- China's AI push accelerates\n"
    (c,) = build(source).citations
    assert (c.publisher, c.title, len(c.provenance)) == ("Reuters", "China's AI push accelerates", 2)


# --------------------------------------------------------------------------- properties


_entry_text = st.one_of(
    st.text(min_size=1, max_size=60),
    st.sampled_from([
        "Financial Times: Why China is suddenly flooding the market",
        "Why China is suddenly flooding the market",
        "X post by @someone",
        "[1] https://example.com/a",
        "Smith, J. (2024). A title. A Press.",
        "DeepSeek - GitHub Repository",
        "新华社：国产大模型训练成本显著下降",
    ]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_entry_text, st.integers(0, 2)), min_size=1, max_size=8))
def test_every_entry_lands_in_exactly_one_citation(items: list[tuple[str, int]]) -> None:
    source, entries = "", []
    for n, (text, list_index) in enumerate(sorted(items, key=lambda t: t[1]), start=1):
        text = " ".join(text.split()) or "x"
        entries.append(RawEntry(text, len(source), len(source) + len(text), n, list_index))
        source += text + "\n"
    result = build_citations(entries, [], source)
    spans = [(s.start, s.end) for c in result.citations for s in c.provenance]
    assert sorted(spans) == sorted({(e.start, e.end) for e in entries})
    assert [c.id for c in result.citations] == [f"c{n}" for n in range(1, len(result.citations) + 1)]
    assert build_citations(list(reversed(entries)), [], source).citations == result.citations


@pytest.mark.parametrize("url", [
    "https://greenwaygazettｅ．ｅｘａｍｐｌｅ．ｏｒｇ／２０24/05/a",  # found by benchmarks/run.py's corpus (width edit)
    "https://ｅｘａｍｐｌｅ．ｃｏｍ／ｎｅｗｓ",
    "ｈｔｔｐｓ：／／news.example.org/a",
])
def test_a_url_urllib_refuses_is_still_a_citation(url: str) -> None:
    text = f"Report title\nBody sentence one here. Another sentence.\n参考文献\n- Greenway Gazette {url}\n"
    doc = normalize_text(text)  # raised ValueError from urllib before
    assert len(doc.citations) == 1 and url in (doc.citations[0].url or doc.citations[0].title)


# --------------------------------------------------------------------------- the package


def _imported_siblings(module: str) -> set[str]:
    """The `dedupe.citations` modules that `module`'s source imports (``from .x import``)."""
    tree = ast.parse((ROOT / "src" / "dedupe" / "citations" / f"{module}.py").read_text(encoding="utf-8"))
    return {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level == 1
            and node.module}


def test_detection_imports_no_later_stage() -> None:
    # `dedupe.ingest.references` uses `detect`: it must not reach parsing, splitting, merging or resolution.
    assert _imported_siblings("detect") <= {"patterns", "keys"}
    assert _imported_siblings("keys") <= {"patterns"}
    assert _imported_siblings("patterns") == set()


def test_every_citations_module_is_short() -> None:
    for path in (ROOT / "src" / "dedupe" / "citations").glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 500, path.name


def test_resolver_is_built_complete() -> None:
    source = "[1] Reuters: China's open models https://ex.org/a\n[2] @somebody on X\n"
    entries = [entry_at(source, 1, 0), entry_at(source, 2, 0)]
    result = build_citations(entries, ["Body (Reuters) [2]."], source)
    resolver = result.resolver
    assert resolver.by_name["reuters"] == ["c1"] and resolver.by_handle == {"somebody": ["c2"]}
    assert [nl.numbers for nl in resolver.numbered_lists] == [{1: "c1", 2: "c2"}]
    assert resolver.resolve("Body (Reuters) [2].") == (["c1", "c2"], [])
    with pytest.raises(dataclasses.FrozenInstanceError):
        resolver.source = ""  # type: ignore[misc]


# --------------------------------------------------------------------------- known gaps (strict: a fix shows)


@pytest.mark.xfail(strict=True, reason="a bare identifier line is no entry: the list stops at it")
@pytest.mark.parametrize("line", [
    "doi:10.1234/jair.2024.0012",
    "arXiv:1706.03762 Attention Is All You Need",
])
def test_a_bare_identifier_is_an_entry(line: str) -> None:
    assert looks_like_reference(line)


@pytest.mark.xfail(strict=True, reason="a title with sentence ends reads as prose")
def test_a_title_of_two_sentences_is_an_entry() -> None:
    assert looks_like_reference("Interview with DeepSeek Founder: We're Done Following. It's Time to Lead.")
