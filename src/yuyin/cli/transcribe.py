"""``yuyin transcribe`` and ``yuyin eval``: use and score a speech recognizer."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from pathlib import Path

from yuyin.audio import DEFAULT_MAX_SECONDS, AudioError
from yuyin.cli._files import (
    STDIN,
    add_stdin_name,
    json_line,
    nonempty_path,
    note_unused_stdin_name,
    path_arg,
    run_per_file,
    same_file,
    shown,
)
from yuyin.decode.ctc import MAX_BEAM, MAX_WEIGHT, DecodingOptions
from yuyin.hub import ModelLoadError


def _add_decoding(parser: argparse.ArgumentParser, models: bool = False) -> None:
    if models:  # eval: several side by side
        parser.add_argument(
            "--model",
            type=path_arg,
            action="append",
            help="fine-tuned model folder (default: bundled); repeat to compare models on the "
            "same manifest and decoding, with a table at the end",
        )
    else:
        parser.add_argument(
            "--model", type=path_arg, help="fine-tuned model folder (default: bundled)"
        )
    parser.add_argument("--beam", type=int, default=0, help="beam size (0: greedy decoding)")
    parser.add_argument(
        "--lm",
        type=nonempty_path,
        help="word n-gram LM (with --beam): an ARPA file, a KenLM binary (the kenlm extra), or "
        "'prompts' for the built-in one (Austen + King James, estimated on first use)",
    )
    parser.add_argument(
        "--neural-lm",
        type=nonempty_path,
        metavar="MODEL",
        help="neural character LM for shallow fusion (with --beam): a saved LM folder, or "
        "'bundled' for the shipped one; with --lm too, the two are combined",
    )
    parser.add_argument(
        "--neural-weight",
        type=float,
        help="the neural LM's weight relative to the n-gram's when both are given",
    )
    parser.add_argument(
        "--lm-weight", type=float, help="default: DecodingOptions' (tuned for the bundled model)"
    )
    parser.add_argument("--word-bonus", type=float, help="per word; default: DecodingOptions'")
    parser.add_argument(
        "--unk-offset",
        type=float,
        metavar="COST",
        help="log-prob cost of a word outside the --lm's vocabulary (<= 0; default "
        f"{DecodingOptions.unk_offset:g}); -1000 all but forbids such words (a closed vocabulary)",
    )
    parser.add_argument(
        "--unk-letter-offset",
        type=float,
        metavar="COST",
        help="and per letter of it (<= 0; default "
        f"{DecodingOptions.unk_letter_offset:g}): keeps a weak model from gluing known words "
        "into one long unknown word",
    )
    parser.add_argument("--hotword", action="append", default=[], help="boost a word (repeat)")
    parser.add_argument(
        "--hotword-weight",
        type=float,
        metavar="W",
        help="bonus per character of a --hotword while the search spells it (with --beam; "
        f"default {DecodingOptions.hotword_weight:g}, within ±{MAX_WEIGHT:g}): raise it for "
        "names that must not be missed, lower it when look-alikes get inserted",
    )


def _add_condition(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--condition",
        action="store_true",
        help="hear each utterance as transcribe does: edge silence trimmed and the level raised "
        "to the training speech's (default: the audio as it is, as fine-tuning's dev scores do)",
    )


def add_parsers(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "transcribe",
        help="speech to text",
        description="Transcribe audio files or folders. Long audio is cut at pauses. Each bad "
        "file gets an error line and the rest go on; the exit code is 1 if any failed.",
    )
    parser.add_argument("paths", nargs="+", help="audio files or folders; - reads standard input")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument(
        "--max-duration", type=float, default=DEFAULT_MAX_SECONDS, help="seconds per file"
    )
    parser.add_argument(
        "--min-confidence",
        type=float,
        default=0.0,
        help="drop words less confident than this (0..1; a word's confidence is its mean "
        "posterior over its aligned frames, e.g. 0.6 drops most of what noise makes up)",
    )
    parser.add_argument(
        "--subtitles",
        choices=("srt", "vtt"),
        help="also write subtitles from the word timings: NAME.srt (SubRip) or NAME.vtt "
        "(WebVTT) for each audio file NAME.*, into --output-dir (a folder's subfolders are "
        "mirrored there: FOLDER/a/NAME.wav gives a/NAME.srt)",
    )
    parser.add_argument(
        "--output-dir",
        type=path_arg,
        metavar="DIR",
        help="folder for --subtitles files (default: the current folder; created if missing)",
    )
    add_stdin_name(parser, subtitles=True)
    _add_decoding(parser)
    parser.set_defaults(func=run_transcribe)

    parser = commands.add_parser(
        "eval",
        help="WER/CER and real-time factor of a recognizer on a labeled manifest",
        description="Score a recognizer: WER and CER (jiwer) after normalize_for_scoring "
        "(lowercase, numbers as words, punctuation removed), the real-time factor, and its cost "
        "(parameters, weight MiB, counted GMAC per audio second, peak memory).",
    )
    parser.add_argument(
        "manifest",
        type=path_arg,
        nargs="+",
        help="labeled manifest; several are scored one after the other (e.g. your domain's "
        "test set and a general one, to see what adapting cost)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print a JSON object (one line per --model and manifest)",
    )
    parser.add_argument("--show", type=int, default=5, help="worst utterances to show")
    parser.add_argument(
        "--hypotheses",
        type=path_arg,
        metavar="FILE",
        help="also write one JSON object per utterance (id, reference, hypothesis, WER, "
        "normalized as scored) to FILE (one --model only)",
    )
    parser.add_argument(
        "--probe",
        action="store_true",
        help="also fit a linear CTC probe on each frozen encoder layer (70%% of the manifest's "
        "utterances by id hash, at most 200) and report its CER on the rest: which layers "
        "hold the transcript",
    )
    parser.add_argument(
        "--attention",
        action="store_true",
        help="also measure each attention head on the first 20 utterances: its mean distance "
        "(s) and how spread its weights are (0: one frame, 1: even over the utterance)",
    )
    _add_condition(parser)
    _add_decoding(parser, models=True)
    parser.set_defaults(func=_run_eval)

    parser = commands.add_parser(
        "pseudo-label",
        help="transcribe unlabeled audio into a training manifest (self-training)",
        description="Transcribe the utterances of an unlabeled manifest with a recognizer and "
        "write the transcripts it is surest of as a labeled manifest (each line with its "
        "confidence), to fine-tune on with the real labels: self-training. Existing texts in "
        "the manifest are ignored (replaced by the model's).",
    )
    parser.add_argument("manifest", type=path_arg)
    parser.add_argument("-o", "--output", type=path_arg, required=True, help="manifest to write")
    parser.add_argument(
        "--keep",
        type=float,
        default=0.6,
        help="share of usable transcripts kept, surest first (0..1], default 0.6",
    )
    parser.add_argument(
        "--min-confidence", type=float, default=0.0, help="drop transcripts less sure (0..1)"
    )
    _add_condition(parser)
    _add_decoding(parser)
    parser.set_defaults(func=run_pseudo_label)


def _run_eval(args: argparse.Namespace) -> int:
    from yuyin.cli.evaluate import run_eval

    return run_eval(args)


def _recognizer(args: argparse.Namespace, **kwargs):
    from yuyin.decode.ctc import DecodingOptions
    from yuyin.decode.lm_mix import (
        NEURAL_ONLY_LM_WEIGHT,
        NEURAL_ONLY_WORD_BONUS,
        NEURAL_WEIGHT,
        load_decoding_lm,
    )
    from yuyin.transcribe import Recognizer

    if not 0 <= args.beam <= MAX_BEAM:
        raise ValueError(f"--beam must be 0 (greedy) to {MAX_BEAM}, got {args.beam}")
    options = lm = None
    if args.beam > 0:
        given = {
            "lm_weight": args.lm_weight,
            "word_bonus": args.word_bonus,
            "hotword_weight": args.hotword_weight,
            "unk_offset": args.unk_offset,
            "unk_letter_offset": args.unk_letter_offset,
        }
        weights = {k: v for k, v in given.items() if v is not None}
        if args.neural_lm and not args.lm:
            weights.setdefault("lm_weight", NEURAL_ONLY_LM_WEIGHT)
            weights.setdefault("word_bonus", NEURAL_ONLY_WORD_BONUS)
        options = DecodingOptions(beam_size=args.beam, hotwords=tuple(args.hotword), **weights)
        if args.hotword_weight is not None and not args.hotword:
            print("note: --hotword-weight weighs the --hotword words: none given", file=sys.stderr)
        if (args.unk_offset is not None or args.unk_letter_offset is not None) and not args.lm:
            print(
                "note: --unk-offset and --unk-letter-offset charge words outside a word LM's "
                "vocabulary: without --lm they do nothing",
                file=sys.stderr,
            )
        if args.neural_weight is not None and not (args.lm and args.neural_lm):
            print(
                "note: --neural-weight weighs --neural-lm against --lm: it does nothing "
                "unless both are given",
                file=sys.stderr,
            )
        neural_weight = NEURAL_WEIGHT if args.neural_weight is None else args.neural_weight
        lm = load_decoding_lm(args.lm, args.neural_lm, neural_weight)
    else:
        beam_only = {
            "--hotword": args.hotword,
            "--hotword-weight": args.hotword_weight is not None,
            "--lm": args.lm,
            "--neural-lm": args.neural_lm,
            "--lm-weight": args.lm_weight is not None,
            "--word-bonus": args.word_bonus is not None,
            "--neural-weight": args.neural_weight is not None,
            "--unk-offset": args.unk_offset is not None,
            "--unk-letter-offset": args.unk_letter_offset is not None,
        }
        if given := [flag for flag, value in beam_only.items() if value]:
            print(
                f"note: {', '.join(given)} need{'s' if len(given) == 1 else ''} beam search, "
                "which greedy decoding (--beam 0) ignores: add --beam 8",
                file=sys.stderr,
            )
    return Recognizer.load(args.model, options=options, lm=lm, **kwargs)


def _decoding_record(args: argparse.Namespace, recognizer) -> dict:
    """What decoded the scores (so a JSON report can be reproduced): greedy, or the beam with its
    LMs and the weights actually used (defaults filled in)."""
    options = recognizer.options
    if options is None:
        return {"beam": 0}
    from yuyin.decode.ctc import uses_lm
    from yuyin.decode.lm_mix import CombinedLM

    with_lm = uses_lm(options, recognizer.lm)
    with_vocab = with_lm and getattr(recognizer.lm, "vocab", None) is not None
    record = {
        "beam": options.beam_size,
        "lm": args.lm,
        "neural_lm": args.neural_lm,
        "lm_weight": options.lm_weight if with_lm else 0.0,
        "word_bonus": options.word_bonus if with_lm else 0.0,  # part of the LM term
        "hotwords": list(options.hotwords),
        "hotword_weight": options.hotword_weight,
        # charged only with a word LM that lists its words (ARPA; not a neural LM or a KenLM binary)
        "unk_offset": options.unk_offset if with_vocab else 0.0,
        "unk_letter_offset": options.unk_letter_offset if with_vocab else 0.0,
    }
    if isinstance(recognizer.lm, CombinedLM):
        record["neural_weight"] = recognizer.lm.weight
    return record


def run_transcribe(args: argparse.Namespace) -> int:
    if not 0.0 <= args.min_confidence <= 1.0:
        print(
            f"error: --min-confidence must be in [0, 1], got {args.min_confidence}", file=sys.stderr
        )
        return 1
    try:
        if not args.max_duration > 0:
            raise ValueError(f"--max-duration must be > 0 seconds, got {args.max_duration}")
        recognizer = _recognizer(args, max_seconds=args.max_duration)
    except (ModelLoadError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1

    if args.output_dir is not None and args.subtitles is None:
        print("note: --output-dir is where --subtitles go: none asked for", file=sys.stderr)
    note_unused_stdin_name(args)
    written: dict[Path, str] = {}  # subtitle file -> the audio it was written for

    def handle(path: Path, name: str) -> None:
        out = _subtitle_file(path, name, args, written) if args.subtitles else None
        try:
            heard = recognizer.transcribe(path, name)
            transcript = heard.confident(args.min_confidence)
        except AudioError as exc:
            if not exc.problem.startswith("too long:"):
                raise
            hint = "; --max-duration SECONDS raises the limit (memory grows with the length)"
            raise AudioError(name, exc.problem + hint) from None
        transcript = dataclasses.replace(transcript, path=name)
        sure = sum(w.score for w in heard.words) / len(heard.words) if heard.words else 1.0
        if sure < UNSURE:
            drop = (
                "" if args.min_confidence >= UNSURE else f" (--min-confidence {UNSURE} drops them)"
            )
            ranges = (
                ", where the bundled model scores 0.65-0.95 on speech and 0.3-0.6 on noise"
                if args.model is None or str(args.model) in ("bundled", "bundled-asr")
                else ""
            )
            print(
                f"warning: {shown(name)}: its words are unsure{drop}: mean confidence {sure:.2f}"
                f"{ranges}; noise or music rather than speech, or a model that does not know this "
                "speech?",
                file=sys.stderr,
            )
        if args.json:
            print(json_line(transcript.to_dict()), flush=True)
        else:
            print(f"{shown(name)}\t{transcript.text}", flush=True)
        if out is not None:
            _write_subtitles(transcript, path, out, name, written)

    return run_per_file(args.paths, handle, args.stdin_name)


def _subtitle_file(path: Path, name: str, args: argparse.Namespace, written: dict) -> Path:
    """``--subtitles``: OUTPUT_DIR/STEM.srt|vtt for one file, checked before it is transcribed:
    a name another file of this run took is that file's error (the rest go on)."""
    stem = "stdin" if name == STDIN else Path(name).stem  # --stdin-name's, or the file's
    out = (args.output_dir or Path()) / _subfolder(Path(path), args.paths) / stem
    out = out.with_name(f"{stem}.{args.subtitles}")
    if out in written:
        raise AudioError(
            path,
            f"its subtitles would overwrite {out}, written for {written[out]} (the same name); "
            "rename one, or transcribe them in separate runs with other --output-dir folders",
        )
    return out


