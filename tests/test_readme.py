"""The README's library example runs as written (it once raised NameError)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _library_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Library\n", 1)[1]
    m = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert m, "the Library section has a python example"
    return m.group(1)


def test_the_library_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    cwd = os.getcwd()
    os.chdir(ROOT)  # the example's paths are the checkout's
    try:
        namespace: dict[str, object] = {}
        exec(compile(_library_example(), "README.md:Library", "exec"), namespace)  # noqa: S102
    finally:
        os.chdir(cwd)
    assert namespace["json_text"] and namespace["data"]
    assert capsys.readouterr().out.strip()
