"""Training the neural vocoder on unlabeled audio (`yuyin vocoder train`).

Audio only: every item is a random fixed-length segment of an utterance (its window drawn from
``(seed, epoch, index)``, so a resumed run sees the same segments), the input is the segment's
:func:`yuyin.features.log_mel` and the target is the segment itself. The objective
(:class:`VocoderObjective`) is reconstruction:

* a multi-resolution STFT loss (Yamamoto et al. 2020): spectral convergence + log-magnitude L1,
  averaged over (n_fft, hop, window) = (512, 128, 512), (1024, 256, 1024), (256, 64, 256) at 16 kHz;
* the L1 distance of the output's log-mel to the input log-mel, weighted 45 as in HiFi-GAN.

Optionally (``adversarial.enabled``, off in the tiny config) a multi-period + multi-resolution
discriminator (:mod:`yuyin.models.discriminator`) adds an adversarial and a feature-matching term.
The loop has one optimizer, so generator and discriminator are updated *simultaneously* by it:
the discriminator's loss sees the generated audio detached, and the generator's adversarial terms
see the discriminator with its parameters frozen, so one backward pass gives each network only
its own gradients. Both sit in the trained module, so checkpoints and exact resume cover them.

Every ``eval_every`` updates a few held-out files (``--dev``, else utterances held out of the
training manifests) are copy-synthesized (:mod:`yuyin.train.vocoder_eval`); ``eval.csv`` gets the
log-mel L1 and the mel-cepstral distortion of the vocoder next to the same numbers for
Griffin-Lim (``gl_*``).

Output folder::

    OUT/ckpt-*/  log.csv  eval.csv  settings.json     the loop's checkpoints and logs
    OUT/model/                                       the vocoder alone, for ``yuyin.load``

Shapes: B batch, S samples, T frames, M mel bins.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import nn

from yuyin.audio import HOP_LENGTH, SAMPLE_RATE
from yuyin.config import ConfigError, build_dataclass, check_ranges
from yuyin.data.batching import DurationBatchSampler
from yuyin.data.dataset import check_audio, unlabeled_utterances
from yuyin.data.manifest import Utterance, read_manifest
from yuyin.eval.tts import framewise_mel_cepstral_distortion
from yuyin.features import LogMel
from yuyin.hub import ModelLoadError, load_state, read_model_config, save_model
from yuyin.models.discriminator import (
    GAN_LOSSES,
    Discriminator,
    DiscriminatorConfig,
    build_discriminator,
    discriminator_loss,
    feature_matching_loss,
    generator_loss,
)
from yuyin.models.vocoder import (
    STFT_RESOLUTIONS,
    VOCODER_KIND,
    MultiResolutionSTFTLoss,
    Vocoder,
    VocoderConfig,
    build_vocoder,
)
from yuyin.models.vocoder import vocoder_config as preset
from yuyin.paths import make_run_dir, run_scope
from yuyin.train.checkpoint import check_resume_fits, finished_run
from yuyin.train.distributed import is_main_process
from yuyin.train.loop import LoopConfig, TrainResult, build_loop, param_groups, train
from yuyin.train.run_settings import write_settings
from yuyin.train.vocoder_data import SegmentDataset, collate_segments
from yuyin.train.vocoder_eval import DevSet, split_dev

__all__ = [
    "AdversarialSettings",
    "DataSettings",
    "DevSet",
    "LossSettings",
    "SegmentDataset",
    "VocoderObjective",
    "VocoderSettings",
    "build_vocoder_config",
    "build_vocoder_from",
    "collate_segments",
    "init_vocoder_config",
    "load_init_vocoder",
    "mel_cepstral_distortion",
    "split_dev",
    "train_vocoder",
]

log = logging.getLogger("yuyin.vocoder")

# The copy-synthesis MCD under its former name (yuyin.cli.vocoder uses it). Not to be confused
# with yuyin.eval.tts.mel_cepstral_distortion, which aligns two renderings by DTW.
mel_cepstral_distortion = framewise_mel_cepstral_distortion

MODEL_DIR = "model"


# --- settings ---------------------------------------------------------------------------------


@dataclass
class DataSettings:
    """How unlabeled audio becomes training segments and the dev set."""

    segment_seconds: float = 0.64  # rounded to whole frames: 64 hops of 10 ms
    batch_size: int = 16  # segments per batch
    segments_per_utterance: int = 1  # segments drawn per utterance per epoch
    min_seconds: float = 0.2  # shorter utterances are dropped (longer ones may be zero-padded)
    max_utterances: int = 0  # 0: all; else the first N after shuffling by id hash (quick runs)
    dev_utterances: int = 4  # files copy-synthesized at each eval
    dev_max_seconds: float = 4.0  # each cut to its first seconds

    def __post_init__(self) -> None:
        check_ranges(
            self, min_seconds=(0, None), max_utterances=(0, None), dev_max_seconds=(0.5, None)
        )
        if self.segment_seconds * SAMPLE_RATE < HOP_LENGTH or self.batch_size < 1:
            raise ValueError("segment_seconds must hold a frame and batch_size must be >= 1")
        if self.segments_per_utterance < 1 or self.dev_utterances < 0:
            raise ValueError("segments_per_utterance must be >= 1 and dev_utterances >= 0")

    @property
    def segment_samples(self) -> int:
        return round(self.segment_seconds * SAMPLE_RATE / HOP_LENGTH) * HOP_LENGTH


@dataclass
class LossSettings:
    """Weights of the reconstruction terms."""

    stft_weight: float = 1.0  # multi-resolution STFT (SC + log-magnitude), mean over resolutions
    mel_weight: float = 45.0  # log-mel L1 (HiFi-GAN's weight)
    resolutions: tuple[tuple[int, int, int], ...] = STFT_RESOLUTIONS  # (n_fft, hop, window)

    def __post_init__(self) -> None:
        check_ranges(self, stft_weight=(0, 1e4), mel_weight=(0, 1e4))
        ok = all(
            isinstance(r, tuple | list) and len(r) == 3 and all(isinstance(v, int) for v in r)
            and 1 <= r[1] <= r[2] <= r[0]
            for r in self.resolutions
        )  # fmt: skip
        if not self.resolutions or not ok:
            raise ValueError(
                f"loss.resolutions are [n_fft, hop, window] triples with 1 <= hop <= window <= "
                f"n_fft, got {self.resolutions!r}"
            )


@dataclass
class AdversarialSettings:
    """The optional GAN terms (see the module docstring).

    Under torchrun with ``start_step > 0`` set ``loop.find_unused_parameters: true``: the
    discriminator gets no gradient before that step.
    """

    enabled: bool = False
    start_step: int = 0  # reconstruction only before this update
    loss: str = "hinge"  # hinge (Vocos) or lsgan (HiFi-GAN)
    adversarial_weight: float = 1.0
    feature_weight: float = 2.0  # HiFi-GAN's feature-matching weight
    lr: float = 2.0e-4  # discriminator peak rate (its own parameter groups)
    discriminator: dict[str, Any] = field(default_factory=dict)  # DiscriminatorConfig fields

    def __post_init__(self) -> None:
        check_ranges(
            self, start_step=(0, None), adversarial_weight=(0, None), feature_weight=(0, None),
            lr=(0, None),
        )  # fmt: skip
        if self.loss not in GAN_LOSSES:
            raise ValueError(f"adversarial.loss must be one of {GAN_LOSSES}, got {self.loss!r}")

    def discriminator_config(self) -> DiscriminatorConfig:
        values = {k: _tuples(v) for k, v in self.discriminator.items()}
        return build_dataclass(DiscriminatorConfig, values, "adversarial.discriminator")


@dataclass
class VocoderSettings:
    """Every setting of a vocoder run, from the YAML sections."""

    model: dict[str, Any] = field(default_factory=lambda: {"size": "small"})
    loss: LossSettings = field(default_factory=LossSettings)
    adversarial: AdversarialSettings = field(default_factory=AdversarialSettings)
    data: DataSettings = field(default_factory=DataSettings)
    loop: LoopConfig = field(default_factory=LoopConfig)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> VocoderSettings:
        """Build from YAML sections; unknown sections or keys are an error naming them."""
        known = {"model", "loss", "adversarial", "data", "loop"}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ConfigError(f"unknown section(s) {unknown}; known: {sorted(known)}")
        loop = build_loop(values.get("loop"), "loop")
        loss = dict(values.get("loss") or {})
        if "resolutions" in loss:
            loss["resolutions"] = _tuples(loss["resolutions"])
        settings = cls(
            model=dict(values.get("model") or {"size": "small"}),
            loss=build_dataclass(LossSettings, loss, "loss"),
            adversarial=build_dataclass(
                AdversarialSettings, values.get("adversarial"), "adversarial"
            ),
            data=build_dataclass(DataSettings, values.get("data"), "data"),
            loop=loop,
        )
        build_vocoder_config(settings.model)  # a bad model section fails now, not after loading
        if settings.adversarial.enabled:
            settings.adversarial.discriminator_config()
        return settings


def _tuples(value: Any) -> Any:
    """YAML lists (nested) as tuples."""
    return tuple(_tuples(v) for v in value) if isinstance(value, list | tuple) else value


def build_vocoder_config(values: dict[str, Any]) -> VocoderConfig:
    """``{"size": "small", "dim": 256, ...}``: a preset of :func:`vocoder_config` overridden."""
    values = dict(values)
    try:
        base = asdict(preset(values.pop("size", "small")))
    except ValueError as exc:
        raise ConfigError(f"model: {exc}") from None
    base.update(values)
    return build_dataclass(VocoderConfig, base, "model")


def build_vocoder_from(values: dict[str, Any]) -> Vocoder:
    """The vocoder of a ``model`` section."""
    return build_vocoder(build_vocoder_config(values))


def init_vocoder_config(path: str | os.PathLike) -> dict[str, Any]:
    """The ``model`` settings of a trained vocoder's folder (``vocoder train --init`` trains
    with them unless told otherwise); a folder of another kind is a :class:`ModelLoadError`."""
    config = read_model_config(path, {VOCODER_KIND}).get("config")
    if not isinstance(config, dict):
        raise ModelLoadError(f"{path}: its config.json holds no model settings")
    return config


def load_init_vocoder(vocoder: Vocoder, path: str | os.PathLike) -> None:
    """Copy a trained vocoder's weights (``path``: its folder) into ``vocoder``, whose settings
    must be that folder's (else a :class:`ModelLoadError` naming the ones that differ)."""
    theirs = init_vocoder_config(path)
    ours = asdict(vocoder.config)
    differ = sorted(k for k in ours if theirs.get(k) != ours[k])
    if differ:
        shown = ", ".join(f"{k} {theirs.get(k)!r} there, {ours[k]!r} here" for k in differ)
        raise ModelLoadError(
            f"{path}: the vocoder to start from was made with other model settings ({shown}); "
            "leave out --config and model.* --set values to train with its own"
        )
    load_state(vocoder, Path(path) / "model.safetensors")


