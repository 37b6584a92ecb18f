"""G2P: a discriminative reranker over the combined candidates, with and without affix analogies.

The rescoring of :mod:`yuyin.models.g2p_rescore` picks among the candidates of the neural beam,
the right-to-left beam and the joint-sequence n-best with a linear score of four numbers whose
weights are tuned on a grid. The lists hold a right pronunciation for ~96% of the words, the
linear score finds ~74%. This bench asks whether more features, with weights learned, pick better:

* ``linear``: the rescoring as shipped (:func:`~yuyin.models.g2p_rescore.tune_weights` on dev,
  :func:`~yuyin.models.g2p_rescore.choose` on test), on the same candidate lists;
* ``rerank``: a log-linear model over the candidates of a word (softmax, L2, L-BFGS; the
  probability of the right candidates maximised), fitted on the dev words, with each ensemble
  member's, the right-to-left model's and the joint-sequence model's score, the score as a
  log-posterior within the list, each model's first choice, the votes of those choices, the
  neural beam ranks (left-to-right and right-to-left), length, counts of primary and secondary
  stress, and the posterior mass of the candidates that differ only in stress;
* ``rerank_analogy``: the same plus **affix analogies**: the training words sharing the longest
  prefix (and suffix) with the word, the phones their graphone alignment (the joint-sequence
  folder's ``alignment.txt``) gives for the shared letters, and whether the candidate starts (ends)
  with them, scaled by the share of the word those letters cover. A Transformer and an n-gram
  learn spelling patterns; these name a pronunciation the dictionary holds for a long part of the
  word ("refusals" starts like "refusal", "samuelson" like "samuels").

Each learned system also picks **marginally** (``*_marginal``): the stress-free pronunciation
whose candidates hold the most of the softmax mass, written with its best stress marks. A word's
stress-free reading is right when any of its stress variants is, so this is the decision that
the stress-free WER (the published CMUdict numbers' basis) rewards.

Dev words (2 % of the split) fit the reranker; test words are scored once. ``dev_cv`` is the dev
WER when each fifth of the dev words is picked by weights fitted on the other four fifths: an
estimate that, unlike ``dev_wer``, does not score words the weights were fitted on. Prints one
JSON object (and writes it to ``--out``) with WER/PER (with and without stress) of each system,
the oracle, the feature weights and seconds; every number is measured in this run.

    python bench/g2p_rerank.py --model ENSEMBLE --reverse R2L_MODEL --fst FST_DIR \
        [--beam 8] [--nbest 16] [--threads N] [--limit N] [--out FILE]
"""

from __future__ import annotations

import argparse
import bisect
import math
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
from _env import git_commit, publish
from g2p import percent

from yuyin.models.g2p_ensemble import G2PEnsemble
from yuyin.models.g2p_rescore import (
    REVERSE_GRID,
    Candidate,
    choose,
    neural_nbest,
    phone_log_probs,
    tune_weights,
)
from yuyin.text.g2p import G2PEntry, cmudict_split, load_g2p_model
from yuyin.text.joint_sequence import JointSequenceG2P, read_alignment
from yuyin.train.g2p import score_pronunciations

DEFAULT_OUT = Path(__file__).parent / "results" / "g2p-rerank.json"
Phones = tuple[str, ...]
FLOOR = -60.0  # log-probabilities below this are clipped (a model that rules a candidate out)


@dataclass
class WordList:
    """One word's candidates with every model's score: ``members`` (M, C) teacher-forced log p of
    each ensemble member, ``reverse`` (C,) the right-to-left model's, ``cost`` (C,) the
    joint-sequence cost (NaN: not in its n-best), ``beam_rank`` (C,) (-1: not in the beam),
    ``reverse_rank`` (C,) the place in the right-to-left beam (-1: not in it)."""

    word: str
    phones: list[Phones]
    members: np.ndarray
    reverse: np.ndarray
    cost: np.ndarray
    beam_rank: np.ndarray
    reverse_rank: np.ndarray

    def candidates(self) -> list[Candidate]:
        """The same list as the shipped rescoring sees it (ensemble log p = members' mean)."""
        return [
            Candidate(
                p,
                float(self.members[:, i].mean()),
                None if math.isnan(self.cost[i]) else float(self.cost[i]),
                None if self.beam_rank[i] < 0 else int(self.beam_rank[i]),
                reverse=float(self.reverse[i]),
            )
            for i, p in enumerate(self.phones)
        ]


