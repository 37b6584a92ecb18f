"""The G2P reranker's gradient-boosted trees: LightGBM's trees scored by numpy, fitted on top of
the log-linear reranker, kept in its record."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from yuyin.cli import main
from yuyin.extras import MissingPackageError
from yuyin.models.g2p_analogy import AffixAnalogy, Analogies, Compounds
from yuyin.models.g2p_rerank import (
    FEATURES,
    Reranker,
    candidate_features,
    fit_folder_reranker,
    load_reranker,
    save_reranker,
)
from yuyin.models.g2p_rescore import Candidate
from yuyin.models.g2p_trees import (
    TREE_COLUMNS,
    Trees,
    fit_trees,
    from_lightgbm,
    graded,
    require_lightgbm,
    tree_columns,
)
from yuyin.text.g2p import G2PEntry

WIDTH = len(FEATURES) + len(TREE_COLUMNS)


def _phones(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _stump(feature: int, threshold: float, low: float, high: float, features: int) -> Trees:
    """One split: ``x[feature] <= threshold`` scores ``low``, else ``high``."""
    return Trees(
        feature=np.array([feature, 0, 0]),
        threshold=np.array([threshold, 0.0, 0.0]),
        left=np.array([1, -1, -1]),
        right=np.array([2, -1, -1]),
        value=np.array([0.0, low, high]),
        missing=np.array([0, 0, 0]),
        default_left=np.array([True, True, True]),
        roots=np.array([0]),
        features=features,
    )


def test_a_node_table_scores_rows_as_its_splits_say():
    trees = _stump(1, 0.5, -1.0, 2.0, features=3)
    x = np.array([[9.0, 0.5, 0.0], [9.0, 0.6, 0.0], [0.0, np.nan, 0.0]])
    assert trees.predict(x).tolist() == [-1.0, 2.0, -1.0]  # NaN reads as 0 (missing_type None)
    nan_right = Trees(**{**trees.__dict__, "missing": np.array([2, 0, 0]),
                         "default_left": np.array([False, True, True])})  # fmt: skip
    assert nan_right.predict(x).tolist() == [-1.0, 2.0, 2.0]
    twice = Trees(**{**trees.__dict__, "roots": np.array([0, 0])})
    assert twice.predict(x).tolist() == [-2.0, 4.0, -2.0]
    with pytest.raises(ValueError, match="read 3 features"):
        trees.predict(np.zeros((2, 4)))


def test_node_tables_round_trip_and_bad_ones_are_refused():
    trees = _stump(2, 1.0, 0.5, -0.5, features=4)
    assert Trees.from_json(json.loads(json.dumps(trees.to_json()))) == trees
    loop = trees.to_json() | {"left": [0, -1, -1]}  # a node that is its own child
    with pytest.raises(ValueError, match="outside its tree"):
        Trees.from_json(loop)
    with pytest.raises(ValueError, match="outside the rows"):
        Trees.from_json(trees.to_json() | {"feature": [4, 0, 0]})  # a feature the rows lack
    with pytest.raises(ValueError, match="unequal lengths"):
        Trees.from_json(trees.to_json() | {"value": [0.0]})
    with pytest.raises(ValueError, match="outside the rows"):  # a leaf's feature too
        Trees.from_json(trees.to_json() | {"feature": [2, 9, 0]})
    with pytest.raises(ValueError, match="outside its tree"):  # one child, two parents
        Trees.from_json(trees.to_json() | {"roots": [0, 1]})
    with pytest.raises(ValueError, match="not a number"):
        Trees.from_json(trees.to_json() | {"value": [0.0, float("nan"), 1.0]})
    # a chain of 65 splits: a crafted file must not make every pick walk for minutes
    n = 2 * 65 + 1
    chain = {
        "features": 1,
        "roots": [0],
        "feature": [0] * n,
        "threshold": [0.0] * n,
        "left": [i + 2 if i % 2 == 0 and i < n - 1 else -1 for i in range(n)],
        "right": [i + 1 if i % 2 == 0 and i < n - 1 else -1 for i in range(n)],
        "value": [0.0] * n,
        "missing": [0] * n,
        "default_left": [1] * n,
    }
    with pytest.raises(ValueError, match="deeper than 64"):
        Trees.from_json(chain)
    short = {k: v[:-2] if isinstance(v, list) and k != "roots" else v for k, v in chain.items()}
    short["left"][-1] = short["right"][-1] = -1  # 64 splits: read
    assert Trees.from_json(short).predict(np.zeros((1, 1))).tolist() == [0.0]


def test_lightgbm_trees_score_the_same_in_numpy():
    lightgbm = pytest.importorskip("lightgbm")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2000, 6))
    x[rng.random(x.shape) < 0.05] = 0.0
    y = (x[:, 0] + x[:, 1] * x[:, 2] > 0).astype(int) + (x[:, 3] > 1)
    ranker = lightgbm.LGBMRanker(
        objective="lambdarank", n_estimators=30, num_leaves=7, min_child_samples=20, verbose=-1
    )
    ranker.fit(x, y, group=[10] * 200)
    trees = from_lightgbm(ranker.booster_.dump_model())
    test = rng.normal(size=(300, 6))
    test[:40, 2], test[40:50, 1] = 0.0, np.nan
    assert len(trees.roots) == 30 and trees.features == 6
    np.testing.assert_allclose(trees.predict(test), ranker.predict(test), rtol=0, atol=1e-9)
    # LightGBM's missing-value rules: NaN in training (NaN splits), zeros as missing (Zero)
    for missing, settings in (("NaN", {}), ("Zero", {"zero_as_missing": True})):
        x_missing = x.copy()
        if missing == "NaN":
            x_missing[rng.random(x.shape) < 0.1] = np.nan
        ranker = lightgbm.LGBMRanker(
            objective="lambdarank", n_estimators=20, num_leaves=7, verbose=-1, **settings
        )
        ranker.fit(x_missing, y, group=[10] * 200)
        dump = ranker.booster_.dump_model()
        assert missing in json.dumps(dump)  # splits of that rule were made
        test[50:60, 3], test[60:70, 0] = 1e-40, -0.0
        np.testing.assert_allclose(
            from_lightgbm(dump).predict(test), ranker.predict(test), rtol=0, atol=1e-9
        )


def _folder(path: Path) -> Path:
    """A folder with a training alignment, as a reranker's folder has (its analogies)."""
    (path / "alignment.txt").write_text("c}K a}AE1 t}T\n")
    return path


