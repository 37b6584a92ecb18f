"""CTC decoding: greedy and prefix beam search (LM fusion, hotwords) on constructed emissions."""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator, Mapping, Sequence

import pytest
import torch

from yuyin.decode.ctc import (
    DecodingOptions,
    Result,
    beam_search,
    beam_search_batch,
    greedy_decode,
    greedy_decode_batch,
)
from yuyin.decode.hotwords import check_hotwords
from yuyin.decode.ngram import LN_10, NGramLM, estimate_kneser_ney
from yuyin.text.tokenizer import BLANK_ID, CharTokenizer, Tokenizer, build_tokenizer

FLOOR = 1e-4  # probability of every token a frame does not name
BLANK = "<blank>"
NO_LM = DecodingOptions(beam_size=8, lm_weight=0.0)
LM_CORPUS = ["the cat sat", "the cat ran", "a cat", "the cat", "the dog ran", "a cut"]


@pytest.fixture(autouse=True)
def one_thread() -> Iterator[None]:
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def emissions(tok: Tokenizer, frames: Sequence[Mapping[str, float]]) -> torch.Tensor:
    """Log posteriors (T, V) from per-frame ``{token: probability}``; other tokens get FLOOR."""
    index = {tok.id_to_token(i): i for i in range(tok.vocab_size)}
    probs = torch.full((len(frames), tok.vocab_size), FLOOR, dtype=torch.float64)
    for t, frame in enumerate(frames):
        for name, p in frame.items():
            probs[t, index[name]] = p
    return (probs / probs.sum(dim=-1, keepdim=True)).log()


def spelled(tok: Tokenizer, ids: Sequence[int], p: float = 0.9) -> torch.Tensor:
    """Emissions that spell ``ids`` with a blank frame after each token. (2U, V)"""
    frames: list[dict[str, float]] = []
    for i in ids:
        frames += [{tok.id_to_token(i): p}, {BLANK: p}]
    return emissions(tok, frames)


def lm_part(result: Result) -> float:
    return result.score - result.acoustic_score


REPEATS = ["a", "a", BLANK, "a", "b", "b", "|", "c", BLANK, "c"]  # best token of each frame


def test_greedy_merges_repeats_and_drops_blanks() -> None:
    tok = CharTokenizer("abc")
    log_probs = emissions(tok, [{name: 0.9} for name in REPEATS])
    result = greedy_decode(log_probs, None, tok)
    assert result.text == "aab cc"
    assert [tok.id_to_token(i) for i in result.tokens] == list("aab|cc")
    assert result.frames == (0, 3, 4, 6, 7, 9)
    assert result.token_times(frame_rate=25.0) == (0.0, 0.12, 0.16, 0.24, 0.28, 0.36)
    assert result.score == pytest.approx(float(log_probs.max(dim=-1).values.sum()))
    assert greedy_decode(log_probs, 3, tok).text == "a"  # only the first `length` frames
    assert greedy_decode(log_probs, 0, tok).tokens == ()


def test_batch_helpers_respect_lengths() -> None:
    tok = CharTokenizer("abc")
    one = spelled(tok, tok.encode("ab c"))
    two = spelled(tok, tok.encode("ca"))
    batch = torch.zeros(2, len(one), tok.vocab_size, dtype=torch.float64)
    batch[0], batch[1, : len(two)] = one, two  # padding frames of zeros would decode as junk
    lengths = torch.tensor([len(one), len(two)])
    assert [r.text for r in greedy_decode_batch(batch, lengths, tok)] == ["ab c", "ca"]
    assert [r.text for r in beam_search_batch(batch, lengths, tok, NO_LM)] == ["ab c", "ca"]


def test_beam_of_one_without_lm_is_greedy() -> None:
    tok = CharTokenizer()
    gen = torch.Generator().manual_seed(0)
    target = tok.encode("hello world it's a test")
    clean = spelled(tok, target, p=0.7).exp()
    noisy = (clean + 0.2 * torch.rand(clean.shape, generator=gen, dtype=torch.float64)).log()
    greedy = greedy_decode(noisy, None, tok)
    beam = beam_search(noisy, None, tok, DecodingOptions(beam_size=1, lm_weight=0.0))
    assert greedy.text == "hello world it's a test"
    assert (beam.text, beam.tokens, beam.frames) == (greedy.text, greedy.tokens, greedy.frames)
    abc = CharTokenizer("abc")
    log_probs = emissions(abc, [{name: 0.9} for name in REPEATS])
    beam = beam_search(log_probs, None, abc, DecodingOptions(beam_size=1, lm_weight=0.0))
    assert (beam.text, beam.frames) == ("aab cc", greedy_decode(log_probs, None, abc).frames)


