"""G2P: a discriminative reranker over the combined candidates, with and without affix analogies.

The rescoring of :mod:`yuyin.models.g2p_rescore` picks among the candidates of the neural beam,
the right-to-left beam and the joint-sequence n-best with a linear score of four numbers whose
weights are tuned on a grid. The lists hold a right pronunciation for ~96% of the words, the
linear score finds ~74%. This bench asks whether more features, with weights learned, pick better:

* ``linear``: the rescoring as shipped (:func:`~yuyin.models.g2p_rescore.tune_weights` on dev,
  :func:`~yuyin.models.g2p_rescore.choose` on test), on the same candidate lists;
* ``rerank``: the log-linear reranker of :mod:`yuyin.models.g2p_rerank` (softmax over a word's
  candidates, L2, L-BFGS; the probability of the right candidates maximised), fitted on the dev
  words, with the ensemble's (members averaged), the right-to-left model's and the
  joint-sequence model's score, the score as a log-posterior within the list, each model's
  first choice, the votes of those choices, the neural beam ranks (left-to-right and
  right-to-left), length, counts of primary and secondary stress, and the posterior mass of the
  candidates that differ only in stress; no analogies;
* ``rerank_analogy``: the same plus **affix analogies**: the training words sharing the longest
  prefix (and suffix) with the word, the phones their graphone alignment (the joint-sequence
  folder's ``alignment.txt``) gives for the shared letters, and whether the candidate starts (ends)
  with them, scaled by the share of the word those letters cover. A Transformer and an n-gram
  learn spelling patterns; these name a pronunciation the dictionary holds for a long part of the
  word ("refusals" starts like "refusal", "samuelson" like "samuels");
* ``rerank_compound``: the same plus **compound readings**: the word split into two training
  words ("sunflower" = "sun" + "flower"), their phones joined with the second part's primary
  stress made secondary; whether a candidate is such a reading, with and without stress, scaled
  by the shorter part's share of the letters;
* ``rerank_derived``: the same plus **derivations**: the word read as a training word and a
  regular ending ("refusals" = "refusal" + "s", "baking" = "bake" - "e" + "ing"), the ending's
  phones after the base's last phone as the training dictionary's own pairs give them
  (:class:`~yuyin.models.g2p_rerank.Derivations`). This is the reranker ``yuyin g2p train-fst
  --rerank`` and ``yuyin g2p train-rerank`` fit and :class:`yuyin.text.g2p.G2P` uses;
* ``rerank_compound_proposed``: the same with up to ``--propose`` compound readings added to the
  lists where no model proposed them (``oracle_with_compounds``: what those lists can reach).

Each learned system also picks **marginally** (``*_marginal``): the stress-free pronunciation
whose candidates hold the most of the softmax mass, written with its best stress marks. A word's
stress-free reading is right when any of its stress variants is, so this is the decision that
the stress-free WER (the published CMUdict numbers' basis) rewards.

Dev words (2 % of the split) fit the reranker; test words are scored once. ``dev_cv`` is the dev
WER when each fifth of the dev words is picked by weights fitted on the other four fifths: an
estimate that, unlike ``dev_wer``, does not score words the weights were fitted on. Prints one
JSON object (and writes it to ``--out``) with WER/PER (with and without stress) of each system,
the oracle, the feature weights and seconds; every number is measured in this run.

Gathering and scoring the candidates takes most of the ~17 minutes; ``--cache FILE`` keeps them
(JSON) and a rerun with the same models and options reads them back.

    python bench/g2p_rerank.py --model MODEL --reverse R2L_MODEL --fst FST_DIR \
        [--beam 8] [--nbest 16] [--propose 4] [--threads N] [--limit N] [--cache FILE] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
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

from yuyin.models.g2p import G2PModel
from yuyin.models.g2p_analogy import AffixAnalogy, Analogies, Compounds, Derivations
from yuyin.models.g2p_ensemble import G2PEnsemble
from yuyin.models.g2p_rerank import (
    FEATURES,
    candidate_features,
    fit_weights,
    group_mass,
)
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
CACHED = ("reverse", "beam_rank", "reverse_rank", "added")  # WordList arrays cached as they are


@dataclass
class WordList:
    """One word's candidates with every model's score: ``members`` (M, C) teacher-forced log p of
    each ensemble member, ``reverse`` (C,) the right-to-left model's, ``cost`` (C,) the
    joint-sequence cost (NaN: not in its n-best), ``beam_rank`` (C,) (-1: not in the beam),
    ``reverse_rank`` (C,) the place in the right-to-left beam (-1: not in it), ``added`` (C,)
    True for a candidate only the compound analogy proposed."""

    word: str
    phones: list[Phones]
    members: np.ndarray
    reverse: np.ndarray
    cost: np.ndarray
    beam_rank: np.ndarray
    reverse_rank: np.ndarray
    added: np.ndarray

    def kept(self, keep: np.ndarray) -> WordList:
        """The list of the candidates where ``keep`` (C,) is True."""
        return WordList(
            self.word,
            [p for p, k in zip(self.phones, keep, strict=True) if k],
            self.members[:, keep],
            *(a[keep] for a in (self.reverse, self.cost, self.beam_rank, self.reverse_rank)),
            self.added[keep],
        )

    def without_added(self) -> WordList:
        """The list as the three models alone propose it."""
        return self.kept(~self.added)

    @property
    def in_neural_beams(self) -> np.ndarray:
        """(C,) True for a candidate of the left-to-right or the right-to-left beam."""
        return (self.beam_rank >= 0) | (self.reverse_rank >= 0)

    def neural_only(self) -> WordList:
        """The list as a G2P without the joint-sequence model sees it (the shipped one): the
        two neural beams' candidates, no joint-sequence cost."""
        kept = self.kept(self.in_neural_beams)
        kept.cost = np.full(len(kept.phones), np.nan)
        return kept

    def to_json(self) -> dict:
        return {
            "word": self.word,
            "phones": [" ".join(p) for p in self.phones],
            "members": self.members.tolist(),
            "cost": [None if math.isnan(c) else c for c in self.cost.tolist()],
            **{k: getattr(self, k).tolist() for k in CACHED},
        }

    @classmethod
    def from_json(cls, d: dict) -> WordList:
        return cls(
            d["word"],
            [tuple(p.split()) for p in d["phones"]],
            np.array(d["members"], float).reshape(-1, len(d["phones"])),
            np.array(d["reverse"], float),
            np.array([math.nan if c is None else c for c in d["cost"]], float),
            np.array(d["beam_rank"], int),
            np.array(d["reverse_rank"], int),
            np.array(d["added"], bool),
        )

    def candidates(self) -> list[Candidate]:
        """The same list as the shipped rescoring sees it (ensemble log p = members' mean)."""
        return [
            Candidate(
                p,
                float(self.members[:, i].mean()),
                None if math.isnan(self.cost[i]) else float(self.cost[i]),
                None if self.beam_rank[i] < 0 else int(self.beam_rank[i]),
                reverse=float(self.reverse[i]),
                reverse_rank=None if self.reverse_rank[i] < 0 else int(self.reverse_rank[i]),
            )
            for i, p in enumerate(self.phones)
        ]


