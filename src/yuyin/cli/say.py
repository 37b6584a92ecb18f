"""``yuyin say``: text to speech, streamed sentence by sentence into a file or stdout."""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

from yuyin.audio import WriteGuard
from yuyin.cli._files import nonempty_path, path_arg, same_file
from yuyin.paths import keep_file_mode, replace_target, temp_file_for, write_text_atomic

EXIT_ERROR = 1  # the input was bad: the message says which and why
EXIT_USAGE = 2  # the command line was bad (argparse uses 2 as well)
STDOUT = "-"
MAX_TEXT_BYTES = 50_000_000  # refuse to read more text than this (about 8 million words)
# a .wav file's sizes are 32-bit: its data holds at most 4 GiB, 37 h of 16-bit audio at 16 kHz
WAV_MAX_DATA_BYTES = 0xFFFFFFFF - 36
# seconds of speech a character of text may give, an upper bound: the bundled voice gave 0.061 s
# over a 10,312-character news article, and 0.15-0.33 s on a review's worst cases ("Yes. No.
# OK.", "$1,234,567.89, " repeated); text that may pass half a .wav's hours (and every line
# break a paragraph gap) is written as RF64
SECONDS_PER_CHARACTER = 0.4


class WavTooLong(ValueError):
    """Audio past what a .wav file holds (4 GiB of samples)."""


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add the ``say`` command."""
    parser = commands.add_parser(
        "say",
        help="text to speech",
        description="Speak text with a yuyin voice (default: the bundled one). Text comes from "
        "the arguments, --file, or standard input. Long text is split into sentences and "
        "written as it is synthesized: with -o - raw 16-bit mono PCM at 16 kHz streams to "
        "stdout (e.g. `yuyin say -o - < book.txt | aplay -r 16000 -f S16_LE`).",
    )
    parser.add_argument("text", nargs="*", help="the text to speak (else --file or stdin)")
    parser.add_argument(
        "--file", type=path_arg, help="read the text from a UTF-8 file ('-': stdin)"
    )
    parser.add_argument(
        "-o",
        "--output",
        type=nonempty_path,
        required=True,
        help="audio file (.wav/.flac/.ogg) or - for raw PCM",
    )
    parser.add_argument(
        "--voice",
        type=path_arg,
        help="voice or acoustic-model folder (default: bundled, the shipped one)",
    )
    parser.add_argument(
        "--vocoder",
        type=nonempty_path,
        help="vocoder model folder, or 'griffin-lim' (default: the voice's own)",
    )
    parser.add_argument(
        "--speed", type=float, default=1.0, help="speaking rate, 0.25 to 4 (1 = normal)"
    )
    parser.add_argument(
        "--paragraph-gap",
        type=float,
        default=0.6,
        metavar="SECONDS",
        help="silence between paragraphs and after a headline or list item (default 0.6; "
        "between sentences: 0.2)",
    )
    parser.add_argument(
        "--marks",
        type=path_arg,
        metavar="FILE",
        help="also write where each sentence is in the audio: JSON lines of "
        '{"sentence", "text", "start", "end"} in seconds (for highlighting the text as it is '
        "read, or chapter marks)",
    )
    parser.add_argument(
        "--speaker",
        type=_speaker,
        default=0,
        metavar="NAME|ID",
        help="a multi-speaker voice's speaker, by the name it was trained with or its id",
    )
    parser.add_argument(
        "--fst",
        type=path_arg,
        help="joint-sequence G2P folder (yuyin g2p train-fst): words CMUdict lacks are "
        "pronounced by the combined models instead of the neural G2P alone",
    )
    parser.add_argument(
        "--lexicon",
        type=path_arg,
        action="append",
        metavar="FILE",
        help="your pronunciations (cmudict format), looked up before CMUdict: a word there is "
        "said your way (repeat: a later file wins)",
    )
    parser.add_argument(
        "--g2p",
        type=path_arg,
        metavar="MODEL",
        help="neural G2P folder for words no lexicon holds (yuyin g2p train; default: the "
        "shipped one)",
    )
    parser.add_argument(
        "--no-homographs",
        action="store_true",
        help="say 'read', 'record', 'live' ... with the lexicon's first reading everywhere, "
        "not the one their sentence calls for",
    )
    parser.add_argument("--quiet", action="store_true", help="no summary on stderr")
    parser.set_defaults(func=run_say)


def _fail(message: str, code: int = EXIT_ERROR) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def _unwritable(output: str, exc: OSError) -> str:
    """The error for an output that cannot be written: the name given, and the system's reason."""
    return f"{output}: could not write audio ({exc.strerror or exc})"


