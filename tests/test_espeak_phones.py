"""eSpeak NG's reading of words in ARPAbet (yuyin.text.espeak_phones)."""

from __future__ import annotations

import pytest

from yuyin.text.espeak_phones import EspeakPhones, espeak_available, ipa_to_arpabet

needs_espeak = pytest.mark.skipif(not espeak_available(), reason="pip install 'yuyin[synth]'")


@pytest.mark.parametrize(
    ("ipa", "arpabet"),
    [
        ("h_ə_l_ˈoʊ", "HH AH0 L OW1"),
        ("n_ˈeɪ_ʃ_ə_n", "N EY1 SH AH0 N"),
        ("b_ˈʌ_ɾ_ɚ", "B AH1 T ER0"),  # the flap is CMUdict's T
        ("ɹ_ᵻ_f_j_ˈuː_z_əl_z", "R IH0 F Y UW1 Z AH0 L Z"),  # a syllabic l: two phones
        ("ˌæ_n_θ_ɹ_ə_p_ˈɑː_l_ə_dʒ_i", "AE2 N TH R AH0 P AA1 L AH0 JH IY0"),
        ("k_ˈɑːɹ", "K AA1 R"),  # an r-coloured vowel: the stress on the vowel, not the r
        ("f_ˈaɪɚ", "F AY1 ER0"),
        ("tʃ_ˈɜː_tʃ", "CH ER1 CH"),
        ("", ""),
        ("ˈ_ː_?", ""),  # tokens that are no phone are left out
    ],
)
def test_ipa_to_arpabet(ipa: str, arpabet: str) -> None:
    assert ipa_to_arpabet(ipa) == tuple(arpabet.split())


@needs_espeak
def test_espeak_reads_words_in_arpabet() -> None:
    espeak = EspeakPhones()
    hello, nation, empty = espeak.read(["hello", "nation", ""])
    assert hello == ("HH", "AH0", "L", "OW1")
    assert nation == ("N", "EY1", "SH", "AH0", "N")
    assert empty == ()
    # a word it has not met is read by its rules; the same word twice, the same reading
    first, again = espeak.read(["blorvick", "blorvick"])
    assert first == again and first[0] == "B" and any(p.endswith("1") for p in first)


@needs_espeak
def test_espeak_reads_a_sentence_in_context_clause_by_clause() -> None:
    espeak = EspeakPhones()
    read = espeak.read_sentence("We will record it, then the record.")
    assert ("R", "IH0", "K", "AO1", "R", "D") in read  # the verb
    assert read[-1] == ("R", "EH1", "K", "ER0", "D")  # the noun
    # words of two clauses stay apart ("yesterday," then "and")
    assert ("AE0", "N", "D") in espeak.read_sentence("Yesterday, and today.")
    assert espeak.read_sentence("") == []


@needs_espeak
def test_espeak_reading_keeps_its_voice_beside_synthesis() -> None:
    from yuyin.data.engines import EspeakEngine

    espeak = EspeakPhones()
    before = espeak.read(["tomato"])
    espeak._cache.clear()
    EspeakEngine().synthesize("tomato", "espeak-en-gb-scotland+m1")  # another accent's voice
    assert espeak.read(["tomato"]) == before == [("T", "AH0", "M", "EY1", "T", "OW0")]


@needs_espeak
def test_synthesis_waits_for_the_process_wide_espeak_lock() -> None:
    import threading

    from yuyin.data.engines import EspeakEngine
    from yuyin.text.espeak_phones import ESPEAK_LOCK

    engine, done = EspeakEngine(), threading.Event()
    worker = threading.Thread(
        target=lambda: (engine.synthesize("hello", "espeak-en-us+m1"), done.set())
    )
    with ESPEAK_LOCK:  # a word reader holding eSpeak's voice
        worker.start()
        assert not done.wait(0.3)  # synthesis does not change the voice under it
    worker.join(timeout=30)
    assert done.is_set()
