"""Launching a command as several ranks under torchrun, for the DDP tests.

from torchrun import run_ranks
stdout = run_ranks(2, [script, "--out", str(out)])  # python -m torch.distributed.run ...
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Sequence


def free_port() -> int:
    """A TCP port nobody listens on now, for torchrun's rendezvous."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_ranks(nproc: int, args: Sequence[str], timeout: float = 300) -> str:
    """Run ``python -m torch.distributed.run --nproc_per_node NPROC ARGS`` with one thread a rank.

    Fails the test with the end of stderr when the job exits non-zero; returns its stdout.
    """
    command = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", str(nproc)]
    command += ["--master_port", str(free_port()), *args]
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    done = subprocess.run(command, env=env, capture_output=True, timeout=timeout)
    assert done.returncode == 0, done.stderr.decode()[-4000:]
    return done.stdout.decode()
