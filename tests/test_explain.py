"""dedupe explain: the terminal report, and the HTML page (read back with html.parser, then
opened in a real headless browser)."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedupe import normalize_file
from dedupe.cli import main
from dedupe.models import Block, Section

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "raw" / "000_5b8682380bdf1a26.txt"
TEASER = ROOT / "tests" / "fixtures" / "posts" / "en_teaser.txt"
KOREAN = ROOT / "tests" / "fixtures" / "posts" / "ko_double.txt"
WORDPRESS = ROOT / "tests" / "fixtures" / "html" / "wordpress_en.html"
BROWSER = next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)


def test_terminal_report_lists_copies_alignment_and_decisions() -> None:
    result = CliRunner().invoke(main, ["explain", str(SEED)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "copies found: 2" in out
    assert re.search(r"copy 1: lines 2-49", out) and re.search(r"copy 2: lines 50-104", out)
    # an aligned heading with both copies' lines and its score
    assert re.search(r"s\d+\s+heading\s+merged\s+100\.0\s+L5\s+L51\s+中国のオープンソース戦略", out)
    # content of one copy only is kept, in its copy's column
    assert re.search(r"list_item\s+kept\s+-\s+-\s+L59\s+知的財産保護", out)
    assert "(ChinaTalk) at line(s) 21, 74" in out
    assert re.search(r"line 106\s+set aside \(comments\)\s+コメントを投稿", out)


def test_explain_refuses_bad_input_with_one_line() -> None:
    result = CliRunner().invoke(main, ["explain", "no/such/file.txt"])
    assert result.exit_code == 3
    assert result.stderr.strip().count("\n") == 0


# -- the page, read back as a tree -----------------------------------------------------

VOID = {"meta", "br", "img", "input", "link", "hr", "wbr", "source", "area", "base", "col", "embed"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)
    parent: Node | None = None

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        out: list[Node] = []
        for c in self.children:
            if isinstance(c, Node):
                if (tag is None or c.tag == tag) and (cls is None or cls in c.attrs.get("class", "").split()):
                    out.append(c)
                out.extend(c.all(tag, cls))
        return out

    def one(self, tag: str | None = None, cls: str | None = None) -> Node:
        found = self.all(tag, cls)
        assert found, f"no <{tag} class={cls}> in <{self.tag} {self.attrs}>"
        return found[0]

    def by_id(self, ident: str) -> Node:
        found = [n for n in self.all() if n.attrs.get("id") == ident]
        assert len(found) == 1, f"{len(found)} elements with id {ident!r}"
        return found[0]

    def ancestor(self, tag: str) -> Node:
        n = self.parent
        while n is not None and n.tag != tag:
            n = n.parent
        assert n is not None
        return n


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.open = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, parent=self.open)
        self.open.children.append(node)
        if tag not in VOID:
            self.open = node

    def handle_endtag(self, tag: str) -> None:
        assert self.open.tag == tag, f"</{tag}> closes <{self.open.tag}>: the page is not well nested"
        assert self.open.parent is not None
        self.open = self.open.parent

    def handle_data(self, data: str) -> None:
        self.open.children.append(data)


def parse(page: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(page)
    builder.close()
    assert builder.open is builder.root, f"<{builder.open.tag}> never closed"
    return builder.root


def write_page(post: Path, tmp_path: Path, name: str = "explain.html") -> str:
    page = tmp_path / name
    result = CliRunner().invoke(main, ["explain", str(post), "--html", str(page)])
    assert result.exit_code == 0, result.output
    return page.read_text(encoding="utf-8")


def card_of(tree: Node, text: str) -> Node:
    """The output card whose badge or text holds `text`."""
    cards = [a for a in tree.by_id("out").all("article") if text in a.text()]
    assert cards, f"no card mentions {text!r}"
    return cards[0]


def diff_runs(diff: Node) -> list[tuple[str, str]]:
    return [(c.tag if isinstance(c, Node) else "same", c.text() if isinstance(c, Node) else c)
            for c in diff.children]


def all_blocks(sections: list[Section]) -> Iterator[Block]:
    for section in sections:
        yield from section.blocks
        yield from all_blocks(section.sections)


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    return write_page(SEED, tmp_path_factory.mktemp("seed"))


@pytest.fixture(scope="module")
def teaser_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    return write_page(TEASER, tmp_path_factory.mktemp("teaser"))


def test_html_page_is_self_contained(seed_page: str) -> None:
    tree = parse(seed_page)
    assert not re.search(r"""(src|href)=['"]?(https?:)?//""", seed_page), "the page must load nothing"
    assert not tree.all("link") and not tree.all("img") and not tree.all("iframe")
    assert all("src" not in s.attrs for s in tree.all("script"))
    assert tree.all("a", "dup") and tree.all("a", "chrome")
    # each span links to its card and each card's lines link back to the source
    heading = tree.by_id("out-s2")
    assert any(a.attrs.get("href") == "#out-s2" for a in tree.by_id("raw").all("a"))
    for a in heading.one("div", "meta").all("a"):
        tree.by_id(a.attrs["href"][1:])


def test_wired_variant_shows_the_differing_letters_and_why_it_merged(seed_page: str) -> None:
    tree = parse(seed_page)
    wired = [v for v in tree.all("div", "variant") if ("ins", "IRED") in diff_runs(v.one("div", "diff"))]
    assert len(wired) == 1, "the WIRED spelling is one variant"
    variant = wired[0]
    runs = diff_runs(variant.one("div", "diff"))
    # the letters that differ, and only those: `W` is the same in both spellings
    at = runs.index(("del", "ired"))
    assert runs[at + 1] == ("ins", "IRED") and runs[at - 1][1].endswith("W")
    meta = variant.one("div", "meta").text()
    assert "line 76" in meta and "same key" in meta and "score 100.0" in meta
    card = variant.ancestor("article")
    assert card.attrs["id"] == "out-b17" and card.one("table")
    why = [li.text() for li in card.one("ul", "why").all("li")]
    assert any(w.startswith("same key table_row merged, score 100.0") and "another copy" in w
               and "width, case, whitespace, dashes and quotes are folded" in w and "lines 23, 76" in w for w in why), why


def test_exact_and_fuzzy_merges_are_told_apart(seed_page: str, tmp_path: Path) -> None:
    kinds = {b.text() for b in parse(seed_page).by_id("out").all("span", "badge")}
    assert {"exact", "same key"} <= kinds and "fuzzy" not in kinds
    ko = parse(write_page(KOREAN, tmp_path))
    fuzzy = card_of(ko, "계속 제기되었다")
    assert "fuzzy" in {b.text() for b in fuzzy.all("span", "badge")}
    runs = diff_runs(fuzzy.one("div", "diff"))
    assert ("del", "꾸준히") in runs and ("ins", "계속") in runs, runs


def test_teaser_card_says_it_was_a_truncated_line_and_shows_what_it_left_out(teaser_page: str) -> None:
    tree = parse(teaser_page)
    card = tree.by_id("out-b2")
    assert "merged" in card.attrs["class"].split()
    why = card.one("ul", "why").text()
    assert why.startswith("teaser teaser merged, score 28.8") and "truncated line" in why and "line 4" in why
    variant = card.one("div", "variant")
    assert "variant at line 4" in variant.text()
    runs = diff_runs(variant.one("div", "diff"))
    assert runs[0] == ("same", "Most households on fixed-rate tariffs did not notice")
    assert runs[1][0] == "del" and runs[1][1].startswith(" anything until their deal ended.")
    assert "characters" in runs[1][1]  # the long rest is folded to a count
    # the runs spell both texts: the teaser (same + ins) and the canonical head (same + del)
    assert "".join(t for k, t in runs if k != "del") == "Most households on fixed-rate tariffs did not notice..."
    assert any(k == "ins" and "..." in t or k == "ins" and ".." in t for k, t in runs)


def test_glued_item_card_says_where_it_was_split_off(teaser_page: str) -> None:
    tree = parse(teaser_page)
    card = card_of(tree, "Second, the standing charge more than doubled")
    item = card.one("ul", "why").one("li")
    assert item.one("span", "badge").text() == "glued item"
    said = item.text()
    assert "split off line 10" in said and "usage rose sharply.”" in said and "“ - ”" in said
    # the item's own text is whole, without the paragraph it was glued to
    assert card.one("div", "text").text() == "Second, the standing charge more than doubled"


def test_copy_starts_and_line_numbers_in_the_source_pane(seed_page: str) -> None:
    tree = parse(seed_page)
    raw = tree.by_id("raw")
    lines = raw.all("div", "line")
    assert len(lines) == SEED.read_text(encoding="utf-8").count("\n") + 1
    assert [n.one("span", "ln").text() for n in lines[:3]] == ["1", "2", "3"]
    start = tree.by_id("copy-2")
    assert start.text() == "copy 2 starts here" and start.ancestor("div").attrs["id"] == "L50"
    assert "copy-begins" in tree.by_id("L50").attrs["class"]


def test_chrome_says_why_it_was_set_aside(seed_page: str, tmp_path: Path) -> None:
    comment = card_of(parse(seed_page), "コメントを投稿")
    assert "matches the comments phrase /コメントを投稿/" in comment.one("ul", "why").text()
    tail = [a for a in parse(seed_page).by_id("out").all("article", "chrome") if a.one("div", "text").text() == "コメント"]
    assert "allowed only in the trailing chrome" in tail[0].text()
    wordpress = parse(write_page(WORDPRESS, tmp_path))
    share = card_of(wordpress, "Share this:").one("ul", "why").text()
    assert 'inside the chrome container <div class="robots-nocontent sd-block sd-social' in share
    assert "(line 94)" in share and "share phrase" in share
    byline = card_of(wordpress, "By jlee").one("ul", "why").text()
    assert "byline" in byline and "metadata" in byline


def test_merged_citations_differ_from_new_ones(seed_page: str) -> None:
    tree = parse(seed_page)
    merged, new = tree.by_id("out-c1"), tree.by_id("out-c10")
    assert "merged-cite" in merged.attrs["class"] and "new" in new.attrs["class"]
    assert merged.one("span", "badge").text() == "merged" and "lines 37, 92" in merged.text()
    assert new.one("span", "badge").text() == "new" and "line 46" in new.text()


def test_whole_texts_folded_and_real_tables(seed_page: str, teaser_page: str) -> None:
    doc = normalize_file(TEASER)
    long = [b for b in all_blocks(doc.sections) if b.type == "paragraph" and len(b.text) > 320]
    assert long
    for block in long:
        folded = parse(teaser_page).by_id(f"out-{block.id}").one("details", "text")
        assert folded.one("div", "text").text() == block.text, "the whole text, not cut"
        assert "more characters" in folded.one("summary").text()
    table = parse(seed_page).by_id("out-b17").one("table")
    assert [th.text() for th in table.all("th")] == ["理由", "詳細"]
    assert len(table.all("tr")) == 6 and table.all("td")[-1].text().endswith("Wired)。")


def test_lang_and_cjk_fonts(seed_page: str, tmp_path: Path) -> None:
    assert parse(seed_page).one("html").attrs["lang"] == "ja"
    assert parse(write_page(KOREAN, tmp_path)).one("html").attrs["lang"] == "ko"
    css = parse(seed_page).one("style").text()
    assert "overflow-wrap:anywhere" in css
    for font in ("Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", "Malgun Gothic", "Apple SD Gothic Neo",
                 "Microsoft YaHei"):
        assert f'"{font}"' in css


def test_html_source_pane_starts_at_the_content(tmp_path: Path) -> None:
    tree = parse(write_page(WORDPRESS, tmp_path))
    raw = tree.by_id("raw")
    fold = raw.one("details", "fold")
    assert "<head" in fold.text() and "folded" in fold.one("summary").text()
    title_line = normalize_file(WORDPRESS).title_provenance[0].line
    after = [c for c in raw.children if isinstance(c, Node) and c.tag == "div"]
    assert after and after[0].one("div", "line").attrs["id"] == f"L{title_line}"
    assert fold.all("div", "line")[-1].attrs["id"] == f"L{title_line - 1}"


def test_every_text_is_escaped(tmp_path: Path) -> None:
    nasty = tmp_path / "nasty.txt"
    attack = '"><img src=x onerror=alert(1)>'
    nasty.write_text(f"# Title <script>alert(1)</script> {attack}\n"
                     f"A paragraph with <script>alert(2)</script> and {attack} in it, long enough to count.\n"
                     f"A second paragraph {attack} that is also long enough to be a paragraph here.\n"
                     f"A paragraph with <script>alert(2)</script> and {attack} in it, long enough to count.\n"
                     "Post a Comment\n", encoding="utf-8")
    page = write_page(nasty, tmp_path)
    tree = parse(page)
    scripts = tree.all("script")
    assert len(scripts) == 1 and "alert" not in scripts[0].text()
    assert not tree.all("img")
    assert not [n for n in tree.all() if any(k.startswith("on") for k in n.attrs)]
    assert "<script>alert(2)</script>" in tree.by_id("raw").text()
    assert attack in tree.by_id("out").text()


def test_page_is_deterministic_and_counts_agree(tmp_path: Path, teaser_page: str) -> None:
    assert write_page(TEASER, tmp_path, "again.html") == teaser_page
    summary = parse(teaser_page).one("header").one("p", "meta").text()
    assert summary.startswith("1 copy · 1 merge · 1 piece of chrome set aside")


def test_keys_are_documented(seed_page: str) -> None:
    keys = parse(seed_page).by_id("keys").text()
    assert "j or n next merge" in keys and "k or p previous merge" in keys


# -- in a real browser -----------------------------------------------------------------

def _chromium(tmp_path: Path, *args: str) -> str:
    assert BROWSER is not None
    proc = subprocess.run(
        [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
         f"--user-data-dir={tmp_path / 'profile'}", *args],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


@pytest.mark.skipif(BROWSER is None, reason="no headless Chromium installed (apt-get install chromium)")
@pytest.mark.parametrize("post", [SEED, WORDPRESS, KOREAN, None], ids=["seed", "html", "korean", "long-url"])
def test_html_page_in_headless_chromium(post: Path | None, tmp_path: Path) -> None:
    if post is None:  # an address of 400 characters without a break must wrap too
        url = "https://example.com/" + "a" * 400
        post = tmp_path / "long_url.txt"
        post.write_text(f"# A post with a long address\nThe paragraph cites {url} in its text, and more.\n"
                        f"The paragraph cites {url} in its text, and more.\n", encoding="utf-8")
    html = write_page(post, tmp_path)
    page = tmp_path / "explain.html"
    merge_cards = [a.attrs["id"] for a in parse(html).by_id("out").all("article", "merged")]
    # `#press=jjk` replays the keys on load: next, next, previous is the first merge card
    dom = _chromium(tmp_path, "--window-size=1400,1000", "--dump-dom", page.as_uri() + "#press=jjk")
    body = re.search(r"<body([^>]*)>", dom)
    assert body, dom[:500]
    attrs = dict(re.findall(r'data-([\w-]+)="([^"]*)"', body.group(1)))
    assert attrs.get("keys") == "ready", "the page's script did not run to its end"
    assert attrs["overflow"] == "none", "long lines and URLs wrap: no pane scrolls sideways"
    assert attrs["merge-cards"] == str(len(merge_cards)) and merge_cards
    assert attrs["current"] == merge_cards[0]
    assert _chromium(tmp_path, "--dump-dom", page.as_uri() + "#press=jj").count(
        f'data-current="{merge_cards[1 % len(merge_cards)]}"') == 1
    if post == SEED:
        # the page's script counted what is highlighted
        assert attrs["copies"] == "2" and int(attrs["merged"]) >= 25 and attrs["chrome"] == "2"
        assert dom.count('class="copy-2"') > 10
    shot = tmp_path / f"{post.stem}.png"
    _chromium(tmp_path, "--window-size=1400,1000", f"--screenshot={shot}", page.as_uri())
    assert shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")
