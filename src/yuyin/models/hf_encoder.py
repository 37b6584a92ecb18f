"""wav2vec 2.0 and HuBERT checkpoints in Hugging Face's layout, read as yuyin encoders.

A folder saved by ``transformers`` (``save_pretrained``, or copied from the hub beforehand:
yuyin never downloads) holds ``config.json`` (``"model_type": "wav2vec2"`` or ``"hubert"``) and
``model.safetensors`` or ``pytorch_model.bin``. :func:`load_hf_encoder` builds the
:class:`~yuyin.models.encoder.SpeechEncoder` of the same shape and copies the weights over;
``transformers`` is not needed. Both layouts are read: *base* (the first conv's GroupNorm,
post-LN blocks: ``wav2vec2-base``, ``hubert-base-ls960``) and *large* (a LayerNorm after every
conv, pre-LN blocks: ``do_stable_layer_norm``, ``wav2vec2-large-lv60``, XLS-R). The quantizer
and HuBERT's projection are left out. A fine-tuned ``...ForCTC`` folder with a character
``vocab.json`` (``wav2vec2-base-960h``) is a recognizer too (:func:`load_hf_recognizer`: its
``lm_head`` rows reordered to yuyin's character layout). :func:`yuyin.hub.load_model` reads
these folders, so ``yuyin.load``, ``transcribe --model``, ``eval --model`` and ``finetune
--pretrained`` take them.

The waveform is normalized per utterance, as yuyin always does (base checkpoints were trained
on raw samples; the GroupNorm after the first conv takes the level out either way).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Collection
from dataclasses import asdict
from pathlib import Path
from typing import Any

import torch
from torch import nn

from yuyin.models.asr import ASRConfig, CTCModel
from yuyin.models.encoder import EncoderConfig, SpeechEncoder
from yuyin.nn.frontends import WAVE_CONV_LAYERS
from yuyin.text.tokenizer import CharTokenizer

__all__ = [
    "HF_MODEL_TYPES",
    "hf_encoder_config",
    "is_hf_encoder",
    "load_hf_encoder",
    "load_hf_model",
    "load_hf_recognizer",
    "hf_vocabulary",
]

log = logging.getLogger("yuyin.hub")

HF_MODEL_TYPES = ("wav2vec2", "hubert")
_CONFIG = "config.json"
_WEIGHTS = ("model.safetensors", "pytorch_model.bin")


class HFImportError(ValueError):
    """A Hugging Face folder yuyin cannot read as an encoder (the message names what)."""


def _hf_config(folder: Path) -> dict[str, Any] | None:
    try:
        record = json.loads((folder / _CONFIG).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and "format" not in record else None


def hf_model_type(folder: str | Path) -> str | None:
    """The ``model_type`` of a Hugging Face ``config.json`` in ``folder`` (any model), or None."""
    record = _hf_config(Path(folder))
    kind = record.get("model_type") if record is not None else None
    return kind if isinstance(kind, str) else None


def hf_vocabulary(folder: str | Path) -> dict[str, Any] | None:
    """The saved form of the character tokenizer a Hugging Face CTC folder's ``vocab.json``
    makes, or None (no vocab.json, one yuyin cannot read, or no CTC head to go with it)."""
    folder = Path(folder)
    hf = _hf_config(folder)
    if hf is None or not (folder / "vocab.json").is_file():
        return None
    try:
        if "lm_head.weight" not in _weight_names(folder):
            return None
    except HFImportError:
        return None
    try:
        return _hf_tokenizer(folder, hf)[0].to_dict()
    except HFImportError:
        return None


def is_hf_encoder(folder: str | Path) -> bool:
    """Whether ``folder`` holds a Hugging Face wav2vec 2.0 or HuBERT checkpoint."""
    record = _hf_config(Path(folder))
    return record is not None and record.get("model_type") in HF_MODEL_TYPES


def hf_encoder_config(hf: dict[str, Any], where: str = "config.json") -> EncoderConfig:
    """The :class:`EncoderConfig` of a wav2vec 2.0 / HuBERT ``config.json``; HFImportError
    names a setting yuyin's encoder cannot reproduce."""

    def need(ok: bool, what: str) -> None:
        if not ok:
            raise HFImportError(f"{where}: {what}; yuyin reads wav2vec 2.0 and HuBERT encoders")

    layers = tuple(zip(hf.get("conv_kernel", ()), hf.get("conv_stride", ()), strict=False))
    need(layers == WAVE_CONV_LAYERS, f"conv kernels/strides {layers} are not wav2vec 2.0's")
    dims = set(hf.get("conv_dim", ()))
    need(len(dims) == 1, f"conv_dim {hf.get('conv_dim')} differs across layers")
    need(hf.get("hidden_act", "gelu") == "gelu", f"hidden_act {hf.get('hidden_act')!r}")
    need(hf.get("feat_extract_activation", "gelu") == "gelu", "feat_extract_activation not gelu")
    need(not hf.get("add_adapter"), "adapter layers (add_adapter)")
    need(not hf.get("adapter_attn_dim"), "attention adapters (adapter_attn_dim, as MMS has)")
    need(not hf.get("conv_pos_batch_norm"), "a BatchNorm in the positional conv")
    eps = float(hf.get("layer_norm_eps", 1e-5))
    need(abs(eps - 1e-5) < 1e-12, f"layer_norm_eps {eps:g} (yuyin's LayerNorms use 1e-5)")
    need(hf.get("feat_proj_layer_norm", True), "no feature-projection LayerNorm")
    need(hf.get("feat_extract_norm", "group") in ("group", "layer"), "feat_extract_norm")
    dim, inner = int(hf.get("hidden_size", 768)), int(hf.get("intermediate_size", 3072))
    need(inner % dim == 0, f"intermediate_size {inner} is no multiple of hidden_size {dim}")
    return EncoderConfig(
        frontend="wave",
        frontend_channels=dims.pop(),
        block="transformer",
        dim=dim,
        layers=int(hf.get("num_hidden_layers", 12)),
        heads=int(hf.get("num_attention_heads", 12)),
        ff_mult=inner // dim,
        positions="conv",
        pos_conv_kernel=int(hf.get("num_conv_pos_embeddings", 128)),
        pos_conv_groups=int(hf.get("num_conv_pos_embedding_groups", 16)),
        dropout=float(hf.get("hidden_dropout", 0.1)),
        attention_dropout=float(hf.get("attention_dropout", 0.1)),
        layer_drop=float(hf.get("layerdrop", 0.1)),
        frontend_grad_scale=0.1,
        wave_norm=hf.get("feat_extract_norm", "group"),
        wave_conv_bias=bool(hf.get("conv_bias", False)),
        post_norm=not hf.get("do_stable_layer_norm", False),
    )


