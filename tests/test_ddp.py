"""DDP smoke test: two gloo processes under torchrun train like one process with the same batch."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from torchrun import run_ranks
from yuyin.config import ConfigError
from yuyin.train.checkpoint import latest_checkpoint
from yuyin.train.distributed import DistInfo, init_distributed, resolve_device

TOY_SCRIPT = Path(__file__).with_name("toy_train.py")
STEPS = 16
DDP_TOLERANCE = 1e-5  # summation order differs between ranks and micro-batches
TIMEOUT_S = 120


def _rows(out_dir: Path) -> list[dict[str, str]]:
    with (out_dir / "log.csv").open(newline="") as fh:
        return list(csv.DictReader(fh))


def test_two_gloo_ranks_match_one_process_with_the_same_global_batch(tmp_path):
    common = ["--steps", str(STEPS), "--dropout", "0", "--ckpt-every", "8"]
    one, two = tmp_path / "one", tmp_path / "two"
    run_ranks(1, [str(TOY_SCRIPT), "--out", str(one), "--batch-size", "8", *common], TIMEOUT_S)
    # per rank: 2 items x 2 micro-batches (no_sync on the first), x 2 ranks = 8 per update
    script = [str(TOY_SCRIPT), "--out", str(two), "--batch-size", "2", "--accum", "2"]
    printed = run_ranks(2, [*script, *common], TIMEOUT_S)
    # both ranks left the group for good: no gloo thread is left to race the interpreter's exit
    assert printed.count("gloo_threads 0") == 2, printed

    single, ddp = _rows(one), _rows(two)
    assert [int(r["step"]) for r in ddp] == list(range(1, STEPS + 1))  # rank 0 alone logs
    for a, b in zip(single, ddp, strict=True):
        assert abs(float(a["loss"]) - float(b["loss"])) < DDP_TOLERANCE, a["step"]
    assert sorted(p.name for p in two.iterdir()) == sorted(p.name for p in one.iterdir())
    weights_one = load_file(str(latest_checkpoint(one) / "model.safetensors"))
    weights_two = load_file(str(latest_checkpoint(two) / "model.safetensors"))
    for name, value in weights_one.items():
        assert torch.allclose(value, weights_two[name], atol=DDP_TOLERANCE, rtol=0), name


def test_without_torchrun_is_one_process(monkeypatch):
    for name in ("RANK", "WORLD_SIZE", "LOCAL_RANK"):
        monkeypatch.delenv(name, raising=False)
    info = init_distributed("cpu")
    assert info == DistInfo() and info.is_main and not info.distributed
    assert resolve_device("cpu", info) == torch.device("cpu")
    if torch.cuda.is_available():
        assert resolve_device("cuda", DistInfo(3, 4, 1)) == torch.device("cuda", 1)
    else:  # a clear error, not torch's "not compiled with CUDA" at the first tensor moved
        with pytest.raises(ConfigError, match="no CUDA GPU"):
            resolve_device("cuda", DistInfo(3, 4, 1))
