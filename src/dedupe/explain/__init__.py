"""Explain a run: the copies found, how they were aligned, and every keep/merge/set-aside decision.

Everything here is derived from the output `Document` and the decoded source, so an
explanation can never disagree with the JSON it explains.
"""

from __future__ import annotations

from .decisions import Decision, copy_of, decisions
from .page import explain_html
from .report import explain_lines

__all__ = ["Decision", "copy_of", "decisions", "explain_html", "explain_lines"]