def gather(
    model: G2PEnsemble, reverse, fst: JointSequenceG2P, words: Sequence[str], beam: int, nbest: int
) -> list[WordList]:
    """Candidates of the ensemble beam, the right-to-left beam and the FST n-best, all scored."""
    from_fst, from_beam = fst.nbest(words, nbest), neural_nbest(model, words, beam)
    from_reverse = neural_nbest(reverse, words, beam)
    lists: list[dict[Phones, list]] = []
    for fst_list, beam_list, reverse_list in zip(from_fst, from_beam, from_reverse, strict=True):
        found: dict[Phones, list] = {}  # phones -> [cost, beam rank, reverse beam rank]
        for phones, cost in fst_list:
            if phones and len(phones) <= 32 and phones not in found:
                found[phones] = [cost, -1, -1]
        for rank, (phones, _) in enumerate(beam_list):
            if phones:
                found.setdefault(phones, [math.nan, -1, -1])[1] = rank
        for rank, (phones, _) in enumerate(reverse_list):
            if phones and len(phones) <= 32:
                found.setdefault(phones, [math.nan, -1, -1])[2] = rank
        lists.append(found)
    pairs = [(w, p) for w, found in zip(words, lists, strict=True) for p in found]
    members = [iter(phone_log_probs(m, pairs)) for m in model.members]
    backward = iter(phone_log_probs(reverse, pairs))
    out = []
    for word, found in zip(words, lists, strict=True):
        n = len(found)
        out.append(
            WordList(
                word,
                list(found),
                np.array([[next(m) for _ in range(n)] for m in members]),  # (M, C)
                np.array([next(backward) for _ in range(n)]),
                np.array([v[0] for v in found.values()]),
                np.array([v[1] for v in found.values()]),
                np.array([v[2] for v in found.values()]),
            )
        )
    return out


def strip(phones: Sequence[str]) -> Phones:
    return tuple(p.rstrip("012") for p in phones)


class AffixAnalogy:
    """Training words sharing the longest prefix or suffix with a word, and the phones their
    graphone alignment gives for the shared letters (at most ``cap`` neighbours)."""

    def __init__(self, alignment_dir: Path, cap: int = 20) -> None:
        self.aligned = read_alignment(alignment_dir)
        self.cap = cap
        spellings = ["".join(letters for letters, _ in g) for g in self.aligned]
        self.forward = sorted((s, i) for i, s in enumerate(spellings))
        self.backward = sorted((s[::-1], i) for i, s in enumerate(spellings))

    def shared(self, word: str, from_end: bool) -> tuple[int, list[Phones]]:
        """Letters shared with the nearest training words, and the phones those letters take in
        them (reversed when ``from_end``)."""
        table, query = (self.backward, word[::-1]) if from_end else (self.forward, word)
        at = bisect.bisect_left(table, (query,))
        near = (table[i][0] for i in (at - 1, at) if 0 <= i < len(table))
        shared = max((_common(k, query) for k in near), default=0)
        if shared == 0:
            return 0, []
        lo = bisect.bisect_left(table, (query[:shared],))
        seqs: set[Phones] = set()
        for key, index in table[lo : lo + self.cap]:
            if not key.startswith(query[:shared]):
                break
            graphones = self.aligned[index][::-1] if from_end else self.aligned[index]
            letters, phones = 0, []
            for chunk, chunk_phones in graphones:
                if letters + len(chunk) > shared:
                    break
                letters += len(chunk)
                phones.extend(chunk_phones[::-1] if from_end else chunk_phones)
            if phones:
                seqs.add(tuple(phones))
        return shared, sorted(seqs)


def group_mass(phones: Sequence[Phones], weights: np.ndarray) -> np.ndarray:
    """(C,) each candidate's stress group's total weight: the sum of ``weights`` (C,) over the
    candidates that differ from it only in stress (itself included)."""
    groups = [strip(p) for p in phones]
    mass: dict[Phones, float] = {}
    for g, q in zip(groups, weights, strict=True):
        mass[g] = mass.get(g, 0.0) + float(q)
    return np.array([mass[g] for g in groups])


