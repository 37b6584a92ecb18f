"""Linear CTC probes of frozen encoder layers: how much of the transcript each layer exposes.

A probe is cheap because the encoder runs once: :func:`extract_features` encodes the labeled
utterances in eval mode under ``torch.no_grad()`` and keeps every selected layer's frames. Then, per
layer, a single ``Linear(D, V)`` is trained with CTC on the frozen frames of the train part and
greedy-decodes the held-out part; its character error rate says how linearly readable the
characters are in that layer. Run it on a labeled dev manifest every few thousand pretraining steps
(or on a random encoder as the floor) to see representations improve::

    result = probe_layers(encoder, read_manifest("dev.jsonl"), ProbeConfig(layers=[0, 2, 4]))
    for line in format_probe(result).splitlines():
        log.info(line)  # "probe L2 cer=0.41 loss=1.23"

The train/held-out split is a stable hash of the utterance id, so successive probes of one
pretraining run compare on the same utterances. Everything random derives from ``config.seed``.

Shapes: B batch, S samples, T frames, D channels, V vocabulary (with blank), U tokens.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass

import jiwer
import torch
import torch.nn.functional as F
from torch import nn

from yuyin.audio import SAMPLE_RATE
from yuyin.data.dataset import load_utterance
from yuyin.data.manifest import Utterance
from yuyin.nn.device import module_device

__all__ = [
    "CharVocab",
    "ProbeConfig",
    "ProbeResult",
    "extract_features",
    "format_probe",
    "probe_layers",
]

BLANK = 0  # CTC blank id
WORD_SEPARATOR = "|"  # stands for a space between words (wav2vec 2.0 character vocabularies)
APOSTROPHE = "'"
HASH_DIGEST_BYTES = 8  # 64-bit id hash: uniform enough for any split fraction
HASH_SCALE = 2 ** (8 * HASH_DIGEST_BYTES)  # maps the digest to [0, 1)
CACHE_DTYPE = torch.float16  # cached frames: half the memory of float32, ample for a linear probe
STD_FLOOR = 1e-5  # standardization never divides by a dead dimension's ~0 spread


@dataclass
class ProbeConfig:
    """Plain-value settings of :func:`probe_layers`."""

    layers: list[int] | None = None  # indices into EncoderOutput.layer_hiddens; None: all
    steps: int = 300  # Adam steps per layer
    lr: float = 1e-2
    batch_size: int = 16  # utterances per probe step
    train_fraction: float = 0.7  # of the labeled utterances, by id hash; the rest is held out
    seed: int = 0  # probe batches; the split does not depend on it
    max_utterances: int | None = 200  # labeled utterances kept (by a salted id hash); None: all
    batch_seconds: float = 60.0  # padded audio per encoder forward during extraction
    device: str | None = None  # None: the device of the encoder's parameters
    condition: bool = False  # hear each utterance as transcribe does (condition_chunk)

    def __post_init__(self) -> None:
        if self.steps < 1 or self.batch_size < 1:
            raise ValueError(
                f"steps and batch_size must be >= 1, got {self.steps}, {self.batch_size}"
            )
        if not 0.0 < self.train_fraction < 1.0:
            raise ValueError(f"train_fraction must be in (0, 1), got {self.train_fraction!r}")
        if self.max_utterances is not None and self.max_utterances < 2:
            raise ValueError(f"max_utterances must be >= 2, got {self.max_utterances!r}")
        if not self.batch_seconds > 0:
            raise ValueError(f"batch_seconds must be > 0, got {self.batch_seconds!r}")


@dataclass(frozen=True)
class ProbeResult:
    """What :func:`probe_layers` measured. ``layers`` is JSON-ready, in the order probed."""

    layers: tuple[dict[str, float], ...]  # {"layer": i, "cer": held-out CER, "loss": train CTC}
    best_layer: int  # lowest held-out CER (ties: lowest train loss, then the earlier layer)
    seconds: float  # wall time of the whole probe, extraction included
    train_utterances: int
    held_out_utterances: int
    skipped_short: int  # shorter than the encoder's min_samples
    skipped_unlabeled: int  # no text, or nothing left of it after normalization


@dataclass(frozen=True)
class CharVocab:
    """Characters of transcripts: lowercase letters, apostrophe and ``|`` between words.

    Id 0 is the CTC blank; id ``i + 1`` is ``chars[i]``. Other characters (digits, punctuation)
    are dropped by :meth:`normalize`, so feed it normalized transcripts.

    >>> vocab = CharVocab.from_texts(["Don't stop", "go"])
    >>> vocab.decode(vocab.encode("don't  GO"))
    "don't go"
    """

    chars: tuple[str, ...]

    @classmethod
    def from_texts(cls, texts: Sequence[str]) -> CharVocab:
        """The vocabulary of every character in ``texts`` (after :meth:`normalize`)."""
        found = {WORD_SEPARATOR}.union(*(cls.normalize(text) for text in texts))
        return cls(tuple(sorted(found)))

    @staticmethod
    def normalize(text: str) -> str:
        """Lowercase kept characters, words joined by ``|``: ``"Don't  stop"`` -> ``don't|stop``."""
        words = (
            "".join(c for c in word if c.isalpha() or c == APOSTROPHE) for word in text.split()
        )
        return WORD_SEPARATOR.join(word for word in (w.lower() for w in words) if word)

    def __len__(self) -> int:
        return len(self.chars) + 1  # V, blank included

    def encode(self, text: str) -> list[int]:
        """Token ids (U,) of a transcript; characters outside the vocabulary are dropped."""
        index = {c: i + 1 for i, c in enumerate(self.chars)}
        return [index[c] for c in self.normalize(text) if c in index]

    def decode(self, ids: Sequence[int]) -> str:
        """Text of token ids: blanks skipped, ``|`` back to a space (no CTC collapsing here)."""
        chars = (self.chars[i - 1] for i in ids if i != BLANK)
        return "".join(chars).replace(WORD_SEPARATOR, " ").strip()


