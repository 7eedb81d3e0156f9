"""The seed post in other formats: a Blogger page and a Markdown file made from its lines.

The structure of each line (heading, list item, table row, paragraph) is what the text
ingester reads in it; the generators only re-spell that structure as HTML or Markdown,
so the normalized documents must agree with the text one.
"""

from __future__ import annotations

import html
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import regex

import dedupe
from dedupe.ingest.blocks import Kind
from dedupe.ingest.plaintext import ingest_text
from dedupe.models import Document

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "raw" / "000_5b8682380bdf1a26.txt"
URL_RE = regex.compile(r"https?://[^\s()（）]+")


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def _line_kinds(text: str) -> dict[int, Kind]:
    """1-based line -> the kind of the first block the text ingester starts on it."""
    kinds: dict[int, Kind] = {}
    for b in ingest_text(text).blocks:
        kinds.setdefault(b.line, b.kind)
    return kinds


def _inline(text: str) -> str:
    """Escape text for HTML and link its URLs, as Blogger's editor does."""
    out, pos = [], 0
    for m in URL_RE.finditer(text):
        out.append(html.escape(text[pos : m.start()], quote=False))
        out.append(f'<a href="{html.escape(m.group(), quote=True)}">{html.escape(m.group(), quote=False)}</a>')
        pos = m.end()
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out)


