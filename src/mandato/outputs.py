"""Atomic and tidy outputs: what `build`, `publish` and `import` write is either the old or the new, never half.

Every output folder OUT is written in a staging folder beside it, `OUT/../.mandato-staging/`, (one hidden
name per parent folder, with its own `.gitignore`), then swapped in:

- on Linux with one `renameat2(RENAME_EXCHANGE)`: there is no moment without OUT;
- elsewhere (or on a file system without it) by two renames, OUT -> `OUT.old` and `OUT.ready` -> OUT;
  a process killed between them leaves `OUT.ready` and `OUT.old`, and the next run puts the new one
  in place (or the old one, if the new one was not complete) before anything else.

A lock on OUT (`flock` on `.mandato-staging/OUT.lock`, released by the kernel if the process dies)
makes a second writer stop with "another build is running" instead of racing: an import cannot
land in a build folder that a build is about to replace. On start, under the lock, leftovers of
interrupted runs for OUT are removed. Outputs get the ordinary permissions of new files and folders
(0644 and 0755 under the usual umask 022), never the 0600/0700 of temporary files.

`MANDATO_FAILPOINT` (tests only) names points where the process kills itself or fails with a full
disk, so the tests can interrupt a command exactly between two steps: see `failpoint`.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from .errors import UsageError

STAGING = ".mandato-staging"
_LEGACY = re.compile(r"^\.(?:build|old|publish|publish-old)-[a-z0-9_]{8}$")  # leftovers of earlier versions
_HELD: dict[str, tuple[int, int]] = {}  # lock path -> (descriptor, depth): re-entrant within a process


# ------------------------------------------------------------------------------------------ failpoints
def failpoint(name: str) -> bool:
    """Test hook. MANDATO_FAILPOINT="name[:action],..." with action kill (default), enospc or on.

    kill: the process SIGKILLs itself here; enospc: raises OSError(ENOSPC) as a full disk would;
    on: returns True (used to switch a code path off). Without the variable this does nothing.
    """
    spec = os.environ.get("MANDATO_FAILPOINT")
    if not spec:
        return False
    for item in spec.split(","):
        point, _, action = item.strip().rpartition(":")
        if action not in ("kill", "enospc", "on"):
            point, action = item.strip(), "kill"
        if point != name:
            continue
        if action == "kill":
            sys.stdout.flush()
            os.kill(os.getpid(), signal.SIGKILL)
        if action == "enospc":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), name)
        return True
    return False


# ------------------------------------------------------------------------------------------ staging
def staging_root(out: Path) -> Path:
    """The one hidden staging folder beside OUT (created with a .gitignore that ignores it whole)."""
    root = Path(out).absolute().parent / STAGING
    root.mkdir(parents=True, exist_ok=True)
    ignore = root / ".gitignore"
    if not ignore.exists():
        try:
            ignore.write_text("# staging of mandato's atomic outputs; safe to delete when no mandato command runs\n*\n", encoding="utf-8")
        except OSError:
            remove(ignore)
            tidy(root)
            raise
    return root


def _ordinary_mode(directory: bool) -> int:
    umask = os.umask(0)
    os.umask(umask)
    return (0o777 if directory else 0o666) & ~umask


def new_staging(out: Path) -> Path:
    """A fresh, empty staging folder for OUT (ordinary permissions, so it can become OUT as it is)."""
    path = staging_root(out) / f"{Path(out).name}.new-{os.getpid()}"
    if path.exists():
        shutil.rmtree(path)
    path.mkdir()
    os.chmod(path, _ordinary_mode(True))
    return path


class OutputLock:
    """Exclusive lock on an output folder for the time of a command (re-entrant within the process)."""

    def __init__(self, out: Path, what: str = "build") -> None:
        self.out = Path(out)
        self.what = what
        self.path = staging_root(self.out) / f"{self.out.name}.lock"

    def __enter__(self) -> "OutputLock":
        import fcntl

        key = str(self.path)
        if key in _HELD:
            fd, depth = _HELD[key]
            _HELD[key] = (fd, depth + 1)
            return self
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").split(None, 1)
            os.close(fd)
            pid, what = (holder + ["", ""])[:2] if holder else ("", "")
            who = f" (process {pid})" if pid.isdigit() else ""
            raise UsageError(f"another {what or self.what} is running on {_shown(self.out)}{who}: wait for it to finish, then run again") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {self.what}".encode("utf-8"), 0)
        _HELD[key] = (fd, 1)
        return self

    def __exit__(self, *exc) -> None:
        key = str(self.path)
        fd, depth = _HELD[key]
        if depth > 1:
            _HELD[key] = (fd, depth - 1)
            return
        del _HELD[key]
        os.close(fd)  # releases the flock


def _shown(path: Path) -> str:
    from .paths import relative

    return relative(path) + "/"


def recover(out: Path) -> list[str]:
    """Finish or undo an interrupted swap of OUT, and remove its leftovers. Call under OutputLock."""
    out = Path(out)
    root = staging_root(out)
    ready, old = root / f"{out.name}.ready", root / f"{out.name}.old"
    notes = []
    if not out.exists():
        if ready.is_dir():
            os.replace(ready, out)
            notes.append(f"completed an interrupted swap: {_shown(out)} is the output that was ready")
        elif old.is_dir():
            os.replace(old, out)
            notes.append(f"restored {_shown(out)} from before an interrupted run")
    for leftover in [ready, old, *root.glob(f"{out.name}.new-*"), *root.glob(f"{out.name}.*.new-*")]:
        remove(leftover)
    for legacy in out.absolute().parent.iterdir():
        if _LEGACY.match(legacy.name) and legacy.is_dir():
            remove(legacy)
    return notes


def remove(path: Path) -> None:
    """Remove a file or folder if it exists (a staging leftover)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        try:
            path.unlink()
        except OSError:
            pass


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    if sys.platform != "linux" or failpoint("exchange-unsupported"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV, errno.EPERM):
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def swap(staging: Path, out: Path) -> None:
    """Put the complete folder `staging` in place of OUT; the old OUT is removed afterwards."""
    staging, out = Path(staging), Path(out)
    failpoint("swap:start")
    if not out.exists():
        os.replace(staging, out)
        failpoint("swap:done")
        return
    if _exchange(staging, out):
        failpoint("swap:exchanged")  # staging now holds the old output
        remove(staging)
        return
    root = staging_root(out)
    ready, old = root / f"{out.name}.ready", root / f"{out.name}.old"
    remove(ready)
    remove(old)
    os.replace(staging, ready)
    failpoint("swap:ready")
    os.replace(out, old)
    failpoint("swap:between-renames")
    os.replace(ready, out)
    failpoint("swap:before-cleanup")
    remove(old)


