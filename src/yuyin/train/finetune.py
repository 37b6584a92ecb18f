"""CTC fine-tuning of a speech encoder on labeled speech (the run behind `yuyin finetune`).

The encoder comes from a pretraining run (``pretrained``; ``"bundled"`` names the HuBERT encoder
shipped with yuyin) or is built from scratch from a preset;
the tokenizer is built from the training transcripts (after ``normalize_for_scoring``, the text WER
is computed on) and saved inside the model. Diagnostics explain the classic ways CTC fine-tuning
fails: a vocabulary that does not cover the transcripts, targets too long for the frames, audio
recorded below 16 kHz, blank-only output, WER stuck at 100%.

Output folder: ``ckpt-*/``, ``log.csv``, ``eval.csv`` (dev WER/CER), ``diagnostics.jsonl``,
``model/`` (the fine-tuned recognizer for ``yuyin transcribe --model``) and, with a dev set,
``model-best/`` (the model at its best dev WER).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import math
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import torch
from torch import nn

from yuyin.config import ConfigError, build_dataclass
from yuyin.data.augment import AugmentConfig, WaveAugment
from yuyin.data.batching import DurationBatchSampler
from yuyin.data.dataset import AudioDataset, collate_audio
from yuyin.data.manifest import Utterance
from yuyin.decode.align import min_frames
from yuyin.eval.health import COLLAPSE_WARNINGS
from yuyin.hub import save_model
from yuyin.models.asr import ASRConfig, CTCModel, build_asr
from yuyin.models.encoder import SpeechEncoder
from yuyin.paths import make_run_dir, run_scope
from yuyin.text.tokenizer import CharTokenizer
from yuyin.train.asr_reuse import build_run_tokenizer, reuse_head
from yuyin.train.asr_watchdog import ASRWatchdog, start_comparison, watched_names
from yuyin.train.checkpoint import finished_run, resumed_step
from yuyin.train.distributed import is_main_process
from yuyin.train.labeled_data import (
    FinetuneData,
    Manifests,
    labeled,
    labeled_many,
    low_rate_note,
    manifest_paths,
    manifest_record,
    sample_rates,
)
from yuyin.train.loop import LoopConfig, TrainResult, build_loop, param_groups, train, unwrap
from yuyin.train.pretrain import build_encoder_from
from yuyin.train.run_settings import write_settings

log = logging.getLogger("yuyin.finetune")

MODEL_DIR = "model"
BEST_MODEL_DIR = "model-best"  # the model at the best dev WER (with a --dev set)


def _positive(name: str, value: Any, high: float | None = None) -> float:
    """A setting that multiplies learning rates: a finite number > 0 (and <= ``high``)."""
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not (ok and 0 < value < math.inf and (high is None or value <= high)):
        bound = f" and <= {high}" if high is not None else ""
        raise ConfigError(f"{name} must be a number > 0{bound}, got {value!r}")
    return float(value)


@dataclass
class FinetuneSettings:
    """Every setting of a fine-tuning run, from YAML sections."""

    encoder: dict[str, Any] = field(default_factory=lambda: {"size": "tiny"})  # scratch only
    model: dict[str, Any] = field(default_factory=dict)  # ASRConfig fields
    tokenizer: dict[str, Any] = field(default_factory=lambda: {"kind": "char"})
    loop: LoopConfig = field(default_factory=LoopConfig)
    data: FinetuneData = field(default_factory=FinetuneData)
    augment: dict[str, Any] = field(default_factory=dict)  # AugmentConfig fields
    layer_decay: float = 1.0  # LR x decay**(depth from the top) for encoder blocks; 1 = off
    head_lr_scale: float = 1.0  # LR multiplier of the CTC head

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> FinetuneSettings:
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ConfigError(f"unknown section(s) {unknown}; known: {sorted(known)}")
        loop = build_loop(values.get("loop"), "loop")
        build_dataclass(AugmentConfig, values.get("augment"), "augment")  # validate early
        return cls(
            encoder=dict(values.get("encoder") or {"size": "tiny"}),
            model=dict(values.get("model") or {}),
            tokenizer=dict(values.get("tokenizer") or {"kind": "char"}),
            loop=loop,
            data=build_dataclass(FinetuneData, values.get("data"), "data"),
            augment=dict(values.get("augment") or {}),
            layer_decay=_positive("layer_decay", values.get("layer_decay", 1.0), high=1.0),
            head_lr_scale=_positive("head_lr_scale", values.get("head_lr_scale", 1.0)),
        )


def _dev_coverage(utts: list[Utterance], tokenizer: Any) -> str | None:
    """A note when dev references hold characters the model can never write (not even without
    an accent): they count as errors in every dev score."""
    if not hasattr(tokenizer, "coverage"):
        return None
    fraction, missing = tokenizer.coverage(u.text or "" for u in utts)
    if not missing:
        return None
    shown = ", ".join(f"{c!r} ({n}x)" for c, n in list(missing.items())[:8])
    return (
        f"the dev transcripts hold characters this model cannot write: {shown} "
        f"({1 - fraction:.2%} of their characters); they count as errors in every dev score"
    )


def _diagnose_data(utts: list[Utterance], tokenizer: Any, frame_rate: float) -> list[str]:
    """Problems visible before training: coverage, infeasible CTC targets, low sample rates."""
    notes = []
    texts = [u.text or "" for u in utts]
    if hasattr(tokenizer, "coverage"):  # char and bpe: the characters their tokens write
        fraction, missing = tokenizer.coverage(texts)
        if missing:
            shown = ", ".join(f"{c!r} ({n}x)" for c, n in list(missing.items())[:8])
            fix = (
                "they are dropped from targets (tokenizer.extend=true adds them, and trains a "
                "new output layer for the larger vocabulary)"
                if isinstance(tokenizer, CharTokenizer)
                else "they are <unk> in the targets (the --pretrained recognizer's pieces lack "
                "them: tokenizer.retrain=true trains new pieces, with a fresh head)"
            )
            notes.append(
                f"the vocabulary does not cover {1 - fraction:.2%} of transcript characters: "
                f"{shown}; {fix}"
            )
        if folded := tokenizer.folded(texts):
            shown = ", ".join(
                f"{c!r} as {tokenizer.fold_text(c)!r} ({n}x)" for c, n in list(folded.items())[:8]
            )
            notes.append(f"letters outside the vocabulary are spelled without accents: {shown}")
    too_long = [
        u.id
        for u, t in zip(utts, texts, strict=True)
        if min_frames(tokenizer.encode(t)) > int(u.duration * frame_rate)
    ]
    if too_long and len(too_long) == len(utts):
        raise ConfigError(
            f"every utterance has more CTC targets than the {frame_rate:g} frames/s encoder can "
            f"emit (e.g. {too_long[0]}): nothing could be learned. Use a BPE tokenizer or a "
            "higher frame-rate encoder (mel_subsampling 2)"
        )
    if too_long:
        notes.append(
            f"{len(too_long)} utterance(s) have more CTC targets than the {frame_rate:g} "
            f"frames/s encoder can emit (e.g. {too_long[0]}); their loss is zeroed. Use a BPE "
            "tokenizer or a higher frame-rate encoder"
        )
    rates, unreadable = sample_rates(utts)
    notes += unreadable
    if note := low_rate_note(rates):
        notes.append(note)
    return notes


def _groups(model: CTCModel, settings: FinetuneSettings) -> list[dict[str, Any]]:
    """AdamW groups: layer-wise LR decay over encoder blocks, the head at its own scale."""
    lr, wd = settings.loop.lr, settings.loop.weight_decay
    blocks = model.encoder.blocks
    groups: list[dict[str, Any]] = []
    owned: set[int] = set()
    for depth, block in enumerate(reversed(blocks)):  # depth 0 = the top block
        scale = settings.layer_decay**depth
        groups += param_groups(block, wd, lr=lr * scale)
        owned |= {id(p) for p in block.parameters()}
    groups += param_groups(model.head, wd, lr=lr * settings.head_lr_scale)
    owned |= {id(p) for p in model.head.parameters()}
    rest = nn.ParameterList(p for p in model.encoder.parameters() if id(p) not in owned)
    bottom = settings.layer_decay ** len(blocks)
    groups += param_groups(rest, wd, lr=lr * bottom)
    return [g for g in groups if any(p.requires_grad for p in g["params"])]


class _CTCStep:
    """Step function: tokenize the batch's transcripts, CTC loss on the model's output."""

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer

    def __call__(self, model: nn.Module, batch: Any) -> tuple[torch.Tensor, dict[str, float]]:
        ids = [self.tokenizer.encode(t) for t in batch.texts]  # normalized by labeled()
        targets = torch.tensor([i for seq in ids for i in seq], dtype=torch.long)
        target_lengths = torch.tensor([len(seq) for seq in ids], dtype=torch.long)
        out = model(batch.wave, batch.wave_lengths)
        loss = unwrap(model).ctc_loss(out, targets.to(out.log_probs.device), target_lengths)
        return loss, {"ctc": float(loss.detach())}


BUNDLED_ENCODER_NAME = "bundled"  # --pretrained bundled: the encoder shipped with yuyin
BUNDLED_ENCODER = Path(__file__).resolve().parent.parent / "assets" / "models" / "encoder"
BUNDLED_ASR_NAME = "bundled-asr"  # --pretrained bundled-asr: the recognizer shipped with yuyin
BUNDLED_ASR = BUNDLED_ENCODER.parent / "asr"


PRETRAINED_KINDS = ("encoder", "asr")  # what --pretrained may name: an encoder, or a recognizer


def pretrained_path(pretrained: str | os.PathLike) -> Path:
    """The folder ``pretrained`` names: ``"bundled"`` is the self-supervised encoder shipped in
    the package (HuBERT, pretrained on unlabeled speech only; see its ``config.json`` meta),
    ``"bundled-asr"`` the recognizer shipped in the package (that encoder fine-tuned on labels;
    its CTC head is reused when the tokenizers agree: adapting it to one's own data), anything
    else a pretraining run, an encoder folder or a fine-tuned recognizer. A folder of either
    name in the current folder wins."""
    names = {BUNDLED_ENCODER_NAME: BUNDLED_ENCODER, BUNDLED_ASR_NAME: BUNDLED_ASR}
    if str(pretrained) in names and not Path(pretrained).exists():
        return names[str(pretrained)]
    return Path(pretrained)


def initial_model(
    settings: FinetuneSettings, pretrained: str | os.PathLike | None
) -> SpeechEncoder | CTCModel:
    """What fine-tuning starts from: the pretrained encoder (``"bundled"``, a pretraining run,
    an encoder folder), a fine-tuned recognizer (whose encoder, and maybe head, are taken), or
    a fresh encoder. Its weights are read once."""
    if pretrained is None:
        return build_encoder_from(settings.encoder)
    from yuyin import load

    model = load(pretrained_path(pretrained), kinds=PRETRAINED_KINDS)
    _note_pretraining_health(pretrained_path(pretrained))
    return model


def initial_encoder(
    settings: FinetuneSettings, pretrained: str | os.PathLike | None
) -> SpeechEncoder:
    """The encoder of :func:`initial_model`."""
    model = initial_model(settings, pretrained)
    return model.encoder if isinstance(model, CTCModel) else model


def _note_pretraining_health(folder: Path) -> None:
    """Say so when the pretraining run being fine-tuned from ended with health warnings that
    still held (its ``health.jsonl``): a collapsed encoder fine-tunes to nothing."""
    try:
        *_, last = (folder / "health.jsonl").read_text(encoding="utf-8").splitlines() or [""]
        active = [k for k in json.loads(last).get("active") or [] if k in COLLAPSE_WARNINGS]
    except (OSError, ValueError, AttributeError, TypeError):  # no record (an encoder folder)
        return
    if active:
        log.warning(
            "%s ended its pretraining with collapse warnings that still held (%s): an encoder "
            "that collapsed fine-tunes to little; see its health.jsonl",
            folder,
            ", ".join(map(str, active)),
        )


def _check_run_folder(out_dir: Path, resume: bool, tokenizer: Any, model: nn.Module) -> None:
    """Refuse a folder that holds a run unless resuming it, a resume whose weights do not fit
    ``model``, and one whose transcripts now make another tokenizer: its outputs would mean
    other characters than the checkpoint's."""
    from yuyin.train.checkpoint import CheckpointError, check_resume_fits, read_state

    latest = check_resume_fits(out_dir, resume, model)
    if latest is None:
        return
    saved = (read_state(latest).get("extra") or {}).get("tokenizer")
    if saved is not None and saved != tokenizer.to_dict():
        raise CheckpointError(
            f"{latest}: its tokenizer differs from the one this run's transcripts make (the "
            "training data changed); resume with the same --train manifests, or start a new run "
            "with --pretrained on this one's model"
        )


def _say_changed_data(out_dir: Path, resume: bool, meta: dict[str, Any]) -> None:
    """A resumed run told other manifests than it started with goes on (the tokenizer check
    above allows it), with a warning: its scores then mix two data sets."""
    try:
        before = json.loads((out_dir / "settings.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if not (resume and isinstance(before, dict)):
        return
    for key in ("train_manifest", "dev_manifest"):
        then, now = _as_list(before.get(key, meta[key])), _as_list(meta[key])
        if key == "dev_manifest" and then[:1] == now[:1]:  # the dev set is the same
            if then != now:
                log.warning(
                    "%s: resumed watching %s; it watched %s (a set's columns in eval.csv are "
                    "empty for the evaluations before it was watched)",
                    out_dir, now[1:] or "no other set", then[1:] or "no other set",
                )  # fmt: skip
        elif then != now:
            log.warning(
                "%s: resumed with %s %s; it started with %s (its scores mix the two)",
                out_dir, key, meta[key], before[key],
            )  # fmt: skip


def _pretrained_record(pretrained: str | os.PathLike | None) -> str | None:
    """``--pretrained`` as the run records it: a shipped model's name, else the absolute path."""
    if not pretrained:
        return None
    named = str(pretrained) in (BUNDLED_ENCODER_NAME, BUNDLED_ASR_NAME)
    return (
        str(pretrained) if named and not Path(pretrained).exists() else os.path.abspath(pretrained)
    )


def _as_list(record: Any) -> list[str]:
    """A run's manifest record as absolute paths (older runs recorded them as typed)."""
    paths = record if isinstance(record, list) else [record]
    return [p if p == "training utterances" else os.path.abspath(p) for p in map(str, paths)]


def _distinct(paths: list[str]) -> list[str]:
    """``paths`` with a manifest given twice kept once (said)."""
    seen: dict[str, str] = {}
    for path in paths:
        if os.path.abspath(path) in seen:
            log.warning("--dev %s is given twice: it is scored once", path)
        else:
            seen[os.path.abspath(path)] = path
    return list(seen.values())


def _say_overlap(train: list[Utterance], dev_sets: Iterable[tuple[str, list[Utterance]]]) -> None:
    """Warn when a dev set (or a watched one) holds training audio: its WER then shows fitting."""
    heard = {os.path.abspath(u.audio) for u in train}
    for path, utts in dev_sets:
        shared = sum(os.path.abspath(u.audio) in heard for u in utts)
        if shared:
            log.warning(
                "--dev %s: %d of its %d utterances are training audio too: their WER shows how "
                "well the model fits what it trains on, not how it does on speech it never heard",
                path, shared, len(utts),
            )  # fmt: skip


def training_data(
    utts: list[Utterance], settings: FinetuneSettings
) -> tuple[AudioDataset, DurationBatchSampler]:
    """The augmented dataset and its duration-bucketed sampler."""
    augment = None
    if settings.data.augment:
        augment = WaveAugment(build_dataclass(AugmentConfig, settings.augment, "augment"))
    dataset = AudioDataset(utts, transform=augment, seed=settings.loop.seed)
    sampler = DurationBatchSampler(
        dataset.durations, settings.data.max_batch_seconds, seed=settings.loop.seed
    )
    return dataset, sampler


def warn_frozen_throughout(model: dict, loop: LoopConfig) -> None:
    """Say so when ``model.freeze_encoder_steps`` covers the whole run: only the head learns."""
    frozen = model.get("freeze_encoder_steps", 0)
    if isinstance(frozen, int) and frozen >= loop.max_steps:
        log.warning(
            "model.freeze_encoder_steps=%d >= loop.max_steps=%d: the encoder stays frozen for "
            "the whole run and only the head learns (--set model.freeze_encoder_steps lower)",
            frozen,
            loop.max_steps,
        )


@run_scope()
def finetune(
    train_manifest: Manifests,
    dev_manifest: Manifests | None,
    settings: FinetuneSettings,
    out_dir: str | os.PathLike,
    pretrained: str | os.PathLike | None = None,
    resume: bool = False,
) -> TrainResult:
    """Fine-tune a CTC recognizer; writes ``out_dir/model`` (see the module docstring).

    ``train_manifest`` is one labeled manifest or a sequence of them (used together).
    ``dev_manifest`` is one too, or a sequence: the first is the dev set, the others are watched
    (their WER/CER logged as ``wer@NAME``: :mod:`yuyin.train.asr_watchdog`); None scores the
    first 50 training utterances.
    """
    out_dir = Path(out_dir)
    make_run_dir(out_dir)
    torch.manual_seed(settings.loop.seed)
    train_utts = labeled_many(train_manifest, settings.data)
    dev_paths = _distinct(manifest_paths(dev_manifest)) if dev_manifest else []
    dev_utts = labeled(dev_paths[0], settings.data, use="score") if dev_paths else train_utts[:50]
    watched = {
        name: labeled(path, settings.data, use="score")
        for name, path in zip(watched_names(dev_paths[1:]), dev_paths[1:], strict=True)
    }
    if dev_paths:
        _say_overlap(train_utts, zip(dev_paths, [dev_utts, *watched.values()], strict=True))
    kind = settings.tokenizer.get("kind", "char")
    folder = pretrained_path(pretrained) if pretrained is not None else None
    texts = [u.text or "" for u in train_utts]
    tokenizer = build_run_tokenizer(settings.tokenizer, texts, folder)
    if kind == "phoneme":  # transcripts must be ARPAbet already: nothing here runs a G2P
        for u in train_utts:
            try:
                tokenizer.encode(u.text or "")
            except ValueError as exc:
                raise ConfigError(
                    f"tokenizer.kind=phoneme: utterance {u.id!r} is not written in ARPAbet "
                    f"phones ({exc}); use char or bpe for word transcripts"
                ) from None
    if not any(tokenizer.encode(u.text or "") for u in train_utts):
        raise ConfigError(
            f"{' '.join(manifest_paths(train_manifest))}: no transcript has a character the {kind} "
            "tokenizer knows, so there is nothing to learn; tokenizer.extend=true adds the "
            "transcripts' own characters"
        )
    start = initial_model(settings, pretrained)
    encoder = start.encoder if isinstance(start, CTCModel) else start
    values = {**settings.model, "vocab_size": tokenizer.vocab_size}
    model = build_asr(build_dataclass(ASRConfig, values, "model"), encoder=encoder)
    warn_frozen_throughout(settings.model, settings.loop)  # after the settings are known good
    previous = start if isinstance(start, CTCModel) else None
    head_reused = reuse_head(model, pretrained, folder, tokenizer, previous)
    frozen = model.config.freeze_encoder_steps
    if head_reused and 0 < frozen < settings.loop.max_steps:
        log.info(
            "the head is the pretrained recognizer's own, already trained: the encoder learns "
            "from the first update (model.freeze_encoder_steps=%d, which keeps a random head "
            "from wrecking it, is not needed)",
            frozen,
        )
        model.config = replace(model.config, freeze_encoder_steps=0)
    dataset, sampler = training_data(train_utts, settings)
    watchdog = ASRWatchdog(dev_utts, tokenizer, out_dir, watched)
    hours = sum(u.duration for u in train_utts) / 3600
    meta = {
        "tokenizer": tokenizer.to_dict(),
        "pretrained": _pretrained_record(pretrained),
        "head_reused": head_reused,
        "train_manifest": manifest_record(train_manifest),
        "train_hours": round(hours, 4),
        "dev_manifest": manifest_record(dev_paths) if dev_paths else "training utterances",
    }
    augment = dataset.transform  # the WaveAugment training_data built, or None
    resolved = {
        **meta,
        "model": asdict(model.config),
        "loop": asdict(settings.loop),
        "data": asdict(settings.data),
        "augment": asdict(augment.config) if augment is not None else None,
        "layer_decay": settings.layer_decay,
        "head_lr_scale": settings.head_lr_scale,
    }
    _check_run_folder(out_dir, resume, tokenizer, model)  # before settings.json is replaced
    _say_changed_data(out_dir, resume, meta)
    finished = finished_run(out_dir, resume, settings.loop.max_steps)  # nothing left: records kept
    if is_main_process() and not finished:  # one writer under torchrun
        write_settings(out_dir, resolved)
    resumed_at = resumed_step(out_dir, resume)
    if dev_paths:  # a held-out dev set: its best model is worth keeping
        watchdog.keep_best(out_dir / BEST_MODEL_DIR, meta)
    watchdog.start(resumed_at)
    if resumed_at is None:  # a resumed run diagnosed its data when it began
        for message in _diagnose_data(train_utts, tokenizer, model.frame_rate):
            watchdog.note(message)
        if dev_paths and (note := _dev_coverage(dev_utts, tokenizer)):
            watchdog.note(note)
    result = train(
        model,
        _CTCStep(tokenizer),
        dataset,
        sampler,
        collate_audio,
        dataclasses.replace(settings.loop, find_unused_parameters=True),
        out_dir,
        eval_fn=watchdog,
        resume=resume,
        groups=_groups(model, settings),
        model_config=asdict(model.config),
        extra_state=meta,
        eval_at_start=head_reused,  # a recognizer to adapt: its own scores are the baseline
    )
    if head_reused and is_main_process():
        for message in start_comparison(out_dir):
            watchdog.note(message, result.step)
    meta.update({k: round(v, 4) for k, v in result.metrics.items()}, steps=result.step)
    if is_main_process() and not (finished and (out_dir / MODEL_DIR / "config.json").is_file()):
        save_model(model, out_dir / MODEL_DIR, "asr", model.config, meta)
    return result
