"""Golden outputs: normalized/<name>.json is exactly what the CLI makes of raw/<name>.

Refresh on purpose with `dedupe normalize raw/ -o normalized/` and read the diff.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedupe.cli import main

ROOT = Path(__file__).resolve().parent.parent
RAW = sorted((ROOT / "raw").glob("*.txt"))
ACCEPTANCE = ROOT.parent / "shared" / "acceptance" / "check_seed.py"
SEED = ROOT / "raw" / "000_5b8682380bdf1a26.txt"


@pytest.mark.parametrize("raw", RAW, ids=[p.name for p in RAW])
def test_golden_output_is_current(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    # The path as the README's command gives it, so source.path matches.
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(main, ["normalize", f"raw/{raw.name}", "-o", str(out)])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    golden = ROOT / "normalized" / raw.with_suffix(".json").name
    stale = f"{golden.name} is stale: run `dedupe normalize raw/ -o normalized/`"
    assert out.read_bytes() == golden.read_bytes(), stale


@pytest.mark.skipif(not ACCEPTANCE.exists(), reason="shared acceptance check not present beside the checkout")
def test_seed_passes_acceptance_check() -> None:
    golden = ROOT / "normalized" / "000_5b8682380bdf1a26.json"
    proc = subprocess.run([sys.executable, str(ACCEPTANCE), str(golden)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_seed_keeps_the_authors_spacing() -> None:
    """The seed's second copy alone writes `規制回避: オープンソース化` (the first has no such
    item): the output keeps its space after the ASCII colon, and `(WIRED)` keeps the space
    before it in the spelling of the copy that wrote one."""
    text = (ROOT / "normalized" / "000_5b8682380bdf1a26.json").read_text(encoding="utf-8")
    assert text.count("規制回避: オープンソース化により") == 1
    assert "規制回避:オープンソース化" not in text
    assert "推論能力を示しました (WIRED)。" in text  # a variant
    assert "推論能力を示しました(WIRED)。" in text  # the canonical spelling: the first copy's
