"""dedupe explain: the terminal report, and the HTML page opened in a real headless browser."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedupe.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "raw" / "000_5b8682380bdf1a26.txt"
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


def test_html_page_is_self_contained(tmp_path: Path) -> None:
    page = tmp_path / "explain.html"
    result = CliRunner().invoke(main, ["explain", str(SEED), "--html", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=['"]?(https?:)?//""", html), "the page must load nothing from the network"
    assert "class='src dup'" in html and "class='src chrome'" in html
    assert "href='#out-s2'" in html and "id='out-s2'" in html


@pytest.mark.skipif(BROWSER is None, reason="no headless Chromium installed (apt-get install chromium)")
def test_html_page_opens_in_headless_chromium_with_copies_highlighted(tmp_path: Path) -> None:
    page = tmp_path / "explain.html"
    assert CliRunner().invoke(main, ["explain", str(SEED), "--html", str(page)]).exit_code == 0
    assert BROWSER is not None
    proc = subprocess.run(
        [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    body = re.search(r"<body([^>]*)>", proc.stdout)
    assert body, proc.stdout[:500]
    attrs = dict(re.findall(r'data-(\w+)="(\d+)"', body.group(1)))
    # the page's script ran in the browser and counted what is highlighted
    assert attrs["copies"] == "2"
    assert int(attrs["merged"]) >= 25
    assert attrs["chrome"] == "2"
    assert proc.stdout.count("class=\"copy-2\"") > 10
