"""Gradient-boosted trees on top of the G2P reranker: a second score that can weigh interactions.

The log-linear reranker (:mod:`yuyin.models.g2p_rerank`) adds up its 53 features with one weight
each. LightGBM's LambdaRank (one group per word, labels 2 for a right candidate, 1 for one right
but for stress, 0 otherwise) is fitted over the same features, each model's score (the graphone
n-gram's too) minus the list's best and its rank in the list, the list's size, the word's
length, phones per letter, and the log-linear score with its posterior and stress-group mass
(:func:`tree_columns`); a candidate then scores ``log-linear + trees``. The log-linear score
the trees learn from is stacked: each training word's comes from a fit on the other folds
(``g2p_rerank._out_of_fold``), as it will be on a word the reranker never saw.

Fitting needs LightGBM (``pip install 'yuyin[trees]'``); the fitted trees are kept as plain node
tables (:class:`Trees`, JSON in the reranker's record) and scored here with numpy, so picking
needs nothing beyond the base install. On the shipped G2P's candidate lists (both neural beams),
fitted on the 2,482 dev words: 24.84% / 20.80% WER (with / without stress) on the 12,546 test
words against 25.18% / 21.09% for the log-linear reranker alone, dev 5-fold 20.55% against
20.71% without stress; on the joint lists of ``train-fst --rerank`` 20.53% against 20.81%, dev
20.02% against 20.39% (``bench/g2p_rerank_trees.py``, ``bench/results/g2p-rerank-trees.json``).

Shapes: C candidates of a word, D features, N nodes of all trees, T trees.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from yuyin.extras import MissingPackageError
from yuyin.models.g2p_analogy import strip
from yuyin.models.g2p_rescore import Candidate

__all__ = [
    "TREE_COLUMNS",
    "TREE_SETTINGS",
    "Trees",
    "fit_trees",
    "graded",
    "group_mass",
    "require_lightgbm",
    "tree_columns",
]

Phones = tuple[str, ...]
TREES_INSTALL = "pip install 'yuyin[trees]'"
# chosen by the dev words' 5-fold cross-validation on the shipped G2P's lists (module doc)
TREE_SETTINGS = {"n_estimators": 200, "learning_rate": 0.05, "num_leaves": 15}
MIN_CHILD_SAMPLES = 50
NO_SCORE = -99.0  # a model's score where it scored no candidate of the word
_SCORED = ("neural", "reverse", "fst", "linear", "graphone")
TREE_COLUMNS: tuple[str, ...] = (
    *(f"{s}_{k}" for s in _SCORED for k in ("gap", "rank")),
    "candidates",
    "letters",
    "phones_per_letter",
    "linear_posterior",
    "linear_stress_group",
)
# LightGBM's missing-value rules of a numerical split (``missing_type`` in its model dump)
_MISSING = {"None": 0, "Zero": 1, "NaN": 2}
_ZERO = 1e-35  # LightGBM's kZeroThreshold: |x| below it is "zero" for missing_type Zero
MAX_NODES = 1 << 20  # a node table read from a file: at most this many nodes (and features)
MAX_DEPTH = 64  # ... and trees at most this deep (LightGBM's of 15 leaves: 14 at most)


def _gap_and_rank(v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(C,) x 2: each value minus the best, and its rank from the best (0)."""
    return v - v.max(), (-v).argsort(kind="stable").argsort().astype(float)


def tree_columns(
    word: str,
    cands: Sequence[Candidate],
    x: np.ndarray,
    linear: np.ndarray,
    graphone: np.ndarray | None = None,
) -> np.ndarray:
    """(C, D + 15) the trees' features: the reranker's ``x`` (C, D), then the columns of
    :data:`TREE_COLUMNS` from the candidates' scores, their log-linear scores ``linear`` (C,)
    and their graphone n-gram scores ``graphone`` (C,; None: no such model)."""
    n = len(cands)
    cols = [x]
    for name in _SCORED[:3]:
        if name == "fst":
            values = [None if c.fst is None else -c.fst for c in cands]
        else:
            values = [getattr(c, name) for c in cands]
        v = np.array([NO_SCORE if s is None else s for s in values], float)
        cols += [c[:, None] for c in _gap_and_rank(v)]
    cols += [c[:, None] for c in _gap_and_rank(linear)]
    graphone = np.full(n, NO_SCORE) if graphone is None else graphone
    cols += [c[:, None] for c in _gap_and_rank(graphone)]
    post = np.exp(linear - linear.max())
    post /= post.sum()
    letters = max(len(word), 1)
    cols += [np.full((n, 1), float(n)), np.full((n, 1), float(len(word)))]
    cols += [np.array([len(c.phones) / letters for c in cands], float)[:, None]]
    cols += [post[:, None], group_mass([c.phones for c in cands], post)[:, None]]
    return np.hstack(cols)


