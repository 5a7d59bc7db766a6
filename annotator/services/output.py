"""Write output files so that a reader never sees a half-written one."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

#: Errors of a disk without room, and of a place the user may not write in.
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_DENIED = {errno.EACCES, errno.EPERM, errno.EROFS}


class OutputError(OSError):
    """An output file could not be written; nothing of it was left behind.

    An `OSError` still (callers that catch those keep working), with a message a person can
    act on as its `str`.
    """

    def __init__(self, code: int | None, message: str):
        super().__init__(code, message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def output_error(exc: OSError, target: Path) -> OutputError:
    """What to tell the user when writing `target` failed with `exc`."""
    if isinstance(exc, OutputError):
        return exc
    if exc.errno in _FULL:
        message = f"the disk is full: {target} was not written. Free some space, then try again."
    elif exc.errno in _DENIED:
        message = (
            f"cannot write {target}: its folder is read-only or you may not write in it. "
            "Choose another place."
        )
    else:
        message = f"cannot write {target}: {exc.strerror or exc}"
    return OutputError(exc.errno, message)


class AtomicOutput:
    """The temporary file behind `atomic_text_file`: text goes in with `write`."""

    def __init__(self, handle, target: Path):
        self._handle = handle
        self._target = target

    def write(self, text: str) -> int:
        try:
            return self._handle.write(text)
        except OSError as exc:  # only this file's errors, not those of the caller's reads
            raise output_error(exc, self._target) from exc


@contextmanager
def atomic_text_file(path: str | Path) -> Iterator[AtomicOutput]:
    """A UTF-8 file that appears at `path` only if the block completes.

    Written to a temporary file beside the target, flushed to disk, then renamed over it;
    on any exception the temporary file is removed and an existing target is untouched.
    Failing to write it (a full disk, a read-only folder) raises `OutputError`; the caller's
    own errors pass through unchanged.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise output_error(exc, target) from exc
    handle = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
    try:
        yield AtomicOutput(handle, target)
        _finish(handle, target)
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise output_error(exc, target) from exc
    except BaseException:
        with suppress(OSError):  # a full disk fails the close too: the file goes anyway
            handle.close()
        Path(tmp).unlink(missing_ok=True)
        raise


def _finish(handle, target: Path) -> None:
    """Flush the buffer and the disk cache, then close: a full disk often only shows here."""
    try:
        handle.flush()
        os.fsync(handle.fileno())
        handle.close()
    except OSError as exc:
        raise output_error(exc, target) from exc
