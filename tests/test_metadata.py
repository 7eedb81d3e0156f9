"""Metadata: generated pages that state published/modified/author/site_name/canonical_url/
description in a random carrier each (JSON-LD, `<meta>`, OpenGraph, `<link rel=canonical>`,
`<time>`, `rel=author`, a byline or dateline paragraph), in four languages; the truth is known
by construction. Properties: every stated field is found with its value, its provenance span
points at the characters it was read from, an unstated field is null, bylines and datelines
leave the body and nothing else does. The same for Markdown front matter."""

from __future__ import annotations

import datetime
import html
import json
import random
from dataclasses import dataclass, field

import pytest

import dedupe
from dedupe.ingest.metadata import normalize_date

from .helpers import body_text
from .vocab import VOCABS

NAMES = {
    "en": ("Jane Doe", "Omar Haddad", "Mary-Kate O'Neil", "Li Wei", "Sam Porter"),
    "ja": ("山田 太郎", "佐藤花子", "鈴木 一郎"),
    "zh": ("王小明", "李娜", "陈 建国"),
    "ko": ("김민수", "이 서연", "박지훈"),
}
SITES = ("The Daily Ledger", "技術メモ帳", "科技日报", "오늘의 뉴스", "Field & Stream Notes")


@dataclass
class Page:
    html: str
    stated: dict[str, str] = field(default_factory=dict)  # field -> expected value
    sources: dict[str, str] = field(default_factory=dict)  # field -> expected provenance source
    body: list[str] = field(default_factory=list)  # paragraphs that must stay in the body
    set_aside: list[str] = field(default_factory=list)  # byline/dateline paragraphs that must leave it


def _date(rng: random.Random) -> tuple[int, int, int, int, int]:
    return rng.randint(2005, 2026), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59)


def _iso(d: tuple[int, int, int, int, int]) -> str:
    return f"{d[0]:04d}-{d[1]:02d}-{d[2]:02d}T{d[3]:02d}:{d[4]:02d}:00+00:00"


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def _written(d: tuple[int, int, int, int, int], lang: str, rng: random.Random | None = None) -> tuple[str, str]:
    """A date as a dateline writes it, and the ISO date it means. English sometimes with the
    weekday and time first (`Fri 6:45 PM, Feb 16, 2018`, as local TV sites write it)."""
    y, m, day = d[:3]
    text = {"en": f"{MONTHS[m - 1]} {day}, {y}", "ja": f"{y}年{m}月{day}日", "zh": f"{y}年{m}月{day}日",
            "ko": f"{y}. {m}. {day}."}[lang]
    if lang == "en" and rng is not None and rng.random() < 0.4:
        weekday = datetime.date(y, m, day).strftime("%a")
        hour = d[3] % 12 or 12
        text = f"{weekday} {hour}:{d[4]:02d} {'AM' if d[3] < 12 else 'PM'}, {MONTHS[m - 1][:3]} {day}, {y}"
    return text, f"{y:04d}-{m:02d}-{day:02d}"


