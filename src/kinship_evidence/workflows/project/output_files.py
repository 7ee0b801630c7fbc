"""The one writer of the files a user names: ``new``'s record, ``--output``, ``--plot``, ``report``.

One contract, whatever writes:

* **Complete or unchanged.** A regular file is written to a temporary file in its own folder,
  flushed to disk, then renamed over it (``replace``) or hard-linked into place only if the name
  is free (never replacing a file that appeared a moment ago). A failure, Ctrl-C or SIGTERM
  leaves the old file as it was.
* **No temporary file left**, on every way out.
* **Never replace what the user did not name.** Only the named file changes: a symlink is
  followed to the file it names (the link stays a link), the replaced file keeps its mode (and,
  where allowed, its owner), and a folder is refused.
* **Like shell redirection** for anything that is not a regular file: a device (``/dev/null``),
  a FIFO or standard output itself (``/dev/stdout``, ``/dev/fd/1``) is opened and written
  through, never renamed over. ``-`` names standard output.

Every failure is an :class:`UnwritableFile` that names the file.
"""

from __future__ import annotations

import io
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO, TextIO

from kinship_evidence.errors import UsageError

#: The path that names standard output.
STANDARD_OUTPUT = "-"
#: Folders whose entries are the system's (devices, process links): written through, never renamed over.
_SYSTEM_FOLDERS = ("/dev", "/proc", "/sys")


class UnwritableFile(UsageError):
    """A file the user named that cannot be written."""


class FileExists(UsageError):
    """A file the command would create exists already (and replacing it was not asked for)."""


def is_standard_output(path: Path | str) -> bool:
    return os.fspath(path) == STANDARD_OUTPUT


def refuse_empty(option: str, value: str) -> None:
    """An empty path names nothing (``Path("")`` would quietly mean the current folder)."""
    if not value.strip():
        raise UsageError(f"{option} needs a path; {value!r} names nothing")


def _failure(path: Path, error: OSError) -> UnwritableFile:
    return UnwritableFile(f"cannot write {path}: {error.strerror or error}")


def _status(path: Path) -> os.stat_result | None:
    """The status of what ``path`` names (symlinks followed); None when nothing is there."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as error:  # a loop of symlinks, a folder that is a file, no permission
        raise _failure(path, error) from None


def _open_standard_stream(status: os.stat_result) -> BinaryIO | None:
    """Standard output (or error) when ``status`` is that stream's own file: written through its descriptor."""
    for stream in (sys.stdout, sys.stderr):
        try:
            own = os.fstat(stream.fileno())
        except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
            continue
        if (own.st_dev, own.st_ino) == (status.st_dev, status.st_ino):
            stream.flush()  # text already written comes first
            return stream.buffer
    return None


def _is_write_through(real: Path, status: os.stat_result | None) -> bool:
    """Not a regular file, a file of the system's folders, or the file standard output (or error) already writes."""
    if status is None:
        return False
    if not stat.S_ISREG(status.st_mode) or str(real.parent).startswith(_SYSTEM_FOLDERS):
        return True
    return _open_standard_stream(status) is not None


def _new_file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _keep_owner_and_mode(fd: int, status: os.stat_result | None) -> None:
    if status is None:
        os.fchmod(fd, _new_file_mode())  # a temporary file is private; the user's file is not
        return
    if (status.st_uid, status.st_gid) != (os.geteuid(), os.getegid()):
        with suppress(OSError):  # not allowed to give a file away: it stays the writer's
            os.fchown(fd, status.st_uid, status.st_gid)
    os.fchmod(fd, stat.S_IMODE(status.st_mode))


def _put_in_place(temporary: str, real: Path, path: Path, replace: bool) -> None:
    if replace:
        os.replace(temporary, real)
        return
    try:
        os.link(temporary, real)
    except FileExistsError:
        raise FileExists(f"{path} already exists; it was left unchanged") from None
    except OSError:  # a filesystem without hard links: an exclusive create, still never over a file
        _copy_exclusive(temporary, real, path)


