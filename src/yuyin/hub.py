"""Where models live: a model is a folder with ``model.safetensors`` and ``config.json``.

``config.json`` holds ``{"format": "yuyin-model", "version": 1, "kind": ..., "config": {...},
"meta": {...}}``: the kind names the model family, ``config`` is ``asdict`` of its config
dataclass, ``meta`` is free-form (tokenizer, training data, metrics). :func:`load_model` rebuilds
the model from its config with an explicit factory per kind and loads the weights from safetensors
only: a model file is never unpickled.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Collection
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safetensors import SafetensorError

from yuyin.paths import plain_file_mode, replace_dir, staging_dir

if TYPE_CHECKING:  # torch loads with the first model, not with the CLI's error classes
    import torch
    from torch import nn

FORMAT = "yuyin-model"
FORMAT_VERSION = 1
WEIGHTS_FILE = "model.safetensors"
CONFIG_FILE = "config.json"
WEIGHT_DTYPE_NAMES = ("float32", "float16", "bfloat16")  # how save_model may store floats
if TYPE_CHECKING:
    WEIGHT_DTYPES: dict[str, torch.dtype]  # {name: torch dtype}: a lazy attribute, below


def __getattr__(name: str) -> object:
    if name == "WEIGHT_DTYPES":  # {name: torch dtype}, torch loaded when asked for
        import torch

        return {dtype: getattr(torch, dtype) for dtype in WEIGHT_DTYPE_NAMES}
    raise AttributeError(f"module 'yuyin.hub' has no attribute {name!r}")


class ModelLoadError(ValueError):
    """A model folder that cannot be loaded; names the path and the problem."""


def save_file(tensors: dict[str, torch.Tensor], filename: str) -> None:
    """safetensors' writer (imported with torch on first use)."""
    from safetensors.torch import save_file as write

    write(tensors, filename)


def load_file(filename: str) -> dict[str, torch.Tensor]:
    """safetensors' reader, CPU tensors (imported with torch on first use)."""
    from safetensors.torch import load_file as read

    return read(filename)


def _builders() -> dict[str, Callable[[dict], nn.Module]]:
    """The explicit table of model kinds this version can rebuild (imports stay lazy)."""

    def encoder(cfg: dict) -> nn.Module:
        from yuyin.models.encoder import EncoderConfig, build_encoder

        return build_encoder(EncoderConfig(**cfg))

    def asr(cfg: dict) -> nn.Module:
        from yuyin.models.asr import ASRConfig, build_asr

        return build_asr(ASRConfig(**cfg))

    def lm(cfg: dict) -> nn.Module:
        from yuyin.models.lm import LMConfig, build_lm

        return build_lm(LMConfig(**cfg))

    def classifier(cfg: dict) -> nn.Module:
        from yuyin.models.classifier import ClassifierConfig, build_classifier

        return build_classifier(ClassifierConfig(**cfg))

    def g2p(cfg: dict) -> nn.Module:
        from yuyin.models.g2p import G2PConfig, build_g2p

        return build_g2p(G2PConfig(**cfg))

    def g2p_tagger(cfg: dict) -> nn.Module:
        from yuyin.models.g2p_tagger import LetterTagger, TaggerConfig

        return LetterTagger(TaggerConfig(**cfg))

    def vocoder(cfg: dict) -> nn.Module:
        from yuyin.models.vocoder import VocoderConfig, build_vocoder

        return build_vocoder(VocoderConfig(**cfg))

    def tts(cfg: dict) -> nn.Module:
        from yuyin.models.tts import TTSConfig, build_tts

        return build_tts(TTSConfig(**cfg))

    def masked_mel(cfg: dict) -> nn.Module:
        from yuyin.models.mel_decoder import MaskedMelConfig, MaskedMelModel

        return MaskedMelModel(MaskedMelConfig(**cfg))

    return {
        "encoder": encoder,
        "asr": asr,
        "lm": lm,
        "classifier": classifier,
        "g2p": g2p,
        "g2p-tagger": g2p_tagger,
        "vocoder": vocoder,
        "tts": tts,
        "tts-masked-mel": masked_mel,  # a `tts pretrain` run's decoder
    }