def test_beam_beats_the_best_path_when_alignments_add_up() -> None:
    """Two frames with p(blank) = 0.6, p(a) = 0.4: the best single path is blank-blank (0.36),
    but "a" has three paths (aa, a-, -a) worth 0.16 + 0.24 + 0.24 = 0.64."""
    tok = CharTokenizer("a")
    log_probs = emissions(tok, [{BLANK: 0.6, "a": 0.4}] * 2)
    p_blank, p_a = log_probs[0, BLANK_ID].exp(), log_probs[0, tok.encode("a")[0]].exp()
    greedy = greedy_decode(log_probs, None, tok)
    beam = beam_search(log_probs, None, tok, NO_LM)
    assert greedy.text == ""
    assert beam.text == "a"
    assert beam.acoustic_score == pytest.approx(math.log(p_a**2 + 2 * p_a * p_blank))
    assert beam.acoustic_score > math.log(p_blank**2)


def cat_or_cut(tok: Tokenizer, p_a: float, p_u: float) -> torch.Tensor:
    """ "the cat" or "the cut": the vowel of the second word is the only doubt."""
    frames = [{c: 0.9} for c in "the|c"] + [{"a": p_a, "u": p_u}] + [{"t": 0.9}]
    return emissions(tok, frames)


def test_lm_prefers_the_frequent_word_and_scores_exactly() -> None:
    tok = CharTokenizer()
    lm = estimate_kneser_ney(LM_CORPUS, order=2)
    log_probs = cat_or_cut(tok, p_a=0.45, p_u=0.55)
    assert beam_search(log_probs, None, tok, NO_LM).text == "the cut"
    options = DecodingOptions(beam_size=8, lm_weight=0.5, word_bonus=0.25)
    fused = beam_search(log_probs, None, tok, options, lm)
    assert fused.text == "the cat"
    expected = 0.5 * lm.sentence_log10("the cat") * LN_10 + 0.25 * 2  # alpha ln p + beta words
    assert lm_part(fused) == pytest.approx(expected)
    favour_cut = estimate_kneser_ney([s.replace("cat", "cut") for s in LM_CORPUS], order=2)
    assert beam_search(cat_or_cut(tok, 0.55, 0.45), None, tok, options, favour_cut).text == (
        "the cut"
    )


def test_lm_over_bpe_words() -> None:
    sentences = ["she sells sea shells", "the sea shore", "she sells shells by the shore"]
    tok = build_tokenizer("bpe", sentences * 3, vocab_size=40)
    lm = estimate_kneser_ney(sentences, order=3)
    text = "she sells sea shells by the sea shore"
    ids = tok.encode(text)
    assert len(ids) < len(text.replace(" ", ""))  # some pieces span several letters
    options = DecodingOptions(beam_size=4, lm_weight=0.8, word_bonus=1.0)
    result = beam_search(spelled(tok, ids), None, tok, options, lm)
    assert result.text == text and result.tokens == tuple(ids)
    assert lm_part(result) == pytest.approx(0.8 * lm.sentence_log10(text) * LN_10 + 8 * 1.0)


