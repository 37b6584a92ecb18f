"""Text to speech with a yuyin voice: sentences -> phonemes -> log-mel -> waveform, streamed.

    voice = Voice.load()                          # the bundled voice, or Voice.load("my/voice")
    samples = voice.synthesize("Hello there. How are you?")      # (S,) float32 at 16 kHz
    for chunk in voice.stream(long_text):         # one sentence at a time: first audio early
        sink.write(chunk)

A *voice* is a folder holding ``acoustic/`` (a saved :class:`~yuyin.models.tts.AcousticModel`,
hub kind ``tts``) and optionally ``vocoder/`` (hub kind ``vocoder``) plus ``voice.json`` (name and
provenance). A bare acoustic-model folder works too; without a neural vocoder the waveform comes
from Griffin-Lim (:func:`yuyin.models.griffin_lim.griffin_lim`), slower and buzzier but always
there: unless asked for (``vocoder="griffin-lim"``) it is warned about once per acoustic model.

Text is split into sentences (:func:`yuyin.text.normalize.split_sentences`, long ones cut at
clause breaks), each sentence is phonemized (:func:`yuyin.text.phonemize.phonemize`) and
synthesized on its own, with :data:`SENTENCE_GAP_S` of silence between sentences and
:data:`PARAGRAPH_GAP_S` between paragraphs (after a blank line, a headline, a heading or a list
item: :func:`yuyin.text.normalize.split_paragraphs`). A sentence with nothing pronounceable
(only punctuation, emoji, a script the lexicon does not cover) gives no audio and no gap, never
an error: :attr:`Voice.skipped` counts them. Text with nothing pronounceable at
all (``""``, ``"?!"``) gives one sentence gap of silence (0.2 s by default), as ``yuyin say``
writes: an audio file of no samples cannot be read back (FLAC), and a caller saving, playing or
concatenating the result gets a pause rather than an empty array.
"""

from __future__ import annotations

import json
import logging
import numbers
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import torch

from yuyin.audio import N_MELS, SAMPLE_RATE
from yuyin.hub import CONFIG_FILE, ModelLoadError, load_model, read_model_config
from yuyin.models.vocoder import OVERSHOOT_PEAK
from yuyin.reading import MAX_SENTENCE_CHARS, release_freed_memory, spoken_pieces

if TYPE_CHECKING:
    from yuyin.models.tts import AcousticModel
    from yuyin.text.g2p import G2P

__all__ = [
    "BUNDLED_VOICE",
    "GRIFFIN_LIM",
    "Segment",
    "SynthesisOptions",
    "Voice",
    "VoiceError",
    "speaker_index",
    "synthesize",
]

BUNDLED_VOICE = Path(__file__).parent / "assets" / "models" / "voice"
BUNDLED = "bundled"  # the name that means the shipped voice (--voice bundled)
ACOUSTIC_DIR, VOCODER_DIR, VOICE_FILE = "acoustic", "vocoder", "voice.json"
GRIFFIN_LIM = "griffin-lim"  # the vocoder name that asks for the Griffin-Lim fallback
UNSPOKEN_LISTED = 5  # words of other scripts named in the warning
log = logging.getLogger("yuyin.voice")
_WORD = re.compile(r"\w+")


def _check_text(text: object) -> None:
    """TypeError naming ``text`` unless it is a str (bytes: decode first)."""
    if isinstance(text, str):
        return
    hint = ": decode it first, e.g. text.decode('utf-8')" if isinstance(text, bytes) else ""
    raise TypeError(f"text must be a str, got {type(text).__name__}{hint}")


