"""Training a text LM on the one loop: pretrain on general text, fine-tune on in-domain text.

The corpus is one token stream, sentences joined by ``<sep>`` (``<sep> s1 <sep> s2 <sep> ...``),
cut into fixed windows of ``context + 1`` tokens; the step is next-token cross-entropy. Each epoch
the windows shift by :data:`EPOCH_SHIFT` tokens, so a small corpus is not seen in the same cuts
every time. :func:`pretrain_lm` starts from random weights with the ``pretrain`` loop settings;
:func:`finetune_lm` starts from a saved LM (its shape and tokenizer) with the ``finetune`` ones
(a lower rate, fewer steps).

Output folder::

    OUT/ckpt-*/            full training checkpoints (model, optimizer, RNG, sampler)
    OUT/log.csv eval.csv   per-step loss; dev bits per character every eval_every steps
    OUT/settings.json      the resolved settings and data sizes of the run
    OUT/lm/                the trained LM alone (safetensors + config, tokenizer in meta)
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch import nn
from tqdm import tqdm

from yuyin.config import ConfigError, build_dataclass
from yuyin.data.batching import shard_batches
from yuyin.data.text_corpus import subset
from yuyin.hub import (
    CONFIG_FILE,
    WEIGHTS_FILE,
    ModelLoadError,
    load_state,
    read_model_config,
    save_model,
)
from yuyin.models.lm import (
    SEP,
    UNK,
    CharVocab,
    LMConfig,
    LMError,
    TextLM,
    build_lm,
    tokenizer_from_dict,
)
from yuyin.paths import make_run_dir, run_scope
from yuyin.train.checkpoint import CheckpointError, finished_run, read_state, run_to_resume
from yuyin.train.distributed import is_main_process
from yuyin.train.loop import LoopConfig, TrainResult, build_loop, train
from yuyin.train.run_settings import write_settings

__all__ = [
    "LM_DIR",
    "LMDataSettings",
    "LMEval",
    "LMRun",
    "LMSettings",
    "TokenWindows",
    "WindowBatchSampler",
    "encode_corpus",
    "evaluate_lm",
    "finetune_lm",
    "load_lm",
    "next_token_step",
    "pretrain_lm",
]

log = logging.getLogger("yuyin.lm")

LM_DIR = "lm"  # the saved model inside a run folder
UNK_WARN_FRACTION = 0.01  # more unknown characters than this in training text: a warning
KIND = "lm"  # the hub kind of a saved TextLM
# Tokens the windows move each epoch: prime, so over epochs the cut points visit every offset
# of any context length it does not divide (all powers of two).
EPOCH_SHIFT = 37
LN2 = math.log(2.0)


@dataclass
class LMDataSettings:
    """How sentences become batches."""

    batch_size: int = 16  # windows of context + 1 tokens per batch
    max_sentences: int = 0  # 0: all; else a seeded subset of N sentences (little in-domain text)
    subset_seed: int = 0
    eval_sentences: int = 500  # dev sentences scored every eval_every steps (0: all)

    def __post_init__(self) -> None:
        for name, low in (("batch_size", 1), ("max_sentences", 0), ("subset_seed", 0),
                          ("eval_sentences", 0)):  # fmt: skip
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")


@dataclass
class LMSettings:
    """Every setting of an LM run, from the YAML sections ``model``, ``pretrain``, ``finetune``,
    ``data``. Fine-tuning keeps the shape of the model it starts from (``model`` is ignored)."""

    model: LMConfig = field(default_factory=LMConfig)
    pretrain: LoopConfig = field(default_factory=LoopConfig)
    finetune: LoopConfig = field(default_factory=LoopConfig)
    data: LMDataSettings = field(default_factory=LMDataSettings)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> LMSettings:
        known = {"model", "pretrain", "finetune", "data"}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ConfigError(f"unknown section(s) {unknown}; known: {sorted(known)}")
        loops = {stage: build_loop(values.get(stage), stage) for stage in ("pretrain", "finetune")}
        return cls(
            model=build_dataclass(LMConfig, values.get("model"), "model"),
            data=build_dataclass(LMDataSettings, values.get("data"), "data"),
            **loops,
        )


@dataclass(frozen=True)
class LMEval:
    """Held-out quality: each sentence scored alone as ``p(s <sep> | <sep>)``.

    ``tokens`` counts the predicted tokens (each sentence's and its closing ``<sep>``);
    ``characters`` the sentence characters plus one per sentence end (as a newline counts in
    enwik8 bits per character), so ``bits_per_char`` compares char and BPE models.
    """

    sentences: int
    tokens: int
    characters: int
    nll: float  # nats per token
    perplexity: float  # per token, exp(nll)
    bits_per_char: float
    uncovered: float = 0.0  # share of non-space characters the tokenizer cannot write


@dataclass(frozen=True)
class LMRun:
    """A finished run: the loop's result, where the model went, what it saw."""

    result: TrainResult
    model_dir: Path
    sentences: int
    tokens: int
    dev: LMEval | None


# --- data ------------------------------------------------------------------------------------


def encode_corpus(sentences: Sequence[str], tokenizer: CharVocab) -> torch.Tensor:
    """One token stream ``<sep> s1 <sep> s2 ... <sep>``: (N,) int64."""
    ids = [SEP]
    for sentence in sentences:
        ids += tokenizer.encode(sentence)
        ids.append(SEP)
    return torch.tensor(ids, dtype=torch.long)


def _check_coverage(ids: torch.Tensor) -> None:
    """Text the alphabet does not cover trains the model on ``<unk>``: an error when that is all
    of it, a warning above 1 %."""
    chars = int((ids != SEP).sum())
    unknown = int((ids == UNK).sum())
    if chars and unknown == chars:
        raise LMError(
            "none of the text's characters is in the model's alphabet (it would learn only "
            "<unk>): train on text in the alphabet, e.g. after normalize_for_scoring"
        )
    if chars and unknown / chars > UNK_WARN_FRACTION:
        log.warning(
            "%.1f%% of the text's characters are outside the model's alphabet: the model learns "
            "them as one unknown token",
            100 * unknown / chars,
        )


class TokenWindows:
    """Windows of ``context + 1`` tokens over a stream, ``context`` apart, shifted per epoch.

    ``dataset[i]`` is (context + 1,) int64: inputs ``[:-1]`` and next-token targets ``[1:]``.
    The count is the same every epoch; the loop's item fetcher calls :meth:`set_epoch`.
    """

    def __init__(self, ids: torch.Tensor, context: int) -> None:
        if ids.numel() < context + 1:
            raise ConfigError(
                f"the text has {ids.numel()} tokens, fewer than one window of {context + 1}: "
                "give more text or a smaller model.context"
            )
        self.ids, self.context, self.epoch = ids, context, 0
        self.max_offset = min(context - 1, ids.numel() - 1 - context)  # windows stay inside
        self.count = (ids.numel() - 1 - self.max_offset) // context

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index: int) -> torch.Tensor:
        offset = (self.epoch * EPOCH_SHIFT) % (self.max_offset + 1)
        start = offset + index * self.context
        return self.ids[start : start + self.context + 1]


