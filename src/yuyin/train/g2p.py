"""Training the neural G2P: masked-character pretraining on spellings, fine-tuning on CMUdict.

Both stages run through the one loop (:func:`yuyin.train.loop.train`) with length-bucketed batches
(:class:`~yuyin.data.batching.DurationBatchSampler` over character counts instead of seconds).

1. **Pretraining** (:func:`pretrain_encoder`): the :class:`~yuyin.models.g2p.CharEncoder` learns to
   restore masked characters of words. The words (:func:`pretraining_words`) are spellings only,
   no pronunciations: the headwords of the CMUdict train and dev splits and every word of the
   shipped prompt corpus (train split), minus every word of the CMUdict *test* split, so the test
   words stay unseen in every stage.
2. **Fine-tuning** (:func:`finetune_g2p`): the encoder-decoder learns the first pronunciation of
   each train-split word (teacher forcing, label smoothing); a dev subset is scored while training.
3. **Scoring** (:mod:`yuyin.train.g2p_scores`, re-exported here): WER and PER against every
   listed pronunciation, with and without stress.

Output of :func:`train_g2p`::

    OUT/pretrain/        loop run of the masked-character model (logs, checkpoints)
    OUT/encoder/         the pretrained encoder alone (config.json + model.safetensors)
    OUT/finetune/        loop run of the G2P model
    OUT/model/           the G2P model for yuyin.text.g2p.G2P(model=...)
    OUT/results.json     settings, test scores (greedy and beam), training seconds
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import torch
from torch import nn

from yuyin.config import ConfigError, build_dataclass
from yuyin.data.batching import DurationBatchSampler
from yuyin.hub import load_state, read_model_config, save_model
from yuyin.models.g2p import (
    G2P_KIND,
    CharEncoder,
    G2PConfig,
    G2PModel,
    build_g2p,
)
from yuyin.models.g2p_pretrain import MaskedCharModel
from yuyin.paths import make_run_dir, run_scope
from yuyin.text.g2p import (
    GRAPHEMES,
    PHONE_TOKENS,
    SPLIT_SEED,
    G2PEntry,
    cmudict_split,
    load_g2p_member,
)
from yuyin.text.g2p_split import model_word, split_of
from yuyin.text.lexicon import Lexicon, load_cmudict, read_lexicon_file
from yuyin.train.checkpoint import (
    average_weights,
    checkpoint_step,
    checkpoints,
    load_weights,
    run_to_resume,
)
from yuyin.train.g2p_data import (
    WordBatch,
    collate_words,
    extra_train_entries,
    pretraining_words,
    pronunciation_chunks,
    spelling_chunks,
)
from yuyin.train.g2p_scores import (
    G2PScores,
    edit_distance,
    evaluate_g2p,
    score_pronunciations,
)
from yuyin.train.loop import LoopConfig, TrainResult, build_stages, train
from yuyin.train.run_settings import write_settings

__all__ = [
    "ENCODER_KIND",
    "FinetuneSettings",
    "G2PScores",
    "G2PSettings",
    "PretrainSettings",
    "WordBatch",
    "edit_distance",
    "evaluate_g2p",
    "finetune_g2p",
    "load_char_encoder",
    "pretrain_encoder",
    "pretraining_words",
    "score_pronunciations",
    "train_g2p",
]

log = logging.getLogger("yuyin.g2p")
SHOWN_WORDS = 5  # examples named in a warning


def _examples(words: list[str]) -> str:
    return ", ".join(words[:SHOWN_WORDS]) + (", ..." if len(words) > SHOWN_WORDS else "")


def _your_words(files: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """What becomes of the words of one's own lexicon files (their entries, read once): trained
    on, held out for scoring (their word hash puts them in the dev or test split), or never read
    (characters outside the model's letters); the last two are warned about, since the model
    will not learn them."""
    words = sorted({w for entries in files for w in entries})
    unreadable = [w for w in words if not model_word(w)]
    held_out = [w for w in words if model_word(w) and split_of(w) != "train"]
    if unreadable:
        log.warning(
            "%d of your lexicon's words are spelled with characters the model does not read "
            "(only a-z and '): not trained on (%s)",
            len(unreadable),
            _examples(unreadable),
        )
    if held_out:
        log.warning(
            "%d of your lexicon's words fall in the dev/test split (by word hash) and score the "
            "model instead of training it (%s); `yuyin g2p --lexicon FILE` and `yuyin say "
            "--lexicon FILE` say every word of it as written",
            len(held_out),
            _examples(held_out),
        )
    return {"words": len(words), "not_read": len(unreadable), "held_out": len(held_out)}


ENCODER_KIND = "g2p-char-encoder"  # the hub kind of a pretrained CharEncoder
MODEL_DIR, ENCODER_DIR = "model", "encoder"


def _check_count(name: str, value: object, low: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")


@dataclass
class PretrainSettings:
    """Masked-character pretraining of the encoder."""

    mask_prob: float = 0.2  # share of a word's characters to restore (one at least)
    max_batch_chars: int = 2048  # padded characters per batch (longest word x words)
    loop: LoopConfig = field(default_factory=LoopConfig)

    def __post_init__(self) -> None:
        if not 0 < self.mask_prob <= 1:  # also refuses NaN
            raise ValueError(f"mask_prob must be in (0, 1], got {self.mask_prob!r}")
        _check_count("max_batch_chars", self.max_batch_chars, 1)


@dataclass
class FinetuneSettings:
    """Supervised training of the encoder-decoder on the CMUdict train split."""

    max_batch_tokens: int = 2048  # padded positions per batch (longest of chars/phones x words)
    label_smoothing: float = 0.1
    dev_words: int = 500  # dev words scored (greedy WER/PER) at every eval; 0: no eval
    # > 1: the model becomes the mean of the last N checkpoints (loop.ckpt_every apart) when
    # that scores no worse on the dev words than the last checkpoint alone
    average_last: int = 0
    loop: LoopConfig = field(default_factory=LoopConfig)

    def __post_init__(self) -> None:
        _check_count("max_batch_tokens", self.max_batch_tokens, 1)
        _check_count("dev_words", self.dev_words, 0)
        _check_count("average_last", self.average_last, 0)
        if not 0 <= self.label_smoothing < 1:  # also refuses NaN
            raise ValueError(f"label_smoothing must be in [0, 1), got {self.label_smoothing!r}")
        keep = self.loop.keep_checkpoints
        if self.average_last > 1 and 0 < keep < self.average_last:
            raise ValueError(
                f"average_last={self.average_last} needs loop.keep_checkpoints >= it (or 0)"
            )


@dataclass
class G2PSettings:
    """Every setting of a G2P run, from the YAML sections ``model``, ``pretrain``, ``finetune``."""

    model: G2PConfig = field(default_factory=G2PConfig)
    pretrain: PretrainSettings = field(default_factory=PretrainSettings)
    finetune: FinetuneSettings = field(default_factory=FinetuneSettings)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> G2PSettings:
        """Build from plain values; unknown sections or keys are an error naming them."""
        unknown = sorted(set(values) - {"model", "pretrain", "finetune"})
        if unknown:
            raise ConfigError(f"unknown section(s) {unknown}; known: finetune, model, pretrain")
        stages: dict[str, Any] = build_stages(
            values, {"pretrain": PretrainSettings, "finetune": FinetuneSettings}
        )
        model = build_dataclass(G2PConfig, values.get("model"), "model")
        return cls(model=model, **stages)


# --- stages ----------------------------------------------------------------------------------


def _step(model: nn.Module, batch: WordBatch) -> tuple[torch.Tensor, dict[str, float]]:
    return model(batch.chars, batch.char_lengths)


def _sampler(sizes: Sequence[int], max_tokens: int, seed: int) -> DurationBatchSampler:
    return DurationBatchSampler([float(s) for s in sizes], float(max_tokens), seed=seed)


def pretrain_encoder(
    words: Sequence[str],
    config: G2PConfig,
    settings: PretrainSettings,
    out_dir: str | Path,
    resume: bool = False,
) -> tuple[CharEncoder, TrainResult]:
    """Masked-character pretraining; the encoder is saved in ``out_dir/encoder``.

    ``resume`` continues ``out_dir/pretrain`` from its latest checkpoint (a finished run just
    saves its encoder again); ``meta.seconds`` is the training time of every run summed."""
    out_dir = Path(out_dir)
    torch.manual_seed(settings.loop.seed)  # initial weights
    encoder = CharEncoder(config)
    objective = MaskedCharModel(encoder, settings.mask_prob)
    dataset = spelling_chunks(words, settings.loop.seed)
    sampler = _sampler(dataset.sizes, settings.max_batch_chars, settings.loop.seed)
    saved = {"model": asdict(config), "pretrain": asdict(settings)}
    run_dir = out_dir / "pretrain"
    result = train(
        objective,
        _step,
        dataset,
        sampler,
        collate_words,
        settings.loop,
        run_dir,
        resume=resume,
        model_config=saved,
    )
    meta = {
        "words": len(words),
        "steps": result.step,
        "loss": result.loss,
        "seconds": result.seconds,
    }
    save_model(encoder, out_dir / ENCODER_DIR, ENCODER_KIND, config, meta)
    return encoder, result


def load_char_encoder(path: str | Path) -> CharEncoder:
    """A pretrained encoder saved by :func:`pretrain_encoder` (its folder)."""
    record = read_model_config(path)
    if record.get("kind") != ENCODER_KIND:
        raise ConfigError(f"{path}: a model of kind {record.get('kind')!r}, not a {ENCODER_KIND!r}")
    encoder = CharEncoder(G2PConfig(**record["config"]))
    load_state(encoder, Path(path) / "model.safetensors")
    encoder.yuyin_meta = record.get("meta", {})  # type: ignore[attr-defined]  # as load_model
    return encoder


def finetune_g2p(
    train_entries: Sequence[G2PEntry],
    dev_entries: Sequence[G2PEntry],
    config: G2PConfig,
    settings: FinetuneSettings,
    out_dir: str | Path,
    encoder: CharEncoder | None = None,
    meta: dict[str, Any] | None = None,
    init: G2PModel | None = None,
    resume: bool = False,
) -> tuple[G2PModel, TrainResult]:
    """Train the encoder-decoder on ``train_entries``; the model is saved in ``out_dir/model``.

    With ``encoder`` (pretrained) the model starts from it; the decoder always starts fresh.
    With ``init`` (a trained G2P model of the same ``config``) every weight starts from it:
    training goes on, under a new schedule, from where that model stopped. ``resume``
    continues ``out_dir/finetune`` from its latest checkpoint instead (the same updates an
    uninterrupted run makes); the record's ``seconds`` sums the training time of every run.
    """
    out_dir = Path(out_dir)
    if init is not None and init.config != config:
        raise ConfigError(f"the init model's config {init.config} is not the run's {config}")
    torch.manual_seed(settings.loop.seed)  # initial weights: the same decoder either way
    model = build_g2p(config)
    if encoder is not None:
        model.encoder.load_state_dict(encoder.state_dict())
    if init is not None:
        model.load_state_dict(init.state_dict())  # float16 weights come back as float32
    dataset = pronunciation_chunks(train_entries, settings.loop.seed)
    sampler = _sampler(dataset.sizes, settings.max_batch_tokens, settings.loop.seed)
    dev = list(dev_entries)[: settings.dev_words]

    def step(net: nn.Module, batch: WordBatch) -> tuple[torch.Tensor, dict[str, float]]:
        return net(batch.chars, batch.char_lengths, batch.phones, settings.label_smoothing)

    def evaluate(net: nn.Module) -> dict[str, float]:
        scores = evaluate_g2p(net, dev)  # type: ignore[arg-type]
        return {"dev_wer": scores.wer, "dev_per": scores.per}

    saved = {"model": asdict(config), "finetune": asdict(settings)}
    run_dir = out_dir / "finetune"
    eval_fn = evaluate if dev else None
    result = train(
        model,
        step,
        dataset,
        sampler,
        collate_words,
        settings.loop,
        run_dir,
        eval_fn=eval_fn,
        resume=resume,
        model_config=saved,
    )
    after_loop = time.monotonic()
    averaged = None
    if dev:
        if not result.metrics:  # a finished run resumed: the loop scored nothing this time
            model.eval()
            result = replace(result, metrics=evaluate(model))
        averaged = _average_last(model, run_dir, settings, result.metrics, evaluate)
    seconds = result.seconds + time.monotonic() - after_loop
    record = {
        "averaged": averaged,
        "chars": GRAPHEMES,
        "phones": list(PHONE_TOKENS),
        "split_seed": SPLIT_SEED,
        "train_words": len(train_entries),
        "steps": result.step,
        "seconds": round(seconds, 1),
        **(meta or {}),
    }
    save_model(model, out_dir / MODEL_DIR, G2P_KIND, config, record)
    model.yuyin_meta = record  # type: ignore[attr-defined]  # as load_g2p_model sets it
    return model.eval(), result


def _average_last(
    model: nn.Module,
    run_dir: Path,
    settings: FinetuneSettings,
    last_scores: dict[str, float],
    evaluate: Callable[[nn.Module], dict[str, float]],
) -> dict[str, Any] | None:
    """Checkpoint averaging (``settings.average_last``): keep the mean weights when their dev
    WER is no worse than ``last_scores`` (the final eval's); returns what was compared, None
    when off."""
    found = checkpoints(run_dir)[-settings.average_last :] if settings.average_last > 1 else []
    if len(found) < 2:
        return None
    average_weights(model, found)
    model.eval()
    with torch.no_grad():
        mean_scores = evaluate(model)
    kept = mean_scores["dev_wer"] <= last_scores["dev_wer"]
    if not kept:  # back to the last weights: the loop's final checkpoint
        load_weights(model, found[-1])
    steps = [checkpoint_step(p) for p in found]
    log.info(f"checkpoint average of steps {steps}: dev {mean_scores} vs last {last_scores}")
    return {"steps": steps, "last": last_scores, "mean": mean_scores, "kept": kept}


def _timed(fn: Any, *args: Any) -> tuple[Any, float]:
    started = time.monotonic()
    value = fn(*args)
    return value, time.monotonic() - started


@run_scope()
def train_g2p(
    settings: G2PSettings,
    out_dir: str | Path,
    *,
    pretrain: bool = True,
    encoder_dir: str | Path | None = None,
    beams: Iterable[int] = (1, 4),
    init_dir: str | Path | None = None,
    init_member: int | None = None,
    lexicons: Sequence[str | Path] = (),
    cmudict: bool = True,
    extra_train: Sequence[str | Path] = (),
    resume: bool = False,
) -> dict[str, Any]:
    """The whole recipe: split, optional pretraining, fine-tuning, test scores (module doc).

    ``resume`` continues a killed run in ``out_dir`` with the same arguments: each stage goes on
    from its latest checkpoint (a finished stage is read back) and ends with the weights an
    uninterrupted run would have; without it, an ``out_dir`` holding checkpoints is an error.

    ``encoder_dir`` reuses an encoder pretrained earlier (no pretraining then). ``init_dir``
    continues a trained G2P model instead (member ``init_member`` of an ensemble): no
    pretraining, its config replaces ``settings.model``. ``lexicons`` (cmudict-format files)
    override CMUdict's entries, or with ``cmudict=False`` are the only words; they are split by
    the same word hash. ``extra_train`` (cmudict-format files, e.g. words a teacher G2P read:
    ``yuyin g2p label``) join the train split only, minus every word the split holds
    (:func:`~yuyin.train.g2p_data.extra_train_entries`). Returns the results also written to
    ``out_dir/results.json``.
    """
    out_dir = Path(out_dir)
    init = None
    if init_dir is not None:
        if encoder_dir is not None:
            raise ConfigError("an init model and a pretrained encoder exclude each other")
        init = load_g2p_member(init_dir, init_member)
        settings = replace(settings, model=init.config)
        pretrain = False
    files = [read_lexicon_file(f) for f in lexicons]  # once each: the lexicon and _your_words
    lexicon = None  # CMUdict alone
    if lexicons or not cmudict:  # as load_lexicon(*lexicons, base=cmudict) reads them
        lexicon = load_cmudict() if cmudict else Lexicon({})
        for entries in files:
            lexicon = lexicon.with_overrides(entries)
    split = cmudict_split(lexicon)
    if not split.train:
        source = ", ".join(map(str, lexicons)) or "an empty lexicon (no CMUdict, no files)"
        raise ConfigError(f"no trainable words (letters and apostrophes) in {source}")
    extra = extra_train_entries(extra_train, split) if extra_train else None
    # before the run folder: a bad encoder leaves nothing behind
    encoder = load_char_encoder(encoder_dir) if encoder_dir is not None else None
    make_run_dir(out_dir)
    for stage in ("pretrain", "finetune"):  # a run in the way is refused before it is touched
        run_to_resume(out_dir / stage, resume)
    write_settings(out_dir, {"settings": asdict(settings)})  # what a --resume keeps to
    sizes = {"train": len(split.train), "dev": len(split.dev), "test": len(split.test)}
    results: dict[str, Any] = {
        "split": {"seed": SPLIT_SEED, **sizes},
        "lexicon": {"files": [str(f) for f in lexicons], "cmudict": cmudict},
        "settings": asdict(settings),
        # continued: what the init model's record says (None: it does not say)
        "pretrained": init.yuyin_meta.get("pretrained")  # type: ignore[attr-defined]
        if init
        else bool(pretrain or encoder_dir),
    }
    if init is not None:
        results["init"] = {"model": str(init_dir), "member": init_member}
    if lexicons:
        results["lexicon"].update(_your_words(files))
    if extra is not None:
        results["extra_train"] = {
            "files": [str(f) for f in extra_train],
            "words": len(extra.entries),
            "left_out_in_split": extra.in_split,
            "left_out_unreadable": extra.unreadable,
        }
    if encoder is not None:  # its run's words, steps, seconds
        results["pretrain"] = {"encoder": str(encoder_dir), **encoder.yuyin_meta}
    elif pretrain:
        words = pretraining_words(split)
        if settings.model.right_to_left:  # its encoder will read every word reversed
            words = [w[::-1] for w in words]
        encoder, pre = pretrain_encoder(
            words, settings.model, settings.pretrain, out_dir, resume=resume
        )
        results["pretrain"] = {
            "words": len(words),
            "steps": pre.step,
            "loss": pre.loss,
            "seconds": pre.seconds,
        }
    meta = {k: results[k] for k in ("pretrained", "lexicon", "init", "extra_train") if k in results}
    model, fine = finetune_g2p(
        split.train + extra.entries if extra else split.train,
        split.dev,
        settings.model,
        settings.finetune,
        out_dir,
        encoder,
        meta,
        init,
        resume=resume,
    )
    results["finetune"] = {
        "steps": fine.step,
        "loss": fine.loss,
        "seconds": model.yuyin_meta["seconds"],  # type: ignore[attr-defined]
        "dev": fine.metrics,
        "averaged": model.yuyin_meta["averaged"],  # type: ignore[attr-defined]
    }
    results["parameters"] = sum(p.numel() for p in model.parameters())
    for beam in beams if split.test else ():  # a small lexicon may leave no test word
        scores, seconds = _timed(evaluate_g2p, model, split.test, beam)
        results[f"test_beam{beam}"] = {**asdict(scores), "seconds": round(seconds, 1)}
    (out_dir / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    return results
