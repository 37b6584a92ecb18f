"""Word n-gram LM: Kneser-Ney by hand, normalization, ARPA round trip, KenLM agreement."""

from __future__ import annotations

import gzip
import math
import random
from pathlib import Path

import pytest

from yuyin.decode.ngram import (
    BOS,
    EOS,
    LN_10,
    UNK,
    ArpaError,
    NGramLM,
    arpa_unigrams,
    estimate_kneser_ney,
)

WORDS = ["the", "a", "cat", "dog", "sat", "ran", "on", "mat", "big", "small"]
KENLM_TOLERANCE = 1e-3  # KenLM stores float32 values


def random_corpus(n: int = 150, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choices(WORDS, k=rng.randint(1, 7))) for _ in range(n)]


def p(lm: NGramLM, context: tuple[str, ...], word: str) -> float:
    return 10 ** lm.log10_prob(context, word)


def test_kneser_ney_by_hand() -> None:
    """Corpus "a b", "a b", "b" as a bigram model.

    Bigrams: (<s> a) 2, (a b) 2, (b </s>) 3, (<s> b) 1; one count of 1 and two of 2 give
    D2 = 1 / (1 + 2 * 2) = 0.2. Unigram continuation counts: a 1 (after <s>), b 2 (after a, <s>),
    </s> 1 (after b); two 1s and one 2 give D1 = 2 / (2 + 2) = 0.5. Their total is 4 over 3 types,
    so gamma() = 0.5 * 3 / 4 = 0.375, spread over |V| = 4 (a, b, </s>, <unk>): 0.09375 each.
    """
    lm = estimate_kneser_ney(["a b", "a b", "b"], order=2)
    assert p(lm, (), "a") == pytest.approx(0.5 / 4 + 0.09375)  # 0.21875
    assert p(lm, (), "b") == pytest.approx(1.5 / 4 + 0.09375)  # 0.46875
    assert p(lm, (), EOS) == pytest.approx(0.21875)
    assert p(lm, (), UNK) == pytest.approx(0.09375)
    gamma_bos = 0.2 * 2 / 3  # context <s>: total 3, two types
    assert p(lm, (BOS,), "a") == pytest.approx(1.8 / 3 + gamma_bos * 0.21875)
    assert p(lm, (BOS,), "b") == pytest.approx(0.8 / 3 + gamma_bos * 0.46875)
    assert p(lm, ("a",), "b") == pytest.approx(1.8 / 2 + 0.1 * 0.46875)  # gamma(a) = 0.2 / 2
    assert p(lm, ("a",), "a") == pytest.approx(0.1 * 0.21875)  # unseen: back off
    assert p(lm, ("b",), EOS) == pytest.approx(2.8 / 3 + 0.2 / 3 * 0.21875)
    sentence = (1.8 / 3 + gamma_bos * 0.21875) * (0.9 + 0.046875) * (2.8 / 3 + 0.2 / 3 * 0.21875)
    assert lm.sentence_log10("a b") == pytest.approx(math.log10(sentence))
    assert lm.tables[0][(BOS,)][1] == pytest.approx(math.log10(gamma_bos))  # backoff of <s>


@pytest.mark.parametrize("order", [2, 3, 4])
def test_every_context_sums_to_one(order: int) -> None:
    lm = estimate_kneser_ney(random_corpus(), order=order)
    outcomes = sorted(lm.vocab - {BOS})  # the words, </s> and <unk>
    contexts = [()] + [ng for table in lm.tables[:-1] for ng in table if EOS not in ng]
    contexts += [("never", "seen"), ("small", "zebra", "the")]
    for context in contexts:
        total = sum(p(lm, context, w) for w in outcomes)
        assert total == pytest.approx(1.0, abs=1e-6), context


@pytest.mark.parametrize("order", [2, 3, 4])
def test_listed_ngrams_are_scored_with_their_own_probability(order: int) -> None:
    lm = estimate_kneser_ney(random_corpus(), order=order)
    for table in lm.tables:
        for ngram, (logp, _) in table.items():
            if ngram != (BOS,):
                assert lm.log10_prob(ngram[:-1], ngram[-1]) == logp


def test_unknown_words_score_as_unk_and_protocol_matches_sentence_score() -> None:
    lm = estimate_kneser_ney(random_corpus(), order=3)
    assert lm.log10_prob(("the",), "zebra") == lm.log10_prob(("the",), UNK)
    state, total = lm.initial_state(), 0.0
    for word in ["the", "zebra", "sat", "on", "a", "mat"]:
        logp, state = lm.score_word(state, word)
        total += logp
    total += lm.final_score(state)
    assert total == pytest.approx(lm.sentence_log10("the zebra sat on a mat") * LN_10)