def blogger_page(text: str) -> str:
    """The post as Blogger saves it: header, navbar, date header, post with title and labels,
    share buttons, comments with a comment form, sidebar widgets and footer."""
    lines = text.split("\n")
    kinds = _line_kinds(text)
    title_line = lines[0].lstrip("#")
    body: list[str] = []
    i = 0
    n_para = 0
    while i < len(lines):
        line = lines[i]
        number = i + 1
        stripped = line.strip()
        if number == 1 or not stripped or stripped == "コメント":
            i += 1
            continue
        if stripped.startswith("- "):
            body.append("<ul>")
            while i < len(lines) and lines[i].strip().startswith("- "):
                body.append(f"<li>{_inline(lines[i].strip()[2:])}</li>")
                i += 1
            body.append("</ul>")
            continue
        if stripped.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                rows.append(lines[i].strip())
                i += 1
            body.append('<table border="1" cellpadding="4"><tbody>')
            for r, row in enumerate(rows):
                cells = [c.strip() for c in row.strip("|").split("|")]
                if all(set(c) <= set("-:") for c in cells):
                    continue
                tag = "th" if r == 0 else "td"
                body.append("<tr>" + "".join(f"<{tag}>{_inline(c)}</{tag}>" for c in cells) + "</tr>")
            body.append("</tbody></table>")
            continue
        if kinds.get(number) is Kind.HEADING:
            body.append(f"<h2>{_inline(stripped)}</h2>")
        else:
            n_para += 1
            # Blogger's editor mixes <p>, <div> and trailing &nbsp;.
            if n_para % 3 == 0:
                body.append(f"<div>{_inline(stripped)}&nbsp;</div>")
            else:
                body.append(f"<p>{_inline(stripped)}</p>")
        i += 1
    post = "\n".join(body)
    return f"""<!DOCTYPE html>
<html dir='ltr' lang='ja' xmlns='http://www.w3.org/1999/xhtml' xmlns:b='http://www.google.com/2005/gml/b'>
<head>
<meta content='text/html; charset=UTF-8' http-equiv='Content-Type'/>
<meta content='width=device-width, initial-scale=1' name='viewport'/>
<title>AIニュース備忘録: {html.escape(title_line.split(' #')[0])}</title>
<link href='https://example.blogspot.com/feeds/posts/default' rel='alternate' title='AIニュース備忘録 - Atom' type='application/atom+xml'/>
<style type='text/css'>body {{ font: normal normal 14px Arial; }} .post-body {{ line-height: 1.4; }}</style>
<script type='text/javascript'>window['__wavt'] = 'AOuZoY4';(function() {{ var x = "<p>not text</p>"; }})();</script>
</head>
<body class='loading'>
<div class='navbar section' id='navbar' name='ナビバー'><div class='widget Navbar' id='Navbar1'><iframe src='https://www.blogger.com/navbar.g'></iframe></div></div>
<div class='content'>
<header><div class='header-outer'><div class='header section' id='header'><div class='widget Header' id='Header1'>
<div id='header-inner'><div class='titlewrapper'><h1 class='title'><a href='https://example.blogspot.com/'>AIニュース備忘録</a></h1></div>
<div class='descriptionwrapper'><p class='description'><span>気になったAIの記事を保存しています</span></p></div></div>
</div></div></div></header>
<div class='main-outer'><div class='columns fauxcolumns'>
<div class='main section' id='main'><div class='widget Blog' id='Blog1'>
<div class='blog-posts hfeed'>
<div class="date-outer"><h2 class='date-header'><span>2025年3月20日木曜日</span></h2>
<div class="date-posts"><div class='post-outer'>
<div class='post hentry uncustomized-post-template' itemprop='blogPost' itemscope='itemscope' itemtype='http://schema.org/BlogPosting'>
<meta content='https://example.blogspot.com/img.png' itemprop='image_url'/>
<a name='4242424242424242424'></a>
<h3 class='post-title entry-title' itemprop='name'>
{html.escape(title_line)}
</h3>
<div class='post-header'><div class='post-header-line-1'></div></div>
<div class='post-body entry-content' id='post-body-4242424242424242424' itemprop='description articleBody'>
{post}
<div style='clear: both;'></div>
</div>
<div class='post-footer'>
<div class='post-footer-line post-footer-line-1'>
<span class='post-author vcard'>投稿者 <span class='fn' itemprop='author'><span itemprop='name'>mori</span></span></span>
<span class='post-timestamp'>時刻: <a class='timestamp-link' href='https://example.blogspot.com/2025/03/blog-post.html' rel='bookmark'>14:03</a></span>
<span class='post-comment-link'></span>
<div class='post-share-buttons goog-inline-block'>
<a class='goog-inline-block share-button sb-email' href='https://www.blogger.com/share-post.g?blogID=1&postID=2&target=email' target='_blank' title='メールで送信'><span class='share-button-link-text'>メールで送信</span></a>
<a class='goog-inline-block share-button sb-blog' href='https://www.blogger.com/share-post.g?blogID=1&postID=2&target=blog' target='_blank' title='BlogThis!'><span class='share-button-link-text'>BlogThis!</span></a>
<a class='goog-inline-block share-button sb-twitter' href='https://www.blogger.com/share-post.g?target=twitter' target='_blank' title='X で共有'><span class='share-button-link-text'>X で共有</span></a>
</div>
</div>
<div class='post-footer-line post-footer-line-2'><span class='post-labels'>ラベル: <a href='https://example.blogspot.com/search/label/AI' rel='tag'>AI</a></span></div>
</div>
</div>
<div class='comments' id='comments'>
<a name='comments'></a>
<h4>0 件のコメント:</h4>
<div id='Blog1_comments-block-wrapper'><dl class='avatar-comment-indent' id='comments-block'></dl></div>
<p class='comment-footer'>
<div class='comment-form'><a name='comment-form'></a>
<h4 id='comment-post-message'>コメントを投稿</h4>
<p></p>
<a href='https://www.blogger.com/comment/frame/1?po=2' id='comment-editor-src'></a>
<iframe allowtransparency='true' class='blogger-iframe-colorize blogger-comment-from-post' frameborder='0' height='410px' id='comment-editor' name='comment-editor' src='' width='100%'></iframe>
</div>
</p>
</div>
</div></div></div>
</div>
<div class='blog-pager' id='blog-pager'>
<span id='blog-pager-newer-link'><a class='blog-pager-newer-link' href='https://example.blogspot.com/2025/03/newer.html' title='次の投稿'>次の投稿</a></span>
<span id='blog-pager-older-link'><a class='blog-pager-older-link' href='https://example.blogspot.com/2025/03/older.html' title='前の投稿'>前の投稿</a></span>
<a class='home-link' href='https://example.blogspot.com/'>ホーム</a>
</div>
<div class='clear'></div>
<div class='post-feeds'><div class='feed-links'>登録: <a class='feed-link' href='https://example.blogspot.com/feeds/2/comments/default' target='_blank' type='application/atom+xml'>コメントの投稿 (Atom)</a></div></div>
</div></div>
<aside><div class='sidebar section' id='sidebar-right-1'>
<div class='widget PopularPosts' id='PopularPosts1'><h2>このブログの人気の投稿</h2>
<div class='widget-content popular-posts'><ul><li><div class='item-title'><a href='https://example.blogspot.com/2025/02/deepseek.html'>DeepSeek R1 の衝撃</a></div></li></ul></div></div>
<div class='widget BlogArchive' id='BlogArchive1'><h2>ブログ アーカイブ</h2>
<div class='widget-content'><ul class='hierarchy'><li class='archivedate expanded'><a class='post-count-link' href='https://example.blogspot.com/2025/'>2025</a> <span class='post-count' dir='ltr'>(12)</span></li></ul></div></div>
<div class='widget Profile' id='Profile1'><h2>自己紹介</h2><div class='widget-content'><dl class='profile-datablock'><dt class='profile-data'>mori</dt></dl>
<a class='profile-link' href='https://www.blogger.com/profile/1' rel='author'>詳細プロフィールを表示</a></div></div>
</div></aside>
</div></div>
<footer><div class='footer-outer'><div class='footer section' id='footer-1'>
<div class='widget Attribution' id='Attribution1'><div class='widget-content' style='text-align: center;'>テーマ画像の作成者: <a href='http://www.istockphoto.com/portfolio/x'>x</a>. Powered by <a href='https://www.blogger.com' target='_blank'>Blogger</a>.</div></div>
</div></div></footer>
</div>
<!-- comment: rendering took 42ms -->
<script type='text/javascript'>window.___gcfg = {{'lang': 'ja'}};</script>
</body>
</html>
"""


