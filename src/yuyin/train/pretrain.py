"""Self-supervised pretraining of a speech encoder on unlabeled audio (`yuyin pretrain`).

A run is described by plain values (YAML sections ``encoder``, ``objective``, ``loop``, ``data``,
``monitor``) and assembled here with explicit factories: encoder -> objective module -> the one
training loop. Transcripts in the manifests are ignored: pretraining sees audio only.

Output folder::

    OUT/ckpt-*/            full training checkpoints (objective + encoder, optimizer, RNG, sampler)
    OUT/log.csv eval.csv   per-step losses and monitors, probe results
    OUT/health.jsonl       monitor statistics every ``monitor.every`` steps, with warnings
    OUT/settings.json      the resolved settings of the run
    OUT/encoder/           the pretrained encoder alone (safetensors + config), for `yuyin.load`
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import nn

from yuyin.audio import SAMPLE_RATE
from yuyin.config import ConfigError, build_dataclass, check_ranges
from yuyin.data.batching import DurationBatchSampler
from yuyin.data.dataset import AudioDataset, collate_audio, unlabeled_utterances
from yuyin.data.manifest import Utterance, read_manifest
from yuyin.eval.health import HealthMonitor
from yuyin.hub import save_model
from yuyin.models.encoder import EncoderConfig, SpeechEncoder, build_encoder, encoder_config
from yuyin.models.kmeans import KMeansLabeler
from yuyin.models.pretrain import (
    HuBERT,
    HuBERTConfig,
    MaskedReconstruction,
    MaskedReconstructionConfig,
    Wav2Vec2,
    Wav2Vec2Config,
)
from yuyin.paths import append_text, make_run_dir, run_scope
from yuyin.train.checkpoint import (
    check_resume_fits,
    checkpoint_step,
    finished_run,
    latest_checkpoint,
    read_state,
    run_to_resume,
)
from yuyin.train.distributed import is_main_process
from yuyin.train.logging import keep_jsonl_rows, log_rows
from yuyin.train.loop import LoopConfig, TrainResult, build_loop, train, unwrap
from yuyin.train.run_settings import write_settings

log = logging.getLogger("yuyin.pretrain")

OBJECTIVES = ("reconstruct", "wav2vec2", "hubert")
ENCODER_DIR = "encoder"
MIN_PROBE_UTTERANCES = 4  # a probe splits them by id hash into train and held-out parts
HEALTH_STATE = "health"  # the monitor's state in a checkpoint's task_state


@dataclass
class DataSettings:
    """How unlabeled audio becomes batches."""

    max_batch_seconds: float = 60.0  # padded seconds of audio per batch
    crop_seconds: float = 6.0  # longer utterances are cut to a random window of this length
    min_seconds: float = 0.3  # shorter ones are dropped
    max_utterances: int = 0  # 0: all; else the first N after shuffling by id hash (quick runs)

    def __post_init__(self) -> None:
        check_ranges(
            self,
            max_batch_seconds=(1.0, None),
            crop_seconds=(0.5, None),
            min_seconds=(0, None),
            max_utterances=(0, None),
        )


@dataclass
class MonitorSettings:
    """Health monitors and the periodic linear probe."""

    every: int = 10  # write monitor statistics to health.jsonl every N steps
    warmup_steps: int = 200  # loss-gap and stall checks start after this
    probe_manifest: str | None = None  # small labeled set for the linear CTC probe (eval_every)
    probe_steps: int = 200
    probe_layers: tuple[int, ...] = ()  # () = every layer

    def __post_init__(self) -> None:
        check_ranges(self, every=(1, None), warmup_steps=(0, None), probe_steps=(1, None))
        if any(isinstance(x, bool) or not isinstance(x, int) for x in self.probe_layers):
            raise ValueError(f"probe_layers are layer numbers, got {self.probe_layers!r}")


@dataclass
class KMeansSettings:
    """HuBERT targets: k-means on MFCCs (iteration 1) or on a teacher encoder's layer (iter. 2)."""

    teacher: str | None = None  # a pretrained encoder folder for iteration 2
    layer: int = -1
    fit_seconds: float = 1800.0  # audio to fit the clusters on
    seed: int = 0

    def __post_init__(self) -> None:
        check_ranges(self, fit_seconds=(1.0, None), seed=(0, 2**32 - 1))