def _world() -> tuple[int, int]:
    if dist.is_available() and dist.is_initialized():
        return dist.get_world_size(), dist.get_rank()
    return 1, 0


class WindowBatchSampler:
    """Fixed-size batches of window indices, shuffled per ``(seed, epoch)``, sharded over ranks.

    The last incomplete batch is dropped (every step sees ``batch_size`` windows) unless there
    are fewer windows than that, when the one batch holds them all. Resume follows
    ``yuyin.data.batching.DurationBatchSampler``: ``state_dict(batches_done=n)``, and after
    ``load_state_dict`` the next pass over that epoch skips its first ``n`` batches.
    """

    def __init__(
        self,
        num_windows: int,
        batch_size: int,
        *,
        seed: int = 0,
        shuffle: bool = True,
        num_replicas: int | None = None,
        rank: int | None = None,
    ) -> None:
        if num_windows < 1 or batch_size < 1:
            raise ValueError(f"need windows and batch_size >= 1, got {num_windows}, {batch_size}")
        world, world_rank = _world()
        self.num_replicas = world if num_replicas is None else num_replicas
        self.rank = world_rank if rank is None else rank
        self.num_windows, self.batch_size = num_windows, min(batch_size, num_windows)
        self.seed, self.shuffle, self.epoch = seed, shuffle, 0
        self._skip = 0

    def set_epoch(self, epoch: int) -> None:
        if epoch != self.epoch:
            self._skip = 0
        self.epoch = epoch

    def _batches(self) -> list[list[int]]:
        order = np.arange(self.num_windows)
        if self.shuffle:
            rng = np.random.default_rng(np.random.SeedSequence([self.seed, self.epoch]))
            order = rng.permutation(self.num_windows)
        full = self.num_windows // self.batch_size * self.batch_size
        plan = [order[i : i + self.batch_size].tolist() for i in range(0, full, self.batch_size)]
        return shard_batches(plan, self.num_replicas, self.rank)

    def __len__(self) -> int:
        return math.ceil(self.num_windows // self.batch_size / self.num_replicas)

    def __iter__(self) -> Iterator[list[int]]:
        skip, self._skip = self._skip, 0
        yield from self._batches()[skip:]

    def state_dict(self, *, batches_done: int) -> dict[str, Any]:
        if not 0 <= batches_done <= len(self):
            raise ValueError(f"batches_done={batches_done} outside [0, {len(self)}] of this epoch")
        return {"epoch": self.epoch, "batches_done": int(batches_done), "seed": self.seed}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self.seed, self.epoch = int(state["seed"]), int(state["epoch"])
        self._skip = min(max(int(state["batches_done"]), 0), len(self))


def collate_windows(items: list[torch.Tensor]) -> torch.Tensor:
    """Stack windows: (B, context + 1) int64."""
    return torch.stack(items)


def next_token_step(model: nn.Module, batch: torch.Tensor) -> tuple[torch.Tensor, dict[str, float]]:
    """Mean next-token cross-entropy (nats) of windows (B, U + 1); calls ``model`` (DDP-safe)."""
    logits = model(batch[:, :-1])  # (B, U, V)
    loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]).float(), batch[:, 1:].reshape(-1))
    return loss, {"bits_per_token": float(loss.detach()) / LN2}


