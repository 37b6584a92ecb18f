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
from yuyin.data.dataset import collate_audio
from yuyin.data.manifest import Utterance
from yuyin.hub import save_model
from yuyin.models.classifier import ClassifierConfig, UtteranceClassifier, build_classifier
from yuyin.paths import make_run_dir, run_scope
from yuyin.text.normalize import normalize_for_scoring
from yuyin.train.checkpoint import check_resume_fits, finished_run, resumed_step
from yuyin.train.classify_diagnosis import (
    ClassifyWatchdog,
    class_size_notes,
    dev_class_notes,
    predict_classes,
    rate_notes,
)
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


def class_of(utt: Utterance) -> str:
    """The class label of an utterance: its transcript, normalized."""
    return normalize_for_scoring(utt.text or "")


def accuracy(model: UtteranceClassifier, utts: list[Utterance], classes: list[str]) -> float:
    """Share of ``utts`` whose predicted class equals their label (unknown labels count wrong)."""
    index = {c: i for i, c in enumerate(classes)}
    predicted = predict_classes(model, utts)
    correct = sum(index.get(class_of(u), -1) == p for u, p in zip(utts, predicted, strict=True))
    return correct / len(utts)


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
    # short clips: decoded once, so a silent one never teaches "silence is this command"
    train_utts = labeled_many(train_manifest, settings.data, decode=True)
    dev_utts = labeled(dev_manifest, settings.data, decode=True) if dev_manifest else train_utts
    where = ", ".join(manifest_paths(train_manifest))
    classes = sorted({class_of(u) for u in train_utts})
    if len(classes) < 2:
        raise ConfigError(f"{where}: need at least two classes, found {classes}")
    _check_resumed_classes(out_dir, resume, classes)
    dev_labels = [class_of(u) for u in dev_utts]
    notes = class_size_notes(Counter(map(class_of, train_utts)), where)
    if dev_manifest:
        notes += dev_class_notes(classes, dev_labels, str(dev_manifest))
    notes += rate_notes(train_utts, dev_utts if dev_manifest else None)
    index = {c: i for i, c in enumerate(classes)}
    encoder = initial_encoder(settings, pretrained)
    values = {k: v for k, v in settings.model.items() if k in ("dropout", "freeze_encoder_steps")}
    _note_ctc_only(settings)
    config = build_dataclass(ClassifierConfig, {**values, "num_classes": len(classes)}, "model")
    model = build_classifier(config, encoder=encoder)
    warn_frozen_throughout(settings.model, settings.loop)  # after the settings are known good
    dataset, sampler = training_data(train_utts, settings)

    def step(net: nn.Module, batch: Any) -> tuple[torch.Tensor, dict[str, float]]:
        labels = torch.tensor([index[t] for t in batch.texts])  # normalized by labeled()
        logits = net(batch.wave, batch.wave_lengths)
        loss = nn.functional.cross_entropy(logits, labels.to(logits.device))
        return loss, {"acc": float((logits.argmax(-1) == labels.to(logits.device)).float().mean())}

    watchdog = ClassifyWatchdog(dev_utts, dev_labels, classes, out_dir)
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
    resumed_at = resumed_step(out_dir, resume)
    watchdog.start(resumed_at)
    for message in notes if resumed_at is None else ():  # a resumed run said them when it began
        watchdog.note(message)
    result = train(
        model, step, dataset, sampler, collate_audio,
        dataclasses.replace(settings.loop, find_unused_parameters=True), out_dir,
        eval_fn=watchdog, resume=resume, model_config=asdict(model.config), extra_state=meta,
    )  # fmt: skip
    meta.update({k: round(v, 4) for k, v in result.metrics.items()}, steps=result.step)
    if is_main_process() and not (finished and (out_dir / MODEL_DIR / "config.json").is_file()):
        save_model(model, out_dir / MODEL_DIR, "classifier", model.config, meta)
    return result
