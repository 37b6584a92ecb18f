"""Where yuyin keeps files it can rebuild (assembled judge models, estimated word LMs), and the
staging folders that make saved model folders appear atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def user_cache_dir(*parts: str) -> Path:
    """``$XDG_CACHE_HOME/yuyin/<parts...>`` (``~/.cache`` when unset); not created here."""
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root, "yuyin", *parts)


def make_run_dir(out_dir: str | os.PathLike) -> Path:
    """Create a training run's folder (and its parents); a clear ``FileExistsError`` when the path,
    or a parent of it, is a file."""
    out = Path(out_dir)
    for path in (out, *out.parents):
        if path.exists() and not path.is_dir():
            where = f"{path} is a file" if path == out else f"{out}: {path} is a file"
            raise FileExistsError(f"{where}, not a folder to train into")
    out.mkdir(parents=True, exist_ok=True)
    return out


def staging_dir(out_dir: Path) -> Path:
    """A new empty folder beside ``out_dir`` to fill and then ``os.replace`` onto it.

    Its permissions are those of a plain ``mkdir`` under the process umask (``mkdtemp`` alone
    gives 0700, which would leave a saved model unreadable to the rest of a group or to other
    users of an installed package).
    """
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    os.chmod(tmp, 0o777 & ~_umask())
    return tmp


def plain_file_mode(path: Path) -> None:
    """Give ``path`` the mode a plain ``open(path, "w")`` would (0666 under the umask): writers
    that go through a private temp file (safetensors, ``mkstemp``) leave 0600 behind."""
    os.chmod(path, 0o666 & ~_umask())


def _umask() -> int:
    umask = os.umask(0)  # reading the umask means setting it: put it straight back
    os.umask(umask)
    return umask
