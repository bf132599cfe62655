import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from scales.exchange import scale_export
from scales.models import Scale


class Command(BaseCommand):
    help = "Write a scale version as JSON to stdout (the published version unless --version)."

    def add_base_argument(self, parser, *args, **kwargs):
        # --version selects the scale version here, not Django's version.
        if "--version" not in args:
            super().add_base_argument(parser, *args, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("code", help="e.g. ips-25")
        parser.add_argument("--version", type=int, dest="scale_version", metavar="N")

    def handle(self, *args, code, scale_version=None, **options):
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
        self.stdout.write(json.dumps(scale_export(scale), ensure_ascii=False, indent=2))