def _read_weights(folder: Path) -> dict[str, torch.Tensor]:
    """The checkpoint's tensors: safetensors first, else a PyTorch file read with
    ``weights_only=True`` (nothing is unpickled beyond tensors); HFImportError names a file
    that cannot be read."""
    for name in _WEIGHTS:
        path = folder / name
        if not path.is_file():
            continue
        try:
            if name.endswith(".safetensors"):
                from safetensors.torch import load_file

                state = load_file(path)
            else:
                state = torch.load(path, map_location="cpu", weights_only=True)
        except Exception as exc:  # SafetensorError, UnpicklingError, a truncated zip ...
            reason = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc)
            raise HFImportError(
                f"{path}: unreadable ({reason}); copy the checkpoint again (only tensors are "
                "read from it: nothing is unpickled)"
            ) from None
        if not isinstance(state, dict) or not all(
            isinstance(t, torch.Tensor) for t in state.values()
        ):
            raise HFImportError(f"{path}: not a state dict of tensors")
        return state
    sharded = sorted(p.name for p in folder.glob("*.index.json"))
    what = f"a sharded checkpoint ({sharded[0]}) yuyin does not read" if sharded else "no weights"
    raise HFImportError(f"{folder}: {what}; expected one of {', '.join(_WEIGHTS)}")


def _weight_names(folder: Path) -> set[str]:
    """The checkpoint's tensor names (a safetensors header alone, when there is one)."""
    path = folder / "model.safetensors"
    if path.is_file():
        from safetensors import safe_open

        try:
            with safe_open(str(path), framework="pt") as fh:
                return set(fh.keys())
        except Exception as exc:  # a damaged header: one line, as _read_weights says it
            raise HFImportError(f"{path}: unreadable ({exc})") from None
    return set(_read_weights(folder))


