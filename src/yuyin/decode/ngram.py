"""Word n-gram language models: Kneser-Ney estimation, ARPA files, backoff scoring.

yuyin builds its own ARPA files, no external tool needed::

    lm = estimate_kneser_ney(transcripts, order=3)   # interpolated Kneser-Ney
    lm.write_arpa("lm.arpa")                        # readable by KenLM and other toolkits
    lm = NGramLM.read_arpa("lm.arpa")

**Estimation** (:func:`estimate_kneser_ney`) is interpolated Kneser-Ney (Chen & Goodman 1998)
with one discount per order, ``D = n1 / (n1 + 2 n2)`` from the counts-of-counts of that order.
Sentences are padded ``<s> w1 .. wk </s>``. The highest order uses raw counts; a lower order uses
continuation counts (how many different words precede the n-gram), except for n-grams that start
with ``<s>``, which nothing can precede, so they keep raw counts (as KenLM's ``lmplz`` does)::

    p(w | h) = max(c(h w) - D, 0) / c(h .) + gamma(h) p(w | h'),  gamma(h) = D N1+(h .) / c(h .)

where ``h'`` drops the oldest word of ``h``. Unigrams interpolate with the uniform distribution
over the vocabulary (the words, ``</s>`` and ``<unk>``), which is what gives ``<unk>`` its mass.
An interpolated model is exactly an ARPA backoff model: each seen n-gram stores its interpolated
probability and each context stores ``gamma`` as its backoff weight.

**Scoring** follows ARPA backoff: ``p(w | h)`` is the listed probability of the longest listed
``suffix(h) w``, times the backoff weights of the longer contexts that were skipped. Words the
model does not know are scored as ``<unk>``. :class:`NGramLM` implements the decoders'
``LanguageModel`` protocol (natural-log scores); :class:`KenLM` does the same over the optional
``kenlm`` package for large models.

Text must be normalized like the ASR transcripts (``normalize_for_scoring``); words are split on
whitespace. ARPA files hold log10 values; the decoders work in natural logs.
"""

from __future__ import annotations

import gzip
import logging
import math
import os
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from yuyin.extras import MissingPackageError, native_stderr_dropped
from yuyin.paths import write_text_atomic

__all__ = [
    "BOS",
    "EOS",
    "UNK",
    "ArpaError",
    "KenLM",
    "NGramLM",
    "estimate_kneser_ney",
]

BOS = "<s>"
EOS = "</s>"
UNK = "<unk>"
LOG10_NEVER = -99.0  # ARPA's log10 probability of <s>, which is only ever context
LN_10 = math.log(10.0)  # log10 -> natural log
MIN_ORDER = 2  # KenLM loads bigram models and up
KENLM_MAGIC = b"mmap lm "  # how a KenLM binary file begins
GZIP_MAGIC = b"\x1f\x8b"
KENLM_ARPA_BYTES = 64_000_000  # larger ARPA files go to KenLM when it is installed
KENLM_INSTALL = "the kenlm extra (pip install 'yuyin[kenlm]')"
DISCOUNT_FALLBACK = 0.5  # when n1, n2 give no discount in (0, 1): tiny or degenerate corpora

Ngram = tuple[str, ...]
log = logging.getLogger("yuyin.decode")
State = tuple[str, ...]  # the last (order - 1) words


class ArpaError(ValueError):
    """A malformed ARPA file; names the file and the line."""