def group_mass(phones: Sequence[Phones], weights: np.ndarray) -> np.ndarray:
    """(C,) each candidate's stress group's total weight: the sum of ``weights`` (C,) over the
    candidates that differ from it only in stress (itself included)."""
    groups = [strip(p) for p in phones]
    mass: dict[Phones, float] = {}
    for g, q in zip(groups, weights, strict=True):
        mass[g] = mass.get(g, 0.0) + float(q)
    return np.array([mass[g] for g in groups])


def graded(phones: Sequence[Phones], pronunciations: Sequence[Phones]) -> np.ndarray:
    """(C,) the trees' labels of candidates' ``phones``: 2 right, 1 right but for stress, 0
    wrong."""
    bare = {strip(tuple(p)) for p in pronunciations}
    right = {tuple(p) for p in pronunciations}
    return np.array([2 if p in right else int(strip(p) in bare) for p in phones])


@dataclass(frozen=True, eq=False)
class Trees:
    """Regression trees as one node table: node ``i`` splits on ``feature[i]`` at
    ``threshold[i]`` (``x <= threshold`` goes ``left``), or is a leaf (``left[i] < 0``) worth
    ``value[i]``; ``missing[i]`` and ``default_left[i]`` are LightGBM's rules for a missing
    value (0 none: NaN reads as 0; 1 zero and NaN; 2 NaN: these go the default way). A
    candidate's score is the sum of its leaf in every tree (``roots``)."""

    feature: np.ndarray  # (N,) int
    threshold: np.ndarray  # (N,) float64
    left: np.ndarray  # (N,) int, -1 for a leaf
    right: np.ndarray  # (N,) int
    value: np.ndarray  # (N,) float64
    missing: np.ndarray  # (N,) int
    default_left: np.ndarray  # (N,) bool
    roots: np.ndarray  # (T,) int
    features: int  # D the trees read

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Trees) and self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]  # arrays: not hashable

    def predict(self, x: np.ndarray) -> np.ndarray:
        """(C,) the summed leaf values of the rows of ``x`` (C, D)."""
        x = np.asarray(x, float)
        if x.ndim != 2 or x.shape[1] != self.features:
            raise ValueError(f"the trees read {self.features} features, got shape {x.shape}")
        rows = np.arange(len(x))[:, None]  # (C, 1)
        node = np.broadcast_to(self.roots, (len(x), len(self.roots))).copy()  # (C, T)
        inner = self.left[node] >= 0
        while inner.any():
            f = self.feature[node]
            v = x[rows, f]  # (C, T) the value each tree asks of each row
            kind = self.missing[node]
            nan = np.isnan(v)
            absent = np.where(kind == 1, nan | (np.abs(v) <= _ZERO), nan & (kind == 2))
            v = np.where(nan, 0.0, v)
            go_left = np.where(absent, self.default_left[node], v <= self.threshold[node])
            step = np.where(go_left, self.left[node], self.right[node])
            node = np.where(inner, step, node)
            inner = self.left[node] >= 0
        return self.value[node].sum(1)

    def to_json(self) -> dict:
        """The node table as JSON-ready lists (a reranker record keeps it)."""
        return {
            "features": self.features,
            "roots": self.roots.tolist(),
            "feature": self.feature.tolist(),
            "threshold": self.threshold.tolist(),
            "left": self.left.tolist(),
            "right": self.right.tolist(),
            "value": self.value.tolist(),
            "missing": self.missing.tolist(),
            "default_left": self.default_left.astype(int).tolist(),
        }

    @classmethod
    def from_json(cls, d: dict) -> Trees:
        """The node table of :meth:`to_json`; a ValueError when it is not a forest of at most
        :data:`MAX_NODES` nodes and depth :data:`MAX_DEPTH` that reads features it has (a
        record read from a folder may be anyone's: no loop, no deep chain to walk for
        minutes)."""
        n = len(d["feature"])
        arrays = {
            "feature": np.array(d["feature"], int),
            "threshold": np.array(d["threshold"], float),
            "left": np.array(d["left"], int),
            "right": np.array(d["right"], int),
            "value": np.array(d["value"], float),
            "missing": np.array(d["missing"], int),
            "default_left": np.array(d["default_left"], bool),
        }
        roots, features = np.array(d["roots"], int), int(d["features"])
        if any(a.shape != (n,) for a in arrays.values()) or roots.shape != (len(roots),):
            raise ValueError("tree node lists of unequal lengths")
        if not 0 < len(roots) <= n <= MAX_NODES or not 0 < features <= MAX_NODES:
            raise ValueError(f"1 to {MAX_NODES} tree nodes and features, and a root at least")
        if not (np.isfinite(arrays["value"]).all() and not np.isnan(arrays["threshold"]).any()):
            raise ValueError("a tree node's value or threshold is not a number")
        if ((arrays["feature"] < 0) | (arrays["feature"] >= features)).any():
            raise ValueError("a tree node reads a feature outside the rows")
        _check_forest(arrays["left"], arrays["right"], roots)
        return cls(**arrays, roots=roots, features=features)