def _check_number(name: str, value: object) -> None:
    """TypeError naming ``name`` unless ``value`` is a real number (int, float, NumPy's; not a
    bool)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number (float), got {type(value).__name__} {value!r}")


def unspoken_words(text: str) -> list[str]:
    """The words of ``text`` with letters outside the Latin script ("世界", "Привет"): the
    voices speak English, and phonemization leaves such words out."""
    return [
        word
        for word in _WORD.findall(text)
        if any(c.isalpha() and not unicodedata.name(c, "").startswith("LATIN") for c in word)
    ]


SENTENCE_GAP_S = 0.2  # silence between sentences (a reader's pause after a full stop)
PARAGRAPH_GAP_S = 0.6  # ... between paragraphs and after a headline (a newsreader's longer pause)
MAX_SENTENCE_GAP_S = 60.0  # a longer gap is a mistake, not a pause
SPEED_RANGE = (0.25, 4.0)  # beyond this, durations round to nothing or speech crawls
PEAK = OVERSHOOT_PEAK  # Griffin-Lim output past full scale is scaled down to this peak
TRIM_EVERY = 50  # sentences between returns of freed heap memory to the system (long texts)


@dataclass(frozen=True)
class Segment:
    """One sentence as :meth:`Voice.segments` speaks it: its written ``text``, the ``pause``
    (samples of silence) before it, and its ``audio`` (S,) float32, empty when nothing in it
    can be said."""

    text: str
    pause: int
    audio: np.ndarray


class VoiceError(ValueError):
    """A voice folder or option that cannot be used; the message names it."""


@dataclass(frozen=True)
class SynthesisOptions:
    """How to speak: ``speed`` > 1 is faster; ``speaker`` of a multi-speaker acoustic model, by
    id or by the name it was trained with (its meta ``speakers``); ``griffin_lim_iters`` for
    the fallback vocoder."""

    speed: float = 1.0
    sentence_gap_s: float = SENTENCE_GAP_S
    paragraph_gap_s: float = PARAGRAPH_GAP_S
    griffin_lim_iters: int = 32
    speaker: int | str = 0

    def __post_init__(self) -> None:
        speaker = self.speaker
        if isinstance(speaker, numbers.Integral) and not isinstance(speaker, bool | int):
            speaker = int(speaker)  # numpy's and torch's integers name an id as well
            object.__setattr__(self, "speaker", speaker)
        if isinstance(speaker, bool) or not isinstance(speaker, int | str):
            raise TypeError(f"speaker must be an id (int) or a name (str), got {speaker!r}")
        if isinstance(speaker, int) and speaker < 0 or speaker == "":
            raise VoiceError(f"speaker must be an id >= 0 or a name, got {speaker!r}")
        _check_number("speed", self.speed)
        _check_number("sentence_gap_s", self.sentence_gap_s)
        _check_number("paragraph_gap_s", self.paragraph_gap_s)
        low, high = SPEED_RANGE
        if not low <= self.speed <= high:
            raise VoiceError(f"speed must be within {low}..{high}, got {self.speed}")
        for what, gap in (("sentence", self.sentence_gap_s), ("paragraph", self.paragraph_gap_s)):
            if not 0 <= gap <= MAX_SENTENCE_GAP_S:  # also refuses NaN
                raise VoiceError(f"{what} gap must be within 0..{MAX_SENTENCE_GAP_S} s, got {gap}")
        iters = self.griffin_lim_iters
        if isinstance(iters, bool) or not isinstance(iters, int) or iters < 1:
            raise VoiceError(f"griffin_lim_iters must be an integer >= 1, got {iters!r}")


def _load_kind(folder: Path, kind: str, what: str) -> torch.nn.Module:
    try:
        found = read_model_config(folder).get("kind")
        if found != kind:
            raise VoiceError(f"{folder}: a model of kind {found!r}, not {what} (kind {kind!r})")
        return load_model(folder)
    except ModelLoadError as exc:
        raise VoiceError(str(exc)) from None


def voice_folder(path: str | os.PathLike | None) -> Path:
    """The folder a voice name means: None or ``"bundled"`` (unless a folder of that name is
    here, which wins) is the voice shipped with yuyin, anything else the folder itself."""
    bundled = path is None or (str(path) == BUNDLED and not Path(path).exists())
    return BUNDLED_VOICE if bundled else Path(path)


def _voice_part(path: str | os.PathLike, part: str) -> Path:
    """The model folder ``path`` names for one part of a voice (``acoustic`` or ``vocoder``):
    ``"bundled"`` the shipped voice's, a voice folder its ``part/``, anything else itself."""
    folder = voice_folder(path)
    if not (folder / CONFIG_FILE).is_file() and (folder / part / CONFIG_FILE).is_file():
        return folder / part
    return folder