class NGramLM:
    """A backoff word n-gram model held as ARPA tables (log10 probability, log10 backoff).

    ``tables[n - 1]`` maps each listed n-gram (a tuple of n words) to ``(log10 p, log10 bow)``.
    """

    def __init__(self, tables: list[dict[Ngram, tuple[float, float]]]) -> None:
        if not tables or not tables[0]:
            raise ValueError("an n-gram model needs at least one unigram")
        for word in (BOS, EOS, UNK):
            if (word,) not in tables[0]:
                raise ValueError(f"an n-gram model must list the unigram {word}")
        self.tables = tables
        self.order = len(tables)
        self.vocab = frozenset(ng[0] for ng in tables[0])

    # --- scoring -------------------------------------------------------------------------

    def log10_prob(self, context: Ngram, word: str) -> float:
        """log10 p(word | context) by ARPA backoff; ``context`` oldest word first."""
        if word not in self.vocab:
            word = UNK
        context = context[max(0, len(context) - (self.order - 1)) :]  # the last order-1 words
        backoff = 0.0
        for start in range(len(context) + 1):  # longest context first
            ctx = context[start:]
            entry = self.tables[len(ctx)].get((*ctx, word))
            if entry is not None:
                return entry[0] + backoff
            if ctx:
                listed = self.tables[len(ctx) - 1].get(ctx)
                backoff += listed[1] if listed is not None else 0.0
        raise AssertionError("unreachable: every vocabulary word is a listed unigram")

    def sentence_log10(self, sentence: str, *, bos: bool = True, eos: bool = True) -> float:
        """log10 probability of a whitespace-split sentence (what KenLM's ``score`` returns)."""
        context: State = (BOS,) if bos else ()
        total = 0.0
        for word in [*sentence.split(), *([EOS] if eos else [])]:
            total += self.log10_prob(context, word)
            context = self._next(context, word)
        return total

    def _next(self, state: State, word: str) -> State:
        if self.order == 1:
            return ()
        word = word if word in self.vocab else UNK
        return (*state, word)[-(self.order - 1) :]

    # the LanguageModel protocol of yuyin.decode.ctc (natural logs)
    def initial_state(self) -> State:
        """The state before the first word of a sentence."""
        return (BOS,) if self.order > 1 else ()

    def score_word(self, state: State, word: str) -> tuple[float, State]:
        """``(ln p(word | state), state after word)``."""
        return self.log10_prob(state, word) * LN_10, self._next(state, word)

    def final_score(self, state: State) -> float:
        """ln p(</s> | state): the cost of ending the sentence here."""
        return self.log10_prob(state, EOS) * LN_10

    # --- ARPA files ----------------------------------------------------------------------

    def write_arpa(self, path: str | os.PathLike) -> Path:
        """Write the model as an ARPA file, making missing folders (values as shortest exact
        decimals: reading it back gives identical scores)."""
        path = Path(path)
        lines = ["", "\\data\\"]
        lines += [f"ngram {n}={len(t)}" for n, t in enumerate(self.tables, start=1)]
        for n, table in enumerate(self.tables, start=1):
            lines += ["", f"\\{n}-grams:"]
            for ngram in sorted(table):
                logp, bow = table[ngram]
                row = f"{logp!r}\t{' '.join(ngram)}"
                lines.append(row if n == self.order or bow == 0.0 else f"{row}\t{bow!r}")
        lines += ["", "\\end\\", ""]
        return write_text_atomic(path, "\n".join(lines), parents=True)  # a full disk: old kept

    @classmethod
    def read_arpa(cls, path: str | os.PathLike) -> NGramLM:
        """Read an ARPA file (tabs or spaces between fields; backoff optional)."""
        path = Path(path)
        declared: dict[int, int] = {}
        tables: list[dict[Ngram, tuple[float, float]]] = []
        section = None  # None: before \data\; 0: in \data\; n: in \n-grams:
        with path.open("rb") as fh:
            for number, raw_bytes in enumerate(fh, start=1):
                where = f"{path}:{number}"
                if number == 1 and raw_bytes.startswith(GZIP_MAGIC):
                    raise ArpaError(f"{where}: a gzip file; decompress it first (gunzip)")
                try:
                    line = raw_bytes.decode("utf-8-sig" if number == 1 else "utf-8").strip()
                except UnicodeDecodeError:
                    raise ArpaError(f"{where}: not UTF-8 text") from None
                if not line:
                    continue
                if line == "\\data\\":
                    section = 0
                elif line == "\\end\\":
                    break
                elif line.startswith("\\") and line.endswith("-grams:"):
                    section = _section_order(line, where)
                    if section != len(tables) + 1:
                        raise ArpaError(f"{where}: section {line} out of order")
                    tables.append({})
                elif section == 0 and line.startswith("ngram "):
                    n, count = _declared_count(line, where)
                    declared[n] = count
                elif section:
                    if section not in declared:
                        raise ArpaError(f"{where}: {section}-grams the header does not count")
                    ngram, entry = _parse_entry(line, section, where)
                    if ngram in tables[-1]:
                        raise ArpaError(f"{where}: {' '.join(ngram)!r} listed twice")
                    tables[-1][ngram] = entry
                else:
                    raise ArpaError(f"{where}: unexpected line {line[:40]!r}{_hint(number, line)}")
            else:
                raise ArpaError(f"{path}: no \\end\\ line (truncated file?)")
        for n, count in declared.items():
            if n > len(tables) or len(tables[n - 1]) != count:
                found = len(tables[n - 1]) if n <= len(tables) else 0
                raise ArpaError(f"{path}: header says {count} {n}-grams, found {found}")
        try:
            return cls(tables)
        except ValueError as exc:
            raise ArpaError(f"{path}: {exc}") from None


