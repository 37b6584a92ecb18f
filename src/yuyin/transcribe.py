"""Speech to text with a fine-tuned CTC model: chunking of long audio, decoding, word timings.

    recognizer = Recognizer.load("runs/asr/model")          # or Recognizer.load() for the bundled
    transcript = recognizer.transcribe("meeting.flac")
    transcript.text, transcript.words[0].start

Audio longer than :data:`MAX_CHUNK_SECONDS` is cut in the middle of its pauses into chunks of
about a sentence (:func:`chunk_boundaries`; at the quietest 10 ms frame of the last seconds
before the limit when there is no pause); each chunk
is decoded (greedy, or beam search with an optional word n-gram LM and hotwords) and
force-aligned to give word times, shifted by the chunk's start.
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
    LEVEL_FRAME,
    SAMPLE_RATE,
    AudioError,
    as_mono,
    frame_db,
    holds_no_speech,
    load_audio_and_rate,
    no_speech_reason,
    speech_span,
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
from yuyin.text.tokenizer import tokenizer_from_dict

MAX_CHUNK_SECONDS = 10.0  # longest chunk decoded at once
MAX_ALIGN_SECONDS = 120.0  # align_text: one pass, attention memory grows with the square
MIN_PAUSE_SECONDS = 0.2  # a pause this long is a good place to cut
MIN_CHUNK_SECONDS = 2.0  # never cut closer than this to the previous cut
SEARCH_SECONDS = 5.0  # without a pause, cut at the quietest frame this close to the limit
FRAME = LEVEL_FRAME  # 10 ms energy frames (frame_db's)
log = logging.getLogger("yuyin.transcribe")
SILENCE_DB = -45.0  # frames quieter than this (relative to the loudest) count as pause ...
NOISE_FLOOR_PERCENTILE = 5.0  # ... or, in a noisy recording, this percentile of its frames
NOISE_MARGIN_DB = 3.0  # ... plus this much (frames of steady noise vary by a dB or two) ...
SPEECH_GAP_DB = 12.0  # ... when that is still this far under the loudest frame
EDGE_SILENCE_DB = 30.0  # leading/trailing frames this far under the loudest are cut ...
EDGE_MARGIN_SECONDS = 0.15  # ... keeping this much of them
TARGET_PEAK = 0.7  # chunks are scaled to this peak (synthetic training speech peaks ~0.5-0.9)
MAX_GAIN_DB = 40.0  # a quieter chunk is raised by this much at most
WORD_TAIL_DB = 35.0  # a word sounds on while its 10 ms frames are within this of its loudest
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


def pause_level(db: np.ndarray) -> float:
    """The frame level (dBFS) under which a 10 ms frame of a recording counts as pause, from
    its :func:`~yuyin.audio.frame_db` ``db`` (F,), F > 0.

    :data:`SILENCE_DB` under the loudest frame; but steady noise 30 dB under the speech is above
    that everywhere, and a long recording in such noise had no pause to cut at. So where the
    recording's quietest frames (its :data:`NOISE_FLOOR_PERCENTILE`) plus
    :data:`NOISE_MARGIN_DB` lie higher, and still :data:`SPEECH_GAP_DB` under the loudest frame,
    that is the level: the noise between sentences counts as pause, the speech does not. (The
    margin and gap were chosen on the synthetic dev set in white noise 40, 30 and 20 dB under
    the speech: ``bench/asr_long.py --noise-db``.)
    """
    top = float(db.max())
    floor = float(np.percentile(db, NOISE_FLOOR_PERCENTILE)) + NOISE_MARGIN_DB
    return max(top + SILENCE_DB, min(floor, top - SPEECH_GAP_DB))


def chunk_boundaries(
    wave: np.ndarray, max_seconds: float = MAX_CHUNK_SECONDS, db: np.ndarray | None = None
) -> list[int]:
    """Sample indices where to cut ``wave`` so no chunk exceeds ``max_seconds``; ends with S.

    A signal within the limit is one chunk. A longer one is cut in the middle of every pause of
    :data:`MIN_PAUSE_SECONDS` or more that ends a chunk of :data:`MIN_CHUNK_SECONDS` or more,
    so chunks are about a sentence, as the recognizers were trained on (cut only before the
    limit, 20 s chunks of several sentences had a third more word errors than each sentence
    alone); a stretch without such a pause is cut at its quietest frame in the last
    :data:`SEARCH_SECONDS` before the limit. A frame is pause under :func:`pause_level`.
    ``db``: the caller's :func:`~yuyin.audio.frame_db` of
    ``wave`` when it has it (computed here otherwise).
    """
    limit = int(max_seconds * SAMPLE_RATE)
    if len(wave) <= limit:
        return [len(wave)]
    db = frame_db(wave) if db is None else db[: len(wave) // FRAME]
    quiet = db < pause_level(db)
    cuts, start = [], 0
    min_pause = int(MIN_PAUSE_SECONDS * SAMPLE_RATE / FRAME)
    while start < len(wave):
        lo = (start + int(MIN_CHUNK_SECONDS * SAMPLE_RATE)) // FRAME
        hi = min(start + limit, len(wave)) // FRAME
        best = None
        run = 0
        for i, q in enumerate(quiet[lo:hi]):  # the middle of the first long-enough pause
            run = run + 1 if q else 0
            if run >= min_pause and (lo + i + 1 >= hi or not quiet[lo + i + 1]):
                best = lo + i - run // 2
                break
        if best is None and len(wave) - start <= limit:  # the rest is one chunk
            break
        if best is None:  # no pause: the quietest frame of the last seconds before the limit
            lo = hi - int(SEARCH_SECONDS * SAMPLE_RATE) // FRAME
            best = lo + int(np.argmin(db[lo:hi]))
        cut = max(best * FRAME, start + FRAME)
        cuts.append(cut)
        start = cut
    return [*cuts, len(wave)]


def condition_chunk(
    chunk: np.ndarray, min_samples: int = 1, db: np.ndarray | None = None
) -> tuple[int, np.ndarray]:
    """A chunk as the recognizer hears it best: (first sample kept, the samples).

    The features are normalized per utterance (mean and variance over every frame), so seconds
    of silence or hum around the speech shift them, and quiet recordings lose their soft sounds
    under the log-mel floor; both made transcripts much worse (5 s of silence before a clip, or
    a peak at -22 dBFS). So leading and trailing frames more than :data:`EDGE_SILENCE_DB` under
    the loudest are cut (keeping :data:`EDGE_MARGIN_SECONDS` of them), and the rest is scaled
    to a peak of :data:`TARGET_PEAK`, the level of the speech the models were trained on (by at
    most :data:`MAX_GAIN_DB`).
    """
    lo, hi = speech_span(chunk, EDGE_SILENCE_DB, EDGE_MARGIN_SECONDS, db)
    if hi - lo < min_samples:  # too short to decode once cut: keep it whole
        lo, hi = 0, len(chunk)
    piece = chunk[lo:hi]
    peak = float(np.abs(piece).max()) if len(piece) else 0.0
    if peak > 0:
        gain = min(TARGET_PEAK / peak, 10 ** (MAX_GAIN_DB / 20))
        piece = (piece * gain).astype(np.float32)
    return lo, piece


def word_bounds(words: list[Word], db: np.ndarray, origin: float) -> list[Word]:
    """``words`` with their bounds moved out to where each word sounds, from the audio's
    :func:`~yuyin.audio.frame_db` ``db`` (F,) whose first frame starts at ``origin`` (s).

    CTC puts a letter on a frame or two of its sound, so the frames a forced alignment gives a
    word end before its sound does (the bundled model's ends were 70-90 ms early on words said
    one by one, and some voices' starts 80 ms late; ``bench/word_times.py``). A word's end
    moves on over the following frames while they stay within :data:`WORD_TAIL_DB` of the
    word's loudest frame and above the recording's :func:`pause_level`, never past the next
    word's start; then its start moves back over the frames before it likewise, never before
    the previous word's end. In connected speech, with no quiet frame between two words, the
    boundary is where the second word starts.
    """
    if not words or not len(db):
        return words
    floor, per_frame, n = pause_level(db), FRAME / SAMPLE_RATE, len(db)
    spans = []  # [first, end) frames of each word
    for w in words:
        first = min(n - 1, max(0, int((w.start - origin) / per_frame)))
        spans.append([first, min(n, max(first + 1, round((w.end - origin) / per_frame)))])
    levels = [max(float(db[a:b].max()) - WORD_TAIL_DB, floor) for a, b in spans]
    for i, span in enumerate(spans):  # ends on, up to the next word's start
        limit = spans[i + 1][0] if i + 1 < len(spans) else n
        while span[1] < limit and db[span[1]] >= levels[i]:
            span[1] += 1
    for i, span in enumerate(spans):  # starts back, down to the previous word's end
        limit = spans[i - 1][1] if i else 0
        while span[0] > limit and db[span[0] - 1] >= levels[i]:
            span[0] -= 1
    return [
        replace(
            w, start=min(w.start, origin + a * per_frame), end=max(w.end, origin + b * per_frame)
        )
        for w, (a, b) in zip(words, spans, strict=True)
    ]


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
    def load(cls, path: str | os.PathLike | None = None, **kwargs) -> Recognizer:
        """Load a fine-tuned model folder (default, or ``"bundled"`` / ``"bundled-asr"``: the
        model bundled with yuyin)."""
        folder = Path(path) if path is not None else BUNDLED_MODEL
        if str(path) in (BUNDLED, BUNDLED_ASR) and not folder.is_dir():  # a folder so named wins
            folder = BUNDLED_MODEL
        model = load_model(folder, kinds=("asr",))
        meta = getattr(model, "yuyin_meta", {})
        if "tokenizer" not in meta:
            raise ModelLoadError(f"{folder}: not a speech recognizer (no tokenizer in its config)")
        try:
            tokenizer = tokenizer_from_dict(meta["tokenizer"])
        except (ValueError, TypeError) as exc:
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
        self, chunk: np.ndarray, db: np.ndarray | None = None
    ) -> tuple[float, torch.Tensor, int]:
        """The model's log-probabilities (T, V) of a chunk heard as :func:`condition_chunk`
        gives it, their valid length, and where (s) the kept part of the chunk starts."""
        start, kept = condition_chunk(chunk, getattr(self.model.encoder, "min_samples", 1), db)
        out = self.model(torch.from_numpy(kept)[None], torch.tensor([len(kept)]))
        return start / SAMPLE_RATE, out.log_probs[0].float(), int(out.lengths[0])

    def _speech(self, wave: np.ndarray, path: str) -> np.ndarray:
        """``wave`` as mono float32; :class:`~yuyin.audio.AudioError` when it holds no speech."""
        wave = as_mono(wave, path)
        if holds_no_speech(wave):
            raise AudioError(path, f"no speech found ({no_speech_reason(wave)})")
        return wave

    def _decode_chunk(
        self, chunk: np.ndarray, offset: float, db: np.ndarray | None = None
    ) -> tuple[str, list[Word]]:
        start, log_probs, length = self._emissions(chunk, db)
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
        return result.text, word_bounds(words, frame_db(chunk) if db is None else db, origin)

    @torch.no_grad()
    def align_text(self, wave: np.ndarray, text: str, path: str = "<array>") -> Transcript:
        """Force-align ``text`` (what was said) to a 16 kHz signal (S,): each of its words with
        its start, end and confidence (the mean posterior of its letters over their frames: a
        word the audio does not hold scores low), heard as :meth:`transcribe_wave` hears a
        chunk, in one pass (at most :data:`MAX_ALIGN_SECONDS`). The text is normalized as
        scoring does (``normalize_for_scoring``: numbers as words, punctuation dropped).
        Raises :class:`~yuyin.audio.AudioError` naming ``path`` for silence, too long a signal,
        or a text that does not fit (more letters than the audio has frames)."""
        from yuyin.text.normalize import normalize_for_scoring

        wave = self._speech(wave, path)
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

    def transcribe_wave(self, wave: np.ndarray, path: str = "<array>") -> Transcript:
        """Transcribe a 16 kHz signal (S,): float, or integer PCM, or (S, C) channels averaged
        (:func:`~yuyin.audio.as_mono`). Raises :class:`~yuyin.audio.AudioError` naming ``path``
        for NaN samples or silence."""
        wave = self._speech(wave, path)
        min_samples = getattr(self.model.encoder, "min_samples", 1)
        if len(wave) < min_samples:  # as eval says it: not an empty transcript with exit 0
            raise AudioError(
                path,
                f"only {1000 * len(wave) / SAMPLE_RATE:.0f} ms of audio; the model needs at least "
                f"{1000 * min_samples / SAMPLE_RATE:.0f} ms",
            )
        texts, words, start = [], [], 0
        db = frame_db(wave, tail=True)  # a short tail counts
        pause = db.max() + SILENCE_DB  # a chunk no louder than this is a pause: nothing to raise
        for end in chunk_boundaries(wave, db=db):
            frames = db[start // FRAME : end // FRAME]  # cuts fall on frame edges
            if end - start >= min_samples and len(frames) and frames.max() >= pause:
                text, chunk_words = self._decode_chunk(wave[start:end], start / SAMPLE_RATE, frames)
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
        if rate < SAMPLE_RATE:
            log.warning(
                "%s: recorded at %d Hz, so it holds nothing above %d Hz; a recognizer trained "
                "on %d Hz speech makes more errors on it (one fine-tuned on such recordings, "
                "fewer)",
                shown,
                rate,
                rate // 2,
                SAMPLE_RATE,
            )
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
