"""Grapheme-to-phoneme conversion: the pronouncing dictionary first, a neural model for the rest.

:class:`G2P` turns text into ARPAbet phones with stress (``"speech" -> S P IY1 CH``). Text goes
through :func:`~yuyin.text.normalize.normalize_for_tts` (numbers, dates, symbols, acronyms become
words), is cut into words (runs of letters with inner apostrophes, so hyphens and punctuation
separate words), and each word is looked up in the lexicon (:func:`~yuyin.text.lexicon.load_cmudict`
by default; its first pronunciation, or for a homograph such as "read" or "record" the one its
sentence calls for, :mod:`yuyin.text.homographs`). Words the lexicon lacks go to the neural model of
:mod:`yuyin.models.g2p`, shipped trained in ``yuyin/assets/models/g2p``. Accented Latin letters
are read without their accents (``café`` -> ``cafe``); words of other scripts get no phones.

What data, model and training share is importable from here too: the model's two alphabets
(:data:`CHAR_TOKENS`, :data:`PHONE_TOKENS`, :mod:`yuyin.text.g2p_alphabet`) and the fixed
CMUdict split (:mod:`yuyin.text.g2p_split`).

Example:
    >>> g2p = G2P()
    >>> g2p.word("speech")
    ['S', 'P', 'IY1', 'CH']
    >>> [p.source for p in g2p("Zorblat's speech")]
    ['model', 'lexicon']
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from yuyin.text.g2p_alphabet import (
    _APOSTROPHES,
    BOS,
    CHAR_TOKENS,
    EOS,
    GRAPHEMES,
    MASK,
    PAD,
    PHONE_TOKENS,
    decode_phones,
    encode_phones,
    encode_word,
    spell,
)
from yuyin.text.g2p_options import G2POptions, Pronunciation
from yuyin.text.g2p_split import SPLIT_SEED, G2PEntry, G2PSplit, cmudict_split, model_word, split_of
from yuyin.text.homographs import HOMOGRAPHS, reading_in_context
from yuyin.text.lexicon import (
    LETTER_A,
    Lexicon,
    is_letter_a,
    load_cmudict,
    strip_stress,
)
from yuyin.text.normalize import normalize_for_tts

if TYPE_CHECKING:
    from yuyin.models.g2p import G2PModel
    from yuyin.models.g2p_ensemble import G2PEnsemble
    from yuyin.models.g2p_rerank import FolderReranker
    from yuyin.models.g2p_rescore import RescoreWeights
    from yuyin.models.g2p_tagger import LetterTagger
    from yuyin.text.joint_sequence import JointSequenceG2P

__all__ = [
    "BOS",
    "CHAR_TOKENS",
    "BUNDLED",
    "DEFAULT_MODEL_DIR",
    "EOS",
    "G2P",
    "GRAPHEMES",
    "MASK",
    "PAD",
    "PHONE_TOKENS",
    "SPLIT_SEED",
    "G2PEntry",
    "G2POptions",
    "G2PSplit",
    "Pronunciation",
    "cmudict_split",
    "decode_phones",
    "encode_phones",
    "encode_word",
    "load_g2p_member",
    "g2p_model_dir",
    "load_g2p_model",
    "model_word",
    "spell",
    "split_of",
]

log = logging.getLogger("yuyin.g2p")

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")  # letters of any script, inner apostrophes
_MARKS = ",.?!;:"  # pause marks: a homograph's context (yuyin.text.homographs)
_WORD_OR_MARK = re.compile(rf"{_WORD.pattern}|[{_MARKS}]")
_HYPHENATED = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*(?:-[^\W\d_]+(?:'[^\W\d_]+)*)+")

MAX_MODEL_LETTERS = 40  # a longer "word" is read in pieces (CMUdict's longest headword has 34)
PIECE_LETTERS = 20  # the most letters in one such piece
CUT_CHECK_LETTERS = 12  # from this length, a reading is checked for being cut short
MIN_PHONES_PER_LETTER = 0.45  # CMUdict's words of 12+ letters have 0.5 phones a letter or more


# --- the user-facing converter ---------------------------------------------------------------

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "assets" / "models" / "g2p"


BUNDLED = "bundled"  # the name of the shipped G2P, as for the other shipped models


def g2p_model_dir(path: str | os.PathLike | None = None) -> Path:
    """The G2P folder ``path`` names: None or ``"bundled"`` is the shipped one (a folder of that
    name in the current folder wins)."""
    if path is None or (str(path) == BUNDLED and not Path(path).exists()):
        return DEFAULT_MODEL_DIR
    return Path(path)


def load_g2p_model(path: str | os.PathLike = DEFAULT_MODEL_DIR) -> G2PModel | G2PEnsemble:
    """The neural G2P model saved in ``path`` (``config.json`` + ``model.safetensors``), in eval
    mode; a :class:`~yuyin.models.g2p_ensemble.G2PEnsemble` when ``meta.members`` > 1 (each
    member built from its entry of ``meta.member_configs`` where the sizes differ). Raises
    :class:`yuyin.hub.ModelLoadError` when it is missing or of another kind."""
    from yuyin.hub import ModelLoadError, load_state, read_model_config
    from yuyin.models.g2p import G2P_KIND, G2PConfig, build_g2p
    from yuyin.models.g2p_ensemble import G2PEnsemble

    path = g2p_model_dir(path)
    record = read_model_config(path)
    if record.get("kind") != G2P_KIND:
        raise ModelLoadError(f"{path}: a model of kind {record.get('kind')!r}, not {G2P_KIND!r}")
    meta = record.get("meta", {})
    if tuple(meta.get("phones", PHONE_TOKENS)) != PHONE_TOKENS or meta.get("chars") != GRAPHEMES:
        raise ModelLoadError(f"{path}: the model's alphabets differ from this yuyin's")
    members = meta.get("members", 1)
    if not isinstance(members, int) or members < 1:
        raise ModelLoadError(f"{path}: meta.members must be a positive integer, got {members!r}")
    configs = meta.get("member_configs", [record["config"]] * members)
    if not isinstance(configs, list) or len(configs) != members:
        raise ModelLoadError(f"{path}: meta.member_configs must list {members} configs")
    try:
        models = [build_g2p(G2PConfig(**config)) for config in configs]
    except TypeError as exc:
        raise ModelLoadError(f"{path}: config does not match the G2P model ({exc})") from None
    model = models[0] if members == 1 else G2PEnsemble(models)
    load_state(model, Path(path) / "model.safetensors")
    model.yuyin_meta = meta  # type: ignore[attr-defined]
    model.yuyin_folder = Path(path)  # type: ignore[attr-defined]  # its reranker's folder
    return model.eval()


def load_g2p_member(path: str | os.PathLike, member: int | None = None) -> G2PModel:
    """One model of a G2P folder: its single model, or member ``member`` (0-based) of an
    ensemble (e.g. to train it further). Raises :class:`yuyin.hub.ModelLoadError` for an ensemble
    without a valid ``member`` or a member number on a single model."""
    from yuyin.hub import ModelLoadError
    from yuyin.models.g2p_ensemble import G2PEnsemble

    model = load_g2p_model(path)
    meta = model.yuyin_meta  # type: ignore[attr-defined]
    if isinstance(model, G2PEnsemble):
        count = len(model.members)
        if member is None or not 0 <= member < count:
            raise ModelLoadError(
                f"{path}: an ensemble of {count} models; choose one (--init-member 0..{count - 1})"
            )
        model = model.members[member]
        model.yuyin_meta = meta  # type: ignore[attr-defined]
    elif member not in (None, 0):
        raise ModelLoadError(f"{path}: a single model; it has no member {member}")
    return model  # type: ignore[return-value]


def _check_tuned_with(fst_dir: Path, record: dict, model: object) -> None:
    """Warn when a joint-sequence folder's weights (tuning ``record``) were tuned with another
    neural model than ``model`` (a folder; a loaded model is not checked): they still work,
    less well."""
    from yuyin.models.g2p_rescore import model_digest

    expected = record.get("model_sha256")
    if expected is None or not isinstance(model, str | os.PathLike):
        return
    if model_digest(model) != expected:
        log.warning(
            f"{fst_dir}: its weights were tuned with another neural G2P than {model}; "
            "tune them again: yuyin g2p train-fst --retune --model MODEL --out FOLDER"
        )


def _load_reranker(fst_dir: Path, model: object) -> FolderReranker | None:
    """A joint-sequence folder's reranker (None when it has none); warns, as for the weights,
    when it was fitted with another neural model."""
    from yuyin.models.g2p_rerank import load_folder_reranker

    loaded = load_folder_reranker(fst_dir)
    if loaded is not None:
        _check_tuned_with(fst_dir, loaded.record, model)
    return loaded


def _folder_part(fst_dir: Path, part: str, command: str = "train-fst --retune") -> Path:
    """The folder of a model a joint-sequence folder's weights call for: ``"tagger"`` (the
    letter tagger, ``FST/tagger/model``) or ``"reverse"`` (the right-to-left G2P,
    ``FST/reverse``); missing, a clear error that says how to make it (``yuyin g2p
    COMMAND``)."""
    from yuyin.hub import ModelLoadError
    from yuyin.models.g2p_rescore import folder_reverse
    from yuyin.models.g2p_tagger import folder_tagger

    path, what, option = {
        "tagger": (folder_tagger(fst_dir), "a letter tagger", "--tagger"),
        "reverse": (folder_reverse(fst_dir), "a right-to-left G2P", "--reverse MODEL_DIR"),
    }[part]
    if not path.is_dir():
        raise ModelLoadError(
            f"{fst_dir}: its weights use {what} but {path} is missing "
            f"(yuyin g2p {command} {option} --out FOLDER)"
        )
    return path


def _check_word_list(words: Sequence[str]) -> None:
    """A list of words, not one string (which would be read letter by letter)."""
    if isinstance(words, str | bytes) or not all(isinstance(w, str) for w in words):
        raise TypeError(f"expected a sequence of word strings, got {words!r:.60}")


def _cut_short(word: str, phones: Sequence[str]) -> bool:
    """Fewer phones than any long CMUdict word has for its letters (0.5 a letter at least:
    "thoroughfare", "worcestershire"): a reading the decoder ended too soon."""
    return len(phones) < MIN_PHONES_PER_LETTER * len(word)


def _pieces(word: str, letters: int = PIECE_LETTERS) -> list[str]:
    """A word too long for the model cut into near-equal pieces of at most ``letters``."""
    count = -(-len(word) // letters)
    size = -(-len(word) // count)
    return [word[i : i + size] for i in range(0, len(word), size)]


class G2P:
    """Text -> phones: lexicon lookup, then the neural model for words the lexicon lacks; a
    homograph the lexicon lists twice ("read", "record") read as its sentence calls for
    (:meth:`in_context`, ``options.homographs``).

    Args:
        lexicon: the pronouncing dictionary (default: CMUdict, loaded on first use).
        model: a loaded :class:`~yuyin.models.g2p.G2PModel` (or ensemble), or the folder of one
            (default: the shipped model, loaded on first out-of-vocabulary word).
        options: decoding options for the neural model.
        fst: a joint-sequence model folder (:mod:`yuyin.text.joint_sequence`, needs
            ``yuyin[fst]``) or a loaded one: out-of-vocabulary words then get the best of both
            models' n-best lists (:mod:`yuyin.models.g2p_rescore`), with the weights saved in
            its folder by ``yuyin g2p train-fst`` (defaults otherwise), loaded or given; when
            those weights use a letter tagger (``train-fst --tagger``), its tagger joins in, and
            a right-to-left model (``train-fst --reverse``) too. A folder with a reranker
            (``train-fst --rerank``, :mod:`yuyin.models.g2p_rerank`) picks with it instead,
            from lists of the sizes it was fitted on.

    Without ``fst``, a model folder that holds a reranker of its own (``yuyin g2p
    train-rerank``: ``rerank.json``, a right-to-left model in ``reverse/`` and the training
    alignment for the analogies), as the shipped one does, picks from both neural models'
    beams with it (``options.rerank`` False: the left-to-right beam alone).

    Neural results are cached per word, so repeated unknown words cost one decode.
    """

    def __init__(
        self,
        lexicon: Lexicon | None = None,
        model: G2PModel | G2PEnsemble | str | os.PathLike | None = None,
        options: G2POptions | None = None,
        fst: JointSequenceG2P | str | os.PathLike | None = None,
    ) -> None:
        self._lexicon = lexicon
        self._model = g2p_model_dir(model) if isinstance(model, str | os.PathLike | None) else model
        folder = self._model if isinstance(self._model, str | os.PathLike) else None
        # a loaded model keeps its folder: its reranker is used too
        self._model_dir = Path(folder) if folder else getattr(self._model, "yuyin_folder", None)
        self.options = options or G2POptions()
        self._cache: dict[str, tuple[str, ...]] = {}
        self._fst = fst
        self._weights: RescoreWeights | None = None
        self._tagger: LetterTagger | None = None
        self._reverse: G2PModel | G2PEnsemble | None = None
        self._reranker: FolderReranker | None = None

    @property
    def lexicon(self) -> Lexicon:
        if self._lexicon is None:
            self._lexicon = load_cmudict()
        return self._lexicon

    @property
    def model(self) -> G2PModel | G2PEnsemble:
        if isinstance(self._model, str | os.PathLike):
            self._model = load_g2p_model(self._model)
        return self._model

    @property
    def fst(self) -> JointSequenceG2P | None:
        """The joint-sequence model, loaded on first use (None when not given)."""
        if self._fst is not None and self._weights is None:
            from yuyin.models.g2p_rescore import RescoreWeights, load_tuning
            from yuyin.text.joint_sequence import JointSequenceG2P

            if isinstance(self._fst, str | os.PathLike):
                self._fst = JointSequenceG2P(self._fst)
            weights, record = load_tuning(self._fst.path) or (RescoreWeights(), {})
            _check_tuned_with(self._fst.path, record, self._model)
            reranker = _load_reranker(self._fst.path, self._model)
            uses = reranker.record if reranker else {}
            if weights.tagger_weight or uses.get("tagger"):
                from yuyin.models.g2p_tagger import load_tagger

                self._tagger = load_tagger(_folder_part(self._fst.path, "tagger"))
            if weights.reverse_weight or uses.get("reverse"):
                self._reverse = load_g2p_model(_folder_part(self._fst.path, "reverse"))
            self._weights, self._reranker = weights, reranker
        return self._fst

    def folder_reranker(self) -> FolderReranker | None:
        """The model folder's own reranker (class doc), loaded with its right-to-left model on
        first use; None without one, with ``fst`` given, or with ``options.rerank`` False."""
        from yuyin.models.g2p_rerank import RERANK_FILE

        folder = self._model_dir
        if self._fst is not None or not self.options.rerank or folder is None:
            return None
        if self._reranker is None and (folder / RERANK_FILE).is_file():
            reranker = _load_reranker(folder, folder)
            if reranker is not None and reranker.record.get("reverse"):
                self._reverse = load_g2p_model(_folder_part(folder, "reverse", "train-rerank"))
            self._reranker = reranker
        return self._reranker

    def __call__(self, text: str) -> list[Pronunciation]:
        """Every word of ``text`` (after TTS normalization) with its phones, in order."""
        if not isinstance(text, str):
            raise TypeError(f"expected text as a str, got {type(text).__name__}")
        tokens = self._tokens_of(normalize_for_tts(text.translate(_APOSTROPHES)))
        at = [k for k, t in enumerate(tokens) if t not in _MARKS]  # each word's token
        words = [tokens[k] for k in at]
        known = {w: self._known(w) for w in words}
        unknown = sorted({spell(w) for w, phones in known.items() if phones is None} - {""})
        self.predict(unknown)  # one batch for all unknown words; fills the cache
        result = []
        for i, word in enumerate(words):
            phones, key = known[word], spell(word)
            if is_letter_a(words, i):  # "U S A": the letter, not the article
                result.append(Pronunciation(word, (LETTER_A,), "lexicon"))
            elif phones is not None:
                picked = self.in_context(tokens, at[i])
                source = "context" if picked is not None else "lexicon"
                result.append(Pronunciation(word, tuple(picked or phones), source))
            elif key:
                result.append(Pronunciation(word, self._cache[key], "model"))
            else:
                result.append(Pronunciation(word, (), "none"))
        return result

    def _tokens_of(self, text: str) -> list[str]:
        """Words and pause marks of normalized ``text``, a hyphenated word whole where the
        lexicon lists it."""
        words, at = [], 0
        for m in (m for m in _HYPHENATED.finditer(text) if self._known(m.group()) is not None):
            words += [*_WORD_OR_MARK.findall(text, at, m.start()), m.group()]
            at = m.end()
        return words + _WORD_OR_MARK.findall(text, at)

    def in_context(self, tokens: Sequence[str], i: int) -> list[str] | None:
        """The reading of the word ``tokens[i]`` its sentence calls for, where the lexicon
        lists it with several (:mod:`yuyin.text.homographs`: "I will read" R IY1 D, "I read
        it yesterday" R EH1 D); None for other words or with ``options.homographs`` False.
        ``tokens``: the sentence's words in order, pause marks as tokens or left out."""
        if not self.options.homographs:
            return None
        key = spell(tokens[i])  # "résumé" is listed as "resume"
        if key not in HOMOGRAPHS:
            return None
        readings = self.lexicon.lookup(tokens[i]) or self.lexicon.lookup(key)
        picked = reading_in_context(tokens, i, readings)
        if picked is None:
            return None
        return picked if self.options.stress else strip_stress(picked)

    def phonemes(self, text: str) -> list[str]:
        """All phones of ``text`` in one list (words concatenated)."""
        return [p for pron in self(text) for p in pron.phones]

    def word(self, word: str) -> list[str]:
        """Phones of one word as written (no normalization); ``[]`` when it has no letters."""
        return self.words([word])[0]

    def words(self, words: Sequence[str]) -> list[list[str]]:
        """:meth:`word` of each word, the ones the lexicon lacks decoded in one batch (the TTS
        front end, :func:`yuyin.text.phonemize.phonemize`, and :meth:`word` go through it)."""
        _check_word_list(words)
        known = [self._known(w) for w in words]
        keys = [spell(w) if phones is None else "" for w, phones in zip(words, known, strict=True)]
        unknown = [k for k in keys if k]  # "": in the lexicon, or no letters to read
        decoded = dict(zip(unknown, self.predict(unknown), strict=True)) if unknown else {}
        return [
            list(phones if phones is not None else decoded[key] if key else ())
            for phones, key in zip(known, keys, strict=True)
        ]

    def predict(self, words: Sequence[str]) -> list[tuple[str, ...]]:
        """The model's phones for words in its alphabet (:func:`spell`), batched, cached: the
        neural model's, or with ``fst`` the best of both models' candidates, or the folder's
        reranker's pick from both neural beams (class doc)."""
        _check_word_list(words)
        todo = sorted({w for w in words if w not in self._cache})
        long_words = [w for w in todo if len(w) > MAX_MODEL_LETTERS]
        if long_words:  # bounded cost and no cut-off readings: in pieces, phones joined
            self._read_in_pieces(long_words, PIECE_LETTERS)
            todo = [w for w in todo if len(w) <= MAX_MODEL_LETTERS]
        if todo:
            opts = self.options
            own = self.folder_reranker()
            if own is not None:
                from yuyin.models.g2p_rerank import own_candidates

                found = own_candidates(
                    own, self.model, self._reverse, todo, max_len=opts.max_phones
                )
                decoded = [list(own.choose(w, c)) for w, c in zip(todo, found, strict=True)]
            elif self.fst is not None:
                from yuyin.models.g2p_rescore import FST_NBEST, candidates, choose

                weights = self._weights
                assert weights is not None  # set with the model by ``fst``
                sizes = (opts.beam_size, FST_NBEST)
                if self._reranker is not None:  # the list sizes the reranker was fitted on
                    sizes = (self._reranker.record["beam"], self._reranker.record["nbest"])
                found = candidates(
                    self.model,
                    self.fst,
                    todo,
                    *sizes,
                    max_len=opts.max_phones,
                    tagger=self._tagger,
                    reverse=self._reverse,
                )
                if self._reranker is not None:
                    rerank = self._reranker.choose
                    decoded = [list(rerank(w, c)) for w, c in zip(todo, found, strict=True)]
                else:
                    decoded = [list(choose(c, weights)) for c in found]
            else:
                from yuyin.models.g2p import decode_words  # torch: only when a word needs it

                decoded = decode_words(
                    self.model, todo, beam_size=opts.beam_size, max_len=opts.max_phones
                )
            for word, phones in zip(todo, decoded, strict=True):
                self._cache[word] = tuple(phones if opts.stress else strip_stress(phones))
            cut = [w for w in todo if len(w) >= CUT_CHECK_LETTERS and _cut_short(w, self._cache[w])]
            if cut:  # the decoder stopped early on a long, odd word: its pieces read in full
                self._read_in_pieces(cut, PIECE_LETTERS // 2)
        return [self._cache[w] for w in words]

    def _read_in_pieces(self, words: Sequence[str], letters: int) -> None:
        """Cache each word's reading as its pieces' (at most ``letters`` each), joined."""
        pieces = {w: _pieces(w, letters) for w in words}
        unique = sorted({part for parts in pieces.values() for part in parts})
        by_piece = dict(zip(unique, self.predict(unique), strict=True))
        for word, parts in pieces.items():
            self._cache[word] = tuple(p for part in parts for p in by_piece[part])

    def _known(self, word: str) -> tuple[str, ...] | None:
        prons = self.lexicon.lookup(word)
        if not prons:
            folded = spell(word)  # "café" is listed as "cafe"
            prons = self.lexicon.lookup(folded) if folded else []
        if not prons:
            return None
        return tuple(prons[0] if self.options.stress else strip_stress(prons[0]))
