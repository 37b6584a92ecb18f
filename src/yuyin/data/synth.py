"""Synthetic labeled corpora: prompts said by many synthetic voices, written as a manifest.

:func:`synthesize_corpus` takes sentences (by default the train split of the shipped prompt corpus,
:mod:`yuyin.data.prompts`), plans who says what (:func:`plan_corpus`: seeded, so the same seed gives
the same plan), synthesizes in worker processes until the measured audio reaches the target hours,
and writes::

    out_dir/wavs/<voice>/<id>.wav     16 kHz mono, lightly trimmed and peak-normalized
    out_dir/manifest.jsonl            one Utterance per wav (speaker = voice name, lang "en")
    out_dir/plan.json                 settings, every planned utterance, failures, a summary

Re-running with the same settings skips every utterance whose wav is already there, so an
interrupted run resumes where it stopped, and a larger ``hours`` extends a corpus.

Voices come from the training engines only; ``eval_voices=True`` builds an ``unseen-voices``
evaluation set from the evaluation engines instead (see :mod:`yuyin.data.engines`). The two never
mix: a voice spec naming the other kind of engine is refused.
"""

from __future__ import annotations

import hashlib
import json
import math
import multiprocessing
import os
import sys
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

import numpy as np
from tqdm import tqdm

from yuyin.audio import SAMPLE_RATE, AudioError, audio_info, resample, save_audio
from yuyin.data.corpus_plan import (
    TRAIN,
    UNSEEN_VOICES,
    PlannedUtterance,
    Planner,
    plan_corpus,
    resolve_voices,
)
from yuyin.data.engines import (
    EVAL_ENGINES,
    TRAINING_ENGINES,
    Engine,
    SynthesisError,
    SynthesisRequest,
    build_engine,
    engine_of,
)
from yuyin.data.manifest import Utterance, write_manifest

__all__ = [
    "PlannedUtterance",
    "finish_wave",
    "plan_corpus",
    "resolve_voices",
    "synthesize_corpus",
]

SECONDS_PER_HOUR = 3600
MANIFEST_NAME, PLAN_NAME = "manifest.jsonl", "plan.json"

# Plan, synthesize, measure (the plan's duration estimates are corrected by what was measured)
MAX_ROUNDS = 8  # plan, synthesize, measure; more rounds only when many utterances fail

TRIM_DB = -40.0  # trim what is 40 dB under the peak at both ends ...
TRIM_MARGIN_S = 0.1  # ... keeping 100 ms of it, so onsets and releases survive
PEAK_LEVEL = 0.9  # every engine to the same peak: loudness must not give the engine away
CHUNK_SIZE = {"festival": 16}  # utterances per worker task: festival starts slowly, batch it
DEFAULT_CHUNK_SIZE = 4


@dataclass(frozen=True)
class _Outcome:
    id: str
    engine: str
    duration: float | None  # seconds written; None when it failed
    error: str | None = None
    synth_seconds: float = 0.0  # time spent synthesizing it (new utterances only)
    resumed: bool = False


# Workers: one engine of each kind per process (eSpeak NG is not thread-safe)


@cache
def _engine(name: str) -> Engine:
    return build_engine(name)


def finish_wave(wave: np.ndarray, sample_rate: int) -> np.ndarray:
    """Engine output -> what is written: 16 kHz, silence trimmed lightly, peak at PEAK_LEVEL."""
    wave = resample(np.asarray(wave, dtype=np.float32), sample_rate, SAMPLE_RATE)
    peak = float(np.max(np.abs(wave))) if wave.size else 0.0
    if not np.isfinite(peak) or peak == 0.0:
        return wave[:0]
    loud = np.flatnonzero(np.abs(wave) > peak * 10 ** (TRIM_DB / 20))
    margin = int(TRIM_MARGIN_S * SAMPLE_RATE)
    wave = wave[max(loud[0] - margin, 0) : loud[-1] + 1 + margin]
    return (wave * (PEAK_LEVEL / peak)).astype(np.float32)


def _synthesize_chunk(items: list[PlannedUtterance], out_dir: str, purpose: str) -> list[_Outcome]:
    """Worker task: say ``items`` (all of one engine) and write their wavs."""
    name = engine_of(items[0].voice)
    allowed = TRAINING_ENGINES if purpose == TRAIN else EVAL_ENGINES
    if name not in allowed:  # the planner refuses this already; never let it slip through
        raise ValueError(f"{name} may not make a {purpose} corpus")
    engine = _engine(name)
    requests = [SynthesisRequest(i.text, i.voice, i.rate, i.pitch, i.variation) for i in items]
    start = time.perf_counter()
    results = engine.synthesize_many(requests)
    per_item = (time.perf_counter() - start) / len(items)
    outcomes = []
    for item, result in zip(items, results, strict=True):
        if isinstance(result, SynthesisError):
            outcomes.append(_Outcome(item.id, name, None, str(result), per_item))
            continue
        wave = finish_wave(*result)
        if wave.size == 0:
            outcomes.append(_Outcome(item.id, name, None, f"{item.voice}: silent output", per_item))
            continue
        save_audio(item.wav_path(Path(out_dir)), wave)
        outcomes.append(_Outcome(item.id, name, wave.size / SAMPLE_RATE, None, per_item))
    return outcomes


