"""Unlabeled human speech from Debian packages: Tux Paint stamps, KTuberling, KLettres.

Pretraining material only: these recordings come without transcripts.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from yuyin.data._import_files import _files, _finish, _path_id, _with_durations
from yuyin.data.manifest import ManifestError, Utterance

__all__ = ["DEBIAN_PACKAGES", "import_debian_speech"]

DEBIAN_PACKAGES = ("tuxpaint-stamps-default", "ktuberling-data", "klettres-data")
TUXPAINT_STAMPS = "usr/share/tuxpaint/stamps"  # **/NAME_desc[_LANG].ogg: spoken descriptions
KTUBERLING_SOUNDS = "usr/share/ktuberling/sounds"  # LANG/*.ogg: spoken words
KLETTRES_DATA = "usr/share/klettres"  # LANG/{alpha,syllab}/*.ogg: spoken letters and syllables
TUXPAINT_DEFAULT_LANG = "en"  # a stamp description without a language suffix is English
TUXPAINT_DESC = re.compile(r"^.+_desc(?:_(?P<lang>[A-Za-z]{2,3}(?:_[A-Za-z]{2})?(?:@\w+)?))?$")


def import_debian_speech(
    root: str | os.PathLike = "/",
    *,
    min_duration: float | None = None,
    max_duration: float | None = None,
) -> list[Utterance]:
    """Import unlabeled human speech shipped by Debian packages installed under ``root``.

    Tux Paint stamp descriptions (``tuxpaint-stamps-default``: ``NAME_desc[_LANG].ogg``, English
    without a suffix), KTuberling words (``ktuberling-data``: ``sounds/LANG/*.ogg``) and KLettres
    letters and syllables (``klettres-data``: ``LANG/**/*.ogg``). Text and speaker are None, the
    language is set. Ids are ``tuxpaint/...``, ``ktuberling/...`` and ``klettres/...`` paths.
    Raises :class:`ManifestError` naming the packages to install when none is found.
    """
    root = Path(os.path.abspath(root))
    if not root.is_dir():  # a typo, not missing packages
        raise ManifestError(f"{root}: no such folder (the root the packages are installed under)")
    found = _debian_speech_files(root)
    if not found:
        places = ", ".join(f"/{d}" for d in (TUXPAINT_STAMPS, KTUBERLING_SOUNDS, KLETTRES_DATA))
        raise ManifestError(
            f"{root}: no speech from Debian packages found (looked in {places}); install them "
            f"with: apt-get install {' '.join(DEBIAN_PACKAGES)}"
        )
    pending = [(path, {"id": utt_id, "lang": lang}) for path, utt_id, lang in found]
    return _finish(_with_durations(pending, root), min_duration, max_duration)


def _debian_speech_files(root: Path) -> list[tuple[Path, str, str]]:
    """(audio, id, language) of the spoken files of the three packages under ``root``."""
    found = []
    stamps = root / TUXPAINT_STAMPS
    for path in _files(stamps, "**/*_desc*.ogg"):
        match = TUXPAINT_DESC.match(path.stem)
        if match:  # not a sound effect that happens to contain "_desc"
            lang = match["lang"] or TUXPAINT_DEFAULT_LANG
            found.append((path, f"tuxpaint/{_path_id(path, stamps)}", lang))
    sounds = root / KTUBERLING_SOUNDS
    found += [
        (path, f"ktuberling/{_path_id(path, sounds)}", path.parent.name)
        for path in _files(sounds, "*/*.ogg")
    ]
    letters = root / KLETTRES_DATA
    found += [
        (path, f"klettres/{_path_id(path, letters)}", path.relative_to(letters).parts[0])
        for path in _files(letters, "*/**/*.ogg")
    ]
    return found