@pytest.mark.parametrize("order", [2, 3, 4])
def test_arpa_round_trip_is_exact(order: int, tmp_path: Path) -> None:
    lm = estimate_kneser_ney(random_corpus(), order=order)
    path = lm.write_arpa(tmp_path / "lm.arpa")
    again = NGramLM.read_arpa(path)
    assert again.order == order
    assert again.tables == lm.tables
    for sentence in [*random_corpus(20, seed=1), "zebra the", ""]:
        assert again.sentence_log10(sentence) == lm.sentence_log10(sentence)
    text = path.read_text(encoding="utf-8")
    assert text.count(f"\\{order}-grams:") == 1 and text.rstrip().endswith("\\end\\")


def test_arpa_unigrams_list_the_vocabulary(tmp_path: Path) -> None:
    lm = estimate_kneser_ney(random_corpus(), order=3)
    path = lm.write_arpa(tmp_path / "lm.arpa")
    assert arpa_unigrams(path) == lm.vocab == NGramLM.read_arpa(path).vocab
    assert set(WORDS) <= lm.vocab and {BOS, EOS, UNK} <= lm.vocab
    binary = tmp_path / "lm.bin"
    binary.write_bytes(bytes(range(256)) * 4)
    assert arpa_unigrams(binary) is None
    text = tmp_path / "notes.txt"
    text.write_text("not an lm\n", encoding="utf-8")
    assert arpa_unigrams(text) is None


@pytest.mark.parametrize("order", [2, 3, 4])
def test_kenlm_reads_our_arpa_and_agrees(order: int, tmp_path: Path) -> None:
    kenlm = pytest.importorskip("kenlm")
    lm = estimate_kneser_ney(random_corpus(), order=order)
    model = kenlm.Model(str(lm.write_arpa(tmp_path / "lm.arpa")))
    for sentence in [*random_corpus(30, seed=2), "the zebra sat", ""]:
        ours = lm.sentence_log10(sentence)
        assert model.score(sentence, bos=True, eos=True) == pytest.approx(ours, abs=KENLM_TOLERANCE)


def test_load_word_lm_hands_large_arpa_and_binaries_to_kenlm(
    tmp_path: Path, monkeypatch, caplog
) -> None:
    import yuyin.decode.ngram as ngram

    pytest.importorskip("kenlm")
    lm = estimate_kneser_ney(random_corpus(), order=3)
    arpa = lm.write_arpa(tmp_path / "lm.arpa")
    assert isinstance(ngram.load_word_lm(arpa), NGramLM)  # small: read and checked in Python
    monkeypatch.setattr(ngram, "KENLM_ARPA_BYTES", arpa.stat().st_size - 1)
    big = ngram.load_word_lm(arpa)
    assert isinstance(big, ngram.KenLM) and big.order == 3 and big.vocab == lm.vocab
    for sentence in ["the cat sat on the mat", "the zebra sat"]:
        state, ours, theirs = big.initial_state(), lm.initial_state(), 0.0
        mine = 0.0
        for word in sentence.split():
            logp, state = big.score_word(state, word)
            theirs += logp
            logp, ours = lm.score_word(ours, word)
            mine += logp
        theirs += big.final_score(state)
        mine += lm.final_score(ours)
        assert theirs == pytest.approx(mine, abs=KENLM_TOLERANCE * LN_10)
    packed = tmp_path / "lm.arpa.gz"
    packed.write_bytes(gzip.compress(arpa.read_bytes()))
    unpacked = ngram.load_word_lm(packed)  # KenLM reads gzip; the words come from the ARPA
    assert isinstance(unpacked, ngram.KenLM) and unpacked.vocab == lm.vocab
    # without the extra: Python reads it, and says what the extra would save
    monkeypatch.setattr(ngram, "kenlm_available", lambda: False)
    with pytest.raises(ArpaError, match="a gzip file; decompress it first, or install"):
        ngram.load_word_lm(packed)
    with caplog.at_level("WARNING", logger="yuyin.decode"):
        assert isinstance(ngram.load_word_lm(arpa), NGramLM)
    assert "pip install 'yuyin[kenlm]'" in caplog.text
    binary = tmp_path / "lm.bin"
    binary.write_bytes(ngram.KENLM_MAGIC + b"http://kheafield.com/code format version 5\n\0\0")
    with pytest.raises(ArpaError, match=r"lm\.bin: a binary KenLM file; reading it needs"):
        ngram.load_word_lm(binary)
    # with it, a damaged binary or ARPA is one ArpaError naming the file, not a C++ exception
    monkeypatch.undo()
    with pytest.raises(ArpaError, match=r"lm\.bin: KenLM cannot read it"):
        ngram.load_word_lm(binary)
    broken = tmp_path / "broken.arpa"
    broken.write_text("\\data\\\nngram 1=2\n\n\\1-grams:\n-1.0\tcat\n")
    with pytest.raises(ArpaError, match=r"broken\.arpa: KenLM cannot read it"):
        ngram.KenLM(broken)


