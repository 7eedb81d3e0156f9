"""dedupe: turn raw scraped posts into one clean, canonical, structured JSON document."""

from __future__ import annotations

from . import corpus  # callable: dedupe.corpus(...) (see dedupe/corpus/__init__.py)
from .config import Config
from .errors import DecodeError, DedupeError, InputError, InvariantError, OutputError
from .models import Document
from .pipeline import normalize_bytes, normalize_file, normalize_text
from .steps import State, Step, Steps, default_steps

__version__ = "0.1.0"

__all__ = [
    "Config",
    "DecodeError",
    "DedupeError",
    "Document",
    "InputError",
    "InvariantError",
    "OutputError",
    "State",
    "Step",
    "Steps",
    "__version__",
    "corpus",
    "default_steps",
    "normalize_bytes",
    "normalize_file",
    "normalize_text",
]
