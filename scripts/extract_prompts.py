"""Extract the shipped prompt corpus (``src/yuyin/assets/text/prompts_*.txt.xz``) once.

Run by hand, not at install time; the output is committed so that users need neither R data nor
the ``bible`` program. Sources (both public domain):

* Jane Austen's six novels, from Debian ``r-cran-janeaustenr`` (``data/Rdata.rdb``, read with PyPI
  ``rdata``; the deb may be unpacked with ``apt-get download r-cran-janeaustenr && dpkg -x ...``
  instead of installing R).
* The King James Bible, from Debian ``bible-kjv`` (the ``bible`` program prints every verse).

Each source is split into sentences; a sentence is kept when it has 3-25 words made only of ASCII
letters, apostrophes, hyphens and basic punctuation (no digits or odd symbols, since the sentences
become TTS prompts and ASR labels). Sentences are deduplicated across sources by their normalized
form (see :func:`yuyin.data.prompts.normalize_prompt`). The train/dev/test split is not stored: it
is computed when loading from a hash of each normalized sentence.

Usage::

    .venv/bin/pip install rdata   # for this script only
    apt-get install bible-kjv      # or pass --kjv FILE with `bible -f gen1:1-rev22:21` output
    .venv/bin/python scripts/extract_prompts.py --janeaustenr /usr/lib/R/site-library/janeaustenr
"""

from __future__ import annotations

import argparse
import gzip
import lzma
import re
import subprocess
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from yuyin.data.prompts import (
    ASSET_DIR,
    MAX_WORDS,
    MIN_WORDS,
    asset_path,
    is_clean_prompt,
    normalize_prompt,
)

DEFAULT_JANEAUSTENR = Path("/usr/lib/R/site-library/janeaustenr")
KJV_RANGE = "gen1:1-rev22:21"  # the whole Bible, Genesis 1:1 to Revelation 22:21
RDB_HEADER_BYTES = 4  # each .rdb record: 4-byte big-endian length, then a zlib stream
XZ_PRESET = 9  # best compression: the text is extracted once

# abbreviations that end in a period but not a sentence, spelled out as a TTS engine says them
ABBREVIATIONS = {"Mr.": "Mister", "Mrs.": "Missus", "Dr.": "Doctor"}
SENTENCE_END = re.compile(r"(?<=[.!?])[\"']?\s+(?=[\"']?[A-Z])")
KJV_VERSE = re.compile(r"^([1-3]?[A-Za-z]+)(\d+):(\d+)\s+(.*)$")
ALL_CAPS_WORD = re.compile(r"\b([A-Z])([A-Z]+)\b")  # LORD -> Lord; "I" and "A" stay
END_THEN_DASH = re.compile(r"([.!?][\"']?)\s*--+\s*")
SENTENCE_FINAL = (".", "!", "?")  # a paragraph cut off by a dash leaves a fragment: dropped
INNER_PERIOD = re.compile(r"\.(?!$)")  # initials and "etc." ("Mister E., you are") are dropped
# a quotation mark, not an apostrophe: not inside a word, not a plural possessive (girls')
STRAY_QUOTE = re.compile(r"(?<![A-Za-z])'|(?<!s)'(?![A-Za-z])")
HEADING = re.compile(r"^(chapter|volume|book|the end)\b", re.IGNORECASE)


def read_rdb(package_dir: Path) -> dict[str, list[str]]:
    """Read every character vector of an R package's ``data/Rdata.rdb`` (name -> lines)."""
    import rdata  # only this script needs it

    data_dir = package_dir / "data"
    index_path, rdb_path = data_dir / "Rdata.rdx", data_dir / "Rdata.rdb"
    for path in (index_path, rdb_path):
        if not path.is_file():
            raise SystemExit(f"{path}: not found (is r-cran-janeaustenr unpacked there?)")
    index = rdata.conversion.convert(
        rdata.parser.parse_data(gzip.decompress(index_path.read_bytes()))
    )
    blob = rdb_path.read_bytes()
    books: dict[str, list[str]] = {}
    for name, (offset, length) in index["variables"].items():
        record = blob[int(offset) : int(offset) + int(length)]
        value = rdata.conversion.convert(
            rdata.parser.parse_data(zlib.decompress(record[RDB_HEADER_BYTES:]))
        )
        books[str(name)] = [str(line) for line in value]
    return books


