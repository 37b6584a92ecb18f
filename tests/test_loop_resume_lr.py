"""A peak learning rate given to a resume is the one the schedule goes on with (it was
announced as changed while the saved rate went on)."""

from __future__ import annotations

import csv

from toy_train import NUM_ITEMS, ToyDataset, ToyModel, ToySampler, mse_step
from yuyin.train.loop import LoopConfig, train
from yuyin.train.schedule import lr_factor

QUIET = {"progress": False, "tensorboard": False, "num_workers": 0, "ckpt_every": 2}


def _lrs(out_dir) -> dict[int, float]:
    with (out_dir / "log.csv").open(newline="") as fh:
        return {int(r["step"]): float(r["lr"]) for r in csv.DictReader(fh)}


def test_a_new_peak_rate_on_resume_is_applied(tmp_path, caplog):
    def run(lr: float, max_steps: int, resume: bool) -> None:
        config = LoopConfig(lr=lr, warmup_steps=2, max_steps=max_steps, log_every=1, **QUIET)
        model = ToyModel()
        train(model, mse_step, ToyDataset(), ToySampler(NUM_ITEMS, 8), None, config, tmp_path,
              resume=resume)  # fmt: skip

    run(1e-2, 4, resume=False)
    with caplog.at_level("WARNING", logger="yuyin.train"):
        run(1e-3, 8, resume=True)
    assert "lr: 0.01 -> 0.001" in caplog.text
    lrs = _lrs(tmp_path)
    assert lrs[2] == 1e-2  # the first run's peak, as logged then
    new = {s: 1e-3 * lr_factor(s, 2, 8, LoopConfig().min_lr_ratio) for s in (5, 6, 7, 8)}
    assert all(abs(lrs[s] - new[s]) <= 1e-12 for s in new)  # the schedule at the new peak
