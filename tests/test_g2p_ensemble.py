"""G2P ensembles: averaged log-probabilities, same decoders as one model, one folder on disk."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import torch

from yuyin.hub import round_weights, save_model
from yuyin.models.g2p import (
    G2P_KIND,
    G2PConfig,
    beam_decode,
    build_g2p,
    decode_words,
    encode_words,
    greedy_decode,
)
from yuyin.models.g2p_ensemble import G2PEnsemble, load_members, save_ensemble
from yuyin.text.g2p import BOS, G2P, GRAPHEMES, PHONE_TOKENS, G2POptions, load_g2p_model
from yuyin.text.lexicon import Lexicon

TINY = G2PConfig(dim=32, heads=2, encoder_layers=1, decoder_layers=2, ff_mult=2, dropout=0.0)
WORDS = ["speech", "a", "zorblat", "antidisestablishment", "yuyin"]


def _model(seed: int, config: G2PConfig = TINY):
    torch.manual_seed(seed)
    return build_g2p(config).eval()


def test_one_member_or_identical_members_decode_like_the_model():
    model = _model(0)
    chars, lengths = encode_words(WORDS)
    greedy = greedy_decode(model, chars, lengths, max_len=9)
    beam = beam_decode(model, chars, lengths, 9, beam_size=3)
    for ensemble in (G2PEnsemble([model]), G2PEnsemble([model, model])):
        assert torch.equal(greedy_decode(ensemble, chars, lengths, max_len=9), greedy)
        assert torch.equal(beam_decode(ensemble, chars, lengths, 9, beam_size=3), beam)


def test_a_step_is_the_mean_of_the_members_log_probabilities():
    members = [_model(0), _model(1), _model(2)]
    ensemble = G2PEnsemble(members)
    chars, lengths = encode_words(WORDS)
    state = ensemble.decoder.start(*ensemble.encode(chars, lengths))
    bos = torch.full((len(WORDS),), BOS)
    mixed = ensemble.decoder.step(bos, state)  # (B, V)
    expected = []
    for m in members:
        single = m.decoder.start(*m.encode(chars, lengths))
        expected.append(m.decoder.step(bos, single).log_softmax(-1))
    torch.testing.assert_close(mixed, torch.stack(expected).mean(0))
    assert state.position == 1
    # a mixture of different members differs from each of them
    assert not torch.allclose(mixed, expected[0])


def test_saved_ensemble_loads_back_and_pronounces(tmp_path: Path):
    ensemble = G2PEnsemble([_model(0), _model(1)])
    save_ensemble(ensemble, tmp_path / "ens", {"note": "test"})
    loaded = load_g2p_model(tmp_path / "ens")
    assert isinstance(loaded, G2PEnsemble) and len(loaded.members) == 2
    assert decode_words(loaded, WORDS, beam_size=2) == decode_words(ensemble, WORDS, beam_size=2)
    g2p = G2P(lexicon=Lexicon({}), model=loaded, options=G2POptions(beam_size=2))
    prons = g2p("zorblat yuyin")
    assert [p.source for p in prons] == ["model", "model"]
    assert all(set(p.phones) <= set(PHONE_TOKENS) for p in prons)


def test_half_size_ensemble_decodes_like_its_rounded_self(tmp_path: Path):
    ensemble = G2PEnsemble([_model(0), _model(1)])
    save_ensemble(ensemble, tmp_path / "ens", weights_dtype="float16")
    loaded = load_g2p_model(tmp_path / "ens")
    assert all(p.dtype == torch.float32 for p in loaded.parameters())
    round_weights(ensemble, "float16")
    assert decode_words(loaded, WORDS, beam_size=2) == decode_words(ensemble, WORDS, beam_size=2)


def test_members_from_folders(tmp_path: Path):
    meta = {"chars": GRAPHEMES, "phones": list(PHONE_TOKENS)}
    for seed in (0, 1):
        save_model(_model(seed), tmp_path / f"m{seed}", G2P_KIND, TINY, meta)
    ensemble = load_members([tmp_path / "m0", tmp_path / "m1"])
    expected = G2PEnsemble([_model(0), _model(1)])
    assert decode_words(ensemble, WORDS) == decode_words(expected, WORDS)
    save_ensemble(ensemble, tmp_path / "ens")
    with pytest.raises(ValueError, match="single models"):
        load_members([tmp_path / "ens"])


def test_bad_ensembles_are_clear_errors(tmp_path: Path):
    with pytest.raises(ValueError, match="one member"):
        G2PEnsemble([])
    with pytest.raises(ValueError, match="alphabets"):
        G2PEnsemble([_model(0), _model(1, replace(TINY, num_phones=len(PHONE_TOKENS) + 1))])
    with pytest.raises(ValueError, match="same way"):
        G2PEnsemble([_model(0), _model(1, replace(TINY, right_to_left=True))])


def test_members_of_different_sizes_save_and_load_back(tmp_path: Path):
    mixed = G2PEnsemble([_model(0), _model(1, replace(TINY, dim=64, heads=2))])
    chars, lengths = encode_words(WORDS)
    expected = greedy_decode(mixed, chars, lengths, max_len=6)
    save_ensemble(mixed, tmp_path / "mixed", {"member_configs": "a caller's value is ignored"})
    loaded = load_g2p_model(tmp_path / "mixed")
    assert [m.config.dim for m in loaded.members] == [TINY.dim, 64]
    assert torch.equal(greedy_decode(loaded, chars, lengths, max_len=6), expected)


def test_a_mixed_folder_with_a_wrong_config_list_is_a_clear_error(tmp_path: Path):
    import json

    from yuyin.hub import ModelLoadError

    mixed = G2PEnsemble([_model(0), _model(1, replace(TINY, dim=64, heads=2))])
    save_ensemble(mixed, tmp_path / "mixed")
    record = json.loads((tmp_path / "mixed" / "config.json").read_text())
    assert record["meta"]["members"] == 2 and len(record["meta"]["member_configs"]) == 2
    record["meta"]["member_configs"] = record["meta"]["member_configs"][:1]
    (tmp_path / "mixed" / "config.json").write_text(json.dumps(record))
    with pytest.raises(ModelLoadError, match="member_configs must list 2"):
        load_g2p_model(tmp_path / "mixed")
    same = G2PEnsemble([_model(0), _model(1)])
    save_ensemble(same, tmp_path / "same")
    assert (
        "member_configs" not in json.loads((tmp_path / "same" / "config.json").read_text())["meta"]
    )