def test_unknown_words_cost_unk_offset_so_known_words_are_not_glued() -> None:
    tok = CharTokenizer()
    lm = estimate_kneser_ney(LM_CORPUS, order=2)
    # "the cat sat" where the acoustics prefer no word break (blank 0.8 over "|" 0.2)
    frames = [{c: 0.9} for c in "the"] + [{BLANK: 0.8, "|": 0.2}] + [{c: 0.9} for c in "cat"]
    frames += [{BLANK: 0.8, "|": 0.2}] + [{c: 0.9} for c in "sat"]
    log_probs = emissions(tok, frames)
    assert beam_search(log_probs, None, tok, NO_LM).text == "thecatsat"
    # the word bonus belongs to the LM term: without an LM the default bonus splits nothing
    assert DecodingOptions().word_bonus > 0
    assert beam_search(log_probs, None, tok, DecodingOptions(beam_size=8)).text == "thecatsat"
    options = DecodingOptions(beam_size=8, lm_weight=0.5, word_bonus=0.0)
    fused = beam_search(log_probs, None, tok, options, lm)
    assert fused.text == "the cat sat"
    expected = 0.5 * lm.sentence_log10("the cat sat") * LN_10  # known words: no unk_offset
    assert lm_part(fused) == pytest.approx(expected)
    # without the offsets one unknown word is cheaper than three known ones: the glue wins
    free = DecodingOptions(8, 0.5, 0.0, unk_offset=0.0, unk_letter_offset=0.0)
    glued = beam_search(log_probs, None, tok, free, lm)
    assert glued.text == "thecatsat"
    assert lm_part(glued) == pytest.approx(0.5 * lm.sentence_log10("thecatsat") * LN_10)
    # the cost per letter alone keeps them apart, and is charged per letter of an unknown word
    letters = DecodingOptions(8, 0.5, 0.0, unk_offset=0.0, unk_letter_offset=-1.0)
    assert beam_search(log_probs, None, tok, letters, lm).text == "the cat sat"
    alone = emissions(tok, [{c: 0.9} for c in "xyz"])  # nothing else to say: charged in full
    unknown = beam_search(alone, None, tok, letters, lm)
    assert unknown.text == "xyz"
    assert lm_part(unknown) == pytest.approx(0.5 * lm.sentence_log10("xyz") * LN_10 - 3 * 1.0)

    # a model without a vocabulary (no ``vocab``) is never charged the offset
    class NoVocab:
        def initial_state(self):
            return lm.initial_state()

        def score_word(self, state, word):
            return lm.score_word(state, word)

        def final_score(self, state):
            return lm.final_score(state)

    plain = beam_search(log_probs, None, tok, options, NoVocab())
    assert plain.text == "thecatsat"


def test_hotword_flips_a_decision() -> None:
    tok = CharTokenizer()
    log_probs = cat_or_cut(tok, p_a=0.4, p_u=0.6)
    plain = beam_search(log_probs, None, tok, NO_LM)
    assert plain.text == "the cut"
    boosted = beam_search(log_probs, None, tok, DecodingOptions(lm_weight=0.0, hotwords=("Cat",)))
    assert boosted.text == "the cat"
    assert lm_part(boosted) == pytest.approx(DecodingOptions().hotword_weight * len("cat"))
    accented = DecodingOptions(lm_weight=0.0, hotwords=("Cät",))  # matched as the model spells
    assert beam_search(log_probs, None, tok, accented).text == "the cat"
    phrase = DecodingOptions(lm_weight=0.0, hotwords=("the cat",), hotword_weight=0.2)
    assert beam_search(log_probs, None, tok, phrase).text == "the cat"
    # a hotword that "cat" only starts: the bonus is taken back when the word ends elsewhere
    partial = beam_search(log_probs, None, tok, DecodingOptions(lm_weight=0, hotwords=("cattle",)))
    assert partial.text == "the cut"
    assert partial.score == pytest.approx(plain.score)


def test_kenlm_fusion_matches_the_python_lm(tmp_path) -> None:
    kenlm_module = pytest.importorskip("kenlm")
    from yuyin.decode.ngram import KenLM

    assert kenlm_module is not None
    tok = CharTokenizer()
    lm = estimate_kneser_ney(LM_CORPUS, order=3)
    arpa = lm.write_arpa(tmp_path / "lm.arpa")
    options = DecodingOptions(lm_weight=0.5)
    ours = beam_search(cat_or_cut(tok, 0.45, 0.55), None, tok, options, NGramLM.read_arpa(arpa))
    theirs = beam_search(cat_or_cut(tok, 0.45, 0.55), None, tok, options, KenLM(arpa))
    assert ours.text == theirs.text == "the cat"
    assert ours.score == pytest.approx(theirs.score, abs=1e-4)


