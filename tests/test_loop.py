"""The one training loop: schedule, accumulation, non-finite steps, exact resume after kill -9."""

from __future__ import annotations

import csv
import math
import os
import signal
import subprocess
import sys
import time
from collections import namedtuple
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from toy_train import NUM_ITEMS, ToyDataset, ToyModel, ToySampler, mse_step
from yuyin.config import ConfigError
from yuyin.paths import (
    RUN_LOCK,
    RunInUseError,
    hold_run_dir,
    make_run_dir,
    release_run_dir,
    run_scope,
)
from yuyin.train.checkpoint import latest_checkpoint, read_state
from yuyin.train.distributed import move_to_device
from yuyin.train.loop import (
    LoopConfig,
    NonFiniteLossError,
    build_loop,
    build_stages,
    param_groups,
    train,
)
from yuyin.train.schedule import lr_factor

TOY_SCRIPT = Path(__file__).with_name("toy_train.py")
RESUME_TOLERANCE = 1e-6
QUIET = {"progress": False, "tensorboard": False, "device": "cpu"}


def _config(**changes) -> LoopConfig:
    values = {"lr": 3e-3, "warmup_steps": 3, "max_steps": 12, "log_every": 1, **QUIET}
    values.update(changes)
    return LoopConfig(**values)