def _declared_count(line: str, where: str) -> tuple[int, int]:
    """(n, count) of a ``ngram n=count`` header line."""
    n, _, count = line[len("ngram ") :].partition("=")
    try:
        order, number = int(n), int(count)
    except ValueError:
        raise ArpaError(f"{where}: expected 'ngram N=COUNT', got {line[:40]!r}") from None
    if order < 1 or number < 0:
        raise ArpaError(f"{where}: n-gram order must be >= 1 and the count >= 0: {line[:40]!r}")
    return order, number


def _hint(number: int, line: str) -> str:
    """What a file that is not an ARPA text LM at all probably is."""
    if number == 1 and "mmap lm" in line:
        return f" (a binary KenLM file: --lm reads it with {KENLM_INSTALL})"
    return ""


def _section_order(line: str, where: str) -> int:
    try:
        return int(line[1 : -len("-grams:")])
    except ValueError:
        raise ArpaError(f"{where}: bad section header {line!r}") from None


def _parse_entry(line: str, order: int, where: str) -> tuple[Ngram, tuple[float, float]]:
    fields = line.split()
    if len(fields) not in (order + 1, order + 2):
        raise ArpaError(f"{where}: expected {order} words, a probability and a backoff")
    try:
        logp = float(fields[0])
        bow = float(fields[order + 1]) if len(fields) == order + 2 else 0.0
    except ValueError:
        raise ArpaError(f"{where}: not a number in {line[:40]!r}") from None
    if not logp <= 0:  # also NaN; -inf (an impossible word, as some tools write <s>) is kept
        raise ArpaError(f"{where}: log10 probability {fields[0]} is not a number <= 0")
    if not math.isfinite(bow):
        raise ArpaError(f"{where}: backoff weight {fields[order + 1]} is not a finite number")
    return tuple(fields[1 : order + 1]), (logp, bow)


# --- estimation --------------------------------------------------------------------------


def _raw_counts(sentences: Iterable[str], order: int) -> list[Counter[Ngram]]:
    """Counts of every n-gram (n = 1..order) in the padded sentences."""
    counts: list[Counter[Ngram]] = [Counter() for _ in range(order)]
    for sentence in sentences:
        # an ARPA file is UTF-8: a lone surrogate (from a bad decode) becomes "?" here, as in BPE
        words = (BOS, *sentence.encode("utf-8", "replace").decode("utf-8").split(), EOS)
        for n in range(1, order + 1):
            for i in range(len(words) - n + 1):
                counts[n - 1][words[i : i + n]] += 1
    return counts


def _adjusted_counts(raw: list[Counter[Ngram]]) -> list[dict[Ngram, int]]:
    """Kneser-Ney counts: raw at the top order and for n-grams starting with <s>; otherwise the
    number of distinct words seen before the n-gram."""
    order = len(raw)
    adjusted: list[dict[Ngram, int]] = [dict(raw[-1])]
    for n in range(order - 1, 0, -1):
        left = Counter(ngram[1:] for ngram in raw[n])  # n-grams of order n with distinct x before
        adjusted.insert(0, {ng: c if ng[0] == BOS else left[ng] for ng, c in raw[n - 1].items()})
    adjusted[0].pop((BOS,), None)  # <s> is never predicted
    return adjusted


def _discount(counts: Iterable[int]) -> float:
    """``n1 / (n1 + 2 n2)`` from counts-of-counts, or the fallback when that is not in (0, 1)."""
    of = Counter(counts)
    n1, n2 = of[1], of[2]
    discount = n1 / (n1 + 2 * n2) if n1 + n2 else 0.0
    return discount if 0.0 < discount < 1.0 else DISCOUNT_FALLBACK


