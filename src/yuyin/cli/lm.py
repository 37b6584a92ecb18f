"""``yuyin lm``: train a text language model, measure it on held-out text, sample from it.

    yuyin lm train --corpus public --out runs/lm-general --config configs/lm/tiny.yaml
    yuyin lm train --manifest train.jsonl --init runs/lm-general --out runs/lm-domain \\
        --config configs/lm/tiny.yaml
    yuyin lm eval --model runs/lm-domain --text held_out.txt
    yuyin lm sample --model runs/lm-domain --prompt "and the lord said"
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from dataclasses import asdict
from pathlib import Path

from yuyin.cli._files import nonempty_path, path_arg, same_file
from yuyin.cli._settings import (
    add_run_arguments,
    add_settings_arguments,
    read_settings,
)
from yuyin.config import ConfigError
from yuyin.data.manifest import ManifestError
from yuyin.train.run_settings import given_settings

CORPORA = ("public", "austen", "kjv")  # public: every general source (austen, kjv, Debian text)
DEFAULT_MAX_TOKENS = 200
DEFAULT_TEMPERATURE = 0.8
DEFAULT_TOP_K = 20
MAX_ARPA_ORDER = 6  # n-gram orders past this only memorize the text


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "lm",
        help="text language models: train, eval, sample a neural LM; build a word n-gram ARPA",
        description="A character-level GPT-style text LM: pretrain on general text, fine-tune "
        "on in-domain text (--init), score held-out text, sample.",
    )
    actions = parser.add_subparsers(dest="lm_command", metavar="ACTION", required=True)
    _add_train(actions)
    _add_eval(actions)
    _add_sample(actions)
    _add_arpa(actions)


MAX_TEXT_WEIGHT = 1000  # lm arpa --text-weight: the sentences are repeated in memory


def _add_text_source(parser: argparse.ArgumentParser, corpus: bool, together: bool = False) -> None:
    """--text / --manifest (/ --corpus): one of them, or with ``together`` any mix (checked to
    name at least one by the command)."""
    source = parser.add_argument_group("text") if together else None
    source = source or parser.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--text",
        type=path_arg,
        action="append",
        help="UTF-8 text file, one sentence a line (- reads standard input); repeat for several",
    )
    source.add_argument(
        "--manifest",
        type=path_arg,
        action="append",
        help="manifest whose transcripts are the text; repeat for several",
    )
    if corpus:
        source.add_argument(
            "--corpus",
            choices=CORPORA,
            action="append",
            help="shipped general text, train split (public: Austen, KJV, installed Debian text); "
            "repeat for several (austen and kjv: both)",
        )


def _add_train(actions: argparse._SubParsersAction) -> None:
    parser = actions.add_parser(
        "train",
        help="pretrain (or fine-tune with --init) an LM",
        description="Train an LM. Without --init: random weights, `pretrain` settings. With "
        "--init: start from that LM, `finetune` settings. The model goes to OUT/lm.",
    )
    _add_text_source(parser, corpus=True)
    parser.add_argument("--dev", type=path_arg, help="held-out text file scored at each eval")
    parser.add_argument(
        "--init", type=path_arg, help="pretrained LM (model or run folder, or 'bundled')"
    )
    add_run_arguments(parser)
    add_settings_arguments(parser, "configs/lm/tiny.yaml", "pretrain.max_steps=100")
    parser.set_defaults(func=run_train)


def _add_eval(actions: argparse._SubParsersAction) -> None:
    parser = actions.add_parser(
        "eval",
        help="perplexity and bits per character on held-out text",
        description="Score held-out text (normalized like the training text), each sentence on "
        "its own; prints JSON.",
    )
    parser.add_argument(
        "--model", type=path_arg, required=True, help="LM (model or run folder, or 'bundled')"
    )
    _add_text_source(parser, corpus=False)
    parser.set_defaults(func=run_eval)


def _add_sample(actions: argparse._SubParsersAction) -> None:
    parser = actions.add_parser("sample", help="continue a prompt with sampled text")
    parser.add_argument(
        "--model", type=path_arg, required=True, help="LM (model or run folder, or 'bundled')"
    )
    parser.add_argument("--prompt", default="", help="text to continue (normalized first)")
    parser.add_argument("--max-tokens", type=int, default=DEFAULT_MAX_TOKENS)
    parser.add_argument("--temperature", type=float, default=DEFAULT_TEMPERATURE, help="0: greedy")
    parser.add_argument("--top-k", type=int, default=DEFAULT_TOP_K, help="0: no limit")
    parser.add_argument("--num", type=int, default=1, help="samples to draw")
    parser.add_argument("--seed", type=int, default=0)
    parser.set_defaults(func=run_sample)


def _add_arpa(actions: argparse._SubParsersAction) -> None:
    parser = actions.add_parser(
        "arpa",
        help="estimate a word n-gram LM (Kneser-Ney) as an ARPA file, for transcribe --lm",
        description="Estimate an interpolated modified Kneser-Ney word n-gram LM from text "
        "normalized as transcripts are scored (lowercase, numbers spelled out) and write it "
        "as ARPA: the --lm of transcribe, eval and pseudo-label, and of the low-resource recipe.",
    )
    _add_text_source(parser, corpus=True, together=True)
    parser.add_argument(
        "--text-weight",
        type=int,
        default=1,
        metavar="N",
        help=f"count each --text/--manifest sentence N times (1..{MAX_TEXT_WEIGHT}) beside "
        "--corpus's many (the sources may be given together); Kneser-Ney counts it in the "
        "highest order only (lower orders count distinct contexts), so it moves little",
    )
    # a str: Path would drop the trailing slash of "-o newdir/", which names a folder
    parser.add_argument(
        "-o", "--output", type=nonempty_path, required=True, help="ARPA file to write"
    )
    parser.add_argument("--order", type=int, default=3, help="n-gram order (2..6)")
    parser.add_argument(
        "--fold-accents",
        action="store_true",
        help="write accented letters as yuyin's a-z recognizers spell them (jalapeño as "
        "jalapeno), so the beam can match those words; leave it off for a model whose "
        "tokenizer writes them (tokenizer.extend)",
    )
    parser.set_defaults(func=run_arpa)


def _corpus_note(corpus: list[str] | None) -> str | None:
    """Which of --corpus public's Debian sources this machine lacks (None: all there, or no
    public corpus asked for): the same command gives a smaller LM without them."""
    from yuyin.data.text_corpus import FORTUNE_DIR, WORDNET_DIR

    if not corpus or "public" not in corpus:
        return None
    missing = [
        f"{what} (apt-get install {package})"
        for what, folder, package in (
            ("fortunes", FORTUNE_DIR, "fortunes"),
            ("WordNet glosses", WORDNET_DIR, "wordnet-base"),
        )
        if not (folder.is_dir() and any(folder.iterdir()))
    ]
    if not missing:
        return None
    return (
        "note: --corpus public is austen and kjv here: Debian's "
        + " and ".join(missing)
        + " are not installed"
    )


def _arpa_output_problem(args: argparse.Namespace) -> str | None:
    """Why ``-o`` must not be written (None: it may): a folder, the input text itself, or an
    existing file that is not an ARPA file (the LM never replaces a file it did not write)."""
    out = Path(args.output)
    if args.output.endswith(("/", os.sep)) or out.is_dir():
        return "a folder, not an ARPA file name"
    if not out.exists():
        return None
    for source in [*(args.text or []), *(args.manifest or [])]:
        if same_file(out, source):
            return "-o is the input text itself"
    with out.open("rb") as fh:
        head = fh.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head and not head.startswith(b"\\data\\"):
        return "exists and is not an ARPA file; refusing to overwrite it"
    return None


def run_arpa(args: argparse.Namespace) -> int:
    from yuyin.data.text_corpus import TextCorpusError
    from yuyin.decode.ngram import estimate_kneser_ney

    if not 2 <= args.order <= MAX_ARPA_ORDER:
        print(f"error: --order must be 2..{MAX_ARPA_ORDER}, got {args.order}", file=sys.stderr)
        return 1
    if str(args.output) == "-":
        print("error: -o - : an ARPA file is written to a file, -o lm.arpa", file=sys.stderr)
        return 1
    if not (args.text or args.manifest or args.corpus):
        print("error: give the text: --text, --manifest and/or --corpus", file=sys.stderr)
        return 1
    if not 1 <= args.text_weight <= MAX_TEXT_WEIGHT:
        print(
            f"error: --text-weight must be 1..{MAX_TEXT_WEIGHT}, got {args.text_weight}",
            file=sys.stderr,
        )
        return 1
    if args.text_weight > 1 and not (args.corpus and (args.text or args.manifest)):
        print("note: --text-weight weighs --text/--manifest against --corpus: give both",
              file=sys.stderr)  # fmt: skip
    if problem := _arpa_output_problem(args):
        print(f"error: {args.output}: {problem}", file=sys.stderr)
        return 1
    from yuyin.text.tokenizer import DEFAULT_CHARS, CharTokenizer  # what the a-z models write

    fold = CharTokenizer().fold_text
    try:
        sentences = _pooled_sentences(args)  # a phrase said often counts often
        if args.fold_accents:
            sentences = [fold(s) for s in sentences]
        lm = estimate_kneser_ney(sentences, args.order)
        lm.write_arpa(args.output)
    except (ManifestError, TextCorpusError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        from yuyin.cli import describe_os_error

        print(f"error: {describe_os_error(exc)}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{len(t)} {n}-grams" for n, t in enumerate(lm.tables, 1))
    print(f"wrote {args.output}: {len(sentences)} sentences, {counts}")
    if note := _corpus_note(args.corpus):
        print(note, file=sys.stderr)
    written = set(DEFAULT_CHARS)
    unspellable = sorted(w for w in lm.vocab if not set(w) <= written and w[0] != "<")
    if unspellable:  # "привет", "münchen": no yuyin recognizer writes them, so none matches
        foldable = sum(set(fold(w)) <= written for w in unspellable)
        hint = f"; --fold-accents writes {foldable} of them as the recognizers spell them"
        hint = hint if foldable else ""
        shown = ", ".join(unspellable[:5]) + (", ..." if len(unspellable) > 5 else "")
        print(f"warning: {len(unspellable)} of its words hold characters other than a-z and ' "
              f"({shown}): yuyin's recognizers spell only those, so the beam never matches "
              f"them{hint}", file=sys.stderr)  # fmt: skip
    return 0


def _pooled_sentences(args: argparse.Namespace) -> list[str]:
    """``lm arpa``'s text: its --text and --manifest sentences ``--text-weight`` times each,
    then --corpus's, repeats kept."""
    own = argparse.Namespace(**{**vars(args), "corpus": None})
    given = _sentences(own, keep_repeats=True) if (args.text or args.manifest) else []
    shipped = _sentences(argparse.Namespace(corpus=args.corpus)) if args.corpus else []
    return given * args.text_weight + shipped