def _cand(phones: str, neural: float, fst: float | None, rank: int | None) -> Candidate:
    return Candidate(_phones(phones), neural, fst, rank)


def _words(count: int, start: int = 0) -> tuple[list[G2PEntry], list[list[Candidate]]]:
    """Short words whose right reading the neural model ranks first, long ones whose right
    reading the FST ranks first: no single weighting of the two scores gets both right."""
    entries, cands = [], []
    for i in range(start, start + count):
        long = i % 2 == 1
        word = "ab" * (5 if long else 1) + chr(97 + i % 26)
        neural, fst = _phones("K AE1 T"), _phones("K EY1 T")
        right = fst if long else neural
        entries.append(G2PEntry(word, (right,)))
        cands.append(
            [_cand("K AE1 T", -0.4, 6.0, 0), _cand("K EY1 T", -1.6, 2.0, 1)]
            + [_cand("K AA1", -3.0, 9.0, 2)]
        )
    return entries, cands


def test_tree_columns_and_labels():
    cands = [
        _cand("K AE1 T", -0.5, None, 0),
        Candidate(_phones("K AE0 T"), -2.0, 3.0, 1, reverse=-1.0, reverse_rank=0),
    ]
    x = candidate_features("cat", cands, Analogies(AffixAnalogy([]), Compounds([])))
    cols = tree_columns("cat", cands, x, np.array([1.0, 3.0]))
    assert cols.shape == (2, WIDTH) and np.isfinite(cols).all()
    named = dict(zip(TREE_COLUMNS, cols[:, len(FEATURES) :].T, strict=True))
    assert named["neural_gap"].tolist() == [0.0, -1.5] and named["neural_rank"].tolist() == [0, 1]
    assert named["fst_gap"].tolist() == [-99.0 + 3.0, 0.0]  # no FST cost: far below the best
    assert named["linear_rank"].tolist() == [1, 0] and named["letters"].tolist() == [3, 3]
    assert named["linear_stress_group"].tolist() == pytest.approx([1.0, 1.0])  # one reading
    assert named["phones_per_letter"].tolist() == [1.0, 1.0]
    phones = [c.phones for c in cands]
    assert graded(phones, [_phones("K AE1 T")]).tolist() == [2, 1]
    assert graded(phones, [_phones("K IY1")]).tolist() == [0, 0]