def acoustic_folder(path: str | os.PathLike) -> Path:
    """The acoustic-model folder ``path`` names, as ``Voice.load`` reads it: ``"bundled"`` the
    shipped voice's, a voice folder its ``acoustic/``, anything else itself (loading it then
    says what is wrong with it)."""
    return _voice_part(path, ACOUSTIC_DIR)


def vocoder_folder(path: str | os.PathLike) -> Path:
    """The vocoder folder ``path`` names: ``"bundled"`` the shipped voice's, a voice folder its
    ``vocoder/`` (a :class:`VoiceError` when it has none), anything else itself (loading it then
    says what is wrong with it)."""
    folder = _voice_part(path, VOCODER_DIR)
    if (folder / VOICE_FILE).is_file():  # a voice folder itself: it has no vocoder/
        raise VoiceError(f"{path}: a voice without a vocoder (it speaks with Griffin-Lim)")
    return folder


def speaker_index(acoustic: AcousticModel, wanted: int | str, what: str) -> int:
    """The id of speaker ``wanted`` (an id, or a name of the model's meta ``speakers``, or the
    end of one name after a "-": "slt" for "festival-slt") in the acoustic model; one it does
    not have is a :class:`VoiceError` naming ``what`` and listing the speakers it has."""
    count = acoustic.config.n_speakers
    names = list(getattr(acoustic, "yuyin_meta", {}).get("speakers") or [])[:count]
    if isinstance(wanted, int) and 0 <= wanted < count:
        return wanted
    if isinstance(wanted, str) and wanted in names:
        return names.index(wanted)
    if isinstance(wanted, str) and wanted:  # "slt" for "festival-slt": the voice, no engine
        short = [i for i, n in enumerate(names) if n and n.endswith(f"-{wanted}")]
        if len(short) == 1:
            return short[0]
    shown = [f"{i} {n}" if n else f"{i} (no name)" for i, n in enumerate(names)]
    known = ", ".join(shown) or f"ids 0..{count - 1}"
    raise VoiceError(f"{what} has no speaker {wanted!r}; it has: {known}")


