"""``python -m dedupe.steps``: the steps of the pipeline in order, one line each."""

from __future__ import annotations

from . import default_steps

if __name__ == "__main__":
    print(default_steps().describe())
