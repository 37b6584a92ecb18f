"""Tiny synthetic data for tests: tone corpora written as wav files with a JSONL manifest.

Every word of :data:`WORDS` is a tone of its own pitch, and an utterance is its words' tones one
after another, so a labeled tone corpus is learnable by a tiny ASR model (and an aligner can find
the words). Everything is a pure function of ``seed``.

    from dummies import make_tone_corpus
    manifest, utts = make_tone_corpus(tmp_path, n=8, seconds_range=(0.5, 1.5), seed=0)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from yuyin.audio import SAMPLE_RATE, save_audio
from yuyin.data.manifest import Utterance, write_manifest

WORDS = ("yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go")
BASE_HZ = 220.0  # pitch of the first word (A3)
SEMITONES_PER_WORD = 3  # a minor third apart: ten words span 2.5 octaves, all below 2 kHz
AMPLITUDE = 0.3  # peak, well under clipping after 16-bit quantization
FADE_SECONDS = 0.01  # 10 ms raised-cosine ramps: no clicks between words
MAX_WORDS = 3  # words per labeled utterance: 1..3
# --set values of a tiny TTS acoustic model (configs/tts/tiny.yaml's, made small), for
# `yuyin tts pretrain/train` runs of a few seconds
TINY_TTS_MODEL = (
    "model.dim=32",
    "model.heads=2",
    "model.encoder_layers=1",
    "model.decoder_layers=1",
    "model.conv_kernel=3",
    "model.predictor_channels=32",
    "model.aligner_channels=16",
    "model.dropout=0.0",
    "model.predictor_dropout=0.0",
)


def word_frequency(word: str) -> float:
    """Pitch (Hz) of a word's tone."""
    return BASE_HZ * 2 ** (WORDS.index(word) * SEMITONES_PER_WORD / 12)


def tone(
    seconds: float, frequency: float, sample_rate: int = SAMPLE_RATE, amplitude: float = AMPLITUDE
) -> np.ndarray:
    """A sine with short fades at both ends. Returns float32 (S,), S = round(seconds * rate)."""
    num = round(seconds * sample_rate)
    t = np.arange(num) / sample_rate
    wave = amplitude * np.sin(2 * np.pi * frequency * t)
    fade = min(round(FADE_SECONDS * sample_rate), num // 2)
    if fade:
        ramp = 0.5 - 0.5 * np.cos(np.pi * np.arange(fade) / fade)  # 0 -> 1
        wave[:fade] *= ramp
        wave[num - fade :] *= ramp[::-1]
    return wave.astype(np.float32)


def word_tones(words: Sequence[str], seconds: float, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """The words' tones back to back, ``seconds`` in total. Returns float32 (S,)."""
    num = round(seconds * sample_rate)
    bounds = np.linspace(0, num, len(words) + 1).round().astype(int)
    parts = [
        tone((hi - lo) / sample_rate, word_frequency(w), sample_rate)
        for w, lo, hi in zip(words, bounds[:-1], bounds[1:], strict=True)
    ]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)


def random_durations(
    n: int, seconds_range: tuple[float, float] = (0.5, 2.0), seed: int = 0
) -> list[float]:
    """``n`` durations uniform in ``seconds_range`` (for sampler tests that need no audio)."""
    rng = np.random.default_rng(seed)
    return rng.uniform(*seconds_range, size=n).tolist()


def make_tone_corpus(
    tmp_path: str | Path,
    n: int = 8,
    seconds_range: tuple[float, float] = (0.5, 1.5),
    seed: int = 0,
    labeled: bool = True,
    *,
    speakers: int = 2,
    sample_rate: int = SAMPLE_RATE,
    name: str = "corpus",
) -> tuple[Path, list[Utterance]]:
    """Write ``n`` tone utterances under ``tmp_path/name`` and their manifest.

    Each utterance lasts uniformly within ``seconds_range`` and says 1 to 3 words of
    :data:`WORDS`; ``text`` is those words (None when not ``labeled``), speakers cycle
    ``spk0..``. Durations in the manifest are exact (from the sample count).

    Returns ``(manifest_path, utterances)``.
    """
    root = Path(tmp_path) / name
    rng = np.random.default_rng(seed)
    utterances = []
    for i in range(n):
        seconds = float(rng.uniform(*seconds_range))
        count = int(rng.integers(1, MAX_WORDS + 1))
        words = [WORDS[k] for k in rng.integers(0, len(WORDS), size=count)]
        wave = word_tones(words, seconds, sample_rate)
        path = save_audio(root / "wav" / f"utt{i:04d}.wav", wave, sample_rate)
        utterances.append(
            Utterance(
                id=f"{name}-{i:04d}",
                audio=str(path.resolve()),
                duration=wave.size / sample_rate,
                text=" ".join(words) if labeled else None,
                speaker=f"spk{i % speakers}" if speakers else None,
            )
        )
    manifest = write_manifest(root / "manifest.jsonl", utterances)
    return manifest, utterances


def tiny_encoder_config(**overrides):
    """A 2-layer, 32-channel encoder config for unit tests (no dropout)."""
    from yuyin.models.encoder import EncoderConfig

    base = dict(
        frontend_channels=8,
        dim=32,
        layers=2,
        heads=4,
        ff_mult=2,
        conv_kernel=5,
        pos_conv_kernel=8,
        pos_conv_groups=4,
        dropout=0.0,
        attention_dropout=0.0,
    )
    return EncoderConfig(**{**base, **overrides})


def tiny_tts_config(**overrides):
    """A 32-channel acoustic model config (1 encoder + 1 decoder layer) for unit tests."""
    from yuyin.models.tts import TTSConfig

    base = dict(
        dim=32,
        heads=2,
        encoder_layers=1,
        decoder_layers=1,
        ff_mult=2,
        conv_kernel=3,
        dropout=0.0,
        predictor_channels=32,
        predictor_dropout=0.0,
        aligner_channels=16,
    )
    return TTSConfig(**{**base, **overrides})


def make_tiny_voice(root: str | Path, seed: int = 0, speakers: Sequence[str] = ()) -> Path:
    """A packed voice under ``root/packed``: a random tiny acoustic model and a random tiny
    vocoder (it speaks noise, quickly); with ``speakers``, a model of that many named speakers.
    Returns the voice folder."""
    import torch

    from yuyin.hub import save_model
    from yuyin.models.tts import TTSConfig, build_tts
    from yuyin.models.vocoder import VocoderConfig, build_vocoder
    from yuyin.voice import pack_voice

    root = Path(root)
    torch.manual_seed(seed)
    tts_cfg = TTSConfig(
        dim=32, heads=2, encoder_layers=1, decoder_layers=1, predictor_channels=32,
        n_speakers=max(len(speakers), 1),
    )  # fmt: skip
    voc_cfg = VocoderConfig(dim=32, intermediate_dim=64, layers=1)
    meta = {"speakers": list(speakers)} if speakers else None
    save_model(build_tts(tts_cfg), root / "acoustic", "tts", tts_cfg, meta)
    save_model(build_vocoder(voc_cfg), root / "vocoder", "vocoder", voc_cfg)
    return pack_voice(root / "acoustic", root / "packed", root / "vocoder", {"data": "none"})
