"""Output folders and files the CLI and the services write: checked before work starts, and
secrets written for their owner's eyes only."""

import os
import tempfile
from pathlib import Path
from typing import BinaryIO


def writable_folder(path: Path) -> None:
    """Create the folder `path` if need be and check that a file can be written in it.

    Raises OSError (for example NotADirectoryError, PermissionError) if not.
    """
    path.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile(dir=path):
        pass


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` readable and writable by the owner only (mode 0600).

    The file is created with that mode (never wider, not even for a moment) under a temporary
    name in the same folder, then moved into place; a file already at `path` is replaced.
    """
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def create_private(path: Path) -> BinaryIO:
    """Open a new file at `path` for writing, mode 0600 from the start; an existing file is
    never replaced (FileExistsError)."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")
