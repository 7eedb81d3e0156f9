"""Build `src/dedupe/ingest/letter_stats.json`: letter statistics of languages, from real text.

The text is the translations in the gettext catalogs a Debian system ships
(`/usr/share/locale/<lang>/LC_MESSAGES/*.mo`: coreutils, glib, gtk, apt, systemd...),
English from their source strings. Format directives, options, paths, URLs, markup and
untranslated strings are left out, and so are the catalogs of names (ISO 639/3166 lists,
keyboard layouts), which are full of foreign letters. Every tenth catalog (by a hash of its
name) is held out, so there is text the tables never saw to tune on; the decoding
benchmark (`benchmarks/decoding.py`) reads treebank sentences of another source entirely.

    python tools/letter_stats.py [LOCALE_DIR]

The output is deterministic for a given set of catalogs.
"""

from __future__ import annotations

import gettext
import json
import sys
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import regex  # noqa: E402

from dedupe.ingest.letters import letter_tokens, script_of  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "src" / "dedupe" / "ingest" / "letter_stats.json"

# Table name -> the locale directories whose catalogs it is counted from.
LANGUAGES: dict[str, tuple[str, ...]] = {
    "en": (), "fr": ("fr",), "de": ("de",), "es": ("es",), "it": ("it",), "pt": ("pt", "pt_BR"), "nl": ("nl",),
    "sv": ("sv",), "da": ("da",), "nb": ("nb", "nn"), "fi": ("fi",), "is": ("is",), "ca": ("ca",), "gl": ("gl",),
    "eu": ("eu",), "ga": ("ga",), "cy": ("cy",), "af": ("af",), "et": ("et",), "lt": ("lt",), "lv": ("lv",),
    "cs": ("cs",), "sk": ("sk",), "pl": ("pl",), "hu": ("hu",), "sl": ("sl",), "hr": ("hr",), "bs": ("bs",),
    "sr-latn": ("sr@latin",), "ro": ("ro",), "sq": ("sq",), "tr": ("tr",), "ru": ("ru",), "uk": ("uk",),
    "bg": ("bg",), "be": ("be",), "sr": ("sr",), "mk": ("mk",), "el": ("el",), "he": ("he",), "ar": ("ar",),
    "fa": ("fa",), "th": ("th",), "ja": ("ja",), "zh-hans": ("zh_CN",), "zh-hant": ("zh_TW", "zh_HK"),
    "ko": ("ko",),
}
# English is counted from the source strings of these catalogs.
ENGLISH_FROM = ("fr", "de")
SKIP_CATALOG_RE = regex.compile(r"^(?:iso_|xkeyboard)")
NOISE_RE = regex.compile(
    r"%(?:\d+\$)?[-+ #0]*\d*(?:\.\d+)?[hlLqjzt]*[a-zA-Z%]|\{[^}]*\}|<[^>]*>|https?://\S+|--?[\w-]+|\$\w+|&\w+;"
    r"|/[\w./-]+|\b[A-Z_]{2,}\b|_"
)
MIN_SINGLE = 2  # a character seen once is as likely a stray foreign letter as the language's
MIN_PAIR = 10


def held_out(catalog: str) -> bool:
    return zlib.crc32(catalog.encode()) % 10 == 0


def strings(root: Path, dirs: tuple[str, ...], *, english: bool) -> Iterator[str]:
    """The cleaned strings of the catalogs in `dirs`, each once."""
    seen: set[str] = set()
    for d in dirs:
        for path in sorted((root / d / "LC_MESSAGES").glob("*.mo")):
            if SKIP_CATALOG_RE.match(path.stem) or held_out(path.stem):
                continue
            try:
                with path.open("rb") as fh:
                    catalog = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
            except (OSError, ValueError, UnicodeDecodeError):
                continue
            for key, value in catalog.items():
                source = key[0] if isinstance(key, tuple) else key
                if not source or (not english and value == source):
                    continue
                text = NOISE_RE.sub(" ", source if english else value)
                if text not in seen:
                    seen.add(text)
                    yield text


def table(texts: Iterator[str]) -> dict[str, object]:
    singles: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    for text in texts:
        tokens = letter_tokens(text)
        singles.update(tokens)
        pairs.update(map(str.__add__, tokens, tokens[1:]))
    scripts: Counter[str] = Counter()
    for c, n in singles.items():
        s = script_of(c)
        if s is not None and not c.isascii():
            scripts[s] += n
    script = scripts.most_common(1)[0][0] if scripts else "LATIN"
    out: dict[str, object] = {
        "script": script,
        "total": sum(singles.values()),
        "singles": {c: n for c, n in sorted(singles.items()) if n >= MIN_SINGLE},
    }
    if script != "CJK":  # thousands of characters: too many for pairs
        out["pairs"] = {p: n for p, n in sorted(pairs.items()) if n >= MIN_PAIR}
    return out


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/locale")
    languages = {}
    for code, dirs in LANGUAGES.items():
        english = not dirs
        languages[code] = table(strings(root, dirs or ENGLISH_FROM, english=english))
        print(f"{code}: {languages[code]['total']} tokens, {languages[code]['script']}", file=sys.stderr)
    about = ("Letter statistics per language (lower case, `_` a run of non-letters), counted by "
             "tools/letter_stats.py on the translations of a Debian system's gettext catalogs.")
    # One language a line, so a rebuilt table diffs by language.
    lines = [f"{json.dumps(code)}:{json.dumps(t, ensure_ascii=False, separators=(',', ':'))}"
             for code, t in languages.items()]
    OUT.write_text(f'{{"about":{json.dumps(about)},"languages":{{\n' + ",\n".join(lines) + "\n}}\n",
                   encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