def test_frames_follow_the_emissions() -> None:
    tok = CharTokenizer("ab")
    frames = [{BLANK: 0.9}] * 3 + [{"a": 0.9}] * 2 + [{BLANK: 0.9}] * 4 + [{"b": 0.9}]
    result = beam_search(emissions(tok, frames), None, tok, NO_LM)
    assert result.text == "ab"
    assert result.frames == (3, 9)


def test_hotwords_the_model_cannot_spell_are_named() -> None:
    tok = CharTokenizer("abcdeilmnorstu'")
    check_hotwords(("Ada", "a bride's", "  Lemon  "), tok)  # spelled: no error
    with pytest.raises(ValueError, match=r"'café' cannot be spelled.*'cae'"):  # é as e, no f
        check_hotwords(("Ada", "café"), tok)
    with pytest.raises(ValueError, match="'🙂' has nothing left"):
        check_hotwords(("🙂",), tok)
    check_hotwords(("Tromsø", "Ló"), tok)  # spelled without the accent, as transcripts are
    bpe = build_tokenizer("bpe", ["the cat sat on the mat"] * 20, vocab_size=24)
    check_hotwords(("the mat",), bpe)
    with pytest.raises(ValueError, match="'zebra' cannot be spelled"):
        check_hotwords(("zebra",), bpe)


def test_hotwords_are_matched_as_the_model_writes_them() -> None:
    """An a-z model writes "Tromsø" as "tromso", one whose characters hold "ø" as "tromsø": the
    hotword follows the model's own tokenizer (the same fold that scoring uses)."""
    from yuyin.decode.hotwords import Hotwords, spelling

    az, with_o = CharTokenizer(), CharTokenizer("abcdefghijklmnopqrstuvwxyz'ø")
    assert Hotwords(("Tromsø",), 1.0, spelling(az)).words == {"tromso"}
    assert Hotwords(("Tromsø",), 1.0, spelling(with_o)).words == {"tromsø"}
    check_hotwords(("Tromsø", "İstanbul"), with_o)
    # a bpe model too: one whose pieces write "é" keeps "café", one without spells it "cafe"
    texts = ["the cafe sat on the mat", "the café is open"] * 20
    with_e = build_tokenizer("bpe", texts, vocab_size=30)
    check_hotwords(("café", "Cafe"), with_e)  # it read back as 'café' and was refused
    assert Hotwords(("café",), 1.0, spelling(with_e)).words == {"café"}
    without = build_tokenizer("bpe", texts[:1] * 20, vocab_size=24)
    check_hotwords(("café",), without)  # it read back as 'caf ⁇'
    assert Hotwords(("Café",), 1.0, spelling(without)).words == {"cafe"}
    # accents aside: "cafe" typed boosts the "café" a model writes, and the other way round
    typed = Hotwords(("cafe",), 1.0, spelling(with_e))
    assert typed.partial((), "caf") == 3 and typed.partial(("the",), "café") == 4
    assert typed.completed(("the", "café")) == 4.0 and typed.completed(("the", "cat")) == 0.0
    accented = Hotwords(("café",), 1.0, spelling(with_e))
    assert accented.completed(("cafe",)) == 4.0 and accented.partial((), "cafz") == 0
    assert az.fold_text("i\u0307stanbul tromsø") == "istanbul tromso"  # a lowercased İ's dot


def test_options_and_input_errors() -> None:
    tok = CharTokenizer("ab")
    with pytest.raises(ValueError, match="beam_size"):
        DecodingOptions(beam_size=0)
    with pytest.raises(ValueError, match="log probabilities"):
        DecodingOptions(token_prune_logp=1.0)
    with pytest.raises(TypeError, match="tuple of strings"):
        DecodingOptions(hotwords="cat")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="word_bonus must be a number within"):
        DecodingOptions(word_bonus=1e308)  # finite, but sums of it overflow to garbage text
    with pytest.raises(ValueError, match="classes"):
        beam_search(torch.zeros(4, 7), None, tok)
    with pytest.raises(ValueError, match="outside"):
        greedy_decode(torch.zeros(4, tok.vocab_size), 5, tok)
    with pytest.raises(ValueError, match=r"\(T, V\)"):
        greedy_decode(torch.zeros(1, 4, tok.vocab_size), None, tok)


