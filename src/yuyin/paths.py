"""Where yuyin keeps files it can rebuild (assembled judge models, estimated word LMs), the
staging folders that make saved model folders appear atomically, and the two ways small records
are written (:func:`write_text_atomic`, :func:`append_text`) so that a full disk never leaves
half of one."""

from __future__ import annotations

import os
import stat
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


def _named(exc: OSError, path: Path) -> OSError:
    """``exc`` with ``path`` as its file name (a failed write() names none)."""
    return OSError(exc.errno, exc.strerror or str(exc), str(path))


def write_text_atomic(path: str | os.PathLike, text: str) -> Path:
    """Replace ``path`` by ``text`` (UTF-8): a temporary file beside it, fsynced, renamed over it.
    On a full disk the old file stays whole, no temporary is left, and the OSError names
    ``path``. A symlink is written through (its target is replaced, the link kept), and a file
    that exists keeps its permissions."""
    path = Path(path)
    target = replace_target(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:  # a missing or read-only folder: name the file meant
        raise _named(exc, path) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        keep_file_mode(Path(tmp), target)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise _named(exc, path) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def replace_target(path: Path) -> Path:
    """What a replace-by-rename of ``path`` must rename onto: the file a symlink points at (so
    the link survives), else ``path`` itself."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def keep_file_mode(tmp: Path, target: Path) -> None:
    """Give ``tmp`` the permissions of the file it will replace, or a plain new file's."""
    try:
        os.chmod(tmp, stat.S_IMODE(os.stat(target).st_mode))
    except FileNotFoundError:
        plain_file_mode(tmp)


def append_text(path: str | os.PathLike, text: str) -> None:
    """Append ``text`` (UTF-8) to ``path`` as one record: when the disk fills part way, the file
    is cut back to its old length (never half a line) and the OSError names ``path``."""
    path = Path(path)
    data = memoryview(text.encode("utf-8"))
    with path.open("ab", buffering=0) as fh:
        size = fh.seek(0, os.SEEK_END)
        try:
            while data:
                data = data[fh.write(data) :]
        except OSError as exc:
            os.ftruncate(fh.fileno(), size)
            raise _named(exc, path) from None