@dataclass
class PretrainSettings:
    """Every setting of a pretraining run, from the YAML sections."""

    objective: str = "wav2vec2"
    encoder: dict[str, Any] = field(default_factory=lambda: {"size": "tiny"})
    objective_config: dict[str, Any] = field(default_factory=dict)
    loop: LoopConfig = field(default_factory=LoopConfig)
    data: DataSettings = field(default_factory=DataSettings)
    monitor: MonitorSettings = field(default_factory=MonitorSettings)
    kmeans: KMeansSettings = field(default_factory=KMeansSettings)

    @classmethod
    def from_dict(cls, values: dict[str, Any], objective: str | None = None) -> PretrainSettings:
        """Build from YAML sections; ``objective`` (the CLI flag) wins over the file's."""
        known = {"objective", "encoder", "loop", "data", "monitor", "kmeans", *OBJECTIVES}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ConfigError(f"unknown section(s) {unknown}; known: {sorted(known)}")
        name = objective or values.get("objective", "wav2vec2")
        if name not in OBJECTIVES:
            raise ConfigError(f"objective {name!r}: choose one of {', '.join(OBJECTIVES)}")
        loop = build_loop(values.get("loop"), "loop")
        return cls(
            objective=name,
            encoder=dict(values.get("encoder") or {"size": "tiny"}),
            objective_config=dict(values.get(name) or {}),
            loop=loop,
            data=build_dataclass(DataSettings, values.get("data"), "data"),
            monitor=build_dataclass(MonitorSettings, values.get("monitor"), "monitor"),
            kmeans=build_dataclass(KMeansSettings, values.get("kmeans"), "kmeans"),
        )


def build_encoder_from(values: dict[str, Any]) -> SpeechEncoder:
    """``{"size": "tiny", "dim": 192, ...}``: a preset with fields overridden."""
    values = dict(values)
    size = values.pop("size", "tiny")
    base = asdict(encoder_config(size))
    base.update(values)
    return build_encoder(build_dataclass(EncoderConfig, base, "encoder"))


def build_objective(
    settings: PretrainSettings, encoder: SpeechEncoder, labeler: KMeansLabeler | None = None
) -> nn.Module:
    """The objective module around ``encoder`` (explicit: one branch per objective)."""
    values = settings.objective_config
    if settings.objective == "reconstruct":
        cfg = build_dataclass(MaskedReconstructionConfig, values, "reconstruct")
        return MaskedReconstruction(encoder, cfg)
    if settings.objective == "wav2vec2":
        cfg = build_dataclass(Wav2Vec2Config, values, "wav2vec2")
        frames = int(settings.data.crop_seconds * encoder.frame_rate)
        if cfg.num_negatives > frames:  # 5,000 made a step ~50x slower, with no word
            log.warning(
                "wav2vec2.num_negatives=%d exceeds the %d frames of a %g s crop: most "
                "distractors repeat and each step is slower for it",
                cfg.num_negatives,
                frames,
                settings.data.crop_seconds,
            )
        return Wav2Vec2(encoder, cfg)
    cfg = build_dataclass(HuBERTConfig, values, "hubert")
    return HuBERT(encoder, cfg, labeler)


def unlabeled(manifests: list[str | os.PathLike], data: DataSettings) -> list[Utterance]:
    """The audio of ``manifests`` to pretrain on (``unlabeled_utterances``)."""
    return unlabeled_utterances(manifests, data.min_seconds, data.max_utterances)