def _sentences(
    args: argparse.Namespace, split: str = "train", keep_repeats: bool = False
) -> list[str]:
    from yuyin.data.text_corpus import (
        TextCorpusError,
        manifest_sentences,
        public_corpus,
        read_text_sentences,
    )

    if getattr(args, "corpus", None):
        names = [args.corpus] if isinstance(args.corpus, str) else args.corpus  # --corpus repeats
        if "public" in names:  # every source: the others are in it
            return public_corpus(split)
        return public_corpus(split, tuple(dict.fromkeys(names)))
    if args.text is not None and sum(str(t) == "-" for t in args.text) > 1:
        raise TextCorpusError("--text - (standard input) can be read once")
    found = [s for m in args.manifest or [] for s in manifest_sentences(m, keep_repeats)]
    found += [s for t in args.text or [] for s in read_text_sentences(t, keep_repeats)]
    return found if keep_repeats else list(dict.fromkeys(found))  # one file's dedupe, across all


def _resumed_init(args: argparse.Namespace) -> None:
    """A ``--resume`` without ``--init`` of a run that was fine-tuned goes on from the LM it
    started from (it had become a pretraining run with other settings)."""
    from yuyin.train.run_settings import run_record

    if not args.resume or args.init is not None:
        return
    recorded = (run_record(Path(args.out)) or {}).get("init")
    if recorded:
        args.init = recorded
        print(f"resuming a fine-tune of {recorded} (the run's --init)", file=sys.stderr)


