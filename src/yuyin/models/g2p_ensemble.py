"""Several G2P models decoding as one: each step's phone log-probabilities are averaged.

::

    chars ─► member 1: encoder ─► decoder step ─► log p1 ─┐
          ─► member 2: encoder ─► decoder step ─► log p2 ─┼─► mean ─► next phone (greedy / beam)
          ─► ...                                          ─┘

Members are trained apart (other seeds, or other data orders) on the same alphabets; averaging
their log-probabilities (a product of experts, renormalized by the beam search's
``log_softmax``) is the classic cheap gain of G2P (e.g. Sun et al. 2019 ensemble Transformers).
:class:`G2PEnsemble` has the interface :func:`yuyin.models.g2p.greedy_decode`,
:func:`~yuyin.models.g2p.beam_decode` and :func:`~yuyin.models.g2p.decode_words` use
(``encode``, ``decoder.start``, ``decoder.step``), so everything that decodes a model decodes an
ensemble. Saved as one model folder whose weights are ``members.K.*`` (``meta.members = K``);
members of different sizes (a wide model beside narrow ones) keep each its config in
``meta.member_configs``.

Shapes: B words (rows), S characters, D channels, V phone vocabulary.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
from torch import nn

from yuyin.models.g2p import G2P_KIND, DecoderState, G2PConfig, G2PModel, PhoneDecoder

__all__ = ["EnsembleDecoder", "EnsembleState", "G2PEnsemble", "load_members", "save_ensemble"]


@dataclass
class EnsembleState:
    """Every member's :class:`~yuyin.models.g2p.DecoderState`, moved in step."""

    states: list[DecoderState]

    @property
    def position(self) -> int:
        return self.states[0].position

    def reorder(self, index: torch.Tensor) -> None:
        """Keep rows ``index`` (B',) of every member's caches (beam search)."""
        for state in self.states:
            state.reorder(index)


class EnsembleDecoder:
    """The members' decoders behind one ``start``/``step`` (not a module: it owns no weights)."""

    def __init__(self, decoders: Sequence[PhoneDecoder]) -> None:
        self.decoders = list(decoders)

    def start(
        self, memories: Sequence[torch.Tensor], memory_mask: torch.Tensor, repeat: int = 1
    ) -> EnsembleState:
        """One state per member, from its own encoder memory (B, S, D_k); ``repeat`` as
        :meth:`yuyin.models.g2p.PhoneDecoder.start`."""
        return EnsembleState(
            [d.start(m, memory_mask, repeat) for d, m in zip(self.decoders, memories, strict=True)]
        )

    def step(self, phones: torch.Tensor, state: EnsembleState) -> torch.Tensor:
        """Mean log-probabilities (B, V) of the phone after ``phones`` (B,)."""
        logps = [
            d.step(phones, s).log_softmax(-1)
            for d, s in zip(self.decoders, state.states, strict=True)
        ]
        return torch.stack(logps).mean(0)


class G2PEnsemble(nn.Module):
    """Members with one alphabet decode together; ``encode`` returns a memory per member."""

    def __init__(self, members: Sequence[G2PModel]) -> None:
        super().__init__()
        if not members:
            raise ValueError("an ensemble needs one member at least")
        first = members[0].config
        for model in members[1:]:
            if (model.config.num_chars, model.config.num_phones) != (
                first.num_chars,
                first.num_phones,
            ):
                raise ValueError("ensemble members must share the character and phone alphabets")
            if model.config.right_to_left != first.right_to_left:
                raise ValueError("ensemble members must all read the same way (right_to_left)")
        self.members = nn.ModuleList(members)
        self.decoder = EnsembleDecoder([m.decoder for m in members])

    @property
    def config(self) -> G2PConfig:
        """The first member's config (members may differ in size, never in alphabets or
        reading direction)."""
        return self.members[0].config

    def forward(self, *args: object, **kwargs: object) -> None:
        """An ensemble is decoded, not called: torch said "missing the required forward"."""
        raise TypeError(
            "a G2P ensemble is not called itself: read words with "
            "yuyin.text.g2p.G2P(model=ensemble).words([...]) (or G2P() for the shipped one)"
        )

    def encode(
        self, chars: torch.Tensor, lengths: torch.Tensor
    ) -> tuple[list[torch.Tensor], torch.Tensor]:
        """Each member's memory (B, S, D) and the shared padding mask (B, S)."""
        encoded = [m.encode(chars, lengths) for m in self.members]
        return [memory for memory, _ in encoded], encoded[0][1]


def load_members(paths: Sequence[str | os.PathLike]) -> G2PEnsemble:
    """An ensemble of single G2P model folders (e.g. runs trained with other seeds)."""
    from yuyin.text.g2p import load_g2p_model

    models = [load_g2p_model(p) for p in paths]
    if any(isinstance(m, G2PEnsemble) for m in models):
        raise ValueError("ensemble members must be single models, not ensembles")
    return G2PEnsemble(models).eval()  # type: ignore[arg-type]


def save_ensemble(
    ensemble: G2PEnsemble,
    out_dir: str | os.PathLike,
    meta: dict | None = None,
    weights_dtype: str = "float32",
) -> Path:
    """Write ``ensemble`` as one G2P model folder that :func:`yuyin.text.g2p.load_g2p_model`
    reads back; members whose configs differ (sizes, depths) are listed one by one in
    ``meta.member_configs`` (the folder's ``config`` is the first member's);
    ``weights_dtype`` as in :func:`yuyin.hub.save_model`."""
    from yuyin.hub import save_model
    from yuyin.text.g2p import GRAPHEMES, PHONE_TOKENS

    configs = [asdict(m.config) for m in ensemble.members]
    record = {
        "chars": GRAPHEMES,
        "phones": list(PHONE_TOKENS),
        **{k: v for k, v in (meta or {}).items() if k != "member_configs"},
        "members": len(ensemble.members),
    }
    if any(c != configs[0] for c in configs[1:]):
        record["member_configs"] = configs
    return save_model(ensemble, Path(out_dir), G2P_KIND, ensemble.config, record, weights_dtype)
