"""Citations of whole posts: the seed report, an English and a Chinese post, thresholds from Config."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from dedupe import normalize_text
from dedupe.citations import (
    CitationResult,
    RawEntry,
    build_citations,
    is_reference_heading,
    looks_like_reference,
)
from dedupe.config import Config, References

from .citation_helpers import build, entry_at, split_post

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "raw" / "000_5b8682380bdf1a26.txt"


# --------------------------------------------------------------------------- the seed


def seed() -> tuple[str, list[RawEntry], list[str]]:
    source = SEED.read_text(encoding="utf-8")
    entries = [entry_at(source, n, 0) for n in range(37, 50)] + [entry_at(source, n, 1) for n in range(90, 105)]
    lines = source.split("\n")
    entry_lines = set(range(37, 50)) | set(range(90, 105))
    body = [line for n, line in enumerate(lines, start=1) if n not in entry_lines and line.strip()]
    return source, entries, body


@pytest.fixture(scope="module")
def seed_result() -> CitationResult:
    source, entries, body = seed()
    return build_citations(entries, body, source)


SEED_BOTH = [
    ("Financial Times", "Why China is suddenly flooding the market with powerful AI models", 37, 92),
    ("MIT Technology Review", "Why Chinese companies are betting on open-source AI", 38, 97),
    ("CNBC", "China wants to dominate in AI — and some of its models are already beating their U.S. rivals", 39, 94),
    ("WIRED", "How Chinese AI Startup DeepSeek Made a Model that Rivals OpenAI", 40, 95),
    ("The China Academy", "Interview with DeepSeek Founder: We're Done Following. It's Time to Lead", 41, 91),
    ("Time", "The Gap Between Open and Closed AI Models Might Be Shrinking. Here's Why That Matters", 42, 99),
    ("Bipartisan Policy Center", "The Open or Closed AI Dilemma", 43, 100),
    ("TechTarget", "Attributes of Open vs. Closed AI Explained", 44, 101),
    ("Bureau of Industry and Security",
     "Biden-Harris Administration Announces Regulatory Framework for the Responsible Diffusion of Advanced "
     "Artificial Intelligence Technology", 45, 102),
]
SEED_X = [
    ("catcheronthesly", "1902253051349758412", 46),
    ("x_delcourt", "1902287013774000310", 47),
    ("hosein__ghavam", "1902077096018563164", 48),
    ("ClementDelangue", "1818573917033730230", 49),
]
SEED_SECOND_ONLY = [
    ("Deepseek: The Quiet Giant Leading China’s AI Race", 90),
    ("Four Chinese AI startups to watch beyond DeepSeek", 93),
    ("DeepSeek - GitHub Repository", 96),
    ("AMD CEO Lisa Su visits China, touting AI chip compatibility with DeepSeek, Alibaba models", 98),
    ("Open AI Systems Lag Behind Proprietary and Closed Models", 103),
    ("Our approach to AI safety", 104),
]


def test_seed_gives_19_citations(seed_result: CitationResult) -> None:
    cites = seed_result.citations
    assert len(cites) == 19
    assert [c.id for c in cites] == [f"c{n}" for n in range(1, 20)]
    expected = (
        [(pub, title, None, [a, b]) for pub, title, a, b in SEED_BOTH]
        + [("X", f"X post by @{h}", f"https://x.com/{h}/status/{sid}", [line]) for h, sid, line in SEED_X]
        + [(None, title, None, [line]) for title, line in SEED_SECOND_ONLY]
    )
    got = [(c.publisher, c.title, c.url, [s.line for s in c.provenance]) for c in cites]
    assert got == expected


def test_seed_provenance_points_at_entries(seed_result: CitationResult) -> None:
    source = SEED.read_text(encoding="utf-8")
    wired = seed_result.citations[3]
    first, second = wired.provenance
    assert source[first.start : first.end] == "WIRED: How Chinese AI Startup DeepSeek Made a Model that Rivals OpenAI"
    assert source[second.start : second.end] == "How Chinese AI Startup DeepSeek Made a Model that Rivals OpenAI"


def test_seed_line_50_is_not_an_entry() -> None:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    assert not looks_like_reference(lines[49][2:])
    assert all(looks_like_reference(lines[n - 1][2:]) for n in [*range(37, 50), *range(90, 105)])
    assert is_reference_heading(lines[35]) and is_reference_heading(lines[88])


def test_seed_detection_by_stand_in_pipeline() -> None:
    source = SEED.read_text(encoding="utf-8")
    entries, _ = split_post(source)
    assert [e.line for e in entries] == [*range(37, 50), *range(90, 105)]


def test_seed_is_deterministic_and_order_independent(seed_result: CitationResult) -> None:
    source, entries, body = seed()
    shuffled = list(entries)
    random.Random(7).shuffle(shuffled)
    assert build_citations(shuffled, body, source).citations == seed_result.citations


@pytest.mark.parametrize(
    ("line", "ids", "unresolved"),
    [
        (6, ["c1"], []),  # (Financial Times)
        (8, ["c8"], []),  # (OpenAI、Google DeepMind、Anthropicなど) … (TechTarget)
        (12, ["c4", "c1"], []),  # (WIRED) … (Financial Times)
        (14, ["c5"], []),  # (The China Academy)
        (15, ["c10", "c11"], []),  # X status URLs
        (19, ["c3"], []),  # (CNBC)
        (20, ["c2"], []),  # (MIT Technology Review)
        (21, [], ["ChinaTalk"]),
        (23, ["c4"], []),  # (DeepSeekはV3モデルを600万ドルでトレーニング、Wired)
        (26, ["c7"], []),  # (Bipartisan Policy Center)
        (27, ["c6"], []),  # (例えば、…) … (Time)
        (28, ["c9"], []),  # (Bureau of Industry and Security)
        (29, ["c12", "c13"], []),
        (31, ["c4"], []),  # (1億ドル) … (WIRED)
        (33, ["c1"], ["Forbes"]),
        (65, ["c4", "c1"], []),  # second copy, spaced parentheses
        (74, [], ["ChinaTalk"]),
        (76, ["c4"], []),  # (…、WIRED)
        (82, ["c12", "c13"], []),
        (35, [], []),
    ],
)
def test_seed_inline_resolution(seed_result: CitationResult, line: int, ids: list[str], unresolved: list[str]) -> None:
    text = SEED.read_text(encoding="utf-8").split("\n")[line - 1]
    assert seed_result.resolver.resolve(text) == (ids, unresolved)


def test_time_label_is_the_magazine_not_a_title_word(seed_result: CitationResult) -> None:
    ids, unresolved = seed_result.resolver.resolve("オープンソースAIは悪用される可能性があります(Time)。")
    assert (ids, unresolved) == (["c6"], [])
    assert seed_result.citations[5].publisher == "Time"


@pytest.mark.parametrize(
    "text",
    [
        "アメリカのAI企業(OpenAI、Google DeepMind、Anthropicなど)は",
        "OpenAIのGPT-4の100倍のコスト(1億ドル)よりも",
        "悪意のある使用(例えば、子供の性的虐待素材の作成や軍事利用)に悪用される",
        "The Bureau of Industry and Security (BIS).",
        "Large language models (LLMs) are trained on text.",
    ],
)
def test_plain_parentheticals_are_ignored(seed_result: CitationResult, text: str) -> None:
    assert seed_result.resolver.resolve(text) == ([], [])


def test_inline_url_of_unknown_status_falls_back_to_handle(seed_result: CitationResult) -> None:
    ids, _ = seed_result.resolver.resolve("see (https://twitter.com/x_delcourt/status/1).")
    assert ids == ["c11"]


def test_model_names_in_parentheses_are_not_unresolved(seed_result: CitationResult) -> None:
    assert seed_result.resolver.resolve("OpenAIの最新モデル(GPT-4o)。") == ([], [])



# --------------------------------------------------------------------------- an English post, numbered differently


ENGLISH_POST = """\
# Why open weights are winning

