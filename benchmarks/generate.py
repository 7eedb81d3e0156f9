"""Deterministic benchmark inputs made from the project's own fixtures.

Two kinds of input:

- `make_corpus`: many posts of ordinary size. Each takes the first copy of a fixture
  report (sometimes extended by a second fixture of the same language), pastes it again
  with the perturbations scrapers really show (spacing, full/half width, case, list
  markers, a one-character edit, dropped and added items, the second copy running on
  without a line break, a third copy now and then) and appends a site footer.
- `make_long_post`: one enormous post of a given block count: a synthetic report of
  realistic sentence lengths, mixed Japanese and English, built from the fixtures'
  vocabulary so that no two sentences repeat by accident, then pasted twice the same way.

Everything is driven by `random.Random` seeded from strings, and nothing iterates over a
set of strings, so the same arguments give byte-identical files on every run
(independent of PYTHONHASHSEED).
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_PATH = ROOT / "raw" / "000_5b8682380bdf1a26.txt"
FIXTURE_GLOBS = ("raw/*.txt", "tests/fixtures/posts/*.txt", "tests/fixtures/citations/*.txt")

KANA_RE = re.compile(r"[\u3040-\u30ff]")
HANGUL_RE = re.compile(r"[\uac00-\ud7a3]")
HAN_RE = re.compile(r"[\u3400-\u9fff]")
LATIN_RE = re.compile(r"[A-Za-z]")
# A leading list marker, numbering, quote mark or heading mark: perturbations keep it intact.
MARKER_RE = re.compile(r"^(?:[ \t]*(?:[-*+•・]|\d{1,3}[.)）]|#{1,6}|>)[ \t]*)?")
TABLE_RE = re.compile(r"^\s*\|")
FIRST_COPY_KEY_RE = re.compile(r"\s+")

# Site footers the chrome table knows, by language of the post.
FOOTERS = {
    "ja": (("コメントを投稿",), ("この投稿へのリンク", "コメントを投稿"), ("ホーム",), ("コメント",)),
    "zh": (("发表评论",), ("评论",), ("留言",)),
    "ko": (("공감", "댓글 쓰기"), ("저작자표시 비영리 변경금지",), ("이 블로그의 인기글",), ("댓글",)),
    "en": (("Share this:", "Like this:"), ("Leave a Reply",), ("Post a Comment",), ("Powered by Blogger",)),
}

FOOTER_LINES = frozenset(line for options in FOOTERS.values() for lines in options for line in lines)


@dataclass(frozen=True, slots=True)
class Fixture:
    """One source post reduced to what a generator needs: title line, first copy, language."""

    name: str
    title: str
    body: tuple[str, ...]
    language: str


def language_of(text: str) -> str:
    """'ja' when kana appear, 'ko' when Hangul outweighs Han and Latin, 'zh' for Han without kana, else 'en'."""
    if len(KANA_RE.findall(text)) * 20 >= max(1, len(HAN_RE.findall(text))):
        return "ja"
    if len(HANGUL_RE.findall(text)) > max(len(HAN_RE.findall(text)), len(LATIN_RE.findall(text))):
        return "ko"
    if len(HAN_RE.findall(text)) * 4 >= len(LATIN_RE.findall(text)):
        return "zh"
    return "en"


def _line_key(line: str) -> str:
    return FIRST_COPY_KEY_RE.sub("", MARKER_RE.sub("", line, count=1)).casefold()


def first_copy(lines: Sequence[str], copy_lines: Sequence[Sequence[int]] | None) -> list[str]:
    """The lines of the report's first copy (title line excluded).

    Uses the fixture's `copy_lines` when its sidecar has them; otherwise the copy ends at
    the first line (of 8 key characters or more) that repeats an earlier one.
    """
    if copy_lines:
        first, *rest = copy_lines
        end = first[1]
        if rest and rest[0][0] == end:  # the boundary is inside a line: leave that line out
            end -= 1
        return list(lines[first[0] - 1 : end])
    seen: set[str] = set()
    for n, line in enumerate(lines[1:], start=1):
        key = _line_key(line)
        if len(key) >= 8 and key in seen:
            return list(lines[1:n])
        seen.add(key)
    return list(lines[1:])


def _copy_lines(path: Path, root: Path) -> list[list[int]] | None:
    """Line ranges of the copies, from a fixture's sidecar or a raw post's golden output."""
    sidecar = path.with_name(path.name.removesuffix(".txt") + ".expect.json")
    if sidecar.exists():
        lines = json.loads(sidecar.read_text(encoding="utf-8")).get("copy_lines")
        return lines or None
    golden = root / "normalized" / (path.stem + ".json")
    if path.parent.name == "raw" and golden.exists():
        copies = json.loads(golden.read_text(encoding="utf-8"))["report"]["copies"]
        return [[c["line_start"], c["line_end"]] for c in copies] or None
    return None


def load_fixtures(root: Path = ROOT) -> list[Fixture]:
    """Every fixture post, in sorted path order."""
    out = []
    for pattern in FIXTURE_GLOBS:
        for path in sorted(root.glob(pattern)):
            text = path.read_text(encoding="utf-8-sig")
            lines = text.splitlines()
            body = [ln for ln in first_copy(lines, _copy_lines(path, root)) if ln.strip()]
            while body and body[-1].strip() in FOOTER_LINES:
                body.pop()
            out.append(Fixture(path.stem, lines[0], tuple(body), language_of(text)))
    return out


# ---------------------------------------------------------------- line perturbations


def _split_marker(line: str) -> tuple[str, str]:
    m = MARKER_RE.match(line)
    cut = m.end() if m else 0
    return line[:cut], line[cut:]


def perturb_spacing(line: str, rng: random.Random) -> str:
    """Add or remove layout spaces: next to CJK, doubled, trailing, around brackets."""
    head, body = _split_marker(line)
    choice = rng.randrange(4)
    if choice == 0:  # drop the spaces next to a CJK character ("示しました (WIRED)" -> "示しました(WIRED)")
        body = re.sub(r"(?<=[\u3040-\u30ff\u3400-\u9fff]) +| +(?=[\u3040-\u30ff\u3400-\u9fff])", "", body)
    elif choice == 1:  # add a space where CJK meets Latin or digits
        body = re.sub(r"(?<=[\u3040-\u30ff\u3400-\u9fff])(?=[A-Za-z0-9(])", " ", body, count=2)
    elif choice == 2 and " " in body:  # double a space
        spaces = [m.start() for m in re.finditer(" ", body)]
        at = rng.choice(spaces)
        body = body[:at] + " " + body[at:]
    else:  # trailing whitespace, as copied from a browser
        body = body + rng.choice((" ", "  ", "\t", "\u3000"))
    return head + body


def perturb_width(line: str, rng: random.Random) -> str:
    """Turn a stretch of ASCII full-width, or full-width ASCII half-width."""
    if TABLE_RE.match(line):
        return line
    head, body = _split_marker(line)
    if not body:
        return line
    if re.search(r"[\uff01-\uff5e]", body) and rng.random() < 0.5:
        return head + "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in body)
    start = rng.randrange(len(body))
    end = min(len(body), start + rng.randint(4, 24))
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in body[start:end])
    return head + body[:start] + wide + body[end:]


def perturb_case(line: str, rng: random.Random) -> str:
    """Change the case of one Latin word (DeepSeek -> Deepseek, AI -> ai)."""
    words = [m for m in re.finditer(r"[A-Za-z]{3,}", line)]
    if not words:
        return line
    m = rng.choice(words)
    word = rng.choice((m.group().lower(), m.group().upper(), m.group().capitalize()))
    return line[: m.start()] + word + line[m.end() :]


# Letters and kana: never a digit (a letter of a negation word can be hit).
_EDITABLE_RE = re.compile(r"[a-z\u3041-\u3093\u30a1-\u30f3]")


def perturb_edit(line: str, rng: random.Random) -> str:
    """One character substituted, deleted or inserted in a long line: a fuzzy, not exact, repeat."""
    if TABLE_RE.match(line) or len(line) < 40:
        return line
    spots = [m.start() for m in _EDITABLE_RE.finditer(line)]
    if not spots:
        return line
    at = rng.choice(spots)
    ch = line[at]
    other = chr(ord(ch) + rng.choice((-1, 1)))
    op = rng.randrange(3)
    if op == 0:
        return line[:at] + other + line[at + 1 :]
    if op == 1:
        return line[:at] + line[at + 1 :]
    return line[:at] + other + line[at:]


def perturb_marker(line: str, rng: random.Random) -> str:
    """A list item's bullet changes between copies ("- " -> "・", "* ")."""
    m = re.match(r"^[ \t]*[-*•・][ \t]*(?=\S)", line)
    if not m:
        return line
    return rng.choice(("- ", "* ", "・", "• ")) + line[m.end() :]


