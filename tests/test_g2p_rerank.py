"""The G2P reranker: analogies, features, fitting, and its record in a folder."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from yuyin.models.g2p_analogy import AffixAnalogy, Analogies, Compounds, Derivations
from yuyin.models.g2p_rerank import (
    FEATURES,
    Reranker,
    candidate_features,
    fit_folder_reranker,
    fit_reranker,
    group_mass,
    load_reranker,
    save_reranker,
)
from yuyin.models.g2p_rescore import Candidate
from yuyin.text.g2p import G2PEntry

REFUSAL = [
    ("r", ("R",)),
    ("e", ("IH0",)),
    ("f", ("F",)),
    ("u", ("Y", "UW1")),
    ("s", ("Z",)),
    ("a", ("AH0",)),
    ("l", ("L",)),
]
SUN = [("s", ("S",)), ("u", ("AH1",)), ("n", ("N",))]
FLOWER = [("f", ("F",)), ("l", ("L",)), ("ow", ("AW1",)), ("e", ()), ("r", ("ER0",))]


def _phones(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def test_affix_analogy_gives_the_phones_of_the_shared_letters():
    affix = AffixAnalogy([REFUSAL, SUN])
    shared, seqs = affix.shared("refusals", from_end=False)
    assert shared == 7 and seqs == [_phones("R IH0 F Y UW1 Z AH0 L")]
    shared, seqs = affix.shared("bun", from_end=True)  # "un" from "sun", phones reversed
    assert shared == 2 and seqs == [_phones("N AH1")]
    assert affix.shared("xyz", from_end=False) == (0, [])


def test_compound_readings_join_two_training_words_with_compound_stress():
    compounds = Compounds.from_alignment([SUN, FLOWER, REFUSAL])
    readings = compounds.readings("sunflower")
    assert readings == {_phones("S AH1 N F L AW2 ER0"): pytest.approx(3 / 9)}
    assert compounds.readings("sunfl") == {}  # "fl" is no word
    assert Compounds([G2PEntry("ab", (_phones("EY1 B"),))]).readings("abab") == {}  # parts < 3


def _lexicon(entries: dict[str, str]) -> dict[str, list[tuple[str, ...]]]:
    return {word: [_phones(p) for p in prons.split(" | ")] for word, prons in entries.items()}


def test_derivations_learn_endings_from_the_dictionary_pairs():
    lexicon = _lexicon(
        {
            "cat": "K AE1 T",
            "cats": "K AE1 T S",  # "s" after T: S
            "dog": "D AO1 G",
            "dogs": "D AO1 G Z",  # after G: Z
            "bat": "B AE1 T",
            "bats": "B AE1 T S",
            "bake": "B EY1 K",
            "baking": "B EY1 K IH0 NG",  # the base's "e" dropped
            "make": "M EY1 K",
            "making": "M EY1 K IH0 NG",
            "stop": "S T AA1 P",
            "stopping": "S T AA1 P IH0 NG",  # its consonant doubled
            "happy": "HH AE1 P IY0",
            "happier": "HH AE1 P IY0 ER0",  # "y" made "i"
            "ban": "B AE1 N",
            "bana": "B AA1 N AH0",  # "a" changes the base's phones: not regular
        }
    )
    derivations = Derivations(lexicon, min_pairs=1)
    assert derivations.statistics(("s", ""))[0] == 1.0  # type: ignore[index]
    assert derivations.statistics(("a", ""))[0] == 0.0  # type: ignore[index]
    assert derivations.readings("rats") == {}  # "rat" is no training word
    lexicon["rat"] = [_phones("R AE1 T")]
    assert derivations.readings("rats") == {_phones("R AE1 T S"): 1.0}
    assert derivations.readings("taking") == {}
    lexicon["take"] = [_phones("T EY1 K")]
    assert derivations.readings("taking") == {_phones("T EY1 K IH0 NG"): 1.0}
    lexicon.update({"shop": [_phones("SH AA1 P")], "sunny": [_phones("S AH1 N IY0")]})
    assert derivations.readings("shopping") == {_phones("SH AA1 P IH0 NG"): 1.0}
    assert derivations.readings("sunnier") == {_phones("S AH1 N IY0 ER0"): 1.0}
    assert Derivations(lexicon, min_pairs=3).readings("rats")  # "s" is seen in 3 pairs
    assert Derivations(lexicon, min_pairs=4).readings("rats") == {}
    assert Derivations(lexicon, min_pairs=4).statistics(("ing", "e")) is None


def test_group_mass_sums_over_stress_variants():
    phones = [_phones("AH1 B"), _phones("AH0 B"), _phones("IY1 B")]
    assert group_mass(phones, np.array([0.5, 0.25, 0.25])).tolist() == [0.75, 0.75, 0.25]


def _cand(phones: str, neural: float, fst: float | None, rank: int | None = None) -> Candidate:
    return Candidate(_phones(phones), neural, fst, rank)


def test_features_have_one_column_each_and_no_missing_values():
    analogies = Analogies(AffixAnalogy([SUN, FLOWER]), Compounds.from_alignment([SUN, FLOWER]))
    cands = [
        _cand("S AH1 N F L AW1 ER0", -1.0, 5.0, 0),
        _cand("S AH1 N F L AW2 ER0", -2.0, None),  # no FST cost, no beam rank, no reverse
        Candidate(_phones("S UW1 N F L OW1 ER0"), -9.0, 7.0, 1, reverse=-3.0, reverse_rank=0),
    ]
    x = candidate_features("sunflower", cands, analogies)
    assert x.shape == (3, len(FEATURES)) and np.isfinite(x).all()
    column = dict(zip(FEATURES, x.T, strict=True))
    assert column["compound_exact"].tolist() == [0.0, pytest.approx(3 / 9), 0.0]
    assert (
        column["compound_bare"][0] == column["compound_bare"][1] > 0 == column["compound_bare"][2]
    )
    assert column["no_fst"].tolist() == [0, 1, 0] and column["reverse_rank0"].tolist() == [0, 0, 1]
    assert column["neural_first"].tolist() == [1, 0, 0]
    assert not column["derived_exact"].any() and not column["derived_miss"].any()
    without_reverse = candidate_features("sunflower", cands[:2], analogies)
    assert not without_reverse[:, [FEATURES.index(f"reverse{k}") for k in ("", "_first")]].any()
    assert candidate_features("sunflower", [], analogies).shape == (0, len(FEATURES))


def test_derived_features_mark_the_derived_reading():
    lexicon = _lexicon({"cat": "K AE1 T", "cats": "K AE1 T S", "flower": "F L AW1 ER0"})
    analogies = Analogies(AffixAnalogy([]), Compounds([]), Derivations(lexicon, min_pairs=1))
    cands = [_cand("F L AW1 ER0 Z", -1.0, 5.0), _cand("F L AW0 ER0 Z", -2.0, None)]
    column = dict(zip(FEATURES, candidate_features("flowers", cands, analogies).T, strict=True))
    assert column["derived_exact"].tolist() == [0.0, 0.0]  # after ER0 no ending was seen
    lexicon["tower"], lexicon["towers"] = [_phones("T AW1 ER0")], [_phones("T AW1 ER0 Z")]
    analogies = Analogies(AffixAnalogy([]), Compounds([]), Derivations(lexicon, min_pairs=1))
    column = dict(zip(FEATURES, candidate_features("flowers", cands, analogies).T, strict=True))
    assert column["derived_exact"].tolist() == [1.0, 0.0]
    assert column["derived_bare"].tolist() == [1.0, 1.0]  # the same phones but for stress
    assert column["derived_miss"].tolist() == [0.0, 0.0]
    other = [_cand("F L OW1 ER0 Z", -1.0, None)]
    column = dict(zip(FEATURES, candidate_features("flowers", other, analogies).T, strict=True))
    assert column["derived_miss"].tolist() == [1.0]


def _toy_words(count: int, start: int = 0) -> tuple[list[G2PEntry], list[list[Candidate]]]:
    """Words whose right pronunciation the neural model ranks second and the FST first."""
    entries, cands = [], []
    for i in range(start, start + count):
        right, wrong = f"K AE1 T {'S ' * (i % 3)}", f"K EY1 T {'S ' * (i % 3)}"
        entries.append(G2PEntry(f"word{chr(97 + i % 26)}", (_phones(right),)))
        cands.append([_cand(wrong, -0.5, 9.0, 0), _cand(right, -1.5, 2.0, 1)])
    return entries, cands


def test_fit_learns_what_picks_right_and_generalises():
    analogies = Analogies(AffixAnalogy([]), Compounds([]))
    entries, cands = _toy_words(30)
    reranker = fit_reranker(entries, cands, analogies)
    held, held_cands = _toy_words(10, start=30)
    picks = [reranker.choose(e.word, c, analogies) for e, c in zip(held, held_cands, strict=True)]
    assert all(p in e.pronunciations for p, e in zip(picks, held, strict=True))
    assert reranker.choose("x", [], analogies) == ()
    with pytest.raises(ValueError, match="no word has a right candidate"):
        fit_reranker([G2PEntry("x", (_phones("Z"),))], [[_cand("K", -1.0, 1.0)]], analogies)


def test_folder_fit_scores_the_fitted_words_as_its_picks(tmp_path: Path):
    (tmp_path / "alignment.txt").write_text("r}R e}IH0 f}F u}Y|UW1 s}Z a}AH0 l}L\n")
    entries, cands = _toy_words(20)
    entries.append(G2PEntry("zz", (_phones("Z IY1"),)))  # no right candidate: an error
    cands.append([_cand("Z AY1", -0.5, 1.0, 0)])
    entries.append(G2PEntry("qq", (_phones("K Y UW1"),)))  # no candidate at all: an error
    cands.append([])
    reranker, rate = fit_folder_reranker(tmp_path, entries, cands)
    analogies = Analogies.from_folder(tmp_path)
    assert reranker == fit_reranker(entries, cands, analogies)
    picks = [reranker.choose(e.word, c, analogies) for e, c in zip(entries, cands, strict=True)]
    wrong = sum(p not in e.pronunciations for p, e in zip(picks, entries, strict=True))
    assert wrong == 2 and rate == round(100 * wrong / len(entries), 2)


def test_record_round_trip_and_bad_records_name_the_file(tmp_path: Path):
    assert load_reranker(tmp_path) is None
    reranker = Reranker(tuple(float(i) for i in range(len(FEATURES))))
    path = save_reranker(tmp_path, reranker, {"beam": 8, "nbest": 16})
    loaded, record = load_reranker(tmp_path)  # type: ignore[misc]
    assert loaded == reranker and record["beam"] == 8
    data = json.loads(path.read_text())
    data["weights"].pop("votes")
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match="rerank.json.*not this version's"):
        load_reranker(tmp_path)
    path.write_text("{not json")
    with pytest.raises(ValueError, match="rerank.json: not a reranker record"):
        load_reranker(tmp_path)