# --- evaluation and loading ------------------------------------------------------------------


def evaluate_lm(model: TextLM, sentences: Sequence[str], progress: bool = False) -> LMEval:
    """Score prepared (normalized) sentences one by one; see :class:`LMEval`. ``progress``
    shows a bar of tokens scored on standard error (when it is a terminal)."""
    if not sentences:
        raise ValueError("no sentences to evaluate")
    tokenizer = model.tokenizer
    tokens = sum(len(tokenizer.encode(s)) + 1 for s in sentences)  # + the closing <sep>
    with tqdm(
        total=tokens, unit="tok", unit_scale=True, disable=None if progress else True, leave=False
    ) as bar:
        log_prob = sum(model.score_batch(sentences, progress=bar.update))
    characters = sum(len(s) + 1 for s in sentences)
    nll = -log_prob / tokens
    # the char vocabulary encodes one id per character: count the ones it writes as <unk>
    coded = [
        i
        for sentence in sentences
        for c, i in zip(sentence, tokenizer.encode(sentence), strict=True)
        if not c.isspace()
    ]
    unknown = sum(1 for i in coded if i == UNK)
    return LMEval(
        sentences=len(sentences),
        tokens=tokens,
        characters=characters,
        nll=nll,
        perplexity=math.exp(nll),
        bits_per_char=-log_prob / LN2 / characters,
        uncovered=round(unknown / max(len(coded), 1), 6),
    )


BUNDLED_LM = Path(__file__).resolve().parent.parent / "assets" / "models" / "lm"


def resolve_lm_dir(path: str | os.PathLike) -> Path:
    """A model folder, a run folder holding one in ``lm/``, or ``"bundled"`` (the shipped
    character LM, unless a folder of that name is there)."""
    path = Path(path)
    if str(path) == "bundled" and not path.exists():
        return BUNDLED_LM
    if not (path / CONFIG_FILE).is_file() and (path / LM_DIR / CONFIG_FILE).is_file():
        return path / LM_DIR
    return path