def gather(
    model: G2PModel | G2PEnsemble,
    reverse,
    fst: JointSequenceG2P,
    compounds: Compounds,
    words: Sequence[str],
    beam: int,
    nbest: int,
    propose: int,
) -> list[WordList]:
    """Candidates of the ensemble beam, the right-to-left beam, the FST n-best and the compound
    readings (flagged ``added`` where no model proposed them), all scored."""
    from_fst, from_beam = fst.nbest(words, nbest), neural_nbest(model, words, beam)
    from_reverse = neural_nbest(reverse, words, beam)
    lists: list[dict[Phones, list]] = []
    for word, fst_list, beam_list, reverse_list in zip(
        words, from_fst, from_beam, from_reverse, strict=True
    ):
        found: dict[Phones, list] = {}  # phones -> [cost, beam rank, reverse beam rank, added]
        for phones, cost in fst_list:
            if phones and len(phones) <= 32 and phones not in found:
                found[phones] = [cost, -1, -1, False]
        for rank, (phones, _) in enumerate(beam_list):
            if phones:
                found.setdefault(phones, [math.nan, -1, -1, False])[1] = rank
        for rank, (phones, _) in enumerate(reverse_list):
            if phones and len(phones) <= 32:
                found.setdefault(phones, [math.nan, -1, -1, False])[2] = rank
        for phones in list(compounds.readings(word))[:propose]:
            if len(phones) <= 32:
                found.setdefault(phones, [math.nan, -1, -1, True])
        lists.append(found)
    pairs = [(w, p) for w, found in zip(words, lists, strict=True) for p in found]
    members = model.members if isinstance(model, G2PEnsemble) else [model]
    members = [iter(phone_log_probs(m, pairs)) for m in members]
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
                np.array([v[3] for v in found.values()], bool),
            )
        )
    return out


