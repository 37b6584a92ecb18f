"""The interface every speech synthesizer of :mod:`yuyin.data.engines` implements.

:class:`Engine` (``voices`` and ``synthesize``), the request and error records, and the two engine
lists that must never mix (:data:`TRAINING_ENGINES` for training corpora, :data:`EVAL_ENGINES` for
``unseen-voices`` evaluation sets). The concrete engines live in :mod:`yuyin.data.engines`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = [
    "EVAL_ENGINES",
    "INT16_SCALE",
    "SUBPROCESS_TIMEOUT_S",
    "TRAINING_ENGINES",
    "Engine",
    "SynthesisError",
    "SynthesisRequest",
    "engine_of",
    "shifted_rate",
]

TRAINING_ENGINES = ("espeak", "piper", "festival")
EVAL_ENGINES = ("flite",)  # SVOX Pico would belong here too; it is not in Debian main
INT16_SCALE = 32768.0  # int16 full scale -> float [-1, 1)
SUBPROCESS_TIMEOUT_S = 30.0  # one sentence; festival batches get this per sentence
PITCH_RATE_ROUNDING = 1  # Hz: sample rates must be integers


class SynthesisError(RuntimeError):
    """One utterance an engine could not synthesize; names the engine, voice and text."""

    def __init__(self, voice: str, text: str, problem: str) -> None:
        self.voice, self.text, self.problem = voice, text, problem
        shown = text if len(text) <= 60 else text[:57] + "..."
        super().__init__(f"{voice}: could not synthesize {shown!r}: {problem}")


@dataclass(frozen=True)
class SynthesisRequest:
    """One sentence to say with one voice; see the module docstring for the factors."""

    text: str
    voice: str
    rate: float = 1.0
    pitch: float = 1.0
    variation: float = 0.5


def engine_of(voice: str) -> str:
    """The engine part of a voice name: ``espeak-en-us+f3`` -> ``espeak``."""
    return voice.split("-", 1)[0]


def shifted_rate(sample_rate: int, pitch: float) -> int:
    """Sample rate to declare for audio synthesized ``pitch`` times slower (tape-speed trick)."""
    return int(round(sample_rate * pitch / PITCH_RATE_ROUNDING)) * PITCH_RATE_ROUNDING


class Engine(ABC):
    """A speech synthesizer. Subclasses set :attr:`name` and implement the two methods."""

    name: str = ""

    @abstractmethod
    def voices(self) -> list[str]:
        """Every voice name this engine offers (``<engine>-<voice>``)."""

    @abstractmethod
    def synthesize(
        self, text: str, voice: str, rate: float = 1.0, pitch: float = 1.0, variation: float = 0.5
    ) -> tuple[np.ndarray, int]:
        """Say ``text``: (wave (S,) float32, sample_rate). Raises :class:`SynthesisError`."""

    def synthesize_many(
        self, requests: Sequence[SynthesisRequest]
    ) -> list[tuple[np.ndarray, int] | SynthesisError]:
        """Say many sentences; a failed one gives its :class:`SynthesisError` in its place."""
        results: list[tuple[np.ndarray, int] | SynthesisError] = []
        for req in requests:
            try:
                results.append(
                    self.synthesize(req.text, req.voice, req.rate, req.pitch, req.variation)
                )
            except SynthesisError as exc:
                results.append(exc)
        return results

    def _check_voice(self, voice: str) -> None:
        if voice not in self.voices():
            raise ValueError(f"unknown {self.name} voice {voice!r}; see `voices()`")
