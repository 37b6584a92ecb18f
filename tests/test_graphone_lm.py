"""The graphone n-gram that scores given pronunciations (yuyin.text.graphone_lm) and the
reranker features it gives."""

from __future__ import annotations

import gzip
import json
import math
from pathlib import Path

import numpy as np
import pytest

from yuyin.models.g2p_analogy import Analogies
from yuyin.models.g2p_rerank import (
    FEATURES,
    Reranker,
    candidate_features,
    fit_folder_reranker,
    load_folder_reranker,
    load_reranker,
    save_reranker,
)
from yuyin.models.g2p_rescore import Candidate
from yuyin.models.g2p_trees import TREE_COLUMNS
from yuyin.text import graphone_lm
from yuyin.text.g2p import G2PEntry
from yuyin.text.graphone_lm import GRAPHONE_FILE, GraphoneLM, GraphoneLMError

LN10 = math.log(10)
# a bigram over four graphones: "ph}F", "p}P", "h}HH", "o}OW1" (log10 probabilities, backoffs)
ARPA = """
\\data\\
ngram 1=7
ngram 2=4

\\1-grams:
-1.0\t</s>
-99\t<s>\t-0.5
-0.7\tph}F\t-0.2
-1.2\tp}P\t-0.1
-1.5\th}HH\t-0.3
-0.6\to}OW1\t-0.4
-2.0\to}_

\\2-grams:
-0.1\t<s> ph}F
-0.3\tph}F o}OW1
-0.2\to}OW1 </s>
-0.9\t<s> p}P

\\end\\
"""


def _lm(tmp_path: Path, text: str = ARPA, name: str = "lm.arpa") -> GraphoneLM:
    path = tmp_path / name
    if name.endswith(".gz"):
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            fh.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return GraphoneLM(path)


def test_score_is_the_best_segmentation_with_backoff(tmp_path: Path):
    lm = _lm(tmp_path, name="lm.arpa.gz")
    assert lm.order == 2
    # "pho" as ph}F o}OW1: every bigram listed
    assert lm.score("pho", ("F", "OW1")) == pytest.approx((-0.1 - 0.3 - 0.2) * LN10)
    # "pho" as p}P h}HH o}OW1: <s> p}P listed; p}P h}HH backs off (-0.1 + -1.5); h}HH o}OW1
    # backs off (-0.3 + -0.6); o}OW1 </s> listed
    expected = (-0.9 + (-0.1 - 1.5) + (-0.3 - 0.6) - 0.2) * LN10
    assert lm.score("pho", ("P", "HH", "OW1")) == pytest.approx(expected)
    # a silent letter: ph}F o}_ then </s> backs off from o}_ (no backoff given: 0)
    assert lm.score("pho", ("F",)) == pytest.approx((-0.1 + (-0.2 - 2.0) - 1.0) * LN10)
    assert lm.score("pho", ("Z",)) == -math.inf  # no graphone spells it
    assert lm.score("x", ("F",)) == -math.inf  # a letter no graphone has
    assert lm.score("pho", ("F", "OW1", "OW1")) == -math.inf  # a phone left over


def test_nbest_ranks_every_reading_by_its_best_segmentation(tmp_path: Path):
    lm = _lm(tmp_path)
    (found,) = lm.nbest(["pho"], 3)
    assert [p for p, _ in found] == [("F", "OW1"), ("F",), ("P", "HH", "OW1")]
    costs = [c / LN10 for _, c in found]
    assert costs == pytest.approx([0.6, 3.3, 3.6])  # -log10 p, as score() gives them
    for phones, cost in lm.nbest(["pho"], 10)[0]:
        assert cost == pytest.approx(-lm.score("pho", phones))
    assert len(lm.nbest(["pho"], 10)[0]) == 4  # and P HH with a silent o: all there are
    assert lm.nbest(["x", "pho"], 1) == [[], [(("F", "OW1"), pytest.approx(0.6 * LN10))]]
    with pytest.raises(ValueError, match="n must be"):
        lm.nbest(["pho"], 0)


def test_from_folder_and_bad_files_name_the_file(tmp_path: Path):
    assert GraphoneLM.from_folder(tmp_path) is None
    with pytest.raises(GraphoneLMError, match="missing.arpa: no such"):
        GraphoneLM(tmp_path / "missing.arpa")
    for name, text in (
        ("empty.arpa", ""),
        ("words.arpa", "\\data\\\n\\1-grams:\n-1.0\thello\n-1.0\t</s>\n"),  # no graphones
        ("bad.arpa", "\\data\\\n\\1-grams:\nnot-a-number\tph}F\n"),
        ("order.arpa", "\\data\\\n\\2-grams:\n-1.0\tph}F\n"),  # one word in a 2-gram line
    ):
        with pytest.raises(GraphoneLMError, match=name):
            _lm(tmp_path, text, name)
    (tmp_path / "broken.arpa.gz").write_bytes(b"\x1f\x8b\x08 not gzip")
    with pytest.raises(GraphoneLMError, match="broken.arpa.gz: unreadable"):
        GraphoneLM(tmp_path / "broken.arpa.gz")
    packed = gzip.compress(ARPA.encode() * 50)
    damaged = packed[:30] + bytes(b ^ 0x5A for b in packed[30:60]) + packed[60:]
    (tmp_path / "damaged.arpa.gz").write_bytes(damaged)  # zlib.error, not an OSError
    with pytest.raises(GraphoneLMError, match="damaged.arpa.gz: unreadable"):
        GraphoneLM(tmp_path / "damaged.arpa.gz")


