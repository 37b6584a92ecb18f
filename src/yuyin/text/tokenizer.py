"""Tokenizers for CTC targets: characters, sentencepiece pieces and ARPAbet phones.

Every tokenizer has the same small interface (:class:`Tokenizer`): ``encode(text) -> ids``,
``decode(ids) -> text``, ``vocab_size``, ``blank_id`` (always :data:`BLANK_ID` = 0, the CTC
blank), ``begins_word(id)`` (where words start, for word-level LMs and word timings) and
``to_dict()``. The dict is plain JSON values, so a tokenizer travels inside a model folder's
``config.json`` meta (the sentencepiece model proto is stored base64-encoded: no side files) and
comes back with :func:`tokenizer_from_dict`.

* :class:`CharTokenizer`: lowercase letters and the apostrophe; a space between words becomes the
  word-boundary token ``|`` (wav2vec 2.0 style). :meth:`CharTokenizer.coverage` tells which
  characters of a corpus the vocabulary lacks (``encode`` skips them).
* :class:`BPETokenizer`: a sentencepiece BPE or unigram model trained in memory; a piece that
  starts with ``▁`` begins a new word.
* :class:`PhonemeTokenizer`: ARPAbet phones (with or without stress digits) and ``|`` between
  words, for TTS and G2P.

Build one from training transcripts with :func:`build_tokenizer`, which applies
:func:`~yuyin.text.normalize.normalize_for_scoring` first (the text ASR is scored on)::

    tok = build_tokenizer("bpe", transcripts, vocab_size=256)
    meta = {"tokenizer": tok.to_dict()}          # saved in config.json
    tok = tokenizer_from_dict(meta["tokenizer"])  # identical ids
"""

from __future__ import annotations

import base64
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Container, Iterable, Sequence
from typing import Any, Protocol, runtime_checkable

import sentencepiece as spm

from yuyin.text._unicode import LATIN_FOLDS
from yuyin.text.lexicon import PHONES, STRESSED_PHONES

__all__ = [
    "BLANK_ID",
    "BLANK_TOKEN",
    "SP_WORD_START",
    "TOKENIZER_KINDS",
    "WORD_BOUNDARY",
    "BPETokenizer",
    "CharTokenizer",
    "PhonemeTokenizer",
    "Tokenizer",
    "build_tokenizer",
    "tokenizer_from_dict",
]

BLANK_ID = 0  # the CTC blank is the first id of every vocabulary
BLANK_TOKEN = "<blank>"
UNK_TOKEN = "<unk>"
WORD_BOUNDARY = "|"  # the token a space between words becomes (chars and phones)
SP_WORD_START = "\u2581"  # "▁": sentencepiece's mark on a piece that begins a word
DEFAULT_CHARS = "'abcdefghijklmnopqrstuvwxyz"  # what normalize_for_scoring leaves of English
SP_UNK_ID = 1  # sentencepiece's unknown piece, right after the blank
SP_MODEL_TYPES = ("bpe", "unigram")
DEFAULT_BPE_VOCAB = 256
TOKENIZER_KINDS = ("char", "bpe", "phoneme")