def make_page(seed: int) -> Page:
    rng = random.Random(seed)
    lang = rng.choice(("en", "ja", "zh", "ko"))
    v = VOCABS[lang]
    sep = " " if lang in ("en", "ko") else ""
    page = Page("")
    head: list[str] = []
    ld: dict[str, object] = {"@context": "https://schema.org", "@type": rng.choice(("NewsArticle", "BlogPosting"))}
    before: list[str] = []  # paragraphs before the body (bylines, datelines)
    n = rng.randint(3, 6)  # distinct subjects and objects: paragraphs that are no near-duplicates of each other
    for subject, obj, topic in zip(rng.sample(v.subjects, n), rng.sample(v.objects, n), rng.sample(v.topics, n)):
        page.body.append(sep.join((subject, obj)) + ("." if lang == "en" else "。") + sep + topic + "!")
    fields = [f for f in ("published", "modified", "author", "site_name", "canonical_url", "description")
              if rng.random() < 0.6]
    for f in fields:
        if f in ("published", "modified"):
            d = _date(rng)
            carrier = rng.choice(("json-ld", "meta", "time", "dateline") if f == "published"
                                 else ("json-ld", "meta"))
            if carrier == "json-ld":
                ld["datePublished" if f == "published" else "dateModified"] = _iso(d)[:-6] + "Z"
                page.stated[f], page.sources[f] = _iso(d), f"json-ld:{'datePublished' if f == 'published' else 'dateModified'}"
            elif carrier == "meta":
                key = "article:published_time" if f == "published" else "article:modified_time"
                head.append(f'<meta property="{key}" content="{_iso(d)}">')
                page.stated[f], page.sources[f] = _iso(d), f"meta[property={key}]"
            elif carrier == "time":
                text, _ = _written(d, lang)
                before.append(f'<p class="post-date"><time datetime="{_iso(d)}">{html.escape(text)}</time></p>')
                page.stated[f], page.sources[f] = _iso(d), "time[datetime]"
            else:
                text, day = _written(d, lang, rng)
                label = {"en": "Posted on ", "ja": "投稿日: ", "zh": "发布时间：", "ko": "작성일: "}[lang]
                before.append(f"<p>{html.escape(label + text)}</p>")
                page.set_aside.append(label + text)
                page.stated[f], page.sources[f] = day, "dateline"
        elif f == "author":
            name = rng.choice(NAMES[lang])
            carrier = rng.choice(("json-ld", "meta", "rel", "byline") if lang == "en" else ("json-ld", "meta", "rel"))
            if carrier == "json-ld":
                ld["author"] = {"@type": "Person", "name": name}
                page.sources[f] = "json-ld:author"
            elif carrier == "meta":
                head.append(f'<meta name="author" content="{html.escape(name)}">')
                page.sources[f] = "meta[name=author]"
            elif carrier == "rel":
                before.append(f'<p class="byline">By <a rel="author" href="/u/{seed}">{html.escape(name)}</a></p>')
                page.sources[f] = "a[rel=author]"
            else:
                # The byline labels of English, German, French, Spanish/Portuguese pages.
                label = rng.choice(("By ", "By ", "Written by ", "Von ", "Par ", "Publicado por ", "Publié par ",
                                    "Autor: "))
                before.append(f"<p>{html.escape(label)}{html.escape(name)}</p>")
                page.set_aside.append(f"{label}{name}")
                page.sources[f] = "byline"
            page.stated[f] = name
        elif f == "site_name":
            site = rng.choice(SITES)
            head.append(f'<meta property="og:site_name" content="{html.escape(site)}">')
            page.stated[f], page.sources[f] = site, "og:site_name"
        elif f == "canonical_url":
            url = f"https://example.{rng.choice(('com', 'jp', 'kr'))}/{seed}/post-{rng.randint(1, 999)}?a=1&b=2"
            if rng.random() < 0.5:
                head.append(f'<link rel="canonical" href="{html.escape(url)}">')
                page.sources[f] = "link[rel=canonical]"
            else:
                head.append(f'<meta property="og:url" content="{html.escape(url)}">')
                page.sources[f] = "og:url"
            page.stated[f] = url
        else:
            desc = " ".join((page.body[0][:40] + " & more").split())
            key = rng.choice(("description", "og:description"))
            attr = "name" if key == "description" else "property"
            head.append(f'<meta {attr}="{key}" content="{html.escape(desc)}">')
            page.stated[f] = desc
            page.sources[f] = "meta[name=description]" if key == "description" else key
    if len(ld) > 2:
        head.append(f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=rng.random() < 0.5)}</script>')
    rng.shuffle(head)
    title = sep.join((rng.choice(v.subjects), rng.choice(v.objects)))
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in page.body)
    page.html = (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
                 f'\n{"".join(head)}\n</head><body><article><h1>{html.escape(title)}</h1>\n{"".join(before)}\n{body}'
                 f"</article></body></html>\n")
    return page


