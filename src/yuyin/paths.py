"""Where yuyin keeps files it can rebuild (assembled judge models, estimated word LMs), the
staging folders that make saved model folders appear atomically, and the two ways small records
are written (:func:`write_text_atomic`, :func:`append_text`) so that a full disk never leaves
half of one."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # not POSIX: run folders are trained into unlocked
    fcntl = None  # type: ignore[assignment]


def user_cache_dir(*parts: str) -> Path:
    """``$XDG_CACHE_HOME/yuyin/<parts...>`` (``~/.cache`` when unset); not created here."""
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root, "yuyin", *parts)


RUN_LOCK = ".yuyin.lock"  # in a run folder: the pid of the process training into it
_held: dict[str, int] = {}  # real path of a run folder -> descriptor of its locked RUN_LOCK
_scopes: list[list[str]] = []  # per open run_scope, the run folders it took (innermost last)
_created: dict[str, list[str]] = {}  # run folder made here (real path) -> folders it made


class RunInUseError(FileExistsError):
    """Another process is training into the run folder (it holds its :data:`RUN_LOCK`)."""


def make_run_dir(out_dir: str | os.PathLike) -> Path:
    """Create a training run's folder (and its parents) and hold it (:func:`hold_run_dir`) until
    the enclosing :func:`run_scope` ends (the trainer's call), or for the rest of the process
    outside one; a clear ``FileExistsError`` when the path, or a parent of it, is a file, and
    :class:`RunInUseError` when another process is training into it."""
    out = Path(out_dir)
    for path in (out, *out.parents):
        if path.exists() and not path.is_dir():
            where = f"{path} is a file" if path == out else f"{out}: {path} is a file"
            raise FileExistsError(f"{where}, not a folder to train into")
    made = [str(p) for p in (out, *out.parents) if not p.exists()]  # the run's, then parents
    out.mkdir(parents=True, exist_ok=True)
    if made:
        _created[os.path.realpath(out)] = made
    hold_run_dir(out)
    return out


def hold_run_dir(out: Path) -> None:
    """Lock ``out/.yuyin.lock`` for this process, so that a second process training into the
    same folder (the same command run twice, a requeued job whose first run still writes) is
    refused before it writes anything, instead of both interleaving checkpoints and logs.

    An ``flock`` on the file's open description (not a POSIX record lock, which any other
    ``open``/``close`` of the file in the process would drop): the kernel drops it when the
    process ends, however it ends (``kill -9`` included), so a killed run never leaves a stale
    lock; forked children (DataLoader workers, which can outlive a killed parent by seconds)
    close their copy at once. Holding it again in the same process is a no-op. Under
    ``torchrun`` rank 0 holds it for the job. A file system without locks is trained into
    unlocked.
    """
    key = os.path.realpath(out)
    if key in _held or os.environ.get("RANK", "0") != "0" or fcntl is None:
        return
    try:
        fd = os.open(out / RUN_LOCK, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError:
        return  # an unwritable folder fails with its own message at the first write
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
        os.close(fd)
        if exc.errno not in (errno.EACCES, errno.EAGAIN):
            return  # no locking here (ENOLCK and the like)
        raise RunInUseError(
            f"{out}: another process (pid {holder}) is training into this folder; wait for it "
            "to end or stop it before resuming, or train into another folder"
        ) from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    _held[key] = fd
    if _scopes:
        _scopes[-1].append(key)


def release_run_dir(out: str | os.PathLike) -> None:
    """Let go of a run folder this process holds (:func:`hold_run_dir`); nothing if it holds
    none."""
    fd = _held.pop(os.path.realpath(out), None)
    if fd is not None:
        os.close(fd)  # closing the descriptor drops the lock; the file stays, harmless


def _forget_in_child() -> None:
    """In a forked child (a DataLoader worker): close the inherited lock descriptors, so that the
    lock lives and dies with the process that took it, not with workers that outlive it."""
    for fd in _held.values():
        os.close(fd)  # the parent's descriptor keeps holding the lock
    _held.clear()
    _scopes.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_in_child)


@contextmanager
def run_scope() -> Iterator[None]:
    """Run folders first held inside the block are let go when it ends, however it ends. Every
    trainer runs in one (as a decorator: for each call), so a folder is held from the trainer's
    first write to its last, and a failed run does not keep its folder from a later process.
    A folder already held when the block starts stays held. A folder the block made and left
    holding only its lock file (a run that failed before writing) is removed."""
    taken: list[str] = []
    _scopes.append(taken)
    try:
        yield
    finally:
        _scopes.remove(taken)
        for key in taken:
            if key in _created:  # still held: no other process can have started in it
                _drop_if_unused(key, _created.pop(key))
            release_run_dir(key)


def _drop_if_unused(folder: str, made: list[str]) -> None:
    """Remove a run folder this process made (and the parents it made, while empty) when the
    run wrote nothing into it (it failed at once: bad settings, unreadable data), so a failed
    command leaves no folder holding only its lock file behind."""
    try:
        if os.listdir(folder) != [RUN_LOCK]:
            return
        os.unlink(os.path.join(folder, RUN_LOCK))
        os.rmdir(folder)
        for parent in made[1:]:  # innermost first; one that holds something else stays
            os.rmdir(parent)
    except OSError:
        pass


def staging_dir(out_dir: Path) -> Path:
    """A new empty folder beside ``out_dir`` to fill and then ``os.replace`` onto it.

    Its permissions are those of a plain ``mkdir`` under the process umask (``mkdtemp`` alone
    gives 0700, which would leave a saved model unreadable to the rest of a group or to other
    users of an installed package).
    """
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    except OSError as exc:  # a missing or read-only folder: name the folder meant
        raise _named(exc, out_dir) from None
    os.chmod(tmp, 0o777 & ~_umask())
    return tmp


def replace_dir(filled: Path, out_dir: Path) -> None:
    """Move a filled :func:`staging_dir` folder onto ``out_dir``, replacing a folder there.

    The previous folder is set aside (``.NAME.old``), the new one renamed in, then the old one
    removed. On any exception (Ctrl-C and SIGTERM too) the previous folder is put back where it
    was and ``filled`` is removed, so no hidden folder is left and no model is lost; a rename
    between them is the only moment ``out_dir`` is missing.
    """
    old = out_dir.with_name(f".{out_dir.name}.old")
    set_aside = False
    try:
        if out_dir.exists():
            shutil.rmtree(old, ignore_errors=True)
            os.replace(out_dir, old)
            set_aside = True
        os.replace(filled, out_dir)
    except BaseException:
        if set_aside and not out_dir.exists():
            os.replace(old, out_dir)
        shutil.rmtree(filled, ignore_errors=True)
        raise
    finally:
        if set_aside and out_dir.exists():
            shutil.rmtree(old, ignore_errors=True)


def temp_file_for(path: Path, suffix: str = ".tmp", parents: bool = False) -> tuple[int, Path]:
    """A new temporary file to fill and then ``os.replace`` onto ``replace_target(path)``: in
    that file's folder (a rename does not cross file systems), hidden (``.NAME.xxxx``), mode 0600
    until :func:`keep_file_mode`. Returns ``(descriptor, temporary path)``.

    ``parents`` creates missing folders first. When a folder is missing or refuses new files
    (read-only, no permission, ``/proc``) the OSError names ``path``, the file the caller asked
    for, not the temporary name the user never gave.
    """
    target = replace_target(path)
    try:
        if parents:
            path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent)
    except OSError as exc:
        blocker = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
        if blocker is not None:  # mkdir says "File exists", mkstemp "Not a directory"
            raise OSError(errno.ENOTDIR, f"{blocker} is a file, not a folder", str(path)) from None
        raise _named(exc, path) from None
    return fd, Path(tmp)


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


def write_text_atomic(path: str | os.PathLike, text: str, parents: bool = False) -> Path:
    """Replace ``path`` by ``text`` (UTF-8): a temporary file beside it, fsynced, renamed over it.
    On a full disk the old file stays whole, no temporary is left, and the OSError names
    ``path``. A symlink is written through (its target is replaced, the link kept), and a file
    that exists keeps its permissions. ``parents`` makes missing folders first."""
    path = Path(path)
    target = replace_target(path)
    fd, tmp = temp_file_for(path, parents=parents)  # a read-only folder: an OSError naming path
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        keep_file_mode(tmp, target)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _named(exc, path) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
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
