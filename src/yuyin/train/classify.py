"""Utterance classification fine-tuning (``yuyin finetune --task classify``).

Each utterance's class is its normalized transcript (a spoken command or keyword), so any
labeled manifest of short commands is a classification set. The class list is saved in the
model's meta; ``yuyin classify`` reads it back.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any

import torch
from torch import nn

from yuyin.config import ConfigError, build_dataclass
from yuyin.data.dataset import AudioDataset, check_audio, collate_audio
from yuyin.data.manifest import Utterance
from yuyin.hub import save_model
from yuyin.models.classifier import ClassifierConfig, UtteranceClassifier, build_classifier
from yuyin.nn.device import module_device
from yuyin.paths import make_run_dir, run_scope
from yuyin.text.normalize import normalize_for_scoring
from yuyin.train.checkpoint import check_resume_fits, finished_run
from yuyin.train.distributed import is_main_process
from yuyin.train.finetune import (
    MODEL_DIR,
    FinetuneSettings,
    initial_encoder,
    training_data,
    warn_frozen_throughout,
)
from yuyin.train.labeled_data import (
    Manifests,
    labeled,
    labeled_many,
    manifest_paths,
    manifest_record,
)
from yuyin.train.loop import TrainResult, train
from yuyin.train.run_settings import write_settings

log = logging.getLogger("yuyin.train")

EVAL_BATCH = 32


def class_of(utt: Utterance) -> str:
    """The class label of an utterance: its transcript, normalized."""
    return normalize_for_scoring(utt.text or "")


@torch.no_grad()
def accuracy(model: UtteranceClassifier, utts: list[Utterance], classes: list[str]) -> float:
    """Share of ``utts`` whose predicted class equals their label (unknown labels count wrong)."""
    index = {c: i for i, c in enumerate(classes)}
    was_training = model.training
    model.eval()
    dataset = AudioDataset(utts)
    device = module_device(model)  # the model may be on a GPU (training's dev eval)
    correct = 0
    try:
        for start in range(0, len(utts), EVAL_BATCH):
            batch = collate_audio(
                [dataset[i] for i in range(start, min(len(utts), start + EVAL_BATCH))]
            ).to(device)
            predicted = model(batch.wave, batch.wave_lengths).argmax(dim=-1).tolist()
            for utt, p in zip(utts[start : start + EVAL_BATCH], predicted, strict=True):
                correct += index.get(class_of(utt), -1) == p
    finally:
        model.train(was_training)
    return correct / len(utts)


FEW_EXAMPLES = 3  # a class with fewer training clips is named
IMBALANCE = 4.0  # largest class over smallest at which the imbalance is named


def _note_class_sizes(sizes: Counter, where: str) -> None:
    """Warn about classes with very few examples, and about a large imbalance."""
    few = sorted(c for c, n in sizes.items() if n < FEW_EXAMPLES)
    if few:
        shown = ", ".join(f"{c!r} ({sizes[c]})" for c in few[:5])
        log.warning("%s: %d class(es) with fewer than %d examples (%s): the model can hardly "
                    "learn them", where, len(few), FEW_EXAMPLES, shown)  # fmt: skip
    (top, most), (low, least) = sizes.most_common(1)[0], sizes.most_common()[-1]
    if most >= IMBALANCE * least:
        log.warning("%s: classes are imbalanced (%r: %d examples, %r: %d): the model leans to "
                    "the larger ones", where, top, most, low, least)  # fmt: skip


def _check_resumed_classes(out_dir: Path, resume: bool, classes: list[str]) -> None:
    """A resumed run must have the classes it started with: the head's rows are those classes
    in order, so other data would relabel them silently."""
    record = out_dir / "settings.json"
    if not resume or not record.is_file():
        return
    try:
        started = json.loads(record.read_text(encoding="utf-8")).get("classes")
    except (OSError, ValueError, AttributeError):
        return
    if isinstance(started, list) and started != classes:
        added = sorted(set(classes) - set(started))
        gone = sorted(set(started) - set(classes))
        raise ConfigError(
            f"{out_dir} was started with the classes {started}; the training data now has "
            f"{classes} (new: {added or 'none'}; gone: {gone or 'none'}): resuming would relabel "
            "the model's outputs; train the new classes in another --out"
        )


def _note_ctc_only(settings: FinetuneSettings) -> None:
    """A config shared with CTC fine-tuning may hold settings a classifier has no use for: they
    are named in the log; a key that neither task knows is a typo and an error."""
    from yuyin.models.asr import ASRConfig

    own = {"dropout", "freeze_encoder_steps"}
    ctc = {f.name for f in dataclasses.fields(ASRConfig)}
    unknown = sorted(set(settings.model) - own - ctc)
    if unknown:
        raise ConfigError(
            f"unknown setting(s) {', '.join(f'model.{k}' for k in unknown)}; a classifier "
            f"knows model.{', model.'.join(sorted(own))}"
        )
    unused = sorted(set(settings.model) & ctc - own)
    if settings.layer_decay != 1.0 or settings.head_lr_scale != 1.0:
        unused += ["layer_decay", "head_lr_scale"]
    if unused:
        log.info("classifier: not used (CTC fine-tuning settings): %s", ", ".join(unused))


@run_scope()
def finetune_classifier(
    train_manifest: Manifests,
    dev_manifest: str | os.PathLike | None,
    settings: FinetuneSettings,
    out_dir: str | os.PathLike,
    pretrained: str | os.PathLike | None = None,
    resume: bool = False,
) -> TrainResult:
    """Train an utterance classifier; writes ``out_dir/model`` (kind "classifier")."""
    out_dir = Path(out_dir)
    make_run_dir(out_dir)
    torch.manual_seed(settings.loop.seed)
    warn_frozen_throughout(settings.model, settings.loop)
    train_utts = labeled_many(train_manifest, settings.data)
    dev_utts = labeled(dev_manifest, settings.data) if dev_manifest else train_utts
    where = ", ".join(manifest_paths(train_manifest))
    # short clips: decoded once, so a silent one never teaches "silence is this command"
    check_audio(train_utts, where, decode=True)
    if dev_manifest:
        check_audio(dev_utts, str(dev_manifest), decode=True)
    classes = sorted({class_of(u) for u in train_utts})
    if len(classes) < 2:
        raise ConfigError(f"{where}: need at least two classes, found {classes}")
    _note_class_sizes(Counter(map(class_of, train_utts)), where)
    _check_resumed_classes(out_dir, resume, classes)
    unseen = Counter(c for c in map(class_of, dev_utts) if c not in classes)
    if unseen:
        shown = ", ".join(f"{c!r} ({n})" for c, n in unseen.most_common(5))
        log.warning(
            "%s: %d dev utterance(s) of classes the training data lacks (%s): the model cannot "
            "say them, so they count as wrong",
            dev_manifest,
            sum(unseen.values()),
            shown,
        )
    index = {c: i for i, c in enumerate(classes)}
    encoder = initial_encoder(settings, pretrained)
    values = {k: v for k, v in settings.model.items() if k in ("dropout", "freeze_encoder_steps")}
    _note_ctc_only(settings)
    config = build_dataclass(ClassifierConfig, {**values, "num_classes": len(classes)}, "model")
    model = build_classifier(config, encoder=encoder)
    dataset, sampler = training_data(train_utts, settings)

    def step(net: nn.Module, batch: Any) -> tuple[torch.Tensor, dict[str, float]]:
        labels = torch.tensor([index[t] for t in batch.texts])  # normalized by labeled()
        logits = net(batch.wave, batch.wave_lengths)
        loss = nn.functional.cross_entropy(logits, labels.to(logits.device))
        return loss, {"acc": float((logits.argmax(-1) == labels.to(logits.device)).float().mean())}

    def evaluate(net: nn.Module) -> dict[str, float]:
        return {"accuracy": accuracy(net, dev_utts, classes)}

    meta = {
        "classes": classes,
        "pretrained": str(pretrained) if pretrained else None,
        "train_manifest": manifest_record(train_manifest),
        "dev_manifest": manifest_record(dev_manifest) if dev_manifest else "training utterances",
    }
    check_resume_fits(out_dir, resume, model)  # before settings.json is replaced
    finished = finished_run(out_dir, resume, settings.loop.max_steps)  # nothing left: records kept
    if is_main_process() and not finished:  # one writer under torchrun
        settings_json = {**meta, "model": asdict(config)}
        write_settings(out_dir, settings_json)
    result = train(
        model, step, dataset, sampler, collate_audio,
        dataclasses.replace(settings.loop, find_unused_parameters=True), out_dir,
        eval_fn=evaluate, resume=resume, model_config=asdict(model.config), extra_state=meta,
    )  # fmt: skip
    meta.update({k: round(v, 4) for k, v in result.metrics.items()}, steps=result.step)
    if is_main_process() and not (finished and (out_dir / MODEL_DIR / "config.json").is_file()):
        save_model(model, out_dir / MODEL_DIR, "classifier", model.config, meta)
    return result
