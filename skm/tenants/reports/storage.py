"""Where report files live: a small interface so an object store can replace the folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import BinaryIO, Protocol

from flask import current_app


class Storage(Protocol):
    def put(self, key: str, source: Path) -> int:
        """Store the file at ``source`` under ``key`` (moving it); return its size in bytes."""

    def open(self, key: str) -> BinaryIO: ...

    def delete(self, key: str) -> None: ...

    def exists(self, key: str) -> bool: ...

    def local_path(self, key: str) -> Path | None:
        """The file on this machine (served directly), or None for a remote store (stream ``open``)."""


class FolderStorage:
    """Files under one folder (``SKM_STORAGE_DIR``); keys are relative paths we generate."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError(f"storage key outside the storage folder: {key!r}")
        return path

    def put(self, key: str, source: Path) -> int:
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(os.fspath(source), target)
        return target.stat().st_size

    def open(self, key: str) -> BinaryIO:
        return self._path(key).open("rb")

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def local_path(self, key: str) -> Path | None:
        return self._path(key)

    def scratch_dir(self) -> Path:
        """A folder on the same file system for files being built (so ``put`` is a rename)."""
        path = self.root / "tmp"
        path.mkdir(parents=True, exist_ok=True)
        return path


def storage() -> FolderStorage:
    return FolderStorage(current_app.config["SKM_STORAGE_DIR"])
