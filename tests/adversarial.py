"""Posts built to make the matcher work hardest: the inputs of issue 13's "bounded work".

Each is a pure function of its size. `benchmarks/adversarial.py` times them, and
`tests/test_bounded.py` checks what comes out of them.

- `near_duplicate_post(n)`: n lines, each one letter away from the same sentence (every
  line a different edit): every line matches every other.
- `pasted_post(k)`: a 4-line post pasted k times, verbatim or each paste with one letter
  changed (`edited=True`): k copies, and with edits a run broken in every paste.
- `identical_short_lines(n)`: n short lines, three of them in turn: a tandem repeat of
  period 3, n / 3 copies of nothing much.
- `alike_in_pairs(n)`: n lines in pairs, each sentence followed by itself with one letter
  changed.
"""

from __future__ import annotations

import hashlib
import itertools

from dedupe.text import comparison_key

from .vocab import EN

SENTENCE = ("The volunteers who looked after the old railway garden spent the whole summer clearing weeds, "
            "painting the benches and planting flowers along the platform for the visitors who came on weekends.")
POST = (
    "Notes from the spring release",
    "The spring release adds an offline mode to every client.",
    "Sync conflicts are now resolved on the server side.",
    "The old export format is gone for good.",
)
SHORT_LINES = ("Fresh bread.", "Warm soup.", "Cold milk.")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def one_letter_edits(sentence: str) -> list[str]:
    """Every text one letter away from `sentence` (a letter changed, added or dropped), in a
    fixed order that spreads the edits over the sentence; no two have one comparison key
    (which folds case and drops spaces), nor any the sentence's.

    >>> edits = one_letter_edits("a cat")
    >>> len(edits), len(set(edits)), "a bat" in edits, "a at" in edits, "a cAt" in edits
    (205, 205, True, True, False)
    """
    seen = {comparison_key(sentence)}
    out = []
    for i, c in enumerate(sentence):
        if not c.isalpha():
            continue
        forms = [sentence[:i] + x + sentence[i + 1 :] for x in _LETTERS if x != c.casefold()]
        forms += [sentence[:i] + x + sentence[i:] for x in _LETTERS]
        forms.append(sentence[:i] + sentence[i + 1 :])
        for form in forms:
            key = comparison_key(form)
            if key not in seen:
                seen.add(key)
                out.append(form)
    return sorted(out, key=lambda s: hashlib.blake2b(s.encode(), digest_size=8).digest())


def near_duplicate_post(n: int) -> str:
    """n lines, each a different one-letter edit of `SENTENCE` (up to about 9,000)."""
    edits = one_letter_edits(SENTENCE)
    if n > len(edits):
        raise ValueError(f"at most {len(edits)} different one-letter edits of the sentence")
    return "\n".join(edits[:n]) + "\n"


def pasted_post(k: int, *, edited: bool = False) -> str:
    """`POST` pasted k times; with `edited`, each paste has one of its sentences one letter off."""
    edits = [one_letter_edits(line) for line in POST[1:]]
    lines: list[str] = []
    for i in range(k):
        paste = list(POST)
        if edited:
            j = i % 3
            paste[1 + j] = edits[j][(i // 3) % len(edits[j])]
        lines += paste
    return "\n".join(lines) + "\n"


def identical_short_lines(n: int) -> str:
    """n short lines, `SHORT_LINES` in turn."""
    return "\n".join(itertools.islice(itertools.cycle(SHORT_LINES), n)) + "\n"


def sentences(n: int) -> list[str]:
    """n different plain sentences (subject, verb, object: up to 48,000)."""
    subjects, verbs, objects = EN.subjects, [v.split("|")[0] for v in EN.verbs], EN.objects
    out = []
    for i in range(n):
        s, o, v = i % len(subjects), (i // len(subjects)) % len(objects), i // (len(subjects) * len(objects))
        out.append(f"{subjects[s]} {verbs[v % len(verbs)]} {objects[o]}.")
    return out


def alike_in_pairs(n: int) -> str:
    """n lines (n even): n / 2 different sentences, each followed by itself with one letter changed."""
    lines = []
    for i, s in enumerate(sentences(n // 2)):
        at = [k for k, c in enumerate(s) if c.isalpha()][i % 7 + 1]
        lines += [s, s[:at] + ("x" if s[at] != "x" else "y") + s[at + 1 :]]
    return "\n".join(lines) + "\n"
