"""Packing a voice folder: an acoustic model and a vocoder copied under one name, atomically.

:func:`pack_voice` is importable from :mod:`yuyin.voice` as well.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from yuyin.paths import replace_dir, staging_dir
from yuyin.voice import ACOUSTIC_DIR, VOCODER_DIR, VOICE_FILE, VoiceError, _load_kind

__all__ = ["pack_voice"]


def _check_voice_target(out_dir: Path, sources: list[Path]) -> None:
    """``out_dir`` is replaced whole: it must be new, empty or a voice folder, and hold none of
    the models copied into it (a run folder or the working directory would be wiped)."""
    for source in sources:
        if source.resolve().is_relative_to(out_dir.resolve()):
            raise VoiceError(f"{out_dir}: holds {source}, which it would be replaced with")
    if out_dir.is_file():
        raise VoiceError(f"{out_dir} is a file, not a voice folder")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / VOICE_FILE).is_file():
        raise VoiceError(
            f"{out_dir}: not empty and not a voice folder (no {VOICE_FILE}); it would be replaced "
            "whole: pack into a new folder"
        )


def pack_voice(
    acoustic: str | os.PathLike,
    out_dir: str | os.PathLike,
    vocoder: str | os.PathLike | None = None,
    meta: dict | None = None,
    keep_vocoder: bool = True,
) -> Path:
    """Assemble a voice folder from saved model folders (checked, copied, replaced atomically).

    Without ``vocoder``, a voice ``out_dir`` already is keeps the vocoder it has (a new acoustic
    model packed into it does not cost its trained vocoder); ``keep_vocoder=False`` drops it.
    """
    acoustic, out_dir = Path(acoustic), Path(out_dir).absolute()
    _load_kind(acoustic, "tts", "a TTS acoustic model")
    if vocoder is not None:
        _load_kind(Path(vocoder), "vocoder", "a vocoder")
    _check_voice_target(out_dir, [acoustic, *([Path(vocoder)] if vocoder is not None else [])])
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = staging_dir(out_dir)
    try:
        shutil.copytree(acoustic, tmp / ACOUSTIC_DIR)
        had = out_dir / VOCODER_DIR
        if vocoder is not None:
            shutil.copytree(vocoder, tmp / VOCODER_DIR)
        elif keep_vocoder and had.is_dir() and (out_dir / VOICE_FILE).is_file():
            shutil.copytree(had, tmp / VOCODER_DIR)  # staged beside, before out_dir is replaced
        record = {"name": out_dir.name, **(meta or {})}
        (tmp / VOICE_FILE).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        replace_dir(tmp, out_dir)
    except BaseException as exc:  # Ctrl-C or SIGTERM too: no hidden folder left
        shutil.rmtree(tmp, ignore_errors=True)
        if not isinstance(exc, OSError):
            raise
        raise VoiceError(f"{out_dir}: could not write the voice ({exc.strerror or exc})") from None
    return out_dir
