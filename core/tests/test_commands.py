"""The base of commands that load a folder of data files."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from core.commands import DataDirectoryCommand
from core.datafiles import DataFileError


class Loads(DataDirectoryCommand):
    def load(self, directory: Path) -> None:
        if directory.name == "broken":
            raise DataFileError(f"{directory}/a.csv line 3: antall must be a whole number")
        self.stdout.write(f"loaded {directory}")


def test_the_folder_defaults_to_the_reference_data(tmp_path: Path) -> None:
    out = StringIO()
    with override_settings(LAGET_REFERENCE_DATA_DIR=tmp_path):
        call_command(Loads(), stdout=out)
    assert out.getvalue() == f"loaded {tmp_path}\n"


def test_a_data_file_error_ends_the_command_with_its_message(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"a\.csv line 3: antall must be a whole number"):
        call_command(Loads(), directory=tmp_path / "broken")
