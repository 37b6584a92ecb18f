"""eSpeak NG's reading of a word, in CMUdict's ARPAbet: a rule-based second opinion for G2P.

eSpeak NG reads English with hand-written letter-to-sound rules and an exception list of its
own (``en_list``), made without CMUdict. Its phones are not CMUdict's (a General American reading
with its own vowel conventions: flaps, reduced vowels, r-coloured vowels), so alone it is a weak
G2P (~41% WER without stress on the CMUdict dev words). Its errors differ from a trained model's,
though: ``bench/g2p_rerank_espeak.py`` measures what its reading adds to the G2P reranker's
evidence (a little: 20.81% -> 20.42% WER without stress on the CMUdict test words).

The library and its data come from the ``espeakng-loader`` wheel (in process, through ctypes;
nothing is run or fetched). eSpeak keeps one voice for the whole process, so every call sets
the ``en-us`` voice first, holding :data:`ESPEAK_LOCK` (as speech synthesis does for its own).

    >>> EspeakPhones().read(["hello"])  # doctest: +SKIP
    [('HH', 'AH0', 'L', 'OW1')]
"""

from __future__ import annotations

import ctypes
import functools
import importlib.util
import threading
from collections.abc import Sequence

__all__ = ["ESPEAK_LOCK", "EspeakPhones", "espeak_available", "espeak_library", "ipa_to_arpabet"]

# eSpeak keeps one voice and one set of parameters for the whole process: whoever sets them and
# reads or speaks with them (EspeakPhones.read, yuyin.data.engines.EspeakEngine) holds this
ESPEAK_LOCK = threading.Lock()

VOICE = b"en-us"
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_DONT_EXIT = 0x8000
_CHARS_UTF8 = 1
_IPA = 0x02  # espeak_TextToPhonemes: IPA, not eSpeak's ASCII names
_SEPARATOR = ord("_") << 8  # one phone per "_"-separated token
_STRESS = {"ˈ": "1", "ˌ": "2"}

# eSpeak's en-us IPA phones -> ARPAbet (a token may be one phone or two)
_VOWELS = {
    "ɑː": ("AA",), "ɑ": ("AA",), "ɒ": ("AA",), "æ": ("AE",), "a": ("AE",), "ʌ": ("AH",),
    "ə": ("AH",), "ɐ": ("AH",), "ɚ": ("ER",), "ɜː": ("ER",), "ɝ": ("ER",), "ɔː": ("AO",),
    "ɔ": ("AO",), "oː": ("AO",), "aɪ": ("AY",), "aʊ": ("AW",), "eɪ": ("EY",), "e": ("EY",),
    "ɛ": ("EH",), "ɛə": ("EH",), "ɪ": ("IH",), "ᵻ": ("IH",), "iː": ("IY",), "i": ("IY",),
    "oʊ": ("OW",), "o": ("OW",), "ɔɪ": ("OY",), "ʊ": ("UH",), "uː": ("UW",), "u": ("UW",),
    "aɪə": ("AY", "ER"), "iə": ("IY", "AH"), "əl": ("AH", "L"), "oːɹ": ("AO", "R"),
    "ɔːɹ": ("AO", "R"), "ɑːɹ": ("AA", "R"), "ɪɹ": ("IH", "R"), "iɹ": ("IY", "R"),
    "ɛɹ": ("EH", "R"), "ʊɹ": ("UH", "R"), "aɪɚ": ("AY", "ER"), "aʊɚ": ("AW", "ER"),
    "n̩": ("AH", "N"), "l̩": ("AH", "L"), "m̩": ("AH", "M"),
}  # fmt: skip
_CONSONANTS = {
    "p": "P", "b": "B", "t": "T", "d": "D", "k": "K", "g": "G", "ɡ": "G", "f": "F", "v": "V",
    "θ": "TH", "ð": "DH", "s": "S", "z": "Z", "ʃ": "SH", "ʒ": "ZH", "h": "HH", "m": "M",
    "n": "N", "ŋ": "NG", "l": "L", "ɹ": "R", "r": "R", "w": "W", "ʍ": "W", "j": "Y", "tʃ": "CH",
    "dʒ": "JH", "ɾ": "T", "ʔ": "T", "x": "K", "ç": "HH",
}  # fmt: skip


def espeak_available() -> bool:
    """Whether the ``espeakng-loader`` wheel is installed (``pip install 'yuyin[synth]'``)."""
    return importlib.util.find_spec("espeakng_loader") is not None


