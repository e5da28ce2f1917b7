"""Reading an input's bytes, never more than its limit, and never waiting on something that is not a file.

Hostile or mistaken inputs this guards against, each refused in one line naming the path:

- something that is not a regular file given as one: a folder, a named pipe (a FIFO would block the read for
  ever), a socket, a device (``/dev/zero`` and ``/dev/urandom`` never end; their size is 0, so a size check
  alone lets them through), also behind a symbolic link (the message names the link and what it points to);
- a file over its limit: refused from its size (``fstat`` after opening, so a file swapped after the check
  is seen as it is opened), and the read itself stops after ``limit + 1`` bytes, so a file that grows while
  it is read, or a special file that reports size 0, cannot run away;
- standard input: read up to its limit and no further, then refused.

The limit depends on the kind of input (a PDF may be larger than a text); the caller gives it as a function of
the first bytes (``limit_of``), so the table of readers decides (:data:`kamerspoor.read.READERS`).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from typing import BinaryIO

from kamerspoor.model import InputError
from kamerspoor.read.sniff import SNIFF

#: Bytes asked of the operating system at a time after the first ones.
CHUNK = 1 << 20

#: (test of a file mode, what it is called in a message), for what is not a regular file
_NOT_FILES: tuple[tuple[Callable[[int], bool], str], ...] = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def kind_of(mode: int) -> str:
    """What a file of this mode is, in words ("a named pipe (FIFO)"); "a regular file" for a file."""
    for test, what in _NOT_FILES:
        if test(mode):
            return what
    return "a regular file" if stat.S_ISREG(mode) else "not a regular file"


def not_a_file(path: str | os.PathLike[str]) -> str | None:
    """Why ``path`` cannot be read as a document file, or None when it is a regular file (or a link to one).

    Looks without opening (a FIFO is never opened): "no such file", "is a directory, not a document", "is a
    link to /dev/zero, a character device, not a file", "is a dangling link (to gone.txt)"."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            return f"is a dangling link (to {os.readlink(path)}: no such file)"
        return "no such file"
    except PermissionError:
        return "permission denied"
    except OSError as e:
        return f"cannot read file: {e.strerror or e}"
    if stat.S_ISREG(st.st_mode):
        return None
    return _not_regular(path, st.st_mode)


def _not_regular(path: str | os.PathLike[str], mode: int) -> str:
    what = kind_of(mode)
    noun = "a document" if stat.S_ISDIR(mode) else "a file"
    if os.path.islink(path):
        return f"is a link to {os.path.realpath(path)}, {what}, not {noun}"
    return f"is {what}, not {noun}"


def file_bytes(path: str | os.PathLike[str], name: str, limit_of: Callable[[bytes, str], int]) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit_of(first bytes, name)`` of them; ``InputError``
    naming ``name`` for anything else (see the module's docstring)."""
    problem = not_a_file(path)
    if problem:
        raise InputError(name, problem)
    try:
        # O_NONBLOCK: should a FIFO have taken the file's place since the look, opening it does not wait
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as e:
        raise InputError(name, f"cannot read file: {e.strerror or e}") from None
    with os.fdopen(fd, "rb", buffering=0) as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise InputError(name, _not_regular(path, st.st_mode))
        os.set_blocking(fh.fileno(), True)
        try:
            head = _read_at_most(fh, SNIFF)
            limit = limit_of(head, name)
            if st.st_size > limit:
                raise InputError(name, too_large(st.st_size, limit))
            data = head + _read_at_most(fh, limit + 1 - len(head))
        except OSError as e:
            raise InputError(name, f"cannot read file: {e.strerror or e}") from None
    if len(data) > limit:
        raise InputError(name, f"file larger than its size said ({st.st_size} bytes) and over the limit of "
                               f"{_mb(limit)}: stopped reading there")
    return data


def stream_bytes(stream: BinaryIO, name: str, limit_of: Callable[[bytes, str], int]) -> bytes:
    """The bytes of a stream (standard input) up to its end, or ``InputError`` as soon as more than
    ``limit_of(first bytes, name)`` have come: the rest is never read."""
    try:
        head = _read_at_most(stream, SNIFF)
        limit = limit_of(head, name)
        data = head + _read_at_most(stream, limit + 1 - len(head))
    except OSError as e:
        raise InputError(name, f"cannot read input: {e.strerror or e}") from None
    if len(data) > limit:
        raise InputError(name, f"input too large (more than the limit of {_mb(limit)}; stopped reading there)")
    return data


def _read_at_most(stream: BinaryIO, n: int) -> bytes:
    """Up to ``n`` bytes, fewer only at the end of the stream; asked for in chunks, so the memory taken is
    what was read, not ``n``."""
    chunks: list[bytes] = []
    left = n
    while left > 0:
        chunk = stream.read(min(left, CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def too_large(size: int, limit: int) -> str:
    """The message for a file of ``size`` bytes over ``limit``."""
    return f"file too large ({size / 1e6:.1f} MB; the limit is {_mb(limit)})"


def _mb(n: int) -> str:
    return f"{n / 1e6:.0f} MB"