def design(lists: Sequence[WordList], analogies: Analogies) -> list[np.ndarray]:
    """(C, D) feature matrices of the words (:data:`yuyin.models.g2p_rerank.FEATURES`)."""
    return [candidate_features(w.word, w.candidates(), analogies) for w in lists]


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
        w = fit_weights([xs[i] for i in fit_on], [right[i] for i in fit_on], l2)
        chosen = choose_rows([lists[i] for i in held], [xs[i] for i in held], w, marginal)
        for i, phones in zip(held, chosen, strict=True):
            picks[i] = phones
    return score_pronunciations(picks, entries)


def oracle(lists: Sequence[WordList], entries: Sequence[G2PEntry]) -> list[Phones]:
    """A right candidate of each word where its list holds one."""
    return [
        next((p for p in w.phones if p in e.pronunciations), w.phones[0])
        for w, e in zip(lists, entries, strict=True)
    ]


def rightness(lists: Sequence[WordList], entries: Sequence[G2PEntry]) -> list[np.ndarray]:
    return [
        np.array([p in e.pronunciations for p in w.phones])
        for w, e in zip(lists, entries, strict=True)
    ]


def load_lists(
    args: argparse.Namespace, entries: dict[str, list[G2PEntry]]
) -> tuple[dict[str, list[WordList]], float, bool]:
    """Every dev and test word's scored candidates, gathered (minutes) or read from ``--cache``
    when it was written for the same models, beam, n-best and words; the seconds the gathering
    took, and whether they were read from the cache."""
    key = {k: str(getattr(args, k).resolve()) for k in ("model", "reverse", "fst")}
    key |= {k: str(getattr(args, k)) for k in ("beam", "nbest", "limit", "propose")}
    if args.cache is not None and args.cache.exists():
        cached = json.loads(args.cache.read_text())
        if cached["key"] == key:
            lists = {k: [WordList.from_json(d) for d in v] for k, v in cached["lists"].items()}
            return lists, cached["seconds"], True
        print(f"{args.cache}: written for {cached['key']}, gathering again", file=sys.stderr)
    model, reverse = load_g2p_model(args.model), load_g2p_model(args.reverse)
    if model.config.right_to_left or not reverse.config.right_to_left:
        raise SystemExit("--model must read left to right and --reverse right to left")
    fst = JointSequenceG2P(args.fst)
    compounds = Compounds.from_alignment(read_alignment(args.fst))
    started = time.monotonic()
    lists = {
        name: gather(
            model,
            reverse,
            fst,
            compounds,
            [e.word for e in e_],
            args.beam,
            args.nbest,
            args.propose,
        )
        for name, e_ in entries.items()
    }
    seconds = round(time.monotonic() - started, 1)
    if args.cache is not None:
        lists_json = {k: [w.to_json() for w in v] for k, v in lists.items()}
        args.cache.write_text(json.dumps({"key": key, "seconds": seconds, "lists": lists_json}))
    return lists, seconds, False


