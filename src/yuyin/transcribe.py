"""Speech to text with a fine-tuned CTC model: chunking of long audio, decoding, word timings.

    recognizer = Recognizer.load("runs/asr/model")          # or Recognizer.load() for the bundled
    transcript = recognizer.transcribe("meeting.flac")
    transcript.text, transcript.words[0].start

Audio longer than :data:`~yuyin.chunking.MAX_CHUNK_SECONDS` is cut in the middle of its pauses
into chunks of about a sentence (:func:`yuyin.chunking.chunk_boundaries`; at the quietest 10 ms
frame of the last seconds before the limit when there is no pause); each chunk is decoded
(greedy, or beam search with an optional word n-gram LM and hotwords) and force-aligned to give
word times, shifted by the chunk's start and moved out to where the words sound
(:func:`yuyin.chunking.word_bounds`).
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import torch

from yuyin.audio import (
    DEFAULT_MAX_SECONDS,
    SAMPLE_RATE,
    AudioError,
    as_mono,
    frame_db,
    holds_no_speech,
    is_rate,
    load_audio_and_rate,
    no_speech_reason,
    resample,
)
from yuyin.chunking import (
    FRAME,
    SILENCE_DB,
    chunk_boundaries,
    condition_chunk,
    holds_sound,
    noise_floors,
    word_bounds,
)
from yuyin.data.audio_files import find_audio, wav_shortfall
from yuyin.decode.align import AlignmentError, align
from yuyin.decode.ctc import (
    DecodingOptions,
    Result,
    beam_search,
    beam_search_batch,
    greedy_decode,
)
from yuyin.decode.hotwords import check_hotwords
from yuyin.hub import ModelLoadError, load_model
from yuyin.nn.device import module_device
from yuyin.text.tokenizer import tokenizer_from_dict

MAX_ALIGN_SECONDS = 120.0  # align_text: one pass, attention memory grows with the square
log = logging.getLogger("yuyin.transcribe")
BUNDLED = "bundled"  # --model bundled: the shipped recognizer, as when no model is given
BUNDLED_ASR = "bundled-asr"  # the same, as finetune --pretrained names it
BUNDLED_MODEL = Path(__file__).parent / "assets" / "models" / "asr"


@dataclass(frozen=True)
class Word:
    """A recognized word with its time span in seconds and a confidence in [0, 1]: the mean
    posterior of its tokens over the frames the forced alignment gives them (``confidence`` in
    the JSON; noise or mumbling the model does not know scores low)."""

    word: str
    start: float
    end: float
    score: float


@dataclass(frozen=True)
class Transcript:
    """What :meth:`Recognizer.transcribe` returns for one file."""

    path: str
    text: str
    words: tuple[Word, ...] = ()
    duration: float = 0.0

    def confident(self, min_confidence: float) -> Transcript:
        """The transcript without the words whose confidence is under ``min_confidence`` (the text
        rebuilt from the words kept): drops what noise and mumbling made the model spell out.
        Confidences lie in [0, 1], so 0 (or less) keeps the transcript as it is."""
        if math.isnan(min_confidence):
            raise ValueError("min_confidence must be a number in 0..1, not NaN")
        if min_confidence <= 0.0:
            return self
        kept = tuple(w for w in self.words if w.score >= min_confidence)
        return replace(self, text=" ".join(w.word for w in kept), words=kept)

    def to_dict(self) -> dict:
        """The ``--json`` record: path, text, and each word's start and end (s) and confidence."""
        return {
            "path": self.path,
            "text": self.text,
            "words": [
                {
                    "word": w.word,
                    "start": round(w.start, 3),
                    "end": round(w.end, 3),
                    "confidence": round(w.score, 3),
                }
                for w in self.words
            ],
        }


MIN_RATE, MAX_RATE = 1000, 768_000  # Hz: the sample rates an array given to a Recognizer may have


def _say_low_rate(where: str, rate: int) -> None:
    """Warn that audio recorded below 16 kHz lacks the upper band the recognizer learned."""
    if rate < SAMPLE_RATE:
        log.warning(
            "%s: recorded at %d Hz, so it holds nothing above %d Hz; a recognizer trained on %d "
            "Hz speech makes more errors on it (one fine-tuned on such recordings, fewer)",
            where, rate, rate // 2, SAMPLE_RATE,
        )  # fmt: skip