class Voice:
    """An acoustic model and a vocoder (or Griffin-Lim), ready to speak."""

    def __init__(
        self,
        acoustic: torch.nn.Module,
        vocoder: torch.nn.Module | None = None,
        name: str = "voice",
        options: SynthesisOptions | None = None,
        g2p: G2P | None = None,
    ) -> None:
        self.acoustic = acoustic.eval()
        self.vocoder = vocoder.eval() if vocoder is not None else None
        self.name = name
        self.options = options or SynthesisOptions()
        self.g2p = g2p  # None: the shared default (CMUdict + the shipped neural G2P)
        self.skipped = 0  # sentences with nothing to pronounce, since the voice was loaded

    @classmethod
    def load(
        cls,
        path: str | os.PathLike | None = None,
        vocoder: str | os.PathLike | None = None,
        options: SynthesisOptions | None = None,
        g2p: G2P | None = None,
    ) -> Voice:
        """Load a voice folder (default, or ``"bundled"``: the voice shipped with yuyin, as
        ``--pretrained bundled`` names the shipped encoder) or a bare acoustic-model folder.

        ``vocoder`` overrides the voice's own: a vocoder model folder, or ``"griffin-lim"``.
        ``g2p`` pronounces the words (default: CMUdict, then the shipped neural G2P), e.g.
        ``G2P(fst="runs/fst")`` for out-of-vocabulary words from the combined models.
        """
        for name, value in (("path", path), ("vocoder", vocoder)):
            if value is not None and not isinstance(value, (str, os.PathLike)):
                raise TypeError(
                    f"{name} must be a folder (str or os.PathLike) or None, "
                    f"got {type(value).__name__}"
                )
        folder = voice_folder(path)
        if not folder.is_dir():
            hint = " (yuyin ships no voice yet: train one with `yuyin tts train`)"
            what = "a file, not a voice folder" if folder.exists() else "no such voice folder"
            raise VoiceError(f"{folder}: {what}" + (hint if path is None else ""))
        if (folder / CONFIG_FILE).is_file():  # a bare acoustic model
            acoustic_dir, own_vocoder = folder, None
            run = folder.resolve().parent  # a run's model/ (tts train --out runs/x): "x"
            name = run.name if folder.name == "model" and run.name else folder.name
        else:
            acoustic_dir = folder / ACOUSTIC_DIR
            if not (acoustic_dir / CONFIG_FILE).is_file():
                raise VoiceError(
                    f"{folder}: not a voice (needs {ACOUSTIC_DIR}/ with a saved TTS acoustic "
                    "model, or is itself one)"
                )
            own_vocoder = folder / VOCODER_DIR if (folder / VOCODER_DIR).is_dir() else None
            name = _voice_name(folder)
        acoustic = _load_kind(acoustic_dir, "tts", "a TTS acoustic model")
        chosen = own_vocoder if vocoder is None else vocoder
        voc = None
        if chosen is None:  # not asked for ("griffin-lim"): the much worse audio is said
            _warn_griffin_lim(name, acoustic_dir)
        elif str(chosen) != GRIFFIN_LIM:
            voc = _load_kind(Path(chosen), "vocoder", "a vocoder")
        return cls(acoustic, voc, name, options, g2p)

    @property
    def sample_rate(self) -> int:
        return SAMPLE_RATE

    @property
    def vocoder_name(self) -> str:
        return "neural" if self.vocoder is not None else GRIFFIN_LIM

    def sentences(self, text: str) -> list[str]:
        """The sentences ``text`` is spoken as, in order (long ones cut at clause breaks)."""
        return [s for paragraph in self.paragraphs(text) for s in paragraph]

    def paragraphs(self, text: str) -> list[list[str]]:
        """:meth:`sentences` grouped by paragraph (a headline or a list item is one). A
        sentence whose spoken form passes :data:`MAX_SENTENCE_CHARS` ("$1,234,567.89" grows
        fivefold) is given in spoken pieces of at most that length."""
        from yuyin.text.normalize import split_paragraphs

        paragraphs = split_paragraphs(text, max_chars=MAX_SENTENCE_CHARS)
        return [[p for s in paragraph for p in spoken_pieces(s)] for paragraph in paragraphs]

    def speaker_id(self) -> int:
        """The acoustic model's id of :attr:`SynthesisOptions.speaker`; a name or id it does not
        have is a :class:`VoiceError` listing those it has."""
        return speaker_index(self.acoustic, self.options.speaker, f"voice {self.name!r}")

    @torch.no_grad()
    def mel(self, sentence: str) -> torch.Tensor:
        """Log-mel of one sentence. (T, 80); T == 0 when nothing in it can be pronounced."""
        from yuyin.text.phonemize import phonemize

        symbols = phonemize(sentence, g2p=self.g2p)
        if not symbols:
            return torch.zeros(0, N_MELS)
        mel = self.acoustic.synthesize(symbols, speed=self.options.speed, speaker=self.speaker_id())
        if mel.shape[0] == 0 or not torch.isfinite(mel).all():  # the model, not the text, failed
            what = "no frames" if mel.shape[0] == 0 else "NaN or infinite values"
            raise VoiceError(
                f"voice {self.name!r}: its acoustic model gave {what} for {sentence[:40]!r} "
                "(untrained or diverged?)"
            )
        return mel

    @torch.no_grad()
    def vocode(self, mel: torch.Tensor) -> np.ndarray:
        """Waveform of a log-mel. (T, 80) -> (T * 160,) float32 within [-1, 1]."""
        if mel.shape[0] == 0:
            return np.zeros(0, dtype=np.float32)
        if self.vocoder is not None:
            wave = self.vocoder.synthesize(mel)
        else:
            from yuyin.models.griffin_lim import griffin_lim

            wave = griffin_lim(mel, n_iter=self.options.griffin_lim_iters)
        wave = wave.float().numpy()
        peak = float(np.abs(wave).max(initial=0.0))
        if peak > 1.0:  # never clip: scale the rare overshoot back under full scale
            wave = wave * (PEAK / peak)
        return wave.astype(np.float32)

    def stream(self, text: str) -> Iterator[np.ndarray]:
        """Audio of ``text`` sentence by sentence (each chunk (S,) float32 at 16 kHz).

        A chunk a sentence; those after the first spoken one start with
        :attr:`SynthesisOptions.sentence_gap_s` of silence, or ``paragraph_gap_s`` when the
        sentence opens a paragraph. A sentence with nothing to say yields an empty chunk (no
        gap). A text with no sentences yields nothing. TypeError (at once) unless ``text`` is a str.
        """
        _check_text(text)
        return self._stream(text)

    def gap(self) -> np.ndarray:
        """The silence between two sentences: (S,) float32 zeros of
        :attr:`SynthesisOptions.sentence_gap_s` (also what text with nothing to say gives)."""
        return np.zeros(round(self.options.sentence_gap_s * self.sample_rate), dtype=np.float32)

    def segments(self, text: str) -> Iterator[Segment]:
        """:meth:`stream` with each sentence's text and the pause before it kept apart: where
        each sentence starts in the audio (``yuyin say --marks``)."""
        _check_text(text)
        return self._segments(text)

    def _stream(self, text: str) -> Iterator[np.ndarray]:
        for segment in self._segments(text):
            if segment.pause:
                yield np.concatenate([np.zeros(segment.pause, np.float32), segment.audio])
            else:
                yield segment.audio

    def _segments(self, text: str) -> Iterator[Segment]:
        if unspoken := unspoken_words(text):
            more = len(dict.fromkeys(unspoken)) - UNSPOKEN_LISTED
            log.warning(
                "voice %s speaks English: %d word(s) in other scripts are left out (%s%s)",
                self.name,
                len(unspoken),
                ", ".join(list(dict.fromkeys(unspoken))[:UNSPOKEN_LISTED]),  # each once
                f", ... {more} more" if more > 0 else "",
            )
        gap = round(self.options.sentence_gap_s * self.sample_rate)
        paragraph_gap = round(self.options.paragraph_gap_s * self.sample_rate)
        spoken, count = False, 0
        for paragraph in self.paragraphs(text):
            opens = True  # the paragraph's first spoken sentence
            for sentence in paragraph:
                count += 1
                if count % TRIM_EVERY == 0:
                    release_freed_memory()
                mel = self.mel(sentence)
                if mel.shape[0] == 0:  # nothing to say: no audio, and no second pause around it
                    self.skipped += 1
                    yield Segment(sentence, 0, np.zeros(0, dtype=np.float32))
                    continue
                pause = (paragraph_gap if opens else gap) if spoken else 0
                spoken, opens = True, False
                yield Segment(sentence, pause, self.vocode(mel))

    def synthesize(self, text: str) -> np.ndarray:
        """The whole of ``text`` as one signal. (S,) float32 at 16 kHz.

        When nothing in it can be pronounced (``""``, ``"?!"``) a warning is logged and the
        signal is :attr:`SynthesisOptions.sentence_gap_s` of silence (0.2 s by default), the
        audio ``yuyin say`` writes then, never an empty array. TypeError unless ``text`` is a
        str.
        """
        skipped = self.skipped
        chunks = list(self.stream(text))
        if len(chunks) == self.skipped - skipped:  # no sentence, or none pronounceable
            log.warning("voice %s: nothing pronounceable in %r: silence", self.name, text[:40])
        wave = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float32)
        return wave if len(wave) else self.gap()