def test_nbest_is_sorted_and_starts_with_the_beam_search_result() -> None:
    from yuyin.decode.ctc import beam_search_nbest

    tok = CharTokenizer()
    lm = estimate_kneser_ney(LM_CORPUS, order=2)
    log_probs = cat_or_cut(tok, p_a=0.45, p_u=0.55)
    options = DecodingOptions(beam_size=8, lm_weight=0.5, word_bonus=0.25)
    nbest = beam_search_nbest(log_probs, None, tok, options, lm, nbest=4)
    assert 2 <= len(nbest) <= 4
    assert nbest[0] == beam_search(log_probs, None, tok, options, lm)
    assert [r.score for r in nbest] == sorted((r.score for r in nbest), reverse=True)
    assert len({r.tokens for r in nbest}) == len(nbest)
    assert {"the cat", "the cut"} <= {r.text for r in nbest}
    with pytest.raises(ValueError, match="nbest"):
        beam_search_nbest(log_probs, None, tok, options, lm, nbest=0)


def test_rescoring_lets_a_second_lm_overrule_the_first_pass() -> None:
    from yuyin.decode.ctc import beam_search_nbest
    from yuyin.decode.lm_mix import rescore, sentence_score

    tok = CharTokenizer()
    log_probs = cat_or_cut(tok, p_a=0.45, p_u=0.55)
    nbest = beam_search_nbest(log_probs, None, tok, NO_LM, nbest=8)
    assert nbest[0].text == "the cut"  # acoustics alone
    second = estimate_kneser_ney(LM_CORPUS, order=2)  # knows "the cat", never "cut" after "the"
    assert rescore(nbest, second, 0.0) is nbest[0]
    chosen = rescore(nbest, second, 1.0)
    assert chosen.text == "the cat"
    expected = max(r.score + sentence_score(second, r.text) for r in nbest)
    assert chosen.score + sentence_score(second, chosen.text) == pytest.approx(expected)
    assert sentence_score(second, "the cat") == pytest.approx(
        second.sentence_log10("the cat") * LN_10
    )
    with pytest.raises(ValueError, match="no hypothesis"):
        rescore([], second, 1.0)


def test_a_hotword_is_never_charged_as_an_unknown_word() -> None:
    """A hotword the LM does not know pays neither unk_offset nor the per-letter cost (an audit
    found boosted place names lost: -10 - 2 per letter against +1 per letter)."""
    tok = CharTokenizer()
    lm = estimate_kneser_ney(LM_CORPUS, order=2)
    assert "zax" not in lm.vocab
    log_probs = emissions(tok, [{c: 0.9} for c in "the"] + [{"|": 0.9}] + [{c: 0.9} for c in "zax"])
    options = DecodingOptions(8, 0.5, 0.0, hotwords=("Zax",), unk_offset=-10.0)
    found = beam_search(log_probs, None, tok, options, lm)
    assert found.text == "the zax"
    expected = 0.5 * lm.sentence_log10("the zax") * LN_10 + options.hotword_weight * 3
    assert lm_part(found) == pytest.approx(expected)
    # nor is the accented spelling a model writes of a hotword typed without accents
    accented = CharTokenizer("abcdefghijklmnopqrstuvwxyz'é")
    frames = [{c: 0.9} for c in "the"] + [{"|": 0.9}] + [{c: 0.9} for c in "zaé"]
    options = DecodingOptions(8, 0.5, 0.0, hotwords=("zae",), unk_offset=-10.0)
    found = beam_search(emissions(accented, frames), None, accented, options, lm)
    assert found.text == "the zaé"
    expected = 0.5 * lm.sentence_log10("the zaé") * LN_10 + options.hotword_weight * 3
    assert lm_part(found) == pytest.approx(expected)


def test_kenlm_loads_without_printing_its_advice(tmp_path, capfd) -> None:
    """KenLM's C++ prints "Loading the LM will be faster if you build a binary file" on
    standard error; yuyin's output keeps its own messages only."""
    pytest.importorskip("kenlm")
    from yuyin.decode.ngram import KenLM

    arpa = estimate_kneser_ney(LM_CORPUS, order=3).write_arpa(tmp_path / "lm.arpa")
    capfd.readouterr()
    KenLM(arpa)
    assert capfd.readouterr().err == ""
    print("after", file=sys.stderr)  # standard error is back
    assert capfd.readouterr().err == "after\n"