def _common(a: Sequence, b: Sequence) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def features(w: WordList, analogy: AffixAnalogy | None) -> dict[str, np.ndarray]:
    """Every candidate's features, one (C,) array each (module doc)."""
    n = len(w.phones)
    scores = {f"member{i}": row for i, row in enumerate(w.members)}
    scores["reverse"] = w.reverse
    known = w.cost[~np.isnan(w.cost)]
    scores["fst"] = -np.where(np.isnan(w.cost), known.max() if known.size else 0.0, w.cost)
    f: dict[str, np.ndarray] = {}
    tops = []
    for name, value in scores.items():
        value = np.maximum(value, FLOOR)
        post = value - np.logaddexp.reduce(value)
        f[name], f[name + "_posterior"] = value, post
        tops.append((np.arange(n) == value.argmax()).astype(float))
        f[name + "_first"] = tops[-1]
        f[name + "_stress_group"] = np.log(group_mass(w.phones, np.exp(post)) + 1e-6)
    f["votes"] = sum(tops)
    f["no_fst"] = np.isnan(w.cost).astype(float)
    for rank in range(4):
        f[f"beam_rank{rank}"] = (w.beam_rank == rank).astype(float)
    f["no_beam"] = (w.beam_rank < 0).astype(float)
    for rank in range(4):
        f[f"reverse_rank{rank}"] = (w.reverse_rank == rank).astype(float)
    f["no_reverse_beam"] = (w.reverse_rank < 0).astype(float)
    length = np.array([len(p) for p in w.phones], float)
    ensemble = w.members.mean(0)
    f["length"], f["length_gap"] = length, np.abs(length - length[ensemble.argmax()])
    primary = np.array([sum(x.endswith("1") for x in p) for p in w.phones])
    f["one_primary"], f["no_primary"] = (primary == 1).astype(float), (primary == 0).astype(float)
    f["secondary"] = np.array([sum(x.endswith("2") for x in p) for p in w.phones], float)
    if analogy is not None:
        for side, from_end in (("prefix", False), ("suffix", True)):
            shared, seqs = analogy.shared(w.word, from_end)
            cover = shared / len(w.word)
            exact, bare, part = np.zeros(n), np.zeros(n), np.zeros(n)
            for i, p in enumerate(w.phones):
                p = p[::-1] if from_end else p
                for s in seqs:
                    exact[i] = max(exact[i], float(p[: len(s)] == s))
                    bare[i] = max(bare[i], float(strip(p[: len(s)]) == strip(s)))
                    part[i] = max(part[i], _common(strip(p), strip(s)) / len(s))
            f[f"{side}_exact"], f[f"{side}_bare"] = exact * cover, bare * cover
            f[f"{side}_part"], f[f"{side}_any"] = part * cover, exact * bool(seqs)
            f[f"{side}_miss_long"] = (1 - bare) * (cover > 0.6)
    return f


def design(lists: Sequence[WordList], analogy: AffixAnalogy | None) -> tuple[list, list[str]]:
    """(C, D) feature matrices of the words and the feature names."""
    rows = [features(w, analogy) for w in lists]
    names = list(rows[0])
    return [np.stack([r[k] for k in names], 1) for r in rows], names


