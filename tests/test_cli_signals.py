"""SIGTERM (``timeout``, ``kill``, a job scheduler) stops a command as cleanly as Ctrl-C does."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from dummies import make_tiny_voice
from yuyin.cli import main
from yuyin.cli._signals import EXIT_TERMINATED, Terminated, sigterm_as_interrupt

MAIN = "from yuyin.cli import main; import sys; sys.exit(main(sys.argv[1:]))"
PANGRAM = "The quick brown fox jumps over the lazy dog."
WAIT_S = 120  # for a subprocess to start writing (imports on a busy 2-core machine)


def _wait_for(found, proc: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not found():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            out, err = proc.communicate()
            pytest.fail(f"never saw {what} (exit {proc.returncode}): {err.decode()[-2000:]}")
        time.sleep(0.05)


def test_sigterm_while_say_streams_leaves_no_temporary_and_the_old_file(tmp_path: Path) -> None:
    voice = make_tiny_voice(tmp_path / "voice")
    work = tmp_path / "work"
    work.mkdir()
    text = work / "long.txt"
    text.write_text(" ".join([PANGRAM] * 5000), encoding="utf-8")
    out = work / "out.wav"
    out.write_bytes(b"old")
    args = ["say", "--file", str(text), "-o", str(out), "--voice", str(voice), "--quiet"]
    proc = subprocess.Popen([sys.executable, "-c", MAIN, *args], stderr=subprocess.PIPE)
    _wait_for(lambda: any(p.name.startswith(".out.wav.") for p in work.iterdir()), proc, "audio")
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=WAIT_S)
    assert proc.returncode == EXIT_TERMINATED == 143
    assert err.decode().strip().splitlines()[-1] == "terminated"  # no traceback
    assert sorted(p.name for p in work.iterdir()) == ["long.txt", "out.wav"]
    assert out.read_bytes() == b"old"


def test_sigterm_in_a_training_command_says_how_to_go_on(monkeypatch, capsys, tmp_path) -> None:
    import yuyin.cli.lm as lm_cli

    def terminated(args):
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(30)  # the handler interrupts this
        raise AssertionError("SIGTERM did not stop the command")

    monkeypatch.setattr(lm_cli, "run_train", terminated)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "run" / "ckpt-00000002").mkdir(parents=True)  # a run with a checkpoint
    (tmp_path / "run" / "ckpt-00000002" / "state.json").write_text("{}")
    before = signal.getsignal(signal.SIGTERM)
    assert main(["lm", "train", "--text", "x.txt", "--out", "run"]) == 143
    assert capsys.readouterr().err == (
        "terminated; the run goes on from its last checkpoint with --resume\n"
    )
    assert signal.getsignal(signal.SIGTERM) is before  # put back when the command ends
    # stopped before its first checkpoint: --resume would start anew, and it says so
    assert main(["lm", "train", "--text", "x.txt", "--out", "new"]) == 143
    assert capsys.readouterr().err == (
        "terminated; it had written no checkpoint yet: run it again (--resume would start anew)\n"
    )


def test_a_forked_worker_ends_on_sigterm_without_the_parents_cleanup() -> None:
    """A DataLoader worker forked while the handler is set gets SIGTERM's default action: the
    DataLoader's terminate() ends it; it never raises into the parent's ``finally`` blocks."""
    read, write = os.pipe()
    with sigterm_as_interrupt():
        pid = os.fork()
        if pid == 0:  # the child: say it is ready, then wait to be ended
            try:
                os.write(write, b"ready")
                time.sleep(30)
            finally:
                os._exit(3)  # reached only when SIGTERM raised here, as in the parent
        os.close(write)
        assert os.read(read, 5) == b"ready"
        os.kill(pid, signal.SIGTERM)
        _, status = os.waitpid(pid, 0)
        os.close(read)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGTERM


SHARER_CODE = compile(  # what multiprocessing.resource_sharer's _serve thread does on an error
    "import sys\n"
    "def serve(error):\n"
    "    try:\n"
    "        raise error\n"
    "    except BaseException:\n"
    "        sys.excepthook(*sys.exc_info())\n",
    os.path.join("lib", "multiprocessing", "resource_sharer.py"),
    "exec",
)


def test_a_forked_worker_prints_no_traceback_when_its_parent_goes_mid_transfer(monkeypatch):
    """A DataLoader worker's resource-sharer thread loses the parent that SIGTERM stopped while
    fetching a tensor: ConnectionResetError, which used to end the run's stderr (a test saw it
    under load). Other exceptions of the child's threads are still printed."""
    sharer: dict = {}
    exec(SHARER_CODE, sharer)  # a function whose frame is in multiprocessing/resource_sharer.py
    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)  # as outside pytest
    read, write = os.pipe()
    with sigterm_as_interrupt():
        pid = os.fork()
        if pid == 0:
            try:
                sys.stderr = os.fdopen(write, "w")  # where threading's excepthook prints
                for error in (ConnectionResetError(104, "reset"), BrokenPipeError(32, "pipe")):
                    thread = threading.Thread(target=sharer["serve"], args=(error,))
                    thread.start()
                    thread.join()
                try:  # not the sharer's: still printed
                    raise ZeroDivisionError("elsewhere")
                except ZeroDivisionError:
                    sys.excepthook(*sys.exc_info())
            finally:
                sys.stderr.flush()
                os._exit(0)
        os.close(write)
        with os.fdopen(read, "rb") as fh:
            err = fh.read().decode()
        os.waitpid(pid, 0)
    assert "ZeroDivisionError" in err
    assert "ConnectionResetError" not in err and "BrokenPipeError" not in err