def _labeler(
    settings: PretrainSettings, encoder: SpeechEncoder, dataset: AudioDataset, fit: bool
) -> KMeansLabeler:
    num_clusters = build_dataclass(HuBERTConfig, settings.objective_config, "hubert").num_clusters
    teacher = None
    if settings.kmeans.teacher:
        from yuyin.hub import load_model

        teacher = load_model(settings.kmeans.teacher, kinds=("encoder",))
        outputs = teacher.config.layers + 1
        if not -outputs <= settings.kmeans.layer < outputs:
            raise ConfigError(
                f"kmeans.layer {settings.kmeans.layer}: the teacher has {outputs} layer outputs"
            )
    labeler = KMeansLabeler(
        num_clusters,
        source="teacher" if teacher is not None else "mfcc",
        frames_per_label=encoder.mel_frames_per_frame,
        teacher=teacher,
        layer=settings.kmeans.layer,
    )
    if fit:  # on resume the centroids come back with the checkpoint
        sampler = DurationBatchSampler(
            dataset.durations, settings.data.max_batch_seconds, seed=settings.kmeans.seed
        )
        budget = settings.kmeans.fit_seconds

        def batches():
            seen = 0.0
            for indices in sampler:
                batch = collate_audio([dataset[i] for i in indices])
                yield batch.wave, batch.wave_lengths
                seen += float(batch.wave_lengths.sum()) / SAMPLE_RATE
                if seen >= budget:
                    return

        log.info("fitting %d k-means clusters on up to %.0f s of audio", num_clusters, budget)
        labeler.fit(batches(), seed=settings.kmeans.seed)
    return labeler


class _Watch:
    """The step function plus the health monitor it feeds (rank 0 writes ``health.jsonl``)."""

    def __init__(self, out_dir: Path, settings: MonitorSettings, resume: bool) -> None:
        """With ``resume``, the monitor goes on from the state its latest checkpoint stores
        (:meth:`state`; a checkpoint written before it stored one: rebuilt from ``log.csv``,
        whose rows may be every ``log_every`` steps only), and ``health.jsonl`` is kept up to
        that checkpoint's step: the rows a killed run wrote after it are written again."""
        self.monitor = HealthMonitor(warmup_steps=settings.warmup_steps)
        self.every = settings.every
        self.path = out_dir / "health.jsonl"
        self.last_output: Any = None
        self.warnings: list[str] = []
        latest = latest_checkpoint(out_dir) if resume else None
        resumed_at = None if latest is None else checkpoint_step(latest)
        if is_main_process():
            keep_jsonl_rows(self.path, resumed_at)
            saved = read_state(latest).get("task_state") if latest is not None else None
            if isinstance(saved, dict) and isinstance(saved.get(HEALTH_STATE), dict):
                self.monitor.load_state_dict(saved[HEALTH_STATE])
            else:
                self.monitor.replay(log_rows(out_dir, resumed_at))

    def state(self) -> dict[str, Any]:
        """What each checkpoint stores of the monitor (the loop's ``task_state``)."""
        return {HEALTH_STATE: self.monitor.state_dict()}

    def step(self, model: nn.Module, batch: Any) -> tuple[torch.Tensor, dict[str, float]]:
        out = model(batch.wave, batch.wave_lengths)
        self.last_output = out
        return out.loss, out.logs

    def after_update(self, row: dict[str, float]) -> None:
        if self.last_output is None:
            return
        step = int(row["step"])
        new = self.monitor.update(step, self.last_output, row["grad_norm"])
        for message in new:
            log.warning("health: %s", message)
        self.warnings += new
        if new or step % self.every == 0:
            record = {"step": step, **self.monitor.summary(), "warnings": new}
            append_text(self.path, json.dumps(record, default=float) + "\n")


