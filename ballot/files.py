"""Output folders the CLI and the services write to: checked before work starts."""

import tempfile
from pathlib import Path


def writable_folder(path: Path) -> None:
    """Create the folder `path` if need be and check that a file can be written in it.

    Raises OSError (for example NotADirectoryError, PermissionError) if not.
    """
    path.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile(dir=path):
        pass