def estimate_kneser_ney(sentences: Iterable[str], order: int = 3) -> NGramLM:
    """Estimate an interpolated Kneser-Ney word n-gram model of ``order`` (2 and up; 3 or 4 are
    usual) from sentences as the recognizer spells them (one per item, words split on
    whitespace): pass them through :func:`~yuyin.text.normalize.normalize_for_scoring` first,
    as ``yuyin lm arpa`` does, or "The" and "dog." will never match a spelled word."""
    if isinstance(sentences, str | bytes):  # its letters would be the "sentences"
        raise TypeError("sentences must be a list (or other iterable) of strings, not one string")
    if order < MIN_ORDER:
        raise ValueError(f"order must be at least {MIN_ORDER}, got {order}")
    raw = _raw_counts((s for s in sentences if s.split()), order)
    if not raw[0]:
        raise ValueError("cannot estimate a language model from no text")
    adjusted = _adjusted_counts(raw)
    vocab = [ng[0] for ng in adjusted[0]] + ([UNK] if (UNK,) not in adjusted[0] else [])

    probs: list[dict[Ngram, float]] = []  # interpolated probabilities per order
    gammas: list[dict[Ngram, float]] = []  # interpolation weight of each context per order
    for n, counts in enumerate(adjusted, start=1):
        discount = _discount(counts.values())
        totals: dict[Ngram, int] = defaultdict(int)
        types: dict[Ngram, int] = defaultdict(int)
        for ngram, c in counts.items():
            totals[ngram[:-1]] += c
            types[ngram[:-1]] += 1
        gamma = {h: discount * types[h] / totals[h] for h in totals}
        if n == 1:
            uniform = gamma[()] / len(vocab)
            level = {(w,): max(counts.get((w,), 0) - discount, 0) / totals[()] for w in vocab}
            level = {ng: p + uniform for ng, p in level.items()}
        else:
            lower = probs[-1]
            level = {
                ng: (c - discount) / totals[ng[:-1]] + gamma[ng[:-1]] * lower[ng[1:]]
                for ng, c in counts.items()
            }
        probs.append(level)
        gammas.append(gamma)

    tables: list[dict[Ngram, tuple[float, float]]] = []
    for n, level in enumerate(probs, start=1):
        continued = gammas[n] if n < order else {}
        table = {ng: (math.log10(p), _log10_or_zero(continued.get(ng))) for ng, p in level.items()}
        tables.append(table)
    tables[0][(BOS,)] = (LOG10_NEVER, _log10_or_zero(gammas[1].get((BOS,))))
    return NGramLM(tables)


def _log10_or_zero(weight: float | None) -> float:
    """log10 of a backoff weight; a context never continued backs off with weight 1."""
    return math.log10(weight) if weight else 0.0


def arpa_unigrams(path: str | os.PathLike) -> frozenset[str] | None:
    """The words of an ARPA file's ``\\1-grams:`` section; None for a file that is not ARPA text
    (e.g. a KenLM binary)."""
    words: list[str] = []
    with Path(path).open("rb") as raw:
        compressed = raw.read(2) == GZIP_MAGIC
    opener = gzip.open if compressed else open
    try:
        with opener(path, "rt", encoding="utf-8") as fh:
            if fh.readline().strip() not in ("", "\\data\\"):
                return None
            inside = False
            for raw in fh:
                line = raw.strip()
                if line == "\\1-grams:":
                    inside = True
                elif inside and line.startswith("\\"):
                    break
                elif inside and line:
                    fields = line.split()
                    if len(fields) >= 2:
                        words.append(fields[1])
    except (UnicodeDecodeError, OSError, EOFError):  # binary, or a damaged gzip stream
        return None
    return frozenset(words) if words else None


class KenLM:
    """An ARPA or KenLM binary model scored by the optional ``kenlm`` package (natural logs).

    Same protocol as :class:`NGramLM`; use it for models too large for Python dicts. ``vocab``
    (the unigrams, for the decoder's out-of-vocabulary cost) is read from an ARPA file; a KenLM
    binary does not list its words, so it has none unless given.
    """

    def __init__(self, path: str | os.PathLike, vocab: frozenset[str] | None = None) -> None:
        if not kenlm_available():
            raise MissingPackageError(f"{path}: reading it with KenLM needs {KENLM_INSTALL}")
        import kenlm

        self._kenlm = kenlm
        try:
            config = kenlm.Config()
            config.show_progress = sys.stderr.isatty()  # its loading bar, on a terminal only
            with native_stderr_dropped(not config.show_progress):  # "Loading the LM will be
                self.model = kenlm.Model(str(path), config)  # faster if you build a binary file"
        except (OSError, RuntimeError, ValueError) as exc:  # kenlm names the format problem
            problem = " ".join(str(exc).split())[:300]
            raise ArpaError(f"{path}: KenLM cannot read it ({problem})") from None
        self.order = self.model.order
        self.vocab = vocab if vocab is not None else arpa_unigrams(path)

    def initial_state(self) -> object:
        state = self._kenlm.State()
        self.model.BeginSentenceWrite(state)
        return state

    def score_word(self, state: object, word: str) -> tuple[float, object]:
        out = self._kenlm.State()
        return self.model.BaseScore(state, word, out) * LN_10, out

    def final_score(self, state: object) -> float:
        return self.model.BaseScore(state, EOS, self._kenlm.State()) * LN_10


