"""The systems of the TTS bench (``bench/tts.py``): anchors through :mod:`yuyin.data.engines`
and yuyin voices through ``yuyin.synthesize``, each timed on one pinned CPU core.

See ``bench/tts.py`` for what is measured and how.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import torch

from yuyin.audio import SAMPLE_RATE, resample
from yuyin.data.engines import (
    Engine,
    SynthesisError,
    SynthesisRequest,
    build_engine,
    engine_available,
    static_voices,
)

__all__ = [
    "ANCHORS",
    "SYSTEMS",
    "SystemRun",
    "collect_runs",
    "one_core",
    "run_anchor",
    "run_yuyin",
]

ANCHORS = {"piper": "piper-joe", "espeak": "espeak-en-us+m1", "festival": "festival-slt"}
SUBPROCESS_ENGINES = ("festival",)  # load their voice in every process: no separate load time
SYSTEMS = (*ANCHORS, "yuyin")  # "yuyin" is the bundled default voice


@dataclass
class SystemRun:
    """What one system said and how long it took (waves at 16 kHz; None for a failure)."""

    name: str
    kind: str  # "anchor" or "yuyin"
    waves: list[np.ndarray | None] = field(default_factory=list)
    audio_seconds: float = 0.0
    load_seconds: float | None = None
    first_seconds: float = 0.0  # load + first sentence
    total_seconds: float = 0.0  # load + every sentence
    failures: list[str] = field(default_factory=list)
    engine: Engine | None = None  # kept for the reference's second rendering

    def add(self, result: tuple[np.ndarray, int] | Exception) -> None:
        if isinstance(result, Exception):
            self.waves.append(None)
            self.failures.append(str(result))
            return
        wave, sr = result
        self.audio_seconds += len(wave) / sr
        self.waves.append(resample(np.asarray(wave, dtype=np.float32), sr, SAMPLE_RATE))


@contextlib.contextmanager
def one_core() -> Iterator[int]:
    """Pin this process to one CPU core and torch to one thread; restore both afterwards."""
    cores, threads = os.sched_getaffinity(0), torch.get_num_threads()
    core = min(cores)
    os.sched_setaffinity(0, {core})
    torch.set_num_threads(1)
    try:
        yield core
    finally:
        os.sched_setaffinity(0, cores)
        torch.set_num_threads(threads)


def run_anchor(engine_name: str, sentences: list[str]) -> SystemRun:
    """Load an engine and say every sentence on one core (first sentence alone, then the rest)."""
    voice = ANCHORS[engine_name]
    run = SystemRun(voice, "anchor")
    with one_core():
        start = time.perf_counter()
        engine = build_engine(engine_name)
        run.load_seconds = (
            None if engine_name in SUBPROCESS_ENGINES else time.perf_counter() - start
        )
        (first,) = engine.synthesize_many([SynthesisRequest(sentences[0], voice)])
        run.first_seconds = time.perf_counter() - start
        requests = [SynthesisRequest(s, voice) for s in sentences[1:]]
        rest = engine.synthesize_many(requests) if requests else []
        run.total_seconds = time.perf_counter() - start
    for result in (first, *rest):
        run.add(result)
    run.engine = engine
    return run


def _load_voice(voice: str | None) -> object:
    """The voice loaded once (``yuyin.voice.Voice``) when that API exists, else the folder
    itself for ``yuyin.synthesize`` to load. Raises RuntimeError when the voice cannot load."""
    try:
        from yuyin.voice import Voice
    except ImportError:
        return voice
    try:
        return Voice.load(voice)
    except Exception as exc:  # noqa: BLE001 - any failure of the system under test
        raise RuntimeError(f"{type(exc).__name__}: {exc}") from None


def run_yuyin(voice: str | None, sentences: list[str]) -> SystemRun:
    """Say every sentence with ``yuyin.synthesize`` (bundled voice when ``voice`` is None).

    Raises RuntimeError (the reason to skip the system) when synthesize is missing, the voice
    does not load or the first sentence fails.
    """
    import yuyin

    synthesize: Callable | None = getattr(yuyin, "synthesize", None)
    if synthesize is None:
        raise RuntimeError("yuyin.synthesize does not exist yet")
    run = SystemRun("yuyin" if voice is None else f"yuyin:{voice}", "yuyin")
    with one_core():
        start = time.perf_counter()
        loaded = _load_voice(voice)
        run.load_seconds = time.perf_counter() - start
        results: list[tuple[np.ndarray, int] | Exception] = []
        for i, text in enumerate(sentences):
            try:
                results.append(synthesize(text, voice=loaded))
            except Exception as exc:  # noqa: BLE001 - any failure of the system under test
                if i == 0:
                    raise RuntimeError(f"{type(exc).__name__}: {exc}") from None
                results.append(SynthesisError(run.name, text, f"{type(exc).__name__}: {exc}"))
            if i == 0:
                run.first_seconds = time.perf_counter() - start
        run.total_seconds = time.perf_counter() - start
    for result in results:  # resampling for the judges is not the system's time
        run.add(result)
    return run


def collect_runs(
    systems: list[str], voices: list[str], sentences: list[str]
) -> tuple[list[SystemRun], dict[str, str]]:
    """Run every requested system that is installed; the others are returned with a reason."""
    runs, skipped = [], {}
    for system in (s for s in systems if s in ANCHORS):
        voice = ANCHORS[system]
        if not engine_available(system) or voice not in static_voices(system):
            skipped[voice] = f"{system} (voice {voice}) is not installed here"
            continue
        print(f"[tts bench] synthesizing with {voice}", file=sys.stderr, flush=True)
        runs.append(run_anchor(system, sentences))
    for voice in ([None] if "yuyin" in systems else []) + voices:
        name = "yuyin" if voice is None else f"yuyin:{voice}"
        print(f"[tts bench] synthesizing with {name}", file=sys.stderr, flush=True)
        try:
            runs.append(run_yuyin(voice, sentences))
        except RuntimeError as exc:
            skipped[name] = str(exc)
    return runs, skipped
