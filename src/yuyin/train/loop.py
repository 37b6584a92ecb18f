"""The one training loop: AdamW, warmup + cosine, accumulation, clipping, autocast, DDP, resume.

Every task trains through :func:`train` and supplies only ``step_fn(model, batch) -> (loss, logs)``:
the loss to minimize (a scalar tensor, the mean over the batch) and floats to log. A run directory
holds ``log.csv``, ``eval.csv``, TensorBoard events and the checkpoints of
:mod:`yuyin.train.checkpoint`.

Exact resume. A checkpoint stores the optimizer state, the sampler position (epoch and batches
consumed in it) and the RNG states. Randomness is also *re-seeded* from fixed keys, so it does not
depend on what happened before in the process:

* before each micro-batch, Python/NumPy/torch RNGs are seeded from ``(seed, step, micro, rank)``, so
  dropout in step ``s`` is the same in a resumed run as in an uninterrupted one;
* before each item is fetched, they are seeded from ``(seed, epoch, index)``, so random augmentation
  in ``dataset[index]`` does not depend on which DataLoader worker fetches it, nor when.

Under torchrun the model is wrapped in ``DistributedDataParallel``. ``step_fn`` must then call the
model it is given (``model(...)``: the wrapper, whose forward synchronizes gradients); reach the
task's own attributes through :func:`unwrap`. The process joins the group in :func:`train`; a
script that trains under torchrun leaves it with ``cleanup_distributed()`` when done (the ``yuyin``
command does).
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import nn
from torch.nn.parallel import DistributedDataParallel

from yuyin.paths import hold_run_dir, run_scope
from yuyin.train import checkpoint as ckpt
from yuyin.train.checkpoint import derive_seed, seed_everything
from yuyin.train.distributed import (
    DistInfo,
    all_reduce_mean,
    barrier,
    init_distributed,
    resolve_device,
    set_deterministic,
)
from yuyin.train.logging import EVAL_CSV, CsvLog, TrainLog
from yuyin.train.loop_config import LoopConfig, build_loop, build_stages
from yuyin.train.schedule import INITIAL_LR_KEY, lr_factor, remember_initial_lr, set_lr
from yuyin.train.stream import BatchSampler, BatchStream

__all__ = [
    "LoopConfig",
    "NonFiniteLossError",
    "TrainResult",
    "build_loop",
    "build_stages",
    "param_groups",
    "train",
    "unwrap",
]

log = logging.getLogger("yuyin.train")
_STEP_SEEDS = "step"  # the seed stream of micro-batches (items use stream.ITEM_SEEDS)

StepFn = Callable[[nn.Module, Any], tuple[torch.Tensor, Mapping[str, float]]]
EvalFn = Callable[[nn.Module], Mapping[str, float]]


class NonFiniteLossError(RuntimeError):
    """The loss or the gradient norm was NaN/inf for too many steps in a row."""


@dataclass(frozen=True)
class TrainResult:
    """Where a run ended; ``loss`` is the last finite update's (mean over micro-batches, ranks)."""

    step: int
    epoch: int
    loss: float
    metrics: dict[str, float] = field(default_factory=dict)  # last eval_fn result (main rank)
    checkpoint: Path | None = None
    skipped_steps: int = 0
    seconds: float = 0.0  # training wall time, summed over the runs a resumed run continues


# --- helpers ---------------------------------------------------------------------------------


def unwrap(model: nn.Module) -> nn.Module:
    """The task's model inside a ``DistributedDataParallel`` wrapper (or the model itself)."""
    return model.module if isinstance(model, DistributedDataParallel) else model


def param_groups(model: nn.Module, weight_decay: float, **options: Any) -> list[dict[str, Any]]:
    """AdamW groups for the trainable parameters of ``model``: decayed matrices, undecayed rest.

    Biases and norm gains (fewer than 2 dims) get no weight decay. ``options`` (``lr=...``) go into
    both groups; tasks build layer-wise rates by calling this per submodule.
    """
    trainable = [p for p in model.parameters() if p.requires_grad]
    decay = [p for p in trainable if p.ndim >= 2]
    no_decay = [p for p in trainable if p.ndim < 2]
    groups = [
        {"params": decay, "weight_decay": weight_decay, **options},
        {"params": no_decay, "weight_decay": 0.0, **options},
    ]
    return [g for g in groups if g["params"]]


