"""Build `benchmarks/data/decode_samples.json`: real-language text for the decoding benchmark.

The samples are sentences of Universal Dependencies treebanks (their *test* files, so
never text the letter statistics were made from: those come from software translation
catalogs, see `tools/letter_stats.py`), joined in file order into passages of at least
`--min-chars` characters -- about a short post -- and picked evenly through each file.
Every sample lists the legacy encodings it is checked in: those that encode it exactly.

    python benchmarks/build_decode_samples.py MIRRORS_DIR

MIRRORS_DIR holds one git mirror per treebank, `UniversalDependencies+UD_<name>/repo`
(`git clone --mirror https://github.com/UniversalDependencies/UD_<name>`). All treebanks
used are CC BY-SA (see benchmarks/data/README.md).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

# (treebank, language, encodings to check it in, samples to take)
TREEBANKS = [
    ("French-GSD", "fr", ("cp1252", "latin-1"), 8),
    ("German-GSD", "de", ("cp1252", "latin-1"), 8),
    ("Spanish-GSD", "es", ("cp1252", "latin-1"), 8),
    ("Italian-PUD", "it", ("cp1252", "latin-1"), 8),
    ("Portuguese-Bosque", "pt", ("cp1252", "latin-1"), 8),
    ("Dutch-Alpino", "nl", ("cp1252", "latin-1"), 7),
    ("Swedish-Talbanken", "sv", ("cp1252", "latin-1"), 7),
    ("Danish-DDT", "da", ("cp1252", "latin-1"), 7),
    ("Norwegian-Bokmaal", "nb", ("cp1252", "latin-1"), 7),
    ("Finnish-TDT", "fi", ("cp1252", "latin-1"), 7),
    ("Czech-PUD", "cs", ("cp1250", "iso-8859-2"), 14),
    ("Polish-PUD", "pl", ("cp1250", "iso-8859-2"), 14),
    ("Slovak-SNK", "sk", ("cp1250", "iso-8859-2"), 14),
    ("Slovenian-SSJ", "sl", ("cp1250", "iso-8859-2"), 14),
    ("Croatian-SET", "hr", ("cp1250", "iso-8859-2"), 14),
    ("Russian-GSD", "ru", ("cp1251", "koi8-r"), 35),
    ("Russian-Taiga", "ru", ("cp1251", "koi8-r"), 35),
    ("Belarusian-HSE", "be", ("cp1251",), 20),
    ("Greek-GUD", "el", ("cp1253",), 70),
    ("Japanese-GSD", "ja", ("shift_jis", "euc-jp"), 70),
    ("Chinese-GSDSimp", "zh-hans", ("gb18030",), 70),
    ("Chinese-GSD", "zh-hant", ("big5",), 70),
    ("Korean-GSD", "ko", ("euc-kr",), 70),
]


def sentences(repo: Path) -> list[str]:
    """The `# text =` lines of the treebank's test file, in order; a new document starts a new run."""
    names = subprocess.run(["git", "-C", str(repo), "ls-tree", "--name-only", "HEAD"], capture_output=True,
                           text=True, check=True).stdout.split()
    test = next(n for n in names if n.endswith("-test.conllu"))
    data = subprocess.run(["git", "-C", str(repo), "show", f"HEAD:{test}"], capture_output=True, check=True).stdout
    out: list[str] = []
    docs = 0
    for line in data.decode("utf-8").splitlines():
        if line.startswith("# newdoc"):
            out.append("")  # a document boundary
            docs += 1
        elif line.startswith("# text = "):
            out.append(line[len("# text = "):].strip())
    if docs * 2 > len(out) - docs:  # documents of one sentence each (Japanese GSD): read as one run
        out = [s for s in out if s]
    return out


def passages(lines: list[str], min_chars: int) -> list[str]:
    """Consecutive sentences of one document joined until at least `min_chars` long."""
    out: list[str] = []
    current: list[str] = []
    for s in lines:
        if not s:
            current = []
            continue
        current.append(s)
        text = " ".join(current)
        if len(text) >= min_chars:
            out.append(text)
            current = []
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mirrors", type=Path)
    parser.add_argument("--min-chars", type=int, default=300, help="Latin, Cyrillic, Greek passages [300]")
    parser.add_argument("--min-cjk-chars", type=int, default=120, help="Japanese, Chinese, Korean passages [120]")
    parser.add_argument("-o", "--output", type=Path, default=Path(__file__).parent / "data" / "decode_samples.json")
    args = parser.parse_args()
    samples = []
    for name, lang, encodings, want in TREEBANKS:
        repo = args.mirrors / f"UniversalDependencies+UD_{name}" / "repo"
        cjk = lang in ("ja", "ko") or lang.startswith("zh")
        found = passages(sentences(repo), args.min_cjk_chars if cjk else args.min_chars)
        step = max(1, len(found) // want)
        order = found[::step] + [t for n, t in enumerate(found) if n % step]  # evenly through the file first
        taken = 0
        for text in order:
            ok = []
            for enc in encodings:
                try:
                    text.encode(enc)
                except UnicodeEncodeError:
                    continue
                ok.append(enc)
            if not ok:
                continue
            samples.append({"lang": lang, "treebank": f"UD_{name}", "encodings": ok, "text": text})
            taken += 1
            if taken == want:
                break
        print(f"{name}: {taken} of {len(found)} passages", file=sys.stderr)
    args.output.write_text(json.dumps(samples, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    counts: dict[str, int] = {}
    for s in samples:
        for enc in s["encodings"]:
            counts[enc] = counts.get(enc, 0) + 1
    print(json.dumps(counts), file=sys.stderr)


if __name__ == "__main__":
    main()