def _subfolder(path: Path, given: list[str]) -> Path:
    """The folder of ``path`` within the outermost folder of ``given`` (the command's paths)
    that holds it: subtitles of FOLDER/a/x.wav go to OUTPUT_DIR/a/x.srt, so the x.wav of two
    subfolders keep theirs apart, whether FOLDER/a is given too or not. A file named itself,
    outside every folder given: no subfolder."""
    where = os.path.abspath(path)
    best: str | None = None
    for item in given:
        root = os.path.abspath(item) if item and Path(item).is_dir() else None
        if root and Path(where).is_relative_to(root) and (best is None or len(root) < len(best)):
            best = root
    return Path() if best is None else Path(os.path.dirname(where)).relative_to(best)


def _write_subtitles(
    transcript, path: Path, out: Path, name: str, written: dict[Path, str]
) -> None:
    """Write one file's subtitles to ``out``; a failed write is that file's error."""
    from yuyin.subtitles import write_subtitles

    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        write_subtitles(transcript, out)
    except OSError as exc:
        raise AudioError(path, f"could not write {out} ({exc.strerror or exc})") from None
    written[out] = name
    print(f"subtitles: {out}", file=sys.stderr)


UNSURE_CONFIDENCE = 0.5  # pseudo-label: kept labels below this are warned about
UNSURE = 0.6  # transcribe: a file whose words' mean confidence is under this is warned about