def _read_text(args: argparse.Namespace) -> str:
    """The text to speak; raises ValueError naming the source when it cannot be read."""
    if args.text and args.file is not None:
        raise ValueError("give the text either as arguments or with --file, not both")
    if args.marks is not None and args.output != STDOUT and same_file(args.marks, args.output):
        raise ValueError(f"{args.marks}: --marks and -o are the same file")
    if args.text:
        return " ".join(args.text)
    if args.file is not None and str(args.file) != STDOUT:
        path = args.file
        if same_file(args.output, path):
            raise ValueError(f"{args.output}: -o is the text file itself (--file)")
        if args.marks is not None and same_file(args.marks, path):
            raise ValueError(f"{args.marks}: --marks is the text file itself (--file)")
        if path.is_dir():
            raise ValueError(f"{path}: is a folder, not a text file")
        if not path.is_file():
            raise ValueError(f"{path}: no such text file")
        if path.stat().st_size > MAX_TEXT_BYTES:
            raise ValueError(f"{path}: more than {MAX_TEXT_BYTES // 1_000_000} MB of text")
        data = path.read_bytes()
        source = str(path)
    else:
        if sys.stdin.isatty():
            raise ValueError("no text: give it as arguments, with --file, or on stdin")
        data = sys.stdin.buffer.read(MAX_TEXT_BYTES + 1)
        source = "stdin"
        if len(data) > MAX_TEXT_BYTES:
            raise ValueError(f"stdin: more than {MAX_TEXT_BYTES // 1_000_000} MB of text")
    from yuyin.text._unicode import encoding_hint, nul_problem

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        hint = encoding_hint(data)
        raise ValueError(f"{source}: not UTF-8 text (byte {exc.start}){hint}") from None
    if problem := nul_problem(text):
        raise ValueError(f"{source}: {problem}")
    return text


