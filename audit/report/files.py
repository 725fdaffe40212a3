"""Writing output files so that a failed run never leaves a half-written or
emptied file: the text goes to a temporary file in the same folder, which
replaces the target only once it is complete (a rename is atomic on one
file system), so an existing report survives any failure before that."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path


def _create_temporary(folder: Path, name: str) -> tuple[int, str]:
    # Created as open() would create the target (0666 less the umask), unlike
    # mkstemp's 0600, so the finished file gets the usual permissions.
    while True:
        tmp = str(folder / f".{name}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), tmp
        except FileExistsError:
            continue


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path``, creating its folder, all or nothing:
    on any error (folder not writable, disk full, text not encodable,
    interrupted) ``path`` keeps its old content, no temporary file is left,
    and the error propagates. A device such as ``/dev/null`` is written as is."""
    path = path.resolve()  # through a symbolic link, to the file it names
    path.parent.mkdir(parents=True, exist_ok=True)
    mode: int | None = None
    try:
        st = path.stat()
    except FileNotFoundError:
        pass
    else:
        if not stat.S_ISREG(st.st_mode):  # /dev/null, a pipe: nothing to keep
            with path.open("w", encoding="utf-8", newline="") as out:
                out.write(text)
            return
        mode = stat.S_IMODE(st.st_mode)  # a replaced file keeps its mode
    fd, tmp = _create_temporary(path.parent, path.name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