# --- objective --------------------------------------------------------------------------------


class VocoderObjective(nn.Module):
    """The trained module: the vocoder, its losses and the optional discriminator.

    ``forward(wave (B, S)) -> (loss, logs)``; the loop tells it the step (``set_step``), which
    switches the adversarial terms on at ``adversarial.start_step``.
    """

    def __init__(
        self,
        vocoder: Vocoder,
        loss: LossSettings,
        adversarial: AdversarialSettings,
        discriminator: Discriminator | None = None,
    ) -> None:
        super().__init__()
        self.vocoder, self.discriminator = vocoder, discriminator
        self.loss_settings, self.adversarial = loss, adversarial
        self.log_mel = LogMel()
        self.stft_loss = MultiResolutionSTFTLoss(loss.resolutions)
        self.step = 0

    def set_step(self, step: int) -> None:
        self.step = step

    def forward(self, wave: torch.Tensor) -> tuple[torch.Tensor, dict[str, float]]:
        samples = wave.shape[1]
        mel, _ = self.log_mel(wave)  # (B, T, M)
        fake = self.vocoder(mel)[:, :samples]  # (B, S)
        sc, mag = self.stft_loss(fake, wave)
        mel_l1 = (self.log_mel(fake)[0] - mel).abs().mean()
        weights = self.loss_settings
        loss = weights.stft_weight * (sc + mag) + weights.mel_weight * mel_l1
        logs = {"mel_l1": mel_l1.item(), "stft_sc": sc.item(), "stft_mag": mag.item()}
        if self.discriminator is not None:
            gan_loss, gan_logs = self._adversarial(wave, fake)
            loss = loss + gan_loss
            logs.update(gan_logs)
        return loss, logs

    def _adversarial(
        self, real: torch.Tensor, fake: torch.Tensor
    ) -> tuple[torch.Tensor, dict[str, float]]:
        """Discriminator loss + weighted generator terms (0 before ``start_step``)."""
        settings, disc = self.adversarial, self.discriminator
        assert disc is not None
        zero = fake.new_zeros(())
        if self.step < settings.start_step:
            names = ("disc_loss", "gen_adv", "gen_fm", "disc_real", "disc_fake")
            return zero, dict.fromkeys(names, 0.0)
        batch = real.shape[0]
        both = disc(torch.cat([real, fake.detach()]))  # one pass over real and generated
        real_out = [(logits[:batch], [f[:batch] for f in maps]) for logits, maps in both]
        fake_out = [(logits[batch:], [f[batch:] for f in maps]) for logits, maps in both]
        disc_loss, real_score, fake_score = discriminator_loss(real_out, fake_out, settings.loss)
        disc.requires_grad_(False)  # the generator's terms must not move the discriminator
        try:
            judged = disc(fake)
        finally:
            disc.requires_grad_(True)
        adv = generator_loss(judged, settings.loss)
        fm = feature_matching_loss(real_out, judged)
        loss = disc_loss + settings.adversarial_weight * adv + settings.feature_weight * fm
        logs = {
            "disc_loss": disc_loss.item(),
            "gen_adv": adv.item(),
            "gen_fm": fm.item(),
            "disc_real": real_score.item(),
            "disc_fake": fake_score.item(),
        }
        return loss, logs