def _yuyin_name(key: str) -> str | None:
    """A Hugging Face parameter name (prefix removed) -> yuyin's; None for what is left out."""
    parts = key.split(".")
    if parts[0] == "feature_extractor":  # conv_layers.I.conv.weight / .layer_norm.weight
        i, module, leaf = parts[2], parts[3], parts[4]
        return f"frontend.convs.{i}.{leaf}" if module == "conv" else f"frontend.norms.{i}.{leaf}"
    if parts[0] == "feature_projection":
        return {"layer_norm": "frontend_norm", "projection": "project"}[parts[1]] + "." + parts[-1]
    if key == "masked_spec_embed":
        return "mask_embedding"
    if parts[0] != "encoder":
        return None  # quantizer, project_q, final_proj, lm_head ...
    if parts[1] == "pos_conv_embed":
        leaf = {"weight_g": "original0", "weight_v": "original1"}.get(parts[-1], parts[-1])
        return (
            f"pos_conv.conv.parametrizations.weight.{leaf}"
            if leaf != "bias"
            else ("pos_conv.conv.bias")
        )
    if parts[1] == "layer_norm":
        return f"final_norm.{parts[2]}"
    i, module = parts[2], parts[3]
    if module == "attention":
        if parts[4] == "out_proj":
            return f"blocks.{i}.attn.out.{parts[5]}"
        return f"blocks.{i}.attn.{parts[4]}.{parts[5]}"  # q/k/v_proj: joined into qkv below
    if module == "feed_forward":
        layer = {"intermediate_dense": "0", "output_dense": "3"}[parts[4]]
        return f"blocks.{i}.ff.net.{layer}.{parts[5]}"
    norms = {"layer_norm": "attn_norm", "final_layer_norm": "ff_norm"}
    return f"blocks.{i}.{norms[module]}.{parts[4]}"


def _encoder_state(hf: dict[str, torch.Tensor], config: EncoderConfig) -> dict[str, torch.Tensor]:
    """yuyin's encoder state dict from the checkpoint's tensors."""
    prefixes = tuple(f"{t}." for t in HF_MODEL_TYPES)
    state: dict[str, torch.Tensor] = {}
    for key, tensor in hf.items():
        plain = key.split(".", 1)[1] if key.startswith(prefixes) else key
        try:
            name = _yuyin_name(plain)
        except (IndexError, KeyError):
            name = None
        if name is not None:
            state[name] = tensor.float()
    for i in range(config.layers):  # separate q, k, v projections -> one (3D, D) matrix
        for leaf in ("weight", "bias"):
            parts = [state.pop(f"blocks.{i}.attn.{p}_proj.{leaf}", None) for p in "qkv"]
            if all(p is not None for p in parts):
                state[f"blocks.{i}.attn.qkv.{leaf}"] = torch.cat(parts, 0)  # type: ignore[arg-type]
    return state


def _hf_tokenizer(folder: Path, hf: dict[str, Any]) -> tuple[CharTokenizer, list[int]]:
    """A character CTC vocabulary (``vocab.json``: ``<pad>`` the blank, ``|`` between words,
    one letter per token) as yuyin's :class:`CharTokenizer`, and the checkpoint's head row of
    each yuyin id (blank, ``|``, then the letters; ``<s>``, ``</s>``, ``<unk>`` go)."""
    path = folder / "vocab.json"
    try:
        vocab = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise HFImportError(f"{path}: unreadable ({exc})") from None
    if not isinstance(vocab, dict) or not all(isinstance(i, int) for i in vocab.values()):
        raise HFImportError(f"{path}: not a token -> id table")
    blank = int(hf.get("pad_token_id", vocab.get("<pad>", 0)))
    if "|" not in vocab:
        raise HFImportError(f"{path}: no '|' word delimiter; yuyin reads character vocabularies")
    letters = sorted(
        (i, t) for t, i in vocab.items() if i != blank and t != "|" and not _SPECIAL.fullmatch(t)
    )
    if any(len(t) != 1 or t.isspace() for _, t in letters):
        odd = next(t for _, t in letters if len(t) != 1 or t.isspace())
        raise HFImportError(f"{path}: token {odd!r} is no single character; yuyin reads letters")
    chars = "".join(t.lower() for _, t in letters)
    if len(set(chars)) != len(chars):
        raise HFImportError(f"{path}: letters that differ only in case; yuyin lowercases text")
    return CharTokenizer(chars), [blank, vocab["|"], *(i for i, _ in letters)]


_SPECIAL = re.compile(r"<[^<>]*>|\[[A-Z]+\]")  # <s>, </s>, <unk>, [UNK], [PAD]


