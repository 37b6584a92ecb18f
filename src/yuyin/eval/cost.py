"""What a speech model costs to run: parameters, weight memory, compute per second of audio, memory.

The third thing users weigh besides accuracy (WER) and speed (real-time factor, measured by
:mod:`yuyin.eval.asr`): how big a model is and how much arithmetic one second of speech takes,
numbers that do not depend on the machine. Multiply-accumulates are counted, not estimated:
torch's :class:`~torch.utils.flop_counter.FlopCounterMode` records the matmuls, convolutions and
attention of one forward pass over ``probe_seconds`` of audio (one multiply-accumulate = two
FLOPs; element-wise work, normalization and the feature front end are not counted, as in
published MAC tables). Attention grows with the square of the length, so the count is per second
*at that length* (10 s by default, a typical utterance).

    cost = model_cost(recognizer.model)   # ModelCost(parameters=..., gmacs_per_second=...)
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
from torch import nn
from torch.utils import flop_counter

from yuyin.audio import SAMPLE_RATE

__all__ = [
    "ModelCost",
    "count_flops",
    "flop_counter_mode",
    "model_cost",
    "model_identity",
    "peak_rss_mb",
]

PROBE_SECONDS = 10.0


@dataclass(frozen=True)
class ModelCost:
    """Size and compute of a model (module doc)."""

    parameters: int
    weight_mb: float  # parameters and buffers as held in memory (their dtypes), MiB
    gmacs_per_second: float  # 1e9 multiply-accumulates per second of audio, forward pass
    probe_seconds: float  # the audio length the MACs were counted on

    def to_dict(self) -> dict:
        """JSON-ready, MACs to 4 significant digits."""
        return asdict(self) | {"gmacs_per_second": float(f"{self.gmacs_per_second:.4g}")}

    def describe(self) -> str:
        """One line for people: ``1.23 M parameters (4.9 MiB in memory), 0.41 GMAC per audio
        second`` (a float16-stored model folder is half that on disk)."""
        return (
            f"{self.parameters / 1e6:.2f} M parameters ({self.weight_mb:.1f} MiB in memory), "
            f"{self.gmacs_per_second:.3g} GMAC per audio second"
        )


def flop_counter_mode() -> flop_counter.FlopCounterMode:
    """A silent FlopCounterMode that also counts the CPU flash-attention kernels (torch's table
    has no formula for them; theirs are torch's own scaled-dot-product formulas)."""
    aten = torch.ops.aten
    mapping = {}
    if hasattr(aten, "_scaled_dot_product_flash_attention_for_cpu"):

        def forward(q, k, v, *args, out_shape=None, **kwargs):
            return flop_counter.sdpa_flop_count(q, k, v)

        def backward(grad_out, q, k, v, *args, out_shape=None, **kwargs):
            return flop_counter.sdpa_backward_flop_count(grad_out, q, k, v)

        # FlopCounterMode wraps these itself (shapes in, ``out_shape`` given)
        mapping[aten._scaled_dot_product_flash_attention_for_cpu] = forward
        mapping[aten._scaled_dot_product_flash_attention_for_cpu_backward] = backward
    return flop_counter.FlopCounterMode(display=False, custom_mapping=mapping)


def count_flops(fn) -> tuple[int, dict[str, int]]:
    """FLOPs of calling ``fn()`` (:func:`flop_counter_mode`): the total and per operator."""
    counter = flop_counter_mode()
    with counter:
        fn()
    ops = counter.get_flop_counts().get("Global", {})
    return counter.get_total_flops(), {str(op): int(n) for op, n in ops.items()}


@torch.no_grad()
def model_cost(model: nn.Module, probe_seconds: float = PROBE_SECONDS) -> ModelCost:
    """Count a speech model's parameters, weight memory and forward MACs per second of audio.

    ``model(wave (1, S), lengths (1,))`` is called once on ``probe_seconds`` of quiet noise at
    16 kHz, in eval mode (restored after), on the model's device and dtype.
    """
    if probe_seconds <= 0:
        raise ValueError(f"probe_seconds must be > 0, got {probe_seconds}")
    first = next(model.parameters(), None)
    device = first.device if first is not None else torch.device("cpu")
    dtype = first.dtype if first is not None and first.is_floating_point() else torch.float32
    samples = int(round(probe_seconds * SAMPLE_RATE))
    generator = torch.Generator().manual_seed(0)
    wave = (0.01 * torch.randn(1, samples, generator=generator)).to(device, dtype)  # (1, S)
    lengths = torch.tensor([samples], device=device)  # (1,)
    was_training = model.training
    model.eval()
    try:
        flops, _ = count_flops(lambda: model(wave, lengths))
    finally:
        model.train(was_training)
    tensors = [*model.parameters(), *model.buffers()]
    return ModelCost(
        parameters=sum(p.numel() for p in model.parameters()),
        weight_mb=round(sum(t.numel() * t.element_size() for t in tensors) / 2**20, 2),
        gmacs_per_second=flops / 2 / probe_seconds / 1e9,
        probe_seconds=probe_seconds,
    )


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, MiB (``ru_maxrss``)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (2**20 if sys.platform == "darwin" else 2**10), 1)  # bytes on macOS


def model_identity(folder: str | os.PathLike) -> dict:
    """What names a saved model beyond its path, for comparing runs: its kind, the version and
    training steps its meta records, the encoder's block, width, depth and mel subsampling,
    the weights' file size on disk (MiB, as saved: float16 weights are half the memory
    ``weight_mb`` counts) and the first 16 hex digits of their SHA-256."""
    folder = Path(folder)
    record = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    weights = folder / "model.safetensors"
    if not weights.is_file() and (folder / "pytorch_model.bin").is_file():  # Hugging Face's
        weights = folder / "pytorch_model.bin"
    if "model_type" in record and "kind" not in record:  # a Hugging Face wav2vec 2.0 / HuBERT
        record = {
            "kind": f"huggingface {record['model_type']}",
            "config": {
                "encoder": {
                    "block": "transformer",
                    "dim": record.get("hidden_size"),
                    "layers": record.get("num_hidden_layers"),
                }
            },
        }
    digest = hashlib.sha256()
    with weights.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    config, meta = record.get("config", {}), record.get("meta", {})
    encoder = config.get("encoder", {}) if isinstance(config.get("encoder"), dict) else {}
    return {
        "folder": str(folder.resolve()),
        "kind": record.get("kind"),
        "version": meta.get("version"),
        "steps": meta.get("steps", meta.get("step")),  # a model-best/ saved before 12-06: "step"
        "encoder": {k: encoder.get(k) for k in ("block", "dim", "layers", "mel_subsampling")},
        "weights_dtype": record.get("weights_dtype", "float32"),
        "file_mb": round(weights.stat().st_size / 2**20, 2),
        "sha256": digest.hexdigest()[:16],
    }