def _losses(out_dir: Path) -> dict[int, float]:
    with (out_dir / "log.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    steps = [int(r["step"]) for r in rows]
    assert len(steps) == len(set(steps)), f"a step logged twice in {out_dir}"
    return {int(r["step"]): float(r["loss"]) for r in rows}


def _weights(out_dir: Path) -> dict[str, torch.Tensor]:
    return load_file(str(latest_checkpoint(out_dir) / "model.safetensors"))


def _assert_close_weights(a: dict, b: dict, tolerance: float) -> None:
    assert a.keys() == b.keys()
    for name in a:
        assert torch.allclose(a[name], b[name], atol=tolerance, rtol=0), name


def _run_toy(out_dir, *, batch=8, accum=1, dropout=0.1, seed=0, **changes):
    torch.manual_seed(seed)
    model = ToyModel(dropout)
    config = _config(grad_accum=accum, **changes)
    sampler = ToySampler(NUM_ITEMS, batch)
    return model, train(model, mse_step, ToyDataset(), sampler, None, config, out_dir)


# --- schedule and configuration ----------------------------------------------------------------


def test_warmup_then_cosine_to_the_floor():
    factors = [lr_factor(s, warmup_steps=4, max_steps=12, min_lr_ratio=0.1) for s in range(1, 15)]
    assert factors[:4] == pytest.approx([0.25, 0.5, 0.75, 1.0])  # linear warmup
    assert factors[7] == pytest.approx(0.1 + 0.9 * 0.5)  # step 8: half way down the cosine
    assert factors[11] == pytest.approx(0.1)  # step 12 = max_steps: the floor
    assert factors[12:] == pytest.approx([0.1, 0.1])  # stays there
    assert all(a >= b for a, b in zip(factors[3:], factors[4:], strict=False))
    assert lr_factor(1, warmup_steps=0, max_steps=10, min_lr_ratio=0.0) == pytest.approx(
        0.5 * (1 + math.cos(math.pi / 10))
    )


def test_loop_applies_the_schedule_per_group(tmp_path):
    torch.manual_seed(0)
    model = ToyModel(0.0)
    groups = param_groups(model.inp, 0.01, lr=1e-3) + param_groups(model.out, 0.01, lr=1e-2)
    for p in model.norm.parameters():
        p.requires_grad_(False)  # a frozen part: in no group, never updated
    frozen = [p.clone() for p in model.norm.parameters()]
    config = _config(max_steps=6, warmup_steps=2, min_lr_ratio=0.2)
    sampler = ToySampler(NUM_ITEMS, 8)
    train(model, mse_step, ToyDataset(), sampler, None, config, tmp_path, groups=groups)
    with (tmp_path / "log.csv").open(newline="") as fh:
        lrs = [float(r["lr"]) for r in csv.DictReader(fh)]
    expected = [1e-3 * lr_factor(s, 2, 6, 0.2) for s in range(1, 7)]
    assert lrs == pytest.approx(expected)
    assert read_state(tmp_path)["schedule"]["lr"] == pytest.approx([2e-4, 2e-4, 2e-3, 2e-3])
    assert all(torch.equal(p, f) for p, f in zip(model.norm.parameters(), frozen, strict=True))


def test_param_groups_do_not_decay_biases_and_norms():
    model = ToyModel()
    decay, no_decay = param_groups(model, 0.05)
    assert decay["weight_decay"] == 0.05 and no_decay["weight_decay"] == 0.0
    assert {id(p) for p in decay["params"]} == {id(model.inp.weight), id(model.out.weight)}
    assert len(no_decay["params"]) == 4  # two biases, norm weight and bias


def test_config_from_yaml_values():
    config = LoopConfig.from_dict({"lr": 2e-4, "betas": [0.9, 0.95], "max_steps": 7})
    assert config.betas == (0.9, 0.95) and config.max_steps == 7
    with pytest.raises(ValueError, match="unknown training setting.*'lr_max'"):
        LoopConfig.from_dict({"lr_max": 1.0})
    with pytest.raises(ValueError, match="precision"):
        LoopConfig(precision="fp8")
    with pytest.raises(ValueError, match="grad_accum"):
        LoopConfig(grad_accum=0)


@dataclass
class _Stage:
    batch: int = 4
    loop: LoopConfig = field(default_factory=LoopConfig)


def test_stage_sections_build_with_their_loops():
    assert build_loop(None, "pretrain") == LoopConfig()
    with pytest.raises(ConfigError, match="^pretrain: unknown training setting"):
        build_loop({"lr_max": 1.0}, "pretrain")
    stages = build_stages({"a": {"batch": 8, "loop": {"max_steps": 3}}}, {"a": _Stage, "b": _Stage})
    assert stages == {"a": _Stage(8, LoopConfig(max_steps=3)), "b": _Stage()}
    with pytest.raises(ConfigError, match="^b.loop: unknown training setting"):
        build_stages({"b": {"loop": {"lr_max": 1.0}}}, {"a": _Stage, "b": _Stage})
    with pytest.raises(ConfigError, match="unknown setting.*a.size"):
        build_stages({"a": {"size": 1}}, {"a": _Stage})


# --- one update --------------------------------------------------------------------------------


def test_grad_accumulation_equals_the_larger_batch(tmp_path):
    steps = 15  # an epoch is 12 updates: the run crosses into the next epoch
    _, big = _run_toy(tmp_path / "big", batch=8, dropout=0.0, max_steps=steps)
    _, accum = _run_toy(tmp_path / "accum", batch=4, accum=2, dropout=0.0, max_steps=steps)
    big_losses, accum_losses = _losses(tmp_path / "big"), _losses(tmp_path / "accum")
    assert list(big_losses) == list(range(1, steps + 1))
    for step, loss in big_losses.items():
        assert accum_losses[step] == pytest.approx(loss, abs=RESUME_TOLERANCE), step
    _assert_close_weights(_weights(tmp_path / "big"), _weights(tmp_path / "accum"), 1e-6)
    assert big.step == accum.step == steps and big.epoch == accum.epoch == 1


def test_deterministic_kernels_only_while_training(tmp_path, monkeypatch):
    monkeypatch.delenv("CUBLAS_WORKSPACE_CONFIG", raising=False)
    seen = []

    def step(model, batch):
        seen.append(torch.are_deterministic_algorithms_enabled())
        return mse_step(model, batch)

    torch.manual_seed(0)
    model = ToyModel(0.0)
    config = _config(max_steps=4, deterministic=True)
    train(model, step, ToyDataset(), ToySampler(NUM_ITEMS, 8), None, config, tmp_path / "det")
    assert seen == [True] * 4 and not torch.are_deterministic_algorithms_enabled()  # restored
    assert os.environ["CUBLAS_WORKSPACE_CONFIG"] == ":4096:8"  # cuBLAS's reproducible workspace
    _run_toy(tmp_path / "plain", dropout=0.0, max_steps=4)  # CPU kernels: the same losses
    assert _losses(tmp_path / "det") == _losses(tmp_path / "plain")


def test_nonfinite_loss_skips_the_update(tmp_path, caplog):
    snapshots: dict[int, list[torch.Tensor]] = {}
    calls = {"n": 0}

    def step_fn(model, batch):
        calls["n"] += 1
        loss, logs = mse_step(model, batch)
        return (loss * math.nan if calls["n"] in (3, 4) else loss), logs

    def eval_fn(model):
        snapshots[calls["n"]] = [p.detach().clone() for p in model.parameters()]
        return {"calls": calls["n"]}

    torch.manual_seed(0)
    model = ToyModel(0.0)
    config = _config(max_steps=6, eval_every=1)
    with caplog.at_level("WARNING", logger="yuyin.train"):
        result = train(
            model, step_fn, ToyDataset(), ToySampler(NUM_ITEMS, 8), None,
            config, tmp_path, eval_fn=eval_fn,
        )  # fmt: skip
    assert result.skipped_steps == 2 and result.step == 6
    assert math.isfinite(result.loss)
    same = [torch.equal(a, b) for a, b in zip(snapshots[2], snapshots[4], strict=True)]
    assert all(same)  # steps 3 and 4 changed nothing
    assert not all(torch.equal(a, b) for a, b in zip(snapshots[4], snapshots[5], strict=True))
    losses = _losses(tmp_path)
    assert math.isnan(losses[3]) and math.isnan(losses[4]) and math.isfinite(losses[5])
    warnings = [r.getMessage() for r in caplog.records if "skipped" in r.getMessage()]
    assert len(warnings) == 2 and warnings[0].startswith("step 3:")
    with (tmp_path / "eval.csv").open(newline="") as fh:
        assert [int(r["step"]) for r in csv.DictReader(fh)] == list(range(1, 7))


def test_nonfinite_loss_in_a_row_stops_with_a_clear_error(tmp_path):
    def step_fn(model, batch):
        loss, logs = mse_step(model, batch)
        return loss + math.inf, logs

    config = _config(max_nonfinite_steps=3)
    with pytest.raises(NonFiniteLossError, match=r"3 updates in a row \(steps 1\.\.3"):
        train(ToyModel(), step_fn, ToyDataset(), ToySampler(NUM_ITEMS, 8), None, config, tmp_path)


def test_bf16_autocast_on_cpu(tmp_path):
    dtypes = []

    def step_fn(model, batch):
        dtypes.append(model(batch["x"]).dtype)
        return mse_step(model, batch)

    for precision, expected in (("bf16", torch.bfloat16), ("auto", torch.float32)):
        dtypes.clear()
        config = _config(max_steps=2, precision=precision)
        sampler = ToySampler(NUM_ITEMS, 8)
        result = train(
            ToyModel(), step_fn, ToyDataset(), sampler, None, config, tmp_path / precision
        )
        assert set(dtypes) == {expected} and math.isfinite(result.loss)


def test_move_to_device_reaches_nested_tensors():
    @dataclass(frozen=True)
    class Batch:
        audio: torch.Tensor
        lengths: list

    class Custom:
        def to(self, device):
            self.device = device
            return self

    Pair = namedtuple("Pair", "a b")
    batch = {
        "batch": Batch(torch.zeros(2), [torch.ones(1), 3]),
        "pair": Pair(torch.zeros(1), "text"),
        "tuple": (torch.zeros(1),),
        "custom": Custom(),
    }
    moved = move_to_device(batch, torch.device("meta"))
    assert moved["batch"].audio.is_meta and moved["batch"].lengths[0].is_meta
    assert moved["batch"].lengths[1] == 3
    assert isinstance(moved["pair"], Pair) and moved["pair"].a.is_meta and moved["pair"].b == "text"
    assert isinstance(moved["tuple"], tuple) and moved["tuple"][0].is_meta
    assert moved["custom"].device == torch.device("meta")


def test_refuses_to_overwrite_a_run_without_resume(tmp_path, caplog):
    _run_toy(tmp_path, max_steps=2)
    with pytest.raises(FileExistsError, match="already holds checkpoint"):
        _run_toy(tmp_path, max_steps=2)
    torch.manual_seed(0)  # --resume into a folder that holds no run: said
    train(ToyModel(0.1), mse_step, ToyDataset(), ToySampler(NUM_ITEMS, 8), None,
          _config(max_steps=1), tmp_path / "typo", resume=True)  # fmt: skip
    assert "nothing to resume in" in caplog.text and "typo" in caplog.text


def test_tensorboard_events_and_csv_columns(tmp_path):
    pytest.importorskip("torch.utils.tensorboard")
    _run_toy(tmp_path, max_steps=3, tensorboard=True)
    assert list((tmp_path / "tb").glob("events.out.tfevents.*"))
    with (tmp_path / "log.csv").open(newline="") as fh:
        header = next(csv.reader(fh))
    assert header == ["step", "epoch", "lr", "loss", "grad_norm", "seconds", "pred_std"]


# --- exact resume ------------------------------------------------------------------------------


class _Crash(Exception):
    pass


def test_resume_after_a_crash_matches_an_uninterrupted_run(tmp_path):
    """In process, with the real DurationBatchSampler (batches of varying size), dropout, noise."""
    batching = pytest.importorskip("yuyin.data.batching")
    durations = [0.5 + (i * 37 % 11) / 10 for i in range(NUM_ITEMS)]  # 0.5 .. 1.5 s

    def run(out_dir, crash_at=None, resume=False, init_seed=0):
        calls = {"n": 0}

        def step_fn(model, batch):
            calls["n"] += 1
            if calls["n"] == crash_at:
                raise _Crash
            return mse_step(model, batch)

        torch.manual_seed(init_seed)
        model = ToyModel(0.2)
        sampler = batching.DurationBatchSampler(durations, max_seconds=8.0, seed=5)
        config = _config(max_steps=30, grad_accum=2, ckpt_every=10, seed=3)
        return train(model, step_fn, ToyDataset(), sampler, None, config, out_dir, resume=resume)

    full = run(tmp_path / "full")
    with pytest.raises(_Crash):
        run(tmp_path / "crashed", crash_at=2 * 23 + 1)  # in step 24, after the step-20 checkpoint
    assert read_state(tmp_path / "crashed")["step"] == 20
    resumed = run(tmp_path / "crashed", resume=True, init_seed=99)  # weights come from the ckpt
    expected, got = _losses(tmp_path / "full"), _losses(tmp_path / "crashed")
    assert list(got) == list(range(1, 31))
    for step in range(21, 31):
        assert got[step] == pytest.approx(expected[step], abs=RESUME_TOLERANCE), step
    _assert_close_weights(_weights(tmp_path / "full"), _weights(tmp_path / "crashed"), 1e-6)
    assert resumed.epoch == full.epoch and resumed.step == 30


def test_a_run_folder_is_held_by_one_process_at_a_time(tmp_path):
    """make_run_dir locks RUN/.yuyin.lock: again in the same process is fine, another process is
    refused naming the holder's pid, and the kernel frees it when the holder ends."""
    run = tmp_path / "run"
    code = (
        "import sys, time; from yuyin.paths import make_run_dir; make_run_dir(sys.argv[1]); "
        "print('held', flush=True); time.sleep(60)"
    )
    holder = subprocess.Popen([sys.executable, "-c", code, str(run)], stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == b"held"
        with pytest.raises(RunInUseError, match=rf"run: another process \(pid {holder.pid}\)"):
            make_run_dir(run)
        with pytest.raises(RunInUseError):  # the training loop holds its folder too
            train(ToyModel(0.1), mse_step, ToyDataset(), None, None, _config(), run)
        assert not (run / "log.csv").exists()  # refused before writing anything
    finally:
        holder.kill()
        holder.wait()
    make_run_dir(run)
    make_run_dir(run)  # held already by this process: a no-op
    assert (run / RUN_LOCK).read_text() == f"{os.getpid()}\n"
    take = [
        sys.executable,
        "-c",
        "import sys; from yuyin.paths import make_run_dir as m; m(sys.argv[1])",
    ]
    assert subprocess.run([*take, str(run)], capture_output=True).returncode == 1
    with pytest.raises(ZeroDivisionError), run_scope():  # as every trainer runs
        make_run_dir(run)  # held before the scope: stays held after it
        make_run_dir(tmp_path / "other")
        raise ZeroDivisionError
    assert subprocess.run([*take, str(run)], capture_output=True).returncode == 1
    assert subprocess.run([*take, str(tmp_path / "other")]).returncode == 0  # let go on failure
    release_run_dir(run)
    release_run_dir(run)  # not held: nothing to do
    assert subprocess.run([*take, str(run)]).returncode == 0


def _toy_command(out_dir: Path, *extra: str) -> list[str]:
    args = ["--out", str(out_dir), "--steps", "40", "--accum", "2", "--num-workers", "2"]
    return [sys.executable, str(TOY_SCRIPT), *args, *extra]


def _env() -> dict[str, str]:
    return {**os.environ, "OMP_NUM_THREADS": "1"}


def test_kill_9_after_a_checkpoint_then_resume_matches(tmp_path):
    """SIGKILL a toy run just after its step-20 checkpoint; the resumed run matches to 1e-6."""
    full_dir, killed_dir = tmp_path / "full", tmp_path / "killed"
    full = subprocess.Popen(_toy_command(full_dir), env=_env(), stderr=subprocess.PIPE)
    # the victim sleeps 50 ms per micro-batch, so it is killed within a step of the checkpoint
    victim = subprocess.Popen(
        _toy_command(killed_dir, "--step-sleep", "0.05"), env=_env(), stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    while not (killed_dir / "latest").exists():
        assert victim.poll() is None, victim.stderr.read().decode()
        assert time.monotonic() < deadline, "no checkpoint within 60 s"
        time.sleep(0.01)
    with pytest.raises(RunInUseError, match=rf"another process \(pid {victim.pid}\) is training"):
        hold_run_dir(killed_dir)  # a second training into the folder is refused while it runs
    time.sleep(0.12)  # let it log a step past the checkpoint, which the resume must drop
    assert victim.poll() is None, "the run ended before it could be killed"
    victim.send_signal(signal.SIGKILL)
    assert victim.wait() == -signal.SIGKILL
    assert read_state(killed_dir)["step"] == 20

    resumed = subprocess.run(
        _toy_command(killed_dir, "--resume"), env=_env(), capture_output=True, timeout=120
    )
    assert resumed.returncode == 0, resumed.stderr.decode()
    assert full.wait(timeout=120) == 0, full.stderr.read().decode()
    expected, got = _losses(full_dir), _losses(killed_dir)
    assert list(got) == list(range(1, 41))
    for step in range(21, 41):
        assert got[step] == pytest.approx(expected[step], abs=RESUME_TOLERANCE), step
    _assert_close_weights(_weights(full_dir), _weights(killed_dir), RESUME_TOLERANCE)


class _EpochRecordingDataset(ToyDataset):
    """Seeds like AudioDataset: from its own ``epoch``; records the epoch each item was read in."""

    def __init__(self) -> None:
        super().__init__(augment=False)
        self.epoch, self.seen = 0, []

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch

    def __getitem__(self, index: int) -> dict[str, torch.Tensor]:
        self.seen.append(self.epoch)
        return super().__getitem__(index)


def test_dataset_with_an_epoch_sees_every_epoch(tmp_path):
    dataset = _EpochRecordingDataset()
    batches_per_epoch = NUM_ITEMS // 8
    config = _config(max_steps=2 * batches_per_epoch + 1)
    train(ToyModel(0.0), mse_step, dataset, ToySampler(NUM_ITEMS, 8), None, config, tmp_path)
    assert sorted(set(dataset.seen)) == [0, 1, 2]


class _SteppedModel(ToyModel):
    def __init__(self) -> None:
        super().__init__(0.0)
        self.told: list[int] = []

    def set_step(self, step: int) -> None:
        self.told.append(step)


def test_model_is_told_each_step_and_on_step_sees_every_row(tmp_path):
    model, rows = _SteppedModel(), []
    config = _config(max_steps=5, log_every=2)
    train(
        model,
        mse_step,
        ToyDataset(),
        ToySampler(NUM_ITEMS, 8),
        None,
        config,
        tmp_path,
        on_step=rows.append,
    )
    assert model.told == [1, 2, 3, 4, 5]
    assert [r["step"] for r in rows] == [1, 2, 3, 4, 5]
    assert all(math.isfinite(r["grad_norm"]) and r["loss"] > 0 for r in rows)


def test_a_run_that_ends_on_a_nonfinite_update_is_an_error(tmp_path):
    """Fewer NaN steps than max_nonfinite_steps, but the last ones: no model may be saved as if
    the run had trained (a 4-step run at prior_scale=inf used to exit 0 with 'final loss nan')."""

    def step_fn(model, batch):
        loss, logs = mse_step(model, batch)
        return loss * math.nan, logs

    config = _config(max_steps=2, max_nonfinite_steps=5)
    with pytest.raises(NonFiniteLossError, match=r"ended on 2 update\(s\).*steps 1\.\.2"):
        train(ToyModel(), step_fn, ToyDataset(), ToySampler(NUM_ITEMS, 8), None, config, tmp_path)


def test_a_resume_names_the_task_settings_that_changed(tmp_path, caplog):
    def run(max_steps, model_config, resume):
        train(
            ToyModel(), mse_step, ToyDataset(), ToySampler(NUM_ITEMS, 8), None,
            _config(max_steps=max_steps), tmp_path, resume=resume, model_config=model_config,
        )  # fmt: skip

    run(2, {"model": {"width": 8}, "manifests": ["a.jsonl"]}, resume=False)
    with caplog.at_level("INFO", logger="yuyin.train"):
        run(3, {"model": {"width": 8}, "manifests": ["b.jsonl"]}, resume=True)
    assert "changed settings: ['max_steps', 'manifests']" in caplog.text
    # said as a warning with the values (a vocoder resumed without its --config trained 1000
    # steps instead of 60 on one info line)
    assert "goes on with other settings than it started with (max_steps: 2 -> 3; " in caplog.text
    assert "manifests: ['a.jsonl'] -> ['b.jsonl'])" in caplog.text


def test_side_logs_are_cut_back_to_the_resumed_step(tmp_path):
    from yuyin.train.logging import keep_jsonl_rows

    path = tmp_path / "health.jsonl"
    path.write_text('{"step": 5, "a": 1}\n{"step": 10, "a": 2}\n{"step": 15, "a": 3}\n{"step": 2')
    assert keep_jsonl_rows(path, 10) == [{"step": 5, "a": 1}, {"step": 10, "a": 2}]
    assert path.read_text() == '{"step": 5, "a": 1}\n{"step": 10, "a": 2}\n'
    assert keep_jsonl_rows(path, None) == [] and not path.exists()  # a new run starts afresh