def _existing(item: PlannedUtterance, out_dir: Path) -> _Outcome | None:
    """The outcome of an utterance already written by an earlier run, if its wav is readable."""
    path = item.wav_path(out_dir)
    if not path.is_file():
        return None
    try:
        info = audio_info(path)
    except AudioError:
        return None
    if info.frames <= 0 or info.sample_rate != SAMPLE_RATE:
        return None
    return _Outcome(item.id, engine_of(item.voice), info.duration, resumed=True)


def _chunks(items: list[PlannedUtterance]) -> Iterator[list[PlannedUtterance]]:
    by_engine: dict[str, list[PlannedUtterance]] = defaultdict(list)
    for item in items:
        by_engine[engine_of(item.voice)].append(item)
    chunks = []
    for name, group in by_engine.items():
        size = CHUNK_SIZE.get(name, DEFAULT_CHUNK_SIZE)
        chunks.extend(group[i : i + size] for i in range(0, len(group), size))
    # slowest first (Piper, then festival batches) so that no worker is left with a long tail
    order = {"piper": 0, "festival": 1}
    yield from sorted(chunks, key=lambda chunk: order.get(engine_of(chunk[0].voice), len(order)))


class _InProcess(Executor):
    """``workers=1``: run tasks here, in order, without a process pool."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller through the future
            future.set_exception(exc)
        return future


def _executor(workers: int) -> Executor:
    if workers == 1:
        return _InProcess()
    # forkserver: never fork a parent that may hold onnxruntime threads; preloading this module
    # makes each worker start in milliseconds instead of re-importing torch
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


EVAL_README = """unseen-voices evaluation set (made by `yuyin data synth --eval-voices`)