PERTURBATIONS: tuple[tuple[str, float, Callable[[str, random.Random], str]], ...] = (
    ("spacing", 0.15, perturb_spacing),
    ("width", 0.06, perturb_width),
    ("case", 0.06, perturb_case),
    ("edit", 0.05, perturb_edit),
    ("marker", 0.10, perturb_marker),
)
DROP_RATE = 0.03
ADD_RATE = 0.03


def perturb_copy(lines: Sequence[str], rng: random.Random, extra: Callable[[], str]) -> list[str]:
    """A second copy of `lines`: each line may be dropped, changed, or followed by a new line."""
    out = []
    for line in lines:
        if rng.random() < DROP_RATE:
            continue
        for _, rate, fn in PERTURBATIONS:
            if rng.random() < rate:
                line = fn(line, rng)
        out.append(line)
        if rng.random() < ADD_RATE:
            out.append(extra())
    return out


def _can_run_on(line: str) -> bool:
    """A copy can run on after a paragraph line, not after a list item, table row or reference."""
    return not (MARKER_RE.match(line).end() or TABLE_RE.match(line)) and len(line) > 30  # type: ignore[union-attr]


def paste_copies(title: str, copies: Sequence[Sequence[str]], footer: Sequence[str], rng: random.Random,
                 run_on_rate: float = 0.2) -> str:
    """Title line, the copies one after another (sometimes run on), the footer; sometimes CRLF."""
    lines = [title]
    for n, copy in enumerate(copies):
        copy = list(copy)
        if n and copy and lines and _can_run_on(lines[-1]) and rng.random() < run_on_rate:
            lines[-1] = lines[-1].rstrip() + copy.pop(0)  # "...academic integrity.This paper examines..."
        lines.extend(copy)
    lines.extend(footer)
    newline = "\r\n" if rng.random() < 0.1 else "\n"
    return newline.join(lines) + newline