def save_model(
    model: nn.Module,
    out_dir: str | os.PathLike,
    kind: str,
    config: Any,
    meta: dict | None = None,
    weights_dtype: str = "float32",
) -> Path:
    """Write ``model`` with its config atomically into ``out_dir`` (replaced if it exists).

    ``weights_dtype`` ``"float16"`` or ``"bfloat16"`` stores the floating-point tensors at half
    size (shipped models); :func:`load_state` casts them back to the model's own dtype. A tensor
    that the narrower type cannot hold (overflow) is a ``ValueError`` naming it.
    """
    out_dir = Path(out_dir)
    cfg = asdict(config) if is_dataclass(config) else dict(config)
    record = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "kind": kind,
        "config": cfg,
        "meta": meta or {},
    }
    state = _stored_state(model, weights_dtype)
    if weights_dtype != "float32":
        record["weights_dtype"] = weights_dtype
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = staging_dir(out_dir)
    try:
        save_file(state, str(tmp / WEIGHTS_FILE))
        plain_file_mode(tmp / WEIGHTS_FILE)
        with (tmp / CONFIG_FILE).open("w", encoding="utf-8") as fh:
            json.dump(record, fh, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        replace_dir(tmp, out_dir)
    except BaseException as exc:  # Ctrl-C or SIGTERM too: no hidden folder left
        shutil.rmtree(tmp, ignore_errors=True)
        if not isinstance(exc, (OSError, SafetensorError)):  # safetensors: a full disk its way
            raise
        why = getattr(exc, "strerror", None) or exc
        raise ModelLoadError(f"{out_dir}: could not write model ({why})") from None
    return out_dir


def _stored_state(model: nn.Module, weights_dtype: str) -> dict[str, torch.Tensor]:
    """The state dict as written: contiguous CPU tensors, floats cast to ``weights_dtype``."""
    import torch

    if weights_dtype not in WEIGHT_DTYPE_NAMES:
        known = sorted(WEIGHT_DTYPE_NAMES)
        raise ValueError(f"weights_dtype must be one of {known}, got {weights_dtype!r}")
    dtype = getattr(torch, weights_dtype)
    state = {}
    for name, value in model.state_dict().items():
        value = value.detach().contiguous().cpu()
        if value.is_floating_point() and value.dtype != dtype:
            cast = value.to(dtype)
            if not torch.isfinite(cast).all() and torch.isfinite(value).all():
                raise ValueError(f"{name}: values too large for {weights_dtype}; store float32")
            value = cast
        state[name] = value
    return state


def round_weights(model: nn.Module, weights_dtype: str) -> nn.Module:
    """Round ``model``'s floating weights in place to what ``weights_dtype`` storage keeps (the
    model stays float32): score a model this way before shipping it half-size."""
    model.load_state_dict(_stored_state(model, weights_dtype))  # copies, casting back
    return model


def read_model_config(path: str | os.PathLike, kinds: Collection[str] | None = None) -> dict:
    """Read and check ``config.json`` of a model folder; ``kinds``: the model kinds the caller
    can use (a folder of another kind is a :class:`ModelLoadError` that names it)."""
    path = Path(os.fsdecode(path))  # bytes too
    cfg_path = path / CONFIG_FILE
    if not cfg_path.is_file():
        if not path.exists():
            raise ModelLoadError(f"{path}: not a yuyin model folder (no such folder)")
        if (path / "model" / CONFIG_FILE).is_file():  # a training run's folder
            raise ModelLoadError(
                f"{path}: not a yuyin model folder but a run's; its model is {path / 'model'}"
            )
        if (path / "acoustic" / CONFIG_FILE).is_file():  # a voice: acoustic model + vocoder
            raise ModelLoadError(
                f"{path}: a voice folder (yuyin say --voice), not a model folder; its models "
                f"are {path / 'acoustic'} and {path / 'vocoder'}"
            )
        raise ModelLoadError(f"{path}: not a yuyin model folder (no {CONFIG_FILE})")
    try:
        record = json.loads(cfg_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelLoadError(f"{cfg_path}: unreadable config ({exc})") from None
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        raise ModelLoadError(f"{cfg_path}: not a yuyin model config")
    version, kind = record.get("version", 0), record.get("kind")
    if isinstance(version, bool) or not isinstance(version, int):
        raise ModelLoadError(f"{cfg_path}: format version {version!r} is not an integer")
    if not isinstance(kind, str) or not isinstance(record.get("config"), dict):
        raise ModelLoadError(f'{cfg_path}: needs a "kind" string and a "config" object')
    if not isinstance(record.get("meta", {}), dict):
        raise ModelLoadError(f'{cfg_path}: "meta" must be an object')
    if version > FORMAT_VERSION:
        raise ModelLoadError(
            f"{cfg_path}: model format version {record['version']} is newer than this yuyin "
            f"understands ({FORMAT_VERSION}); upgrade yuyin"
        )
    if isinstance(kinds, str):  # one kind, not its letters
        kinds = (kinds,)
    if kinds is not None and kind not in kinds:
        wanted = " or ".join(repr(k) for k in sorted(kinds))
        raise ModelLoadError(f"{path}: a model of kind {kind!r}, not of kind {wanted}")
    return record


def load_state(model: nn.Module, weights: str | os.PathLike) -> None:
    """Load safetensors weights into ``model``; mismatched names/shapes raise ModelLoadError."""
    import torch

    weights = Path(weights)
    if not weights.is_file():
        raise ModelLoadError(f"{weights}: weights file not found")
    try:
        state = load_file(str(weights))
    except Exception as exc:  # noqa: BLE001 - safetensors raises its own error types
        raise ModelLoadError(f"{weights}: not a safetensors file ({exc})") from None
    own = model.state_dict()
    missing = sorted(set(own) - set(state))
    unexpected = sorted(set(state) - set(own))
    wrong = sorted(k for k in set(own) & set(state) if own[k].shape != state[k].shape)
    if missing or unexpected or wrong:
        parts = []
        for name, keys in (("missing", missing), ("unexpected", unexpected), ("shape", wrong)):
            if keys:
                parts.append(f"{name}: {', '.join(keys[:5])}{' ...' if len(keys) > 5 else ''}")
        raise ModelLoadError(
            f"{weights}: weights do not fit this model (checkpoint of another model?); "
            + "; ".join(parts)
        )
    broken = [k for k, v in state.items() if v.is_floating_point() and not torch.isfinite(v).all()]
    if broken:  # a run that diverged, saved anyway: it would decode NaN into empty text
        raise ModelLoadError(
            f"{weights}: weights hold NaN or infinite values ({', '.join(sorted(broken)[:3])}"
            f"{' ...' if len(broken) > 3 else ''}); the run that saved them diverged"
        )
    model.load_state_dict(state)  # copies, casting half-size stored weights to the model's dtype


def load_model(
    path: str | os.PathLike,
    device: str | torch.device = "cpu",
    kinds: Collection[str] | None = None,
) -> nn.Module:
    """Rebuild a saved model from its folder (config + safetensors weights), in eval mode.

    ``kinds``: the model kinds the caller can use (e.g. ``{"encoder", "asr"}``); a folder of
    another kind is a :class:`ModelLoadError` that names it, before anything is built.
    """
    path = Path(os.fsdecode(path))  # bytes too
    from yuyin.models.hf_encoder import HF_MODEL_TYPES, hf_model_type, load_hf_model

    hf_type = hf_model_type(path) if (path / CONFIG_FILE).is_file() else None
    if hf_type in HF_MODEL_TYPES:  # a Hugging Face wav2vec 2.0 / HuBERT folder
        try:
            return _onto(load_hf_model(path, "cpu", kinds), device, path)
        except ValueError as exc:  # HFImportError and yuyin's own checks name the folder
            text = str(exc)
            raise ModelLoadError(text if str(path) in text else f"{path}: {text}") from None
        except (TypeError, KeyError, ZeroDivisionError, AttributeError) as exc:  # "dim": null
            raise ModelLoadError(
                f"{path}: its config.json does not describe a model yuyin can build "
                f"({type(exc).__name__}: {exc})"
            ) from None
        except RuntimeError as exc:  # torch on weights that do not fit what the config builds
            raise ModelLoadError(f"{path}: its weights do not fit its config ({exc})") from None
    if hf_type is not None:
        raise ModelLoadError(
            f"{path}: a Hugging Face {hf_type} model; yuyin reads {' and '.join(HF_MODEL_TYPES)} "
            "checkpoints (and its own model folders)"
        )
    record = read_model_config(path, kinds)
    kind = record["kind"]
    if kind == "g2p" and record.get("meta", {}).get("members", 1) != 1:  # an ensemble
        from yuyin.text.g2p import load_g2p_model

        return _onto(load_g2p_model(path), device, path)
    builders = _builders()
    if kind not in builders:
        raise ModelLoadError(
            f"{path}: unknown model kind {kind!r} (this yuyin knows {sorted(builders)})"
        )
    try:
        model = builders[kind](record["config"])
    except (TypeError, ValueError, ZeroDivisionError, RuntimeError) as exc:  # dim 0, size -1 ...
        raise ModelLoadError(f"{path}: config does not match the {kind} model ({exc})") from None
    load_state(model, path / WEIGHTS_FILE)
    model.yuyin_meta = record.get("meta", {})  # type: ignore[attr-defined]
    model.yuyin_folder = path  # type: ignore[attr-defined]
    return _onto(model, device, path)


def _onto(model: nn.Module, device: str | torch.device, path: Path) -> nn.Module:
    """``model`` on ``device``, in eval mode; a device torch does not have (no CUDA build, a
    misspelled name) is a :class:`ModelLoadError` naming the folder."""
    import torch

    try:
        target = torch.device(device)
        if target.type == "meta":  # torch would hand back a model with no weights at all
            raise RuntimeError("the meta device holds shapes, not weights: use 'cpu' or 'cuda'")
        return model.to(target).eval()
    except (RuntimeError, TypeError, AssertionError) as exc:  # "not compiled with CUDA enabled"
        raise ModelLoadError(f"{path}: cannot load onto device {device!r} ({exc})") from None


def resave_model(
    src: str | os.PathLike, out_dir: str | os.PathLike, weights_dtype: str = "float16"
) -> Path:
    """Copy the model folder ``src`` to ``out_dir`` with its weights stored at ``weights_dtype``
    (kind, config and meta unchanged): how a trained model is shrunk for shipping after it has
    been scored at that precision (:func:`round_weights`)."""
    record = read_model_config(src)
    model = load_model(src)
    return save_model(
        model, out_dir, record["kind"], record["config"], record.get("meta"), weights_dtype
    )
