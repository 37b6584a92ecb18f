"""``yuyin g2p``: pronounce words (lexicon, then the neural model), or train the neural model.

yuyin g2p speech zorblat 42          one line per argument: word, phones, where they came from
yuyin g2p -- train                   the word "train" (after --, everything is a word)
yuyin g2p train --out runs/g2p [--config configs/g2p/tiny.yaml] [--no-pretrain]
yuyin g2p label words.txt --out guessed.dict   read a word list aloud into a lexicon file
yuyin g2p train --out runs/student --extra-train guessed.dict   ... and learn from it
yuyin g2p train-fst --out runs/fst   joint-sequence model (yuyin[fst]), weights tuned on dev
yuyin g2p train-fst --out runs/fst --tagger   ... and a letter tagger on its alignment
yuyin g2p train-fst --out runs/fst --retune --reverse runs/r2l/model   ... + a right-to-left G2P
yuyin g2p train-fst --out runs/fst --retune --rerank   ... + a reranker fitted on dev (best picks)
yuyin g2p train-rerank --out runs/g2p-rr --reverse runs/r2l/model   neural-only reranked folder
yuyin g2p train-rerank ... --trees   ... + gradient-boosted trees on the reranker (yuyin[trees])
yuyin g2p --fst runs/fst zorblat     out-of-vocabulary words from both models' n-best lists
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from yuyin.cli._settings import (
    add_run_arguments,
    add_settings_arguments,
    add_threads_argument,
    read_settings,
)
from yuyin.cli.g2p_words import add_word_options, pronounce, word_parser
from yuyin.train.run_settings import given_settings

TRAIN = "train"
TRAIN_FST = "train-fst"
TRAIN_RERANK = "train-rerank"
LABEL = "label"
TAGGER_NBEST = 4  # the letter tagger's n-best joins the candidates


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "g2p",
        help="pronounce words as ARPAbet phones, or train the neural G2P",
        description="Pronounce words (CMU dictionary first, the neural model for the rest): "
        "`yuyin g2p WORD...`. Train the neural model: `yuyin g2p train --out DIR`; "
        "`yuyin g2p train --help` for its options; the joint-sequence model: `yuyin g2p "
        "train-fst --out DIR`; a reranked pair of neural models: `yuyin g2p train-rerank`; a "
        "word list read aloud into a lexicon file: `yuyin g2p label WORDS --out FILE`. "
        "`yuyin g2p -- train` pronounces 'train'.",
    )
    add_word_options(parser)
    parser.add_argument(
        "args",
        nargs=argparse.REMAINDER,
        metavar="WORD... | train ... | train-fst ... | train-rerank ... | label ...",
    )
    parser.set_defaults(func=run)


def _train_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="yuyin g2p train",
        description="Pretrain the character encoder on spellings (masked characters), fine-tune "
        "the G2P model on the train split of CMUdict (and --lexicon files), score the test split.",
    )
    add_run_arguments(parser)  # --resume: a killed run goes on from its latest checkpoints
    add_settings_arguments(parser, "configs/g2p/tiny.yaml", "finetune.loop.max_steps=100")
    parser.add_argument("--no-pretrain", action="store_true", help="fine-tune from scratch")
    parser.add_argument("--encoder", type=Path, help="reuse a pretrained encoder folder")
    parser.add_argument(
        "--init",
        type=Path,
        metavar="MODEL_DIR",
        help="continue training a trained G2P model (every weight; its config replaces the "
        "model section; no pretraining); 'bundled' is the shipped G2P (an ensemble: add "
        "--init-member 0)",
    )
    parser.add_argument(
        "--init-member", type=int, metavar="K", help="with --init on an ensemble: its member K"
    )
    parser.add_argument(
        "--lexicon",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="a cmudict-format lexicon whose entries override CMUdict's (repeatable); split into "
        "train/dev/test by the same word hash",
    )
    parser.add_argument(
        "--no-cmudict", action="store_true", help="train on the --lexicon files' words only"
    )
    parser.add_argument(
        "--extra-train",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="a cmudict-format file whose words join the train split only, minus the words the "
        "split holds (e.g. a teacher's readings: yuyin g2p label); repeatable",
    )
    parser.add_argument(
        "--test-beams",
        type=int,
        nargs="*",
        default=[1, 4],
        metavar="B",
        help="beams the test split is scored with at the end (default 1 4: about 35 s on "
        "CMUdict's 12,546 test words); none to skip it",
    )
    add_threads_argument(parser)
    return parser


def _train_fst_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="yuyin g2p train-fst",
        description="Train the joint-sequence (graphone n-gram) model on the CMUdict train split "
        "with Phonetisaurus (pip install 'yuyin[fst]'; minutes on one core), then tune the "
        "weights that combine it with the neural model on the dev split.",
    )
    parser.add_argument("--out", type=Path, required=True, help="model folder to write")
    parser.add_argument("--model", type=Path, help="neural G2P to combine (default: shipped)")
    parser.add_argument("--order", type=int, default=8, help="graphone n-gram order")
    parser.add_argument("--beam", type=int, default=4, help="neural n-best size")
    parser.add_argument("--nbest", type=int, default=8, help="joint-sequence n-best size")
    parser.add_argument("--limit", type=int, help="train on the first N words only (smoke runs)")
    parser.add_argument("--dev-limit", type=int, help="tune on the first N dev words only")
    parser.add_argument(
        "--retune",
        action="store_true",
        help="keep the model already in --out; only tune the weights again (another --model)",
    )
    parser.add_argument(
        "--tagger",
        action="store_true",
        help="also train the letter tagger on the alignment (OUT/tagger; with --retune: only "
        "when it is missing); the weights then combine all three models",
    )
    parser.add_argument(
        "--reverse",
        type=Path,
        metavar="MODEL_DIR",
        help="a right-to-left neural G2P (yuyin g2p train --set model.right_to_left=true) to "
        "copy into OUT/reverse; its beam and scores join the combination (with --retune, a "
        "reverse model already in OUT joins without this)",
    )
    parser.add_argument(
        "--rerank",
        action="store_true",
        help="also fit the log-linear reranker (yuyin.models.g2p_rerank: 53 features with "
        "affix, compound and derivation analogies and the graphone n-gram's score of every "
        "candidate) on the dev candidates; G2P then picks with "
        "it. Without it, a reranker fitted before is removed (the lists it was fitted on changed)",
    )
    parser.add_argument(
        "--trees",
        action="store_true",
        help="with --rerank: also fit gradient-boosted trees whose score is added "
        "(yuyin.models.g2p_trees; fitting needs pip install 'yuyin[trees]')",
    )
    add_settings_arguments(
        parser, "configs/g2p/tagger.yaml", "finetune.loop.max_steps=3000 (with --tagger)", False
    )
    add_threads_argument(parser)
    return parser


def _load_reverse(source: Path):
    """The right-to-left model ``source``, loaded once; one that does not read right to left is a
    clear error (raised before a command spends minutes or changes its output folder)."""
    from yuyin.text.g2p import load_g2p_model

    model = load_g2p_model(source)
    if not model.config.right_to_left:
        raise ValueError(f"{source}: not a right-to-left G2P (train it with right_to_left: true)")
    return model


def _copy_reverse(source: Path, out_dir: Path) -> Path:
    """Copy the right-to-left model folder ``source`` (checked by :func:`_load_reverse`) into
    ``OUT/reverse``, replacing one there."""
    import shutil

    from yuyin.models.g2p_rescore import folder_reverse

    target = folder_reverse(out_dir)
    if target.resolve() != source.resolve():
        tmp = target.with_name(target.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.copytree(source, tmp)
        shutil.rmtree(target, ignore_errors=True)
        tmp.rename(target)
    return target


def run(args: argparse.Namespace) -> int:
    rest = list(args.args)
    if rest and rest[0] == TRAIN:
        return _train(_train_parser().parse_args(rest[1:]))
    if rest and rest[0] == TRAIN_FST:
        return _train_fst(_train_fst_parser().parse_args(rest[1:]))
    if rest and rest[0] == TRAIN_RERANK:
        from yuyin.cli.g2p_rerank import train_rerank, train_rerank_parser

        return train_rerank(train_rerank_parser().parse_args(rest[1:]))
    if rest and rest[0] == LABEL:
        from yuyin.cli.g2p_label import label, label_parser

        return label(label_parser().parse_args(rest[1:]))
    if rest[:1] == ["--"] and len(rest) == 1:
        word_parser().error("no words given")
    # options given before the words are already in ``args``; those after them are parsed here
    keys = ("model", "beam", "no_stress", "no_rerank", "no_homographs", "fst", "lexicon")
    outer = {k: getattr(args, k) for k in keys}
    parsed = word_parser().parse_args(rest, argparse.Namespace(**outer, json=args.json))
    if parsed.threads:
        import torch

        torch.set_num_threads(parsed.threads)
    return pronounce(parsed)


def _train_tagger(args: argparse.Namespace, out_dir: Path, dev: list) -> None:
    """The letter tagger on the alignment of the joint-sequence folder ``args.out``."""
    from yuyin.config import build_dataclass
    from yuyin.models.g2p_tagger import TaggerConfig
    from yuyin.text.joint_sequence import read_alignment
    from yuyin.train.g2p_tagger import TaggerSettings, train_tagger
    from yuyin.train.loop import build_stages

    values = read_settings(args)  # --config (e.g. configs/g2p/tagger.yaml) and --set
    config = build_dataclass(TaggerConfig, values.get("model"), "model")
    settings = build_stages(values, {"finetune": TaggerSettings})["finetune"]
    # only trained while its model is missing: checkpoints there are a killed run's, go on
    model, _ = train_tagger(read_alignment(args.out), dev, config, settings, out_dir, resume=True)
    dev_wer = 100 * model.yuyin_meta["dev"].get("dev_wer", float("nan"))  # type: ignore[attr-defined]
    print(f"letter tagger in {out_dir} (dev WER alone {dev_wer:.1f}%)", file=sys.stderr)


def _train_fst(args: argparse.Namespace) -> int:
    import torch

    from yuyin.config import ConfigError
    from yuyin.hub import ModelLoadError
    from yuyin.models.g2p_rerank import RERANK_FILE
    from yuyin.models.g2p_rescore import (
        candidates,
        first_of,
        folder_reverse,
        model_digest,
        save_weights,
        tune_weights,
        word_errors,
    )
    from yuyin.models.g2p_tagger import TAGGER_SUBDIR, folder_tagger, load_tagger
    from yuyin.text.g2p import cmudict_split, g2p_model_dir, load_g2p_model
    from yuyin.text.graphone_lm import GRAPHONE_FILE
    from yuyin.text.joint_sequence import (
        JointSequenceConfig,
        JointSequenceError,
        JointSequenceG2P,
        estimate_graphone_lm,
        train_joint_sequence,
    )

    limits = (args.limit, args.dev_limit)
    if min(args.beam, args.nbest) < 1 or any(n is not None and n < 1 for n in limits):
        print("error: --beam, --nbest, --limit and --dev-limit must be >= 1", file=sys.stderr)
        return 2
    if args.trees and not args.rerank:
        print("error: --trees goes with --rerank (the trees add to the reranker)", file=sys.stderr)
        return 2
    if args.trees:
        from yuyin.models.g2p_trees import require_lightgbm

        require_lightgbm()  # before minutes of training and candidate lists
    split = cmudict_split()
    train = split.train[: args.limit] if args.limit else split.train
    dev = split.dev[: args.dev_limit] if args.dev_limit else split.dev
    model_dir = g2p_model_dir(args.model)
    if args.threads:
        torch.set_num_threads(args.threads)
    tagger_path = folder_tagger(args.out)
    # without --retune the folder is made anew (train_joint_sequence replaces it): a tagger in it
    # goes, and --tagger trains a new one
    trains_tagger = args.tagger and not (args.retune and tagger_path.is_dir())
    if (args.config or args.overrides) and not trains_tagger:
        print(
            "warning: --config and --set are the letter tagger's training settings, and no "
            "tagger is trained here (--tagger trains one; with --retune only when OUT/tagger is "
            "missing): they are not used",
            file=sys.stderr,
        )
    try:
        config = JointSequenceConfig(order=args.order)
        model = load_g2p_model(model_dir)
        given = None if args.reverse is None else _load_reverse(args.reverse)  # before training
        if not args.retune:
            train_joint_sequence(train, args.out, config)  # a new folder: no old tagger in it
        fst = JointSequenceG2P(args.out)
        if args.rerank and not (args.out / GRAPHONE_FILE).is_file():  # a folder from before it
            estimate_graphone_lm(args.out, args.out / GRAPHONE_FILE)
        if trains_tagger:
            _train_tagger(args, args.out / TAGGER_SUBDIR, dev)
        tagger = load_tagger(tagger_path) if tagger_path.is_dir() else None
        if given is not None:
            _copy_reverse(args.reverse, args.out)
        reverse_path = folder_reverse(args.out)
        reverse = given or (load_g2p_model(reverse_path) if reverse_path.is_dir() else None)
        words = [e.word for e in dev]
        cands = candidates(
            model,
            fst,
            words,
            args.beam,
            args.nbest,
            tagger=tagger,
            tagger_size=TAGGER_NBEST,
            reverse=reverse,
        )
        weights, errors = tune_weights(dev, cands)
    except (ModelLoadError, JointSequenceError, ValueError, FileExistsError, ConfigError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    neural = word_errors(dev, [first_of(c, "beam") for c in cands])
    fst_errors = word_errors(dev, [first_of(c, "fst") for c in cands])

    def rate(errors: int) -> float:
        return round(100 * errors / len(dev), 2)

    record = {
        "model": str(model_dir),
        "model_sha256": model_digest(model_dir),
        "beam": args.beam,
        "nbest": args.nbest,
        "dev_words": len(dev),
        "dev_wer": {"combined": rate(errors), "neural": rate(neural), "fst": rate(fst_errors)},
        "tagger": str(tagger_path) if tagger is not None else None,
    }
    if tagger is not None:
        record["tagger_nbest"] = TAGGER_NBEST
        record["dev_wer"]["tagger"] = rate(word_errors(dev, [first_of(c, "tagger") for c in cands]))
    if reverse is not None:
        record["reverse"] = str(reverse_path)
        record["dev_wer"]["reverse"] = rate(
            word_errors(dev, [first_of(c, "reverse") for c in cands])
        )
    save_weights(args.out, weights, record)
    stale = args.out / RERANK_FILE  # a reranker fitted on the lists before this tuning
    if stale.is_file():
        stale.unlink()
        if not args.rerank:
            print(f"removed {stale}: fitted on other lists (--rerank fits it again)")
    try:
        reranked = _fit_reranker(args.out, dev, cands, record, args.trees) if args.rerank else None
    except (JointSequenceError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(
        f"joint-sequence model in {args.out} ({fst.meta['words']} words, "
        f"{fst.meta['seconds']:.0f} s); "
        f"dev WER with stress: combined {rate(errors)}%, neural {rate(neural)}%, "
        f"joint-sequence {rate(fst_errors)}%"
        + (f", tagger {record['dev_wer']['tagger']}%" if tagger is not None else "")
        + (f", right-to-left {record['dev_wer']['reverse']}%" if reverse is not None else "")
        + (f", reranked {reranked}% (fitted on these words)" if reranked is not None else "")
        + f" ({weights})"
    )
    return 0


def _fit_reranker(out: Path, dev: Sequence, cands: list, record: dict, trees: bool) -> float:
    """Fit the reranker (with ``trees`` its trees too) on the dev candidates, save it in
    ``out``; its dev WER (%, with stress, on the words it was fitted on)."""
    from yuyin.models.g2p_rerank import fit_folder_reranker, save_reranker

    reranker, rate = fit_folder_reranker(out, dev, cands, trees=trees)
    fields = ("model", "model_sha256", "beam", "nbest", "dev_words", "tagger", "reverse")
    save_reranker(out, reranker, {k: record.get(k) for k in fields} | {"dev_wer_fitted": rate})
    return rate


def _train(args: argparse.Namespace) -> int:
    import torch

    from yuyin.config import ConfigError
    from yuyin.hub import ModelLoadError
    from yuyin.text.lexicon import LexiconError
    from yuyin.train.checkpoint import CheckpointError
    from yuyin.train.g2p import G2PSettings, train_g2p

    if any(beam < 1 for beam in args.test_beams):
        print("error: --test-beams must be >= 1", file=sys.stderr)
        return 2
    if args.init_member is not None and args.init is None:
        print(
            "error: --init-member picks a member of the --init model: give --init", file=sys.stderr
        )
        return 2
    if args.threads:
        torch.set_num_threads(args.threads)
    try:
        values = read_settings(args)
        settings = G2PSettings.from_dict(values)
        with given_settings(values):
            results = train_g2p(
                settings,
                args.out,
                pretrain=not args.no_pretrain,
                encoder_dir=args.encoder,
                init_dir=args.init,
                init_member=args.init_member,
                lexicons=args.lexicon,
                cmudict=not args.no_cmudict,
                extra_train=args.extra_train,
                resume=args.resume,
                beams=args.test_beams,
            )
    except (ConfigError, ModelLoadError, CheckpointError, FileExistsError, LexiconError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    best = results.get("test_beam4") or results.get("test_beam1")
    start = "pretrained" if results["pretrained"] else "from scratch"
    start = "continued" if "init" in results else start
    scores = (
        (
            "test split not scored (--test-beams gave no beam)"
            if not args.test_beams
            else "no test words"
        )
        if best is None
        else (f"test WER {100 * best['wer']:.1f}%, PER {100 * best['per']:.1f}% (with stress)")
    )
    print(
        f"G2P trained ({start}): {scores}; "
        f"model in {args.out / 'model'}, scores in {args.out / 'results.json'}"
    )
    return 0
