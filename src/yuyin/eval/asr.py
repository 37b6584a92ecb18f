"""Recognizer evaluation: WER/CER after the documented normalization, blank-only rate, RTF.

WER and CER are computed with jiwer on ``normalize_for_scoring`` of both reference and hypothesis
(lowercase, numbers as words, punctuation dropped except word-internal apostrophes; see
:mod:`yuyin.text.normalize`). Letters the model's character set lacks but holds without their
accent are scored as it writes them ("café" as "cafe" for an a-z model, as fine-tuning spells
its targets: ``CharTokenizer.fold_text``); a model that writes "é" is scored on it. Utterances are
decoded in duration-sorted batches.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import NamedTuple

import jiwer
import torch
from torch import nn

from yuyin.audio import SAMPLE_RATE, AudioError, AudioInfo, audio_info
from yuyin.data.batching import plan_batches
from yuyin.data.dataset import (
    HEADER_THREADS,
    AudioDataset,
    collate_audio,
    describe_problem,
    length_problem,
)
from yuyin.data.manifest import Utterance
from yuyin.decode.ctc import Result, greedy_decode_batch
from yuyin.nn.device import module_device
from yuyin.text.normalize import normalize_for_scoring

EVAL_BATCH_SECONDS = 120.0  # padded audio per forward pass
Decoder = Callable[[torch.Tensor, torch.Tensor], list[Result]]


@dataclass(frozen=True)
class ASRReport:
    """Scores of a recognizer on a set of labeled utterances."""

    wer: float
    cer: float
    utterances: int
    audio_seconds: float
    decode_seconds: float
    empty_fraction: float  # hypotheses with no word at all (blank-only output)
    hypotheses: tuple[tuple[str, str, str], ...]  # (id, reference, hypothesis), normalized

    @property
    def rtf(self) -> float:
        """Real-time factor: seconds of compute per second of audio."""
        return self.decode_seconds / self.audio_seconds if self.audio_seconds else 0.0

    def to_dict(self) -> dict[str, float]:
        return {
            "wer": round(self.wer, 4),
            "cer": round(self.cer, 4),
            "utterances": self.utterances,
            "audio_seconds": round(self.audio_seconds, 1),
            "rtf": round(self.rtf, 4),
            "empty_fraction": round(self.empty_fraction, 4),
        }


def audio_notes(utterances: Sequence[Utterance]) -> list[str]:
    """Warnings from the headers of ``utterances``' audio, before it is scored: files recorded
    below 16 kHz (they hold nothing above half their rate, and a recognizer trained on 16 kHz
    speech makes more errors on them, as ``yuyin transcribe`` warns per file), and durations
    the manifest gets wrong (a header's rate written wrong, seconds written as milliseconds:
    what ``yuyin data check`` finds; they are scored as the audio reads). Unreadable files are
    left to the scoring, which names each one. Each header is read once, for both."""

    def header(utt: Utterance) -> AudioInfo | None:
        try:
            return audio_info(utt.audio)
        except (AudioError, OSError):
            return None

    with ThreadPoolExecutor(max_workers=HEADER_THREADS) as pool:
        infos = list(pool.map(header, utterances))
    rates = [info.sample_rate for info in infos if info is not None]
    notes = []
    low = Counter(r for r in rates if r is not None and r < SAMPLE_RATE)
    if low:
        shown = ", ".join(f"{n} at {r} Hz" for r, n in sorted(low.items()))
        notes.append(
            f"{sum(low.values())} of {len(utterances)} files were recorded below {SAMPLE_RATE} Hz "
            f"({shown}): they hold nothing above half their rate, and a recognizer trained on "
            f"{SAMPLE_RATE // 1000} kHz speech makes more errors on them"
        )
    wrong = [
        (utt, problem)
        for utt, info in zip(utterances, infos, strict=True)
        if info is not None and info.duration > 0
        if (problem := length_problem(utt, info.duration)) and not utt.is_segment
    ]
    if wrong:
        notes.append(
            f"{len(wrong)} of {len(utterances)} utterances have durations the audio disagrees "
            f"with, e.g. {describe_problem(*wrong[0])}; they are scored as the audio reads "
            "(`yuyin data check` lists them)"
        )
    return notes


def evaluate_asr(
    model: nn.Module,
    tokenizer,
    utterances: Sequence[Utterance],
    decoder: Decoder | None = None,
    batch_seconds: float = EVAL_BATCH_SECONDS,
    on_error: Callable[[Utterance, AudioError], None] | None = None,
    condition: bool = False,
) -> ASRReport:
    """Decode ``utterances`` (greedy unless ``decoder`` is given) and score them.

    ``model(wave, wave_lengths)`` must return ``log_probs (B, T, V)`` and ``lengths (B,)``. The
    model is put in eval mode for the call and restored afterwards. ``on_error`` and
    ``condition``: see :func:`evaluate_decoders`.
    """
    decoders = {"run": decoder}
    reports = evaluate_decoders(
        model, tokenizer, utterances, decoders, batch_seconds, on_error, condition
    )
    return reports["run"]


class Batch(NamedTuple):
    """One forward pass of :func:`forward_batches`."""

    ids: list[int]  # indices into the utterances
    log_probs: torch.Tensor  # (B, T, V) float32 on the CPU
    lengths: torch.Tensor  # (B,)
    seconds: float  # forward time
    audio_seconds: float  # audio in the batch, as decoded (not as the manifest says)


@torch.no_grad()
def forward_batches(
    model: nn.Module,
    utterances: Sequence[Utterance],
    batch_seconds: float = EVAL_BATCH_SECONDS,
    on_error: Callable[[int, AudioError], None] | None = None,
    condition: bool = False,
) -> Iterator[Batch]:
    """Run ``model`` over ``utterances`` in duration-sorted batches, in eval mode (restored
    after): yields a :class:`Batch` per forward pass.

    An unreadable audio file raises its :class:`~yuyin.audio.AudioError`; with ``on_error`` it
    is passed there (with its index) and left out of its batch. ``condition``: each utterance
    is heard as ``yuyin transcribe`` hears a piece of a file
    (:func:`~yuyin.chunking.condition_chunk`: edge silence trimmed, level raised to the
    training speech's); ``audio_seconds`` stays the audio as read.
    """
    from yuyin.chunking import condition_chunk

    was_training = model.training
    model.eval()
    device = module_device(model)
    dataset = AudioDataset(list(utterances))
    min_samples = int(getattr(getattr(model, "encoder", model), "min_samples", 1))
    try:
        durations = [u.duration for u in utterances]  # a long utterance goes alone
        plan = plan_batches(durations, max([batch_seconds, *durations]), shuffle=False)
        for planned in plan:
            ids, items, read = [], [], 0
            for i in planned:
                try:
                    item = dataset[i]
                    if item.wave.numel() < min_samples:
                        rate = dataset.sample_rate / 1000
                        raise AudioError(
                            utterances[i].audio,
                            f"only {item.wave.numel() / rate:.0f} ms of audio; the model needs "
                            f"at least {min_samples / rate:.0f} ms",
                        )
                    read += item.wave.numel()
                    if condition:
                        wave = condition_chunk(item.wave.numpy(), min_samples)[1]
                        item = replace(item, wave=torch.from_numpy(wave))
                    items.append(item)
                except AudioError as exc:
                    if on_error is None:
                        raise
                    on_error(i, exc)
                    continue
                ids.append(i)
            if not items:
                continue
            batch = collate_audio(items).to(device)
            start = time.perf_counter()
            out = model(batch.wave, batch.wave_lengths)
            log_probs, lengths = out.log_probs.float().cpu(), out.lengths.cpu()
            audio = read / dataset.sample_rate
            yield Batch(ids, log_probs, lengths, time.perf_counter() - start, audio)
    finally:
        model.train(was_training)


def evaluate_decoders(
    model: nn.Module,
    tokenizer,
    utterances: Sequence[Utterance],
    decoders: Mapping[str, Decoder | None],
    batch_seconds: float = EVAL_BATCH_SECONDS,
    on_error: Callable[[Utterance, AudioError], None] | None = None,
    condition: bool = False,
) -> dict[str, ASRReport]:
    """Score several decoders (``None``: greedy) on one forward pass of the model per batch.

    Tuning an LM weight over a grid costs one model pass, not one per setting. Each report's
    ``decode_seconds`` is the shared forward time plus that decoder's own time, so its RTF is what
    a run with that decoder alone would measure.

    An utterance whose audio cannot be used (unreadable, or shorter than the model's receptive
    field) raises its :class:`~yuyin.audio.AudioError`; with ``on_error`` it is passed there and
    scored as an empty transcript (every reference word deleted), so the WER still counts it.
    ``condition``: hear each utterance as ``yuyin transcribe`` does (:func:`forward_batches`).
    """
    utts = [u for u in utterances if u.text]
    if not utts:
        raise ValueError("no labeled utterance to evaluate on")
    if not decoders:
        raise ValueError("no decoder to evaluate")
    greedy = lambda lp, lens: greedy_decode_batch(lp, lens, tokenizer)  # noqa: E731
    decode = {name: fn or greedy for name, fn in decoders.items()}
    hyps: dict[str, dict[int, str]] = {name: {} for name in decode}
    forward = audio = 0.0
    searching = dict.fromkeys(decode, 0.0)
    failed = None
    if on_error is not None:

        def failed(index: int, exc: AudioError) -> None:
            on_error(utts[index], exc)
            for name in decode:
                hyps[name][index] = ""

    batches = forward_batches(model, utts, batch_seconds, failed, condition)
    for batch_ids, log_probs, lengths, seconds, batch_audio in batches:
        forward, audio = forward + seconds, audio + batch_audio
        for name, fn in decode.items():
            start = time.perf_counter()
            results = fn(log_probs, lengths)
            searching[name] += time.perf_counter() - start
            for i, result in zip(batch_ids, results, strict=True):
                hyps[name][i] = result.text
    fold = getattr(tokenizer, "fold_text", None)  # letters as the model can write them
    return {
        name: score_transcripts(utts, hyps[name], forward + searching[name], audio, fold)
        for name in decode
    }


def score_transcripts(
    utts: Sequence[Utterance],
    hyps: Mapping[int, str],
    seconds: float = 0.0,
    audio_seconds: float | None = None,
    fold: Callable[[str], str] | None = None,
) -> ASRReport:
    """WER/CER of transcripts ``hyps`` (index into ``utts`` -> text) against the utterances'
    texts, both after :func:`normalize_for_scoring` (and ``fold``, e.g. a tokenizer's
    ``fold_text``); ``seconds``: the decoding time and ``audio_seconds`` the audio it decoded,
    for RTF (None: the manifest's durations)."""
    norm = normalize_for_scoring if fold is None else lambda t: fold(normalize_for_scoring(t))
    refs = [norm(u.text or "") for u in utts]
    hyp_list = [norm(hyps[i]) for i in range(len(utts))]
    scored = [(r, h) for r, h in zip(refs, hyp_list, strict=True) if r]
    if not scored:  # jiwer would call that 0% WER: nothing was scored
        raise ValueError(
            f"none of the {len(utts)} utterances has a transcript with a word to score "
            "(after normalize_for_scoring)"
        )
    wer = jiwer.wer([r for r, _ in scored], [h for _, h in scored])
    cer = jiwer.cer([r for r, _ in scored], [h for _, h in scored])
    return ASRReport(
        wer=float(wer),
        cer=float(cer),
        utterances=len(utts),
        audio_seconds=sum(u.duration for u in utts) if audio_seconds is None else audio_seconds,
        decode_seconds=seconds,
        empty_fraction=sum(1 for h in hyp_list if not h) / len(utts),
        hypotheses=tuple((u.id, r, h) for u, r, h in zip(utts, refs, hyp_list, strict=True)),
    )


def word_errors(
    hypotheses: Sequence[tuple[str, str, str]], top: int = 10
) -> dict[str, list[list[str | int]]]:
    """The most frequent word errors of ``(id, reference, hypothesis)`` triples (normalized, as
    :attr:`ASRReport.hypotheses` holds them), by jiwer's alignment: ``substitutions`` as
    ``[reference word, hypothesis word, count]``, ``deletions`` and ``insertions`` as ``[word,
    count]``, each list the ``top`` most frequent. Utterances without a reference are left out.
    """
    pairs = [(ref, hyp) for _, ref, hyp in hypotheses if ref.split()]
    counts: dict[str, Counter] = {"substitutions": Counter(), "deletions": Counter(),
                                  "insertions": Counter()}  # fmt: skip
    if pairs:
        out = jiwer.process_words([r for r, _ in pairs], [h for _, h in pairs])
        for ref, hyp, chunks in zip(out.references, out.hypotheses, out.alignments, strict=True):
            for c in chunks:
                said, heard = (
                    ref[c.ref_start_idx : c.ref_end_idx],
                    hyp[c.hyp_start_idx : c.hyp_end_idx],
                )
                if c.type == "substitute":
                    counts["substitutions"].update(zip(said, heard, strict=True))
                elif c.type == "delete":
                    counts["deletions"].update(said)
                elif c.type == "insert":
                    counts["insertions"].update(heard)
    return {
        kind: [[*(key if isinstance(key, tuple) else (key,)), n] for key, n in c.most_common(top)]
        for kind, c in counts.items()
    }
