"""The CLI's torch thread count: ``--threads N``, or chosen by how busy the machine is.

Without ``--threads`` (and without ``OMP_NUM_THREADS``), a command that uses models
(transcribe, eval, say, g2p, align, classify ...) leaves to other processes the cores they
kept busy while yuyin started (:mod:`yuyin._cpu_load`): on two cores with one held by other
work, two threads ran 1.4-3.3x slower than one (``bench/thread_policy.py``). Training commands
keep torch's count, so that a run and its resumption compute alike however busy the machine
is, and say when ``--threads`` would help.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import logging
import os
import sys
from collections.abc import Callable
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType

from yuyin import _cpu_load

logger = logging.getLogger("yuyin")

# (command, the attribute naming its action, the actions that train); None: every action trains
_TRAINING: dict[str, tuple[str, frozenset[str]] | None] = {
    "pretrain": None,
    "finetune": None,
    "lm": ("lm_command", frozenset({"train"})),
    "tts": ("stage", frozenset({"pretrain", "train"})),
    "vocoder": ("action", frozenset({"train"})),
}
_G2P_TRAINING = frozenset({"train", "train-fst", "train-rerank"})


def trains(args: argparse.Namespace) -> bool:
    """Whether the parsed command line trains a model."""
    command = getattr(args, "command", None)
    if command == "g2p":
        words = getattr(args, "args", None) or []
        return bool(words) and words[0] in _G2P_TRAINING
    if command not in _TRAINING:
        return False
    spec = _TRAINING[command]
    return spec is None or getattr(args, spec[0], None) in spec[1]


def _own_threads(args: argparse.Namespace) -> bool:
    """Whether the command has a ``--threads`` of its own to apply: parsed (vocoder, g2p
    before its words) or among the words ``g2p`` parses later (``g2p train-rerank ...
    --threads 1``)."""
    if isinstance(getattr(args, "threads", None), int) and args.threads > 0:
        return True
    later = getattr(args, "args", None) if getattr(args, "command", None) == "g2p" else None
    heads = (t.split("=", 1)[0] for t in later or ())
    return any(len(h) >= 5 and "--threads".startswith(h) for h in heads)  # "--thr" and on


class _AfterTorch(MetaPathFinder):
    """Runs ``apply(torch)`` right after torch's first import (one finder, the latest apply).

    Only an import runs it: a library that merely asks for torch's spec
    (``importlib.util.find_spec("torch")``) leaves it waiting. A failing apply is a warning,
    never a torch that cannot be imported.
    """

    apply: Callable[[ModuleType], None] | None = None
    _searching = False  # inside our own find_spec call to the other finders

    def find_spec(
        self, fullname: str, path: object = None, target: object = None
    ) -> ModuleSpec | None:
        if fullname != "torch" or self.apply is None or self._searching:
            return None
        self._searching = True
        try:
            spec = importlib.util.find_spec("torch")  # the other finders'
        finally:
            self._searching = False
        if spec is None or spec.loader is None:
            return spec
        run = spec.loader.exec_module

        def exec_then_apply(module: ModuleType) -> None:
            run(module)
            self._loaded(module)

        spec.loader.exec_module = exec_then_apply  # type: ignore[method-assign]
        return spec

    def _loaded(self, torch: ModuleType) -> None:
        apply, self.apply = self.apply, None
        with contextlib.suppress(ValueError):  # taken out already
            sys.meta_path.remove(self)
        if apply is None:
            return
        try:
            apply(torch)
        except Exception as exc:  # noqa: BLE001 - a speed setting must not break the import
            logger.warning("could not set torch's thread count: %s", exc)


_AFTER_TORCH = _AfterTorch()


def when_torch_loads(apply: Callable[[ModuleType], None]) -> None:
    """``apply(torch)`` now when torch is loaded, else when it is first imported (a command
    that needs no model, ``yuyin --help`` or a dictionary word of ``yuyin g2p``, never loads
    it: ~2 s less on a small CPU). A later call replaces an apply still waiting."""
    loaded = sys.modules.get("torch")
    if loaded is not None:
        apply(loaded)
        return
    _AFTER_TORCH.apply = apply
    if _AFTER_TORCH not in sys.meta_path:
        sys.meta_path.insert(0, _AFTER_TORCH)


def set_threads(args: argparse.Namespace) -> None:
    """Set torch's thread count for the command, when torch loads (:func:`when_torch_loads`):
    ``--threads N`` (0: torch's), else the cores other processes leave free for a command that
    does not train (a training command is told when other processes keep cores busy). A
    command's own ``--threads`` is applied later."""
    when_torch_loads(lambda torch: _set_threads(args, torch))


def _set_threads(args: argparse.Namespace, torch: ModuleType) -> None:
    if args.torch_threads:
        torch.set_num_threads(args.torch_threads)
        return
    if args.torch_threads == 0 or os.environ.get("OMP_NUM_THREADS"):
        return  # torch's choice, or the user's
    if _own_threads(args):
        return  # the command's own --threads (g2p, vocoder), set when it starts
    others = _cpu_load.others_busy_cores(_cpu_load.AT_IMPORT)
    if others is None:
        return
    cores, current = _cpu_load.usable_cores(), torch.get_num_threads()
    threads = min(current, _cpu_load.threads_beside(others, cores))
    if threads == current:
        return
    busy = f"other processes keep {others:.1f} of {cores} cores busy"
    if trains(args):
        logger.info(
            "%s: --threads %d is often much faster (training keeps torch's %d threads unless "
            "told, so that a resumed run computes as the first did)",
            busy,
            threads,
            current,
        )
        return
    logger.debug("%s: %d thread(s) instead of %d (--threads N to choose)", busy, threads, current)
    torch.set_num_threads(threads)