def _probe_fn(settings: MonitorSettings, layer_outputs: int, min_samples: int):
    """The loop's eval_fn: the linear CTC probe, its manifest, split and layers checked now, not
    at the first evaluation (which comes before that step's checkpoint)."""
    if not settings.probe_manifest:
        return None
    from yuyin.eval.probe import ProbeConfig, probe_layers, probe_split

    utts = [u for u in read_manifest(settings.probe_manifest) if u.text]
    if len(utts) < MIN_PROBE_UTTERANCES:
        raise ConfigError(
            f"monitor.probe_manifest {settings.probe_manifest}: {len(utts)} utterance(s) with a "
            f"transcript; the probe needs {MIN_PROBE_UTTERANCES} or more (train and held out)"
        )
    wrong = [x for x in settings.probe_layers if not -layer_outputs <= x < layer_outputs]
    if wrong:
        raise ConfigError(
            f"monitor.probe_layers {wrong}: the encoder has {layer_outputs} layer outputs"
        )
    cfg = ProbeConfig(steps=settings.probe_steps)
    if settings.probe_layers:
        cfg = dataclasses.replace(cfg, layers=settings.probe_layers)
    try:
        probe_split(utts, cfg, min_samples)
    except ValueError as exc:
        raise ConfigError(f"monitor.probe_manifest {settings.probe_manifest}: {exc}") from None

    def evaluate(model: nn.Module) -> dict[str, float]:
        result = probe_layers(unwrap(model).encoder, utts, cfg)
        metrics = {f"probe_cer_L{r['layer']}": r["cer"] for r in result.layers}
        metrics["probe_cer_best"] = min(r["cer"] for r in result.layers)
        return metrics

    return evaluate


@run_scope()
def pretrain(
    manifests: list[str | os.PathLike],
    settings: PretrainSettings,
    out_dir: str | os.PathLike,
    resume: bool = False,
) -> TrainResult:
    """Pretrain an encoder with ``settings.objective`` on the audio of ``manifests``.

    Writes checkpoints and logs into ``out_dir`` and the encoder alone into ``out_dir/encoder``.
    """
    out_dir = Path(out_dir)
    make_run_dir(out_dir)
    torch.manual_seed(settings.loop.seed)  # initial weights
    utts = unlabeled(manifests, settings.data)
    dataset = AudioDataset(utts, max_seconds=settings.data.crop_seconds, seed=settings.loop.seed)
    encoder = build_encoder_from(settings.encoder)
    probe = _probe_fn(  # checked before k-means and training
        settings.monitor, encoder.config.layers + 1, int(getattr(encoder, "min_samples", 1))
    )
    labeler = None
    if settings.objective == "hubert":  # a folder that may not be trained into: before k-means
        fit = run_to_resume(out_dir, resume) is None
        labeler = _labeler(settings, encoder, dataset, fit)
    model = build_objective(settings, encoder, labeler)
    sampler = DurationBatchSampler(
        dataset.durations, settings.data.max_batch_seconds, seed=settings.loop.seed
    )
    resolved = {
        "objective": settings.objective,
        "encoder": asdict(encoder.config),
        settings.objective: settings.objective_config,
        "loop": asdict(settings.loop),
        "data": asdict(settings.data),
        "monitor": asdict(settings.monitor),
        "kmeans": asdict(settings.kmeans),
        "manifests": [str(m) for m in manifests],
        "utterances": len(utts),
        "hours": round(sum(u.duration for u in utts) / 3600, 3),
    }
    check_resume_fits(out_dir, resume, model)  # before settings.json is replaced
    finished = finished_run(out_dir, resume, settings.loop.max_steps)  # nothing left: records kept
    if is_main_process() and not finished:  # one writer under torchrun
        write_settings(out_dir, resolved)
    watch = _Watch(out_dir, settings.monitor, resume)
    result = train(
        model,
        watch.step,
        dataset,
        sampler,
        collate_audio,
        settings.loop,
        out_dir,
        eval_fn=probe,
        resume=resume,
        model_config=resolved,
        on_step=watch.after_update,
        task_state=watch.state,
    )
    for message in watch.monitor.active_messages() if is_main_process() else ():
        log.warning("health at the end of the run (step %d): %s", result.step, message)
    meta = {
        "objective": settings.objective,
        "steps": result.step,
        "hours": resolved["hours"],
        "manifests": resolved["manifests"],
    }
    if is_main_process() and not (finished and (out_dir / ENCODER_DIR / "config.json").is_file()):
        save_model(encoder, out_dir / ENCODER_DIR, "encoder", encoder.config, meta)
    return result