def test_bad_input_and_bad_files(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="order must be at least 2"):
        estimate_kneser_ney(["a b"], order=1)
    with pytest.raises(ValueError, match="no text"):
        estimate_kneser_ney(["", "   "])
    path = estimate_kneser_ney(["a b", "b a"], order=2).write_arpa(tmp_path / "lm.arpa")
    text = path.read_text(encoding="utf-8")
    (tmp_path / "cut.arpa").write_text(text.replace("\\end\\", ""), encoding="utf-8")
    with pytest.raises(ArpaError, match="truncated"):
        NGramLM.read_arpa(tmp_path / "cut.arpa")
    (tmp_path / "count.arpa").write_text(text.replace("ngram 2=", "ngram 2=9"), encoding="utf-8")
    with pytest.raises(ArpaError, match="header says"):
        NGramLM.read_arpa(tmp_path / "count.arpa")
    (tmp_path / "nan.arpa").write_text(text.replace("\t<unk>", "\tx <unk>"), encoding="utf-8")
    with pytest.raises(ArpaError, match="nan.arpa:"):
        NGramLM.read_arpa(tmp_path / "nan.arpa")
    (tmp_path / "latin1.arpa").write_bytes(text.replace("\ta", "\tcaf\u00e9").encode("latin-1"))
    with pytest.raises(ArpaError, match=r"latin1\.arpa:\d+: not UTF-8 text"):
        NGramLM.read_arpa(tmp_path / "latin1.arpa")


def test_impossible_values_and_structure_are_named_by_line(tmp_path: Path) -> None:
    import gzip

    text = estimate_kneser_ney(["a b", "b a"], order=2).write_arpa(tmp_path / "lm.arpa").read_text()
    lines = text.splitlines()
    unk = next(i for i, line in enumerate(lines) if line.endswith("<unk>") or "\t<unk>\t" in line)
    bigram = next(i for i, line in enumerate(lines) if line.count("\t") == 1 and " " in line)

    def refused(name: str, changed: str, match: str) -> None:
        (tmp_path / name).write_bytes(changed if isinstance(changed, bytes) else changed.encode())
        with pytest.raises(ArpaError, match=match):
            NGramLM.read_arpa(tmp_path / name)

    def with_line(i: int, new: str) -> str:
        return "\n".join([*lines[:i], new, *lines[i + 1 :]]) + "\n"

    for value in ("nan", "inf", "5.0"):  # a NaN used to crash the beam search; inf read "th"
        fields = lines[unk].split("\t")
        refused(
            f"p-{value}.arpa",
            with_line(unk, "\t".join([value, *fields[1:]])),
            rf"p-{value}\.arpa:{unk + 1}: log10 probability {value} is not a number <= 0",
        )
    refused("dup.arpa", with_line(bigram + 1, lines[bigram]), rf"dup\.arpa:{bigram + 2}: .* twice")
    refused("n.arpa", text.replace("ngram 1=", "ngram 1=x"), r"n\.arpa:\d+: expected 'ngram N=")
    refused("zero.arpa", text.replace("ngram 1=", "ngram 0=5\nngram 1="), "order must be >= 1")
    refused("gz.arpa", gzip.compress(text.encode()), r"gz\.arpa:1: a gzip file")
    refused(
        "kenlm.arpa", b"mmap lm http://kheafield.com/code format version 5\n\0\0", "binary KenLM"
    )
    extra = text.replace("\\end\\", "\\3-grams:\n-1.0\ta b a\n\n\\end\\")
    refused("extra.arpa", extra, "3-grams the header does not count")
    bom = tmp_path / "bom.arpa"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert NGramLM.read_arpa(bom).order == 2  # a byte-order mark is fine


def test_prompts_lm_is_built_once_then_read_from_the_cache(tmp_path: Path, monkeypatch) -> None:
    import yuyin.data.prompts as prompts
    from yuyin.decode.ngram import load_word_lm, prompts_lm

    calls: list[str] = []

    def few_prompts(split: str) -> list[str]:
        calls.append(split)
        return ["The cat sat.", "The dog ran!", "A cat ran."]

    monkeypatch.setattr(prompts, "load_prompts", few_prompts)
    built = prompts_lm(order=2, cache_dir=tmp_path)
    assert calls == ["train"] and {"the", "cat", "dog", "ran"} <= built.vocab
    cached = list(tmp_path.glob("prompts-train-2gram-*.arpa"))
    assert len(cached) == 1 and not list(tmp_path.glob("*.partial"))
    again = prompts_lm(order=2, cache_dir=tmp_path)
    assert again.tables == built.tables
    cached[0].write_text("garbage", encoding="utf-8")  # a damaged cache is rebuilt
    assert prompts_lm(order=2, cache_dir=tmp_path).tables == built.tables
    with pytest.raises(ArpaError, match="no such ARPA file"):
        load_word_lm(tmp_path / "missing.arpa")


def test_a_lone_surrogate_is_written_as_a_question_mark(tmp_path):
    lm = estimate_kneser_ney(["caf\udce9 au lait", "au lait"], 3)  # as surrogateescape decodes
    path = lm.write_arpa(tmp_path / "lm.arpa")
    assert "caf?" in path.read_text(encoding="utf-8")
    assert NGramLM.read_arpa(path).sentence_log10("au lait") == pytest.approx(
        lm.sentence_log10("au lait"), abs=1e-4
    )
