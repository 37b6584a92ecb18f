"""``yuyin g2p label``: read a word list aloud with a G2P and write it as a lexicon file.

yuyin g2p label words.txt --out guessed.dict              the shipped G2P, CMUdict words skipped
yuyin g2p label words.txt --out guessed.dict --limit 50000   the first 50,000 words only
yuyin g2p train --out runs/student --extra-train guessed.dict ...   a student learns from them

The words file holds one word per line (the first field; blank lines and ``#`` lines skipped).
The output is cmudict-format (``word PH1 PH2 ...``), written in chunks and flushed, so a killed
run loses at most one chunk: running the same command again skips the words already there.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

CHUNK = 500  # words decoded together between two writes


def label_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="yuyin g2p label",
        description="Pronounce every word of a word list with a G2P model (default: the shipped "
        "one, reranked) and append the readings to a cmudict-format file; resumes where a killed "
        "run stopped.",
    )
    parser.add_argument(
        "words", type=Path, metavar="WORDS_FILE", help="a word per line (first field)"
    )
    parser.add_argument("--out", type=Path, required=True, help="lexicon file to write/extend")
    parser.add_argument("--model", type=Path, help="G2P model folder (default: the shipped one)")
    parser.add_argument("--fst", type=Path, help="joint-sequence folder (yuyin g2p train-fst)")
    parser.add_argument("--limit", type=int, help="the first N words of the list only")
    parser.add_argument(
        "--include-known",
        action="store_true",
        help="also read words the lexicon (CMUdict) holds, with the model (default: skipped)",
    )
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: torch default)")
    return parser


def _read_words(path: Path) -> list[str]:
    words, seen = [], set()
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        fields = line.split()
        if fields and not fields[0].startswith("#") and fields[0].lower() not in seen:
            seen.add(fields[0].lower())
            words.append(fields[0].lower())
    return words


def _done_words(out: Path) -> set[str]:
    """Headwords already in ``out``; a last line cut short by a kill is removed first."""
    if not out.exists():
        return set()
    text = out.read_text(encoding="utf-8")
    if text and not text.endswith("\n"):
        text = text[: text.rfind("\n") + 1]
        out.write_text(text, encoding="utf-8")
    return {line.split()[0] for line in text.splitlines() if line.split()}


def label(args: argparse.Namespace) -> int:
    import torch

    from yuyin.hub import ModelLoadError
    from yuyin.text.g2p import G2P, model_word
    from yuyin.text.joint_sequence import JointSequenceError

    if args.threads:
        torch.set_num_threads(args.threads)
    try:
        words = _read_words(args.words)
        done = _done_words(args.out)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: {getattr(exc, 'filename', None) or args.words}: {exc}", file=sys.stderr)
        return 1
    words = words[: args.limit] if args.limit is not None else words
    g2p = G2P(model=args.model, fst=args.fst)
    readable = [w for w in words if model_word(w)]
    known = set() if args.include_known else {w for w in readable if w in g2p.lexicon}
    todo = [w for w in readable if w not in known and w not in done]
    print(
        f"{len(words)} words: {len(words) - len(readable)} unreadable (not letters and "
        f"apostrophes), {len(known)} in the lexicon, {len(done)} already in {args.out}; "
        f"{len(todo)} to read",
        file=sys.stderr,
    )
    started, written = time.monotonic(), 0
    try:
        with args.out.open("a", encoding="utf-8") as out:
            for i in range(0, len(todo), CHUNK):
                chunk = todo[i : i + CHUNK]
                read = zip(chunk, g2p.predict(chunk), strict=True)
                lines = [f"{w} {' '.join(p)}\n" for w, p in read if p]
                out.write("".join(lines))
                out.flush()
                os.fsync(out.fileno())
                written += len(lines)
                rate = (time.monotonic() - started) / (i + len(chunk))
                print(
                    f"{i + len(chunk)}/{len(todo)} words, {1000 * rate:.0f} ms/word",
                    file=sys.stderr,
                )
    except (ModelLoadError, JointSequenceError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(
            f"error: {args.out}: {exc.strerror or exc} ({written} words written)", file=sys.stderr
        )
        return 1
    print(f"{written} words read aloud into {args.out}")
    return 0