def test_a_second_sigterm_during_cleanup_ends_the_process() -> None:
    with sigterm_as_interrupt():
        with pytest.raises(Terminated):
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(30)
        assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # the next one is not caught


@pytest.mark.parametrize("group", [False, True], ids=["process", "process-group"])
def test_sigterm_stops_a_training_run_with_a_worker_keeping_its_checkpoint(
    tmp_path: Path, group: bool
):
    """A scheduler's SIGTERM to a run whose DataLoader has a worker process: exit 143, the hint
    about --resume, the last checkpoint whole, and --resume goes on from it. Sent to the whole
    process group (`timeout`, Slurm, `docker stop`) the worker gets it too: it must leave the
    stop to the parent (it used to die of it, and the DataLoader raised a traceback)."""
    from dummies import make_tone_corpus
    from yuyin.train.checkpoint import checkpoint_step, latest_checkpoint

    manifest, _ = make_tone_corpus(tmp_path, n=6, seconds_range=(0.5, 1.0))
    run = tmp_path / "run"
    sets = [
        "encoder.dim=32", "encoder.layers=1", "encoder.heads=2", "encoder.frontend_channels=8",
        "loop.warmup_steps=1", "loop.ckpt_every=2", "loop.eval_every=1000", "loop.max_steps=1000",
        "loop.num_workers=1", "loop.progress=false", "loop.tensorboard=false",
        "data.max_batch_seconds=2", "monitor.every=1000",
    ]  # fmt: skip
    args = ["pretrain", "--objective", "reconstruct", "--data", str(manifest), "--out", str(run)]
    args += ["--config", "configs/pretrain/tiny.yaml"] + [a for s in sets for a in ("--set", s)]
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-c", MAIN, *args], stderr=subprocess.PIPE, env=env, start_new_session=True
    )
    _wait_for(lambda: latest_checkpoint(run) is not None, proc, "a checkpoint")
    if group:
        os.killpg(proc.pid, signal.SIGTERM)  # the run and its DataLoader worker at once
    else:
        proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=WAIT_S)
    assert proc.returncode == 143, err.decode()[-2000:]
    assert "Traceback" not in err.decode() and "Exception ignored" not in err.decode()
    last = err.decode().strip().splitlines()[-1]
    assert last == "terminated; the run goes on from its last checkpoint with --resume"
    step = checkpoint_step(latest_checkpoint(run))
    assert step is not None and step >= 2
    resumed = [*args, "--resume", "--set", f"loop.max_steps={step + 1}"]
    assert main([*resumed, "--set", "loop.ckpt_every=1"]) == 0
    assert checkpoint_step(latest_checkpoint(run)) == step + 1


def test_a_worker_killed_by_sigterm_is_known_through_the_exception_chain() -> None:
    from yuyin.cli._signals import worker_terminated

    report = RuntimeError("DataLoader worker (pid 901) is killed by signal: Terminated. ")
    assert worker_terminated(report)
    try:
        try:
            raise report
        except RuntimeError:
            raise OSError("while cleaning up") from None  # raised while handling it
    except OSError as later:
        assert worker_terminated(later)
    assert not worker_terminated(
        RuntimeError("DataLoader worker (pid 9) is killed by signal: Killed")
    )
