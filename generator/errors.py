"""Errors a user can act on: each names the file and line it comes from."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class ContentError(Exception):
    """A problem in a content file; printed as one line `path:line: message`."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"

    def __reduce__(self):  # travels back from a worker process whole
        return type(self), (self.path, self.line, self.message)


@dataclass
class OutputError(Exception):
    """A PDF that could not be written (a full disk, a read-only folder); printed as `path: message`."""

    path: Path
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"

    def __reduce__(self):
        return type(self), (self.path, self.message)


class UsageError(Exception):
    """A problem with how the tool was asked to run (unknown layout, no content for a language)."""


class SetupError(Exception):
    """The installation is broken (a font package missing or unreadable); not the user's content."""
