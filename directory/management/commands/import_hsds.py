from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from directory.hsds_in import HsdsImportError, hsds_import_path


class Command(BaseCommand):
    help = (
        "Import HSDS 3.0 data into the directory: a JSON file (one object, a list or an API page), "
        "a folder of them, or a CSV datapackage. Upserts by id, so it can be run again. "
        "Exits with an error when any record was rejected (the others are imported)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="JSON file, folder or datapackage folder.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = hsds_import_path(options["path"])
        except HsdsImportError as error:
            raise CommandError(str(error)) from None
        entities = sorted({*report.created, *report.updated, *report.deleted})
        for entity in entities:
            self.stdout.write(
                _("%(entity)s: %(created)d created, %(updated)d updated, %(deleted)d deleted")
                % {
                    "entity": entity,
                    "created": report.created[entity],
                    "updated": report.updated[entity],
                    "deleted": report.deleted[entity],
                }
            )
        if not entities:
            self.stdout.write(_("Nothing was imported."))
        for notice in report.notices:
            self.stdout.write(f"WARNING {notice}")
        for rejection in report.rejections:
            self.stdout.write(f"REJECTED {rejection}")
        if report.rejections:
            count = len(report.rejections)
            raise CommandError(
                ngettext(
                    "%(count)d record was rejected; the others were imported.",
                    "%(count)d records were rejected; the others were imported.",
                    count,
                )
                % {"count": count}
            )