_WARNED_GRIFFIN_LIM: set[str] = set()  # acoustic folders already warned about, this process


def _warn_griffin_lim(name: str, acoustic_dir: Path) -> None:
    """Warn, once per acoustic model and process, that a voice without a vocoder is spoken by
    Griffin-Lim, and how to give it one."""
    key = str(acoustic_dir.resolve())
    if key in _WARNED_GRIFFIN_LIM:
        return
    _WARNED_GRIFFIN_LIM.add(key)
    log.warning(
        "voice %s has no vocoder: Griffin-Lim makes its waveform (slower, buzzier audio); add a "
        "trained one (`yuyin vocoder train`) with --vocoder DIR, or pack a voice with it: "
        "yuyin tts pack %s --vocoder VOCODER -o VOICE",
        name,
        acoustic_dir,
    )


def _voice_name(folder: Path) -> str:
    try:
        record = json.loads((folder / VOICE_FILE).read_text(encoding="utf-8"))
        return str(record.get("name", folder.name))
    except (OSError, ValueError):
        return folder.name


_DEFAULT: dict[str, Voice] = {}  # the bundled voice, loaded once per process


def synthesize(
    text: str,
    voice: str | os.PathLike | Voice | None = None,
    speed: float | None = None,
    speaker: int | str | None = None,
) -> tuple[np.ndarray, int]:
    """Speak ``text``; returns ``(samples, sample_rate)``: (S,) float32 and 16000.

    ``voice``: a :class:`Voice` (its G2P and options are used), a voice or acoustic-model
    folder, or None for the bundled voice. ``speed`` overrides the voice's (default 1.0), a
    number within :data:`SPEED_RANGE`; ``speaker`` the voice's speaker (an id or a name of a
    multi-speaker voice, :attr:`SynthesisOptions.speaker`). Text with nothing pronounceable
    (``""``) gives :attr:`SynthesisOptions.sentence_gap_s` of silence, as
    :meth:`Voice.synthesize` does.
    Arguments of the wrong type are a TypeError naming the argument, before any model loads;
    a speed out of range is a :class:`VoiceError` (a ValueError).
    """
    _check_text(text)
    if speed is not None:
        _check_number("speed", speed)
    if speaker is not None:
        SynthesisOptions(speaker=speaker)  # a wrong type or value is named before any load
    if voice is not None and not isinstance(voice, (Voice, str, os.PathLike)):
        raise TypeError(
            "voice must be a Voice, a voice folder (str or os.PathLike) or None, "
            f"got {type(voice).__name__}"
        )
    if isinstance(voice, Voice):
        loaded = voice
    elif voice is None:
        if "bundled" not in _DEFAULT:
            _DEFAULT["bundled"] = Voice.load()
        loaded = _DEFAULT["bundled"]
    else:
        loaded = Voice.load(voice)
    # the same models and pronunciations with this call's speed: the caller's Voice is left as
    # it was
    options = loaded.options if speed is None else replace(loaded.options, speed=speed)
    if speaker is not None:
        options = replace(options, speaker=speaker)  # checked by SynthesisOptions
    this_call = Voice(loaded.acoustic, loaded.vocoder, loaded.name, options, loaded.g2p)
    return this_call.synthesize(text), SAMPLE_RATE


def __getattr__(name: str) -> object:
    """``pack_voice`` lives in :mod:`yuyin.voice_pack` and is importable from here too (not
    imported at load: voice_pack imports this module)."""
    if name == "pack_voice":
        from yuyin.voice_pack import pack_voice

        return pack_voice
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
