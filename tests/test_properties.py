"""Property tests over generated posts in Japanese, Chinese and English.

Posts are built from word and phrase lists with enough entropy that two generated
sentences are never near-duplicates by accident; the properties are then exact.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

import dedupe
from dedupe.render import render

from .helpers import content_strings, doc_content, find_all, norm

EN_WORDS = (
    "river city budget harvest ocean signal market winter engine garden sensor policy village "
    "battery forest ticket library bridge pattern teacher climate network orchard factory harbor "
    "rainfall council doctor highway museum satellite workshop festival mineral protein platform "
    "cabinet lantern meadow glacier pottery compass voltage airline dialect ledger archive tunnel "
    "canopy pension tariff license rescue vaccine carbon lithium copper wheat barley salmon timber"
).split()
EN_VERBS = "shows needs drives limits funds tracks shapes lowers raises delays blocks favours".split()
JA_PHRASES = (
    "地方の図書館 新しい料金制度 冬の電力需要 小さな農家 港湾の物流 山間部の鉄道 若い研究者 "
    "地域の診療所 古い水道管 夏の観光客 海外の投資家 都市の緑地 学校の給食 伝統的な祭り "
    "高齢者の通院 夜間の救急 町内会の清掃 漁業の後継者 空き家の活用 防災の訓練"
).split()
JA_ENDINGS = ("に影響を与えています", "を支えています", "の課題になっています", "を大きく変えました", "と深く関わっています")
ZH_PHRASES = (
    "城市的公交系统 农村的电商平台 冬季的供暖成本 年轻的创业者 沿海的港口物流 山区的铁路建设 "
    "社区的医疗服务 老旧的供水管网 夏季的旅游市场 海外的投资机构 学校的午餐计划 传统的节日活动 "
    "老年人的出行 夜间的急救服务 社区的垃圾分类 渔业的接班人"
).split()
ZH_ENDINGS = ("带来了明显的变化", "面临新的挑战", "得到了更多支持", "正在快速发展", "需要长期投入")


@dataclass(frozen=True)
class Post:
    title: str
    sections: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]  # heading, paragraphs, items
    lang: str

    def sentences(self) -> list[str]:
        out = []
        for heading, paragraphs, items in self.sections:
            out.append(heading)
            out.extend(paragraphs)
            out.extend(items)
        return out

    def body_lines(self, bullet: str = "- ") -> list[str]:
        lines = []
        for heading, paragraphs, items in self.sections:
            lines.append(heading)
            lines.extend(paragraphs)
            lines.extend(bullet + i for i in items)
        return lines

    def text(self) -> str:
        return "\n".join([f"# {self.title}", *self.body_lines()]) + "\n"


def _en_sentence(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(EN_WORDS), min_size=7, max_size=13))
    verb = draw(st.sampled_from(EN_VERBS))
    words.insert(len(words) // 2, verb)
    return " ".join(words).capitalize() + "."


def _cjk_sentence(draw: st.DrawFn, phrases: tuple[str, ...] | list[str], endings: tuple[str, ...], joiner: str) -> str:
    parts = draw(st.lists(st.sampled_from(phrases), min_size=3, max_size=5, unique=True))
    return joiner.join(parts) + draw(st.sampled_from(endings)) + "。"


@st.composite
def posts(draw: st.DrawFn) -> Post:
    lang = draw(st.sampled_from(["en", "ja", "zh"]))
    n_sections = draw(st.integers(min_value=3, max_value=6))
    seen: list[str] = []

    def sentence() -> str:
        while True:
            if lang == "en":
                s = _en_sentence(draw)
            elif lang == "ja":
                s = _cjk_sentence(draw, JA_PHRASES, JA_ENDINGS, "と")
            else:
                s = _cjk_sentence(draw, ZH_PHRASES, ZH_ENDINGS, "和")
            # no two generated sentences may be near-duplicates of each other
            if all(fuzz.ratio(norm(s), other) < 75 for other in seen):
                seen.append(norm(s))
                return s

    if lang == "en":
        headings = draw(st.lists(st.sampled_from(EN_WORDS), min_size=n_sections, max_size=n_sections, unique=True))
        headings = [f"{h.capitalize()} and {EN_WORDS[(EN_WORDS.index(h) * 7 + 3) % len(EN_WORDS)]}" for h in headings]
    else:
        pool = JA_PHRASES if lang == "ja" else ZH_PHRASES
        headings = draw(st.lists(st.sampled_from(pool), min_size=n_sections, max_size=n_sections, unique=True))
        headings = [f"{h}の現状" if lang == "ja" else f"{h}的现状" for h in headings]
    sections = []
    for heading in headings:
        paragraphs = tuple(" ".join(sentence() for _ in range(draw(st.integers(1, 3)))) if lang == "en"
                           else "".join(sentence() for _ in range(draw(st.integers(1, 3))))
                           for _ in range(draw(st.integers(1, 2))))
        items = tuple(sentence() for _ in range(draw(st.integers(0, 3))))
        sections.append((heading, paragraphs, items))
    title = {"en": "Field notes", "ja": "調査メモ", "zh": "调查笔记"}[lang] + f" {draw(st.integers(1, 99))}"
    return Post(title=title, sections=tuple(sections), lang=lang)


FULLWIDTH = {c: chr(ord(c) + 0xFEE0) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"}


@st.composite
def perturbed_copies(draw: st.DrawFn) -> tuple[Post, list[str], str]:
    """A post, its second copy as lines (perturbed), and one item that only the copy adds."""
    post = draw(posts())
    bullet = draw(st.sampled_from(["- ", "* ", "• "]))
    lines = post.body_lines(bullet)
    out = []
    for line in lines:
        kind = draw(st.sampled_from(["same", "spaces", "width", "case"]))
        if kind == "spaces":
            line = line.replace(" ", "  ") if post.lang == "en" else line.replace("。", " 。", 1)
        elif kind == "width":
            line = "".join(FULLWIDTH.get(c, c) if not line.startswith(bullet) or i >= len(bullet) else c
                           for i, c in enumerate(line))
        elif kind == "case" and post.lang == "en":
            line = line.upper() if not line.startswith(bullet) else bullet + line[len(bullet):].upper()
        out.append(line)
    item_rows = [n for n, line in enumerate(out) if line.startswith(bullet)]
    if item_rows and draw(st.booleans()):
        del out[draw(st.sampled_from(item_rows))]  # the copy drops an item
    added = ("Brand new remark about the " + " ".join(draw(st.lists(st.sampled_from(EN_WORDS), min_size=6,
                                                                     max_size=8))) + " only here.")
    at = draw(st.integers(1, len(out)))
    out.insert(at, bullet + added)
    return post, out, added


def _body(doc: dedupe.Document) -> str:
    return "\x00".join(norm(s) for s in doc_content(doc.model_dump(mode="json")))


COMMON = settings(deadline=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example])


@COMMON
@given(posts())
def test_idempotence_render_then_normalize(post: Post) -> None:
    doc = dedupe.normalize_text(post.text())
    again = dedupe.normalize_text(render(doc, "text"))
    assert [norm(s) for s in doc_content(doc.model_dump())] == [norm(s) for s in doc_content(again.model_dump())]


@COMMON
@given(perturbed_copies())
def test_doubling_gives_the_post_once_with_additions_kept(case: tuple[Post, list[str], str]) -> None:
    post, copy, added = case
    text = post.text() + "\n".join(copy) + "\n"
    doc = dedupe.normalize_text(text)
    assert doc.report.copies_detected == 2
    body = _body(doc)
    for sentence in post.sentences():
        assert body.count(norm(sentence)) == 1, sentence
    assert body.count(norm(added)) == 1
    assert doc.report.coverage == 1.0


@COMMON
@given(perturbed_copies())
def test_no_input_sentence_is_lost(case: tuple[Post, list[str], str]) -> None:
    post, copy, added = case
    doc = dedupe.normalize_text(post.text() + "\n".join(copy) + "\n")
    data = doc.model_dump(mode="json")
    everything = norm(" ".join(content_strings(data["sections"]) + [data["title"] or ""]
                               + [v["text"] for v in _variants(data)] + [b["text"] for b in data["boilerplate"]]))
    for line in [*post.sentences(), *copy]:
        stripped = line.lstrip("-*• ")
        assert norm(stripped) in everything, stripped


def _variants(node: object) -> list[dict[str, object]]:
    return [v for d in find_all(node, lambda d: bool(d.get("variants"))) for v in d["variants"]]


@settings(deadline=None, suppress_health_check=[HealthCheck.large_base_example])
@given(perturbed_copies())
def test_determinism_same_bytes_every_run(case: tuple[Post, list[str], str]) -> None:
    post, copy, _ = case
    text = post.text() + "\n".join(copy) + "\n"
    first = dedupe.normalize_text(text).to_json()
    assert dedupe.normalize_text(text).to_json() == first
    json.loads(first)


@settings(deadline=None, suppress_health_check=[HealthCheck.large_base_example])
@given(perturbed_copies())
def test_index_merges_equal_all_pairs_merges(case: tuple[Post, list[str], str]) -> None:
    from dedupe.config import Config
    from dedupe.match import exhaustive_matches
    from dedupe.pipeline import analyze

    post, copy, _ = case
    text = post.text() + "\n".join(copy) + "\n"
    fast = analyze(text, Config())
    slow = analyze(text, Config(), matcher=exhaustive_matches)
    assert [(e.members, e.text) for e in fast.elements] == [(e.members, e.text) for e in slow.elements]