def markdown_file(text: str) -> str:
    """The seed's lines as valid Markdown: blank lines between blocks, list and table lines kept together."""
    lines = [ln for ln in text.split("\n")]
    out: list[str] = []
    prev = ""
    for line in lines:
        s = line.strip()
        if not s:
            continue
        together = (s.startswith("- ") and prev.startswith("- ")) or (s.startswith("|") and prev.startswith("|"))
        if out and not together:
            out.append("")
        out.append(line)
        prev = s
    return "\n".join(out) + "\n"


def outline(doc: Document) -> dict[str, object]:
    """What must agree between formats: title, tags, headings with levels, content strings, citations."""
    data = doc.model_dump()
    headings: list[tuple[str, int, int]] = []
    content: list[str] = []

    def walk(sections: list[dict], depth: int) -> None:
        for s in sections:
            if s["heading"] is not None:
                headings.append((s["heading"], s["level"], depth))
            for b in s["blocks"]:
                if b["type"] == "list":
                    content.extend("item: " + it["text"] for it in b["items"])
                elif b["type"] == "table":
                    content.append("header: " + " | ".join(b["header"]))
                    content.extend("row: " + " | ".join(r) for r in b["rows"])
                else:
                    content.append(b["type"] + ": " + b["text"])
            walk(s["sections"], depth + 1)

    walk(data["sections"], 0)
    return {
        "title": data["title"],
        "tags": data["tags"],
        "headings": headings,
        "content": content,
        "citations": [(c["title"], c["publisher"]) for c in data["citations"]],
        "copies": data["report"]["copies_detected"],
    }


def expectation(doc: dedupe.Document) -> dict[str, Any]:
    """The golden view of a fixture: its outline plus citations and what was set aside, with its kind."""
    data = outline(doc)
    data["citations"] = [[c.title, c.url] for c in doc.citations]
    data["boilerplate"] = [[b.kind, b.text] for b in doc.boilerplate]
    return data


def regenerate(paths: Iterable[Path]) -> None:
    """Rewrite the golden sidecars of `paths` from the current output (run on purpose, then read the diff)."""
    for path in paths:
        data = expectation(dedupe.normalize_file(path))
        path.with_suffix(".expect.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                                                    encoding="utf-8")
        print(f"wrote {path.with_suffix('.expect.json')}", file=sys.stderr)