Voices from the evaluation-only engines ({engines}), which yuyin never uses for training, saying
sentences of the '{split}' split of the prompt corpus. It measures how well a model trained on the
training voices generalizes to voices it never heard. Never train or tune on it.
"""


def _write_json(path: Path, record: dict) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def _check_resumable(plan_path: Path, settings: dict, hours: float) -> int:
    """Refuse to mix two plans in one directory (their ids would collide); returns how many
    utterances the earlier run planned for the same ``hours`` (0 for a new directory or target)."""
    if not plan_path.is_file():
        if (plan_path.parent / MANIFEST_NAME).exists():
            raise ValueError(
                f"{plan_path.parent / MANIFEST_NAME} exists but {plan_path.parent} holds no "
                f"{PLAN_NAME} of a synth run: it would be replaced; use another output directory"
            )
        return 0
    try:
        old = json.loads(plan_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"{plan_path}: unreadable plan of an earlier run ({exc})") from None
    for key, value in settings.items():
        if old.get(key) != value:
            other = "other" if key.endswith("s") else "a different"  # "other voices"
            raise ValueError(
                f"{plan_path}: {plan_path.parent} was synthesized with {other} {key} "
                f"({old.get(key)!r:.80} now {value!r:.80}); use another output directory"
            )
    utterances = old.get("utterances")
    same_target = old.get("target_hours") == hours
    return len(utterances) if same_target and isinstance(utterances, list) else 0


def _run_rounds(
    planner: Planner,
    out_dir: Path,
    target_s: float,
    workers: int,
    purpose: str,
    replan: int = 0,
) -> tuple[list[PlannedUtterance], dict[str, _Outcome]]:
    """Plan, synthesize, measure; repeat until the measured audio reaches ``target_s``.

    The first round plans at least ``replan`` items: a resumed run takes the earlier run's whole
    plan again (its files are found and kept), so it ends with the same utterances unless remade
    ones come out shorter, instead of re-deriving the rounds from duration ratios that a remade
    wav can shift.
    """
    planned: list[PlannedUtterance] = []
    outcomes: dict[str, _Outcome] = {}
    ratio = 1.0  # measured / estimated duration, learned after each round
    with _executor(workers) as pool, tqdm(total=0, unit="utt", desc="synth", disable=None) as bar:
        for _ in range(MAX_ROUNDS):
            measured = sum(o.duration or 0.0 for o in outcomes.values())
            if measured >= target_s:
                break
            new: list[PlannedUtterance] = []
            expected = 0.0
            while expected < target_s - measured or len(planned) + len(new) < replan:
                new.append(planner.item(len(planned) + len(new)))
                expected += new[-1].estimate * ratio
            planned.extend(new)
            bar.total += len(new)
            todo = []
            for item in new:
                done = _existing(item, out_dir)
                if done is None:
                    todo.append(item)
                else:
                    outcomes[item.id] = done
                    bar.update()
            futures = [
                pool.submit(_synthesize_chunk, c, str(out_dir), purpose) for c in _chunks(todo)
            ]
            try:
                for future in as_completed(futures):
                    for outcome in future.result():
                        outcomes[outcome.id] = outcome
                        if outcome.error:
                            bar.write(f"synth: skipped {outcome.id}: {outcome.error}", sys.stderr)
                    bar.update(len(future.result()))
            except BaseException:  # Ctrl-C or a worker error: drop the queue, keep what is written
                for future in futures:
                    future.cancel()
                raise
            good = [(i, outcomes[i.id].duration) for i in new if outcomes[i.id].duration]
            if not good:
                first = next(o.error for o in outcomes.values() if o.error)
                raise RuntimeError(f"every one of {len(new)} utterances failed; first: {first}")
            ratio = sum(d for _, d in good) / sum(i.estimate for i, _ in good)
    if sum(o.duration or 0.0 for o in outcomes.values()) < target_s:
        print(f"synth: stopped after {MAX_ROUNDS} rounds short of the target", file=sys.stderr)
    return planned, outcomes


def _summary(planned: list[PlannedUtterance], outcomes: dict[str, _Outcome], wall_s: float) -> dict:
    """Counts, hours and speed (x real time, new utterances only) overall and per engine."""
    made = [(item, outcomes[item.id]) for item in planned if outcomes[item.id].duration]
    engines = {}
    for name in sorted({engine_of(item.voice) for item in planned}):
        mine = [o for item, o in made if engine_of(item.voice) == name]
        new = [o for o in mine if not o.resumed]
        synth_s = sum(o.synth_seconds for o in new)
        engines[name] = {
            "utterances": len(mine),
            "hours": round(sum(o.duration or 0.0 for o in mine) / SECONDS_PER_HOUR, 4),
            "x_real_time": round(sum(o.duration or 0.0 for o in new) / synth_s, 1)
            if synth_s
            else None,
        }
    return {
        "utterances": len(made),
        "hours": round(sum(o.duration or 0.0 for _, o in made) / SECONDS_PER_HOUR, 4),
        "voices": len({item.voice for item, _ in made}),
        "resumed": sum(1 for _, o in made if o.resumed),
        "failed": sum(1 for item in planned if outcomes[item.id].error),
        "wall_seconds": round(wall_s, 1),
        "engines": engines,
    }


def synthesize_corpus(
    prompts: Sequence[str] | None,
    out_dir: str | os.PathLike,
    hours: float,
    voices_spec: str | None = None,
    seed: int = 0,
    workers: int | None = None,
    eval_voices: bool = False,
    steady: bool = False,
) -> Path:
    """Synthesize at least ``hours`` of speech into ``out_dir``; returns the manifest path.

    ``prompts`` None takes the shipped corpus (train split; test split with ``eval_voices``).
    ``voices_spec`` as in :func:`resolve_voices`; ``workers`` processes (default: all cores; 1
    runs in this process). Prompts an engine fails on are skipped and reported in ``plan.json``.
    ``steady`` gives every utterance of a voice the same rate, pitch and expressiveness (a TTS
    voice corpus) instead of the per-utterance jitter that helps ASR generalize.
    """
    if not 0 < hours < math.inf:  # inf asked for prompts forever
        raise ValueError(f"hours must be a finite number > 0, got {hours!r}")
    from yuyin.data.prompts import load_prompts

    purpose = UNSEEN_VOICES if eval_voices else TRAIN
    split = "test" if eval_voices else "train"
    voices = resolve_voices(voices_spec, eval_voices)
    texts = [p.strip() for p in (load_prompts(split) if prompts is None else prompts) if p.strip()]
    if not texts:
        raise ValueError("no prompts to synthesize")
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()
    settings = {"purpose": purpose, "seed": seed, "voices": voices, "prompts_sha256": digest}
    if steady:  # only then, so corpora planned before this option resume as they were
        settings["steady"] = True
    earlier = _check_resumable(out_dir / PLAN_NAME, settings, hours)

    start = time.perf_counter()
    workers = max(1, workers or os.cpu_count() or 1)
    planner = Planner(texts, voices, seed, steady)
    planned, outcomes = _run_rounds(
        planner, out_dir, hours * SECONDS_PER_HOUR, workers, purpose, replan=earlier
    )
    made = [(item, outcomes[item.id].duration) for item in planned if outcomes[item.id].duration]
    utts = [
        Utterance(item.id, str(item.wav_path(out_dir)), round(d, 3), item.text, item.voice, "en")
        for item, d in made
    ]
    summary = _summary(planned, outcomes, time.perf_counter() - start)
    failed = [
        {"id": item.id, "text": item.text, "error": outcomes[item.id].error}
        for item in planned
        if outcomes[item.id].error
    ]
    plan = {**settings, "prompts": len(texts), "target_hours": hours, "summary": summary}
    _write_json(
        out_dir / PLAN_NAME, {**plan, "failed": failed, "utterances": [asdict(p) for p in planned]}
    )
    # after the plan: a run killed between the two is resumed, and a manifest.jsonl without a
    # plan.json beside it is one this run did not write (refused above)
    manifest = write_manifest(out_dir / MANIFEST_NAME, utts)
    if eval_voices:
        (out_dir / "README.txt").write_text(
            EVAL_README.format(engines=", ".join(EVAL_ENGINES), split=split), encoding="utf-8"
        )
    return manifest