def test_trees_learn_what_the_weights_cannot_and_are_kept_in_the_record(tmp_path: Path):
    pytest.importorskip("lightgbm")
    _folder(tmp_path)
    entries, cands = _words(240)
    linear, linear_rate = fit_folder_reranker(tmp_path, entries, cands)
    boosted, boosted_rate = fit_folder_reranker(tmp_path, entries, cands, trees=True)
    assert linear.trees is None and boosted.trees is not None
    assert linear_rate >= 45 and boosted_rate == 0  # half the words vs none
    # a word with no candidate at all is an error of the fit, not a crash of the trees
    _, with_empty = fit_folder_reranker(
        tmp_path, [*entries, G2PEntry("qq", (_phones("K Y UW1"),))], [*cands, []], trees=True
    )
    assert with_empty == round(100 / (len(entries) + 1), 2)
    assert boosted.weights == linear.weights  # the trees add to the same log-linear score
    analogies = Analogies.from_folder(tmp_path)
    held, held_cands = _words(20, start=240)
    picks = [boosted.choose(e.word, c, analogies) for e, c in zip(held, held_cands, strict=True)]
    assert all(p in e.pronunciations for p, e in zip(picks, held, strict=True))
    path = save_reranker(tmp_path, boosted, {"beam": 8, "nbest": 0})
    loaded, record = load_reranker(tmp_path)  # type: ignore[misc]
    assert loaded == boosted and record == {"beam": 8, "nbest": 0}
    save_reranker(tmp_path, loaded, record)  # a loaded record saved again: the same file
    assert load_reranker(tmp_path) == (boosted, record)
    data = json.loads(path.read_text())
    data["trees"]["columns"] = data["trees"]["columns"][:-1]
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match="rerank.json.*not this version's"):
        load_reranker(tmp_path)
    data = json.loads(path.read_text())
    data["trees"]["columns"] = [*FEATURES, *TREE_COLUMNS]
    for bad in ([10**30, 0, 0], 10**400, "62"):  # too large for an index; a string
        path.write_text(json.dumps(data | {"trees": data["trees"] | {"feature": bad}}))
        with pytest.raises(ValueError, match="rerank.json: not a reranker record"):
            load_reranker(tmp_path)
    # a record that names trees, saved with a reranker that has none: no stale trees written
    save_reranker(tmp_path, linear, record | {"trees": data["trees"]})
    assert load_reranker(tmp_path) == (linear, record)
    # one word, or two of which one has a right reading: the trees still fit
    for count in (1, 2):
        words, lists = _words(count)
        if count == 2:
            words[1] = G2PEntry(words[1].word, (_phones("Z IY1"),))
        fitted, _ = fit_folder_reranker(tmp_path, words, lists, trees=True)
        assert fitted.trees is not None


def test_a_folder_reranker_picks_with_its_trees(tmp_path: Path):
    _folder(tmp_path)
    entries, cands = _words(2)
    weights = tuple(float(n == "neural") for n in FEATURES)  # the neural model's first
    letters = len(FEATURES) + TREE_COLUMNS.index("letters")
    fst_rank = len(FEATURES) + TREE_COLUMNS.index("fst_rank")
    # a long word: the FST's first gains 10; a short one: nothing
    trees = Trees(
        feature=np.array([letters, 0, fst_rank, 0, 0]),
        threshold=np.array([5.0, 0.0, 0.5, 0.0, 0.0]),
        left=np.array([1, -1, 3, -1, -1]),
        right=np.array([2, -1, 4, -1, -1]),
        value=np.array([0.0, 0.0, 0.0, 10.0, 0.0]),
        missing=np.zeros(5, int),
        default_left=np.ones(5, bool),
        roots=np.array([0]),
        features=WIDTH,
    )
    analogies = Analogies.from_folder(tmp_path)
    for reranker, expected in ((Reranker(weights), "K AE1 T"), (Reranker(weights, trees), None)):
        for entry, word_cands in zip(entries, cands, strict=True):
            right = expected or " ".join(entry.pronunciations[0])
            assert reranker.choose(entry.word, word_cands, analogies) == _phones(right)
    assert Reranker(weights, trees).choose("x", [], analogies) == ()


def test_fitting_trees_without_lightgbm_says_what_to_install(monkeypatch, tmp_path: Path):
    monkeypatch.setitem(sys.modules, "lightgbm", None)
    with pytest.raises(MissingPackageError, match=r"pip install 'yuyin\[trees\]'"):
        require_lightgbm()
    with pytest.raises(MissingPackageError, match="trees"):
        fit_trees([np.zeros((2, 3))], [np.array([1, 0])])


def test_cli_trees_go_with_a_reranker_and_need_lightgbm(monkeypatch, tmp_path: Path, capsys):
    out = tmp_path / "fst"
    assert main(["g2p", "train-fst", "--out", str(out), "--trees"]) == 2
    assert "--trees goes with --rerank" in capsys.readouterr().err and not out.exists()
    monkeypatch.setitem(sys.modules, "lightgbm", None)
    args = ["g2p", "train-rerank", "--out", str(out), "--reverse", str(tmp_path), "--trees"]
    assert main(args) == 1
    assert "pip install 'yuyin[trees]'" in capsys.readouterr().err and not out.exists()