def ipa_to_arpabet(ipa: str) -> tuple[str, ...]:
    """eSpeak's ``_``-separated IPA of a word -> ARPAbet with stress digits on vowels.

    Tokens that are neither (a length mark alone, a syllable mark) are left out.
    """
    out: list[str] = []
    for token in ipa.replace(" ", "_").split("_"):
        stress = "0"
        if token[:1] in _STRESS:
            stress, token = _STRESS[token[0]], token[1:]
        if token in _VOWELS:
            # the first phone of a two-phone token takes the stress; an r or l after it none
            vowel, *rest = _VOWELS[token]
            out.append(vowel + stress)
            out += [p + "0" if p in ("ER", "AH") else p for p in rest]
        elif token in _CONSONANTS:
            out.append(_CONSONANTS[token])
    return tuple(out)


@functools.cache
def espeak_library() -> tuple[ctypes.CDLL, int]:
    """eSpeak NG's library from the ``espeakng-loader`` wheel, started once per process (for
    synthesis into a callback), and its sample rate; ``RuntimeError`` naming the fix when the
    wheel is missing or the library does not start."""
    if not espeak_available():
        raise RuntimeError("eSpeak NG needs the espeakng-loader wheel: pip install 'yuyin[synth]'")
    import espeakng_loader

    c = ctypes
    lib = c.CDLL(espeakng_loader.get_library_path())
    lib.espeak_Initialize.argtypes = [c.c_int, c.c_int, c.c_char_p, c.c_int]
    lib.espeak_SetVoiceByName.argtypes = [c.c_char_p]
    data = espeakng_loader.get_data_path().encode()
    rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data, _INITIALIZE_DONT_EXIT)
    if rate <= 0:
        raise RuntimeError(f"eSpeak NG did not start with its data at {data.decode()}")
    return lib, rate


class EspeakPhones:
    """Words -> eSpeak NG's en-us reading in ARPAbet (:func:`ipa_to_arpabet`), cached.

    Raises ``RuntimeError`` naming the fix when ``espeakng-loader`` is missing or its library
    does not start.
    """

    def __init__(self) -> None:
        self._lib = espeak_library()[0]
        self._lib.espeak_TextToPhonemes.argtypes = [
            ctypes.POINTER(ctypes.c_char_p),
            ctypes.c_int,
            ctypes.c_int,
        ]
        self._lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
        self._cache: dict[str, tuple[str, ...]] = {}

    def _clauses(self, text: str) -> list[str]:
        """eSpeak's IPA of ``text``, a string a clause: words split by spaces, phones by "_"."""
        chars = ctypes.c_char_p(text.encode("utf-8"))
        pointer = ctypes.pointer(chars)
        parts = []
        while chars.value:  # eSpeak returns one clause per call and moves the pointer on
            got = self._lib.espeak_TextToPhonemes(pointer, _CHARS_UTF8, _IPA | _SEPARATOR)
            if not got:
                break
            parts.append(got.decode("utf-8", "replace"))
        return parts

    def _ipa(self, word: str) -> str:
        return "_".join(self._clauses(word))

    def read_sentence(self, text: str) -> list[tuple[str, ...]]:
        """The words of ``text`` as eSpeak reads them in their sentence (its own homograph
        rules: "I will read" / "I have read"), one ARPAbet reading a word in order; eSpeak's
        words, not necessarily ``text``'s split on spaces (it says "3" as "three")."""
        with ESPEAK_LOCK:
            if self._lib.espeak_SetVoiceByName(VOICE) != 0:
                raise RuntimeError("eSpeak NG has no en-us voice in its data")
            clauses = self._clauses(text)
        return [ipa_to_arpabet(w) for clause in clauses for w in clause.split()]

    def read(self, words: Sequence[str]) -> list[tuple[str, ...]]:
        """Each word's ARPAbet reading (``()`` where eSpeak gives no phones)."""
        todo = [w for w in dict.fromkeys(words) if w not in self._cache]
        if todo:
            with ESPEAK_LOCK:
                if self._lib.espeak_SetVoiceByName(VOICE) != 0:
                    raise RuntimeError("eSpeak NG has no en-us voice in its data")
                for word in todo:
                    self._cache[word] = ipa_to_arpabet(self._ipa(word))
        return [self._cache[w] for w in words]