def run_train(args: argparse.Namespace) -> int:
    from yuyin.data.text_corpus import TextCorpusError, read_text_sentences
    from yuyin.hub import ModelLoadError
    from yuyin.models.lm import LMError
    from yuyin.train.checkpoint import CheckpointError
    from yuyin.train.lm import LMSettings, finetune_lm, pretrain_lm

    try:
        values = read_settings(args)
        settings = LMSettings.from_dict(values)
        given = _sentences(args, keep_repeats=True)  # read once: --text - is standard input
        sentences = list(dict.fromkeys(given))
        if len(given) > len(sentences):  # a neural LM learns each sentence once
            print(f"note: {len(given) - len(sentences)} repeated sentence(s) left out: training "
                  f"on {len(sentences)} distinct ones", file=sys.stderr)  # fmt: skip
        if args.dev is not None:
            dev = read_text_sentences(args.dev)
        else:  # the shipped corpora have a dev split; other text is not split behind your back
            dev = _sentences(args, "dev") if args.corpus else []
        source = " ".join(map(str, args.corpus or args.manifest or args.text))
        seen = set(sentences)
        if overlap := sum(s in seen for s in dev):  # as finetune names a dev set it trains on
            print(f"warning: {overlap} of {len(dev)} dev sentences are in the training text: "
                  "dev scores will flatter the model", file=sys.stderr)  # fmt: skip
        _resumed_init(args)
        unused = [o for o in args.overrides if o.startswith(("model.", "pretrain."))]
        if args.init is not None and unused:
            print(f"warning: {' '.join(unused)}: unused with --init (the LM keeps its own shape; "
                  "fine-tuning reads finetune.*)", file=sys.stderr)  # fmt: skip
        with given_settings(values):
            if args.init is not None:
                run = finetune_lm(
                    sentences, args.init, settings, args.out, dev=dev, resume=args.resume,
                    source=source,
                )  # fmt: skip
            else:
                run = pretrain_lm(
                    sentences, settings, args.out, dev=dev, resume=args.resume, source=source
                )
    except (
        ConfigError,
        ManifestError,
        TextCorpusError,
        ModelLoadError,
        LMError,
        CheckpointError,
        FileExistsError,
    ) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    dev_text = f", dev {run.dev.bits_per_char:.3f} bits/char" if run.dev else ""
    print(
        f"trained {run.result.step} steps on {run.sentences} sentences ({run.tokens} tokens), "
        f"final loss {run.result.loss:.4f}{dev_text}; LM saved to {run.model_dir}"
    )
    return 0