def _adamw(groups: list[dict[str, Any]], config: LoopConfig) -> torch.optim.Optimizer:
    """AdamW, fused into one kernel where torch supports it (about 3x faster steps on CPU)."""
    kwargs = {"lr": config.lr, "betas": config.betas, "weight_decay": config.weight_decay}
    try:
        return torch.optim.AdamW(groups, fused=True, **kwargs)
    except (RuntimeError, TypeError, ValueError):  # a device or dtype without a fused kernel
        return torch.optim.AdamW(groups, **kwargs)


def _autocast(precision: str, device: torch.device) -> Callable[[], AbstractContextManager]:
    """A factory of the autocast context for the forward pass (fp32: none)."""
    bf16 = precision == "bf16" or (
        precision == "auto" and device.type == "cuda" and torch.cuda.is_bf16_supported()
    )
    if not bf16:
        return nullcontext
    return lambda: torch.autocast(device.type, dtype=torch.bfloat16)


# --- data ------------------------------------------------------------------------------------


# --- the loop --------------------------------------------------------------------------------


@dataclass
class _Counters:
    """What a checkpoint carries besides model, optimizer and data position."""

    step: int = 0
    seconds: float = 0.0  # training wall time, summed over resumed runs
    skipped: int = 0  # updates skipped for a non-finite loss or gradient
    nonfinite_in_row: int = 0
    loss: float = math.nan  # last finite loss


@dataclass
class _Run:
    """The objects of one run, handed to the helpers of :func:`train` together."""

    config: LoopConfig
    out_dir: Path
    info: DistInfo
    model: nn.Module  # the task's module
    net: nn.Module  # what step_fn calls: the model or its DDP wrapper
    optimizer: torch.optim.Optimizer
    stream: BatchStream
    autocast: Callable[[], AbstractContextManager]
    counters: _Counters
    saved: dict[str, Any]  # model config and task state for every state.json
    task_state: Callable[[], dict[str, Any]] | None = None  # the task's own, at each checkpoint


