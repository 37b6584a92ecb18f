"""Training the letter tagger G2P (:mod:`yuyin.models.g2p_tagger`) on a graphone alignment.

The targets are the joint-sequence model's alignment of the CMUdict train split (every listed
pronunciation; ``alignment.txt`` in a ``yuyin g2p train-fst`` folder), so the tagger trains
after the FST, in minutes. The encoder may start from the masked-character encoder of
:func:`yuyin.train.g2p.pretrain_encoder` when the sizes agree.

Output of :func:`train_tagger`::

    OUT/finetune/   loop run (logs, checkpoints)
    OUT/model/      the tagger (config.json + model.safetensors; kind ``g2p-tagger``)
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import torch
from torch import nn

from yuyin.hub import save_model
from yuyin.models.g2p import IGNORE, CharEncoder
from yuyin.models.g2p_tagger import (
    TAGGER_KIND,
    Graphone,
    LetterTagger,
    TaggerConfig,
    letter_tags,
    tag_vocabulary,
    tagger_nbest,
)
from yuyin.text.g2p import PAD, SPLIT_SEED, G2PEntry, encode_word
from yuyin.train.g2p import _sampler
from yuyin.train.g2p_data import WordBatch, WordChunks
from yuyin.train.g2p_scores import score_pronunciations
from yuyin.train.loop import LoopConfig, TrainResult, train

__all__ = ["MODEL_DIR", "TaggerSettings", "collate_tags", "tag_chunks", "train_tagger"]

log = logging.getLogger("yuyin.g2p")
MODEL_DIR = "model"


@dataclass
class TaggerSettings:
    """Supervised training of the tagger on an alignment."""

    max_batch_tokens: int = 2048  # padded letters per batch
    label_smoothing: float = 0.1
    min_tag_count: int = 2  # rarer tags are left out of the vocabulary (their letters ignored)
    dev_words: int = 500  # dev words scored (greedy WER) at every eval; 0: no eval
    loop: LoopConfig = field(default_factory=LoopConfig)


def tag_chunks(aligned: Sequence[Sequence[Graphone]], model: LetterTagger, seed: int) -> WordChunks:
    """Training items: (character ids (S,), tag ids (S,)) of each aligned pronunciation."""
    items = []
    for graphones in aligned:
        word = "".join(letters for letters, _ in graphones)
        ids = torch.tensor(encode_word(word))
        tags = torch.tensor(model.encode_tags(letter_tags(graphones)))
        items.append((ids, tags))
    return WordChunks(items, [len(c) for c, _ in items], seed)


def collate_tags(chunks: Sequence[Sequence[tuple[torch.Tensor, torch.Tensor]]]) -> WordBatch:
    """Pad a batch of :func:`tag_chunks` items; the tags go in ``phones`` (IGNORE-padded)."""
    items = [item for chunk in chunks for item in chunk]
    pad = nn.utils.rnn.pad_sequence
    return WordBatch(
        chars=pad([c for c, _ in items], batch_first=True, padding_value=PAD),
        char_lengths=torch.tensor([len(c) for c, _ in items], dtype=torch.long),
        phones=pad([t for _, t in items], batch_first=True, padding_value=IGNORE),
    )


def evaluate_tagger(model: LetterTagger, entries: Sequence[G2PEntry]) -> dict[str, float]:
    """Greedy (best tag per letter) WER/PER on ``entries``."""
    best = tagger_nbest(model, [e.word for e in entries], 1)
    scores = score_pronunciations([b[0][0] if b else () for b in best], entries)
    return {"dev_wer": scores.wer, "dev_per": scores.per}


def train_tagger(
    aligned: Sequence[Sequence[Graphone]],
    dev_entries: Sequence[G2PEntry],
    config: TaggerConfig,
    settings: TaggerSettings,
    out_dir: str | Path,
    encoder: CharEncoder | None = None,
    meta: dict[str, Any] | None = None,
    resume: bool = False,
) -> tuple[LetterTagger, TrainResult]:
    """Train a tagger on ``aligned``; saved in ``out_dir/model``. ``config.tags`` is replaced by
    the alignment's vocabulary. ``encoder`` (pretrained, same sizes) initialises the encoder.
    ``resume`` continues a killed run in ``out_dir/finetune`` from its latest checkpoint."""
    if not aligned:
        raise ValueError("no aligned pronunciations to train on")
    out_dir = Path(out_dir)
    config = TaggerConfig(
        **{**asdict(config), "tags": tag_vocabulary(aligned, settings.min_tag_count)}
    )
    torch.manual_seed(settings.loop.seed)
    model = LetterTagger(config)
    if encoder is not None:
        model.encoder.load_state_dict(encoder.state_dict())
    dataset = tag_chunks(aligned, model, settings.loop.seed)
    sampler = _sampler(dataset.sizes, settings.max_batch_tokens, settings.loop.seed)
    dev = list(dev_entries)[: settings.dev_words]

    def step(net: nn.Module, batch: WordBatch) -> tuple[torch.Tensor, dict[str, float]]:
        return net(batch.chars, batch.char_lengths, batch.phones, settings.label_smoothing)

    def evaluate(net: nn.Module) -> dict[str, float]:
        return evaluate_tagger(net, dev)  # type: ignore[arg-type]

    result = train(
        model,
        step,
        dataset,
        sampler,
        collate_tags,
        settings.loop,
        out_dir / "finetune",
        eval_fn=evaluate if dev else None,
        resume=resume,
        model_config={"model": asdict(config), "finetune": asdict(settings)},
    )
    if dev and not result.metrics:  # a finished run resumed: the loop scored nothing this time
        model.eval()
        result = replace(result, metrics=evaluate(model))
    record = {
        "split_seed": SPLIT_SEED,
        "pronunciations": len(aligned),
        "tags": len(config.tags),
        "steps": result.step,
        "seconds": result.seconds,  # training time, summed over resumed runs
        "dev": result.metrics,
        "pretrained": encoder is not None,
        **(meta or {}),
    }
    save_model(model, out_dir / MODEL_DIR, TAGGER_KIND, config, record)
    model.yuyin_meta = record  # type: ignore[attr-defined]
    return model.eval(), result