@runtime_checkable
class Tokenizer(Protocol):
    """What decoders, aligners and training need from any tokenizer."""

    kind: str

    @property
    def vocab_size(self) -> int:
        """Number of ids, the blank included (the CTC head's output size)."""
        ...

    @property
    def blank_id(self) -> int:
        """Id of the CTC blank (always 0)."""
        ...

    def encode(self, text: str) -> list[int]:
        """Normalized text -> token ids (never the blank)."""
        ...

    def decode(self, ids: Sequence[int]) -> str:
        """Token ids -> text; blanks are ignored, words are separated by single spaces."""
        ...

    def id_to_token(self, token_id: int) -> str:
        """The printable form of one token."""
        ...

    def begins_word(self, token_id: int) -> bool:
        """Whether the token starts a new word: ``|`` and pieces like ``"▁the"`` do.

        The text of a word is ``decode`` of its tokens, from one that begins a word up to the
        next one (``decode`` drops a leading ``|``).
        """
        ...

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values that :func:`tokenizer_from_dict` rebuilds the tokenizer from."""
        ...


def _check_ids(ids: Sequence[int], vocab_size: int) -> None:
    bad = [i for i in ids if not 0 <= int(i) < vocab_size]
    if bad:
        raise ValueError(f"token ids {bad[:5]} are outside the vocabulary (size {vocab_size})")


class _BoundaryVocab:
    """A fixed list of tokens ``[<blank>, |, *symbols]`` shared by the char and phone tokenizers."""

    kind = ""

    def __init__(self, symbols: Sequence[str]) -> None:
        if len(set(symbols)) != len(symbols):
            raise ValueError("tokenizer symbols must be distinct")
        if BLANK_TOKEN in symbols or WORD_BOUNDARY in symbols:
            raise ValueError(f"{BLANK_TOKEN!r} and {WORD_BOUNDARY!r} are reserved tokens")
        self.tokens: tuple[str, ...] = (BLANK_TOKEN, WORD_BOUNDARY, *symbols)
        self._ids = {t: i for i, t in enumerate(self.tokens)}
        self.boundary_id = self._ids[WORD_BOUNDARY]

    @property
    def vocab_size(self) -> int:
        return len(self.tokens)

    @property
    def blank_id(self) -> int:
        return BLANK_ID

    def id_to_token(self, token_id: int) -> str:
        return self.tokens[token_id]

    def begins_word(self, token_id: int) -> bool:
        return token_id == self.boundary_id


def base_letter(c: str) -> str:
    """``c`` without its accent ("é" -> "e", "ø" -> "o", "ł" -> "l": one letter, so not "ß"),
    or ``c`` itself."""
    folded = LATIN_FOLDS.get(c, c)
    if len(folded) == 1 and folded != c:
        return folded
    base = unicodedata.normalize("NFKD", c)[:1]
    return base if base.isalpha() else c


def az_spelling(texts: Iterable[str], shown: int = 8) -> dict[str, dict[str, int]]:
    """What yuyin's a-z character recognizers make of transcripts, normalized as they are
    scored: ``folded``, the letters they write without the accent ("é" as "e"), and
    ``unwritten``, the characters none of them writes (dropped from fine-tuning's targets), each
    with its count, the ``shown`` commonest."""
    from yuyin.text.normalize import normalize_for_scoring  # not at the CLI's start (0.3 s)

    tokenizer = CharTokenizer()
    normalized = [normalize_for_scoring(t) for t in texts]
    folded = tokenizer.folded(normalized)
    missing = tokenizer.coverage(normalized)[1]
    return {
        "folded": dict(list(folded.items())[:shown]),
        "unwritten": dict(list(missing.items())[:shown]),
    }


class _Spelling:
    """What a tokenizer's model can write: the accent folding and coverage checks shared by the
    character and the sentencepiece tokenizers. ``_letters`` holds the characters its tokens
    write as they are."""

    _letters: Container[str]

    def _written(self, c: str) -> str | None:
        """``c`` as the model writes it: itself, else its letter without an accent ("é" as "e",
        when the model writes "e" but not "é": :func:`base_letter`), else None."""
        if c in self._letters:
            return c
        base = base_letter(c)
        return base if base != c and base in self._letters else None

    def fold_text(self, text: str) -> str:
        """``text`` with each letter outside the set that the model writes without its accent
        written so ("café" -> "cafe"; "привет" stays) and combining accents outside it dropped
        (the dot of a lowercased "İ"): the text as this tokenizer's model can write it at best,
        what references are scored against and hotwords are matched as."""
        letters = self._letters
        return "".join(
            c if c in letters or c.isspace() or (w := self._written(c)) is None else w
            for c in text
            if c in letters or not unicodedata.combining(c)
        )

    def folded(self, texts: Iterable[str]) -> dict[str, int]:
        """The characters the model writes without their accent, most frequent first."""
        counts = Counter(c for t in texts for c in t.lower() if c not in self._letters)
        return {c: n for c, n in counts.most_common() if self._written(c) is not None}

    def coverage(self, texts: Iterable[str]) -> tuple[float, dict[str, int]]:
        """Fraction of non-space characters the vocabulary covers, and the missing ones.

        Returns ``(fraction, {char: count})`` with the missing characters most frequent first,
        so diagnostics can say "the vocabulary does not cover 'ß' (12 times)"; a letter spelled
        without its accent (:meth:`folded`) counts as covered. An empty corpus is fully
        covered.
        """
        total = 0
        missing: Counter[str] = Counter()
        for text in texts:
            for c in text.lower():
                if c.isspace():
                    continue
                total += 1
                if self._written(c) is None:
                    missing[c] += 1
        fraction = 1.0 - sum(missing.values()) / total if total else 1.0
        return fraction, dict(missing.most_common())


class CharTokenizer(_Spelling, _BoundaryVocab):
    """Characters as tokens: ``<blank>``, ``|`` (word boundary), then ``chars`` in order.

    >>> tok = CharTokenizer()
    >>> tok.encode("It's OK")
    [11, 22, 2, 21, 1, 17, 13]
    >>> tok.decode([0, 11, 22, 2, 21, 0, 1, 17, 13])
    "it's ok"
    """

    kind = "char"

    def __init__(self, chars: str = DEFAULT_CHARS) -> None:
        if any(c.isspace() for c in chars):
            raise ValueError("whitespace is the word boundary, not a character token")
        if chars != chars.lower():  # encode() lowercases: such a token would never be used
            raise ValueError(f"character tokens are lowercase (text is lowercased): {chars!r:.60}")
        super().__init__(list(chars))
        self._letters = self._ids

    def _id_of(self, c: str) -> int | None:
        """The id of character ``c`` as the model writes it (:meth:`_written`), else None."""
        written = self._written(c)
        return None if written is None else self._ids[written]

    def encode(self, text: str) -> list[int]:
        """Lowercased text -> ids; spaces become ``|``; a letter outside the set is spelled
        without its accent when that is in the set ("café" as "cafe"), other characters outside
        it are skipped.

        Check a corpus with :meth:`coverage` first: skipped characters are lost from targets.
        """
        ids: list[int] = []
        for word in text.lower().split():
            if ids:
                ids.append(self.boundary_id)
            ids.extend(i for i in map(self._id_of, word) if i is not None)
        return ids

    def decode(self, ids: Sequence[int]) -> str:
        _check_ids(ids, self.vocab_size)
        chars = (self.tokens[i] for i in ids if i != BLANK_ID)
        return " ".join("".join(chars).replace(WORD_BOUNDARY, " ").split())

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "chars": "".join(self.tokens[2:])}

    @classmethod
    def from_texts(cls, texts: Iterable[str], *, extend: bool = False) -> CharTokenizer:
        """The default English set, plus (with ``extend``) every other character in ``texts``."""
        if not extend:
            return cls()
        seen = {c for text in texts for c in text.lower() if not c.isspace()}
        extra = sorted(seen - set(DEFAULT_CHARS) - {WORD_BOUNDARY})
        return cls(DEFAULT_CHARS + "".join(extra))


class PhonemeTokenizer(_BoundaryVocab):
    """ARPAbet phones as tokens: ``<blank>``, ``|`` (word boundary), then the phone inventory.

    Text is phones separated by spaces with ``|`` between words: ``"HH AH0 L OW1 | W ER1 L D"``.
    With ``stress=False`` the 39 plain phones are the inventory and stress digits on input are
    dropped; with ``stress=True`` (default) the 69 stressed symbols are, and a vowel must carry
    its digit. An unknown phone raises ``ValueError`` (it is a G2P or lexicon bug).
    """

    kind = "phoneme"

    def __init__(self, phones: Sequence[str] | None = None, *, stress: bool = True) -> None:
        if phones is None:
            phones = STRESSED_PHONES if stress else PHONES
        super().__init__(list(phones))
        self.stress = any(p[-1].isdigit() for p in phones)

    def encode(self, text: str) -> list[int]:
        ids: list[int] = []
        for phone in text.upper().split():
            if not self.stress and phone != WORD_BOUNDARY:
                phone = phone.rstrip("012")
            if phone not in self._ids:
                raise ValueError(f"unknown phone {phone!r} (not in this tokenizer's inventory)")
            if phone == WORD_BOUNDARY and (not ids or ids[-1] == self.boundary_id):
                continue  # no boundary at the start or twice in a row
            ids.append(self._ids[phone])
        if ids and ids[-1] == self.boundary_id:
            ids.pop()
        return ids

    def decode(self, ids: Sequence[int]) -> str:
        _check_ids(ids, self.vocab_size)
        text = " ".join(self.tokens[i] for i in ids if i != BLANK_ID)
        return text.strip(f" {WORD_BOUNDARY}")  # a boundary only stands between words

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "phones": list(self.tokens[2:])}


# sentencepiece's error when the pieces cannot hold every character once: "... 10 vs 35."
_TOO_FEW_PIECES = re.compile(r"smaller than required_chars\. [0-9]+ vs (?P<need>[0-9]+)")


class BPETokenizer(_Spelling):
    """Sentencepiece pieces (BPE or unigram); id 0 is the blank, id 1 ``<unk>``.

    The blank is sentencepiece's padding piece, which encoding never produces, so token ids are
    sentencepiece's own ids. Build one with :meth:`train` (in memory, no files).
    """

    kind = "bpe"

    def __init__(self, model_proto: bytes) -> None:
        self._sp = spm.SentencePieceProcessor(model_proto=model_proto)
        if self._sp.id_to_piece(BLANK_ID) != BLANK_TOKEN:
            raise ValueError(f"sentencepiece model has no {BLANK_TOKEN} at id {BLANK_ID}")
        self._proto = model_proto
        self.tokens: tuple[str, ...] = tuple(
            self._sp.id_to_piece(i) for i in range(self._sp.get_piece_size())
        )
        self._word_starts = [t.startswith(SP_WORD_START) for t in self.tokens]
        # the characters its pieces write (blank and <unk> are no text)
        pieces = self.tokens[SP_UNK_ID + 1 :]
        self._letters = frozenset(c for t in pieces for c in t) - {SP_WORD_START}

    @classmethod
    def train(
        cls,
        texts: Iterable[str],
        vocab_size: int = DEFAULT_BPE_VOCAB,
        *,
        model_type: str = "bpe",
    ) -> BPETokenizer:
        """Train sentencepiece on ``texts`` in memory.

        ``vocab_size`` counts the blank and ``<unk>``; it is an upper bound: a corpus too small
        for it yields fewer pieces (see :attr:`vocab_size`) instead of an error.
        """
        if model_type not in SP_MODEL_TYPES:
            raise ValueError(f"model_type must be one of {SP_MODEL_TYPES}, not {model_type!r}")
        lines = [t for t in texts if t.strip()]
        if not lines:
            raise ValueError("cannot train a BPE tokenizer on no text")
        if isinstance(vocab_size, bool) or not isinstance(vocab_size, int) or vocab_size < 3:
            raise ValueError(f"vocab_size must be an integer >= 3, got {vocab_size!r}")
        proto = io.BytesIO()
        try:
            cls._train(lines, proto, vocab_size, model_type)
        except RuntimeError as exc:  # sentencepiece's own words name its C++ source and flags
            found = _TOO_FEW_PIECES.search(str(exc))
            if found is None:
                raise ValueError(f"sentencepiece could not train on the text: {exc}") from None
            raise ValueError(
                f"vocab_size {vocab_size} is too small for this text: it needs at least "
                f"{found['need']} pieces, one for each distinct character plus the blank and "
                "<unk>"
            ) from None
        return cls(proto.getvalue())

    @staticmethod
    def _train(lines: list[str], proto: io.BytesIO, vocab_size: int, model_type: str) -> None:
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(lines),
            model_writer=proto,
            vocab_size=vocab_size,
            model_type=model_type,
            character_coverage=1.0,
            pad_id=BLANK_ID,
            pad_piece=BLANK_TOKEN,
            unk_id=SP_UNK_ID,
            unk_piece=UNK_TOKEN,
            bos_id=-1,
            eos_id=-1,
            normalization_rule_name="identity",  # text is already normalized for scoring
            hard_vocab_limit=False,
            minloglevel=2,  # warnings and errors only
        )

    @property
    def vocab_size(self) -> int:
        return len(self.tokens)

    @property
    def blank_id(self) -> int:
        return BLANK_ID

    def encode(self, text: str) -> list[int]:
        # sentencepiece takes UTF-8: a lone surrogate (from a bad decode) becomes "?" first
        text = text.encode("utf-8", "replace").decode("utf-8")
        # a letter the pieces lack is written without its accent where they have that
        return list(self._sp.encode(self.fold_text(" ".join(text.lower().split()))))

    def decode(self, ids: Sequence[int]) -> str:
        _check_ids(ids, self.vocab_size)
        return " ".join(self._sp.decode([int(i) for i in ids if i != BLANK_ID]).split())

    def id_to_token(self, token_id: int) -> str:
        return self.tokens[token_id]

    def begins_word(self, token_id: int) -> bool:
        return self._word_starts[token_id]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "model": base64.b64encode(self._proto).decode("ascii")}


def build_tokenizer(
    kind: str, texts: Iterable[str] = (), *, normalize: bool = True, **opts: Any
) -> CharTokenizer | BPETokenizer | PhonemeTokenizer:
    """Build a tokenizer of ``kind`` ("char", "bpe" or "phoneme") from training transcripts.

    Texts go through :func:`normalize_for_scoring` unless ``normalize=False``. Options: char:
    ``extend`` (add characters beyond English seen in the texts); bpe: ``vocab_size``,
    ``model_type`` ("bpe" or "unigram"); phoneme: ``stress`` (texts are not used).
    """
    from yuyin.text.normalize import normalize_for_scoring

    if kind == "phoneme":
        return PhonemeTokenizer(**opts)
    lines = [normalize_for_scoring(t) if normalize else t for t in texts]
    if kind == "char":
        return CharTokenizer.from_texts(lines, **opts)
    if kind == "bpe":
        return BPETokenizer.train(lines, **opts)
    raise ValueError(f"unknown tokenizer kind {kind!r} (one of {TOKENIZER_KINDS})")


def tokenizer_from_dict(d: dict[str, Any]) -> CharTokenizer | BPETokenizer | PhonemeTokenizer:
    """Rebuild a tokenizer saved with ``to_dict()`` (e.g. from a model's ``config.json``)."""
    kind = d.get("kind")
    field = {"char": "chars", "bpe": "model", "phoneme": "phones"}.get(kind)
    if field is not None and field not in d:
        raise ValueError(f"saved {kind} tokenizer without its {field!r} field")
    if kind == "char":
        return CharTokenizer(d["chars"])
    if kind == "bpe":
        return BPETokenizer(base64.b64decode(d["model"]))
    if kind == "phoneme":
        return PhonemeTokenizer(d["phones"])
    raise ValueError(
        f"unknown tokenizer kind {kind!r} in saved tokenizer (one of {TOKENIZER_KINDS})"
    )