@run_scope()
def train(
    model: nn.Module,
    step_fn: StepFn,
    dataset: Any,
    sampler: BatchSampler,
    collate_fn: Callable[[list[Any]], Any] | None,
    config: LoopConfig,
    out_dir: str | Path,
    *,
    eval_fn: EvalFn | None = None,
    resume: bool = False,
    groups: Sequence[dict[str, Any]] | None = None,
    model_config: Mapping[str, Any] | None = None,
    extra_state: Mapping[str, Any] | None = None,
    on_step: Callable[[dict[str, float]], None] | None = None,
    task_state: Callable[[], dict[str, Any]] | None = None,
    eval_at_start: bool = False,
) -> TrainResult:
    """Train ``model`` with ``step_fn`` for ``config.max_steps`` updates; checkpoint in ``out_dir``.

    Args:
        model: the task's module; moved to the device, wrapped in DDP under torchrun.
        step_fn: ``(model, batch) -> (loss, logs)``: ``loss`` a scalar tensor averaged over the
            batch, ``logs`` floats (the same keys every call); ``batch`` is ``collate_fn``'s
            output, already on the device.
        dataset: ``dataset[i]`` for the indices the sampler yields.
        sampler: batch sampler following :class:`BatchSampler` (it splits batches across ranks).
        collate_fn: list of items -> batch (None: torch's default collation).
        config: the loop settings.
        out_dir: run directory for logs and checkpoints (only rank 0 writes).
        eval_fn: ``model -> metrics``, run on rank 0 in eval mode without gradients every
            ``eval_every`` updates and at the end.
        resume: continue from ``out_dir``'s latest checkpoint (from scratch when there is none).
            Without it, an ``out_dir`` that holds checkpoints is an error.
        groups: the task's own AdamW parameter groups (default :func:`param_groups`).
        model_config, extra_state: JSON-serializable dicts stored in every ``state.json``.
        on_step: called on rank 0 after every update with its row (step, epoch, lr, loss,
            grad_norm, the task's logs), e.g. for health monitors. A model with ``set_step(step)``
            is told each update's step before it runs (schedules inside the model).
        task_state: called on rank 0 at each checkpoint; its JSON-serializable dict is stored in
            that ``state.json`` as ``task_state`` (what ``on_step`` built up, for a resume).
        eval_at_start: a new run also evaluates before its first update, logged as step 0
            (the starting point of a model that can already do the task).

    Raises:
        NonFiniteLossError: ``config.max_nonfinite_steps`` updates in a row had a NaN/inf loss or
            gradient norm (each is skipped with a warning before that).
        yuyin.train.checkpoint.CheckpointError: a checkpoint could not be written or loaded.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    hold_run_dir(out_dir)  # a second process training into out_dir is refused
    info = init_distributed(config.device)
    device = resolve_device(config.device, info)
    model.to(device).train()
    chosen = list(groups) if groups is not None else param_groups(model, config.weight_decay)
    optimizer = _adamw(chosen, config)
    remember_initial_lr(optimizer)
    stream = BatchStream(dataset, sampler, collate_fn, config.num_workers, config.seed, device)
    counters = _restore(out_dir, model, optimizer, stream, config, resume, model_config)
    net = model
    if info.distributed:
        device_ids = [device.index] if device.type == "cuda" else None
        net = DistributedDataParallel(
            model, device_ids, find_unused_parameters=config.find_unused_parameters
        )
    saved = {"model_config": model_config, "extra": extra_state}  # into every state.json
    saved = {key: dict(value) if value is not None else None for key, value in saved.items()}
    run = _Run(
        config,
        out_dir,
        info,
        model,
        net,
        optimizer,
        stream,
        _autocast(config.precision, device),
        counters,
        saved,
        task_state,
    )
    train_log = TrainLog(
        out_dir,
        start_step=counters.step,
        max_steps=config.max_steps,
        resumed=counters.step > 0,
        enabled=info.is_main,
        tensorboard=config.tensorboard,
        progress=config.progress,
    )
    metrics: dict[str, float] = {}
    started = time.monotonic() - counters.seconds
    restore_kernels = set_deterministic(config.deterministic)  # before the first matmul
    try:
        if eval_at_start and eval_fn is not None and counters.step == 0 and info.is_main:
            train_log.eval_row(0, _evaluate(run, eval_fn))
        while counters.step < config.max_steps:
            counters.step += 1
            step, final = counters.step, counters.step == config.max_steps
            set_lr(
                optimizer,
                lr_factor(step, config.warmup_steps, config.max_steps, config.min_lr_ratio),
            )
            if hasattr(model, "set_step"):
                model.set_step(step)
            loss, grad_norm, logs = _update(run, step_fn)
            _count_nonfinite(counters, loss, grad_norm, config)
            counters.seconds = time.monotonic() - started
            lr = optimizer.param_groups[0]["lr"]
            row = {"step": step, "epoch": stream.epoch, "lr": lr, "loss": loss}
            row.update(grad_norm=grad_norm, seconds=counters.seconds, **logs)
            if step % config.log_every == 0 or final:
                train_log.train_row(row)
            if on_step is not None and info.is_main:
                on_step(row)
            train_log.advance()
            if eval_fn is not None and (step % config.eval_every == 0 or final) and info.is_main:
                metrics = _evaluate(run, eval_fn)
                train_log.eval_row(step, metrics)
            if (step % config.ckpt_every == 0 or final) and info.is_main:
                _save(run)
    finally:
        train_log.close()
        restore_kernels()
    barrier()  # the last checkpoint is on disk before any rank returns
    if counters.nonfinite_in_row:  # no model is saved from a run that ends diverging
        first = counters.step - counters.nonfinite_in_row + 1
        raise NonFiniteLossError(
            f"the run ended on {counters.nonfinite_in_row} update(s) whose loss or gradient norm "
            f"was not finite (steps {first}..{counters.step}): lower the learning rate, check "
            "the settings and the data, or train in fp32"
        )
    if not metrics and eval_fn is not None and info.is_main:  # resumed with no step left
        metrics = _recorded_metrics(Path(out_dir), counters.step)
    latest = ckpt.latest_checkpoint(out_dir)
    return TrainResult(
        counters.step,
        stream.epoch,
        counters.loss,
        metrics,
        latest,
        counters.skipped,
        round(counters.seconds, 1),
    )


def _recorded_metrics(out_dir: Path, step: int) -> dict[str, float]:
    """The evaluation ``eval.csv`` holds for ``step`` (a finished run resumed evaluates nothing
    again, and its model is saved with these scores)."""
    path = out_dir / EVAL_CSV
    rows = [r for r in CsvLog.read(path) if int(float(r["step"])) == step] if path.is_file() else []
    metrics = {}
    for key, value in (rows[-1] if rows else {}).items():
        with contextlib.suppress(ValueError):
            if key != "step" and value != "":
                metrics[key] = float(value)
    return metrics


def _restore(
    out_dir: Path,
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    stream: BatchStream,
    config: LoopConfig,
    resume: bool,
    model_config: Mapping[str, Any] | None = None,
) -> _Counters:
    """Load the latest checkpoint when resuming; position the sampler and the stream. Logs the
    settings that differ from the checkpoint's: the loop's and the task's (model, data ...)."""
    latest = ckpt.run_to_resume(out_dir, resume)
    stream.sampler.set_epoch(0)
    if latest is None:
        if resume:  # a typo in --out would otherwise train from scratch without a word
            log.warning("nothing to resume in %s (no checkpoint): a new run starts", out_dir)
        return _Counters()
    fresh = [group[INITIAL_LR_KEY] for group in optimizer.param_groups]  # this run's peaks
    state = ckpt.load_checkpoint(latest, model, optimizer)
    ckpt.set_rng_state(state["rng"])
    stream.epoch, stream.batches_done = state["epoch"], state["batches_done"]
    stream.sampler.set_epoch(stream.epoch)
    stream.sampler.load_state_dict(state["sampler"])
    now = json.loads(json.dumps(asdict(config)))  # tuples as lists, as state.json has them
    changed = sorted(k for k, v in now.items() if state["loop_config"].get(k) != v)
    then = _flat(state.get("model_config") or {})
    task = _flat(json.loads(json.dumps(model_config or {}, default=str)))
    keys = {k for k in task.keys() | then.keys() if not k.startswith("loop.")}  # listed above
    changed += sorted(k for k in keys if task.get(k) != then.get(k))
    if "lr" in changed:  # a new peak rate given to the resume: the schedule goes on from it
        for group, peak in zip(optimizer.param_groups, fresh, strict=True):
            group[INITIAL_LR_KEY] = peak
    log.info(f"resuming {latest} (changed settings: {changed or 'none'})")
    if changed:  # a --config or --set given to --resume (the command line keeps the run's own)
        was, now_all = {**state["loop_config"], **then}, {**now, **task}
        shown = [f"{k}: {was.get(k)!r} -> {now_all.get(k)!r}" for k in changed[:6]]
        log.warning(
            "the run goes on with other settings than it started with (%s%s): those given now; "
            "a --resume without --config or --set keeps the run's own",
            "; ".join(shown),
            "; ..." if len(changed) > 6 else "",
        )
    return _Counters(step=state["step"], **state["counters"])