def _copy_exclusive(temporary: str, real: Path, path: Path) -> None:
    try:
        fd = os.open(real, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _new_file_mode())
    except FileExistsError:
        raise FileExists(f"{path} already exists; it was left unchanged") from None
    try:
        try:
            target = _Descriptor(fd)
            with open(temporary, "rb") as source:
                while chunk := source.read(1 << 20):
                    target.write(chunk)
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        os.unlink(real)
        raise


class _Descriptor(io.RawIOBase):
    """A file descriptor as a binary stream: every ``write`` writes all its bytes (short writes continued)."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self._fd = fd

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def write(self, data: object) -> int:
        view = memoryview(data)  # type: ignore[arg-type]
        total = len(view)
        while view:
            view = view[os.write(self._fd, view):]
        return total


@contextmanager
def _replacing(path: Path, real: Path, status: os.stat_result | None, replace: bool) -> Iterator[BinaryIO]:
    import tempfile

    folder = real.parent
    if not folder.is_dir():
        raise UnwritableFile(f"cannot write {path}: folder {folder} does not exist")
    try:
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{real.name}.", suffix=".tmp")
    except OSError as error:
        raise _failure(path, error) from None
    try:
        try:
            yield _Descriptor(fd)  # type: ignore[misc]
            _keep_owner_and_mode(fd, status)
            os.fsync(fd)
        finally:
            os.close(fd)
        _put_in_place(temporary, real, path, replace)
    except OSError as error:
        raise _failure(path, error) from None
    finally:
        with suppress(FileNotFoundError):
            os.unlink(temporary)


@contextmanager
def _writing_through(path: Path, status: os.stat_result) -> Iterator[BinaryIO]:
    stream = _open_standard_stream(status)
    if stream is not None:
        try:
            yield stream
            stream.flush()
        except OSError as error:
            raise _failure(path, error) from None
        return
    try:
        handle = open(path, "wb")  # noqa: SIM115 - as the shell opens it: O_WRONLY | O_CREAT | O_TRUNC
    except OSError as error:
        raise _failure(path, error) from None
    try:
        with handle:
            yield handle
            handle.flush()
    except OSError as error:
        raise _failure(path, error) from None


@contextmanager
def writing(path: Path, replace: bool = True) -> Iterator[BinaryIO]:
    """A binary stream whose bytes become ``path`` when the block ends without an error.

    ``replace`` False refuses a ``path`` that exists (:class:`FileExists`); ``-`` is standard output.
    """
    if is_standard_output(path):
        if sys.stdout is None:
            raise UnwritableFile("cannot write to standard output: it is closed")
        try:
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
        except OSError as error:
            raise UnwritableFile(f"cannot write to standard output: {error.strerror or error}") from None
        return
    refuse_empty("a file to write", os.fspath(path))
    if not replace and os.path.lexists(path):
        raise FileExists(f"{path} already exists; it was left unchanged")
    status = _status(path)
    real = Path(os.path.realpath(path)) if os.path.islink(path) else path
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise UnwritableFile(f"cannot write {path}: it is a folder")
    if status is not None and _is_write_through(real, status):
        with _writing_through(path, status) as handle:
            yield handle
        return
    with _replacing(path, real, status, replace) as handle:
        yield handle


def write_file(path: Path, data: bytes, replace: bool = True) -> None:
    """Write ``data`` to ``path`` under the contract above (``replace`` False: only a new file)."""
    with writing(path, replace) as handle:
        handle.write(data)


@contextmanager
def writing_text(path: Path, replace: bool = True) -> Iterator[TextIO]:
    """:func:`writing` as UTF-8 text; characters UTF-8 cannot hold become backslash escapes."""
    with writing(path, replace) as binary:
        text = io.TextIOWrapper(binary, encoding="utf-8", errors="backslashreplace", newline="", write_through=True)
        try:
            yield text
            text.flush()
        finally:
            text.detach()