def _split_key(utterance_id: str, purpose: str) -> float:
    """A stable pseudo-random number in [0, 1) for an utterance id (not Python's salted hash),
    one per ``purpose``: the subset a large set is cut to and its train/held-out split use
    two, independent of each other and of ``yuyin data split``'s plain id hash (the lowest
    hashes kept were then all "train", and a dev set cut by that hash had no held-out part)."""
    key = f"{purpose}\t{utterance_id}".encode()
    digest = hashlib.blake2b(key, digest_size=HASH_DIGEST_BYTES).digest()
    return int.from_bytes(digest, "big") / HASH_SCALE


def _length_batches(durations: Sequence[float], max_seconds: float) -> list[list[int]]:
    """Indices grouped by similar length, each group's ``longest x count`` within ``max_seconds``.

    An utterance longer than ``max_seconds`` gets a batch of its own (never dropped).
    """
    order = sorted(range(len(durations)), key=lambda i: (durations[i], i))
    batches: list[list[int]] = []
    for i in order:  # ascending: the newest utterance is the batch's longest
        if batches and durations[i] * (len(batches[-1]) + 1) <= max_seconds:
            batches[-1].append(i)
        else:
            batches.append([i])
    return batches


def _resolve_layers(layers: Sequence[int] | None, count: int) -> list[int]:
    """Non-negative layer indices; negative ones count from the end, as in Python."""
    if layers is None:
        return list(range(count))
    resolved = []
    for layer in layers:
        if not -count <= layer < count:
            raise ValueError(f"layer {layer} out of range: the encoder has {count} layer outputs")
        resolved.append(layer % count)
    return resolved