def austen_paragraphs(lines: Iterable[str]) -> Iterator[str]:
    """Join the wrapped lines of a novel into paragraphs (blank lines separate them)."""
    paragraph: list[str] = []
    for line in lines:
        if line.strip():
            paragraph.append(line.strip())
        elif paragraph:
            yield " ".join(paragraph)
            paragraph = []
    if paragraph:
        yield " ".join(paragraph)


def kjv_chapters(text: str) -> Iterator[str]:
    """Join the verses of each chapter (``Ge1:1 In the beginning ...`` lines) into one text."""
    chapter_key: tuple[str, str] | None = None
    verses: list[str] = []
    for line in text.splitlines():
        match = KJV_VERSE.match(line.strip())
        if match is None:
            if verses and line.strip():  # a wrapped verse continues
                verses[-1] += " " + line.strip()
            continue
        book, chapter, _verse, words = match.groups()
        if (book, chapter) != chapter_key and verses:
            yield " ".join(verses)
            verses = []
        chapter_key = (book, chapter)
        verses.append(words)
    if verses:
        yield " ".join(verses)


def clean_sentence(sentence: str) -> str:
    """Normalize typography: no quotes or italics marks, dashes as commas, single spaces."""
    sentence = sentence.replace("_", "").replace('"', "").replace("`", "'")
    sentence = re.sub(r"\s*--+\s*", ", ", sentence)
    sentence = ALL_CAPS_WORD.sub(lambda m: m.group(1) + m.group(2).lower(), sentence)
    sentence = re.sub(r"\s+([,;:.!?])", r"\1", sentence)
    sentence = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", sentence)  # ", ," from dash replacement
    sentence = re.sub(r"\s+", " ", sentence).strip(" ,;:'-")
    return sentence[:1].upper() + sentence[1:]


def split_sentences(paragraph: str) -> Iterator[str]:
    """Split a paragraph at ``. ! ?`` followed by a capital; abbreviations are spelled out first."""
    for abbreviation, spoken in ABBREVIATIONS.items():
        paragraph = paragraph.replace(abbreviation, spoken)
    paragraph = END_THEN_DASH.sub(r"\1 ", paragraph)  # "Me!--I suppose" is two sentences
    for piece in SENTENCE_END.split(paragraph):
        sentence = clean_sentence(piece)
        if sentence and not HEADING.match(sentence):
            yield sentence


def keep(sentences: Iterable[str], seen: set[str]) -> list[str]:
    """Clean sentences of the right length that were not seen before (by normalized form)."""
    kept = []
    for sentence in sentences:
        key = normalize_prompt(sentence)
        clean = is_clean_prompt(sentence) and sentence.endswith(SENTENCE_FINAL)
        if (
            clean
            and not INNER_PERIOD.search(sentence)
            and not STRAY_QUOTE.search(sentence)
            and key not in seen
        ):
            seen.add(key)
            kept.append(sentence)
    return kept


def write_xz(path: Path, sentences: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with lzma.open(path, "wt", encoding="utf-8", preset=XZ_PRESET) as fh:
        fh.writelines(sentence + "\n" for sentence in sentences)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--janeaustenr", type=Path, default=DEFAULT_JANEAUSTENR)
    parser.add_argument("--kjv", type=Path, help="output of `bible -f gen1:1-rev22:21`")
    parser.add_argument("-o", "--out-dir", type=Path, default=ASSET_DIR)
    args = parser.parse_args(argv)

    if args.kjv is not None:
        kjv_text = args.kjv.read_text(encoding="utf-8")
    else:
        kjv_text = subprocess.run(
            ["bible", "-f", KJV_RANGE], capture_output=True, text=True, check=True
        ).stdout
    books = read_rdb(args.janeaustenr)
    austen = (
        s for lines in books.values() for p in austen_paragraphs(lines) for s in split_sentences(p)
    )
    kjv = (s for chapter in kjv_chapters(kjv_text) for s in split_sentences(chapter))

    seen: set[str] = set()
    for source, sentences in (("austen", austen), ("kjv", kjv)):
        kept = keep(sentences, seen)
        path = (
            asset_path(source)
            if args.out_dir == ASSET_DIR
            else args.out_dir / asset_path(source).name
        )
        write_xz(path, kept)
        words = sum(len(s.split()) for s in kept)
        print(
            f"{source}: {len(kept)} sentences of {MIN_WORDS}-{MAX_WORDS} words, {words} words, "
            f"{path.stat().st_size / 1e6:.2f} MB -> {path}",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
