"""Random number generator state: save and restore every global RNG, derive and set seeds.

A checkpoint's ``state.json`` holds :func:`rng_state` (JSON: Python, NumPy, torch CPU and CUDA),
so a resumed run draws the same numbers as an uninterrupted one (:mod:`yuyin.train.checkpoint`).
"""

from __future__ import annotations

import base64
import hashlib
import random
from collections.abc import Mapping
from typing import Any

import numpy as np
import torch

NUMPY_SEED_MODULUS = 2**32  # np.random.seed takes 32-bit seeds
SEED_BYTES = 8  # derived seeds have 64 bits

__all__ = ["derive_seed", "rng_state", "seed_everything", "set_rng_state"]


def _encode(tensor: torch.Tensor) -> str:
    return base64.b64encode(tensor.numpy().tobytes()).decode("ascii")


def _decode(text: str) -> torch.Tensor:
    return torch.frombuffer(bytearray(base64.b64decode(text)), dtype=torch.uint8)


def rng_state() -> dict[str, Any]:
    """JSON-serializable states of Python's ``random``, NumPy's global RNG and torch (CPU, CUDA)."""
    version, internal, gauss = random.getstate()
    kind, keys, pos, has_gauss, cached = np.random.get_state()
    state: dict[str, Any] = {
        "python": [version, list(internal), gauss],
        "numpy": [kind, keys.tolist(), pos, has_gauss, cached],
        "torch": _encode(torch.get_rng_state()),
    }
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        state["cuda"] = [_encode(s) for s in torch.cuda.get_rng_state_all()]
    return state


def set_rng_state(state: Mapping[str, Any]) -> None:
    """Restore what :func:`rng_state` returned (CUDA only when the device count matches)."""
    version, internal, gauss = state["python"]
    random.setstate((version, tuple(internal), gauss))
    kind, keys, pos, has_gauss, cached = state["numpy"]
    np.random.set_state((kind, np.asarray(keys, dtype=np.uint32), pos, has_gauss, cached))
    torch.set_rng_state(_decode(state["torch"]))
    cuda = state.get("cuda")
    if cuda and torch.cuda.is_available() and len(cuda) == torch.cuda.device_count():
        torch.cuda.set_rng_state_all([_decode(s) for s in cuda])


def derive_seed(*keys: Any) -> int:
    """A 64-bit seed that depends on ``keys`` only (hashed, so nearby keys give unrelated seeds)."""
    digest = hashlib.blake2b(repr(keys).encode(), digest_size=SEED_BYTES).digest()
    return int.from_bytes(digest, "little")


def seed_everything(seed: int) -> None:
    """Seed Python's ``random``, NumPy's global RNG and torch (CPU and every CUDA device)."""
    random.seed(seed)
    np.random.seed(seed % NUMPY_SEED_MODULUS)
    if torch.cuda.is_available():
        torch.manual_seed(seed)  # CPU and every CUDA device
    else:  # torch.manual_seed also visits every accelerator backend: ~1 ms, paid per item
        torch.default_generator.manual_seed(seed)