@dataclass
class Recognizer:
    """A loaded CTC model with its tokenizer and decoding settings."""

    model: torch.nn.Module
    tokenizer: object
    options: DecodingOptions | None = None  # None: greedy decoding
    lm: object | None = None  # a decode.ctc.LanguageModel for beam search
    max_seconds: float = DEFAULT_MAX_SECONDS
    meta: dict = field(default_factory=dict)
    folder: Path | None = None  # the model folder it was loaded from (load)

    def __post_init__(self) -> None:
        if self.options is not None:  # a hotword it could never spell: say so, not drop it
            check_hotwords(self.options.hotwords, self.tokenizer)

    @classmethod
    def load(
        cls, path: str | os.PathLike | None = None, device: str | torch.device = "cpu", **kwargs
    ) -> Recognizer:
        """Load a fine-tuned model folder (default, or ``"bundled"`` / ``"bundled-asr"``: the
        model bundled with yuyin) onto ``device`` (``"cuda"`` where torch has a GPU); the other
        keyword arguments are the dataclass's fields (``options``, ``lm``, ``max_seconds``)."""
        folder = Path(path) if path is not None else BUNDLED_MODEL
        if str(path) in (BUNDLED, BUNDLED_ASR) and not folder.is_dir():  # a folder so named wins
            folder = BUNDLED_MODEL
        model = load_model(folder, device, kinds=("asr",))
        meta = getattr(model, "yuyin_meta", {})
        if "tokenizer" not in meta:
            raise ModelLoadError(f"{folder}: not a speech recognizer (no tokenizer in its config)")
        try:
            tokenizer = tokenizer_from_dict(meta["tokenizer"])
        except (ValueError, TypeError, AttributeError) as exc:  # a string where a dict was
            raise ModelLoadError(f"{folder}: unreadable tokenizer in its config ({exc})") from None
        return cls(model, tokenizer, meta=meta, folder=folder, **kwargs)

    @property
    def frame_rate(self) -> float:
        return float(self.model.frame_rate)

    def batch_decoder(
        self, options: DecodingOptions | None = None, lm: object | None = None
    ) -> Callable[[torch.Tensor, torch.Tensor], list[Result]] | None:
        """A decoder of padded batches (log-probs (B, T, V), lengths (B,)) for
        :mod:`yuyin.eval.asr`: beam search with ``options`` and ``lm``, or with the recognizer's
        own when ``options`` is None; None (greedy) when there are no options at all."""
        if options is None:
            options, lm = self.options, self.lm
        if options is None:
            return None
        tokenizer = self.tokenizer
        check_hotwords(options.hotwords, tokenizer)

        def decode(log_probs: torch.Tensor, lengths: torch.Tensor) -> list[Result]:
            return beam_search_batch(log_probs, lengths, tokenizer, options, lm)

        return decode

    @torch.no_grad()
    def _emissions(
        self, chunk: np.ndarray, db: np.ndarray | None = None, floors: np.ndarray | None = None
    ) -> tuple[float, torch.Tensor, int]:
        """The model's log-probabilities (T, V) of a chunk heard as :func:`condition_chunk`
        gives it, their valid length, and where (s) the kept part of the chunk starts."""
        min_samples = getattr(self.model.encoder, "min_samples", 1)
        start, kept = condition_chunk(chunk, min_samples, db, floors)
        was_training = self.model.training  # a model just trained: no dropout or masking
        self.model.eval()  # when it transcribes, and it goes back to training after
        try:
            device = module_device(self.model)
            wave = torch.from_numpy(kept)[None].to(device)
            out = self.model(wave, torch.tensor([len(kept)], device=device))
        finally:
            self.model.train(was_training)
        return start / SAMPLE_RATE, out.log_probs[0].float().cpu(), int(out.lengths[0])

    def _speech(self, wave: np.ndarray, path: str, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
        """``wave`` as mono float32; :class:`~yuyin.audio.AudioError` when it holds no speech.
        A DC offset stays: the model hears through it (on 40 unseen-voice clips, 72.25% greedy
        WER as they are, 71.71% with 0.1 added, 72.97% with their mean taken out), and the
        levels that cut chunks and bound words leave it out (:func:`~yuyin.audio.frame_db`)."""
        wave = as_mono(wave, path)
        if isinstance(sample_rate, float) and sample_rate.is_integer():  # 44100.0
            sample_rate = int(sample_rate)
        if sample_rate != SAMPLE_RATE:  # 1 Hz would be upsampled 16,000 times: a range too
            if not (is_rate(sample_rate) and MIN_RATE <= sample_rate <= MAX_RATE):
                raise AudioError(
                    path,
                    f"sample_rate {sample_rate!r} is no audio rate (a whole number, "
                    f"{MIN_RATE}-{MAX_RATE} Hz)",
                )
            _say_low_rate(path, int(sample_rate))
            wave = resample(wave, int(sample_rate), SAMPLE_RATE)
        if holds_no_speech(wave):
            raise AudioError(path, f"no speech found ({no_speech_reason(wave)})")
        return wave

    def _decode_chunk(
        self,
        chunk: np.ndarray,
        offset: float,
        db: np.ndarray | None = None,
        floors: np.ndarray | None = None,
    ) -> tuple[str, list[Word]]:
        """A chunk's text and words (times from ``offset``, s); ``db`` its frames' levels and
        ``floors`` their noise floors in the whole recording, when the caller has them."""
        start, log_probs, length = self._emissions(chunk, db, floors)
        offset += start
        if self.options is None:
            result = greedy_decode(log_probs, length, self.tokenizer)
        else:
            result = beam_search(log_probs, length, self.tokenizer, self.options, self.lm)
        if not result.text:
            return "", []
        try:
            alignment = align(
                log_probs, length, list(result.tokens), self.tokenizer, self.frame_rate
            )
        except AlignmentError:
            return result.text, []
        words = [Word(w.word, w.start + offset, w.end + offset, w.score) for w in alignment.words]
        origin = offset - start  # the chunk's first sample, before condition_chunk cut it
        db = frame_db(chunk) if db is None else db
        return result.text, word_bounds(words, db, origin, floors)

    @torch.no_grad()
    def align_text(
        self, wave: np.ndarray, text: str, path: str = "<array>", sample_rate: int = SAMPLE_RATE
    ) -> Transcript:
        """Force-align ``text`` (what was said) to a signal (S,) at ``sample_rate`` (resampled to
        16 kHz; times are in seconds of the signal): each of its words with
        its start, end and confidence (the mean posterior of its letters over their frames: a
        word the audio does not hold scores low), heard as :meth:`transcribe_wave` hears a
        chunk, in one pass (at most :data:`MAX_ALIGN_SECONDS`). The text is normalized as
        scoring does (``normalize_for_scoring``: numbers as words, punctuation dropped).
        Raises :class:`~yuyin.audio.AudioError` naming ``path`` for silence, too long a signal,
        or a text that does not fit (more letters than the audio has frames)."""
        from yuyin.text.normalize import normalize_for_scoring

        if not isinstance(text, str):
            raise TypeError(f"text must be a str, got {type(text).__name__}")
        wave = self._speech(wave, path, sample_rate)
        if len(wave) > MAX_ALIGN_SECONDS * SAMPLE_RATE:
            raise AudioError(
                path,
                f"{len(wave) / SAMPLE_RATE:.0f} s is too long to align in one pass (at most "
                f"{MAX_ALIGN_SECONDS:.0f} s): cut it into utterances first",
            )
        spoken = normalize_for_scoring(text)
        ids = self.tokenizer.encode(spoken)
        if not ids:
            raise AudioError(path, f"nothing in its text to align ({text[:40]!r})")
        offset, log_probs, length = self._emissions(wave)
        try:
            found = align(log_probs, length, ids, self.tokenizer, self.frame_rate)
        except AlignmentError as exc:
            raise AudioError(path, f"its text does not fit the audio: {exc}") from None
        words = [Word(w.word, w.start + offset, w.end + offset, w.score) for w in found.words]
        words = word_bounds(words, frame_db(wave), 0.0)
        return Transcript(path, spoken, tuple(words), len(wave) / SAMPLE_RATE)

    def transcribe_wave(
        self, wave: np.ndarray, path: str = "<array>", sample_rate: int = SAMPLE_RATE
    ) -> Transcript:
        """Transcribe a signal (S,) at ``sample_rate`` (resampled to 16 kHz; word times are in
        seconds of the signal): float, or integer PCM, or (S, C) channels averaged
        (:func:`~yuyin.audio.as_mono`). Raises :class:`~yuyin.audio.AudioError` naming ``path``
        for NaN samples, silence or a sample rate that is not a positive whole number."""
        wave = self._speech(wave, path, sample_rate)
        min_samples = getattr(self.model.encoder, "min_samples", 1)
        if len(wave) < min_samples:  # as eval says it: not an empty transcript with exit 0
            raise AudioError(
                path,
                f"only {1000 * len(wave) / SAMPLE_RATE:.0f} ms of audio; the model needs at least "
                f"{1000 * min_samples / SAMPLE_RATE:.0f} ms",
            )
        texts, words, start = [], [], 0
        db = frame_db(wave, tail=True)  # a short tail counts
        floors = noise_floors(db)  # once: the cuts, the pieces and the word bounds use them
        top = float(db.max())
        pause = top + SILENCE_DB  # a chunk no louder than this is a pause: nothing to raise
        for end in chunk_boundaries(wave, db=db, floors=floors):
            frames = db[start // FRAME : end // FRAME]  # cuts fall on frame edges
            chunk_floors = floors[start // FRAME : end // FRAME]
            loud = len(frames) and frames.max() >= pause
            if end - start >= min_samples and loud and holds_sound(frames, chunk_floors, top):
                text, chunk_words = self._decode_chunk(
                    wave[start:end], start / SAMPLE_RATE, frames, chunk_floors
                )
                texts.append(text)
                words += chunk_words
            start = end
        text = " ".join(t for t in texts if t)
        return Transcript(path, text, tuple(words), len(wave) / SAMPLE_RATE)

    def transcribe(self, path: str | os.PathLike, name: str | None = None) -> Transcript:
        """Transcribe one audio file; raises :class:`~yuyin.audio.AudioError` naming it. A WAV
        cut short (:func:`~yuyin.data.audio_files.wav_shortfall`) is transcribed as far as it
        goes, with a warning: its header promised more. ``name``: what warnings and the
        transcript call the file (``-`` for audio piped in through a temporary file)."""
        self.model.eval()
        wave, rate = load_audio_and_rate(path, max_seconds=self.max_seconds)
        shown = str(path) if name is None else name
        _say_low_rate(shown, rate)
        if short := wav_shortfall(path):
            log.warning(
                "%s: cut short (its WAV header promises %d bytes of samples, it holds %d): "
                "transcribing the %.2f s it holds",
                shown,
                *short,
                len(wave) / SAMPLE_RATE,
            )
        return self.transcribe_wave(wave, shown)


def audio_files(paths: list[str | os.PathLike]) -> tuple[list[Path], list[Path]]:
    """Expand folders (recursively, hidden files and folders left out) into audio files by suffix
    (:func:`yuyin.data.audio_files.find_audio`); returns (audio, skipped others)."""
    found, skipped = [], []
    for item in map(Path, paths):
        if item.is_dir():
            audio, others = find_audio(item)
            found += audio
            skipped += others
        else:
            found.append(item)  # a named file is always tried: the error will say what is wrong
    return found, skipped


_DEFAULT: dict[str, Recognizer] = {}  # the bundled recognizer, loaded once per process


def recognize(
    audio: str | bytes | os.PathLike | np.ndarray | torch.Tensor,
    model: str | os.PathLike | Recognizer | None = None,
    sample_rate: int | None = None,
) -> Transcript:
    """Transcribe an audio file or a signal; the counterpart of :func:`yuyin.synthesize`.

    ``audio``: a file name, or an array (S,) or (S, C) at ``sample_rate`` (default 16000; as
    :meth:`Recognizer.transcribe_wave` takes it; a file's rate is read from the file, so
    ``sample_rate`` with a file is a TypeError). ``model``: a :class:`Recognizer` (its decoding
    options are used), a model folder, or None (``"bundled"``) for the bundled recognizer
    (greedy decoding, loaded once per process). A wrong type is a TypeError naming the argument,
    before any model loads; unreadable audio an :class:`~yuyin.audio.AudioError` naming the file.
    """
    if isinstance(audio, bytes):
        audio = os.fsdecode(audio)
    if not isinstance(audio, str | os.PathLike | np.ndarray | torch.Tensor):
        raise TypeError(
            f"audio must be a file name or an array of samples, got {type(audio).__name__}"
        )
    is_array = isinstance(audio, np.ndarray | torch.Tensor)
    if sample_rate is not None and not is_array:
        raise TypeError("sample_rate is for an array: a file's rate is read from the file")
    if model is not None and not isinstance(model, Recognizer | str | os.PathLike):
        raise TypeError(
            "model must be a Recognizer, a model folder (str or os.PathLike) or None, "
            f"got {type(model).__name__}"
        )
    if isinstance(model, Recognizer):
        recognizer = model
    elif model is None or (str(model) in (BUNDLED, BUNDLED_ASR) and not Path(model).is_dir()):
        if BUNDLED not in _DEFAULT:
            _DEFAULT[BUNDLED] = Recognizer.load()
        recognizer = _DEFAULT[BUNDLED]
    else:
        recognizer = Recognizer.load(model)
    if is_array:
        return recognizer.transcribe_wave(audio, sample_rate=sample_rate or SAMPLE_RATE)
    return recognizer.transcribe(audio)