def run_eval(args: argparse.Namespace) -> int:
    from yuyin.data.text_corpus import TextCorpusError
    from yuyin.hub import ModelLoadError
    from yuyin.train.lm import evaluate_lm, load_lm

    try:
        model = load_lm(args.model)
        given = _sentences(args, keep_repeats=True)  # read once: --text - is standard input
        sentences = list(dict.fromkeys(given))
        result = evaluate_lm(model, sentences, progress=True)
    except (ManifestError, TextCorpusError, ModelLoadError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps({"model": str(args.model), **asdict(result)}, indent=2))
    if len(given) > len(sentences):
        print(
            f"note: {len(given) - len(sentences)} repeated sentence(s) scored once (a held-out "
            "set should not count a sentence twice)",
            file=sys.stderr,
        )
    if result.uncovered > 0:
        print(
            f"warning: {result.uncovered:.1%} of the text's characters are outside the model's "
            "alphabet (a-z, space and apostrophe after normalization; the same for every "
            "yuyin LM): each is scored as the unknown token, which raises bits/char and "
            "perplexity",
            file=sys.stderr,
        )
    return 0


def run_sample(args: argparse.Namespace) -> int:
    import torch

    from yuyin.hub import ModelLoadError
    from yuyin.models.lm import LMError
    from yuyin.text.normalize import normalize_for_scoring
    from yuyin.train.lm import load_lm

    wrong = {
        "--max-tokens must be >= 0": args.max_tokens < 0,
        "--temperature must be finite and >= 0": not 0 <= args.temperature < math.inf,
        "--top-k must be >= 0": args.top_k < 0,
        "--num must be >= 1": args.num < 1,
        "--seed must be within 0..2**63-1": not 0 <= args.seed < 2**63,
    }
    if problems := [what for what, bad in wrong.items() if bad]:
        print(f"error: {'; '.join(problems)}", file=sys.stderr)
        return 1
    try:
        model = load_lm(args.model)
        prompt = normalize_for_scoring(args.prompt)
        if args.prompt.strip() and not prompt:
            print(f"note: the prompt {args.prompt!r} has no letters to start from", file=sys.stderr)
        generator = torch.Generator().manual_seed(args.seed)
        for _ in range(args.num):
            text = model.generate(
                prompt,
                args.max_tokens,
                temperature=args.temperature,
                top_k=args.top_k or None,
                generator=generator,
            )
            print(f"{prompt}{text}" if prompt else text.lstrip())
    except (ModelLoadError, LMError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0
