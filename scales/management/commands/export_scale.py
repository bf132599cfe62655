import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from scales.exchange import scale_export
from scales.models import Scale
from scales.redcap import dictionary_rows, to_csv


class Command(BaseCommand):
    help = (
        "Write a scale version as JSON (or with --redcap as a REDCap data dictionary) to "
        "stdout: the published version unless --version."
    )

    def add_base_argument(self, parser, *args, **kwargs):
        # --version selects the scale version here, not Django's version.
        if "--version" not in args:
            super().add_base_argument(parser, *args, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("code", help="e.g. ips-25")
        parser.add_argument("--version", type=int, dest="scale_version", metavar="N")
        parser.add_argument(
            "--redcap",
            action="store_true",
            help="write a REDCap data dictionary (CSV) instead of the exchange JSON",
        )

    def handle(self, *args, code, scale_version=None, redcap=False, **options):
        versions = Scale.objects.filter(code=code)
        if scale_version is not None:
            scale = versions.filter(version=scale_version).first()
        else:
            scale = versions.published().first() or versions.order_by("-version").first()
        if scale is None:
            raise CommandError(
                _("There is no scale %(code)s.")
                % {"code": f"{code} v{scale_version}" if scale_version else code}
            )
        if redcap:
            rows = dictionary_rows(scale_export(scale))
            self.stdout.write(to_csv(rows), ending="")
            return
        self.stdout.write(json.dumps(scale_export(scale), ensure_ascii=False, indent=2))