@torch.no_grad()
def _extract(
    encoder: nn.Module,
    utterances: Sequence[Utterance],
    layers: Sequence[int] | None,
    batch_seconds: float,
    device: torch.device | str,
    dtype: torch.dtype,
    condition: bool = False,
) -> tuple[list[int], list[list[torch.Tensor]]]:
    """Resolved layer indices, and per layer the frames (T_i, D) of every utterance, on CPU;
    with ``condition`` each utterance as ``yuyin transcribe`` hears it
    (:func:`~yuyin.chunking.condition_chunk`)."""
    from yuyin.chunking import condition_chunk

    min_samples = int(getattr(encoder, "min_samples", 1))
    resolved: list[int] | None = None
    frames: dict[int, list[torch.Tensor]] = {}  # utterance index -> (T_i, D) per layer
    was_training = encoder.training
    encoder.eval()  # no dropout, no layer drop: the frozen encoder as it would be deployed
    try:
        for batch in _length_batches([u.duration for u in utterances], batch_seconds):
            read = [load_utterance(utterances[i]) for i in batch]  # (S_i,)
            if condition:
                read = [condition_chunk(w, min_samples)[1] for w in read]
            waves = [torch.from_numpy(w) for w in read]
            for i, wave in zip(batch, waves, strict=True):
                if wave.numel() < min_samples:
                    raise ValueError(
                        f"utterance {utterances[i].id!r} has {wave.numel()} samples; "
                        f"the encoder needs at least {min_samples}"
                    )
            lengths = torch.tensor([w.numel() for w in waves], device=device)  # (B,)
            padded = nn.utils.rnn.pad_sequence(waves, batch_first=True).to(device)  # (B, S)
            out = encoder(padded, lengths)
            if resolved is None:
                resolved = _resolve_layers(layers, len(out.layer_hiddens))
            for row, i in enumerate(batch):
                valid = int(out.lengths[row])
                frames[i] = [out.layer_hiddens[k][row, :valid].to("cpu", dtype) for k in resolved]
    finally:
        encoder.train(was_training)
    if resolved is None:
        raise ValueError("no utterances to extract features from")
    per_layer = [[frames[i][j] for i in range(len(utterances))] for j in range(len(resolved))]
    return resolved, per_layer


def extract_features(
    encoder: nn.Module,
    utterances: Sequence[Utterance],
    layers: Sequence[int] | None = None,
    batch_seconds: float = 60.0,
    device: torch.device | str = "cpu",
) -> list[list[torch.Tensor]]:
    """Frozen frames of the selected layers: ``features[j][i]`` is layer ``layers[j]``, utterance i.

    Each tensor is (T_i, D) float32 on CPU, trimmed to the utterance's valid frames. The encoder
    runs once per length-sorted batch of at most ``batch_seconds`` padded audio, in eval mode under
    ``torch.no_grad()``; its train/eval mode is restored afterwards. Any module whose forward takes
    ``(wave (B, S), wave_lengths (B,))`` and returns ``layer_hiddens`` (L + 1 x (B, T, D)) and
    ``lengths`` (B,) will do. ``layers`` index ``layer_hiddens`` (negative from the end; None: all).
    An utterance shorter than the encoder's ``min_samples`` is a ``ValueError`` naming it.
    """
    return _extract(encoder, utterances, layers, batch_seconds, device, torch.float32)[1]


