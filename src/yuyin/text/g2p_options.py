"""What :class:`yuyin.text.g2p.G2P` is told and what it answers: its decoding options and one
word's pronunciation (importable from :mod:`yuyin.text.g2p` too)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SOURCES", "G2POptions", "Pronunciation"]

SOURCES = ("lexicon", "context", "model", "none")


@dataclass(frozen=True)
class G2POptions:
    """How the neural model decodes, and what phones look like."""

    beam_size: int = 4  # 1: greedy
    stress: bool = True  # False: stress digits stripped (39-phone inventory)
    max_phones: int = 32  # decoding limit per word (CMUdict's longest pronunciation: 28 phones)
    rerank: bool = True  # a model folder's reranker (yuyin g2p train-rerank) picks; False: beam
    homographs: bool = True  # "read", "record" ... read as their sentence calls for (False: the
    # lexicon's first reading everywhere; yuyin.text.homographs)

    def __post_init__(self) -> None:
        for name in ("beam_size", "max_phones"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"G2POptions.{name} must be an integer >= 1, got {value!r}")


@dataclass(frozen=True)
class Pronunciation:
    """One word of the input and its phones; ``source`` says where they came from.

    ``source`` is ``"lexicon"``, ``"context"`` (a homograph whose reading its sentence chose
    among the lexicon's, :mod:`yuyin.text.homographs`), ``"model"`` (neural, for
    out-of-vocabulary words) or ``"none"`` (no Latin letters to read: ``phones`` is empty).
    """

    word: str
    phones: tuple[str, ...]
    source: str
