"""What fine-tuning keeps of a fine-tuned recognizer given as ``--pretrained``: its tokenizer
(a sentencepiece model is kept rather than trained anew from this run's transcripts) and its CTC
head (when the tokenizers agree), so that adapting a recognizer to one's own data starts from
what it already writes."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from yuyin.config import ConfigError
from yuyin.models.asr import CTCModel
from yuyin.text.tokenizer import build_tokenizer, tokenizer_from_dict

log = logging.getLogger("yuyin.finetune")

__all__ = ["build_run_tokenizer", "recognizer_tokenizer", "reuse_head"]


def recognizer_tokenizer(folder: Path | None) -> dict[str, Any] | None:
    """The saved tokenizer of the fine-tuned recognizer in ``folder``; None for an encoder or
    a pretraining run (or no folder)."""
    if folder is None:
        return None
    from yuyin.hub import CONFIG_FILE, ModelLoadError, read_model_config
    from yuyin.models.hf_encoder import hf_vocabulary, is_hf_encoder

    if not (folder / CONFIG_FILE).is_file():
        return None
    if is_hf_encoder(folder):  # a Hugging Face CTC folder: its vocab.json's letters
        return hf_vocabulary(folder)
    try:
        record = read_model_config(folder)
    except ModelLoadError:  # not yuyin's (a Hugging Face encoder): no recognizer of ours
        return None
    if record.get("kind") != "asr":
        return None
    saved = (record.get("meta") or {}).get("tokenizer")
    return saved if isinstance(saved, dict) else None


def build_run_tokenizer(options: dict[str, Any], texts: list[str], pretrained: Path | None) -> Any:
    """This run's tokenizer from its settings (``kind`` and that kind's options) and training
    transcripts. A bpe run from a recognizer that has a bpe tokenizer keeps that one (its head
    is then reused: a new sentencepiece model from other transcripts has other pieces), and a
    char run from a Hugging Face CTC folder keeps its vocab.json's letters, unless
    ``retrain: true`` asks for a new tokenizer."""
    options = dict(options)
    kind = options.pop("kind", "char")
    retrain = options.pop("retrain", False)
    if not isinstance(retrain, bool):
        raise ConfigError(f"tokenizer.retrain must be true or false, got {retrain!r}")
    from yuyin.models.hf_encoder import is_hf_encoder

    hf = pretrained is not None and is_hf_encoder(pretrained)
    saved = recognizer_tokenizer(pretrained) if kind in ("bpe", "char") and not retrain else None
    if saved is not None and saved.get("kind") == kind and (kind == "bpe" or hf):
        tokenizer = tokenizer_from_dict(saved)
        if options:  # vocab_size, model_type, extend: they would make another tokenizer
            log.warning(
                "%s: tokenizer %s do not apply to the tokenizer it keeps (tokenizer.retrain=true "
                "makes a new one)",
                pretrained,
                ", ".join(sorted(options)),
            )
        what = (
            f"bpe tokenizer ({tokenizer.vocab_size} pieces)"
            if kind == "bpe"
            else f"vocabulary ({saved['chars']})"
        )
        log.info(
            "%s: its %s is kept, so its CTC head is reused (tokenizer.retrain=true makes a new "
            "one from these transcripts, with a fresh head)",
            pretrained,
            what,
        )
        return tokenizer
    try:
        tokenizer = build_tokenizer(kind, texts, **options)
    except (TypeError, ValueError, RuntimeError) as exc:  # unknown option, sentencepiece's errors
        raise ConfigError(f"tokenizer ({kind}, {options}): {exc}") from None
    asked = options.get("vocab_size")
    if kind == "bpe" and isinstance(asked, int) and tokenizer.vocab_size < asked:
        log.warning(
            "tokenizer.vocab_size %d: these transcripts make only %d pieces (whole words at "
            "most), so the tokenizer has %d; pieces this long learn little from little audio",
            asked,
            tokenizer.vocab_size,
            tokenizer.vocab_size,
        )
    return tokenizer


def reuse_head(
    model: CTCModel,
    pretrained: str | os.PathLike | None,
    folder: Path | None,
    tokenizer: Any,
    previous: CTCModel | None = None,
) -> bool:
    """Start the CTC head from a fine-tuned recognizer's when their tokenizers are the same.
    ``previous``: that recognizer, already loaded from ``folder`` (else it is loaded here)."""
    saved = recognizer_tokenizer(folder)
    if saved is None:
        return False
    if saved != tokenizer.to_dict():
        theirs, ours = saved.get("kind", "?"), tokenizer.to_dict().get("kind", "?")
        hint = (
            f"; --set tokenizer.kind={theirs} keeps its tokenizer and head"
            if (theirs == "bpe" and ours != "bpe")
            else ""
        )
        log.warning(
            "%s: its CTC head is not reused (its %s tokenizer is not this run's %s one, made "
            "from these transcripts with these tokenizer settings); the head starts fresh%s",
            pretrained, theirs, ours, hint,
        )  # fmt: skip
        return False
    from yuyin.hub import ModelLoadError, load_model

    try:
        if previous is None:
            previous = load_model(folder, kinds=("asr",))
    except ModelLoadError as exc:  # a Hugging Face vocab.json without its CTC head
        log.warning("%s: its CTC head is not reused (%s); the head starts fresh", pretrained, exc)
        return False
    model.head.load_state_dict(previous.head.state_dict())
    return True