def _pad(frames: Sequence[torch.Tensor], device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
    """Float32 frames padded on ``device``: (T_i, D) x B -> (B, T, D), lengths (B,)."""
    lengths = torch.tensor([f.shape[0] for f in frames], device=device)  # (B,)
    padded = nn.utils.rnn.pad_sequence([f.float() for f in frames], batch_first=True)  # (B, T, D)
    return padded.to(device), lengths


def _ctc_losses(
    log_probs: torch.Tensor, lengths: torch.Tensor, targets: Sequence[list[int]]
) -> torch.Tensor:
    """Per-utterance CTC loss over target length: (B, T, V), (B,), B x (U_i,) -> (B,).

    Infeasible alignments (fewer frames than tokens need) count as zero, not infinity.
    """
    device = log_probs.device
    target_lengths = torch.tensor([len(t) for t in targets], device=device)  # (B,)
    flat = torch.tensor([token for t in targets for token in t], device=device)  # (sum U_i,)
    losses = F.ctc_loss(
        log_probs.transpose(0, 1),  # (T, B, V)
        flat,
        lengths,
        target_lengths,
        blank=BLANK,
        reduction="none",
        zero_infinity=True,
    )  # (B,)
    return losses / target_lengths.clamp(min=1)


class _LinearProbe(nn.Module):
    """Standardize frames with train statistics, then ``Linear(D, V)``: (B, T, D) -> (B, T, V)."""

    def __init__(self, train_frames: Sequence[torch.Tensor], vocab_size: int) -> None:
        super().__init__()
        stacked = torch.cat([f.float() for f in train_frames])  # (sum T_i, D)
        self.register_buffer("mean", stacked.mean(dim=0))  # (D,)
        self.register_buffer("std", stacked.std(dim=0).clamp(min=STD_FLOOR))  # (D,)
        # zero init: the probe's only randomness is the batch order, drawn from the seed
        self.linear = nn.Linear(stacked.shape[1], vocab_size)
        nn.init.zeros_(self.linear.weight)
        nn.init.zeros_(self.linear.bias)

    def forward(self, frames: torch.Tensor) -> torch.Tensor:
        return self.linear((frames - self.mean) / self.std).log_softmax(dim=-1)  # (B, T, V)


@torch.enable_grad()  # callers may run under no_grad (the loop's evaluation does)
def _train_probe(
    frames: Sequence[torch.Tensor],
    targets: Sequence[list[int]],
    vocab_size: int,
    config: ProbeConfig,
    device: torch.device,
) -> _LinearProbe:
    """Fit a linear CTC probe on frames (T_i, D) with token targets (U_i,) for ``config.steps``."""
    probe = _LinearProbe(frames, vocab_size).to(device)
    optimizer = torch.optim.Adam(probe.parameters(), lr=config.lr)
    generator = torch.Generator().manual_seed(config.seed)
    batch_size = min(config.batch_size, len(frames))
    for _ in range(config.steps):
        picks = torch.randperm(len(frames), generator=generator)[:batch_size].tolist()
        padded, lengths = _pad([frames[i] for i in picks], device)  # (B, T, D), (B,)
        loss = _ctc_losses(probe(padded), lengths, [targets[i] for i in picks]).mean()
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
    return probe


@torch.no_grad()
def _evaluate(
    probe: _LinearProbe,
    frames: Sequence[torch.Tensor],
    targets: Sequence[list[int]],
    batch_size: int,
    device: torch.device,
) -> tuple[float, list[list[int]]]:
    """Mean CTC loss per token, and the greedy (best path) token ids of every utterance."""
    total = 0.0
    hypotheses: list[list[int]] = []
    for start in range(0, len(frames), batch_size):
        chunk = slice(start, start + batch_size)
        padded, lengths = _pad(frames[chunk], device)  # (B, T, D), (B,)
        log_probs = probe(padded)  # (B, T, V)
        total += float(_ctc_losses(log_probs, lengths, targets[chunk]).sum())
        best = log_probs.argmax(dim=-1).cpu()  # (B, T)
        for row, length in enumerate(lengths.tolist()):
            path = torch.unique_consecutive(best[row, :length])  # collapse repeats
            hypotheses.append([int(t) for t in path if t != BLANK])
    return total / len(frames), hypotheses


def _labeled_subset(
    utterances: Sequence[Utterance], config: ProbeConfig, min_samples: int
) -> tuple[list[Utterance], int, int]:
    """Utterances fit to probe (a pseudo-random ``max_utterances`` of them by id hash), and the
    counts skipped as unlabeled and as too short."""
    labeled = [u for u in utterances if u.text is not None and CharVocab.normalize(u.text)]
    long_enough = [u for u in labeled if round(u.duration * SAMPLE_RATE) >= min_samples]
    kept = sorted(long_enough, key=lambda u: (_split_key(u.id, "probe-subset"), u.id))
    kept = kept[: config.max_utterances]
    return kept, len(utterances) - len(labeled), len(labeled) - len(long_enough)


def probe_split(
    utterances: Sequence[Utterance], config: ProbeConfig, min_samples: int
) -> tuple[list[Utterance], list[Utterance], int, int]:
    """(train, held out, unlabeled count, too-short count): the utterances :func:`probe_layers`
    uses, split by id hash; ValueError when either part is empty (a set too small to probe),
    which a pretraining run checks before it starts."""
    kept, unlabeled, short = _labeled_subset(utterances, config, min_samples)
    kept = sorted(kept, key=lambda u: (_split_key(u.id, "probe-split"), u.id))
    cut = sum(_split_key(u.id, "probe-split") < config.train_fraction for u in kept)
    cut = min(max(cut, 1), len(kept) - 1)  # a few utterances: one of them held out, at least
    train, held_out = kept[:cut], kept[cut:]
    if not train or not held_out:
        raise ValueError(
            f"{len(kept)} usable utterance(s) split into {len(train)} train and "
            f"{len(held_out)} held out by id; a probe needs both parts non-empty (use a larger "
            "labeled set, ~20 utterances or more)"
        )
    return train, held_out, unlabeled, short


def probe_layers(
    encoder: nn.Module, utterances: Sequence[Utterance], config: ProbeConfig | None = None
) -> ProbeResult:
    """Train a linear CTC probe per selected layer of a frozen encoder; score it on held-out audio.

    ``utterances`` is a labeled dev manifest. Unlabeled ones and those shorter than the encoder's
    ``min_samples`` are skipped and counted. The rest (at most ``config.max_utterances``) split
    into train and held-out parts by id hash. Each layer's probe reports the held-out CER of its
    greedy transcripts (``jiwer.cer`` against the normalized text) and its final CTC loss per token
    over the whole train part. The result depends only on the inputs and ``config.seed``.
    """
    config = config or ProbeConfig()
    started = time.perf_counter()
    device = torch.device(config.device) if config.device else module_device(encoder)
    train, held_out, unlabeled, short = probe_split(
        utterances, config, int(getattr(encoder, "min_samples", 1))
    )
    kept = train + held_out
    vocab = CharVocab.from_texts([u.text or "" for u in kept])
    layers, features = _extract(
        encoder,
        train + held_out,
        config.layers,
        config.batch_seconds,
        device,
        CACHE_DTYPE,
        config.condition,
    )
    train_targets = [vocab.encode(u.text or "") for u in train]
    held_out_targets = [vocab.encode(u.text or "") for u in held_out]
    references = [vocab.decode(t) for t in held_out_targets]
    scores = []
    for layer, frames in zip(layers, features, strict=True):
        train_frames, held_out_frames = frames[: len(train)], frames[len(train) :]
        probe = _train_probe(train_frames, train_targets, len(vocab), config, device)
        loss, _ = _evaluate(probe, train_frames, train_targets, config.batch_size, device)
        _, hypotheses = _evaluate(
            probe, held_out_frames, held_out_targets, config.batch_size, device
        )
        cer = float(jiwer.cer(references, [vocab.decode(h) for h in hypotheses]))
        scores.append({"layer": layer, "cer": cer, "loss": loss})
    best = min(scores, key=lambda s: (s["cer"], s["loss"]))
    return ProbeResult(
        layers=tuple(scores),
        best_layer=int(best["layer"]),
        seconds=time.perf_counter() - started,
        train_utterances=len(train),
        held_out_utterances=len(held_out),
        skipped_short=short,
        skipped_unlabeled=unlabeled,
    )


def format_probe(result: ProbeResult) -> str:
    """One log line per probed layer, the best one marked: ``probe L2 cer=0.41 loss=1.23 *``."""
    lines = []
    for score in result.layers:
        mark = " *" if score["layer"] == result.best_layer else ""
        lines.append(
            f"probe L{score['layer']} cer={score['cer']:.2f} loss={score['loss']:.2f}{mark}"
        )
    return "\n".join(lines)
