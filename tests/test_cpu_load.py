"""The CLI's thread count on a busy machine (``yuyin._cpu_load``, ``yuyin.cli._threads``)."""

from __future__ import annotations

import argparse
import logging
import subprocess
import sys
import time

import pytest
import torch

from yuyin import _cpu_load
from yuyin.cli import _threads as threads_cli
from yuyin.cli import build_parser

LINUX = _cpu_load.read_cpu_times() is not None
SPIN = "while True: pass"


@pytest.fixture
def two_threads():
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    yield
    torch.set_num_threads(before)


@pytest.mark.parametrize(
    ("others", "cores", "threads"),
    [(0.0, 2, 2), (0.6, 2, 2), (0.75, 2, 1), (1.0, 2, 1), (2.0, 2, 1), (1.8, 16, 14), (0, 1, 1)],
)
def test_threads_leave_the_cores_others_keep_busy(others: float, cores: int, threads: int) -> None:
    assert _cpu_load.threads_beside(others, cores) == threads


def test_others_are_the_machine_less_this_process() -> None:
    since = _cpu_load.CpuTimes(machine_busy_s=100.0, own_s=1.0, at=10.0)
    now = _cpu_load.CpuTimes(machine_busy_s=103.0, own_s=2.0, at=12.0)  # 3 s busy, 1 s ours
    assert _cpu_load.others_busy_cores(since, now) == pytest.approx(1.0)
    ours_only = _cpu_load.CpuTimes(machine_busy_s=101.0, own_s=2.5, at=12.0)  # jiffies coarser
    assert _cpu_load.others_busy_cores(since, ours_only) == 0.0
    assert _cpu_load.others_busy_cores(since, since) is None  # no time passed
    assert _cpu_load.others_busy_cores(None) is None  # not measured (not Linux)


@pytest.mark.skipif(not LINUX, reason="reads /proc/stat")
def test_a_busy_core_is_measured() -> None:
    spinner = subprocess.Popen([sys.executable, "-c", SPIN])
    try:
        time.sleep(0.3)  # the interpreter started
        since = _cpu_load.read_cpu_times()
        others = _cpu_load.others_busy_cores(since)  # sleeps the shortest window
    finally:
        spinner.kill()
        spinner.wait()
    assert others is not None and others >= 0.6


def test_only_the_cpus_this_process_may_use_count(tmp_path, monkeypatch) -> None:
    """Pinned to CPU 0 of a host whose CPU 1 is busy, nothing of ours is taken (a review found
    the host's total line read against the affinity's core count)."""
    stat = tmp_path / "stat"
    monkeypatch.setattr(_cpu_load, "_PROC_STAT", stat)

    def write(cpu1_user: int) -> None:  # user nice system idle iowait irq softirq steal
        stat.write_text(
            f"cpu  {100 + cpu1_user} 0 0 200 0 0 0 0 0 0\n"
            "cpu0 100 0 0 100 0 0 0 0 0 0\n"
            f"cpu1 {cpu1_user} 0 0 100 0 0 0 0 0 0\n"
            "intr 1 2 3\n",
            encoding="ascii",
        )

    write(0)
    monkeypatch.setattr(_cpu_load, "_allowed_cpus", lambda: {0})
    before = _cpu_load.read_cpu_times()
    write(10_000)  # CPU 1 ran flat out
    after = _cpu_load.read_cpu_times()
    assert before is not None and after is not None
    assert after.machine_busy_s == before.machine_busy_s
    monkeypatch.setattr(_cpu_load, "_allowed_cpus", lambda: {0, 1})
    assert _cpu_load.read_cpu_times().machine_busy_s > after.machine_busy_s
    for odd in ("cpu  1 2 3 4\ncpu0 x y\n", "cpu  1 2 3 4\nintr 1\n", ""):
        stat.write_text(odd, encoding="ascii")  # unreadable: not measured, no error
        assert _cpu_load.read_cpu_times() is None


def _args(*argv: str) -> argparse.Namespace:
    args, _ = build_parser().parse_known_args(list(argv))
    return args


