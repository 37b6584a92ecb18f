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

from yuyin.cli._files import same_file
from yuyin.cli._settings import add_threads_argument
from yuyin.text._unicode import encoding_hint

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
    add_threads_argument(parser)
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
    """Headwords already in ``out``, which must be a lexicon file (another file is refused with
    a :class:`~yuyin.text.lexicon.LexiconError`, never appended to).

    A last line without its newline that does not parse, after lines that do, is what a killed
    run leaves (a chunk is one write, so that is rare): it is removed, and said so. One that
    parses, as a file written by hand may end, is kept and given its newline.
    """
    from yuyin.text.lexicon import LexiconError, read_lexicon_text

    if not out.exists():
        return set()
    text = out.read_bytes().decode("utf-8")
    if not text or text.endswith("\n"):
        return set(read_lexicon_text(text, str(out)))
    cut = text.rfind("\n") + 1
    body, last = text[:cut], text[cut:]
    try:
        done = read_lexicon_text(text, str(out))
        end = last + "\n"
    except LexiconError:
        done = read_lexicon_text(body, str(out))  # a bad line before the last: refused
        if not done:  # nothing shows the file is a lexicon this command wrote: keep it as is
            raise
        print(f"{out}: removed a line cut short by a killed run: {last!r}", file=sys.stderr)
        end = ""
    with out.open("r+b") as fh:  # only the unfinished end changes
        fh.truncate(len(body.encode("utf-8")))
        fh.seek(0, os.SEEK_END)
        fh.write(end.encode("utf-8"))
    return set(done)


def _first_ten(words: list[str]) -> str:
    """Up to ten words for a message, " ..." after them when there are more."""
    return " ".join(words[:10]) + (" ..." if len(words) > 10 else "")


def label(args: argparse.Namespace) -> int:
    import torch

    from yuyin.hub import ModelLoadError
    from yuyin.text.g2p import G2P, model_word
    from yuyin.text.joint_sequence import JointSequenceError
    from yuyin.text.lexicon import LexiconError

    if args.limit is not None and args.limit < 1:
        print("error: --limit must be >= 1", file=sys.stderr)
        return 1
    if args.threads:
        torch.set_num_threads(args.threads)
    if same_file(args.out, args.words):
        print(f"error: {args.out}: --out is the words file itself", file=sys.stderr)
        return 1
    for path, read in ((args.words, _read_words), (args.out, _done_words)):
        try:
            found = read(path)
        except UnicodeDecodeError as exc:
            hint = encoding_hint(exc.object if isinstance(exc.object, bytes) else b"")
            print(f"error: {path}: not UTF-8 text (byte {exc.start}){hint}", file=sys.stderr)
            return 1
        except OSError as exc:
            print(f"error: {path}: {exc.strerror or exc}", file=sys.stderr)
            return 1
        except LexiconError as exc:
            print(f"error: {exc} (--out extends a cmudict-format lexicon)", file=sys.stderr)
            return 1
        if path is args.words:
            words = found
        else:
            done = found
    words = words[: args.limit] if args.limit is not None else words
    g2p = G2P(model=args.model, fst=args.fst)
    try:  # loaded before --out is opened: a model that cannot load leaves no empty file
        g2p.model  # noqa: B018
        g2p.fst  # noqa: B018
    except (ModelLoadError, JointSequenceError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    readable: list[str] = []
    unreadable: list[str] = []
    for w in words:
        (readable if model_word(w) else unreadable).append(w)
    known = set() if args.include_known else {w for w in readable if w in g2p.lexicon}
    todo = [w for w in readable if w not in known and w not in done]
    print(
        f"{len(words)} words: {len(unreadable)} unreadable (not letters and "
        f"apostrophes), {len(known)} in the lexicon, {len(done)} already in {args.out}; "
        f"{len(todo)} to read",
        file=sys.stderr,
    )
    if unreadable:
        print(f"unreadable: {_first_ten(unreadable)}", file=sys.stderr)
    if not todo:
        print(f"0 words read aloud; {args.out} left as it was")
        return 0
    silent: list[str] = []
    started, written = time.monotonic(), 0
    try:
        with args.out.open("ab", buffering=0) as out:  # each chunk one write() call
            for i in range(0, len(todo), CHUNK):
                chunk = todo[i : i + CHUNK]
                read = list(zip(chunk, g2p.predict(chunk), strict=True))
                silent += [w for w, p in read if not p]
                lines = [f"{w} {' '.join(p)}\n" for w, p in read if p]
                data, size = memoryview("".join(lines).encode("utf-8")), out.tell()
                try:
                    while data:
                        data = data[out.write(data) :]
                    os.fsync(out.fileno())
                except OSError:  # a full disk: cut the chunk's part off (the next run reads it)
                    os.ftruncate(out.fileno(), size)
                    raise
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
    if silent:
        print(f"warning: the model gave no phones for {len(silent)} word(s): "
              f"{_first_ten(silent)}", file=sys.stderr)  # fmt: skip
    print(f"{written} words read aloud into {args.out}")
    return 0