def _check_forest(left: np.ndarray, right: np.ndarray, roots: np.ndarray) -> None:
    """ValueError unless the nodes are trees: each root no one's child, every node reached at
    most once, children after their parent (so no loop) and no deeper than MAX_DEPTH."""
    n = len(left)
    inner = np.flatnonzero(left >= 0)
    children = np.concatenate([left[inner], right[inner]])
    if (
        ((roots < 0) | (roots >= n)).any()
        or (np.minimum(left[inner], right[inner]) <= inner).any()
        or (children >= n).any()
        or np.bincount(np.concatenate([roots, children]), minlength=n).max() > 1
    ):
        raise ValueError("a tree node points outside its tree")
    depth = np.zeros(n, int)
    for i in inner:  # parents come first: each node's depth is known before its children's
        depth[left[i]] = depth[right[i]] = depth[i] + 1
    if depth.max() > MAX_DEPTH:
        raise ValueError(f"a tree deeper than {MAX_DEPTH} splits")


def from_lightgbm(dump: dict) -> Trees:
    """The trees of a LightGBM model dump (``Booster.dump_model()``) as a node table; numerical
    splits only."""
    nodes: list[dict] = []

    def add(node: dict) -> int:
        index = len(nodes)
        nodes.append({})
        if "leaf_value" in node:
            nodes[index] = {"left": -1, "right": -1, "value": float(node["leaf_value"])}
            return index
        if node.get("decision_type") != "<=":
            raise ValueError(f"split {node.get('decision_type')!r}: numerical splits only")
        entry = {
            "feature": int(node["split_feature"]),
            "threshold": float(node["threshold"]),
            "missing": _MISSING[node.get("missing_type", "None")],
            "default_left": bool(node.get("default_left", True)),
        }
        entry["left"] = add(node["left_child"])
        entry["right"] = add(node["right_child"])
        nodes[index] = entry
        return index

    roots = [add(tree["tree_structure"]) for tree in dump["tree_info"]]

    def column(key: str, default: float | int | bool, dtype: type) -> np.ndarray:
        return np.array([n.get(key, default) for n in nodes], dtype)

    return Trees(
        feature=column("feature", 0, int),
        threshold=column("threshold", 0.0, float),
        left=column("left", -1, int),
        right=column("right", -1, int),
        value=column("value", 0.0, float),
        missing=column("missing", 0, int),
        default_left=column("default_left", True, bool),
        roots=np.array(roots, int),
        features=int(dump["max_feature_idx"]) + 1,
    )


def require_lightgbm() -> None:
    """MissingPackageError (what to install) when LightGBM, which fits the trees, is missing:
    a command checks before it spends minutes on the candidate lists."""
    try:
        import lightgbm  # noqa: F401
    except ImportError:
        raise MissingPackageError(f"fitting the reranker's trees needs {TREES_INSTALL}") from None


def fit_trees(features: Sequence[np.ndarray], labels: Sequence[np.ndarray], seed: int = 0) -> Trees:
    """LambdaRank trees over each word's (C, D') ``features`` and (C,) graded ``labels``
    (:func:`graded`; words with no candidate right even but for stress are left out), with
    :data:`TREE_SETTINGS`; deterministic for a seed and the order of the rows (another order of
    each word's candidates fits other trees). Boosting starts from zero, not from the log-linear
    score the trees' score is added to: started from it, the trees picked worse on the dev
    words' cross-validation (they fit the stacked score's noise)."""
    require_lightgbm()
    import lightgbm

    kept = [(x, y) for x, y in zip(features, labels, strict=True) if len(y) and y.max() > 0]
    if not kept:
        raise ValueError("no word has a right candidate to fit the trees on")
    ranker = lightgbm.LGBMRanker(
        objective="lambdarank",
        min_child_samples=MIN_CHILD_SAMPLES,
        random_state=seed,
        deterministic=True,
        force_row_wise=True,
        n_jobs=1,
        verbose=-1,
        **TREE_SETTINGS,
    )
    ranker.fit(
        np.vstack([x for x, _ in kept]),
        np.concatenate([y for _, y in kept]),
        group=[len(y) for _, y in kept],
    )
    return from_lightgbm(ranker.booster_.dump_model())