def fit(xs: Sequence[np.ndarray], right: Sequence[np.ndarray], l2: float) -> np.ndarray:
    """Weights (D,) maximizing the mean log-probability of each word's right candidates under
    a softmax over its list (words with none right are left out), minus ``l2 |w|^2`` on
    standardized features; returned for raw features."""
    kept = [(x, r) for x, r in zip(xs, right, strict=True) if r.any()]
    width = max(len(x) for x, _ in kept)
    feats = torch.zeros(len(kept), width, xs[0].shape[1], dtype=torch.float64)  # (W, C, D)
    valid = torch.zeros(len(kept), width, dtype=torch.bool)
    good = torch.zeros(len(kept), width, dtype=torch.bool)
    for i, (x, r) in enumerate(kept):
        feats[i, : len(x)], good[i, : len(x)] = torch.from_numpy(x), torch.from_numpy(r)
        valid[i, : len(x)] = True
    mean, std = feats[valid].mean(0), feats[valid].std(0) + 1e-6
    z = (feats - mean) / std
    w = torch.zeros(z.shape[-1], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([w], max_iter=300, line_search_fn="strong_wolfe")

    def closure() -> torch.Tensor:
        opt.zero_grad()
        s = (z @ w).masked_fill(~valid, -1e9)  # (W, C)
        log_right = torch.logsumexp(s.masked_fill(~good, -1e9), 1) - torch.logsumexp(s, 1)
        loss = -log_right.mean() + l2 * (w**2).sum()
        loss.backward()
        return loss

    opt.step(closure)
    return (w.detach() / std).numpy()


def choose_rows(
    lists: Sequence[WordList], xs: Sequence[np.ndarray], w: np.ndarray, marginal: bool
) -> list[Phones]:
    """Each word's pick under weights ``w``: the best-scoring candidate, or with ``marginal``
    the stress-free pronunciation whose candidates hold the most softmax mass (what a
    stress-free reference rewards), written with its best-scoring stress marks."""
    picks = []
    for lst, x in zip(lists, xs, strict=True):
        score = x @ w  # (C,)
        if marginal:  # the heaviest group first, then the best score within it
            best = np.lexsort((score, group_mass(lst.phones, np.exp(score - score.max()))))[-1]
        else:
            best = np.argmax(score)
        picks.append(lst.phones[int(best)])
    return picks


def cross_validated(
    lists: Sequence[WordList],
    xs: Sequence[np.ndarray],
    entries: Sequence[G2PEntry],
    l2: float,
    marginal: bool,
    folds: int = 5,
):
    """Scores of picks where each word's weights were fitted without it (word ``i`` in fold
    ``i mod folds``): an honest dev estimate for choosing between rerankers."""
    right = rightness(lists, entries)
    picks: list[Phones] = [()] * len(lists)
    for fold in range(folds):
        fit_on = [i for i in range(len(lists)) if i % folds != fold]
        held = [i for i in range(len(lists)) if i % folds == fold]
        w = fit([xs[i] for i in fit_on], [right[i] for i in fit_on], l2)
        chosen = choose_rows([lists[i] for i in held], [xs[i] for i in held], w, marginal)
        for i, phones in zip(held, chosen, strict=True):
            picks[i] = phones
    return score_pronunciations(picks, entries)


def rightness(lists: Sequence[WordList], entries: Sequence[G2PEntry]) -> list[np.ndarray]:
    return [
        np.array([p in e.pronunciations for p in w.phones])
        for w, e in zip(lists, entries, strict=True)
    ]


def run(args: argparse.Namespace) -> dict:
    split = cmudict_split()
    dev, test = list(split.dev[: args.limit]), list(split.test[: args.limit])
    model, reverse = load_g2p_model(args.model), load_g2p_model(args.reverse)
    if not isinstance(model, G2PEnsemble) or not reverse.config.right_to_left:
        raise SystemExit("--model must be an ensemble and --reverse a right-to-left model")
    fst = JointSequenceG2P(args.fst)
    started = time.monotonic()
    lists = {
        name: gather(model, reverse, fst, [e.word for e in entries], args.beam, args.nbest)
        for name, entries in (("dev", dev), ("test", test))
    }
    seconds = {"candidates": round(time.monotonic() - started, 1)}
    weights, dev_errors = tune_weights(
        dev, [w.candidates() for w in lists["dev"]], {"reverse_weight": REVERSE_GRID}
    )
    picks: dict[str, list[Phones]] = {
        "linear": [choose(w.candidates(), weights) for w in lists["test"]],
        "oracle": [
            next((p for p in w.phones if p in e.pronunciations), w.phones[0])
            for w, e in zip(lists["test"], test, strict=True)
        ],
    }
    learned: dict[str, dict] = {}
    analogy = AffixAnalogy(args.fst)
    systems: dict[str, AffixAnalogy | None] = {"rerank": None, "rerank_analogy": analogy}
    for name, used in systems.items():
        started = time.monotonic()
        xs, names = design(lists["dev"], used)
        w = fit(xs, rightness(lists["dev"], dev), args.l2)
        test_xs, _ = design(lists["test"], used)
        picks[name] = choose_rows(lists["test"], test_xs, w, marginal=False)
        picks[name + "_marginal"] = choose_rows(lists["test"], test_xs, w, marginal=True)
        dev_wer = score_pronunciations(choose_rows(lists["dev"], xs, w, False), dev).wer
        learned[name] = {
            "dev_wer": round(100 * dev_wer, 2),  # fitted on these words: optimistic
            "dev_cv": {  # each fifth of the dev words picked by a fit on the other four
                kind: percent(asdict(cross_validated(lists["dev"], xs, dev, args.l2, marginal)))
                for kind, marginal in (("argmax", False), ("marginal", True))
            },
            "weights": dict(zip(names, w.round(4).tolist(), strict=True)),
        }
        seconds[name] = round(time.monotonic() - started, 1)
    return {
        "split": {"seed": 0, "dev_words": len(dev), "test_words": len(test)},
        "results": {k: percent(asdict(score_pronunciations(v, test))) for k, v in picks.items()},
        "linear_weights": asdict(weights),
        "linear_dev_wer": round(100 * dev_errors / len(dev), 2),
        "learned": learned,
        "candidates_per_word": round(np.mean([len(w.phones) for w in lists["test"]]), 2),
        "seconds": seconds,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, required=True, help="neural G2P ensemble")
    parser.add_argument("--reverse", type=Path, required=True, help="right-to-left neural G2P")
    parser.add_argument("--fst", type=Path, required=True, help="yuyin g2p train-fst folder")
    parser.add_argument("--beam", type=int, default=8)
    parser.add_argument("--nbest", type=int, default=16)
    parser.add_argument("--l2", type=float, default=1e-2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--limit", type=int, help="only the first N dev and test words (smoke)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    report = {
        "bench": "g2p-rerank",
        "commit": git_commit(),
        "threads": torch.get_num_threads(),
        **{k: str(getattr(args, k)) for k in ("model", "reverse", "fst")},
        "beam": args.beam,
        "nbest": args.nbest,
        "l2": args.l2,
        **run(args),
        "units": "error rates in percent; seconds of wall time",
        "command": " ".join(["python", "bench/g2p_rerank.py", *(argv or sys.argv[1:])]),
    }
    publish(report, args.out)


if __name__ == "__main__":
    main()