class _Sink:
    """Where audio goes: raw PCM on stdout, or a file written beside its name and renamed."""

    def __init__(self, output: str, sample_rate: int, expected_seconds: float = 0.0) -> None:
        """``expected_seconds``: how long the audio may become; a .wav whose data may pass
        half of :data:`WAV_MAX_DATA_BYTES` is written as RF64 (WAV with 64-bit sizes)."""
        self.output, self.samples, self.sample_rate = output, 0, sample_rate
        self.rf64 = False
        self._file = None
        self._tmp: Path | None = None
        if output != STDOUT:
            import soundfile as sf

            target = Path(output)
            if target.is_dir():
                raise ValueError(f"{target}: is a directory, not an audio file name")
            if target.suffix.lower() not in (".wav", ".flac", ".ogg"):  # as save_audio writes
                raise ValueError(
                    f"{target}: unsupported audio format {target.suffix!r} (.wav, .flac, .ogg)"
                )
            self._target = replace_target(target)  # a symlink keeps pointing at the new audio
            # a folder that cannot be made or refuses files: an OSError naming target
            fd, self._tmp = temp_file_for(target, suffix="", parents=True)
            fmt = target.suffix.lstrip(".").upper()
            if fmt == "WAV" and expected_seconds * sample_rate * 2 > WAV_MAX_DATA_BYTES / 2:
                fmt, self.rf64 = "RF64", True  # sox, ffmpeg and libsndfile read it
            self._max_samples = WAV_MAX_DATA_BYTES // 2 if fmt == "WAV" else None
            subtype = "PCM_16" if fmt in ("WAV", "RF64", "FLAC") else None
            # through the open file, not its name: libsndfile wants names it can encode as UTF-8
            self._fh = os.fdopen(fd, "w+b")
            self._guard = WriteGuard(self._fh)  # a full disk: an OSError, not an AssertionError
            try:
                self._file = sf.SoundFile(
                    self._guard,
                    "w",
                    samplerate=sample_rate,
                    channels=1,
                    format=fmt,
                    subtype=subtype,
                )
            except Exception:
                self._fh.close()
                self._tmp.unlink(missing_ok=True)
                raise

    def write(self, chunk: np.ndarray) -> None:
        limit = self._max_samples if self._file is not None else None
        if limit is not None and self.samples + len(chunk) > limit:  # its sizes would wrap
            raise WavTooLong(
                f"{self.output}: the audio passed the {limit / self.sample_rate / 3600:.1f} h a "
                ".wav file holds (4 GiB); write .flac or .ogg, or split the text"
            )
        self.samples += len(chunk)
        if self._file is not None:
            try:
                self._file.write(chunk)
            except (AssertionError, RuntimeError) as exc:  # soundfile's word for a short write
                raise self._guard.error or OSError(str(exc) or "short write") from None
        else:
            import soundfile as sf

            raw = io.BytesIO()  # libsndfile's float -> 16-bit conversion, as a .wav gets it
            sf.write(raw, chunk, self.sample_rate, format="RAW", subtype="PCM_16", endian="LITTLE")
            sys.stdout.buffer.write(raw.getvalue())
            sys.stdout.buffer.flush()

    def close(self, keep: bool) -> None:
        """Finish the file and put it in place (``keep``; an OSError when the disk is full), or
        drop it (never raises): the old file at the name is left as it was."""
        if self._file is None:
            return
        try:
            try:
                self._file.close()  # writes the header's lengths
            except (AssertionError, RuntimeError) as exc:
                raise self._guard.error or OSError(str(exc) or "short write") from None
            finally:
                self._fh.close()
            if self._guard.error is not None:
                raise self._guard.error
            if keep:
                keep_file_mode(self._tmp, self._target)  # not mkstemp's 0600
                os.replace(self._tmp, self._target)
        except OSError:
            if keep:
                raise
        finally:
            if self._tmp is not None:
                self._tmp.unlink(missing_ok=True)


def _g2p(args: argparse.Namespace):  # noqa: ANN202 (yuyin.text.g2p.G2P, imported lazily)
    """The G2P of ``--fst``, ``--lexicon``, ``--g2p`` and ``--no-homographs`` (None: the
    voice's own), loaded now so a bad folder or file fails first."""
    from yuyin.hub import read_model_config
    from yuyin.text.g2p import G2P, G2POptions, g2p_model_dir
    from yuyin.text.lexicon import load_lexicon

    fst, files, model = args.fst, args.lexicon or [], args.g2p
    homographs = not getattr(args, "no_homographs", False)
    if fst is None and not files and model is None and homographs:
        return None
    if fst is not None and not fst.is_dir():  # before its files are looked for: name the folder
        problem = "is a file, not a folder" if fst.exists() else "no such folder"
        raise ValueError(f"{fst}: {problem} (--fst names a `yuyin g2p train-fst` folder)")
    if model is not None:
        model = g2p_model_dir(model)  # "bundled": the shipped one
        read_model_config(model, kinds=("g2p",))
    lexicon = load_lexicon(*files) if files else None
    options = G2POptions(homographs=homographs)
    g2p = G2P(lexicon=lexicon, model=model, options=options, fst=fst)
    g2p.fst  # noqa: B018 (loads the folder, its weights and tagger; errors name the folder)
    if args.g2p is not None:
        g2p.model  # noqa: B018 (a corrupt --g2p is one error line now, not a traceback mid-text)
    return g2p