# ---------------------------------------------------------------- the corpus


def make_post(index: int, fixtures: Sequence[Fixture], seed: int = 0) -> str:
    """Post number `index` of the corpus: one or two fixture reports, pasted two or three times."""
    rng = random.Random(f"corpus/{seed}/{index}")
    base = rng.choice(fixtures)
    same = [f for f in fixtures if f.language == base.language and f.name != base.name]
    body = list(base.body)
    if same and rng.random() < 0.5:
        body += rng.choice(same).body
    pool = [ln for f in same or [base] for ln in f.body if not MARKER_RE.match(ln).end() and len(ln) > 20]  # type: ignore[union-attr]

    def extra() -> str:
        return rng.choice(pool) if pool else "An added sentence that only this copy has."

    n_copies = 3 if rng.random() < 0.1 else 2
    copies = [body] + [perturb_copy(body, rng, extra) for _ in range(n_copies - 1)]
    title = perturb_spacing(base.title, rng) if rng.random() < 0.2 else base.title
    footer = rng.choice(FOOTERS[base.language])
    return paste_copies(title, copies, footer, rng)


def make_corpus(directory: Path, count: int, seed: int = 0) -> list[Path]:
    """Write `count` generated posts into `directory`; return their paths in order."""
    fixtures = load_fixtures()
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = directory / f"post_{i:05d}.txt"
        path.write_text(make_post(i, fixtures, seed), encoding="utf-8", newline="")
        paths.append(path)
    return paths


# ---------------------------------------------------------------- one enormous post