Open-weight models are spreading fast [1]. Regulators are watching closely [2][3].
Analysts call it a turning point (The Verge). Costs keep falling (Smith & Lee, 2024).
A [recent piece](https://example.com/open-models) tracks the trend; another outlet disagrees (Forbes).

## References
1. [Open models are eating the world](https://example.com/open-models) - The Verge
2. Reuters: EU weighs rules for open-source AI
3. Smith, J., & Lee, K. (2024). The economics of open weights. AI Policy Press. https://example.org/econ

# Why open weights are winning

Open-weight models are spreading fast [2]. Regulators are watching closely [3][1].
Analysts call it a turning point (The Verge). Costs keep falling (Smith & Lee, 2024).

## Sources
[1] Smith, J., & Lee, K. (2024). The Economics of Open Weights. AI Policy Press.
[2] Open models are eating the world
[3] EU weighs rules for open-source AI (Reuters)
"""


@pytest.fixture(scope="module")
def english() -> CitationResult:
    return build(ENGLISH_POST)


def test_english_lists_merge_by_title_not_number(english: CitationResult) -> None:
    got = [(c.id, c.publisher, c.title, c.url, len(c.provenance)) for c in english.citations]
    assert got == [
        ("c1", "The Verge", "Open models are eating the world", "https://example.com/open-models", 2),
        ("c2", "Reuters", "EU weighs rules for open-source AI", None, 2),
        ("c3", "AI Policy Press", "The economics of open weights", "https://example.org/econ", 2),
    ]


def test_english_numeric_markers_follow_their_own_list(english: CitationResult) -> None:
    resolve = english.resolver.resolve
    assert resolve("Open-weight models are spreading fast [1]. Regulators are watching closely [2][3].") == (
        ["c1", "c2", "c3"], [])
    # The second copy numbers the same works differently.
    assert resolve("Open-weight models are spreading fast [2]. Regulators are watching closely [3][1].") == (
        ["c1", "c2", "c3"], [])
    offset = ENGLISH_POST.rindex("Open-weight")
    assert resolve("fast [1]", offset=offset) == (["c3"], [])
    assert resolve("fast [1]", offset=0) == (["c1"], [])


def test_english_names_links_and_author_year(english: CitationResult) -> None:
    resolve = english.resolver.resolve
    assert resolve("Analysts call it a turning point (The Verge). Costs keep falling (Smith & Lee, 2024).") == (
        ["c1", "c3"], [])
    assert resolve("A [recent piece](https://example.com/open-models) tracks it; another disagrees (Forbes).") == (
        ["c1"], ["Forbes"])
    assert resolve("A claim (Reuters; Bloomberg).") == (["c2"], ["Bloomberg"])
    assert resolve("A claim [9].") == ([], ["[9]"])
    assert resolve("Rules tightened (Reuters, 2024).") == (["c2"], [])


def test_footnote_and_superscript_markers() -> None:
    source = "A claim[^1] and another¹ and area 5 km².\n\nReferences\n[^1]: Open models are eating the world\n"
    result = build(source)
    assert result.resolver.resolve("A claim[^1] and another¹ and area 5 km².") == (["c1"], [])


def test_bulleted_list_numbers_by_position_when_unnumbered() -> None:
    source = "Claim [2].\n\nSources\n- First work on open models\n- Second work on closed models\n"
    result = build(source)
    assert result.resolver.resolve("Claim [2].") == (["c2"], [])


# --------------------------------------------------------------------------- a Chinese post


CHINESE_POST = """\
# 开源大模型为何兴起

中国企业加快开源步伐[1]。美国公司则更倾向闭源（新华社）。
据报道，相关训练成本大幅下降[2]。

## 参考文献
[1] 张三, 李四. 人工智能开源策略研究[J]. 计算机学报, 2024, 47(3): 1-10.
[2] 新华社：国产大模型训练成本显著下降 https://example.cn/news/1

# 开源大模型为何兴起

中国企业加快开源步伐[2]。美国公司则更倾向闭源（新华社）。
据报道，相关训练成本大幅下降[1]。

## 参考资料
1. 国产大模型训练成本显著下降
2. 张三, 李四. 人工智能开源策略研究[J]. 计算机学报, 2024.
"""


@pytest.fixture(scope="module")
def chinese() -> CitationResult:
    return build(CHINESE_POST)


def test_chinese_lists_merge(chinese: CitationResult) -> None:
    got = [(c.id, c.publisher, c.title, c.url, [s.line for s in c.provenance]) for c in chinese.citations]
    assert got == [
        ("c1", "计算机学报", "人工智能开源策略研究", None, [7, 17]),
        ("c2", "新华社", "国产大模型训练成本显著下降", "https://example.cn/news/1", [8, 16]),
    ]


def test_chinese_inline_markers_and_names(chinese: CitationResult) -> None:
    resolve = chinese.resolver.resolve
    assert resolve("中国企业加快开源步伐[1]。美国公司则更倾向闭源（新华社）。") == (["c1", "c2"], [])
    assert resolve("中国企业加快开源步伐[2]。美国公司则更倾向闭源（新华社）。") == (["c1", "c2"], [])
    assert resolve("据报道，相关训练成本大幅下降[2]。") == (["c2"], [])
    assert resolve("据报道，相关训练成本大幅下降[1]。") == (["c2"], [])
    assert resolve("价格约为（1亿美元）。") == ([], [])


# --------------------------------------------------------------------------- thresholds from Config

_TITLE = "Why China is suddenly flooding the market with powerful AI models"


def _works(second: str, config: Config) -> int:
    """How many citations two lists' entries (`_TITLE` and `second`) make under `config`."""
    source = f"{_TITLE}\n{second}\n"
    entries = [RawEntry(_TITLE, 0, len(_TITLE), 1, 0), RawEntry(second, len(_TITLE) + 1, len(source) - 1, 2, 1)]
    return len(build_citations(entries, [], source, config).citations)


def test_titles_match_at_the_configured_threshold() -> None:
    # Title keys are compared as sentence keys are: `--match-threshold` moves both.
    near = _TITLE.replace("powerful", "strong")  # fuzz.ratio 88.9 on the keys
    close = _TITLE.replace("market", "markets").removesuffix("s")  # 98.2
    assert _works(near, Config()) == 2 and _works(near, Config(match_threshold=85)) == 1
    assert _works(close, Config()) == 1 and _works(close, Config(match_threshold=99)) == 2


def test_titles_follow_the_configured_length_ratio() -> None:
    shorter = _TITLE.removeprefix("Why China is suddenly ")  # key 0.67 of the other's length, ratio 80.4
    assert _works(shorter, Config(match_threshold=80)) == 2
    assert _works(shorter, Config(match_threshold=80, length_ratio=0.6)) == 1


def test_reference_thresholds_are_read_from_the_config() -> None:
    line = "Bureau of Industry and Security: Export controls on advanced computing items"
    assert looks_like_reference(line)
    assert not looks_like_reference(line, References(entry_max_words=5))
    doc = normalize_text("Title\n\nBody (Reuters).\n\n## References\n- Reuters: A title of some length\n",
                         config=Config(references=References(name_max_words=5)))
    assert doc.report.config["references.name_max_words"] == 5