def load_lm(path: str | os.PathLike, device: str | torch.device = "cpu") -> TextLM:
    """A saved LM (model or run folder) with its tokenizer, in eval mode."""
    path = resolve_lm_dir(path)
    record = read_model_config(path)
    if record.get("kind") != KIND:
        raise ModelLoadError(
            f"{path}: a model of kind {record.get('kind')!r}, not a language model"
        )
    try:
        model = build_lm(LMConfig(**record["config"]))
    except (TypeError, ValueError) as exc:
        raise ModelLoadError(f"{path}: config does not match the lm model ({exc})") from None
    load_state(model, path / WEIGHTS_FILE)
    model.yuyin_meta = record.get("meta", {})  # type: ignore[attr-defined]
    try:
        model.set_tokenizer(tokenizer_from_dict(record["meta"]["tokenizer"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelLoadError(f"{path}: no usable tokenizer in its meta ({exc})") from None
    return model.to(device).eval()


# --- runs ------------------------------------------------------------------------------------


def pretrain_lm(
    sentences: Sequence[str],
    settings: LMSettings,
    out_dir: str | os.PathLike,
    *,
    dev: Sequence[str] = (),
    resume: bool = False,
    source: str = "",
) -> LMRun:
    """Train a new LM (``settings.model``) from random weights with the ``pretrain`` settings."""
    torch.manual_seed(settings.pretrain.seed)  # initial weights
    model = build_lm(settings.model, CharVocab())
    return _run(model, sentences, settings, settings.pretrain, out_dir, dev, resume, source, None)


def finetune_lm(
    sentences: Sequence[str],
    init: str | os.PathLike,
    settings: LMSettings,
    out_dir: str | os.PathLike,
    *,
    dev: Sequence[str] = (),
    resume: bool = False,
    source: str = "",
) -> LMRun:
    """Continue a saved LM (``init``: model or run folder) with the ``finetune`` settings."""
    model = load_lm(init).train()
    return _run(model, sentences, settings, settings.finetune, out_dir, dev, resume, source, init)


class _DevEval:
    """The loop's ``eval_fn``: dev bits per character; keeps the last result for the model meta."""

    def __init__(self, dev: Sequence[str]) -> None:
        self.dev, self.last = list(dev), None

    def __call__(self, model: nn.Module) -> dict[str, float]:
        self.last = evaluate_lm(model, self.dev)  # type: ignore[arg-type]
        return {
            "dev_bits_per_char": self.last.bits_per_char,
            "dev_perplexity": self.last.perplexity,
        }


@run_scope()
def _run(
    model: TextLM,
    sentences: Sequence[str],
    settings: LMSettings,
    loop: LoopConfig,
    out_dir: str | os.PathLike,
    dev: Sequence[str],
    resume: bool,
    source: str,
    init: str | os.PathLike | None,
) -> LMRun:
    out_dir = Path(out_dir)
    latest = run_to_resume(out_dir, resume)  # refuses a run folder before anything is written
    if latest is not None:
        saved = (read_state(latest).get("model_config") or {}).get("model")
        now = asdict(model.config)
        if isinstance(saved, dict) and saved != now:
            changed = sorted(k for k in {*saved, *now} if saved.get(k) != now.get(k))
            shown = ", ".join(
                f"model.{k} {saved.get(k)!r:.30} -> {now.get(k)!r:.30}" for k in changed[:4]
            )
            raise CheckpointError(
                f"{latest}: its model was built with other settings ({shown}); resume with the "
                "run's own --config and --set model.* values, or train into a new folder"
            )
    # a finished run resumed has no step left: its record and model stay as they were
    finished = finished_run(out_dir, resume, loop.max_steps)
    make_run_dir(out_dir)
    data = settings.data
    sentences = subset(sentences, data.max_sentences, data.subset_seed)
    dev = subset(dev, data.eval_sentences, data.subset_seed)
    ids = encode_corpus(sentences, model.tokenizer)  # (N,)
    _check_coverage(ids)
    dataset = TokenWindows(ids, model.config.context)
    sampler = WindowBatchSampler(len(dataset), data.batch_size, seed=loop.seed)
    resolved = {
        "stage": "finetune" if init is not None else "pretrain",
        "init": str(init) if init is not None else None,
        "source": source,
        "model": asdict(model.config),
        "loop": asdict(loop),
        "data": asdict(data),
        "sentences": len(sentences),
        "tokens": int(ids.numel()),
        "windows": len(dataset),
        "dev_sentences": len(dev),
    }
    if is_main_process() and not finished:  # one writer under torchrun
        write_settings(out_dir, resolved)
    log.info("%s on %d sentences (%d tokens)", resolved["stage"], len(sentences), ids.numel())
    dev_eval = _DevEval(dev) if dev else None
    result = train(
        model,
        next_token_step,
        dataset,
        sampler,
        collate_windows,
        loop,
        out_dir,
        eval_fn=dev_eval,
        resume=resume,
        model_config=resolved,
    )
    model.eval()
    dev_result = None
    if dev_eval is not None:  # the loop scored the final step, unless a finished run resumed
        dev_result = dev_eval.last or evaluate_lm(model, dev)
    meta = {
        "tokenizer": model.tokenizer.to_dict(),
        **{k: resolved[k] for k in ("stage", "init", "source", "sentences", "tokens")},
        "steps": result.step,
        "dev": asdict(dev_result) if dev_result is not None else None,
    }
    model_dir = out_dir / LM_DIR
    if is_main_process() and not (finished and (model_dir / CONFIG_FILE).is_file()):
        save_model(model, model_dir, KIND, model.config, meta)
    return LMRun(result, model_dir, len(sentences), int(ids.numel()), dev_result)
