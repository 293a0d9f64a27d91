from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from directory.hsds_in import HsdsImportError, hsds_import_path


class Command(BaseCommand):
    help = (
        "Import HSDS 3.0 data into the directory: a JSON file (one object, a list or an API page), "
        "a folder of them, or a CSV datapackage. Upserts by id, so it can be run again. "
        "Exits with an error when any record or file was rejected, and says whether anything "
        "else was imported."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="JSON file, folder or datapackage folder.")
        parser.add_argument(
            "--contacts-public",
            action="store_true",
            help="Publish the imported contacts in the open HSDS API and export. Without it, "
            "new contacts are for professionals only (HSDS has no such flag).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = hsds_import_path(options["path"], contacts_public=options["contacts_public"])
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
            if entities:
                message = _("Rejected: %(count)d. Only what is counted above was imported.")
            else:
                message = _("Rejected: %(count)d. Nothing was imported.")
            raise CommandError(message % {"count": count})
