"""Who says what in a synthetic corpus: voice specs and the seeded utterance plan.

:func:`resolve_voices` turns a voice spec (``espeak:8,piper:1``) into voice names, refusing to mix
training and evaluation engines; :func:`plan_corpus` (and :class:`Planner`, its infinite stream)
deals prompts and voices in seeded orders and gives each utterance its rate, pitch and
expressiveness, so the same seed always gives the same plan. :mod:`yuyin.data.synth` carries the
plan out.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from yuyin.data.engine_base import EVAL_ENGINES, TRAINING_ENGINES, engine_of
from yuyin.data.engines import engine_available, static_voices

__all__ = [
    "DEFAULT_EVAL_SPEC",
    "DEFAULT_TRAINING_SPEC",
    "TRAIN",
    "UNSEEN_VOICES",
    "PlannedUtterance",
    "Planner",
    "plan_corpus",
    "resolve_voices",
]

TRAIN, UNSEEN_VOICES = "train", "unseen-voices"  # the two purposes of a synthetic corpus
DEFAULT_TRAINING_SPEC = "espeak:8,piper:1,festival:3"  # 12 voices; festival only when installed
DEFAULT_EVAL_SPEC = "flite"  # every flite voice
WAV_DIR = "wavs"

# Duration estimate of a planned utterance (synthesis corrects it by what was measured)
WORDS_PER_SECOND = 2.5  # 150 words a minute, a typical reading rate
PAUSE_ESTIMATE_S = 0.3  # leading/trailing silence left after trimming

# Per-voice character (from the voice name, so a voice sounds alike in every corpus) ...
VOICE_RATE_RANGE = (0.92, 1.08)
VOICE_PITCH_RANGE = (0.94, 1.06)
# ... times a per-utterance jitter (from the seed)
UTTERANCE_RATE_JITTER = (0.9, 1.1)
UTTERANCE_PITCH_JITTER = (0.96, 1.04)
# A steady corpus (one voice for TTS) keeps each voice's own delivery: rate 1, pitch 1, the
# middle of the engine's expressiveness range (Piper: noise 0.65, duration noise 0.75)
STEADY_VARIATION = 0.5

PROMPT_STREAM, VOICE_STREAM = 1, 2  # seed streams: prompt order, voice order
HASH_BYTES = 8


@dataclass(frozen=True)
class PlannedUtterance:
    """One utterance of a plan: who says what, how fast and how high."""

    id: str
    text: str
    voice: str
    rate: float
    pitch: float
    variation: float
    estimate: float  # seconds, before measuring

    def wav_path(self, out_dir: Path) -> Path:
        return out_dir / WAV_DIR / self.voice / f"{self.id}.wav"


def _stable_int(*parts: object) -> int:
    text = "\x1f".join(str(p) for p in parts).encode("utf-8")
    return int.from_bytes(hashlib.blake2b(text, digest_size=HASH_BYTES).digest(), "big")


def _engine_voices(engine: str, purpose: str) -> list[str]:
    allowed, other = (
        (TRAINING_ENGINES, EVAL_ENGINES) if purpose == TRAIN else (EVAL_ENGINES, TRAINING_ENGINES)
    )
    if engine in other and purpose == TRAIN:
        raise ValueError(
            f"{engine} is reserved for evaluation (unseen-voices sets) and never trains a model; "
            "use --eval-voices to build an evaluation set with it"
        )
    if engine in other:
        raise ValueError(
            f"{engine} makes training data; an unseen-voices set uses only {', '.join(allowed)}"
        )
    if engine not in allowed:
        raise ValueError(f"unknown engine {engine!r}; engines: {', '.join(allowed)}")
    if not engine_available(engine):
        raise ValueError(f"{engine} is not installed here ({install_hint(engine)})")
    return static_voices(engine)


INSTALL_HINTS = {
    "espeak": "pip install 'yuyin[synth]'",
    "piper": "pip install 'yuyin[synth]'",
    "festival": "Debian: apt-get install festival festvox-kallpc16k festvox-kdlpc16k "
    "festvox-us-slt-hts",
    "flite": "Debian: apt-get install flite",
}


def install_hint(engine: str) -> str:
    """How to install a synthesis engine (a PyPI extra or Debian packages)."""
    return INSTALL_HINTS.get(engine, "see DATA.md")


def resolve_voices(spec: str | None = None, eval_voices: bool = False) -> list[str]:
    """Turn a voice spec into voice names.

    A spec is comma-separated items: ``engine:N`` (the first N voices of an engine, spread over
    accents), ``engine`` (all its voices) or a voice name (``espeak-en-gb+m3``). ``None`` gives the
    default mix (:data:`DEFAULT_TRAINING_SPEC`, skipping engines not installed, or every
    evaluation voice with ``eval_voices``). Training specs may not name an evaluation engine.
    """
    purpose = UNSEEN_VOICES if eval_voices else TRAIN
    items = [item.strip() for item in (spec or "").split(",") if item.strip()]
    if spec is None:
        default = DEFAULT_EVAL_SPEC if eval_voices else DEFAULT_TRAINING_SPEC
        items = [item for item in default.split(",") if engine_available(item.split(":")[0])]
        skipped = [item for item in default.split(",") if item not in items]
        if not items:
            raise ValueError(f"no engine of the default {default!r} is installed (Debian: flite)")
        if skipped:
            hints = sorted({install_hint(item.split(":")[0]) for item in skipped})
            print(f"synth: not installed, skipped: {', '.join(skipped)} ({'; '.join(hints)})",
                  file=sys.stderr)  # fmt: skip
    if not items:
        raise ValueError(f"no voices: empty voice spec {spec!r}")
    voices: list[str] = []
    for item in items:
        name, _, count = item.partition(":")
        if name in TRAINING_ENGINES + EVAL_ENGINES:
            available = _engine_voices(name, purpose)
            if count and not (count.isdigit() and 0 < int(count) <= len(available)):
                raise ValueError(
                    f"voice spec {item!r}: count must be 1..{len(available)} for {name}"
                )
            voices.extend(available[: int(count)] if count else available)
        elif name not in _engine_voices(engine_of(name), purpose) or count:
            raise ValueError(f"voice spec {item!r}: no such voice (try '{engine_of(name)}:N')")
        else:
            voices.append(name)
    return list(dict.fromkeys(voices))  # dedupe, keep order


def _voice_character(voice: str) -> tuple[float, float]:
    """Base (rate, pitch) of a voice, fixed by its name."""
    rng = np.random.default_rng(_stable_int("voice", voice))
    return float(rng.uniform(*VOICE_RATE_RANGE)), float(rng.uniform(*VOICE_PITCH_RANGE))


class Planner:
    """The infinite, seeded stream of planned utterances; item i depends only on (seed, i)."""

    def __init__(
        self, prompts: Sequence[str], voices: Sequence[str], seed: int, steady: bool = False
    ) -> None:
        self.prompts, self.voices, self.seed = list(prompts), list(voices), seed
        self.steady = steady
        self._orders: dict[tuple[int, int], np.ndarray] = {}

    def _order(self, stream: int, block: int, size: int) -> np.ndarray:
        key = (stream, block)
        if key not in self._orders:
            rng = np.random.default_rng([self.seed, stream, block])
            self._orders[key] = rng.permutation(size)
        return self._orders[key]

    def item(self, index: int) -> PlannedUtterance:
        n_prompts, n_voices = len(self.prompts), len(self.voices)
        text = self.prompts[
            self._order(PROMPT_STREAM, index // n_prompts, n_prompts)[index % n_prompts]
        ]
        # voices dealt in shuffled rounds: every voice gets one of each n_voices utterances
        voice = self.voices[
            self._order(VOICE_STREAM, index // n_voices, n_voices)[index % n_voices]
        ]
        rng = np.random.default_rng([self.seed, index])
        base_rate, base_pitch = _voice_character(voice)
        rate = base_rate * float(rng.uniform(*UTTERANCE_RATE_JITTER))
        pitch = base_pitch * float(rng.uniform(*UTTERANCE_PITCH_JITTER))
        variation = float(rng.uniform())
        if self.steady:
            rate, pitch, variation = 1.0, 1.0, STEADY_VARIATION
        estimate = len(text.split()) / WORDS_PER_SECOND / rate + PAUSE_ESTIMATE_S
        return PlannedUtterance(
            id=f"{voice}_{index:06d}",
            text=text,
            voice=voice,
            rate=round(rate, 4),
            pitch=round(pitch, 4),
            variation=round(variation, 4),
            estimate=round(estimate, 3),
        )


def plan_corpus(
    prompts: Sequence[str],
    voices: Sequence[str],
    seed: int,
    count: int,
    start: int = 0,
    steady: bool = False,
) -> list[PlannedUtterance]:
    """Utterances ``start .. start + count - 1`` of the seeded plan (same seed, same plan).

    Prompts are taken in a seeded order (all of them before any repeats); voices are dealt in
    shuffled rounds, so each voice says an equal share.
    """
    if not prompts:
        raise ValueError("no prompts to synthesize")
    if not voices:
        raise ValueError("no voices to synthesize with")
    planner = Planner(prompts, voices, seed, steady)
    return [planner.item(i) for i in range(start, start + count)]