# --- the run ----------------------------------------------------------------------------------


def _utterances(manifests: Sequence[str | os.PathLike], data: DataSettings) -> list[Utterance]:
    """The training audio, read as pretraining reads it (``unlabeled_utterances``)."""
    return unlabeled_utterances(manifests, data.min_seconds, data.max_utterances)


def _groups(objective: VocoderObjective, settings: VocoderSettings) -> list[dict[str, Any]]:
    """AdamW groups: the vocoder at the loop's rate, the discriminator at its own."""
    decay = settings.loop.weight_decay
    groups = param_groups(objective.vocoder, decay)
    if objective.discriminator is not None:
        groups += param_groups(objective.discriminator, decay, lr=settings.adversarial.lr)
    return groups


@run_scope()
def train_vocoder(
    manifests: Sequence[str | os.PathLike],
    settings: VocoderSettings,
    out_dir: str | os.PathLike,
    dev_manifest: str | os.PathLike | None = None,
    resume: bool = False,
    init: str | os.PathLike | None = None,
) -> TrainResult:
    """Train a vocoder on the audio of ``manifests``; the model is saved in ``out_dir/model``.

    ``init`` (a trained vocoder's folder, of the same ``model`` settings) starts the vocoder's
    weights from it: a vocoder adapted to a new voice's audio. A discriminator starts fresh.
    """
    out_dir = Path(out_dir)
    make_run_dir(out_dir)
    data = settings.data
    dev_utts = None
    if dev_manifest:
        listed = [
            dataclasses.replace(u, text=None)  # audio only: a transcript is not checked against it
            for u in read_manifest(dev_manifest)
            if u.duration >= data.min_seconds
        ]
        if not listed:  # a 3 ms clip crashed the first evaluation inside the STFT
            raise ConfigError(
                f"{dev_manifest}: no utterance of data.min_seconds={data.min_seconds} s or more"
            )
        check_audio(listed, str(dev_manifest))
        dev_utts = listed
    train_utts, dev_utts = split_dev(_utterances(manifests, data), dev_utts, data.dev_utterances)
    torch.manual_seed(settings.loop.seed)  # initial weights
    vocoder = build_vocoder_from(settings.model)
    if init is not None:
        load_init_vocoder(vocoder, init)
    disc = None
    if settings.adversarial.enabled:
        disc = build_discriminator(settings.adversarial.discriminator_config())
    objective = VocoderObjective(vocoder, settings.loss, settings.adversarial, disc)
    dataset = SegmentDataset(
        train_utts, data.segment_samples, settings.loop.seed, data.segments_per_utterance
    )
    seconds = data.segment_samples / SAMPLE_RATE
    sampler = DurationBatchSampler(
        [seconds] * len(dataset),
        seconds * (data.batch_size + 1),  # the count, not the seconds, fills a batch
        max_utterances=data.batch_size,
        seed=settings.loop.seed,
    )
    dev = DevSet.from_utterances(dev_utts, data.dev_max_seconds) if dev_utts else None
    if dev is not None:
        log.info("Griffin-Lim on %d dev file(s): %s", len(dev.ids), dev.baseline)
    resolved = {
        "model": asdict(vocoder.config),
        "loss": asdict(settings.loss),
        "adversarial": asdict(settings.adversarial),
        "data": asdict(data),
        "loop": asdict(settings.loop),
        "manifests": [str(m) for m in manifests],
        "dev": [u.id for u in dev_utts],
        "utterances": len(train_utts),
        "hours": round(sum(u.duration for u in train_utts) / 3600, 3),
        "parameters": sum(p.numel() for p in vocoder.parameters()),
        "init": str(init) if init is not None else None,
    }
    check_resume_fits(out_dir, resume, objective)  # before settings.json is replaced
    finished = finished_run(out_dir, resume, settings.loop.max_steps)  # nothing left: records kept
    if is_main_process() and not finished:  # one writer under torchrun
        write_settings(out_dir, resolved)
    result = train(
        objective,
        lambda net, batch: net(batch),
        dataset,
        sampler,
        collate_segments,
        settings.loop,
        out_dir,
        eval_fn=dev.evaluate if dev is not None else None,
        resume=resume,
        groups=_groups(objective, settings),
        model_config=resolved,
    )
    meta = {"steps": result.step, "hours": resolved["hours"], "manifests": resolved["manifests"]}
    if init is not None:
        meta["init"] = str(init)
    meta.update(result.metrics)
    if is_main_process() and not (finished and (out_dir / MODEL_DIR / "config.json").is_file()):
        save_model(vocoder, out_dir / MODEL_DIR, VOCODER_KIND, vocoder.config, meta)
    return result