def _speaker(value: str) -> int | str:
    """``--speaker``: digits are an id, anything else a name."""
    return int(value) if value.isdigit() else value


def _mark(index: int, text: str, start: int, samples: int, rate: int) -> dict:
    """Where one sentence is in the audio: its index among the sentences, its text, and its
    start and end in seconds (three decimals)."""
    return {
        "sentence": index,
        "text": text,
        "start": round(start / rate, 3),
        "end": round((start + samples) / rate, 3),
    }


def run_say(args: argparse.Namespace) -> int:
    """``yuyin say``: stream the sentences of the text through the voice into the output."""
    from yuyin.voice import SynthesisOptions, Voice, VoiceError

    start = time.perf_counter()
    try:
        text = _read_text(args)
        options = SynthesisOptions(
            speed=args.speed, speaker=args.speaker, paragraph_gap_s=args.paragraph_gap
        )
        g2p = _g2p(args)
        voice = Voice.load(args.voice, vocoder=args.vocoder, options=options, g2p=g2p)
    except (ValueError, OSError, RuntimeError) as exc:  # VoiceError is a ValueError
        return _fail(str(exc) if not isinstance(exc, OSError) else f"{exc.filename}: {exc}")
    try:
        expected = (
            len(text) * SECONDS_PER_CHARACTER / args.speed + text.count("\n") * args.paragraph_gap
        )
        sink = _Sink(args.output, voice.sample_rate, expected_seconds=expected)
    except OSError as exc:  # a folder that refuses files: the output given, not a temporary
        return _fail(_unwritable(args.output, exc))
    except (ValueError, RuntimeError) as exc:
        return _fail(str(exc))
    first_audio, sentences, ok, marks = None, 0, False, []
    try:
        for segment in voice.segments(text):
            if segment.pause:
                sink.write(np.zeros(segment.pause, dtype=np.float32))
            if len(segment.audio):
                marks.append(
                    _mark(
                        sentences, segment.text, sink.samples, len(segment.audio), sink.sample_rate
                    )
                )
            sink.write(segment.audio)
            sentences += 1
            if len(segment.audio):  # a sentence with nothing to say is no first audio
                first_audio = first_audio or time.perf_counter() - start
        if sentences == 0 or sink.samples == 0:
            sink.write(voice.gap())
        sink.close(keep=True)
        ok = True
    except BrokenPipeError:  # `say -o - | head`: the reader left; yuyin exits quietly, as ever
        raise
    except OSError as exc:  # a full disk: the old file is left as it was
        return _fail(_unwritable(args.output, exc))
    except (VoiceError, WavTooLong) as exc:
        return _fail(str(exc))
    finally:
        if not ok:
            sink.close(keep=False)
    if args.marks is not None:
        try:
            write_text_atomic(args.marks, "".join(json.dumps(m) + "\n" for m in marks), True)
        except OSError as exc:  # the audio is written: only the marks are missing
            return _fail(f"{args.marks}: could not write the marks ({exc.strerror or exc})")
    if not args.quiet:
        seconds = sink.samples / voice.sample_rate
        wall = time.perf_counter() - start
        where = "stdout" if args.output == STDOUT else args.output
        print(
            f"wrote {seconds:.2f} s of audio ({sentences} sentence(s), voice {voice.name}, "
            f"vocoder {voice.vocoder_name}) to {where}{' as RF64' if sink.rf64 else ''} "
            f"in {wall:.2f} s"
            + (f", first audio after {first_audio:.2f} s" if first_audio else ""),
            file=sys.stderr,
        )
        if sentences == 0 or voice.skipped == sentences:
            print("warning: nothing pronounceable in the text: wrote silence", file=sys.stderr)
        elif voice.skipped:
            print(f"warning: {voice.skipped} sentence(s) had nothing to pronounce", file=sys.stderr)
    return 0
