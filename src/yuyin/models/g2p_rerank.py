"""A log-linear reranker over the combined G2P candidates, with affix, compound and derivation
analogies.

The linear rescoring of :mod:`yuyin.models.g2p_rescore` weighs four scores with weights tuned on
a grid. This reranker scores every candidate of a word with 53 features and picks the best::

    candidates (neural beam, right-to-left beam, FST n-best; g2p_rescore.candidates)
        ─► features: each model's score, its log-posterior within the list, its first choice,
           the mass of the candidates that differ only in stress; votes, beam ranks, length,
           stress counts; affix and compound analogies from the training dictionary
        ─► w · features ─► best

One of the models is the graphone n-gram of the folder's alignment (``graphones.arpa.gz``,
:mod:`yuyin.text.graphone_lm`): the joint-sequence model's kind of score for *every* candidate,
where the FST scores only its own n-best, and for the shipped G2P, which has no FST, a third
model's vote with no Phonetisaurus at run time. A reranker fitted with it (``graphones`` in its
record) needs it to pick; one fitted by an earlier version, without its four features, picks as
it did.

The analogies (:mod:`yuyin.models.g2p_analogy`) name pronunciations the training dictionary
holds for a long part of the word: the training words sharing its longest prefix (suffix), with
the phones their graphone alignment gives those letters ("refusals" begins like "refusal"), the
word read as two training words joined ("sunflower" = "sun" + "flower"), and the word read as a
training word and a regular ending ("refusals" = "refusal" + "s"). All come from the folder's
alignment, so a folder trained on one's own lexicon gets its own analogies.

The candidates come from the neural beams and the joint-sequence n-best (``yuyin g2p train-fst
--rerank``), or from the two neural beams alone (``yuyin g2p train-rerank``: a model folder,
such as the shipped one, that needs no joint-sequence model; its features of that model are 0).

The weights are fitted on dev words (:func:`fit_reranker`: a softmax over each word's list, the
right candidates' probability maximised, L2 on standardized features, L-BFGS) and saved in the
joint-sequence folder (``rerank.json``, :func:`save_reranker`), where
:class:`yuyin.text.g2p.G2P` uses them. With ``trees`` (``--trees``), gradient-boosted trees
fitted over the same features and the log-linear score add their score to it
(:mod:`yuyin.models.g2p_trees`; kept in the same record).

Measured on 12,546 held-out CMUdict words with the shipped ensemble, the right-to-left
ensemble and the joint-sequence model (beam 8, 16-best): 25.46% / 21.30% WER (with / without
stress) for the linear rescoring, 24.83% / 20.81% reranked (``bench/g2p_rerank.py``,
``bench/results/g2p-rerank-derived.json``); the two neural beams alone, reranked: 25.18% /
21.09% (``bench/results/g2p-combined-shipped-no-trees.json``); the shipped G2P, with its trees:
24.84% / 20.80% before the graphone n-gram, 24.57% / 20.60% with it
(``bench/results/g2p-combined-shipped.json``).

Shapes: C candidates of a word, D features.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from yuyin.models.g2p import G2PModel
from yuyin.models.g2p_analogy import Analogies, common, strip
from yuyin.models.g2p_ensemble import G2PEnsemble
from yuyin.models.g2p_rescore import Candidate, candidates
from yuyin.models.g2p_trees import (
    TREE_COLUMNS,
    Trees,
    fit_trees,
    graded,
    group_mass,
    tree_columns,
)
from yuyin.text.g2p import G2PEntry
from yuyin.text.graphone_lm import GRAPHONE_FILE, GraphoneLM

__all__ = [
    "FEATURES",
    "FolderReranker",
    "Reranker",
    "candidate_features",
    "fit_folder_reranker",
    "fit_reranker",
    "fit_weights",
    "group_mass",
    "load_folder_reranker",
    "load_reranker",
    "own_candidates",
    "save_reranker",
]

Phones = tuple[str, ...]
RERANK_FILE = "rerank.json"
FLOOR = -60.0  # log-probabilities below this are clipped (a model that rules a candidate out)
FOLDS = 5  # the trees learn from log-linear scores of fits that left each word out
SCORES = ("neural", "fst", "reverse", "tagger", "graphone")
FEATURES: tuple[str, ...] = (
    *(f"{s}{k}" for s in SCORES for k in ("", "_posterior", "_first", "_stress_group")),
    "votes",
    "no_fst",
    *(f"beam_rank{r}" for r in range(4)),
    "no_beam",
    *(f"reverse_rank{r}" for r in range(4)),
    "no_reverse_beam",
    "length",
    "length_gap",
    "one_primary",
    "no_primary",
    "secondary",
    *(f"{side}_{k}" for side in ("prefix", "suffix") for k in ("exact", "bare", "part", "any")),
    "prefix_miss_long",
    "suffix_miss_long",
    "compound_exact",
    "compound_bare",
    "compound_miss",
    "derived_exact",
    "derived_bare",
    "derived_miss",
)


def _column(
    word: str, cands: Sequence[Candidate], name: str, graphones: GraphoneLM | None
) -> np.ndarray | None:
    """(C,) one model's log-probabilities (the FST's: minus its cost; the graphone n-gram's of
    every candidate, ``-inf`` where no segmentation spells it), a candidate it did not score
    given the list's worst; None when it scored none (no such model)."""
    if name == "graphone":
        if graphones is None:
            return None
        return np.array([graphones.score(word, c.phones) for c in cands], float)
    if name == "fst":
        values = [None if c.fst is None else -c.fst for c in cands]
    else:
        values = [getattr(c, name) for c in cands]
    known = [v for v in values if v is not None]
    if not known:
        return None
    return np.array([min(known) if v is None else v for v in values], float)


