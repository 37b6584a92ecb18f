"""Training the TTS acoustic model: masked log-mel pretraining, then paired (text, audio) training.

Both stages run through the one loop (:func:`yuyin.train.loop.train`) with duration-bucketed
batches, and read the same ``model:`` section (:class:`~yuyin.models.tts.TTSConfig`), so the
pretrained decoder fits the acoustic model by construction.

1. **pretrain** (:func:`pretrain_decoder`, ``yuyin tts pretrain``): a
   :class:`~yuyin.models.mel_decoder.MaskedMelModel` learns to fill in masked spans of log-mel
   frames of unlabeled audio (transcripts are ignored). Writes ``OUT/decoder/``.
2. **train** (:func:`train_tts`, ``yuyin tts train``): the whole
   :class:`~yuyin.models.tts.AcousticModel` on paired data; with ``pretrained`` its decoder (and
   the mel statistics it learned in) starts from a pretraining run. Writes ``OUT/model/`` (hub
   kind ``"tts"``). Each utterance's text is phonemized once (:func:`yuyin.text.phonemize`);
   utterances without a pronounceable word, or with more symbols than mel frames, are skipped
   with a counted warning. F0 is extracted once per utterance and kept in memory.

Dev metrics (``eval.csv``, and the saved model's meta): ``dev_mel_l1``, the teacher-forced L1
between predicted and reference log-mel with the aligner's durations (natural-log units, mean over
frames and bins); ``dev_mel_l1_dtw``, the same after dynamic time warping when the model predicts
its own durations, pitch and energy (mean over utterances); ``dev_length_ratio``, predicted over
reference frames. "Pretrained vs scratch at the same paired budget" compares these.

Run folders hold the loop's ``log.csv``, ``eval.csv``, checkpoints and ``settings.json``.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from safetensors.torch import load_file
from torch import nn

from yuyin.audio import FRAMES_PER_SECOND
from yuyin.config import ConfigError, build_dataclass, check_ranges
from yuyin.data.batching import DurationBatchSampler, plan_batches
from yuyin.data.dataset import AudioDataset, collate_audio
from yuyin.data.manifest import read_manifest
from yuyin.eval.dtw import dtw_l1
from yuyin.hub import ModelLoadError, load_state, read_model_config, save_model
from yuyin.models.mel_decoder import MASKED_MEL_KIND, MaskedMelConfig, MaskedMelModel
from yuyin.models.tts import TTS_KIND, AcousticModel, TTSConfig, build_tts
from yuyin.paths import make_run_dir, run_scope
from yuyin.train.checkpoint import (
    check_resume_fits,
    finished_run,
    latest_checkpoint,
    read_state,
)
from yuyin.train.distributed import is_main_process, move_to_device
from yuyin.train.loop import LoopConfig, TrainResult, build_stages, train, unwrap
from yuyin.train.run_settings import write_settings
from yuyin.train.tts_data import (
    PairedDataset,
    TTSBatch,
    TTSItem,
    collate_tts,
    feature_statistics,
    paired_utterances,
    sample_utterances,
    speaker_ids,
)

__all__ = [
    "DECODER_DIR",
    "MODEL_DIR",
    "PretrainStage",
    "TTSBatch",
    "TTSItem",
    "TTSSettings",
    "TrainStage",
    "collate_tts",
    "dtw_l1",
    "evaluate_tts",
    "init_config",
    "load_init_model",
    "load_pretrained_decoder",
    "paired_utterances",
    "pretrain_decoder",
    "train_tts",
]

log = logging.getLogger("yuyin.tts")

DECODER_DIR, MODEL_DIR = "decoder", "model"


@dataclass
class PretrainStage:
    """Masked log-mel pretraining of the decoder on unlabeled audio."""

    mask_prob: float = 0.7  # about 50 % of frames hidden (MaskedMelConfig)
    mask_span: int = 10
    crop_seconds: float = 6.0  # longer utterances are cut to a random window
    min_seconds: float = 0.3
    max_batch_seconds: float = 60.0
    stats_utterances: int = 200  # utterances the log-mel statistics are estimated on

    def __post_init__(self) -> None:
        check_ranges(
            self, mask_prob=(0.01, 1.0), mask_span=(1, None), crop_seconds=(0.5, None),
            min_seconds=(0, None), max_batch_seconds=(1.0, None), stats_utterances=(1, None),
        )  # fmt: skip

    loop: LoopConfig = field(default_factory=LoopConfig)


@dataclass
class TrainStage:
    """Training of the acoustic model on paired (text, audio) data."""

    max_batch_seconds: float = 40.0
    min_seconds: float = 0.3
    max_seconds: float = 15.0  # longer utterances are skipped (attention is quadratic in frames)
    stats_utterances: int = 200  # mel / pitch / energy statistics
    dev_utterances: int = 50  # dev utterances scored at every eval; 0: none
    trim_db: float = 40.0  # edge silence this far under a clip's loudest 10 ms is cut; 0: kept
    trim_margin: float = 0.1  # seconds of it kept at each edge

    def __post_init__(self) -> None:
        check_ranges(
            self, max_batch_seconds=(1.0, None), min_seconds=(0, None), max_seconds=(0.5, None),
            stats_utterances=(1, None), dev_utterances=(0, None), trim_db=(0, None),
            trim_margin=(0, None),
        )  # fmt: skip

    loop: LoopConfig = field(default_factory=LoopConfig)


@dataclass
class TTSSettings:
    """Every setting of the TTS runs, from the YAML sections ``model``, ``pretrain``, ``train``."""

    model: TTSConfig = field(default_factory=TTSConfig)
    pretrain: PretrainStage = field(default_factory=PretrainStage)
    train: TrainStage = field(default_factory=TrainStage)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> TTSSettings:
        """Build from plain values; unknown sections or keys are an error naming them."""
        unknown = sorted(set(values) - {"model", "pretrain", "train"})
        if unknown:
            raise ConfigError(f"unknown section(s) {unknown}; known: model, pretrain, train")
        stages: dict[str, Any] = build_stages(
            values, {"pretrain": PretrainStage, "train": TrainStage}
        )
        return cls(model=build_dataclass(TTSConfig, values.get("model"), "model"), **stages)


# --- scoring ---------------------------------------------------------------------------------


def evaluate_tts(
    model: AcousticModel, items: Sequence[TTSItem], max_batch_seconds: float
) -> dict[str, float]:
    """Dev metrics of the module doc over ``items`` (model in eval mode, no gradient)."""
    device = model.embed.weight.device
    seconds = [len(item.mel) / FRAMES_PER_SECOND for item in items]
    l1_sum, frames, dtw, ratios = 0.0, 0, [], []
    for indices in plan_batches(seconds, max_batch_seconds, shuffle=False):
        batch = collate_tts([items[i] for i in indices])
        on = move_to_device(batch, device)
        out = model(
            on.symbols, on.symbol_lengths, on.mel, on.mel_lengths, on.f0, on.speakers
        )  # teacher-forced: the aligner's durations
        pred, lengths = model.infer(on.symbols, on.symbol_lengths, on.speakers)
        for row, length in enumerate(batch.mel_lengths.tolist()):
            ref = batch.mel[row, :length]
            error = (out.mel[row, :length].float().cpu() - ref).abs().mean(-1)  # (T,)
            l1_sum, frames = l1_sum + float(error.sum()), frames + length
            guess = pred[row, : int(lengths[row])].float().cpu()
            ratios.append(len(guess) / length)
            if len(guess):
                dtw.append(dtw_l1(guess, ref))
    return {
        "dev_mel_l1": l1_sum / max(frames, 1),
        "dev_mel_l1_dtw": float(np.mean(dtw)) if dtw else float("nan"),
        "dev_length_ratio": float(np.mean(ratios)) if ratios else float("nan"),
    }


# --- stages ----------------------------------------------------------------------------------


@run_scope()
def pretrain_decoder(
    manifests: Sequence[str | os.PathLike],
    settings: TTSSettings,
    out_dir: str | os.PathLike,
    resume: bool = False,
) -> TrainResult:
    """Masked log-mel pretraining on the audio of ``manifests``; writes ``out_dir/decoder``."""
    out_dir = Path(out_dir)
    make_run_dir(out_dir)
    stage = settings.pretrain
    utts = [dataclasses.replace(u, text=None) for m in manifests for u in read_manifest(m)]
    utts = [u for u in utts if u.duration >= stage.min_seconds]
    if not utts:
        raise ConfigError(f"no utterance of at least {stage.min_seconds} s in {list(manifests)}")
    torch.manual_seed(stage.loop.seed)  # initial weights
    config = MaskedMelConfig(settings.model.decoder_config(), stage.mask_prob, stage.mask_span)
    model = MaskedMelModel(config)
    stats = feature_statistics(sample_utterances(utts, stage.stats_utterances), with_pitch=False)
    model.decoder.set_statistics(*stats["mel"])
    dataset = AudioDataset(utts, max_seconds=stage.crop_seconds, seed=stage.loop.seed)
    sampler = DurationBatchSampler(dataset.durations, stage.max_batch_seconds, seed=stage.loop.seed)
    hours = round(sum(u.duration for u in utts) / 3600, 3)
    resolved = {
        "model": asdict(settings.model),
        "pretrain": asdict(stage),
        "manifests": [str(m) for m in manifests],
        "utterances": len(utts),
        "hours": hours,
    }
    check_resume_fits(out_dir, resume, model)  # before settings.json is replaced
    finished = finished_run(out_dir, resume, stage.loop.max_steps)  # nothing left: records kept
    if is_main_process() and not finished:  # one writer under torchrun
        write_settings(out_dir, resolved)

    def step(net: nn.Module, batch: Any) -> tuple[torch.Tensor, dict[str, float]]:
        return net(batch.wave, batch.wave_lengths)

    result = train(
        model,
        step,
        dataset,
        sampler,
        collate_audio,
        stage.loop,
        out_dir,
        resume=resume,
        model_config=resolved,
    )
    meta = {"steps": result.step, "loss": result.loss, "hours": hours, "utterances": len(utts)}
    if is_main_process() and not (finished and (out_dir / DECODER_DIR / "config.json").is_file()):
        save_model(model, out_dir / DECODER_DIR, MASKED_MEL_KIND, config, meta)
    return result


def load_pretrained_decoder(model: AcousticModel, path: str | os.PathLike) -> int:
    """Copy a pretrained decoder (a pretraining run or its ``decoder/`` folder) into ``model``.

    Every decoder tensor is copied, the mel statistics included; returns how many. A decoder of
    another shape (pretrained with another ``model:`` section) is a :class:`ModelLoadError`.
    """
    path = Path(path)
    if (path / DECODER_DIR).is_dir():
        path = path / DECODER_DIR
    record = read_model_config(path)
    if record.get("kind") != MASKED_MEL_KIND:
        raise ModelLoadError(
            f"{path}: a model of kind {record.get('kind')!r}, not {MASKED_MEL_KIND!r}"
        )
    prefix = "decoder."
    try:
        state = load_file(str(path / "model.safetensors"))
    except Exception as exc:  # noqa: BLE001 - safetensors raises its own error types
        raise ModelLoadError(
            f"{path / 'model.safetensors'}: not a safetensors file ({exc})"
        ) from None
    ours = {name.removeprefix(prefix): t for name, t in state.items() if name.startswith(prefix)}
    own = model.decoder.state_dict()
    wrong = sorted(k for k in own if k not in ours or ours[k].shape != own[k].shape)
    if wrong:
        raise ModelLoadError(
            f"{path}: the pretrained decoder does not fit this model ({len(wrong)} of {len(own)} "
            f"tensors differ, e.g. {wrong[0]}); pretrain with the same model: settings"
        )
    model.decoder.load_state_dict({k: ours[k] for k in own})
    return len(own)


# settings a trained model can go on with under other values: how it trains, not its shape
TRAINING_ONLY = frozenset(
    {"dropout", "predictor_dropout", "aligner_temperature", "prior_scale", "duration_weight",
     "pitch_weight", "energy_weight", "align_weight", "bin_weight", "bin_start_step",
     "bin_warmup_steps"}
)  # fmt: skip


def init_config(path: str | os.PathLike) -> dict[str, Any]:
    """The ``model:`` settings of a trained acoustic model folder (what ``tts train --init``
    trains on with, unless told otherwise). A folder of another kind is a
    :class:`ModelLoadError`."""
    record = read_model_config(path, {TTS_KIND})
    config = record.get("config")
    if not isinstance(config, dict):
        raise ModelLoadError(f"{path}: its config.json holds no model settings")
    return config


def load_init_model(model: AcousticModel, path: str | os.PathLike) -> dict[str, Any]:
    """Copy every weight of a trained acoustic model (``path``: its folder) into ``model``: the
    mel, pitch and energy statistics too, so the weights see the inputs they learned on.
    Returns the folder's record. Settings that shape the model must be the folder's (any other
    is a :class:`ModelLoadError` naming them); how it trains (dropout, loss weights) may differ.
    """
    path = Path(path)
    record = read_model_config(path, {TTS_KIND})
    theirs = record.get("config") if isinstance(record.get("config"), dict) else {}
    ours = asdict(model.config)
    differ = sorted(
        k for k in ours if k not in TRAINING_ONLY and _plain(theirs.get(k)) != _plain(ours[k])
    )
    if differ:
        shown = ", ".join(f"{k} {_plain(theirs.get(k))!r:.40} there, {ours[k]!r:.40} here"
                          for k in differ)  # fmt: skip
        raise ModelLoadError(
            f"{path}: the model to start from was made with other model settings ({shown}); "
            "leave out --config and model.* --set values to train with its own"
        )
    load_state(model, path / "model.safetensors")
    return record


def _continued_bin_loss(config: TTSConfig, init: Path, record: dict[str, Any]) -> TTSConfig:
    """``config`` with the bin loss on from the start when the model ``init`` (its folder's
    ``record``) trained past its own ramp (its alignment is learned; a fresh ramp would switch
    the loss off, then on)."""
    theirs = record.get("config") or {}
    steps = (record.get("meta") or {}).get("steps")
    try:
        ramp_end = int(theirs["bin_start_step"]) + int(theirs["bin_warmup_steps"])
    except (KeyError, TypeError, ValueError):
        return config
    if isinstance(steps, int) and steps >= ramp_end:
        log.info("%s trained %d steps, past its bin-loss ramp: the bin loss is on from step 0",
                 init, steps)  # fmt: skip
        return dataclasses.replace(config, bin_start_step=0, bin_warmup_steps=0)
    return config


def _started_with(checkpoint: Path) -> dict[str, Any]:
    """How the run of ``checkpoint`` started: the settings stored in its ``state.json`` (the
    run's ``settings.json`` as it was then)."""
    record = read_state(checkpoint).get("model_config")
    return record if isinstance(record, dict) else {}


def _as_started(
    config: TTSConfig, started: dict[str, Any], init: str | os.PathLike | None
) -> tuple[TTSConfig, list[str], str | os.PathLike | None]:
    """For a resumed run: ``config`` with the bin-loss schedule the run started with, the
    speakers it knew, and the model it started from (None: it started from no model)."""
    recorded = started.get("init")
    if init is not None and str(init) != recorded:
        log.warning("the run started from %s; --init %s is ignored when resuming",
                    recorded or "no model", init)  # fmt: skip
    if not recorded:
        return config, [], None
    model = started.get("model") or {}
    try:
        schedule = {k: int(model[k]) for k in ("bin_start_step", "bin_warmup_steps")}
    except (KeyError, TypeError, ValueError):
        schedule = {}
    names = started.get("speakers")
    known = [str(n) for n in names] if isinstance(names, list) else []
    return dataclasses.replace(config, **schedule), known, recorded


def _speakers_of(record: dict[str, Any]) -> list[str]:
    """The speaker names a trained model's ids stand for (its folder's ``record``), to keep."""
    names = (record.get("meta") or {}).get("speakers")
    return [str(n) for n in names] if isinstance(names, list) else []


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _dev_items(dataset: PairedDataset, count: int) -> list[TTSItem]:
    return [dataset[i] for i in range(min(count, len(dataset)))]


@run_scope()
def train_tts(
    train_manifest: str | os.PathLike | Sequence[str | os.PathLike],
    dev_manifest: str | os.PathLike | None,
    settings: TTSSettings,
    out_dir: str | os.PathLike,
    pretrained: str | os.PathLike | None = None,
    resume: bool = False,
    init: str | os.PathLike | None = None,
) -> TrainResult:
    """Train the acoustic model on paired data (module doc); writes ``out_dir/model``.

    ``init`` (a trained acoustic model's folder) starts every weight from that model instead:
    a voice adapted to new data (another speaker, a few minutes of it). Its statistics are kept;
    when it trained long enough for its bin loss to be fully on, that loss is on from the first
    update (``bin_start_step`` and ``bin_warmup_steps`` 0). ``pretrained`` and ``init`` exclude
    each other (the model to start from has its own decoder). A resumed run keeps to how it
    started (the settings its checkpoint stores): the checkpoint holds the weights, so the
    ``init`` folder need not exist any more, nor be given again.
    """
    out_dir = Path(out_dir)
    if pretrained is not None and init is not None:
        raise ConfigError("give a pretrained decoder (--pretrained) or a model to start from "
                          "(--init), not both")  # fmt: skip
    make_run_dir(out_dir)
    stage, config = settings.train, settings.model
    known: list[str] = []
    latest = latest_checkpoint(out_dir) if resume else None
    started = _started_with(latest) if latest is not None else None
    if started is not None:  # the checkpoint holds the weights; the start's settings still hold
        config, known, init = _as_started(config, started, init)
    elif init is not None:
        record = read_model_config(init, {TTS_KIND})
        config = _continued_bin_loss(config, Path(init), record)
        known = _speakers_of(record)
    utts, symbols = paired_utterances(train_manifest, stage, config)
    speakers, names = speaker_ids(utts, config, known)
    torch.manual_seed(stage.loop.seed)  # initial weights: the same with or without pretraining
    model = build_tts(config)
    if init is not None:
        if started is None:
            load_init_model(model, init)
    else:
        stats = feature_statistics(sample_utterances(utts, stage.stats_utterances), True)
        model.decoder.set_statistics(*stats["mel"])
        model.pitch_stats.copy_(stats["pitch"])
        model.energy_stats.copy_(stats["energy"])
    loaded = load_pretrained_decoder(model, pretrained) if pretrained else 0
    dataset = PairedDataset(utts, symbols, speakers)
    sampler = DurationBatchSampler(dataset.durations, stage.max_batch_seconds, seed=stage.loop.seed)
    dev_items: list[TTSItem] = []
    if dev_manifest is not None and stage.dev_utterances:
        dev_utts, dev_symbols = paired_utterances(dev_manifest, stage, config)
        dev_speakers = [names.index(u.speaker or "") if u.speaker in names else 0 for u in dev_utts]
        dev_set = PairedDataset(dev_utts, dev_symbols, dev_speakers)
        dev_items = _dev_items(dev_set, stage.dev_utterances)
    hours = round(sum(u.duration for u in utts) / 3600, 4)
    log.info(
        "training on %d utterances (%.1f min) of %d speaker(s)%s",
        len(utts),
        60 * hours,
        len(names),
        f", {len(dev_items)} dev utterances scored" if dev_items else ", no dev set",
    )
    meta = {
        "speakers": names,
        "pretrained": str(pretrained) if pretrained else None,
        "pretrained_tensors": loaded,
        "init": str(init) if init is not None else None,
        "train_manifest": str(train_manifest)
        if isinstance(train_manifest, (str, os.PathLike))
        else [str(m) for m in train_manifest],
        "train_utterances": len(utts),
        "train_hours": hours,
    }
    resolved = {**meta, "model": asdict(config), "train": asdict(stage)}
    check_resume_fits(out_dir, resume, model)  # before settings.json is replaced
    finished = finished_run(out_dir, resume, stage.loop.max_steps)  # nothing left: records kept
    if is_main_process() and not finished:  # one writer under torchrun
        write_settings(out_dir, resolved)

    def step(net: nn.Module, batch: TTSBatch) -> tuple[torch.Tensor, dict[str, float]]:
        b = batch
        out = net(b.symbols, b.symbol_lengths, b.mel, b.mel_lengths, b.f0, b.speakers)
        return out.loss, out.logs

    def evaluate(net: nn.Module) -> dict[str, float]:
        return evaluate_tts(unwrap(net), dev_items, stage.max_batch_seconds)  # type: ignore[arg-type]

    result = train(
        model,
        step,
        dataset,
        sampler,
        collate_tts,
        stage.loop,
        out_dir,
        eval_fn=evaluate if dev_items else None,
        resume=resume,
        model_config=resolved,
    )
    meta.update({k: round(v, 4) for k, v in result.metrics.items()}, steps=result.step)
    if is_main_process() and not (finished and (out_dir / MODEL_DIR / "config.json").is_file()):
        save_model(model, out_dir / MODEL_DIR, TTS_KIND, config, meta)
    return result