def _copy_kept(out: Path, staging: Path, keep: tuple[str, ...]) -> None:
    for name in keep:
        source = out / name
        if source.is_dir():
            shutil.copytree(source, staging / name, ignore=shutil.ignore_patterns(STAGING), copy_function=shutil.copy2)
        elif source.is_file():
            shutil.copy2(source, staging / name)


def replace_folder(out: Path, fill: Callable[[Path], None], *, keep: tuple[str, ...] = (), what: str = "build") -> None:
    """Write OUT anew: fill(staging) writes the files, `keep` entries of the old OUT are carried over."""
    out = Path(out)
    with OutputLock(out, what):
        recover(out)
        staging = new_staging(out)
        try:
            fill(staging)
            if out.exists():
                _copy_kept(out, staging, keep)
            failpoint(f"{what}:staged")
            swap(staging, out)
        finally:
            remove(staging)


def write_text(path: Path, text: str | bytes) -> None:
    """Write one file atomically (staged beside it, renamed into place), with ordinary permissions."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    root = staging_root(path)
    for leftover in root.glob(f"{path.name}.new-*"):  # of an interrupted earlier write (callers hold the lock)
        remove(leftover)
    temp = root / f"{path.name}.new-{os.getpid()}"
    try:
        data = text.encode("utf-8") if isinstance(text, str) else text
        with open(temp, "wb") as stream:
            stream.write(data)
            failpoint("write:file")
        os.chmod(temp, _ordinary_mode(False))
        os.replace(temp, path)
    finally:
        remove(temp)
        tidy(root)


def tidy(root: Path) -> None:
    """Remove a staging folder that holds nothing but its .gitignore."""
    try:
        if set(os.listdir(root)) <= {".gitignore"}:
            remove(root / ".gitignore")
            root.rmdir()
    except OSError:
        pass  # another writer is using it: it stays


@contextmanager
def locked(out: Path, what: str = "build") -> Iterator[list[str]]:
    """Hold OUT's lock and recover it from an interrupted run; yields what recovery did."""
    with OutputLock(out, what):
        yield recover(out)


__all__ = ["OutputLock", "STAGING", "failpoint", "locked", "new_staging", "recover", "remove", "replace_folder", "staging_root", "swap", "write_text"]
