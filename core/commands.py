"""The base of management commands that load data files from a folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.datafiles import DataFileError


class DataDirectoryCommand(BaseCommand):
    """Loads the data files in one folder: `--directory`, by default LAGET_REFERENCE_DATA_DIR.

    A subclass writes `load`. A DataFileError from it ends the command as a CommandError with
    the error's message, which names the file and the line or field; loads write in one
    transaction, so nothing is left half done.
    """

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--directory",
            type=Path,
            default=None,
            help="Folder with the CSV files (default: LAGET_REFERENCE_DATA_DIR).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["directory"] or settings.LAGET_REFERENCE_DATA_DIR
        try:
            self.load(directory)
        except DataFileError as error:
            raise CommandError(str(error)) from None

    def load(self, directory: Path) -> None:
        """Load the files in `directory` and write what was loaded to `self.stdout`."""
        raise NotImplementedError
