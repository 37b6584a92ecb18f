"""``yuyin g2p train-rerank``: a neural G2P folder that reranks its own candidates.

yuyin g2p train-rerank --out runs/g2p-rr --reverse runs/r2l/model [--model runs/g2p/model]
                       [--alignment runs/fst] [--beam 8] [--dev-limit N] [--trees] [--threads N]

Copies the left-to-right model (``--model``, default the shipped one) into OUT, the right-to-left
one into ``OUT/reverse`` and the training graphone alignment the affix and compound analogies
read (``--alignment``: a ``yuyin g2p train-fst`` folder or an ``alignment.txt``; default the
shipped model's, made from the CMUdict train split) into ``OUT/alignment.txt.gz`` and its
graphone n-gram into ``OUT/graphones.arpa.gz`` (the folder's, or estimated from the alignment
where Phonetisaurus is installed: :mod:`yuyin.text.graphone_lm`), then fits the
reranker of :mod:`yuyin.models.g2p_rerank` on the dev split's candidates (both neural beams: no
joint-sequence model, so nothing beyond the base install) and writes ``OUT/rerank.json``;
``--trees`` fits the gradient-boosted trees of :mod:`yuyin.models.g2p_trees` on top (LightGBM:
``pip install 'yuyin[trees]'``; picking with them needs nothing more).
``yuyin g2p --model OUT WORD`` and ``G2P(model=OUT)`` then pick with it; the shipped G2P is such a
folder.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from yuyin.cli._settings import add_threads_argument

if TYPE_CHECKING:
    from yuyin.text.joint_sequence import AlignmentIndex

MODEL_FILES = ("config.json", "model.safetensors")


def train_rerank_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="yuyin g2p train-rerank",
        description="Fit a reranker over the candidates of a left-to-right and a right-to-left "
        "neural G2P on the CMUdict dev split; write a model folder that picks with it.",
    )
    parser.add_argument("--out", type=Path, required=True, help="model folder to write")
    parser.add_argument("--model", type=Path, help="left-to-right G2P (default: the shipped one)")
    parser.add_argument(
        "--reverse",
        type=Path,
        required=True,
        metavar="MODEL_DIR",
        help="a right-to-left G2P (yuyin g2p train --set model.right_to_left=true)",
    )
    parser.add_argument(
        "--alignment",
        type=Path,
        help="training alignment for the analogies: a yuyin g2p train-fst folder or an "
        "alignment.txt(.gz) file (default: the shipped model's)",
    )
    parser.add_argument("--beam", type=int, default=8, help="beam size of each neural model")
    parser.add_argument(
        "--nbest",
        type=int,
        default=0,
        help="also the graphone n-gram's N best readings join each word's list, as a "
        "joint-sequence model's would (0: the neural beams' only)",
    )
    parser.add_argument("--dev-limit", type=int, help="fit on the first N dev words only")
    parser.add_argument(
        "--trees",
        action="store_true",
        help="also fit gradient-boosted trees whose score is added (yuyin.models.g2p_trees; "
        "fitting needs pip install 'yuyin[trees]', picking nothing more)",
    )
    add_threads_argument(parser)
    return parser


def _copy_model(source: Path, out: Path) -> None:
    """The model's files into ``out`` (nothing to do when it is the same folder), each written
    under a temporary name first."""
    if source.resolve() == out.resolve():
        return
    for name in MODEL_FILES:
        tmp = out / (name + ".tmp")
        shutil.copyfile(source / name, tmp)
        os.replace(tmp, out / name)


def _write_alignment(index: AlignmentIndex, out: Path) -> int:
    """The parsed alignment ``index`` gzip-compressed into ``OUT/alignment.txt.gz``; its number
    of pronunciations."""
    from yuyin.text.joint_sequence import ALIGNMENT_FILE

    path, count = index.path, len(index)
    target = out / (ALIGNMENT_FILE + ".gz")
    if path.resolve() == target.resolve():
        return count
    tmp = target.with_name(target.name + ".tmp")
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as src, gzip.GzipFile(tmp, "wb", mtime=0) as dst:
        shutil.copyfileobj(src, dst)
    os.replace(tmp, target)
    return count


def _graphones_for(source: Path, alignment: Path, staging: Path) -> tuple[Path | None, str | None]:
    """The graphone n-gram OUT gets, checked before OUT changes: the ``--alignment`` folder's
    own ``graphones.arpa.gz`` (read once, so a broken one is a clear error now), or one
    estimated from the ``alignment`` file into ``staging`` (needs ``yuyin[fst]``); (None, None)
    without Phonetisaurus. Returns the file and where it came from."""
    from yuyin.text.graphone_lm import GRAPHONE_FILE, GraphoneLM
    from yuyin.text.joint_sequence import estimate_graphone_lm, phonetisaurus_available

    own = source / GRAPHONE_FILE
    if source.is_dir() and own.is_file():
        GraphoneLM(own)
        return own, str(own)
    if not phonetisaurus_available():
        print(
            f"note: no {GRAPHONE_FILE} beside the alignment and no Phonetisaurus to estimate "
            "one (pip install 'yuyin[fst]'): the reranker is fitted without the graphone n-gram",
            file=sys.stderr,
        )
        return None, None
    return estimate_graphone_lm(alignment, staging / GRAPHONE_FILE), f"estimated from {alignment}"


def _install_graphones(found: Path | None, out: Path) -> None:
    """``found`` into ``OUT/graphones.arpa.gz`` (under a temporary name first); without one, a
    file left there by an earlier fit goes (the reranker must not read what it was not fitted
    with)."""
    from yuyin.text.graphone_lm import GRAPHONE_FILE

    target = out / GRAPHONE_FILE
    if found is None:
        target.unlink(missing_ok=True)
    elif found.resolve() != target.resolve():
        tmp = target.with_name(target.name + ".tmp")
        shutil.copyfile(found, tmp)
        os.replace(tmp, target)


def train_rerank(args: argparse.Namespace) -> int:
    import torch

    from yuyin.cli.g2p import _copy_reverse, _load_reverse
    from yuyin.hub import ModelLoadError
    from yuyin.models.g2p_rerank import RERANK_FILE, fit_folder_reranker, save_reranker
    from yuyin.models.g2p_rescore import candidates, first_of, model_digest, word_errors
    from yuyin.models.g2p_trees import require_lightgbm
    from yuyin.text.g2p import DEFAULT_MODEL_DIR, cmudict_split, g2p_model_dir, load_g2p_model
    from yuyin.text.graphone_lm import GraphoneLM
    from yuyin.text.joint_sequence import AlignmentIndex, JointSequenceError

    if args.beam < 1 or args.nbest < 0 or (args.dev_limit is not None and args.dev_limit < 1):
        print("error: --beam and --dev-limit must be >= 1, --nbest >= 0", file=sys.stderr)
        return 2
    if args.trees:
        require_lightgbm()  # before minutes of candidate lists
    if args.threads:
        torch.set_num_threads(args.threads)
    model_dir = g2p_model_dir(args.model)
    dev = cmudict_split().dev
    dev = dev[: args.dev_limit] if args.dev_limit else dev
    staging = tempfile.mkdtemp(prefix="yuyin-rerank-")  # an estimated n-gram waits here
    try:
        model = load_g2p_model(model_dir)
        if model.config.right_to_left:
            raise ValueError(f"{model_dir}: reads right to left; --model must read left to right")
        # every input checked before OUT changes: a bad --reverse or --alignment must not cost
        # the folder its working reranker
        reverse = _load_reverse(args.reverse)
        alignment = AlignmentIndex(args.alignment or DEFAULT_MODEL_DIR)  # a clear error if broken
        found, graphones = _graphones_for(
            Path(args.alignment or DEFAULT_MODEL_DIR), alignment.path, Path(staging)
        )
        if args.nbest and found is None:
            raise ValueError("--nbest needs the graphone n-gram, and there is none (above)")
        lm = GraphoneLM(found) if args.nbest and found is not None else None
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / RERANK_FILE).unlink(missing_ok=True)  # fitted on other lists: never stale
        _copy_model(Path(model_dir), args.out)
        _copy_reverse(args.reverse, args.out)
        aligned = _write_alignment(alignment, args.out)
        _install_graphones(found, args.out)
        words = [e.word for e in dev]
        cands = candidates(model, lm, words, args.beam, max(args.nbest, 1), reverse=reverse)
        reranker, fitted = fit_folder_reranker(args.out, dev, cands, trees=args.trees)
    except (ModelLoadError, JointSequenceError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(staging, ignore_errors=True)

    def rate(chosen: list) -> float:
        return round(100 * word_errors(dev, chosen) / len(dev), 2)

    dev_wer = {
        "neural": rate([first_of(c, "beam") for c in cands]),
        "reverse": rate([first_of(c, "reverse") for c in cands]),
        "reranked_fitted": fitted,  # on the words it was fitted on: optimistic
    }
    record = {
        "model": str(args.model) if args.model else "(the shipped model)",
        "model_sha256": model_digest(args.out),
        "beam": args.beam,
        "nbest": args.nbest,  # the graphone n-gram's n-best (0: none)
        "dev_words": len(dev),
        "tagger": None,
        "reverse": "reverse",
        "reverse_source": str(args.reverse),
        "alignment_source": str(args.alignment or DEFAULT_MODEL_DIR),
        "alignment_pronunciations": aligned,
        "graphones_source": graphones,
        "dev_wer": dev_wer,
    }
    save_reranker(args.out, reranker, record)
    print(
        f"reranked G2P in {args.out}: dev WER with stress: left-to-right {dev_wer['neural']}%, "
        f"right-to-left {dev_wer['reverse']}%, reranked {dev_wer['reranked_fitted']}% "
        f"(fitted on these {len(dev)} words)"
    )
    return 0
