"""``yuyin align``: word timings of known transcripts (CTC forced alignment), and which
transcripts fit their audio worst.

    yuyin align labeled.jsonl -o aligned.jsonl --worst 10
    yuyin align clip.wav --text "what was said"

Each utterance's transcript is force-aligned to its audio by a recognizer
(:meth:`yuyin.transcribe.Recognizer.align_text`): one JSON line per utterance with each word's
start, end and confidence. A transcript that does not match its audio (a wrong file, a line
of another utterance, words left out) has low-confidence words, so ``--worst N`` lists the N
utterances that fit worst: the ones to listen to before training a voice or a recognizer on
them. Each bad file gets an error line and the rest go on; the exit code is 1 if any failed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from yuyin.audio import AudioError
from yuyin.cli._files import json_line, path_arg, same_file, shown


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "align",
        help="word timings of known transcripts; the transcripts that fit their audio worst",
        description=__doc__.split("\n\n")[0].replace("``", "'"),
    )
    parser.add_argument("source", type=path_arg, help="a labeled manifest, or one audio file")
    parser.add_argument("--text", help="with one audio file: what was said in it")
    parser.add_argument("--model", type=path_arg, help="recognizer folder (default: bundled)")
    parser.add_argument(
        "-o", "--output", type=path_arg, help="write the JSON lines here (default: stdout)"
    )
    parser.add_argument(
        "--worst",
        type=int,
        default=5,
        metavar="N",
        help="list the N utterances whose words are least sure (0: none)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from yuyin.data.audio_files import AUDIO_SUFFIXES
    from yuyin.data.dataset import load_utterance
    from yuyin.data.manifest import ManifestError, Utterance, read_manifest
    from yuyin.hub import ModelLoadError
    from yuyin.paths import write_text_atomic
    from yuyin.transcribe import Recognizer

    single = args.text is not None
    audio = Path(args.source).suffix.lower() in AUDIO_SUFFIXES
    try:
        if args.worst < 0:
            raise ValueError(f"--worst must be >= 0, got {args.worst}")
        if audio and not single:
            raise ValueError(f"{args.source}: an audio file needs --text (what was said in it)")
        if single and not audio:
            raise ValueError(f"--text goes with one audio file, not {args.source}")
        if args.output is not None and same_file(args.output, args.source):
            raise ValueError(f"{args.output}: -o is the input itself (it would be overwritten)")
        recognizer = Recognizer.load(args.model)
        if single:
            utts = [Utterance(Path(args.source).name, str(args.source), 0.0, text=args.text)]
        else:
            listed = read_manifest(args.source)
            utts = [u for u in listed if u.text and u.text.strip()]
            if not utts:
                raise ManifestError(f"{args.source}: no utterance with a transcript to align")
            if len(utts) < len(listed):
                print(
                    f"note: {len(listed) - len(utts)} utterance(s) without a transcript left out",
                    file=sys.stderr,
                )
    except (ModelLoadError, ManifestError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    lines, fits, failed = [], [], 0
    for utt in utts:
        try:
            wave = load_utterance(utt)
            found = recognizer.align_text(wave, utt.text or "", utt.audio)
        except AudioError as exc:
            failed += 1
            print(f"error: {exc} (utterance {utt.id!r})", file=sys.stderr)
            continue
        sure = sum(w.score for w in found.words) / max(len(found.words), 1)
        fits.append((sure, utt.id))
        if len(found.words) < len(found.text.split()):
            print(
                f"warning: {shown(utt.audio)}: {len(found.text.split()) - len(found.words)} "
                f"word(s) of its text have no letter the model spells (other scripts?), not "
                f"aligned (utterance {utt.id!r})",
                file=sys.stderr,
            )
        words = found.to_dict()
        for word in words["words"]:  # a segment's words in the file's time
            word["start"] = round(word["start"] + utt.start, 3)
            word["end"] = round(word["end"] + utt.start, 3)
        record = {"id": utt.id, "audio": utt.audio, "text": words["text"]}
        if utt.is_segment:
            record |= {"start": utt.start, "end": utt.end}
        lines.append(json_line(record | {"confidence": round(sure, 3), "words": words["words"]}))
    text = "".join(line + "\n" for line in lines)
    if args.output is not None:
        try:
            write_text_atomic(args.output, text)
        except OSError as exc:
            print(f"error: could not write {args.output} ({exc.strerror or exc})", file=sys.stderr)
            return 1
    else:
        sys.stdout.write(text)
    if fits and args.worst and not single:
        worst = sorted(fits)[: args.worst]
        listed = "\n".join(f"  {sure:.2f}  {shown(i)}" for sure, i in worst)
        print(f"least sure of their words (mean confidence):\n{listed}", file=sys.stderr)
    if failed:
        print(f"{failed} of {len(utts)} utterance(s) could not be aligned", file=sys.stderr)
    return 1 if failed else 0