JA_PREDICATES = (
    "を示しています。", "と考えられます。", "が進んでいます。", "を目指しています。", "が重要な要因のようです。",
    "を分析しました。", "が指摘されています。", "を高めています。", "に影響を与えています。", "が期待されます。",
    "を採用しています。", "が議論されています。", "を提供しています。", "が求められています。", "を維持しています。",
    "と報じられました。", "が明らかになりました。", "を強化する狙いがあります。", "が課題として残ります。",
)
JA_LINKS = ("は", "が", "を", "に", "で", "と", "の", "も", "から", "より", "として", "について", "により", "や", "、")
SOURCES = ("Financial Times", "WIRED", "TechTarget", "Reuters", "Nikkei", "Bloomberg", "The Verge",
           "MIT Technology Review")


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Words taken from the fixtures: Japanese nouns (Han and katakana runs) and English words."""

    ja_nouns: tuple[str, ...]
    en_words: tuple[str, ...]
    names: tuple[str, ...]


def load_vocabulary(fixtures: Sequence[Fixture]) -> Vocabulary:
    ja: dict[str, None] = {}
    en: dict[str, None] = {}
    names: dict[str, None] = {}
    for f in fixtures:
        text = "\n".join(f.body)
        if f.language == "ja":
            for w in re.findall(r"[\u3400-\u9fff]{2,6}|[\u30a1-\u30ff]{3,10}", text):
                ja.setdefault(w)
        for w in re.findall(r"[A-Za-z]{3,}", text):
            (names if w[0].isupper() and not w.isupper() else en).setdefault(w.lower() if w[0].islower() else w)
    return Vocabulary(tuple(ja), tuple(w for w in en if w.islower()), tuple(names))


class LongReport:
    """Sentences, headings, lists and tables of a synthetic report, drawn from a vocabulary."""

    def __init__(self, vocab: Vocabulary, rng: random.Random) -> None:
        self.v = vocab
        self.rng = rng

    def ja_sentence(self) -> str:
        rng = self.rng
        parts = []
        for _ in range(rng.randint(3, 7)):
            r = rng.random()
            if r < 0.12:
                word = rng.choice(self.v.names)
            elif r < 0.2:
                word = f"{rng.randint(2, 2030)}{rng.choice(('年', '%', '社', '件', '億ドル', '倍'))}"
            else:
                word = rng.choice(self.v.ja_nouns)
            parts.append(word + rng.choice(JA_LINKS))
        text = "".join(parts).rstrip("、") + rng.choice(JA_PREDICATES)
        if rng.random() < 0.1:
            text = text[:-1] + f"({rng.choice(SOURCES)})。"
        return text

    def en_sentence(self) -> str:
        rng = self.rng
        words = []
        for _ in range(rng.randint(10, 28)):
            r = rng.random()
            if r < 0.1:
                words.append(rng.choice(self.v.names))
            elif r < 0.14:
                words.append(str(rng.randint(2, 2030)))
            else:
                words.append(rng.choice(self.v.en_words))
        words[0] = words[0][:1].upper() + words[0][1:]
        text = " ".join(words)
        if rng.random() < 0.15:
            cut = rng.randrange(3, len(words) - 2)
            text = " ".join(words[:cut]) + ", " + " ".join(words[cut:])
        return text + "."

    def sentence(self, ja: bool) -> str:
        return self.ja_sentence() if ja else self.en_sentence()

    def heading(self, ja: bool) -> str:
        rng = self.rng
        if ja:
            return "の".join(rng.choice(self.v.ja_nouns) for _ in range(rng.randint(1, 3)))
        words = [rng.choice(self.v.en_words + self.v.names) for _ in range(rng.randint(2, 5))]
        return " ".join(w[:1].upper() + w[1:] for w in words)

    def section(self, ja: bool) -> list[tuple[str, int]]:
        """(line, blocks it makes) pairs of one section: heading, then paragraphs, a list or a table."""
        rng = self.rng
        out = [(self.heading(ja), 1)]
        for _ in range(rng.randint(2, 6)):
            r = rng.random()
            if r < 0.6:
                out.append((("" if ja else " ").join(self.sentence(ja) for _ in range(rng.randint(1, 4))), 1))
            elif r < 0.9:
                for _ in range(rng.randint(2, 5)):
                    lead = f"{self.heading(ja)}: " if rng.random() < 0.4 else ""
                    out.append((f"- {lead}{self.sentence(ja)}", 1))
            else:
                cols = rng.randint(2, 4)
                out.append(("| " + " | ".join(self.heading(ja) for _ in range(cols)) + " |", 1))
                out.append(("|" + "---|" * cols, 0))
                for _ in range(rng.randint(2, 5)):
                    cells = [self.heading(ja)] + [self.sentence(ja)[:40] for _ in range(cols - 1)]
                    out.append(("| " + " | ".join(cells) + " |", 1))
        return out

    def references(self, count: int) -> list[str]:
        rng = self.rng
        lines = [rng.choice(("主要引用", "参考文献", "References"))]
        for _ in range(count):
            title = " ".join(w.capitalize() for w in (rng.choice(self.v.en_words) for _ in range(rng.randint(4, 9))))
            lines.append(f"- {rng.choice(SOURCES)}: {title}")
        return lines


def make_long_post(n_blocks: int, seed: int = 0) -> str:
    """One post of about `n_blocks` blocks: a synthetic report of n_blocks/2 blocks pasted twice."""
    rng = random.Random(f"long/{seed}/{n_blocks}")
    fixtures = load_fixtures()
    report = LongReport(load_vocabulary(fixtures), rng)
    n_refs = max(5, n_blocks // 50)
    target = n_blocks // 2 - n_refs - 1
    body: list[str] = []
    made = 0
    while made < target:
        for line, blocks in report.section(rng.random() < 0.6):
            body.append(line)
            made += blocks
            if made >= target:
                break
    body += report.references(n_refs)

    def extra() -> str:
        return report.sentence(rng.random() < 0.6)

    second = perturb_copy(body, rng, extra)
    title = "#" + report.heading(True) + "と" + report.heading(True) + " #調査 #AI"
    return paste_copies(title, [body, second], FOOTERS["ja"][1], rng, run_on_rate=0.0)