def run_pseudo_label(args: argparse.Namespace) -> int:
    from yuyin.data.manifest import ManifestError, read_manifest
    from yuyin.train.pseudo_label import PseudoLabelOptions, pseudo_label, write_pseudo_labels

    if same_file(args.output, args.manifest):
        print(f"error: {args.output}: -o is the input manifest itself", file=sys.stderr)
        return 1
    try:
        options = PseudoLabelOptions(keep=args.keep, min_confidence=args.min_confidence)
        recognizer = _recognizer(args)
        utts = read_manifest(args.manifest)
        from yuyin.eval.asr import audio_notes

        for note in audio_notes(utts):  # 8 kHz audio, wrong durations: labels of less worth
            print(f"warning: {args.manifest}: {note}", file=sys.stderr)
        decoder = recognizer.batch_decoder()
        failed: list[str] = []

        def report(utt, exc: AudioError) -> None:  # one line per bad file; the rest go on
            failed.append(utt.id)
            print(f"error: {exc}", file=sys.stderr)

        model, tokenizer = recognizer.model, recognizer.tokenizer
        labels = pseudo_label(
            model, tokenizer, utts, decoder, options, on_error=report, condition=args.condition
        )
        if not labels:  # an earlier -o file stays as it was
            print(
                f"error: none of the {len(utts)} utterances got a label"
                + (f" ({len(failed)} could not be read)" if failed else "")
                + f"; {args.output} was not written",
                file=sys.stderr,
            )
            return 1
        write_pseudo_labels(args.output, labels)
    except (ModelLoadError, ManifestError, AudioError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {exc.filename or args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    hours = sum(x.utterance.duration for x in labels) / 3600
    low = min((x.confidence for x in labels), default=float("nan"))
    print(
        f"{len(labels)} of {len(utts)} utterances labeled ({hours:.2f} h, confidence >= "
        f"{low:.3f}) -> {args.output}" + (f"; {len(failed)} could not be read" if failed else ""),
        file=sys.stderr,
    )
    unsure = sum(x.confidence < UNSURE_CONFIDENCE for x in labels)
    if unsure and not args.min_confidence:  # a floor of one's own is a choice: no advice
        print(
            f"warning: {unsure} of the kept labels have a confidence under "
            f"{UNSURE_CONFIDENCE} (a model this unsure is mostly wrong); --min-confidence "
            f"{UNSURE_CONFIDENCE} leaves them out",
            file=sys.stderr,
        )
    return 1 if failed else 0