def _flat(values: Mapping[str, Any]) -> dict[str, Any]:
    """``{"model": {"dim": 8}}`` -> ``{"model.dim": 8}`` (one level: sections and their keys)."""
    flat: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, Mapping):
            flat.update({f"{key}.{k}": v for k, v in value.items()})
        else:
            flat[key] = value
    return flat


def _update(run: _Run, step_fn: StepFn) -> tuple[float, float, dict[str, float]]:
    """One update over ``grad_accum`` micro-batches; returns loss, gradient norm and logs.

    Loss and logs are means over micro-batches and ranks. A NaN/inf loss or gradient norm skips the
    update (the gradients are dropped); every rank sees the same values, so all skip together.
    """
    config, net, optimizer = run.config, run.net, run.optimizer
    optimizer.zero_grad(set_to_none=True)
    loss_sum = torch.zeros((), device=run.stream.device)
    log_sums: dict[str, float] = {}
    for micro in range(config.grad_accum):
        batch = run.stream.next()
        seed_everything(
            derive_seed(_STEP_SEEDS, config.seed, run.counters.step, micro, run.info.rank)
        )
        # DDP all-reduces gradients in the backward of the last micro-batch only
        last = micro == config.grad_accum - 1
        no_sync = isinstance(net, DistributedDataParallel) and not last
        with net.no_sync() if no_sync else nullcontext():
            with run.autocast():
                loss, logs = step_fn(net, batch)
            (loss / config.grad_accum).backward()
        loss_sum += loss.detach().float()
        for key, value in logs.items():
            log_sums[key] = log_sums.get(key, 0.0) + float(value)
    grad_norm = torch.nn.utils.clip_grad_norm_(net.parameters(), config.clip_norm or math.inf)
    keys = sorted(log_sums)
    sums = [loss_sum.item(), *(log_sums[k] for k in keys)]
    means = torch.tensor(sums, dtype=torch.float64, device=run.stream.device) / config.grad_accum
    values = all_reduce_mean(means).tolist()  # (1 + logs,)
    loss_value, norm = values[0], float(grad_norm)
    if math.isfinite(loss_value) and math.isfinite(norm):
        optimizer.step()
    optimizer.zero_grad(set_to_none=True)
    return loss_value, norm, dict(zip(keys, values[1:], strict=True))


