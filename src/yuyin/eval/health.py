"""Health monitors for self-supervised pretraining: numbers and plain-English warnings.

The functions are pure (tensors in, frozen dataclasses out). :class:`HealthMonitor` keeps short
histories across steps and turns the numbers into warnings, each reported once when it appears
(again only after it has cleared and ``cooldown`` steps have passed)::

    monitor = HealthMonitor()
    for step, batch in enumerate(batches):
        out = model(*batch); out.loss.backward()
        grad_norm = torch.nn.utils.clip_grad_norm_(params, 10.0)
        for warning in monitor.update(step, out, float(grad_norm)):
            log.warning(warning)
    monitor.summary()  # latest numbers + how often each warning fired

What is watched: quantizer codebook usage and perplexity (wav2vec 2.0), target-cluster entropy
(HuBERT), collapse of encoder outputs (per-dimension variance, cosine similarity between frames),
the masked-vs-unmasked loss gap, a stalled masked loss, gradient-norm spikes, non-finite values.

Shapes: B batch, T frames, D channels, G codebook groups, V entries per group, K clusters.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from statistics import median
from typing import Any

import torch

IGNORE_INDEX = -100  # label of frames without a target (as yuyin.models.kmeans)
MIN_CODE_USAGE = 0.05  # fraction of codebook entries used; wav2vec 2.0 healthy runs use most
# warnings that mean the encoder learned nothing worth fine-tuning (not a stall or a spike)
COLLAPSE_WARNINGS = frozenset({"codebook_perplexity", "codebook_usage", "collapse_cosine",
                               "collapse_variance", "non_finite", "target_entropy",
                               "trivial_task", "zero_gradient"})  # fmt: skip
DEAD_STEPS = 5  # updates in a row with an exactly zero gradient that make a run dead
TRIVIAL_LOSS = 1e-3  # a masked loss under this with accuracy 1.0: nothing left to learn
MIN_PERPLEXITY_FRACTION = 0.02  # per-group code perplexity over V under which a codebook collapsed
MIN_GROUP_PERPLEXITY = 2.0  # ...and never below 2: one group effectively using a single code
MIN_TARGET_ENTROPY = 0.3  # cluster entropy / log K under which HuBERT targets are degenerate
MIN_TARGET_USAGE = 0.05  # fraction of clusters that occur at all
COLLAPSE_VARIANCE = 1e-6  # median per-dimension variance of outputs treated as constant
COLLAPSE_COSINE = 0.99  # mean cosine similarity between frames treated as identical
COSINE_FRAMES = 256  # frames sampled for the pairwise cosine (256^2 pairs is cheap)
GRAD_SPIKE_FACTOR = 10.0  # a gradient norm this many times the running median is a spike


@dataclass(frozen=True)
class CodebookStats:
    """Use of a product-quantizer codebook over some frames."""

    perplexity: float  # sum over groups of exp(entropy of code frequencies), in [G, G V]
    used_fraction: float  # entries used at least once / (G V)
    frames: int


@dataclass(frozen=True)
class TargetStats:
    """Distribution of HuBERT target cluster ids over some frames."""

    entropy: float  # nats
    normalized_entropy: float  # entropy / log K, in [0, 1]
    used_fraction: float  # clusters that occur / K
    top_fraction: float  # share of frames in the most frequent cluster
    frames: int


@dataclass(frozen=True)
class RepresentationStats:
    """Spread of encoder outputs over valid frames."""

    median_variance: float  # median over dimensions of the variance across frames
    mean_cosine: float  # mean cosine similarity between distinct frames (sampled)


def code_counts(
    codes: torch.Tensor, num_entries: int, padding_mask: torch.Tensor | None = None
) -> torch.Tensor:
    """Histogram of codes (B, T, G) over valid frames -> (G, V) counts."""
    flat = codes.reshape(-1, codes.shape[-1])  # (B*T, G)
    if padding_mask is not None:
        flat = flat[~padding_mask.reshape(-1)]
    groups = flat.shape[1]
    offsets = torch.arange(groups, device=flat.device) * num_entries  # (G,)
    counts = torch.bincount((flat + offsets).reshape(-1), minlength=groups * num_entries)
    return counts.view(groups, num_entries).cpu()


def codebook_stats_from_counts(counts: torch.Tensor) -> CodebookStats:
    """(G, V) counts -> :class:`CodebookStats`."""
    counts = counts.double()
    frames = int(counts[0].sum()) if counts.shape[0] else 0
    probs = counts / counts.sum(dim=1, keepdim=True).clamp(min=1.0)  # (G, V)
    entropy = -(probs * torch.log(probs.clamp(min=1e-12))).sum(dim=1)  # (G,)
    used = float((counts > 0).double().mean())
    return CodebookStats(float(torch.exp(entropy).sum()), used, frames)


def codebook_stats(
    codes: torch.Tensor, num_entries: int, padding_mask: torch.Tensor | None = None
) -> CodebookStats:
    """Perplexity and usage of codes (B, T, G) with V = ``num_entries`` per group."""
    return codebook_stats_from_counts(code_counts(codes, num_entries, padding_mask))


def target_stats_from_counts(counts: torch.Tensor) -> TargetStats:
    """(K,) counts of cluster ids -> :class:`TargetStats`."""
    counts = counts.double()
    total = float(counts.sum())
    probs = counts / max(total, 1.0)
    entropy = float(-(probs * torch.log(probs.clamp(min=1e-12))).sum())
    k = counts.numel()
    return TargetStats(
        entropy=entropy,
        normalized_entropy=entropy / math.log(k) if k > 1 else 0.0,
        used_fraction=float((counts > 0).double().mean()),
        top_fraction=float(probs.max()) if k else 0.0,
        frames=int(total),
    )


def target_counts(targets: torch.Tensor, num_clusters: int) -> torch.Tensor:
    """Histogram of cluster ids (B, T), ignoring :data:`IGNORE_INDEX` -> (K,) counts."""
    ids = targets[targets != IGNORE_INDEX].reshape(-1)
    return torch.bincount(ids, minlength=num_clusters).cpu()


def target_stats(targets: torch.Tensor, num_clusters: int) -> TargetStats:
    """Entropy and usage of cluster ids (B, T) (padding = :data:`IGNORE_INDEX`)."""
    return target_stats_from_counts(target_counts(targets, num_clusters))


def representation_stats(
    hidden: torch.Tensor,
    padding_mask: torch.Tensor | None = None,
    max_frames: int = COSINE_FRAMES,
    generator: torch.Generator | None = None,
) -> RepresentationStats:
    """Per-dimension variance and mean pairwise cosine of hidden (B, T, D) over valid frames."""
    frames = hidden.detach().float().reshape(-1, hidden.shape[-1])  # (B*T, D)
    if padding_mask is not None:
        frames = frames[~padding_mask.reshape(-1).to(frames.device)]
    if frames.shape[0] < 2:
        return RepresentationStats(float("nan"), float("nan"))
    variance = float(frames.var(dim=0).median())
    if frames.shape[0] > max_frames:
        pick = torch.randperm(frames.shape[0], generator=generator)[:max_frames]
        frames = frames[pick.to(frames.device)]
    unit = torch.nn.functional.normalize(frames, dim=1)  # (N, D)
    cosine = unit @ unit.T  # (N, N)
    n = cosine.shape[0]
    mean_cosine = float((cosine.sum() - cosine.diagonal().sum()) / (n * (n - 1)))
    return RepresentationStats(variance, mean_cosine)


def _number(text: str | None) -> float | None:
    """A finite float from a CSV cell, else None."""
    try:
        value = float(text) if text not in (None, "") else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) else None


class GradNormTracker:
    """Running median of recent gradient norms; flags a norm over ``factor`` x the median."""

    def __init__(
        self, window: int = 100, factor: float = GRAD_SPIKE_FACTOR, min_history: int = 10
    ) -> None:
        self.history: deque[float] = deque(maxlen=window)
        self.factor, self.min_history = factor, min_history

    @property
    def median(self) -> float:
        return median(self.history) if self.history else float("nan")

    def update(self, grad_norm: float) -> bool:
        """Record a finite norm; True when it is a spike against the history before it."""
        if not math.isfinite(grad_norm):
            return False
        spike = len(self.history) >= self.min_history and grad_norm > self.factor * self.median
        self.history.append(grad_norm)
        return spike


class HealthMonitor:
    """Watches pretraining steps; :meth:`update` returns new warnings, :meth:`summary` numbers.

    ``output`` is a :class:`yuyin.models.pretrain.PretrainOutput` (any object with its fields:
    ``loss``, ``logs``, ``hidden``, ``padding_mask``, and ``codes``/``num_entries`` or
    ``targets``/``num_clusters`` where the objective has them). Codebook and target statistics are
    pooled over the last ``window`` updates, since one batch has too few frames to show usage.
    Loss-gap and stall checks start after ``warmup_steps``.
    """

    def __init__(
        self,
        warmup_steps: int = 500,
        window: int = 50,
        stall_steps: int = 2000,
        stall_tolerance: float = 0.01,
        cooldown: int = 500,
        ema_decay: float = 0.98,
    ) -> None:
        self.warmup_steps, self.window, self.cooldown = warmup_steps, window, cooldown
        self.stall_steps, self.stall_tolerance = stall_steps, stall_tolerance
        self.ema_decay = ema_decay
        self.grad_norms = GradNormTracker()
        self._codes: deque[torch.Tensor] = deque(maxlen=window)
        self._targets: deque[torch.Tensor] = deque(maxlen=window)
        self._ema: dict[str, float] = {}
        self._masked_history: deque[tuple[int, float]] = deque()
        self._active: set[str] = set()
        self._messages: dict[str, str] = {}  # the latest message of each warning
        self._zero_grads = 0  # updates in a row with a zero gradient
        self._last_emitted: dict[str, int] = {}
        self.counts: dict[str, int] = {}
        self.latest: dict[str, float] = {}
        self.step = -1
        self._refilling = False  # after a resume: pooled statistics wait for a full window

    def replay(self, rows: list[dict[str, str]]) -> None:
        """Resume from a run's ``log.csv`` rows (steps up to its checkpoint): the gradient norms
        and loss averages are rebuilt from them, without warnings. Codebook and target usage,
        which the log does not hold, are judged again once ``window`` new steps are pooled."""
        for row in rows:
            step = int(float(row["step"]))
            self.step = step
            grad = _number(row.get("grad_norm"))
            if grad is not None:
                self.grad_norms.update(grad)
            masked = _number(row.get("loss_masked"))
            if masked is None:
                continue
            self.latest["loss_masked"] = self._smooth("loss_masked", masked)
            self._masked_history.append((step, self.latest["loss_masked"]))
            unmasked = _number(row.get("loss_unmasked"))
            if unmasked is not None and step >= self.warmup_steps:
                self._smooth("loss_unmasked", unmasked)
        while (
            self._masked_history and self._masked_history[0][0] < self.step - 2 * self.stall_steps
        ):
            self._masked_history.popleft()
        self._refilling = bool(rows)

    def state_dict(self) -> dict[str, Any]:
        """Everything :meth:`update` goes on from, as JSON values, for a checkpoint: a resumed
        run that loads it (:meth:`load_state_dict`) warns as this one would have. Unlike
        :meth:`replay` of a ``log.csv`` written every ``log_every`` steps, nothing is sampled:
        the gradient norms and loss averages of every step, and which warnings hold, were said
        and how often. Pooled code and target counts (tensors) are left out; they are judged
        again once ``window`` new steps are pooled."""
        return {
            "step": self.step,
            "grad_norms": list(self.grad_norms.history),
            "ema": dict(self._ema),
            "masked_history": [[step, value] for step, value in self._masked_history],
            "active": sorted(self._active),
            "messages": dict(self._messages),
            "zero_grads": self._zero_grads,
            "last_emitted": dict(self._last_emitted),
            "counts": dict(self.counts),
            "latest": dict(self.latest),
        }

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Go on from a :meth:`state_dict` (a resumed run's checkpoint)."""
        self.step = int(state["step"])
        self.grad_norms.history.clear()
        self.grad_norms.history.extend(float(x) for x in state["grad_norms"])
        self._ema = {str(k): float(v) for k, v in state["ema"].items()}
        self._masked_history = deque((int(s), float(v)) for s, v in state["masked_history"])
        self._active = set(state["active"])
        self._messages = dict(state["messages"])
        self._zero_grads = int(state["zero_grads"])
        self._last_emitted = {str(k): int(v) for k, v in state["last_emitted"].items()}
        self.counts = {str(k): int(v) for k, v in state["counts"].items()}
        self.latest = dict(state["latest"])
        self._refilling = True

    def update(self, step: int, output: Any, grad_norm: float | None = None) -> list[str]:
        """Record one training step; return warnings that are new (deduplicated)."""
        self.step = step
        found: dict[str, str] = {}
        self._check_finite(step, output, grad_norm, found)
        if grad_norm is not None and self.grad_norms.update(float(grad_norm)):
            found["grad_spike"] = (
                f"gradient norm spike at step {step}: {grad_norm:.3g} is "
                f"{grad_norm / self.grad_norms.median:.0f}x the running median "
                f"{self.grad_norms.median:.3g}; lower the learning rate or clip harder"
            )
        self._check_representation(output, found)
        self._check_codebook(output, found)
        self._check_targets(output, found)
        self._check_losses(step, output.logs, found, getattr(output, "unmasked_weight", 1.0))
        self._check_dead(output.logs, grad_norm, found)
        return self._emit(step, found)

    def _check_dead(self, logs: dict[str, float], grad_norm: float | None, found: dict) -> None:
        """A run that learns nothing while its numbers look fine: no gradient for
        :data:`DEAD_STEPS` updates in a row, or a contrastive task already solved perfectly
        (every distractor shares the positive's code, as after a codebook collapse)."""
        self._zero_grads = self._zero_grads + 1 if grad_norm == 0.0 else 0
        if self._zero_grads >= DEAD_STEPS:
            found["zero_gradient"] = (
                f"the gradient has been exactly 0 for {self._zero_grads} updates: nothing is "
                "learned any more (a collapsed quantizer or a learning rate too high?)"
            )
        if logs.get("acc_masked") == 1.0 and logs.get("loss_masked", 1.0) < TRIVIAL_LOSS:
            found["trivial_task"] = (
                f"the masked task is solved perfectly (accuracy 1.0, loss "
                f"{logs['loss_masked']:.2g}): no distractor is left to tell apart, so the loss "
                "and accuracy say nothing (the codebook collapsed to one code?)"
            )

    def active_messages(self) -> list[str]:
        """The warnings whose conditions still held at the last update."""
        return [self._messages[key] for key in sorted(self._active) if key in self._messages]

    def _emit(self, step: int, found: dict[str, str]) -> list[str]:
        self._messages.update(found)
        new = []
        for key, message in found.items():
            last = self._last_emitted.get(key)
            recent = last is not None and step - last < self.cooldown
            if key not in self._active and not recent:
                new.append(message)
                self._last_emitted[key] = step
                self.counts[key] = self.counts.get(key, 0) + 1
        self._active = set(found)
        return new

    def _check_finite(
        self, step: int, output: Any, grad_norm: float | None, found: dict[str, str]
    ) -> None:
        loss = float(output.loss.detach()) if torch.is_tensor(output.loss) else float(output.loss)
        bad = [] if math.isfinite(loss) else ["loss"]
        if grad_norm is not None and not math.isfinite(grad_norm):
            bad.append("gradient norm")
        if bad:
            found["non_finite"] = (
                f"non-finite {' and '.join(bad)} at step {step}: the update is garbage; check the "
                "learning rate, AMP loss scaling and the input audio"
            )

    def _check_representation(self, output: Any, found: dict[str, str]) -> None:
        stats = representation_stats(output.hidden, output.padding_mask)
        self.latest.update(median_variance=stats.median_variance, mean_cosine=stats.mean_cosine)
        if stats.median_variance < COLLAPSE_VARIANCE:
            found["collapse_variance"] = (
                f"representation collapse: the median per-dimension variance of encoder outputs "
                f"is {stats.median_variance:.2e}; every frame gets nearly the same vector"
            )
        if stats.mean_cosine > COLLAPSE_COSINE:
            found["collapse_cosine"] = (
                f"representation collapse: encoder output frames are nearly identical (mean "
                f"cosine similarity {stats.mean_cosine:.3f} > {COLLAPSE_COSINE})"
            )

    def _check_codebook(self, output: Any, found: dict[str, str]) -> None:
        codes = getattr(output, "codes", None)
        if codes is None:
            return
        entries = int(output.num_entries)
        self._codes.append(code_counts(codes, entries, output.padding_mask))
        stats = codebook_stats_from_counts(torch.stack(list(self._codes)).sum(dim=0))
        total = self._codes[0].numel()  # G * V
        self.latest.update(code_perplexity=stats.perplexity, code_usage=stats.used_fraction)
        if stats.frames < entries or self._waiting(self._codes):
            return  # too few frames pooled to judge usage
        if stats.used_fraction < MIN_CODE_USAGE:
            found["codebook_usage"] = (
                f"codebook collapse: only {stats.used_fraction:.1%} of the {total} quantizer "
                f"codes were used over the last {len(self._codes)} steps; raise the diversity "
                "loss weight or the Gumbel temperature"
            )
        groups = total // entries
        floor = groups * max(MIN_GROUP_PERPLEXITY, MIN_PERPLEXITY_FRACTION * entries)
        if stats.perplexity < floor:
            found["codebook_perplexity"] = (
                f"codebook perplexity collapsed to {stats.perplexity:.1f} of {total} possible: "
                "a few codes take almost every frame"
            )

    def _check_targets(self, output: Any, found: dict[str, str]) -> None:
        targets = getattr(output, "targets", None)
        if targets is None:
            return
        self._targets.append(target_counts(targets, int(output.num_clusters)))
        stats = target_stats_from_counts(torch.stack(list(self._targets)).sum(dim=0))
        self.latest.update(
            target_entropy=stats.normalized_entropy, target_usage=stats.used_fraction
        )
        if self._waiting(self._targets):
            return
        if stats.used_fraction < MIN_TARGET_USAGE or stats.normalized_entropy < MIN_TARGET_ENTROPY:
            found["target_entropy"] = (
                f"degenerate targets: {stats.used_fraction:.1%} of the {int(output.num_clusters)} "
                f"clusters occur and their entropy is {stats.normalized_entropy:.2f} of the "
                f"maximum ({stats.top_fraction:.0%} of frames in one cluster); refit k-means on "
                "more varied audio or check the labeler's features"
            )

    def _waiting(self, pooled: deque) -> bool:
        """After a resume, whether ``pooled`` is still refilling (too few steps to judge)."""
        if self._refilling and len(pooled) >= self.window:
            self._refilling = False
        return self._refilling

    def _smooth(self, key: str, value: float) -> float:
        previous = self._ema.get(key)
        decay = self.ema_decay
        self._ema[key] = value if previous is None else decay * previous + (1 - decay) * value
        return self._ema[key]

    def _check_losses(
        self, step: int, logs: dict[str, float], found: dict[str, str], unmasked_weight: float
    ) -> None:
        if "loss_masked" not in logs:
            return
        masked = self._smooth("loss_masked", logs["loss_masked"])
        self.latest["loss_masked"] = masked
        self._masked_history.append((step, masked))
        while self._masked_history and self._masked_history[0][0] < step - 2 * self.stall_steps:
            self._masked_history.popleft()
        if step < self.warmup_steps:
            return
        if "loss_unmasked" in logs:
            unmasked = self._smooth("loss_unmasked", logs["loss_unmasked"])
            self.latest.update(loss_unmasked=unmasked, loss_gap=masked - unmasked)
            # only a loss trained on visible frames too can show a leak: an untrained one is
            # simply worse (HuBERT and wav2vec 2.0 by default learn from masked frames only)
            if unmasked_weight > 0 and masked <= unmasked:
                found["loss_gap"] = (
                    f"the masked loss ({masked:.3f}) is not above the unmasked loss "
                    f"({unmasked:.3f}): predicting hidden frames is as easy as visible ones, so "
                    "the task is trivial or the targets leak (e.g. through the frontend's "
                    "receptive field or too short mask spans)"
                )
        past = [v for s, v in self._masked_history if s <= step - self.stall_steps]
        if step >= self.warmup_steps + self.stall_steps and past:
            before = past[-1]
            if before - masked < self.stall_tolerance * abs(before):
                found["loss_stall"] = (
                    f"the masked loss stalled: {before:.3f} -> {masked:.3f} over the last "
                    f"{self.stall_steps} steps (less than {self.stall_tolerance:.0%} better)"
                )

    def summary(self) -> dict[str, Any]:
        """Latest numbers, how often each warning fired, and which conditions hold now."""
        return {
            "step": self.step,
            **self.latest,
            "grad_norm_median": self.grad_norms.median,
            "warnings": dict(self.counts),
            "active": sorted(self._active),
        }