def load_hf_recognizer(
    folder: str | Path,
    device: str | torch.device = "cpu",
    weights: dict[str, torch.Tensor] | None = None,
) -> CTCModel:
    """A fine-tuned ``Wav2Vec2ForCTC`` / ``HubertForCTC`` folder (its ``lm_head`` and
    ``vocab.json``) as a yuyin recognizer: ``yuyin transcribe --model FOLDER``."""
    folder = Path(folder)
    weights = _read_weights(folder) if weights is None else weights
    encoder = load_hf_encoder(folder, weights=weights)
    hf = _hf_config(folder) or {}
    if "lm_head.weight" not in weights or "lm_head.bias" not in weights:
        raise HFImportError(
            f"{folder}: an encoder without a CTC head (no lm_head): fine-tune it first "
            f"(yuyin finetune --pretrained {folder} ...)"
        )
    tokenizer, rows = _hf_tokenizer(folder, hf)
    head_weight, head_bias = weights["lm_head.weight"], weights["lm_head.bias"]
    if max(rows) >= head_weight.shape[0]:
        raise HFImportError(f"{folder}: vocab.json has ids beyond its lm_head's rows")
    config = ASRConfig(
        encoder=asdict(encoder.config),
        vocab_size=tokenizer.vocab_size,
        head_dropout=float(hf.get("final_dropout", 0.1)),
        freeze_encoder_steps=0,
    )
    model = CTCModel(encoder, config)
    with torch.no_grad():
        model.head.weight.copy_(head_weight[rows].float())
        model.head.bias.copy_(head_bias[rows].float())
    model.yuyin_meta = {  # type: ignore[attr-defined]
        **encoder.yuyin_meta,  # type: ignore[attr-defined]
        "tokenizer": tokenizer.to_dict(),
    }
    return model.to(device).eval()


def load_hf_model(
    folder: str | Path, device: str | torch.device = "cpu", kinds: Collection[str] | None = None
) -> nn.Module:
    """A Hugging Face folder as the model ``kinds`` asks for: a recognizer (``asr``: it needs
    its CTC head and vocabulary) or the encoder; without ``kinds``, the recognizer when it has
    a head, else the encoder."""
    folder = Path(folder)
    wanted = set(kinds) if kinds is not None else {"asr", "encoder"}
    weights = _read_weights(folder)
    has_head, has_vocab = "lm_head.weight" in weights, (folder / "vocab.json").is_file()
    if "asr" in wanted and has_head and has_vocab:
        return load_hf_recognizer(folder, device, weights)
    if "encoder" in wanted:
        if has_head and not has_vocab and "asr" in wanted:
            log.warning("%s: a CTC head without its vocab.json: its encoder alone is read", folder)
        return load_hf_encoder(folder, device, weights)
    if "asr" in wanted:
        if has_head:
            raise HFImportError(
                f"{folder}: a CTC head without its vocab.json: copy the checkpoint's vocab.json "
                "beside its config.json"
            )
        return load_hf_recognizer(folder, device, weights)  # says to fine-tune it first
    shown = " or ".join(sorted(wanted))
    raise HFImportError(f"{folder}: a Hugging Face speech encoder, not a model of kind {shown}")


def load_hf_encoder(
    folder: str | Path,
    device: str | torch.device = "cpu",
    weights: dict[str, torch.Tensor] | None = None,
) -> SpeechEncoder:
    """The wav2vec 2.0 / HuBERT checkpoint in ``folder`` as a :class:`SpeechEncoder` (eval
    mode); HFImportError names a folder it cannot read (another architecture, weights that do
    not fit its config)."""
    folder = Path(folder)
    hf = _hf_config(folder)
    if hf is None or hf.get("model_type") not in HF_MODEL_TYPES:
        raise HFImportError(f"{folder}: not a Hugging Face wav2vec 2.0 or HuBERT folder")
    config = hf_encoder_config(hf, str(folder / _CONFIG))
    encoder = SpeechEncoder(config)
    state = _encoder_state(_read_weights(folder) if weights is None else weights, config)
    expected = encoder.state_dict()
    # a checkpoint fine-tuned without time masking has no mask embedding: keep the fresh one
    state.setdefault("mask_embedding", expected["mask_embedding"])
    missing = sorted(set(expected) - set(state))
    wrong = [k for k in expected if k in state and state[k].shape != expected[k].shape]
    if missing or wrong:
        shown = ", ".join((missing + wrong)[:4])
        raise HFImportError(
            f"{folder}: its weights do not fit its config.json ({len(missing)} missing, "
            f"{len(wrong)} of another shape: {shown})"
        )
    encoder.load_state_dict({k: state[k] for k in expected})
    encoder.yuyin_meta = {  # type: ignore[attr-defined]
        "imported_from": str(folder),
        "model_type": hf["model_type"],
        "layout": "base (post-LN)" if config.post_norm else "large (pre-LN)",
    }
    return encoder.to(device).eval()