def _count_nonfinite(
    counters: _Counters, loss: float, grad_norm: float, config: LoopConfig
) -> None:
    """Track skipped updates; raise after ``max_nonfinite_steps`` in a row."""
    if math.isfinite(loss) and math.isfinite(grad_norm):
        counters.nonfinite_in_row, counters.loss = 0, loss
        return
    counters.skipped += 1
    counters.nonfinite_in_row += 1
    in_row = counters.nonfinite_in_row
    log.warning(
        f"step {counters.step}: loss {loss}, grad norm {grad_norm}: skipped ({in_row} in a row)"
    )
    if counters.nonfinite_in_row >= config.max_nonfinite_steps:
        first = counters.step - counters.nonfinite_in_row + 1
        raise NonFiniteLossError(
            f"loss or gradient norm not finite in {counters.nonfinite_in_row} updates in a row "
            f"(steps {first}..{counters.step}; last loss {loss}, gradient norm {grad_norm}): lower "
            "the learning rate, check the data, or train in fp32"
        )


def _evaluate(run: _Run, eval_fn: EvalFn) -> dict[str, float]:
    run.model.eval()
    try:
        with torch.no_grad(), run.autocast():
            return {key: float(value) for key, value in eval_fn(run.model).items()}
    finally:
        run.model.train()


def _save(run: _Run) -> Path:
    """Checkpoint the run: tensors via :mod:`checkpoint`, the rest as JSON-serializable values."""
    stream, counts = run.stream, asdict(run.counters)
    step = counts.pop("step")  # save_checkpoint records it
    state = {
        "epoch": stream.epoch,
        "batches_done": stream.batches_done,
        "sampler": stream.sampler.state_dict(batches_done=stream.batches_done),
        "counters": counts,
        "schedule": {"lr": [group["lr"] for group in run.optimizer.param_groups]},
        "loop_config": asdict(run.config),
        **run.saved,
        "rng": ckpt.rng_state(),
    }
    if run.task_state is not None:
        state["task_state"] = run.task_state()
    keep = run.config.keep_checkpoints
    return ckpt.save_checkpoint(run.out_dir, step, run.model, run.optimizer, state, keep=keep)