def test_a_file_too_large_is_refused_before_parsing(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(graphone_lm, "MAX_CHARS", len(ARPA) - 1)
    with pytest.raises(GraphoneLMError, match="lm.arpa: over 0 MiB of text"):
        _lm(tmp_path)
    monkeypatch.setattr(graphone_lm, "MAX_CHARS", len(ARPA))
    assert _lm(tmp_path).order == 2


def _cands(*prons: str) -> list[Candidate]:
    return [Candidate(tuple(p.split()), -1.0 - i, None, i) for i, p in enumerate(prons)]


def _analogies(tmp_path: Path) -> Analogies:
    (tmp_path / "alignment.txt").write_text("p|h}F o}OW1\np}P h}HH o}OW1\n", encoding="utf-8")
    (tmp_path / GRAPHONE_FILE).write_bytes(gzip.compress(ARPA.encode()))
    return Analogies.from_folder(tmp_path)


def test_features_score_every_candidate_and_are_zero_without_the_model(tmp_path: Path):
    analogies = _analogies(tmp_path)
    assert analogies.graphones is not None
    cands = _cands("P HH OW1", "F OW1", "Z")
    x = candidate_features("pho", cands, analogies)
    col = {name: x[:, FEATURES.index(name)] for name in FEATURES}
    assert col["graphone"][1] == pytest.approx(-0.6 * LN10)
    assert col["graphone"][2] == -60.0  # unspellable: the floor
    assert col["graphone_first"].tolist() == [0.0, 1.0, 0.0]
    assert col["votes"][1] == 1.0 and col["votes"][0] == 1.0  # the beam's first; the n-gram's
    without = candidate_features("pho", cands, analogies, graphones=False)
    graphone = [i for i, name in enumerate(FEATURES) if name.startswith("graphone")]
    assert not without[:, graphone].any()
    others = [i for i in range(len(FEATURES)) if i not in graphone and FEATURES[i] != "votes"]
    assert np.array_equal(without[:, others], x[:, others])


def test_a_record_from_before_the_graphone_features_still_picks(tmp_path: Path):
    analogies = _analogies(tmp_path)
    old = tuple(name for name in FEATURES if not name.startswith("graphone"))
    weights = tuple(1.0 if name == "neural" else 0.0 for name in old)
    path = save_reranker(tmp_path, Reranker(weights, features=old), {"beam": 8})
    data = json.loads(path.read_text())
    assert data["graphones"] is None and list(data["weights"]) == list(old)
    data.pop("graphones")  # as an earlier version wrote it
    path.write_text(json.dumps(data))
    loaded, record = load_reranker(tmp_path)  # type: ignore[misc]
    assert loaded.features == old and not loaded.graphones and record == {"beam": 8}
    cands = _cands("P HH OW1", "F OW1")
    assert loaded.choose("pho", cands, analogies) == ("P", "HH", "OW1")  # the neural score
    data["weights"]["graphone"] = 1.0  # a graphone feature without the others: no version's
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match="rerank.json.*not this version's"):
        load_reranker(tmp_path)
    with pytest.raises(ValueError, match="does not know: nonsense"):
        Reranker((1.0,), features=("nonsense",))


def test_fitted_with_the_model_it_is_needed_to_pick(tmp_path: Path):
    analogies = _analogies(tmp_path)
    entries = [G2PEntry("pho", (("F", "OW1"),)), G2PEntry("pho", (("F", "OW1"),))]
    cands = [_cands("P HH OW1", "F OW1"), _cands("P HH OW1", "F OW1", "Z")]
    reranker, _ = fit_folder_reranker(tmp_path, entries, cands)
    assert reranker.graphones and reranker.features == FEATURES
    assert reranker.tree_features == (*FEATURES, *TREE_COLUMNS)
    assert reranker.choose("pho", cands[0], analogies) == ("F", "OW1")  # the n-gram's vote
    save_reranker(tmp_path, reranker, {"beam": 8, "nbest": 0})
    assert load_folder_reranker(tmp_path).reranker == reranker  # type: ignore[union-attr]
    (tmp_path / GRAPHONE_FILE).unlink()
    with pytest.raises(ValueError, match=f"fitted with {GRAPHONE_FILE}, which the folder"):
        load_folder_reranker(tmp_path)


def test_a_reranker_without_the_model_never_reads_the_file(tmp_path: Path):
    _analogies(tmp_path)
    save_reranker(tmp_path, Reranker((0.0,) * len(FEATURES)), {"beam": 8})
    (tmp_path / GRAPHONE_FILE).write_bytes(b"damaged")  # not read: no error
    folder = load_folder_reranker(tmp_path)
    assert folder is not None and folder.analogies.graphones is None