def check_page(page: Page) -> list[str]:
    doc = dedupe.normalize_text(page.html, source="page.html", fmt="html")
    meta = doc.metadata.model_dump()
    problems = []
    for f, got in meta.items():
        if f not in page.stated:
            if got is not None:
                problems.append(f"{f}: not stated, got {got['value']!r}")
            continue
        if got is None:
            problems.append(f"{f}: stated {page.stated[f]!r}, not found")
            continue
        want = page.stated[f]
        value = got["value"]
        if f in ("published", "modified") and len(want) == 10:
            value = value[:10]  # a dateline states the day; its time is not stated
        if value != want:
            problems.append(f"{f}: {value!r} != {want!r}")
        if got["provenance"]["source"] != page.sources[f]:
            problems.append(f"{f}: source {got['provenance']['source']!r} != {page.sources[f]!r}")
        spans = got["provenance"]["spans"]
        if not spans:
            problems.append(f"{f}: no span")
        pieces = [page.html[s["start"]:s["end"]] for s in spans]
        if got["provenance"]["source"].startswith("json-ld:"):
            pieces = [json.loads(f'"{p}"') for p in pieces]  # the span is the JSON string as written
        written = " ".join(html.unescape(p) for p in pieces)
        if f in ("published", "modified"):
            if normalize_date(written) is None or normalize_date(written)[:10] != got["value"][:10]:
                problems.append(f"{f}: span {written!r} is not the date {got['value']!r}")
        elif written != got["value"]:
            problems.append(f"{f}: span {written!r} != value {got['value']!r}")
    text = body_text(doc)
    for p in page.body:
        if p not in text:
            problems.append(f"body lost: {p!r}")
    for line in page.set_aside:
        if line in text:
            problems.append(f"byline/dateline left in the body: {line!r}")
    if doc.report.coverage != 1.0:
        problems.append(f"coverage {doc.report.coverage}")
    return problems


@pytest.mark.parametrize("seed", range(300))
def test_generated_page_metadata(seed: int) -> None:
    page = make_page(seed)
    assert check_page(page) == [], page.html


def test_no_metadata_is_all_null() -> None:
    doc = dedupe.normalize_text("<html><body><p>Only text here, nothing stated.</p></body></html>", fmt="html")
    assert all(v is None for v in doc.metadata.model_dump().values())


def test_plain_text_has_no_metadata_even_if_it_says_by() -> None:
    doc = dedupe.normalize_text("A title\n\nBy Jane Doe\n\nSome text of the post that is long enough.\n")
    assert doc.metadata.author is None


def test_a_comment_authors_name_is_not_the_posts() -> None:
    page = ("<html><body><article><h1>T</h1><p>The post's text, a sentence long enough to count.</p></article>"
            '<div class="comments"><div class="comment"><span class="author">Troll 42</span>'
            "<p>First!</p></div></div></body></html>")
    assert dedupe.normalize_text(page, fmt="html").metadata.author is None


MD_KEYS = {"published": ("date", "published"), "modified": ("updated", "lastmod"), "author": ("author",),
           "description": ("description", "summary"), "canonical_url": ("canonical_url",), "site_name": ("site",)}


@pytest.mark.parametrize("seed", range(100))
def test_front_matter_metadata(seed: int) -> None:
    rng = random.Random(seed)
    lines, want = ["---", "title: A generated post"], {}
    for f, keys in MD_KEYS.items():
        if rng.random() < 0.6:
            key = rng.choice(keys)
            if f in ("published", "modified"):
                d = _date(rng)
                value, want[f] = f"{d[0]:04d}-{d[1]:02d}-{d[2]:02d}", f"{d[0]:04d}-{d[1]:02d}-{d[2]:02d}"
            elif f == "canonical_url":
                value = want[f] = f"https://example.org/p/{seed}"
            elif f == "author":
                value = want[f] = rng.choice(NAMES[rng.choice(("en", "ja", "ko"))])
            else:
                value = want[f] = rng.choice(SITES) if f == "site_name" else f"About post {seed}: a summary"
            quote = rng.choice(("", '"', "'")) if f != "published" else ""
            lines.append(f"{key}: {quote}{value}{quote}")
    lines += ["---", "", "# A generated post", "", "The body of the post, one sentence long enough.", ""]
    source = "\n".join(lines)
    doc = dedupe.normalize_text(source, fmt="markdown")
    meta = doc.metadata.model_dump()
    for f, got in meta.items():
        if f not in want:
            assert got is None, (f, got)
            continue
        assert got is not None, (f, source)
        assert got["value"][: len(want[f])] == want[f]
        assert got["provenance"]["source"].startswith("front-matter:")
        span = got["provenance"]["spans"][0]
        assert source[span["start"]:span["end"]] == want[f]
    assert "The body of the post" in doc.sections[0].blocks[0].text
