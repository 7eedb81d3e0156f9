"""The regex HTML tokenizer gives exactly the events of the previous HTMLParser tokenizer.

`tests/html_reference.py` keeps the previous one. Differential: every HTML fixture, chosen
edge cases (each of the parser's quirks that decides what is text), and random pages made
of HTML-ish scraps; `benchmarks/html_tokens_speed.py` runs the same comparison on real pages and on
thousands more random ones. Then: no input makes it quadratic.
"""

from __future__ import annotations

import _markupbase
import hashlib
import html.parser
import inspect
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dedupe.ingest.decode import decode_bytes
from dedupe.ingest.html_tokens import tokenize
from tests.html_reference import FRAGMENTS, tokenize_reference

FIXTURES = Path(__file__).parent / "fixtures"
# The standard parser the tokenizer reproduces: Python 3.11.7's html/parser.py and
# _markupbase.py. Another version reads some inputs differently (3.13.4 and the 2025
# security releases changed comments, CDATA and script handling), and the reference then
# is no longer the tokenizer's definition.
PARSER_SOURCE = "c679a63e9a349553de6797dac8a05e51db06f817bc890deab96fd57a13146adc"
same_parser = pytest.mark.skipif(
    hashlib.sha256((inspect.getsource(html.parser) + inspect.getsource(_markupbase)).encode()).hexdigest()
    != PARSER_SOURCE,
    reason="the reference runs another version of html.parser than the one the tokenizer reproduces",
)


def assert_same(page: str) -> None:
    assert tokenize(page) == tokenize_reference(page), repr(page)


@same_parser
@pytest.mark.parametrize("path", sorted(p.name for p in FIXTURES.rglob("*.html")))
def test_fixtures(path: str) -> None:
    (found,) = FIXTURES.rglob(path)
    text, _ = decode_bytes(found.read_bytes(), html=True)
    assert_same(text)


EDGE_CASES = [
    "", "a", "<", "&", "<p>", "</p>", "x<", "x&", "&a", "x &a", "x &ab", "&amp", "&amp;", "&#65", "&#x41;", "&#12a;",
    "a &#; b &#; c <p>d</p>",  # the second "&#" that is no reference: the rest is text
    "&#; <b>x &lt; y</b>", "&a-b-", "&a.b c", "&notin; &not &zz",
    "<a\x00b>", "<a\x00", "<p>x</p>&#;<a\x00b", "<p>&#;x<a\x00b", "<a b='c'd=e>", "<a b=c/>", "<a b/ >", "<a/b>",
    "<A HREF=X>", "<a b==c>", "<a b= >x", "<a =b>", "<a\x0bb>", "<a b=\xa0c>", "<a href='&amp;&#65&copy'>",
    "<img alt=\"x > y\">", "<br/>", "<br />", "</br>", "</>", "</ >", "</1>", "</a b>", "</a", "<!>", "<!x>",
    "<!doctype html>", "<!DOCTYPE", "<!-- c -->", "<!---->", "<!-->", "<!--", "<!-- a <!-- b", "<?php ?>", "<?",
    "<![CDATA[x]]>", "<![CDATA[x", "<![if !IE]>x<![endif]>", "<![1]", "a <![1] b <p>x</p>", "<![ ]><p>c</p>",
    "<![zz]>", "<![if x <![if y ]>", "<![cdata[ x ]\x1c> <![if y ]\x1c>",
    "<script>if (a < b) { x = '</scr' + 'ipt>'; }</script>after", "<script>never closed <p>x</p>",
    "<SCRIPT>x</SCRIPT >y", "<style>a > b {}</style><p>", "<script/>x</script>", "<title>a <b> c</title>",
    "<textarea><p>x</p></textarea>", "\r\n<p>\r\nx\r\n</p>", "漢字<p>é\U0001f600</p>", "\x00<p>\x00</p>",
]


@same_parser
@pytest.mark.parametrize("page", EDGE_CASES)
def test_edge_cases(page: str) -> None:
    assert_same(page)


@same_parser
@settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join))
def test_random_pages(page: str) -> None:
    assert_same(page)


def test_spans_tile_the_source() -> None:
    page = "<!doctype html><p class=a>x &amp; y<br/>z</p><!-- c --><script>a<b</script>&a"
    events = tokenize(page)
    assert events[0].start == 0 and events[-1].end == len(page)
    assert all(a.end == b.start for a, b in zip(events, events[1:]))
    assert [(e.kind, e.tag, e.text) for e in events[:7]] == [
        ("decl", "", ""), ("start", "p", ""), ("data", "", "x "), ("entity", "", "&"), ("data", "", " y"),
        ("start", "br", "/"), ("data", "", "z")]


N = 100_000
HOSTILE = {
    "unterminated-tags": "<div " * N, "unterminated-comments": "<!--" * N, "cdata": "<![CDATA[" * N,
    "cdata-one-end": "<![CDATA[" * N + "]>", "end-tags": "</" * N, "pis": "<?" * N, "doctypes": "<!doctype" * N,
    "bogus": "<!x" * N, "quotes": "<a href='x " * N, "ampersands": "&" * N, "refs": "&#" * N + ";",
    "nested": "<div>" * N + "x" + "</div>" * N, "huge-attribute": "<a href='" + "x" * (20 * N) + "'>y</a>",
    "huge-unquoted": "<a b=" + "x" * (20 * N) + ">", "unclosed-script": "<script>" + "</scr" * N,
    "attributes": "<a" + " b" * N + ">", "no-gt-attributes": "<a" + " b" * N,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_inputs_stay_linear(name: str) -> None:
    page = HOSTILE[name]
    started = time.monotonic()
    events = tokenize(page)
    assert events[-1].end == len(page)
    assert time.monotonic() - started < 10, name