def test_which_commands_train() -> None:
    assert threads_cli.trains(_args("g2p", "train", "--out", "x"))
    assert threads_cli.trains(_args("g2p", "train-rerank", "--out", "x"))
    assert not threads_cli.trains(_args("g2p", "--", "train"))  # pronounces "train"
    assert not threads_cli.trains(_args("g2p", "hello"))
    assert not threads_cli.trains(_args("transcribe", "x.wav"))
    assert not threads_cli.trains(_args("say", "hello", "-o", "x.wav"))
    assert threads_cli.trains(argparse.Namespace(command="finetune"))
    assert threads_cli.trains(argparse.Namespace(command="lm", lm_command="train"))
    assert not threads_cli.trains(argparse.Namespace(command="lm", lm_command="eval"))
    assert threads_cli.trains(argparse.Namespace(command="tts", stage="pretrain"))
    assert not threads_cli.trains(argparse.Namespace(command="tts", stage="mel"))
    assert threads_cli.trains(argparse.Namespace(command="vocoder", action="train"))
    assert not threads_cli.trains(argparse.Namespace(command="vocoder", action="resynth"))


@pytest.fixture
def one_core_busy(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.setattr(_cpu_load, "others_busy_cores", lambda since: 1.0)
    monkeypatch.setattr(_cpu_load, "usable_cores", lambda: 2)


@pytest.mark.usefixtures("two_threads", "one_core_busy")
def test_inference_leaves_the_busy_core() -> None:
    threads_cli.set_threads(_args("g2p", "hello"))
    assert torch.get_num_threads() == 1


@pytest.mark.usefixtures("two_threads", "one_core_busy")
def test_training_keeps_torchs_count_and_says_so(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="yuyin"):
        threads_cli.set_threads(argparse.Namespace(command="finetune", torch_threads=None))
    assert torch.get_num_threads() == 2
    assert "1.0 of 2 cores busy: --threads 1" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="yuyin"):  # given after a g2p action: no hint
        threads_cli.set_threads(_args("g2p", "train-rerank", "--out", "x", "--threads", "1"))
        threads_cli.set_threads(_args("g2p", "train", "--threads=2", "--out", "x"))
        threads_cli.set_threads(_args("g2p", "train-fst", "--out", "x", "--thr", "1"))
    assert "cores busy" not in caplog.text
    with caplog.at_level(logging.INFO, logger="yuyin"):
        threads_cli.set_threads(_args("g2p", "train-rerank", "--out", "x"))
    assert "cores busy: --threads 1" in caplog.text


@pytest.mark.usefixtures("two_threads", "one_core_busy")
def test_the_users_count_stands(monkeypatch: pytest.MonkeyPatch) -> None:
    threads_cli.set_threads(_args("--threads", "0", "g2p", "hello"))  # 0: torch's
    assert torch.get_num_threads() == 2
    threads_cli.set_threads(_args("g2p", "--threads", "2", "hello"))  # g2p sets its own
    assert torch.get_num_threads() == 2
    threads_cli.set_threads(_args("transcribe", "x.wav", "--threads", "2"))
    assert torch.get_num_threads() == 2
    monkeypatch.setenv("OMP_NUM_THREADS", "2")
    threads_cli.set_threads(_args("g2p", "hello"))
    assert torch.get_num_threads() == 2


@pytest.mark.usefixtures("two_threads")
def test_an_idle_machine_keeps_every_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.setattr(_cpu_load, "others_busy_cores", lambda since: 0.1)
    monkeypatch.setattr(_cpu_load, "usable_cores", lambda: 2)
    threads_cli.set_threads(_args("g2p", "hello"))
    assert torch.get_num_threads() == 2


@pytest.mark.skipif(not LINUX, reason="reads /proc/stat")
def test_the_command_line_beside_a_busy_core() -> None:
    """A fresh ``yuyin`` process started beside a spinning one runs fewer threads."""
    code = (
        "import sys, torch\n"
        "from yuyin import _cpu_load\n"
        "from yuyin.cli import main\n"
        "default = torch.get_num_threads()\n"
        "main(['g2p', 'hello'])\n"
        "print(default, torch.get_num_threads(), _cpu_load.usable_cores())\n"
    )
    spinner = subprocess.Popen([sys.executable, "-c", SPIN])
    try:
        time.sleep(0.3)
        env = {"PATH": "/usr/bin:/bin"}  # no OMP_NUM_THREADS
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
    finally:
        spinner.kill()
        spinner.wait()
    default, threads, cores = map(int, out.stdout.split()[-3:])
    assert threads <= max(1, min(default, cores - 1))
