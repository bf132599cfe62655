from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from scales.exchange import load_json
from scales.redcap import scale_data
from scales.services import scale_import


class Command(BaseCommand):
    help = (
        "Create a new draft scale version from a file written by export_scale: its JSON, or "
        "a REDCap data dictionary (a .csv file)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s (it is missing or not readable).") % {"file": file}
            ) from exc
        except UnicodeDecodeError as exc:
            raise CommandError(
                _("%(file)s is not UTF-8 text (byte %(position)s).")
                % {"file": file, "position": exc.start}
            ) from exc
        try:
            # A REDCap data dictionary by its name, else the exchange JSON.
            data = scale_data(text) if file.suffix.lower() == ".csv" else load_json(text)
        except ValidationError as exc:
            raise CommandError(f"{file}: {exc.messages[0]}") from exc
        try:
            scale = scale_import(data=data)
        except ValidationError as exc:
            raise CommandError(
                _("Nothing was imported:") + "\n" + "\n".join(f"  - {m}" for m in exc.messages)
            ) from exc
        self.stdout.write(
            _("Created the draft %(scale)s (id %(id)s).") % {"scale": scale, "id": scale.pk}
        )