def run(args: argparse.Namespace) -> dict:
    split = cmudict_split()
    dev, test = list(split.dev[: args.limit]), list(split.test[: args.limit])
    proposed, gathering, cached = load_lists(args, {"dev": dev, "test": test})
    lists = {k: [w.without_added() for w in v] for k, v in proposed.items()}  # the models' only
    seconds: dict = {"candidates": gathering, "candidates_read_from_cache": cached}
    weights, dev_errors = tune_weights(
        dev, [w.candidates() for w in lists["dev"]], {"reverse_weight": REVERSE_GRID}
    )
    picks: dict[str, list[Phones]] = {
        "linear": [choose(w.candidates(), weights) for w in lists["test"]],
        "oracle": oracle(lists["test"], test),
        "oracle_with_compounds": oracle(proposed["test"], test),
    }
    learned: dict[str, dict] = {}
    aligned = read_alignment(args.fst)
    affix, compounds, none = AffixAnalogy(aligned), Compounds.from_alignment(aligned), Compounds([])
    systems = {  # name: (lists, analogies)
        "rerank": (lists, Analogies(AffixAnalogy([]), none)),
        "rerank_analogy": (lists, Analogies(affix, none)),
        "rerank_compound": (lists, Analogies(affix, compounds)),
        "rerank_derived": (lists, Analogies(affix, compounds, Derivations(compounds.lexicon))),
        "rerank_compound_proposed": (proposed, Analogies(affix, compounds)),
    }
    for name, (chosen, analogies) in systems.items():
        started = time.monotonic()
        xs = design(chosen["dev"], analogies)
        w = fit_weights(xs, rightness(chosen["dev"], dev), args.l2)
        test_xs = design(chosen["test"], analogies)
        picks[name] = choose_rows(chosen["test"], test_xs, w, marginal=False)
        picks[name + "_marginal"] = choose_rows(chosen["test"], test_xs, w, marginal=True)
        dev_wer = score_pronunciations(choose_rows(chosen["dev"], xs, w, False), dev).wer
        learned[name] = {
            "dev_wer": round(100 * dev_wer, 2),  # fitted on these words: optimistic
            "dev_cv": {  # each fifth of the dev words picked by a fit on the other four
                kind: percent(asdict(cross_validated(chosen["dev"], xs, dev, args.l2, marginal)))
                for kind, marginal in (("argmax", False), ("marginal", True))
            },
            "weights": dict(zip(FEATURES, w.round(4).tolist(), strict=True)),
        }
        seconds[name] = round(time.monotonic() - started, 1)
    return {
        "split": {"seed": 0, "dev_words": len(dev), "test_words": len(test)},
        "results": {k: percent(asdict(score_pronunciations(v, test))) for k, v in picks.items()},
        "linear_weights": asdict(weights),
        "linear_dev_wer": round(100 * dev_errors / len(dev), 2),
        "learned": learned,
        "candidates_per_word": round(np.mean([len(w.phones) for w in lists["test"]]), 2),
        "candidates_per_word_with_compounds": round(
            np.mean([len(w.phones) for w in proposed["test"]]), 2
        ),
        "seconds": seconds,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--model", type=Path, required=True, help="neural G2P (an ensemble: each member scores)"
    )
    parser.add_argument("--reverse", type=Path, required=True, help="right-to-left neural G2P")
    parser.add_argument("--fst", type=Path, required=True, help="yuyin g2p train-fst folder")
    parser.add_argument("--beam", type=int, default=8)
    parser.add_argument("--nbest", type=int, default=16)
    parser.add_argument("--l2", type=float, default=1e-2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--limit", type=int, help="only the first N dev and test words (smoke)")
    parser.add_argument("--propose", type=int, default=4, help="compound readings added per word")
    parser.add_argument(
        "--cache",
        type=Path,
        help="JSON of the scored candidates: read if written for the same "
        "models and options, else written (the gathering takes most of the time)",
    )
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