def _reading_columns(
    readings: dict[Phones, float], phones: Sequence[Phones]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(C,) x 3: each candidate's weight as one of the analogy's ``readings``, the same without
    stress, and the best reading's weight where the candidate is none of them even so."""
    bare: dict[Phones, float] = {}
    for joined, weight in readings.items():
        bare[strip(joined)] = max(bare.get(strip(joined), 0.0), weight)
    exact = np.array([readings.get(p, 0.0) for p in phones])
    without = np.array([bare.get(strip(p), 0.0) for p in phones])
    return exact, without, (without == 0) * max(bare.values(), default=0.0)


def candidate_features(
    word: str, cands: Sequence[Candidate], analogies: Analogies, graphones: bool = True
) -> np.ndarray:
    """(C, D) every candidate's features, in :data:`FEATURES` order (module doc); the graphone
    n-gram's are 0 without ``graphones`` or where ``analogies`` have none."""
    n, phones = len(cands), [c.phones for c in cands]
    if n == 0:
        return np.zeros((0, len(FEATURES)))
    f: dict[str, np.ndarray] = {}
    tops = []
    lm = analogies.graphones if graphones else None
    for name in SCORES:
        column = _column(word, cands, name, lm)
        if column is None:  # a model the folder does not have: no evidence either way
            for key in ("", "_posterior", "_first", "_stress_group"):
                f[name + key] = np.zeros(n)
            continue
        value = np.maximum(column, FLOOR)
        post = value - np.logaddexp.reduce(value)
        f[name], f[name + "_posterior"] = value, post
        tops.append((np.arange(n) == value.argmax()).astype(float))
        f[name + "_first"] = tops[-1]
        f[name + "_stress_group"] = np.log(group_mass(phones, np.exp(post)) + 1e-6)
    f["votes"] = sum(tops)
    f["no_fst"] = np.array([c.fst is None for c in cands], float)
    for key in ("beam_rank", "reverse_rank"):
        ranks = [getattr(c, key) for c in cands]
        for rank in range(4):
            f[f"{key}{rank}"] = np.array([r == rank for r in ranks], float)
    f["no_beam"] = np.array([c.beam_rank is None for c in cands], float)
    f["no_reverse_beam"] = np.array([c.reverse_rank is None for c in cands], float)
    length = np.array([len(p) for p in phones], float)
    f["length"], f["length_gap"] = length, np.abs(length - length[f["neural"].argmax()])
    primary = np.array([sum(x.endswith("1") for x in p) for p in phones])
    f["one_primary"], f["no_primary"] = (primary == 1).astype(float), (primary == 0).astype(float)
    f["secondary"] = np.array([sum(x.endswith("2") for x in p) for p in phones], float)
    for side, from_end in (("prefix", False), ("suffix", True)):
        shared, seqs = analogies.affix.shared(word, from_end)
        cover = shared / max(len(word), 1)
        exact, bare, part = np.zeros(n), np.zeros(n), np.zeros(n)
        for i, p in enumerate(phones):
            p = p[::-1] if from_end else p
            for s in seqs:
                exact[i] = max(exact[i], float(p[: len(s)] == s))
                bare[i] = max(bare[i], float(strip(p[: len(s)]) == strip(s)))
                part[i] = max(part[i], common(strip(p), strip(s)) / len(s))
        f[f"{side}_exact"], f[f"{side}_bare"] = exact * cover, bare * cover
        f[f"{side}_part"], f[f"{side}_any"] = part * cover, exact * bool(seqs)
        f[f"{side}_miss_long"] = (1 - bare) * (cover > 0.6)
    for kind, readings in (
        ("compound", analogies.compounds.readings(word)),
        ("derived", analogies.derivations.readings(word) if analogies.derivations else {}),
    ):
        f[f"{kind}_exact"], f[f"{kind}_bare"], f[f"{kind}_miss"] = _reading_columns(
            readings, phones
        )
    return np.stack([f[k] for k in FEATURES], 1)


@dataclass(frozen=True)
class Reranker:
    """Feature weights (one per name of ``features``, for raw features), and optionally
    gradient-boosted trees whose score is added (:mod:`yuyin.models.g2p_trees`; they read the
    columns ``tree_features``). ``graphones``: fitted with the folder's graphone n-gram, which
    picking then needs too. A reranker fitted by an earlier version names fewer features; it
    reads only those."""

    weights: tuple[float, ...]
    trees: Trees | None = None
    features: tuple[str, ...] = FEATURES
    tree_features: tuple[str, ...] = (*FEATURES, *TREE_COLUMNS)
    graphones: bool = False

    def __post_init__(self) -> None:
        if len(self.weights) != len(self.features):
            raise ValueError(f"{len(self.weights)} weights for {len(self.features)} features")
        unknown = sorted(
            (set(self.features) - set(FEATURES))
            | (set(self.tree_features) - {*FEATURES, *TREE_COLUMNS})
        )
        if unknown:
            raise ValueError(f"features this version does not know: {', '.join(unknown[:5])}")
        if self.trees is not None and self.trees.features != len(self.tree_features):
            raise ValueError(
                f"its trees read {self.trees.features} features, not {len(self.tree_features)}"
            )

    def scores(self, word: str, cands: Sequence[Candidate], analogies: Analogies) -> np.ndarray:
        """(C,) every candidate's score: log-linear, plus the trees' when there are trees."""
        x = candidate_features(word, cands, analogies, graphones=self.graphones)
        return self.scores_of(word, cands, x)

    def scores_of(self, word: str, cands: Sequence[Candidate], x: np.ndarray) -> np.ndarray:
        """:meth:`scores` from the candidates' features ``x`` (C, D), computed before."""
        linear = x[:, _positions(self.features, FEATURES)] @ np.array(self.weights)  # (C,)
        if self.trees is None or not len(cands):
            return linear
        graphone = graphone_scores(x, self.graphones)
        columns = tree_columns(word, cands, x, linear, graphone)  # (C, D + 15)
        return linear + self.trees.predict(
            columns[:, _positions(self.tree_features, (*FEATURES, *TREE_COLUMNS))]
        )

    def choose(self, word: str, cands: Sequence[Candidate], analogies: Analogies) -> Phones:
        """The best-scoring candidate's phones; ``()`` when there is none."""
        if not cands:
            return ()
        return cands[int(self.scores(word, cands, analogies).argmax())].phones


def graphone_scores(x: np.ndarray, used: bool) -> np.ndarray | None:
    """(C,) the graphone n-gram's scores in the features ``x`` (C, D); None where they were
    computed without one (``used`` False)."""
    return x[:, FEATURES.index("graphone")] if used else None


def _positions(names: Sequence[str], order: Sequence[str]) -> list[int]:
    """Where each of ``names`` is in ``order``."""
    where = {name: i for i, name in enumerate(order)}
    return [where[name] for name in names]


def fit_reranker(
    entries: Sequence[G2PEntry],
    cands: Sequence[Sequence[Candidate]],
    analogies: Analogies,
    l2: float = 1e-2,
) -> Reranker:
    """Weights maximizing the mean log-probability of each word's right candidates under a
    softmax over its list (words with none right are left out), minus ``l2 |w|^2`` on
    standardized features."""
    w = fit_weights(*_design(entries, cands, analogies), l2)
    return Reranker(tuple(w.tolist()), graphones=analogies.graphones is not None)


def fit_folder_reranker(
    folder: str | os.PathLike,
    entries: Sequence[G2PEntry],
    cands: Sequence[Sequence[Candidate]],
    l2: float = 1e-2,
    trees: bool = False,
) -> tuple[Reranker, float]:
    """:func:`fit_reranker` with the analogies of ``folder``'s alignment (what ``yuyin g2p
    train-fst --rerank`` and ``train-rerank`` fit), with ``trees`` the trees of
    :mod:`yuyin.models.g2p_trees` too (LightGBM needed), and its WER (%, with stress) on the
    words it was fitted on (optimistic); the features are computed once for all."""
    analogies = Analogies.from_folder(folder)
    used = analogies.graphones is not None
    xs, right = _design(entries, cands, analogies)
    w = fit_weights(xs, right, l2)
    fitted = None
    if trees:
        stacked = _out_of_fold(xs, right, l2, w)
        words = [w for w in zip(entries, cands, xs, stacked, strict=True) if len(w[1])]
        fitted = fit_trees(
            [tree_columns(e.word, c, x, s, graphone_scores(x, used)) for e, c, x, s in words],
            [graded([p.phones for p in c], e.pronunciations) for e, c, _, _ in words],
        )
    reranker = Reranker(tuple(w.tolist()), fitted, graphones=used)
    wrong = sum(
        not (len(c) and r[int(reranker.scores_of(e.word, c, x).argmax())])
        for e, c, x, r in zip(entries, cands, xs, right, strict=True)
    )
    return reranker, round(100 * wrong / len(entries), 2)


def _out_of_fold(
    xs: Sequence[np.ndarray], right: Sequence[np.ndarray], l2: float, w: np.ndarray
) -> list[np.ndarray]:
    """Each word's (C,) log-linear scores under weights fitted on the other folds (word ``i``
    in fold ``i % FOLDS``), as the trees will see them on words never fitted on; the weights
    ``w`` of all words where the others are too few to fit (no right candidate among them)."""
    out = [x @ w for x in xs]
    for fold in range(FOLDS):
        rest = [i for i in range(len(xs)) if i % FOLDS != fold]
        if fold >= len(xs) or not any(right[i].any() for i in rest):
            continue
        fold_w = fit_weights([xs[i] for i in rest], [right[i] for i in rest], l2)
        for i in range(fold, len(xs), FOLDS):
            out[i] = xs[i] @ fold_w
    return out


def _design(
    entries: Sequence[G2PEntry], cands: Sequence[Sequence[Candidate]], analogies: Analogies
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Each word's (C, D) features and (C,) flags of the candidates that are right."""
    xs, right = [], []
    for entry, word_cands in zip(entries, cands, strict=True):
        xs.append(candidate_features(entry.word, word_cands, analogies))
        right.append(np.array([c.phones in entry.pronunciations for c in word_cands], bool))
    return xs, right


def fit_weights(xs: Sequence[np.ndarray], right: Sequence[np.ndarray], l2: float) -> np.ndarray:
    """(D,) weights for raw features from each word's (C, D) features ``xs`` and (C,) right
    flags (:func:`fit_reranker`; words with no right candidate are left out)."""
    kept = [(x, r) for x, r in zip(xs, right, strict=True) if r.any()]
    if not kept:
        raise ValueError("no word has a right candidate to fit the reranker on")
    width = max(len(x) for x, _ in kept)
    feats = torch.zeros(len(kept), width, kept[0][0].shape[1], dtype=torch.float64)  # (W, C, D)
    valid = torch.zeros(len(kept), width, dtype=torch.bool)
    good = torch.zeros(len(kept), width, dtype=torch.bool)
    for i, (x, r) in enumerate(kept):
        feats[i, : len(x)], good[i, : len(x)] = torch.from_numpy(x), torch.from_numpy(r)
        valid[i, : len(x)] = True
    mean, std = feats[valid].mean(0), feats[valid].std(0).nan_to_num(0.0) + 1e-6
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


def save_reranker(fst_dir: str | os.PathLike, reranker: Reranker, record: dict) -> Path:
    """Write the weights (by feature name), the trees when there are any (their node table and
    the columns they read) and how they were fitted (``record``) into a joint-sequence folder,
    where :func:`load_reranker` and :class:`yuyin.text.g2p.G2P` find them."""
    path = Path(fst_dir) / RERANK_FILE
    fitted: dict = {"weights": dict(zip(reranker.features, reranker.weights, strict=True))}
    if reranker.trees is not None:
        fitted["trees"] = {"columns": list(reranker.tree_features), **reranker.trees.to_json()}
    tmp = path.with_suffix(".tmp")
    kept = ("weights", "trees", "graphones")  # fitted here
    record = {k: v for k, v in record.items() if k not in kept}
    graphones = GRAPHONE_FILE if reranker.graphones else None
    text = json.dumps({"weights": fitted["weights"], "graphones": graphones, **record}, indent=2)
    if "trees" in fitted:  # one line: thousands of numbers
        text = text[:-2] + ',\n  "trees": ' + json.dumps(fitted["trees"]) + "\n}"
    tmp.write_text(text + "\n", "utf-8")
    os.replace(tmp, path)
    return path


def load_reranker(fst_dir: str | os.PathLike) -> tuple[Reranker, dict] | None:
    """The reranker saved in a joint-sequence folder and the record of its fitting; None when
    the folder has none (the record without the weights and trees). A record whose features
    are not this version's is a clear error."""
    path = Path(fst_dir) / RERANK_FILE
    if not path.is_file():
        return None
    try:
        record = json.loads(path.read_text("utf-8"))
        weights, trees = record.pop("weights"), record.pop("trees", None)
        graphones = record.pop("graphones", None)
        if graphones not in (None, GRAPHONE_FILE):
            raise ValueError(f"unknown graphone n-gram {graphones!r}")
        columns = (*FEATURES, *TREE_COLUMNS) if trees is None else tuple(trees["columns"])
        if not _known_version(tuple(weights), FEATURES) or not _known_version(
            columns, (*FEATURES, *TREE_COLUMNS)
        ):
            raise ValueError("its features are not this version's: fit it again")
        fitted = None if trees is None else Trees.from_json(trees)
        reranker = Reranker(
            tuple(float(v) for v in weights.values()),
            fitted,
            tuple(weights),
            columns,
            graphones=graphones is not None,
        )
        return reranker, record
    except (
        OSError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        OverflowError,  # a number too large for an index or a float
        RecursionError,  # JSON nested beyond the parser's depth
    ) as exc:
        raise ValueError(f"{path}: not a reranker record ({exc})") from None


def _known_version(names: tuple[str, ...], current: tuple[str, ...]) -> bool:
    """Whether ``names`` are ``current`` in order, or those of the version before the graphone
    n-gram's features (the same without them): an earlier folder's reranker still picks."""
    return names in (current, tuple(n for n in current if not n.startswith("graphone")))


@dataclass(frozen=True)
class FolderReranker:
    """A joint-sequence folder's reranker, the analogies of its alignment and the record of its
    fitting (``beam`` and ``nbest``: the list sizes to pick from)."""

    reranker: Reranker
    analogies: Analogies
    record: dict

    def choose(self, word: str, cands: Sequence[Candidate]) -> Phones:
        return self.reranker.choose(word, cands, self.analogies)


def load_folder_reranker(fst_dir: str | os.PathLike) -> FolderReranker | None:
    """:func:`load_reranker` with the folder's analogies; None when it has no reranker."""
    loaded = load_reranker(fst_dir)
    if loaded is None:
        return None
    analogies = Analogies.from_folder(fst_dir, graphones=loaded[0].graphones)
    if loaded[0].graphones and analogies.graphones is None:
        raise ValueError(
            f"{Path(fst_dir) / RERANK_FILE}: fitted with {GRAPHONE_FILE}, which the folder no "
            "longer has: put it back or fit the reranker again"
        )
    return FolderReranker(loaded[0], analogies, loaded[1])


def own_candidates(
    folder: FolderReranker,
    model: G2PModel | G2PEnsemble,
    reverse: G2PModel | G2PEnsemble | None,
    words: Sequence[str],
    max_len: int = 32,
) -> list[list[Candidate]]:
    """The lists a model folder's own reranker (``yuyin g2p train-rerank``) picks from, as it
    was fitted: both neural beams of its record's ``beam``, and where its record's ``nbest`` is
    above 0 the n-best of its graphone n-gram (:meth:`yuyin.text.graphone_lm.GraphoneLM.nbest`,
    in the place of a joint-sequence model's)."""
    nbest = int(folder.record.get("nbest") or 0)
    lm = folder.analogies.graphones if nbest else None
    if nbest and lm is None:
        raise ValueError(f"its reranker picks from a {GRAPHONE_FILE} n-best the folder lacks")
    return candidates(
        model, lm, words, folder.record["beam"], max(nbest, 1), max_len=max_len, reverse=reverse
    )