PROMPTS_LM = "prompts"  # name of the built-in word LM (see prompts_lm)


def prompts_lm(order: int = 3, cache_dir: str | os.PathLike | None = None) -> NGramLM:
    """Kneser-Ney word n-gram of the shipped prompts' *train* split (Austen + King James).

    yuyin ships no word LM file: this one is estimated on first use (~15 s on one core) from
    text inside the package and cached as ARPA in ``cache_dir`` (default
    ``$XDG_CACHE_HOME/yuyin/lm``), keyed by the text's hash. Its domain is 19th-century prose
    and scripture: for other speech, estimate one from your own text with
    :func:`estimate_kneser_ney`.
    """
    import hashlib

    from yuyin.data.prompts import load_prompts
    from yuyin.paths import user_cache_dir
    from yuyin.text.normalize import normalize_for_scoring

    sentences = load_prompts("train")
    digest = hashlib.sha256("\n".join(sentences).encode("utf-8")).hexdigest()[:16]
    root = Path(cache_dir) if cache_dir is not None else user_cache_dir("lm")
    path = root / f"prompts-train-{order}gram-{digest}.arpa"
    if path.is_file():
        try:
            return NGramLM.read_arpa(path)
        except ArpaError:
            path.unlink(missing_ok=True)  # a damaged cache is rebuilt
    lm = estimate_kneser_ney([normalize_for_scoring(s) for s in sentences], order)
    try:
        root.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.partial")
        lm.write_arpa(partial)
        partial.replace(path)  # atomic: a reader never sees half a file
    except OSError:
        pass  # a read-only or full cache only costs the rebuild next time
    return lm


def kenlm_available() -> bool:
    """Whether the optional ``kenlm`` module (the ``yuyin[kenlm]`` extra) imports and has
    ``Model`` (a broken install, or a stray ``kenlm/`` folder, counts as missing)."""
    try:
        import kenlm
    except Exception:  # noqa: BLE001 - a broken native module raises anything on import
        return False
    return hasattr(kenlm, "Model")


def load_word_lm(spec: str | os.PathLike) -> NGramLM | KenLM:
    """``"prompts"`` (the built-in LM, :func:`prompts_lm`), an ARPA file or a KenLM binary.

    An ARPA file is read into Python (:meth:`NGramLM.read_arpa`, which checks every line) up to
    :data:`KENLM_ARPA_BYTES`; a larger one is read by KenLM when the ``kenlm`` extra is
    installed (its C++ tables take a fraction of the memory and load many times faster). A
    KenLM binary (``build_binary``'s output) needs that extra; it lists no words, so the
    decoder's ``unk_offset`` does not apply to it (KenLM's own ``<unk>`` score does). A model
    in capitals is scored with the words upper-cased (:func:`yuyin.decode.lm_case.fit_case`).
    """
    from yuyin.decode.lm_case import fit_case

    return prompts_lm() if str(spec) == PROMPTS_LM else fit_case(_load_lm_file(Path(spec)), spec)


def _load_lm_file(path: Path) -> NGramLM | KenLM:
    """:func:`load_word_lm` of a file, in the case it is written in."""
    if path.is_dir():
        raise ArpaError(f"{path}: a folder, not an ARPA file or a KenLM binary")
    if not path.is_file():
        raise ArpaError(f"{path}: no such ARPA file (or use --lm {PROMPTS_LM})")
    with path.open("rb") as fh:
        head = fh.read(len(KENLM_MAGIC))
    if head == KENLM_MAGIC:
        if not kenlm_available():
            raise ArpaError(f"{path}: a binary KenLM file; reading it needs {KENLM_INSTALL}")
        log.warning(
            "%s: a KenLM binary lists no words, so words outside it get KenLM's <unk> score, "
            "not the decoder's unk_offset (the ARPA text gives both)",
            path,
        )
        return KenLM(path)
    if head.startswith(GZIP_MAGIC):
        if not kenlm_available():
            raise ArpaError(f"{path}: a gzip file; decompress it first, or install {KENLM_INSTALL}")
        return KenLM(path)  # KenLM reads compressed ARPA
    size = path.stat().st_size
    if size > KENLM_ARPA_BYTES:
        if kenlm_available():
            return KenLM(path)
        log.warning(
            "%s: %.0f MB of ARPA is read into Python dicts, which takes about 15x its size in "
            "memory; %s reads it in C++",
            path,
            size / 1e6,
            KENLM_INSTALL,
        )
    return NGramLM.read_arpa(path)
