"""CTC forced alignment on emissions built from known token segments."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

import pytest
import torch

from yuyin.decode.align import (
    NO_TOKEN,
    AlignmentError,
    align,
    forced_align,
    min_frames,
)
from yuyin.text.tokenizer import BLANK_ID, CharTokenizer, Tokenizer, build_tokenizer

FRAME_RATE = 25.0  # frames per second (40 ms frames)
PEAK = 4.0  # logit a segment's token gets over the rest
NOISE = 1.5  # std of the logit noise in the noisy test: it moves some boundaries
NOISY_TOLERANCE = 2  # frames a noisy boundary may move


@pytest.fixture(autouse=True)
def one_thread() -> Iterator[None]:
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def segments_for(ids: Sequence[int], frames: int, seed: int) -> list[tuple[int, int, int]]:
    """Random increasing (token, start, end) segments; repeated tokens get a gap between them."""
    gen = torch.Generator().manual_seed(seed)
    spans, t = [], int(torch.randint(0, 4, (1,), generator=gen))
    for i, token in enumerate(ids):
        if i and ids[i - 1] == token:
            t += 1  # a blank frame must separate a repeat
        length = int(torch.randint(1, 5, (1,), generator=gen))
        spans.append((token, t, t + length))
        t += length + int(torch.randint(0, 3, (1,), generator=gen))
    assert t <= frames
    return spans


def emissions_for(
    spans: Sequence[tuple[int, int, int]],
    frames: int,
    vocab: int,
    noise: float = 0.0,
    seed: int = 0,
) -> torch.Tensor:
    """Log posteriors (T, V): each token peaks over its [start, end), blank elsewhere."""
    logits = torch.zeros(frames, vocab, dtype=torch.float64)
    logits[:, BLANK_ID] = PEAK
    for token, start, end in spans:
        logits[start:end, BLANK_ID] = 0.0
        logits[start:end, token] = PEAK
    if noise:
        gen = torch.Generator().manual_seed(seed)
        logits += noise * torch.randn(frames, vocab, generator=gen, dtype=torch.float64)
    return logits.log_softmax(dim=-1)


def check_words(tok: Tokenizer, text: str, spans: Sequence[tuple[int, int, int]], words) -> None:
    """Word spans are the first and last non-separator token of each word, in seconds."""
    letters = [s for s in spans if tok.decode([s[0]])]
    expected, index = [], 0
    for word in text.split():
        group = []
        while index < len(letters) and tok.decode([t for t, *_ in group]) != word:
            group.append(letters[index])
            index += 1
        expected.append((word, group[0][1] / FRAME_RATE, group[-1][2] / FRAME_RATE))
    assert [w.word for w in words] == [word for word, _, _ in expected]
    assert [(w.start, w.end) for w in words] == [pytest.approx((a, b)) for _, a, b in expected]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_exact_boundaries_char(seed: int) -> None:
    tok = CharTokenizer()
    text = "see the bookkeeper's committee"  # double letters: repeats need a blank
    ids = tok.encode(text)
    frames = 8 * len(ids)
    spans = segments_for(ids, frames, seed)
    log_probs = emissions_for(spans, frames, tok.vocab_size)
    result = align(log_probs, None, ids, tok, FRAME_RATE)
    assert [(s.token, s.start, s.end) for s in result.tokens] == spans
    assert all(0.5 < s.score <= 1.0 for s in result.tokens)
    check_words(tok, text, spans, result.words)
    assert result.words[0].word == "see" and result.words[-1].word == "committee"


def test_exact_boundaries_bpe_words() -> None:
    corpus = ["the bookkeeper keeps the books", "a committee sees the keeper"] * 3
    tok = build_tokenizer("bpe", corpus, vocab_size=40)
    text = "the committee keeps the books"
    ids = tok.encode(text)
    frames = 8 * len(ids)
    spans = segments_for(ids, frames, seed=3)
    result = align(emissions_for(spans, frames, tok.vocab_size), None, ids, tok, FRAME_RATE)
    assert [(s.token, s.start, s.end) for s in result.tokens] == spans
    assert [w.word for w in result.words] == text.split()
    check_words(tok, text, spans, result.words)


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4, 5])
def test_noisy_boundaries_within_two_frames(seed: int) -> None:
    tok = CharTokenizer()
    ids = tok.encode("a quick brown fox jumps over the lazy dog")
    frames = 8 * len(ids)
    spans = segments_for(ids, frames, seed)
    log_probs = emissions_for(spans, frames, tok.vocab_size, noise=NOISE, seed=seed)
    result = align(log_probs, None, ids, tok, FRAME_RATE)
    assert [s.token for s in result.tokens] == ids
    moved = 0
    for got, (_, start, end) in zip(result.tokens, spans, strict=True):
        assert abs(got.start - start) <= NOISY_TOLERANCE
        assert abs(got.end - end) <= NOISY_TOLERANCE
        moved += (got.start, got.end) != (start, end)
    assert moved > 0  # the noise is strong enough to matter


def brute_force(log_probs: torch.Tensor, ids: list[int]) -> float:
    """Best log probability over every frame labelling that collapses to ``ids``."""
    best = float("-inf")
    frames, vocab = log_probs.shape
    for path in itertools.product(range(vocab), repeat=frames):
        merged = [k for k, _ in itertools.groupby(path)]
        if [k for k in merged if k != BLANK_ID] == ids:
            best = max(best, float(sum(log_probs[t, k] for t, k in enumerate(path))))
    return best


@pytest.mark.parametrize("ids", [[1], [1, 2], [2, 2], [1, 2, 1], [3, 3, 3]])
def test_viterbi_matches_brute_force(ids: list[int]) -> None:
    gen = torch.Generator().manual_seed(sum(ids) + len(ids))
    log_probs = torch.randn(6, 4, generator=gen, dtype=torch.float64).log_softmax(dim=-1)
    frame_index, score = forced_align(log_probs, ids)
    assert score == pytest.approx(brute_force(log_probs, ids))
    labels = [ids[u] if u != NO_TOKEN else BLANK_ID for u in frame_index]
    assert score == pytest.approx(float(sum(log_probs[t, k] for t, k in enumerate(labels))))
    assert [u for u, _ in itertools.groupby(frame_index) if u != NO_TOKEN] == list(range(len(ids)))


def test_tight_fit_and_impossible_alignment() -> None:
    tok = CharTokenizer()
    ids = tok.encode("see")
    assert min_frames(ids) == 4  # s, e, blank, e
    log_probs = torch.zeros(4, tok.vocab_size).log_softmax(dim=-1)
    result = align(log_probs, None, ids, tok, FRAME_RATE)
    assert [(s.start, s.end) for s in result.tokens] == [(0, 1), (1, 2), (3, 4)]
    with pytest.raises(AlignmentError, match="3 tokens .* to 3 frames: at least 4 frames"):
        align(log_probs, 3, ids, tok, FRAME_RATE)
    with pytest.raises(AlignmentError, match="non-blank"):
        forced_align(log_probs, [BLANK_ID, 3])
    impossible = log_probs.clone()
    impossible[:, tok.encode("s")[0]] = float("-inf")
    with pytest.raises(AlignmentError, match="nonzero probability"):
        align(impossible, None, ids, tok, FRAME_RATE)


def test_empty_target_and_frame_rate() -> None:
    tok = CharTokenizer()
    log_probs = torch.zeros(5, tok.vocab_size).log_softmax(dim=-1)
    result = align(log_probs, None, [], tok, FRAME_RATE)
    assert result.tokens == () and result.words == ()
    with pytest.raises(ValueError, match="frame_rate"):
        align(log_probs, None, [], tok, 0.0)
