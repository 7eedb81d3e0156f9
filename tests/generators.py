"""Generated posts whose correct normalization is known by construction: the fidelity harness.

`generate(seed)` builds one post and its `Truth` from `random.Random(seed)` alone (pure
standard library, no dependence on `PYTHONHASHSEED`), so a seed names a post for good:

1. A *report*: generated prose in English, Japanese, Chinese or Korean (`tests/vocab.py`:
   headings, paragraphs of 1-4 sentences, bullet lists, sometimes a small pipe table), or
   real text -- the seed post's first copy (lines 2-36) or second copy (lines 50-88), or
   the first copy of a fixture post (`tests/fixtures/posts/*.txt`), citation lists and
   teaser lines left out.
2. A *pattern* of k = 1..8 pastes (`ABBB`, `AABB`, `ABCA`: the same letter is an
   identical paste, a new letter a freshly edited version of the report). An edited
   version gets a random subset of: spacing (a space before `(`, after `:`, doubled,
   dropped before `(`), full-width ASCII letters/digits, the case of a Latin word, another
   bullet marker, a one-character typo in a long sentence (never a digit or a negation), a
   dropped line, an added line (a sentence only this version has), and rarely a fact edit
   (a digit changed or a negation added: both sentences must stay). A paste of a new
   version may start glued onto the previous paste's last sentence (a run-on).
3. Around the pastes: a title line (bare, `#Title #tag` or `# Title #tag`), sometimes
   the title again on the next line or as the first heading of the first paste (or of
   every paste: the report pasted with its own title, the first paste's perhaps the title
   line itself), sometimes
   a block that one paste alone has, and a footer of site chrome for the language.

`check(doc_json, truth)` compares a normalized document with the truth the way the
acceptance script does (`norm()` = NFKC, whitespace removed, casefold; content = title +
sections; occurrences counted with `str.count` in the `\\x00`-joined content) and returns
the failures, an empty dict when there are none.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .helpers import doc_content, headings, norm
from .vocab import VOCABS, Vocab

ROOT = Path(__file__).resolve().parent.parent
SEED_PATH = ROOT / "raw" / "000_5b8682380bdf1a26.txt"
POSTS = ROOT / "tests" / "fixtures" / "posts"
SEED_GOLD = ROOT.parent / "shared" / "acceptance" / "seed_gold.json"

LANGS = ("en", "ja", "zh", "ko")
MIXES = ("single", "verbatim", "edited", "mixed")
REAL_SOURCES = ("en_double_runon", "en_teaser", "en_triple", "ja_single", "seed1", "seed2", "zh_double")
#: Sentences shorter than this (in key characters) are not checked: short pieces repeat by nature.
MIN_SENTENCE_CHARS = 15
#: Only sentences at least this long get a typo (one substitution keeps them >= 96% alike).
TYPO_MIN_CHARS = 30

# Site footers the chrome table knows (ko: not yet on this branch; another engineer adds it).
FOOTERS: dict[str, tuple[tuple[str, ...], ...]] = {
    "ja": (("コメント", "コメントを投稿"), ("コメントを投稿",), ("この投稿へのリンク", "コメントを投稿")),
    "en": (("Post a Comment",), ("Share this:", "Like this:"), ("Leave a Reply",)),
    "zh": (("发表评论",), ("评论", "发表评论"), ("留言",), ("相关文章",)),
    "ko": (("댓글 쓰기",), ("공감", "댓글 쓰기")),
}
MARKERS = ("- ", "* ", "• ", "・")
SENTENCE_ENDS = ".。!?！？"

_WS = re.compile(r"\s+")
_CJK = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7a3"
_CJK_RE = re.compile(f"[{_CJK}]")
_BULLET_RE = re.compile(r"^([-*•・][ \t]*)(?=\S)")
_SEP_RE = re.compile(r"^\s*(?:[-*•・]\s+(?=\S))?")
_CLOSERS = "\"'”’)）」』】"
_REF_HEADINGS = {"references", "sources", "参考资料", "参考文献", "主要引用", "引用"}
# What a typo must leave alone: numbers and negations (a change there is a fact edit).
_NUMERALS_RE = re.compile(r"\d+|[〇一二三四五六七八九十百千万億兆亿两兩]")
_NEGATION_RE = re.compile(
    r"\b(?:not|no|never|none|nor|without|cannot)\b|n't|ない|ません|ず(?=[、。に])|[不没沒未非無无别別]|않|못|없|아니|안 "
)
_HIRAGANA = "あいうえおかきくけこさしすせそたちつてとにぬねのはひふへほまみむめもやゆよらりるれろわを"
_KATAKANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ"
_HAN = "国会社市場民主経済政治文化学校電力交通住宅計画予算開発環境情報技術研究調査結果地域公共安全資金制度港湾森林鉄道"
_HANGUL = "가나다라마바사아자차카타파하고노도로모보소오조초코토포호구누두루무부수우주추쿠투푸후"


def spaced(s: str) -> str:
    """`norm` that keeps word spacing: one space where whitespace separates two word characters."""
    t = _WS.sub(" ", unicodedata.normalize("NFKC", s)).casefold().strip()
    return re.sub(r"(?<!\w) | (?!\w)", "", t)


def _fact_signature(s: str) -> tuple[tuple[str, ...], int]:
    t = unicodedata.normalize("NFKC", s).casefold()
    return tuple(_NUMERALS_RE.findall(t)), len(_NEGATION_RE.findall(t))


def _grams(n: str) -> set[str]:
    return {n[i : i + 3] for i in range(len(n) - 2)}


# --------------------------------------------------------------------------- the truth


@dataclass(frozen=True)
class Truth:
    """What a correct normalization of `text` must give."""

    seed: int
    text: str
    lang: str
    source: str  # "gen" or the name of the real text
    pattern: str
    copies: int  # expected report.copies_detected: the number of pastes
    title: str
    tags: tuple[str, ...]
    headings: tuple[str, ...]  # each exactly once among the output's headings
    sentences: tuple[tuple[str, ...], ...]  # variant-sets: exactly one occurrence of any spelling
    facts: tuple[tuple[str, str], ...]  # fact-different pairs (first spellings): both exactly once
    chrome: tuple[str, ...]  # footer lines: in boilerplate, not in content
    features: tuple[str, ...]  # what was done to the post ("typo", "runon", "title_bare", ...)
    edits: tuple[str, ...]  # a readable log of the edits, for --show

    @property
    def k(self) -> int:
        return len(self.pattern)

    @property
    def mix(self) -> str:
        if self.k == 1:
            return "single"
        letters = len(set(self.pattern))
        return "verbatim" if letters == 1 else "edited" if letters == self.k else "mixed"


@dataclass(frozen=True)
class Spec:
    """The top-level choices of a post, drawn first from its seed (cheap: for filtering seeds)."""

    seed: int
    source: str
    lang: str
    k: int
    mix: str


def _draw_spec(seed: int, rng: random.Random) -> Spec:
    source = "gen" if rng.random() < 0.7 else rng.choice(REAL_SOURCES)
    lang = rng.choice(LANGS) if source == "gen" else _real_lang(source)
    k = rng.randint(1, 8)
    mix = "single" if k == 1 else rng.choice(("verbatim", "edited")) if k == 2 else rng.choice(MIXES[1:])
    return Spec(seed, source, lang, k, mix)


def spec(seed: int) -> Spec:
    """The source, language, paste count and mix `generate(seed)` will use."""
    return _draw_spec(seed, random.Random(seed))


def k_bucket(k: int) -> str:
    return "k1" if k == 1 else "k2" if k == 2 else "k3" if k == 3 else "k4-5" if k <= 5 else "k6-8"


def pattern_class(s: Spec | Truth) -> str:
    """A test class name: paste count bucket, mix and language (``k4-5-mixed-ja``)."""
    return f"{k_bucket(s.k)}-{s.mix}-{s.lang}"


# --------------------------------------------------------------------------- report lines


@dataclass
class Seg:
    """A piece of a line: a checked sentence (`sid` >= 0) or anything else (markers, pipes, spaces)."""

    text: str
    sid: int = -1


@dataclass
class Line:
    kind: str  # heading | para | bullet | head | sep | row | title
    segs: list[Seg]

    def render(self) -> str:
        return "".join(s.text for s in self.segs)

    def copy(self) -> Line:
        return Line(self.kind, [Seg(s.text, s.sid) for s in self.segs])


def _split_sentences(text: str) -> list[tuple[str, str]]:
    """(separator, sentence) pieces of a line of real text: after 。！？, and after .!? when a
    space and a capital, a quote, a bracket or a glued bullet follows."""
    pieces: list[tuple[str, str]] = []
    start = 0
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c in SENTENCE_ENDS:
            j = i + 1
            while j < n and text[j] in SENTENCE_ENDS + _CLOSERS:
                j += 1
            rest = text[j:]
            follows = rest.lstrip()
            cjk_end = c in "。！？"
            split = cjk_end or not follows or (
                rest[:1].isspace() and (follows[0].isupper() or follows[0] in "\"“(「-*•・" or bool(_CJK_RE.match(follows)))
            )
            if split:
                pieces.append(_sep_and_text(text[start:j]))
                start = j
            i = j
            continue
        i += 1
    if text[start:].strip():
        pieces.append(_sep_and_text(text[start:]))
    elif pieces and text[start:]:
        sep, s = pieces[-1]
        pieces[-1] = (sep, s + text[start:])
    return pieces


def _sep_and_text(piece: str) -> tuple[str, str]:
    m = _SEP_RE.match(piece)
    cut = m.end() if m else 0
    return piece[:cut], piece[cut:]


# --------------------------------------------------------------------------- real texts


@dataclass(frozen=True)
class RealText:
    name: str
    lang: str
    title: str
    tags: tuple[str, ...]
    lines: tuple[str, ...]
    headings: frozenset[str]  # normed


def _real_lang(name: str) -> str:
    return "ja" if name.startswith("seed") else name.split("_")[0]


def _parse_title_line(line: str) -> tuple[str, tuple[str, ...]]:
    parts = re.split(r"\s+#", line.strip())
    return parts[0].lstrip("#").strip(), tuple(p.strip() for p in parts[1:])


@cache
def real_text(name: str) -> RealText:
    """The report of a real post: its first copy (seed: `seed1` = lines 2-36, `seed2` = 50-88)."""
    if name.startswith("seed"):
        lines = SEED_PATH.read_text(encoding="utf-8").split("\n")
        title, tags = _parse_title_line(lines[0])
        body = lines[1:36] if name == "seed1" else lines[49:88]
        heads = _seed_headings()
    else:
        path = POSTS / f"{name}.txt"
        expect = json.loads(path.with_suffix(".expect.json").read_text(encoding="utf-8"))
        lines = path.read_text(encoding="utf-8").split("\n")
        title, tags = _parse_title_line(lines[0])
        first, *rest = expect["copy_lines"]
        end = first[1] - 1 if rest and rest[0][0] == first[1] else first[1]
        body = lines[first[0] - 1 : end]
        heads = list(expect["headings"])
    kept: list[str] = []
    for n, line in enumerate(body):
        if not line.strip():
            continue
        if norm(line) in _REF_HEADINGS:
            break  # the citation list and what follows it
        nxt = body[n + 1] if n + 1 < len(body) else ""
        stem = line.rstrip().removesuffix("...").removesuffix("…")
        if stem != line.rstrip() and norm(nxt).startswith(norm(stem)):
            continue  # a teaser line: the next paragraph repeats it
        kept.append(line.rstrip())
    return RealText(name, _real_lang(name), title, tags, tuple(kept), frozenset(norm(h) for h in heads))


def _seed_headings() -> list[str]:
    if SEED_GOLD.exists():
        return list(json.loads(SEED_GOLD.read_text(encoding="utf-8"))["required_headings"])
    return ["中国のオープンソース戦略", "アメリカのクローズド開発", "調査ノート:中国とアメリカのAI開発戦略",
            "中国のオープンソース戦略の詳細", "アメリカのクローズド開発の詳細", "比較と影響", "リスクと限界", "結論"]


# --------------------------------------------------------------------------- the builder


class _Deck:
    """Draws from a list without replacement, reshuffling when it runs out."""

    def __init__(self, items: Sequence[str], rng: random.Random) -> None:
        self.items = list(items)
        self.rng = rng
        self.left: list[str] = []

    def draw(self) -> str:
        if not self.left:
            self.left = self.items[:]
            self.rng.shuffle(self.left)
        return self.left.pop()


def _batchim(word: str) -> bool:
    last = word.rstrip()[-1:]
    return bool(last) and "\uac00" <= last <= "\ud7a3" and (ord(last) - 0xAC00) % 28 != 0


class _Post:
    """One post under construction: its sentences, spellings and the edits made."""

    def __init__(self, rng: random.Random, lang: str) -> None:
        self.rng = rng
        self.lang = lang
        self.v: Vocab = VOCABS[lang]
        self.decks = {f: _Deck(getattr(self.v, f), rng) for f in
                      ("subjects", "times", "mods", "objects", "verbs", "labels", "table_labels", "aspects", "topics")}
        self.spellings: list[list[str]] = []  # by sid: the spellings, the original first
        self.negated: dict[int, str] = {}  # sid -> its negated form (generated sentences)
        self.fact_pairs: list[tuple[int, int]] = []
        self.keys: list[str] = []  # normed texts of every sentence and cell ever made
        self.grams: list[set[str]] = []
        self.others: list[str] = []  # normed title and headings
        self.edits: list[str] = []
        self.features: set[str] = set()

    # ---- uniqueness

    def _fresh(self, text: str) -> bool:
        """Long enough, not a substring of anything made (nor the reverse), not alike anything."""
        key = norm(text)
        if len(key) < MIN_SENTENCE_CHARS:
            return False
        if any(key in k or k in key for k in self.keys) or any(key in o or o in key for o in self.others):
            return False
        grams = _grams(key)
        return all(len(grams & g) * 2 < 0.5 * (len(grams) + len(g)) for g in self.grams)

    def _register(self, text: str) -> None:
        self.keys.append(norm(text))
        self.grams.append(_grams(norm(text)))

    def new_sid(self, text: str, negated: str | None = None, *, register: bool = True) -> int:
        self.spellings.append([text])
        if register:
            self._register(text)
        if negated:
            self.negated[len(self.spellings) - 1] = negated
        return len(self.spellings) - 1

    # ---- generated prose

    def _fill(self, template: str) -> str:
        rng = self.rng
        out = template
        while "{y}" in out:
            out = out.replace("{y}", str(rng.randint(1995, 2026)), 1)
        while "{n}" in out:
            out = out.replace("{n}", str(rng.choice((rng.randint(2, 9), rng.randint(10, 60)))), 1)
        return out

    def _sentence_forms(self, label: str = "") -> tuple[str, str]:
        """A sentence and its negation."""
        rng, d, lang = self.rng, self.decks, self.lang
        subj, obj, verb = d["subjects"].draw(), d["objects"].draw(), d["verbs"].draw()
        time = self._fill(d["times"].draw())
        mod = self._fill(d["mods"].draw()) if rng.random() < 0.6 else ""
        src = rng.choice(self.v.sources) if rng.random() < 0.15 else ""
        lead = f"{label}: " if label and lang in ("en", "ko") else f"{label}:" if label else ""
        if label and lang == "zh":
            lead = f"{label}："
        if lang == "en":
            past, base = verb.split("|")
            tail = (f", {mod}" if mod else "") + (f" ({src})" if src else "") + "."
            return (f"{lead}{subj} {past} {obj} {time}{tail}", f"{lead}{subj} did not {base} {obj} {time}{tail}")
        if lang == "ja":
            pos, neg = rng.choice((("しました", "しませんでした"), ("しています", "していません")))
            tail = (f"({src})" if src else "") + "。"
            head = f"{lead}{subj}は{time}、{mod}{obj}を{verb}"
            return head + pos + tail, head + neg + tail
        if lang == "zh":
            tail = (f"（{src}）" if src else "") + "。"
            head = f"{lead}{subj}{time}{'，' + mod if mod else ''}，"
            return f"{head}{verb}了{obj}{tail}", f"{head}没有{verb}{obj}{tail}"
        topic = "은" if _batchim(subj) else "는"
        objp = "을" if _batchim(obj) else "를"
        pos, neg = rng.choice((("했다", "하지 않았다"), ("했습니다", "하지 않았습니다")))
        tail = (f"({src})" if src else "") + "."
        head = f"{lead}{subj}{topic} {time} {mod + ' ' if mod else ''}{obj}{objp} {verb}"
        return head + pos + tail, head + neg + tail

    def sentence(self, label: str = "") -> int:
        for _ in range(200):
            text, negated = self._sentence_forms(label)
            if self._fresh(text):
                return self.new_sid(text, negated)
        raise RuntimeError("vocabulary exhausted")  # pragma: no cover

    def _sep(self) -> str:
        return " " if self.lang in ("en", "ko") else ""

    def para(self, n: int) -> Line:
        segs: list[Seg] = []
        for i in range(n):
            sid = self.sentence()
            segs.append(Seg(self._sep() if i else ""))
            segs.append(Seg(self.spellings[sid][0], sid))
        return Line("para", [s for s in segs if s.text])

    def heading_text(self) -> str:
        d, lang = self.decks, self.lang
        for _ in range(200):
            topic, aspect = d["topics"].draw(), d["aspects"].draw()
            if lang == "en":
                text = f"{topic} {aspect}" if self.rng.random() < 0.7 else f"{aspect} of the {topic} Plan"
            elif lang == "ja":
                text = f"{topic}の{aspect}" if self.rng.random() < 0.7 else f"{topic}政策と{aspect}"
            elif lang == "zh":
                text = f"{topic}{aspect}" if self.rng.random() < 0.7 else f"{topic}政策的{aspect}"
            else:
                text = f"{topic} {aspect}" if self.rng.random() < 0.7 else f"{topic} 정책의 {aspect}"
            key = norm(text)
            if all(key != o and not _alike(key, o) for o in self.others) and not any(key in k for k in self.keys):
                self.others.append(key)
                return text
        raise RuntimeError("headings exhausted")  # pragma: no cover

    def title_text(self) -> str:
        topics = self.rng.sample(self.v.topics, 2)
        phrase = self._fill(self.rng.choice(self.v.title_phrases))
        if self.lang == "en":
            return f"{topics[0]} and {topics[1]}: {phrase}"
        if self.lang == "ja":
            return f"{topics[0]}と{topics[1]}をめぐる{phrase}"
        if self.lang == "zh":
            return f"{topics[0]}与{topics[1]}：{phrase}"
        return f"{topics[0]}{'과' if _batchim(topics[0]) else '와'} {topics[1]}: {phrase}"

    def bullets(self) -> list[Line]:
        marker = "・" if self.lang == "ja" and self.rng.random() < 0.4 else self.rng.choice(MARKERS[:3])
        labelled = self.rng.random() < 0.3
        out = []
        for _ in range(self.rng.randint(2, 5)):
            sid = self.sentence(self.decks["labels"].draw() if labelled else "")
            out.append(Line("bullet", [Seg(marker), Seg(self.spellings[sid][0], sid)]))
        return out

    def table(self) -> list[Line]:
        head = [Seg("| ")]
        for n, cell in enumerate(self.v.table_header):
            head += [Seg(" | ")] if n else []
            head.append(Seg(cell))
        lines = [Line("head", [*head, Seg(" |")]), Line("sep", [Seg("|---|---|---|")])]
        for _ in range(self.rng.randint(2, 4)):
            for _ in range(200):
                detail = f"{self.decks['objects'].draw()} {self._fill(self.decks['times'].draw())}"
                if self._fresh(detail):
                    break
            sid = self.new_sid(detail)
            label = self.decks["table_labels"].draw()
            year = str(self.rng.randint(1995, 2026))
            lines.append(Line("row", [Seg("| "), Seg(label), Seg(" | "), Seg(detail, sid), Seg(" | "), Seg(year),
                                      Seg(" |")]))
        return lines

    def report(self) -> list[Line]:
        rng = self.rng
        lines: list[Line] = []
        if rng.random() < 0.7:
            lines.append(self.para(rng.randint(1, 3)))
        sections = rng.randint(3, 6)
        table_at = rng.randrange(sections) if rng.random() < 0.3 else -1
        for s in range(sections):
            lines.append(Line("heading", [Seg(self.heading_text())]))
            for _ in range(rng.randint(1, 3)):
                if rng.random() < 0.6 or lines[-1].kind == "bullet":
                    lines.append(self.para(rng.randint(1, 4)))
                else:
                    lines.extend(self.bullets())
            if s == table_at:
                self.features.add("table")
                lines.extend(self.table())
        if lines[-1].kind != "para":
            lines.append(self.para(rng.randint(1, 2)))
        return lines

    # ---- real text

    def real_report(self, real: RealText) -> list[Line]:
        lines: list[Line] = []
        for raw in real.lines:
            stripped = raw.strip()
            if norm(stripped) in real.headings:
                self.others.append(norm(stripped))
                lines.append(Line("heading", [Seg(stripped)]))
            elif stripped.startswith("|"):
                if set(stripped) <= set("|-: "):
                    lines.append(Line("sep", [Seg(stripped)]))
                    continue
                kind = "row" if lines and lines[-1].kind in ("sep", "row") else "head"
                segs = []
                for n, part in enumerate(re.split(r"(\s*\|\s*)", stripped)):
                    if n % 2 or not part:
                        segs.append(Seg(part))
                    elif kind == "row" and len(norm(part)) >= MIN_SENTENCE_CHARS:
                        segs.append(Seg(part, self.new_sid(part)))
                    else:
                        segs.append(Seg(part))
                        self.others.append(norm(part))
                lines.append(Line(kind, segs))
            else:
                m = _BULLET_RE.match(stripped)
                segs = [Seg(m.group(1))] if m else []
                for sep, text in _split_sentences(stripped[m.end() if m else 0 :]):
                    if sep:
                        segs.append(Seg(sep))
                    if len(norm(text)) >= MIN_SENTENCE_CHARS:
                        segs.append(Seg(text, self.new_sid(text)))
                    else:
                        segs.append(Seg(text))
                        self.others.append(norm(text))
                lines.append(Line("bullet" if m else "para", segs))
        return lines

    # ---- edits

    def edited(self, base: Sequence[Line], letter: str) -> list[Line]:
        """A freshly edited version of `base`: a random, non-empty subset of the edit kinds."""
        rng = self.rng
        lines = [ln.copy() for ln in base]
        kinds = [k for k, p in (("drop", 0.35), ("add", 0.35), ("fact", 0.12), ("typo", 0.5), ("case", 0.4),
                                ("width", 0.35), ("spacing", 0.6), ("marker", 0.4)) if rng.random() < p]
        if not kinds:
            kinds = [rng.choice(("spacing", "typo", "add", "case"))]
        for kind in kinds:
            done = getattr(self, f"_edit_{kind}")(lines)
            if done:
                self.features.add(kind)
                self.edits.append(f"{letter}: {kind} {done}")
        if all(a.render() == b.render() for a, b in zip(lines, base)) and len(lines) == len(base):
            lines[-1].segs.append(Seg(" "))  # never an identical "edited" version
            self.edits.append(f"{letter}: trailing space")
        return lines

    def _text_segs(self, lines: Sequence[Line], kinds: Sequence[str]) -> list[tuple[Line, Seg]]:
        out = []
        for ln in lines:
            if ln.kind in kinds:
                for s in ln.segs:
                    if s.sid >= 0 or (ln.kind == "heading" and s.text.strip()):
                        out.append((ln, s))
        return out

    def _edit_drop(self, lines: list[Line]) -> str:
        spots = [i for i, ln in enumerate(lines[:-1]) if ln.kind in ("para", "bullet", "row")]
        if not spots:
            return ""
        i = self.rng.choice(spots)
        return repr(lines.pop(i).render()[:40])

    def _edit_add(self, lines: list[Line]) -> str:
        spots = [i for i, ln in enumerate(lines) if ln.kind in ("para", "bullet")]
        i = self.rng.choice(spots)
        if lines[i].kind == "bullet" and self.rng.random() < 0.5:
            sid = self.sentence()
            new = Line("bullet", [Seg(lines[i].segs[0].text), Seg(self.spellings[sid][0], sid)])
        else:
            new = self.para(1)
        lines.insert(i + 1, new)
        return repr(new.render()[:40])

    def _edit_fact(self, lines: list[Line]) -> str:
        spots = [(ln, s) for ln, s in self._text_segs(lines, ("para", "bullet"))
                 if re.search(r"\d", s.text) or s.sid in self.negated]
        if not spots:
            return ""
        ln, seg = self.rng.choice(spots)
        digits = [m.start() for m in re.finditer(r"\d", seg.text)]
        if seg.sid in self.negated and (not digits or self.rng.random() < 0.5):
            new = self.negated[seg.sid]
        else:
            at = self.rng.choice(digits)
            first = at == 0 or not seg.text[at - 1].isdigit()
            choices = [d for d in "0123456789" if d != seg.text[at] and not (first and d == "0")]
            new = seg.text[:at] + self.rng.choice(choices) + seg.text[at + 1 :]
        if norm(new) in self.keys:
            return ""
        old = seg.sid
        seg.sid = self.new_sid(new)
        seg.text = new
        self.fact_pairs.append((old, seg.sid))
        return f"{self.spellings[old][0][:30]!r} -> {new[:30]!r}"

    def _edit_typo(self, lines: list[Line]) -> str:
        spots = [(ln, s) for ln, s in self._text_segs(lines, ("para", "bullet"))
                 if len(norm(s.text)) >= TYPO_MIN_CHARS and s.sid >= 0]
        self.rng.shuffle(spots)
        for _, seg in spots[:10]:
            new = self._typo(seg.text)
            if new:
                self.spellings[seg.sid].append(new)
                self._register(new)
                old, seg.text = seg.text, new
                at = next(i for i, (a, b) in enumerate(zip(old, new)) if a != b)
                return f"{old[max(0, at - 12) : at + 12]!r} -> {new[max(0, at - 12) : at + 12]!r}"
        return ""

    def _typo(self, text: str) -> str:
        rng = self.rng
        spots = [i for i, c in enumerate(text) if ("a" <= c <= "z" and 0 < i < len(text) - 1 and text[i - 1].isalpha()
                                                    and text[i + 1].isalpha())
                 or c in _HIRAGANA or c in _KATAKANA or c in _HAN or "\uac00" <= c <= "\ud7a3"
                 or ("\u4e00" <= c <= "\u9fff" and not _NUMERALS_RE.match(c))]
        sig = _fact_signature(text)
        for _ in range(20):
            if not spots:
                return ""
            i = rng.choice(spots)
            c = text[i]
            pool = ("abcdefghijklmnopqrstuvwxyz" if c.isascii() else _HIRAGANA if c in _HIRAGANA
                    else _KATAKANA if c in _KATAKANA else _HANGUL if "\uac00" <= c <= "\ud7a3" else _HAN)
            new = text[:i] + rng.choice([p for p in pool if p != c]) + text[i + 1 :]
            if _fact_signature(new) == sig and norm(new) != norm(text) and self._fresh_variant(new):
                return new
        return ""

    def _fresh_variant(self, text: str) -> bool:
        key = norm(text)
        return not any(key in k or k in key for k in self.keys) and not any(o in key for o in self.others)

    def _edit_case(self, lines: list[Line]) -> str:
        words = [(s, m) for _, s in self._text_segs(lines, ("para", "bullet", "heading", "row"))
                 for m in re.finditer(r"[A-Za-z]{3,}", s.text)]
        if not words:
            return ""
        done = []
        for _ in range(self.rng.randint(1, 2)):
            seg, m = self.rng.choice(words)
            w = seg.text[m.start() : m.end()]
            if w != m.group():
                continue  # changed by an earlier pick: offsets still hold, the word may not
            options = [x for x in (w.lower(), w.upper(), w.capitalize()) if x != w]
            new = self.rng.choice(options)
            seg.text = seg.text[: m.start()] + new + seg.text[m.end() :]
            done.append(f"{w}->{new}")
        return " ".join(done)

    def _edit_width(self, lines: list[Line]) -> str:
        runs = [(s, m) for _, s in self._text_segs(lines, ("para", "bullet", "heading", "row"))
                for m in re.finditer(r"[A-Za-z0-9]{2,}", s.text)]
        if not runs:
            return ""
        seg, m = self.rng.choice(runs)
        wide = "".join(chr(ord(c) + 0xFEE0) for c in m.group())
        seg.text = seg.text[: m.start()] + wide + seg.text[m.end() :]
        return wide

    def _edit_spacing(self, lines: list[Line]) -> str:
        done = []
        for _ in range(self.rng.randint(1, 3)):
            ln = self.rng.choice([ln for ln in lines if ln.kind in ("para", "bullet", "heading", "row")])
            if ln.kind == "row":
                pipes = [s for s in ln.segs if "|" in s.text]
                compact = not any(" " in s.text for s in pipes)
                for n, s in enumerate(pipes):
                    s.text = ("|" if not compact else "| " if n == 0 else " |" if n == len(pipes) - 1 else " | ")
                done.append("spaced pipes" if compact else "compact pipes")
                continue
            segs = [s for s in ln.segs if s.sid >= 0 or ln.kind == "heading"]
            if not segs:
                continue
            seg = self.rng.choice(segs)
            t = seg.text
            options = []
            if re.search(r"(?<! )\(", t[1:]):
                options.append(("space before (", re.sub(r"(?<=[^ ])\(", " (", t, count=1)))
            if re.search(r" \(", t):
                options.append(("no space before (", t.replace(" (", "(", 1)))
            if re.search(r"[:：](?! )", t[:-1]):
                options.append(("space after :", re.sub(r"([:：])(?! )", r"\1 ", t, count=1)))
            spaces = [m.start() for m in re.finditer(" ", t)]
            if spaces:
                at = self.rng.choice(spaces)
                options.append(("double space", t[:at] + " " + t[at:]))
            if not options:
                options.append(("trailing space", t + " "))
            what, seg.text = self.rng.choice(options)
            done.append(what)
        return ", ".join(done)

    def _edit_marker(self, lines: list[Line]) -> str:
        runs: list[list[Line]] = []
        for i, ln in enumerate(lines):
            if ln.kind == "bullet":
                if i and lines[i - 1].kind == "bullet":
                    runs[-1].append(ln)
                else:
                    runs.append([ln])
        if not runs:
            return ""
        run = self.rng.choice(runs)
        old = run[0].segs[0].text
        new = self.rng.choice([m for m in MARKERS if m.strip() != old.strip()])
        items = run if self.rng.random() < 0.6 else [self.rng.choice(run)]
        for ln in items:
            ln.segs[0].text = new
        return f"{old.strip()!r}->{new.strip()!r} on {len(items)} item(s)"

    def block(self) -> list[Line]:
        """A block only one paste has: a heading (mostly) and a paragraph or two."""
        out = [Line("heading", [Seg(self.heading_text())])] if self.rng.random() < 0.7 else []
        return out + [self.para(self.rng.randint(1, 3)) for _ in range(self.rng.randint(1, 2))]


def _alike(a: str, b: str) -> bool:
    ga, gb = _grams(a), _grams(b)
    return bool(ga and gb) and len(ga & gb) * 2 >= 0.6 * (len(ga) + len(gb))


def _pattern(rng: random.Random, k: int, mix: str) -> str:
    letters = "ABCDEFGH"
    if k == 1 or mix == "verbatim":
        return "A" * k
    if mix == "edited":
        return letters[:k]
    while True:
        out = ["A"]
        for _ in range(k - 1):
            used = sorted(set(out))
            out.append(letters[len(used)] if rng.random() < 0.45 else rng.choice([out[-1], out[-1], *used]))
        if 1 < len(set(out)) < k:
            return "".join(out)


def _can_end_runon(line: Line) -> bool:
    text = line.render().rstrip()
    return line.kind == "para" and text[-1:] in SENTENCE_ENDS


def _can_start_runon(line: Line) -> bool:
    text = line.render()
    return line.kind == "para" and bool(text) and (text[0].isupper() or bool(_CJK_RE.match(text[0])))


# --------------------------------------------------------------------------- generate


def generate(seed: int) -> Truth:
    """Post number `seed` and its truth (a pure function of `seed`)."""
    rng = random.Random(seed)
    sp = _draw_spec(seed, rng)
    post = _Post(rng, sp.lang)
    if sp.source == "gen":
        title = post.title_text()
        tags = tuple(rng.sample(("notes", "report", "policy", "city", "data", "update"), 2))
        post.others.append(norm(title))
        base = post.report()
    else:
        real = real_text(sp.source)
        title, tags = real.title, real.tags
        post.others.append(norm(title))
        base = post.real_report(real)
    pattern = _pattern(rng, sp.k, sp.mix)
    versions = {"A": base}
    for letter in pattern:
        if letter not in versions:
            versions[letter] = post.edited(base, letter)
    once = [c for c in sorted(set(pattern)) if pattern.count(c) == 1]
    if sp.k > 1 and once and rng.random() < 0.25:
        letter = rng.choice(once)
        lines = versions[letter]
        spots = [i for i, ln in enumerate(lines) if ln.kind == "heading" and i] + [len(lines)]
        at = rng.choice(spots)
        lines[at:at] = post.block()
        post.features.add("extra_block")
        post.edits.append(f"{letter}: block only this paste has, at line {at + 1} of the version")

    style = rng.choice(("bare", "hash", "hash_space"))
    post.features.add("title_bare" if style == "bare" else "title_hash")
    tag_text = " ".join(f"#{t}" for t in tags)
    title_line = title if style == "bare" else f"#{title} {tag_text}" if style == "hash" else f"# {title} {tag_text}"
    repeat = rng.choices(("none", "line", "heading"), (0.7, 0.15, 0.15))[0]
    out: list[str] = [title_line]
    if repeat == "line":
        out.append(title)
        post.features.add("title_repeat_line")
    every_paste = repeat == "heading" and rng.random() < 0.5  # the report's own title opens each paste
    title_opens_first = every_paste and rng.random() < 0.5  # ... the first one's being the title line
    blank = rng.random() < 0.2
    seen: set[str] = set()
    pasted: list[list[Line]] = []
    for i, letter in enumerate(pattern):
        lines = [ln.copy() for ln in versions[letter]]
        if repeat == "heading" and (i == 0 and not title_opens_first or i > 0 and every_paste):
            lines.insert(0, Line("title", [Seg(title)]))
            post.features.add("title_repeat_heading" if i == 0 else "title_every_paste")
        rendered = [ln.render() for ln in lines]
        fresh = letter not in seen and i > 0
        seen.add(letter)
        if (fresh and not blank and _can_end_runon(pasted[-1][-1]) and _can_start_runon(lines[0])
                and rng.random() < 0.35):
            out[-1] = out[-1].rstrip() + rendered.pop(0)
            post.features.add("runon")
            post.edits.append(f"paste {i + 1} ({letter}) runs on from paste {i}")
        elif blank and i > 0:
            out.append("")
            post.features.add("blank_lines")
        out.extend(rendered)
        pasted.append(lines)
    chrome = rng.choice(FOOTERS[sp.lang])
    out.extend(chrome)
    text = "\n".join(out) + "\n"
    return _truth(sp, post, text, pattern, title, tags, pasted, chrome)


def _truth(sp: Spec, post: _Post, text: str, pattern: str, title: str, tags: tuple[str, ...],
           pasted: list[list[Line]], chrome: tuple[str, ...]) -> Truth:
    present: dict[int, list[str]] = {}
    headings: dict[str, str] = {}
    short: list[str] = []
    for lines in pasted:
        for ln in lines:
            if ln.kind == "heading":
                headings.setdefault(norm(ln.render()), ln.render().strip())
            for s in ln.segs:
                if s.sid >= 0:
                    spelled = present.setdefault(s.sid, [])
                    if norm(s.text) not in map(norm, spelled):
                        spelled.append(s.text)
                elif ln.kind in ("para", "bullet", "head", "row") and norm(s.text) and "|" not in s.text:
                    short.append(norm(s.text))
    # A sentence is checked only if nothing else of the post contains it (real text can).
    keyed = {sid: sorted({norm(x) for x in spelled}) for sid, spelled in present.items()}
    pieces = [(sid, k) for sid, ks in keyed.items() for k in ks]
    others = [norm(title), *headings, *short]
    kept: dict[int, tuple[str, ...]] = {}
    for sid, spelled in present.items():
        clash = any(k in p for k in keyed[sid] for p in others) or any(
            k in p for k in keyed[sid] for o, p in pieces if o != sid)
        if not clash:
            ordered = sorted(spelled, key=lambda x: post.spellings[sid].index(x) if x in post.spellings[sid] else 99)
            kept[sid] = tuple(ordered)
    facts = tuple((kept[a][0], kept[b][0]) for a, b in post.fact_pairs if a in kept and b in kept)
    return Truth(
        seed=sp.seed, text=text, lang=sp.lang, source=sp.source, pattern=pattern, copies=len(pattern), title=title,
        tags=tags, headings=tuple(headings.values()), sentences=tuple(kept[s] for s in sorted(kept)), facts=facts,
        chrome=chrome, features=tuple(sorted(post.features)), edits=tuple(post.edits),
    )


# --------------------------------------------------------------------------- check

FAILURES = ("lost", "duplicated", "facts", "copies_wrong", "headings_not_once", "title_wrong", "coverage",
            "chrome_in_content", "spaces_lost")


def check(doc_json: str | bytes | dict[str, Any], truth: Truth) -> dict[str, list[Any]]:
    """The ways the document falls short of the truth: {failure kind: details}; {} when none.

    - ``lost`` / ``duplicated``: a sentence whose spellings occur 0 / more than 1 times in all;
    - ``facts``: a fact-different pair of which not both sentences occur exactly once;
    - ``copies_wrong``: ``report.copies_detected`` is not the number of pastes;
    - ``headings_not_once``: a heading not exactly once among the output's headings;
    - ``title_wrong``: the title is not the post's, or does not occur exactly once in the content;
    - ``coverage``: ``report.coverage`` is not 1.0;
    - ``chrome_in_content``: a footer line in the content or not in ``boilerplate``;
    - ``spaces_lost``: (English, Korean) a sentence present but with its word spaces gone.
    """
    doc = json.loads(doc_json) if isinstance(doc_json, str | bytes) else doc_json
    strings = doc_content(doc)
    body = "\x00".join(norm(s) for s in strings)
    spaced_body = "\x00".join(spaced(s) for s in strings)
    out: dict[str, list[Any]] = {f: [] for f in FAILURES}
    for variants in truth.sentences:
        keys = sorted({norm(v) for v in variants})
        n = sum(body.count(k) for k in keys)
        if n == 0:
            out["lost"].append(variants[0])
        elif n > 1:
            out["duplicated"].append(f"{n}x {variants[0]}")
        elif truth.lang in ("en", "ko") and not any(spaced(v) in spaced_body for v in variants):
            out["spaces_lost"].append(variants[0])
    spellings = {norm(v): sorted({norm(x) for x in variants}) for variants in truth.sentences for v in variants}
    for a, b in truth.facts:
        na, nb = (sum(body.count(k) for k in spellings.get(norm(x), [norm(x)])) for x in (a, b))
        if (na, nb) != (1, 1):
            out["facts"].append(f"{na}x {a} / {nb}x {b}")
    report = doc.get("report") or {}
    if report.get("copies_detected") != truth.copies:
        out["copies_wrong"].append(f"{report.get('copies_detected')} != {truth.copies}")
    heads = [norm(h) for h in headings(doc.get("sections") or [])]
    for h in truth.headings:
        if heads.count(norm(h)) != 1:
            out["headings_not_once"].append(f"{heads.count(norm(h))}x {h}")
    got = doc.get("title") or ""
    if norm(got) != norm(truth.title):
        out["title_wrong"].append(f"title {got!r}")
    elif body.count(norm(truth.title)) != 1:
        out["title_wrong"].append(f"{body.count(norm(truth.title))}x in content")
    if report.get("coverage") != 1.0:
        out["coverage"].append(report.get("coverage"))
    set_aside = {norm(b.get("text") or "") for b in doc.get("boilerplate") or []}
    in_content = {norm(s) for s in strings}
    for line in truth.chrome:
        if norm(line) in in_content or norm(line) not in set_aside:
            out["chrome_in_content"].append(line)
    return {k: v for k, v in out.items() if v}


def ideal_document(truth: Truth) -> dict[str, Any]:
    """A document that meets the truth exactly (for testing `check` itself)."""
    blocks = [{"type": "paragraph", "text": s[0]} for s in truth.sentences]
    sections = [{"heading": None, "blocks": blocks, "sections": []}]
    sections += [{"heading": h, "blocks": [], "sections": []} for h in truth.headings]
    return {"title": truth.title, "sections": sections, "boilerplate": [{"text": c} for c in truth.chrome],
            "report": {"copies_detected": truth.copies, "coverage": 1.0}}
