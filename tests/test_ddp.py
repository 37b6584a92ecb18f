"""DDP smoke test: two gloo processes under torchrun train like one process with the same batch."""

from __future__ import annotations

import csv
import os
import socket
import subprocess
import sys
from pathlib import Path

import torch
from safetensors.torch import load_file

from yuyin.train.checkpoint import latest_checkpoint
from yuyin.train.distributed import DistInfo, init_distributed, resolve_device

TOY_SCRIPT = Path(__file__).with_name("toy_train.py")
STEPS = 16
DDP_TOLERANCE = 1e-5  # summation order differs between ranks and micro-batches
TIMEOUT_S = 120


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _rows(out_dir: Path) -> list[dict[str, str]]:
    with (out_dir / "log.csv").open(newline="") as fh:
        return list(csv.DictReader(fh))


def _run(command: list[str]) -> None:
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    done = subprocess.run(command, env=env, capture_output=True, timeout=TIMEOUT_S)
    assert done.returncode == 0, done.stderr.decode()[-4000:]


def test_two_gloo_ranks_match_one_process_with_the_same_global_batch(tmp_path):
    common = ["--steps", str(STEPS), "--dropout", "0", "--ckpt-every", "8"]
    one, two = tmp_path / "one", tmp_path / "two"
    _run([sys.executable, str(TOY_SCRIPT), "--out", str(one), "--batch-size", "8", *common])
    # per rank: 2 items x 2 micro-batches (no_sync on the first), x 2 ranks = 8 per update
    torchrun = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2"]
    torchrun += ["--master_port", str(_free_port())]
    script = [str(TOY_SCRIPT), "--out", str(two), "--batch-size", "2", "--accum", "2"]
    _run([*torchrun, *script, *common])

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
    assert resolve_device("cuda", DistInfo(3, 4, 1)) == torch.device("cuda", 1)
